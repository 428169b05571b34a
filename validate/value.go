package validate

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// Value validates body, a value of a generated request type such as
// finzly.CreditPaymentInstruction, as the JSON body of a request to the
// operation, encoded exactly as the generated client would send it: no
// hand-written marshalling. r gives the rest of the request (path and
// query parameters, headers); its Body is ignored, and Content-Type is
// application/json unless r sets it. Results are as for ValidateRequest;
// the error is for misuse (an unknown operation, a body that cannot be
// encoded).
//
//	problems, err := validate.Value(ctx, engine, api.OpCreatePayment, payment,
//		validate.Request{PathParams: map[string]string{"customer_id": customerID}})
func Value(ctx context.Context, e *Engine, operationID string, body any, r Request) (Problems, error) {
	b, err := json.Marshal(body)
	if err != nil {
		return nil, fmt.Errorf("validate: encoding the %s body: %w", operationID, err)
	}
	h := r.Header.Clone()
	if h == nil {
		h = http.Header{}
	}
	if h.Get("Content-Type") == "" {
		h.Set("Content-Type", "application/json")
	}
	r.Header, r.Body = h, b
	return e.ValidateRequest(ctx, operationID, r)
}
