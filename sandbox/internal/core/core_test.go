package core

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/money"
)

func TestPlainAmountIsExact(t *testing.T) {
	for in, want := range map[string]string{
		"10.50":                          "10.50",
		"1234567.89":                     "1234567.89",
		"0":                              "0",
		"0.001":                          "0.001",
		"-0.50":                          "-0.50",
		"-0":                             "0",
		"-1.5E1":                         "-15",
		"1.5e2":                          "150",
		"1e3":                            "1000",
		"1E-2":                           "0.01",
		"922337203685477.5808":           "922337203685477.5808",
		"12345678901234567890.123456789": "12345678901234567890.123456789",
	} {
		a, err := money.Parse(in)
		require.NoError(t, err, in)
		assert.Equal(t, want, PlainAmount(a), in)
	}
}

func TestPaymentInFindsTheRecord(t *testing.T) {
	type stored struct {
		ID     string `json:"id"`
		Amount string `json:"amount"`
	}
	payments := map[int]*stored{7: {ID: "7", Amount: "10.50"}}
	summarize := func(p *stored) PaymentSummary { return PaymentSummary{ID: p.ID, Amount: p.Amount} }

	sum, record, ok := PaymentIn(payments, 7, summarize)
	require.True(t, ok)
	assert.Equal(t, PaymentSummary{ID: "7", Amount: "10.50"}, sum)
	assert.JSONEq(t, `{"id":"7","amount":"10.50"}`, string(record))

	_, _, ok = PaymentIn(payments, 8, summarize)
	assert.False(t, ok, "not stored")
	unwritable := map[string]chan int{"c": make(chan int)}
	_, _, ok = PaymentIn(unwritable, "c", func(chan int) PaymentSummary { return PaymentSummary{} })
	assert.False(t, ok, "a record that cannot be written is not given half-made")
}
