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

// batchWriter writes to out from a goroutine of its own, each write
// carrying everything written to it since the last: one system call a line
// when requests come one at a time, one for many lines under load. Nothing
// written is dropped; Close writes what is pending.
type batchWriter struct {
	out     io.Writer
	mu      sync.Mutex
	ready   sync.Cond // something is pending, or the writer is closed
	room    sync.Cond // pending has room again
	pending []byte
	waiting int // writers waiting for room, whose lines are still to come
	closed  bool
	done    chan struct{}
}

func newBatchWriter(out io.Writer) *batchWriter {
	b := &batchWriter{out: out, done: make(chan struct{})}
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
		b.mu.Unlock()
		_, _ = b.out.Write(buf)
	}
}

// closeWait bounds how long Close waits for an output that takes no more.
const closeWait = 5 * time.Second

// Close writes what is pending and stops the writer; later writes go to
// the output directly. It gives up after closeWait when the output does
// not drain (a reader that stopped reading), rather than hang the exit.
func (b *batchWriter) Close() error {
	b.mu.Lock()
	b.closed = true
	b.ready.Signal()
	b.mu.Unlock()
	select {
	case <-b.done:
		return nil
	case <-time.After(closeWait):
		return errors.New("payspec: the request log's output took no more lines")
	}
}
