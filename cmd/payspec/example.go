package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/specexample"
	"github.com/payspec/payspec/validate"
)

func init() { subcommands = append(subcommands, (*app).exampleCommand) }

// exampleCommand prints a valid body of an operation, taken from the
// spec's examples.
func (a *app) exampleCommand() *cobra.Command {
	var status string
	var name string
	var list bool
	cmd := &cobra.Command{
		Use:   "example OPERATION_ID [--response STATUS] [--name NAME] | --list",
		Short: "Print a valid request or response body from the spec's examples",
		Long: "example prints a body of the operation written in the spec, as a starting point for a\n" +
			"payload: the request body, or with --response the response body for STATUS. Numbers\n" +
			"are printed exactly as the spec writes them. --list lists every body with examples.",
		Example: "  payspec example createCreditPaymentV4 > payment.json\n" +
			"  payspec example createCreditPaymentV4 --response 200\n" +
			"  payspec example --list",
		Args: cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			e, err := a.engine(cmd.Context(), schemaOnly)
			if err != nil {
				return err
			}
			cat, err := loadExamples(e)
			if err != nil {
				return err
			}
			if list {
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
				if want = strings.ToLower(status); !validResponseKey(want) {
					return usagef("example: --response must be an HTTP status such as 201, or default")
				}
			}
			return a.printExample(cat, op, want, name)
		},
		ValidArgsFunction: a.completeOperations,
	}
	cmd.Flags().StringVar(&status, "response", "", "print the response body for this HTTP status (or default)")
	cmd.Flags().StringVar(&name, "name", "", "which of several examples to print (see --list)")
	cmd.Flags().BoolVar(&list, "list", false, "list the bodies that have examples")
	return cmd
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
// "") or of its response body for the status want.
func (a *app) printExample(cat []exampleBody, op validate.Operation, want, name string) error {
	for _, b := range cat {
		if b.op.ID != op.ID || b.body.Status != want {
			continue
		}
		ex, err := pick(b, name)
		if err != nil {
			return err
		}
		var out bytes.Buffer
		if err := json.Indent(&out, ex.JSON, "", "  "); err != nil {
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
