// Package finzlywebhook holds the Go code generated from api/finzly.yaml for
// the notifications Finzly posts to the bank's own server: the payment
// status notification (finzlyPaymentStatusWebhook, POST /payments) and the
// transaction update of a virtual account (finzlyTransactionUpdateWebhook,
// POST /transaction/webhook). They are the operations of the spec tagged
// webhooks; every other operation is in package finzly.
//
// It contains:
//   - the payload types, PaymentStatusEvent and TransactionUpdateEvent and
//     the types they hold, with amounts as money.Amount;
//   - ServerInterface, two methods, and Handler, HandlerFromMux and
//     HandlerWithOptions: the receiver a bank implements and mounts;
//   - Client and ClientWithResponses, which post notifications, as a test or
//     the sandbox does;
//   - GetSwagger, the embedded spec.
//
// A receiver validates what it is sent with package validate (the operation
// ids above), or the validate middleware around its handler.
//
// Regenerate with `go generate ./...` from the repository root. It runs the
// oapi-codegen version pinned in go.mod with api/finzlywebhook.cfg.yaml,
// which writes finzlywebhook.gen.go; never edit that file by hand, change the
// spec. A test (TestCommittedCodeMatchesGenerate in tests/) fails when the
// committed file differs from what the spec produces. This file is written
// by hand and is left alone by the generator.
package finzlywebhook
