package rules_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"testing"

	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
)

func bytesReader(s string) io.Reader { return bytes.NewReader([]byte(s)) }

// decodeProbe decodes a payload into its operation's generated type,
// refusing unknown members so that a misspelt test patch is caught.
type decodeProbe struct{}

func (decodeProbe) run(tb testing.TB, op string, body []byte) error {
	tb.Helper()
	var v any
	switch op {
	case "createCreditPaymentV4":
		v = &finzly.CreditPaymentInstruction{}
	case "createCreditPaymentV3":
		v = &finzly.CreditPaymentRequest{}
	case "createBookTransfer":
		v = &finzly.BookTransferRequest{}
	case "createPayment":
		v = &redpin.CreatePaymentRequest{}
	case "createQuote":
		v = &redpin.CreateQuoteRequest{}
	case "createRecipient":
		v = &redpin.CreateRecipientRequest{}
	case "updateRecipientAccount":
		v = &redpin.UpdateRecipientAccountRequest{}
	case "createPaymentSession":
		v = &redpin.CreatePaymentSessionRequest{}
	case "createCreditPaymentV5":
		v = &finzly.V5CreditPaymentInstruction{}
	case "createDebitPayment":
		v = &finzly.DebitPaymentRequest{}
	case "returnPayment":
		v = &finzly.ReturnPaymentRequest{}
	case "reversePayment":
		v = &finzly.ReversePaymentRequest{}
	case "updateRecurrence":
		v = &finzly.RecurrenceUpdate{}
	case "createWaterfallTransfer":
		v = &finzly.WaterfallTransferRequest{}
	case "createFXQuote":
		v = &finzly.FXQuoteRequest{}
	case "acceptFXQuote":
		v = &finzly.FXAcceptRequest{}
	default:
		return fmt.Errorf("no generated type for %s", op)
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	return dec.Decode(v)
}
