package tests

// Entry-point fixtures of the Redpin recipients, third-party customers,
// reference data, hosted sessions and webhooks.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// epRedpinPartyFixtures covers recipients and third-party customers.
func epRedpinPartyFixtures(tb testing.TB, s epSpec) []epFixture {
	tb.Helper()
	cust := map[string]string{"customer_id": "cust-0042"}
	rec := map[string]string{"customer_id": "cust-0042", "recipient_id": "1668758"}
	var out []epFixture

	create := s.base(tb, "createRecipient", http.StatusCreated)
	create.valid = s.examplesAsRequests(tb, create.id, cust, epJSONHeader())
	body := epNamed(tb, create.valid, "ibanRecipient").body
	create.invalid = []epRequest{
		{name: "bank details in no combination", pathParams: cust, header: epJSONHeader(),
			body: epSet(tb, body, "/recipient_bank_details", map[string]any{"currency": "USD", "account_number": "1"})},
		{name: "name missing and type in lower case", pathParams: cust, header: epJSONHeader(),
			body: epSet(tb, epDelete(tb, body, "/name"), "/type", "individual")},
		{name: "IBAN with a bad check (rule)", pathParams: cust, header: epJSONHeader(),
			body: epSet(tb, body, "/recipient_bank_details/iban", "AE070331234567890123457")},
	}
	create.responses = []epResponse{
		{name: "recipient_id of the wrong type", status: 201, body: epSet(tb, create.okBody, "/recipient_id", 1668758), want: epWantErrors},
		{name: "neither saved nor a failed check", status: 201, body: []byte(`{"client_reference_id":"recipient-123"}`), want: epWantErrors},
		{name: "failed CoP check as 200", status: 200, body: []byte(copGuideSample), want: epWantNone},
		{name: "undeclared member", status: 201, body: epSet(tb, create.okBody, "/zz_extra", true), want: epWantWarnings},
	}
	create.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.redpin.CreateRecipientWithBodyWithResponse(ctx, r.pathParams["customer_id"], r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, create)

	list := s.base(tb, "listRecipients", http.StatusOK)
	list.valid = []epRequest{
		{name: "first page", pathParams: cust},
		{name: "page 2 of 10", pathParams: cust, query: url.Values{"page": {"2"}, "limit": {"10"}}},
	}
	list.invalid = []epRequest{
		{name: "page 0", pathParams: cust, query: url.Values{"page": {"0"}}},
		{name: "limit not a number", pathParams: cust, query: url.Values{"limit": {"ten"}}},
	}
	list.responses = []epResponse{
		{name: "recipients missing", status: 200, body: epDelete(tb, list.okBody, "/recipients"), want: epWantErrors},
		{name: "recipient type in lower case", status: 200, body: epSet(tb, list.okBody, "/recipients/0/type", "individual"), want: epWantErrors},
	}
	list.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.redpin.ListRecipientsWithResponse(ctx, r.pathParams["customer_id"], nil, r.edit)
		return err
	}
	out = append(out, list)

	get := s.base(tb, "getRecipient", http.StatusOK)
	get.valid = []epRequest{{name: "plain ids", pathParams: rec}, {name: "escaped slash in recipient_id",
		pathParams: map[string]string{"customer_id": "cust-0042", "recipient_id": "rec/4"}}}
	get.invalid = []epRequest{
		{name: "empty customer_id", pathParams: map[string]string{"customer_id": "", "recipient_id": "rcp-1"}, unroutable: true},
	}
	get.responses = []epResponse{
		{name: "status missing", status: 200, body: epDelete(tb, get.okBody, "/status"), want: epWantErrors},
		{name: "country in two letters", status: 200, body: epSet(tb, get.okBody, "/country", "AE"), want: epWantErrors},
		{name: "nulls where the page allows them", status: 200,
			body: epSet(tb, epSet(tb, get.okBody, "/address", nil), "/recipient_bank_details", nil), want: epWantNone},
	}
	get.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.redpin.GetRecipientWithResponse(ctx, r.pathParams["customer_id"], r.pathParams["recipient_id"], r.edit)
		return err
	}
	out = append(out, get)

	update := s.base(tb, "updateRecipientAccount", http.StatusOK)
	update.valid = s.examplesAsRequests(tb, update.id, rec, epJSONHeader())
	body = epNamed(tb, update.valid, "newIban").body
	update.invalid = []epRequest{
		{name: "customer_own_account as a boolean", pathParams: rec, header: epJSONHeader(), body: epSet(tb, body, "/customer_own_account", false)},
		{name: "IBAN with a bad check (rule)", pathParams: rec, header: epJSONHeader(),
			body: epSet(tb, body, "/recipient_bank_details/iban", "DE89370400440532013001")},
	}
	update.responses = []epResponse{
		{name: "recipient_check without event_id", status: 200,
			body: epDelete(tb, []byte(copGuideSample), "/recipient_check/event_id"), want: epWantErrors},
	}
	update.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.redpin.UpdateRecipientAccountWithBodyWithResponse(ctx, r.pathParams["customer_id"], r.pathParams["recipient_id"],
			r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, update)

	tp := s.base(tb, "createThirdPartyCustomer", http.StatusCreated)
	tp.valid = s.examplesAsRequests(tb, tp.id, cust, epJSONHeader())
	body = tp.valid[0].body
	tp.invalid = []epRequest{
		{name: "no property", pathParams: cust, header: epJSONHeader(), body: epSet(tb, body, "/property_details", []any{})},
		{name: "client_customer_ref with a space", pathParams: cust, header: epJSONHeader(),
			body: epSet(tb, body, "/client_customer_details/client_customer_ref", "SKYLINE 001")},
	}
	tp.responses = []epResponse{
		{name: "client_customer_ref missing", status: 201, body: epDelete(tb, tp.okBody, "/client_customer_ref"), want: epWantErrors},
		{name: "valid as 200", status: 200, body: tp.okBody, want: epWantNone},
		{name: "undeclared member", status: 201, body: epSet(tb, tp.okBody, "/zz_extra", true), want: epWantWarnings},
	}
	tp.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.redpin.CreateThirdPartyCustomerWithBodyWithResponse(ctx, r.pathParams["customer_id"], r.contentType(), r.reader(), r.edit)
		return err
	}
	return append(out, tp)
}

// epNamed returns the request with the given name.
func epNamed(tb testing.TB, rs []epRequest, name string) epRequest {
	tb.Helper()
	for _, r := range rs {
		if r.name == name {
			return r
		}
	}
	tb.Fatalf("no request named %s", name)
	return epRequest{}
}

// copGuideSample is the CoP guide's sample answer.
const copGuideSample = `{"code":"ANNM","description":"Payee's Bank has performed the matching and confirms it is not a match",` +
	`"recipient_check":{"request_identifier":"123456789","event_id":"AG-435435454435"}}`

// epRedpinReferenceFixtures covers currencies, transaction purposes and
// hosted sessions.
func epRedpinReferenceFixtures(tb testing.TB, s epSpec) []epFixture {
	tb.Helper()
	cust := map[string]string{"customer_id": "cust-0042"}
	var out []epFixture

	cur := s.base(tb, "listCurrencies", http.StatusOK)
	cur.valid = []epRequest{{name: "no parameters"}}
	cur.responses = []epResponse{
		{name: "payout_currencies missing", status: 200, body: epDelete(tb, cur.okBody, "/payout_currencies"), want: epWantErrors},
		{name: "payout currency in lower case", status: 200, body: epSet(tb, cur.okBody, "/payout_currencies/0", "aed"), want: epWantErrors},
		{name: "other members are kept", status: 200, body: epSet(tb, cur.okBody, "/sell_currencies", []any{"GBP"}), want: epWantNone},
	}
	cur.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.redpin.ListCurrenciesWithResponse(ctx, r.edit)
		return err
	}
	out = append(out, cur)

	tp := s.base(tb, "listTransactionPurposes", http.StatusOK)
	tp.valid = []epRequest{{name: "no parameters"}}
	tp.responses = []epResponse{
		{name: "purpose without code", status: 200, body: epDelete(tb, tp.okBody, "/transaction_purposes/0/code"), want: epWantErrors},
		{name: "undeclared member", status: 200, body: epSet(tb, tp.okBody, "/zz_extra", true), want: epWantWarnings},
	}
	tp.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.redpin.ListTransactionPurposesWithResponse(ctx, r.edit)
		return err
	}
	out = append(out, tp)

	create := s.base(tb, "createPaymentSession", http.StatusCreated)
	create.valid = s.examplesAsRequests(tb, create.id, cust, epJSONHeader())
	body := create.valid[0].body
	create.invalid = []epRequest{
		{name: "items missing", pathParams: cust, header: epJSONHeader(), body: epDelete(tb, body, "/items")},
		{name: "client_reference_id with a dot", pathParams: cust, header: epJSONHeader(), body: epSet(tb, body, "/client_reference_id", "PLOT.14")},
		{name: "due in four days (rule)", pathParams: cust, header: epJSONHeader(), body: epSet(tb, body, "/due_date", "2026-11-20")},
		{name: "items a fils short (rule)", pathParams: cust, header: epJSONHeader(),
			body: epSet(tb, body, "/items/0/amount/value", json.Number("36724.99"))},
	}
	create.responses = []epResponse{
		{name: "session_id not a uuid", status: 201, body: epSet(tb, create.okBody, "/session_id", "S-1"), want: epWantErrors},
		{name: "session_url missing", status: 201, body: epDelete(tb, create.okBody, "/session_url"), want: epWantErrors},
		{name: "valid as 200", status: 200, body: create.okBody, want: epWantNone},
	}
	create.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.redpin.CreatePaymentSessionWithBodyWithResponse(ctx, r.pathParams["customer_id"], r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, create)

	list := s.base(tb, "listPaymentSessions", http.StatusOK)
	list.valid = []epRequest{
		{name: "by client_reference_id", pathParams: cust, query: url.Values{"client_reference_id": {"PLOT-14-DEPOSIT"}}},
		{name: "a page of 100", pathParams: cust, query: url.Values{"page": {"2"}, "limit": {"100"}}},
	}
	list.invalid = []epRequest{
		{name: "limit above 100", pathParams: cust, query: url.Values{"limit": {"101"}}},
		{name: "session_id not a uuid", pathParams: cust, query: url.Values{"session_id": {"S-1"}}},
		{name: "client_reference_id over 36", pathParams: cust, query: url.Values{"client_reference_id": {strings.Repeat("r", 37)}}},
	}
	list.responses = []epResponse{
		{name: "sessions missing", status: 200, body: epDelete(tb, list.okBody, "/sessions"), want: epWantErrors},
		{name: "has_payment as a string", status: 200, body: epSet(tb, list.okBody, "/sessions/0/has_payment", "no"), want: epWantErrors},
	}
	list.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.redpin.ListPaymentSessionsWithResponse(ctx, r.pathParams["customer_id"], nil, r.edit)
		return err
	}
	return append(out, list)
}

// epRedpinWebhookFixtures covers the events Redpin posts to the partner,
// sent through gen/redpinwebhook's client and answered with a bare 200.
func epRedpinWebhookFixtures(tb testing.TB, s epSpec) []epFixture {
	tb.Helper()
	var out []epFixture
	// add builds a webhook's fixture; invalid breaks the valid examples.
	add := func(id string, invalid func(valid []epRequest) []epRequest, responses []epResponse,
		send func(ctx context.Context, c epClients, r epRequest) error) {
		fx := s.base(tb, id, http.StatusOK)
		fx.valid = s.examplesAsRequests(tb, id, nil, epJSONHeader())
		fx.invalid = append(invalid(fx.valid), epRequest{name: "no Content-Type", body: fx.valid[0].body})
		fx.responses = append(responses,
			epResponse{name: "a body where none is declared", status: 200, body: []byte(`{"received":true}`), want: epWantWarnings})
		fx.send = send
		out = append(out, fx)
	}
	add("redpinPaymentStatusWebhook", func(v []epRequest) []epRequest {
		b := v[0].body
		return []epRequest{
			{name: "data missing", header: epJSONHeader(), body: epDelete(tb, b, "/data")},
			{name: "event_timestamp not ISO 8601", header: epJSONHeader(), body: epSet(tb, b, "/event_timestamp", "01/01/2025")},
		}
	}, nil, func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.webhook.RedpinPaymentStatusWebhookWithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	})
	add("redpinPaymentStatusEnvelopeWebhook", func(v []epRequest) []epRequest {
		b := v[0].body
		return []epRequest{
			{name: "version missing", header: epJSONHeader(), body: epDelete(tb, b, "/version")},
			{name: "payment_id missing from data", header: epJSONHeader(), body: epDelete(tb, b, "/data/payment_id")},
		}
	}, nil, func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.webhook.RedpinPaymentStatusEnvelopeWebhookWithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	})
	add("redpinCustomerStatusWebhook", func(v []epRequest) []epRequest {
		b := v[0].body
		return []epRequest{
			{name: "status in upper case", header: epJSONHeader(), body: epSet(tb, b, "/status", "ACTIVE")},
		}
	}, nil, func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.webhook.RedpinCustomerStatusWebhookWithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	})
	add("redpinThirdPartyCustomerStatusWebhook", func(v []epRequest) []epRequest {
		b := v[0].body
		return []epRequest{
			{name: "client_customer_ref missing", header: epJSONHeader(), body: epDelete(tb, b, "/client_customer_ref")},
		}
	}, nil, func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.webhook.RedpinThirdPartyCustomerStatusWebhookWithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	})
	add("redpinThirdPartyCustomerStatusEnvelopeWebhook", func(v []epRequest) []epRequest {
		b := epNamed(tb, v, "rejected").body
		return []epRequest{
			{name: "event_type of another event", header: epJSONHeader(), body: epSet(tb, b, "/event_type", "PAYMENT STATUS")},
			{name: "reason without code", header: epJSONHeader(), body: epDelete(tb, b, "/data/reasons/0/code")},
		}
	}, nil, func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.webhook.RedpinThirdPartyCustomerStatusEnvelopeWebhookWithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	})
	return out
}
