package main

import (
	"errors"
	"io"
	"sync"
	"time"
)

// maxPendingLog bounds the request log lines waiting to be written. Past
// it, a request waits for the output, as it would writing directly: a
// stalled reader slows the sandbox down instead of growing its memory.
const maxPendingLog = 1 << 20

// logLinger is how long the writer lets lines gather after a write before
// it writes again. A line that comes after a quiet spell is written at
// once; under load the lines of this long share one system call instead of
// taking one each, and a line waits this long at most.
const logLinger = 2 * time.Millisecond

// batchWriter writes to out from a goroutine of its own, each write
// carrying everything written to it since the last, with at least
// logLinger between two writes: one system call a line when requests come
// one at a time, one for many lines under load. Nothing written is
// dropped; Close writes what is pending at once.
type batchWriter struct {
	out     io.Writer
	mu      sync.Mutex
	ready   sync.Cond // something is pending, or the writer is closed
	room    sync.Cond // pending has room again
	pending []byte
	waiting int // writers waiting for room, whose lines are still to come
	closed  bool
	closing chan struct{} // closed by Close, to end a linger
	done    chan struct{}
}

func newBatchWriter(out io.Writer) *batchWriter {
	b := &batchWriter{out: out, closing: make(chan struct{}), done: make(chan struct{})}
	b.ready.L, b.room.L = &b.mu, &b.mu
	go b.run()
	return b
}

// Write queues p for the output. It never fails: an output that fails
// loses lines, as a log on a full disk would.
func (b *batchWriter) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.closed && b.waiting == 0 && len(b.pending) == 0 {
		select {
		case <-b.done: // the writer has stopped: write directly
			return b.out.Write(p)
		default:
		}
	}
	b.waiting++
	for len(b.pending) > 0 && len(b.pending)+len(p) > maxPendingLog {
		b.room.Wait()
	}
	b.waiting--
	b.pending = append(b.pending, p...)
	b.ready.Signal()
	return len(p), nil
}

func (b *batchWriter) run() {
	var buf []byte
	for {
		b.mu.Lock()
		for len(b.pending) == 0 && (!b.closed || b.waiting > 0) {
			b.ready.Wait()
		}
		if len(b.pending) == 0 {
			close(b.done) // under the lock: a Write sees it or is drained
			b.mu.Unlock()
			return
		}
		buf, b.pending = b.pending, buf[:0]
		b.room.Broadcast()
		closed := b.closed
		b.mu.Unlock()
		_, _ = b.out.Write(buf)
		if !closed {
			b.linger()
		}
	}
}

// linger waits logLinger, or less if Close is called meanwhile.
func (b *batchWriter) linger() {
	t := time.NewTimer(logLinger)
	defer t.Stop()
	select {
	case <-t.C:
	case <-b.closing:
	}
}

// closeWait bounds how long Close waits for an output that takes no more.
const closeWait = 5 * time.Second

// Close writes what is pending and stops the writer; later writes go to
// the output directly. It gives up after closeWait when the output does
// not drain (a reader that stopped reading), rather than hang the exit.
func (b *batchWriter) Close() error {
	b.mu.Lock()
	if !b.closed {
		b.closed = true
		close(b.closing)
	}
	b.ready.Signal()
	b.mu.Unlock()
	select {
	case <-b.done:
		return nil
	case <-time.After(closeWait):
		return errors.New("payspec: the request log's output took no more lines")
	}
}
