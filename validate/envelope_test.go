package validate

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestRedpinFieldNames(t *testing.T) {
	cases := map[string]string{
		"":                                      "",
		"/amount":                               "amount",
		"/recipient_details/0/amount/value":     "recipient_details[0].amount.value",
		"/recipient_details/12/recipient_id":    "recipient_details[12].recipient_id",
		"/path/customer_id":                     "customer_id",
		"/query/from_country":                   "from_country",
		"/header/Content-Type":                  "Content-Type",
		"/header/X~1Y":                          "X/Y",
		"/a~1b/c~0d":                            "a/b.c~d",
		"/confirm_recipient/request_identifier": "confirm_recipient.request_identifier",
		"/path/customer_id/extra":               "path.customer_id.extra",
	}
	for ptr, want := range cases {
		assert.Equal(t, want, fieldName(ptr), ptr)
	}
}
