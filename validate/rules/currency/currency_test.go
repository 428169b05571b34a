package currency_test

import (
	"encoding/json"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate/rules/currency"
)

func TestDefaultLookup(t *testing.T) {
	tests := []struct {
		code    string
		numeric string
		minor   int
		active  bool
	}{
		{"USD", "840", 2, true},
		{"EUR", "978", 2, true},
		{"GBP", "826", 2, true},
		{"JPY", "392", 0, true},
		{"KWD", "414", 3, true},
		{"BHD", "048", 3, true},
		{"IQD", "368", 3, true},
		{"CLF", "990", 4, true},
		{"UYW", "927", 4, true},
		{"ISK", "352", 0, true},
		{"KRW", "410", 0, true},
		{"VND", "704", 0, true},
		{"COP", "170", 2, true},
		{"IDR", "360", 2, true},
		{"XCG", "532", 2, true},
		{"ZWG", "924", 2, true},
		{"VED", "926", 2, true},
		{"VES", "928", 2, true},
		{"SLE", "925", 2, true},
		{"MRU", "929", 2, true},
		{"HRK", "191", 2, false},
		{"BGN", "975", 2, false},
		{"ANG", "532", 2, false},
		{"SLL", "694", 2, false},
		{"ZWL", "932", 2, false},
		{"CUC", "931", 2, false},
		{"CNH", "", 2, false},
		{"XAU", "959", 0, false},
		{"XAG", "961", 0, false},
		{"XDR", "960", 0, false},
		{"XTS", "963", 0, false},
		{"XXX", "999", 0, false},
	}
	table := currency.Default()
	for _, tt := range tests {
		t.Run(tt.code, func(t *testing.T) {
			c, ok := table.Lookup(tt.code)
			require.True(t, ok)
			assert.Equal(t, tt.code, c.Code)
			assert.Equal(t, tt.numeric, c.Numeric)
			assert.Equal(t, tt.minor, c.MinorUnits)
			assert.Equal(t, tt.active, c.Active)
			assert.Equal(t, tt.active, table.Active(tt.code))
			assert.NotEmpty(t, c.Name)
		})
	}
}

func TestDefaultLookupUnknown(t *testing.T) {
	table := currency.Default()
	for _, code := range []string{"", "ZZZ", "usd", " USD", "USD ", "US", "USDX", "840", "XBT", "BTC"} {
		t.Run(strconv.Quote(code), func(t *testing.T) {
			c, ok := table.Lookup(code)
			assert.False(t, ok)
			assert.Equal(t, currency.Currency{}, c)
			assert.False(t, table.Active(code))
		})
	}
}

func TestDefaultNames(t *testing.T) {
	table := currency.Default()
	for code, name := range map[string]string{
		"USD": "US Dollar", "JPY": "Yen", "XCG": "Caribbean Guilder", "ZWG": "Zimbabwe Gold",
		"CLF": "Unidad de Fomento", "VED": "Bolívar Soberano",
	} {
		c, ok := table.Lookup(code)
		require.True(t, ok, code)
		assert.Equal(t, name, c.Name, code)
	}
}

// codesWith returns the sorted active codes of the default table with the
// given minor units.
func codesWith(units int) []string {
	var out []string
	for _, c := range currency.Default().All() {
		if c.Active && c.MinorUnits == units {
			out = append(out, c.Code)
		}
	}
	return out
}

// The 0/3/4-decimal sets of ISO 4217 (listed in docs/rules.md), computed from
// the table.
func TestDefaultDecimalSetsMatchRails(t *testing.T) {
	want := map[int][]string{
		0: {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"},
		3: {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"},
		4: {"CLF", "UYW"},
	}
	for units, codes := range want {
		t.Run(strconv.Itoa(units), func(t *testing.T) {
			assert.Equal(t, codes, codesWith(units))
		})
	}
	// Every other active code has 2 minor units; inactive codes never carry 3 or 4.
	for _, c := range currency.Default().All() {
		if c.Active {
			assert.Contains(t, []int{0, 2, 3, 4}, c.MinorUnits, c.Code)
		} else {
			assert.Contains(t, []int{0, 2}, c.MinorUnits, c.Code)
		}
	}
}

func TestDefaultInactiveSet(t *testing.T) {
	var inactive []string
	for _, c := range currency.Default().All() {
		if !c.Active {
			inactive = append(inactive, c.Code)
		}
	}
	assert.Equal(t, []string{
		"ANG", "BGN", "CNH", "CUC", "HRK", "SLL",
		"XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX",
		"ZWL",
	}, inactive)
	// N.A. codes carry 0 minor units.
	for _, code := range []string{"XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX"} {
		c, _ := currency.Default().Lookup(code)
		assert.Equal(t, 0, c.MinorUnits, code)
	}
}

var threeDigits = regexp.MustCompile(`^[0-9]{3}$`)

func TestDefaultShape(t *testing.T) {
	table := currency.Default()
	all := table.All()
	require.Equal(t, len(all), table.Len())
	active := 0
	for _, c := range all {
		assert.Regexp(t, `^[A-Z]{3}$`, c.Code)
		assert.NotEmpty(t, c.Name, c.Code)
		if c.Active {
			active++
			assert.True(t, threeDigits.MatchString(c.Numeric), "%s numeric %q", c.Code, c.Numeric)
		}
	}
	assert.GreaterOrEqual(t, active, 150)
	assert.True(t, slices.IsSortedFunc(all, func(a, b currency.Currency) int { return strings.Compare(a.Code, b.Code) }))
	// Active numeric codes are unique (ANG shares 532 with XCG but is inactive).
	seen := map[string]string{}
	for _, c := range all {
		if !c.Active {
			continue
		}
		if prev, dup := seen[c.Numeric]; dup {
			t.Errorf("numeric %s used by %s and %s", c.Numeric, prev, c.Code)
		}
		seen[c.Numeric] = c.Code
	}
	assert.Equal(t, "github.com/moov-io/iso4217", currency.SourceModule)
	assert.Equal(t, "v0.4.0", currency.SourceVersion)
}

func TestDefaultIsSharedAndImmutable(t *testing.T) {
	a := currency.Default()
	assert.Same(t, a, currency.Default())
	all := a.All()
	all[0].Code = "ZZZ"
	all[0].MinorUnits = 4
	assert.NotEqual(t, "ZZZ", a.All()[0].Code)
	_, ok := a.Lookup("ZZZ")
	assert.False(t, ok)

	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			assert.True(t, currency.Default().Active("USD"))
		})
	}
	wg.Wait()
}

func TestCurrencyJSONTags(t *testing.T) {
	c, _ := currency.Default().Lookup("KWD")
	b, err := json.Marshal(c)
	require.NoError(t, err)
	assert.JSONEq(t, `{"code":"KWD","numeric":"414","minorUnits":3,"active":true,"name":"Kuwaiti Dinar"}`, string(b))
}

func TestNewTable(t *testing.T) {
	cs := []currency.Currency{
		{Code: "USD", Numeric: "840", MinorUnits: 2, Active: true, Name: "US Dollar"},
		{Code: "CNH", MinorUnits: 2, Active: true, Name: "Offshore Yuan"},
		{Code: "BHD", Numeric: "048", MinorUnits: 3, Active: true, Name: "Bahraini Dinar"},
		{Code: "CLF", Numeric: "990", MinorUnits: 4, Active: false, Name: "Unidad de Fomento"},
	}
	table, err := currency.NewTable(cs)
	require.NoError(t, err)
	assert.Equal(t, 4, table.Len())
	codes := []string{}
	for _, c := range table.All() {
		codes = append(codes, c.Code)
	}
	assert.Equal(t, []string{"BHD", "CLF", "CNH", "USD"}, codes)
	assert.True(t, table.Active("CNH"))
	assert.False(t, table.Active("CLF"))
	cs[0].MinorUnits = 0 // the table keeps its own copy
	c, _ := table.Lookup("USD")
	assert.Equal(t, 2, c.MinorUnits)

	empty, err := currency.NewTable(nil)
	require.NoError(t, err)
	assert.Equal(t, 0, empty.Len())
	assert.Empty(t, empty.All())

	var nilTable *currency.Table
	_, ok := nilTable.Lookup("USD")
	assert.False(t, ok)
	assert.False(t, nilTable.Active("USD"))
	assert.Empty(t, nilTable.All())
}

func TestNewTableErrors(t *testing.T) {
	usd := currency.Currency{Code: "USD", Numeric: "840", MinorUnits: 2, Active: true, Name: "US Dollar"}
	with := func(f func(*currency.Currency)) currency.Currency { c := usd; f(&c); return c }
	tests := []struct {
		name    string
		in      []currency.Currency
		wantIs  []error
		mention []string
	}{
		{"lower-case code", []currency.Currency{with(func(c *currency.Currency) { c.Code = "usd" })}, []error{currency.ErrInvalidCode}, []string{`"usd"`}},
		{"short code", []currency.Currency{with(func(c *currency.Currency) { c.Code = "US" })}, []error{currency.ErrInvalidCode}, []string{`"US"`}},
		{"long code", []currency.Currency{with(func(c *currency.Currency) { c.Code = "USDD" })}, []error{currency.ErrInvalidCode}, []string{`"USDD"`}},
		{"empty code", []currency.Currency{with(func(c *currency.Currency) { c.Code = "" })}, []error{currency.ErrInvalidCode}, []string{`""`}},
		{"digit code", []currency.Currency{with(func(c *currency.Currency) { c.Code = "U5D" })}, []error{currency.ErrInvalidCode}, []string{`"U5D"`}},
		{"non-ASCII code", []currency.Currency{with(func(c *currency.Currency) { c.Code = "ÜSD" })}, []error{currency.ErrInvalidCode}, []string{"SD"}},
		{"duplicate", []currency.Currency{usd, usd}, []error{currency.ErrDuplicateCode}, []string{"USD", "entries 0 and 1"}},
		{"numeric two digits", []currency.Currency{with(func(c *currency.Currency) { c.Numeric = "84" })}, []error{currency.ErrInvalidNumeric}, []string{"USD", `"84"`}},
		{"numeric letters", []currency.Currency{with(func(c *currency.Currency) { c.Numeric = "8a0" })}, []error{currency.ErrInvalidNumeric}, []string{"USD"}},
		{"numeric four digits", []currency.Currency{with(func(c *currency.Currency) { c.Numeric = "0840" })}, []error{currency.ErrInvalidNumeric}, []string{"USD"}},
		{"minor negative", []currency.Currency{with(func(c *currency.Currency) { c.MinorUnits = -1 })}, []error{currency.ErrInvalidMinorUnits}, []string{"USD", "-1"}},
		{"minor five", []currency.Currency{with(func(c *currency.Currency) { c.MinorUnits = 5 })}, []error{currency.ErrInvalidMinorUnits}, []string{"USD", "5"}},
		{
			"several problems reported together",
			[]currency.Currency{
				with(func(c *currency.Currency) { c.Code = "usd"; c.MinorUnits = 9 }),
				{Code: "KWD", Numeric: "x", MinorUnits: 3},
			},
			[]error{currency.ErrInvalidCode, currency.ErrInvalidMinorUnits, currency.ErrInvalidNumeric},
			[]string{`"usd"`, "KWD"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			table, err := currency.NewTable(tt.in)
			require.Error(t, err)
			assert.Nil(t, table)
			for _, target := range tt.wantIs {
				assert.ErrorIs(t, err, target)
			}
			for _, s := range tt.mention {
				assert.Contains(t, err.Error(), s)
			}
		})
	}
}

func TestWith(t *testing.T) {
	base := currency.Default()
	before := base.All()

	t.Run("enable, disable, replace and add", func(t *testing.T) {
		bank, err := base.With([]currency.Currency{
			{Code: "CNH", MinorUnits: 2, Active: true, Name: "Offshore Yuan"},
			{Code: "JPY", Numeric: "392", MinorUnits: 0, Active: false, Name: "Yen"},
			{Code: "KWD", Numeric: "414", MinorUnits: 2, Active: true, Name: "Kuwaiti Dinar (bank rounds to fils/10)"},
			{Code: "XBT", MinorUnits: 4, Active: true, Name: "Bank test unit"},
		})
		require.NoError(t, err)
		assert.NotSame(t, base, bank)
		assert.Equal(t, base.Len()+1, bank.Len())

		assert.True(t, bank.Active("CNH"))
		c, _ := bank.Lookup("CNH")
		assert.Empty(t, c.Numeric)
		assert.False(t, bank.Active("JPY"))
		c, _ = bank.Lookup("KWD")
		assert.Equal(t, 2, c.MinorUnits)
		assert.True(t, bank.Active("XBT"))
		assert.True(t, bank.Active("USD"))

		// The base table is unchanged.
		assert.Equal(t, before, base.All())
		assert.False(t, base.Active("CNH"))
		assert.True(t, base.Active("JPY"))
		_, ok := base.Lookup("XBT")
		assert.False(t, ok)

		all := bank.All()
		assert.True(t, slices.IsSortedFunc(all, func(a, b currency.Currency) int { return strings.Compare(a.Code, b.Code) }))
	})

	t.Run("no overrides", func(t *testing.T) {
		same, err := base.With(nil)
		require.NoError(t, err)
		assert.Equal(t, before, same.All())
	})

	t.Run("on a nil table", func(t *testing.T) {
		var none *currency.Table
		t2, err := none.With([]currency.Currency{{Code: "USD", Numeric: "840", MinorUnits: 2, Active: true}})
		require.NoError(t, err)
		assert.Equal(t, 1, t2.Len())
	})

	t.Run("invalid override", func(t *testing.T) {
		_, err := base.With([]currency.Currency{{Code: "CNH", MinorUnits: 7}})
		require.ErrorIs(t, err, currency.ErrInvalidMinorUnits)
		assert.Contains(t, err.Error(), "CNH")
		assert.Contains(t, err.Error(), "overrides")
	})

	t.Run("duplicate override", func(t *testing.T) {
		o := currency.Currency{Code: "CNH", MinorUnits: 2, Active: true}
		_, err := base.With([]currency.Currency{o, o})
		require.ErrorIs(t, err, currency.ErrDuplicateCode)
		assert.Contains(t, err.Error(), "CNH")
	})
}
