package problem_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate/problem"
)

func p(ptr, code string, sev problem.Severity) problem.Problem {
	return problem.Problem{Pointer: ptr, Code: code, Severity: sev, Message: "m"}
}

func TestSortOrdersByPointerTokens(t *testing.T) {
	in := problem.Problems{
		p("/a/10", "X", problem.SeverityError),
		p("/b", "X", problem.SeverityError),
		p("/a/9", "X", problem.SeverityError),
		p("", "Z", problem.SeverityError),
		p("/a", "Y", problem.SeverityWarning),
		p("/a", "X", problem.SeverityError),
		p("/a/9/x", "X", problem.SeverityError),
		p("/a/9", "X", problem.SeverityError), // repeat: dropped
		p("/a~1b", "X", problem.SeverityError),
	}
	got := problem.Sort(in)
	var order []string
	for _, q := range got {
		order = append(order, q.Pointer+" "+q.Code)
	}
	assert.Equal(t, []string{"" + " Z", "/a X", "/a Y", "/a/9 X", "/a/9/x X", "/a/10 X", "/a~1b X", "/b X"}, order)
}

func TestErrAndSeverities(t *testing.T) {
	warn := problem.Problems{p("/x", "W", problem.SeverityWarning)}
	assert.False(t, warn.HasErrors())
	assert.NoError(t, warn.Err())
	assert.Empty(t, warn.Errors())
	assert.Len(t, warn.Warnings(), 1)

	both := append(warn, p("/y", "E", problem.SeverityError))
	require.True(t, both.HasErrors())
	err := fmt.Errorf("wrapped: %w", both.Err())
	var got problem.Problems
	require.True(t, errors.As(err, &got))
	assert.Equal(t, both, got)
	assert.Len(t, got.Errors(), 1)

	var none problem.Problems
	assert.NoError(t, none.Err())
}

func TestErrorText(t *testing.T) {
	assert.Equal(t, "no problems", problem.Problems{}.Error())
	assert.Equal(t, `"" error INVALID_JSON: m`, problem.Problems{p("", "INVALID_JSON", problem.SeverityError)}.Error())
	assert.Equal(t, "2 problems: /a error A: m; /b warning B: m",
		problem.Problems{p("/a", "A", problem.SeverityError), p("/b", "B", problem.SeverityWarning)}.Error())
}

func TestJSON(t *testing.T) {
	b, err := json.Marshal(problem.Problems{p("/a", "A", problem.SeverityError)})
	require.NoError(t, err)
	assert.JSONEq(t, `[{"pointer":"/a","code":"A","severity":"error","message":"m"}]`, string(b))
}
