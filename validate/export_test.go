package validate

import "context"

// RulesValueKept is the value the rules decoded for the request of ctx,
// which DecodeBody has not handed over yet (nil when none).
func RulesValueKept(ctx context.Context) any {
	p, _ := parsedFrom(ctx)
	if p == nil {
		return nil
	}
	return p.decoded
}
