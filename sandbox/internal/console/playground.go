package console

import (
	"cmp"
	"errors"
	"net/http"
	"slices"
	"strings"
)

// opGroup is one provider's operations in the playground's list.
type opGroup struct {
	Provider string
	Ops      []Operation
}

// paramField is one parameter input of the playground.
type paramField struct {
	Param
	ID, Value string
}

// problemView is a problem with where its text is: Start and End are
// UTF-16 offsets into the body as a browser's textarea counts them (-1
// when the problem is not in the body), Target the id of the control it
// is about.
type problemView struct {
	Problem
	Start, End int
	Target     string
}

// playView is the playground page.
type playView struct {
	Groups    []opGroup
	Op        *Operation
	Examples  []Example
	Example   string // the example loaded
	Params    []paramField
	Body      string
	Validated bool
	Problems  []problemView
	Errors    int
	Answer    *Answer
	Error     string
}

// maxParam bounds a parameter's value.
const maxParam = 512

// sortedOperations orders operations by provider, then id, and indexes
// them by id.
func sortedOperations(ops []Operation) ([]Operation, map[string]Operation) {
	ops = slices.Clone(ops)
	slices.SortFunc(ops, func(a, b Operation) int {
		return cmp.Or(cmp.Compare(a.Provider, b.Provider), cmp.Compare(a.ID, b.ID))
	})
	byID := make(map[string]Operation, len(ops))
	for _, op := range ops {
		byID[op.ID] = op
	}
	return ops, byID
}

func (c *Console) groups() []opGroup {
	var out []opGroup
	for _, op := range c.ops {
		if n := len(out); n == 0 || out[n-1].Provider != op.Provider {
			out = append(out, opGroup{Provider: op.Provider})
		}
		out[len(out)-1].Ops = append(out[len(out)-1].Ops, op)
	}
	return out
}

// playgroundFor starts the page of an operation ("" for none); it
// reports false, having answered, when the operation is unknown.
func (c *Console) playgroundFor(w http.ResponseWriter, r *http.Request, id string) (playView, bool) {
	v := playView{Groups: c.groups()}
	if id == "" {
		return v, true
	}
	op, ok := c.opByID[strings.TrimSpace(id)]
	if !ok {
		v.Error = "No operation of either spec has this id; choose one from the list."
		c.page(w, r, http.StatusNotFound, "playground", "Playground", v)
		return v, false
	}
	v.Op = &op
	if op.Body {
		ex, err := c.backend.Examples(op.ID)
		if err != nil && !errors.Is(err, ErrUnknownOperation) {
			c.failBackend(w, r, err)
			return v, false
		}
		v.Examples = ex
	}
	for _, p := range op.Params {
		v.Params = append(v.Params, paramField{Param: p, ID: "param-" + p.Name})
	}
	return v, true
}

// playground shows the operation list and, for a chosen operation, its
// editor, with an example loaded when one is asked for.
func (c *Console) playground(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	v, ok := c.playgroundFor(w, r, q.Get("op"))
	if !ok {
		return
	}
	title := "Playground"
	if v.Op != nil {
		title = v.Op.ID + " · Playground"
	}
	if name := q.Get("example"); name != "" && v.Op != nil {
		i := slices.IndexFunc(v.Examples, func(e Example) bool { return e.Name == name })
		if i < 0 {
			v.Error = "This operation has no example of that name."
			c.page(w, r, http.StatusNotFound, "playground", title, v)
			return
		}
		v.Example, v.Body = name, v.Examples[i].JSON
	}
	c.page(w, r, http.StatusOK, "playground", title, v)
}

// playgroundPost validates the edited request and, when asked and valid,
// sends it.
func (c *Console) playgroundPost(w http.ResponseWriter, r *http.Request) {
	v, ok := c.playgroundFor(w, r, r.PostForm.Get("op"))
	if !ok {
		return
	}
	if v.Op == nil {
		c.fail(w, r, http.StatusBadRequest, "The form names no operation.")
		return
	}
	title := v.Op.ID + " · Playground"
	// Browsers send a textarea's lines ending in CR LF; the body is kept
	// as the textarea holds it, so that offsets agree with the script's.
	v.Body = strings.ReplaceAll(r.PostForm.Get("body"), "\r\n", "\n")
	call := Call{Operation: v.Op.ID, Params: map[string]string{}}
	if v.Op.Body {
		call.Body = []byte(v.Body)
	}
	for i := range v.Params {
		val := r.PostForm.Get("p." + v.Params[i].Name)
		if len(val) > maxParam || strings.ContainsAny(val, "\r\n\x00") {
			v.Error = "The parameter " + v.Params[i].Name + " must be one line of at most 512 bytes."
			c.page(w, r, http.StatusBadRequest, "playground", title, v)
			return
		}
		v.Params[i].Value = val
		if val != "" {
			call.Params[v.Params[i].Name] = val
		}
	}
	problems, err := c.backend.Validate(r.Context(), call)
	if err != nil {
		c.failBackend(w, r, err)
		return
	}
	v.Validated = true
	v.Problems, v.Errors = c.problemViews(v.Body, problems)
	if r.PostForm.Get("action") == "send" {
		c.send(r, &v, call)
	}
	c.page(w, r, http.StatusOK, "playground", title, v)
}

// send sends a valid request and keeps the answer for the page.
func (c *Console) send(r *http.Request, v *playView, call Call) {
	if v.Errors > 0 {
		v.Error = "Not sent: the request has errors. Fix them and send again."
		return
	}
	ans, err := c.backend.Send(r.Context(), call)
	switch {
	case errors.Is(err, ErrNotSendable):
		v.Error = "The sandbox sends this webhook itself; it can be validated here, not sent."
	case err != nil:
		v.Error = "The request could not be sent: " + err.Error()
	default:
		v.Answer = &ans
	}
}

// problemViews places each problem in the body, and counts the errors.
func (c *Console) problemViews(body string, ps []Problem) ([]problemView, int) {
	out := make([]problemView, len(ps))
	errs := 0
	for i, p := range ps {
		pv := problemView{Problem: p, Start: -1, End: -1, Target: "body"}
		switch {
		case p.Param != "":
			pv.Target = "param-" + p.Param
		case p.Offset >= 0:
			pv.Start, pv.End = span(body, p.Offset)
		}
		if p.Severity == "error" {
			errs++
		}
		out[i] = pv
	}
	return out, errs
}
