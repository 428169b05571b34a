package sandbox_test

import (
	"context"
	"net/http"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/sandbox"
)

func TestFinzlyGetBankByRoutingNumber(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t)
	ctx := context.Background()
	resp, err := sb.Finzly.GetBankByRoutingNumberWithResponse(ctx, "121000248")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	bank := resp.JSON200.RoutingNumber
	assert.Equal(t, "121000248", *bank.NationalId)
	assert.Equal(t, "ABA", *bank.NationalIdName)
	assert.Equal(t, "WELLS FARGO BANK, NA", *bank.InstitutionName)
	assert.Equal(t, []string{"ACH", "FEDWIRE", "RTP", "FEDNOW"}, *bank.DeliveryMethods)
	assert.Equal(t, "San Francisco", *bank.RoutingAddress.City)
	assert.True(t, *bank.FedwireRoutingInfo.FundsTransferStatus)
	assert.NotNil(t, bank.RtpRoutingInfo)
	assert.NotNil(t, bank.FedNowRoutingInfo)

	noInstant, err := sb.Finzly.GetBankByRoutingNumberWithResponse(ctx, "061000104")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, noInstant.StatusCode(), string(noInstant.Body))
	assert.Equal(t, []string{"ACH", "FEDWIRE"}, *noInstant.JSON200.RoutingNumber.DeliveryMethods)
	assert.Nil(t, noInstant.JSON200.RoutingNumber.RtpRoutingInfo, "rail details only for the rails the bank is on")
	assert.Nil(t, noInstant.JSON200.RoutingNumber.FedNowRoutingInfo)

	bad, err := sb.Finzly.GetBankByRoutingNumberWithResponse(ctx, "121000249")
	require.NoError(t, err)
	require.Equal(t, http.StatusBadRequest, bad.StatusCode(), string(bad.Body))
	require.Len(t, bad.JSON400.Errors, 1)
	assert.Equal(t, "INVALID_BANK_ID", *bad.JSON400.Errors[0].Code)
	assert.Contains(t, *bad.JSON400.Errors[0].Message, "checksum")

	unknown, err := sb.Finzly.GetBankByRoutingNumberWithResponse(ctx, "011000015")
	require.NoError(t, err)
	assert.Equal(t, http.StatusNotFound, unknown.StatusCode(), "a valid number of no bank in the directory")
}

func TestFinzlySearchBanksByRoutingNumber(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t)
	search := func(prefix string) []string {
		t.Helper()
		resp, err := sb.Finzly.SearchBanksByRoutingNumberWithResponse(context.Background(), prefix)
		require.NoError(t, err)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		out := []string{}
		for _, b := range *resp.JSON200.RoutingNumber {
			out = append(out, *b.NationalId)
		}
		return out
	}
	assert.Equal(t, []string{"021000018", "021000021", "021000089"}, search("021"))
	assert.Equal(t, []string{"026009593"}, search("026009593"))
	assert.Equal(t, []string{}, search("999"))

	resp, err := sb.Finzly.SearchBanksByRoutingNumberWithResponse(context.Background(), "02")
	require.NoError(t, err)
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode(), "at least three digits")
}

func TestFinzlySearchBanks(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t)
	find := func(id string, kind finzly.BankLookupIdType, country *string) *finzly.SearchBanksResponse {
		t.Helper()
		resp, err := sb.Finzly.SearchBanksWithResponse(context.Background(),
			&finzly.SearchBanksParams{BankId: id, BankIdType: kind, CountryCode: country})
		require.NoError(t, err)
		return resp
	}
	found := func(id string, kind finzly.BankLookupIdType, country *string) finzly.BankInfo {
		t.Helper()
		resp := find(id, kind, country)
		require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
		return *resp.JSON200.Data
	}

	commerz := found("COBADEFFXXX", finzly.BankLookupIdTypeBIC, nil)
	assert.Equal(t, "COMMERZBANK AG", *commerz.InstitutionName)
	assert.Equal(t, "COBADEFFXXX", *commerz.Bic)
	assert.Equal(t, "BLZ", *commerz.NationalIdType)
	assert.Equal(t, "DE", *commerz.IsoCountryCode)
	assert.Equal(t, []string{"SWIFT"}, *commerz.DeliveryMethods)
	assert.Equal(t, commerz, found("COBADEFF", finzly.BankLookupIdTypeBIC, ptr("de")), "8 characters, country in any case")
	assert.Equal(t, commerz, found("DE89370400440532013000", finzly.BankLookupIdTypeIBAN, ptr("DE")), "the bank of an IBAN")
	assert.Equal(t, "NATIONAL WESTMINSTER BANK PLC", *found("GB29NWBK60161331926819", finzly.BankLookupIdTypeIBAN, ptr("GB")).InstitutionName)

	chase := found("021000021", finzly.BankLookupIdTypeNID, nil)
	assert.Equal(t, "JPMORGAN CHASE BANK, NA", *chase.InstitutionName)
	assert.Equal(t, "ABA", *chase.NationalIdType)
	assert.Equal(t, []string{"ACH", "FEDWIRE", "RTP", "FEDNOW", "SWIFT"}, *chase.DeliveryMethods)
	navy := found("256074974", finzly.BankLookupIdTypeNID, ptr("US"))
	assert.Nil(t, navy.Bic, "a bank without a BIC")
	assert.NotContains(t, *navy.DeliveryMethods, "SWIFT")

	refused := []struct {
		name, id string
		kind     finzly.BankLookupIdType
		country  *string
		code     string
	}{
		{"routing number check digit", "021000022", finzly.BankLookupIdTypeNID, nil, "INVALID_BANK_ID"},
		{"BIC with a bad country", "COBAXXFF", finzly.BankLookupIdTypeBIC, nil, "INVALID_BANK_ID"},
		{"IBAN check digits", "DE89370400440532013001", finzly.BankLookupIdTypeIBAN, ptr("DE"), "INVALID_BANK_ID"},
		{"IBAN without countryCode", "DE89370400440532013000", finzly.BankLookupIdTypeIBAN, nil, "COUNTRY_CODE_REQUIRED"},
		{"IBAN of another country", "DE89370400440532013000", finzly.BankLookupIdTypeIBAN, ptr("FR"), "COUNTRY_CODE_MISMATCH"},
	}
	for _, tc := range refused {
		t.Run(tc.name, func(t *testing.T) {
			resp := find(tc.id, tc.kind, tc.country)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
			require.Len(t, resp.JSON400.Errors, 1)
			assert.Equal(t, tc.code, *resp.JSON400.Errors[0].Code)
			assert.NotContains(t, *resp.JSON400.Errors[0].Message, tc.id, "errors never repeat the identifier")
		})
	}

	for name, q := range map[string]struct {
		id      string
		kind    finzly.BankLookupIdType
		country *string
	}{
		"BIC not in the directory":  {"DEUTGB2L", finzly.BankLookupIdTypeBIC, nil},
		"branch BIC":                {"COBADEFF123", finzly.BankLookupIdTypeBIC, nil},
		"bank of another country":   {"COBADEFFXXX", finzly.BankLookupIdTypeBIC, ptr("FR")},
		"IBAN of an unlisted bank":  {"DE65100700000123456789", finzly.BankLookupIdTypeIBAN, ptr("DE")},
		"routing number not listed": {"011000015", finzly.BankLookupIdTypeNID, nil},
	} {
		t.Run(name, func(t *testing.T) {
			resp := find(q.id, q.kind, q.country)
			assert.Equal(t, http.StatusNotFound, resp.StatusCode(), string(resp.Body))
		})
	}
}
