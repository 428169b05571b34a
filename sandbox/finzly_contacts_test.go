package sandbox_test

import (
	"context"
	"net/http"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/sandbox"
)

// beneficiary is a contact banking at Wells Fargo.
func beneficiary(template, name, account string) finzly.BeneficiaryRequest {
	return finzly.BeneficiaryRequest{
		TemplateName: template, Name: name, Email: ptr("ap@example.com"),
		Address: finzly.ContactAddress{AddressLine1: ptr("45 Foundry Road"), City: ptr("Portland"), State: ptr("OR"),
			PostalCode: ptr("97201"), CountryCode: ptr("US")},
		ContactBank: finzly.ContactBank{AccountNo: ptr(account), AccountCcy: ptr("USD"),
			AccountType: ptr(finzly.AccountType("Deposit")), AccountSubType: ptr(finzly.ContactAccountSubTypeChecking),
			NationalCode: ptr("121000248"), Country: ptr("UNITED STATES OF AMERICA")},
	}
}

// createContact saves a contact and returns its contactUID.
func createContact(t *testing.T, c *finzly.ClientWithResponses, customer string, req finzly.BeneficiaryRequest) string {
	t.Helper()
	resp, err := c.CreateBeneficiaryWithResponse(context.Background(), customer, req)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	require.Equal(t, finzly.RequestStatusSuccess, *resp.JSON200.Status)
	return *resp.JSON200.Data.CustomerContactUID
}

func getContact(t *testing.T, c *finzly.ClientWithResponses, customer, uid string) *finzly.Contact {
	t.Helper()
	resp, err := c.GetContactWithResponse(context.Background(), customer, uid)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	return resp.JSON200.Data
}

func TestFinzlyCreateAndGetContact(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t)
	uid := createContact(t, sb.Finzly, "112344", beneficiary("Cascade Steel", "Cascade Steel Supply Inc", "009182736455"))
	second := createContact(t, sb.Finzly, "112344", beneficiary("Foundry", "Foundry Works LLC", "009182736456"))
	first, err := strconv.ParseInt(uid, 10, 64)
	require.NoError(t, err, "contactUIDs are numeric, as beneficiaryId needs")
	assert.Equal(t, strconv.FormatInt(first+1, 10), second, "contactUIDs follow one another")

	c := getContact(t, sb.Finzly, "112344", uid)
	assert.Equal(t, uid, *c.ContactUID)
	assert.Equal(t, "Cascade Steel", *c.TemplateName)
	assert.Equal(t, "Cascade Steel Supply Inc", *c.Name)
	assert.Equal(t, "Portland", *c.Address.City)
	assert.Equal(t, "009182736455", *c.ContactBank.AccountNo)
	assert.Equal(t, "121000248", *c.ContactBank.NationalCode)

	other, err := sb.Finzly.GetContactWithResponse(context.Background(), "999999", uid)
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, other.StatusCode(), "another customer's contact is not found")
	assert.Equal(t, "CUST001", *other.JSON400.Code)
	assert.Equal(t, finzly.RequestStatusFailure, other.JSON400.Status)
}

func TestFinzlyCreateBeneficiaryRefusals(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t)
	createContact(t, sb.Finzly, "112344", beneficiary("Cascade Steel", "Cascade Steel Supply Inc", "1"))
	cases := []struct {
		name   string
		edit   func(*finzly.BeneficiaryRequest)
		status int
		reason string
	}{
		{"templateName taken", func(b *finzly.BeneficiaryRequest) { b.TemplateName = "Cascade Steel" },
			http.StatusConflict, "templateName"},
		// The spec requires these: the engine refuses them before the
		// sandbox sees them, in the same envelope with the same code.
		{"no account number", func(b *finzly.BeneficiaryRequest) { b.ContactBank.AccountNo = nil },
			http.StatusBadRequest, "/contactBank/accountNo: is required"},
		{"no bank country", func(b *finzly.BeneficiaryRequest) { b.ContactBank.Country = nil },
			http.StatusBadRequest, "/contactBank/country: is required"},
		{"no postal code", func(b *finzly.BeneficiaryRequest) { b.Address.PostalCode = nil },
			http.StatusBadRequest, "/address/postalCode: is required"},
		{"a one-letter name", func(b *finzly.BeneficiaryRequest) { b.Name = "X" },
			http.StatusBadRequest, "/name: must be at least 2 characters long"},
		{"no bank code", func(b *finzly.BeneficiaryRequest) { b.ContactBank.NationalCode = nil },
			http.StatusBadRequest, "nationalCode"},
		{"routing number check digit", func(b *finzly.BeneficiaryRequest) { b.ContactBank.NationalCode = ptr("121000249") },
			http.StatusBadRequest, "not a valid ABA routing number"},
		{"malformed BIC", func(b *finzly.BeneficiaryRequest) { b.ContactBank.SwiftCode = ptr("WFBI") },
			http.StatusBadRequest, "swiftCode is not a valid BIC"},
		{"unknown currency", func(b *finzly.BeneficiaryRequest) { b.ContactBank.AccountCcy = ptr("XYZ") },
			http.StatusBadRequest, "accountCcy"},
		{"intermediary BIC", func(b *finzly.BeneficiaryRequest) {
			b.IntermediaryBank = &finzly.ContactIntermediaryBank{SwiftCode: ptr("chasus33")}
		}, http.StatusBadRequest, "intermediaryBank.swiftCode"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			req := beneficiary("New Contact", "New Contact Inc", "2")
			tc.edit(&req)
			resp, err := sb.Finzly.CreateBeneficiaryWithResponse(context.Background(), "112344", req)
			require.NoError(t, err)
			require.Equal(t, tc.status, resp.StatusCode(), string(resp.Body))
			failure := resp.JSON400
			if tc.status == http.StatusConflict {
				failure = resp.JSON409
			}
			assert.Equal(t, finzly.RequestStatusFailure, failure.Status)
			assert.Equal(t, "CUST001", *failure.Code)
			if !strings.HasPrefix(tc.reason, "/") {
				assert.Contains(t, *failure.Message, "Failed to create a customer contact: ")
			}
			assert.Contains(t, *failure.Message, tc.reason)
		})
	}

	// A foreign bank's national code is not an ABA number.
	foreign := beneficiary("Commerzbank Client", "Client GmbH", "0532013000")
	foreign.ContactBank.NationalCode, foreign.ContactBank.Country = ptr("37040044"), ptr("DE")
	foreign.ContactBank.SwiftCode, foreign.ContactBank.AccountCcy = ptr("COBADEFFXXX"), ptr("EUR")
	createContact(t, sb.Finzly, "112344", foreign)
	// Template names are the customer's own.
	createContact(t, sb.Finzly, "778899", beneficiary("Cascade Steel", "Cascade Steel Supply Inc", "1"))
}

func TestFinzlyUpdateBeneficiary(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t)
	ctx := context.Background()
	uid := createContact(t, sb.Finzly, "112344", beneficiary("Cascade Steel", "Cascade Steel Supply Inc", "009182736455"))
	createContact(t, sb.Finzly, "112344", beneficiary("Foundry", "Foundry Works LLC", "1"))

	resp, err := sb.Finzly.UpdateBeneficiaryWithResponse(ctx, "112344", uid, finzly.BeneficiaryUpdate{
		Email: ptr("payables@cascadesteel.example"), ContactBank: &finzly.ContactBank{AccountNo: ptr("009182736456")}})
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	assert.Equal(t, uid, *resp.JSON200.Data.CustomerContactUID)

	c := getContact(t, sb.Finzly, "112344", uid)
	assert.Equal(t, "payables@cascadesteel.example", *c.Email)
	assert.Equal(t, "009182736456", *c.ContactBank.AccountNo, "the member given changes")
	assert.Equal(t, "121000248", *c.ContactBank.NationalCode, "the members left out stay")
	assert.Equal(t, "Cascade Steel Supply Inc", *c.Name)

	refuse := func(customer, id string, u finzly.BeneficiaryUpdate, status int, reason string) {
		t.Helper()
		resp, err := sb.Finzly.UpdateBeneficiaryWithResponse(ctx, customer, id, u)
		require.NoError(t, err)
		require.Equal(t, status, resp.StatusCode(), string(resp.Body))
		failure := resp.JSON400
		if status == http.StatusConflict {
			failure = resp.JSON409
		}
		assert.Equal(t, "CUST001", *failure.Code)
		assert.Contains(t, *failure.Message, "Failed to update a customer contact: ")
		assert.Contains(t, *failure.Message, reason)
	}
	refuse("112344", uid, finzly.BeneficiaryUpdate{TemplateName: ptr("Foundry")}, http.StatusConflict, "templateName")
	refuse("112344", uid, finzly.BeneficiaryUpdate{ContactBank: &finzly.ContactBank{NationalCode: ptr("123456789")}},
		http.StatusBadRequest, "nationalCode")
	refuse("778899", uid, finzly.BeneficiaryUpdate{Email: ptr("x@example.com")}, http.StatusBadRequest, "no contact")
	refuse("112344", "88000000", finzly.BeneficiaryUpdate{Email: ptr("x@example.com")}, http.StatusBadRequest, "no contact")

	assert.Equal(t, "009182736456", *getContact(t, sb.Finzly, "112344", uid).ContactBank.AccountNo, "a refused update changes nothing")
	// Keeping its own templateName is no conflict.
	resp, err = sb.Finzly.UpdateBeneficiaryWithResponse(ctx, "112344", uid, finzly.BeneficiaryUpdate{TemplateName: ptr("Cascade Steel")})
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
}

func TestFinzlySearchContacts(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t)
	ids := []string{
		createContact(t, sb.Finzly, "112344", beneficiary("Cascade", "Cascade Steel Supply Inc", "111")),
		createContact(t, sb.Finzly, "112344", beneficiary("Foundry", "Foundry Works LLC", "222")),
		createContact(t, sb.Finzly, "112344", beneficiary("Steelworks", "Pacific Steelworks", "333")),
	}
	createContact(t, sb.Finzly, "778899", beneficiary("Cascade", "Cascade Steel Supply Inc", "111"))

	search := func(p finzly.SearchContactsParams) *finzly.ContactSearchResponse {
		t.Helper()
		resp, err := sb.Finzly.SearchContactsWithResponse(context.Background(), "112344", &p)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		return resp.JSON200
	}
	uids := func(r *finzly.ContactSearchResponse) []string {
		var out []string
		for _, c := range *r.Data {
			out = append(out, *c.ContactUID)
		}
		return out
	}

	all := search(finzly.SearchContactsParams{Page: 1, Limit: 10})
	assert.Equal(t, ids, uids(all), "the customer's own contacts, in contactUID order")
	assert.Equal(t, finzly.Pagination{TotalRecords: ptr(int64(3)), ReturnedRecords: ptr(int32(3)), PageReturned: ptr(int32(1)),
		PageSize: ptr(int32(10))}, *all.Pagination)

	assert.Equal(t, []string{ids[0], ids[2]}, uids(search(finzly.SearchContactsParams{ContactName: ptr("steel"), Page: 1, Limit: 10})))
	assert.Equal(t, []string{ids[1]}, uids(search(finzly.SearchContactsParams{AccountNumber: ptr("222"), Page: 1, Limit: 10})))
	assert.Empty(t, uids(search(finzly.SearchContactsParams{ContactName: ptr("steel"), AccountNumber: ptr("222"), Page: 1, Limit: 10})))

	page2 := search(finzly.SearchContactsParams{Page: 2, Limit: 2})
	assert.Equal(t, []string{ids[2]}, uids(page2))
	assert.Equal(t, int32(1), *page2.Pagination.ReturnedRecords)
	assert.Equal(t, int64(3), *page2.Pagination.TotalRecords)
	beyond := search(finzly.SearchContactsParams{Page: 9, Limit: 2})
	require.NotNil(t, beyond.Data, "an empty page is [], not null")
	assert.Empty(t, *beyond.Data)

	resp, err := sb.Finzly.SearchContactsWithResponse(context.Background(), "112344", &finzly.SearchContactsParams{Page: 1, Limit: 101})
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode(), "limit is at most 100")
}

func TestFinzlyDirectorySurvivesARestart(t *testing.T) {
	t.Parallel()
	path := filepath.Join(t.TempDir(), "sandbox.db")
	first, stop := onSQLite(t, path)
	uid := createContact(t, first.Finzly, "112344", beneficiary("Cascade", "Cascade Steel Supply Inc", "111"))
	named := firstAccountUID(t, first.Finzly, "ACME-CORP")
	stop()

	second, _ := onSQLite(t, path)
	assert.Equal(t, "Cascade Steel Supply Inc", *getContact(t, second.Finzly, "112344", uid).Name)
	next := createContact(t, second.Finzly, "112344", beneficiary("Foundry", "Foundry Works LLC", "222"))
	assert.NotEqual(t, uid, next, "contactUIDs are not handed out twice")
	assert.Equal(t, named, firstAccountUID(t, second.Finzly, "ACME-CORP"), "accounts stay the customer's")
}
