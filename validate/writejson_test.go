package validate_test

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/internal/strictjson"
	"github.com/payspec/payspec/validate"
)

// answerBoth serves v once through WriteJSON and once as the bytes
// encoding/json makes of it, behind the same middleware in report mode,
// then writes extra after it; it returns both recorded answers.
func answerBoth(t *testing.T, e *validate.Engine, v any, extra string) (tree, bytes answer) {
	t.Helper()
	run := func(write func(w http.ResponseWriter)) answer {
		h := e.Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			write(w)
			if extra != "" {
				_, _ = w.Write([]byte(extra))
			}
		}), validate.WithLogger(discardLogger))
		rec := serve(h, http.MethodPost, "/v3/customers/CUST-0048213/payments", redpinPaymentSameCurrency)
		return answer{status: rec.Code, problems: rec.Header().Get(validate.HeaderResponseProblems),
			contentType: rec.Header().Get("Content-Type"), body: rec.Body.String()}
	}
	tree = run(func(w http.ResponseWriter) { require.NoError(t, validate.WriteJSON(w, http.StatusCreated, v)) })
	bytes = run(func(w http.ResponseWriter) {
		b, err := json.Marshal(v)
		require.NoError(t, err)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		_, _ = w.Write(b)
	})
	return tree, bytes
}

type answer struct {
	status                      int
	problems, contentType, body string
}

// parsed reads a document as the engine would.
func parsed(t *testing.T, doc string) any {
	t.Helper()
	v, err := strictjson.Parse([]byte(doc), 0)
	require.NoError(t, err)
	return v
}

func TestWriteJSONIsJudgedAsItsBytesAre(t *testing.T) {
	valid := parsed(t, string(redpinCreated))
	withMember := func(name string, v any) any {
		m := parsed(t, string(redpinCreated)).(map[string]any)
		m[name] = v
		return m
	}
	deep := withMember("metadata", parsed(t, `{"a":{"b":{"c":{"d":{}}}}}`)) // six levels
	for _, tc := range []struct {
		name     string
		engine   *validate.Engine
		v        any
		extra    string
		problems string // a code the answer's problems name; "" for none
	}{
		{"a valid tree", engine(t), valid, "", ""},
		{"a tree breaking its schema", engine(t), withMember("payment_id", json.Number("12")), "", validate.CodeType},
		{"a tree missing a required member", engine(t), parsed(t, `{"instruction_number":"I-1"}`), "", validate.CodeRequired},
		{"more written after the tree", engine(t), valid, " {}", validate.CodeTrailingData},
		{"a tree deeper than the engine reads", newEngine(t, validate.WithoutRules(), validate.WithMaxDepth(5)), deep, "", strictjson.CodeTooDeep},
		{"a tree as deep as the engine reads", newEngine(t, validate.WithoutRules(), validate.WithMaxDepth(6)), deep, "", "-"},
		{"a value that is no tree", engine(t), withMember("payment_id", 12), "", validate.CodeType},
		{"a string that is not UTF-8", engine(t), withMember("client_reference_id", "\xff"), "", "-"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			tree, bytes := answerBoth(t, tc.engine, tc.v, tc.extra)
			assert.Equal(t, bytes, tree, "WriteJSON answers as writing encoding/json's bytes does")
			assert.Equal(t, "application/json", tree.contentType)
			switch tc.problems {
			case "-":
			case "":
				assert.Empty(t, tree.problems)
			default:
				assert.Contains(t, tree.problems, tc.problems)
			}
		})
	}
}

// TestWriteJSONJudgesWhatWasSent: what a handler does to its value after
// WriteJSON changes neither the bytes sent nor the verdict on them.
func TestWriteJSONJudgesWhatWasSent(t *testing.T) {
	for _, tc := range []struct {
		name          string
		sent, changed any
		problems      bool
	}{
		{"a broken answer mended after", json.Number("12"), "7a1c2f4e-3b5d-4e8a-9c1f-2d6b8e0a4c37", true},
		{"a good answer broken after", "7a1c2f4e-3b5d-4e8a-9c1f-2d6b8e0a4c37", json.Number("12"), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := engine(t).Middleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				m := parsed(t, string(redpinCreated)).(map[string]any)
				m["payment_id"] = tc.sent
				require.NoError(t, validate.WriteJSON(w, http.StatusCreated, m))
				m["payment_id"] = tc.changed
			}), validate.WithLogger(discardLogger))
			rec := serve(h, http.MethodPost, "/v3/customers/CUST-0048213/payments", redpinPaymentSameCurrency)
			if tc.problems {
				assert.Contains(t, rec.Header().Get(validate.HeaderResponseProblems), validate.CodeType)
				assert.Contains(t, rec.Body.String(), `"payment_id":12`)
			} else {
				assert.Empty(t, rec.Header().Get(validate.HeaderResponseProblems))
			}
		})
	}
}

func TestWriteJSONKeepsTheHandlersContentType(t *testing.T) {
	rec := httptest.NewRecorder()
	rec.Header().Set("Content-Type", "application/problem+json")
	require.NoError(t, validate.WriteJSON(rec, http.StatusBadRequest, map[string]any{"a": "b"}))
	assert.Equal(t, "application/problem+json", rec.Header().Get("Content-Type"))
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.JSONEq(t, `{"a":"b"}`, rec.Body.String())
}

func TestWriteJSONWritesNothingForAValueItCannotEncode(t *testing.T) {
	rec := httptest.NewRecorder()
	err := validate.WriteJSON(rec, http.StatusOK, map[string]any{"f": func() {}})
	require.Error(t, err)
	assert.Empty(t, rec.Body.String())
	assert.Empty(t, rec.Header().Get("Content-Type"), "nothing was set")
}

// keepingWriter keeps the slices it is given, as a writer that queues
// them for later may.
type keepingWriter struct {
	header http.Header
	kept   [][]byte
}

func (k *keepingWriter) Header() http.Header         { return k.header }
func (k *keepingWriter) WriteHeader(int)             {}
func (k *keepingWriter) Write(p []byte) (int, error) { k.kept = append(k.kept, p); return len(p), nil }

// TestWriteJSONAnswersDoNotShareMemory: the bytes one answer was written
// with stay as they were while later answers are written.
func TestWriteJSONAnswersDoNotShareMemory(t *testing.T) {
	w := &keepingWriter{header: http.Header{}}
	require.NoError(t, validate.WriteJSON(w, http.StatusOK, map[string]any{"first": "answer"}))
	for range 100 {
		require.NoError(t, validate.WriteJSON(w, http.StatusOK, map[string]any{"later": "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}))
	}
	require.Len(t, w.kept, 101)
	assert.JSONEq(t, `{"first":"answer"}`, string(w.kept[0]))
}
