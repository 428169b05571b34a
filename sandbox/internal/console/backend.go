package console

import (
	"context"
	"encoding/json"
	"errors"
	"time"
)

// Backend is what the console reads and drives: a sandbox seen in the
// console's own terms, so that the console does not depend on how the
// sandbox is built. Implementations must be safe for concurrent use.
type Backend interface {
	// ListPayments returns one page of the payments of both providers
	// that match the query, newest first.
	ListPayments(ctx context.Context, q PaymentQuery) (PaymentPage, error)
	// Payment returns one payment with its timeline, the webhooks sent
	// about it and its stored record; ErrNotFound when there is none.
	Payment(ctx context.Context, id string) (PaymentDetail, error)
	// Deliveries returns one page of the webhook delivery log, newest
	// first.
	Deliveries(ctx context.Context, page PageRequest) (DeliveryPage, error)

	// Clock reports the sandbox time.
	Clock(ctx context.Context) (ClockState, error)
	// Advance moves the sandbox time forward by d; AdvanceToNextBusinessDay
	// moves it to the same time of day on the next business day; SetDate
	// moves it to the same time of day on a later date. Each reports what
	// moved; ErrClockBackwards when the move would go back.
	Advance(ctx context.Context, d time.Duration) (Moved, error)
	AdvanceToNextBusinessDay(ctx context.Context) (Moved, error)
	SetDate(ctx context.Context, day time.Time) (Moved, error)
	// Reset forgets every payment, resource and delivery; the clock stays.
	Reset(ctx context.Context) error

	// Operations lists the operations of both specs.
	Operations() []Operation
	// Examples returns the example request bodies of an operation, as
	// `payspec example` prints them; ErrUnknownOperation for an unknown id.
	Examples(op string) ([]Example, error)
	// Validate judges a request as the sandbox would (rail rules on,
	// the sandbox's date), with each problem located in the body.
	Validate(ctx context.Context, c Call) ([]Problem, error)
	// Send sends a request to the sandbox with a token fetched for it and
	// returns the answer; ErrNotSendable for an operation the sandbox
	// does not serve (a webhook).
	Send(ctx context.Context, c Call) (Answer, error)
}

// Errors a Backend returns, which the console explains to its user.
var (
	ErrNotFound         = errors.New("console: no such payment")
	ErrUnknownOperation = errors.New("console: unknown operation")
	ErrClockBackwards   = errors.New("console: the sandbox clock only moves forward")
	ErrNotSendable      = errors.New("console: the sandbox sends this operation, it does not serve it")
)

// PageRequest asks for one page of a list: Page counts from 1.
type PageRequest struct {
	Page, Size int
}

// Offsets returns the first and past-the-last index of the page in a
// list of total items, clamped to the list.
func (p PageRequest) Offsets(total int) (from, to int) {
	from = min(max(p.Page-1, 0)*max(p.Size, 0), total)
	return from, min(from+max(p.Size, 0), total)
}

// PaymentQuery filters the payment list. Empty fields match everything;
// Reference matches any part of a payment's reference or id, ignoring
// case.
type PaymentQuery struct {
	Provider, Status, Rail, Reference string
	PageRequest
}

// PaymentSummary is one payment as the list shows it.
type PaymentSummary struct {
	Provider  string // finzly or redpin
	ID        string // Finzly's paymentUID, Redpin's payment_id
	Status    string
	Rail      string // the rail a Finzly payment travels; "" for Redpin
	Reference string // the payer's own reference
	Amount    string // exactly as stored, never through a float
	Currency  string
	Created   time.Time // sandbox time
}

// PaymentPage is one page of payments, and the values the filters can
// take.
type PaymentPage struct {
	Items       []PaymentSummary
	Total       int // payments that match, on every page
	Page, Size  int
	Statuses    []string // every status a stored payment has, sorted
	Rails       []string // every rail a stored payment has, sorted
	AllPayments int      // payments stored, matching or not
}

// TimelineEntry is one status a payment took, at its sandbox time.
type TimelineEntry struct {
	At       time.Time
	From, To string // From is "" for the status a payment was created in
}

// PaymentDetail is one payment in full.
type PaymentDetail struct {
	PaymentSummary
	Timeline []TimelineEntry // oldest first
	Webhooks []Delivery      // the deliveries about this payment, newest first
	Record   json.RawMessage // the stored record
}

// Delivery is one webhook sent (or being sent) to one receiver.
type Delivery struct {
	ID        int
	Operation string // the spec's webhook operation
	Receiver  string // the URL it is posted to
	Subject   string // what it is about
	PaymentID string // the payment it is about, when it is about one
	Status    string // the status it reports
	// State is pending, delivered, failed (attempts used up) or refused
	// (the payload broke the spec and was not sent).
	State    string
	Attempts []Attempt // oldest first
}

// Attempt is one try at a delivery.
type Attempt struct {
	At         time.Time // on the wall clock: deliveries are real requests
	HTTPStatus int       // 0 when no answer came
	Latency    time.Duration
	Error      string
}

// DeliveryPage is one page of the delivery log.
type DeliveryPage struct {
	Items      []Delivery
	Total      int
	Page, Size int
}

// ClockState is the sandbox time.
type ClockState struct {
	Now             time.Time // in the sandbox's zone (New York)
	NextBusinessDay time.Time // the date AdvanceToNextBusinessDay goes to
	Offset          time.Duration
}

// Moved is what a move of the clock changed.
type Moved struct {
	From, To time.Time  // the sandbox time before and after
	Payments []Movement // the payments whose status changed, at most MaxMoved
	More     int        // payments that changed beyond those listed
}

// MaxMoved bounds the payments a Moved lists.
const MaxMoved = 200

// Movement is one payment's status changes during a move of the clock.
type Movement struct {
	Payment PaymentSummary // as it is after the move
	Steps   []TimelineEntry
}

// Operation is one operation of a spec.
type Operation struct {
	ID       string
	Provider string
	Method   string
	Path     string
	Webhook  bool // the provider sends it; it can be validated, not sent
	Body     bool // it takes a JSON request body
	Params   []Param
}

// Param is one declared parameter of an operation.
type Param struct {
	Name     string
	In       string // path, query or header
	Required bool
}

// Example is one example request body.
type Example struct {
	Name string
	JSON string // indented as `payspec example` prints it
}

// Call is a request the playground validates or sends.
type Call struct {
	Operation string
	Params    map[string]string // parameter values by name
	Body      []byte
}

// Problem is one finding of validation.
type Problem struct {
	Code, Severity, Pointer, Message string
	// Param names the parameter the problem is about; "" for the body.
	Param string
	// Line and Column place it in the body (1-based; 0 when not in the
	// body); Offset is the byte where it starts, -1 when not in the body.
	Line, Column, Offset int
}

// Answer is the sandbox's answer to a sent request.
type Answer struct {
	Method, Path string // what was sent
	Status       int
	Body         string // indented when it is JSON
	PaymentID    string // the payment the answer is about, if one was stored
}
