package tests

import (
	"context"
	"net/http"
	"regexp"
	"slices"
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
	"github.com/payspec/payspec/internal/spectest"
)

// operation is one row of the operation table every part of payspec uses.
type operation struct {
	provider api.Provider
	id       string
	method   string
	path     string
}

// operations is the table of decisions.md, and the Finzly operations added
// after it: ids, methods and paths.
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

// uEscape matches \uXXXX, which kin-openapi rewrites to RE2's \x{XXXX}.
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
// generated package loads, validates and declares the same operations as
// the one in api/.
func TestGeneratedPackagesEmbedTheSpec(t *testing.T) {
	embedded := map[api.Provider]func() (*openapi3.T, error){
		api.ProviderFinzly: finzly.GetSwagger,
		api.ProviderRedpin: redpin.GetSwagger,
	}
	for _, p := range api.Providers() {
		t.Run(string(p), func(t *testing.T) {
			doc, err := embedded[p]()
			require.NoError(t, err)
			require.NoError(t, doc.Validate(context.Background(), openapi3.EnableSchemaFormatValidation()))
			want := spectest.Load(t, p)
			ops, schemas := operationIDs(doc), sortedKeys(doc.Components.Schemas)
			if p == api.ProviderFinzly {
				// The webhook operations, and the schemas only they use, are
				// embedded in gen/finzlywebhook instead; each package's
				// embedded document keeps only its own operations (and every
				// path, some then without operations).
				hooks, err := finzlywebhook.GetSwagger()
				require.NoError(t, err)
				require.NoError(t, hooks.Validate(context.Background(), openapi3.EnableSchemaFormatValidation()))
				for _, op := range operationsOf(doc) {
					assert.NotContains(t, op.Tags, "webhooks", "gen/finzly embeds no webhook operation (%s)", op.OperationID)
				}
				for _, op := range operationsOf(hooks) {
					assert.Equal(t, []string{"webhooks"}, op.Tags, "gen/finzlywebhook embeds only webhook operations (%s)", op.OperationID)
				}
				assert.Len(t, operationsOf(hooks), 2)
				// Pruning puts each payload where it is used.
				assert.NotContains(t, schemas, "PaymentStatusEvent", "gen/finzly holds no webhook payload")
				assert.Contains(t, hooks.Components.Schemas, "PaymentStatusEvent")
				assert.Contains(t, hooks.Components.Schemas, "TransactionUpdateEvent")
				assert.NotContains(t, hooks.Components.Schemas, "CreditPaymentInstruction", "gen/finzlywebhook holds no API payload")
				ops = append(ops, operationIDs(hooks)...)
				for _, name := range sortedKeys(hooks.Components.Schemas) {
					if !slices.Contains(schemas, name) {
						schemas = append(schemas, name)
					}
				}
			}
			assert.ElementsMatch(t, operationIDs(want), ops)
			assert.ElementsMatch(t, sortedKeys(want.Components.Schemas), schemas)
		})
	}
}

// operationIDs lists the operation ids of a document, first letter in
// lower case (oapi-codegen embeds them as Go names: CreatePayment).
func operationIDs(doc *openapi3.T) []string {
	var out []string
	for _, op := range operationsOf(doc) {
		id := op.OperationID
		if id != "" {
			id = strings.ToLower(id[:1]) + id[1:]
		}
		out = append(out, id)
	}
	return out
}

// operationsOf lists every operation of a document.
func operationsOf(doc *openapi3.T) []*openapi3.Operation {
	var out []*openapi3.Operation
	for _, item := range doc.Paths.Map() {
		for _, op := range item.Operations() {
			out = append(out, op)
		}
	}
	return out
}
