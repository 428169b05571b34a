package validate

import (
	"testing"

	"github.com/payspec/payspec/api"
)

// BenchmarkCompileOperation measures compiling the v4 credit payment, the
// largest operation, as its first request does.
func BenchmarkCompileOperation(b *testing.B) {
	src, err := loadSource(api.ProviderFinzly)
	if err != nil {
		b.Fatal(err)
	}
	ops, err := src.operations()
	if err != nil {
		b.Fatal(err)
	}
	var v4 *operation
	for _, op := range ops {
		if op.info.ID == api.OpCreateCreditPaymentV4 {
			v4 = op
		}
	}
	b.ReportAllocs()
	for b.Loop() {
		op := &operation{info: v4.info, src: v4.src, key: v4.key, env: &compileEnv{maxDepth: DefaultMaxDepth}}
		if _, err := op.compile(); err != nil {
			b.Fatal(err)
		}
	}
}
