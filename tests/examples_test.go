package tests

import (
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/spectest"
	"github.com/payspec/payspec/validate"
)

// update rewrites the golden files of TestExamplesMatchGoldenFiles:
//
//	go test ./tests/ -run Golden -update
var update = flag.Bool("update", false, "rewrite the golden files under testdata/ instead of comparing with them")

const (
	// examplesDir holds the example payloads, as examples/<provider>/<operationId>/<name>.json.
	examplesDir = "../examples"
	// examplesGoldenDir mirrors examplesDir with <name>.golden.json files.
	examplesGoldenDir = "testdata/examples"
	// exampleCustomerID is the Redpin customer_id path parameter the
	// examples are validated with (the README uses the same one).
	exampleCustomerID = "CUST-0048213"
	// exampleRecipientID is the recipient_id of the recipient updates.
	exampleRecipientID = "1668758"
)

// exampleRequestOf is an example body as a request to its operation, with
// the path parameters and headers the operation requires.
func exampleRequestOf(t *testing.T, op validate.Operation, body []byte) validate.Request {
	t.Helper()
	req := validate.Request{
		Header:     http.Header{"Content-Type": {"application/json"}},
		Body:       body,
		PathParams: examplePathParams(t, op),
	}
	if parts, ok := exampleRequestParts[op.ID]; ok {
		req.PathParams = parts.params
		for k, v := range parts.header {
			req.Header.Set(k, v)
		}
	}
	return req
}

// examplePathParams gives the path parameters an example is validated
// with: those its operation declares, from the values above.
func examplePathParams(t *testing.T, op validate.Operation) map[string]string {
	t.Helper()
	values := map[string]string{"customer_id": exampleCustomerID, "recipient_id": exampleRecipientID,
		"paymentUID": "12930", "recurrenceId": "4066", "customerId": "112344", "contactId": "88231"}
	var out map[string]string
	for _, p := range op.Parameters {
		if p.In != "path" {
			continue
		}
		v, ok := values[p.Name]
		require.Truef(t, ok, "no example value for path parameter %s of %s", p.Name, op.ID)
		if out == nil {
			out = map[string]string{}
		}
		out[p.Name] = v
	}
	return out
}

// exampleFile is one example payload found under examplesDir.
type exampleFile struct {
	rel      string // path below examplesDir, with forward slashes
	provider api.Provider
	opID     string // from the directory name
	name     string // file name without .json
}

func findExampleFiles(t *testing.T) []exampleFile {
	t.Helper()
	var out []exampleFile
	err := filepath.WalkDir(examplesDir, func(path string, d os.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || filepath.Ext(path) != ".json" {
			return nil
		}
		rel, err := filepath.Rel(examplesDir, path)
		if err != nil {
			return err
		}
		rel = filepath.ToSlash(rel)
		parts := strings.Split(rel, "/")
		require.Lenf(t, parts, 3, "%s: want examples/<provider>/<operationId>/<name>.json", rel)
		out = append(out, exampleFile{
			rel:      rel,
			provider: api.Provider(parts[0]),
			opID:     parts[1],
			name:     strings.TrimSuffix(parts[2], ".json"),
		})
		return nil
	})
	require.NoError(t, err)
	return out
}

// exampleClock fixes the engine's date, so that goldens do not depend on
// the day the test runs; every example date lies after it.
func exampleClock() time.Time { return time.Date(2026, time.December, 1, 12, 0, 0, 0, time.UTC) }

func TestExamplesMatchGoldenFiles(t *testing.T) {
	ctx := context.Background()
	e, err := validate.New(ctx, validate.WithClock(exampleClock))
	require.NoError(t, err)

	files := findExampleFiles(t)
	require.NotEmpty(t, files, "no examples under %s", examplesDir)
	seen := map[string]bool{}
	for _, f := range files {
		t.Run(f.rel, func(t *testing.T) {
			op, ok := e.Operation(f.opID)
			require.Truef(t, ok, "directory %s names no operation", f.opID)
			require.Equal(t, f.provider, op.Provider, "provider directory does not match the operation's provider")
			seen[f.opID] = true

			body, err := os.ReadFile(filepath.Join(examplesDir, filepath.FromSlash(f.rel)))
			require.NoError(t, err)
			problems, err := e.ValidateRequest(ctx, f.opID, exampleRequestOf(t, op, body))
			require.NoError(t, err)

			switch {
			case f.name == "valid" || strings.HasPrefix(f.name, "valid-"):
				assert.Empty(t, problems, "a valid example must produce no problem at all, not even a warning")
			case strings.HasPrefix(f.name, "invalid"):
				assert.True(t, problems.HasErrors(), "an invalid example must produce at least one error")
			case strings.HasPrefix(f.name, "warning-"):
				assert.False(t, problems.HasErrors(), "a warning example must produce no error")
				assert.NotEmpty(t, problems.Warnings(), "a warning example must produce a warning")
			default:
				t.Errorf("example name %q starts with neither valid, invalid nor warning", f.name)
			}

			if problems == nil {
				problems = validate.Problems{}
			}
			got, err := json.MarshalIndent(problems, "", "  ")
			require.NoError(t, err)
			got = append(got, '\n')

			golden := filepath.Join(examplesGoldenDir, string(f.provider), f.opID, f.name+".golden.json")
			if *update {
				require.NoError(t, os.MkdirAll(filepath.Dir(golden), 0o755))
				require.NoError(t, os.WriteFile(golden, got, 0o644))
				return
			}
			want, err := os.ReadFile(golden)
			require.NoErrorf(t, err, "missing golden file; run go test ./tests/ -run Golden -update")
			assert.Equal(t, string(want), string(got), "problems differ from %s (rerun with -update if the change is intended)", golden)
		})
	}

	// Every operation that takes a body has examples.
	for _, op := range e.Operations() {
		if takesBody(t, op) {
			assert.Truef(t, seen[op.ID], "no examples for %s", op.ID)
		}
	}
}

// exampleRequest is what an example needs beside its body: the path
// parameters and headers its operation requires.
type exampleRequest struct {
	params map[string]string
	header map[string]string
}

// exampleRequestParts are the parameters and headers the examples of the
// Finzly operations with required ones are validated with (the CLI test
// passes the same with --param and --header).
var exampleRequestParts = map[string]exampleRequest{
	"cancelPayment":           {params: map[string]string{"paymentUID": "12930"}},
	"returnPayment":           {params: map[string]string{"paymentUID": "12930"}},
	"reversePayment":          {params: map[string]string{"paymentUID": "12930"}},
	"updateRecurrence":        {params: map[string]string{"recurrenceId": "4066"}},
	"createBeneficiary":       {params: map[string]string{"customerId": "112344"}},
	"updateBeneficiary":       {params: map[string]string{"customerId": "112344", "contactId": "88231"}},
	"createWaterfallTransfer": {header: map[string]string{"Idempotent-Key": "9f1c2d3e-4b5a-4c6d-8e7f-0a1b2c3d4e5f"}},
}

// takesBody reports whether the operation declares a request body.
func takesBody(t *testing.T, op validate.Operation) bool {
	t.Helper()
	doc := spectest.Load(t, op.Provider)
	o := doc.Paths.Find(op.Path).GetOperation(op.Method)
	require.NotNil(t, o, op.ID)
	return o.RequestBody != nil
}

// TestExampleGoldenFilesHaveAnExample catches goldens left behind after an
// example was renamed or removed.
func TestExampleGoldenFilesHaveAnExample(t *testing.T) {
	if *update {
		t.Skip("goldens are being rewritten")
	}
	want := map[string]bool{}
	for _, f := range findExampleFiles(t) {
		want[string(f.provider)+"/"+f.opID+"/"+f.name+".golden.json"] = true
	}
	err := filepath.WalkDir(examplesGoldenDir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, err := filepath.Rel(examplesGoldenDir, path)
		if err != nil {
			return err
		}
		assert.Truef(t, want[filepath.ToSlash(rel)], "golden file %s has no example", rel)
		return nil
	})
	require.NoError(t, err)
}
