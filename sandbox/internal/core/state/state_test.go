package state

import (
	"context"
	"errors"
	"log/slog"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox/store"
	"github.com/payspec/payspec/sandbox/store/storetest"
)

// transactions lists each kept transaction as kind/id=data.
func transactions(spy *storetest.Spy) [][]string {
	var out [][]string
	for _, tx := range spy.Transactions() {
		var recs []string
		for _, r := range tx {
			recs = append(recs, r.Kind+"/"+r.ID+"="+string(r.Data))
		}
		out = append(out, recs)
	}
	return out
}

func stored(t *testing.T, st store.Store, kind, id string) string {
	t.Helper()
	r, ok, err := st.Get(context.Background(), kind, id)
	require.NoError(t, err)
	if !ok {
		return ""
	}
	return string(r.Data)
}

func newState(t *testing.T, st store.Store) *State {
	s := New(st, slog.New(slog.DiscardHandler))
	t.Cleanup(s.Close)
	return s
}

// queued is how many units wait in the queue.
func queued(s *State) int {
	s.log.mu.Lock()
	defer s.log.mu.Unlock()
	return len(s.log.queue)
}

func TestASectionIsOneTransaction(t *testing.T) {
	spy := storetest.NewSpy()
	s := newState(t, spy)
	ctx := context.Background()
	s.Lock(func() {
		require.NoError(t, s.Put(ctx, "k", "a", 1))
		require.NoError(t, s.Put(ctx, "k", "b", 2))
	})
	require.NoError(t, s.Commit(ctx))
	assert.Equal(t, [][]string{{"k/a=1", "k/b=2"}}, transactions(spy))
}

// TestARequestHoldsItsUnits: a request's unit waits for its own record
// (written outside the lock) and for its Commit; a unit queued after it
// waits too, so a record is never overwritten by an older copy.
func TestARequestHoldsItsUnits(t *testing.T) {
	spy := storetest.NewSpy()
	s := newState(t, spy)
	req := Track(context.Background())
	s.Lock(func() { require.NoError(t, s.Put(req, "k", "x", "first")) })
	s.Lock(func() { require.NoError(t, s.Put(context.Background(), "k", "x", "second")) })

	short, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	assert.ErrorIs(t, s.Commit(short), context.DeadlineExceeded, "nothing is written while the request holds the first unit")
	assert.Empty(t, transactions(spy))

	s.SaveOwn(req, "own", "key", "answer")
	assert.Equal(t, 2, queued(s), "the request's own record joined the unit it holds")
	require.NoError(t, s.Commit(req))
	require.NoError(t, s.Commit(context.Background()))
	assert.Equal(t, `"second"`, stored(t, spy, "k", "x"), "the later copy wins")
	txs := transactions(spy)
	require.NotEmpty(t, txs)
	assert.Equal(t, []string{`own/key="answer"`, `k/x="second"`}, txs[0],
		"the request's records are one transaction, with the unit queued behind them, whose copy replaces the first")
}

// TestARequestsSectionsJoin: two sections of one request with nothing
// queued between them are one unit.
func TestARequestsSectionsJoin(t *testing.T) {
	spy := storetest.NewSpy()
	s := newState(t, spy)
	req := Track(context.Background())
	s.Lock(func() { require.NoError(t, s.Put(req, "k", "a", 1)) })
	s.Lock(func() { require.NoError(t, s.Put(req, "k", "b", 2)) })
	assert.Equal(t, 1, queued(s))
	require.NoError(t, s.Commit(req))
	assert.Equal(t, [][]string{{"k/a=1", "k/b=2"}}, transactions(spy))
}

// TestUnitsQueuedTogetherAreOneTransaction: units that queue up while the
// store is busy are written together.
func TestUnitsQueuedTogetherAreOneTransaction(t *testing.T) {
	spy := storetest.NewSpy()
	release := spy.Hold()
	s := newState(t, spy)
	s.Lock(func() { require.NoError(t, s.Put(context.Background(), "k", "first", 0)) })
	require.Eventually(t, func() bool { return queued(s) == 0 }, 5*time.Second, time.Millisecond,
		"the committer took the first unit and waits at the gate")
	const requests = 20
	var wg sync.WaitGroup
	for i := range requests {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := Track(context.Background())
			s.Lock(func() { assert.NoError(t, s.Put(req, "k", string(rune('a'+i)), i)) })
			assert.NoError(t, s.Commit(req))
		}()
	}
	require.Eventually(t, func() bool { return queued(s) == requests }, 5*time.Second, time.Millisecond)
	release()
	wg.Wait()
	txs := transactions(spy)
	require.Len(t, txs, 2, "the first unit, then every unit that queued behind it")
	assert.Len(t, txs[1], requests)
}

func TestCommitWaitsUntilDurable(t *testing.T) {
	spy := storetest.NewSpy()
	release := spy.Hold()
	s := newState(t, spy)
	req := Track(context.Background())
	s.Lock(func() { require.NoError(t, s.Put(req, "k", "a", 1)) })
	done := make(chan error, 1)
	go func() { done <- s.Commit(req) }()
	select {
	case <-done:
		t.Fatal("Commit returned before the store kept the unit")
	case <-time.After(50 * time.Millisecond):
	}
	release()
	require.NoError(t, <-done)
	assert.Equal(t, "1", stored(t, spy, "k", "a"))
}

// TestAClientGoneEndsTheWaitNotTheWrite: the request's context ending
// stops its Commit waiting, never the write.
func TestAClientGoneEndsTheWaitNotTheWrite(t *testing.T) {
	spy := storetest.NewSpy()
	release := spy.Hold()
	s := newState(t, spy)
	client, cancel := context.WithCancel(context.Background())
	req := Track(client)
	s.Lock(func() { require.NoError(t, s.Put(req, "k", "a", 1)) })
	cancel()
	assert.ErrorIs(t, s.Commit(req), context.Canceled)
	release()
	require.NoError(t, s.Commit(context.Background()))
	assert.Equal(t, "1", stored(t, spy, "k", "a"))
}

func TestAStoreFailureReachesCommit(t *testing.T) {
	spy := storetest.NewSpy()
	boom := errors.New("disk full")
	spy.Fail(boom)
	s := newState(t, spy)
	req := Track(context.Background())
	s.Lock(func() { require.NoError(t, s.Put(req, "k", "a", 1)) })
	assert.ErrorIs(t, s.Commit(req), boom)
	assert.ErrorIs(t, s.Commit(req), boom, "the scope remembers the failure")
	assert.Empty(t, stored(t, spy, "k", "a"))

	// What the failed transaction left unwritten stays in memory, so it
	// must reach the store before anyone is answered from it: the next
	// transaction writes it, and a request with nothing of its own to
	// write waits for it.
	reader := Track(context.Background()) // writes nothing of its own
	assert.ErrorIs(t, s.Commit(reader), boom, "not answered while the store fails")

	spy.Fail(nil)
	reader = Track(context.Background())
	require.NoError(t, s.Commit(reader))
	assert.Equal(t, "1", stored(t, spy, "k", "a"), "answered once what it may read is stored")
	assert.NoError(t, s.Commit(Track(context.Background())), "nothing is left to wait for")
}

// A reset and what follows it are one transaction: a crash between them
// cannot leave the store empty of what the reset keeps.
func TestResetIsOneTransactionWithWhatFollows(t *testing.T) {
	spy := storetest.NewSpy()
	s := newState(t, spy)
	ctx := context.Background()
	require.NoError(t, spy.Put(ctx, store.Record{Kind: "k", ID: "old", Data: []byte("0")}))
	s.Lock(func() {
		s.ResetStore(ctx)
		require.NoError(t, s.Put(ctx, "k", "clock", 1))
	})
	require.NoError(t, s.Commit(ctx))
	assert.Equal(t, [][]string{{"k/clock=1"}}, transactions(spy), "one transaction, which empties the store and writes the clock")
	assert.Zero(t, spy.Resets(), "the store is not emptied on its own")
	assert.Empty(t, stored(t, spy, "k", "old"))
	assert.Equal(t, "1", stored(t, spy, "k", "clock"))
}

func TestResetIsOrderedWithWrites(t *testing.T) {
	spy := storetest.NewSpy()
	s := newState(t, spy)
	ctx := context.Background()
	require.NoError(t, spy.Put(ctx, store.Record{Kind: "k", ID: "old", Data: []byte("0")}))
	s.Lock(func() { require.NoError(t, s.Put(ctx, "k", "before", 1)) })
	s.Lock(func() {
		require.NoError(t, s.Put(ctx, "k", "dropped", 2))
		s.ResetStore(ctx)
		require.NoError(t, s.Put(ctx, "k", "after", 3))
	})
	require.NoError(t, s.Commit(ctx))
	for id, want := range map[string]string{"old": "", "before": "", "dropped": "", "after": "3"} {
		assert.Equal(t, want, stored(t, spy, "k", id), id)
	}
}

func TestCloseWritesWhatIsHeldAndRefusesMore(t *testing.T) {
	spy := storetest.NewSpy()
	s := New(spy, slog.New(slog.DiscardHandler))
	req := Track(context.Background())
	s.Lock(func() { require.NoError(t, s.Put(req, "k", "held", 1)) })
	s.Close()
	assert.Equal(t, "1", stored(t, spy, "k", "held"), "Close writes the units a request still holds")
	late := Track(context.Background())
	s.Lock(func() { require.NoError(t, s.Put(late, "k", "late", 2)) })
	assert.ErrorIs(t, s.Commit(late), store.ErrClosed)
	s.Close() // a second Close is harmless
}

func TestWithoutAStoreNothingWaits(t *testing.T) {
	s := New(nil, slog.New(slog.DiscardHandler))
	assert.False(t, s.Keeps())
	req := Track(context.Background())
	s.Lock(func() { require.NoError(t, s.Put(req, "k", "a", 1)) })
	s.SaveOwn(req, "k", "b", 2)
	assert.NoError(t, s.Commit(req))
	s.Close()
}

// TestReleaseLetsTheQueueGoOn: a request that never commits (its handler
// failed) releases its units, and those queued after them are written.
func TestReleaseLetsTheQueueGoOn(t *testing.T) {
	spy := storetest.NewSpy()
	s := newState(t, spy)
	req := Track(context.Background())
	s.Lock(func() { require.NoError(t, s.Put(req, "k", "a", 1)) })
	s.Lock(func() { require.NoError(t, s.Put(context.Background(), "k", "b", 2)) })
	s.Release(req)
	require.NoError(t, s.Commit(context.Background()))
	assert.Equal(t, "1", stored(t, spy, "k", "a"))
	assert.Equal(t, "2", stored(t, spy, "k", "b"))
	s.Release(req) // nothing left to release
}

// TestAGroupWritesARecordOnce: a record written by several units of one
// transaction (a sequence every payment takes) is stored once, with its
// last value, and the others keep their order.
func TestAGroupWritesARecordOnce(t *testing.T) {
	spy := storetest.NewSpy()
	release := spy.Hold()
	s := newState(t, spy)
	s.Lock(func() { require.NoError(t, s.Put(context.Background(), "k", "first", 0)) })
	require.Eventually(t, func() bool { return queued(s) == 0 }, 5*time.Second, time.Millisecond)
	for i := range 3 {
		s.Lock(func() {
			require.NoError(t, s.Put(context.Background(), "seq", "payments", i+1))
			require.NoError(t, s.Put(context.Background(), "payment", string(rune('a'+i)), i))
		})
	}
	require.Equal(t, 3, queued(s))
	release()
	require.NoError(t, s.Commit(context.Background()))
	assert.Equal(t, [][]string{{"k/first=0"}, {"payment/a=0", "payment/b=1", "seq/payments=3", "payment/c=2"}},
		transactions(spy))
}

// setDelay sets how long the committer waits for more units.
func setDelay(s *State, d time.Duration) {
	s.log.mu.Lock()
	s.log.delay = d
	s.log.mu.Unlock()
}

// commitPair writes two units in one transaction, as requests side by
// side do, so that the committer takes requests to be coming together.
func commitPair(t *testing.T, s *State, spy *storetest.Spy) {
	t.Helper()
	release := spy.Hold()
	s.Lock(func() { require.NoError(t, s.Put(context.Background(), "k", "gate", 0)) })
	require.Eventually(t, func() bool { return queued(s) == 0 }, 5*time.Second, time.Millisecond)
	var wg sync.WaitGroup
	for _, id := range []string{"p1", "p2"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			req := Track(context.Background())
			s.Lock(func() { assert.NoError(t, s.Put(req, "k", id, 1)) })
			assert.NoError(t, s.Commit(req))
		}()
	}
	require.Eventually(t, func() bool { return queued(s) == 2 }, 5*time.Second, time.Millisecond)
	release()
	wg.Wait()
}

// TestALoneClientIsNeverMadeToWait: one request after another, each
// transaction holding one unit, none waits for company (the delay is an
// hour here).
func TestALoneClientIsNeverMadeToWait(t *testing.T) {
	s := newState(t, storetest.NewSpy())
	setDelay(s, time.Hour)
	done := make(chan struct{})
	go func() {
		defer close(done)
		for i := range 20 {
			req := Track(context.Background())
			s.Lock(func() { assert.NoError(t, s.Put(req, "k", "a", i)) })
			assert.NoError(t, s.Commit(req))
		}
	}()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("a lone client's commits waited")
	}
}

// TestRequestsSideBySideShareATransaction: once transactions hold several
// units, a request's transaction waits a moment for another on its way.
func TestRequestsSideBySideShareATransaction(t *testing.T) {
	spy := storetest.NewSpy()
	s := newState(t, spy)
	commitPair(t, s, spy)
	setDelay(s, 500*time.Millisecond)
	before := len(spy.Transactions())
	var wg sync.WaitGroup
	for i, id := range []string{"first", "second"} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(time.Duration(i) * 20 * time.Millisecond) // the second comes a little later
			req := Track(context.Background())
			s.Lock(func() { assert.NoError(t, s.Put(req, "k", id, i)) })
			assert.NoError(t, s.Commit(req))
		}()
	}
	wg.Wait()
	txs := transactions(spy)[before:]
	require.Len(t, txs, 1, "one transaction for both")
	assert.ElementsMatch(t, []string{"k/first=0", "k/second=1"}, txs[0])
}

// TestCloseEndsTheWait: Close does not wait out the delay, and writes what
// was waiting.
func TestCloseEndsTheWait(t *testing.T) {
	spy := storetest.NewSpy()
	s := New(spy, slog.New(slog.DiscardHandler))
	commitPair(t, s, spy)
	setDelay(s, time.Hour)
	s.Lock(func() { require.NoError(t, s.Put(context.Background(), "k", "last", 9)) })
	require.Eventually(t, func() bool {
		s.log.mu.Lock()
		defer s.log.mu.Unlock()
		return s.log.waiting
	}, 5*time.Second, time.Millisecond, "the committer waits for company")
	closed := make(chan struct{})
	go func() {
		s.Close()
		close(closed)
	}()
	select {
	case <-closed:
	case <-time.After(5 * time.Second):
		t.Fatal("Close waited out the delay")
	}
	assert.Equal(t, "9", stored(t, spy, "k", "last"))
}
