package main

import (
	"bytes"
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate"
)

// zeros is an endless input that counts what was read from it.
type zeros struct{ read int64 }

func (z *zeros) Read(p []byte) (int, error) {
	clear(p)
	z.read += int64(len(p))
	return len(p), nil
}

func TestCLIReadsAtMostTheBodyLimit(t *testing.T) {
	in := &zeros{}
	var stdout, stderr bytes.Buffer
	code := run(context.Background(), []string{"validate", "--op", "createCreditPaymentV4", "-"}, in, &stdout, &stderr)
	assert.Equal(t, exitInvalid, code, stderr.String())
	assert.Contains(t, stdout.String(), validate.CodeBodyTooLarge)
	assert.LessOrEqual(t, in.read, int64(validate.DefaultMaxBodyBytes)+64<<10,
		"standard input is read only a little past the limit")
}

// runCLIWithTimeout runs the built binary in the module root and fails
// the test if it takes more than a few seconds (an unbounded read would not
// end).
func runCLIWithTimeout(t *testing.T, stdin io.Reader, args ...string) cliResult {
	t.Helper()
	return execCLI(t, moduleRoot(t), stdin, 20*time.Second, args...)
}

func TestCLIMaxProblems(t *testing.T) {
	var b strings.Builder
	b.WriteString(`{"purpose_of_transaction":"X","amount":{"currency":"GBP","value":1},"recipient_details":[{}`)
	for range 5000 {
		b.WriteString(`,{}`)
	}
	b.WriteString(`]}`)
	for _, tc := range []struct {
		flag []string
		want int
	}{{nil, validate.DefaultMaxProblems}, {[]string{"--max-problems", "7"}, 7}} {
		args := append([]string{"validate", "--op", "createPayment", "--param", "customer_id=CUST-0048213", "-"}, tc.flag...)
		res := runCLI(t, b.String(), args...)
		assert.Equal(t, exitInvalid, res.code, res.stderr)
		lines := assertProblemLines(t, res.stdout) // the summary line left out
		require.Len(t, lines, tc.want+1)
		assert.Contains(t, lines[tc.want], validate.CodeTooManyProblems)
	}
	res := runCLI(t, "{}", "validate", "--op", "createPayment", "--max-problems", "0", "-")
	assert.Equal(t, exitUsage, res.code)
}

// Each job is a goroutine and a few documents in memory: --jobs is
// bounded, so that a typo cannot exhaust the machine.
func TestCLIJobsAreBounded(t *testing.T) {
	for _, jobs := range []string{"0", "-1", "257", "1000000000"} {
		res := runCLI(t, "{}", "validate", "--op", "createQuote", "--param", "customer_id=C", "--jobs", jobs, "-")
		assert.Equal(t, exitUsage, res.code, jobs)
		assert.Contains(t, res.stderr, "--jobs must be between 1 and 256", jobs)
	}
	res := runCLI(t, "{}", "validate", "--op", "createQuote", "--param", "customer_id=C", "--jobs", "256", "-")
	assert.Equal(t, exitInvalid, res.code, res.stderr)
}

func TestCLIRulesConfigIsBounded(t *testing.T) {
	res := runCLIWithTimeout(t, nil, "rules", "--rules-config", "/dev/zero")
	assert.Equal(t, exitUsage, res.code)
	assert.Contains(t, res.stderr, "larger than")
}
