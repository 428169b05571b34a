package sandbox_test

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox"
)

// TestFinzlyWebhookCutsValuesToItsLimits sends values the requests allow
// but the payment status webhook does not (a 35-character sender account
// number, where the webhook takes 20; names longer than its 255): every
// webhook is still sent, valid with no problem of any severity, carrying
// the values cut at the webhook's limits. The sandbox clock is pinned to
// 1 March 2030, so the payment date stays ahead.
func TestFinzlyWebhookCutsValuesToItsLimits(t *testing.T) {
	hooks := newHookSink(t)
	sb := sandbox.Start(t, sandbox.WithToday(march2030), sandbox.WithWebhookURLs(hooks.srv.URL))
	account35 := "ACCT" + strings.Repeat("0123456789", 3) + "X"
	require.Len(t, account35, 35)
	credit := strings.Replace(string(example(t, "finzly/createCreditPaymentV4/valid-fedwire.json")),
		`"accountNumber": "4401928374"`, `"accountNumber": "`+account35+`"`, 1)
	status, out, _ := call(t, sb.FinzlyHTTP, http.MethodPost, sb.FinzlyURL+"/v4/payments/credit", []byte(credit))
	require.Equal(t, http.StatusOK, status, string(out))

	longName := strings.Repeat("Ünïcode Holdings ", 20) // 340 characters
	status, out, _ = call(t, http.DefaultClient, http.MethodPost, sb.URL+"/_sandbox/finzly/incoming-payments",
		[]byte(`{"externalReferenceId":"IN-LONG","paymentAmount":10.00,"senderName":"`+longName+`",
		"senderAccountNumber":"`+account35+`","receiverName":"`+longName+`","receiverAccountNumber":"`+account35+`Y"}`))
	require.Equal(t, http.StatusCreated, status, string(out))

	require.Eventually(t, func() bool { return len(sb.Deliveries()) >= 2 && pendingDeliveries(sb) == 0 },
		5*time.Second, 10*time.Millisecond)
	refs := map[string]bool{}
	for _, d := range sb.Deliveries() {
		assert.Equal(t, "delivered", d.State, "%s", d.Payload)
		assert.Empty(t, webhookProblems(t, sb, d), "%s", d.Payload)
		body := decodeJSON(t, d.Payload)
		refs[body["externalReferenceId"].(string)] = true
		assert.Equal(t, account35[:20], body["senderAccountNumber"], "cut at the webhook's 20")
		if body["externalReferenceId"] == "IN-LONG" {
			assert.Equal(t, string([]rune(longName)[:255]), body["senderName"], "cut at 255 characters")
			assert.Equal(t, string([]rune(longName)[:255]), body["receiverName"])
			assert.Equal(t, (account35 + "Y")[:35], body["receiverAccountNumber"], "cut at the webhook's 35")
		}
	}
	assert.Equal(t, map[string]bool{"INV-2027-77812": true, "IN-LONG": true}, refs, "both payments told")

	// The stored payment keeps what was sent: only the webhook is cut.
	uid := decodeJSON(t, out)["paymentUID"].(string)
	status, out, _ = call(t, sb.FinzlyHTTP, http.MethodGet, sb.FinzlyURL+"/v3/payments/"+uid, nil)
	require.Equal(t, http.StatusOK, status, string(out))
	assert.Equal(t, account35, decodeJSON(t, out)["data"].(map[string]any)["senderAccountNumber"])
}

// TestIncomingPaymentControlRefusesALongReference refuses a reference no
// Finzly create would take, rather than cutting what identifies the
// payment.
func TestIncomingPaymentControlRefusesALongReference(t *testing.T) {
	sb := sandbox.Start(t, sandbox.WithToday(march2030))
	for n, want := range map[int]int{50: http.StatusCreated, 51: http.StatusBadRequest} {
		status, out, _ := call(t, http.DefaultClient, http.MethodPost, sb.URL+"/_sandbox/finzly/incoming-payments",
			[]byte(`{"externalReferenceId":"`+strings.Repeat("R", n)+`","paymentAmount":1.00}`))
		assert.Equal(t, want, status, "%d characters: %s", n, out)
	}
}
