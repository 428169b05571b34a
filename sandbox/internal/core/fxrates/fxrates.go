// Package fxrates prices currency conversions at the sandbox's fixed
// rates, for every provider that quotes them.
package fxrates

import (
	"maps"
	"slices"

	"github.com/shopspring/decimal"

	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/rules/currency"
)

// usdValue is what one unit of a currency is worth in US dollars at the
// sandbox's fixed rates. The figures are round, plausible and made up: the
// sandbox prices conversions consistently, not at market rates.
var usdValue = map[string]string{
	"USD": "1", "GBP": "1.27", "EUR": "1.08", "CHF": "1.12", "CAD": "0.73", "AUD": "0.66",
	"NZD": "0.61", "JPY": "0.0067", "AED": "0.2723", "SGD": "0.74", "HKD": "0.128",
	"INR": "0.012", "ZAR": "0.055", "SEK": "0.095", "NOK": "0.094", "DKK": "0.145",
	"PLN": "0.25", "MXN": "0.058", "BRL": "0.2", "CNY": "0.138", "THB": "0.028",
}

// Rate is how many units of buy one unit of sell fetches.
func Rate(sell, buy string) decimal.Decimal {
	value := func(code string) decimal.Decimal {
		if v, ok := usdValue[code]; ok {
			return decimal.RequireFromString(v)
		}
		return decimal.NewFromInt(1)
	}
	return value(sell).Div(value(buy)).Round(8)
}

// Convert prices amount of sell in buy (sellSide) or, the other way, what
// of sell buys amount of buy; the result is rounded to the target
// currency's minor units.
func Convert(amount money.Amount, sell, buy string, sellSide bool) money.Amount {
	r := Rate(sell, buy)
	if sellSide {
		return money.FromDecimal(amount.Decimal().Mul(r).Round(MinorUnits(buy)))
	}
	return money.FromDecimal(amount.Decimal().Div(r).Round(MinorUnits(sell)))
}

// MinorUnits is a currency's ISO 4217 decimal places (2 when unknown).
func MinorUnits(code string) int32 {
	if c, ok := currency.Default().Lookup(code); ok && c.MinorUnits >= 0 {
		return int32(c.MinorUnits)
	}
	return 2
}

// Currencies are the currencies the rates price, in alphabetical order.
func Currencies() []string {
	return slices.Sorted(maps.Keys(usdValue))
}
