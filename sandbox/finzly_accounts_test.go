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

func searchAccounts(t *testing.T, c *finzly.ClientWithResponses, customer string, p finzly.SearchAccountsParams) *finzly.AccountSearchResponse {
	t.Helper()
	resp, err := c.SearchAccountsWithResponse(context.Background(), customer, &p)
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	require.Equal(t, finzly.RequestStatusSuccess, *resp.JSON200.Status)
	return resp.JSON200
}

func firstAccountUID(t *testing.T, c *finzly.ClientWithResponses, customer string) string {
	t.Helper()
	return *(*searchAccounts(t, c, customer, finzly.SearchAccountsParams{}).Data)[0].AccountUID
}

func TestFinzlySeededAccounts(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t)
	got := searchAccounts(t, sb.Finzly, "112344", finzly.SearchAccountsParams{})
	require.Len(t, *got.Data, 4)
	var uids, kinds, statuses []string
	for _, a := range *got.Data {
		uids = append(uids, *a.AccountUID)
		kinds = append(kinds, *a.AccountType+"/"+*a.AccountSubType)
		statuses = append(statuses, *a.Status)
		assert.Equal(t, "USD", *a.Currency)
		assert.Equal(t, "021000021", *a.RoutingNumber)
	}
	assert.Equal(t, []string{"1123441", "1123442", "1123443", "1123444"}, uids, "a numeric customer's number followed by 1 to 4")
	assert.Equal(t, []string{"Deposit/Checking", "Deposit/Savings", "GL/GL", "Deposit/Checking"}, kinds)
	assert.Equal(t, []string{"Active", "Active", "Active", "Inactive"}, statuses)
	assert.Equal(t, finzly.Pagination{TotalRecords: ptr(int64(4)), ReturnedRecords: ptr(int32(4)), PageReturned: ptr(int32(1)),
		PageSize: ptr(int32(20))}, *got.Pagination)

	again := searchAccounts(t, sb.Finzly, "112344", finzly.SearchAccountsParams{})
	assert.Equal(t, got, again, "the same accounts every time")
	other := searchAccounts(t, sb.Finzly, "CUST-A", finzly.SearchAccountsParams{})
	require.Len(t, *other.Data, 4)
	assert.NotEqual(t, (*got.Data)[0].AccountNumber, (*other.Data)[0].AccountNumber, "each customer has its own accounts")
	fresh := sandbox.Start(t)
	assert.Equal(t, other, searchAccounts(t, fresh.Finzly, "CUST-A", finzly.SearchAccountsParams{}),
		"a non-numeric customer's accounts are the same in every sandbox")

	number := (*got.Data)[1].AccountNumber
	byNumber := searchAccounts(t, sb.Finzly, "112344", finzly.SearchAccountsParams{AccountNumber: number})
	require.Len(t, *byNumber.Data, 1)
	assert.Equal(t, "1123442", *(*byNumber.Data)[0].AccountUID)
	none := searchAccounts(t, sb.Finzly, "112344", finzly.SearchAccountsParams{AccountNumber: ptr("000")})
	require.NotNil(t, none.Data)
	assert.Empty(t, *none.Data)
	assert.Equal(t, int64(0), *none.Pagination.TotalRecords)
}

func TestFinzlyGetAccount(t *testing.T) {
	t.Parallel()
	sb := sandbox.Start(t)
	ctx := context.Background()
	resp, err := sb.Finzly.GetAccountWithResponse(ctx, "112344", "1123441")
	require.NoError(t, err)
	require.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
	a := resp.JSON200.Data
	assert.Equal(t, int64(1123441), *a.AccountUID)
	assert.Equal(t, "Operating", *a.Name)
	assert.Equal(t, "NID", *a.BankIdType)
	assert.Equal(t, "JPMORGAN CHASE BANK, NA", *a.BankName)
	assert.Equal(t, "250000.00", *a.AvailableBalance)
	assert.True(t, *a.EnableWires)
	assert.True(t, *a.AccountFeatures.RfpSend)
	assert.Equal(t, int32(2), *a.AmountPrecision)

	listed := (*searchAccounts(t, sb.Finzly, "112344", finzly.SearchAccountsParams{}).Data)[0]
	assert.Equal(t, *listed.AccountNumber, *a.AccountNumber, "the list and the record agree")

	for name, tc := range map[string]struct{ customer, uid string }{
		"another customer's account": {"778899", "1123441"},
		"no such template":           {"112344", "1123445"},
		"not a number":               {"112344", "ABC"},
	} {
		t.Run(name, func(t *testing.T) {
			resp, err := sb.Finzly.GetAccountWithResponse(ctx, tc.customer, tc.uid)
			require.NoError(t, err)
			require.Equal(t, http.StatusBadRequest, resp.StatusCode(), string(resp.Body))
			assert.Equal(t, "ACC001", *resp.JSON400.Code)
			assert.Contains(t, *resp.JSON400.Message, "Failed to get an account: ")
		})
	}

	// A non-numeric customer's accounts are found by their listed ids.
	uid := firstAccountUID(t, sb.Finzly, "ACME-CORP")
	resp, err = sb.Finzly.GetAccountWithResponse(ctx, "ACME-CORP", uid)
	require.NoError(t, err)
	assert.Equal(t, http.StatusOK, resp.StatusCode(), string(resp.Body))
}
