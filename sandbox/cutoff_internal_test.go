package sandbox

import (
	"bytes"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// An Express payment sent without a date is dated today before Fedwire's
// cut-off and the next business day after it, as the provider dates it.
// The wall clock is pinned (see frozen): Friday 1 March 2030.
func TestUndatedPaymentsAreDatedByTheCutoff(t *testing.T) {
	body := bytes.Replace(exampleBody(t, "finzly/createCreditPaymentV4/valid-fedwire.json"),
		[]byte(`"paymentDate": "03-15-2030",`), nil, 1)
	require.NotContains(t, string(body), "paymentDate")
	for _, tc := range []struct {
		hour, minute int
		want         string
	}{
		{12, 0, "2030-03-01"},
		{18, 44, "2030-03-01"},
		{18, 45, "2030-03-04"}, // past the cut-off on a Friday: Monday
	} {
		wall := time.Date(2030, 3, 1, tc.hour, tc.minute, 0, 0, newYork)
		sb, err := New(withWallClock(func() time.Time { return wall }), WithoutAuth())
		require.NoError(t, err)
		h := sb.Handler()
		status, created := do(t, h, http.MethodPost, FinzlyPrefix+"/v4/payments/credit", body)
		require.Equal(t, http.StatusOK, status, created)
		uid := created["data"].(map[string]any)["paymentUID"].(string)
		status, record := do(t, h, http.MethodGet, FinzlyPrefix+"/v3/payments/"+uid, nil)
		require.Equal(t, http.StatusOK, status, record)
		assert.Equal(t, tc.want, record["data"].(map[string]any)["paymentDate"], "at %02d:%02d", tc.hour, tc.minute)
		require.NoError(t, sb.Close())
	}
}
