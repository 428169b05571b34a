package validate

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// templateOp is an operation with only what routing reads.
func templateOp(id, method, path string, webhook bool) *operation {
	op := &operation{info: Operation{ID: id, Method: method, Path: path, Webhook: webhook}}
	op.segments = strings.Split(strings.TrimPrefix(path, "/"), "/")
	for _, s := range op.segments {
		if !isParamSegment(s) {
			op.literals++
		}
	}
	return op
}

// The embedded specs hold no path where a webhook has more literal
// segments than an API operation that fits it too, so the rule that an
// API operation outranks a webhook is pinned on templates made for it.
func TestAnAPIOperationOutranksAWebhook(t *testing.T) {
	hook := templateOp("hook", http.MethodPost, "/events/payment/updated", true)
	apiOp := templateOp("api", http.MethodPost, "/events/{kind}/updated", false)
	narrower := templateOp("narrower", http.MethodPost, "/events/payment/updated", false)
	for _, tc := range []struct {
		name string
		ops  []*operation
		want string
	}{
		{"webhook first", []*operation{hook, apiOp}, "api"},
		{"webhook last", []*operation{apiOp, hook}, "api"},
		{"between API operations, more literals win", []*operation{apiOp, narrower}, "narrower"},
		{"between API operations, in either order", []*operation{narrower, apiOp}, "narrower"},
	} {
		rt := routeRequest(tc.ops, httptest.NewRequest(http.MethodPost, "/base/events/payment/updated", nil))
		if assert.NotNil(t, rt.op, tc.name) {
			assert.Equal(t, tc.want, rt.op.info.ID, tc.name)
		}
		assert.Empty(t, rt.problems, tc.name)
	}
}
