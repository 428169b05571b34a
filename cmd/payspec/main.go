// Command payspec validates Finzly and Redpin payment API payloads against
// payspec's embedded OpenAPI specs.
//
// Usage:
//
//	payspec validate --op OPERATION_ID [--response STATUS] [--header 'Name: value']...
//	                 [--param name=value]... [--today YYYY-MM-DD] [--strict]
//	                 [--no-rules | --rules-config FILE] [--format text|json] FILE|-
//	payspec ops
//	payspec rules [--rules-config FILE] [--format text|json]
//
// validate checks FILE (or standard input for "-") as the request body of
// the operation, or as its response body for STATUS with --response, and
// prints one problem per line, pointer first (or one JSON object with
// --format json). It exits 0 when there is no error (warnings allowed), 1
// when there are errors, and 2 for a usage error, an unknown operation or an
// unreadable file.
//
// ops lists every operation id with its method, path and provider; rules
// prints the catalogue of rail rules (id, operations, severity, doc).
// --rules-config lays a bank's YAML or JSON configuration over the
// defaults; --no-rules checks the schema only.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
)

// Exit statuses.
const (
	exitOK      = 0 // no errors (warnings allowed)
	exitInvalid = 1 // the payload has errors
	exitUsage   = 2 // bad usage, unknown operation, unreadable input
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// usageError is a mistake in the command line; its message is one line.
type usageError struct{ msg string }

func (e *usageError) Error() string { return e.msg }

func usagef(format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...)}
}

const usage = `usage:
  payspec validate --op OPERATION_ID [--response STATUS] [--header 'Name: value']...
                   [--param name=value]... [--today YYYY-MM-DD] [--strict]
                   [--no-rules | --rules-config FILE] [--format text|json] FILE|-
  payspec ops
  payspec rules [--rules-config FILE] [--format text|json]
`

// run is the whole command, with its streams injected for tests.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return exitUsage
	}
	var code int
	var err error
	switch args[0] {
	case "validate":
		code, err = runValidate(ctx, args[1:], stdin, stdout)
	case "ops":
		code, err = runOps(ctx, args[1:], stdout)
	case "rules":
		code, err = runRules(args[1:], stdout)
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
		return exitOK
	default:
		err = usagef("unknown command %q (want validate, ops or rules)", args[0])
	}
	if err != nil {
		var ue *usageError
		if errors.As(err, &ue) {
			fmt.Fprintln(stderr, "payspec: "+ue.msg)
			return exitUsage
		}
		fmt.Fprintln(stderr, "payspec: "+err.Error())
		return exitUsage
	}
	return code
}

// newFlagSet returns a flag set that reports errors instead of exiting.
func newFlagSet(name string) *flag.FlagSet {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(io.Discard)
	return fs
}
