package spectest

import (
	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/gen/redpinwebhook"
)

// GeneratedTypes returns, for a provider, a constructor of the generated Go
// type of every component schema, keyed by schema name.
func GeneratedTypes(p api.Provider) map[string]func() any {
	switch p {
	case api.ProviderFinzly:
		return finzlyTypes
	case api.ProviderRedpin:
		return redpinTypes
	}
	return nil
}

// finzlyTypes maps every Finzly component schema to its generated Go type.
var finzlyTypes = map[string]func() any{
	"AdditionalInfoCreditPayment": func() any { return new(finzly.AdditionalInfoCreditPayment) },
	"AddressFields":               func() any { return new(finzly.AddressFields) },
	"Bank":                        func() any { return new(finzly.Bank) },
	"BankAddress":                 func() any { return new(finzly.BankAddress) },
	"BenefitReceiver":             func() any { return new(finzly.BenefitReceiver) },
	"BookTransferAccount":         func() any { return new(finzly.BookTransferAccount) },
	"BookTransferAccountFields":   func() any { return new(finzly.BookTransferAccountFields) },
	"BookTransferAdditionalInfo":  func() any { return new(finzly.BookTransferAdditionalInfo) },
	"BookTransferRequest":         func() any { return new(finzly.BookTransferRequest) },
	"BookTransferResponse":        func() any { return new(finzly.BookTransferResponse) },
	"CancelPaymentRequest":        func() any { return new(finzly.CancelPaymentRequest) },
	"CancellationResponse":        func() any { return new(finzly.CancellationResponse) },
	"CreditAdditionalInfo":        func() any { return new(finzly.CreditAdditionalInfo) },
	"CreditFee":                   func() any { return new(finzly.CreditFee) },
	"CreditPaymentInstruction":    func() any { return new(finzly.CreditPaymentInstruction) },
	"CreditPaymentRequest":        func() any { return new(finzly.CreditPaymentRequest) },
	"CreditReceiver":              func() any { return new(finzly.CreditReceiver) },
	"CreditReceiverFields":        func() any { return new(finzly.CreditReceiverFields) },
	"CreditRecurrence":            func() any { return new(finzly.CreditRecurrence) },
	"CreditSender":                func() any { return new(finzly.CreditSender) },
	"CreditSenderFields":          func() any { return new(finzly.CreditSenderFields) },
	"FailureResponse":             func() any { return new(finzly.FailureResponse) },
	"FedWireDetails":              func() any { return new(finzly.FedWireDetails) },
	"FeeDetail":                   func() any { return new(finzly.FeeDetail) },
	"GetPaymentData":              func() any { return new(finzly.GetPaymentData) },
	"IntermediaryBank":            func() any { return new(finzly.IntermediaryBank) },
	"IntermediaryBankFields":      func() any { return new(finzly.IntermediaryBankFields) },
	"InternalError":               func() any { return new(finzly.InternalError) },
	"InternalErrors":              func() any { return new(finzly.InternalErrors) },
	"Pagination":                  func() any { return new(finzly.Pagination) },
	"PaymentAddressFields":        func() any { return new(finzly.PaymentAddressFields) },
	"PaymentFee":                  func() any { return new(finzly.PaymentFee) },
	"PaymentReceiver":             func() any { return new(finzly.PaymentReceiver) },
	"PaymentReceiverFields":       func() any { return new(finzly.PaymentReceiverFields) },
	"PaymentRecordResponse":       func() any { return new(finzly.PaymentRecordResponse) },
	"PaymentRecurrence":           func() any { return new(finzly.PaymentRecurrence) },
	"PaymentResponse":             func() any { return new(finzly.PaymentResponse) },
	"PaymentResponseData":         func() any { return new(finzly.PaymentResponseData) },
	"PaymentSearch":               func() any { return new(finzly.PaymentSearch) },
	"PaymentSearchResponse":       func() any { return new(finzly.PaymentSearchResponse) },
	"PaymentSender":               func() any { return new(finzly.PaymentSender) },
	"PaymentSenderFields":         func() any { return new(finzly.PaymentSenderFields) },
	"ReceiverAddress":             func() any { return new(finzly.ReceiverAddress) },
	"ReceiverBank":                func() any { return new(finzly.ReceiverBank) },
	"ReceiverBankFields":          func() any { return new(finzly.ReceiverBankFields) },
	"ReceiverOrDebtorAddress":     func() any { return new(finzly.ReceiverOrDebtorAddress) },
	"RecurrenceData":              func() any { return new(finzly.RecurrenceData) },
	"RecurrenceFields":            func() any { return new(finzly.RecurrenceFields) },
	"SearchPaymentData":           func() any { return new(finzly.SearchPaymentData) },
	"SenderAddress":               func() any { return new(finzly.SenderAddress) },
	"SenderOrCreditAddress":       func() any { return new(finzly.SenderOrCreditAddress) },
	"UnstructuredAddendaInfo":     func() any { return new(finzly.UnstructuredAddendaInfo) },
	"V4Error":                     func() any { return new(finzly.V4Error) },
	"V4PaymentData":               func() any { return new(finzly.V4PaymentData) },
	"V4PaymentResponse":           func() any { return new(finzly.V4PaymentResponse) },
}

// redpinTypes maps every Redpin component schema to its generated Go type.
// The schemas of the operations tagged webhooks are generated into
// gen/redpinwebhook; those listed there come from that package.
var redpinTypes = map[string]func() any{
	"AdditionalDetails":               func() any { return new(redpin.AdditionalDetails) },
	"Amount":                          func() any { return new(redpin.Amount) },
	"BankTransferInstructions":        func() any { return new(redpin.BankTransferInstructions) },
	"ConfirmRecipient":                func() any { return new(redpin.ConfirmRecipient) },
	"CreatePaymentRequest":            func() any { return new(redpin.CreatePaymentRequest) },
	"CreatePaymentSessionRequest":     func() any { return new(redpin.CreatePaymentSessionRequest) },
	"CreateQuoteRequest":              func() any { return new(redpin.CreateQuoteRequest) },
	"CreateRecipientRequest":          func() any { return new(redpin.CreateRecipientRequest) },
	"CreateThirdPartyCustomerRequest": func() any { return new(redpin.CreateThirdPartyCustomerRequest) },
	"CurrencyList":                    func() any { return new(redpin.CurrencyList) },
	"CustomerOwnAccount":              func() any { return new(redpin.CustomerOwnAccount) },
	"Error":                           func() any { return new(redpin.Error) },
	"IncomeRange":                     func() any { return new(redpin.IncomeRange) },
	"PageMeta":                        func() any { return new(redpin.PageMeta) },
	"Payment":                         func() any { return new(redpin.Payment) },
	"PaymentDetails":                  func() any { return new(redpin.PaymentDetails) },
	"PaymentSession":                  func() any { return new(redpin.PaymentSession) },
	"PaymentSessionList":              func() any { return new(redpin.PaymentSessionList) },
	"PaymentSessionRecord":            func() any { return new(redpin.PaymentSessionRecord) },
	"Quote":                           func() any { return new(redpin.Quote) },
	"Recipient":                       func() any { return new(redpin.Recipient) },
	"RecipientAddress":                func() any { return new(redpin.RecipientAddress) },
	"RecipientBankDetails":            func() any { return new(redpin.RecipientBankDetails) },
	"RecipientBankDetailsFields":      func() any { return new(redpin.RecipientBankDetailsFields) },
	"RecipientCheck":                  func() any { return new(redpin.RecipientCheck) },
	"RecipientDetail":                 func() any { return new(redpin.RecipientDetail) },
	"RecipientList":                   func() any { return new(redpin.RecipientList) },
	"RecipientResult":                 func() any { return new(redpin.RecipientResult) },
	"RecipientResultFields":           func() any { return new(redpin.RecipientResultFields) },
	"RecipientType":                   func() any { return new(redpin.RecipientType) },
	"SessionItem":                     func() any { return new(redpin.SessionItem) },
	"ThirdPartyAddress":               func() any { return new(redpin.ThirdPartyAddress) },
	"ThirdPartyCustomer":              func() any { return new(redpin.ThirdPartyCustomer) },
	"ThirdPartyCustomerDetails":       func() any { return new(redpin.ThirdPartyCustomerDetails) },
	"ThirdPartyProperty":              func() any { return new(redpin.ThirdPartyProperty) },
	"TransactionPurpose":              func() any { return new(redpin.TransactionPurpose) },
	"TransactionPurposeList":          func() any { return new(redpin.TransactionPurposeList) },
	"TypedError":                      func() any { return new(redpin.TypedError) },
	"UpdateRecipientAccountRequest":   func() any { return new(redpin.UpdateRecipientAccountRequest) },

	// Payloads of the webhooks, from gen/redpinwebhook.
	"CustomerContact":                       func() any { return new(redpinwebhook.CustomerContact) },
	"CustomerStatusEvent":                   func() any { return new(redpinwebhook.CustomerStatusEvent) },
	"PaymentStatusData":                     func() any { return new(redpinwebhook.PaymentStatusData) },
	"PaymentStatusEnvelopeData":             func() any { return new(redpinwebhook.PaymentStatusEnvelopeData) },
	"PaymentStatusEnvelopeEvent":            func() any { return new(redpinwebhook.PaymentStatusEnvelopeEvent) },
	"PaymentStatusEvent":                    func() any { return new(redpinwebhook.PaymentStatusEvent) },
	"RequiredDocument":                      func() any { return new(redpinwebhook.RequiredDocument) },
	"ThirdPartyCustomerStatusEvent":         func() any { return new(redpinwebhook.ThirdPartyCustomerStatusEvent) },
	"ThirdPartyCustomerStatusEnvelopeEvent": func() any { return new(redpinwebhook.ThirdPartyCustomerStatusEnvelopeEvent) },
	"ThirdPartyCustomerStatusData":          func() any { return new(redpinwebhook.ThirdPartyCustomerStatusData) },
	"ThirdPartyRejectionReason":             func() any { return new(redpinwebhook.ThirdPartyRejectionReason) },
}
