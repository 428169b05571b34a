package rules_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/problem"
	"github.com/payspec/payspec/validate/rules"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

func TestDefaultConfig(t *testing.T) {
	c := rules.DefaultConfig()
	assert.Equal(t, []rules.Rail{rules.RailFedNow, rules.RailRTP}, c.Speeds["Instant"])
	assert.Equal(t, []rules.Rail{rules.RailSWIFT}, c.Speeds["ON"])
	require.Len(t, c.Limits[rules.RailFedNow], 1)
	assert.True(t, c.Limits[rules.RailFedNow][0].Max.Equal(money.MustParse("500000")))
	assert.True(t, c.Limits[rules.RailFedwire][0].Max.Equal(money.MustParse("9999999999.99")))
	assert.Contains(t, c.SECCodes, "ENR")
	assert.Empty(t, c.PurposeCodes)
	// The embedded file is also a valid configuration file on its own.
	_, err := rules.LoadConfig(rules.DefaultsYAML())
	require.NoError(t, err)
}

func TestLoadConfigRefusesBadFiles(t *testing.T) {
	cases := []struct {
		name, file, mentions string
	}{
		{"unknown rail in a speed", "speeds:\n  Wire: [CHIPS]\n", `unknown rail "CHIPS"`},
		{"speed without rails", "speeds:\n  Wire: []\n", "lists no rail"},
		{"unknown rail in limits", "limits:\n  BACS:\n    - {from: 2026-01-01, max: 10}\n", `unknown rail "BACS"`},
		{"limit above the network maximum", "limits:\n  FEDNOW:\n    - {from: 2024-01-01, max: 600000}\n", "above the FEDNOW network maximum of 500000"},
		{"cut-off not a time", "cutoffs:\n  FEDWIRE: \"6pm\"\n", `"6pm" is not a time of day written HH:MM`},
		{"cut-off past midnight", "cutoffs:\n  ACH: \"24:00\"\n", `"24:00" is not a time of day`},
		{"cut-off with a sign", "cutoffs:\n  ACH: \"+1:00\"\n", `"+1:00" is not a time of day`},
		{"cut-off after the network's", "cutoffs:\n  FEDWIRE: \"19:00\"\n", "after the FEDWIRE network's cut-off of 18:45"},
		{"cut-off of an unknown rail", "cutoffs:\n  CHIPS: \"17:00\"\n", `unknown rail "CHIPS"`},
		{"FedNow limit in cents", "limits:\n  FEDNOW:\n    - {from: 2025-06-24, max: 250000.75}\n", "must be a whole number of dollars"},
		{"FedNow limit below a dollar", "limits:\n  FEDNOW:\n    - {from: 2025-06-24, max: 0.50}\n", "must be a whole number of dollars"},
		{"ACH limit below a cent", "limits:\n  ACH:\n    - {from: 2026-01-01, max: 100.001}\n", "must be in whole cents"},
		{"limit above the field ceiling", "limits:\n  ACH:\n    - {from: 2026-01-01, max: 100000000}\n", "above the ACH network maximum"},
		{"limit dated before the network", "limits:\n  replace: true\n  RTP:\n    - {from: 2000-01-01, max: 50000000}\n", "above the RTP network maximum of 25000"},
		{"Same Day ACH limit dated before it", "limits:\n  SAME_DAY_ACH:\n    - {from: 2000-01-01, max: 50000000}\n", "above the SAME_DAY_ACH network maximum of 25000"},
		{"malformed date", "limits:\n  RTP:\n    - {from: 2026-13-01, max: 10}\n", "limits.RTP[0].from"},
		{"impossible date", "calendar:\n  open: [2027-02-30]\n", "calendar.open[0]"},
		{"malformed amount", "limits:\n  RTP:\n    - {from: 2026-01-01, max: lots}\n", "limits.RTP[0].max"},
		{"zero limit", "limits:\n  RTP:\n    - {from: 2026-01-01, max: 0}\n", "above zero"},
		{"two limits on one day", "limits:\n  RTP:\n    - {from: 2026-01-01, max: 10}\n    - {from: 2026-01-01, max: 20}\n", "two limits"},
		{"unknown key", "speedz:\n  Wire: [FEDWIRE]\n", "speedz"},
		{"unknown rule", "severities:\n  NO_SUCH_RULE: off\n", `unknown rule "NO_SUCH_RULE"`},
		{"bad severity", "severities:\n  NOTES_TRUNCATED: fatal\n", "not error, warning or off"},
		{"bad SEC code", "secCodes: [ccd]\n", "SEC code"},
		{"currency without minor units", "currencies:\n  - {code: XYZ}\n", "minorUnits"},
		{"bad currency code", "currencies:\n  - {code: xyz, minorUnits: 2}\n", "currencies"},
		{"not YAML", "speeds: [\n", "rules: invalid configuration"},
		{"unknown payout currency", "payoutCurrencies: [GBP, XQZ]\n", `payoutCurrencies[1]: "XQZ"`},
		{"withdrawn funding currency", "fundingCurrencies:\n  C-1: HRK\n", "fundingCurrencies.C-1"},
		{"empty funding customer", "fundingCurrencies:\n  \"\": GBP\n", "customer id is empty"},
		{"additional details for no currency", "recipientAdditionalDetails:\n  BRX: [tax_id]\n", `recipientAdditionalDetails.BRX: "BRX"`},
		{"blank additional details key", "recipientAdditionalDetails:\n  BRL: [\" \"]\n", "recipientAdditionalDetails.BRL: a key is empty"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := rules.LoadConfig([]byte(tc.file))
			require.Error(t, err)
			assert.True(t, errors.Is(err, rules.ErrConfig))
			assert.Contains(t, err.Error(), tc.mentions)
		})
	}
}

func TestLoadConfigOverlaysTheDefaults(t *testing.T) {
	c, err := rules.LoadConfig([]byte(`{
  "speeds": {"Wire": ["FEDWIRE"]},
  "limits": {"RTP": [{"from": "2025-02-09", "max": "10000000"}]},
  "calendar": {"closed": ["2026-12-24"]},
  "currencies": [{"code": "CNH", "minorUnits": 2, "active": true}],
  "purposeCodes": ["PAYROLL"],
  "severities": {"NOTES_TRUNCATED": "off", "FIELD_IGNORED_BY_RAIL": "error"}
}`))
	require.NoError(t, err, "JSON is accepted as well as YAML")
	defaults := rules.DefaultConfig()
	wantSpeeds := defaults.Speeds
	wantSpeeds["Wire"] = []rules.Rail{rules.RailFedwire}
	assert.Equal(t, wantSpeeds, c.Speeds, "a speed is added, the default speeds kept")
	require.Len(t, c.Limits[rules.RailRTP], 2, "a limit from a new date is added to the rail's")
	assert.Equal(t, defaults.Limits[rules.RailRTP][0], c.Limits[rules.RailRTP][0])
	assert.True(t, c.Limits[rules.RailRTP][1].Max.Equal(money.MustParse("10000000")))
	assert.True(t, c.Limits[rules.RailFedNow][0].Max.Equal(money.MustParse("500000")), "rails not given keep their limits")
	assert.Equal(t, []fedcal.Date{fedcal.MustParseDate("2026-12-24")}, c.Closed)
	assert.Equal(t, []string{"PAYROLL"}, c.PurposeCodes)
	assert.Equal(t, rules.SeverityOff, c.Severities["NOTES_TRUNCATED"])

	checker, err := rules.New(c)
	require.NoError(t, err)
	sev := map[string]problem.Severity{}
	for _, r := range checker.Catalogue() {
		sev[r.ID] = r.Severity
	}
	assert.Equal(t, rules.SeverityOff, sev["NOTES_TRUNCATED"])
	assert.Equal(t, problem.SeverityError, sev["FIELD_IGNORED_BY_RAIL"])
	assert.Equal(t, problem.SeverityWarning, sev["FEDWIRE_REFERENCE_TRUNCATED"], "rules not mentioned keep their severity")
}

func TestSeverityOverridesApply(t *testing.T) {
	long := pass("long ACH notes", achV4, `{"paymentNotes":"0123456789X"}`)
	assert.NotEmpty(t, long.check(t), "warning by default")
	assert.Empty(t, long.withConfig("severities:\n  NOTES_TRUNCATED: off\n").check(t))
	ps := long.withConfig("severities:\n  NOTES_TRUNCATED: error\n").check(t)
	require.Len(t, ps, 1)
	assert.Equal(t, problem.SeverityError, ps[0].Severity)
}

func TestNotesTruncationCountsWhatIsLeftOut(t *testing.T) {
	ps := pass("long ACH notes", achV4, `{"paymentNotes":"Payroll December"}`).check(t)
	require.Len(t, ps, 1)
	assert.Equal(t, problem.SeverityWarning, ps[0].Severity)
	assert.Equal(t, "ACH carries the first 10 characters; the other 6 will not be sent", ps[0].Message)
}

func TestCatalogue(t *testing.T) {
	checker, err := rules.New(nil)
	require.NoError(t, err)
	seen := map[string]bool{}
	for _, r := range rules.Catalogue() {
		assert.False(t, seen[r.ID], "duplicate rule %s", r.ID)
		seen[r.ID] = true
		assert.Regexp(t, `^[A-Z][A-Z0-9_]+$`, r.ID)
		assert.NotEmpty(t, r.Doc, r.ID)
		assert.NotEmpty(t, r.Source, r.ID)
		assert.Contains(t, []problem.Severity{problem.SeverityError, problem.SeverityWarning}, r.Severity, r.ID)
		require.NotEmpty(t, r.Operations, r.ID)
		for _, op := range r.Operations {
			assert.True(t, checker.Handles(op), "%s lists %s, which the checker does not handle", r.ID, op)
		}
	}
	assert.True(t, seen[rules.RuleFXAmount])
	assert.Equal(t, "CREDIT_AMOUNT_NOFXMATCH", rules.RuleFXAmount)
}

func TestChecksAreOrderedByPointer(t *testing.T) {
	ps := pass("many faults", achV4, `{"paymentDate":"12-25-2026","paymentNotes":null,"sender":{"achCompanyID":null},"additionalInfo":{"secCode":"ARC"}}`).check(t)
	require.GreaterOrEqual(t, len(ps), 4)
	for i := 1; i < len(ps); i++ {
		assert.LessOrEqual(t, ps[i-1].Pointer, ps[i].Pointer)
	}
}

// FuzzLoadConfig feeds arbitrary files to the configuration reader: it
// must refuse or accept without panicking, and an accepted configuration
// must build a checker.
func FuzzLoadConfig(f *testing.F) {
	f.Add(rules.DefaultsYAML())
	f.Add([]byte("speeds:\n  Wire: [FEDWIRE]\n"))
	f.Add([]byte(`{"limits":{"RTP":[{"from":"2025-02-09","max":"10000000"}]}}`))
	f.Add([]byte("severities:\n  NOTES_TRUNCATED: off\n"))
	f.Add([]byte("calendar:\n  closed: [2026-12-24]\n  open: [2026-11-11]\n"))
	f.Add([]byte("currencies:\n  - {code: CNH, minorUnits: 2}\n"))
	f.Add([]byte("limits:\n  RTP:\n    - {from: 2026-13-01, max: 1e999999}\n"))
	f.Add([]byte("payoutCurrencies: [GBP]\nfundingCurrencies:\n  \"*\": EUR\nrecipientAdditionalDetails:\n  BRL: [tax_id]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		cfg, err := rules.LoadConfig(data)
		if err != nil {
			require.ErrorIs(t, err, rules.ErrConfig)
			return
		}
		_, err = rules.New(cfg)
		require.NoError(t, err)
	})
}

// TestMessagesDoNotRepeatSubmittedValues: rule messages name the rule and
// values from the configuration or the caller's lookups, never the
// payment's own values (the truncated notes excepted: showing what the
// rail keeps is the point of that warning).
func TestMessagesDoNotRepeatSubmittedValues(t *testing.T) {
	marker := []string{"QX7", "11-30-2026", "2026-11-30", "12-25-2026", "2450.505", "999.99", "PO-SECRET-0001", "PO-SECRET-0001-ABCDEFGHIJKLMNOPQRSTUVWXYZ"}
	cases := []ruleCase{
		pass("credit", wireV4, `{"paymentCurrency":"QX7","paymentDate":"11-30-2026","paymentAmount":2450.505,`+
			`"externalReferenceId":"PO-SECRET-0001","recurrence":{"frequency":"Monthly","payUntil":"EndDate","endDate":"11-30-2026"},`+
			`"receiver":{"accountCurrency":"QX7","bank":{"bankId":"121000249"}}}`),
		pass("business day", achV4, `{"paymentDate":"12-25-2026","paymentAmount":2450.505,"speed":"Economy Plus","additionalInfo":{"secCode":"IAT"}}`),
		pass("redpin", payment, `{"amount":{"currency":"GBP","value":1000.00},"quote_id":"PO-SECRET-0001",`+
			`"client_reference_id":"PO-SECRET-0001-ABCDEFGHIJKLMNOPQRSTUVWXYZ","is_third_party_payment":true,`+
			`"recipient_details":[{"recipient_id":"R-1","amount":{"currency":"EUR","value":999.99}}],`+
			`"confirm_recipient":{"request_identifier":"PO-SECRET-0001","event_id":"QX7"}}`).withEnv(envs(fundsIn("GBP"), copAnswers)),
		pass("recipient", recipient, `{"recipient_bank_details":{"currency":"BRL","iban":null,"account_number":"PO-SECRET-0001","swift_code":"QX7QBRRJ"},`+
			`"confirm_recipient":{"request_identifier":"PO-SECRET-0001","event_id":"AG-1"}}`).withEnv(copAnswers).withConfig("payoutCurrencies: [EUR]\n"),
		pass("session", session, `{"due_date":"2026-11-30","purpose_of_transaction":"PO-SECRET-0001",`+
			`"items":[{"item_ref":"QX7","amount":{"currency":"AED","value":999.99}}]}`).withConfig("purposeCodes: [PROPERTY_PURCHASE]\n"),
	}
	for _, c := range cases {
		ps := c.check(t)
		require.NotEmpty(t, ps, c.name)
		for _, p := range ps {
			for _, m := range marker {
				assert.NotContains(t, p.Message, m, "%s: %v", c.name, p)
			}
		}
	}
}

func TestLoadConfigMergesEntryByEntryUnlessReplaced(t *testing.T) {
	defaults := rules.DefaultConfig()
	load := func(t *testing.T, file string) *rules.Config {
		t.Helper()
		c, err := rules.LoadConfig([]byte(file))
		require.NoError(t, err)
		return c
	}
	t.Run("speeds", func(t *testing.T) {
		c := load(t, "speeds:\n  Express: [FEDWIRE, SWIFT]\n  Wire: [FEDWIRE]\n")
		assert.Len(t, c.Speeds, len(defaults.Speeds)+1)
		assert.Equal(t, []rules.Rail{rules.RailFedwire, rules.RailSWIFT}, c.Speeds["Express"], "a speed given is replaced")
		assert.Equal(t, defaults.Speeds["Economy"], c.Speeds["Economy"], "the others are kept")
		c = load(t, "speeds:\n  replace: true\n  Wire: [FEDWIRE]\n")
		assert.Equal(t, map[string][]rules.Rail{"Wire": {rules.RailFedwire}}, c.Speeds)
	})
	t.Run("limits", func(t *testing.T) {
		c := load(t, "limits:\n  FEDNOW:\n    - {from: 2023-07-20, max: 400000}\n")
		require.Len(t, c.Limits[rules.RailFedNow], 1, "a limit from the same date is replaced")
		assert.True(t, c.Limits[rules.RailFedNow][0].Max.Equal(money.MustParse("400000")))
		assert.Equal(t, defaults.Limits[rules.RailRTP], c.Limits[rules.RailRTP])
		c = load(t, "limits:\n  replace: true\n  FEDNOW:\n    - {from: 2023-07-20, max: 400000}\n")
		assert.Len(t, c.Limits, 1)
	})
	t.Run("lists", func(t *testing.T) {
		c := load(t, "secCodes: [XCK, CCD]\ncalendar:\n  closed: [2026-12-24]\n")
		assert.Equal(t, append(append([]string(nil), defaults.SECCodes...), "XCK"), c.SECCodes, "added, without repeats")
		c = load(t, "secCodes: {replace: true, values: [CCD, PPD]}\n")
		assert.Equal(t, []string{"CCD", "PPD"}, c.SECCodes)
		c = load(t, `{"purposeCodes": {"replace": true, "values": ["PAYROLL"]}}`)
		assert.Equal(t, []string{"PAYROLL"}, c.PurposeCodes, "JSON says it the same way")
	})
	t.Run("currencies", func(t *testing.T) {
		c := load(t, "currencies:\n  - {code: CNH, minorUnits: 2}\n  - {code: CNH, minorUnits: 3}\n")
		require.Len(t, c.Currencies, 1, "a later entry for a code replaces an earlier one")
		assert.Equal(t, 3, c.Currencies[0].MinorUnits)
	})
	t.Run("severities", func(t *testing.T) {
		base := load(t, "severities:\n  NOTES_TRUNCATED: off\n")
		assert.Equal(t, map[string]problem.Severity{"NOTES_TRUNCATED": rules.SeverityOff}, base.Severities)
	})
}

func TestLoadConfigReportsEveryMistakeWithItsLine(t *testing.T) {
	file := `speeds:
  Wire: [CHIPS]
  Fast: []
limits:
  FEDNOW:
    - {from: 2024-01-01, max: 2000000}
    - {from: 2026-02-30, mx: 10}
  BACS: []
calendar:
  closed: [2026-12-24, tomorrow]
secCodes: [ccd, PPD]
severities:
  NO_SUCH_RULE: off
  NOTES_TRUNCATED: fatal
speedz: {}
purposeCodes: {replace: maybe, values: []}
`
	_, err := rules.LoadConfig([]byte(file))
	require.ErrorIs(t, err, rules.ErrConfig)
	var mistakes rules.ConfigErrors
	require.ErrorAs(t, err, &mistakes)
	type at struct {
		line int
		path string
	}
	var got []at
	for _, m := range mistakes {
		got = append(got, at{m.Line, m.Path})
		assert.NotEmpty(t, m.Message)
	}
	assert.Equal(t, []at{
		{2, "speeds.Wire[0]"},
		{3, "speeds.Fast"},
		{6, "limits.FEDNOW[0].max"},
		{7, "limits.FEDNOW[1]"}, // the unknown key mx
		{7, "limits.FEDNOW[1].from"},
		{8, "limits.BACS"},
		{10, "calendar.closed[1]"},
		{11, "secCodes[0]"},
		{13, "severities.NO_SUCH_RULE"},
		{14, "severities.NOTES_TRUNCATED"},
		{15, ""}, // the unknown section speedz
		{16, "purposeCodes"},
	}, got)
	assert.Contains(t, mistakes[3].Message, `unknown key "mx"`)
	assert.Contains(t, mistakes[10].Message, `unknown key "speedz"`)
	assert.NotContains(t, err.Error(), "\n", "the error is one line")
}

func TestLoadConfigLocatesSyntaxAndTypeErrors(t *testing.T) {
	for _, tc := range []struct {
		file string
		line int
	}{
		{"speeds: [\n", 1},
		{"speeds:\n  Wire: FEDWIRE\n", 2},
		{"limits:\n  RTP:\n    - {from: 2026-01-01, max: [1]}\n", 3},
		{"- a list\n", 1},
		{"secCodes: {replace: true, extra: 1}\n", 1},
	} {
		_, err := rules.LoadConfig([]byte(tc.file))
		var mistakes rules.ConfigErrors
		require.ErrorAs(t, err, &mistakes, tc.file)
		require.NotEmpty(t, mistakes)
		assert.Equal(t, tc.line, mistakes[0].Line, "%q: %v", tc.file, err)
	}
	c, err := rules.LoadConfig(nil)
	require.NoError(t, err, "an empty file changes nothing")
	assert.Equal(t, rules.DefaultConfig(), c)
}

func TestLoadConfigTakesLimitsInWholeUnits(t *testing.T) {
	for _, file := range []string{
		"limits:\n  FEDNOW:\n    - {from: 2025-06-24, max: 250000}\n",
		"limits:\n  FEDNOW:\n    - {from: 2025-06-24, max: 250000.00}\n",
		"limits:\n  FEDNOW:\n    - {from: 2025-06-24, max: 1}\n",
		"limits:\n  ACH:\n    - {from: 2026-01-01, max: 100.01}\n",
		"limits:\n  RTP:\n    - {from: 2026-01-01, max: 2500.50}\n",
	} {
		_, err := rules.LoadConfig([]byte(file))
		assert.NoError(t, err, file)
	}
}
