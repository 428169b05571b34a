package finzly

import (
	"context"
	"net/http"
	"strconv"
	"time"

	"github.com/shopspring/decimal"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/sandbox/internal/core/fxrates"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/sandbox/internal/core/state"
	"github.com/payspec/payspec/validate/rules"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// fxQuoteLifetime is how long a sandbox FX quote may be accepted, in
// sandbox time (Finzly's sample gives 30; the sandbox is more patient).
const fxQuoteLifetime = 2 * time.Minute

// fzQuote is an FX quote and what became of it.
type fzQuote struct {
	Quote    finzly.FXQuote `json:"quote"`
	Customer string         `json:"customer"`
	Expires  time.Time      `json:"expires"`
	Status   string         `json:"status"` // QUOTED, ACCEPTED, REJECTED
}

// fzTrade is an accepted quote: an FX contract a SWIFT payment settles.
type fzTrade struct {
	Trade finzly.FXTrade `json:"trade"`
	Used  int64          `json:"used,omitempty"` // the payment that settled it
}

func (f *Service) loadFX(ctx context.Context) error {
	if err := f.env.State.List(ctx, fzQuoteKind, func(id string, b []byte) error {
		return state.LoadInto(b, f.quotes, id, &fzQuote{})
	}); err != nil {
		return err
	}
	return f.env.State.List(ctx, fzTradeKind, func(id string, b []byte) error {
		t := &fzTrade{}
		if err := state.LoadInto(b, f.trades, id, t); err != nil {
			return err
		}
		f.noteTrade(t)
		return nil
	})
}

// noteTrade offers a contract to the rules (CREDIT_AMOUNT_NOFXMATCH): the
// customer bought the base amount in the base currency.
func (f *Service) noteTrade(t *fzTrade) {
	contract, trade, ok := rules.FXTradeFromResponse(&finzly.FXTradeResponse{Data: &t.Trade})
	if !ok {
		return
	}
	f.factsMu.Lock()
	defer f.factsMu.Unlock()
	f.tradeFacts[contract] = trade
}

func fxFailure(code, message string) finzly.FXFailure {
	return finzly.FXFailure{Status: "Failure", Code: &code, Message: &message}
}

// CreateFXQuote prices buying one currency with another at the sandbox's
// fixed rates: the buy amount (transferAmount) or what to spend
// (fundingAmount).
func (a *operations) CreateFXQuote(w http.ResponseWriter, r *http.Request) {
	var req finzly.FXQuoteRequest
	if err := respond.Decode(r, &req); err != nil {
		respond.Reply(w, http.StatusBadRequest, fxFailure("FX_INVALID_REQUEST", "the body could not be read"))
		return
	}
	q := priceQuote(&req)
	a.lock(func() {
		now := a.env.Clock.Now()
		expiry := int64(fxQuoteLifetime / time.Second)
		q.ExpiryTime = &expiry
		valueDate := valueDateOf(a.env.Checker.Calendar(), now, req)
		q.ValueDate = &valueDate
		fq := &fzQuote{Quote: q, Customer: req.CustomerId, Expires: now.Add(fxQuoteLifetime), Status: "QUOTED"}
		a.quotes[*q.QuoteUUID] = fq
		a.save(r.Context(), fzQuoteKind, *q.QuoteUUID, fq)
		ok := "Success"
		respond.Reply(w, http.StatusOK, finzly.FXQuoteResponse{Status: &ok, Data: &q})
	})
}

// priceQuote fills the amounts and rates of a quote: the customer buys
// the base currency and pays in the quote currency.
func priceQuote(req *finzly.FXQuoteRequest) finzly.FXQuote {
	spot := fxrates.Rate(req.BuyCurrency, req.SellCurrency) // sell units per buy unit
	var base, cost money.Amount
	if req.TransferAmount != nil {
		base = *req.TransferAmount
		cost = money.FromDecimal(base.Decimal().Mul(spot).Round(fxrates.MinorUnits(req.SellCurrency)))
	} else if req.FundingAmount != nil {
		cost = *req.FundingAmount
		base = money.FromDecimal(cost.Decimal().Div(spot).Round(fxrates.MinorUnits(req.BuyCurrency)))
	}
	id := newUUID().String()
	spotA := money.FromDecimal(spot)
	inverted := money.FromDecimal(decimal.NewFromInt(1).Div(spot).Round(8))
	zero := money.MustParse("0")
	return finzly.FXQuote{QuoteUUID: &id, BaseCcy: &req.BuyCurrency, QuoteCcy: &req.SellCurrency,
		BaseAmount: &base, QuoteAmount: &cost, SpotRate: &spotA, AllInRate: &spotA, InvertedRate: &inverted,
		FwdPoints: &zero}
}

// valueDateOf is the settlement date: the request's, or two business
// days out for a spot deal.
func valueDateOf(cal *fedcal.Calendar, now time.Time, req finzly.FXQuoteRequest) string {
	if req.ValueDate != nil {
		return *req.ValueDate
	}
	return cal.AddBusinessDays(cal.BusinessDayOnOrAfter(fedcal.DateOf(now)), 2).String()
}

// AcceptFXQuote books a live quote as a trade with its own contract
// number.
func (a *operations) AcceptFXQuote(w http.ResponseWriter, r *http.Request) {
	var req finzly.FXAcceptRequest
	if err := respond.Decode(r, &req); err != nil {
		respond.Reply(w, http.StatusBadRequest, fxFailure("FX_INVALID_REQUEST", "the body could not be read"))
		return
	}
	a.lock(func() {
		q, failure := a.liveQuote(req.QuoteUUID)
		if failure != nil {
			respond.Reply(w, http.StatusBadRequest, *failure)
			return
		}
		t := a.book(r.Context(), q)
		ok := "Success"
		respond.Reply(w, http.StatusOK, finzly.FXAcceptResponse{Status: &ok, Data: &t.Trade})
	})
}

// liveQuote finds a quote that can still be accepted or rejected.
func (f *Service) liveQuote(id string) (*fzQuote, *finzly.FXFailure) {
	q := f.quotes[id]
	var failure finzly.FXFailure
	switch {
	case q == nil:
		failure = fxFailure("FX_QUOTE_NOT_FOUND", "no quote with this quoteUUID")
	case q.Status != "QUOTED":
		failure = fxFailure("FX_QUOTE_CLOSED", "the quote was already "+q.Status)
	case !f.env.Clock.Now().Before(q.Expires):
		failure = fxFailure("FX_QUOTE_EXPIRED", "the quote has expired; request a new one")
	default:
		return q, nil
	}
	return nil, &failure
}

// book turns an accepted quote into a trade.
func (f *Service) book(ctx context.Context, q *fzQuote) *fzTrade {
	q.Status = "ACCEPTED"
	f.save(ctx, fzQuoteKind, *q.Quote.QuoteUUID, q)
	contract := strconv.FormatInt(f.env.State.Take(ctx, f.contractSeq), 10)
	now := f.env.Clock.Now()
	direction, pair, tenor := "BUY", *q.Quote.BaseCcy+*q.Quote.QuoteCcy, "SPOT"
	trade, executed := fedcal.DateOf(now).String(), now.UTC().Format(time.RFC3339)
	t := &fzTrade{Trade: finzly.FXTrade{ForexContractNo: &contract, BaseCcy: q.Quote.BaseCcy, QuoteCcy: q.Quote.QuoteCcy,
		BaseAmount: q.Quote.BaseAmount, QuoteAmount: q.Quote.QuoteAmount, ExchangeRate: q.Quote.AllInRate,
		ReferenceSpotRate: q.Quote.SpotRate, Direction: &direction, CcyPair: &pair, Tenor: &tenor,
		TradeDate: &trade, ValueDate: q.Quote.ValueDate, ExecutionTime: &executed, CounterpartyId: &q.Customer}}
	f.trades[contract] = t
	f.noteTrade(t)
	f.save(ctx, fzTradeKind, contract, t)
	return t
}

// RejectFXQuote declines a live quote.
func (a *operations) RejectFXQuote(w http.ResponseWriter, r *http.Request, quoteUUID string) {
	a.lock(func() {
		q, failure := a.liveQuote(quoteUUID)
		if failure != nil {
			respond.Reply(w, http.StatusBadRequest, *failure)
			return
		}
		q.Status = "REJECTED"
		a.save(r.Context(), fzQuoteKind, quoteUUID, q)
		ok, status := "Success", "REJECTED"
		respond.Reply(w, http.StatusOK, finzly.FXRejectResponse{Status: &ok,
			Data: &finzly.FXQuoteRejection{QuoteUUID: &quoteUUID, FxQuoteStatus: &status}})
	})
}

// GetFXTrade answers a trade by its contract number.
func (a *operations) GetFXTrade(w http.ResponseWriter, r *http.Request, forexContractNo string) {
	a.lock(func() {
		t := a.trades[forexContractNo]
		if t == nil {
			respond.Reply(w, http.StatusBadRequest, fxFailure("FX_TRADE_NOT_FOUND", "no trade with this contract number"))
			return
		}
		ok := "Success"
		respond.Reply(w, http.StatusOK, finzly.FXTradeResponse{Status: &ok, Data: &t.Trade})
	})
}

// useContract takes the FX contract a payment names, which is single use:
// it must be a trade of the sandbox not yet used by another payment.
func (f *Service) useContract(ctx context.Context, p *fzPayment) (string, bool) {
	if p.FXContract == "" {
		return "", true
	}
	t := f.trades[p.FXContract]
	switch {
	case t == nil:
		return "fxContractNumber names no FX trade", false
	case t.Used != 0:
		return "fxContractNumber was already used by payment " + strconv.FormatInt(t.Used, 10), false
	}
	t.Used = -1 // taken; the payment's uid is set once it exists
	return "", true
}

// settleContract records which payment used a contract.
func (f *Service) settleContract(ctx context.Context, p *fzPayment) {
	if t := f.trades[p.FXContract]; t != nil {
		t.Used = p.UID
		f.save(ctx, fzTradeKind, p.FXContract, t)
	}
}
