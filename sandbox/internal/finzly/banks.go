package finzly

import (
	"errors"
	"net/http"
	"slices"
	"strings"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/validate/rules/bankid"
)

// bankEntry is a bank of the sandbox's directory.
type bankEntry struct {
	Name string
	// ABA is a US bank's routing number; "" outside the US.
	ABA string
	// BIC is the bank's 8-character BIC; "" when it has none.
	BIC string
	// NationalID is the bank's national clearing code (the ABA number in
	// the US) and NationalIDType its scheme; both "" when there is none.
	NationalID, NationalIDType string
	// IBANCode is the bank's identifier inside its country's IBANs.
	IBANCode                              string
	Street, City, State, Zip, CountryCode string
	Country                               string
	// Rails are the US rails the bank is listed on (ACH, FEDWIRE, RTP,
	// FEDNOW).
	Rails []string
}

// bankDirectory is the sandbox's bank directory: well-known US banks by
// their best-known ABA routing numbers, and a few European and Emirati
// banks by BIC and the bank codes of their IBANs. The names, numbers,
// BICs and head-office addresses are the banks' own. The rails each US bank
// is listed on are the sandbox's choice, made so that every combination a
// payment test needs exists (all four rails; no FedNow; no RTP; no instant
// rail at all); they do not state the banks' actual participation.
var bankDirectory = []bankEntry{
	usBank("JPMORGAN CHASE BANK, NA", "021000021", "CHASUS33", "383 Madison Avenue", "New York", "NY", "10179", "ACH", "FEDWIRE", "RTP", "FEDNOW"),
	usBank("THE BANK OF NEW YORK MELLON", "021000018", "IRVTUS3N", "240 Greenwich Street", "New York", "NY", "10286", "ACH", "FEDWIRE", "RTP", "FEDNOW"),
	usBank("CITIBANK, N.A.", "021000089", "CITIUS33", "388 Greenwich Street", "New York", "NY", "10013", "ACH", "FEDWIRE", "RTP"),
	usBank("BANK OF AMERICA, N.A.", "026009593", "BOFAUS3N", "100 North Tryon Street", "Charlotte", "NC", "28255", "ACH", "FEDWIRE", "RTP"),
	usBank("PNC BANK, NATIONAL ASSOCIATION", "043000096", "PNCCUS33", "300 Fifth Avenue", "Pittsburgh", "PA", "15222", "ACH", "FEDWIRE", "RTP"),
	usBank("TRUIST BANK", "061000104", "SNTRUS3A", "214 North Tryon Street", "Charlotte", "NC", "28202", "ACH", "FEDWIRE"),
	usBank("U.S. BANK NATIONAL ASSOCIATION", "091000022", "USBKUS44", "800 Nicollet Mall", "Minneapolis", "MN", "55402", "ACH", "FEDWIRE", "RTP", "FEDNOW"),
	usBank("WELLS FARGO BANK, NA", "121000248", "WFBIUS6S", "420 Montgomery Street", "San Francisco", "CA", "94104", "ACH", "FEDWIRE", "RTP", "FEDNOW"),
	usBank("NAVY FEDERAL CREDIT UNION", "256074974", "", "820 Follin Lane SE", "Vienna", "VA", "22180", "ACH", "FEDWIRE", "FEDNOW"),
	{Name: "COMMERZBANK AG", BIC: "COBADEFF", NationalID: "37040044", NationalIDType: "BLZ", IBANCode: "37040044",
		Street: "Kaiserplatz", City: "Frankfurt am Main", Zip: "60311", CountryCode: "DE", Country: "Germany"},
	{Name: "DEUTSCHE BANK AG", BIC: "DEUTDEFF", NationalID: "50070010", NationalIDType: "BLZ", IBANCode: "50070010",
		Street: "Taunusanlage 12", City: "Frankfurt am Main", Zip: "60325", CountryCode: "DE", Country: "Germany"},
	{Name: "BARCLAYS BANK UK PLC", BIC: "BUKBGB22", NationalID: "202015", NationalIDType: "SORT CODE", IBANCode: "BUKB",
		Street: "1 Churchill Place", City: "London", Zip: "E14 5HP", CountryCode: "GB", Country: "United Kingdom"},
	{Name: "BARCLAYS BANK PLC", BIC: "BARCGB22", NationalID: "102015", NationalIDType: "SORT CODE", IBANCode: "BARC",
		Street: "1 Churchill Place", City: "London", Zip: "E14 5HP", CountryCode: "GB", Country: "United Kingdom"},
	{Name: "NATIONAL WESTMINSTER BANK PLC", BIC: "NWBKGB2L", NationalID: "601613", NationalIDType: "SORT CODE", IBANCode: "NWBK",
		Street: "250 Bishopsgate", City: "London", Zip: "EC2M 4AA", CountryCode: "GB", Country: "United Kingdom"},
	{Name: "BNP PARIBAS", BIC: "BNPAFRPP", NationalID: "30004", NationalIDType: "BANK CODE", IBANCode: "30004",
		Street: "16 boulevard des Italiens", City: "Paris", Zip: "75009", CountryCode: "FR", Country: "France"},
	{Name: "LA BANQUE POSTALE", BIC: "PSSTFRPP", NationalID: "20041", NationalIDType: "BANK CODE", IBANCode: "20041",
		Street: "115 rue de Sevres", City: "Paris", Zip: "75275", CountryCode: "FR", Country: "France"},
	{Name: "ABN AMRO BANK N.V.", BIC: "ABNANL2A", IBANCode: "ABNA",
		Street: "Gustav Mahlerlaan 10", City: "Amsterdam", Zip: "1082 PP", CountryCode: "NL", Country: "Netherlands"},
	{Name: "MASHREQBANK PSC", BIC: "BOMLAEAD", IBANCode: "033",
		Street: "Umniyati Street, Burj Khalifa Community", City: "Dubai", CountryCode: "AE", Country: "United Arab Emirates"},
}

// ibanBankCodeLength is how many characters after the check digits name
// the bank in the IBANs of the directory's countries.
var ibanBankCodeLength = map[string]int{"AE": 3, "DE": 8, "FR": 5, "GB": 4, "NL": 4}

func usBank(name, aba, bic, street, city, state, zip string, rails ...string) bankEntry {
	return bankEntry{Name: name, ABA: aba, BIC: bic, NationalID: aba, NationalIDType: "ABA", Street: street, City: city,
		State: state, Zip: zip, CountryCode: "US", Country: "United States", Rails: rails}
}

// bankByABA finds a US bank by its routing number.
func bankByABA(aba string) (bankEntry, bool) {
	i := slices.IndexFunc(bankDirectory, func(b bankEntry) bool { return b.ABA != "" && b.ABA == aba })
	if i < 0 {
		return bankEntry{}, false
	}
	return bankDirectory[i], true
}

// bankByBIC finds a bank by its BIC: the 8 characters, or 11 ending in the
// head office's XXX.
func bankByBIC(bic string) (bankEntry, bool) {
	if len(bic) == 11 && strings.HasSuffix(bic, "XXX") {
		bic = bic[:8]
	}
	i := slices.IndexFunc(bankDirectory, func(b bankEntry) bool { return b.BIC != "" && b.BIC == bic })
	if i < 0 {
		return bankEntry{}, false
	}
	return bankDirectory[i], true
}

// bankByIBAN finds the bank an IBAN (already checked) belongs to.
func bankByIBAN(iban string) (bankEntry, bool) {
	cc := iban[:2]
	n, ok := ibanBankCodeLength[cc]
	if !ok || len(iban) < 4+n {
		return bankEntry{}, false
	}
	code := iban[4 : 4+n]
	i := slices.IndexFunc(bankDirectory, func(b bankEntry) bool { return b.CountryCode == cc && b.IBANCode == code })
	if i < 0 {
		return bankEntry{}, false
	}
	return bankDirectory[i], true
}

// has reports whether a US bank is listed on a rail.
func (b bankEntry) has(rail string) bool { return slices.Contains(b.Rails, rail) }

// routingInfo is a US bank as the routing-number lookups answer it.
func (b bankEntry) routingInfo() finzly.RoutingNumberInfo {
	info := finzly.RoutingNumberInfo{
		NationalId: new(b.ABA), NationalIdName: new("ABA"), InstitutionName: new(b.Name),
		DeliveryMethods: new(slices.Clone(b.Rails)),
		RoutingAddress: &finzly.RoutingAddress{AddressLine1: new(b.Street), City: new(b.City), StateCode: new(b.State),
			ZipCode: new(b.Zip), CountryCode: new(b.CountryCode), Country: new(b.Country)},
	}
	if b.has("FEDWIRE") {
		info.FedwireRoutingInfo = &finzly.FedwireRoutingInfo{FundsTransferStatus: new(true),
			FundsSettlementOnly: new(false), SecurityTransferStatus: new(false)}
	}
	if b.has("RTP") {
		info.RtpRoutingInfo = &finzly.RTPRoutingInfo{ParticipantId: new(b.ABA), Status: new("ACTIVE"),
			ConnectionStatus: new("CONNECTED"), SignOnStatus: new("SIGNED_ON"), ReceivingConnection: new("DIRECT"),
			Services: new([]string{"CRDT", "RFP"})}
	}
	if b.has("FEDNOW") {
		info.FedNowRoutingInfo = &finzly.FedNowRoutingInfo{Status: new("ACTIVE"), ConnectionStatus: new("CONNECTED"),
			Services: new([]string{"CT", "RFP"})}
	}
	return info
}

// bankInfo is the bank as searchBanks answers it. A bank with a BIC is
// also reachable over SWIFT.
func (b bankEntry) bankInfo() finzly.BankInfo {
	rails := slices.Clone(b.Rails)
	info := finzly.BankInfo{InstitutionName: new(b.Name), StreetAddress1: new(b.Street), City: new(b.City),
		CountryName: new(b.Country), IsoCountryCode: new(b.CountryCode)}
	if b.BIC != "" {
		info.Bic = new(b.BIC + "XXX")
		rails = append(rails, "SWIFT")
	}
	if b.NationalID != "" {
		info.NationalId, info.NationalIdType = new(b.NationalID), new(b.NationalIDType)
	}
	if b.Zip != "" {
		info.ZipCode = new(b.Zip)
	}
	info.DeliveryMethods = &rails
	return info
}

// Codes of refused bank lookups. The bank API publishes no error codes;
// these are the sandbox's own.
const (
	codeInvalidBankID   = "INVALID_BANK_ID"
	codeCountryRequired = "COUNTRY_CODE_REQUIRED"
	codeCountryMismatch = "COUNTRY_CODE_MISMATCH"
)

// GetBankByRoutingNumber answers the US bank behind a routing number: 400
// when the number is not a valid ABA number, 404 when no bank of the
// directory has it.
func (a *operations) GetBankByRoutingNumber(w http.ResponseWriter, r *http.Request, routingNumber string) {
	if err := bankid.CheckABA(routingNumber); err != nil {
		a.env.Respond.Fail(w, r, http.StatusBadRequest, codeInvalidBankID, "routingNumber is not a valid ABA routing number ("+reasonOf(err)+")")
		return
	}
	b, ok := bankByABA(routingNumber)
	if !ok {
		a.env.Respond.Fail(w, r, http.StatusNotFound, "", "")
		return
	}
	info := b.routingInfo()
	respond.Reply(w, http.StatusOK, finzly.RoutingNumberResponse{Message: new("Success"), RoutingNumber: &info})
}

// SearchBanksByRoutingNumber lists the US banks whose routing numbers start
// with the digits given, in routing-number order; none is an empty list.
func (a *operations) SearchBanksByRoutingNumber(w http.ResponseWriter, _ *http.Request, prefix string) {
	found := []finzly.RoutingNumberInfo{}
	for _, b := range bankDirectory {
		if b.ABA != "" && strings.HasPrefix(b.ABA, prefix) {
			found = append(found, b.routingInfo())
		}
	}
	slices.SortFunc(found, func(x, y finzly.RoutingNumberInfo) int { return strings.Compare(*x.NationalId, *y.NationalId) })
	respond.Reply(w, http.StatusOK, finzly.RoutingNumberSearchResponse{Message: new("Success"), RoutingNumber: &found})
}

// SearchBanks answers the bank a routing number (NID), BIC or IBAN
// identifies. The identifier must be valid for its type (400), an IBAN
// needs a countryCode that is its own (400), and a countryCode given with
// another type must be the bank's country; a bank not in the directory is
// 404.
func (a *operations) SearchBanks(w http.ResponseWriter, r *http.Request, params finzly.SearchBanksParams) {
	country := ""
	if params.CountryCode != nil {
		country = strings.ToUpper(*params.CountryCode)
	}
	b, status, code, msg := lookupBank(params.BankIdType, params.BankId, country)
	if status != http.StatusOK {
		a.env.Respond.Fail(w, r, status, code, msg)
		return
	}
	info := b.bankInfo()
	respond.Reply(w, http.StatusOK, finzly.BankInfoResponse{Data: &info})
}

// lookupBank finds a bank for searchBanks, or says how the lookup fails.
func lookupBank(kind finzly.BankLookupIdType, id, country string) (b bankEntry, status int, code, msg string) {
	var found bool
	switch kind {
	case finzly.BankLookupIdTypeNID:
		if err := bankid.CheckABA(id); err != nil {
			return b, http.StatusBadRequest, codeInvalidBankID, "bankId is not a valid ABA routing number (" + reasonOf(err) + ")"
		}
		b, found = bankByABA(id)
	case finzly.BankLookupIdTypeBIC:
		if err := bankid.CheckBIC(id); err != nil {
			return b, http.StatusBadRequest, codeInvalidBankID, "bankId is not a valid BIC (" + reasonOf(err) + ")"
		}
		b, found = bankByBIC(id)
	default: // IBAN; the middleware has refused any other type
		if country == "" {
			return b, http.StatusBadRequest, codeCountryRequired, "bankIdType IBAN needs a countryCode"
		}
		if err := bankid.CheckIBAN(id); err != nil {
			return b, http.StatusBadRequest, codeInvalidBankID, "bankId is not a valid IBAN (" + reasonOf(err) + ")"
		}
		if bankid.IBANCountry(id) != country {
			return b, http.StatusBadRequest, codeCountryMismatch, "countryCode is not the country of the IBAN"
		}
		b, found = bankByIBAN(id)
	}
	if !found || (country != "" && country != b.CountryCode) {
		return bankEntry{}, http.StatusNotFound, "", ""
	}
	return b, http.StatusOK, "", ""
}

// reasonOf is the stable reason of a bankid error, which never repeats the
// value checked.
func reasonOf(err error) string {
	var e *bankid.Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return "invalid"
}
