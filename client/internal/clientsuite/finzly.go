package clientsuite

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/gen/finzly"
)

// finzlyCases are the cases of Finzly's payments, recurrences and FX.
var finzlyCases = map[string]caseFunc{
	api.OpCreateCreditPaymentV4:   createCreditPaymentV4,
	api.OpCreateCreditPaymentV3:   createCreditPaymentV3,
	api.OpCreateCreditPaymentV5:   createCreditPaymentV5,
	api.OpCreateDebitPayment:      createDebitPayment,
	api.OpCreateBookTransfer:      createBookTransfer,
	api.OpCreateWaterfallTransfer: createWaterfallTransfer,
	api.OpGetPayment:              getPayment,
	api.OpSearchPayments:          searchPayments,
	api.OpCancelPayment:           cancelPayment,
	api.OpReturnPayment:           returnPayment,
	api.OpReversePayment:          reversePayment,
	api.OpSkipNextRecurrence:      skipNextRecurrence,
	api.OpUpdateRecurrence:        updateRecurrence,
	api.OpCancelRecurrence:        cancelRecurrence,
	api.OpCreateFXQuote:           createFXQuote,
	api.OpAcceptFXQuote:           acceptFXQuote,
	api.OpRejectFXQuote:           rejectFXQuote,
	api.OpGetFXTrade:              getFXTrade,
}

// v4 creates a Fedwire credit payment dated 15 March 2030 with a
// reference of its own, changed by edit, and returns its id and the call's
// result.
func (s *suite) v4(t *testing.T, edit func(*finzly.CreditPaymentInstruction)) (string, *client.Result[finzly.V4PaymentResponse]) {
	t.Helper()
	p := example[finzly.CreditPaymentInstruction](t, "finzly/createCreditPaymentV4/valid-fedwire.json")
	p.ExternalReferenceId = fmt.Sprintf("INV-%d", next())
	if edit != nil {
		edit(&p)
	}
	res, err := s.fz.CreateCreditPaymentV4(context.Background(), p)
	require.NoError(t, err)
	require.NotNil(t, res.Value.Data)
	require.NotNil(t, res.Value.Data.PaymentUID)
	return *res.Value.Data.PaymentUID, res
}

// instant creates an RTP payment dated today, which settles within a
// minute.
func (s *suite) instant(t *testing.T) string {
	t.Helper()
	p := example[finzly.CreditPaymentInstruction](t, "finzly/createCreditPaymentV4/valid-rtp.json")
	p.ExternalReferenceId = fmt.Sprintf("CLAIM-%d", next())
	res, err := s.fz.CreateCreditPaymentV4(context.Background(), p)
	require.NoError(t, err)
	return *res.Value.Data.PaymentUID
}

func createCreditPaymentV4(t *testing.T, s *suite) {
	ctx := context.Background()
	key := uuid.NewString()
	p := example[finzly.CreditPaymentInstruction](t, "finzly/createCreditPaymentV4/valid-fedwire.json")
	p.ExternalReferenceId = fmt.Sprintf("INV-%d", next())
	first, err := s.fz.CreateCreditPaymentV4(ctx, p, client.WithIdempotencyKey(key))
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, first.Status)
	assert.Equal(t, key, first.IdempotencyKey)
	require.NotNil(t, first.Value.Data)
	uid := *first.Value.Data.PaymentUID
	assert.NotEmpty(t, *first.Value.Data.PaymentStatus)
	again, err := s.fz.CreateCreditPaymentV4(ctx, p, client.WithIdempotencyKey(key))
	require.NoError(t, err)
	assert.Equal(t, uid, *again.Value.Data.PaymentUID, "the same key is the same payment")
}

func createCreditPaymentV3(t *testing.T, s *suite) {
	p := example[finzly.CreditPaymentRequest](t, "finzly/createCreditPaymentV3/valid.json")
	res, err := s.fz.CreateCreditPaymentV3(context.Background(), p)
	require.NoError(t, err)
	require.NotNil(t, res.Value.Data)
	assert.NotEmpty(t, *res.Value.Data.PaymentUID)
	assert.Empty(t, res.IdempotencyKey, "v3 declares no Idempotent-Key")
}

func createCreditPaymentV5(t *testing.T, s *suite) {
	p := example[finzly.CreditPaymentInstruction](t, "finzly/createCreditPaymentV5/valid-ach.json")
	res, err := s.fz.CreateCreditPaymentV5(context.Background(), p)
	require.NoError(t, err)
	require.NotNil(t, res.Value.Data)
	assert.NotEmpty(t, *res.Value.Data.PaymentUID)
	_, err = uuid.Parse(res.IdempotencyKey)
	assert.NoError(t, err, "v5 carries a key")
}

func createDebitPayment(t *testing.T, s *suite) {
	p := example[finzly.DebitPaymentRequest](t, "finzly/createDebitPayment/valid-ach.json")
	res, err := s.fz.CreateDebitPayment(context.Background(), p)
	require.NoError(t, err)
	require.NotNil(t, res.Value.Data)
	assert.NotEmpty(t, *res.Value.Data.PaymentUID)
	assert.Equal(t, p.ExternalReferenceId, *res.Value.Data.ExternalReferenceId)
}

func createBookTransfer(t *testing.T, s *suite) {
	bt, err := s.fz.CreateBookTransfer(context.Background(), example[finzly.BookTransferRequest](t, "finzly/createBookTransfer/valid.json"))
	require.NoError(t, err)
	require.NotNil(t, bt.Value.Data)
	assert.NotEmpty(t, *bt.Value.Data.PaymentUID)
}

func createWaterfallTransfer(t *testing.T, s *suite) {
	ctx := context.Background()
	w := example[finzly.WaterfallTransferRequest](t, "finzly/createWaterfallTransfer/valid.json")
	w.ExternalReferenceId = fmt.Sprintf("wf-%d", next())
	res, err := s.fz.CreateWaterfallTransfer(ctx, w)
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, res.Status)
	require.NotEqual(t, uuid.Nil, uuid.UUID(res.Value.WaterfallId))
	again, err := s.fz.CreateWaterfallTransfer(ctx, w, client.WithIdempotencyKey(res.IdempotencyKey))
	require.NoError(t, err)
	assert.Equal(t, res.Value.WaterfallId, again.Value.WaterfallId, "the required key replays the batch")
}

func getPayment(t *testing.T, s *suite) {
	uid, _ := s.v4(t, nil)
	got, err := s.fz.GetPayment(context.Background(), uid)
	require.NoError(t, err)
	require.NotNil(t, got.Value.Data)
	require.NotNil(t, got.Value.Data.PaymentUID)
	assert.EqualValues(t, uid, fmt.Sprint(*got.Value.Data.PaymentUID))
}

func searchPayments(t *testing.T, s *suite) {
	var ref string
	uid, _ := s.v4(t, func(p *finzly.CreditPaymentInstruction) { ref = p.ExternalReferenceId })
	found, err := s.fz.SearchPayments(context.Background(), finzly.PaymentSearch{Page: 1, Limit: 10, ExternalReferenceId: &ref})
	require.NoError(t, err)
	require.NotNil(t, found.Value.Data)
	require.Len(t, *found.Value.Data, 1, "one payment has this reference")
	assert.EqualValues(t, uid, fmt.Sprint(*(*found.Value.Data)[0].PaymentUID))
}

func cancelPayment(t *testing.T, s *suite) {
	uid, _ := s.v4(t, nil)
	cancelled, err := s.fz.CancelPayment(context.Background(), uid, finzly.CancelPaymentRequest{Notes: client.Ptr("Duplicate")})
	require.NoError(t, err)
	require.NotNil(t, cancelled.Value.Data)
	assert.Equal(t, uid, *cancelled.Value.Data.PaymentUID)
}

// returnPayment: only an incoming payment can be returned, and the API
// creates none, so the case checks the refusal of an outgoing one: a
// typed validation error carrying the provider's code.
func returnPayment(t *testing.T, s *suite) {
	uid, _ := s.v4(t, nil)
	res, err := s.fz.ReturnPayment(context.Background(), uid, example[finzly.ReturnPaymentRequest](t, "finzly/returnPayment/valid.json"))
	var refused *finzlyclient.Error
	require.ErrorAs(t, err, &refused)
	assert.True(t, client.IsValidation(err))
	assert.NotEmpty(t, refused.Code())
	require.NotNil(t, res, "the answer comes with the error")
	assert.Equal(t, refused.Status, res.Status)
}

func reversePayment(t *testing.T, s *suite) {
	ctx := context.Background()
	uid := s.instant(t)
	r := example[finzly.ReversePaymentRequest](t, "finzly/reversePayment/valid.json")
	_, err := s.fz.ReversePayment(ctx, uid, r)
	assert.True(t, client.IsValidation(err), "a payment not yet processed cannot be reversed: %v", err)

	s.advance(t, time.Minute) // an RTP payment settles within the minute
	res, err := s.fz.ReversePayment(ctx, uid, r)
	require.NoError(t, err)
	assert.Equal(t, uid, *res.Value.Data.PaymentUID)
	_, err = s.fz.ReversePayment(ctx, uid, r)
	assert.True(t, client.IsValidation(err), "a payment is reversed once: %v", err)
}

// recurring creates a monthly series and returns its id.
func (s *suite) recurring(t *testing.T) int64 {
	t.Helper()
	_, res := s.v4(t, func(p *finzly.CreditPaymentInstruction) {
		p.Recurrence = &finzly.CreditRecurrence{Frequency: "Monthly", PayUntil: "NumberOfPayments", NumberOfPayments: client.Ptr[int32](6)}
	})
	require.NotNil(t, res.Value.Data.RecurrenceId, "a recurring payment names its series")
	return *res.Value.Data.RecurrenceId
}

func skipNextRecurrence(t *testing.T, s *suite) {
	res, err := s.fz.SkipNextRecurrence(context.Background(), s.recurring(t))
	require.NoError(t, err)
	assert.NotEmpty(t, *res.Value.Message)
}

func updateRecurrence(t *testing.T, s *suite) {
	u := example[finzly.RecurrenceUpdate](t, "finzly/updateRecurrence/valid.json")
	res, err := s.fz.UpdateRecurrence(context.Background(), s.recurring(t), u)
	require.NoError(t, err)
	assert.NotEmpty(t, *res.Value.Message)
}

func cancelRecurrence(t *testing.T, s *suite) {
	ctx := context.Background()
	id := s.recurring(t)
	res, err := s.fz.CancelRecurrence(ctx, id, finzly.CancelRecurrenceParams{CancelReason: client.Ptr("Contract ended")})
	require.NoError(t, err)
	assert.NotEmpty(t, *res.Value.Message)
	_, err = s.fz.SkipNextRecurrence(ctx, id)
	var refused *finzlyclient.Error
	require.ErrorAs(t, err, &refused, "a cancelled series cannot be changed")
	assert.NotEmpty(t, refused.Code())
}

// quote asks for an FX quote and returns its id.
func (s *suite) quote(t *testing.T) string {
	t.Helper()
	q, err := s.fz.CreateFXQuote(context.Background(), example[finzly.FXQuoteRequest](t, "finzly/createFXQuote/valid.json"))
	require.NoError(t, err)
	require.NotNil(t, q.Value.Data)
	require.NotNil(t, q.Value.Data.QuoteUUID)
	return *q.Value.Data.QuoteUUID
}

func createFXQuote(t *testing.T, s *suite) {
	q, err := s.fz.CreateFXQuote(context.Background(), example[finzly.FXQuoteRequest](t, "finzly/createFXQuote/valid.json"))
	require.NoError(t, err)
	require.NotNil(t, q.Value.Data)
	assert.NotEmpty(t, *q.Value.Data.QuoteUUID)
	assert.Equal(t, "15000.00", q.Value.Data.BaseAmount.String(), "the amount as asked")
}

func acceptFXQuote(t *testing.T, s *suite) {
	res, err := s.fz.AcceptFXQuote(context.Background(), finzly.FXAcceptRequest{QuoteUUID: s.quote(t)})
	require.NoError(t, err)
	require.NotNil(t, res.Value.Data)
	assert.NotEmpty(t, *res.Value.Data.ForexContractNo)
}

func rejectFXQuote(t *testing.T, s *suite) {
	id := s.quote(t)
	res, err := s.fz.RejectFXQuote(context.Background(), id)
	require.NoError(t, err)
	require.NotNil(t, res.Value.Data)
	assert.Equal(t, id, *res.Value.Data.QuoteUUID)
	_, err = s.fz.AcceptFXQuote(context.Background(), finzly.FXAcceptRequest{QuoteUUID: id})
	var refused *finzlyclient.Error
	assert.True(t, errors.As(err, &refused), "a rejected quote cannot be accepted: %v", err)
}

func getFXTrade(t *testing.T, s *suite) {
	ctx := context.Background()
	accepted, err := s.fz.AcceptFXQuote(ctx, finzly.FXAcceptRequest{QuoteUUID: s.quote(t)})
	require.NoError(t, err)
	contract := *accepted.Value.Data.ForexContractNo
	trade, err := s.fz.GetFXTrade(ctx, contract)
	require.NoError(t, err)
	require.NotNil(t, trade.Value.Data)
	assert.Equal(t, contract, *trade.Value.Data.ForexContractNo)
	assert.Equal(t, "15000.00", trade.Value.Data.BaseAmount.String())
}
