package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"os"
	"sync"

	"github.com/payspec/payspec/cmd/payspec/internal/report"
	"github.com/payspec/payspec/internal/jsonpos"
	"github.com/payspec/payspec/internal/strictjson"
	"github.com/payspec/payspec/validate"
)

// stdinName names standard input in results.
const stdinName = report.StdinName

// judge validates the documents of a plan in parallel and hands the
// results to a report writer in the plan's order.
type judge struct {
	jobs     int       // documents judged at once
	stdin    io.Reader // standard input, for "-"
	limit    int64     // the body limit; inputs are read to at most limit+1 bytes
	progress *progress
	stderr   io.Writer
}

// document is one body to judge: a whole file, or one NDJSON line.
type document struct {
	job  job
	line int    // NDJSON line, 0 for a whole input
	body []byte // nil: read job.in.path when judged
	err  string // why the input could not be read
}

// run judges every document of the plan. Results reach w in order: a
// producer reads the inputs (NDJSON line by line) and hands each document
// to a worker, then queues a slot for its result; the writer takes the
// slots in queue order. The queue is bounded, so memory stays within a few
// documents per worker whatever the number of inputs.
func (j *judge) run(ctx context.Context, plan []job, w report.Writer) (report.Summary, error) {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	type slot struct {
		doc    document
		result chan report.Result
	}
	work := make(chan slot)
	queue := make(chan slot, 2*j.jobs)
	var wg sync.WaitGroup
	for range j.jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for s := range work {
				s.result <- j.judgeOne(ctx, s.doc)
			}
		}()
	}
	go func() {
		defer close(queue)
		defer close(work)
		j.produce(ctx, plan, func(d document) bool {
			// A worker takes the document first, then its slot joins the
			// queue: a slot in the queue always gets its result, so the
			// writer side never waits for one that will not come.
			s := slot{doc: d, result: make(chan report.Result, 1)}
			select {
			case work <- s:
			case <-ctx.Done():
				return false
			}
			select {
			case queue <- s:
				return true
			case <-ctx.Done():
				return false
			}
		})
	}()
	sum := report.Summary{Noun: nounOf(plan)}
	var werr error
	for s := range queue {
		r := <-s.result
		sum.Tally(r)
		j.progress.step()
		if r.Err != "" {
			fmt.Fprintf(j.stderr, "payspec: %s: %s\n", report.Printable(r.Source.String()), report.Printable(r.Err))
		}
		if werr == nil {
			if werr = w.Add(r); werr != nil {
				cancel()
			}
		}
	}
	wg.Wait()
	j.progress.done()
	if werr != nil {
		return sum, werr
	}
	return sum, w.Close(sum)
}

// nounOf names what the documents of a plan are: files, NDJSON documents,
// or a request without a body.
func nounOf(plan []job) string {
	switch {
	case len(plan) > 0 && plan[0].in.ndjson:
		return "document"
	case len(plan) == 1 && plan[0].in.nobody:
		return "request"
	}
	return "file"
}

// produce reads the inputs in order and hands each document to emit, until
// emit returns false.
func (j *judge) produce(ctx context.Context, plan []job, emit func(document) bool) {
	for _, jb := range plan {
		if ctx.Err() != nil {
			return
		}
		switch {
		case jb.in.ndjson:
			if !j.produceLines(jb, emit) {
				return
			}
		case jb.in.stdin:
			body, err := readAtMost(j.stdin, j.limit)
			d := document{job: jb, body: body}
			if err != nil {
				d.err = "cannot read standard input: " + err.Error()
			}
			if !emit(d) {
				return
			}
		default:
			if !emit(document{job: jb}) {
				return
			}
		}
	}
}

// produceLines emits each non-blank line of an NDJSON input as a document.
// A line longer than the body limit is judged on its first limit+1 bytes
// (so it is refused as too large) and ends the reading of that input,
// which is then reported as not read in full.
func (j *judge) produceLines(jb job, emit func(document) bool) bool {
	var r io.Reader = j.stdin
	if !jb.in.stdin {
		f, err := os.Open(jb.in.path)
		if err != nil {
			return emit(document{job: jb, err: "cannot read: " + unwrapPathError(err).Error()})
		}
		defer f.Close()
		r = f
	}
	br := bufio.NewReaderSize(r, int(min(j.limit+2, 1<<30)))
	for line := 1; ; line++ {
		text, err := br.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			emit(document{job: jb, line: line, body: bytes.Clone(text[:min(int64(len(text)), j.limit+1)])})
			return emit(document{job: jb, line: line, err: fmt.Sprintf("line %d is longer than %d bytes; the rest of the input was not read", line, j.limit)})
		}
		// The line as written (less its end), so that columns are the
		// file's; a line of nothing but spaces is no document.
		if body := bytes.TrimRight(text, "\r\n"); len(bytes.TrimSpace(body)) > 0 {
			if !emit(document{job: jb, line: line, body: bytes.Clone(body)}) {
				return false
			}
		}
		switch {
		case errors.Is(err, io.EOF):
			return true
		case err != nil:
			return emit(document{job: jb, line: line, err: "cannot read: " + err.Error()})
		}
	}
}

// judgeOne reads a document if need be, validates it and locates its
// problems in its text.
func (j *judge) judgeOne(ctx context.Context, d document) report.Result {
	t := d.job.target
	r := report.Result{Source: report.Source{File: d.job.in.name, Line: d.line}, Operation: t.op.ID, Response: t.status,
		Manifest: t.manifest}
	if d.err != "" {
		r.Err = d.err
		return r
	}
	body := d.body
	if body == nil && d.job.in.path != "" {
		b, err := readFile(d.job.in.path, j.limit)
		if err != nil {
			r.Err = "cannot read: " + err.Error()
			return r
		}
		body = b
	}
	ps, err := j.validate(ctx, t, body)
	if err != nil {
		r.Err = err.Error()
		return r
	}
	r.Problems = ps
	if len(ps) > 0 {
		r.Positions = locate(body, ps, d.line)
	}
	return r
}

// validate judges one body as its target says.
func (j *judge) validate(ctx context.Context, t target, body []byte) (validate.Problems, error) {
	header := t.headers.Clone()
	if len(body) > 0 && header.Get("Content-Type") == "" {
		header.Set("Content-Type", "application/json")
	}
	if t.status != 0 {
		return t.engine.ValidateResponse(ctx, t.op.ID, validate.Response{Status: t.status, Header: header, Body: body})
	}
	path, query := map[string]string{}, url.Values{}
	for name, value := range t.params {
		switch in, ok := paramIn(t.op, name); {
		case !ok:
			// A parameter given for other operations of the run.
		case in == "path":
			path[name] = value
		default:
			query.Add(name, value)
		}
	}
	return t.engine.ValidateRequest(ctx, t.op.ID, validate.Request{PathParams: path, Query: query, Header: header, Body: body})
}

// readFile reads a file to at most limit+1 bytes.
func readFile(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	b, err := readAtMost(f, limit)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	return b, nil
}

// locate finds the line and column of each problem in the body; problems
// of the reading itself are placed where the reader stopped. line is the
// NDJSON line the body came from (0 for a whole file).
func locate(body []byte, ps validate.Problems, line int) []jsonpos.Position {
	pointers := make([]string, len(ps))
	for i, p := range ps {
		pointers[i] = p.Pointer
	}
	pos := jsonpos.Locate(body, pointers)
	for i, p := range ps {
		if isReadingCode(p.Code) {
			var se *strictjson.Error
			if _, err := strictjson.Parse(body, validate.DefaultMaxDepth); errors.As(err, &se) && se.Code == p.Code {
				pos[i] = jsonpos.At(body, se.Offset)
			}
		}
	}
	if line > 0 {
		for i := range pos {
			pos[i].Line += line - 1
		}
	}
	return pos
}

// isReadingCode reports whether a code is one of the strict reader's.
func isReadingCode(code string) bool {
	switch code {
	case validate.CodeInvalidJSON, validate.CodeInvalidUTF8, validate.CodeDuplicateKey, validate.CodeTrailingData, validate.CodeTooDeep:
		return true
	}
	return false
}
