package finzly

import (
	"context"
	"log/slog"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/sandbox/internal/core"
	"github.com/payspec/payspec/sandbox/internal/core/clock"
	"github.com/payspec/payspec/sandbox/internal/core/idem"
	"github.com/payspec/payspec/sandbox/internal/core/state"
	"github.com/payspec/payspec/sandbox/store"
	"github.com/payspec/payspec/validate/rules"
	"github.com/payspec/payspec/validate/rules/bankid"
)

func TestBankDirectoryIdentifiersAreValid(t *testing.T) {
	t.Parallel()
	seen := map[string]bool{}
	for _, b := range bankDirectory {
		t.Run(b.Name, func(t *testing.T) {
			if b.ABA != "" {
				assert.NoError(t, bankid.CheckABA(b.ABA))
				assert.Equal(t, "US", b.CountryCode)
				assert.NotEmpty(t, b.Rails)
			}
			if b.BIC != "" {
				require.NoError(t, bankid.CheckBIC(b.BIC))
				assert.Len(t, b.BIC, 8, "kept without a branch code")
				assert.Equal(t, b.CountryCode, bankid.BICCountry(b.BIC))
			}
			var keys []string
			if b.ABA != "" {
				keys = append(keys, "aba:"+b.ABA)
			}
			if b.BIC != "" {
				keys = append(keys, "bic:"+b.BIC)
			}
			if b.IBANCode != "" {
				assert.Len(t, b.IBANCode, ibanBankCodeLength[b.CountryCode], "the IBAN bank code fits its country")
				keys = append(keys, "iban:"+b.CountryCode+b.IBANCode)
			}
			for _, key := range keys {
				assert.False(t, seen[key], "%s is listed twice", key)
				seen[key] = true
			}
		})
	}
	_, ok := bankByABA(sandboxBankABA)
	assert.True(t, ok, "the bank holding the customers' accounts is listed")
}

func TestBankByIBANFindsTheListedExamples(t *testing.T) {
	t.Parallel()
	for iban, want := range map[string]string{
		"DE89370400440532013000":      "COMMERZBANK AG",
		"GB29NWBK60161331926819":      "NATIONAL WESTMINSTER BANK PLC",
		"GB33BUKB20201555555555":      "BARCLAYS BANK UK PLC",
		"GB94BARC10201530093459":      "BARCLAYS BANK PLC",
		"NL91ABNA0417164300":          "ABN AMRO BANK N.V.",
		"FR1420041010050500013M02606": "LA BANQUE POSTALE",
		"AE070331234567890123456":     "MASHREQBANK PSC",
	} {
		require.NoError(t, bankid.CheckIBAN(iban), iban)
		b, ok := bankByIBAN(iban)
		require.True(t, ok, iban)
		assert.Equal(t, want, b.Name, iban)
	}
}

// TestDirectoryLookupsForPayments checks the lookups the payment
// operations use: an account by accountUID alone, a contact by
// contactUID alone.
func TestDirectoryLookupsForPayments(t *testing.T) {
	t.Parallel()
	d := newDirectory(testService(t, nil).env)
	ctx := context.Background()

	acc, ok := d.account(1123441)
	require.True(t, ok, "a numeric customer's accounts need no setup")
	assert.Equal(t, "112344", acc.Customer)
	assert.Equal(t, "Operating", *acc.Details.Name)
	dormant, ok := d.account(1123444)
	require.True(t, ok)
	assert.Equal(t, "Inactive", *dormant.Details.Status)
	for _, uid := range []int64{1123440, 1123445, 0, -1123441, 1_000_000_000_000_001} {
		_, ok := d.account(uid)
		assert.False(t, ok, "%d is no account", uid)
	}

	named := d.accountsOf(ctx, "ACME-CORP")
	for _, a := range named {
		assert.Less(t, a.UID, int64(1)<<53, "exact in any JSON reader")
		got, ok := d.account(a.UID)
		require.True(t, ok, "found once the customer has been named")
		assert.Equal(t, a, got)
	}
	for id, own := range map[string]bool{"112344": true, "99999999999999": true, "0112344": false, "100000000000000": false, "A1": false} {
		_, ok := numericCustomer(id)
		assert.Equal(t, own, ok, id)
	}

	fc := &fzContact{UID: 88231, Customer: "112344"}
	d.contacts[fc.UID] = fc
	got, ok := d.contact(88231)
	require.True(t, ok)
	assert.Equal(t, "112344", got.Customer)
	_, ok = d.contact(88232)
	assert.False(t, ok)
}

// TestDirectoryRemembersNamedCustomers checks that a non-numeric
// customer's accounts are found by accountUID alone after a restart, with
// nothing naming the customer again.
func TestDirectoryRemembersNamedCustomers(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "sandbox.db")
	directory := func(st store.Store) (*directory, *Service) {
		f := testService(t, st)
		return f.dir, f
	}

	st, err := store.OpenSQLite(ctx, path)
	require.NoError(t, err)
	d, f := directory(st)
	var uid int64
	f.lock(func() { uid = d.accountsOf(ctx, "ACME-CORP")[0].UID })
	f.env.State.Close() // what the lock section wrote is in the store
	require.NoError(t, st.Close())

	st, err = store.OpenSQLite(ctx, path)
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	d, f = directory(st)
	acc, ok := d.account(uid)
	require.True(t, ok)
	assert.Equal(t, "ACME-CORP", acc.Customer)

	f.Reset()
	_, ok = d.account(uid)
	assert.False(t, ok, "a reset forgets the customers named")
}

// testService builds a Finzly on an environment of its own, as the
// sandbox builds it, keeping its state in st (nothing when st is nil).
func testService(t *testing.T, st store.Store) *Service {
	t.Helper()
	checker, err := rules.New(nil)
	require.NoError(t, err)
	zone, err := time.LoadLocation("America/New_York")
	require.NoError(t, err)
	logger := slog.New(slog.DiscardHandler)
	kept := state.New(st, logger)
	t.Cleanup(kept.Close)
	env := &core.Env{Clock: clock.New(time.Now, zone), State: kept, Checker: checker, Idem: idem.New(kept), Logger: logger}
	f := New(env, "/_sandbox/finzly")
	require.NoError(t, f.Load(context.Background()))
	return f
}
