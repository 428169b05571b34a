// Command payspec validates Finzly and Redpin payment API payloads against
// payspec's embedded OpenAPI specs and rail rules, as a person at a
// terminal or a CI job would.
//
// Usage:
//
//	payspec validate [--op OPERATION_ID] [--response STATUS] [--param name=value]...
//	                 [--header 'Name: value']... [--today YYYY-MM-DD] [--strict]
//	                 [--no-rules | --rules-config FILE] [--max-problems N]
//	                 [--format text|json|sarif|junit] [--ndjson]
//	                 [--color auto|always|never] [--jobs N] [FILE|DIR|GLOB|-]...
//	payspec example OPERATION_ID [--response STATUS] [--name NAME] [--today YYYY-MM-DD]
//	                [--rules-config FILE] | --list
//	payspec ops
//	payspec rules [RULE] [--rules-config FILE] [--format text|json]
//	payspec completion bash|zsh|fish|powershell
//	payspec help [COMMAND]
//	payspec --version
//
// validate judges any number of documents: files, directories (every *.json
// below them), globs (** matches any number of directories), and "-" for
// standard input; with --ndjson every input holds one document per line,
// each judged alone. A document is a request body of its operation, or the
// response body for STATUS with --response. The operation comes from --op,
// else from a payspec.yaml manifest in the document's directory or above
// it (no higher than the repository's top, or outside a repository the
// working directory), else from the name of a directory above the document
// (as examples/ is laid out). A manifest may name the rules configuration. An operation without a request body is judged on its
// parameters alone when no input is named. Documents are judged in
// parallel; results appear in the order the inputs were given.
//
// The text format prints one problem per line,
//
//	FILE:LINE:COL POINTER SEVERITY CODE MESSAGE
//
// with the line and column of the member in the file, coloured on a
// terminal unless NO_COLOR is set, and ends with a summary line that names
// the manifests that applied; text from documents and file names is
// escaped so that no line can be forged. json prints the run's verdict and
// counts with an entry per document, each problem with its line and
// column, whatever the number of documents; sarif
// prints a SARIF 2.1.0 log for code-scanning uploads; junit prints JUnit
// XML with a test case per document.
//
// validate exits 0 when no document has an error (warnings and infos
// allowed), 1 when one has, and 2 for a usage error, an unknown operation,
// or an input that could not be read.
//
// Every command is one file holding its cobra command, which adds itself
// to the root in an init function; help, -h and --help print a command's
// usage with every flag, and unknown commands, flags and operations are
// answered with the closest names that exist. example prints a valid body taken
// from the spec's examples, its dates moved to the first day from today the
// rail rules accept; ops lists the operations; rules prints the catalogue
// of rail rules in 100 columns, or one rule in full; --version prints the
// module version and commit the toolchain recorded.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/payspec/payspec/cmd/payspec/internal/report"
	"github.com/payspec/payspec/validate"
)

// Exit statuses.
const (
	exitOK      = 0 // no errors (warnings allowed)
	exitInvalid = 1 // a document has errors
	exitUsage   = 2 // bad usage, unknown operation, unreadable input
)

func main() {
	os.Exit(run(context.Background(), os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// usageError is a mistake in the command line or its files; its lines say
// what is wrong, one line per mistake.
type usageError struct{ lines []string }

func (e *usageError) Error() string { return strings.Join(e.lines, "\n") }

// usagef is a usage error of one line.
func usagef(format string, args ...any) error {
	return &usageError{lines: []string{fmt.Sprintf(format, args...)}}
}

// usageLines is a usage error of one line per mistake.
func usageLines(lines []string) error {
	return &usageError{lines: lines}
}

// errorLines are the lines an error is reported in: a usage error's own,
// else its message as one line.
func errorLines(err error) []string {
	var ue *usageError
	if errors.As(err, &ue) {
		return ue.lines
	}
	return []string{err.Error()}
}

// app is what the commands of one run share: the streams, the environment
// and the exit status the command chose.
type app struct {
	stdin    io.Reader
	stdout   io.Writer
	stderr   io.Writer
	getenv   func(string) string
	terminal func(io.Writer) bool // whether a stream is a terminal
	// newEngine builds the engine a spec describes; nil: buildEngine.
	// Tests that run many commands in one process share engines through it.
	newEngine func(context.Context, engineSpec) (*validate.Engine, error)
	// examples reads the example bodies of the specs; nil: loadExamples.
	examples func(*validate.Engine) ([]exampleBody, error)
	code     int
}

// subcommands builds each subcommand. Each command's file adds its
// constructor in an init function, so that a new command is one new file;
// the list is only read after init.
var subcommands []func(*app) *cobra.Command

// run is the whole command, with its streams injected for tests. It
// returns the exit status.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	a := &app{stdin: stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, terminal: isTerminal}
	return a.execute(ctx, args)
}

// execute runs the command line args and returns the exit status.
func (a *app) execute(ctx context.Context, args []string) int {
	root := a.root()
	root.SetArgs(args)
	if err := root.ExecuteContext(ctx); err != nil {
		// Usage errors, flag errors and failures before any judging: each
		// mistake on its own line, and status 2. File names and other text
		// in a message are written so that no line can be forged.
		for _, line := range errorLines(err) {
			fmt.Fprintln(a.stderr, "payspec: "+report.Printable(line))
		}
		return exitUsage
	}
	return a.code
}

// root builds the payspec command and its subcommands.
func (a *app) root() *cobra.Command {
	root := &cobra.Command{
		Use:   "payspec",
		Short: "Validate Finzly and Redpin payment payloads against their specs and rail rules",
		Long: "payspec judges payment request and response bodies against the embedded Finzly and Redpin\n" +
			"OpenAPI specs and the rail rules banks apply, and prints every problem located in the file.",
		Version:       version(),
		SilenceErrors: true,
		SilenceUsage:  true,
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) > 0 {
				return unknownCommand(cmd, args[0])
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, _ []string) error {
			// Nothing to do: the usage, on standard error, and status 2.
			fmt.Fprint(a.stderr, cmd.UsageString())
			a.code = exitUsage
			return nil
		},
	}
	root.SetIn(a.stdin)
	root.SetOut(a.stdout)
	root.SetErr(a.stderr)
	root.SetVersionTemplate("{{.Name}} {{.Version}}\n")
	root.SetFlagErrorFunc(flagError)
	for _, sub := range subcommands {
		cmd := sub(a)
		cmd.SetFlagErrorFunc(flagError)
		root.AddCommand(cmd)
	}
	a.strictCompletion(root)
	return root
}

// strictCompletion makes cobra's completion command refuse a shell it does
// not know, with status 2, as every other command refuses what it does not
// take; by itself it printed its help and succeeded.
func (a *app) strictCompletion(root *cobra.Command) {
	root.InitDefaultCompletionCmd()
	c, _, err := root.Find([]string{"completion"})
	if err != nil || c.Name() != "completion" {
		return
	}
	var shells []string
	for _, sub := range c.Commands() {
		shells = append(shells, sub.Name())
	}
	c.Args = func(_ *cobra.Command, args []string) error {
		if len(args) > 0 {
			return usagef("completion: unknown shell %q (%s)", args[0], strings.Join(shells, ", "))
		}
		return nil
	}
	c.RunE = func(cmd *cobra.Command, _ []string) error {
		fmt.Fprint(a.stderr, cmd.UsageString())
		a.code = exitUsage
		return nil
	}
}

// unknownCommand is the error for a command payspec does not have.
func unknownCommand(root *cobra.Command, name string) error {
	var names []string
	for _, c := range root.Commands() {
		if c.IsAvailableCommand() || c.Name() == "help" {
			names = append(names, c.Name())
		}
	}
	slices.Sort(names)
	if best, ok := closest(name, names); ok {
		return usagef("unknown command %q (did you mean %s?)", name, best)
	}
	return usagef("unknown command %q (commands: %s)", name, strings.Join(names, ", "))
}

// flagError turns the flag parser's error into one line that names the
// command and, for an unknown flag, the closest flag it has.
func flagError(cmd *cobra.Command, err error) error {
	msg := err.Error()
	name, unknown := strings.CutPrefix(msg, "unknown flag: --")
	if unknown {
		var flags []string
		cmd.Flags().VisitAll(func(f *pflag.Flag) { flags = append(flags, f.Name) })
		if best, ok := closest(name, flags); ok {
			msg = "unknown flag --" + name + " (did you mean --" + best + "?)"
		} else {
			msg = "unknown flag --" + name + " (see payspec " + cmd.Name() + " --help)"
		}
	}
	return usagef("%s: %s", cmd.Name(), msg)
}
