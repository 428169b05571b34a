package validate

import (
	"fmt"
	"net/url"
	"strings"
)

// Route finds the operation a request method and URL path belong to and
// returns its path parameters. The path may carry a base path before the
// operation's template (such as the /api/openbanking of a Finzly server),
// so templates are matched against the end of the path; when several
// match, the one with the most literal segments wins. The error wraps
// ErrUnknownOperation when nothing matches.
func (e *Engine) Route(method, escapedPath string) (Operation, map[string]string, error) {
	op, params, err := e.route(method, escapedPath)
	if err != nil {
		return Operation{}, nil, err
	}
	return op.info, params, nil
}

func (e *Engine) route(method, escapedPath string) (*operation, map[string]string, error) {
	segs := strings.Split(strings.TrimPrefix(escapedPath, "/"), "/")
	var best *operation
	for _, op := range e.order {
		if op.info.Method != strings.ToUpper(method) || len(op.segments) > len(segs) {
			continue
		}
		if !op.matches(segs[len(segs)-len(op.segments):]) {
			continue
		}
		if best == nil || op.literals > best.literals ||
			(op.literals == best.literals && len(op.segments) > len(best.segments)) {
			best = op
		}
	}
	if best == nil {
		return nil, nil, fmt.Errorf("%w: no operation matches %s %s", ErrUnknownOperation, method, escapedPath)
	}
	tail := segs[len(segs)-len(best.segments):]
	params := map[string]string{}
	for i, s := range best.segments {
		if isParamSegment(s) {
			v, err := url.PathUnescape(tail[i])
			if err != nil {
				v = tail[i]
			}
			params[s[1:len(s)-1]] = v
		}
	}
	return best, params, nil
}

// matches reports whether the escaped path segments fit the template.
func (op *operation) matches(segs []string) bool {
	for i, s := range op.segments {
		if isParamSegment(s) {
			if segs[i] == "" {
				return false
			}
			continue
		}
		if segs[i] != s {
			return false
		}
	}
	return true
}
