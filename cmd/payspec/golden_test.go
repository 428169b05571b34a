package main

import (
	"bytes"
	"encoding/json"
	"encoding/xml"
	"flag"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/santhosh-tekuri/jsonschema/v6"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// update rewrites the golden files of TestGoldenOutputs:
//
//	go test ./cmd/payspec/ -run Golden -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden instead of comparing with them")

const (
	inputsDir = "cmd/payspec/testdata/inputs/" // from the module root, where the binary runs
	today     = "2026-12-01"                   // every golden run judges dates against it
)

// goldenCase is one run of the command whose exit status, standard output
// and standard error are kept in testdata/golden/NAME.txt.
type goldenCase struct {
	name  string
	args  []string
	stdin string
	files map[string]string                 // when set, the run is in a new directory holding them
	check func(t *testing.T, stdout []byte) // more checks on the output, if any
}

// unreadable is an NDJSON input whose second line is longer than the body
// limit: the run judges it too large and reports the input as not read in
// full (exit status 2).
func unreadable() map[string]string {
	ok := `{"sell_currency":"GBP","buy_currency":"EUR","amount":1.00,"fixed_side":"BUY"}`
	long := `{"sell_currency":"` + strings.Repeat("G", 1<<20) + `"}`
	return map[string]string{"quotes.ndjson": ok + "\n" + long + "\n" + ok + "\n"}
}

func goldenCases() []goldenCase {
	v4 := "examples/finzly/createCreditPaymentV4/"
	return []goldenCase{
		// Text, every exit status.
		{name: "text-valid", args: []string{"validate", "--today", today, v4 + "valid-fedwire.json"}},
		{name: "text-invalid", args: []string{"validate", "--today", today, v4 + "invalid-types-and-lengths.json"}},
		{name: "text-warnings-only", args: []string{"validate", "--today", today, v4 + "warning-instant-above-fednow.json"}},
		{name: "text-examples", args: []string{"validate", "--today", today, "examples"}},
		{name: "text-glob", args: []string{"validate", "--today", today, "examples/**/valid*.json"}},
		{name: "text-colour", args: []string{"validate", "--today", today, "--color", "always", v4 + "invalid-missing-fields.json", v4 + "warning-instant-above-fednow.json"}},
		{name: "text-strict-one-round", args: []string{"validate", "--today", today, "--strict", "--op", "createCreditPaymentV4", "-"},
			stdin: strings.Replace(readFileOrEmpty(v4+"invalid-rules-same-day-ach.json"), "{", `{"memo": "x",`, 1)},
		{name: "text-stdin", args: []string{"validate", "--today", today, "--op", "createQuote", "--param", "customer_id=CUST-0048213", "-"},
			stdin: `{"sell_currency":"GBP","buy_currency":"GBP","amount":1.001,"fixed_side":"BUY"}`},
		{name: "text-ndjson", args: []string{"validate", "--today", today, "--op", "createQuote", "--param", "customer_id=CUST-0048213", "--ndjson", inputsDir + "quotes.ndjson"}},
		{name: "text-ndjson-stdin", args: []string{"validate", "--today", today, "--op", "createQuote", "--param", "customer_id=CUST-0048213", "--ndjson", "-"},
			stdin: readFileOrEmpty(inputsDir + "quotes.ndjson")},
		{name: "text-manifest", args: []string{"validate", "--today", today, inputsDir + "manifest"}},
		{name: "text-get-valid", args: []string{"validate", "--op", "getPaymentDetails", "--param", "customer_id=CUST-0048213", "--param", "payment_id=PAY-1"}},
		{name: "text-get-invalid", args: []string{"validate", "--op", "getBankTransferInstructions", "--param", "customer_id=CUST-0048213", "--param", "from_country=gbr"}},
		{name: "text-response", args: []string{"validate", "--op", "createCreditPaymentV4", "--response", "200", inputsDir + "manifest/answers/payment-200.json"}},
		// JSON.
		{name: "json-valid", args: []string{"validate", "--today", today, "--format", "json", v4 + "valid-rtp.json"}},
		{name: "json-invalid", args: []string{"validate", "--today", today, "--format", "json", v4 + "invalid-ambiguous.json"}},
		{name: "json-examples", args: []string{"validate", "--today", today, "--format", "json", "examples"}, check: isJSON},
		{name: "json-ndjson", args: []string{"validate", "--today", today, "--op", "createQuote", "--param", "customer_id=CUST-0048213", "--ndjson", "--format", "json", inputsDir + "quotes.ndjson"}, check: isJSON},
		// SARIF.
		{name: "sarif-valid", args: []string{"validate", "--today", today, "--format", "sarif", v4 + "valid-rtp.json"}, check: isSARIF},
		{name: "sarif-examples", args: []string{"validate", "--today", today, "--format", "sarif", "examples"}, check: isSARIF},
		{name: "sarif-ndjson-stdin", args: []string{"validate", "--today", today, "--op", "createQuote", "--param", "customer_id=CUST-0048213", "--ndjson", "--format", "sarif", "-"},
			stdin: readFileOrEmpty(inputsDir + "quotes.ndjson"), check: isSARIF},
		// JUnit.
		{name: "junit-valid", args: []string{"validate", "--today", today, "--format", "junit", v4 + "valid-rtp.json"}, check: isXML},
		{name: "junit-examples", args: []string{"validate", "--today", today, "--format", "junit", "examples"}, check: isXML},
		// Exit status 2.
		{name: "usage-unknown-operation", args: []string{"validate", "--op", "createCreditPaymentV5", v4 + "valid-rtp.json"}},
		{name: "usage-unknown-flag", args: []string{"validate", "--stirct", v4 + "valid-rtp.json"}},
		{name: "usage-manifest-mistakes", args: []string{"validate", inputsDir + "bad-manifest"}},
		{name: "usage-rules-config-mistakes", args: []string{"validate", "--rules-config", inputsDir + "bad-rules.yaml", v4 + "valid-rtp.json"}},
		{name: "usage-no-operation", args: []string{"validate", "README.md", "SECURITY.md", "go.mod", "go.sum"}},
		// Exit status 2 in every format: an input not read in full.
		{name: "text-unreadable", files: unreadable(), args: quoteArgs("text")},
		{name: "json-unreadable", files: unreadable(), args: quoteArgs("json"), check: isJSON},
		{name: "sarif-unreadable", files: unreadable(), args: quoteArgs("sarif"), check: isSARIF},
		{name: "junit-unreadable", files: unreadable(), args: quoteArgs("junit"), check: isXML},
		// Other commands.
		{name: "example-quote", args: []string{"example", "createQuote", "--name", "sellFixed"}},
	}
}

// quoteArgs judges quotes.ndjson in a format.
func quoteArgs(format string) []string {
	return []string{"validate", "--op", "createQuote", "--param", "customer_id=CUST-0048213", "--ndjson", "--format", format, "quotes.ndjson"}
}

// readFileOrEmpty reads a file of the module root for a case's standard
// input; a missing file fails the case by its output.
func readFileOrEmpty(rel string) string {
	b, _ := os.ReadFile(rel)
	return string(b)
}

func TestGoldenOutputs(t *testing.T) {
	for _, c := range goldenCases() {
		t.Run(c.name, func(t *testing.T) {
			t.Parallel()
			var r cliResult
			if c.files != nil {
				// Another working directory: the binary.
				r = execCLI(t, tree(t, c.files), strings.NewReader(c.stdin), time.Minute, c.args...)
			} else {
				r = runCLI(t, c.stdin, c.args...)
			}
			got := renderRun(c, r)
			golden := filepath.Join(pkgDir, "testdata", "golden", c.name+".txt")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			} else {
				want, err := os.ReadFile(golden)
				require.NoError(t, err, "missing golden file; run go test ./cmd/payspec/ -run Golden -update")
				assert.Equal(t, string(want), got, "output differs from %s (rerun with -update if the change is intended)", golden)
			}
			if c.check != nil {
				c.check(t, []byte(r.stdout))
			}
		})
	}
}

// renderRun writes a run as its golden file holds it.
func renderRun(c goldenCase, r cliResult) string {
	var b strings.Builder
	b.WriteString("$ payspec " + strings.Join(c.args, " ") + "\n")
	b.WriteString("exit " + strconv.Itoa(r.code) + "\n")
	b.WriteString("-- stdout --\n" + r.stdout)
	b.WriteString("-- stderr --\n" + r.stderr)
	return b.String()
}

// TestGoldenFilesHaveACase catches goldens left behind by a renamed case.
func TestGoldenFilesHaveACase(t *testing.T) {
	names := map[string]bool{}
	for _, c := range goldenCases() {
		assert.False(t, names[c.name], "two cases named %s", c.name)
		names[c.name+".txt"] = true
	}
	files, err := os.ReadDir(filepath.Join(pkgDir, "testdata", "golden"))
	require.NoError(t, err)
	for _, f := range files {
		assert.True(t, names[f.Name()], "golden file %s has no case", f.Name())
	}
}

func isJSON(t *testing.T, out []byte) {
	var v any
	require.NoError(t, json.Unmarshal(out, &v), "not JSON")
}

func isXML(t *testing.T, out []byte) {
	var v struct {
		XMLName xml.Name
	}
	require.NoError(t, xml.Unmarshal(out, &v), "not XML")
	assert.Equal(t, "testsuites", v.XMLName.Local)
}

// isSARIF validates output against the SARIF 2.1.0 JSON schema.
func isSARIF(t *testing.T, out []byte) {
	t.Helper()
	schema := sarifSchema(t)
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(out))
	require.NoError(t, err, "not JSON")
	require.NoError(t, schema.Validate(inst), "not valid SARIF 2.1.0")
}

// sarifSchema compiles testdata/sarif-schema-2.1.0.json, the OASIS schema
// of SARIF 2.1.0 (errata 01).
func sarifSchema(t *testing.T) *jsonschema.Schema {
	t.Helper()
	f, err := os.Open(filepath.Join(pkgDir, "testdata", "sarif-schema-2.1.0.json"))
	require.NoError(t, err)
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	require.NoError(t, err)
	c := jsonschema.NewCompiler()
	require.NoError(t, c.AddResource("sarif-schema-2.1.0.json", doc))
	s, err := c.Compile("sarif-schema-2.1.0.json")
	require.NoError(t, err)
	return s
}

// TestSARIFSchemaRefusesWhatItShould proves the schema check can fail.
func TestSARIFSchemaRefusesWhatItShould(t *testing.T) {
	schema := sarifSchema(t)
	for _, doc := range []string{
		`{"version":"2.1.0","runs":[{"tool":{"driver":{}}}]}`, // a driver without a name
		`{"version":"2.0.0","runs":[]}`,                       // another version
		`{"version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"level":"fatal","message":{"text":"m"}}]}]}`, // no such level
	} {
		inst, err := jsonschema.UnmarshalJSON(strings.NewReader(doc))
		require.NoError(t, err)
		assert.Error(t, schema.Validate(inst), doc)
	}
}
