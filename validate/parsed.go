package validate

import (
	"context"
	"reflect"

	"github.com/payspec/payspec/validate/rules"
)

// parsedKey marks the context value holding the request body the engine
// parsed while judging a request for the middleware.
type parsedKey struct{}

// parsedBody is where the engine leaves the body it parsed: the tree its
// strict reader made (nil when there was no JSON body), and the value the
// rules decoded from it (nil when no rules ran, or once handed over).
type parsedBody struct {
	tree    any
	decoded any
}

// keepParsed leaves tree where ctx says, if it says, and returns that
// place.
func keepParsed(ctx context.Context, tree any) *parsedBody {
	p, ok := ctx.Value(parsedKey{}).(*parsedBody)
	if !ok {
		return nil
	}
	p.tree = tree
	return p
}

// keepDecoded notes the value the rules decoded the body into.
func (p *parsedBody) keepDecoded(v any) { p.decoded = v }

// DecodeBody stores the body of a request the middleware let through into
// v (a pointer, usually to the operation's generated request type), from
// what the engine parsed while judging it, so that the handler does not
// read and parse the JSON a second time. It follows encoding/json's rules
// for the destination types, except that member names match only exactly
// (the engine has refused names differing in letter case). When the rail
// rules decoded the body into v's type, the first call is given their value
// (which nothing else holds) and decodes nothing. It reports false, storing
// nothing, when the request's context carries no parsed body (it did not
// pass the middleware, or had no JSON body); the handler then reads the
// body itself, which the middleware leaves readable.
func DecodeBody(ctx context.Context, v any) (bool, error) {
	p, ok := ctx.Value(parsedKey{}).(*parsedBody)
	if !ok || p.tree == nil {
		return false, nil
	}
	if d := p.decoded; d != nil && reflect.TypeOf(d) == reflect.TypeOf(v) && !reflect.ValueOf(v).IsNil() {
		p.decoded = nil
		reflect.ValueOf(v).Elem().Set(reflect.ValueOf(d).Elem())
		return true, nil
	}
	return true, rules.DecodeTree(p.tree, v)
}
