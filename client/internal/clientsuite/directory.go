package clientsuite

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/client"
	"github.com/payspec/payspec/client/finzlyclient"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
)

// finzlyDirectoryCases are the cases of Finzly's customer directory:
// contacts (beneficiaries), accounts and bank lookups.
var finzlyDirectoryCases = map[string]caseFunc{
	api.OpCreateBeneficiary:          createBeneficiary,
	api.OpUpdateBeneficiary:          updateBeneficiary,
	api.OpGetContact:                 getContact,
	api.OpSearchContacts:             searchContacts,
	api.OpSearchAccounts:             searchAccounts,
	api.OpGetAccount:                 getAccount,
	api.OpSearchBanks:                searchBanks,
	api.OpSearchBanksByRoutingNumber: searchBanksByRoutingNumber,
	api.OpGetBankByRoutingNumber:     getBankByRoutingNumber,
}

// finzlyCustomer is a customer of the bank's CRM, as the examples name it.
const finzlyCustomer = "112344"

// beneficiary saves a contact of its own name for the customer and
// returns its id (the contactUID of the lookups) and name.
func (s *suite) beneficiary(t *testing.T) (string, string) {
	t.Helper()
	b := example[finzly.BeneficiaryRequest](t, "finzly/createBeneficiary/valid.json")
	name := fmt.Sprintf("Cascade Steel Supply %05d Inc", next()) // no name is part of another
	b.Name, b.TemplateName = name, name                          // a customer's template names are unique
	res, err := s.fz.CreateBeneficiary(context.Background(), finzlyCustomer, b)
	require.NoError(t, err)
	require.NotNil(t, res.Value.Data)
	require.NotNil(t, res.Value.Data.CustomerContactUID)
	require.NotEmpty(t, *res.Value.Data.CustomerContactUID)
	return *res.Value.Data.CustomerContactUID, name
}

func createBeneficiary(t *testing.T, s *suite) {
	id, _ := s.beneficiary(t)
	other, _ := s.beneficiary(t)
	assert.NotEqual(t, id, other, "each contact has its own id")
}

func getContact(t *testing.T, s *suite) {
	id, name := s.beneficiary(t)
	got, err := s.fz.GetContact(context.Background(), finzlyCustomer, id)
	require.NoError(t, err)
	require.NotNil(t, got.Value.Data)
	assert.Equal(t, id, *got.Value.Data.ContactUID)
	assert.Equal(t, name, *got.Value.Data.Name, "the contact as saved")
	_, err = s.fz.GetContact(context.Background(), finzlyCustomer, "NO-SUCH-CONTACT")
	var refused *finzlyclient.Error
	require.ErrorAs(t, err, &refused, "an unknown contact is refused")
	assert.Contains(t, refused.ProviderCodes(), "CUST001", "with the customer API's documented code")
}

func searchContacts(t *testing.T, s *suite) {
	id, name := s.beneficiary(t)
	res, err := s.fz.SearchContacts(context.Background(), finzlyCustomer,
		finzly.SearchContactsParams{ContactName: &name, Page: 1, Limit: 10})
	require.NoError(t, err)
	require.NotNil(t, res.Value.Data)
	require.Len(t, *res.Value.Data, 1, "one contact has this name")
	assert.Equal(t, id, *(*res.Value.Data)[0].ContactUID)
}

func updateBeneficiary(t *testing.T, s *suite) {
	ctx := context.Background()
	id, name := s.beneficiary(t)
	u := example[finzly.BeneficiaryUpdate](t, "finzly/updateBeneficiary/valid.json")
	_, err := s.fz.UpdateBeneficiary(ctx, finzlyCustomer, id, u)
	require.NoError(t, err)
	got, err := s.fz.GetContact(ctx, finzlyCustomer, id)
	require.NoError(t, err)
	assert.Equal(t, *u.Email, *got.Value.Data.Email, "the member sent is changed")
	assert.Equal(t, name, *got.Value.Data.Name, "members left out stay as they were")
}

// accounts lists the customer's accounts.
func (s *suite) accounts(t *testing.T) []finzly.AccountSummary {
	t.Helper()
	res, err := s.fz.SearchAccounts(context.Background(), finzlyCustomer, finzly.SearchAccountsParams{})
	require.NoError(t, err)
	require.NotNil(t, res.Value.Data)
	require.NotEmpty(t, *res.Value.Data, "the customer has accounts")
	return *res.Value.Data
}

func searchAccounts(t *testing.T, s *suite) {
	first := s.accounts(t)[0]
	require.NotNil(t, first.AccountNumber)
	res, err := s.fz.SearchAccounts(context.Background(), finzlyCustomer, finzly.SearchAccountsParams{AccountNumber: first.AccountNumber})
	require.NoError(t, err)
	require.Len(t, *res.Value.Data, 1, "one account has this number")
	assert.Equal(t, *first.AccountUID, *(*res.Value.Data)[0].AccountUID)
}

func getAccount(t *testing.T, s *suite) {
	ctx := context.Background()
	for _, a := range s.accounts(t) {
		got, err := s.fz.GetAccount(ctx, finzlyCustomer, *a.AccountUID)
		require.NoError(t, err)
		require.NotNil(t, got.Value.Data)
		assert.Equal(t, *a.AccountUID, fmt.Sprint(*got.Value.Data.AccountUID))
		assert.Equal(t, *a.AccountNumber, *got.Value.Data.AccountNumber)
	}
	_, err := s.fz.GetAccount(ctx, finzlyCustomer, "999999999")
	var refused *finzlyclient.Error
	require.ErrorAs(t, err, &refused, "an unknown account is refused")
	assert.Contains(t, refused.ProviderCodes(), "ACC001", "with the code Finzly documents for it")
}

// routingNumber is JPMorgan Chase's, which the examples use.
const routingNumber = "021000021"

func getBankByRoutingNumber(t *testing.T, s *suite) {
	res, err := s.fz.GetBankByRoutingNumber(context.Background(), routingNumber)
	require.NoError(t, err)
	require.NotNil(t, res.Value.RoutingNumber)
	assert.Equal(t, routingNumber, *res.Value.RoutingNumber.NationalId)
	assert.NotEmpty(t, *res.Value.RoutingNumber.InstitutionName)
}

func searchBanksByRoutingNumber(t *testing.T, s *suite) {
	res, err := s.fz.SearchBanksByRoutingNumber(context.Background(), routingNumber[:3])
	require.NoError(t, err)
	require.NotNil(t, res.Value.RoutingNumber)
	var found bool
	for _, b := range *res.Value.RoutingNumber {
		assert.Equal(t, routingNumber[:3], (*b.NationalId)[:3], "every bank found starts with the digits")
		found = found || *b.NationalId == routingNumber
	}
	assert.True(t, found, "the bank of the full number is among them")
}

func searchBanks(t *testing.T, s *suite) {
	ctx := context.Background()
	byNID, err := s.fz.SearchBanks(ctx, finzly.SearchBanksParams{BankId: routingNumber, BankIdType: finzly.BankLookupIdTypeNID})
	require.NoError(t, err)
	require.NotNil(t, byNID.Value.Data)
	assert.Equal(t, routingNumber, *byNID.Value.Data.NationalId)
	direct, err := s.fz.GetBankByRoutingNumber(ctx, routingNumber)
	require.NoError(t, err)
	assert.Equal(t, *direct.Value.RoutingNumber.InstitutionName, *byNID.Value.Data.InstitutionName,
		"both lookups name the same bank")
}

// redpinReferenceCases are the cases of Redpin's third-party customers,
// reference data and hosted payment sessions.
var redpinReferenceCases = map[string]caseFunc{
	api.OpCreateThirdPartyCustomer: createThirdPartyCustomer,
	api.OpListCurrencies:           listCurrencies,
	api.OpListTransactionPurposes:  listTransactionPurposes,
	api.OpCreatePaymentSession:     createPaymentSession,
	api.OpListPaymentSessions:      listPaymentSessions,
}

// thirdParty onboards a third party of its own reference for the
// customer and returns the reference.
func (s *suite) thirdParty(t *testing.T, customerID string) string {
	t.Helper()
	tp := example[redpin.CreateThirdPartyCustomerRequest](t, "redpin/createThirdPartyCustomer/valid.json")
	ref := fmt.Sprintf("SKYLINE-CLIENT-%d", next())
	tp.ClientCustomerDetails.ClientCustomerRef = ref
	res, err := s.rp.CreateThirdPartyCustomer(context.Background(), customerID, tp)
	require.NoError(t, err)
	require.Equal(t, ref, res.Value.ClientCustomerRef)
	// A third party pays once Redpin has reviewed it, which takes time.
	if s.env.Advance != nil {
		require.NoError(t, s.env.Advance(context.Background(), time.Hour))
	}
	return ref
}

func createThirdPartyCustomer(t *testing.T, s *suite) {
	c := customer()
	ref := s.thirdParty(t, c)
	// An onboarded third party can pay: a third-party payment names it.
	p := s.pay(t, c, s.recipient(t, c, "Skyline Developments Ltd", "GBP"), "GBP", "5000.00", func(p *redpin.CreatePaymentRequest) {
		p.IsThirdPartyPayment, p.ClientCustomerRef = client.Ptr(true), &ref
	})
	assert.NotEmpty(t, p.Value.Status)
}

func listCurrencies(t *testing.T, s *suite) {
	res, err := s.rp.ListCurrencies(context.Background())
	require.NoError(t, err)
	assert.Contains(t, res.Value.PayoutCurrencies, "GBP", "Redpin pays out in pounds")
}

func listTransactionPurposes(t *testing.T, s *suite) {
	res, err := s.rp.ListTransactionPurposes(context.Background())
	require.NoError(t, err)
	require.NotEmpty(t, res.Value.TransactionPurposes)
	// A payment takes any listed code as its purpose.
	c := customer()
	code := res.Value.TransactionPurposes[0].Code
	p := s.pay(t, c, s.recipient(t, c, "Cascade Steel Ltd", "GBP"), "GBP", "10.00",
		func(p *redpin.CreatePaymentRequest) { p.PurposeOfTransaction = code })
	assert.NotEmpty(t, p.Value.PaymentId)
}

// session creates a hosted payment session for an onboarded third party
// and returns the call's result.
func (s *suite) session(t *testing.T, customerID string) *client.Result[redpin.SessionCreated] {
	t.Helper()
	req := example[redpin.CreatePaymentSessionRequest](t, "redpin/createPaymentSession/valid.json")
	req.ClientCustomerRef = s.thirdParty(t, customerID)
	req.ClientReferenceId = "" // the client fills it
	req.Recipients[0].RecipientId = s.recipient(t, customerID, "Emaar Properties PJSC", "AED")
	res, err := s.rp.CreatePaymentSession(context.Background(), customerID, req)
	require.NoError(t, err)
	return res
}

func createPaymentSession(t *testing.T, s *suite) {
	res := s.session(t, customer())
	assert.NotEmpty(t, res.Value.SessionUrl)
	assert.NotEqual(t, uuid.Nil, uuid.UUID(res.Value.SessionId))
	key, err := uuid.Parse(res.IdempotencyKey)
	require.NoError(t, err, "the client filled client_reference_id with a uuid")
	assert.Equal(t, uuid.Version(4), key.Version())
	if ref := res.Value.ClientReferenceId; ref != nil {
		assert.Equal(t, res.IdempotencyKey, *ref, "the reference filled in is the call's key")
	}
}

func listPaymentSessions(t *testing.T, s *suite) {
	ctx := context.Background()
	c := customer()
	created := s.session(t, c)
	found, err := s.rp.ListPaymentSessions(ctx, c, redpin.ListPaymentSessionsParams{ClientReferenceId: &created.IdempotencyKey})
	require.NoError(t, err)
	require.Len(t, found.Value.Sessions, 1, "the reference finds the session: a lost answer can be recovered")
	assert.Equal(t, created.Value.SessionId, found.Value.Sessions[0].SessionId)
	none, err := s.rp.ListPaymentSessions(ctx, c, redpin.ListPaymentSessionsParams{ClientReferenceId: client.Ptr("NO-SUCH-REFERENCE")})
	require.NoError(t, err)
	assert.Empty(t, none.Value.Sessions)
}
