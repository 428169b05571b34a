package respond_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/validate"
)

// unreadable is a body that fails when read.
type unreadable struct{}

func (unreadable) Read([]byte) (int, error) { return 0, errors.New("the body was read again") }
func (unreadable) Close() error             { return nil }

// TestDecodeTakesTheBodyTheEngineParsed: behind the validation middleware,
// Decode does not read the body again.
func TestDecodeTakesTheBodyTheEngineParsed(t *testing.T) {
	engine, err := validate.New(context.Background(), validate.WithoutRules())
	require.NoError(t, err)
	body, err := os.ReadFile(filepath.Join("..", "..", "..", "..", "examples", "finzly", "createCreditPaymentV4", "valid-fedwire.json"))
	require.NoError(t, err)

	var req finzly.CreditPaymentInstruction
	var decodeErr error
	h := engine.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		r.Body = unreadable{}
		decodeErr = respond.Decode(r, &req)
		w.WriteHeader(http.StatusNoContent)
	}), validate.WithResponseMode(validate.ResponseOff))
	r := httptest.NewRequest(http.MethodPost, "/v4/payments/credit", strings.NewReader(string(body)))
	r.Header.Set("Content-Type", "application/json")
	r.Header.Set("Idempotent-Key", "5f0c6a4e-2b1d-4c3e-9f8a-7b6c5d4e3f2a")
	h.ServeHTTP(httptest.NewRecorder(), r)
	require.NoError(t, decodeErr)
	assert.Equal(t, "1234567.89", req.PaymentAmount.String())
}

// TestDecodeReadsABodyNobodyParsed: outside the middleware, Decode reads
// the body itself.
func TestDecodeReadsABodyNobodyParsed(t *testing.T) {
	var v struct {
		A string `json:"a"`
	}
	r := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(`{"a":"b"}`))
	require.NoError(t, respond.Decode(r, &v))
	assert.Equal(t, "b", v.A)
}
