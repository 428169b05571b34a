package validate

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
	_ "time/tzdata" // America/New_York without relying on the host's zoneinfo

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/getkin/kin-openapi/routers"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/strictjson"
	"github.com/payspec/payspec/validate/rules"
)

// DefaultMaxBodyBytes is the largest body read when no limit is set: 1 MiB.
const DefaultMaxBodyBytes = 1 << 20

// DefaultMaxDepth bounds the nesting of arrays and objects in a body.
const DefaultMaxDepth = 32

// ErrUnknownOperation is returned (wrapped) for an operation id or a route
// that no embedded spec declares.
var ErrUnknownOperation = errors.New("validate: unknown operation")

// Operation identifies one operation of an embedded spec.
type Operation struct {
	ID       string       `json:"id"`       // operationId, unique across both specs
	Method   string       `json:"method"`   // HTTP method, upper case
	Path     string       `json:"path"`     // path template, such as /v3/payments/{paymentUID}
	Provider api.Provider `json:"provider"` // finzly or redpin
	// Webhook marks an operation the provider calls on the bank's server
	// (tagged WebhookTag in the spec), rather than one the bank calls.
	Webhook bool `json:"webhook,omitempty"`
	// Parameters are the declared path, query and header parameters.
	Parameters []Parameter `json:"parameters,omitempty"`
	// RequestBody says that the operation declares a JSON request body.
	RequestBody bool `json:"requestBody,omitempty"`
}

// WebhookTag is the tag that marks the webhook operations of a spec: the
// requests a provider sends to the bank. Middleware judges them beside the
// API operations by default; the Doer matches API operations by default.
const WebhookTag = "webhooks"

// Parameter is one declared parameter of an operation.
type Parameter struct {
	Name     string `json:"name"`
	In       string `json:"in"` // path, query or header
	Required bool   `json:"required"`
}

// Option configures an Engine.
type Option func(*config)

type config struct {
	maxBody     int64
	maxProblems int
	maxDepth    int
	strict      bool
	now         func() time.Time
	eager       bool
	kinOnly     bool // tests only: leave every schema to kin-openapi
	noRules     bool
	rules       *rules.Checker
	fxTrade     func(contract string) (rules.FXTrade, bool)
	funding     func(customerID string) (string, bool)
	cop         func(customerID, eventID string) (rules.CoPAnswer, bool)
	payments    func(paymentUID string) (rules.PaymentFacts, bool)
}

// WithRules sets the rail-rules checker, run on every request body that
// fits the operation's generated type, beside the schema; the default is
// rules.New(nil), payspec's embedded configuration.
func WithRules(c *rules.Checker) Option {
	return func(cfg *config) { cfg.rules, cfg.noRules = c, c == nil }
}

// WithoutRules turns the rail rules off: only the schema is checked.
func WithoutRules() Option {
	return func(cfg *config) { cfg.noRules = true }
}

// WithFXTrades gives the rules a lookup of FX trades by contract number, so
// that a payment's amount can be matched with its trade
// (CREDIT_AMOUNT_NOFXMATCH).
func WithFXTrades(lookup func(contract string) (rules.FXTrade, bool)) Option {
	return func(cfg *config) { cfg.fxTrade = lookup }
}

// WithPayments gives the rules a lookup of Finzly payments by paymentUID,
// so that a return or a reversal can be judged against the payment's
// status, rail and direction (rules.PaymentFactsFromRecord reads them from
// a getPayment answer).
func WithPayments(lookup func(paymentUID string) (rules.PaymentFacts, bool)) Option {
	return func(cfg *config) { cfg.payments = lookup }
}

// WithFundingCurrencies gives the rules a lookup of a Redpin customer's
// funding currency, so that quote_id can be required or refused.
func WithFundingCurrencies(lookup func(customerID string) (string, bool)) Option {
	return func(cfg *config) { cfg.funding = lookup }
}

// WithCoPAnswers gives the rules a lookup of the Confirmation of Payee /
// Verification of Payee answers the caller received, by customer and check
// event, so that a confirm_recipient is accepted only as a retry of one of
// them, naming what it asked to confirm (CONFIRM_RECIPIENT).
func WithCoPAnswers(lookup func(customerID, eventID string) (rules.CoPAnswer, bool)) Option {
	return func(cfg *config) { cfg.cop = lookup }
}

// WithMaxBodyBytes sets the largest body accepted; larger ones are refused
// with BODY_TOO_LARGE without being parsed. n < 1 restores the default.
func WithMaxBodyBytes(n int64) Option {
	return func(c *config) {
		if n < 1 {
			n = DefaultMaxBodyBytes
		}
		c.maxBody = n
	}
}

// DefaultMaxProblems is the most problems one validation reports when no
// other bound is set.
const DefaultMaxProblems = 100

// WithMaxProblems bounds the problems one validation of a request or a
// response reports, and the work spent finding them. Past the bound,
// warnings are only counted and the check stops at the first error that
// would be left out; the list then ends with one CodeTooManyProblems
// problem saying how many were left out. Errors are kept in preference to
// warnings, so the bound never turns an invalid request into a valid one.
// n < 1 restores the default.
func WithMaxProblems(n int) Option {
	return func(c *config) {
		if n < 1 {
			n = DefaultMaxProblems
		}
		c.maxProblems = n
	}
}

// WithMaxDepth bounds the nesting of arrays and objects in a body. n < 1
// restores the default.
func WithMaxDepth(n int) Option {
	return func(c *config) {
		if n < 1 {
			n = DefaultMaxDepth
		}
		c.maxDepth = n
	}
}

// WithStrict makes undeclared body members errors rather than warnings.
func WithStrict(strict bool) Option {
	return func(c *config) { c.strict = strict }
}

// WithClock sets the clock that date rules judge against; Today reports the
// clock's date in America/New_York. The default is time.Now.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithEagerCompile makes New compile every operation of both specs, and
// load and check each spec whole, before it returns, so that any defect of
// a spec is reported by New and no request waits for an operation to be
// compiled. By default an operation is compiled when first used, which
// makes New cheap for a process that judges a few operations (a CLI run, a
// test); the embedded specs are checked whole by payspec's own tests.
func WithEagerCompile() Option {
	return func(c *config) { c.eager = true }
}

// Engine validates requests and responses of every operation of the
// embedded specs. Build one with New and share it: it is safe for
// concurrent use and holds no per-request state.
type Engine struct {
	cfg     config
	ops     map[string]*operation
	order   []*operation // sorted by provider, then path, then method
	api     []*operation // the API operations (not webhooks) of order
	newYork *time.Location
}

// New reads both embedded specs and lists their operations. Each
// operation is compiled (its part of the spec loaded, checked and turned
// into what validation reads) the first time it is used, once, whatever
// the number of goroutines asking; WithEagerCompile compiles them all in
// New instead.
func New(ctx context.Context, opts ...Option) (*Engine, error) {
	cfg := config{maxBody: DefaultMaxBodyBytes, maxDepth: DefaultMaxDepth, maxProblems: DefaultMaxProblems, now: time.Now}
	for _, o := range opts {
		o(&cfg)
	}
	if !cfg.noRules && cfg.rules == nil {
		c, err := rules.New(nil)
		if err != nil {
			return nil, err
		}
		cfg.rules = c
	}
	if cfg.noRules {
		cfg.rules = nil
	}
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		return nil, fmt.Errorf("validate: loading the America/New_York time zone: %w", err)
	}
	e := &Engine{cfg: cfg, ops: map[string]*operation{}, newYork: ny}
	env := &compileEnv{maxDepth: cfg.maxDepth, kinOnly: cfg.kinOnly, eager: cfg.eager}
	for _, p := range api.Providers() {
		src, err := loadSource(p)
		if err != nil {
			return nil, err
		}
		ops, err := src.operations()
		if err != nil {
			return nil, err
		}
		for _, op := range ops {
			if _, dup := e.ops[op.info.ID]; dup {
				return nil, fmt.Errorf("validate: operationId %q is declared twice", op.info.ID)
			}
			op.env = env
			e.ops[op.info.ID] = op
			e.order = append(e.order, op)
		}
	}
	slices.SortFunc(e.order, func(a, b *operation) int {
		if c := strings.Compare(string(a.info.Provider), string(b.info.Provider)); c != 0 {
			return c
		}
		if c := strings.Compare(a.info.Path, b.info.Path); c != 0 {
			return c
		}
		return strings.Compare(a.info.Method, b.info.Method)
	})
	for _, op := range e.order {
		if !op.info.Webhook {
			e.api = append(e.api, op)
		}
	}
	if cfg.eager {
		if err := e.compileAll(ctx); err != nil {
			return nil, err
		}
	}
	return e, nil
}

// compileAll loads and checks each spec whole, then compiles every
// operation.
func (e *Engine) compileAll(ctx context.Context) error {
	for _, p := range api.Providers() {
		if _, err := loadSpec(ctx, p); err != nil {
			return err
		}
	}
	for _, op := range e.order {
		if _, err := op.compiled(); err != nil {
			return err
		}
	}
	return nil
}

// Operations lists every operation of both specs, by provider and path.
func (e *Engine) Operations() []Operation {
	out := make([]Operation, len(e.order))
	for i, op := range e.order {
		out[i] = op.info
	}
	return out
}

// Operation returns the operation with the given id.
func (e *Engine) Operation(id string) (Operation, bool) {
	op, ok := e.ops[id]
	if !ok {
		return Operation{}, false
	}
	return op.info, true
}

// Today is the current date in America/New_York by the engine's clock, the
// date that date rules judge against.
func (e *Engine) Today() time.Time {
	t := e.cfg.now().In(e.newYork)
	return time.Date(t.Year(), t.Month(), t.Day(), 0, 0, 0, 0, e.newYork)
}

// lookup finds an operation by id and compiles it.
func (e *Engine) lookup(id string) (*operation, *compiled, error) {
	op, ok := e.ops[id]
	if !ok {
		return nil, nil, fmt.Errorf("%w: %q", ErrUnknownOperation, id)
	}
	c, err := op.compiled()
	if err != nil {
		return nil, nil, err
	}
	return op, c, nil
}

// operation is one operation of a spec: what listing it read, and what
// validation reads once it is compiled.
type operation struct {
	info     Operation
	segments []string    // path template split at '/'; "{x}" marks a parameter
	literals int         // number of literal segments, to prefer specific routes
	src      *source     // the document it is compiled from
	key      string      // its member in the path item: get, post, ...
	env      *compileEnv // what its engine's operations share

	once sync.Once
	c    *compiled
	err  error
}

// compileEnv is what compiling the operations of one engine shares.
type compileEnv struct {
	maxDepth int // the body reader's nesting bound
	patterns patternCache
	// kinOnly leaves every schema to kin-openapi (tests compare the two).
	kinOnly bool
	eager   bool // WithEagerCompile
}

// compiled is everything the engine precomputes for one operation.
type compiled struct {
	route     *routers.Route
	params    openapi3.Parameters
	body      *bodySpec // nil when the operation takes no body
	responses map[string]*responseSpec
	envelope  envelope
	kin       kinOptions
	json      strictjson.Options // the body reader
	native    bool               // payspec evaluates the body schemas (native.go)
	// pathChecks are the compiled schemas of the path parameters payspec
	// judges itself when they pass (see pathParamChecks).
	pathChecks map[*openapi3.Parameter]*check
	keyHeader  string // the declared idempotency header, if any
}

// bodies lists the declared bodies, request and responses.
func (c *compiled) bodies() []*bodySpec {
	var out []*bodySpec
	if c.body != nil {
		out = append(out, c.body)
	}
	for _, rs := range c.responses {
		if rs.body != nil {
			out = append(out, rs.body)
		}
	}
	return out
}

// bodySpec is a declared JSON body.
type bodySpec struct {
	required  bool
	mediaType string
	schema    *openapi3.Schema
	shape     *shape
	check     *check // the schema compiled, when the engine evaluates it itself
}

// responseSpec is one declared response.
type responseSpec struct {
	headers     []string // canonical names, sorted
	headerSpecs map[string]*openapi3.Header
	body        *bodySpec
}

// compiled compiles the operation the first time it is called and returns
// the result, or the spec's defect that stops it, every time after. It is
// safe for concurrent use: callers arriving while it compiles wait for it.
func (op *operation) compiled() (*compiled, error) {
	op.once.Do(func() { op.c, op.err = op.compile() })
	return op.c, op.err
}

// envelope is the operation's error format; an operation that cannot be
// compiled (a defect of the build, caught by payspec's tests) answers in
// its provider's most common one.
func (op *operation) envelope() envelope {
	if c, err := op.compiled(); err == nil {
		return c.envelope
	}
	if op.info.Provider == api.ProviderRedpin {
		return envelope{kind: envelopeRedpin}
	}
	return envelope{kind: envelopeFinzlyV3, code: v3Fallback}
}

// compile loads the operation's part of its spec into kin-openapi, checks
// it, and builds its shapes. It never depends on a request: the context of
// whichever request triggered it must not cut it short for the others.
func (op *operation) compile() (*compiled, error) {
	ctx := context.Background()
	p := op.info.Provider
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	loader.Context = ctx
	doc, err := loader.LoadFromData(op.src.document(op.info.Path, op.key))
	if err != nil {
		return nil, fmt.Errorf("validate: loading %s of the %s spec: %w", op.info.ID, p, err)
	}
	// kin-openapi's check of the document is run only when compiling
	// eagerly: the embedded specs are checked whole by payspec's tests, and
	// the check costs a sixth of compiling an operation.
	if op.env.eager {
		if err := doc.Validate(ctx, openapi3.EnableSchemaFormatValidation(), openapi3.SetRegexCompiler(op.env.patterns.compile)); err != nil {
			return nil, fmt.Errorf("validate: %s of the %s spec is invalid: %w", op.info.ID, p, err)
		}
	}
	item := doc.Paths.Value(op.info.Path)
	if item == nil || item.GetOperation(op.info.Method) == nil {
		return nil, fmt.Errorf("validate: %s: %s %s is missing from its spec", op.info.ID, op.info.Method, op.info.Path)
	}
	b := newShapeBuilder()
	c, err := newCompiled(op, doc, item, item.GetOperation(op.info.Method), b)
	if err != nil {
		return nil, err
	}
	if err := b.finish(); err != nil {
		return nil, err
	}
	c.kin = newKinOptions(b.readWrite)
	c.json = strictjson.Options{MaxDepth: op.env.maxDepth}
	// payspec evaluates the schemas itself, except where kin-openapi must
	// apply readOnly and writeOnly (which it does in ways this engine does
	// not repeat).
	if !b.readWrite && !op.env.kinOnly {
		cs := newChecks(&op.env.patterns)
		c.native = true
		b.compileChecks(cs)
		for _, bs := range c.bodies() {
			bs.check = cs.compile(bs.schema)
		}
		c.pathChecks = pathParamChecks(c.params, cs)
	}
	return c, nil
}

// pathParamChecks compiles the schemas of the path parameters whose value
// kin-openapi judges as the raw text: a string schema in the simple style,
// without composition. For those the engine's own evaluation answers
// whether a value passes; a value it finds fault with is judged by
// kin-openapi, which words the problems.
func pathParamChecks(params openapi3.Parameters, cs *checks) map[*openapi3.Parameter]*check {
	var out map[*openapi3.Parameter]*check
	for _, ref := range params {
		p := ref.Value
		if p.In != openapi3.ParameterInPath || p.Content != nil || (p.Style != "" && p.Style != openapi3.SerializationSimple) ||
			p.Schema == nil || p.Schema.Value == nil {
			continue
		}
		s := p.Schema.Value
		if !s.Type.Is(openapi3.TypeString) || len(s.AllOf) > 0 || len(s.AnyOf) > 0 || len(s.OneOf) > 0 {
			continue
		}
		if c := cs.compile(s); !c.kin {
			if out == nil {
				out = map[*openapi3.Parameter]*check{}
			}
			out[p] = c
		}
	}
	return out
}

func newCompiled(op *operation, doc *openapi3.T, item *openapi3.PathItem, o *openapi3.Operation, b *shapeBuilder) (*compiled, error) {
	path, method := op.info.Path, op.info.Method
	c := &compiled{
		route:     &routers.Route{Spec: doc, Path: path, PathItem: item, Method: method, Operation: o},
		responses: map[string]*responseSpec{},
	}
	// Operation parameters override path-item ones with the same name and
	// location.
	for _, ref := range o.Parameters {
		if ref.Value != nil {
			c.params = append(c.params, ref)
		}
	}
	for _, ref := range item.Parameters {
		if ref.Value != nil && o.Parameters.GetByInAndName(ref.Value.In, ref.Value.Name) == nil {
			c.params = append(c.params, ref)
		}
	}
	for _, ref := range c.params {
		b.markConditional(ref.Value.Schema.Value, map[*openapi3.Schema]bool{})
	}
	c.keyHeader = keyHeaderOf(c.params)
	if rb := o.RequestBody; rb != nil && rb.Value != nil {
		bs, err := newBodySpec(o.OperationID, "request", rb.Value.Content, b)
		if err != nil {
			return nil, err
		}
		if bs != nil {
			bs.required = rb.Value.Required
		}
		c.body = bs
	}
	for status, ref := range o.Responses.Map() {
		if ref.Value == nil {
			continue
		}
		rs := &responseSpec{headerSpecs: map[string]*openapi3.Header{}}
		for name, h := range ref.Value.Headers {
			if h.Value == nil {
				continue
			}
			canon := http.CanonicalHeaderKey(name)
			rs.headers = append(rs.headers, canon)
			rs.headerSpecs[canon] = h.Value
			if h.Value.Schema != nil {
				b.markConditional(h.Value.Schema.Value, map[*openapi3.Schema]bool{})
			}
		}
		slices.Sort(rs.headers)
		bs, err := newBodySpec(o.OperationID, "response "+status, ref.Value.Content, b)
		if err != nil {
			return nil, err
		}
		if bs != nil {
			bs.required = true
		}
		rs.body = bs
		c.responses[strings.ToUpper(status)] = rs
	}
	env, err := envelopeOf(op.info.ID, c)
	if err != nil {
		return nil, err
	}
	c.envelope = env
	return c, nil
}

// newBodySpec picks the JSON media type of a content map.
func newBodySpec(id, where string, content openapi3.Content, b *shapeBuilder) (*bodySpec, error) {
	if len(content) == 0 {
		return nil, nil
	}
	mt, ok := content["application/json"]
	if !ok || mt == nil || mt.Schema == nil || mt.Schema.Value == nil {
		return nil, fmt.Errorf("validate: %s %s declares no application/json schema", id, where)
	}
	return &bodySpec{mediaType: "application/json", schema: mt.Schema.Value, shape: b.build(mt.Schema, false)}, nil
}

func isParamSegment(s string) bool {
	return len(s) > 2 && s[0] == '{' && s[len(s)-1] == '}'
}

// maxDepth is the nesting the body reader accepts.
func (c *compiled) maxDepth() int {
	if c.json.MaxDepth < 1 {
		return strictjson.DefaultMaxDepth
	}
	return c.json.MaxDepth
}
