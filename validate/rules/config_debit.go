package rules

import "strings"

// debitSections lays the debitRails and debitSecCodes sections over the
// defaults, adding to each unless it says replace: true.
func (cf *configFile) debitSections(c *Config, f *fileConfig) {
	if f.DebitRails != nil {
		var rails []Rail
		for i, r := range f.DebitRails {
			if !knownRail(Rail(r)) {
				cf.addf([]any{"debitRails", i}, "unknown rail %q (known: %s)", r, railList())
				continue
			}
			rails = append(rails, Rail(r))
		}
		c.DebitRails = mergeList(cf.replace["debitRails"], c.DebitRails, rails)
	}
	if f.DebitSECs != nil {
		c.DebitSECCodes = mergeList(cf.replace["debitSecCodes"], c.DebitSECCodes, cf.secCodes("debitSecCodes", f.DebitSECs))
	}
}

// secCodes keeps the well-formed SEC codes of a section (three upper-case
// letters), reporting the others.
func (cf *configFile) secCodes(section string, in []string) []string {
	var out []string
	for i, s := range in {
		if len(s) != 3 || strings.ToUpper(s) != s {
			cf.addf([]any{section, i}, "%q is not a three-letter upper-case SEC code", s)
			continue
		}
		out = append(out, s)
	}
	return out
}
