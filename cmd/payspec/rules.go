package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/payspec/payspec/validate/rules"
)

// maxConfigBytes bounds a rules configuration file.
const maxConfigBytes = 1 << 20

// loadChecker builds the rules checker from a configuration file.
func loadChecker(path string) (*rules.Checker, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, usagef("cannot read rules configuration %s: %v", path, unwrapPathError(err))
	}
	defer f.Close()
	data, err := readAtMost(f, maxConfigBytes)
	if err != nil {
		return nil, usagef("cannot read rules configuration %s: %v", path, unwrapPathError(err))
	}
	if len(data) > maxConfigBytes {
		return nil, usagef("rules configuration %s is larger than %d bytes", path, maxConfigBytes)
	}
	cfg, err := rules.LoadConfig(data)
	if err != nil {
		return nil, usagef("%s: %v", path, oneLine(err))
	}
	checker, err := rules.New(cfg)
	if err != nil {
		return nil, usagef("%s: %v", path, oneLine(err))
	}
	return checker, nil
}

// oneLine keeps an error message on one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}

// runRules prints the rule catalogue, with the severities a configuration
// gives them.
func runRules(args []string, stdout io.Writer) (int, error) {
	fs := newFlagSet("rules")
	rulesConfig := fs.String("rules-config", "", "YAML or JSON rules configuration laid over the defaults")
	format := fs.String("format", "text", "output format: text or json")
	if err := fs.Parse(args); err != nil {
		return exitUsage, usagef("rules: %v", err)
	}
	if fs.NArg() > 0 {
		return exitUsage, usagef("rules takes no arguments")
	}
	if *format != "text" && *format != "json" {
		return exitUsage, usagef("rules: --format must be text or json")
	}
	checker, err := rules.New(nil)
	if *rulesConfig != "" {
		checker, err = loadChecker(*rulesConfig)
	}
	if err != nil {
		return exitUsage, err
	}
	catalogue := checker.Catalogue()
	if *format == "json" {
		b, err := json.Marshal(catalogue)
		if err != nil {
			return exitUsage, err
		}
		_, err = fmt.Fprintln(stdout, string(b))
		return exitOK, err
	}
	tw := tabwriter.NewWriter(stdout, 0, 4, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tSEVERITY\tOPERATIONS\tDOC")
	for _, r := range catalogue {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", r.ID, r.Severity, strings.Join(r.Operations, ","), r.Doc)
	}
	return exitOK, tw.Flush()
}
