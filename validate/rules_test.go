package validate_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate"
	"github.com/payspec/payspec/validate/rules"
)

// onDecember1 fixes the engine's clock on Tuesday 1 December 2026.
var onDecember1 = validate.WithClock(func() time.Time { return time.Date(2026, 12, 1, 15, 0, 0, 0, time.UTC) })

func TestRulesRunAfterTheSchema(t *testing.T) {
	e := newEngine(t, onDecember1)
	// Fedwire on Christmas with a 20-character reference: schema-valid,
	// refused by the rules.
	body := v4With(t, "paymentDate", "12-25-2026")
	ps := validateV4(t, e, body)
	assert.Contains(t, findings(ps), errorAt("/paymentDate", rules.RuleDateNotBusinessDay))

	// WithoutRules turns them off.
	assert.Empty(t, validateV4(t, newEngine(t, onDecember1, validate.WithoutRules()), body))
}

// TestOneRound: the rules run whenever the body fits the generated type, so
// that schema and rule problems arrive together; only a body that does not
// fit skips them, and a final info says so.
func TestOneRound(t *testing.T) {
	e := newEngine(t, onDecember1)
	christmas := v4With(t, "paymentDate", "12-25-2026")
	info := func(ptr string) finding { return finding{ptr, validate.CodeRulesSkipped, validate.SeverityInfo} }
	for _, tc := range []struct {
		name   string
		engine *validate.Engine
		body   []byte
		want   []finding
	}{
		{"an undeclared member under strict", newEngine(t, onDecember1, validate.WithStrict(true)),
			mergeV4(t, christmas, "memo", "x"),
			[]finding{errorAt("/memo", validate.CodeUnknownProperty), errorAt("/paymentDate", rules.RuleDateNotBusinessDay)}},
		{"a pattern problem", e, mergeV4(t, christmas, "externalReferenceId", "INV/77812"),
			[]finding{errorAt("/externalReferenceId", validate.CodePattern), errorAt("/paymentDate", rules.RuleDateNotBusinessDay)}},
		{"a length problem", e, mergeV4(t, christmas, "paymentNotes", longNote),
			[]finding{errorAt("/paymentDate", rules.RuleDateNotBusinessDay), errorAt("/paymentNotes", validate.CodeMaxLength)}},
		{"a rule finding where the schema already reported one is dropped", e, v4With(t, "paymentDate", "2026-12-25"),
			[]finding{errorAt("/paymentDate", validate.CodePattern)}},
		{"a value that does not fit the type", e, mergeV4(t, christmas, "paymentAmount", "1234567.89"),
			[]finding{errorAt("/paymentAmount", validate.CodeType), info("/paymentAmount")}},
		{"a body that is not JSON", e, []byte(`{"speed":`),
			[]finding{errorAt("/speed", validate.CodeInvalidJSON), info("")}},
		{"no note without rules", newEngine(t, onDecember1, validate.WithoutRules()), mergeV4(t, christmas, "paymentAmount", "1"),
			[]finding{errorAt("/paymentAmount", validate.CodeType)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			assert.Equal(t, tc.want, findings(validateV4(t, tc.engine, tc.body)))
		})
	}
}

// TestRulesNoteNamesTheKindOfValue: the note that the rules were skipped
// says what kind of JSON value the member takes, read from the generated
// type: an enum of strings wants a string, not an object.
func TestRulesNoteNamesTheKindOfValue(t *testing.T) {
	e := newEngine(t, onDecember1)
	recipient := func(own string) []byte {
		return []byte(`{"name":"Ahmed Al Mansoori","type":"Individual","country_code":"ARE","customer_own_account":` + own +
			`,"address":{"address_line":"Office 2101","city":"Dubai"},"recipient_bank_details":{"currency":"AED","iban":"AE070331234567890123456"}}`)
	}
	for _, tc := range []struct {
		name, body, pointer, want string
	}{
		{"an enum of strings given true", string(recipient("true")), "/customer_own_account", "a string"},
		{"an enum of strings given an object", string(recipient(`{"own":"no"}`)), "/customer_own_account", "a string"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ps, err := e.ValidateRequest(context.Background(), "createRecipient", validate.Request{Header: jsonHeader(),
				PathParams: map[string]string{"customer_id": "CUST-0048213"}, Body: []byte(tc.body)})
			require.NoError(t, err)
			require.Len(t, ps.Infos(), 1)
			note := ps.Infos()[0]
			assert.Equal(t, validate.CodeRulesSkipped, note.Code)
			assert.Equal(t, tc.pointer, note.Pointer)
			assert.True(t, strings.HasSuffix(note.Message, "once this value is "+tc.want), note.Message)
		})
	}
}

func TestRulesNoteComesLastAndWithinTheBudget(t *testing.T) {
	// Five faults and an amount that does not fit: with a budget of 3 the
	// note is counted by the marker; with room, it precedes nothing.
	body := `{"paymentAmount":"1","speed":"Express!","externalReferenceId":"a/b","paymentDate":"x","paymentCurrency":"usd1"}`
	small := newEngine(t, onDecember1, validate.WithMaxProblems(3))
	ps := validateV4(t, small, []byte(body))
	require.Len(t, ps, 4)
	assert.Equal(t, validate.CodeTooManyProblems, ps[3].Code)
	assert.Equal(t, 1, ps.Omitted().Warnings, "the note is counted with the warnings left out")
	for _, p := range ps[:3] {
		assert.NotEqual(t, validate.CodeRulesSkipped, p.Code)
	}

	ps = validateV4(t, newEngine(t, onDecember1), []byte(body))
	last := ps[len(ps)-1]
	assert.Equal(t, validate.CodeRulesSkipped, last.Code)
	assert.Equal(t, validate.SeverityInfo, last.Severity)
	assert.Equal(t, "/paymentAmount", last.Pointer)
	assert.Contains(t, last.Message, "rail rules were not run")
	assert.Len(t, ps.Infos(), 1)
}

func TestRulesNoteOnlyForOperationsWithRules(t *testing.T) {
	e := newEngine(t, onDecember1)
	ps, err := e.ValidateResponse(context.Background(), "createCreditPaymentV4",
		validate.Response{Status: 200, Header: jsonHeader(), Body: []byte(`{"data":`)})
	require.NoError(t, err)
	assert.Empty(t, ps.Infos(), "responses have no rail rules")
	ps, err = e.ValidateRequest(context.Background(), "createCreditPaymentV4", validate.Request{Header: jsonHeader()})
	require.NoError(t, err)
	assert.Empty(t, ps.Infos(), "a missing body is reported as such, not as skipped rules")
}

func TestRulesAndSchemaWarningsComeTogetherInPointerOrder(t *testing.T) {
	e := newEngine(t, onDecember1)
	body := mergeV4(t, v4With(t, "memo", "x"), "externalReferenceId", "INV-77812-ABCDEFGHIJ")
	body = mergeV4(t, body, "paymentDate", "12-15-2026")
	ps := validateV4(t, e, body)
	assert.Equal(t, []finding{
		warningAt("/externalReferenceId", rules.RuleFedwireReference),
		warningAt("/memo", validate.CodeUnknownProperty),
	}, findings(ps))
	assert.False(t, ps.HasErrors())
}

func TestTodayComesFromTheClock(t *testing.T) {
	body := v4With(t, "paymentDate", "12-02-2026")
	assert.Empty(t, validateV4(t, newEngine(t, onDecember1), body))
	later := validate.WithClock(func() time.Time { return time.Date(2026, 12, 3, 15, 0, 0, 0, time.UTC) })
	assert.Contains(t, findings(validateV4(t, newEngine(t, later), body)), errorAt("/paymentDate", rules.RuleDatePast))
}

func TestRulesConfigurationAndLookups(t *testing.T) {
	cfg, err := rules.LoadConfig([]byte("severities:\n  DATE_NOT_BUSINESS_DAY: warning\n"))
	require.NoError(t, err)
	checker, err := rules.New(cfg)
	require.NoError(t, err)
	e := newEngine(t, onDecember1, validate.WithRules(checker),
		validate.WithFXTrades(func(contract string) (rules.FXTrade, bool) {
			return rules.FXTrade{Amount: money.MustParse("1000.00"), Currency: "USD"}, contract == "778899"
		}))
	body := mergeV4(t, v4With(t, "paymentDate", "12-25-2026"), "additionalInfo", map[string]any{"fxContractNumber": "778899"})
	got := findings(validateV4(t, e, body))
	assert.Contains(t, got, warningAt("/paymentDate", rules.RuleDateNotBusinessDay))
	assert.Contains(t, got, errorAt("/paymentAmount", rules.RuleFXAmount))
}

func TestRedpinFundingCurrency(t *testing.T) {
	e := newEngine(t, onDecember1, validate.WithFundingCurrencies(func(customer string) (string, bool) {
		return "EUR", customer == "C-100245"
	}))
	body := []byte(`{"amount":{"currency":"GBP","value":100.00},"purpose_of_transaction":"INVOICE_PAYMENT",` +
		`"recipient_details":[{"recipient_id":"R-1","amount":{"currency":"GBP","value":100.00}}]}`)
	validateFor := func(customer string) []finding {
		ps, err := e.ValidateRequest(context.Background(), "createPayment", validate.Request{
			PathParams: map[string]string{"customer_id": customer}, Header: jsonHeader(), Body: body,
		})
		require.NoError(t, err)
		return findings(ps)
	}
	assert.Equal(t, []finding{errorAt("/quote_id", rules.RuleQuoteRequired)}, validateFor("C-100245"))
	assert.Empty(t, validateFor("C-999"), "unknown funding currency: not checked")
}

func TestRedpinFundingCurrencyFromConfiguration(t *testing.T) {
	cfg, err := rules.LoadConfig([]byte("fundingCurrencies:\n  \"*\": EUR\n"))
	require.NoError(t, err)
	checker, err := rules.New(cfg)
	require.NoError(t, err)
	e := newEngine(t, onDecember1, validate.WithRules(checker))
	body := []byte(`{"amount":{"currency":"GBP","value":100.00},"purpose_of_transaction":"INVOICE_PAYMENT",` +
		`"recipient_details":[{"recipient_id":"R-1","amount":{"currency":"GBP","value":100.00}}]}`)
	ps, err := e.ValidateRequest(context.Background(), "createPayment", validate.Request{
		PathParams: map[string]string{"customer_id": "C-1"}, Header: jsonHeader(), Body: body,
	})
	require.NoError(t, err)
	assert.Equal(t, []finding{errorAt("/quote_id", rules.RuleQuoteRequired)}, findings(ps), "no lookup needed")
}

func TestRedpinCoPAnswers(t *testing.T) {
	answer := rules.CoPAnswer{Code: "ANNM", Checks: []redpin.RecipientCheck{{RequestIdentifier: "123456789", EventId: "AG-1"}}}
	e := newEngine(t, onDecember1, validate.WithCoPAnswers(func(customer, event string) (rules.CoPAnswer, bool) {
		return answer, customer == "C-1" && event == "AG-1"
	}))
	retry := func(event string) []finding {
		body := []byte(`{"amount":{"currency":"GBP","value":100.00},"purpose_of_transaction":"INVOICE_PAYMENT",` +
			`"recipient_details":[{"recipient_id":"R-1","amount":{"currency":"GBP","value":100.00}}],` +
			`"confirm_recipient":{"request_identifier":"123456789","event_id":"` + event + `","customer_action":"OVERRIDE"}}`)
		ps, err := e.ValidateRequest(context.Background(), "createPayment", validate.Request{
			PathParams: map[string]string{"customer_id": "C-1"}, Header: jsonHeader(), Body: body,
		})
		require.NoError(t, err)
		return findings(ps)
	}
	assert.Empty(t, retry("AG-1"), "a retry of the answer received")
	assert.Equal(t, []finding{errorAt("/confirm_recipient/event_id", rules.RuleConfirmRecipient)}, retry("AG-2"))
}

// mergeV4 sets one root member of a v4 body.
func mergeV4(tb testing.TB, body []byte, member string, value any) []byte {
	tb.Helper()
	var m map[string]any
	require.NoError(tb, json.Unmarshal(body, &m))
	m[member] = value
	out, err := json.Marshal(m)
	require.NoError(tb, err)
	return out
}

// TestRulesAtEveryEntryPoint sends a schema-valid, rule-invalid payment
// through the middleware and the client Doer: both refuse it with the rule
// problems the function reports.
func TestRulesAtEveryEntryPoint(t *testing.T) {
	e := newEngine(t, onDecember1)
	body := v4With(t, "paymentDate", "12-25-2026") // Fedwire on Christmas Day
	want := validateV4(t, e, body)
	require.True(t, want.HasErrors())

	handlerRan := false
	srv := httptest.NewServer(e.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		handlerRan = true
	})))
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/v4/payments/credit", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
	assert.False(t, handlerRan)
	var envelope struct {
		Errors []struct{ Code, Message string } `json:"errors"`
	}
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&envelope))
	require.NotEmpty(t, envelope.Errors)
	assert.Equal(t, rules.RuleDateNotBusinessDay, envelope.Errors[0].Code)

	doer := &validate.Doer{Engine: e, Next: srv.Client()}
	req, err := http.NewRequest(http.MethodPost, srv.URL+"/v4/payments/credit", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	_, err = doer.Do(req)
	var rejected *validate.RequestError
	require.ErrorAs(t, err, &rejected)
	assert.Equal(t, want, rejected.Problems)
	assert.False(t, handlerRan)
}
