// Package rules holds the rail rules: business checks on Finzly and Redpin
// payment requests that no OpenAPI schema can state, such as rail limits in
// force on the payment date, Federal Reserve business days, ABA check
// digits, ISO 4217 decimal places and per-rail field lengths.
//
// Rules are pure functions over the generated request types of gen/finzly
// and gen/redpin. Everything from outside the payment is injected: the date
// to judge against and the caller's lookups come in an Env, the limits,
// calendar overrides, currency table, SEC and purpose codes, the rails that
// carry debits and severities in a Config (embedded defaults, which a bank overrides with LoadConfig).
// Findings are problem.Problem values, the same type the validation engine
// reports; each rule's id is also its problem code, and Catalogue lists
// every rule with its operations, severity, doc and source.
//
// For Redpin the package also turns reference answers into configuration
// (Config.WithTransactionPurposes, Config.WithPayoutCurrencies,
// ReferenceConfigYAML) and builds the retry a Confirmation of Payee or
// Verification of Payee answer asks for (CoPAnswerFromError, RetryPayment,
// RetryRecipient, RetryRecipientUpdate).
//
// The validation engine (package validate) runs these rules after a request
// body passes its schema, so callers normally use them through it. Two
// helpers turn the provider's own answers into the engine's lookups:
// FXTrades indexes getFXTrade answers for validate.WithFXTrades, and
// PaymentFactsFromRecord reads a getPayment answer for validate.WithPayments.
package rules
