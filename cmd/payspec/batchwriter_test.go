package main

import (
	"bytes"
	"fmt"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// gatedOutput records each write, and can hold writes until opened.
type gatedOutput struct {
	mu     sync.Mutex
	buf    bytes.Buffer
	writes int
	gate   chan struct{} // nil: open
}

func (g *gatedOutput) Write(p []byte) (int, error) {
	if g.gate != nil {
		<-g.gate
	}
	g.mu.Lock()
	defer g.mu.Unlock()
	g.writes++
	return g.buf.Write(p)
}

func (g *gatedOutput) String() string {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.buf.String()
}

func TestBatchWriterLosesNothingAndKeepsEachWritersOrder(t *testing.T) {
	out := &gatedOutput{}
	b := newBatchWriter(out)
	const writers, lines = 8, 500
	var wg sync.WaitGroup
	for w := range writers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range lines {
				_, _ = fmt.Fprintf(b, "%d %d\n", w, i)
			}
		}()
	}
	wg.Wait()
	require.NoError(t, b.Close())
	next := make([]int, writers)
	got := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	require.Len(t, got, writers*lines)
	for _, line := range got {
		var w, i int
		_, err := fmt.Sscanf(line, "%d %d", &w, &i)
		require.NoError(t, err)
		require.Equal(t, next[w], i, "writer %d's lines in order", w)
		next[w]++
	}
	_, _ = b.Write([]byte("after close\n"))
	assert.True(t, strings.HasSuffix(out.String(), "after close\n"), "a write after Close goes straight out")
}

func TestBatchWriterJoinsWhatWaitsWhileTheOutputIsBusy(t *testing.T) {
	out := &gatedOutput{gate: make(chan struct{})}
	b := newBatchWriter(out)
	_, _ = b.Write([]byte("first\n"))
	time.Sleep(20 * time.Millisecond) // the writer takes it and waits at the gate
	for i := range 100 {
		_, _ = fmt.Fprintf(b, "line %d\n", i)
	}
	close(out.gate)
	require.NoError(t, b.Close())
	assert.Equal(t, 101, strings.Count(out.String(), "\n"))
	assert.LessOrEqual(t, out.writes, 3, "the hundred lines that waited go out together")
}

// TestBatchWriterGathersLinesThatComeOneByOne: lines written one at a time,
// each writer yielding in between (as requests finishing one after another
// do), share a few writes, while the first line of a quiet spell goes out
// at once.
func TestBatchWriterGathersLinesThatComeOneByOne(t *testing.T) {
	out := &gatedOutput{}
	b := newBatchWriter(out)
	_, _ = b.Write([]byte("first\n"))
	require.Eventually(t, func() bool { return out.String() == "first\n" }, time.Second, time.Millisecond/4,
		"a line after a quiet spell is written without waiting for more")
	time.Sleep(2 * logLinger)
	for i := range 200 {
		_, _ = fmt.Fprintf(b, "line %d\n", i)
		runtime.Gosched()
	}
	require.NoError(t, b.Close())
	assert.Equal(t, 201, strings.Count(out.String(), "\n"))
	assert.Less(t, out.writes, 40, "the lines shared writes")
}

func TestBatchWriterHoldsABoundedBacklog(t *testing.T) {
	out := &gatedOutput{gate: make(chan struct{})}
	b := newBatchWriter(out)
	_, _ = b.Write([]byte("first\n"))
	time.Sleep(20 * time.Millisecond)
	big := bytes.Repeat([]byte("x"), maxPendingLog/2)
	_, _ = b.Write(big)
	_, _ = b.Write(big)
	blocked := make(chan struct{})
	go func() {
		_, _ = b.Write(big) // past the bound: waits for the output
		close(blocked)
	}()
	select {
	case <-blocked:
		t.Fatal("a write past the bound should wait while the output is stalled")
	case <-time.After(50 * time.Millisecond):
	}
	close(out.gate)
	select {
	case <-blocked:
	case <-time.After(5 * time.Second):
		t.Fatal("the write should go on once the output drains")
	}
	require.NoError(t, b.Close())
	assert.Equal(t, len("first\n")+3*len(big), len(out.String()))
}

func TestBatchWriterCloseWritesWhatWaitedForRoom(t *testing.T) {
	out := &gatedOutput{gate: make(chan struct{})}
	b := newBatchWriter(out)
	_, _ = b.Write([]byte("first\n"))
	time.Sleep(20 * time.Millisecond)
	big := bytes.Repeat([]byte("x"), maxPendingLog)
	_, _ = b.Write(big)
	var wg sync.WaitGroup
	for range 3 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, _ = b.Write([]byte("waited\n")) // no room: waits
		}()
	}
	time.Sleep(20 * time.Millisecond)
	closed := make(chan struct{})
	go func() {
		_ = b.Close()
		close(closed)
	}()
	close(out.gate)
	wg.Wait()
	<-closed
	assert.Equal(t, 3, strings.Count(out.String(), "waited\n"), "the lines that waited for room at Close are written")
}
