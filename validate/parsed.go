package validate

import (
	"context"
	"reflect"

	"github.com/payspec/payspec/validate/rules"
)

// inFlight is what the middleware leaves in the context of a request it
// judges, in one value: the operation it matched and the body it parsed.
type inFlight struct {
	op     Operation
	parsed parsedBody
}

// inFlightKey marks the context value holding a request's inFlight.
type inFlightKey struct{}

// parsedFrom returns the body the middleware parsed for the request of
// ctx.
func parsedFrom(ctx context.Context) (*parsedBody, bool) {
	f, ok := ctx.Value(inFlightKey{}).(*inFlight)
	if !ok {
		return nil, false
	}
	return &f.parsed, true
}

// parsedBody is where the engine leaves the body it parsed: the tree its
// strict reader made (nil when there was no JSON body), and the value the
// rules decoded from it (nil when no rules ran, or once handed over).
type parsedBody struct {
	tree    any
	decoded any
}

// keep leaves tree in p, when there is a p, forgetting any value decoded
// from an earlier one.
func (p *parsedBody) keep(tree any) {
	if p != nil {
		p.tree, p.decoded = tree, nil
	}
}

// keepDecoded notes the value the rules decoded the body into.
func (p *parsedBody) keepDecoded(v any) { p.decoded = v }

// DecodeBody stores the body of a request the middleware let through into
// v (a pointer, usually to the operation's generated request type), from
// what the engine parsed while judging it, so that the handler does not
// read and parse the JSON a second time. It follows encoding/json's rules
// for the destination types, except that member names match only exactly
// (the engine has refused names differing in letter case). When the rail
// rules decoded the body into v's type and v holds nothing yet, the first
// call is given their value (which nothing else holds) and decodes nothing. It reports false, storing
// nothing, when the request's context carries no parsed body (it did not
// pass the middleware, or had no JSON body); the handler then reads the
// body itself, which the middleware leaves readable.
func DecodeBody(ctx context.Context, v any) (bool, error) {
	p, ok := parsedFrom(ctx)
	if !ok || p.tree == nil {
		return false, nil
	}
	if d := p.decoded; d != nil && reflect.TypeOf(d) == reflect.TypeOf(v) {
		// Only into a nil-free, empty destination: decoding merges into
		// what v holds, and the hand-over must give the same.
		if dst := reflect.ValueOf(v); !dst.IsNil() && dst.Elem().IsZero() {
			p.decoded = nil
			dst.Elem().Set(reflect.ValueOf(d).Elem())
			return true, nil
		}
	}
	return true, rules.DecodeTree(p.tree, v)
}
