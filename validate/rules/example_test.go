package rules_test

import (
	"encoding/json"
	"errors"
	"fmt"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/rules"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

func ptr[T any](v T) *T { return &v }

// Checking a v4 Instant payment directly: 600,000 is above FedNow's limit
// but within RTP's, a warning; a past date is an error.
func ExampleChecker_CheckCreditPaymentV4() {
	checker, err := rules.New(nil) // embedded defaults
	if err != nil {
		panic(err)
	}
	payment := finzly.CreditPaymentInstruction{
		ExternalReferenceId: "CLAIM-7710",
		PaymentAmount:       money.MustParse("600000.00"),
		PaymentCurrency:     "USD",
		PaymentDate:         ptr("11-30-2026"),
		Speed:               "Instant",
		Sender:              finzly.CreditSender{AccountUID: ptr(int64(100245))},
		Receiver:            &finzly.CreditReceiver{BeneficiaryId: ptr(int64(88231))},
	}
	env := rules.Env{Today: fedcal.MustParseDate("2026-12-01")}
	for _, p := range checker.CheckCreditPaymentV4(&payment, env) {
		fmt.Println(p)
	}
	// Output:
	// /paymentAmount warning AMOUNT_RAIL_RESTRICTED: is above the FEDNOW limit of 500000; only RTP can carry it
	// /paymentDate error DATE_PAST: is before today (12-01-2026)
}

// A bank's configuration: its own speed, a raised FedNow limit from a date,
// and a rule made stricter.
func ExampleLoadConfig() {
	cfg, err := rules.LoadConfig([]byte(`
speeds:
  Wire: [FEDWIRE]
limits:
  FEDNOW:
    - {from: 2023-07-20, max: 500000}
    - {from: 2026-01-01, max: 1000000}
severities:
  NOTES_TRUNCATED: error
`))
	if err != nil {
		panic(err)
	}
	// Wire is added; the default speeds are kept.
	fmt.Println(cfg.Speeds["Wire"], cfg.Speeds["Express"], len(cfg.Limits[rules.RailFedNow]), cfg.Severities["NOTES_TRUNCATED"])

	// replace: true drops the default section.
	cfg, err = rules.LoadConfig([]byte("speeds:\n  replace: true\n  Wire: [FEDWIRE]\n"))
	if err != nil {
		panic(err)
	}
	fmt.Println(len(cfg.Speeds))

	// Every mistake at once, each with its line.
	_, err = rules.LoadConfig([]byte("limits:\n  FEDNOW:\n    - {from: 2024-01-01, max: 2000000}\nspeeds:\n  Wire: [CHIPS]\n"))
	var mistakes rules.ConfigErrors
	if errors.As(err, &mistakes) {
		for _, m := range mistakes {
			fmt.Println(m.Line, m.Path, m.Message)
		}
	}
	// Output:
	// [FEDWIRE] [FEDWIRE] 2 error
	// 1
	// 3 limits.FEDNOW[0].max 2000000 is above the FEDNOW network maximum of 500000 in force on 2024-01-01
	// 5 speeds.Wire[0] unknown rail "CHIPS" (known: ACH, SAME_DAY_ACH, FEDWIRE, RTP, FEDNOW, SWIFT)
}

// After a Confirmation of Payee "no match", the user chose to go ahead: the
// same payment is sent again, carrying confirm_recipient built from the
// answer.
func ExampleRetryPayment() {
	var answer redpin.Error
	_ = json.Unmarshal([]byte(`{"code":"ANNM","description":"Payee's Bank has performed the matching and confirms it is not a match",`+
		`"recipient_check":{"request_identifier":"123456789","event_id":"AG-435435454435"}}`), &answer)
	cop, err := rules.CoPAnswerFromError(answer)
	if err != nil {
		panic(err)
	}
	payment := redpin.CreatePaymentRequest{
		PurposeOfTransaction: "SUPPLIER_PAYMENT",
		Amount:               redpin.Amount{Currency: "GBP", Value: money.MustParse("2500.00")},
		RecipientDetails: []redpin.RecipientDetail{
			{RecipientId: "1668760", Amount: redpin.Amount{Currency: "GBP", Value: money.MustParse("2500.00")}},
		},
	}
	retry, err := rules.RetryPayment(payment, cop, "OVERRIDE")
	if err != nil {
		panic(err)
	}
	b, _ := json.Marshal(retry.ConfirmRecipient)
	fmt.Println(string(b))
	// Output:
	// {"customer_action":"OVERRIDE","event_id":"AG-435435454435","request_identifier":"123456789"}
}

// Redpin's reference answers become configuration instead of being copied
// by hand.
func ExampleReferenceConfigYAML() {
	var purposes redpin.TransactionPurposeList
	_ = json.Unmarshal([]byte(`{"transaction_purposes":[{"code":"PROPERTY_PURCHASE"},{"code":"SUPPLIER_PAYMENT"}]}`), &purposes)
	var currencies redpin.CurrencyList
	_ = json.Unmarshal([]byte(`{"payout_currencies":["AED","EUR","GBP"]}`), &currencies)
	out, err := rules.ReferenceConfigYAML(&purposes, &currencies)
	if err != nil {
		panic(err)
	}
	fmt.Print(string(out))
	// Output:
	// # From Redpin's listTransactionPurposes and listCurrencies answers.
	// purposeCodes: [PROPERTY_PURCHASE, SUPPLIER_PAYMENT]
	// payoutCurrencies: [AED, EUR, GBP]
}
