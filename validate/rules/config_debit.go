package rules

// debitSections reads the debitRails and debitSecCodes sections, each
// replacing its default when given.
func (f *fileConfig) debitSections(c *Config) error {
	if f.DebitRails != nil {
		c.DebitRails = nil
		for _, r := range f.DebitRails {
			if !knownRail(Rail(r)) {
				return configErr("debitRails: unknown rail %q (known: %s)", r, railList())
			}
			c.DebitRails = append(c.DebitRails, Rail(r))
		}
	}
	if f.DebitSECs != nil {
		codes, err := secCodes("debitSecCodes", f.DebitSECs)
		if err != nil {
			return err
		}
		c.DebitSECCodes = codes
	}
	return nil
}
