package sandbox_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
)

// TestFinzlyACHSettlesTheNextBusinessDay follows a standard ACH payment
// (speed Economy) dated Monday 15 April 2030 through the sandbox: it is
// PROCESSED at 08:30 New York time on Tuesday, the next business day, as
// the README says. The sandbox clock is pinned to 1 March 2030, so the
// date stays ahead.
func TestFinzlyACHSettlesTheNextBusinessDay(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	status, out, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit",
		example(t, "finzly/createCreditPaymentV4/valid-ach-sender-in-crm.json"))
	require.Equal(t, http.StatusOK, status, string(out))
	uid := decodeJSON(t, out)["data"].(map[string]any)["paymentUID"].(string)
	require.NoError(t, sb.SetToday(context.Background(), time.Date(2030, 4, 20, 0, 0, 0, 0, time.UTC)))

	events, ok := sb.Events(uid)
	require.True(t, ok)
	require.NotEmpty(t, events)
	last := events[len(events)-1]
	assert.Equal(t, "PROCESSED", last.To)
	assert.Equal(t, "2030-04-16 08:30:00", last.At.In(sb.Clock().Zone()).Format(time.DateTime))
	assert.Equal(t, "TRANSMITTED_TO_FED", events[len(events)-2].To)
	assert.Equal(t, "2030-04-15", events[len(events)-2].At.In(sb.Clock().Zone()).Format(time.DateOnly),
		"handed to the Federal Reserve on its date")
}
