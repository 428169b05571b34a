package tests

// Entry-point fixtures of the Finzly operations beyond the first six.

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"

	"github.com/payspec/payspec/gen/finzly"
)

// epBodyFixture builds the fixture of an operation whose request body has
// examples in the spec: valid requests from them, invalid ones from the
// mutations of the first.
func (s epSpec) epBodyFixture(tb testing.TB, id string, ok int, params map[string]string, header http.Header,
	invalid func(body []byte) []epRequest) epFixture {
	tb.Helper()
	fx := s.base(tb, id, ok)
	fx.valid = s.examplesAsRequests(tb, id, params, header)
	fx.invalid = invalid(fx.valid[0].body)
	for i := range fx.invalid {
		if fx.invalid[i].pathParams == nil {
			fx.invalid[i].pathParams = params
		}
	}
	return fx
}

// epBroken returns the usual broken responses of an answer: a member of
// the wrong type (an error) and an undeclared member (a warning).
func epBroken(tb testing.TB, status int, body []byte, ptr string, wrong any) []epResponse {
	tb.Helper()
	return []epResponse{
		{name: ptr + " of the wrong type", status: status, body: epSet(tb, body, ptr, wrong), want: epWantErrors},
		{name: "undeclared member", status: status, body: epSet(tb, body, "/zzExtra", true), want: epWantWarnings},
	}
}

func epFinzlyMoreFixtures(tb testing.TB, s epSpec) []epFixture {
	tb.Helper()
	return slices.Concat(epPaymentFixtures(tb, s), epRecurrenceFixtures(tb, s), epCustomerFixtures(tb, s),
		epBankFixtures(tb, s), epFXFixtures(tb, s), epWebhookFixtures(tb, s))
}

// epPaymentFixtures covers the v5 credit, debits, returns, reversals and
// waterfall batches.
func epPaymentFixtures(tb testing.TB, s epSpec) []epFixture {
	tb.Helper()
	j := epJSONHeader()
	uid := map[string]string{"paymentUID": "12930"}
	var out []epFixture

	v5 := s.epBodyFixture(tb, "createCreditPaymentV5", http.StatusOK, nil, j, func(b []byte) []epRequest {
		return []epRequest{
			{name: "sender in neither form", header: j, body: epSet(tb, b, "/sender", map[string]any{"name": "x"})},
			{name: "Idempotent-Key not a uuid", header: epJSONHeader("Idempotent-Key", "key-1"), body: b},
			{name: "postal code as a number", header: j, body: epSet(tb, b, "/sender", map[string]any{"accountUID": 1,
				"address": map[string]any{"addressLine1": "1 Main", "city": "X", "countryCode": "US", "postalCode": 21202}})},
		}
	})
	v5.responses = epBroken(tb, 200, v5.okBody, "/data/paymentUID", 12930)
	v5.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.CreateCreditPaymentV5WithBodyWithResponse(ctx, nil, r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, v5)

	debit := s.epBodyFixture(tb, "createDebitPayment", http.StatusOK, nil, j, func(b []byte) []epRequest {
		return []epRequest{
			{name: "debtor missing", header: j, body: epDelete(tb, b, "/debtor")},
			{name: "entityType outside its enum", header: j, body: epSet(tb, b, "/creditor/entityType", "Processing Org")},
			{name: "requestedExecutionDate in ISO order", header: j, body: epSet(tb, b, "/additionalInfo/requestedExecutionDate", "2026-12-15")},
		}
	})
	debit.responses = epBroken(tb, 200, debit.okBody, "/status", "Done")
	debit.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.CreateDebitPaymentWithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, debit)

	ret := s.epBodyFixture(tb, "returnPayment", http.StatusOK, uid, j, func(b []byte) []epRequest {
		return []epRequest{
			{name: "returnCode outside its enum", header: j, body: epSet(tb, b, "/returnCode", "R01")},
			{name: "uid outside the pattern", pathParams: map[string]string{"paymentUID": "bad_uid"}, header: j, body: b},
		}
	})
	ret.responses = epBroken(tb, 200, ret.okBody, "/data/paymentUID", 12930)
	ret.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.ReturnPaymentWithBodyWithResponse(ctx, r.pathParams["paymentUID"], r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, ret)

	rev := s.epBodyFixture(tb, "reversePayment", http.StatusOK, uid, j, func(b []byte) []epRequest {
		return []epRequest{
			{name: "reversalNotes missing", header: j, body: epDelete(tb, b, "/reversalNotes")},
			{name: "reversalCode outside its enum", header: j, body: epSet(tb, b, "/reversalCode", "OOPS")},
		}
	})
	rev.responses = epBroken(tb, 200, rev.okBody, "/status", 1)
	rev.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.ReversePaymentWithBodyWithResponse(ctx, r.pathParams["paymentUID"], r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, rev)

	key := epJSONHeader("Idempotent-Key", epIdempotentKey)
	wf := s.epBodyFixture(tb, "createWaterfallTransfer", http.StatusCreated, nil, key, func(b []byte) []epRequest {
		return []epRequest{
			{name: "Idempotent-Key not a uuid", header: epJSONHeader("Idempotent-Key", "batch-1"), body: b},
			{name: "no payments", header: key, body: epSet(tb, b, "/payments", []any{})},
			{name: "notes with punctuation", header: key, body: epSet(tb, b, "/payments/0/paymentNotes", "a/b")},
		}
	})
	wf.responses = append(epBroken(tb, 201, wf.okBody, "/waterfallId", 7),
		epResponse{name: "valid 409", status: 409, body: s.responseExample(tb, wf.id, 409), want: epWantNone})
	wf.send = func(ctx context.Context, c epClients, r epRequest) error {
		params := &finzly.CreateWaterfallTransferParams{}
		_, err := c.finzly.CreateWaterfallTransferWithBodyWithResponse(ctx, params, r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, wf)
	return out
}

// epRecurrenceFixtures covers the recurrence operations.
func epRecurrenceFixtures(tb testing.TB, s epSpec) []epFixture {
	tb.Helper()
	j := epJSONHeader()
	var out []epFixture

	rec := map[string]string{"recurrenceId": "4066"}
	badRec := map[string]string{"recurrenceId": "0"}
	skip := s.base(tb, "skipNextRecurrence", http.StatusOK)
	skip.valid = []epRequest{{name: "series id", pathParams: rec}}
	skip.invalid = []epRequest{{name: "series id zero", pathParams: badRec}, {name: "series id negative", pathParams: map[string]string{"recurrenceId": "-4"}}}
	skip.responses = epBroken(tb, 200, skip.okBody, "/message", 5)
	skip.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.SkipNextRecurrenceWithResponse(ctx, epInt64(r.pathParams["recurrenceId"]), r.edit)
		return err
	}
	out = append(out, skip)

	cancel := s.base(tb, "cancelRecurrence", http.StatusOK)
	cancel.valid = []epRequest{{name: "with a reason", pathParams: rec, query: url.Values{"cancelReason": {"moved"}}}, {name: "bare", pathParams: rec}}
	cancel.invalid = []epRequest{
		{name: "reason too long", pathParams: rec, query: url.Values{"cancelReason": {strings.Repeat("r", 101)}}},
		{name: "source too long and id zero", pathParams: badRec, query: url.Values{"cancellationSource": {strings.Repeat("s", 51)}}},
	}
	cancel.responses = epBroken(tb, 200, cancel.okBody, "/errors", "none")
	cancel.send = func(ctx context.Context, c epClients, r epRequest) error {
		params := &finzly.CancelRecurrenceParams{}
		if v := r.query.Get("cancelReason"); v != "" {
			params.CancelReason = &v
		}
		if v := r.query.Get("cancellationSource"); v != "" {
			params.CancellationSource = &v
		}
		_, err := c.finzly.CancelRecurrenceWithResponse(ctx, epInt64(r.pathParams["recurrenceId"]), params, r.edit)
		return err
	}
	out = append(out, cancel)

	upd := s.epBodyFixture(tb, "updateRecurrence", http.StatusOK, rec, j, func(b []byte) []epRequest {
		return []epRequest{
			{name: "numberOfPayments zero", header: j, body: epSet(tb, b, "/numberOfPayments", json.Number("0"))},
			{name: "amount as a string", header: j, body: epSet(tb, b, "/amount", "1850.00")},
		}
	})
	upd.responses = epBroken(tb, 200, upd.okBody, "/message", 5)
	upd.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.UpdateRecurrenceWithBodyWithResponse(ctx, epInt64(r.pathParams["recurrenceId"]), r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, upd)
	return out
}

// epCustomerFixtures covers the customer accounts, contacts and beneficiaries.
func epCustomerFixtures(tb testing.TB, s epSpec) []epFixture {
	tb.Helper()
	j := epJSONHeader()
	var out []epFixture

	cust := map[string]string{"customerId": "112344"}
	bene := s.epBodyFixture(tb, "createBeneficiary", http.StatusOK, cust, j, func(b []byte) []epRequest {
		return []epRequest{
			{name: "templateName missing", header: j, body: epDelete(tb, b, "/templateName")},
			{name: "accountType outside its enum", header: j, body: epSet(tb, b, "/contactBank/accountType", "Checking")},
		}
	})
	bene.responses = epBroken(tb, 200, bene.okBody, "/data/customerContactUID", 88231)
	bene.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.CreateBeneficiaryWithBodyWithResponse(ctx, r.pathParams["customerId"], r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, bene)

	contact := map[string]string{"customerId": "112344", "contactId": "88231"}
	ub := s.epBodyFixture(tb, "updateBeneficiary", http.StatusOK, contact, j, func(b []byte) []epRequest {
		return []epRequest{
			{name: "email as a number", header: j, body: epSet(tb, b, "/email", 5)},
			{name: "contact id outside the pattern", pathParams: map[string]string{"customerId": "112344", "contactId": "a_b"}, header: j, body: b},
		}
	})
	ub.responses = epBroken(tb, 200, ub.okBody, "/status", "Done")
	ub.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.UpdateBeneficiaryWithBodyWithResponse(ctx, r.pathParams["customerId"], r.pathParams["contactId"], r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, ub)

	custUID := map[string]string{"customerUID": "112344"}
	sc := s.base(tb, "searchContacts", http.StatusOK)
	sc.valid = []epRequest{{name: "first page", pathParams: custUID, query: url.Values{"page": {"1"}, "limit": {"20"}, "contactName": {"Cascade"}}}}
	sc.invalid = []epRequest{
		{name: "page missing", pathParams: custUID, query: url.Values{"limit": {"20"}}},
		{name: "limit above 100", pathParams: custUID, query: url.Values{"page": {"1"}, "limit": {"101"}}},
	}
	sc.responses = epBroken(tb, 200, sc.okBody, "/data/0/contactUID", 88231)
	sc.send = func(ctx context.Context, c epClients, r epRequest) error {
		params := &finzly.SearchContactsParams{Page: int32(epInt64(r.query.Get("page"))), Limit: int32(epInt64(r.query.Get("limit")))}
		if v := r.query.Get("contactName"); v != "" {
			params.ContactName = &v
		}
		_, err := c.finzly.SearchContactsWithResponse(ctx, r.pathParams["customerUID"], params, r.edit)
		return err
	}
	out = append(out, sc)

	gc := s.base(tb, "getContact", http.StatusOK)
	gc.valid = []epRequest{{name: "contact", pathParams: map[string]string{"customerUID": "112344", "contactUID": "88231"}}}
	gc.invalid = []epRequest{{name: "contact id outside the pattern", pathParams: map[string]string{"customerUID": "112344", "contactUID": "88 231"}}}
	gc.responses = epBroken(tb, 200, gc.okBody, "/data/name", 7)
	gc.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.GetContactWithResponse(ctx, r.pathParams["customerUID"], r.pathParams["contactUID"], r.edit)
		return err
	}
	out = append(out, gc)

	sa := s.base(tb, "searchAccounts", http.StatusOK)
	sa.valid = []epRequest{{name: "all accounts", pathParams: custUID}, {name: "by number", pathParams: custUID, query: url.Values{"accountNumber": {"4401928374"}}}}
	sa.invalid = []epRequest{{name: "account number too long", pathParams: custUID, query: url.Values{"accountNumber": {strings.Repeat("9", 36)}}}}
	sa.responses = epBroken(tb, 200, sa.okBody, "/data/0/enableWires", "yes")
	sa.send = func(ctx context.Context, c epClients, r epRequest) error {
		params := &finzly.SearchAccountsParams{}
		if v := r.query.Get("accountNumber"); v != "" {
			params.AccountNumber = &v
		}
		_, err := c.finzly.SearchAccountsWithResponse(ctx, r.pathParams["customerUID"], params, r.edit)
		return err
	}
	out = append(out, sa)

	ga := s.base(tb, "getAccount", http.StatusOK)
	ga.valid = []epRequest{{name: "account", pathParams: map[string]string{"customerUID": "112344", "accountUID": "100245"}}}
	ga.invalid = []epRequest{{name: "customer id too long", pathParams: map[string]string{"customerUID": strings.Repeat("1", 36), "accountUID": "100245"}}}
	ga.responses = epBroken(tb, 200, ga.okBody, "/data/accountUID", "100245")
	ga.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.GetAccountWithResponse(ctx, r.pathParams["customerUID"], r.pathParams["accountUID"], r.edit)
		return err
	}
	out = append(out, ga)
	return out
}

// epBankFixtures covers the bank directory.
func epBankFixtures(tb testing.TB, s epSpec) []epFixture {
	tb.Helper()
	var out []epFixture

	gb := s.base(tb, "getBankByRoutingNumber", http.StatusOK)
	gb.valid = []epRequest{{name: "routing number", pathParams: map[string]string{"routingNumber": "021000021"}}}
	gb.invalid = []epRequest{{name: "eight digits", pathParams: map[string]string{"routingNumber": "02100002"}}}
	gb.responses = epBroken(tb, 200, gb.okBody, "/routingNumber/deliveryMethods", "ACH")
	gb.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.GetBankByRoutingNumberWithResponse(ctx, r.pathParams["routingNumber"], r.edit)
		return err
	}
	out = append(out, gb)

	sb := s.base(tb, "searchBanksByRoutingNumber", http.StatusOK)
	sb.valid = []epRequest{{name: "prefix", pathParams: map[string]string{"routingNumber": "021"}}}
	sb.invalid = []epRequest{{name: "two digits", pathParams: map[string]string{"routingNumber": "02"}}, {name: "letters", pathParams: map[string]string{"routingNumber": "02A"}}}
	sb.responses = epBroken(tb, 200, sb.okBody, "/routingNumber", map[string]any{})
	sb.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.SearchBanksByRoutingNumberWithResponse(ctx, r.pathParams["routingNumber"], r.edit)
		return err
	}
	out = append(out, sb)

	banks := s.base(tb, "searchBanks", http.StatusOK)
	banks.valid = []epRequest{{name: "by BIC", query: url.Values{"bankId": {"COBADEFFXXX"}, "bankIdType": {"BIC"}}}}
	banks.invalid = []epRequest{
		{name: "bankIdType outside its enum", query: url.Values{"bankId": {"COBADEFFXXX"}, "bankIdType": {"SWIFT"}}},
		{name: "bankId missing", query: url.Values{"bankIdType": {"NID"}}},
	}
	banks.responses = epBroken(tb, 200, banks.okBody, "/data/deliveryMethods", "SWIFT")
	banks.send = func(ctx context.Context, c epClients, r epRequest) error {
		params := &finzly.SearchBanksParams{BankId: r.query.Get("bankId"), BankIdType: finzly.BankLookupIdType(r.query.Get("bankIdType"))}
		_, err := c.finzly.SearchBanksWithResponse(ctx, params, r.edit)
		return err
	}
	out = append(out, banks)
	return out
}

// epFXFixtures covers FX quotes and trades.
func epFXFixtures(tb testing.TB, s epSpec) []epFixture {
	tb.Helper()
	j := epJSONHeader()
	var out []epFixture

	quote := s.epBodyFixture(tb, "createFXQuote", http.StatusOK, nil, j, func(b []byte) []epRequest {
		return []epRequest{
			{name: "productType outside its enum", header: j, body: epSet(tb, b, "/productType", "SWAP")},
			{name: "buyCurrency missing", header: j, body: epDelete(tb, b, "/buyCurrency")},
		}
	})
	quote.responses = epBroken(tb, 200, quote.okBody, "/data/quoteAmount", "16342.50")
	quote.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.CreateFXQuoteWithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, quote)

	accept := s.epBodyFixture(tb, "acceptFXQuote", http.StatusOK, nil, j, func(b []byte) []epRequest {
		return []epRequest{
			{name: "quoteUUID missing", header: j, body: epDelete(tb, b, "/quoteUUID")},
			{name: "delay above 120", header: j, body: epSet(tb, b, "/autoCoverDelay", json.Number("121"))},
		}
	})
	accept.responses = epBroken(tb, 200, accept.okBody, "/data/forexContractNo", 5512093)
	accept.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.AcceptFXQuoteWithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	}
	out = append(out, accept)

	reject := s.base(tb, "rejectFXQuote", http.StatusOK)
	reject.valid = []epRequest{{name: "quote", pathParams: map[string]string{"quoteUUID": "0b6f1f5e-7c2a-4d8e-9a51-3f0c2b7d9e41"}}}
	reject.invalid = []epRequest{{name: "quote id with a slash", pathParams: map[string]string{"quoteUUID": "a/b"}}}
	reject.responses = epBroken(tb, 200, reject.okBody, "/data/quoteUUID", 1)
	reject.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.RejectFXQuoteWithResponse(ctx, r.pathParams["quoteUUID"], r.edit)
		return err
	}
	out = append(out, reject)

	trade := s.base(tb, "getFXTrade", http.StatusOK)
	trade.valid = []epRequest{{name: "contract", pathParams: map[string]string{"forexContractNo": "5512093"}}}
	trade.invalid = []epRequest{{name: "contract with letters", pathParams: map[string]string{"forexContractNo": "FX12"}}}
	trade.responses = epBroken(tb, 200, trade.okBody, "/data/baseAmount", "15000.00")
	trade.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.finzly.GetFXTradeWithResponse(ctx, r.pathParams["forexContractNo"], r.edit)
		return err
	}
	out = append(out, trade)

	return out
}

func epWebhookFixtures(tb testing.TB, s epSpec) []epFixture {
	tb.Helper()
	j := epJSONHeader()
	status := s.epBodyFixture(tb, "finzlyPaymentStatusWebhook", http.StatusOK, nil, j, func(b []byte) []epRequest {
		return []epRequest{
			{name: "paymentId as a string", header: j, body: epSet(tb, b, "/paymentId", "12930")},
			{name: "memoPostStatus outside its enum", header: j, body: epSet(tb, b, "/memoPostStatus", "DONE")},
		}
	})
	status.okBody = status.errBody // 200 has no body; the receiver's rejection does
	status.okStatus = http.StatusBadRequest
	status.responses = epBroken(tb, 400, status.errBody, "/status", "Nope")
	status.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.hooks.FinzlyPaymentStatusWebhookWithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	}
	tx := s.epBodyFixture(tb, "finzlyTransactionUpdateWebhook", http.StatusOK, nil, j, func(b []byte) []epRequest {
		return []epRequest{
			{name: "data missing", header: j, body: epDelete(tb, b, "/data")},
			{name: "amount as a number", header: j, body: epSet(tb, b, "/data/transactionAmount", json.Number("1.00"))},
		}
	})
	tx.okBody = tx.errBody
	tx.okStatus = http.StatusBadRequest
	tx.responses = epBroken(tb, 400, tx.errBody, "/message", 3)
	tx.send = func(ctx context.Context, c epClients, r epRequest) error {
		_, err := c.hooks.FinzlyTransactionUpdateWebhookWithBodyWithResponse(ctx, r.contentType(), r.reader(), r.edit)
		return err
	}
	return []epFixture{status, tx}
}

// epInt64 reads a decimal path or query value; a value that is not one
// becomes -1, which the spec refuses.
func epInt64(s string) int64 {
	var n int64
	if err := json.Unmarshal([]byte(s), &n); err != nil {
		return -1
	}
	return n
}
