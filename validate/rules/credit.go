package rules

import (
	"errors"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/validate/problem"
	"github.com/payspec/payspec/validate/rules/bankid"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// creditView is a v3 or v4 credit payment as the rules read it: the two
// generated types differ in detail, the rules do not.
type creditView struct {
	amount       money.Amount
	currency     string
	date         *string
	speed        string
	notes        *string
	extRef       string
	sender       partyView
	receiver     *partyView
	fee          *money.Amount
	feeCurrency  string
	recurrence   *recurrenceView
	info         *infoView
	beneficiaryK string // JSON name of the receiver's CRM id
}

type partyView struct {
	ptr             string
	inCRM           bool
	accountNumber   *string
	accountType     *string
	subAccountType  *string
	achCompanyID    *string
	address         *addressView
	bankIDType      *string
	bankID          *string
	correspondentID *string
	accountCurrency *string
	banks           []bankView
}

type addressView struct {
	line1, city, state, postal, country *string
}

type bankView struct {
	ptr           string
	idType        string
	bankID        *string
	swiftCode     *string
	countryCode   *string
	addrCountry   *string
	accountType   *string
	accountNumber *string
}

type recurrenceView struct {
	endDate   *string
	count     *int32
	frequency *string // v3 only: v4's is an enum
}

type infoView struct {
	secCode, transactionTypeCode, receiverIDNumber *string
	benefitReceiver                                bool
	remittanceMethod, localInstrument              *string
	remittanceNotes                                *string
	referenceForBeneficiary                        *string
	originatorToBeneficiary                        *string
	originatorToBeneficiaryOld                     *string
	senderToReceiverNotes                          *string
	unstructuredAddenda                            bool
	fxContractNumber                               *string
	detailsOfCharges                               *string
}

// CheckCreditPaymentV4 runs the rail rules on a v4 credit payment.
func (c *Checker) CheckCreditPaymentV4(p *finzly.CreditPaymentInstruction, env Env) problem.Problems {
	v := &creditView{
		amount: p.PaymentAmount, currency: p.PaymentCurrency, date: p.PaymentDate, speed: p.Speed,
		notes: p.PaymentNotes, extRef: p.ExternalReferenceId, feeCurrency: "USD",
	}
	s := p.Sender
	v.sender = partyView{
		ptr: "/sender", inCRM: s.AccountUID != nil, accountNumber: s.AccountNumber,
		accountType: enumPtr(s.AccountType), subAccountType: enumPtr(s.SubAccountType),
		achCompanyID: s.AchCompanyID, address: addressOf(s.Address), bankIDType: enumPtr(s.BankIdType),
		bankID: s.BankId, correspondentID: s.CorrespondentBankId,
	}
	if r := p.Receiver; r != nil {
		v.receiver = &partyView{
			ptr: "/receiver", inCRM: r.BeneficiaryId != nil, accountNumber: r.AccountNumber,
			accountType: enumPtr(r.AccountType), subAccountType: enumPtr(r.SubAccountType),
			address: addressOf(r.Address), accountCurrency: r.AccountCurrency,
		}
		if b := r.Bank; b != nil {
			v.receiver.banks = append(v.receiver.banks, bankView{
				ptr: "/receiver/bank", idType: string(b.BankIdType), bankID: b.BankId, swiftCode: b.SwiftCode,
				countryCode: b.CountryCode, addrCountry: bankAddressCountry(b.Address),
				accountType: enumPtr(b.AccountType), accountNumber: b.AccountNumber,
			})
		}
		if b := r.IntermediaryBank; b != nil {
			v.receiver.banks = append(v.receiver.banks, bankView{
				ptr: "/receiver/intermediaryBank", idType: string(b.BankIdType), bankID: b.BankId,
				swiftCode: b.SwiftCode, countryCode: b.CountryCode, addrCountry: bankAddressCountry(b.Address),
			})
		}
	}
	if p.Fee != nil {
		v.fee = &p.Fee.Amount
	}
	if r := p.Recurrence; r != nil {
		v.recurrence = &recurrenceView{endDate: r.EndDate, count: r.NumberOfPayments}
	}
	v.info = infoOf(p.AdditionalInfo)
	return c.checkCredit(v, env)
}

// CheckCreditPaymentV3 runs the rail rules on a v3 credit payment.
func (c *Checker) CheckCreditPaymentV3(p *finzly.CreditPaymentRequest, env Env) problem.Problems {
	v := &creditView{
		amount: p.PaymentAmount, currency: p.PaymentCurrency, date: p.PaymentDate, speed: p.Speed,
		notes: p.PaymentNotes, extRef: p.ExternalReferenceId, feeCurrency: "USD",
	}
	s := p.Sender
	v.sender = partyView{
		ptr: "/sender", inCRM: s.AccountUID != nil, accountNumber: s.AccountNumber,
		accountType: enumPtr(s.AccountType), subAccountType: enumPtr(s.SubAccountType),
		achCompanyID: s.AchCompanyID, address: addressOf((*finzly.AddressFields)(s.Address)),
		bankIDType: enumPtr(s.BankIdType), bankID: s.BankId, correspondentID: s.CorrespondentBankId,
	}
	if r := p.Receiver; r != nil {
		v.receiver = &partyView{
			ptr: "/receiver", inCRM: r.AccountUID != nil, accountNumber: r.AccountNumber,
			accountType: enumPtr(r.AccountType), subAccountType: enumPtr(r.SubAccountType),
			address: addressOf((*finzly.AddressFields)(r.Address)), accountCurrency: r.AccountCurrency,
		}
		for name, b := range map[string]*finzly.Bank{"bank": r.Bank, "intermediaryBank": r.IntermediaryBank} {
			if b == nil {
				continue
			}
			v.receiver.banks = append(v.receiver.banks, bankView{
				ptr: "/receiver/" + name, idType: deref(b.BankIdType), bankID: b.BankId, swiftCode: b.SwiftCode,
				countryCode: b.CountryCode, addrCountry: bankAddressCountry(b.Address),
				accountType: enumPtr(b.AccountType), accountNumber: b.AccountNumber,
			})
		}
	}
	if p.Fee != nil {
		v.fee = p.Fee.Amount // v3 does not require it
		if p.Fee.Currency != nil {
			v.feeCurrency = *p.Fee.Currency
		}
	}
	if r := p.Recurrence; r != nil {
		v.recurrence = &recurrenceView{endDate: r.EndDate, count: r.NumberOfPayments, frequency: &r.Frequency}
	}
	// v3's additional info has exactly the v4 fields.
	v.info = infoOf((*finzly.CreditAdditionalInfo)(p.AdditionalInfo))
	return c.checkCredit(v, env)
}

// infoOf reads the rail-specific fields of additionalInfo.
func infoOf(a *finzly.CreditAdditionalInfo) *infoView {
	if a == nil {
		return nil
	}
	return &infoView{
		secCode: a.SecCode, transactionTypeCode: a.TransactionTypeCode, receiverIDNumber: a.ReceiverIdentificationNumber,
		benefitReceiver: a.BenefitReceiver != nil, remittanceMethod: enumPtr(a.RemittanceMethod),
		localInstrument: enumPtr(a.LocalInstruments), remittanceNotes: a.PaymentRemittanceNotes,
		referenceForBeneficiary: a.ReferenceForBeneficiary, originatorToBeneficiary: a.OriginatorToBeneficiary,
		originatorToBeneficiaryOld: a.OriginatortoBeneficiary, senderToReceiverNotes: a.SenderToReceiverNotes,
		unstructuredAddenda: a.UnstructuredAddendaInfo != nil, fxContractNumber: a.FxContractNumber,
		detailsOfCharges: a.DetailsOfCharges,
	}
}

// railSet is the rails a payment's speed may use.
type railSet []Rail

func (rs railSet) any(f func(Rail) bool) bool {
	for _, r := range rs {
		if f(r) {
			return true
		}
	}
	return false
}

func (rs railSet) all(f func(Rail) bool) bool {
	for _, r := range rs {
		if !f(r) {
			return false
		}
	}
	return len(rs) > 0
}

func (rs railSet) has(r Rail) bool { return rs.any(func(x Rail) bool { return x == r }) }

func (rs railSet) String() string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		parts[i] = string(r)
	}
	return strings.Join(parts, "/")
}

// creditCheck is what the steps of a credit payment's check share.
type creditCheck struct {
	r    *report
	v    *creditView
	env  Env
	rs   railSet
	enr  bool        // an ACH ENR enrolment
	day  fedcal.Date // the payment date, when valid
	info *infoView   // never nil
}

func (c *Checker) checkCredit(v *creditView, env Env) problem.Problems {
	k := &creditCheck{r: &report{c: c}, v: v, env: env, info: v.info}
	if k.info == nil {
		k.info = &infoView{}
	}
	rails, speedOK := c.cfg.Speeds[v.speed]
	if !speedOK {
		k.r.add(RuleSpeedUnknown, "/speed", "speed is not configured; configured speeds are "+c.speedNames())
	}
	k.rs = railSet(rails)
	// An ENR enrolment ($0, no receiver) exists on ACH only: on a speed
	// that may take another rail, which ignores secCode, the payment is an
	// ordinary one. An unknown speed, already reported, is given the
	// benefit of the doubt.
	k.enr = v.info != nil && deref(v.info.secCode) == "ENR" && (len(k.rs) == 0 || k.rs.all(Rail.isACH))
	v.currency = upperCurrency(k.r, "/paymentCurrency", v.currency)
	c.checkCreditDates(k)
	c.checkCreditAmount(k)
	c.checkCreditCurrencies(k)
	c.checkCreditParties(k)
	c.checkCreditRails(k)
	c.checkCreditFee(k)
	checkCreditFXTrade(k)
	return k.r.done()
}

func (c *Checker) checkCreditDates(k *creditCheck) {
	v, r := k.v, k.r
	day, payDate := checkPaymentDate(r, v.date, k.env.Today)
	k.day = day
	if payDate && k.rs.all(Rail.businessDaysOnly) && !c.calendar.IsBusinessDay(day) {
		r.add(RuleDateNotBusinessDay, "/paymentDate", c.closedReason(day)+"; "+k.rs.String()+" settles on Federal Reserve business days only")
	}
	if payDate {
		c.checkCutoff(r, k.rs, day, k.env)
	}
	if rec := v.recurrence; rec != nil {
		checkRecurrence(r, rec.endDate, rec.count, day)
		c.checkFrequency(r, "/recurrence/frequency", rec.frequency)
	}
}

func (c *Checker) checkCreditAmount(k *creditCheck) {
	v, r := k.v, k.r
	switch {
	case k.enr && !v.amount.IsZero():
		r.add(RuleENRAmountNotZero, "/paymentAmount", "must be exactly 0 for an ENR enrolment")
	case !k.enr && v.amount.Sign() <= 0:
		r.add(RuleAmountNotPositive, "/paymentAmount", "must be above zero")
	}
	if v.amount.Sign() > 0 && len(k.rs) > 0 {
		c.checkLimits(r, v.amount, k.rs, k.day)
	}
	c.checkDecimals(r, "/paymentAmount", v.amount, v.currency)
}

func (c *Checker) checkCreditCurrencies(k *creditCheck) {
	v, r, rs := k.v, k.r, k.rs
	if !c.currencies.Active(v.currency) {
		r.add(RuleCurrencyUnknown, "/paymentCurrency", "is not an active ISO 4217 currency code")
	} else if rs.all(Rail.domestic) && v.currency != "USD" {
		r.add(RuleCurrencyDomesticUSD, "/paymentCurrency", rs.String()+" carries USD only")
	}
	if v.receiver == nil || v.receiver.accountCurrency == nil {
		return
	}
	acc := upperCurrency(r, "/receiver/accountCurrency", *v.receiver.accountCurrency)
	switch {
	case !c.currencies.Active(acc):
		r.add(RuleCurrencyUnknown, "/receiver/accountCurrency", "is not an active ISO 4217 currency code")
	case v.currency == "USD" || v.currency == acc:
	case rs.has(RailSWIFT):
		r.add(RuleCurrencyReceiver, "/paymentCurrency", "an international payment not in USD must be in the receiver's account currency")
	default:
		r.add(RuleCurrencyParties, "/paymentCurrency", "must be the sender's currency (USD) or the receiver's account currency")
	}
}

func (c *Checker) checkCreditParties(k *creditCheck) {
	v, r := k.v, k.r
	if v.receiver == nil && !k.enr {
		r.add(RuleReceiverRequired, "/receiver", "is required (only an ACH ENR enrolment has none)")
	}
	if k.enr && (v.info == nil || !v.info.benefitReceiver) {
		r.add(RuleENRBenefitReceiver, "/additionalInfo/benefitReceiver", "is required for an ENR enrolment")
	}
	c.checkSenderBank(r, &v.sender)
	if v.receiver != nil {
		c.checkReceiverBanks(r, v.receiver)
	}
}

func (c *Checker) checkCreditRails(k *creditCheck) {
	v, r, rs, info := k.v, k.r, k.rs, k.info
	if rs.any(Rail.isACH) {
		c.checkACH(r, v, info, rs)
	}
	if rs.has(RailFedwire) {
		c.checkFedwire(r, v, info)
	}
	if rs.any(Rail.instant) {
		checkInstantSender(r, v)
	}
	if rs.has(RailSWIFT) {
		if swiftAmountWidth(v.amount) > swiftAmountField {
			r.add(RuleSWIFTAmountWidth, "/paymentAmount", "does not fit the 15 characters of a SWIFT amount (field :32A:, decimal comma included)")
		}
		if isBlank(v.notes) {
			r.add(RuleSWIFTNotesRequired, "/paymentNotes", "is required for SWIFT payments")
		}
		if v.date == nil && info.fxContractNumber == nil {
			r.add(RuleSWIFTFXContract, "/additionalInfo/fxContractNumber", "is required for SWIFT payments without paymentDate")
		}
	}
	if d := info.detailsOfCharges; d != nil && *d != "OUR" && *d != "BEN" && *d != "SHA" {
		r.add(RuleDetailsOfCharges, "/additionalInfo/detailsOfCharges", "must be OUR, BEN or SHA")
	}
	if len(rs) > 0 {
		c.checkTextLimits(r, v, info, rs)
		c.checkIgnoredFields(r, v, info, rs)
	}
}

func (c *Checker) checkCreditFee(k *creditCheck) {
	v, r := k.v, k.r
	if v.fee == nil {
		return
	}
	if v.fee.Sign() <= 0 || v.fee.Cmp(feeMax) > 0 {
		r.add(RuleFeeAmount, "/fee/amount", "must be above zero and at most 10000000")
	}
	c.checkDecimals(r, "/fee/amount", *v.fee, upperCurrency(r, "/fee/currency", v.feeCurrency))
}

// checkCreditFXTrade checks the payment against the FX trade it names,
// when the caller can look trades up.
func checkCreditFXTrade(k *creditCheck) {
	v, r, info := k.v, k.r, k.info
	if info.fxContractNumber == nil || k.env.FXTrade == nil {
		return
	}
	trade, ok := k.env.FXTrade(*info.fxContractNumber)
	if !ok {
		r.add(RuleFXContractUnknown, "/additionalInfo/fxContractNumber", "names no known FX trade")
		return
	}
	if !v.amount.Equal(trade.Amount) {
		r.add(RuleFXAmount, "/paymentAmount", "does not equal the amount of the FX trade it names")
	}
	if trade.Currency != "" && trade.Currency != v.currency {
		r.add(RuleFXCurrency, "/paymentCurrency", "is not the currency of the FX trade ("+trade.Currency+")")
	}
}

var feeMax = money.MustParse("10000000")

// checkPaymentDate checks a paymentDate (nil when absent) and returns the
// date the payment is judged on: the payment date when it is a real date,
// else today; dated reports whether it was.
func checkPaymentDate(r *report, date *string, today fedcal.Date) (day fedcal.Date, dated bool) {
	if date == nil {
		return today, false
	}
	return checkDateNotPast(r, "/paymentDate", *date, today)
}

// checkRecurrence checks a recurrence's end date against the first payment
// date and its number of payments.
func checkRecurrence(r *report, endDate *string, count *int32, first fedcal.Date) {
	if endDate != nil {
		end, ok := parseMDY(*endDate)
		switch {
		case !ok:
			r.add(RuleDateInvalid, "/recurrence/endDate", "is not a real calendar date in MM-DD-YYYY")
		case !end.After(first):
			r.add(RuleRecurrenceEndDate, "/recurrence/endDate", "must fall after the first payment date")
		}
	}
	if count != nil && (*count < 1 || *count > 9999) {
		r.add(RuleRecurrenceCount, "/recurrence/numberOfPayments", "must be between 1 and 9999")
	}
}

// checkLimits compares a positive amount with the limits of the speed's
// rails on the payment date: the configured limit, or the network's
// ceiling where it is lower or nothing is configured (a configuration
// that replaces the limits and leaves a rail out).
func (c *Checker) checkLimits(r *report, amount money.Amount, rs railSet, day fedcal.Date) {
	var fits, over []Rail
	var firstLimit money.Amount
	for _, rail := range rs {
		limit, ok := c.LimitOn(rail, day)
		if !ok || amount.Cmp(limit) <= 0 {
			fits = append(fits, rail)
			continue
		}
		if len(over) == 0 {
			firstLimit = limit
		}
		over = append(over, rail)
	}
	switch {
	case len(fits) == 0:
		r.add(RuleAmountOverLimit, "/paymentAmount",
			"is above the "+string(over[0])+" limit of "+firstLimit.String()+" in force on the payment date")
	case len(over) > 0:
		r.add(RuleAmountRailRestricted, "/paymentAmount",
			"is above the "+string(over[0])+" limit of "+firstLimit.String()+"; only "+railSet(fits).String()+" can carry it")
	}
}

// checkDecimals compares the decimal places of an amount, as written, with
// the currency's minor units.
func (c *Checker) checkDecimals(r *report, ptr string, a money.Amount, code string) {
	cur, ok := c.currencies.Lookup(code)
	if !ok || !cur.Active {
		return
	}
	if int(a.Scale()) > cur.MinorUnits {
		r.add(RuleAmountDecimals, ptr, "has more decimal places than the currency's "+problem.Count(cur.MinorUnits, "minor unit"))
	}
}

// swiftAmountField is the width of an MT103's amount (:32A:, 15d): its
// digits and the decimal comma, which is always written.
const swiftAmountField = 15

// swiftAmountWidth is the number of characters SWIFT needs for a: the
// digits of its integer part, the decimal comma and the fraction's
// significant digits.
func swiftAmountWidth(a money.Amount) int {
	text := a.Decimal().Abs().String() // no exponent, no trailing zeros
	if !strings.Contains(text, ".") {
		return len(text) + 1
	}
	return len(text)
}

// checkInstantSender requires of an address given for a sender not in
// the CRM the state and postal code RTP and FedNow need, as ACH does.
func checkInstantSender(r *report, v *creditView) {
	s := v.sender
	if s.inCRM || s.address == nil {
		return
	}
	if isBlank(s.address.state) {
		r.add(RuleInstantSenderAddress, "/sender/address/state", "is required for an RTP or FedNow sender not in the CRM")
	}
	if isBlank(s.address.postal) {
		r.add(RuleInstantSenderAddress, "/sender/address/postalCode", "is required for an RTP or FedNow sender not in the CRM")
	}
}

// debitOnlySEC are the SEC codes whose forward entries are debits only:
// telephone-authorised entries and the entries that stand for a paper
// check (converted at a lockbox, a back office or the point of purchase,
// re-presented, or destroyed).
var debitOnlySEC = map[string]bool{"TEL": true, "ARC": true, "BOC": true, "POP": true, "RCK": true, "XCK": true}

func (c *Checker) checkACH(r *report, v *creditView, info *infoView, rs railSet) {
	sec := info.secCode
	switch {
	case sec == nil:
		r.add(RuleACHSECRequired, "/additionalInfo/secCode", "is required for ACH payments")
	case debitOnlySEC[*sec]:
		r.add(RuleACHSECDebitOnly, "/additionalInfo/secCode", "is a debit-only SEC code; a credit cannot carry it")
	case !c.secCodes[*sec]:
		r.add(RuleACHSECUnsupported, "/additionalInfo/secCode", "is not a supported SEC code ("+c.secCodeList()+")")
	case *sec == "IAT":
		if rs.has(RailSameDayACH) {
			r.add(RuleACHIATSameDay, "/additionalInfo/secCode", "IAT entries cannot go by Same Day ACH")
		}
		if info.transactionTypeCode == nil {
			r.add(RuleACHIATTransactionType, "/additionalInfo/transactionTypeCode", "is required for IAT entries")
		}
	}
	if isBlank(v.notes) {
		r.add(RuleACHNotesRequired, "/paymentNotes", "is required for ACH payments")
	}
	if s := v.sender; !s.inCRM {
		if s.achCompanyID == nil {
			r.add(RuleACHSenderDetails, "/sender/achCompanyID", "is required for an ACH sender not in the CRM")
		}
		if s.subAccountType == nil {
			r.add(RuleACHSenderDetails, "/sender/subAccountType", "is required for an ACH sender not in the CRM")
		}
		switch a := s.address; {
		case a == nil:
			r.add(RuleACHSenderDetails, "/sender/address", "is required for an ACH sender not in the CRM")
		default:
			if isBlank(a.state) {
				r.add(RuleACHSenderDetails, "/sender/address/state", "is required for an ACH sender not in the CRM")
			}
			if isBlank(a.postal) {
				r.add(RuleACHSenderDetails, "/sender/address/postalCode", "is required for an ACH sender not in the CRM")
			}
		}
	}
	if rc := v.receiver; rc != nil && !rc.inCRM {
		if rc.accountType == nil {
			r.add(RuleACHReceiverDetails, "/receiver/accountType", "is required for an ACH receiver not in the CRM")
		}
		if rc.subAccountType == nil {
			r.add(RuleACHReceiverDetails, "/receiver/subAccountType", "is required for an ACH receiver not in the CRM")
		}
	}
}

func (c *Checker) checkFedwire(r *report, v *creditView, info *infoView) {
	if n := utf8.RuneCountInString(v.extRef); n > 16 {
		r.add(RuleFedwireReference, "/externalReferenceId", "Fedwire tag {3320} carries 16 of its "+strconv.Itoa(n)+" characters")
	}
	if t := info.originatorToBeneficiary; t != nil && !fitsLines(*t, 4, 35) {
		r.add(RuleFedwireOBI, "/additionalInfo/originatorToBeneficiary", "must fit 4 lines of 35 characters")
	}
	if t := info.originatorToBeneficiaryOld; t != nil && !fitsLines(*t, 4, 35) {
		r.add(RuleFedwireOBI, "/additionalInfo/originatortoBeneficiary", "must fit 4 lines of 35 characters")
	}
	if t := info.senderToReceiverNotes; t != nil && !fitsLines(*t, 3, 35) {
		r.add(RuleFedwireSenderToReceiver, "/additionalInfo/senderToReceiverNotes", "must fit 3 lines of 35 characters")
	}
	if t := info.referenceForBeneficiary; t != nil && utf8.RuneCountInString(*t) > 16 {
		r.add(RuleFedwireBeneficiaryRef, "/additionalInfo/referenceForBeneficiary", "must be at most 16 characters")
	}
	if rc := v.receiver; rc != nil && !rc.inCRM {
		switch a := rc.address; {
		case a == nil:
			r.add(RuleFedwireReceiverAddress, "/receiver/address", "is required for a Fedwire receiver not in the CRM")
		default:
			for _, f := range []struct {
				name string
				v    *string
			}{{"addressLine1", a.line1}, {"city", a.city}, {"countryCode", a.country}} {
				if isBlank(f.v) {
					r.add(RuleFedwireReceiverAddress, "/receiver/address/"+f.name, "is required for a Fedwire receiver not in the CRM")
				}
			}
		}
	}
}

// checkTextLimits applies the per-rail lengths of the free-text fields.
func (c *Checker) checkTextLimits(r *report, v *creditView, info *infoView, rs railSet) {
	if v.notes != nil {
		limit, rail := 0, Rail("")
		for _, x := range rs {
			if l := x.notesLimit(); limit == 0 || l < limit {
				limit, rail = l, x
			}
		}
		if n := utf8.RuneCountInString(*v.notes); n > limit {
			// The kept text is not shown: notes can hold account numbers
			// and names, and messages never repeat what was sent.
			r.add(RuleNotesTruncated, "/paymentNotes", fmt.Sprintf("%s carries the first %d characters; the other %d will not be sent",
				rail, limit, n-limit))
		}
	}
	if t := info.remittanceNotes; t != nil {
		limit := 0
		for _, x := range rs {
			if l := x.remittanceLimit(); l > 0 && (limit == 0 || l < limit) {
				limit = l
			}
		}
		if limit > 0 && utf8.RuneCountInString(*t) > limit {
			r.add(RuleRemittanceNotesLength, "/additionalInfo/paymentRemittanceNotes",
				fmt.Sprintf("must be at most %d characters on %s", limit, rs))
		}
	}
}

// railFields says which rails use each rail-specific field; a field the
// payment's rails all ignore is reported.
var railFields = []struct {
	ptr   string
	get   func(v *creditView, i *infoView) bool
	rails []Rail
}{
	{"/additionalInfo/secCode", func(_ *creditView, i *infoView) bool { return i.secCode != nil }, []Rail{RailACH, RailSameDayACH}},
	{"/additionalInfo/transactionTypeCode", func(_ *creditView, i *infoView) bool { return i.transactionTypeCode != nil }, []Rail{RailACH, RailSameDayACH}},
	{"/additionalInfo/receiverIdentificationNumber", func(_ *creditView, i *infoView) bool { return i.receiverIDNumber != nil }, []Rail{RailACH, RailSameDayACH}},
	{"/additionalInfo/benefitReceiver", func(_ *creditView, i *infoView) bool { return i.benefitReceiver }, []Rail{RailACH, RailSameDayACH}},
	{"/sender/achCompanyID", func(v *creditView, _ *infoView) bool { return v.sender.achCompanyID != nil }, []Rail{RailACH, RailSameDayACH}},
	{"/additionalInfo/remittanceMethod", func(_ *creditView, i *infoView) bool { return i.remittanceMethod != nil }, []Rail{RailRTP}},
	{"/additionalInfo/localInstruments", func(_ *creditView, i *infoView) bool { return i.localInstrument != nil }, []Rail{RailRTP, RailFedNow, RailFedwire}},
	{"/additionalInfo/paymentRemittanceNotes", func(_ *creditView, i *infoView) bool { return i.remittanceNotes != nil }, []Rail{RailACH, RailSameDayACH, RailRTP, RailFedNow, RailSWIFT}},
	{"/additionalInfo/referenceForBeneficiary", func(_ *creditView, i *infoView) bool { return i.referenceForBeneficiary != nil }, []Rail{RailFedwire}},
	{"/additionalInfo/originatorToBeneficiary", func(_ *creditView, i *infoView) bool { return i.originatorToBeneficiary != nil }, []Rail{RailFedwire}},
	{"/additionalInfo/senderToReceiverNotes", func(_ *creditView, i *infoView) bool { return i.senderToReceiverNotes != nil }, []Rail{RailFedwire}},
	{"/additionalInfo/unstructuredAddendaInfo", func(_ *creditView, i *infoView) bool { return i.unstructuredAddenda }, []Rail{RailFedwire}},
	{"/additionalInfo/fxContractNumber", func(_ *creditView, i *infoView) bool { return i.fxContractNumber != nil }, []Rail{RailSWIFT}},
	{"/additionalInfo/detailsOfCharges", func(_ *creditView, i *infoView) bool { return i.detailsOfCharges != nil }, []Rail{RailFedwire, RailSWIFT}},
}

func (c *Checker) checkIgnoredFields(r *report, v *creditView, info *infoView, rs railSet) {
	for _, f := range railFields {
		if !f.get(v, info) {
			continue
		}
		used := false
		for _, x := range f.rails {
			if rs.has(x) {
				used = true
				break
			}
		}
		if !used {
			r.add(RuleFieldIgnored, f.ptr, "is used only on "+railSet(f.rails).String()+"; "+rs.String()+" ignores it")
		}
	}
	// Local instruments belong to one instant network each.
	if li := info.localInstrument; li != nil && !rs.has(RailFedwire) {
		switch *li {
		case "FDNA":
			if !rs.has(RailFedNow) {
				r.add(RuleFieldIgnored, "/additionalInfo/localInstruments", "FDNA is a FedNow local instrument; "+rs.String()+" ignores it")
			}
		case "ZELLE", "INTERMEDIARY":
			if !rs.has(RailRTP) {
				r.add(RuleFieldIgnored, "/additionalInfo/localInstruments", *li+" is an RTP local instrument; "+rs.String()+" ignores it")
			}
		}
	}
}

func (c *Checker) checkSenderBank(r *report, s *partyView) {
	if s.bankID != nil && s.bankIDType != nil {
		switch *s.bankIDType {
		case "NID":
			if err := bankid.CheckABA(*s.bankID); err != nil {
				r.add(RuleBankABA, "/sender/bankId", "is not a valid ABA routing number ("+reason(err)+")")
			}
		case "BIC":
			if err := bankid.CheckBIC(*s.bankID); err != nil {
				r.add(RuleBankBIC, "/sender/bankId", "is not a valid BIC ("+reason(err)+")")
			}
		}
	}
	if s.correspondentID != nil {
		if err := bankid.CheckABA(*s.correspondentID); err != nil {
			r.add(RuleBankABA, "/sender/correspondentBankId", "is not a valid ABA routing number ("+reason(err)+")")
		}
	}
}

// checkAccountIBAN checks an account number that looks like an IBAN,
// written as the electronic form (no separators) or as the printed one
// (groups split by spaces), which ISO 13616 keeps out of payment messages.
func checkAccountIBAN(r *report, ptr, n string) {
	compact := strings.ReplaceAll(n, " ", "")
	if !bankid.LooksLikeIBAN(compact) {
		return
	}
	switch err := bankid.CheckIBAN(compact); {
	case err != nil:
		r.add(RuleBankIBAN, ptr, "looks like an IBAN but is not a valid one ("+reason(err)+")")
	case compact != n:
		r.add(RuleBankIBAN, ptr, "is an IBAN written with spaces; payment messages carry it without them")
	}
}

func (c *Checker) checkReceiverBanks(r *report, rc *partyView) {
	if n := rc.accountNumber; n != nil {
		checkAccountIBAN(r, rc.ptr+"/accountNumber", *n)
	}
	for _, b := range rc.banks {
		country := ""
		switch {
		case b.countryCode != nil:
			country = strings.ToUpper(*b.countryCode)
		case b.addrCountry != nil:
			country = strings.ToUpper(*b.addrCountry)
		}
		if b.countryCode != nil && b.addrCountry != nil && !strings.EqualFold(*b.countryCode, *b.addrCountry) {
			r.add(RuleBankCountry, b.ptr+"/countryCode", "differs from the country of the bank's address")
		}
		switch b.idType {
		case "NID":
			if b.bankID != nil {
				if err := bankid.CheckABA(*b.bankID); err != nil {
					r.add(RuleBankABA, b.ptr+"/bankId", "is not a valid ABA routing number ("+reason(err)+")")
				}
			}
			if country != "" && country != "US" {
				r.add(RuleBankNIDNotUS, b.ptr+"/bankIdType", "NID identifies US banks only; use SWIFT for a bank outside the US")
			}
		case "SWIFT":
			if b.swiftCode != nil {
				if err := bankid.CheckBIC(*b.swiftCode); err != nil {
					r.add(RuleBankBIC, b.ptr+"/swiftCode", "is not a valid BIC ("+reason(err)+")")
				}
			}
		}
		if b.accountType != nil && *b.accountType == "IBAN" {
			switch {
			case b.accountNumber == nil:
				r.add(RuleBankIBAN, b.ptr+"/accountNumber", "is required when accountType is IBAN")
			default:
				if err := bankid.CheckIBAN(*b.accountNumber); err != nil {
					r.add(RuleBankIBAN, b.ptr+"/accountNumber", "is not a valid IBAN ("+reason(err)+")")
				}
			}
		}
	}
}

// reason names what is wrong with a bank identifier; it never holds the
// identifier itself.
func reason(err error) string {
	var be *bankid.Error
	if errors.As(err, &be) {
		return be.Reason
	}
	return "malformed"
}

// closedReason says why a day is not a business day.
func (c *Checker) closedReason(d fedcal.Date) string {
	if name, ok := c.calendar.Holiday(d); ok {
		return "is " + name + ", a Federal Reserve holiday"
	}
	return "is a " + d.Weekday().String()
}

func (c *Checker) speedNames() string {
	names := make([]string, 0, len(c.cfg.Speeds))
	for s := range c.cfg.Speeds {
		names = append(names, s)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

func (c *Checker) secCodeList() string {
	return joinCodes(c.cfg.SECCodes)
}

func joinCodes(codes []string) string { return strings.Join(codes, ", ") }

// fitsLines reports whether text fits n lines of width characters, each
// line break in the text starting a new line and long lines wrapping.
func fitsLines(text string, n, width int) bool {
	used := 0
	for _, line := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		l := utf8.RuneCountInString(line)
		if l == 0 {
			used++
			continue
		}
		used += (l + width - 1) / width
	}
	return used <= n
}

// parseMDY reads a real calendar date written MM-DD-YYYY.
func parseMDY(s string) (fedcal.Date, bool) {
	if len(s) != 10 || s[2] != '-' || s[5] != '-' {
		return fedcal.Date{}, false
	}
	d, err := fedcal.ParseDate(s[6:] + "-" + s[:2] + "-" + s[3:5])
	return d, err == nil
}

func formatMDY(d fedcal.Date) string {
	return fmt.Sprintf("%02d-%02d-%04d", int(d.Month), d.Day, d.Year)
}

func addressOf(a *finzly.AddressFields) *addressView {
	if a == nil {
		return nil
	}
	return &addressView{line1: a.AddressLine1, city: a.City, state: a.State, postal: a.PostalCode, country: a.CountryCode}
}

func bankAddressCountry(a *finzly.BankAddress) *string {
	if a == nil {
		return nil
	}
	return &a.CountryCode
}

func enumPtr[T ~string](p *T) *string {
	if p == nil {
		return nil
	}
	s := string(*p)
	return &s
}

func deref(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

func isBlank(p *string) bool { return p == nil || strings.TrimSpace(*p) == "" }
