package sandbox_test

import (
	"context"
	"net/http"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/sandbox"
)

// sandboxDay is the sandbox date the Redpin tests start on.
var sandboxDay = time.Date(2030, 3, 4, 0, 0, 0, 0, time.UTC)

// thirdPartyReview is how long the sandbox's compliance review runs.
const thirdPartyReview = 5 * time.Minute

func thirdPartyRequest(ref string) redpin.CreateThirdPartyCustomerRequest {
	return redpin.CreateThirdPartyCustomerRequest{
		ClientCustomerDetails: redpin.ThirdPartyCustomerDetails{ClientCustomerRef: ref, FirstName: ptr("Sarah"),
			LastName: ptr("Johnson"), Country: ptr("USA"), MobilePhone: ptr("+14155552671")},
		PropertyDetails: []redpin.ThirdPartyProperty{{PropertyRef: "SKYLINE/TOWER/1001", UnitNumber: ptr("1001")}},
	}
}

// onboard creates a third party and checks that it starts PENDING.
func onboard(t *testing.T, c *redpin.ClientWithResponses, customer, ref string) {
	t.Helper()
	resp, err := c.CreateThirdPartyCustomerWithResponse(context.Background(), customer, thirdPartyRequest(ref))
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	assert.Equal(t, ref, resp.JSON201.ClientCustomerRef)
	assert.Equal(t, "PENDING", *resp.JSON201.Status)
}

// thirdPartyHooks returns the third-party status events received, by
// reference.
func thirdPartyHooks(h *hookSink) map[string]map[string]any {
	out := map[string]map[string]any{}
	for _, got := range h.received() {
		if got.Path == "/webhooks/third-party-customers/third-party-customer-status-updated" {
			data, _ := got.Body["data"].(map[string]any)
			ref, _ := data["client_customer_ref"].(string)
			out[ref] = got.Body
		}
	}
	return out
}

func TestRedpinThirdPartyReviewSendsWebhooks(t *testing.T) {
	t.Parallel()
	hooks := newHookSink(t)
	sb := sandbox.Start(t, sandbox.WithToday(sandboxDay), sandbox.WithWebhookURLs(hooks.srv.URL))
	onboard(t, sb.Redpin, "CUST-1", "SKYLINE-CLIENT-001")
	onboard(t, sb.Redpin, "CUST-1", "please-Reject-me")

	require.NoError(t, sb.Advance(context.Background(), thirdPartyReview-time.Second))
	assert.Empty(t, thirdPartyHooks(hooks), "no webhook while the review runs")

	require.NoError(t, sb.Advance(context.Background(), time.Second))
	require.Eventually(t, func() bool { return len(thirdPartyHooks(hooks)) == 2 }, 5*time.Second, 20*time.Millisecond)
	got := thirdPartyHooks(hooks)

	approved := got["SKYLINE-CLIENT-001"]
	assert.Equal(t, "THIRD PARTY CUSTOMER STATUS", approved["event_type"])
	assert.Equal(t, "v1.0.0", approved["version"])
	assert.Equal(t, map[string]any{"customer_id": "CUST-1", "client_customer_ref": "SKYLINE-CLIENT-001", "status": "APPROVED"},
		approved["data"])

	rejected := got["please-Reject-me"]["data"].(map[string]any)
	assert.Equal(t, "REJECTED", rejected["status"])
	require.Len(t, rejected["reasons"], 1)
	assert.Equal(t, "COMPLIANCE_CHECK_FAILED", rejected["reasons"].([]any)[0].(map[string]any)["code"])
	assert.NotEqual(t, approved["event_id"], got["please-Reject-me"]["event_id"], "each event has its own id")

	// The receiver has the payloads before the sandbox has recorded their
	// answers: wait until it has, then judge what it recorded.
	require.Eventually(t, func() bool { return pendingDeliveries(sb) == 0 }, 5*time.Second, 10*time.Millisecond)
	deliveries := sb.Deliveries()
	require.Len(t, deliveries, 2)
	for _, d := range deliveries {
		assert.Equal(t, "delivered", d.State, "every payload passed the webhook operation: %s", d.Payload)
	}
}

func TestRedpinThirdPartyDuplicateReferenceIsRefused(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t)
	ctx := context.Background()
	onboard(t, sb.Redpin, "CUST-1", "CLIENT-7")

	again, err := sb.Redpin.CreateThirdPartyCustomerWithResponse(ctx, "CUST-1", thirdPartyRequest("CLIENT-7"))
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, again.StatusCode(), string(again.Body))
	assert.Equal(t, "RESOURCE_ALREADY_EXISTS", again.JSON409.Code)
	assert.Equal(t, "client_customer_details.client_customer_ref", *again.JSON409.Field)

	// References are the customer's own: another customer may use it.
	onboard(t, sb.Redpin, "CUST-2", "CLIENT-7")
}

// thirdPartyPayment is a third-party payment of 250.00 GBP to recipient.
func thirdPartyPayment(ref, recipient, clientRef string) redpin.CreatePaymentRequest {
	return redpin.CreatePaymentRequest{PurposeOfTransaction: "PROPERTY_PURCHASE", Amount: gbp("250.00"),
		RecipientDetails:    []redpin.RecipientDetail{{RecipientId: recipient, Amount: gbp("250.00")}},
		IsThirdPartyPayment: ptr(true), ClientCustomerRef: ptr(ref), ClientReferenceId: ptr(clientRef)}
}

func TestRedpinThirdPartyPaymentNeedsAnApprovedThirdParty(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t, sandbox.WithToday(sandboxDay))
	ctx := context.Background()
	rid := newRecipient(t, sb.Redpin, "CUST-1", "Skyline Developments LLC")
	onboard(t, sb.Redpin, "CUST-1", "CLIENT-OK")
	onboard(t, sb.Redpin, "CUST-1", "CLIENT-REJECT")

	pay := func(ref, clientRef string) *redpin.CreatePaymentResponse {
		resp, err := sb.Redpin.CreatePaymentWithResponse(ctx, "CUST-1", thirdPartyPayment(ref, rid, clientRef))
		require.NoError(t, err)
		return resp
	}

	unknown := pay("CLIENT-NEVER-ONBOARDED", "REF-1")
	require.Equal(t, http.StatusNotFound, unknown.StatusCode(), string(unknown.Body))
	assert.Equal(t, "client_customer_ref", *unknown.JSON404.Field)

	pending := pay("CLIENT-OK", "REF-1")
	require.Equal(t, http.StatusBadRequest, pending.StatusCode(), string(pending.Body))
	assert.Contains(t, pending.JSON400.Description, "pending")

	require.NoError(t, sb.Advance(ctx, thirdPartyReview))

	rejected := pay("CLIENT-REJECT", "REF-1")
	require.Equal(t, http.StatusBadRequest, rejected.StatusCode(), string(rejected.Body))
	assert.Equal(t, "INVALID_PARAMETER", rejected.JSON400.Code)

	ok := pay("CLIENT-OK", "REF-1")
	require.Equal(t, http.StatusCreated, ok.StatusCode(), string(ok.Body))
	assert.Equal(t, "AWAITING_FUNDS", ok.JSON201.Status, "a third-party payment waits for its funds")
	assert.Equal(t, "REF-1", *ok.JSON201.ClientReferenceId)

	dup := pay("CLIENT-OK", "REF-1")
	require.Equal(t, http.StatusConflict, dup.StatusCode(), string(dup.Body))
	assert.Equal(t, "client_reference_id", *dup.JSON409.Field)
}

func TestRedpinThirdPartiesAndSessionsSurviveARestart(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sandbox.db")

	first, stop := onSQLite(t, path, sandbox.WithToday(sandboxDay))
	onboard(t, first.Redpin, "CUST-1", "CLIENT-A")
	onboard(t, first.Redpin, "CUST-1", "CLIENT-B")
	require.NoError(t, first.Advance(ctx, thirdPartyReview))
	rid := newRecipient(t, first.Redpin, "CUST-1", "Skyline Developments LLC")
	session := createSession(t, first.Redpin, "CUST-1", sessionRequest("CLIENT-A", rid, "PLOT-14-DEPOSIT"))
	stop()

	second, _ := onSQLite(t, path)
	// The onboarded third parties are still known and approved...
	again, err := second.Redpin.CreateThirdPartyCustomerWithResponse(ctx, "CUST-1", thirdPartyRequest("CLIENT-B"))
	require.NoError(t, err)
	assert.Equal(t, http.StatusConflict, again.StatusCode(), string(again.Body))
	paid, err := second.Redpin.CreatePaymentWithResponse(ctx, "CUST-1", thirdPartyPayment("CLIENT-B", rid, "REF-9"))
	require.NoError(t, err)
	assert.Equal(t, http.StatusCreated, paid.StatusCode(), string(paid.Body))

	// ...and so is the session.
	list, err := second.Redpin.ListPaymentSessionsWithResponse(ctx, "CUST-1",
		&redpin.ListPaymentSessionsParams{ClientReferenceId: ptr("PLOT-14-DEPOSIT")})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, list.StatusCode(), string(list.Body))
	require.Len(t, list.JSON200.Sessions, 1)
	assert.Equal(t, session.SessionId, list.JSON200.Sessions[0].SessionId)
}

func TestRedpinThirdPartyReviewResumesAfterARestart(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sandbox.db")
	hooks := newHookSink(t)

	first, stop := onSQLite(t, path, sandbox.WithToday(sandboxDay))
	onboard(t, first.Redpin, "CUST-1", "CLIENT-A")
	stop()

	second, _ := onSQLite(t, path, sandbox.WithWebhookURLs(hooks.srv.URL))
	require.NoError(t, second.Advance(context.Background(), thirdPartyReview))
	require.Eventually(t, func() bool { return len(thirdPartyHooks(hooks)) == 1 }, 5*time.Second, 20*time.Millisecond)
	assert.Equal(t, "APPROVED", thirdPartyHooks(hooks)["CLIENT-A"]["data"].(map[string]any)["status"])
}
