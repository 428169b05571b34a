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
	engine   *validate.Engine // with the rules that apply
	op       validate.Operation
	status   int               // 0 for a request
	params   map[string]string // path and query parameters, by name
	headers  http.Header
	manifest string // the manifest that applied, as shown; "" for none
}

// job is one input and what its documents are judged as.
type job struct {
	in     input
	target target
}

// resolver finds the operation of each input: --op, else the first entry
// of the nearest manifest that matches, else the nearest directory named
// after an operation; and the rules that judge it: --rules-config or
// --no-rules, else the configuration the nearest manifest names.
type resolver struct {
	e         *validate.Engine // the engine the flags describe
	engineFor func(rulesConfig string) (*validate.Engine, error)
	flags     *validateFlags
	flagOp    *validate.Operation // --op, looked up
	headers   http.Header
	params    map[string]string
	manifests map[string]*manifest // by absolute directory; nil: none there
	wd        string               // the working directory, absolute; "" when unknown
	tops      map[string]string    // the top of the repository ("" for none), by directory
}

// newResolver looks --op up, so that an unknown operation is reported
// before any input is read.
func newResolver(e *validate.Engine, f *validateFlags, headers http.Header,
	engineFor func(rulesConfig string) (*validate.Engine, error)) (*resolver, error) {
	r := &resolver{e: e, engineFor: engineFor, flags: f, headers: headers, params: map[string]string{},
		manifests: map[string]*manifest{}, tops: map[string]string{}}
	if wd, err := os.Getwd(); err == nil {
		r.wd = wd
	}
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
	t := target{engine: r.e, status: r.flags.response, params: map[string]string{}, headers: http.Header{}}
	// The nearest manifest: the document's, or for standard input and a
	// request without a body the working directory's.
	dir, named, abs := r.wd, r.wd, ""
	if in.path != "" {
		var err error
		if abs, err = filepath.Abs(in.path); err != nil {
			return t, false, usagef("validate: %s: %v", in.path, err)
		}
		if named, err = filepath.Abs(in.named); err != nil || in.named == "" {
			named = filepath.Dir(abs)
		}
		dir = filepath.Dir(abs)
	}
	var m *manifest
	if dir != "" {
		var err error
		if m, err = r.manifestFor(dir, named); err != nil {
			return t, false, err
		}
	}
	if err := r.applyRules(&t, m); err != nil {
		return t, false, err
	}
	switch {
	case flagOp != nil:
		t.op = *flagOp
	case in.stdin:
		return t, false, usagef("validate: standard input needs --op")
	case in.nobody:
		return t, false, usagef("validate: name the documents to judge (FILE, DIR, GLOB or - for standard input), " +
			"or --op for an operation without a request body")
	default:
		if found := r.fromContext(abs, m, &t); !found {
			return t, false, nil
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

// applyRules gives the target the engine of the manifest's rules
// configuration, unless the flags choose the rules.
func (r *resolver) applyRules(t *target, m *manifest) error {
	if m == nil || m.rules == "" || r.flags.noRules || r.flags.rulesConfig != "" {
		return nil
	}
	e, err := r.engineFor(m.rules)
	if err != nil {
		return err
	}
	t.engine, t.manifest = e, m.path
	return nil
}

// fromContext finds the operation of a file from the first entry of its
// manifest that matches it, or from the directories above it.
func (r *resolver) fromContext(abs string, m *manifest, t *target) bool {
	if m != nil {
		if entry, ok := m.match(abs); ok {
			t.manifest = m.path
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
				return true
			}
		}
	}
	op, ok := r.directoryOperation(filepath.Dir(abs))
	t.op = op
	return ok
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

// manifestFor is the nearest manifest at or above dir that the search
// may reach (see searchTop); named is the directory the command line named
// for the document.
func (r *resolver) manifestFor(dir, named string) (*manifest, error) {
	top := r.searchTop(dir, named)
	for {
		m, seen := r.manifests[dir]
		if !seen {
			var err error
			if m, err = loadManifest(r.e, dir, top); err != nil {
				return nil, err
			}
			r.manifests[dir] = m
		}
		if m != nil {
			return m, nil
		}
		parent := filepath.Dir(dir)
		if dir == top.dir || parent == dir {
			return nil, nil
		}
		dir = parent
	}
}

// searchBound is the highest directory a manifest search reaches, and
// what it is, for messages.
type searchBound struct {
	dir  string
	name string // "the repository", "the working directory", ...
}

// searchTop is the highest directory the manifest search from dir may
// reach: the top of the repository dir is in (the directory holding
// .git); outside a repository, the working directory when dir is below
// it, else the directory the command line named (a directory argument, a
// glob's directory before its wildcards, a file's own directory). A
// manifest above a repository, or in a shared directory above the
// working directory (a planted /tmp/payspec.yaml), is never read.
func (r *resolver) searchTop(dir, named string) searchBound {
	repo, ok := r.tops[dir]
	if !ok {
		repo = repositoryTop(dir)
		r.tops[dir] = repo
	}
	if repo != "" {
		return searchBound{repo, "the repository"}
	}
	if r.wd != "" && isBelow(dir, r.wd) {
		return searchBound{r.wd, "the working directory"}
	}
	if isBelow(dir, named) {
		return searchBound{named, "the directory named on the command line"}
	}
	return searchBound{dir, "the document's directory"}
}

// repositoryTop is the nearest directory at or above dir that holds .git,
// or "".
func repositoryTop(dir string) string {
	for {
		if exists(filepath.Join(dir, ".git")) {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// isBelow reports whether p is dir or lies below it.
func isBelow(p, dir string) bool {
	rel, err := filepath.Rel(dir, p)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator)) && !filepath.IsAbs(rel)
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
