package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/specexample"
	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/rules"
)

func init() { subcommands = append(subcommands, (*app).exampleCommand) }

// exampleCommand prints a valid body of an operation, taken from the
// spec's examples, with its dates moved to a day the rules accept.
func (a *app) exampleCommand() *cobra.Command {
	var f exampleFlags
	cmd := &cobra.Command{
		Use:   "example OPERATION_ID [--response STATUS] [--name NAME] [--today YYYY-MM-DD] | --list",
		Short: "Print a valid request or response body from the spec's examples",
		Long: "example prints a body of the operation written in the spec, as a starting point for a\n" +
			"payload: the request body, or with --response the response body for STATUS. Numbers\n" +
			"are printed exactly as the spec writes them. Dates are moved, all by the same number of\n" +
			"days, to the first day from today that the rail rules accept (the next business day for\n" +
			"ACH, Fedwire and SWIFT), so that payspec validate accepts the body on the same day.\n" +
			"--list lists every body with examples.",
		Example: "  payspec example createCreditPaymentV4 > payment.json\n" +
			"  payspec example createCreditPaymentV4 --response 200\n" +
			"  payspec example createCreditPaymentV4 --name recurringMonthly --today 2030-03-01\n" +
			"  payspec example --list",
		Args: func(_ *cobra.Command, args []string) error {
			if len(args) > 1 {
				return usagef("example takes one operation id at most; %d arguments were given", len(args))
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return a.runExample(cmd, f, args)
		},
		ValidArgsFunction: a.completeOperations,
	}
	fs := cmd.Flags()
	fs.StringVar(&f.status, "response", "", "print the response body for this HTTP status (or default)")
	fs.StringVar(&f.name, "name", "", "which of several examples to print (see --list)")
	fs.BoolVar(&f.list, "list", false, "list the bodies that have examples")
	fs.StringVar(&f.today, "today", "", "move dates to suit this day, YYYY-MM-DD (default: today in America/New_York)")
	fs.StringVar(&f.rulesConfig, "rules-config", "", "YAML or JSON rules configuration whose calendar and rules the dates must suit")
	return cmd
}

// exampleFlags are the flags of payspec example.
type exampleFlags struct {
	status, name, today, rulesConfig string
	list                             bool
}

func (a *app) runExample(cmd *cobra.Command, f exampleFlags, args []string) error {
	if f.today != "" {
		if _, err := parseToday(f.today); err != nil {
			return usagef("example: %v", err)
		}
	}
	var cfg *rules.Config
	if f.rulesConfig != "" {
		var err error
		if cfg, err = loadRulesConfig(f.rulesConfig); err != nil {
			return err
		}
	}
	e, err := a.engine(cmd.Context(), engineSpec{maxProblems: validate.DefaultMaxProblems, rulesConfig: f.rulesConfig, today: f.today})
	if err != nil {
		return err
	}
	load := a.examples
	if load == nil {
		load = loadExamples
	}
	cat, err := load(e)
	if err != nil {
		return err
	}
	if f.list {
		if len(args) > 0 {
			return usagef("example: --list takes no operation")
		}
		return a.listExamples(cat)
	}
	if len(args) == 0 {
		return usagef("example: name an operation (see payspec example --list)")
	}
	op, err := findOperation(e, "example", args[0])
	if err != nil {
		return err
	}
	want := ""
	if cmd.Flags().Changed("response") {
		if want = strings.ToLower(f.status); !validResponseKey(want) {
			return usagef("example: --response must be an HTTP status such as 201, or default")
		}
	}
	return a.printExample(cmd.Context(), newDater(e, cfg), cat, op, want, f.name)
}

// validResponseKey reports whether s names a response of a spec: a
// three-digit status or default.
func validResponseKey(s string) bool {
	n, err := strconv.Atoi(s)
	return s == "default" || (err == nil && n >= 100 && n <= 599 && len(s) == 3)
}

// exampleBody is one body of an operation and its examples.
type exampleBody struct {
	op       validate.Operation
	body     specexample.Body
	examples []specexample.Example
}

// loadExamples reads the bodies of every operation, in the engine's order
// of operations.
func loadExamples(e *validate.Engine) ([]exampleBody, error) {
	var err error
	cats := map[api.Provider]*specexample.Catalogue{}
	for _, p := range api.Providers() {
		if cats[p], err = specexample.Load(p); err != nil {
			return nil, err
		}
	}
	var out []exampleBody
	for _, op := range e.Operations() {
		cat := cats[op.Provider]
		for _, b := range cat.Bodies {
			if b.OperationID == op.ID {
				out = append(out, exampleBody{op: op, body: b, examples: cat.ForBody(b)})
			}
		}
	}
	return out, nil
}

func (a *app) listExamples(cat []exampleBody) error {
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "OPERATION\tBODY\tEXAMPLES")
	for _, b := range cat {
		if len(b.examples) == 0 {
			continue
		}
		names := make([]string, len(b.examples))
		for i, ex := range b.examples {
			names[i] = exampleName(ex)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\n", b.op.ID, bodyName(b.body), strings.Join(names, ", "))
	}
	return tw.Flush()
}

// printExample prints an example of the operation's request body (want
// "") or of its response body for the status want, dated for today.
func (a *app) printExample(ctx context.Context, d *dater, cat []exampleBody, op validate.Operation, want, name string) error {
	for _, b := range cat {
		if b.op.ID != op.ID || b.body.Status != want {
			continue
		}
		ex, err := pick(b, name)
		if err != nil {
			return err
		}
		var out bytes.Buffer
		if err := json.Indent(&out, d.forToday(ctx, b, ex.JSON), "", "  "); err != nil {
			return err
		}
		out.WriteByte('\n')
		_, err = a.stdout.Write(out.Bytes())
		return err
	}
	if want == "" {
		return usagef("example: %s takes no request body; try --response STATUS (see payspec example --list)", op.ID)
	}
	return usagef("example: %s has no body for response %s (see payspec example --list)", op.ID, want)
}

// pick chooses the example named name, or the first.
func pick(b exampleBody, name string) (specexample.Example, error) {
	if len(b.examples) == 0 {
		return specexample.Example{}, usagef("example: the spec has no example for %s %s", b.op.ID, bodyName(b.body))
	}
	if name == "" {
		return b.examples[0], nil
	}
	names := make([]string, len(b.examples))
	for i, ex := range b.examples {
		if exampleName(ex) == name {
			return ex, nil
		}
		names[i] = exampleName(ex)
	}
	return specexample.Example{}, usagef("example: %s %s has no example %q (it has %s)", b.op.ID, bodyName(b.body), name, strings.Join(names, ", "))
}

func exampleName(ex specexample.Example) string {
	if ex.Name == "" {
		return "example"
	}
	return ex.Name
}

func bodyName(b specexample.Body) string {
	if b.Status == "" {
		return "request"
	}
	return "response " + b.Status
}
