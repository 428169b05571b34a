package money_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"

	"github.com/shopspring/decimal"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/money"
)

func TestParseAccepts(t *testing.T) {
	tests := []struct {
		in    string
		scale int32
		sign  int
	}{
		{"0", 0, 0},
		{"-0", 0, 0},
		{"175", 0, 1},
		{"175.5", 1, 1},
		{"175.50", 2, 1},
		{"1234567.89", 2, 1},
		{"0.001", 3, 1},
		{"-12.34", 2, -1},
		{"1e3", 0, 1},
		{"1.5E2", 0, 1},
		{"1.25e1", 1, 1},
		{"15e-1", 1, 1},
		{"1e-3", 3, 1},
		{"1.50e+0", 2, 1},
		{"9999999999.99", 2, 1},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			a, err := money.Parse(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.in, a.String())
			assert.Equal(t, tt.scale, a.Scale())
			assert.Equal(t, tt.sign, a.Sign())
		})
	}
}

func TestParseRejects(t *testing.T) {
	tests := []struct {
		in   string
		want error
	}{
		{"", money.ErrSyntax},
		{"+1", money.ErrSyntax},
		{"01", money.ErrSyntax},
		{"1.", money.ErrSyntax},
		{".5", money.ErrSyntax},
		{"1e", money.ErrSyntax},
		{"1e+", money.ErrSyntax},
		{"1,000.00", money.ErrSyntax},
		{" 1", money.ErrSyntax},
		{"1 ", money.ErrSyntax},
		{"NaN", money.ErrSyntax},
		{"Infinity", money.ErrSyntax},
		{"0x10", money.ErrSyntax},
		{"-", money.ErrSyntax},
		{"1e65", money.ErrRange},
		{"1e99999999999999999999", money.ErrRange},
		{"1" + string(make([]byte, 0)) + "00000000000000000000000000000000000000000000000000000000000000000", money.ErrRange},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := money.Parse(tt.in)
			require.Error(t, err)
			assert.ErrorIs(t, err, tt.want)
			var pe *money.ParseError
			assert.ErrorAs(t, err, &pe)
		})
	}
}

func TestParseErrorDoesNotEchoInput(t *testing.T) {
	_, err := money.Parse("12x4secret")
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "secret")
	assert.Contains(t, err.Error(), "offset 2")
}

func TestJSONRoundTripKeepsLiteral(t *testing.T) {
	type payment struct {
		PaymentAmount money.Amount  `json:"paymentAmount"`
		Fee           *money.Amount `json:"fee,omitempty"`
	}
	for _, in := range []string{
		`{"paymentAmount":1234567.89}`,
		`{"paymentAmount":10.50,"fee":0.10}`,
		`{"paymentAmount":1E+2}`,
		`{"paymentAmount":0}`,
		`{"paymentAmount":123456789012345678901234567890.123456789}`,
	} {
		t.Run(in, func(t *testing.T) {
			var p payment
			require.NoError(t, json.Unmarshal([]byte(in), &p))
			out, err := json.Marshal(p)
			require.NoError(t, err)
			assert.Equal(t, in, string(out))
		})
	}
}

func TestUnmarshalJSONRejectsNonNumbers(t *testing.T) {
	for _, in := range []string{`"10.00"`, `true`, `[]`, `{}`, `"abc"`} {
		t.Run(in, func(t *testing.T) {
			var a money.Amount
			err := json.Unmarshal([]byte(in), &a)
			require.Error(t, err)
		})
	}
}

func TestUnmarshalJSONNullLeavesValue(t *testing.T) {
	a := money.MustParse("5.00")
	require.NoError(t, json.Unmarshal([]byte(`null`), &a))
	assert.Equal(t, "5.00", a.String())

	var p *money.Amount
	require.NoError(t, json.Unmarshal([]byte(`null`), &p))
	assert.Nil(t, p)
}

func TestZeroValue(t *testing.T) {
	var a money.Amount
	assert.True(t, a.IsZero())
	assert.Equal(t, "0", a.String())
	assert.Equal(t, int32(0), a.Scale())
	out, err := json.Marshal(a)
	require.NoError(t, err)
	assert.Equal(t, "0", string(out))
}

func TestCompare(t *testing.T) {
	assert.True(t, money.MustParse("10.5").Equal(money.MustParse("10.50")))
	assert.Equal(t, -1, money.MustParse("9.99").Cmp(money.MustParse("10")))
	assert.Equal(t, 1, money.MustParse("1e1").Cmp(money.MustParse("9.999")))
}

func TestFromMinorUnits(t *testing.T) {
	assert.Equal(t, "1234567.89", money.FromMinorUnits(123456789, 2).String())
	assert.Equal(t, "5.00", money.FromMinorUnits(500, 2).String())
	assert.Equal(t, "500", money.FromMinorUnits(500, 0).String())
	assert.Equal(t, "0.005", money.FromMinorUnits(5, 3).String())
	assert.Equal(t, "-0.05", money.FromMinorUnits(-5, 2).String())
	assert.Equal(t, "7", money.FromMinorUnits(7, -2).String())
	assert.Equal(t, int32(2), money.FromMinorUnits(500, 2).Scale())
}

func TestFromDecimalKeepsExponent(t *testing.T) {
	a := money.FromDecimal(decimal.RequireFromString("10.50"))
	assert.Equal(t, "10.50", a.String())
	assert.Equal(t, "100", money.FromDecimal(decimal.New(1, 2)).String())
	assert.True(t, a.Decimal().Equal(decimal.RequireFromString("10.5")))
}

func TestTextRoundTrip(t *testing.T) {
	var a money.Amount
	require.NoError(t, a.UnmarshalText([]byte("42.10")))
	b, err := a.MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "42.10", string(b))
	assert.Error(t, a.UnmarshalText([]byte("4 2")))
}

func TestMustParsePanics(t *testing.T) {
	assert.Panics(t, func() { money.MustParse("ten") })
}

// FuzzParse checks that Parse never panics, that whatever it accepts is also
// a valid JSON number, and that an accepted literal survives a JSON round trip.
func FuzzParse(f *testing.F) {
	for _, s := range []string{"0", "1234567.89", "-1.5e3", "1e-3", "01", "+1", "1e65", "NaN", "", "-", "1.", "9999999999999999.99"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		a, err := money.Parse(s)
		if err != nil {
			var pe *money.ParseError
			require.True(t, errors.As(err, &pe))
			return
		}
		require.True(t, json.Valid([]byte(s)), "accepted %q which is not JSON", s)
		var n json.Number
		require.NoError(t, json.Unmarshal([]byte(s), &n))
		out, err := json.Marshal(a)
		require.NoError(t, err)
		require.Equal(t, s, string(out))
		var back money.Amount
		require.NoError(t, json.Unmarshal(out, &back))
		require.True(t, back.Equal(a))
		require.GreaterOrEqual(t, a.Scale(), int32(0))
	})
}

func ExampleParse() {
	a, err := money.Parse("1234567.89")
	if err != nil {
		fmt.Println(err)
		return
	}
	out, _ := json.Marshal(struct {
		PaymentAmount money.Amount `json:"paymentAmount"`
	}{a})
	fmt.Println(string(out), a.Scale())
	// Output: {"paymentAmount":1234567.89} 2
}
