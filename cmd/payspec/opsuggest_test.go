package main

import (
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/payspec/payspec/api"
)

func TestUnknownOperationSuggestsAGeneratedID(t *testing.T) {
	tests := []struct{ id, want string }{
		{"createCreditPaymentV44", `unknown operation "createCreditPaymentV44"; did you mean ` + api.OpCreateCreditPaymentV4},
		{"createquote", "did you mean " + api.OpCreateQuote},
		{"getPaymnt", "did you mean " + api.OpGetPayment},
		{"refundPayment", `unknown operation "refundPayment" (see payspec ops)`},
	}
	for _, tc := range tests {
		assert.ErrorContains(t, unknownOperation(tc.id), tc.want, tc.id)
	}
	assert.Equal(t, 0, editDistance("abc", "abc"))
	assert.Equal(t, 3, editDistance("", "abc"))
	assert.Equal(t, 1, editDistance("abc", "abd"))
}
