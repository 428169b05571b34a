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

// apply lays the sections the file gives over c: payout currencies are
// added to, funding currencies and additional-details keys are set entry
// by entry, each unless the section says replace: true. Currency codes
// must be active in the configuration's currency table; every mistake is
// reported to cf.
func (f fileRedpin) apply(cf *configFile, c *Config) {
	table, err := currency.Default().With(c.Currencies)
	if err != nil {
		cf.addf([]any{"currencies"}, "%v", err)
		return
	}
	if f.PayoutCurrencies != nil {
		var codes []string
		for i, code := range f.PayoutCurrencies {
			if cf.activeCode(table, []any{"payoutCurrencies", i}, code) {
				codes = append(codes, code)
			}
		}
		c.PayoutCurrencies = mergeList(cf.replace["payoutCurrencies"], c.PayoutCurrencies, codes)
	}
	if f.FundingCurrencies != nil {
		c.FundingCurrencies = startMap(cf.replace["fundingCurrencies"], c.FundingCurrencies)
		for id, code := range f.FundingCurrencies {
			at := []any{"fundingCurrencies", id}
			if strings.TrimSpace(id) == "" {
				cf.addf([]any{"fundingCurrencies"}, "a customer id is empty")
				continue
			}
			if cf.activeCode(table, at, code) {
				c.FundingCurrencies[id] = code
			}
		}
	}
	if f.RecipientAdditionalDetails != nil {
		c.RecipientAdditionalDetails = startMap(cf.replace["recipientAdditionalDetails"], c.RecipientAdditionalDetails)
		for code, keys := range f.RecipientAdditionalDetails {
			at := []any{"recipientAdditionalDetails", code}
			if !cf.activeCode(table, at, code) {
				continue
			}
			if slices.ContainsFunc(keys, func(k string) bool { return strings.TrimSpace(k) == "" }) {
				cf.addf(at, "a key is empty")
				continue
			}
			c.RecipientAdditionalDetails[code] = slices.Clone(keys)
		}
	}
}

// startMap is the map a mapping section's entries are laid over: a copy
// of the default's, or an empty one when the section replaces it.
func startMap[V any](replace bool, base map[string]V) map[string]V {
	out := map[string]V{}
	if !replace {
		for k, v := range base {
			out[k] = v
		}
	}
	return out
}

// activeCode reports whether code is an active currency of table, and
// reports it to cf when it is not.
func (cf *configFile) activeCode(table *currency.Table, at []any, code string) bool {
	if table.Active(code) {
		return true
	}
	cf.addf(at, "%q is not an active ISO 4217 currency code", code)
	return false
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
