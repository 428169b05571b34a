package validate

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"testing"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/spectest"
)

func TestSmoke(t *testing.T) {
	e, err := New(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	for _, o := range e.Operations() {
		fmt.Println(o)
	}
	h := http.Header{"Content-Type": {"application/json"}}
	for _, p := range api.Providers() {
		for _, ex := range spectest.Examples(t, p) {
			var ps Problems
			switch ex.Kind {
			case spectest.KindRequest:
				ps, err = e.ValidateRequest(context.Background(), ex.OperationID, Request{Header: h, Body: ex.JSON, PathParams: map[string]string{"customer_id": "c1", "payment_id": "p1", "paymentUID": "12"}, Query: map[string][]string{"from_country": {"GBR"}}})
			case spectest.KindResponse:
				var st int
				fmt.Sscan(ex.Status, &st)
				ps, err = e.ValidateResponse(context.Background(), ex.OperationID, Response{Status: st, Header: h, Body: ex.JSON})
			default:
				continue
			}
			if err != nil || len(ps) > 0 {
				fmt.Println(ex, err, ps)
			}
		}
	}
	bad := `{"paymentAmount": 1e400, "PaymentAmount": 1, "speed": "Ex press!", "sender": {"name": 5}, "receiver": {"accountNumber":"1","bank":{"bankIdType":"NID"}}, "zzz": 1, "fee": {"amount": 10000000.000000001}}`
	ps, err := e.ValidateRequest(context.Background(), "createCreditPaymentV4", Request{Header: h, Body: []byte(bad)})
	b, _ := json.MarshalIndent(ps, "", " ")
	fmt.Println(string(b), err)
	ps, err = e.ValidateRequest(context.Background(), "createCreditPaymentV4", Request{Header: http.Header{"Idempotent-Key": {"nope"}}, Body: []byte(bad)})
	fmt.Println(ps[:3], err)
	fmt.Println(string(e.ops["createCreditPaymentV4"].envelope.render(ps)))
	fmt.Println(string(e.ops["createCreditPaymentV3"].envelope.render(ps)))
	fmt.Println(string(e.ops["createPayment"].envelope.render(ps)))
	fmt.Println(e.Route("GET", "/api/openbanking/v3/payments/search"))
	fmt.Println(e.Route("POST", "/api/openbanking/v3/payments/search"))
	fmt.Println(e.Route("GET", "/v3/customers/a%2Fb/payments/p1/bank-transfer-instructions"))
}
