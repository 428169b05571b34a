package clientsuite_test

import (
	"testing"

	"github.com/payspec/payspec/client/internal/clientsuite"
	"github.com/payspec/payspec/client/internal/providertest"
)

// The contract suite against the in-process stand-in. The sandbox runs it
// the same way once it exists: clientsuite.Run(t, envOf(sandbox.Start(t))).
func TestContractAgainstTheStandIn(t *testing.T) {
	clientsuite.Run(t, providertest.Start(t).Env())
}
