package finzly

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/sandbox/internal/core/lifecycle"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/validate/rules"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// fzParty is a sender or receiver of a Finzly payment, as the sandbox
// keeps it.
type fzParty struct {
	Name           string `json:"name,omitempty"`
	AccountNumber  string `json:"accountNumber,omitempty"`
	AccountUID     string `json:"accountUID,omitempty"`
	AccountType    string `json:"accountType,omitempty"`
	SubAccountType string `json:"subAccountType,omitempty"`
	BankIDType     string `json:"bankIdType,omitempty"`
	BankID         string `json:"bankId,omitempty"`
	BankName       string `json:"bankName,omitempty"`
	Email          string `json:"email,omitempty"`
	Address1       string `json:"address1,omitempty"`
	Address2       string `json:"address2,omitempty"`
	City           string `json:"city,omitempty"`
	State          string `json:"state,omitempty"`
	Zip            string `json:"zip,omitempty"`
	Country        string `json:"country,omitempty"`
	Currency       string `json:"currency,omitempty"`
	ContactID      int64  `json:"contactId,omitempty"`
}

// fzPayment is a Finzly payment of any kind, as the sandbox keeps it: what
// getPayment and searchPayments answer is rendered from it.
type fzPayment struct {
	UID         int64        `json:"uid"`
	Kind        string       `json:"kind"`      // creditV3, creditV4, creditV5, debit, book, waterfall, incoming
	EntryType   string       `json:"entryType"` // CREDIT or DEBIT
	Incoming    bool         `json:"incoming,omitempty"`
	ExternalRef string       `json:"externalReferenceId"`
	Amount      money.Amount `json:"amount"`
	// searchAmount is Amount in ten-thousandths, for searches to compare
	// without reading the decimal; valid when searchAmountOK.
	searchAmount   int64
	searchAmountOK bool
	Currency       string             `json:"currency"`
	Speed          string             `json:"speed,omitempty"`
	DeliveryMethod string             `json:"deliveryMethod"` // ACH, FEDWIRE, RTP, FEDNOW, SWIFT, BOOK
	Rail           rules.Rail         `json:"rail,omitempty"`
	PaymentDate    fedcal.Date        `json:"paymentDate"`
	Notes          string             `json:"notes,omitempty"`
	Sender         fzParty            `json:"sender"`
	Receiver       fzParty            `json:"receiver"`
	FXContract     string             `json:"fxContract,omitempty"`
	RecurrenceID   int64              `json:"recurrenceId,omitempty"`
	WaterfallID    string             `json:"waterfallId,omitempty"`
	Created        time.Time          `json:"created"`
	MemoPost       string             `json:"memoPost,omitempty"` // set by returns and reversals
	Customer       int64              `json:"customer,omitempty"` // the customerUID the sender account belongs to
	Progress       lifecycle.Progress `json:"progress"`
}

// Statuses of a Finzly payment, by the names Finzly's pages use.
const (
	fzFutureDated = "FUTURE_DATED"
	fzInitiated   = "INITIATED"
	fzValidated   = "VALIDATED"
	fzTransmitted = "TRANSMITTED"
	fzToFed       = "TRANSMITTED_TO_FED"
	fzProcessed   = "PROCESSED"
	fzCancelled   = "CANCELLED"
)

// createPayment stores a new payment and starts its schedule: future-dated
// until its payment date, then through processing to PROCESSED on the
// rail's settlement. It runs under the state lock.
func (f *Service) createPayment(ctx context.Context, p *fzPayment) {
	now := f.env.Clock.Now()
	p.UID = f.env.State.Take(ctx, f.paymentSeq)
	p.Created = now
	if p.DeliveryMethod == "" {
		day := p.PaymentDate
		if day.IsZero() {
			day = fedcal.DateOf(now)
		}
		p.Rail, p.DeliveryMethod = f.routeSpeed(p.Speed, p.Amount, day)
	}
	if p.PaymentDate.IsZero() {
		p.PaymentDate = f.earliestDate(p.Rail, now)
	}
	p.Progress.Start(f.schedule(p, now), now)
	p.searchAmount, p.searchAmountOK = searchUnits(p.Amount)
	f.payments[p.UID] = p
	f.byUID = append(f.byUID, p) // uids only grow
	f.due.Add(p.Progress.Next, paymentKey(p.UID))
	f.noteFacts(p)
	f.notify(p, now)
	f.save(ctx, fzPaymentKind, strconv.FormatInt(p.UID, 10), p)
}

// routeSpeed picks the rail a speed uses, by the rules configuration: the
// first of its rails whose limit in force on day the amount fits (Instant:
// FedNow, else RTP), or the last one.
func (f *Service) routeSpeed(speed string, amount money.Amount, day fedcal.Date) (rules.Rail, string) {
	rails := f.env.Checker.RailsOf(speed)
	if len(rails) == 0 {
		return "", "ACH"
	}
	pick := rails[len(rails)-1]
	for _, rail := range rails[:len(rails)-1] {
		if limit, ok := f.env.Checker.LimitOn(rail, day); !ok || amount.Cmp(limit) <= 0 {
			pick = rail
			break
		}
	}
	return pick, deliveryMethod(pick)
}

// deliveryMethod is Finzly's deliveryMethod of a rail.
func deliveryMethod(r rules.Rail) string {
	if r == rules.RailSameDayACH {
		return "ACH"
	}
	return string(r)
}

// earliestDate is the payment date Finzly fills in when none is sent: the
// earliest settlement date not before today, a business day for the rails
// that need one, and not today once the rail's cut-off has passed.
func (f *Service) earliestDate(r rules.Rail, now time.Time) fedcal.Date {
	today := fedcal.DateOf(now)
	if f.env.Checker.PastCutoff(r, now) {
		today = today.AddDays(1) // too late for today's settlement
		if !businessDaysOnly(r) {
			return today
		}
	}
	if businessDaysOnly(r) && !f.env.Checker.Calendar().IsBusinessDay(today) {
		return f.env.Checker.Calendar().BusinessDayOnOrAfter(today)
	}
	return today
}

func businessDaysOnly(r rules.Rail) bool {
	return r == rules.RailACH || r == rules.RailSameDayACH || r == rules.RailFedwire || r == rules.RailSWIFT
}

// dateOf reads the MM-DD-YYYY dates of Finzly's v3 and v4 payments.
func dateOf(s *string) fedcal.Date {
	if s == nil {
		return fedcal.Date{}
	}
	t, err := time.Parse("01-02-2006", *s)
	if err != nil {
		return fedcal.Date{}
	}
	return fedcal.DateOf(t)
}

// answerV3 is the answer of the v3-style creates and of the book
// transfer (PaymentResponse, BookTransferResponse), built as a JSON tree
// (see respond.Reply).
func answerV3(p *fzPayment) map[string]any {
	data := map[string]any{"paymentUID": strconv.FormatInt(p.UID, 10), "paymentStatus": p.Progress.Status,
		"externalReferenceId": p.ExternalRef}
	if p.RecurrenceID != 0 {
		data["recurrenceId"] = integer(p.RecurrenceID)
	}
	return map[string]any{"status": string(finzly.RequestStatusSuccess), "data": data}
}

// answerV4 is the answer of the v4 and v5 creates (V4PaymentResponse), as
// a JSON tree.
func answerV4(p *fzPayment) map[string]any {
	data := map[string]any{"paymentUID": strconv.FormatInt(p.UID, 10), "paymentStatus": p.Progress.Status}
	if p.RecurrenceID != 0 {
		data["recurrenceId"] = integer(p.RecurrenceID)
	}
	return map[string]any{"data": data, "errors": []any{}}
}

// paymentCreate is one create operation of a single payment: how its
// body T becomes a payment, and how it is refused and answered.
type paymentCreate[T any] struct {
	code   string // the code of a refusal
	what   string // "a payment", "a book transfer payment"
	build  func(*T) (*fzPayment, *recurrencePlan)
	answer func(*fzPayment) any
	v4     bool // refusals in the v4 envelope
}

// serveCreate is the path every single-payment create takes: idempotency,
// the body read into T, then the payment built and created under the lock.
func serveCreate[T any](a *operations, w http.ResponseWriter, r *http.Request, op paymentCreate[T]) {
	a.idempotent(w, r, func(w http.ResponseWriter, r *http.Request) {
		var req T
		if err := respond.Decode(r, &req); err != nil {
			a.env.Respond.Fail(w, r, http.StatusBadRequest, op.code, "Failed to create "+op.what+": the body could not be read")
			return
		}
		refuse := refuseV3(w, op.code)
		if op.v4 {
			refuse = refuseV4(w)
		}
		var answer any // built under the lock, written (and judged) after it
		a.lock(func() {
			p, plan := op.build(&req)
			if a.create(r.Context(), p, plan, refuse) {
				answer = op.answer(p)
			}
		})
		if answer != nil {
			respond.Reply(w, http.StatusOK, answer)
		}
	})
}

// CreateCreditPaymentV4 creates a v4 credit payment (and its recurrence).
func (a *operations) CreateCreditPaymentV4(w http.ResponseWriter, r *http.Request, _ finzly.CreateCreditPaymentV4Params) {
	serveCreate(a, w, r, a.creditV4("creditV4"))
}

// CreateCreditPaymentV5 creates a v5 credit payment: v4's body, read
// with v5's relaxed checks.
func (a *operations) CreateCreditPaymentV5(w http.ResponseWriter, r *http.Request, _ finzly.CreateCreditPaymentV5Params) {
	serveCreate(a, w, r, a.creditV4("creditV5"))
}

func (a *operations) creditV4(kind string) paymentCreate[finzly.CreditPaymentInstruction] {
	return paymentCreate[finzly.CreditPaymentInstruction]{code: "PAYMENT001", what: "a payment", v4: true,
		build: func(req *finzly.CreditPaymentInstruction) (*fzPayment, *recurrencePlan) {
			return a.fromCreditV4(req, kind), recurrenceOfV4(req.Recurrence)
		},
		answer: func(p *fzPayment) any { return answerV4(p) }}
}

// CreateCreditPaymentV3 creates a legacy v3 credit payment.
func (a *operations) CreateCreditPaymentV3(w http.ResponseWriter, r *http.Request) {
	serveCreate(a, w, r, paymentCreate[finzly.CreditPaymentRequest]{code: "PAYMENT001", what: "a payment",
		build: func(req *finzly.CreditPaymentRequest) (*fzPayment, *recurrencePlan) {
			return a.fromCreditV3(req), recurrenceOfV3(req.Recurrence)
		},
		answer: func(p *fzPayment) any { return answerV3(p) }})
}

// CreateDebitPayment creates a debit: money pulled from the debtor.
func (a *operations) CreateDebitPayment(w http.ResponseWriter, r *http.Request) {
	serveCreate(a, w, r, paymentCreate[finzly.DebitPaymentRequest]{code: "PAYMENT001", what: "a payment",
		build: func(req *finzly.DebitPaymentRequest) (*fzPayment, *recurrencePlan) {
			return a.fromDebit(req), recurrenceOfV3(req.Recurrence)
		},
		answer: func(p *fzPayment) any { return answerV3(p) }})
}

// CreateBookTransfer moves money between two of the bank's own accounts.
func (a *operations) CreateBookTransfer(w http.ResponseWriter, r *http.Request) {
	serveCreate(a, w, r, paymentCreate[finzly.BookTransferRequest]{code: "BOOKTRF001", what: "a book transfer payment",
		build: func(req *finzly.BookTransferRequest) (*fzPayment, *recurrencePlan) {
			return a.fromBook(req), recurrenceOfV3(req.Recurrence)
		},
		answer: func(p *fzPayment) any { return answerV3(p) }})
}

// CreateWaterfallTransfer books a batch of internal transfers, one
// payment each, under one waterfall id.
func (a *operations) CreateWaterfallTransfer(w http.ResponseWriter, r *http.Request, _ finzly.CreateWaterfallTransferParams) {
	a.idempotent(w, r, func(w http.ResponseWriter, r *http.Request) {
		var req finzly.WaterfallTransferRequest
		if err := respond.Decode(r, &req); err != nil {
			a.env.Respond.Fail(w, r, http.StatusBadRequest, "WF_ERROR", "the body could not be read")
			return
		}
		a.lock(func() {
			id := newUUID()
			for _, wp := range req.Payments {
				a.createPayment(r.Context(), a.fromWaterfall(&req, wp, id.String()))
			}
			respond.Reply(w, http.StatusCreated, finzly.WaterfallTransferResponse{WaterfallId: id})
		})
	})
}

// create runs what every payment create does under the lock: it takes
// the FX contract the payment names (single use), then creates the payment
// and, for a recurring one, its series. It answers with refuse and
// reports false when the payment cannot be made.
func (f *Service) create(ctx context.Context, p *fzPayment, plan *recurrencePlan, refuse func(string)) bool {
	if plan != nil && f.beforeToday(p.PaymentDate) {
		refuse(msgSeriesInThePast)
		return false
	}
	if msg, ok := f.useContract(ctx, p); !ok {
		refuse(msg)
		return false
	}
	f.createWithRecurrence(ctx, p, plan)
	f.settleContract(ctx, p)
	return true
}

// refuseV4 answers a refused v4 or v5 payment.
func refuseV4(w http.ResponseWriter) func(string) {
	return func(msg string) {
		respond.Reply(w, http.StatusBadRequest, finzly.V4PaymentResponse{Errors: &[]finzly.V4Error{{Code: "PAYMENT001", Message: msg}}})
	}
}

// refuseV3 answers a refused v3-style payment.
func refuseV3(w http.ResponseWriter, code string) func(string) {
	return func(msg string) {
		failure := finzly.RequestStatusFailure
		respond.Reply(w, http.StatusBadRequest, finzly.PaymentResponse{Status: &failure, Code: &code,
			Message: new("Failed to create a payment: " + msg)})
	}
}

// createWithRecurrence creates the first payment and, for a recurring
// one, the series that creates the next ones.
func (f *Service) createWithRecurrence(ctx context.Context, p *fzPayment, rec *recurrencePlan) {
	if rec == nil {
		f.createPayment(ctx, p)
		return
	}
	series := f.newRecurrence(ctx, p, rec)
	f.createPayment(ctx, p)
	series.LastPayment = p.UID
	series.Next = nextOccurrence(p.PaymentDate, series.Frequency)
	series.Made = 1
	f.scheduleRecurrence(series)
	f.save(ctx, fzRecurrenceKind, strconv.FormatInt(series.ID, 10), series)
}
