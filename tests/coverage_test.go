package tests

import (
	"encoding/json"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"
)

// Field coverage: for each Finzly operation, which share of the fields the
// provider's own 2.6.6 files declare (request body and 2xx response bodies)
// api/finzly.yaml declares too. Fields are compared by their path of member
// names, "[]" standing for an array item; composition (allOf, anyOf, oneOf)
// is flattened on both sides. A provider answer declared as an array where
// one object is returned (a defect payspec fixes) is compared by its item.
//
// Rewrite the report with: go test ./tests/ -run FieldCoverage -update

const (
	providerDir        = "testdata/provider/finzly-2.6.6"
	coverageReport     = "testdata/field-coverage.txt"
	coverageMinPercent = 95.0
)

// providerOp locates an operation in the provider's files.
type providerOp struct {
	id, file, method, path string
}

var providerOps = []providerOp{
	{"createCreditPaymentV3", "payment-api/payments-openapi.yaml", "post", "/v3/payments/creditrequest"},
	{"createCreditPaymentV4", "payment-api/payments-openapi.yaml", "post", "/v4/payments/credit"},
	{"createCreditPaymentV5", "payment-api/payments-openapi.yaml", "post", "/v5/payments/credit"},
	{"createDebitPayment", "payment-api/payments-openapi.yaml", "post", "/v3/payments/debitrequest"},
	{"createBookTransfer", "payment-api/transfer-openapi.yaml", "post", "/v3/payments/booktransfer"},
	{"createWaterfallTransfer", "payment-api/transfer-openapi.yaml", "post", "/api/gateway/v1/payments/waterfall"},
	{"getPayment", "payment-api/payments-openapi.yaml", "get", "/v3/payments/{paymentUID}"},
	{"searchPayments", "payment-api/payments-openapi.yaml", "post", "/v3/payments/search"},
	{"cancelPayment", "payment-api/payments-openapi.yaml", "put", "/v3/payments/{paymentUID}/cancel"},
	{"returnPayment", "payment-api/payments-openapi.yaml", "put", "/v3/payments/{paymentUID}/return"},
	{"reversePayment", "payment-api/payments-openapi.yaml", "put", "/v3/payments/{paymentUID}/reverse"},
	{"skipNextRecurrence", "single-file-paymentApi.json", "put", "/v1/recurrences/{recurrenceId}"},
	{"cancelRecurrence", "single-file-paymentApi.json", "delete", "/v1/recurrences/{recurrenceId}"},
	{"updateRecurrence", "single-file-paymentApi.json", "patch", "/v1/recurrences/{recurrenceId}"},
	{"createBeneficiary", "customer-api/customer-contact-openapi.yaml", "post", "/v1/customers/{customerId}/beneficiary"},
	{"updateBeneficiary", "customer-api/customer-contact-openapi.yaml", "patch", "/v1/customers/{customerId}/beneficiary/{contactId}"},
	{"searchContacts", "customer-api/customer-contact-openapi.yaml", "get", "/v2/customers/{customerUID}/contacts"},
	{"getContact", "customer-api/customer-contact-openapi.yaml", "get", "/v2/customers/{customerUID}/contacts/{contactUID}"},
	{"searchAccounts", "customer-api/customer-account-openapi.yaml", "get", "/v2/customers/{customerUID}/accounts"},
	{"getAccount", "customer-api/customer-account-openapi.yaml", "get", "/v2/customers/{customerUID}/accounts/{accountUID}"},
	{"getBankByRoutingNumber", "payment-api/bank-openapi.yaml", "get", "/v1/banks/{routingNumber}"},
	{"searchBanksByRoutingNumber", "payment-api/bank-openapi.yaml", "get", "/v1/banks/search/{routingNumber}"},
	{"searchBanks", "payment-api/bank-openapi.yaml", "get", "/v1/banks"},
	{"createFXQuote", "fx-api/fx-openapi.yaml", "post", "/v2/fx/quote"},
	{"acceptFXQuote", "fx-api/fx-openapi.yaml", "put", "/v2/fx/accept"},
	{"rejectFXQuote", "fx-api/fx-openapi.yaml", "put", "/v2/fx/{quoteUUID}/reject"},
	{"getFXTrade", "fx-api/fx-openapi.yaml", "get", "/v2/fx/{forexContractNo}"},
	{"finzlyPaymentStatusWebhook", "webhook-api/payments-webhook-openapi.yaml", "post", "/payments"},
	{"finzlyTransactionUpdateWebhook", "webhook-api/payments-webhook-openapi.yaml", "post", "/transaction/webhook"},
}

// specDocs loads OpenAPI files (YAML or JSON) and resolves references,
// local and to sibling files, within one directory tree.
type specDocs struct {
	root string
	docs map[string]any
}

func (d *specDocs) load(file string) (any, error) {
	if doc, ok := d.docs[file]; ok {
		return doc, nil
	}
	b, err := os.ReadFile(filepath.Join(d.root, filepath.FromSlash(file)))
	if err != nil {
		return nil, err
	}
	var doc any
	if err := yaml.Unmarshal(b, &doc); err != nil { // JSON is YAML too
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	d.docs[file] = doc
	return doc, nil
}

// resolve follows a $ref written in file; it returns the target and the
// file the target lives in.
func (d *specDocs) resolve(file, ref string) (any, string, error) {
	target, pointer, _ := strings.Cut(ref, "#")
	if target != "" {
		file = path.Join(path.Dir(file), target)
	}
	node, err := d.load(file)
	if err != nil {
		return nil, "", err
	}
	for _, tok := range strings.Split(strings.TrimPrefix(pointer, "/"), "/") {
		if tok == "" {
			continue
		}
		tok = strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)
		m, ok := node.(map[string]any)
		if !ok {
			return nil, "", fmt.Errorf("%s: %s does not resolve", file, ref)
		}
		node = m[tok]
	}
	return node, file, nil
}

// deref follows $refs until a node without one.
func (d *specDocs) deref(file string, node any) (map[string]any, string, error) {
	for range 32 {
		m, _ := node.(map[string]any)
		ref, ok := m["$ref"].(string)
		if !ok {
			return m, file, nil
		}
		var err error
		if node, file, err = d.resolve(file, ref); err != nil {
			return nil, "", err
		}
	}
	return nil, "", fmt.Errorf("%s: references nest too deep", file)
}

// fields adds below prefix each member path a schema declares, and each
// array item ("[]"), with the constraints the schema puts on its value.
// Members reached through anyOf or oneOf (alt), which are alternatives,
// add their paths but not their constraints.
func (d *specDocs) fields(file string, node any, prefix string, out map[string]constraints, alt bool, depth int) error {
	s, file, err := d.deref(file, node)
	if err != nil || s == nil || depth > 24 {
		return err
	}
	for _, key := range []string{"allOf", "anyOf", "oneOf"} {
		branches, _ := s[key].([]any)
		for _, b := range branches {
			if err := d.fields(file, b, prefix, out, alt || key != "allOf", depth+1); err != nil {
				return err
			}
		}
	}
	if items, ok := s["items"]; ok {
		if err := d.field(file, items, prefix+"[]", out, alt, depth); err != nil {
			return err
		}
	}
	props, _ := s["properties"].(map[string]any)
	for name, p := range props {
		if err := d.field(file, p, prefix+"/"+name, out, alt, depth); err != nil {
			return err
		}
	}
	return nil
}

// field records the member or item at path and walks its own fields.
func (d *specDocs) field(file string, node any, path string, out map[string]constraints, alt bool, depth int) error {
	c := out[path]
	if c == nil {
		c = constraints{}
		out[path] = c
	}
	if !alt {
		if err := d.addConstraints(file, node, c, depth); err != nil {
			return err
		}
	}
	return d.fields(file, node, path, out, alt, depth+1)
}

// isMember reports a path naming an object member, as opposed to a body
// ("request") or an array item ("request/list[]").
func isMember(path string) bool {
	return strings.Contains(path, "/") && !strings.HasSuffix(path, "[]")
}

// opFields returns the request and 2xx response fields of an operation,
// request paths prefixed "request", response paths "response", with the
// bodies themselves at "request" and "response".
func (d *specDocs) opFields(file, method, p string, unwrapArrays bool) (map[string]constraints, error) {
	out := map[string]constraints{}
	paths, err := d.resolveKey(file, "paths")
	if err != nil {
		return nil, err
	}
	item, itemFile, err := d.deref(file, paths[p])
	if err != nil || item == nil {
		return nil, fmt.Errorf("%s: no path %s (%v)", file, p, err)
	}
	op, _ := item[method].(map[string]any)
	if op == nil {
		return nil, fmt.Errorf("%s: no %s %s", file, method, p)
	}
	if rb, rbFile, err := d.deref(itemFile, op["requestBody"]); err != nil {
		return nil, err
	} else if rb != nil {
		if err := d.contentFields(rbFile, rb, "request", out, false); err != nil {
			return nil, err
		}
	}
	responses, _ := op["responses"].(map[string]any)
	for status, r := range responses {
		if !strings.HasPrefix(status, "2") {
			continue
		}
		resp, respFile, err := d.deref(itemFile, r)
		if err != nil {
			return nil, err
		}
		if err := d.contentFields(respFile, resp, "response", out, unwrapArrays); err != nil {
			return nil, err
		}
	}
	return out, nil
}

func (d *specDocs) resolveKey(file, key string) (map[string]any, error) {
	doc, err := d.load(file)
	if err != nil {
		return nil, err
	}
	m, _ := doc.(map[string]any)
	out, _ := m[key].(map[string]any)
	return out, nil
}

// contentFields adds the fields of a body's application/json schema; with
// unwrap, a top-level array is read as its item.
func (d *specDocs) contentFields(file string, body map[string]any, prefix string, out map[string]constraints, unwrap bool) error {
	content, _ := body["content"].(map[string]any)
	mt, _ := content["application/json"].(map[string]any)
	if mt == nil {
		return nil
	}
	schema, schemaFile, err := d.deref(file, mt["schema"])
	if err != nil || schema == nil {
		return err
	}
	var root any = schema
	if unwrap && schema["type"] == "array" {
		root = schema["items"]
	}
	if out[prefix] == nil {
		out[prefix] = constraints{}
	}
	if err := d.addConstraints(schemaFile, root, out[prefix], 0); err != nil {
		return err
	}
	return d.fields(schemaFile, root, prefix, out, false, 0)
}

// coverage is the measured field coverage of one operation.
type coverage struct {
	id              string
	declared, total int
	missing         []string
}

func (c coverage) percent() float64 {
	if c.total == 0 {
		return 100
	}
	return 100 * float64(c.declared) / float64(c.total)
}

func measureCoverage(t *testing.T) []coverage {
	t.Helper()
	provider := &specDocs{root: providerDir, docs: map[string]any{}}
	ours := &specDocs{root: "../api", docs: map[string]any{}}
	var out []coverage
	for _, op := range providerOps {
		want, err := provider.opFields(op.file, op.method, op.path, true)
		require.NoError(t, err, op.id)
		require.NotEmpty(t, want, "%s: the provider declares no field", op.id)
		got, err := ours.opFields("finzly.yaml", op.method, op.path, false)
		require.NoError(t, err, op.id)
		c := coverage{id: op.id}
		for f := range want {
			if !isMember(f) {
				continue
			}
			c.total++
			if _, ok := got[f]; ok {
				c.declared++
			} else {
				c.missing = append(c.missing, f)
			}
		}
		slices.Sort(c.missing)
		out = append(out, c)
	}
	return out
}

// TestFieldCoverage measures every covered operation against the
// provider's files, requires at least 95% of its fields declared, and keeps
// the figures in testdata/field-coverage.txt.
func TestFieldCoverage(t *testing.T) {
	var b strings.Builder
	fmt.Fprintf(&b, "# Field coverage of api/finzly.yaml against Finzly's 2.6.6 files\n")
	fmt.Fprintf(&b, "# (request and 2xx response fields; go test ./tests/ -run FieldCoverage -update)\n")
	fmt.Fprintf(&b, "%-32s %8s %8s %8s\n", "operation", "declared", "provider", "percent")
	for _, c := range measureCoverage(t) {
		fmt.Fprintf(&b, "%-32s %8d %8d %7.1f%%\n", c.id, c.declared, c.total, c.percent())
		for _, m := range c.missing {
			fmt.Fprintf(&b, "    missing %s\n", m)
		}
		assert.GreaterOrEqual(t, c.percent(), coverageMinPercent, "%s declares %d of %d provider fields; missing %v",
			c.id, c.declared, c.total, c.missing)
	}
	report := b.String()
	if *update {
		require.NoError(t, os.WriteFile(coverageReport, []byte(report), 0o644))
		return
	}
	want, err := os.ReadFile(coverageReport)
	require.NoError(t, err, "run go test ./tests/ -run FieldCoverage -update")
	assert.Equal(t, string(want), report, "coverage changed; rerun with -update if intended")
}

// TestFieldCoverageCountsWhatItShould checks the measure on a small pair of
// documents, so that a broken walker cannot report full coverage.
func TestFieldCoverageCountsWhatItShould(t *testing.T) {
	dir := t.TempDir()
	provider := map[string]any{"paths": map[string]any{"/x": map[string]any{"post": map[string]any{
		"requestBody": map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
			"allOf": []any{map[string]any{"$ref": "other.json#/components/schemas/A"}},
			"properties": map[string]any{"list": map[string]any{"type": "array", "items": map[string]any{
				"properties": map[string]any{"b": map[string]any{"type": "string"}}}}},
		}}}},
		"responses": map[string]any{
			"200": map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
				"type": "array", "items": map[string]any{"properties": map[string]any{"c": map[string]any{}}}}}}},
			"400": map[string]any{"content": map[string]any{"application/json": map[string]any{"schema": map[string]any{
				"properties": map[string]any{"ignored": map[string]any{}}}}}},
		},
	}}}}
	other := map[string]any{"components": map[string]any{"schemas": map[string]any{"A": map[string]any{
		"properties": map[string]any{"a": map[string]any{"type": "string"}}}}}}
	for name, v := range map[string]any{"p.json": provider, "other.json": other} {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), b, 0o600))
	}
	d := &specDocs{root: dir, docs: map[string]any{}}
	got, err := d.opFields("p.json", "post", "/x", true)
	require.NoError(t, err)
	var members []string
	for path := range got {
		if isMember(path) {
			members = append(members, path)
		}
	}
	assert.ElementsMatch(t, []string{"request/a", "request/list", "request/list[]/b", "response/c"}, members)
	assert.Equal(t, constraints{"type": "string"}, got["request/a"], "constraints come through allOf and $ref")
	assert.Equal(t, constraints{"type": "array"}, got["request/list"])
	_, err = d.opFields("p.json", "get", "/x", true)
	assert.Error(t, err)
}

// statuses lists the response keys (statuses and default) of an operation.
func (d *specDocs) statuses(file, method, p string) ([]string, error) {
	paths, err := d.resolveKey(file, "paths")
	if err != nil {
		return nil, err
	}
	item, _, err := d.deref(file, paths[p])
	if err != nil || item == nil {
		return nil, fmt.Errorf("%s: no path %s (%v)", file, p, err)
	}
	op, _ := item[method].(map[string]any)
	responses, _ := op["responses"].(map[string]any)
	var out []string
	for status := range responses {
		out = append(out, status)
	}
	slices.Sort(out)
	return out, nil
}

// TestProviderStatusesAreDeclared requires every response the provider's
// files declare for an operation (405 and default included) to be declared
// by api/finzly.yaml, so that a documented answer is never an undeclared
// status.
func TestProviderStatusesAreDeclared(t *testing.T) {
	provider := &specDocs{root: providerDir, docs: map[string]any{}}
	ours := &specDocs{root: "../api", docs: map[string]any{}}
	for _, op := range providerOps {
		want, err := provider.statuses(op.file, op.method, op.path)
		require.NoError(t, err, op.id)
		got, err := ours.statuses("finzly.yaml", op.method, op.path)
		require.NoError(t, err, op.id)
		for _, s := range want {
			assert.Contains(t, got, s, "%s: the provider declares %s", op.id, s)
		}
	}
}
