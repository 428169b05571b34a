package rules

import (
	"bytes"
	_ "embed"
	"errors"
	"maps"
	"slices"
	"sort"
	"strings"
	"time"

	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/problem"
	"github.com/payspec/payspec/validate/rules/currency"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

//go:embed defaults.yaml
var defaultsYAML []byte

// DefaultsYAML returns a copy of the embedded default configuration, a
// starting point for a bank's own file.
func DefaultsYAML() []byte { return bytes.Clone(defaultsYAML) }

// Limit is a per-payment maximum in force from a date on.
type Limit struct {
	From fedcal.Date
	Max  money.Amount
}

// Config is the rules configuration. Build it with DefaultConfig or
// LoadConfig; a Config is not modified after it is built.
type Config struct {
	// Speeds maps each configured speed to the rails it may use, in order
	// of preference.
	Speeds map[string][]Rail
	// Limits holds each rail's per-payment limits, sorted by date.
	Limits map[Rail][]Limit
	// Closed and Open override single days of the Federal Reserve
	// calendar.
	Closed, Open []fedcal.Date
	// Currencies replace or extend entries of the ISO 4217 table.
	Currencies []currency.Currency
	// SECCodes are the ACH SEC codes accepted.
	SECCodes []string
	// PurposeCodes are the allowed Redpin purpose_of_transaction values;
	// empty means any. WithTransactionPurposes fills them from Redpin's
	// transaction-purposes answer.
	PurposeCodes []string
	// PayoutCurrencies are the currencies Redpin pays out in for the
	// partner; empty means any. WithPayoutCurrencies fills them from
	// Redpin's currencies answer.
	PayoutCurrencies []string
	// FundingCurrencies maps a Redpin customer_id to the currency its
	// payments are funded in; the key "*" applies to every customer not
	// listed. A lookup given in Env takes precedence.
	FundingCurrencies map[string]string
	// RecipientAdditionalDetails maps a currency to the additional_details
	// keys a Redpin recipient paid in it must carry.
	RecipientAdditionalDetails map[string][]string
	// DebitRails are the rails that carry Finzly debits.
	DebitRails []Rail
	// DebitSECCodes are the ACH SEC codes a debit may carry.
	DebitSECCodes []string
	// Cutoffs holds, by rail, the latest time of day (America/New_York,
	// as time after midnight) a payment dated today is taken for that day.
	Cutoffs map[Rail]time.Duration
	// Severities overrides rule severities by rule id; SeverityOff turns a
	// rule off.
	Severities map[string]problem.Severity
}

// SeverityOff, as a configured severity, turns a rule off.
const SeverityOff problem.Severity = "off"

// ErrConfig is wrapped by every configuration error.
var ErrConfig = errors.New("rules: invalid configuration")

// fileConfig is the YAML/JSON form of a configuration file.
type fileConfig struct {
	Speeds       map[string][]string    `yaml:"speeds"`
	Limits       map[string][]fileLimit `yaml:"limits"`
	Calendar     *fileCalendar          `yaml:"calendar"`
	Currencies   []fileCurrency         `yaml:"currencies"`
	SECCodes     []string               `yaml:"secCodes"`
	PurposeCodes []string               `yaml:"purposeCodes"`
	DebitRails   []string               `yaml:"debitRails"`
	DebitSECs    []string               `yaml:"debitSecCodes"`
	Severities   map[string]string      `yaml:"severities"`
	Cutoffs      map[string]string      `yaml:"cutoffs"`
	fileRedpin   `yaml:",inline"`
}

type fileLimit struct {
	From string `yaml:"from"`
	Max  string `yaml:"max"`
}

type fileCalendar struct {
	Closed []string `yaml:"closed"`
	Open   []string `yaml:"open"`
}

type fileCurrency struct {
	Code       string `yaml:"code"`
	Numeric    string `yaml:"numeric"`
	MinorUnits *int   `yaml:"minorUnits"`
	Active     *bool  `yaml:"active"`
	Name       string `yaml:"name"`
}

// DefaultConfig returns the embedded defaults.
func DefaultConfig() *Config {
	c, err := parseConfig(defaultsYAML, nil)
	if err != nil { // the embedded file is tested; this cannot happen
		panic(err)
	}
	return c
}

// LoadConfig reads a YAML or JSON configuration and lays it over the
// defaults entry by entry: a speed, a rail's limit from a date, a currency
// (by code), a rule's severity given in the file replaces the default one
// and the others are kept; closed and open days, SEC codes and purpose
// codes are added to the defaults. A section that holds "replace: true"
// replaces the default section instead (a list section is then written
// {replace: true, values: [...]}). Unknown keys, unknown rails and rules,
// malformed dates and amounts, and limits above the network's maximum are
// refused; every mistake of the file is reported at once, in a
// ConfigErrors naming each entry and its line.
func LoadConfig(data []byte) (*Config, error) {
	return parseConfig(data, DefaultConfig())
}

func parseConfig(data []byte, base *Config) (*Config, error) {
	var f fileConfig
	cf := readConfigFile(data, &f)
	c := &Config{Speeds: map[string][]Rail{}, Limits: map[Rail][]Limit{}, Severities: map[string]problem.Severity{},
		Cutoffs: map[Rail]time.Duration{}}
	if base != nil {
		c = base.clone()
	}
	cf.mergeSpeeds(c, f.Speeds)
	cf.mergeLimits(c, f.Limits)
	cf.mergeCutoffs(c, f.Cutoffs)
	if f.Calendar != nil {
		c.Closed = mergeList(cf.replace["calendar"], c.Closed, cf.parseDates([]any{"calendar", "closed"}, f.Calendar.Closed))
		c.Open = mergeList(cf.replace["calendar"], c.Open, cf.parseDates([]any{"calendar", "open"}, f.Calendar.Open))
	}
	cf.mergeCurrencies(c, f.Currencies)
	if f.SECCodes != nil {
		c.SECCodes = mergeList(cf.replace["secCodes"], c.SECCodes, cf.secCodes("secCodes", f.SECCodes))
	}
	if f.PurposeCodes != nil {
		c.PurposeCodes = mergeList(cf.replace["purposeCodes"], c.PurposeCodes, f.PurposeCodes)
	}
	f.fileRedpin.apply(cf, c)
	cf.debitSections(c, &f)
	cf.mergeSeverities(c, f.Severities)
	if err := cf.err(); err != nil {
		return nil, err
	}
	return c, nil
}

// mergeSpeeds lays the file's speeds over c's, speed by speed.
func (cf *configFile) mergeSpeeds(c *Config, speeds map[string][]string) {
	if speeds == nil {
		return
	}
	if cf.replace["speeds"] {
		c.Speeds = map[string][]Rail{}
	}
	for _, speed := range sortedKeys(speeds) {
		at := []any{"speeds", speed}
		if strings.TrimSpace(speed) == "" {
			cf.addf(at, "a speed name is empty")
			continue
		}
		if len(speeds[speed]) == 0 {
			cf.addf(at, "lists no rail")
			continue
		}
		var rails []Rail
		for i, r := range speeds[speed] {
			if !knownRail(Rail(r)) {
				cf.addf(append(at, i), "unknown rail %q (known: %s)", r, railList())
				continue
			}
			rails = append(rails, Rail(r))
		}
		c.Speeds[speed] = rails
	}
}

// mergeLimits lays the file's limits over c's, rail by rail and, within a
// rail, date by date.
func (cf *configFile) mergeLimits(c *Config, limits map[string][]fileLimit) {
	if limits == nil {
		return
	}
	if cf.replace["limits"] {
		c.Limits = map[Rail][]Limit{}
	}
	for _, name := range sortedKeys(limits) {
		rail := Rail(name)
		if !knownRail(rail) {
			cf.addf([]any{"limits", name}, "unknown rail %q (known: %s)", name, railList())
			continue
		}
		given := cf.parseLimits(rail, limits[name])
		merged := slices.DeleteFunc(slices.Clone(c.Limits[rail]), func(old Limit) bool {
			return slices.ContainsFunc(given, func(l Limit) bool { return l.From == old.From })
		})
		merged = append(merged, given...)
		sort.SliceStable(merged, func(i, j int) bool { return merged[i].From.Before(merged[j].From) })
		c.Limits[rail] = merged
	}
}

// mergeCurrencies lays the file's currency entries over c's, by code.
func (cf *configFile) mergeCurrencies(c *Config, currencies []fileCurrency) {
	if currencies == nil {
		return
	}
	if cf.replace["currencies"] {
		c.Currencies = nil
	}
	for i, fc := range currencies {
		cur, err := fc.currency(i)
		if err != nil {
			cf.addf([]any{"currencies", i}, "%v", err)
			continue
		}
		if _, err := currency.Default().With([]currency.Currency{cur}); err != nil {
			cf.addf([]any{"currencies", i}, "%v", err)
			continue
		}
		c.Currencies = slices.DeleteFunc(c.Currencies, func(old currency.Currency) bool { return old.Code == cur.Code })
		c.Currencies = append(c.Currencies, cur)
	}
}

// mergeSeverities lays the file's severities over c's, rule by rule.
func (cf *configFile) mergeSeverities(c *Config, severities map[string]string) {
	if severities != nil && cf.replace["severities"] {
		c.Severities = map[string]problem.Severity{}
	}
	for _, id := range sortedKeys(severities) {
		at := []any{"severities", id}
		if _, ok := ruleByID(id); !ok {
			cf.addf(at, "unknown rule %q (see payspec rules)", id)
			continue
		}
		switch s := problem.Severity(severities[id]); s {
		case problem.SeverityError, problem.SeverityWarning, SeverityOff:
			c.Severities[id] = s
		default:
			cf.addf(at, "%q is not error, warning or off", severities[id])
		}
	}
}

// mergeList adds the given entries to a default list, leaving out those it
// holds already, or replaces it.
func mergeList[T comparable](replace bool, base, given []T) []T {
	if replace {
		return slices.Clone(given)
	}
	out := slices.Clone(base)
	for _, v := range given {
		if !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	return slices.Sorted(maps.Keys(m))
}

func (fc fileCurrency) currency(i int) (currency.Currency, error) {
	if fc.MinorUnits == nil {
		return currency.Currency{}, errors.New("minorUnits is required")
	}
	active := true
	if fc.Active != nil {
		active = *fc.Active
	}
	return currency.Currency{Code: fc.Code, Numeric: fc.Numeric, MinorUnits: *fc.MinorUnits, Active: active, Name: fc.Name}, nil
}

// parseLimits checks one rail's limits: real dates, positive amounts in
// whole cents (whole dollars for FedNow, whose participants set their
// limits so), no date twice, each within the network maximum in force on
// its date. It returns the limits that are right, sorted by date.
func (cf *configFile) parseLimits(rail Rail, in []fileLimit) []Limit {
	out := make([]Limit, 0, len(in))
	for i, l := range in {
		at := []any{"limits", string(rail), i}
		from, err := fedcal.ParseDate(l.From)
		if err != nil {
			cf.addf(append(at, "from"), "%v", err)
			continue
		}
		max, err := money.Parse(l.Max)
		switch {
		case err != nil:
			cf.addf(append(at, "max"), "not a decimal amount")
			continue
		case max.Sign() <= 0:
			cf.addf(append(at, "max"), "must be above zero")
			continue
		case rail == RailFedNow && !max.Decimal().IsInteger():
			cf.addf(append(at, "max"), "must be a whole number of dollars, as a FedNow participant's limit is")
			continue
		case !max.Decimal().Shift(2).IsInteger():
			cf.addf(append(at, "max"), "must be in whole cents")
			continue
		}
		if ceiling, ok := networkMax(rail, from); ok && max.Cmp(ceiling) > 0 {
			cf.addf(append(at, "max"), "%s is above the %s network maximum of %s in force on %s", max, rail, ceiling, from)
			continue
		}
		if slices.ContainsFunc(out, func(o Limit) bool { return o.From == from }) {
			cf.addf(at, "two limits take effect on %s", from)
			continue
		}
		out = append(out, Limit{From: from, Max: max})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].From.Before(out[j].From) })
	return out
}

// parseDates reads the dates of a list, leaving out those that are wrong.
func (cf *configFile) parseDates(at []any, in []string) []fedcal.Date {
	out := make([]fedcal.Date, 0, len(in))
	for i, s := range in {
		d, err := fedcal.ParseDate(s)
		if err != nil {
			cf.addf(append(slices.Clip(at), i), "%v", err)
			continue
		}
		out = append(out, d)
	}
	return out
}

func railList() string {
	names := make([]string, 0, len(Rails()))
	for _, r := range Rails() {
		names = append(names, string(r))
	}
	return strings.Join(names, ", ")
}

// clone copies c deeply enough that parseConfig can replace sections.
func (c *Config) clone() *Config {
	out := &Config{
		Speeds:        map[string][]Rail{},
		Limits:        map[Rail][]Limit{},
		Closed:        slices.Clone(c.Closed),
		Open:          slices.Clone(c.Open),
		Currencies:    slices.Clone(c.Currencies),
		SECCodes:      slices.Clone(c.SECCodes),
		PurposeCodes:  slices.Clone(c.PurposeCodes),
		DebitRails:    slices.Clone(c.DebitRails),
		DebitSECCodes: slices.Clone(c.DebitSECCodes),
		Severities:    map[string]problem.Severity{},
		Cutoffs:       maps.Clone(c.Cutoffs),

		PayoutCurrencies:           slices.Clone(c.PayoutCurrencies),
		FundingCurrencies:          maps.Clone(c.FundingCurrencies),
		RecipientAdditionalDetails: cloneLists(c.RecipientAdditionalDetails),
	}
	for k, v := range c.Speeds {
		out.Speeds[k] = slices.Clone(v)
	}
	for k, v := range c.Limits {
		out.Limits[k] = slices.Clone(v)
	}
	for k, v := range c.Severities {
		out.Severities[k] = v
	}
	return out
}

// limitOn returns the rail's limit in force on d.
func (c *Config) limitOn(r Rail, d fedcal.Date) (money.Amount, bool) {
	var out money.Amount
	found := false
	for _, l := range c.Limits[r] {
		if l.From.After(d) {
			break
		}
		out, found = l.Max, true
	}
	return out, found
}
