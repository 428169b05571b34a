package clientsuite_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/client/internal/clientsuite"
	"github.com/payspec/payspec/client/internal/providertest"
	"github.com/payspec/payspec/client/internal/sandboxtest"
	"github.com/payspec/payspec/client/redpinclient"
	"github.com/payspec/payspec/sandbox"
	"github.com/payspec/payspec/validate"
)

// apiOperations returns the API operation ids of a provider (its
// webhooks left out), sorted.
func apiOperations(t *testing.T, p api.Provider) []string {
	var ids []string
	for _, op := range providertest.Engine(t).Operations() {
		if validate.APIOperations(p)(op) {
			ids = append(ids, op.ID)
		}
	}
	slices.Sort(ids)
	return ids
}

func TestTheSuiteHasACaseForEveryOperation(t *testing.T) {
	want := append(apiOperations(t, api.ProviderFinzly), apiOperations(t, api.ProviderRedpin)...)
	slices.Sort(want)
	require.Len(t, want, 27+13)
	assert.Equal(t, want, clientsuite.Operations())
}

// Every API operation has a method named after it on its provider's
// client, taking a context first and call options last, and returning a
// Result and an error.
func TestEveryOperationHasAClientMethod(t *testing.T) {
	for p, c := range map[api.Provider]reflect.Type{
		api.ProviderFinzly: reflect.TypeFor[*finzlyclient.Client](),
		api.ProviderRedpin: reflect.TypeFor[*redpinclient.Client](),
	} {
		for _, id := range apiOperations(t, p) {
			name := string(id[0]-'a'+'A') + id[1:]
			m, ok := c.MethodByName(name)
			if !assert.True(t, ok, "%s has no method %s", c, name) {
				continue
			}
			ft := m.Type
			assert.Equal(t, reflect.TypeFor[context.Context](), ft.In(1), "%s takes a context first", name)
			assert.True(t, ft.IsVariadic() && ft.In(ft.NumIn()-1) == reflect.TypeFor[[]client.CallOption](),
				"%s takes call options last", name)
			require.Equal(t, 2, ft.NumOut(), name)
			assert.Equal(t, reflect.TypeFor[error](), ft.Out(1), name)
			res := ft.Out(0)
			assert.True(t, res.Kind() == reflect.Pointer && res.Elem().PkgPath() == "github.com/payspec/payspec/client",
				"%s returns a *client.Result", name)
		}
	}
}

// The cases of the operations the in-process stand-in answers.
func TestContractAgainstTheStandIn(t *testing.T) {
	clientsuite.Run(t, providertest.Start(t).Env(),
		api.OpCreateCreditPaymentV4, api.OpCreateCreditPaymentV3, api.OpCreateBookTransfer, api.OpGetPayment,
		api.OpCancelPayment, api.OpCreateQuote, api.OpCreatePayment, api.OpGetPaymentDetails,
		api.OpGetBankTransferInstructions, api.OpCreateRecipient)
}

// march2030 is a Friday before the examples' payment dates (15 March 2030
// and later).
var march2030 = time.Date(2030, 3, 1, 0, 0, 0, 0, time.UTC)

// directoryAndReference are the operations whose cases need the
// sandbox's customer directory (Finzly's contacts, accounts and banks)
// and Redpin's third parties, reference data and sessions; they run in
// TestContractAgainstTheSandboxDirectoryAndReference.
var directoryAndReference = []string{
	api.OpCreateBeneficiary, api.OpUpdateBeneficiary, api.OpGetContact, api.OpSearchContacts,
	api.OpSearchAccounts, api.OpGetAccount, api.OpSearchBanks, api.OpSearchBanksByRoutingNumber,
	api.OpGetBankByRoutingNumber,
	api.OpCreateThirdPartyCustomer, api.OpListCurrencies, api.OpListTransactionPurposes,
	api.OpCreatePaymentSession, api.OpListPaymentSessions,
}

// The case of every operation against the sandbox, but those of
// directoryAndReference.
func TestContractAgainstTheSandbox(t *testing.T) {
	var ops []string
	for _, op := range clientsuite.Operations() {
		if !slices.Contains(directoryAndReference, op) {
			ops = append(ops, op)
		}
	}
	require.Len(t, ops, 40-len(directoryAndReference))
	clientsuite.Run(t, sandboxtest.Start(t, sandbox.WithToday(march2030)).Contract(), ops...)
}
