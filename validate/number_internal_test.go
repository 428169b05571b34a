package validate

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/money"
)

func amountRef(s string) *money.Amount {
	a := money.MustParse(s)
	return &a
}

func TestCompareSmallAgreesWithDecimals(t *testing.T) {
	rules := []*numberRule{
		{min: amountRef("0"), exclMin: true},
		{min: amountRef("0.01"), max: amountRef("999999999999.99")},
		{max: amountRef("100"), exclMax: true, multipleOf: amountRef("0.25")},
		{multipleOf: amountRef("0.01")},
		{min: amountRef("-5.5"), max: amountRef("1e3")}, // a bound with an exponent: not small
		{min: amountRef("123456789012345678")},
	}
	literals := []string{"0", "-0", "0.00", "0.01", "0.001", "1234567.89", "-1", "100", "100.00", "99.75", "99.76",
		"999999999999.99", "1000000000000", "123456789012345678", "1234567890123456789", "0.000000000000000001",
		"1e2", "1.5E-3", "-0.5", "12.", ".5", "01", "--1", "1.2.3", ""}
	for _, r := range rules {
		for _, lit := range literals {
			small, ok := compareSmall(lit, r)
			exact, err := compareExact(lit, r)
			if !ok {
				continue
			}
			require.NoError(t, err, lit)
			assert.Equal(t, exact, small, "literal %q", lit)
		}
	}
}

func TestCompareSmallTakesTheCommonCases(t *testing.T) {
	r := &numberRule{min: amountRef("0"), exclMin: true, multipleOf: amountRef("0.01")}
	for _, lit := range []string{"1234567.89", "0.5", "-3", "99999999999999.99"} {
		_, ok := compareSmall(lit, r)
		assert.True(t, ok, lit)
	}
	for _, lit := range []string{"1e2", "1234567890123456789", "0.1234567890123456789", "01", "1."} {
		_, ok := compareSmall(lit, r)
		assert.False(t, ok, lit)
	}
}

func FuzzCompareSmallAgreesWithDecimals(f *testing.F) {
	f.Add("1234567.89", "0", "999999999999.99", "0.01")
	f.Add("-0.5", "-1", "-0.25", "0.25")
	f.Add("123456789012345678", "0.000000000000000001", "1", "3")
	f.Fuzz(func(t *testing.T, lit, lo, hi, mult string) {
		r := &numberRule{exclMin: len(lit)%2 == 0, exclMax: len(lo)%2 == 1}
		for _, b := range []struct {
			s   string
			dst **money.Amount
		}{{lo, &r.min}, {hi, &r.max}, {mult, &r.multipleOf}} {
			if a, err := money.Parse(b.s); err == nil {
				*b.dst = &a
			}
		}
		small, ok := compareSmall(lit, r)
		if !ok {
			return
		}
		exact, err := compareExact(lit, r)
		require.NoError(t, err, "a small literal must parse: %q", lit)
		assert.Equal(t, exact, small, "literal %q, rule %+v", lit, r)
	})
}
