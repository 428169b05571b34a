package client

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate"
)

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	return string(b)
}

// stubError is a provider error with fixed answers.
type stubError struct {
	status  int
	classes map[string]bool
}

func (e stubError) Error() string           { return "stub" }
func (e stubError) HTTPStatus() int         { return e.status }
func (e stubError) ProviderCodes() []string { return nil }
func (e stubError) NotFound() bool          { return e.classes["notfound"] }
func (e stubError) Conflict() bool          { return e.classes["conflict"] }
func (e stubError) Validation() bool        { return e.classes["validation"] }
func (e stubError) Unauthorized() bool      { return e.classes["unauthorized"] }
func (e stubError) RateLimited() bool       { return e.classes["ratelimited"] }
func (e stubError) Retryable() bool         { return e.classes["retryable"] }

func TestHelpersClassifyWrappedErrors(t *testing.T) {
	helpers := map[string]func(error) bool{"notfound": IsNotFound, "conflict": IsConflict,
		"validation": IsValidation, "unauthorized": IsUnauthorized, "ratelimited": IsRateLimited, "retryable": IsRetryable}
	for name, is := range helpers {
		err := fmt.Errorf("call: %w", stubError{classes: map[string]bool{name: true}})
		assert.True(t, is(err), name)
		for other, otherIs := range helpers {
			if other != name {
				assert.False(t, otherIs(err), "%s is not %s", name, other)
			}
		}
		assert.False(t, is(errors.New("plain")), name)
	}
	assert.True(t, IsValidation(&validate.RequestError{}), "a request the client refused")
	assert.True(t, IsUnauthorized(&AuthError{Status: 401, Code: "invalid_client"}))
	assert.False(t, IsUnauthorized(&AuthError{Status: 503}))
	assert.True(t, IsRetryable(&AuthError{Status: 503}))
	for _, s := range []int{429, 502, 503, 504} {
		assert.True(t, RetryableStatus(s), s)
	}
	for _, s := range []int{200, 400, 409, 500} {
		assert.False(t, RetryableStatus(s), s)
	}
}

func TestDriftErrorNamesNoValue(t *testing.T) {
	ps := validate.Problems{{Pointer: "/data/paymentUID", Code: "TYPE", Severity: validate.SeverityError, Message: "must be a string"}}
	err := &DriftError{Drift: Drift{Operation: "getPayment", Status: 200, Problems: ps}, Body: []byte(`{"secret":1}`)}
	assert.Equal(t, "payspec client: getPayment: the response (status 200) breaks the spec: 1 problems", err.Error())
	var got validate.Problems
	require.ErrorAs(t, err, &got)
	assert.Equal(t, ps, got)
	read := &DriftError{Drift: Drift{Operation: "getPayment", Status: 200}, ReadErr: errors.New("eof")}
	assert.ErrorContains(t, read, "could not be read")
	assert.EqualError(t, errors.Unwrap(read), "eof")
}

func TestDecodeKeepsWhatCanBeRead(t *testing.T) {
	type payment struct {
		ID     string `json:"id"`
		Status string `json:"status"`
	}
	v, err := decode[payment]([]byte(`{"id":42,"status":"INITIATED"}`))
	require.NoError(t, err)
	assert.Equal(t, "INITIATED", v.Status)
	_, err = decode[payment]([]byte(`[1,2]`))
	assert.Error(t, err, "the wrong shape at the root gives no value")
	_, err = decode[payment]([]byte(`{"id":`))
	assert.Error(t, err)
	v, err = decode[payment](nil)
	require.NoError(t, err)
	assert.Equal(t, payment{}, *v)
}

func TestRequestID(t *testing.T) {
	assert.Equal(t, "r-1", RequestID(map[string][]string{"X-Request-Id": {"r-1"}}))
	assert.Equal(t, "c-1", RequestID(map[string][]string{"X-Correlation-Id": {"c-1"}}))
	assert.Empty(t, RequestID(nil))
}

// The pointer of an undeclared member carries a name the provider chose:
// drift reports clean it and bound its length.
func TestDriftPointersAreCleanAndBounded(t *testing.T) {
	ps := reported(validate.Problems{
		{Pointer: "/data/x\x1b[31mred\nlevel=ERROR", Code: validate.CodeUnknownProperty},
		{Pointer: "/data/" + strings.Repeat("n", 200_000), Code: validate.CodeUnknownProperty},
	})
	assert.NotContains(t, ps[0].Pointer, "\x1b")
	assert.NotContains(t, ps[0].Pointer, "\n")
	assert.LessOrEqual(t, len([]rune(ps[1].Pointer)), 1024)
}
