package client

import "log/slog"

// Credentials are OAuth 2.0 client credentials. They never appear in
// errors or logs: their String, GoString and LogValue methods and their
// JSON encoding show neither the id nor the secret.
type Credentials struct {
	ClientID     string
	ClientSecret string
}

const redacted = "[redacted]"

// String hides the credentials.
func (Credentials) String() string { return "client credentials " + redacted }

// GoString hides the credentials from %#v.
func (Credentials) GoString() string { return "client.Credentials{" + redacted + "}" }

// LogValue hides the credentials from log/slog.
func (Credentials) LogValue() slog.Value { return slog.StringValue(redacted) }

// MarshalJSON hides the credentials from encoding/json.
func (Credentials) MarshalJSON() ([]byte, error) { return []byte(`"` + redacted + `"`), nil }

// Ptr returns a pointer to a copy of v, for the optional (pointer) fields
// of the generated types:
//
//	Sender: finzly.CreditSender{AccountUID: client.Ptr[int64](100245)}
func Ptr[T any](v T) *T { return &v }
