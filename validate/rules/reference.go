package rules

import (
	"fmt"
	"slices"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/validate/rules/currency"
)

// checkPayoutCurrency checks the currency of an amount Redpin pays out: an
// active ISO 4217 code and, when payout currencies are configured, one of
// them.
func (c *Checker) checkPayoutCurrency(r *report, ptr, code string) {
	if !c.currencies.Active(code) {
		r.add(RuleCurrencyUnknown, ptr, "is not an active ISO 4217 currency code")
		return
	}
	if len(c.payout) > 0 && !c.payout[code] {
		r.add(RulePayoutCurrency, ptr, "is not one of the configured payout currencies (payoutCurrencies)")
	}
}

// checkPurpose checks purpose_of_transaction against the configured purpose
// codes, case-sensitively, when there are any.
func (c *Checker) checkPurpose(r *report, code string) {
	if len(c.purposes) > 0 && !c.purposes[code] {
		r.add(RulePurposeCode, "/purpose_of_transaction", "is not one of the configured purpose codes (purposeCodes)")
	}
}

// WithTransactionPurposes returns a copy of c whose PurposeCodes are the
// codes of Redpin's transaction-purposes answer (listTransactionPurposes),
// so that the list is never copied by hand. Codes are kept exactly as
// Redpin spells them, in the answer's order without repeats. An answer with
// no code, or with a blank one, is refused with an error wrapping
// ErrConfig.
func (c *Config) WithTransactionPurposes(list redpin.TransactionPurposeList) (*Config, error) {
	codes := make([]string, 0, len(list.TransactionPurposes))
	for i, p := range list.TransactionPurposes {
		if strings.TrimSpace(p.Code) == "" {
			return nil, configErr("transaction purposes: entry %d has an empty code", i)
		}
		if !slices.Contains(codes, p.Code) {
			codes = append(codes, p.Code)
		}
	}
	if len(codes) == 0 {
		return nil, configErr("transaction purposes: the answer lists none")
	}
	out := c.clone()
	out.PurposeCodes = codes
	return out, nil
}

// WithPayoutCurrencies returns a copy of c whose PayoutCurrencies are the
// payout_currencies of Redpin's currencies answer (listCurrencies), in the
// answer's order without repeats. A code that is not an active currency of
// the configuration's currency table, or an empty list, is refused with an
// error wrapping ErrConfig.
func (c *Config) WithPayoutCurrencies(list redpin.CurrencyList) (*Config, error) {
	table, err := currency.Default().With(c.Currencies)
	if err != nil {
		return nil, configErr("currencies: %v", err)
	}
	codes := make([]string, 0, len(list.PayoutCurrencies))
	for _, code := range list.PayoutCurrencies {
		if err := checkCodes(table, "payout currencies", []string{code}); err != nil {
			return nil, err
		}
		if !slices.Contains(codes, code) {
			codes = append(codes, code)
		}
	}
	if len(codes) == 0 {
		return nil, configErr("payout currencies: the answer lists none")
	}
	out := c.clone()
	out.PayoutCurrencies = codes
	return out, nil
}

// ReferenceConfigYAML renders a configuration file section from Redpin's
// reference answers: purposeCodes from a transaction-purposes answer and
// payoutCurrencies from a currencies answer (either may be nil). The result
// loads with LoadConfig and can be kept with a bank's own configuration.
func ReferenceConfigYAML(purposes *redpin.TransactionPurposeList, currencies *redpin.CurrencyList) ([]byte, error) {
	c := &Config{}
	var err error
	if purposes != nil {
		if c, err = c.WithTransactionPurposes(*purposes); err != nil {
			return nil, err
		}
	}
	if currencies != nil {
		if c, err = c.WithPayoutCurrencies(*currencies); err != nil {
			return nil, err
		}
	}
	section := struct {
		PurposeCodes     []string `yaml:"purposeCodes,omitempty,flow"`
		PayoutCurrencies []string `yaml:"payoutCurrencies,omitempty,flow"`
	}{c.PurposeCodes, c.PayoutCurrencies}
	out, err := yaml.Marshal(section)
	if err != nil {
		return nil, configErr("reference data: %v", err)
	}
	return append([]byte("# From Redpin's listTransactionPurposes and listCurrencies answers.\n"), out...), nil
}

// configErr is a configuration mistake found outside a file (in a
// provider's answer), wrapping ErrConfig.
func configErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
}

// checkCodes refuses a code that is not an active currency of table.
func checkCodes(table *currency.Table, where string, codes []string) error {
	for _, code := range codes {
		if !table.Active(code) {
			return configErr("%s: %q is not an active ISO 4217 currency code", where, code)
		}
	}
	return nil
}
