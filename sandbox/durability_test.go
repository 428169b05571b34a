package sandbox_test

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/sandbox/store"
)

// spyStore is a memory store that lists what each kept transaction
// wrote, and can hold transactions back (hold) or fail them (fail).
type spyStore struct {
	*store.Memory
	mu   sync.Mutex
	txs  [][]string // kind/id of each record, per transaction
	gate chan struct{}
	fail error
}

func newSpyStore() *spyStore { return &spyStore{Memory: store.NewMemory()} }

// hold makes transactions wait until the returned function is called.
func (s *spyStore) hold() (release func()) {
	gate := make(chan struct{})
	s.mu.Lock()
	s.gate = gate
	s.mu.Unlock()
	return sync.OnceFunc(func() {
		s.mu.Lock()
		s.gate = nil
		s.mu.Unlock()
		close(gate)
	})
}

func (s *spyStore) failWith(err error) {
	s.mu.Lock()
	s.fail = err
	s.mu.Unlock()
}

func (s *spyStore) Tx(ctx context.Context, fn func(store.Writer) error) error {
	s.mu.Lock()
	gate, fail := s.gate, s.fail
	s.mu.Unlock()
	if gate != nil {
		<-gate
	}
	if fail != nil {
		return fail
	}
	if err := ctx.Err(); err != nil {
		return err // as a database would
	}
	var wrote []string
	err := s.Memory.Tx(ctx, func(w store.Writer) error { return fn(listingWriter{w, &wrote}) })
	if err == nil {
		s.mu.Lock()
		s.txs = append(s.txs, wrote)
		s.mu.Unlock()
	}
	return err
}

// transactionWith returns the first transaction that wrote the record.
func (s *spyStore) transactionWith(kindID string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, tx := range s.txs {
		if slices.Contains(tx, kindID) {
			return tx
		}
	}
	return nil
}

func (s *spyStore) has(t *testing.T, kind, id string) bool {
	t.Helper()
	_, ok, err := s.Get(context.Background(), kind, id)
	require.NoError(t, err)
	return ok
}

type listingWriter struct {
	store.Writer
	wrote *[]string
}

func (w listingWriter) Put(r store.Record) error {
	*w.wrote = append(*w.wrote, r.Kind+"/"+r.ID)
	return w.Writer.Put(r)
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
	spy := newSpyStore()
	h := spySandbox(t, spy)
	rec := createV4(t, context.Background(), h, testKey)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"paymentUID":"377300"`)

	tx := spy.transactionWith("finzly.payment/377300")
	require.NotNil(t, tx, "the payment is stored by the time its answer is sent")
	assert.Contains(t, tx, "sandbox.meta/seq.finzly.payment")
	assert.Contains(t, tx, "sandbox.idempotency/createCreditPaymentV4\x00"+testKey)
}

// TestAnAnswerWaitsForItsState: nothing is answered before the store has
// kept what the request made.
func TestAnAnswerWaitsForItsState(t *testing.T) {
	spy := newSpyStore()
	h := spySandbox(t, spy)
	release := spy.hold()
	defer release()
	answered := make(chan *httptest.ResponseRecorder, 1)
	go func() { answered <- createV4(t, context.Background(), h, "") }()
	select {
	case rec := <-answered:
		t.Fatalf("answered %d before the state was stored", rec.Code)
	case <-time.After(100 * time.Millisecond):
	}
	assert.False(t, spy.has(t, "finzly.payment", "377300"))
	release()
	rec := <-answered
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.True(t, spy.has(t, "finzly.payment", "377300"))
}

// TestAClientGoneStillLeavesItsStateStored: the client's context ending
// while the state is being stored ends no write.
func TestAClientGoneStillLeavesItsStateStored(t *testing.T) {
	spy := newSpyStore()
	sb, err := sandbox.New(sandbox.WithStore(spy), sandbox.WithToday(march2030), sandbox.WithoutAuth())
	require.NoError(t, err)
	release := spy.hold()
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
	assert.True(t, spy.has(t, "finzly.payment", "377300"))
	assert.True(t, spy.has(t, "sandbox.idempotency", "createCreditPaymentV4\x00"+testKey))
}

// TestAStoreFailureIsA500AndTheKeyFindsThePayment: a create whose state
// cannot be stored is answered 500, not acknowledged; the retry the
// provider documents (the same key again) gets the payment that was made,
// not a second one.
func TestAStoreFailureIsA500AndTheKeyFindsThePayment(t *testing.T) {
	spy := newSpyStore()
	h := spySandbox(t, spy)
	spy.failWith(errors.New("disk full"))
	rec := createV4(t, context.Background(), h, testKey)
	assert.Equal(t, http.StatusInternalServerError, rec.Code, rec.Body.String())
	assert.NotContains(t, rec.Body.String(), "377300")

	spy.failWith(nil)
	rec = createV4(t, context.Background(), h, testKey)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"paymentUID":"377300"`)
	rec = createV4(t, context.Background(), h, "0e6ad7e3-8d0b-4e56-9f1e-2c4b8a7d6f51")
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Contains(t, rec.Body.String(), `"paymentUID":"377301"`, "no payment was made twice")
}

// TestControlsAnswerOnceStored: a control's answer, too, waits for what
// it changed to be stored.
func TestControlsAnswerOnceStored(t *testing.T) {
	spy := newSpyStore()
	h := spySandbox(t, spy)
	release := spy.hold()
	defer release()
	answered := make(chan int, 1)
	go func() {
		req := httptest.NewRequest(http.MethodPost, sandbox.ControlPrefix+"/finzly/incoming-payments",
			bytes.NewReader([]byte(`{"externalReferenceId":"IN-1","paymentAmount":10,"senderName":"A","receiverName":"B"}`)))
		req.Header.Set("Content-Type", "application/json")
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
	assert.True(t, spy.has(t, "finzly.payment", "377300"))
}
