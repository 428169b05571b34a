package clientsuite_test

import (
	"testing"

	"github.com/payspec/payspec/client/internal/clientsuite"
	"github.com/payspec/payspec/client/internal/sandboxtest"
	"github.com/payspec/payspec/sandbox"
)

// The cases of Finzly's customer directory and Redpin's third parties,
// reference data and sessions, against the sandbox.
func TestContractAgainstTheSandboxDirectoryAndReference(t *testing.T) {
	clientsuite.Run(t, sandboxtest.Start(t, sandbox.WithToday(march2030)).Contract(), directoryAndReference...)
}
