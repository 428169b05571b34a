package finzly

import (
	"strconv"

	"github.com/google/uuid"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/validate/rules"
)

// The requests of Finzly's creates name their parties in several shapes;
// these functions read each into the sandbox's one fzParty and fzPayment.

func str[T ~string](p *T) string {
	if p == nil {
		return ""
	}
	return string(*p)
}

func (p *fzParty) setAddress(a *finzly.AddressFields) {
	if a == nil {
		return
	}
	p.Address1, p.Address2, p.City = str(a.AddressLine1), str(a.AddressLine2), str(a.City)
	p.State, p.Zip, p.Country = str(a.State), str(a.PostalCode), str(a.CountryCode)
}

func (p *fzParty) setV3Address(a *finzly.PaymentAddressFields) {
	if a == nil {
		return
	}
	p.Address1, p.Address2, p.City = str(a.AddressLine1), str(a.AddressLine2), str(a.City)
	p.State, p.Zip, p.Country = str(a.State), str(a.PostalCode), str(a.CountryCode)
}

func (p *fzParty) setBank(b *finzly.Bank) {
	if b == nil {
		return
	}
	p.BankIDType, p.BankID, p.BankName = str(b.BankIdType), str(b.BankId), str(b.Name)
	if p.BankID == "" {
		p.BankID = str(b.SwiftCode)
	}
}

// fromCreditV4 reads a v4 (or v5) credit payment.
func (f *Service) fromCreditV4(req *finzly.CreditPaymentInstruction, kind string) *fzPayment {
	p := &fzPayment{Kind: kind, EntryType: "CREDIT", ExternalRef: req.ExternalReferenceId, Amount: req.PaymentAmount,
		Currency: req.PaymentCurrency, Speed: req.Speed, PaymentDate: dateOf(req.PaymentDate), Notes: str(req.PaymentNotes)}
	s := req.Sender
	p.Sender = fzParty{Name: str(s.Name), AccountNumber: str(s.AccountNumber), AccountType: str(s.AccountType),
		SubAccountType: str(s.SubAccountType), BankIDType: str(s.BankIdType), BankID: str(s.BankId), Email: str(s.Email),
		Currency: "USD"}
	if s.AccountUID != nil {
		p.Sender.AccountUID = strconv.FormatInt(*s.AccountUID, 10)
	}
	p.Sender.setAddress(s.Address)
	if rc := req.Receiver; rc != nil {
		p.Receiver = fzParty{Name: str(rc.Name), AccountNumber: str(rc.AccountNumber), AccountType: str(rc.AccountType),
			SubAccountType: str(rc.SubAccountType), Email: str(rc.Email), Currency: str(rc.AccountCurrency)}
		if rc.BeneficiaryId != nil {
			p.Receiver.ContactID = *rc.BeneficiaryId
		}
		p.Receiver.setAddress(rc.Address)
		if b := rc.Bank; b != nil {
			p.Receiver.BankIDType, p.Receiver.BankID, p.Receiver.BankName = string(b.BankIdType), str(b.BankId), str(b.Name)
			if p.Receiver.BankID == "" {
				p.Receiver.BankID = str(b.SwiftCode)
			}
		}
	}
	if info := req.AdditionalInfo; info != nil {
		p.FXContract = str(info.FxContractNumber)
	}
	f.fillParties(p)
	return p
}

// fromCreditV3 reads a legacy v3 credit payment.
func (f *Service) fromCreditV3(req *finzly.CreditPaymentRequest) *fzPayment {
	p := &fzPayment{Kind: "creditV3", EntryType: "CREDIT", ExternalRef: req.ExternalReferenceId, Amount: req.PaymentAmount,
		Currency: req.PaymentCurrency, Speed: req.Speed, PaymentDate: dateOf(req.PaymentDate), Notes: str(req.PaymentNotes)}
	s := req.Sender
	p.Sender = fzParty{Name: str(s.Name), AccountNumber: str(s.AccountNumber), AccountUID: str(s.AccountUID),
		AccountType: str(s.AccountType), SubAccountType: str(s.SubAccountType), BankIDType: str(s.BankIdType),
		BankID: str(s.BankId), Email: str(s.Email), Currency: "USD"}
	p.Sender.setV3Address(s.Address)
	if rc := req.Receiver; rc != nil {
		p.Receiver = fzParty{Name: str(rc.Name), AccountNumber: str(rc.AccountNumber), AccountUID: str(rc.AccountUID),
			AccountType: str(rc.AccountType), SubAccountType: str(rc.SubAccountType), Email: str(rc.Email),
			Currency: str(rc.AccountCurrency)}
		p.Receiver.setV3Address(rc.Address)
		p.Receiver.setBank(rc.Bank)
	}
	if info := req.AdditionalInfo; info != nil {
		p.FXContract = str(info.FxContractNumber)
	}
	f.fillParties(p)
	return p
}

// fromDebit reads a debit: the creditor (the bank's customer) collects
// from the debtor.
func (f *Service) fromDebit(req *finzly.DebitPaymentRequest) *fzPayment {
	p := &fzPayment{Kind: "debit", EntryType: "DEBIT", ExternalRef: req.ExternalReferenceId, Amount: req.PaymentAmount,
		Currency: req.PaymentCurrency, Speed: req.Speed, PaymentDate: dateOf(req.PaymentDate), Notes: str(req.PaymentNotes)}
	c := req.Creditor
	p.Sender = fzParty{Name: str(c.Name), AccountNumber: str(c.AccountNumber), AccountUID: str(c.AccountUID),
		AccountType: str(c.AccountType), SubAccountType: str(c.SubAccountType), BankIDType: str(c.BankIdType),
		BankID: str(c.BankId), Email: str(c.Email), Currency: "USD"}
	p.Sender.setV3Address(c.Address)
	d := req.Debtor
	p.Receiver = fzParty{Name: str(d.Name), AccountNumber: str(d.AccountNumber), AccountUID: str(d.AccountUID),
		AccountType: str(d.AccountType), SubAccountType: str(d.SubAccountType), Email: str(d.Email),
		Currency: str(d.AccountCurrency)}
	p.Receiver.setV3Address(d.Address)
	p.Receiver.setBank(d.Bank)
	if info := req.AdditionalInfo; info != nil {
		p.FXContract = str(info.FxContractNumber)
	}
	f.fillParties(p)
	return p
}

// fromBook reads a book transfer: no rail, settled on its date.
func (f *Service) fromBook(req *finzly.BookTransferRequest) *fzPayment {
	account := func(a finzly.BookTransferAccountFields) fzParty {
		return fzParty{Name: str(a.AccountName), AccountNumber: str(a.AccountNumber), AccountUID: str(a.AccountUID),
			AccountType: str(a.AccountType), SubAccountType: str(a.AccountSubType), BankID: str(a.RoutingNumber),
			Currency: str(a.Currency)}
	}
	p := &fzPayment{Kind: "book", EntryType: "CREDIT", ExternalRef: req.ExternalReferenceId, Amount: req.PaymentAmount,
		Currency: "USD", DeliveryMethod: "BOOK", PaymentDate: dateOf(&req.PaymentDate), Notes: str(req.PaymentNotes),
		Sender: account(req.SenderAccount), Receiver: account(req.ReceiverAccount)}
	if p.Sender.Currency != "" {
		p.Currency = p.Sender.Currency
	}
	f.fillParties(p)
	return p
}

// fromWaterfall reads one transfer of a waterfall batch.
func (f *Service) fromWaterfall(req *finzly.WaterfallTransferRequest, wp finzly.WaterfallPayment, id string) *fzPayment {
	account := func(a finzly.WaterfallAccount) fzParty {
		return fzParty{AccountNumber: a.AccountNumber, AccountType: string(a.AccountType),
			SubAccountType: string(a.AccountSubType), BankIDType: "NID", BankID: a.RoutingNumber, Currency: "USD"}
	}
	return &fzPayment{Kind: "waterfall", EntryType: "CREDIT",
		ExternalRef: req.ExternalReferenceId + "-" + strconv.Itoa(int(wp.PaymentIndex)),
		Amount:      wp.PaymentAmount, Currency: "USD", DeliveryMethod: "BOOK", Notes: str(wp.PaymentNotes),
		Sender: account(wp.DebtorAccount), Receiver: account(wp.CreditorAccount), WaterfallID: id}
}

// fillParties completes parties given by reference from the customer
// directory: a sender account by its accountUID (which also names the
// customer), a receiver by its contact (beneficiaryId, or a v3 receiver's
// accountUID). A reference the directory does not know keeps what the
// request said.
func (f *Service) fillParties(p *fzPayment) {
	if uid, err := strconv.ParseInt(p.Sender.AccountUID, 10, 64); err == nil {
		if acc, ok := f.dir.account(uid); ok {
			d := acc.Details
			p.Sender.Name = orElse(p.Sender.Name, str(d.Name))
			p.Sender.AccountNumber = orElse(p.Sender.AccountNumber, str(d.AccountNumber))
			p.Sender.AccountType = orElse(p.Sender.AccountType, str(d.Type))
			p.Sender.SubAccountType = orElse(p.Sender.SubAccountType, str(d.SubType))
			p.Sender.BankIDType = orElse(p.Sender.BankIDType, str(d.BankIdType))
			p.Sender.BankID = orElse(p.Sender.BankID, str(d.BankId))
			p.Sender.BankName = orElse(p.Sender.BankName, str(d.BankName))
			p.Customer, _ = strconv.ParseInt(acc.Customer, 10, 64)
		}
	}
	if p.Receiver.ContactID == 0 && p.Kind == "creditV3" {
		p.Receiver.ContactID, _ = strconv.ParseInt(p.Receiver.AccountUID, 10, 64)
	}
	if c, ok := f.dir.contact(p.Receiver.ContactID); ok {
		p.Receiver.Name = orElse(p.Receiver.Name, str(c.Data.Name))
		if b := c.Data.ContactBank; b != nil {
			p.Receiver.AccountNumber = orElse(p.Receiver.AccountNumber, str(b.AccountNo))
			p.Receiver.Currency = orElse(p.Receiver.Currency, str(b.AccountCcy))
			p.Receiver.BankName = orElse(p.Receiver.BankName, str(b.Name))
			if b.NationalCode != nil {
				p.Receiver.BankIDType, p.Receiver.BankID = orElse(p.Receiver.BankIDType, "NID"), orElse(p.Receiver.BankID, *b.NationalCode)
			} else if b.SwiftCode != nil {
				p.Receiver.BankIDType, p.Receiver.BankID = orElse(p.Receiver.BankIDType, "SWIFT"), orElse(p.Receiver.BankID, *b.SwiftCode)
			}
		}
	}
	if p.Receiver.Name == "" && p.Receiver.ContactID != 0 {
		p.Receiver.Name = "Beneficiary " + strconv.FormatInt(p.Receiver.ContactID, 10)
	}
	if p.Sender.Name == "" && p.Sender.AccountUID != "" {
		p.Sender.Name = "Account " + p.Sender.AccountUID
	}
}

func orElse(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

func newUUID() uuid.UUID { return uuid.New() }

// railOf is the rail a stored payment settles on.
func railOf(p *fzPayment) rules.Rail {
	if p.Rail != "" {
		return p.Rail
	}
	return rules.Rail(p.DeliveryMethod)
}
