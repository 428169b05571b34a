package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/textproto"
	"os"
	"runtime"
	"slices"
	"strconv"
	"strings"

	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/payspec/payspec/cmd/payspec/internal/report"
	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/rules"
)

func init() { subcommands = append(subcommands, (*app).validateCommand) }

// validateFlags are the flags of payspec validate.
type validateFlags struct {
	op          string
	response    int
	headers     []string
	params      []string
	today       string
	strict      bool
	noRules     bool
	rulesConfig string
	format      string
	maxProblems int
	ndjson      bool
	color       string
	jobs        int
}

const validateLong = `validate judges payment documents against the embedded specs and rail rules.

Inputs are files, directories (every *.json below them, or *.ndjson and *.jsonl with
--ndjson), globs ('payloads/**/*.json'; ** matches any number of directories), and - for
standard input. With --ndjson each line of an input is one document, judged alone.

The operation of a document comes from --op, else from a payspec.yaml manifest in the
document's directory or above it (no higher than the repository's top; outside a
repository, than the working directory), else from the name of a directory above it
(as examples/ is laid out). A manifest lists globs, relative to its own directory, with
what applies to the documents they match; the first entry that matches wins. Its
"rules: FILE" names the rules configuration of the documents below it.

  payloads:
    - files: "credits/**/*.json"
      op: createCreditPaymentV4
    - files: "redpin/**/*.json"          # operation from the directory name
      params: {customer_id: CUST-0048213}
    - files: "answers/*-200.json"
      op: createCreditPaymentV4
      response: 200

An operation without a request body is judged on its parameters alone when no input
is named: payspec validate --op getPayment --param paymentUID=12930.

Exit status: 0 when no document has an error (warnings allowed), 1 when one has,
2 for a usage error, an unknown operation or an input that could not be read.`

func (a *app) validateCommand() *cobra.Command {
	f := &validateFlags{}
	cmd := &cobra.Command{
		Use:   "validate [flags] [FILE|DIR|GLOB|-]...",
		Short: "Judge payment documents against the specs and rail rules",
		Long:  validateLong,
		Example: "  payspec validate --op createCreditPaymentV4 examples/finzly/createCreditPaymentV4/valid-fedwire.json\n" +
			"  payspec validate examples/\n" +
			"  payspec validate --format sarif 'payloads/**/*.json' > payspec.sarif\n" +
			"  payspec validate --op createQuote --param customer_id=CUST-0048213 --ndjson quotes.ndjson",
		RunE: func(cmd *cobra.Command, args []string) error {
			code, err := a.runValidate(cmd.Context(), f, args)
			a.code = code
			return err
		},
	}
	fs := cmd.Flags()
	fs.StringVar(&f.op, "op", "", "operation id of every document (see payspec ops); default: from a manifest or the directory name")
	fs.IntVar(&f.response, "response", 0, "judge the documents as response bodies for this HTTP status")
	fs.StringArrayVar(&f.headers, "header", nil, "request or response header 'Name: value' (repeatable)")
	fs.StringArrayVar(&f.params, "param", nil, "path or query parameter name=value, for the operations that declare it (repeatable)")
	fs.StringVar(&f.today, "today", "", "date the date rules judge against, YYYY-MM-DD (default: today in America/New_York)")
	fs.BoolVar(&f.strict, "strict", false, "report undeclared properties as errors")
	fs.BoolVar(&f.noRules, "no-rules", false, "check the schema only, not the rail rules")
	fs.StringVar(&f.rulesConfig, "rules-config", "", "YAML or JSON rules configuration laid over the defaults")
	fs.StringVar(&f.format, "format", "text", "output format: "+strings.Join(report.Formats, ", "))
	fs.IntVar(&f.maxProblems, "max-problems", validate.DefaultMaxProblems, "report at most this many problems per document, then one counting the rest")
	fs.BoolVar(&f.ndjson, "ndjson", false, "read one document per line of each input")
	fs.StringVar(&f.color, "color", "auto", "colour the text output: auto (on a terminal, unless NO_COLOR is set), always or never")
	fs.IntVarP(&f.jobs, "jobs", "j", min(runtime.GOMAXPROCS(0), maxJobs), "documents judged at once (at most 256)")
	completeValues(cmd, "format", report.Formats...)
	completeValues(cmd, "color", "auto", "always", "never")
	_ = cmd.RegisterFlagCompletionFunc("op", a.completeOperations)
	return cmd
}

// maxJobs bounds --jobs: each job is a goroutine and a few documents in
// memory, and more than this many gain nothing on any machine payspec
// runs on.
const maxJobs = 256

// runValidate is payspec validate. Mistakes found before judging (flags,
// inputs, operations, manifests) are returned as errors; once judging
// starts the outcome is the exit status.
func (a *app) runValidate(ctx context.Context, f *validateFlags, args []string) (int, error) {
	if err := f.check(); err != nil {
		return exitUsage, err
	}
	e, err := a.engine(ctx, f.spec())
	if err != nil {
		return exitUsage, err
	}
	headers, err := parseHeaders(f.headers)
	if err != nil {
		return exitUsage, err
	}
	r, err := newResolver(e, f, headers, func(rules string) (*validate.Engine, error) {
		s := f.spec()
		s.rulesConfig = rules
		return a.engine(ctx, s)
	})
	if err != nil {
		return exitUsage, err
	}
	inputs, err := expandInputs(args, f.ndjson)
	if err != nil {
		return exitUsage, err
	}
	jobs, err := r.plan(inputs)
	if err != nil {
		return exitUsage, err
	}
	w, err := report.New(f.format, a.stdout, report.Options{
		Color: a.colorOutput(f.color), ToolVersion: moduleVersion(), RuleDoc: ruleDoc,
	})
	if err != nil {
		return exitUsage, err
	}
	j := &judge{jobs: f.jobs, stdin: a.stdin, limit: validate.DefaultMaxBodyBytes,
		progress: a.progress(jobs), stderr: a.stderr}
	sum, err := j.run(ctx, jobs, w)
	if err != nil {
		return exitUsage, err
	}
	switch {
	case sum.Unreadable > 0:
		return exitUsage, nil
	case sum.Errors > 0:
		return exitInvalid, nil
	}
	return exitOK, nil
}

// check refuses flag values that cannot work, before anything is read.
func (f *validateFlags) check() error {
	switch {
	case !slices.Contains(report.Formats, f.format):
		return usagef("validate: --format must be one of %s", strings.Join(report.Formats, ", "))
	case f.response != 0 && (f.response < 100 || f.response > 599):
		return usagef("validate: --response must be an HTTP status between 100 and 599")
	case f.maxProblems < 1:
		return usagef("validate: --max-problems must be at least 1")
	case f.jobs < 1 || f.jobs > maxJobs:
		return usagef("validate: --jobs must be between 1 and %d", maxJobs)
	case f.noRules && f.rulesConfig != "":
		return usagef("validate: --no-rules and --rules-config exclude each other")
	case f.color != "auto" && f.color != "always" && f.color != "never":
		return usagef("validate: --color must be auto, always or never")
	case len(f.params) > 0 && f.response != 0:
		return usagef("validate: --param applies to requests, not to --response")
	}
	if f.today != "" {
		if _, err := parseToday(f.today); err != nil {
			return usagef("validate: %v", err)
		}
	}
	seen := map[string]string{}
	for _, p := range f.params {
		name, value, ok := strings.Cut(p, "=")
		if !ok || name == "" {
			return usagef("validate: --param must look like name=value")
		}
		if before, twice := seen[name]; twice && before != value {
			return usagef("validate: --param %s is given two values; a parameter takes one", strconv.Quote(name))
		}
		seen[name] = value
	}
	return nil
}

// spec is the engine the flags describe.
func (f *validateFlags) spec() engineSpec {
	return engineSpec{strict: f.strict, maxProblems: f.maxProblems, noRules: f.noRules, rulesConfig: f.rulesConfig, today: f.today}
}

// parseHeaders reads 'Name: value' flags.
func parseHeaders(flags []string) (http.Header, error) {
	header := http.Header{}
	for _, h := range flags {
		name, value, ok := strings.Cut(h, ":")
		name = strings.TrimSpace(name)
		if !ok || name == "" || strings.ContainsAny(name, " \t") {
			return nil, usagef("validate: --header must look like 'Name: value'")
		}
		header.Add(textproto.CanonicalMIMEHeaderKey(name), strings.TrimSpace(value))
	}
	return header, nil
}

// colorOutput decides whether text output is coloured.
func (a *app) colorOutput(mode string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return a.getenv("NO_COLOR") == "" && a.terminal(a.stdout)
}

// isTerminal reports whether w is a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// ruleDoc describes a problem code in one line: a rail rule's doc, "" for
// the engine's codes.
func ruleDoc(code string) string {
	for _, r := range rules.Catalogue() {
		if r.ID == code {
			return r.Doc
		}
	}
	return ""
}

// completeValues offers a flag's fixed values to shell completion.
func completeValues(cmd *cobra.Command, flag string, values ...string) {
	_ = cmd.RegisterFlagCompletionFunc(flag, cobra.FixedCompletions(values, cobra.ShellCompDirectiveNoFileComp))
}

// completeOperations offers operation ids to shell completion.
func (a *app) completeOperations(cmd *cobra.Command, _ []string, _ string) ([]string, cobra.ShellCompDirective) {
	e, err := a.engine(cmd.Context(), schemaOnly)
	if err != nil {
		return nil, cobra.ShellCompDirectiveError
	}
	var ids []string
	for _, op := range e.Operations() {
		ids = append(ids, fmt.Sprintf("%s\t%s %s", op.ID, op.Method, op.Path))
	}
	return ids, cobra.ShellCompDirectiveNoFileComp
}
