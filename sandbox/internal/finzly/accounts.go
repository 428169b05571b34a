package finzly

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
)

// accountTemplate is one of the accounts every customer has.
type accountTemplate struct {
	name, kind, subType   string
	status, reason        string
	available, ledger     string
	wires, rfpSend, rfpIn bool
	secCodes              []string
}

// accountTemplates are every customer's accounts, the k-th with the
// accountUID ending in k+1: an operating checking account that can use
// every rail, a savings account without wires or instant sends, a general
// ledger account (for book transfers), and a dormant checking account (to
// test refusals of an inactive sender). All are in USD at the bank of
// sandboxBankABA. Balances are fixed figures: payments do not move them.
var accountTemplates = []accountTemplate{
	{name: "Operating", kind: "Deposit", subType: "Checking", status: "Active", available: "250000.00", ledger: "250000.00",
		wires: true, rfpSend: true, rfpIn: true, secCodes: []string{"CCD", "CTX", "PPD", "WEB"}},
	{name: "Reserve", kind: "Deposit", subType: "Savings", status: "Active", available: "1000000.00", ledger: "1000000.00",
		rfpIn: true, secCodes: []string{"PPD"}},
	{name: "Settlement", kind: "GL", subType: "GL", status: "Active", available: "5000000.00", ledger: "5000000.00",
		wires: true},
	{name: "Dormant", kind: "Deposit", subType: "Checking", status: "Inactive", reason: "Dormant", available: "0.00",
		ledger: "0.00", secCodes: []string{"PPD"}},
}

// sandboxBankABA is the routing number of the bank holding every
// customer's accounts (the spec's example).
const sandboxBankABA = "021000021"

// accountPageSize is the page size searchAccounts reports; a customer's
// accounts always fit in one page.
const accountPageSize = 20

// seededAccount builds the i-th account of the customer whose number is n.
func seededAccount(customer string, n int64, i int) fzAccount {
	t := accountTemplates[i]
	uid := n*10 + int64(i+1)
	bank, _ := bankByABA(sandboxBankABA)
	d := finzly.AccountDetails{
		AccountUID: &uid, AccountNumber: new(fmt.Sprintf("4%09d", uid)), Name: new(t.name),
		Type: new(t.kind), SubType: new(t.subType), Currency: new("USD"), Status: new(t.status),
		BankId: new(sandboxBankABA), BankIdType: new("NID"), BankName: new(bank.Name),
		Country: new("United States"), CountryCode: new("US"), SystemOfRecords: new("Sandbox core"),
		AchCompanyId: new(fmt.Sprintf("1%09d", n%1_000_000_000)), SecCodes: new(slices.Clone(t.secCodes)),
		EnableWires: new(t.wires), AmountPrecision: new(int32(2)),
		AvailableBalance: new(t.available), LedgerBalance: new(t.ledger),
		AccountFeatures: &finzly.AccountFeatures{RfpSend: new(t.rfpSend), RfpReceive: new(t.rfpIn)},
	}
	if t.reason != "" {
		d.Reason = new(t.reason)
	}
	if len(t.secCodes) == 0 {
		d.SecCodes = nil
	}
	return fzAccount{UID: uid, Customer: customer, Details: d}
}

// summary is the account as searchAccounts lists it.
func (acc fzAccount) summary() finzly.AccountSummary {
	d := acc.Details
	return finzly.AccountSummary{
		AccountUID: new(strconv.FormatInt(acc.UID, 10)), AccountNumber: d.AccountNumber, AccountName: d.Name,
		AccountType: d.Type, AccountSubType: d.SubType, Currency: d.Currency, Status: d.Status, Reason: d.Reason,
		RoutingNumber: d.BankId, BankIdType: d.BankIdType, Country: d.Country, CountryCode: d.CountryCode,
		AchCompanyId: d.AchCompanyId, SecCodes: d.SecCodes, SystemOfRecords: d.SystemOfRecords, EnableWires: d.EnableWires,
	}
}

// SearchAccounts lists the customer's accounts, or the one with the
// account number given.
func (a *operations) SearchAccounts(w http.ResponseWriter, r *http.Request, customerUID finzly.CustomerUID, params finzly.SearchAccountsParams) {
	a.dir.lock(func() {
		var found []finzly.AccountSummary
		for _, acc := range a.dir.accountsOf(r.Context(), customerUID) {
			if params.AccountNumber == nil || *params.AccountNumber == *acc.Details.AccountNumber {
				found = append(found, acc.summary())
			}
		}
		data, page := pageOf(found, 1, accountPageSize)
		respond.Reply(w, http.StatusOK, finzly.AccountSearchResponse{Status: new(finzly.RequestStatusSuccess),
			Pagination: &page, Data: &data})
	})
}

// GetAccount answers one of the customer's accounts. An accountUID that is
// not the customer's is refused with the customer API's failure envelope
// and its documented code, ACC001.
func (a *operations) GetAccount(w http.ResponseWriter, r *http.Request, customerUID finzly.CustomerUID, accountUID string) {
	a.dir.lock(func() {
		a.dir.customerNumber(r.Context(), customerUID) // a customer named here for the first time is recorded
		uid, err := strconv.ParseInt(accountUID, 10, 64)
		acc, ok := a.dir.account(uid)
		if err != nil || !ok || acc.Customer != customerUID {
			a.env.Respond.Fail(w, r, http.StatusBadRequest, "ACC001", "Failed to get an account: no account with this accountUID belongs to the customer")
			return
		}
		respond.Reply(w, http.StatusOK, finzly.AccountResponse{Status: new(finzly.RequestStatusSuccess), Data: &acc.Details})
	})
}
