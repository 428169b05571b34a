package main

import (
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCLIExampleBodiesAreValid prints every body payspec example --list
// offers and judges it with payspec validate: each must have no error.
func TestCLIExampleBodiesAreValid(t *testing.T) {
	list := runCLI(t, "", "example", "--list")
	require.Equal(t, exitOK, list.code, list.stderr)
	lines := textLines(t, list.stdout)
	require.Equal(t, []string{"OPERATION", "BODY", "EXAMPLES"}, strings.Fields(lines[0]))
	// The path parameters of each operation, from payspec ops.
	pathParams := map[string][]string{}
	ops := runCLI(t, "", "ops")
	for _, line := range textLines(t, ops.stdout)[1:] {
		f := strings.Fields(line)
		for _, m := range regexp.MustCompile(`\{([^}]+)\}`).FindAllStringSubmatch(f[2], -1) {
			pathParams[f[0]] = append(pathParams[f[0]], "--param", m[1]+"=X-1")
		}
	}
	checked := 0
	for _, line := range lines[1:] {
		op, rest, _ := strings.Cut(line, " ")
		rest = strings.TrimSpace(rest)
		var status string
		if s, ok := strings.CutPrefix(rest, "response "); ok {
			status, rest, _ = strings.Cut(s, " ")
		} else {
			rest = strings.TrimPrefix(rest, "request")
		}
		for _, name := range strings.Split(strings.TrimSpace(rest), ", ") {
			args := []string{"example", op, "--name", name}
			// The spec's examples are dated for the day the entry-point tests
			// judge them on.
			check := []string{"validate", "--op", op, "--today", "2026-11-16", "--format", "json", "-"}
			if status != "" {
				args = append(args, "--response", status)
				check = append(check, "--response", status)
			} else {
				check = append(check, pathParams[op]...)
			}
			t.Run(op+"/"+status+"/"+name, func(t *testing.T) {
				t.Parallel()
				ex := runCLI(t, "", args...)
				require.Equal(t, exitOK, ex.code, ex.stderr)
				require.True(t, json.Valid([]byte(ex.stdout)), "not JSON: %s", ex.stdout)
				r := runCLI(t, ex.stdout, check...)
				valid, ps := decodeReport(t, r.stdout)
				assert.True(t, valid, "%v", ps)
				assert.Equal(t, exitOK, r.code, r.stderr)
			})
			checked++
		}
	}
	assert.Greater(t, checked, 40)
}

func TestCLIExampleKeepsNumbersAsWritten(t *testing.T) {
	r := runCLI(t, "", "example", "createQuote", "--name", "buyFixed")
	require.Equal(t, exitOK, r.code, r.stderr)
	assert.Regexp(t, `"amount": [0-9]+\.[0-9]{2}\b`, r.stdout, "two decimals, as the spec writes them")
	assert.True(t, strings.HasSuffix(r.stdout, "}\n"))
}
