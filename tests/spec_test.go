package tests

import (
	"context"
	"net/http"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/finzlywebhook"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/gen/redpinwebhook"
	"github.com/payspec/payspec/internal/spectest"
)

// operation is one row of the operation table every part of payspec uses.
type operation struct {
	provider api.Provider
	id       string
	method   string
	path     string
}

// operations are the operations of both specs, as the README lists them:
// ids, methods and paths.
var operations = []operation{
	{api.ProviderFinzly, "createCreditPaymentV3", http.MethodPost, "/v3/payments/creditrequest"},
	{api.ProviderFinzly, "createCreditPaymentV4", http.MethodPost, "/v4/payments/credit"},
	{api.ProviderFinzly, "createBookTransfer", http.MethodPost, "/v3/payments/booktransfer"},
	{api.ProviderFinzly, "getPayment", http.MethodGet, "/v3/payments/{paymentUID}"},
	{api.ProviderFinzly, "cancelPayment", http.MethodPut, "/v3/payments/{paymentUID}/cancel"},
	{api.ProviderFinzly, "searchPayments", http.MethodPost, "/v3/payments/search"},
	{api.ProviderFinzly, "createCreditPaymentV5", http.MethodPost, "/v5/payments/credit"},
	{api.ProviderFinzly, "createDebitPayment", http.MethodPost, "/v3/payments/debitrequest"},
	{api.ProviderFinzly, "returnPayment", http.MethodPut, "/v3/payments/{paymentUID}/return"},
	{api.ProviderFinzly, "reversePayment", http.MethodPut, "/v3/payments/{paymentUID}/reverse"},
	{api.ProviderFinzly, "createWaterfallTransfer", http.MethodPost, "/api/gateway/v1/payments/waterfall"},
	{api.ProviderFinzly, "skipNextRecurrence", http.MethodPut, "/v1/recurrences/{recurrenceId}"},
	{api.ProviderFinzly, "cancelRecurrence", http.MethodDelete, "/v1/recurrences/{recurrenceId}"},
	{api.ProviderFinzly, "updateRecurrence", http.MethodPatch, "/v1/recurrences/{recurrenceId}"},
	{api.ProviderFinzly, "createBeneficiary", http.MethodPost, "/v1/customers/{customerId}/beneficiary"},
	{api.ProviderFinzly, "updateBeneficiary", http.MethodPatch, "/v1/customers/{customerId}/beneficiary/{contactId}"},
	{api.ProviderFinzly, "searchContacts", http.MethodGet, "/v2/customers/{customerUID}/contacts"},
	{api.ProviderFinzly, "getContact", http.MethodGet, "/v2/customers/{customerUID}/contacts/{contactUID}"},
	{api.ProviderFinzly, "searchAccounts", http.MethodGet, "/v2/customers/{customerUID}/accounts"},
	{api.ProviderFinzly, "getAccount", http.MethodGet, "/v2/customers/{customerUID}/accounts/{accountUID}"},
	{api.ProviderFinzly, "getBankByRoutingNumber", http.MethodGet, "/v1/banks/{routingNumber}"},
	{api.ProviderFinzly, "searchBanksByRoutingNumber", http.MethodGet, "/v1/banks/search/{routingNumber}"},
	{api.ProviderFinzly, "searchBanks", http.MethodGet, "/v1/banks"},
	{api.ProviderFinzly, "createFXQuote", http.MethodPost, "/v2/fx/quote"},
	{api.ProviderFinzly, "acceptFXQuote", http.MethodPut, "/v2/fx/accept"},
	{api.ProviderFinzly, "rejectFXQuote", http.MethodPut, "/v2/fx/{quoteUUID}/reject"},
	{api.ProviderFinzly, "getFXTrade", http.MethodGet, "/v2/fx/{forexContractNo}"},
	{api.ProviderFinzly, "finzlyPaymentStatusWebhook", http.MethodPost, "/payments"},
	{api.ProviderFinzly, "finzlyTransactionUpdateWebhook", http.MethodPost, "/transaction/webhook"},
	{api.ProviderRedpin, "createPayment", http.MethodPost, "/v3/customers/{customer_id}/payments"},
	{api.ProviderRedpin, "getPaymentDetails", http.MethodGet, "/v3/customers/{customer_id}/payments/{payment_id}"},
	{api.ProviderRedpin, "getBankTransferInstructions", http.MethodGet, "/v3/customers/{customer_id}/payments/{payment_id}/bank-transfer-instructions"},
	{api.ProviderRedpin, "createQuote", http.MethodPost, "/v3/customers/{customer_id}/quotes"},
	{api.ProviderRedpin, "createRecipient", http.MethodPost, "/v2/customers/{customer_id}/recipients"},
	{api.ProviderRedpin, "listRecipients", http.MethodGet, "/v2/customers/{customer_id}/recipients"},
	{api.ProviderRedpin, "getRecipient", http.MethodGet, "/v2/customers/{customer_id}/recipients/{recipient_id}"},
	{api.ProviderRedpin, "updateRecipientAccount", http.MethodPut, "/v2/customers/{customer_id}/recipients/{recipient_id}"},
	{api.ProviderRedpin, "createThirdPartyCustomer", http.MethodPost, "/api/v1/customers/{customer_id}/third-parties"},
	{api.ProviderRedpin, "listCurrencies", http.MethodGet, "/v1/currencies"},
	{api.ProviderRedpin, "listTransactionPurposes", http.MethodGet, "/v1/transaction-purpose"},
	{api.ProviderRedpin, "createPaymentSession", http.MethodPost, "/v1/customers/{customer_id}/sessions"},
	{api.ProviderRedpin, "listPaymentSessions", http.MethodGet, "/v1/customers/{customer_id}/sessions"},
	{api.ProviderRedpin, "redpinPaymentStatusWebhook", http.MethodPost, "/webhooks/payment-status-updated"},
	{api.ProviderRedpin, "redpinPaymentStatusEnvelopeWebhook", http.MethodPost, "/webhooks/payments/payment-status-updated"},
	{api.ProviderRedpin, "redpinCustomerStatusWebhook", http.MethodPost, "/webhooks/customers/customer-status-updated"},
	{api.ProviderRedpin, "redpinThirdPartyCustomerStatusWebhook", http.MethodPost, "/webhooks/third-party-customer-status-updated"},
	{api.ProviderRedpin, "redpinThirdPartyCustomerStatusEnvelopeWebhook", http.MethodPost, "/webhooks/third-party-customers/third-party-customer-status-updated"},
}

func TestSpecsPassKinValidationWithFormats(t *testing.T) {
	for _, p := range api.Providers() {
		t.Run(string(p), func(t *testing.T) {
			doc := spectest.Load(t, p)
			assert.Equal(t, "3.0.3", doc.OpenAPI)
			err := doc.Validate(context.Background(),
				openapi3.EnableSchemaFormatValidation(),
				openapi3.EnableExamplesValidation(),
				openapi3.EnableSchemaDefaultsValidation(),
				openapi3.EnableSchemaPatternValidation())
			assert.NoError(t, err)
		})
	}
}

func TestSpecsDeclareExactlyTheOperationTable(t *testing.T) {
	want := map[api.Provider][]string{}
	for _, o := range operations {
		want[o.provider] = append(want[o.provider], o.method+" "+o.path+" "+o.id)
	}
	seen := map[string]api.Provider{}
	for _, p := range api.Providers() {
		doc := spectest.Load(t, p)
		var got []string
		for path, item := range doc.Paths.Map() {
			for method, op := range item.Operations() {
				got = append(got, method+" "+path+" "+op.OperationID)
				prev, dup := seen[op.OperationID]
				assert.False(t, dup, "operation id %s used by %s and %s", op.OperationID, prev, p)
				seen[op.OperationID] = p
			}
		}
		sort.Strings(got)
		sort.Strings(want[p])
		assert.Equal(t, want[p], got, "operations of %s", p)
	}
}

func TestSpecsDeclareOAuth2ClientCredentials(t *testing.T) {
	tokenURLs := map[api.Provider]string{
		api.ProviderFinzly: "https://sandbox-security-uat.finzly.io/auth/realms/BANKOS.UAT.SANDBOX.CUSTOMER/protocol/openid-connect/token",
		api.ProviderRedpin: "https://api.currenciesdirect.com/auth/oauth/v2/token",
	}
	for _, p := range api.Providers() {
		t.Run(string(p), func(t *testing.T) {
			doc := spectest.Load(t, p)
			require.Len(t, doc.Security, 1, "one global security requirement")
			var name string
			for n := range doc.Security[0] {
				name = n
			}
			scheme := doc.Components.SecuritySchemes[name]
			require.NotNil(t, scheme, "security scheme %q is declared", name)
			assert.Equal(t, "oauth2", scheme.Value.Type)
			require.NotNil(t, scheme.Value.Flows)
			require.NotNil(t, scheme.Value.Flows.ClientCredentials)
			assert.Equal(t, tokenURLs[p], scheme.Value.Flows.ClientCredentials.TokenURL)
			assert.NotEmpty(t, doc.Servers)
		})
	}
}

func TestFinzlyServersAreTenantTemplates(t *testing.T) {
	doc := spectest.Load(t, api.ProviderFinzly)
	require.NotEmpty(t, doc.Servers)
	for _, s := range doc.Servers {
		assert.Contains(t, s.URL, "{tenant}")
		require.Contains(t, s.Variables, "tenant")
		assert.Equal(t, "sandbox", s.Variables["tenant"].Default)
	}
	scheme := doc.Components.SecuritySchemes["oAuth2"].Value
	tmpl, ok := scheme.Extensions["x-token-url-template"].(map[string]any)
	require.True(t, ok, "per-tenant token URL template is declared")
	assert.Contains(t, tmpl["url"], "{realm}")
}

func TestV4DeclaresIdempotentKeyHeader(t *testing.T) {
	doc := spectest.Load(t, api.ProviderFinzly)
	op := doc.Paths.Find("/v4/payments/credit").Post
	require.NotNil(t, op)
	var found *openapi3.Parameter
	for _, p := range op.Parameters {
		if p.Value.Name == "Idempotent-Key" {
			found = p.Value
		}
	}
	require.NotNil(t, found, "Idempotent-Key is declared, spelled exactly so")
	assert.Equal(t, "header", found.In)
	assert.False(t, found.Required)
	assert.Equal(t, "uuid", found.Schema.Value.Format)
}

// TestVariantTitlesAreVisible checks that the "either in CRM or in full"
// alternatives keep the provider's titles and their required lists.
func TestVariantTitlesAreVisible(t *testing.T) {
	doc := spectest.Load(t, api.ProviderFinzly)
	tests := []struct {
		schema string
		want   map[string][]string
	}{
		{"CreditSender", map[string][]string{
			"Sender in CRM":     {"accountUID"},
			"Sender not in CRM": {"accountNumber", "accountType", "address", "bankId", "bankIdType", "entityType", "name"},
		}},
		{"CreditReceiver", map[string][]string{
			"Beneficiary in CRM":     {"beneficiaryId"},
			"Beneficiary not in CRM": {"accountCurrency", "accountNumber", "bank", "name"},
		}},
		{"ReceiverBank", map[string][]string{
			"Bank Identifier: NID":   {"bankId"},
			"Bank Identifier: SWIFT": {"swiftCode"},
		}},
		{"V5Sender", map[string][]string{
			"Sender in CRM":     {"accountUID"},
			"Sender not in CRM": {"accountNumber", "accountType", "bankId", "bankIdType", "entityType", "name"},
		}},
		{"PaymentCreditor", map[string][]string{
			"Creditor in CRM":     {"accountUID"},
			"Creditor not in CRM": {"accountNumber"},
		}},
		{"PaymentDebtor", map[string][]string{
			"Debtor in CRM":     {"accountUID"},
			"Debtor not in CRM": {"accountNumber"},
		}},
		{"V5Recurrence", map[string][]string{
			"Recurring Until Cancelled":          nil,
			"Recurring Until End Date":           {"endDate"},
			"Recurring for a Number of Payments": {"numberOfPayments"},
		}},
		{"CreditRecurrence", map[string][]string{
			"Recurring Until Cancelled":          nil,
			"Recurring Until End Date":           {"endDate"},
			"Recurring for a Number of Payments": {"numberOfPayments"},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.schema, func(t *testing.T) {
			ref := doc.Components.Schemas[tt.schema]
			require.NotNil(t, ref)
			branches := append(ref.Value.AnyOf, ref.Value.OneOf...)
			got := map[string][]string{}
			for _, b := range branches {
				req := append([]string(nil), b.Value.Required...)
				sort.Strings(req)
				got[b.Value.Title] = req
			}
			for title, req := range tt.want {
				sort.Strings(req)
				assert.Contains(t, got, title)
				assert.Equal(t, req, got[title], "required list of %q", title)
			}
		})
	}
}

// lookaround matches ECMA-262 constructs RE2 cannot run.
var lookaround = regexp.MustCompile(`\(\?[=!<]`)

// uEscape matches \uXXXX, which payspec's pattern compiler rewrites to RE2's
// \x{XXXX} (the shipped specs escape no backslash before a u).
var uEscape = regexp.MustCompile(`\\u([0-9A-Fa-f]{4})`)

func TestEveryPatternIsRE2(t *testing.T) {
	count := 0
	for _, p := range api.Providers() {
		doc := spectest.Load(t, p)
		walkSchemas(doc, func(loc string, s *openapi3.Schema) {
			if s.Pattern == "" {
				return
			}
			count++
			assert.NotRegexp(t, lookaround, s.Pattern, "%s %s", p, loc)
			_, err := regexp.Compile(uEscape.ReplaceAllString(s.Pattern, `\x{$1}`))
			assert.NoError(t, err, "%s %s", p, loc)
		})
	}
	assert.Greater(t, count, 30, "patterns were found")
}

func TestEveryPropertyIsDescribed(t *testing.T) {
	for _, p := range api.Providers() {
		doc := spectest.Load(t, p)
		walkSchemas(doc, func(loc string, s *openapi3.Schema) {
			for name, prop := range s.Properties {
				if prop.Ref != "" {
					assert.NotEmpty(t, prop.Value.Description, "%s %s/properties/%s (via %s)", p, loc, name, prop.Ref)
					continue
				}
				if isVariantOverride(prop.Value) {
					continue
				}
				assert.NotEmpty(t, strings.TrimSpace(prop.Value.Description), "%s %s/properties/%s", p, loc, name)
			}
		})
	}
}

// isVariantOverride reports a property inside an anyOf/oneOf branch that
// only narrows an enum (bankIdType: [NID]); it is described where defined.
func isVariantOverride(s *openapi3.Schema) bool {
	return s.Type == nil && len(s.Enum) > 0 && s.Description == ""
}

func TestEveryOperationBodyHasAnExample(t *testing.T) {
	for _, p := range api.Providers() {
		doc := spectest.Load(t, p)
		have := map[string]bool{}
		for _, e := range spectest.Examples(t, p) {
			switch e.Kind {
			case spectest.KindRequest:
				have[e.OperationID+" request"] = true
			case spectest.KindResponse:
				have[e.OperationID+" "+e.Status] = true
			case spectest.KindSchema:
				have["#/components/schemas/"+e.Schema] = true
			}
		}
		for path, item := range doc.Paths.Map() {
			for _, op := range item.Operations() {
				if rb := op.RequestBody; rb != nil {
					mt := rb.Value.Content.Get("application/json")
					require.NotNil(t, mt, "%s request", op.OperationID)
					assert.True(t, have[op.OperationID+" request"] || have[mt.Schema.Ref],
						"%s %s: request body has no example", p, op.OperationID)
				}
				for status, resp := range op.Responses.Map() {
					mt := resp.Value.Content.Get("application/json")
					if mt == nil {
						continue
					}
					assert.True(t, have[op.OperationID+" "+status] || have[mt.Schema.Ref],
						"%s %s %s %s: response body has no example", p, path, op.OperationID, status)
				}
			}
		}
	}
}

func TestEveryExampleValidatesAgainstItsSchema(t *testing.T) {
	for _, p := range api.Providers() {
		doc := spectest.Load(t, p)
		examples := spectest.Examples(t, p)
		require.NotEmpty(t, examples)
		for _, e := range examples {
			t.Run(e.String(), func(t *testing.T) {
				schema := spectest.SchemaRef(t, doc, e).Value
				v, err := spectest.Decode(e.JSON)
				require.NoError(t, err)
				assert.NoError(t, schema.VisitJSON(v, openapi3.MultiErrors()))
			})
		}
	}
}

// walkSchemas visits every component schema and, depth first, every inline
// schema below it (properties, items, allOf/anyOf/oneOf branches).
func walkSchemas(doc *openapi3.T, visit func(loc string, s *openapi3.Schema)) {
	var walk func(loc string, ref *openapi3.SchemaRef, top bool)
	walk = func(loc string, ref *openapi3.SchemaRef, top bool) {
		if ref == nil || ref.Value == nil || (ref.Ref != "" && !top) {
			return
		}
		s := ref.Value
		visit(loc, s)
		for name, p := range s.Properties {
			walk(loc+"/properties/"+name, p, false)
		}
		walk(loc+"/items", s.Items, false)
		for i, b := range s.AllOf {
			walk(loc+"/allOf/"+strconv.Itoa(i), b, false)
		}
		for i, b := range s.AnyOf {
			walk(loc+"/anyOf/"+strconv.Itoa(i), b, false)
		}
		for i, b := range s.OneOf {
			walk(loc+"/oneOf/"+strconv.Itoa(i), b, false)
		}
	}
	for name, ref := range doc.Components.Schemas {
		walk("/components/schemas/"+name, ref, true)
	}
	for _, name := range sortedKeys(doc.Components.Parameters) {
		p := doc.Components.Parameters[name]
		walk("/components/parameters/"+name+"/schema", p.Value.Schema, false)
	}
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// TestGeneratedPackagesEmbedTheSpec checks that the spec embedded in each
// generated package loads, validates and declares the operations and
// schemas of the one in api/ that the package was generated for: Redpin's
// operations tagged webhooks, with their payloads, only in gen/redpinwebhook
// and every other one only in gen/redpin.
func TestGeneratedPackagesEmbedTheSpec(t *testing.T) {
	embedded := map[api.Provider][]func() (*openapi3.T, error){
		api.ProviderFinzly: {finzly.GetSwagger, finzlywebhook.GetSwagger},
		api.ProviderRedpin: {redpin.GetSwagger, redpinwebhook.GetSwagger},
	}
	for _, p := range api.Providers() {
		t.Run(string(p), func(t *testing.T) {
			want := spectest.Load(t, p)
			webhooks := webhookOperations(t, want)
			// The generator rewrites operation ids into Go names, so
			// operations are matched by method and path.
			ids := map[string]string{}
			for path, item := range want.Paths.Map() {
				for method, op := range item.Operations() {
					ids[method+" "+path] = op.OperationID
				}
			}
			opsSeen, schemasSeen := map[string]int{}, map[string]bool{}
			for i, load := range embedded[p] {
				doc, err := load()
				require.NoError(t, err)
				require.NoError(t, doc.Validate(context.Background(), openapi3.EnableSchemaFormatValidation()))
				assert.ElementsMatch(t, want.Paths.InMatchingOrder(), doc.Paths.InMatchingOrder())
				receiver := i == 1 // gen/finzlywebhook, gen/redpinwebhook
				for path, item := range doc.Paths.Map() {
					for method := range item.Operations() {
						id := ids[method+" "+path]
						require.NotEmpty(t, id, "%s %s is not in the spec", method, path)
						opsSeen[id]++
						assert.Equal(t, receiver, webhooks[id], "%s is generated into the package of its kind", id)
					}
				}
				for name := range doc.Components.Schemas {
					schemasSeen[name] = true
				}
			}
			for _, id := range ids {
				assert.Equal(t, 1, opsSeen[id], "%s is in exactly one generated package", id)
			}
			assert.Len(t, schemasSeen, len(want.Components.Schemas), "the packages together hold every schema")
		})
	}
}

// TestFinzlyWebhookPayloadsLiveOnlyInTheReceiverPackage checks the
// pruning of gen/finzlywebhook: webhook payloads are only there, API
// payloads only in gen/finzly.
func TestFinzlyWebhookPayloadsLiveOnlyInTheReceiverPackage(t *testing.T) {
	apiDoc, err := finzly.GetSwagger()
	require.NoError(t, err)
	hooks, err := finzlywebhook.GetSwagger()
	require.NoError(t, err)
	for _, name := range []string{"PaymentStatusEvent", "TransactionUpdateEvent"} {
		assert.Contains(t, hooks.Components.Schemas, name)
		assert.NotContains(t, apiDoc.Components.Schemas, name, "gen/finzly holds no webhook payload")
	}
	assert.NotContains(t, hooks.Components.Schemas, "CreditPaymentInstruction", "gen/finzlywebhook holds no API payload")
}

// TestWebhookPayloadsLiveOnlyInTheReceiverPackage checks the pruning: a
// payload schema used only by webhook operations is absent from gen/redpin,
// and the webhook package holds no API-only schema.
func TestWebhookPayloadsLiveOnlyInTheReceiverPackage(t *testing.T) {
	apiDoc, err := redpin.GetSwagger()
	require.NoError(t, err)
	receiver, err := redpinwebhook.GetSwagger()
	require.NoError(t, err)
	for _, name := range []string{"PaymentStatusEvent", "PaymentStatusEnvelopeEvent", "CustomerStatusEvent",
		"ThirdPartyCustomerStatusEvent", "ThirdPartyCustomerStatusEnvelopeEvent"} {
		assert.Contains(t, receiver.Components.Schemas, name)
		assert.NotContains(t, apiDoc.Components.Schemas, name)
	}
	for _, name := range []string{"CreatePaymentRequest", "CreateRecipientRequest", "Recipient", "Quote"} {
		assert.Contains(t, apiDoc.Components.Schemas, name)
		assert.NotContains(t, receiver.Components.Schemas, name)
	}
	for _, shared := range []string{"Amount", "Error", "TypedError", "RecipientCheck"} {
		assert.Contains(t, apiDoc.Components.Schemas, shared)
		assert.Contains(t, receiver.Components.Schemas, shared)
	}
}

// TestWebhookOperations checks what every webhook operation declares: the
// tag that routes it to gen/redpinwebhook, no OAuth (Redpin calls the
// partner), a JSON body, the 200 acknowledgement, and the 400 and 500 a
// payspec receiver answers an event that breaks the spec, or its own
// failure, with.
func TestWebhookOperations(t *testing.T) {
	doc := spectest.Load(t, api.ProviderRedpin)
	webhooks := webhookOperations(t, doc)
	require.Len(t, webhooks, 5)
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			if !webhooks[op.OperationID] {
				assert.False(t, strings.HasPrefix(path, "/webhooks/"), "%s sits under /webhooks/ without the webhooks tag", op.OperationID)
				continue
			}
			assert.Equal(t, http.MethodPost, method, op.OperationID)
			assert.True(t, strings.HasPrefix(path, "/webhooks/"), op.OperationID)
			assert.Equal(t, []string{"webhooks"}, op.Tags, op.OperationID)
			require.NotNil(t, op.Security, op.OperationID)
			assert.Empty(t, *op.Security, "%s needs no OAuth token", op.OperationID)
			require.NotNil(t, op.RequestBody, op.OperationID)
			assert.True(t, op.RequestBody.Value.Required, op.OperationID)
			assert.NotNil(t, op.Responses.Status(200), op.OperationID)
			assert.NotNil(t, op.Responses.Status(400), op.OperationID)
			assert.NotNil(t, op.Responses.Status(500), op.OperationID)
		}
	}
}

// webhookOperations returns the ids of the operations tagged webhooks.
func webhookOperations(t *testing.T, doc *openapi3.T) map[string]bool {
	t.Helper()
	out := map[string]bool{}
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			for _, tag := range op.Tags {
				if tag == "webhooks" {
					out[op.OperationID] = true
				}
			}
		}
	}
	return out
}
