// Command genops writes api/operations.gen.go from the specs: one Go
// constant per operationId, the list of ids per provider, and each
// provider's OAuth 2.0 token endpoint as its spec declares it. It runs from
// the repository root through `go generate ./...` (see generate.go), so an
// operation added to a spec gets its constant by regenerating, and CI's
// drift check fails when the committed file is stale.
//
// Usage:
//
//	go run ./internal/genops -out api/operations.gen.go api/finzly.yaml api/redpin.yaml
//
// The provider of each spec is its file name without the extension.
package main

import (
	"flag"
	"fmt"
	"os"

	"github.com/payspec/payspec/internal/genops/gen"
)

func main() {
	out := flag.String("out", "", "file to write (required)")
	flag.Parse()
	if *out == "" || flag.NArg() == 0 {
		fmt.Fprintln(os.Stderr, "usage: genops -out FILE SPEC.yaml...")
		os.Exit(2)
	}
	specs := make([]gen.Spec, 0, flag.NArg())
	for _, path := range flag.Args() {
		data, err := os.ReadFile(path)
		if err != nil {
			fail(err)
		}
		s, err := gen.Parse(path, data)
		if err != nil {
			fail(err)
		}
		specs = append(specs, s)
	}
	src, err := gen.Render(specs)
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(*out, src, 0o644); err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "genops:", err)
	os.Exit(1)
}
