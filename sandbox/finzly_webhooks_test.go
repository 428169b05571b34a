package sandbox_test

import (
	"context"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
)

// TestFinzlyStatusWebhookTimes: every payment status webhook carries the
// payment's creation time in creationDateTime, the same as the payment's
// record shows, and the time it reached the status in lastUpdatedTime.
func TestFinzlyStatusWebhookTimes(t *testing.T) {
	hooks := newHookSink(t)
	sb := sandbox.Start(t, sandbox.WithToday(march2030), sandbox.WithWebhookURLs(hooks.srv.URL))
	status, body, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit",
		example(t, "finzly/createCreditPaymentV4/valid-fedwire.json"))
	require.Equal(t, http.StatusOK, status, string(body))
	uid := decodeJSON(t, body)["data"].(map[string]any)["paymentUID"].(string)
	status, body, _ = call(t, sb.FinzlyHTTP, http.MethodGet, sb.FinzlyURL+"/v3/payments/"+uid, nil)
	require.Equal(t, http.StatusOK, status, string(body))
	created, err := time.Parse(time.RFC3339, decodeJSON(t, body)["data"].(map[string]any)["creationDateTime"].(string))
	require.NoError(t, err)

	// Dated 15 March: FUTURE_DATED now, the later statuses two weeks on.
	require.NoError(t, sb.SetToday(context.Background(), time.Date(2030, 3, 16, 0, 0, 0, 0, time.UTC)))
	events, ok := sb.Events(uid)
	require.True(t, ok)
	require.Eventually(t, func() bool { return len(hooks.received()) == len(events) }, 5*time.Second, 10*time.Millisecond)
	for i, h := range hooks.received() {
		at, err := time.Parse(time.RFC3339, h.Body["creationDateTime"].(string))
		require.NoError(t, err)
		assert.True(t, created.Equal(at), "%s: creationDateTime %s, the payment was created %s", h.Body["paymentStatus"], at, created)
		updated, err := time.Parse(time.RFC3339, fmt.Sprint(h.Body["lastUpdatedTime"]))
		require.NoError(t, err)
		assert.True(t, events[i].At.Truncate(time.Second).Equal(updated), "%s: lastUpdatedTime %s, the status was reached %s",
			h.Body["paymentStatus"], updated, events[i].At)
	}
	last := hooks.received()[len(events)-1].Body
	assert.Equal(t, "PROCESSED", last["paymentStatus"])
	assert.NotEqual(t, last["creationDateTime"], last["lastUpdatedTime"], "two weeks apart")
}
