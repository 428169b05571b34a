package main

import (
	"bytes"
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/internal/specexample"
)

// TestCLIExampleTemplatesAreValid pipes every body payspec example
// offers (every operation, every named example, requests and responses)
// through payspec validate, on the same day for both: today, a Friday that
// is a Federal Reserve holiday, and a day five years ahead. The spec's
// examples are dated for the day they were written; every body printed
// must be accepted on the day it is printed.
func TestCLIExampleTemplatesAreValid(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	now := time.Now().In(ny)
	days := []string{
		now.Format(time.DateOnly),
		"2026-12-25", // Christmas Day, a Friday
		now.AddDate(5, 0, 0).Format(time.DateOnly),
	}
	e, err := sharedEngines.get(context.Background(), schemaOnly)
	require.NoError(t, err)
	cat, err := sharedExamples.get(e)
	require.NoError(t, err)
	checked, covered := 0, map[string]bool{}
	for _, b := range cat {
		for _, ex := range b.examples {
			for _, day := range days {
				name := b.op.ID + " " + bodyName(b.body) + " " + exampleName(ex) + " on " + day
				args := []string{"example", b.op.ID, "--name", exampleName(ex), "--today", day}
				if b.body.Status != "" {
					args = append(args, "--response", b.body.Status)
				}
				printed := runCLI(t, "", args...)
				require.Equal(t, exitOK, printed.code, "%s: %s", name, printed.stderr)
				assert.Equal(t, withoutDates(t, ex.JSON), withoutDates(t, []byte(printed.stdout)),
					"%s: the spec's example, its dates aside", name)
				judged := runCLI(t, printed.stdout, validateArgs(b, day)...)
				assert.Equal(t, exitOK, judged.code, "%s:\n%s%s", name, judged.stdout, judged.stderr)
				checked++
			}
			covered[b.op.ID] = true
		}
	}
	assert.Greater(t, checked, 300*len(days))
	assert.Len(t, covered, len(e.Operations()), "every operation has an example body")
}

// withoutDates reads a JSON document, numbers as written, with every date
// replaced by "DATE".
func withoutDates(t *testing.T, doc []byte) any {
	t.Helper()
	dates, err := specexample.Dates(doc)
	require.NoError(t, err)
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var v any
	require.NoError(t, dec.Decode(&v))
	for _, d := range dates {
		v = setPointer(v, strings.Split(d.Pointer, "/")[1:], "DATE")
	}
	return v
}

// setPointer sets the value at a JSON Pointer's reference tokens.
func setPointer(v any, tokens []string, to any) any {
	if len(tokens) == 0 {
		return to
	}
	key := strings.ReplaceAll(strings.ReplaceAll(tokens[0], "~1", "/"), "~0", "~")
	switch c := v.(type) {
	case map[string]any:
		c[key] = setPointer(c[key], tokens[1:], to)
	case []any:
		if i, err := strconv.Atoi(key); err == nil && i < len(c) {
			c[i] = setPointer(c[i], tokens[1:], to)
		}
	}
	return v
}

// validateArgs judges standard input as payspec validate would judge the
// body on day: a request with plausible path parameters and required
// headers, or a response for its status (default: one no operation
// declares).
func validateArgs(b exampleBody, day string) []string {
	args := []string{"validate", "--op", b.op.ID, "--today", day}
	switch status := b.body.Status; status {
	case "":
		for _, p := range b.op.Parameters {
			switch {
			case p.In == "path":
				args = append(args, "--param", p.Name+"=1001")
			case p.In == "header" && p.Required:
				args = append(args, "--header", p.Name+": 0b7f5a4c-2a7e-4f39-9d1e-5b8d3c2a1f00")
			}
		}
	case "default":
		args = append(args, "--response", "418")
	default:
		args = append(args, "--response", status)
	}
	return append(args, "-")
}

// TestCLIExampleMovesDatesToTheRailsNextDay pins the day each kind of date
// moves to.
func TestCLIExampleMovesDatesToTheRailsNextDay(t *testing.T) {
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{[]string{"example", "createCreditPaymentV4", "--name", "achSenderInCrm", "--today", "2026-12-25"},
			[]string{`"paymentDate": "12-28-2026"`}}, // ACH: Christmas Day (Friday), then the weekend
		{[]string{"example", "createCreditPaymentV4", "--name", "achSenderInCrm", "--today", "2030-03-04"},
			[]string{`"paymentDate": "03-04-2030"`}}, // a business day: that day
		{[]string{"example", "createPaymentSession", "--today", "2031-06-03"},
			[]string{`"due_date": "2031-06-08"`}}, // at least five days on
		{[]string{"example", "createCreditPaymentV3", "--today", "2026-12-25"},
			[]string{`"paymentDate": "12-28-2026"`}},
	} {
		r := runCLI(t, "", tc.args...)
		require.Equal(t, exitOK, r.code, r.stderr)
		for _, w := range tc.want {
			assert.Contains(t, r.stdout, w, "%v", tc.args)
		}
	}
	r := runCLI(t, "", "example", "createCreditPaymentV4", "--today", "2026-02-30")
	assert.Equal(t, exitUsage, r.code)
	assert.Contains(t, r.stderr, "--today must be a date")
}

func TestCLIExampleKeepsNumbersAsWritten(t *testing.T) {
	r := runCLI(t, "", "example", "createQuote", "--name", "buyFixed")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `"amount": [0-9]+\.[0-9]{2}\b`, r.stdout, "two decimals, as the spec writes them")
	assert.True(t, strings.HasSuffix(r.stdout, "}\n"))
}
