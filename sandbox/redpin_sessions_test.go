package sandbox_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	openapi_types "github.com/oapi-codegen/runtime/types"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/sandbox"
)

func aed(v string) redpin.Amount { return redpin.Amount{Currency: "AED", Value: money.MustParse(v)} }

// sessionRequest is a session of 36725.00 AED for the third party, due
// eleven days after sandboxDay.
func sessionRequest(thirdParty, recipient, ref string) redpin.CreatePaymentSessionRequest {
	return redpin.CreatePaymentSessionRequest{
		ClientCustomerRef: thirdParty, ClientReferenceId: ref, Amount: aed("36725.00"),
		DueDate:              openapi_types.Date{Time: time.Date(2030, 3, 15, 0, 0, 0, 0, time.UTC)},
		PurposeOfTransaction: "PROPERTY_PURCHASE",
		Recipients:           []redpin.RecipientDetail{{RecipientId: recipient, Amount: aed("36725.00")}},
		Items:                []redpin.SessionItem{{ItemRef: ptr("PLOT-14"), Amount: aed("36725.00")}},
	}
}

func createSession(t *testing.T, c *redpin.ClientWithResponses, customer string, req redpin.CreatePaymentSessionRequest) *redpin.PaymentSession {
	t.Helper()
	resp, err := c.CreatePaymentSessionWithResponse(context.Background(), customer, req)
	require.NoError(t, err)
	require.Equal(t, http.StatusCreated, resp.StatusCode(), string(resp.Body))
	return resp.JSON201
}

// sessionSetup starts a sandbox whose customer CUST-1 has an approved
// third party CLIENT-A and a recipient, returned.
func sessionSetup(t *testing.T, opts ...sandbox.Option) (*sandbox.Server, string) {
	t.Helper()
	sb := sandbox.Start(t, append([]sandbox.Option{sandbox.WithToday(sandboxDay)}, opts...)...)
	onboard(t, sb.Redpin, "CUST-1", "CLIENT-A")
	require.NoError(t, sb.Advance(context.Background(), thirdPartyReview))
	return sb, newRecipient(t, sb.Redpin, "CUST-1", "Skyline Developments LLC")
}

func TestRedpinCreatePaymentSession(t *testing.T) {
	t.Parallel()
	sb, rid := sessionSetup(t)
	before := sb.Clock().Now()
	s := createSession(t, sb.Redpin, "CUST-1", sessionRequest("CLIENT-A", rid, "PLOT-14-DEPOSIT"))

	assert.Equal(t, "PLOT-14-DEPOSIT", *s.ClientReferenceId)
	assert.Equal(t, sb.URL+"/_sandbox/redpin/sessions/"+s.SessionId.String(), s.SessionUrl, "the URL is on the sandbox's host")
	require.NotNil(t, s.ExpiresAt)
	assert.WithinDuration(t, before.Add(24*time.Hour), *s.ExpiresAt, time.Minute, "sessions last a day unless told")

	expires := before.Add(2 * time.Hour).UTC().Truncate(time.Second)
	req := sessionRequest("CLIENT-A", rid, "PLOT-15-DEPOSIT")
	req.ExpiresAt = &expires
	s2 := createSession(t, sb.Redpin, "CUST-1", req)
	assert.True(t, expires.Equal(*s2.ExpiresAt), "expires_at as sent")
	assert.NotEqual(t, s.SessionId, s2.SessionId)
}

func TestRedpinCreatePaymentSessionRefusals(t *testing.T) {
	t.Parallel()
	sb, rid := sessionSetup(t)
	ctx := context.Background()
	onboard(t, sb.Redpin, "CUST-1", "CLIENT-PENDING")
	first := createSession(t, sb.Redpin, "CUST-1", sessionRequest("CLIENT-A", rid, "PLOT-14-DEPOSIT"))
	past := sb.Clock().Now().Add(-time.Minute)

	cases := []struct {
		name   string
		edit   func(*redpin.CreatePaymentSessionRequest)
		status int
		code   string
		field  string
	}{
		{"repeated client_reference_id", func(r *redpin.CreatePaymentSessionRequest) { r.ClientReferenceId = "PLOT-14-DEPOSIT" },
			http.StatusConflict, "RESOURCE_ALREADY_EXISTS", "client_reference_id"},
		{"third party never onboarded", func(r *redpin.CreatePaymentSessionRequest) { r.ClientCustomerRef = "CLIENT-Z" },
			http.StatusNotFound, "RESOURCE_NOT_FOUND", "client_customer_ref"},
		{"third party still under review", func(r *redpin.CreatePaymentSessionRequest) { r.ClientCustomerRef = "CLIENT-PENDING" },
			http.StatusBadRequest, "INVALID_PARAMETER", "client_customer_ref"},
		{"recipient of another customer", func(r *redpin.CreatePaymentSessionRequest) { r.Recipients[0].RecipientId = "999" },
			http.StatusNotFound, "RESOURCE_NOT_FOUND", "recipients[0].recipient_id"},
		{"expires_at already past", func(r *redpin.CreatePaymentSessionRequest) { r.ExpiresAt = &past },
			http.StatusBadRequest, "INVALID_PARAMETER", "expires_at"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := sessionRequest("CLIENT-A", rid, "PLOT-99")
			tc.edit(&req)
			resp, err := sb.Redpin.CreatePaymentSessionWithResponse(ctx, "CUST-1", req)
			require.NoError(t, err)
			require.Equal(t, tc.status, resp.StatusCode(), string(resp.Body))
			var body redpin.Error
			require.NoError(t, json.Unmarshal(resp.Body, &body))
			assert.Equal(t, tc.code, body.Code)
			assert.Equal(t, tc.field, *body.Field)
		})
	}

	// The refusal of a repeat names the session to recover.
	resp, err := sb.Redpin.CreatePaymentSessionWithResponse(ctx, "CUST-1", sessionRequest("CLIENT-A", rid, "PLOT-14-DEPOSIT"))
	require.NoError(t, err)
	require.Equal(t, http.StatusConflict, resp.StatusCode())
	assert.Contains(t, resp.JSON409.Description, first.SessionId.String())

	// Rules apply as payspec validate applies them: due in less than five days.
	soon := sessionRequest("CLIENT-A", rid, "PLOT-98")
	soon.DueDate = openapi_types.Date{Time: sandboxDay.AddDate(0, 0, 2)}
	resp, err = sb.Redpin.CreatePaymentSessionWithResponse(ctx, "CUST-1", soon)
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))

	list, err := sb.Redpin.ListPaymentSessionsWithResponse(ctx, "CUST-1", nil)
	require.NoError(t, err)
	assert.Len(t, list.JSON200.Sessions, 1, "no refused request created a session")
}

func TestRedpinListPaymentSessions(t *testing.T) {
	t.Parallel()
	sb, rid := sessionSetup(t)
	ctx := context.Background()
	onboard(t, sb.Redpin, "CUST-1", "CLIENT-B")
	onboard(t, sb.Redpin, "CUST-2", "CLIENT-A")
	require.NoError(t, sb.Advance(ctx, thirdPartyReview))
	s1 := createSession(t, sb.Redpin, "CUST-1", sessionRequest("CLIENT-A", rid, "REF-1"))
	s2 := createSession(t, sb.Redpin, "CUST-1", sessionRequest("CLIENT-B", rid, "REF-2"))
	s3 := createSession(t, sb.Redpin, "CUST-1", sessionRequest("CLIENT-A", rid, "REF-3"))
	other := newRecipient(t, sb.Redpin, "CUST-2", "Other Developer Ltd")
	createSession(t, sb.Redpin, "CUST-2", sessionRequest("CLIENT-A", other, "REF-1"))

	list := func(p redpin.ListPaymentSessionsParams) *redpin.PaymentSessionList {
		t.Helper()
		resp, err := sb.Redpin.ListPaymentSessionsWithResponse(ctx, "CUST-1", &p)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		return resp.JSON200
	}
	ids := func(l *redpin.PaymentSessionList) []openapi_types.UUID {
		var out []openapi_types.UUID
		for _, s := range l.Sessions {
			out = append(out, s.SessionId)
		}
		return out
	}

	all := list(redpin.ListPaymentSessionsParams{})
	assert.Equal(t, []openapi_types.UUID{s1.SessionId, s2.SessionId, s3.SessionId}, ids(all), "the customer's own, oldest first")
	rec := all.Sessions[0]
	assert.Equal(t, "REF-1", rec.ClientReferenceId)
	assert.Equal(t, "CLIENT-A", *rec.ClientCustomerRef)
	assert.Equal(t, "CUST-1", *rec.CustomerId)
	assert.Equal(t, "CREATED", *rec.LatestStatus)
	assert.False(t, *rec.HasPayment)
	assert.Nil(t, rec.PaymentId)

	assert.Equal(t, []openapi_types.UUID{s2.SessionId}, ids(list(redpin.ListPaymentSessionsParams{ClientReferenceId: ptr("REF-2")})))
	assert.Equal(t, []openapi_types.UUID{s1.SessionId, s3.SessionId}, ids(list(redpin.ListPaymentSessionsParams{ClientCustomerRef: ptr("CLIENT-A")})))
	assert.Equal(t, []openapi_types.UUID{s3.SessionId}, ids(list(redpin.ListPaymentSessionsParams{SessionId: &s3.SessionId})))
	none := list(redpin.ListPaymentSessionsParams{ClientReferenceId: ptr("REF-404")})
	assert.NotNil(t, none.Sessions, "an empty list, not null")
	assert.Empty(t, none.Sessions)

	page2 := list(redpin.ListPaymentSessionsParams{Page: ptr(int32(2)), Limit: ptr(int32(2))})
	assert.Equal(t, []openapi_types.UUID{s3.SessionId}, ids(page2))
	assert.Equal(t, redpin.PageMeta{Page: ptr(int32(2)), Limit: ptr(int32(2)), TotalRecords: ptr(int64(3)), TotalPages: ptr(int32(2))}, *page2.Meta)

	require.NoError(t, sb.Advance(ctx, 25*time.Hour))
	assert.Equal(t, "EXPIRED", *list(redpin.ListPaymentSessionsParams{}).Sessions[0].LatestStatus, "a session left past expires_at expires")
}

func TestRedpinHostedSessionPagePays(t *testing.T) {
	t.Parallel()
	hooks := newHookSink(t)
	sb, rid := sessionSetup(t, sandbox.WithWebhookURLs(hooks.srv.URL))
	ctx := context.Background()
	s := createSession(t, sb.Redpin, "CUST-1", sessionRequest("CLIENT-A", rid, "PLOT-14-DEPOSIT"))

	page := getJSON(t, s.SessionUrl)
	assert.Equal(t, s.SessionId.String(), page["session_id"])
	assert.Equal(t, "CREATED", page["latest_status"])

	resp, err := http.Post(s.SessionUrl+"/pay", "application/json", nil)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	_ = resp.Body.Close()
	require.Equal(t, http.StatusCreated, resp.StatusCode, string(body))
	var payment redpin.Payment
	require.NoError(t, json.Unmarshal(body, &payment))
	assert.Equal(t, "AWAITING_FUNDS", payment.Status)
	assert.Equal(t, "36725.00", payment.Amount.Value.String())
	assert.Equal(t, "PLOT-14-DEPOSIT", *payment.ClientReferenceId)

	list, err := sb.Redpin.ListPaymentSessionsWithResponse(ctx, "CUST-1", &redpin.ListPaymentSessionsParams{SessionId: &s.SessionId})
	require.NoError(t, err)
	rec := list.JSON200.Sessions[0]
	assert.True(t, *rec.HasPayment)
	assert.Equal(t, payment.PaymentId, *rec.PaymentId)
	assert.Equal(t, "PAYMENT_CREATED", *rec.LatestStatus)

	again, err := http.Post(s.SessionUrl+"/pay", "application/json", nil)
	require.NoError(t, err)
	_ = again.Body.Close()
	assert.Equal(t, http.StatusConflict, again.StatusCode, "a session pays once")

	paymentHook := func() map[string]any {
		for _, h := range hooks.received() {
			if h.Path == "/webhooks/payments/payment-status-updated" {
				return h.Body["data"].(map[string]any)
			}
		}
		return nil
	}
	require.Eventually(t, func() bool { return paymentHook() != nil }, 5*time.Second, 20*time.Millisecond)
	data := paymentHook()
	assert.Equal(t, "AWAITING_FUNDS", data["status"])
	assert.Equal(t, s.SessionId.String(), data["session_id"], "payment webhooks carry the session")
	assert.Equal(t, "CLIENT-A", data["client_customer_ref"])

	expired := createSession(t, sb.Redpin, "CUST-1", sessionRequest("CLIENT-A", rid, "PLOT-15-DEPOSIT"))
	require.NoError(t, sb.Advance(ctx, 25*time.Hour))
	late, err := http.Post(expired.SessionUrl+"/pay", "application/json", nil)
	require.NoError(t, err)
	_ = late.Body.Close()
	assert.Equal(t, http.StatusConflict, late.StatusCode, "an expired session cannot be paid")

	missing, err := http.Post(sb.URL+"/_sandbox/redpin/sessions/"+strings.Repeat("0", 8)+"/pay", "application/json", nil)
	require.NoError(t, err)
	_ = missing.Body.Close()
	assert.Equal(t, http.StatusNotFound, missing.StatusCode)
}

// getJSON reads a JSON object from a sandbox control URL.
func getJSON(t *testing.T, url string) map[string]any {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out map[string]any
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return out
}
