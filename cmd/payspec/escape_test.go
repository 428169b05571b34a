package main

import (
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestCLIReportsCannotBeForged judges a document whose member names, and a
// file whose name, carry escape sequences, line breaks and CI commands:
// every problem stays one line, and nothing raw reaches the output.
func TestCLIReportsCannotBeForged(t *testing.T) {
	body := `{"sell_currency":"GBP","buy_currency":"EUR","amount":1.00,"fixed_side":"BUY",` +
		`"\u001b[2J\r\nok.json:1:1 /x error FORGED m":1,"##vso[task.complete result=Succeeded]":2,"\n::error::forged":3}`
	dir := t.TempDir()
	name := filepath.Join(dir, "q\x1b[31m\n::error::x.json")
	require.NoError(t, os.WriteFile(name, []byte(body), 0o644))

	r := runCLI(t, "", "validate", "--op", "createQuote", "--param", cliCustomerID, "--strict", name)
	require.Equal(t, exitInvalid, r.code, r.stderr)
	lines := textLines(t, r.stdout)
	require.Len(t, lines, 4, "three undeclared members, then the summary: %q", r.stdout)
	for _, line := range lines[:3] {
		assert.True(t, strings.HasPrefix(line, dir), "each line starts with the file: %q", line)
		assert.Contains(t, line, `q\x1b[31m\n::error::x.json:1:`)
		assert.Contains(t, line, " error UNKNOWN_PROPERTY ")
	}
	all := strings.Join(lines, "\n")
	assert.Contains(t, all, `:1:78 /\x1b[2J\r\nok.json:1:1\x20~1x\x20error\x20FORGED\x20m error`)
	assert.Contains(t, all, `:1:125 /#\x23vso[task.complete\x20result=Succeeded] error`)
	assert.Contains(t, all, `:1:167 /\n::error::forged error`)
	for _, format := range []string{"text", "json", "sarif", "junit"} {
		r := runCLI(t, "", "validate", "--op", "createQuote", "--param", cliCustomerID, "--strict", "--format", format, name)
		assert.NotContains(t, r.stdout, "\x1b", format)
		assert.NotContains(t, r.stdout, "\r", format)
		assert.NotContains(t, r.stdout, "##", format)
		assert.NotContains(t, "\n"+r.stdout, "\n::", format)
	}

	// Standard error too: a file that cannot be read, named in the message.
	r = runCLI(t, "", "validate", "--op", "createQuote", filepath.Join(dir, "none\x1b[2J\n::error::y.json"))
	require.Equal(t, exitUsage, r.code)
	assert.Equal(t, 1, strings.Count(r.stderr, "\n"), "one line: %q", r.stderr)
	assert.Contains(t, r.stderr, `none\x1b[2J\n::error::y.json`)
}

// TestServeLogLinesCannotBeForged: a request path (decoded from the
// client's percent-escapes) cannot start a line of its own in serve's log.
func TestServeLogLinesCannotBeForged(t *testing.T) {
	var out, errOut strings.Builder
	log := slog.New(newRequestLog(&out, &errOut))
	log.Info("request", "method", "GET", "path", "/finzly/x\n2026-12-07T00:00:00Z GET /forged\x1b[2J", "operation", "-",
		"status", 404, "latency", "1ms")
	assert.Equal(t, 1, strings.Count(out.String(), "\n"), out.String())
	assert.Contains(t, out.String(), ` GET /finzly/x\n2026-12-07T00:00:00Z GET /forged\x1b[2J - 404 1ms`)
	assert.NotContains(t, out.String(), "\x1b")
}
