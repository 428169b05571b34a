package tests

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/internal/spectest"
	"github.com/payspec/payspec/money"
)

// finzlyTypes maps every Finzly component schema to its generated Go type.
var finzlyTypes = map[string]func() any{
	"AdditionalInfoCreditPayment": func() any { return new(finzly.AdditionalInfoCreditPayment) },
	"AddressFields":               func() any { return new(finzly.AddressFields) },
	"Bank":                        func() any { return new(finzly.Bank) },
	"BankAddress":                 func() any { return new(finzly.BankAddress) },
	"BenefitReceiver":             func() any { return new(finzly.BenefitReceiver) },
	"BookTransferAccount":         func() any { return new(finzly.BookTransferAccount) },
	"BookTransferAccountFields":   func() any { return new(finzly.BookTransferAccountFields) },
	"BookTransferAdditionalInfo":  func() any { return new(finzly.BookTransferAdditionalInfo) },
	"BookTransferRequest":         func() any { return new(finzly.BookTransferRequest) },
	"BookTransferResponse":        func() any { return new(finzly.BookTransferResponse) },
	"CancelPaymentRequest":        func() any { return new(finzly.CancelPaymentRequest) },
	"CancellationResponse":        func() any { return new(finzly.CancellationResponse) },
	"CreditAdditionalInfo":        func() any { return new(finzly.CreditAdditionalInfo) },
	"CreditFee":                   func() any { return new(finzly.CreditFee) },
	"CreditPaymentInstruction":    func() any { return new(finzly.CreditPaymentInstruction) },
	"CreditPaymentRequest":        func() any { return new(finzly.CreditPaymentRequest) },
	"CreditReceiver":              func() any { return new(finzly.CreditReceiver) },
	"CreditReceiverFields":        func() any { return new(finzly.CreditReceiverFields) },
	"CreditRecurrence":            func() any { return new(finzly.CreditRecurrence) },
	"CreditSender":                func() any { return new(finzly.CreditSender) },
	"CreditSenderFields":          func() any { return new(finzly.CreditSenderFields) },
	"FailureResponse":             func() any { return new(finzly.FailureResponse) },
	"FedWireDetails":              func() any { return new(finzly.FedWireDetails) },
	"FeeDetail":                   func() any { return new(finzly.FeeDetail) },
	"GetPaymentData":              func() any { return new(finzly.GetPaymentData) },
	"IntermediaryBank":            func() any { return new(finzly.IntermediaryBank) },
	"IntermediaryBankFields":      func() any { return new(finzly.IntermediaryBankFields) },
	"InternalError":               func() any { return new(finzly.InternalError) },
	"InternalErrors":              func() any { return new(finzly.InternalErrors) },
	"Pagination":                  func() any { return new(finzly.Pagination) },
	"PaymentAddressFields":        func() any { return new(finzly.PaymentAddressFields) },
	"PaymentFee":                  func() any { return new(finzly.PaymentFee) },
	"PaymentReceiver":             func() any { return new(finzly.PaymentReceiver) },
	"PaymentReceiverFields":       func() any { return new(finzly.PaymentReceiverFields) },
	"PaymentRecordResponse":       func() any { return new(finzly.PaymentRecordResponse) },
	"PaymentRecurrence":           func() any { return new(finzly.PaymentRecurrence) },
	"PaymentResponse":             func() any { return new(finzly.PaymentResponse) },
	"PaymentResponseData":         func() any { return new(finzly.PaymentResponseData) },
	"PaymentSearch":               func() any { return new(finzly.PaymentSearch) },
	"PaymentSearchResponse":       func() any { return new(finzly.PaymentSearchResponse) },
	"PaymentSender":               func() any { return new(finzly.PaymentSender) },
	"PaymentSenderFields":         func() any { return new(finzly.PaymentSenderFields) },
	"ReceiverAddress":             func() any { return new(finzly.ReceiverAddress) },
	"ReceiverBank":                func() any { return new(finzly.ReceiverBank) },
	"ReceiverBankFields":          func() any { return new(finzly.ReceiverBankFields) },
	"ReceiverOrDebtorAddress":     func() any { return new(finzly.ReceiverOrDebtorAddress) },
	"RecurrenceData":              func() any { return new(finzly.RecurrenceData) },
	"RecurrenceFields":            func() any { return new(finzly.RecurrenceFields) },
	"SearchPaymentData":           func() any { return new(finzly.SearchPaymentData) },
	"SenderAddress":               func() any { return new(finzly.SenderAddress) },
	"SenderOrCreditAddress":       func() any { return new(finzly.SenderOrCreditAddress) },
	"UnstructuredAddendaInfo":     func() any { return new(finzly.UnstructuredAddendaInfo) },
	"V4Error":                     func() any { return new(finzly.V4Error) },
	"V4PaymentData":               func() any { return new(finzly.V4PaymentData) },
	"V4PaymentResponse":           func() any { return new(finzly.V4PaymentResponse) },
}

// generatedTypes returns the schema-name-to-Go-type table of a provider.
func generatedTypes(p api.Provider) map[string]func() any {
	switch p {
	case api.ProviderFinzly:
		return finzlyTypes
	case api.ProviderRedpin:
		return redpinTypes
	}
	return nil
}

func TestEveryComponentSchemaHasAGeneratedType(t *testing.T) {
	for _, p := range api.Providers() {
		doc := spectest.Load(t, p)
		types := generatedTypes(p)
		for name := range doc.Components.Schemas {
			assert.Contains(t, types, name, "%s schema %s is missing from the type table", p, name)
		}
		for name := range types {
			assert.Contains(t, doc.Components.Schemas, name, "%s type table names unknown schema %s", p, name)
		}
	}
}

// TestEveryExampleRoundTripsThroughItsGeneratedType decodes each example
// into its generated Go type, refusing any member the type does not know,
// encodes it again and requires the same JSON back, numbers as written.
func TestEveryExampleRoundTripsThroughItsGeneratedType(t *testing.T) {
	total := 0
	for _, p := range api.Providers() {
		doc := spectest.Load(t, p)
		types := generatedTypes(p)
		for _, e := range spectest.Examples(t, p) {
			t.Run(e.String(), func(t *testing.T) {
				name := exampleSchemaName(t, doc, e)
				newT, ok := types[name]
				require.True(t, ok, "no generated type for schema %s", name)
				v := newT()
				dec := json.NewDecoder(bytes.NewReader(e.JSON))
				dec.DisallowUnknownFields()
				require.NoError(t, dec.Decode(v), "example decodes into %T with no unknown member", v)
				out, err := json.Marshal(v)
				require.NoError(t, err)
				same, diff, err := spectest.EquivalentJSON(e.JSON, out)
				require.NoError(t, err)
				assert.True(t, same, "round trip through %T changed the example:\n%s", v, diff)
			})
			total++
		}
	}
	assert.Greater(t, total, 60, "examples found")
}

// exampleSchemaName returns the component schema an example is written for.
func exampleSchemaName(t *testing.T, doc *openapi3.T, e spectest.Example) string {
	t.Helper()
	if e.Kind == spectest.KindSchema {
		return e.Schema
	}
	ref := exampleSchemaRef(t, doc, e).Ref
	require.NotEmpty(t, ref, "%s body schemas are components", e)
	return strings.TrimPrefix(ref, "#/components/schemas/")
}

func TestAmountRoundTripsByteForByte(t *testing.T) {
	in := []byte(`{"externalReferenceId":"INV-1","paymentAmount":1234567.89,"paymentCurrency":"USD",` +
		`"sender":{"accountUID":100245},"speed":"Express","fee":{"amount":25.00}}`)
	var p finzly.CreditPaymentInstruction
	require.NoError(t, json.Unmarshal(in, &p))
	assert.Equal(t, "1234567.89", p.PaymentAmount.String())
	assert.True(t, p.PaymentAmount.Equal(money.FromMinorUnits(123456789, 2)))
	out, err := json.Marshal(p)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"paymentAmount":1234567.89`)
	assert.Contains(t, string(out), `"amount":25.00`, "trailing zeros are kept")

	var q redpin.CreatePaymentRequest
	require.NoError(t, json.Unmarshal([]byte(`{"purpose_of_transaction":"X","amount":{"currency":"GBP","value":50000.00},"recipient_details":[]}`), &q))
	out, err = json.Marshal(q)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"value":50000.00`)
}

func TestAmountAsStringIsRefusedByGeneratedType(t *testing.T) {
	var p finzly.CreditPaymentInstruction
	err := json.Unmarshal([]byte(`{"paymentAmount":"1234567.89"}`), &p)
	require.Error(t, err)
	assert.ErrorIs(t, err, money.ErrSyntax)
}

// floatType matches any use of a binary floating-point type.
var floatType = regexp.MustCompile(`\bfloat(32|64)\b`)

func TestGeneratedCodeHasNoFloatingPoint(t *testing.T) {
	files, err := filepath.Glob(filepath.Join("..", "gen", "*", "*.go"))
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		for i, line := range strings.Split(string(b), "\n") {
			assert.NotRegexp(t, floatType, line, "%s:%d", f, i+1)
		}
	}
}

// redpinTypes maps every Redpin component schema to its generated Go type.
var redpinTypes = map[string]func() any{
	"Amount":                   func() any { return new(redpin.Amount) },
	"BankTransferInstructions": func() any { return new(redpin.BankTransferInstructions) },
	"ConfirmRecipient":         func() any { return new(redpin.ConfirmRecipient) },
	"CreatePaymentRequest":     func() any { return new(redpin.CreatePaymentRequest) },
	"CreateQuoteRequest":       func() any { return new(redpin.CreateQuoteRequest) },
	"Error":                    func() any { return new(redpin.Error) },
	"Payment":                  func() any { return new(redpin.Payment) },
	"PaymentDetails":           func() any { return new(redpin.PaymentDetails) },
	"Quote":                    func() any { return new(redpin.Quote) },
	"RecipientDetail":          func() any { return new(redpin.RecipientDetail) },
}

// TestOpenObjectsKeepUnknownMembersExactly covers the objects whose members
// the provider does not publish: unknown members, numbers included, must
// come back byte for byte rather than through float64.
func TestOpenObjectsKeepUnknownMembersExactly(t *testing.T) {
	in := []byte(`{"payment_method":"domestic_transfer","amount":{"currency":"GBP","value":1000.45},` +
		`"account_details":{"sort_code":"401276","limit":10.50,"nested":{"big":12345678901234567890.10}},` +
		`"payment_reference":{"reference":"RP1000517"}}`)
	var v redpin.BankTransferInstructions
	require.NoError(t, json.Unmarshal(in, &v))
	out, err := json.Marshal(v)
	require.NoError(t, err)
	assert.Contains(t, string(out), `"limit":10.50`)
	assert.Contains(t, string(out), `"big":12345678901234567890.10`)

	details := []byte(`{"payment_id":"p1","instruction_number":"i1","status":"PAYOUT_CREDITED",` +
		`"payouts":[{"recipient_id":"r1","amount":{"currency":"EUR","value":10.10},"fee":0.50}]}`)
	var d redpin.PaymentDetails
	require.NoError(t, json.Unmarshal(details, &d))
	out, err = json.Marshal(d)
	require.NoError(t, err)
	same, diff, err := spectest.EquivalentJSON(details, out)
	require.NoError(t, err)
	assert.True(t, same, diff)
	assert.Contains(t, string(out), `"fee":0.50`)
}
