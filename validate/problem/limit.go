package problem

import (
	"encoding/json"
	"slices"
)

// CodeTooManyProblems is the code of the marker that ends a list from which
// problems were left out (see Limit). Its severity is error when at least
// one error was left out, and warning otherwise.
const CodeTooManyProblems = "TOO_MANY_PROBLEMS"

// Omitted counts the problems left out of a list.
type Omitted struct {
	Errors   int // errors left out
	Warnings int // warnings (and infos, counted with them) left out
	// AtLeast says that checking stopped early, so the counts are lower
	// bounds: more problems may exist in the part that was not checked.
	AtLeast bool
}

// Any reports whether anything was left out.
func (o Omitted) Any() bool { return o.Errors > 0 || o.Warnings > 0 || o.AtLeast }

func (o Omitted) add(p Omitted) Omitted {
	return Omitted{Errors: o.Errors + p.Errors, Warnings: o.Warnings + p.Warnings, AtLeast: o.AtLeast || p.AtLeast}
}

func (o Omitted) count(s Severity) Omitted {
	if s == SeverityError {
		o.Errors++
	} else {
		o.Warnings++
	}
	return o
}

// Marker returns the problem that stands for the omitted ones: pointer ""
// (the whole document), code CodeTooManyProblems, and a message with the
// counts.
func (o Omitted) Marker() Problem {
	sev := SeverityWarning
	if o.Errors > 0 {
		sev = SeverityError
	}
	msg := "more problems were found than are listed: " +
		Count(o.Errors, "error") + " and " + Count(o.Warnings, "warning") + " left out"
	if o.AtLeast {
		msg = "checking stopped after too many errors: at least " +
			Count(o.Errors, "error") + " and " + Count(o.Warnings, "warning") + " left out"
	}
	return Problem{Code: CodeTooManyProblems, Severity: sev, Message: msg, omitted: &o}
}

// Omitted returns the counts carried by the list's final marker, if it
// ends with one made by Limit or Omitted.Marker.
func (ps Problems) Omitted() Omitted {
	if n := len(ps); n > 0 && ps[n-1].omitted != nil {
		return *ps[n-1].omitted
	}
	return Omitted{}
}

// Limit returns the list cut to at most max problems plus, when anything
// was left out, a final marker saying how many (see Omitted.Marker). more
// counts problems the caller already left out before this list was
// complete. The cut never changes a verdict: errors are kept in preference
// to warnings and infos (which are cut and counted like warnings), so a
// list with an error keeps one, and the marker is an error only when errors
// were left out. Within each severity the problems
// earliest in pointer order are kept. The kept problems are returned in
// pointer order (ps must be sorted, as Sort leaves it), marker last.
// max < 1 means no limit.
func Limit(ps Problems, max int, more Omitted) Problems {
	more = more.add(ps.Omitted())
	if n := len(ps); n > 0 && ps[n-1].omitted != nil {
		ps = ps[:n-1]
	}
	if max > 0 && len(ps) > max {
		errs := 0
		for _, p := range ps {
			if p.Severity == SeverityError {
				errs++
			}
		}
		keepWarnings := max - errs
		kept := make(Problems, 0, max+1)
		for _, p := range ps {
			switch {
			case p.Severity == SeverityError && errs <= max:
				kept = append(kept, p)
			case p.Severity == SeverityError && len(kept) < max:
				kept = append(kept, p)
			case p.Severity != SeverityError && keepWarnings > 0:
				kept = append(kept, p)
				keepWarnings--
			default:
				more = more.count(p.Severity)
			}
		}
		ps = kept
	}
	if more.Any() {
		ps = append(slices.Clip(ps), more.Marker())
	}
	return ps
}

// HeaderLimit is the largest problems header the middleware sends: 8 KiB,
// within what HTTP clients and proxies accept.
const HeaderLimit = 8 << 10

// JSONWithin encodes the list as a JSON array of at most limit bytes. When
// the whole list does not fit, it holds the problems that fit, whole, errors
// chosen before warnings and each kept in its place in the list, and then a
// marker counting those left out (together with any the list's own marker
// counted).
func (ps Problems) JSONWithin(limit int) []byte {
	more := ps.Omitted()
	if n := len(ps); n > 0 && ps[n-1].omitted != nil {
		ps = ps[:n-1]
	}
	if b, err := json.Marshal(ps); err == nil && !more.Any() && len(b) <= limit {
		return b
	}
	// Room for the marker with the largest counts it can hold.
	worst := Omitted{Errors: len(ps) + more.Errors, Warnings: len(ps) + more.Warnings, AtLeast: true}
	room := limit - len(mustJSON(worst.Marker())) - 3 // brackets and a comma
	encoded := make([][]byte, len(ps))
	for _, sev := range []Severity{SeverityError, SeverityWarning} {
		for i, p := range ps {
			if (p.Severity == SeverityError) != (sev == SeverityError) {
				continue
			}
			b := mustJSON(p)
			if len(b)+1 > room {
				more = more.count(p.Severity)
				continue
			}
			room -= len(b) + 1
			encoded[i] = b
		}
	}
	out := []byte{'['}
	for _, b := range encoded {
		if b != nil {
			out = append(append(out, b...), ',')
		}
	}
	if more.Any() {
		out = append(out, mustJSON(more.Marker())...)
	} else {
		out = out[:len(out)-1]
	}
	return append(out, ']')
}

func mustJSON(p Problem) []byte {
	b, err := json.Marshal(p)
	if err != nil { // cannot happen: strings only
		panic(err)
	}
	return b
}
