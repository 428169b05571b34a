package main

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/payspec/payspec/validate"
)

// multiFlag collects a repeatable flag.
type multiFlag []string

func (m *multiFlag) String() string     { return strings.Join(*m, ", ") }
func (m *multiFlag) Set(v string) error { *m = append(*m, v); return nil }

// report is the JSON output of validate.
type report struct {
	Valid    bool              `json:"valid"`
	Problems validate.Problems `json:"problems"`
}

func runValidate(ctx context.Context, args []string, stdin io.Reader, stdout io.Writer) (int, error) {
	fs := newFlagSet("validate")
	opID := fs.String("op", "", "operation id (see payspec ops)")
	status := fs.Int("response", 0, "validate FILE as the response body for this status")
	today := fs.String("today", "", "date that date rules judge against, YYYY-MM-DD (default: today in America/New_York)")
	strict := fs.Bool("strict", false, "report undeclared properties as errors")
	noRules := fs.Bool("no-rules", false, "check the schema only, not the rail rules")
	rulesConfig := fs.String("rules-config", "", "YAML or JSON rules configuration laid over the defaults")
	format := fs.String("format", "text", "output format: text or json")
	maxProblems := fs.Int("max-problems", validate.DefaultMaxProblems, "report at most this many problems, then one counting the rest")
	var headers, params multiFlag
	fs.Var(&headers, "header", "request or response header 'Name: value' (repeatable)")
	fs.Var(&params, "param", "path or query parameter name=value (repeatable)")
	// Flags may come before or after FILE.
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return exitUsage, usagef("validate: %v", err)
		}
		if fs.NArg() == 0 {
			break
		}
		files = append(files, fs.Arg(0))
		args = fs.Args()[1:]
	}
	if *opID == "" {
		return exitUsage, usagef("validate: --op is required")
	}
	if len(files) != 1 {
		return exitUsage, usagef("validate: want exactly one FILE (or - for standard input), got %d", len(files))
	}
	if *format != "text" && *format != "json" {
		return exitUsage, usagef("validate: --format must be text or json")
	}
	if isSet(fs, "response") && (*status < 100 || *status > 599) {
		return exitUsage, usagef("validate: --response must be an HTTP status between 100 and 599")
	}
	if *maxProblems < 1 {
		return exitUsage, usagef("validate: --max-problems must be at least 1")
	}
	opts := []validate.Option{validate.WithStrict(*strict), validate.WithMaxProblems(*maxProblems)}
	switch {
	case *noRules && *rulesConfig != "":
		return exitUsage, usagef("validate: --no-rules and --rules-config exclude each other")
	case *noRules:
		opts = append(opts, validate.WithoutRules())
	case *rulesConfig != "":
		checker, err := loadChecker(*rulesConfig)
		if err != nil {
			return exitUsage, err
		}
		opts = append(opts, validate.WithRules(checker))
	}
	if *today != "" {
		day, err := time.Parse("2006-01-02", *today)
		if err != nil {
			return exitUsage, usagef("validate: --today must be a date YYYY-MM-DD")
		}
		noon := time.Date(day.Year(), day.Month(), day.Day(), 12, 0, 0, 0, time.UTC)
		opts = append(opts, validate.WithClock(func() time.Time { return noon }))
	}
	e, err := validate.New(ctx, opts...)
	if err != nil {
		return exitUsage, err
	}
	op, ok := e.Operation(*opID)
	if !ok {
		return exitUsage, unknownOperation(*opID)
	}
	header := http.Header{}
	for _, h := range headers {
		name, value, ok := strings.Cut(h, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return exitUsage, usagef("validate: --header must look like 'Name: value'")
		}
		header.Add(textproto.CanonicalMIMEHeaderKey(name), strings.TrimSpace(value))
	}
	body, err := readInput(files[0], stdin, validate.DefaultMaxBodyBytes)
	if err != nil {
		return exitUsage, err
	}
	if header.Get("Content-Type") == "" {
		header.Set("Content-Type", "application/json")
	}
	var problems validate.Problems
	if isSet(fs, "response") {
		if len(params) > 0 {
			return exitUsage, usagef("validate: --param applies to requests, not to --response")
		}
		problems, err = e.ValidateResponse(ctx, op.ID, validate.Response{Status: *status, Header: header, Body: body})
	} else {
		pathParams, query, perr := splitParams(op, params)
		if perr != nil {
			return exitUsage, perr
		}
		problems, err = e.ValidateRequest(ctx, op.ID, validate.Request{
			PathParams: pathParams, Query: query, Header: header, Body: body,
		})
	}
	if err != nil {
		return exitUsage, err
	}
	if err := printProblems(stdout, *format, problems); err != nil {
		return exitUsage, err
	}
	if problems.HasErrors() {
		return exitInvalid, nil
	}
	return exitOK, nil
}

// isSet reports whether the flag was given on the command line.
func isSet(fs *flag.FlagSet, name string) bool {
	found := false
	fs.Visit(func(f *flag.Flag) {
		if f.Name == name {
			found = true
		}
	})
	return found
}

// readInput reads FILE, or standard input for "-", but never more than
// limit+1 bytes: enough for the engine to answer BODY_TOO_LARGE without
// holding the rest, whatever the input is (a file, a pipe, a device such
// as /dev/zero, or a FIFO).
func readInput(name string, stdin io.Reader, limit int64) ([]byte, error) {
	if name == "-" {
		b, err := readAtMost(stdin, limit)
		if err != nil {
			return nil, usagef("validate: reading standard input: %v", err)
		}
		return b, nil
	}
	f, err := os.Open(name)
	if err != nil {
		return nil, usagef("validate: cannot read %s: %v", name, unwrapPathError(err))
	}
	defer f.Close()
	b, err := readAtMost(f, limit)
	if err != nil {
		return nil, usagef("validate: cannot read %s: %v", name, unwrapPathError(err))
	}
	return b, nil
}

// readAtMost reads r to its end or to limit+1 bytes, whichever comes
// first.
func readAtMost(r io.Reader, limit int64) ([]byte, error) {
	return io.ReadAll(io.LimitReader(r, limit+1))
}

func unwrapPathError(err error) error {
	if pe, ok := err.(*os.PathError); ok {
		return pe.Err
	}
	return err
}

// splitParams sorts name=value pairs into the operation's path and query
// parameters; a path parameter is placed in the path template.
func splitParams(op validate.Operation, params []string) (map[string]string, url.Values, error) {
	path := map[string]string{}
	query := url.Values{}
	for _, p := range params {
		name, value, ok := strings.Cut(p, "=")
		if !ok || name == "" {
			return nil, nil, usagef("validate: --param must look like name=value")
		}
		in, declared := paramIn(op, name)
		switch {
		case !declared:
			return nil, nil, usagef("validate: %s has no path or query parameter %q", op.ID, name)
		case in == "path":
			path[name] = value
		default:
			query.Add(name, value)
		}
	}
	return path, query, nil
}

func printProblems(w io.Writer, format string, ps validate.Problems) error {
	if format == "json" {
		if ps == nil {
			ps = validate.Problems{}
		}
		b, err := json.Marshal(report{Valid: !ps.HasErrors(), Problems: ps})
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(w, string(b))
		return err
	}
	for _, p := range ps {
		if _, err := fmt.Fprintln(w, p.String()); err != nil {
			return err
		}
	}
	if len(ps) == 0 {
		_, err := fmt.Fprintln(w, "valid")
		return err
	}
	return nil
}

// paramIn returns where the operation declares a path or query parameter.
func paramIn(op validate.Operation, name string) (string, bool) {
	for _, p := range op.Parameters {
		if p.Name == name && (p.In == "path" || p.In == "query") {
			return p.In, true
		}
	}
	return "", false
}
