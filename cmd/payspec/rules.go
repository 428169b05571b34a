package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/payspec/payspec/validate/rules"
)

func init() { subcommands = append(subcommands, (*app).rulesCommand) }

// maxConfigBytes bounds a rules configuration or manifest file.
const maxConfigBytes = 1 << 20

// rulesCommand prints the rule catalogue, with the severities a
// configuration gives them.
func (a *app) rulesCommand() *cobra.Command {
	var rulesConfig, format string
	cmd := &cobra.Command{
		Use:   "rules",
		Short: "Print the catalogue of rail rules",
		Long: "rules prints every rail rule: its id (also its problem code), the operations it applies to,\n" +
			"its severity (as a configuration sets it) and what it checks.",
		Args: noArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if format != "text" && format != "json" {
				return usagef("rules: --format must be text or json")
			}
			checker, err := rules.New(nil)
			if rulesConfig != "" {
				checker, err = loadChecker(rulesConfig)
			}
			if err != nil {
				return err
			}
			return a.printCatalogue(checker.Catalogue(), format)
		},
	}
	cmd.Flags().StringVar(&rulesConfig, "rules-config", "", "YAML or JSON rules configuration laid over the defaults")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	completeValues(cmd, "format", "text", "json")
	return cmd
}

func (a *app) printCatalogue(catalogue []rules.Rule, format string) error {
	if format == "json" {
		b, err := json.Marshal(catalogue)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintln(a.stdout, string(b))
		return err
	}
	tw := tabwriter.NewWriter(a.stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tOPERATIONS\tDOC")
	for _, r := range catalogue {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, strings.Join(r.Operations, ","), r.Doc)
	}
	return tw.Flush()
}

// loadChecker builds the rules checker from a configuration file. Every
// mistake in the file is reported, one per line, as FILE:LINE: entry:
// message.
func loadChecker(path string) (*rules.Checker, error) {
	cfg, err := loadRulesConfig(path)
	if err != nil {
		return nil, err
	}
	checker, err := rules.New(cfg)
	if err != nil {
		return nil, usagef("%s: %v", displayPath(path), oneLine(err))
	}
	return checker, nil
}

// loadRulesConfig reads a rules configuration file, reporting every
// mistake as loadChecker does.
func loadRulesConfig(path string) (*rules.Config, error) {
	path = displayPath(path)
	data, err := readFileAtMost(path, maxConfigBytes, "rules configuration")
	if err != nil {
		return nil, err
	}
	cfg, err := rules.LoadConfig(data)
	if err != nil {
		return nil, configErrors(path, err)
	}
	return cfg, nil
}

// configErrors writes each mistake of a configuration on its own line.
func configErrors(path string, err error) error {
	var mistakes rules.ConfigErrors
	if !errors.As(err, &mistakes) {
		return usagef("%s: %v", path, oneLine(err))
	}
	lines := make([]string, len(mistakes))
	for i, m := range mistakes {
		loc := path
		if m.Line > 0 {
			loc += fmt.Sprintf(":%d", m.Line)
		}
		if m.Path != "" {
			loc += ": " + m.Path
		}
		lines[i] = loc + ": " + oneLine(errors.New(m.Message))
	}
	return usageLines(lines)
}

// readFileAtMost reads a small file, refusing one larger than limit bytes
// without reading past limit+1.
func readFileAtMost(path string, limit int64, what string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("cannot read %s %s: %v", what, path, unwrapPathError(err))
	}
	defer f.Close()
	data, err := readAtMost(f, limit)
	if err != nil {
		return nil, usagef("cannot read %s %s: %v", what, path, unwrapPathError(err))
	}
	if int64(len(data)) > limit {
		return nil, usagef("%s %s is larger than %d bytes", what, path, limit)
	}
	return data, nil
}

// oneLine keeps an error message on one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
