package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/payspec/payspec/validate/rules"
)

func init() { subcommands = append(subcommands, (*app).rulesCommand) }

// maxConfigBytes bounds a rules configuration or manifest file.
const maxConfigBytes = 1 << 20

// rulesWidth is the width the rules command's text fits in.
const rulesWidth = 100

// rulesCommand prints the rule catalogue, with the severities a
// configuration gives them, or one rule in full.
func (a *app) rulesCommand() *cobra.Command {
	var rulesConfig, format string
	cmd := &cobra.Command{
		Use:   "rules [RULE]",
		Short: "Print the catalogue of rail rules, or one rule in full",
		Long: "rules prints every rail rule on one line of at most 100 columns: its id (also its problem\n" +
			"code), its severity (as a configuration sets it) and what it checks. rules RULE prints one\n" +
			"rule in full: the operations it applies to, what it checks and its source.",
		Example: "  payspec rules\n  payspec rules DATE_PAST\n  payspec rules --format json --rules-config bank.yaml",
		Args:    cobra.MaximumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
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
			catalogue := checker.Catalogue()
			if len(args) == 1 {
				rule, err := findRule(catalogue, args[0])
				if err != nil {
					return err
				}
				return a.printRule(rule, format)
			}
			return a.printCatalogue(catalogue, format)
		},
		ValidArgsFunction: func(*cobra.Command, []string, string) ([]string, cobra.ShellCompDirective) {
			var ids []string
			for _, r := range rules.Catalogue() {
				ids = append(ids, r.ID)
			}
			return ids, cobra.ShellCompDirectiveNoFileComp
		},
	}
	cmd.Flags().StringVar(&rulesConfig, "rules-config", "", "YAML or JSON rules configuration laid over the defaults")
	cmd.Flags().StringVar(&format, "format", "text", "output format: text or json")
	completeValues(cmd, "format", "text", "json")
	return cmd
}

// findRule finds a rule by id; the error for an unknown one names the
// closest.
func findRule(catalogue []rules.Rule, id string) (rules.Rule, error) {
	ids := make([]string, len(catalogue))
	for i, r := range catalogue {
		if r.ID == id {
			return r, nil
		}
		ids[i] = r.ID
	}
	if best, ok := closest(id, ids); ok {
		return rules.Rule{}, usagef("rules: unknown rule %q (did you mean %s?)", id, best)
	}
	return rules.Rule{}, usagef("rules: unknown rule %q (see payspec rules)", id)
}

// printCatalogue prints a line per rule, the description cut to fit the
// width with "…" (payspec rules RULE prints it whole).
func (a *app) printCatalogue(catalogue []rules.Rule, format string) error {
	if format == "json" {
		return a.printJSON(catalogue)
	}
	idWidth := len("RULE")
	for _, r := range catalogue {
		idWidth = max(idWidth, len(r.ID))
	}
	const sevWidth = len("SEVERITY")
	docWidth := rulesWidth - idWidth - sevWidth - 4
	var b strings.Builder
	fmt.Fprintf(&b, "%-*s  %-*s  %s\n", idWidth, "RULE", sevWidth, "SEVERITY", "CHECKS")
	for _, r := range catalogue {
		fmt.Fprintf(&b, "%-*s  %-*s  %s\n", idWidth, r.ID, sevWidth, r.Severity, cut(r.Doc, docWidth))
	}
	b.WriteString("(payspec rules RULE prints a rule in full, with its operations and source)\n")
	_, err := io.WriteString(a.stdout, b.String())
	return err
}

// printRule prints one rule in full, its text wrapped to the width.
func (a *app) printRule(r rules.Rule, format string) error {
	if format == "json" {
		return a.printJSON(r)
	}
	const label = 12
	var b strings.Builder
	for _, field := range []struct{ name, text string }{
		{"RULE", r.ID},
		{"SEVERITY", string(r.Severity)},
		{"OPERATIONS", strings.Join(r.Operations, ", ")},
		{"CHECKS", r.Doc},
		{"SOURCE", r.Source},
	} {
		for i, line := range wrap(field.text, rulesWidth-label) {
			name := ""
			if i == 0 {
				name = field.name
			}
			fmt.Fprintf(&b, "%-*s%s\n", label, name, line)
		}
	}
	_, err := io.WriteString(a.stdout, b.String())
	return err
}

func (a *app) printJSON(v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return err
	}
	_, err = fmt.Fprintln(a.stdout, string(b))
	return err
}

// cut shortens s to at most width characters, ending with "…" when cut.
func cut(s string, width int) string {
	r := []rune(s)
	if len(r) <= width {
		return s
	}
	return strings.TrimRight(string(r[:width-1]), " ,;") + "…"
}

// wrap breaks s into lines of at most width characters at spaces; a word
// longer than width is a line of its own.
func wrap(s string, width int) []string {
	var lines []string
	line := ""
	for _, word := range strings.Fields(s) {
		switch {
		case line == "":
			line = word
		case utf8.RuneCountInString(line)+1+utf8.RuneCountInString(word) <= width:
			line += " " + word
		default:
			lines = append(lines, line)
			line = word
		}
	}
	return append(lines, line)
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
