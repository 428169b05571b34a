package rules

import (
	"slices"
	"strings"

	"github.com/payspec/payspec/validate/rules/currency"
)

// fileRedpin holds the Redpin sections of a configuration file.
type fileRedpin struct {
	PayoutCurrencies           []string            `yaml:"payoutCurrencies"`
	FundingCurrencies          map[string]string   `yaml:"fundingCurrencies"`
	RecipientAdditionalDetails map[string][]string `yaml:"recipientAdditionalDetails"`
}

// anyCustomer is the fundingCurrencies key that applies to every customer
// not listed by id.
const anyCustomer = "*"

// apply lays the sections the file gives over c, each replacing the
// section it names. Currency codes must be active in the configuration's
// currency table.
func (f fileRedpin) apply(c *Config) error {
	table, err := currency.Default().With(c.Currencies)
	if err != nil {
		return configErr("currencies: %v", err)
	}
	if f.PayoutCurrencies != nil {
		if err := checkCodes(table, "payoutCurrencies", f.PayoutCurrencies); err != nil {
			return err
		}
		c.PayoutCurrencies = slices.Clone(f.PayoutCurrencies)
	}
	if f.FundingCurrencies != nil {
		c.FundingCurrencies = map[string]string{}
		for id, code := range f.FundingCurrencies {
			if strings.TrimSpace(id) == "" {
				return configErr("fundingCurrencies: a customer id is empty")
			}
			if err := checkCodes(table, "fundingCurrencies."+id, []string{code}); err != nil {
				return err
			}
			c.FundingCurrencies[id] = code
		}
	}
	if f.RecipientAdditionalDetails != nil {
		c.RecipientAdditionalDetails = map[string][]string{}
		for code, keys := range f.RecipientAdditionalDetails {
			where := "recipientAdditionalDetails." + code
			if err := checkCodes(table, "recipientAdditionalDetails", []string{code}); err != nil {
				return err
			}
			for _, k := range keys {
				if strings.TrimSpace(k) == "" {
					return configErr("%s: a key is empty", where)
				}
			}
			c.RecipientAdditionalDetails[code] = slices.Clone(keys)
		}
	}
	return nil
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

// cloneLists copies a map of lists so that neither copy shares a list.
func cloneLists(m map[string][]string) map[string][]string {
	if m == nil {
		return nil
	}
	out := make(map[string][]string, len(m))
	for k, v := range m {
		out[k] = slices.Clone(v)
	}
	return out
}
