// Package providertest is a small in-process stand-in for the Finzly and
// Redpin APIs and their token endpoints, for testing the clients: it keeps
// the payments it creates, replays an Idempotent-Key's first answer, and
// injects the failures a test schedules (an answer, a dropped connection,
// a drifted body) in front of any route. Its answers follow the specs, so
// the clients judge them as they would the providers'.
//
// It serves the layout of payspec's sandbox: the Finzly API under
// /finzly, the Redpin API under /redpin, and a token endpoint, so that the
// contract suite (package clientsuite) runs against either.
package providertest

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
)

// Sandbox credentials the token endpoint accepts.
const (
	ClientID     = "sandbox"
	ClientSecret = "sandbox"
)

// Server is a running stand-in. Its methods are safe for concurrent use.
type Server struct {
	FinzlyURL, RedpinURL, TokenURL string

	mu        sync.Mutex
	expiresIn int
	tokens    map[string]bool // issued and still accepted
	issued    int
	faults    map[string][]Fault
	calls     map[string]int
	keys      map[string]stored // Idempotent-Key → first answer
	payments  int               // payments created, both providers
	seen      map[string][]http.Header
	bodies    map[string][]string
	requests  int // every request the server received, token requests included
}

// stored is the first answer to an Idempotent-Key.
type stored struct {
	body   string
	answer string
}

// Fault is one scheduled answer on a route, used instead of (or after)
// the normal handling.
type Fault struct {
	// Status, Header and Body make the answer; Status 0 means the normal
	// answer, with Body (if set) replacing its body (a drifted answer).
	Status int
	Header http.Header
	Body   string
	// Drop closes the connection without an answer. With After it first
	// does the normal work (a payment is created), then drops.
	Drop, After bool
}

// Env returns what the contract suite needs to reach this stand-in.
func (s *Server) Env() Env {
	return Env{FinzlyURL: s.FinzlyURL, RedpinURL: s.RedpinURL, FinzlyTokenURL: s.TokenURL,
		RedpinTokenURL: s.TokenURL, Credentials: Credentials()}
}

// Start starts a stand-in that stops when the test ends.
func Start(tb testing.TB) *Server {
	s := &Server{expiresIn: 3600, tokens: map[string]bool{}, faults: map[string][]Fault{},
		calls: map[string]int{}, keys: map[string]stored{}, seen: map[string][]http.Header{},
		bodies: map[string][]string{}}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /token", s.token)
	mux.HandleFunc("POST /finzly/v4/payments/credit", s.route("createCreditPaymentV4", s.creditV4))
	mux.HandleFunc("POST /finzly/v3/payments/creditrequest", s.route("createCreditPaymentV3", s.creditV3))
	mux.HandleFunc("GET /finzly/v3/payments/{uid}", s.route("getPayment", s.getPayment))
	mux.HandleFunc("POST /finzly/v3/payments/search", s.route("searchPayments", s.search))
	mux.HandleFunc("POST /finzly/v3/payments/booktransfer", s.route("createBookTransfer", s.bookTransfer))
	mux.HandleFunc("PUT /finzly/v3/payments/{uid}/cancel", s.route("cancelPayment", s.cancel))
	mux.HandleFunc("GET /redpin/v3/customers/{cid}/payments/{pid}/bank-transfer-instructions",
		s.route("getBankTransferInstructions", s.redpinInstructions))
	mux.HandleFunc("POST /redpin/v3/customers/{cid}/payments", s.route("createPayment", s.redpinPayment))
	mux.HandleFunc("GET /redpin/v3/customers/{cid}/payments/{pid}", s.route("getPaymentDetails", s.redpinDetails))
	mux.HandleFunc("POST /redpin/v3/customers/{cid}/quotes", s.route("createQuote", s.redpinQuote))
	mux.HandleFunc("POST /redpin/v2/customers/{cid}/recipients", s.route("createRecipient", s.redpinRecipient))
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests++
		s.mu.Unlock()
		mux.ServeHTTP(w, r)
	}))
	tb.Cleanup(ts.Close)
	s.FinzlyURL, s.RedpinURL, s.TokenURL = ts.URL+"/finzly", ts.URL+"/redpin", ts.URL+"/token"
	return s
}

// SetTokenLifetime sets expires_in of the tokens issued from now on.
func (s *Server) SetTokenLifetime(seconds int) {
	s.mu.Lock()
	s.expiresIn = seconds
	s.mu.Unlock()
}

// RevokeTokens makes every token issued so far invalid: the next call
// with one gets 401.
func (s *Server) RevokeTokens() {
	s.mu.Lock()
	clear(s.tokens)
	s.mu.Unlock()
}

// TokensIssued counts the tokens issued.
func (s *Server) TokensIssued() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.issued
}

// Schedule queues faults on an operation (by operation id), used by its
// next calls in order.
func (s *Server) Schedule(op string, faults ...Fault) {
	s.mu.Lock()
	s.faults[op] = append(s.faults[op], faults...)
	s.mu.Unlock()
}

// Calls counts the requests an operation received, faults included.
func (s *Server) Calls(op string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.calls[op]
}

// Headers returns the request headers of each call of an operation.
func (s *Server) Headers(op string) []http.Header {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]http.Header(nil), s.seen[op]...)
}

// Bodies returns the request body of each call of an operation.
func (s *Server) Bodies(op string) []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.bodies[op]...)
}

// Requests counts every request the server received, on any path.
func (s *Server) Requests() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.requests
}

// Payments counts the payments created.
func (s *Server) Payments() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.payments
}

func (s *Server) token(w http.ResponseWriter, r *http.Request) {
	if err := r.ParseForm(); err != nil || r.PostForm.Get("grant_type") != "client_credentials" {
		writeJSON(w, http.StatusBadRequest, `{"error":"unsupported_grant_type"}`)
		return
	}
	if r.PostForm.Get("client_id") != ClientID || r.PostForm.Get("client_secret") != ClientSecret {
		// Some servers echo what they were sent; the client must not.
		writeJSON(w, http.StatusUnauthorized, fmt.Sprintf(`{"error":"invalid_client","error_description":"unknown client %s / %s"}`,
			r.PostForm.Get("client_id"), r.PostForm.Get("client_secret")))
		return
	}
	s.mu.Lock()
	s.issued++
	tok := "tok-" + strconv.Itoa(s.issued)
	s.tokens[tok] = true
	exp := s.expiresIn
	s.mu.Unlock()
	writeJSON(w, http.StatusOK, fmt.Sprintf(`{"access_token":%q,"token_type":"bearer","expires_in":%d}`, tok, exp))
}

// handler does an operation's normal work and returns its status and body.
type handler func(r *http.Request, body []byte) (int, string)

// route wraps an operation's handler with authentication, counting and
// the scheduled faults.
func (s *Server) route(op string, h handler) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.calls[op]++
		s.seen[op] = append(s.seen[op], r.Header.Clone())
		s.bodies[op] = append(s.bodies[op], string(body))
		var f *Fault
		if q := s.faults[op]; len(q) > 0 {
			f, s.faults[op] = &q[0], q[1:]
		}
		authorized := s.tokens[strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")]
		s.mu.Unlock()
		if !authorized {
			if strings.HasPrefix(r.URL.Path, "/redpin/") {
				writeJSON(w, http.StatusUnauthorized, `{"code":"UNAUTHORIZED","description":"The access token has expired.","type":"Authentication Error"}`)
				return
			}
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch {
		case f == nil:
		case f.Drop && !f.After:
			drop(w)
			return
		case f.Status != 0:
			for k, v := range f.Header {
				w.Header()[k] = v
			}
			writeJSON(w, f.Status, f.Body)
			return
		}
		status, answer := h(r, body)
		if f != nil && f.Drop {
			drop(w)
			return
		}
		if f != nil && f.Body != "" {
			answer = f.Body
		}
		if f != nil {
			for k, v := range f.Header {
				w.Header()[k] = v
			}
		}
		writeJSON(w, status, answer)
	}
}

// drop closes the connection without answering.
func drop(w http.ResponseWriter) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err == nil {
		_ = conn.Close()
	}
}

func writeJSON(w http.ResponseWriter, status int, body string) {
	if body != "" {
		w.Header().Set("Content-Type", "application/json")
	}
	w.WriteHeader(status)
	_, _ = io.WriteString(w, body)
}

// newPayment counts a payment and returns its id.
func (s *Server) newPayment() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.payments++
	return strconv.Itoa(12930 + s.payments)
}

func (s *Server) creditV4(r *http.Request, body []byte) (int, string) {
	key := r.Header.Get("Idempotent-Key")
	if key != "" {
		s.mu.Lock()
		prev, ok := s.keys[key]
		s.mu.Unlock()
		if ok && prev.body == string(body) {
			return http.StatusOK, prev.answer
		}
		if ok {
			return http.StatusConflict, `{"data":null,"errors":[{"code":"IDEMPOTENT_KEY_CONFLICT","message":"key reused with another body"}]}`
		}
	}
	answer := fmt.Sprintf(`{"data":{"paymentUID":%q,"paymentStatus":"INITIATED"},"errors":[]}`, s.newPayment())
	if key != "" {
		s.mu.Lock()
		s.keys[key] = stored{body: string(body), answer: answer}
		s.mu.Unlock()
	}
	return http.StatusOK, answer
}

func (s *Server) creditV3(*http.Request, []byte) (int, string) {
	return http.StatusOK, fmt.Sprintf(`{"status":"Success","code":null,"message":null,"data":{"paymentUID":%q,"paymentStatus":"INITIATED"}}`, s.newPayment())
}

func (s *Server) getPayment(r *http.Request, _ []byte) (int, string) {
	uid := r.PathValue("uid")
	if uid == "404" {
		return http.StatusNotFound, `{"status":"Failure","code":"API900","message":"Payment not found"}`
	}
	if _, err := strconv.ParseInt(uid, 10, 64); err != nil {
		return http.StatusBadRequest, `{"status":"Failure","code":"PAYMENT001","message":"Failed to retrieve a payment: paymentUID is invalid"}`
	}
	return http.StatusOK, fmt.Sprintf(`{"status":"Success","data":{"paymentUID":%s,"status":"PROCESSED"}}`, uid)
}

func (s *Server) bookTransfer(*http.Request, []byte) (int, string) {
	return http.StatusOK, fmt.Sprintf(`{"status":"Success","data":{"paymentUID":%q,"paymentStatus":"PROCESSED"}}`, s.newPayment())
}

func (s *Server) cancel(r *http.Request, _ []byte) (int, string) {
	return http.StatusOK, fmt.Sprintf(`{"status":"Success","data":{"paymentUID":%q}}`, r.PathValue("uid"))
}

func (s *Server) redpinInstructions(r *http.Request, _ []byte) (int, string) {
	if len(r.URL.Query().Get("from_country")) != 3 {
		return http.StatusBadRequest, `{"code":"INVALID_PARAMETER","description":"from_country is required.","type":"Validation Error","field":"from_country"}`
	}
	return http.StatusOK, `{"payment_method":"domestic_transfer","amount":{"currency":"GBP","value":1000.45},` +
		`"account_details":{"account_number":"12345678"},"payment_reference":{"reference":"RP1000517"}}`
}

func (s *Server) search(*http.Request, []byte) (int, string) {
	return http.StatusOK, `{"status":"Success","pagination":{"totalRecords":0,"returnedRecords":0,"pageReturned":1,"pageSize":10},"data":[]}`
}

// redpinPayment creates a payment, or refuses it with a payee check when
// the first recipient's reference is COP-CHECK and no confirmation came.
func (s *Server) redpinPayment(_ *http.Request, body []byte) (int, string) {
	var p struct {
		Amount            json.RawMessage `json:"amount"`
		RecipientDetails  json.RawMessage `json:"recipient_details"`
		ClientReferenceID *string         `json:"client_reference_id"`
		ConfirmRecipient  *struct {
			RequestIdentifier string `json:"request_identifier"`
		} `json:"confirm_recipient"`
	}
	if err := json.Unmarshal(body, &p); err != nil {
		return http.StatusBadRequest, `{"code":"INVALID_PARAMETER","description":"body is not JSON","type":"Validation Error"}`
	}
	if strings.Contains(string(p.RecipientDetails), `"COP-CHECK"`) && p.ConfirmRecipient == nil {
		return http.StatusBadRequest, `{"code":"ANNM","description":"The account name does not match.","type":"Validation Error",` +
			`"recipient_check":{"request_identifier":"GB33BUKB20201555555555","event_id":"AG-20250612-000731"}}`
	}
	ref := "null"
	if p.ClientReferenceID != nil {
		ref = strconv.Quote(*p.ClientReferenceID)
	}
	return http.StatusCreated, fmt.Sprintf(`{"payment_id":"P-%s","instruction_number":"INS-1","amount":%s,"recipient_details":%s,`+
		`"status":"PROCESSING","created_datetime":"2025-06-12T09:15:04Z","client_reference_id":%s}`,
		s.newPayment(), p.Amount, p.RecipientDetails, ref)
}

func (s *Server) redpinDetails(r *http.Request, _ []byte) (int, string) {
	if r.PathValue("pid") == "missing" {
		return http.StatusNotFound, `{"code":"RESOURCE_NOT_FOUND","description":"No payment.","type":"Validation Error","field":"payment_id"}`
	}
	return http.StatusOK, fmt.Sprintf(`{"payment_id":%q,"instruction_number":"INS-1","status":"PROCESSING"}`, r.PathValue("pid"))
}

func (s *Server) redpinRecipient(*http.Request, []byte) (int, string) {
	return http.StatusCreated, fmt.Sprintf(`{"recipient_id":"%d"}`, 1670000+s.Calls("createRecipient"))
}

func (s *Server) redpinQuote(*http.Request, []byte) (int, string) {
	return http.StatusOK, `{"quote_id":"QT-1","sell_currency":"GBP","buy_currency":"EUR","amount":100.00}`
}
