package problem_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate/problem"
)

func many(n int, sev problem.Severity, prefix string) problem.Problems {
	out := make(problem.Problems, n)
	for i := range out {
		out[i] = problem.Problem{Pointer: fmt.Sprintf("/%s/%03d", prefix, i), Code: "X", Severity: sev, Message: "m"}
	}
	return out
}

func TestLimit(t *testing.T) {
	for _, tc := range []struct {
		name       string
		in         problem.Problems
		max        int
		more       problem.Omitted
		wantKept   int
		wantErrs   int // errors among the kept
		wantMarker *problem.Omitted
	}{
		{name: "under the limit", in: many(3, problem.SeverityError, "a"), max: 5, wantKept: 3, wantErrs: 3},
		{name: "exactly the limit", in: many(5, problem.SeverityWarning, "a"), max: 5, wantKept: 5},
		{name: "warnings cut", in: many(8, problem.SeverityWarning, "a"), max: 5, wantKept: 5,
			wantMarker: &problem.Omitted{Warnings: 3}},
		{name: "errors kept before warnings",
			in:  problem.Sort(append(many(6, problem.SeverityWarning, "a"), many(2, problem.SeverityError, "b")...)),
			max: 5, wantKept: 5, wantErrs: 2, wantMarker: &problem.Omitted{Warnings: 3}},
		{name: "errors cut, warnings dropped",
			in:  problem.Sort(append(many(3, problem.SeverityWarning, "a"), many(7, problem.SeverityError, "b")...)),
			max: 5, wantKept: 5, wantErrs: 5, wantMarker: &problem.Omitted{Errors: 2, Warnings: 3}},
		{name: "counted by the caller", in: many(2, problem.SeverityWarning, "a"), max: 5,
			more: problem.Omitted{Errors: 4, AtLeast: true}, wantKept: 2,
			wantMarker: &problem.Omitted{Errors: 4, AtLeast: true}},
		{name: "no limit", in: many(200, problem.SeverityError, "a"), max: 0, wantKept: 200, wantErrs: 200},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := problem.Limit(tc.in, tc.max, tc.more)
			kept := got
			if tc.wantMarker != nil {
				require.NotEmpty(t, got)
				marker := got[len(got)-1]
				assert.Equal(t, problem.CodeTooManyProblems, marker.Code)
				assert.Equal(t, *tc.wantMarker, got.Omitted())
				wantSev := problem.SeverityWarning
				if tc.wantMarker.Errors > 0 {
					wantSev = problem.SeverityError
				}
				assert.Equal(t, wantSev, marker.Severity, "the marker is an error only when errors were left out")
				kept = got[:len(got)-1]
			} else {
				assert.False(t, got.Omitted().Any())
			}
			assert.Len(t, kept, tc.wantKept)
			assert.Len(t, kept.Errors(), tc.wantErrs)
			assert.Equal(t, tc.in.HasErrors() || tc.more.Errors > 0, got.HasErrors(), "the verdict never changes")
			assert.True(t, sortedByPointer(kept), "kept problems stay in pointer order")
		})
	}
}

func sortedByPointer(ps problem.Problems) bool {
	sorted := problem.Sort(append(problem.Problems(nil), ps...))
	for i := range ps {
		if ps[i].Pointer != sorted[i].Pointer {
			return false
		}
	}
	return true
}

func TestLimitKeepsTheEarliestPointers(t *testing.T) {
	got := problem.Limit(many(10, problem.SeverityError, "a"), 3, problem.Omitted{})
	assert.Equal(t, []string{"/a/000", "/a/001", "/a/002", ""}, pointers(got))
}

func TestLimitAgainFoldsTheMarker(t *testing.T) {
	once := problem.Limit(many(10, problem.SeverityWarning, "a"), 6, problem.Omitted{})
	twice := problem.Limit(once, 3, problem.Omitted{})
	assert.Equal(t, problem.Omitted{Warnings: 7}, twice.Omitted())
	assert.Len(t, twice, 4)
}

func TestMarkerMessages(t *testing.T) {
	assert.Equal(t, "more problems were found than are listed: 1 error and 2 warnings left out",
		problem.Omitted{Errors: 1, Warnings: 2}.Marker().Message)
	assert.Equal(t, "checking stopped after too many errors: at least 3 errors and 0 warnings left out",
		problem.Omitted{Errors: 3, AtLeast: true}.Marker().Message)
}

func TestJSONWithin(t *testing.T) {
	small := many(3, problem.SeverityError, "a")
	b := small.JSONWithin(problem.HeaderLimit)
	var round problem.Problems
	require.NoError(t, json.Unmarshal(b, &round))
	assert.Equal(t, pointers(small), pointers(round), "a list that fits is encoded whole")

	big := problem.Sort(append(many(400, problem.SeverityWarning, "a"), many(300, problem.SeverityError, "b")...))
	b = big.JSONWithin(problem.HeaderLimit)
	assert.LessOrEqual(t, len(b), problem.HeaderLimit)
	require.NoError(t, json.Unmarshal(b, &round))
	last := round[len(round)-1]
	assert.Equal(t, problem.CodeTooManyProblems, last.Code)
	assert.Equal(t, problem.SeverityError, last.Severity)
	assert.Empty(t, round[:len(round)-1].Warnings(), "errors fill the room before warnings")
	assert.Contains(t, last.Message, fmt.Sprintf("%d errors and 400 warnings", 300-(len(round)-1)))

	// A problem too long for the header on its own is counted, not cut.
	long := problem.Problems{{Pointer: "/" + strings.Repeat("x", 10000), Code: "X", Severity: problem.SeverityWarning, Message: "m"}}
	b = long.JSONWithin(problem.HeaderLimit)
	assert.LessOrEqual(t, len(b), problem.HeaderLimit)
	require.NoError(t, json.Unmarshal(b, &round))
	assert.Equal(t, []string{""}, pointers(round))
	assert.Contains(t, round[0].Message, "1 warning left out")

	// The list's own marker is added to what the header leaves out.
	cut := problem.Limit(many(50, problem.SeverityWarning, "a"), 10, problem.Omitted{})
	assert.Contains(t, string(cut.JSONWithin(problem.HeaderLimit)), "40 warnings left out")
}

func pointers(ps problem.Problems) []string {
	out := make([]string, len(ps))
	for i, p := range ps {
		out[i] = p.Pointer
	}
	return out
}

// The README and SECURITY.md promise problems headers of at most 8 KiB;
// the middleware's own test checks that the header holds what 8 KiB holds.
func TestHeaderLimitIsTheDocumentedEightKiB(t *testing.T) {
	assert.Equal(t, 8192, problem.HeaderLimit)
}
