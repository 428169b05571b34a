package tests

import (
	"testing"

	"github.com/payspec/payspec/api"
)

// Answers are judged by the provider's response schemas, not by the limits
// its requests carry: a record or an envelope the provider sends is never
// refused for a constraint the provider does not declare on it.
func TestFinzlyAnswerSchemasKeepOnlyTheProvidersConstraints(t *testing.T) {
	record := `{"paymentUID": 377300, "status": "PROCESSED",
  "benefitReceiver": {"federalBenefitType": "Social Security", "accountNumber": "55501234", "socialSecurityNumber": "123456789",
    "firstName": "Ann", "lastName": "Whitfield", "subAccountType": "Checking"}}`
	checkMutations(t, api.ProviderFinzly, "GetPaymentData", record, []mutation{
		{name: "a masked Social Security number", valid: true,
			change: func(m map[string]any) { at(m, "benefitReceiver")["socialSecurityNumber"] = "XXXXX6789" }},
		{name: "a recipient without the request's required members", valid: true,
			change: func(m map[string]any) { m["benefitReceiver"] = map[string]any{"federalBenefitType": "Social Security"} }},
		{name: "a first name longer than the ENR addenda holds", valid: true,
			change: func(m map[string]any) { at(m, "benefitReceiver")["firstName"] = "Annabelle" }},
		{name: "a benefit type outside the provider's list", pointer: "/benefitReceiver/federalBenefitType",
			change: func(m map[string]any) { at(m, "benefitReceiver")["federalBenefitType"] = "Lottery" }},
		{name: "representativePayee as a string", pointer: "/benefitReceiver/representativePayee",
			change: func(m map[string]any) { at(m, "benefitReceiver")["representativePayee"] = "yes" }},
	})

	for _, schema := range []string{"BookTransferResponse", "PaymentRecordResponse", "CancellationResponse",
		"PaymentSearchResponse", "FailureResponse"} {
		t.Run(schema, func(t *testing.T) {
			checkMutations(t, api.ProviderFinzly, schema, `{"status": "Failure", "code": "API900", "message": "Payment not found"}`,
				[]mutation{
					{name: "a documented code longer than 20 characters", valid: true,
						change: func(m map[string]any) { m["code"] = "PAYMENT_ACCESS_DENIED" }},
					{name: "a message longer than 250 characters", valid: true,
						change: func(m map[string]any) { m["message"] = string(make([]byte, 300)) }},
					{name: "code as a number", pointer: "/code", change: func(m map[string]any) { m["code"] = num("900") }},
				})
		})
	}
	// v3's credit answer is the one envelope whose limits the provider declares.
	checkMutations(t, api.ProviderFinzly, "PaymentResponse", `{"status": "Failure", "code": "PAYMENT001", "message": "Failed"}`,
		[]mutation{{name: "a code longer than 20 characters", pointer: "/code",
			change: func(m map[string]any) { m["code"] = "CREDIT_AMOUNT_NOFXMATCH" }}})

	checkMutations(t, api.ProviderFinzly, "PaymentSearch", `{"page": 1, "limit": 20, "externalReferenceId": "INV-1"}`, []mutation{
		{name: "a reference longer than a create takes", valid: true,
			change: func(m map[string]any) { m["externalReferenceId"] = string(make([]byte, 200)) }},
	})

	checkMutations(t, api.ProviderFinzly, "WaterfallTransferResponse", `{"waterfallId": "5b0f4c55-3f5e-4f7a-9c57-0e8f1b3c2d11"}`,
		[]mutation{{name: "an accepted batch without its id", pointer: "/waterfallId",
			change: func(m map[string]any) { delete(m, "waterfallId") }}})
}
