package main

import (
	"fmt"
	"text/tabwriter"

	"github.com/spf13/cobra"
)

func init() { subcommands = append(subcommands, (*app).opsCommand) }

// opsCommand lists every operation: id, method, path, provider.
func (a *app) opsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "ops",
		Short: "List the operations of both specs",
		Long:  "ops lists every operation of the embedded specs with its method, path and provider.",
		Args:  noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			e, err := a.engine(cmd.Context(), schemaOnly)
			if err != nil {
				return err
			}
			tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
			fmt.Fprintln(tw, "OPERATION\tMETHOD\tPATH\tPROVIDER")
			for _, op := range e.Operations() {
				fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", op.ID, op.Method, op.Path, op.Provider)
			}
			return tw.Flush()
		},
	}
}

// noArgs refuses arguments to a command that takes none.
func noArgs(cmd *cobra.Command, args []string) error {
	if len(args) > 0 {
		return usagef("%s takes no arguments", cmd.Name())
	}
	return nil
}
