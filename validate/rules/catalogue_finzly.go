package rules

// Rule ids of the Finzly operations beyond credits and book transfers.
const (
	RuleCurrencyCase          = "CURRENCY_CASE"
	RuleDebitRail             = "DEBIT_RAIL"
	RuleDebitSECCode          = "DEBIT_SEC_CODE"
	RuleDebitRFPDates         = "DEBIT_RFP_DATES"
	RuleReturnReason          = "RETURN_REASON_REQUIRED"
	RuleReturnACHCode         = "RETURN_ACH_CODE_DEPRECATED"
	RuleReturnFedwire         = "RETURN_FEDWIRE_DETAILS"
	RulePaymentActionStatus   = "PAYMENT_ACTION_STATUS"
	RuleReversalSWIFT         = "REVERSAL_SWIFT"
	RuleReversalFedwire       = "REVERSAL_FEDWIRE_CODE"
	RuleRecurrenceFrequency   = "RECURRENCE_FREQUENCY"
	RuleRecurrenceUpdateEmpty = "RECURRENCE_UPDATE_EMPTY"
	RuleRecurrenceUpdateEnd   = "RECURRENCE_UPDATE_END"
	RuleRecurrenceNextDate    = "RECURRENCE_NEXT_PAYMENT_DATE"
	RuleFXQuoteCurrencies     = "FX_QUOTE_SAME_CURRENCY"
	RuleFXQuoteAmount         = "FX_QUOTE_AMOUNT"
	RuleFXQuoteSettlement     = "FX_QUOTE_SETTLEMENT"
	RuleFXAutoCoverDelay      = "FX_AUTO_COVER_DELAY"
	RuleWaterfallIndex        = "WATERFALL_PAYMENT_INDEX"
)

// finzlyRules are the rules of the Finzly debit, return, reversal,
// recurrence, waterfall and FX operations, and the currency-case warning.
var finzlyRules = []Rule{
	{RuleCurrencyCase, ops(credit, book, debit, fxQuotes), warnSev, "a currency code in lower case passes the schema (letters of either case) but the provider expects upper case; the other rules judge it in upper case", cite(finzlyV4Page, section("amounts-and-currencies"))},
	{RuleDebitRail, debit, errorSev, "a debit's speed maps to a rail that carries debits (configuration debitRails: ACH, Same Day ACH, and RTP and FedNow as a request for payment)", cite(finzlyDebitPage, schema(finzlyPaymentsFile, "DebitPaymentRequest"), section("speeds-and-rails"))},
	{RuleDebitSECCode, debit, errorSev, "an ACH debit's SEC code is one that authorises a debit (configuration debitSecCodes; not the credit-only CIE or the zero-amount ENR)", cite(schema(finzlyPaymentsFile, "AdditionalInfoDebitPayment"), section("ach"))},
	{RuleDebitRFPDates, debit, errorSev, "a request for payment over RTP or FedNow has requestedExecutionDate, and its expiryDate does not fall before it", cite(schema(finzlyPaymentsFile, "AdditionalInfoDebitPayment"))},
	{RuleReturnReason, returns, errorSev, "a return gives its reason in returnCode (or the deprecated achReturnCode)", cite(schema(finzlyPaymentsFile, "ReturnPaymentRequest"))},
	{RuleReturnACHCode, returns, warnSev, "achReturnCode is deprecated in favour of returnCode (and must read R plus two digits)", cite(schema(finzlyPaymentsFile, "ReturnPaymentRequest"))},
	{RuleReturnFedwire, returns, errorSev, "a Fedwire payment is returned with returnCode and returnNotes (when the payment lookup knows the rail)", cite(schema(finzlyPaymentsFile, "ReturnPaymentRequest"), section("what-the-caller-supplies"))},
	{RulePaymentActionStatus, ops(returns, reversals), errorSev, "only an incoming PROCESSED payment is returned and only an outgoing PROCESSED credit reversed (when the payment lookup knows it)", cite(schema(finzlyPaymentsFile, "ReturnPaymentRequest"), schema(finzlyPaymentsFile, "ReversePaymentRequest"), section("what-the-caller-supplies"))},
	{RuleReversalSWIFT, reversals, errorSev, "a SWIFT payment cannot be reversed (when the payment lookup knows the rail)", cite(schema(finzlyPaymentsFile, "ReversePaymentRequest"), section("what-the-caller-supplies"))},
	{RuleReversalFedwire, reversals, errorSev, "a Fedwire payment is reversed with reversalCode (when the payment lookup knows the rail)", cite(schema(finzlyPaymentsFile, "ReversePaymentRequest"), section("what-the-caller-supplies"))},
	{RuleRecurrenceFrequency, ops(credit, book, debit, recurrenceUpdates), errorSev, "a recurrence frequency is Daily, Weekly, BiWeekly, Monthly, Quarterly, SemiAnnually or Yearly", cite(schema(finzlyPaymentsFile, "CreditPaymentInstruction"), schema(finzlySingleFile, "RecurringPaymentRequest"))},
	{RuleRecurrenceUpdateEmpty, recurrenceUpdates, warnSev, "a series update changes at least one member", cite(schema(finzlySingleFile, "RecurringPaymentRequest"))},
	{RuleRecurrenceUpdateEnd, recurrenceUpdates, errorSev, "a series update ends the series by endDate or by numberOfPayments, not both", cite(schema(finzlySingleFile, "RecurringPaymentRequest"))},
	{RuleRecurrenceNextDate, recurrenceUpdates, errorSev, "a new frequency comes with the nextPaymentDate it starts from", cite(schema(finzlySingleFile, "RecurringPaymentRequest"))},
	{RuleFXQuoteCurrencies, fxQuotes, errorSev, "an FX quote sells one currency for another", cite(schema(finzlyFXFile, "FXQuoteRequest"))},
	{RuleFXQuoteAmount, fxQuotes, errorSev, "an FX quote prices exactly one side, fundingAmount or transferAmount, above zero", cite(schema(finzlyFXFile, "FXQuoteRequest"))},
	{RuleFXQuoteSettlement, fxQuotes, errorSev, "an FX quote settles by tenor or by valueDate, not both; a FORWARD needs one", cite(schema(finzlyFXFile, "FXQuoteRequest"))},
	{RuleFXAutoCoverDelay, fxAccepts, errorSev, "an acceptance with autoCover says after how many minutes (autoCoverDelay)", cite(schema(finzlyFXFile, "FXAcceptQuoteRequest"))},
	{RuleWaterfallIndex, waterfalls, errorSev, "each transfer of a waterfall batch has its own paymentIndex", cite(schema(finzlyPaymentsFile, "WaterfallTransferRequest"), section("book-and-waterfall-transfers"))},
}

// finzlyOperationsOfRules extends rules of the first catalogue to the
// Finzly operations they also judge.
var finzlyOperationsOfRules = map[string][][]string{
	RuleSpeedUnknown:        {debit},
	RuleAmountNotPositive:   {debit, recurrenceUpdates, waterfalls},
	RuleAmountOverLimit:     {debit},
	RuleAmountDecimals:      {debit, waterfalls, fxQuotes},
	RuleCurrencyUnknown:     {debit, fxQuotes},
	RuleCurrencyDomesticUSD: {debit},
	RuleDateInvalid:         {debit, recurrenceUpdates, fxQuotes},
	RuleDatePast:            {debit, recurrenceUpdates, fxQuotes},
	RuleDateNotBusinessDay:  {debit},
	RuleRecurrenceEndDate:   {debit, recurrenceUpdates},
	RuleRecurrenceCount:     {debit, recurrenceUpdates},
	RuleACHSECRequired:      {debit},
	RuleBankABA:             {debit, waterfalls},
	RuleFeeAmount:           {debit},
	RuleBookSameAccount:     {waterfalls},
}

// withFinzlyOperations adds to each rule the operations
// finzlyOperationsOfRules names for it.
func withFinzlyOperations(rules []Rule) []Rule {
	for i, r := range rules {
		if extra, ok := finzlyOperationsOfRules[r.ID]; ok {
			rules[i].Operations = append(ops(r.Operations), ops(extra...)...)
		}
	}
	return rules
}
