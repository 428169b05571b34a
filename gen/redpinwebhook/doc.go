// Package redpinwebhook holds the Go code generated from api/redpin.yaml for
// the events Redpin posts to the partner's endpoint: payment status (flat and
// enveloped), customer status, and third-party customer status (flat and
// enveloped). They are the operations of the spec tagged webhooks; every
// other operation is in package redpin.
//
// It contains:
//   - the payload types, such as PaymentStatusEnvelopeEvent and
//     ThirdPartyCustomerStatusEnvelopeEvent. A payload whose members depend
//     on its status is one struct: PaymentStatusEvent is an alias of
//     PaymentStatusEventFields, and the spec, not the Go type, says that a
//     RECEIVED_FUNDS event carries data.amount;
//   - ServerInterface and Handler, HandlerFromMux and HandlerWithOptions: the
//     receiver a partner implements and mounts;
//   - Client and ClientWithResponses, which post events, as a test or the
//     sandbox does;
//   - GetSwagger, the embedded spec.
//
// A receiver validates what it is sent with package validate (the webhook
// operation ids), or the validate middleware around its handler.
//
// Regenerate with `go generate ./...` from the repository root. It runs the
// oapi-codegen version pinned in go.mod with api/redpinwebhook.cfg.yaml,
// which writes redpinwebhook.gen.go; never edit that file by hand, change the
// spec. A test (TestCommittedCodeMatchesGenerate in tests/) fails when the
// committed file differs from what the spec produces. This file is written by
// hand and is left alone by the generator.
package redpinwebhook
