package tests

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// Constraint coverage: beside declaring the provider's fields, the
// operations marked below in constraintOps carry over what the provider's
// files demand of each field's value (type, format, lengths, pattern, enum,
// bounds, nullability, required members). Every difference is either fixed
// in api/finzly.yaml or listed in constraintDeviations with its reason, the
// same reason the field's description gives.

// constraintKeys are the schema keywords compared.
var constraintKeys = []string{"type", "format", "minLength", "maxLength", "pattern", "enum",
	"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "minItems", "maxItems", "nullable", "required"}

// constraints maps a keyword to its value in a canonical text form.
type constraints map[string]string

// addConstraints adds what a schema, its references and its allOf members
// demand of a value. The text is canonical, so that the same demand reads
// the same in the provider's OpenAPI 3.1 files and in payspec's 3.0 ones:
// a 3.1 "null" in type reads as nullable; the exact money type
// (x-go-type money.Amount) reads as format decimal, the provider's name for
// an exact decimal; int64 on an integer, the Go width payspec gives any
// integer the provider leaves without a format, reads as no format.
func (d *specDocs) addConstraints(file string, node any, c constraints, depth int) error {
	s, file, err := d.deref(file, node)
	if err != nil || s == nil || depth > 24 {
		return err
	}
	all, _ := s["allOf"].([]any)
	for _, m := range all {
		if err := d.addConstraints(file, m, c, depth+1); err != nil {
			return err
		}
	}
	for _, k := range constraintKeys {
		v, ok := s[k]
		if !ok {
			continue
		}
		switch k {
		case "type":
			addType(c, v)
		case "nullable":
			if v == true {
				c[k] = "true"
			}
		case "enum", "required":
			c[k] = sortedList(v)
		default:
			c[k] = fmt.Sprint(v)
		}
	}
	if s["x-go-type"] == "money.Amount" {
		c["format"] = "decimal"
	}
	if c["type"] == "integer" && c["format"] == "int64" {
		delete(c, "format")
	}
	return nil
}

// addType records a type keyword, a 3.1 list holding "null" as nullable.
func addType(c constraints, v any) {
	list, ok := v.([]any)
	if !ok {
		list = []any{v}
	}
	var kept []string
	for _, t := range list {
		if t == "null" {
			c["nullable"] = "true"
			continue
		}
		kept = append(kept, fmt.Sprint(t))
	}
	if len(kept) > 0 {
		slices.Sort(kept)
		c["type"] = strings.Join(kept, "|")
	}
}

func sortedList(v any) string {
	list, _ := v.([]any)
	out := make([]string, len(list))
	for i, x := range list {
		out[i] = fmt.Sprint(x)
	}
	slices.Sort(out)
	return strings.Join(out, ",")
}

// constraintOps are the operations whose fields' constraints are compared.
var constraintOps = []string{"finzlyPaymentStatusWebhook", "finzlyTransactionUpdateWebhook"}

// constraintDeviations are the differences payspec keeps on purpose, by
// "operation path keyword", with the reason. Each must still be a
// difference: an entry that no longer differs is reported, so that the
// list never outlives the spec.
var constraintDeviations = map[string]string{
	"finzlyPaymentStatusWebhook request/paymentId maxLength":      integerDigits,
	"finzlyPaymentStatusWebhook request/paymentId maximum":        integerDigits,
	"finzlyPaymentStatusWebhook request/bulkFileNumber maxLength": integerDigits,
	"finzlyPaymentStatusWebhook request/bulkFileNumber maximum":   integerDigits,

	"finzlyPaymentStatusWebhook request/beneficiaryAdviceInformation type":   untypedObject,
	"finzlyPaymentStatusWebhook request/beneficiaryFIAdviceInformation type": untypedObject,
	"finzlyPaymentStatusWebhook request/fedNowDetails type":                  untypedObject,
	"finzlyPaymentStatusWebhook request/rtpDetails type":                     untypedObject,
	"finzlyPaymentStatusWebhook request/paymentNocDetails type":              untypedObject,
	"finzlyPaymentStatusWebhook request/paymentReturnDetails[] type":         untypedObject,
	"finzlyPaymentStatusWebhook request/positivePayDecision type":            untypedObject,
	"finzlyPaymentStatusWebhook request/recurrence type":                     untypedObject,
	"finzlyPaymentStatusWebhook request/validationFailureMessages[] type":    untypedObject,

	"finzlyPaymentStatusWebhook request/positivePayDecision/positivePayRule/ruleId type": wholeIdentifier,
	"finzlyPaymentStatusWebhook request/recurrence/recurrenceId type":                    wholeIdentifier,
	"finzlyPaymentStatusWebhook request/recurrence/lastPaymentRefId type":                wholeIdentifier,
	"finzlyPaymentStatusWebhook request/recurrence/numberOfPayments type": "a count is a whole number, " +
		"as the payments API types numberOfPayments",
	"finzlyPaymentStatusWebhook request/recurrence/numberOfPayments format": "a count is a whole number, " +
		"as the payments API types numberOfPayments",
	"finzlyPaymentStatusWebhook request/positivePayDecision/positivePayRule/amount format": "every amount is " +
		"read exactly (money.Amount), whether the provider says decimal or not",
	"finzlyTransactionUpdateWebhook request/data/transactionId format": "widened from int32 to int64, as every " +
		"identifier, so that a larger id still decodes",
	"finzlyTransactionUpdateWebhook request/data/transactionAmount pattern": "payspec reads the amount string " +
		"as a plain decimal, the form of the provider's example (1.00), so that it can be read exactly",
}

// Reasons shared by several deviations.
const (
	integerDigits = "maxLength constrains only strings, so on an integer it holds nothing; " +
		"its meaning, at most that many digits, is written as a maximum"
	untypedObject   = "the provider's file gives the nested object properties but no type; payspec types it object"
	wholeIdentifier = "an identifier is a whole number (int64) in payspec, wherever the provider types it number"
)

// constraintDiff is one keyword on which the provider and payspec differ.
type constraintDiff struct {
	key, provider, ours string
}

// diffConstraints compares the constraints of every provider field payspec
// declares.
func diffConstraints(want, got map[string]constraints, opID string) []constraintDiff {
	var out []constraintDiff
	for path, w := range want {
		g, ok := got[path]
		if !ok {
			continue // a missing field is the field coverage's finding
		}
		for _, k := range constraintKeys {
			if w[k] != g[k] {
				out = append(out, constraintDiff{key: opID + " " + path + " " + k, provider: w[k], ours: g[k]})
			}
		}
	}
	slices.SortFunc(out, func(a, b constraintDiff) int { return strings.Compare(a.key, b.key) })
	return out
}

// TestFieldConstraintsCarryOver requires every constraint the provider's
// webhook files put on a field to hold in api/finzly.yaml too, and payspec
// to add none of its own, except the deviations listed with their reasons.
func TestFieldConstraintsCarryOver(t *testing.T) {
	provider := &specDocs{root: providerDir, docs: map[string]any{}}
	ours := &specDocs{root: "../api", docs: map[string]any{}}
	listed := map[string]bool{}
	for _, op := range providerOps {
		if !slices.Contains(constraintOps, op.id) {
			continue
		}
		want, err := provider.opFields(op.file, op.method, op.path, true)
		require.NoError(t, err, op.id)
		got, err := ours.opFields("finzly.yaml", op.method, op.path, false)
		require.NoError(t, err, op.id)
		compared := 0
		for _, c := range want {
			compared += len(c)
		}
		assert.Greater(t, compared, len(want), "%s: the provider's fields carry constraints", op.id)
		for _, d := range diffConstraints(want, got, op.id) {
			if _, ok := constraintDeviations[d.key]; ok {
				listed[d.key] = true
				continue
			}
			t.Errorf("%s: the provider says %q, api/finzly.yaml says %q", d.key, d.provider, d.ours)
		}
	}
	for key := range constraintDeviations {
		assert.True(t, listed[key], "%s is listed as a deviation but no longer differs", key)
	}
}

// TestConstraintComparisonSeesEachKind checks the comparison on a small
// pair of schemas, so that a broken canonical form cannot hide a
// difference or invent one.
func TestConstraintComparisonSeesEachKind(t *testing.T) {
	d := &specDocs{root: t.TempDir(), docs: map[string]any{}}
	read := func(schema map[string]any) constraints {
		c := constraints{}
		require.NoError(t, d.addConstraints("x.yaml", schema, c, 0))
		return c
	}
	provider := map[string]constraints{
		"request/a": read(map[string]any{"type": []any{"string", "null"}, "maxLength": 35}),
		"request/b": read(map[string]any{"type": "number", "format": "decimal", "minimum": 0}),
		"request/c": read(map[string]any{"type": "integer", "format": "int32"}),
		"request/d": read(map[string]any{"type": "string", "enum": []any{"Y", "X"}}),
		"request/e": read(map[string]any{"type": "integer"}),
	}
	ours := map[string]constraints{
		"request/a": read(map[string]any{"type": "string", "nullable": true, "maxLength": 35}),
		"request/b": read(map[string]any{"type": "number", "x-go-type": "money.Amount", "minimum": 0}),
		"request/c": read(map[string]any{"type": "integer", "format": "int64"}),
		"request/d": read(map[string]any{"allOf": []any{map[string]any{"type": "string", "enum": []any{"X", "Y"}}}, "pattern": "^[XY]$"}),
		"request/e": read(map[string]any{"type": "integer", "format": "int64"}),
	}
	var keys []string
	for _, diff := range diffConstraints(provider, ours, "op") {
		keys = append(keys, diff.key)
	}
	assert.Equal(t, []string{"op request/c format", "op request/d pattern"}, keys)
}
