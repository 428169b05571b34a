package finzly

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/payspec/payspec/money"
)

func TestAmountComparerAgreesWithDecimals(t *testing.T) {
	amounts := []string{"0", "0.01", "1", "1.0", "99.995", "100", "100.00", "100.0001", "100.00001",
		"1234567.89", "922337203685477.5807", "922337203685477.5808", "-5.5"}
	for _, b := range amounts {
		bound := money.MustParse(b)
		compare := amountComparer(bound)
		for _, a := range amounts {
			p := &fzPayment{Amount: money.MustParse(a)}
			p.searchAmount, p.searchAmountOK = searchUnits(p.Amount)
			assert.Equal(t, p.Amount.Cmp(bound), compare(p), "%s against %s", a, b)
		}
	}
	_, ok := searchUnits(money.MustParse("100.00001"))
	assert.False(t, ok, "finer than ten-thousandths is compared as a decimal")
	_, ok = searchUnits(money.MustParse("922337203685477.5808"))
	assert.False(t, ok, "beyond int64 is compared as a decimal")
}
