// Command gendecode writes decode.gen.go in the current directory
// (validate/rules, through its go:generate line): the rules' decoders of
// the request bodies, from package gen.
package main

import (
	"fmt"
	"os"

	"github.com/payspec/payspec/validate/rules/internal/gendecode/gen"
)

func main() {
	src, err := gen.Source()
	if err == nil {
		err = os.WriteFile("decode.gen.go", src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gendecode:", err)
		os.Exit(1)
	}
}
