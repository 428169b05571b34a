// Package sandbox is a stateful, spec-true stand-in for the Finzly and
// Redpin payment APIs, for contract tests and local development.
//
// A Sandbox keeps what it is sent (payments, recipients, quotes, trades,
// recurrences ...), answers later calls from that state, moves payments
// through the providers' documented statuses as its own clock advances,
// and delivers the providers' webhooks. Every answer it gives, errors and
// webhooks included, passes payspec's validation engine in enforce mode
// first, so it cannot drift from the specs; and every request is judged by
// the same engine (rail rules included) as `payspec validate` would judge
// it.
//
// Finzly is served under /finzly, Redpin under /redpin, the sandbox's own
// control API under /_sandbox, a console for the browser under /console
// and an index page at /. In Go, Start runs a sandbox on an httptest
// server for the length of a test; `payspec serve` runs one from the
// shell.
//
// # Where things live
//
// This package is the public face: the options, New and Start, the
// handler's routing (token endpoint, authentication, fault injection, the
// validation middleware, then a provider's operations), the control API
// and the index page (control.go) behind the access policy (access.go:
// loopback clients or a control token, JSON POSTs from no other origin,
// and a Host that names the sandbox on every request), the list of
// controls, the health check (open to every client) and the list of both
// providers' payments (controls_list.go), the clock's bounds and changes
// (clock.go), and the clock's record in the store. It wires the parts
// below and holds no provider's logic. console.go is the console's view
// of the sandbox: it implements the console's Backend from the payment
// list, each provider's Payment and Events, and the webhook delivery log.
//
// internal/core is what every provider stands on and names none of them;
// each concern is a package of its own:
//
//   - core: the environment a provider is given (core.Env), the
//     interface it implements (core.Provider), and what every provider
//     describes in the same terms: its payments (core.PaymentSummary) and
//     its controls (core.Control);
//   - core/access: who may use the controls, and which Host names any
//     request may use;
//   - core/clock: the sandbox time, never back and never past 2100;
//   - core/lifecycle: statuses moving along planned paths, and the queue of
//     steps due;
//   - core/state: the lock over all providers' state, the store's JSON
//     records and the id sequences, and the committer that stores what
//     each request changed in one transaction before its answer leaves;
//   - core/respond: answers, provider error bodies checked through the
//     engine, and the control API's JSON;
//   - core/auth: OAuth tokens, issued and checked;
//   - core/idem: idempotency keys;
//   - core/webhook: the webhook dispatcher (a fixed pool of senders,
//     bounded per receiver) and its delivery log;
//   - core/faults: failures asked for with FaultHeader;
//   - core/reqlog: the request log;
//   - core/paging and core/fxrates: page cutting and the fixed FX rates.
//
// internal/finzly and internal/redpin are the providers: each holds its
// operations (the generated server interface), its resources and their
// views, its schedule of statuses, its webhooks and its own controls. A
// new operation touches its provider's package only; a new provider is one
// more package implementing core.Provider and one line in New.
//
// internal/console is the console in the browser, served under /console:
// its pages, templates and assets. It knows the sandbox only through its
// Backend interface.
//
// A test (layout_test.go) keeps the core free of providers, the providers
// apart and the console apart from both. The store (sandbox/store) is
// public, so that a durable one can be given with WithStore.
package sandbox
