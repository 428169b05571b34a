package main

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/internal/specexample"
	"github.com/payspec/payspec/validate"
)

// TestCLIExampleBodiesAreValid judges every body payspec example offers
// (the catalogue the command prints from), with one engine as payspec
// validate would: each must have no error. The command's own output is
// checked on one body of every operation, through the command.
func TestCLIExampleBodiesAreValid(t *testing.T) {
	ctx := context.Background()
	// The spec's examples are dated for the day the entry-point tests
	// judge them on.
	noon := time.Date(2026, time.November, 16, 12, 0, 0, 0, time.UTC)
	e, err := validate.New(ctx, validate.WithClock(func() time.Time { return noon }))
	require.NoError(t, err)
	cat, err := loadExamples(e)
	require.NoError(t, err)
	checked, covered, printed := 0, map[string]bool{}, map[string]bool{}
	for _, b := range cat {
		for _, ex := range b.examples {
			name := b.op.ID + "/" + b.body.Status + "/" + exampleName(ex)
			ps := judgeExample(t, e, b, ex.JSON)
			assert.False(t, ps.HasErrors(), "%s: %v", name, ps)
			checked++
			covered[b.op.ID] = true
			// The command prints one request, one response and one
			// default answer of each provider.
			kind := string(b.op.Provider) + "/" + min(b.body.Status, "x")
			if b.body.Status != "" && b.body.Status != "default" {
				kind = string(b.op.Provider) + "/status"
			}
			if !printed[kind] {
				printed[kind] = true
				checkPrinted(t, b, ex)
			}
		}
	}
	assert.Greater(t, checked, 100)
	assert.Len(t, covered, len(e.Operations()), "every operation has an example body")
	assert.GreaterOrEqual(t, len(printed), 5)
}

// judgeExample validates an example body as payspec validate does: a
// request with plausible path parameters and required headers, or a
// response for its status (default: one the operation does not declare).
func judgeExample(t *testing.T, e *validate.Engine, b exampleBody, body []byte) validate.Problems {
	t.Helper()
	h := http.Header{"Content-Type": {"application/json"}}
	var ps validate.Problems
	var err error
	switch status := b.body.Status; status {
	case "":
		params := map[string]string{}
		for _, p := range b.op.Parameters {
			switch {
			case p.In == "path":
				params[p.Name] = "1001"
			case p.In == "header" && p.Required:
				h.Set(p.Name, "0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f00")
			}
		}
		ps, err = e.ValidateRequest(context.Background(), b.op.ID, validate.Request{PathParams: params, Header: h, Body: body})
	default:
		code := 418 // declared by no operation: answered by default
		if status != "default" {
			code, err = strconv.Atoi(status)
			require.NoError(t, err)
		}
		ps, err = e.ValidateResponse(context.Background(), b.op.ID, validate.Response{Status: code, Header: h, Body: body})
	}
	require.NoError(t, err)
	return ps
}

// checkPrinted runs payspec example for one body and compares its output
// with the catalogue's.
func checkPrinted(t *testing.T, b exampleBody, ex specexample.Example) {
	t.Helper()
	args := []string{"example", b.op.ID, "--name", exampleName(ex)}
	if b.body.Status != "" {
		args = append(args, "--response", b.body.Status)
	}
	r := runCLI(t, "", args...)
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.JSONEq(t, string(ex.JSON), r.stdout, strings.Join(args, " "))
}

func TestCLIExampleKeepsNumbersAsWritten(t *testing.T) {
	r := runCLI(t, "", "example", "createQuote", "--name", "buyFixed")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `"amount": [0-9]+\.[0-9]{2}\b`, r.stdout, "two decimals, as the spec writes them")
	assert.True(t, strings.HasSuffix(r.stdout, "}\n"))
}
