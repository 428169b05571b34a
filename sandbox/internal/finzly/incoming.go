package finzly

import (
	"net/http"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/payspec/payspec/money"
	"github.com/payspec/payspec/sandbox/internal/core/respond"
	"github.com/payspec/payspec/validate/rules/fedcal"
)

// incomingPayment is the body of POST /_sandbox/finzly/incoming-payments:
// a payment the bank receives, so that returns can be tried.
type incomingPayment struct {
	ExternalReferenceID string       `json:"externalReferenceId"`
	PaymentAmount       money.Amount `json:"paymentAmount"`
	// DeliveryMethod is the rail it came over: ACH, FEDWIRE, RTP or
	// FEDNOW (default ACH).
	DeliveryMethod        string `json:"deliveryMethod,omitempty"`
	SenderName            string `json:"senderName,omitempty"`
	SenderAccountNumber   string `json:"senderAccountNumber,omitempty"`
	SenderBankID          string `json:"senderBankId,omitempty"`
	ReceiverName          string `json:"receiverName,omitempty"`
	ReceiverAccountNumber string `json:"receiverAccountNumber,omitempty"`
}

var incomingRails = map[string]bool{"ACH": true, "FEDWIRE": true, "RTP": true, "FEDNOW": true}

// maxReference is the longest externalReferenceId Finzly's creates take.
// A reference identifies the payment to the bank's books, so a longer one
// is refused rather than cut; the names and account numbers the control
// is given are cut to the webhook's limits when it is sent (setBounded).
const maxReference = 50

// receive books a payment the bank received: PROCESSED at once, with its
// status webhook.
func (f *Service) receive(w http.ResponseWriter, r *http.Request) {
	var in incomingPayment
	if err := respond.DecodeControl(w, r, &in); err != nil {
		respond.ControlError(w, http.StatusBadRequest, err.Error())
		return
	}
	in.DeliveryMethod = strings.ToUpper(in.DeliveryMethod)
	if in.DeliveryMethod == "" {
		in.DeliveryMethod = "ACH"
	}
	switch {
	case in.ExternalReferenceID == "" || in.PaymentAmount.Sign() <= 0:
		respond.ControlError(w, http.StatusBadRequest, "externalReferenceId and a positive paymentAmount are required")
		return
	case utf8.RuneCountInString(in.ExternalReferenceID) > maxReference:
		respond.ControlError(w, http.StatusBadRequest, "externalReferenceId must be at most 50 characters, as in Finzly's creates")
		return
	case !incomingRails[in.DeliveryMethod]:
		respond.ControlError(w, http.StatusBadRequest, "deliveryMethod must be ACH, FEDWIRE, RTP or FEDNOW")
		return
	}
	f.lock(func() {
		p := &fzPayment{Kind: "incoming", Incoming: true, EntryType: "CREDIT", ExternalRef: in.ExternalReferenceID,
			Amount: in.PaymentAmount, Currency: "USD", DeliveryMethod: in.DeliveryMethod,
			PaymentDate: fedcal.DateOf(f.env.Clock.Now()),
			Sender:      fzParty{Name: in.SenderName, AccountNumber: in.SenderAccountNumber, BankIDType: "NID", BankID: in.SenderBankID},
			Receiver:    fzParty{Name: in.ReceiverName, AccountNumber: in.ReceiverAccountNumber}}
		f.createPayment(r.Context(), p)
		respond.WriteJSON(w, http.StatusCreated, map[string]string{"paymentUID": strconv.FormatInt(p.UID, 10),
			"status": p.Progress.Status})
	})
}
