package validate

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/spectest"
)

// The engine evaluates schemas itself (native.go) with the semantics of
// kin-openapi's visitor. These tests judge the same bodies with an engine
// that leaves every schema to kin-openapi and require the same problems,
// message for message.

// twinEngines returns an engine that evaluates schemas itself and one that
// leaves them to kin-openapi, otherwise alike.
func twinEngines(tb testing.TB) (native, kin *Engine) {
	tb.Helper()
	ctx := context.Background()
	native, err := New(ctx, WithoutRules())
	require.NoError(tb, err)
	kin, err = New(ctx, WithoutRules(), func(c *config) { c.kinOnly = true })
	require.NoError(tb, err)
	return native, kin
}

// sameJudgement requires both engines to judge body alike, as a request
// of op and as its response for status (when status is not 0).
func sameJudgement(t *testing.T, native, kin *Engine, op string, status int, body []byte) {
	t.Helper()
	ctx := context.Background()
	h := http.Header{"Content-Type": {"application/json"}}
	params := map[string]string{"customer_id": "C-100245", "payment_id": "P-1", "paymentUID": "12930"}
	if status == 0 {
		req := Request{PathParams: params, Header: h, Body: body}
		want, err := kin.ValidateRequest(ctx, op, req)
		require.NoError(t, err)
		got, err := native.ValidateRequest(ctx, op, req)
		require.NoError(t, err)
		assert.Equal(t, want, got, "request of %s: %s", op, body)
		return
	}
	resp := Response{Status: status, Header: h, Body: body}
	want, err := kin.ValidateResponse(ctx, op, resp)
	require.NoError(t, err)
	got, err := native.ValidateResponse(ctx, op, resp)
	require.NoError(t, err)
	assert.Equal(t, want, got, "response %d of %s: %s", status, op, body)
}

// TestNativeSchemasMatchKin judges every request and response example of
// both specs, and many broken copies of each (every member removed,
// nulled, given a value of another type, an empty or over-long string, an
// unknown sibling), with both engines.
func TestNativeSchemasMatchKin(t *testing.T) {
	native, kin := twinEngines(t)
	for _, p := range api.Providers() {
		for _, ex := range spectest.Examples(t, p) {
			status := 0
			switch ex.Kind {
			case spectest.KindRequest:
			case spectest.KindResponse:
				n, err := strconv.Atoi(ex.Status)
				if err != nil {
					continue // default or 4XX: any status of its class judges the same
				}
				status = n
			default:
				continue
			}
			for _, body := range spectest.Mutations(t, ex.JSON) {
				sameJudgement(t, native, kin, ex.OperationID, status, body)
			}
		}
	}
}

// FuzzNativeSchemasMatchKin judges arbitrary bodies with both engines, as
// a request and as answers 200 and 400 of one operation.
func FuzzNativeSchemasMatchKin(f *testing.F) {
	for _, p := range api.Providers() {
		for _, ex := range spectest.Examples(f, p) {
			if ex.Kind != spectest.KindSchema {
				f.Add(uint8(0), ex.JSON)
			}
		}
	}
	f.Add(uint8(3), []byte(`{"paymentAmount":1e999999999,"sender":null}`))
	native, kin := twinEngines(f)
	ops := native.Operations()
	f.Fuzz(func(t *testing.T, pick uint8, body []byte) {
		op := ops[int(pick)%len(ops)].ID
		sameJudgement(t, native, kin, op, 0, body)
		sameJudgement(t, native, kin, op, 200, body)
		sameJudgement(t, native, kin, op, 400, body)
	})
}

// pathValues are path parameter values of every kind the schemas of both
// specs tell apart: within and past their lengths and patterns, empty,
// escaped, numeric, non-ASCII and invalid UTF-8.
var pathValues = []string{"12930", "A-1", "abc", "-1", "12.5", "1e3", " 1", "1 ", "a b", "a/b", "%41", "é", "\x00", "\xff",
	"12345678", "123456789", "1234567890", strings.Repeat("9", 35), strings.Repeat("9", 36), strings.Repeat("x", 65), ""}

// samePathJudgement requires both engines to judge a request of op alike
// with the path parameter name set to value and the others valid.
func samePathJudgement(t *testing.T, native, kin *Engine, op Operation, name, value string) {
	t.Helper()
	ctx := context.Background()
	params := map[string]string{}
	for _, seg := range strings.Split(op.Path, "/") {
		if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
			params[seg[1:len(seg)-1]] = "123456789"
		}
	}
	params[name] = value
	req := Request{PathParams: params, Header: http.Header{"Content-Type": {"application/json"}}, Body: []byte(`{}`)}
	want, err := kin.ValidateRequest(ctx, op.ID, req)
	require.NoError(t, err)
	got, err := native.ValidateRequest(ctx, op.ID, req)
	require.NoError(t, err)
	assert.Equal(t, want, got, "%s with %s=%q", op.ID, name, value)
}

// pathParams lists the operations' path parameters by name.
func pathParams(ops []Operation) (out []struct {
	op   Operation
	name string
}) {
	for _, op := range ops {
		for _, seg := range strings.Split(op.Path, "/") {
			if strings.HasPrefix(seg, "{") && strings.HasSuffix(seg, "}") {
				out = append(out, struct {
					op   Operation
					name string
				}{op, seg[1 : len(seg)-1]})
			}
		}
	}
	return out
}

// TestNativePathParametersMatchKin: a path parameter the engine judges
// itself gets the problems kin-openapi gives, for every path parameter of
// both specs.
func TestNativePathParametersMatchKin(t *testing.T) {
	native, kin := twinEngines(t)
	params := pathParams(native.Operations())
	require.NotEmpty(t, params)
	for _, p := range params {
		for _, v := range pathValues {
			samePathJudgement(t, native, kin, p.op, p.name, v)
		}
	}
}

// FuzzNativePathParametersMatchKin judges arbitrary path parameter values
// with both engines.
func FuzzNativePathParametersMatchKin(f *testing.F) {
	for i, v := range pathValues {
		f.Add(uint8(i), v)
	}
	native, kin := twinEngines(f)
	params := pathParams(native.Operations())
	f.Fuzz(func(t *testing.T, pick uint8, value string) {
		p := params[int(pick)%len(params)]
		samePathJudgement(t, native, kin, p.op, p.name, value)
	})
}
