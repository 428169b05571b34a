package rules

import (
	"bytes"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"

	"go.yaml.in/yaml/v3"

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
// defaults: each top-level section given replaces the default section (a
// rail under limits replaces only that rail's limits; severities are
// merged rule by rule). Unknown keys, unknown rails and rules, malformed
// dates and amounts, and limits above the network's maximum are refused
// with an error naming the entry.
func LoadConfig(data []byte) (*Config, error) {
	return parseConfig(data, DefaultConfig())
}

func parseConfig(data []byte, base *Config) (*Config, error) {
	var f fileConfig
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&f); err != nil && !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%w: %v", ErrConfig, err)
	}
	c := &Config{Speeds: map[string][]Rail{}, Limits: map[Rail][]Limit{}, Severities: map[string]problem.Severity{}}
	if base != nil {
		*c = *base.clone()
	}
	if f.Speeds != nil {
		c.Speeds = map[string][]Rail{}
		for speed, rails := range f.Speeds {
			if strings.TrimSpace(speed) == "" {
				return nil, configErr("speeds: a speed name is empty")
			}
			if len(rails) == 0 {
				return nil, configErr("speeds.%s: lists no rail", speed)
			}
			for _, r := range rails {
				if !knownRail(Rail(r)) {
					return nil, configErr("speeds.%s: unknown rail %q (known: %s)", speed, r, railList())
				}
				c.Speeds[speed] = append(c.Speeds[speed], Rail(r))
			}
		}
	}
	for name, limits := range f.Limits {
		rail := Rail(name)
		if !knownRail(rail) {
			return nil, configErr("limits: unknown rail %q (known: %s)", name, railList())
		}
		parsed, err := parseLimits(rail, limits)
		if err != nil {
			return nil, err
		}
		c.Limits[rail] = parsed
	}
	if f.Calendar != nil {
		var err error
		if c.Closed, err = parseDates("calendar.closed", f.Calendar.Closed); err != nil {
			return nil, err
		}
		if c.Open, err = parseDates("calendar.open", f.Calendar.Open); err != nil {
			return nil, err
		}
	}
	if f.Currencies != nil {
		c.Currencies = nil
		for i, fc := range f.Currencies {
			cur, err := fc.currency(i)
			if err != nil {
				return nil, err
			}
			c.Currencies = append(c.Currencies, cur)
		}
		if _, err := currency.Default().With(c.Currencies); err != nil {
			return nil, fmt.Errorf("%w: currencies: %v", ErrConfig, err)
		}
	}
	if f.SECCodes != nil {
		codes, err := secCodes("secCodes", f.SECCodes)
		if err != nil {
			return nil, err
		}
		c.SECCodes = codes
	}
	if f.PurposeCodes != nil {
		c.PurposeCodes = slices.Clone(f.PurposeCodes)
	}
	if err := f.fileRedpin.apply(c); err != nil {
		return nil, err
	}
	if err := f.debitSections(c); err != nil {
		return nil, err
	}
	for id, sev := range f.Severities {
		if _, ok := ruleByID(id); !ok {
			return nil, configErr("severities: unknown rule %q (see payspec rules)", id)
		}
		switch s := problem.Severity(sev); s {
		case problem.SeverityError, problem.SeverityWarning, SeverityOff:
			c.Severities[id] = s
		default:
			return nil, configErr("severities.%s: %q is not error, warning or off", id, sev)
		}
	}
	return c, nil
}

func (fc fileCurrency) currency(i int) (currency.Currency, error) {
	if fc.MinorUnits == nil {
		return currency.Currency{}, configErr("currencies[%d]: minorUnits is required", i)
	}
	active := true
	if fc.Active != nil {
		active = *fc.Active
	}
	return currency.Currency{Code: fc.Code, Numeric: fc.Numeric, MinorUnits: *fc.MinorUnits, Active: active, Name: fc.Name}, nil
}

// parseLimits checks one rail's limits: real dates, positive amounts, no
// date twice, each within the network maximum in force on its date.
func parseLimits(rail Rail, in []fileLimit) ([]Limit, error) {
	out := make([]Limit, 0, len(in))
	for i, l := range in {
		where := fmt.Sprintf("limits.%s[%d]", rail, i)
		from, err := fedcal.ParseDate(l.From)
		if err != nil {
			return nil, configErr("%s.from: %v", where, err)
		}
		max, err := money.Parse(l.Max)
		if err != nil {
			return nil, configErr("%s.max: not a decimal amount", where)
		}
		if max.Sign() <= 0 {
			return nil, configErr("%s.max: must be above zero", where)
		}
		if ceiling, ok := networkMax(rail, from); ok && max.Cmp(ceiling) > 0 {
			return nil, configErr("%s.max: %s is above the %s network maximum of %s in force on %s",
				where, max, rail, ceiling, from)
		}
		out = append(out, Limit{From: from, Max: max})
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].From.Before(out[j].From) })
	for i := 1; i < len(out); i++ {
		if out[i].From == out[i-1].From {
			return nil, configErr("limits.%s: two limits take effect on %s", rail, out[i].From)
		}
	}
	return out, nil
}

func parseDates(where string, in []string) ([]fedcal.Date, error) {
	out := make([]fedcal.Date, 0, len(in))
	for i, s := range in {
		d, err := fedcal.ParseDate(s)
		if err != nil {
			return nil, configErr("%s[%d]: %v", where, i, err)
		}
		out = append(out, d)
	}
	return out, nil
}

// secCodes checks a list of SEC codes: three upper-case letters each.
func secCodes(section string, in []string) ([]string, error) {
	out := make([]string, 0, len(in))
	for _, s := range in {
		if len(s) != 3 || strings.ToUpper(s) != s {
			return nil, configErr("%s: %q is not a three-letter upper-case SEC code", section, s)
		}
		out = append(out, s)
	}
	return out, nil
}

func configErr(format string, args ...any) error {
	return fmt.Errorf("%w: %s", ErrConfig, fmt.Sprintf(format, args...))
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
