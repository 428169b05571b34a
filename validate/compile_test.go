package validate_test

import (
	"context"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate"
)

// TestEagerCompileChecksBothSpecs is the check the lazy engine defers:
// both specs load and pass kin-openapi's document check whole (examples
// included), and every operation compiles.
func TestEagerCompileChecksBothSpecs(t *testing.T) {
	e, err := validate.New(context.Background(), validate.WithEagerCompile(), validate.WithoutRules())
	require.NoError(t, err)
	assert.NotEmpty(t, e.Operations())
}

// TestLazyAndEagerEnginesAgree judges one body per operation with an
// engine that compiled everything up front and with one that compiles on
// first use: the answers are the same.
func TestLazyAndEagerEnginesAgree(t *testing.T) {
	ctx := context.Background()
	eager, err := validate.New(ctx, validate.WithEagerCompile(), validate.WithoutRules())
	require.NoError(t, err)
	lazy := newEngine(t, validate.WithoutRules())
	for _, op := range lazy.Operations() {
		req := validate.Request{Header: jsonHeader(), Body: []byte(`{"unknownMember": 1}`)}
		want, err := eager.ValidateRequest(ctx, op.ID, req)
		require.NoError(t, err, op.ID)
		got, err := lazy.ValidateRequest(ctx, op.ID, req)
		require.NoError(t, err, op.ID)
		assert.Equal(t, want, got, op.ID)
	}
}

// TestFirstRequestsCompileOnce sends the first requests of one operation
// from many goroutines at once (run it with -race): each gets the same
// answer, and none sees a half-compiled operation.
func TestFirstRequestsCompileOnce(t *testing.T) {
	e := newEngine(t, validate.WithoutRules())
	ctx := context.Background()
	req := validate.Request{Header: jsonHeader(), Body: []byte(v4Invalid)}
	const n = 8
	answers := make([]validate.Problems, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			ps, err := e.ValidateRequest(ctx, "createCreditPaymentV4", req)
			assert.NoError(t, err)
			answers[i] = ps
		})
	}
	wg.Wait()
	require.True(t, answers[0].HasErrors())
	for _, a := range answers[1:] {
		assert.Equal(t, answers[0], a)
	}
}

// TestOperationsAreListedWithoutCompiling checks what the listing reads
// from the raw spec against the compiled operation's declarations.
func TestOperationsAreListedWithoutCompiling(t *testing.T) {
	e := newEngine(t, validate.WithoutRules())
	op, ok := e.Operation("createPayment")
	require.True(t, ok)
	assert.Equal(t, "POST", op.Method)
	assert.True(t, op.RequestBody)
	assert.False(t, op.Webhook)
	assert.Contains(t, op.Parameters, validate.Parameter{Name: "customer_id", In: "path", Required: true})
}
