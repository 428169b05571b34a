package sandbox

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestStepDueExactlyNowIsTaken(t *testing.T) {
	sb := frozen(t)
	h := sb.Handler()
	status, out := do(t, h, http.MethodPost, "/finzly/v4/payments/credit", exampleBody(t, "finzly/createCreditPaymentV4/valid-rtp.json"))
	require.Equal(t, http.StatusOK, status, "%v", out)
	uid := out["data"].(map[string]any)["paymentUID"].(string)
	latest := func() Event {
		events, ok := sb.Events(uid)
		require.True(t, ok)
		return events[len(events)-1]
	}
	created := sb.Clock().Now()
	require.Equal(t, "INITIATED", latest().To, "an RTP payment dated today begins at once")
	// RTP: VALIDATED 10 s after it begins, TRANSMITTED at 20 s, PROCESSED
	// at 30 s. The clock lands on each exactly.
	for i, want := range []string{"VALIDATED", "TRANSMITTED", "PROCESSED"} {
		require.NoError(t, sb.Advance(context.Background(), 10*time.Second))
		got := latest()
		assert.Equal(t, want, got.To, "a step due exactly now is taken")
		assert.Equal(t, created.Add(time.Duration(i+1)*10*time.Second), got.At.In(newYork))
	}
}

func TestSWIFTSettlesOnABusinessDay(t *testing.T) {
	sb := frozen(t) // Friday 1 March 2030
	h := sb.Handler()
	body := strings.NewReplacer(`"speed": "Instant"`, `"speed": "SPOT", "paymentDate": "03-07-2030"`,
		`"bankIdType": "NID",`, `"bankIdType": "SWIFT", "swiftCode": "COBADEFFXXX",`).
		Replace(string(exampleBody(t, "finzly/createCreditPaymentV4/valid-rtp.json")))
	status, out := do(t, h, http.MethodPost, "/finzly/v4/payments/credit", []byte(body))
	require.Equal(t, http.StatusOK, status, "%v", out)
	uid := out["data"].(map[string]any)["paymentUID"].(string)
	require.NoError(t, sb.SetToday(context.Background(), time.Date(2030, 3, 20, 0, 0, 0, 0, time.UTC)))
	events, ok := sb.Events(uid)
	require.True(t, ok)
	settled := events[len(events)-1]
	require.Equal(t, "PROCESSED", settled.To)
	// Dated Thursday 7 March; SPOT settles two business days later: not
	// Saturday 9 March but Monday 11 March, at 10:00 New York time.
	assert.Equal(t, time.Date(2030, 3, 11, 10, 0, 0, 0, newYork), settled.At.In(newYork))
}

func TestSearchAmountBoundsAreInclusive(t *testing.T) {
	sb := frozen(t)
	h := sb.Handler()
	status, out := do(t, h, http.MethodPost, "/finzly/v4/payments/credit", exampleBody(t, "finzly/createCreditPaymentV4/valid-rtp.json"))
	require.Equal(t, http.StatusOK, status, "%v", out) // 850.25
	for _, c := range []struct {
		query string
		found int
	}{
		{`"minAmount":850.25`, 1}, {`"maxAmount":850.25`, 1}, {`"minAmount":850.25,"maxAmount":850.25`, 1},
		{`"minAmount":850.26`, 0}, {`"maxAmount":850.24`, 0}, {`"minAmount":850.2500`, 1},
	} {
		status, out := do(t, h, http.MethodPost, "/finzly/v3/payments/search", []byte(`{"page":1,"limit":10,`+c.query+`}`))
		require.Equal(t, http.StatusOK, status, "%v", out)
		assert.Len(t, out["data"], c.found, c.query)
	}
}

func TestSearchPageIsCappedAtTheSpecsLimit(t *testing.T) {
	sb := frozen(t)
	h := sb.Handler()
	body := exampleBody(t, "finzly/createCreditPaymentV4/valid-rtp.json")
	for range 101 {
		status, out := do(t, h, http.MethodPost, "/finzly/v4/payments/credit", body)
		require.Equal(t, http.StatusOK, status, "%v", out)
	}
	status, out := do(t, h, http.MethodPost, "/finzly/v3/payments/search", []byte(`{"page":1,"limit":2147483647}`))
	require.Equal(t, http.StatusOK, status, "%v", out)
	assert.Len(t, out["data"], 100, "at most 100 a page")
	assert.Equal(t, map[string]any{"totalRecords": 101.0, "returnedRecords": 100.0, "pageReturned": 1.0, "pageSize": 100.0},
		out["pagination"], "the page size applied is said")
	status, out = do(t, h, http.MethodPost, "/finzly/v3/payments/search", []byte(`{"page":2,"limit":1000}`))
	require.Equal(t, http.StatusOK, status, "%v", out)
	assert.Len(t, out["data"], 1, "the second page of 100 holds the last one")
	status, out = do(t, h, http.MethodPost, "/finzly/v3/payments/search", []byte(`{"page":2147483647,"limit":2147483647}`))
	require.Equal(t, http.StatusOK, status, "%v", out)
	assert.Empty(t, out["data"])
}

func TestSeriesInThePastIsRefusedWithoutRules(t *testing.T) {
	sb := frozen(t, WithoutRules()) // no PAYMENT_DATE_PAST to refuse it first
	h := sb.Handler()
	base := string(exampleBody(t, "finzly/createCreditPaymentV4/valid-rtp.json"))
	past := strings.Replace(base, `"speed"`, `"paymentDate":"01-01-2000","recurrence":{"frequency":"Daily","payUntil":"Cancelled"},"speed"`, 1)
	status, out := do(t, h, http.MethodPost, "/finzly/v4/payments/credit", []byte(past))
	assert.Equal(t, http.StatusBadRequest, status, "%v", out)
	assert.Contains(t, out["errors"].([]any)[0].(map[string]any)["message"], "before today")
	assert.Equal(t, 0, finzlyPayments(t, h), "not a payment a day since 2000")

	status, out = do(t, h, http.MethodPost, "/finzly/v4/payments/credit",
		[]byte(strings.Replace(base, `"speed"`, `"recurrence":{"frequency":"Daily","payUntil":"Cancelled"},"speed"`, 1)))
	require.Equal(t, http.StatusOK, status, "%v", out)
	id := strconv.FormatFloat(out["data"].(map[string]any)["recurrenceId"].(float64), 'f', -1, 64)
	status, out = do(t, h, http.MethodPatch, "/finzly/v1/recurrences/"+id, []byte(`{"nextPaymentDate":"01-01-2000"}`))
	assert.Equal(t, http.StatusBadRequest, status, "%v", out)
	status, _ = do(t, h, http.MethodGet, "/_sandbox/clock", nil) // a request catches up
	require.Equal(t, http.StatusOK, status)
	assert.Equal(t, 1, finzlyPayments(t, h), "the series did not resume in 2000")
	status, out = do(t, h, http.MethodPatch, "/finzly/v1/recurrences/"+id, []byte(`{"nextPaymentDate":"03-05-2030"}`))
	assert.Equal(t, http.StatusOK, status, "a later date is fine: %v", out)
}
