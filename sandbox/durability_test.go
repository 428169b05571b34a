package sandbox_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/sandbox/store"
	"github.com/payspec/payspec/sandbox/store/storetest"
)

// transactionWith returns the records (kind/id) of the first
// transaction that wrote the record kindID.
func transactionWith(spy *storetest.Spy, kindID string) []string {
	for _, tx := range spy.Transactions() {
		var recs []string
		for _, r := range tx {
			recs = append(recs, r.Kind+"/"+r.ID)
		}
		if slices.Contains(recs, kindID) {
			return recs
		}
	}
	return nil
}

// has says whether the store holds the record.
func has(t *testing.T, st store.Store, kind, id string) bool {
	t.Helper()
	_, ok, err := st.Get(context.Background(), kind, id)
	require.NoError(t, err)
	return ok
}

// spySandbox runs a sandbox without authentication on st.
func spySandbox(t *testing.T, st store.Store) http.Handler {
	t.Helper()
	sb, err := sandbox.New(sandbox.WithStore(st), sandbox.WithToday(march2030), sandbox.WithoutAuth())
	require.NoError(t, err)
	t.Cleanup(func() { _ = sb.Close() })
	return sb.Handler()
}

// createV4 sends the Fedwire v4 example, with an idempotency key unless
// key is "".
func createV4(t *testing.T, ctx context.Context, h http.Handler, key string) *httptest.ResponseRecorder {
	t.Helper()
	body := example(t, "finzly/createCreditPaymentV4/valid-fedwire.json")
	req := httptest.NewRequestWithContext(ctx, http.MethodPost, "/finzly/v4/payments/credit", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Host, req.RemoteAddr = "localhost", "127.0.0.1:50000" // a client on this machine
	if key != "" {
		req.Header.Set(sandbox.IdempotencyHeader, key)
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec
}

const testKey = "5f0c6a4e-2b1d-4c3e-9f8a-7b6c5d4e3f2a"

// TestACreateIsOneStoreTransaction: the payment, the sequence its id came
// from and the idempotency entry with its answer are stored together.
func TestACreateIsOneStoreTransaction(t *testing.T) {
	spy := storetest.NewSpy()
	h := spySandbox(t, spy)
	rec := createV4(t, context.Background(), h, testKey)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"paymentUID":"377300"`)

	tx := transactionWith(spy, "finzly.payment/377300")
	require.NotNil(t, tx, "the payment is stored by the time its answer is sent")
	assert.Contains(t, tx, "sandbox.meta/seq.finzly.payment")
	assert.Contains(t, tx, "sandbox.idempotency/createCreditPaymentV4\x00"+testKey)
}

// TestAnAnswerWaitsForItsState: nothing is answered before the store has
// kept what the request made.
func TestAnAnswerWaitsForItsState(t *testing.T) {
	spy := storetest.NewSpy()
	h := spySandbox(t, spy)
	release := spy.Hold()
	defer release()
	answered := make(chan *httptest.ResponseRecorder, 1)
	go func() { answered <- createV4(t, context.Background(), h, "") }()
	select {
	case rec := <-answered:
		t.Fatalf("answered %d before the state was stored", rec.Code)
	case <-time.After(100 * time.Millisecond):
	}
	assert.False(t, has(t, spy, "finzly.payment", "377300"))
	release()
	rec := <-answered
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.True(t, has(t, spy, "finzly.payment", "377300"))
}

// TestAClientGoneStillLeavesItsStateStored: the client's context ending
// while the state is being stored ends no write.
func TestAClientGoneStillLeavesItsStateStored(t *testing.T) {
	spy := storetest.NewSpy()
	sb, err := sandbox.New(sandbox.WithStore(spy), sandbox.WithToday(march2030), sandbox.WithoutAuth())
	require.NoError(t, err)
	release := spy.Hold()
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() {
		defer close(done)
		createV4(t, ctx, sb.Handler(), testKey)
	}()
	require.Eventually(t, func() bool {
		_, found := sb.Events("377300")
		return found
	}, 5*time.Second, time.Millisecond, "the payment is made")
	cancel() // the client gives up while its state waits to be stored
	release()
	<-done
	require.NoError(t, sb.Close())
	assert.True(t, has(t, spy, "finzly.payment", "377300"))
	assert.True(t, has(t, spy, "sandbox.idempotency", "createCreditPaymentV4\x00"+testKey))
}

// TestAStoreFailureIsA500AndTheKeyFindsThePayment: a create whose state
// cannot be stored is answered 500, not acknowledged; the retry the
// provider documents (the same key again) gets the payment that was made,
// not a second one.
func TestAStoreFailureIsA500AndTheKeyFindsThePayment(t *testing.T) {
	spy := storetest.NewSpy()
	h := spySandbox(t, spy)
	spy.Fail(errors.New("disk full"))
	rec := createV4(t, context.Background(), h, testKey)
	assert.Equal(t, http.StatusInternalServerError, rec.Code, rec.Body.String())
	assert.NotContains(t, rec.Body.String(), "377300")

	// While the store still fails, the retry is not told the payment
	// exists: the store does not hold it.
	rec = createV4(t, context.Background(), h, testKey)
	assert.Equal(t, http.StatusInternalServerError, rec.Code, rec.Body.String())
	assert.False(t, has(t, spy, "finzly.payment", "377300"))

	spy.Fail(nil)
	rec = createV4(t, context.Background(), h, testKey)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"paymentUID":"377300"`)
	assert.True(t, has(t, spy, "finzly.payment", "377300"), "the 200 comes once the payment is stored")
	rec = createV4(t, context.Background(), h, "0e6ad7e3-8d0b-4e56-9f1e-2c4b8a7d6f51")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"paymentUID":"377301"`, "no payment was made twice")
}

// TestControlsAnswerOnceStored: a control's answer, too, waits for what
// it changed to be stored.
func TestControlsAnswerOnceStored(t *testing.T) {
	spy := storetest.NewSpy()
	h := spySandbox(t, spy)
	release := spy.Hold()
	defer release()
	answered := make(chan int, 1)
	go func() {
		req := httptest.NewRequest(http.MethodPost, sandbox.ControlPrefix+"/finzly/incoming-payments",
			bytes.NewReader([]byte(`{"externalReferenceId":"IN-1","paymentAmount":10,"senderName":"A","receiverName":"B"}`)))
		req.Header.Set("Content-Type", "application/json")
		req.Host, req.RemoteAddr = "localhost", "127.0.0.1:50000" // a client on this machine
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		answered <- rec.Code
	}()
	select {
	case code := <-answered:
		t.Fatalf("answered %d before the state was stored", code)
	case <-time.After(100 * time.Millisecond):
	}
	release()
	assert.Equal(t, http.StatusCreated, <-answered)
	assert.True(t, has(t, spy, "finzly.payment", "377300"))
}

// TestARefusalNamingACheckWaitsUntilItIsStored: Confirmation of Payee's
// refusal hands out a check the client sends back; it goes out once the
// check is stored, so that a crash cannot forget a check a client holds.
func TestARefusalNamingACheckWaitsUntilItIsStored(t *testing.T) {
	spy := storetest.NewSpy()
	sb := sandbox.Start(t, sandbox.WithStore(spy))
	rid := newRecipient(t, sb.Redpin, "CUST-1", "Close Match Trading Ltd")
	req := redpin.CreatePaymentRequest{PurposeOfTransaction: "SUPPLIER_PAYMENT", Amount: gbp("10.00"),
		RecipientDetails: []redpin.RecipientDetail{{RecipientId: rid, Amount: gbp("10.00")}}}
	release := spy.Hold()
	defer release()
	answered := make(chan *redpin.CreatePaymentResponse, 1)
	go func() {
		resp, err := sb.Redpin.CreatePaymentWithResponse(context.Background(), "CUST-1", req)
		assert.NoError(t, err)
		answered <- resp
	}()
	select {
	case resp := <-answered:
		t.Fatalf("answered %d before the check was stored", resp.StatusCode())
	case <-time.After(100 * time.Millisecond):
	}
	release()
	resp := <-answered
	require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
	require.NotNil(t, resp.JSON400.RecipientCheck)
	assert.True(t, has(t, spy, "redpin.check", resp.JSON400.RecipientCheck.EventId))
}
