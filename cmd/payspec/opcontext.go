package main

import (
	"fmt"
	"net/http"
	"net/textproto"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/payspec/payspec/validate"
)

// target is what a document is judged as: a request to an operation, or
// its response for a status, with the parameters and headers that go with
// it.
type target struct {
	op      validate.Operation
	status  int               // 0 for a request
	params  map[string]string // path and query parameters, by name
	headers http.Header
}

// job is one input and what its documents are judged as.
type job struct {
	in     input
	target target
}

// resolver finds the operation of each input: --op, else the first entry
// of the nearest manifest that matches, else the nearest directory named
// after an operation.
type resolver struct {
	e         *validate.Engine
	flags     *validateFlags
	flagOp    *validate.Operation // --op, looked up
	headers   http.Header
	params    map[string]string
	manifests map[string]*manifest // by absolute directory; nil: none there
}

// newResolver looks --op up, so that an unknown operation is reported
// before any input is read.
func newResolver(e *validate.Engine, f *validateFlags, headers http.Header) (*resolver, error) {
	r := &resolver{e: e, flags: f, headers: headers, params: map[string]string{}, manifests: map[string]*manifest{}}
	for _, p := range f.params {
		name, value, _ := strings.Cut(p, "=")
		r.params[name] = value
	}
	if f.op != "" {
		op, err := r.operation(f.op)
		if err != nil {
			return nil, err
		}
		r.flagOp = &op
	}
	return r, nil
}

// plan resolves every input. Inputs without an operation, a broken
// manifest and a --param no operation declares are usage errors, all found
// before anything is judged.
func (r *resolver) plan(inputs []input) ([]job, error) {
	jobs := make([]job, 0, len(inputs))
	var orphans []string
	for _, in := range inputs {
		t, found, err := r.resolve(in, r.flagOp)
		switch {
		case err != nil:
			return nil, err
		case !found:
			orphans = append(orphans, in.name)
			continue
		}
		if in.nobody {
			in.name = "<" + t.op.ID + ">"
		}
		jobs = append(jobs, job{in: in, target: t})
	}
	if len(orphans) > 0 {
		return nil, orphanError(orphans)
	}
	return jobs, r.checkFlagParams(jobs)
}

// operation finds an operation by id, suggesting the closest for a typo.
func (r *resolver) operation(id string) (validate.Operation, error) {
	return findOperation(r.e, "validate", id)
}

// findOperation finds an operation by id; the error for an unknown one
// names the closest id, as the command named cmd reports it.
func findOperation(e *validate.Engine, cmd, id string) (validate.Operation, error) {
	if op, ok := e.Operation(id); ok {
		return op, nil
	}
	ids := make([]string, 0, len(e.Operations()))
	for _, op := range e.Operations() {
		ids = append(ids, op.ID)
	}
	if best, ok := closest(id, ids); ok {
		return validate.Operation{}, usagef("%s: unknown operation %q (did you mean %s?)", cmd, id, best)
	}
	return validate.Operation{}, usagef("%s: unknown operation %q (see payspec ops)", cmd, id)
}

// resolve finds the target of one input; found is false when nothing says
// which operation it is for.
func (r *resolver) resolve(in input, flagOp *validate.Operation) (target, bool, error) {
	t := target{status: r.flags.response, params: map[string]string{}, headers: http.Header{}}
	switch {
	case flagOp != nil:
		t.op = *flagOp
	case in.stdin:
		return t, false, usagef("validate: standard input needs --op")
	case in.nobody:
		return t, false, usagef("validate: name the documents to judge (FILE, DIR, GLOB or - for standard input), " +
			"or --op for an operation without a request body")
	default:
		var err error
		var found bool
		if t, found, err = r.fromContext(in.path, t); err != nil || !found {
			return t, found, err
		}
	}
	if in.nobody && t.op.RequestBody && t.status == 0 {
		return t, false, usagef("validate: %s takes a request body: name FILE, DIR, GLOB or - for standard input", t.op.ID)
	}
	if t.status != 0 {
		clear(t.params) // parameters belong to requests
	}
	for name, value := range r.params {
		t.params[name] = value
	}
	for name, values := range r.headers {
		t.headers[name] = values
	}
	return t, true, nil
}

// fromContext finds the operation of a file from a manifest or from the
// directories above it.
func (r *resolver) fromContext(path string, t target) (target, bool, error) {
	abs, err := filepath.Abs(path)
	if err != nil {
		return t, false, usagef("validate: %s: %v", path, err)
	}
	m, err := r.manifestFor(filepath.Dir(abs))
	if err != nil {
		return t, false, err
	}
	if m != nil {
		if entry, ok := m.match(abs); ok {
			if t.status == 0 {
				t.status = entry.Response
			}
			for name, value := range entry.Params {
				t.params[name] = value
			}
			for name, value := range entry.Headers {
				t.headers.Set(textproto.CanonicalMIMEHeaderKey(name), value)
			}
			if entry.Op != "" {
				t.op = entry.op
				return t, true, nil
			}
		}
	}
	op, ok := r.directoryOperation(filepath.Dir(abs))
	t.op = op
	return t, ok, nil
}

// directoryOperation is the operation named by the nearest directory at
// or above dir.
func (r *resolver) directoryOperation(dir string) (validate.Operation, bool) {
	for {
		if op, ok := r.e.Operation(filepath.Base(dir)); ok {
			return op, true
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return validate.Operation{}, false
		}
		dir = parent
	}
}

// manifestFor is the nearest manifest at or above dir, looking no higher
// than the directory holding .git (the top of a repository).
func (r *resolver) manifestFor(dir string) (*manifest, error) {
	for {
		m, seen := r.manifests[dir]
		if !seen {
			var err error
			if m, err = loadManifest(r.e, dir); err != nil {
				return nil, err
			}
			r.manifests[dir] = m
		}
		if m != nil {
			return m, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir || exists(filepath.Join(dir, ".git")) {
			return nil, nil
		}
		dir = parent
	}
}

func exists(p string) bool {
	_, err := os.Lstat(p)
	return err == nil
}

// checkFlagParams refuses a --param that no operation judged declares as
// a path or query parameter.
func (r *resolver) checkFlagParams(jobs []job) error {
	var ops []string
	for _, j := range jobs {
		if !slices.Contains(ops, j.target.op.ID) {
			ops = append(ops, j.target.op.ID)
		}
	}
	for _, p := range r.flags.params {
		name, _, _ := strings.Cut(p, "=")
		declared := slices.ContainsFunc(jobs, func(j job) bool {
			_, ok := paramIn(j.target.op, name)
			return ok
		})
		switch {
		case declared:
		case len(ops) == 1:
			return usagef("validate: %s has no path or query parameter %q", ops[0], name)
		default:
			return usagef("validate: none of the operations judged (%s) has a path or query parameter %q",
				strings.Join(ops, ", "), name)
		}
	}
	return nil
}

// orphanError names the inputs no operation could be found for.
func orphanError(names []string) error {
	shown := names
	more := ""
	if len(shown) > 3 {
		shown, more = shown[:3], fmt.Sprintf(" and %d more", len(names)-3)
	}
	return usagef("validate: no operation for %s%s: give --op, list them in a payspec.yaml manifest, "+
		"or keep them in a directory named after their operation", strings.Join(shown, ", "), more)
}

// paramIn returns where the operation declares a path or query parameter.
func paramIn(op validate.Operation, name string) (string, bool) {
	for _, p := range op.Parameters {
		if p.Name == name && (p.In == "path" || p.In == "query") {
			return p.In, true
		}
	}
	return "", false
}
