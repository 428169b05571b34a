package redpin

import (
	"context"
	"crypto/rand"
	"fmt"
	"math/big"
	"net/http"
	"strconv"
	"time"

	"github.com/google/uuid"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/sandbox/internal/core/fxrates"
	"github.com/payspec/payspec/sandbox/internal/core/lifecycle"
	"github.com/payspec/payspec/sandbox/internal/core/paging"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
)

// rpPayment is a Redpin payment as the sandbox keeps it.
type rpPayment struct {
	ID          string                      `json:"id"`
	Customer    string                      `json:"customer"`
	Instruction string                      `json:"instruction"`
	Request     redpin.CreatePaymentRequest `json:"request"`
	// Sell is what the customer pays when the payment converts currency
	// (from its quote).
	Sell     *redpin.Amount     `json:"sell,omitempty"`
	Created  time.Time          `json:"created"`
	Progress lifecycle.Progress `json:"progress"`
	// Session is the hosted session the payment was made through, if any.
	Session string `json:"session,omitempty"`
}

// Redpin's payment paths, as its status pages draw them. The sandbox takes
// each step after a fixed stretch of sandbox time.
var (
	// A same-currency payment is sent at once.
	rpSameCurrencyPath = []lifecycle.Step{
		{Status: "PROCESSING"},
		{Status: "PAYOUT_INITIATED", After: 30 * time.Minute},
		{Status: "PAYOUT_CREDITED", After: 2 * time.Hour},
		{Status: "PAYMENT_COMPLETED", After: time.Minute},
	}
	// A payment that converts currency, or a third-party payment funded by
	// bank transfer, first waits for its funds.
	rpFundedPath = []lifecycle.Step{
		{Status: "AWAITING_FUNDS"},
		{Status: "RECEIVED_FUNDS", After: time.Hour},
		{Status: "FX_COMPLETED", After: 30 * time.Minute},
		{Status: "PAYOUT_INITIATED", After: 30 * time.Minute},
		{Status: "PAYOUT_CREDITED", After: 2 * time.Hour},
		{Status: "PAYMENT_COMPLETED", After: time.Minute},
	}
)

// quoteLifetime is how long a sandbox quote stays active (Redpin publishes
// no figure).
const quoteLifetime = 15 * time.Minute

// CreatePayment creates a payment after the checks Redpin makes that the
// schema and rules cannot: the recipients and quote exist and belong to
// the customer, the quote is active and fits, the third party is known,
// the client reference is unused for a third-party payment, and each
// recipient passes Confirmation of Payee (or the request confirms it).
func (a *operations) CreatePayment(w http.ResponseWriter, r *http.Request, customerID redpin.CustomerId) {
	var req redpin.CreatePaymentRequest
	if err := respond.Decode(r, &req); err != nil {
		a.env.Respond.Fail(w, r, http.StatusBadRequest, "INVALID_PARAMETER", "the body could not be read")
		return
	}
	a.lock(func() {
		if rej := a.checkPayment(r.Context(), customerID, req); rej != nil {
			rej.write(w, r)
			return
		}
		p := a.newPayment(r, customerID, req, "")
		respond.Reply(w, http.StatusCreated, a.paymentView(p))
	})
}

// rejection is a refusal the sandbox answers in Redpin's error format.
type rejection struct {
	status int
	body   redpin.Error
}

func (rj *rejection) write(w http.ResponseWriter, r *http.Request) {
	if rj.body.Type == nil && rj.body.RecipientCheck == nil {
		t := "Validation Error"
		rj.body.Type = &t
	}
	respond.Reply(w, rj.status, rj.body)
}

func invalid(field, description string) *rejection {
	return &rejection{status: http.StatusBadRequest, body: redpin.Error{Code: "INVALID_PARAMETER",
		Description: description, Field: &field}}
}

func notFound(field, description string) *rejection {
	return &rejection{status: http.StatusNotFound, body: redpin.Error{Code: "RESOURCE_NOT_FOUND",
		Description: description, Field: &field}}
}

func (a *operations) checkPayment(ctx context.Context, customer string, req redpin.CreatePaymentRequest) *rejection {
	if rej := a.checkRecipients(customer, "recipient_details", req.RecipientDetails); rej != nil {
		return rej
	}
	if rej := a.checkQuote(customer, req); rej != nil {
		return rej
	}
	if rej := a.checkThirdParty(customer, req); rej != nil {
		return rej
	}
	return a.confirmationOfPayee(ctx, customer, req)
}

func (a *operations) checkQuote(customer string, req redpin.CreatePaymentRequest) *rejection {
	if req.QuoteId == nil {
		return nil
	}
	q, ok := a.quotes[*req.QuoteId]
	switch {
	case !ok || q.Customer != customer:
		return notFound("quote_id", "no quote with this id belongs to the customer")
	case q.Used:
		return invalid("quote_id", "the quote has already been used by another payment")
	case !a.env.Clock.Now().Before(q.Expires):
		return invalid("quote_id", "the quote has expired; request a new one")
	case q.Quote.BuyCurrency != req.Amount.Currency:
		return invalid("quote_id", "the quote buys another currency than the payment pays out")
	case q.Quote.BuyAmount != nil && !q.Quote.BuyAmount.Value.Equal(req.Amount.Value):
		return invalid("quote_id", "the payment amount differs from the amount the quote buys")
	}
	return nil
}

// checkRecipients checks that every recipient a payment or session names
// belongs to the customer; field is the request member listing them.
func (a *operations) checkRecipients(customer, field string, details []redpin.RecipientDetail) *rejection {
	for i, rd := range details {
		rc, ok := a.recipients[rd.RecipientId]
		if !ok || rc.Customer != customer {
			return notFound(fmt.Sprintf("%s[%d].recipient_id", field, i), "no recipient with this id belongs to the customer")
		}
	}
	return nil
}

// checkThirdParty checks a third-party payment: its third party is
// onboarded and approved, and its client_reference_id is new among the
// customer's payments (a duplicate is a conflict, as the spec's 409 answer
// describes).
func (a *operations) checkThirdParty(customer string, req redpin.CreatePaymentRequest) *rejection {
	if req.IsThirdPartyPayment == nil || !*req.IsThirdPartyPayment {
		return nil
	}
	if req.ClientCustomerRef != nil {
		if rej := a.usableThirdParty(customer, *req.ClientCustomerRef, "client_customer_ref"); rej != nil {
			return rej
		}
	}
	if req.ClientReferenceId != nil {
		for _, p := range a.payments {
			if p.Customer == customer && p.Request.ClientReferenceId != nil && *p.Request.ClientReferenceId == *req.ClientReferenceId {
				return conflict("client_reference_id", "a third-party payment with this client_reference_id already exists")
			}
		}
	}
	return nil
}

// newPayment creates and stores a payment, made through the hosted
// session given or, when session is "", through the API, and starts it on
// its path.
func (a *operations) newPayment(r *http.Request, customer string, req redpin.CreatePaymentRequest, session string) *rpPayment {
	now := a.env.Clock.Now()
	p := &rpPayment{ID: uuid.NewString(), Customer: customer, Request: req, Created: now, Session: session,
		Instruction: "TI" + itoa(a.env.State.Take(r.Context(), a.instructionSeq))}
	path := rpSameCurrencyPath
	if req.QuoteId != nil {
		q := a.quotes[*req.QuoteId]
		q.Used = true
		a.save(r.Context(), rpQuoteKind, q.Quote.QuoteId, q)
		p.Sell = q.Quote.SellAmount
		path = rpFundedPath
	} else if req.IsThirdPartyPayment != nil && *req.IsThirdPartyPayment {
		path = withoutStatus(rpFundedPath, "FX_COMPLETED")
	}
	p.Progress.Start(path, now)
	a.payments[p.ID] = p
	a.due.Add(p.Progress.Next, p.ID)
	a.notify(p, p.Progress.Status, now)
	a.save(r.Context(), rpPaymentKind, p.ID, p)
	return p
}

func withoutStatus(path []lifecycle.Step, status string) []lifecycle.Step {
	var out []lifecycle.Step
	for _, st := range path {
		if st.Status != status {
			out = append(out, st)
		}
	}
	return out
}

// paymentView is the payment as createPayment answers it.
func (a *operations) paymentView(p *rpPayment) redpin.Payment {
	return redpin.Payment{
		PaymentId: p.ID, InstructionNumber: p.Instruction, Amount: p.Request.Amount,
		RecipientDetails: p.Request.RecipientDetails, Status: p.Progress.Status,
		CreatedDatetime: p.Created.UTC(), ClientReferenceId: p.Request.ClientReferenceId,
	}
}

// GetPaymentDetails answers a payment's current state.
func (a *operations) GetPaymentDetails(w http.ResponseWriter, r *http.Request, customerID redpin.CustomerId, paymentID redpin.PaymentId) {
	a.lock(func() {
		p, ok := a.payments[paymentID]
		if !ok || p.Customer != customerID {
			notFound("payment_id", "no payment with this id belongs to the customer").write(w, r)
			return
		}
		respond.Reply(w, http.StatusOK, a.detailsView(p))
	})
}

func (a *operations) detailsView(p *rpPayment) redpin.PaymentDetails {
	d := redpin.PaymentDetails{PaymentId: p.ID, InstructionNumber: p.Instruction, Status: p.Progress.Status,
		ClientReferenceId: p.Request.ClientReferenceId}
	payoutStatus := "PENDING"
	switch p.Progress.Status {
	case "PAYOUT_INITIATED":
		payoutStatus = "INITIATED"
	case "PAYOUT_CREDITED", "PAYMENT_COMPLETED":
		payoutStatus = "CREDITED"
	}
	var payouts []redpin.Payout
	for _, rd := range p.Request.RecipientDetails {
		amount, id, status := rd.Amount, rd.RecipientId, payoutStatus
		payouts = append(payouts, redpin.Payout{Amount: &amount, RecipientId: &id, Status: &status})
	}
	d.Payouts = &payouts
	if p.Sell != nil {
		buy := p.Request.Amount
		d.FxConversion = &redpin.FxConversion{BuyAmount: &buy, SellAmount: p.Sell}
	}
	return d
}

// GetBankTransferInstructions answers where a third party sends the funds
// of a payment that waits for them.
func (a *operations) GetBankTransferInstructions(w http.ResponseWriter, r *http.Request, customerID redpin.CustomerId,
	paymentID redpin.PaymentId, params redpin.GetBankTransferInstructionsParams) {
	a.lock(func() {
		p, ok := a.payments[paymentID]
		if !ok || p.Customer != customerID {
			notFound("payment_id", "no payment with this id belongs to the customer").write(w, r)
			return
		}
		if p.Progress.Path[0].Status != "AWAITING_FUNDS" {
			invalid("payment_id", "the payment is funded from the wallet and has no bank transfer instructions").write(w, r)
			return
		}
		respond.Reply(w, http.StatusOK, bankTransferInstructions(p, params.FromCountry))
	})
}

// bankTransferInstructions are the sandbox's made-up receiving account.
func bankTransferInstructions(p *rpPayment, fromCountry string) map[string]any {
	amount := p.Request.Amount
	if p.Sell != nil {
		amount = *p.Sell
	}
	method := "international_transfer"
	if fromCountry == "GBR" && amount.Currency == "GBP" {
		method = "domestic_transfer"
	}
	return map[string]any{
		"payment_method": method,
		"amount":         amount,
		"account_details": map[string]any{
			"account_name": "Redpin Sandbox Client Account", "account_number": "41926819", "sort_code": "040004",
			"iban": "GB94BARC10201530093459",
		},
		"bank_details":      map[string]any{"bank_name": "Sandbox Bank plc", "swift_code": "BARCGB22", "country": "GBR"},
		"payment_reference": map[string]any{"reference": p.Instruction},
	}
}

// CreateQuote prices a conversion at the sandbox's fixed rates; the quote
// stays active for quoteLifetime of sandbox time and serves one payment.
func (a *operations) CreateQuote(w http.ResponseWriter, r *http.Request, customerID redpin.CustomerId) {
	var req redpin.CreateQuoteRequest
	if err := respond.Decode(r, &req); err != nil {
		a.env.Respond.Fail(w, r, http.StatusBadRequest, "INVALID_PARAMETER", "the body could not be read")
		return
	}
	if req.SellCurrency == req.BuyCurrency {
		invalid("buy_currency", "buy_currency must differ from sell_currency").write(w, r)
		return
	}
	sellSide := req.FixedSide == nil || *req.FixedSide == redpin.FixedSideSELL
	q := redpin.Quote{QuoteId: "QT-" + randomCode("ABCDEFGHJKLMNPQRSTUVWXYZ23456789", 8),
		SellCurrency: req.SellCurrency, BuyCurrency: req.BuyCurrency, Amount: req.Amount}
	if sellSide {
		buy := fxrates.Convert(req.Amount, req.SellCurrency, req.BuyCurrency, true)
		q.SellAmount = &redpin.Amount{Currency: req.SellCurrency, Value: req.Amount}
		q.BuyAmount = &redpin.Amount{Currency: req.BuyCurrency, Value: buy}
	} else {
		sell := fxrates.Convert(req.Amount, req.SellCurrency, req.BuyCurrency, false)
		q.SellAmount = &redpin.Amount{Currency: req.SellCurrency, Value: sell}
		q.BuyAmount = &redpin.Amount{Currency: req.BuyCurrency, Value: req.Amount}
	}
	a.lock(func() {
		rq := &rpQuote{Quote: q, Customer: customerID, Expires: a.env.Clock.Now().Add(quoteLifetime)}
		a.quotes[q.QuoteId] = rq
		a.save(r.Context(), rpQuoteKind, q.QuoteId, rq)
	})
	respond.Reply(w, http.StatusOK, q)
}

// rpQuote is a quote as the sandbox keeps it.
type rpQuote struct {
	Quote    redpin.Quote `json:"quote"`
	Customer string       `json:"customer"`
	Expires  time.Time    `json:"expires"`
	Used     bool         `json:"used"`
}

// notify sends the payment status webhook of a new status.
func (a *Service) notify(p *rpPayment, status string, at time.Time) {
	data := map[string]any{"payment_id": p.ID, "status": status, "customer_id": p.Customer}
	if ref := p.Request.ClientReferenceId; ref != nil {
		data["client_reference_id"] = *ref
	}
	if ref := p.Request.ClientCustomerRef; ref != nil {
		data["client_customer_ref"] = *ref
	}
	if p.Session != "" {
		data["session_id"] = p.Session
	}
	switch status {
	case "RECEIVED_FUNDS":
		data["amount"] = fundsOf(p)
	case "FX_COMPLETED":
		data["sell_amount"], data["buy_amount"] = fundsOf(p), p.Request.Amount
	case "PAYOUT_INITIATED", "PAYOUT_CREDITED":
		if len(p.Request.RecipientDetails) > 0 {
			data["recipient_id"] = p.Request.RecipientDetails[0].RecipientId
			data["amount"] = p.Request.RecipientDetails[0].Amount
		}
	}
	event := map[string]any{
		"event_id":        "evt-" + fmt.Sprintf("%06d", a.env.State.Take(context.Background(), a.eventSeq)),
		"event_type":      "PAYMENT STATUS",
		"version":         "v1.0.0",
		"event_timestamp": at.UTC().Format(time.RFC3339),
		"data":            data,
	}
	a.env.Hooks.Send("redpinPaymentStatusEnvelopeWebhook", p.ID, status, event)
}

func fundsOf(p *rpPayment) redpin.Amount {
	if p.Sell != nil {
		return *p.Sell
	}
	return p.Request.Amount
}

// randomCode returns n characters from alphabet, chosen by crypto/rand.
func randomCode(alphabet string, n int) string {
	b := make([]byte, n)
	max := big.NewInt(int64(len(alphabet)))
	for i := range b {
		k, err := rand.Int(rand.Reader, max)
		if err != nil { // cannot happen: crypto/rand does not fail
			panic(err)
		}
		b[i] = alphabet[k.Int64()]
	}
	return string(b)
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

// paginate cuts one page out of items and describes it as Redpin does.
func paginate[T any](items []T, page, limit int32) ([]T, redpin.PageMeta) {
	total := int64(len(items))
	pages := int32((total + int64(limit) - 1) / int64(limit))
	return paging.Cut(items, page, limit), redpin.PageMeta{Page: &page, Limit: &limit, TotalRecords: &total, TotalPages: &pages}
}
