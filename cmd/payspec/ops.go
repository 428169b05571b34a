package main

import (
	"context"
	"fmt"
	"io"
	"text/tabwriter"

	"github.com/payspec/payspec/validate"
)

// runOps prints every operation: id, method, path, provider.
func runOps(ctx context.Context, args []string, stdout io.Writer) (int, error) {
	fs := newFlagSet("ops")
	if err := fs.Parse(args); err != nil {
		return exitUsage, usagef("ops: %v", err)
	}
	if fs.NArg() > 0 {
		return exitUsage, usagef("ops takes no arguments")
	}
	e, err := validate.New(ctx)
	if err != nil {
		return exitUsage, err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "OPERATION\tMETHOD\tPATH\tPROVIDER")
	for _, op := range e.Operations() {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", op.ID, op.Method, op.Path, op.Provider)
	}
	return exitOK, tw.Flush()
}
