//go:build tools

// This file pins the code generator in go.mod so that `go generate ./...`
// runs the exact version recorded there and needs nothing installed by hand.
package payspec

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
)
