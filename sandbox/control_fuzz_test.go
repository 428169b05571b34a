package sandbox

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// controlPosts are the control API's POSTs a fuzzed body is sent to.
var controlPosts = []string{
	"/_sandbox/clock",
	"/_sandbox/reset",
	"/_sandbox/finzly/incoming-payments",
	"/_sandbox/redpin/sessions/no-such-session/pay",
}

// FuzzControlBodies posts any body to each control: the sandbox never
// panics or fails, and answers 2xx or 4xx, a refusal always as the control
// API's JSON error.
func FuzzControlBodies(f *testing.F) {
	for _, seed := range []string{`{"advance":"48h"}`, `{"today":"2030-04-01"}`, `{"today":"2101-01-01"}`,
		`{"advance":"-1h"}`, `{"advance":"2562047h"}`, `{"today":"2030-05-01","advance":"1h"}`, `{}`, ``, `null`, `[]`,
		`{"externalReferenceId":"IN-1","paymentAmount":125.00,"deliveryMethod":"ACH","senderName":"Acme"}`,
		`{"externalReferenceId":"IN-2","paymentAmount":1e400}`, `{"advance":"1h"} {"advance":"1h"}`, "\xff"} {
		for i := range controlPosts {
			f.Add(uint8(i), []byte(seed))
		}
	}
	var sb *Sandbox
	runs := 0
	f.Cleanup(func() {
		if sb != nil {
			_ = sb.Close()
		}
	})
	f.Fuzz(func(t *testing.T, which uint8, body []byte) {
		// One sandbox serves many inputs; it is emptied now and then, and
		// replaced once its clock nears the latest date.
		if sb == nil || sb.Clock().Now().Year() > LatestYear-10 {
			if sb != nil {
				_ = sb.Close()
			}
			var err error
			if sb, err = newFrozen(); err != nil {
				t.Fatal(err)
			}
		}
		if runs++; runs%1000 == 0 {
			_ = sb.Reset(t.Context())
		}
		path := controlPosts[int(which)%len(controlPosts)]
		req := httptest.NewRequest(http.MethodPost, path, bytes.NewReader(body))
		req.Host, req.RemoteAddr = "localhost", "127.0.0.1:50000"
		req.Header.Set("Content-Type", "application/json")
		rec := httptest.NewRecorder()
		sb.Handler().ServeHTTP(rec, req)
		judgeControlAnswer(t, path, body, rec)
	})
}

func judgeControlAnswer(t *testing.T, path string, body []byte, rec *httptest.ResponseRecorder) {
	t.Helper()
	switch {
	case rec.Code == http.StatusNoContent:
		return
	case rec.Code < 200 || rec.Code >= 500 || (rec.Code >= 300 && rec.Code < 400):
		t.Fatalf("%s %q: status %d: %s", path, body, rec.Code, rec.Body)
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json" {
		t.Fatalf("%s %q: Content-Type %q", path, body, ct)
	}
	var answer map[string]any
	if err := json.Unmarshal(rec.Body.Bytes(), &answer); err != nil {
		t.Fatalf("%s %q: the answer is not a JSON object: %v: %s", path, body, err, rec.Body)
	}
	if msg, _ := answer["error"].(string); rec.Code >= 400 && msg == "" {
		t.Fatalf("%s %q: status %d without an error message: %s", path, body, rec.Code, rec.Body)
	}
}
