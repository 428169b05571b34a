// Command genclient writes a provider client's typed methods, one per
// operation, from the client interface oapi-codegen generated for that
// provider. It runs from the repository root through `go generate ./...`
// (see generate.go), after the generated packages are written, so an
// operation added to a spec gets its method by regenerating, and CI's
// drift check fails when the committed file is stale.
//
// Usage:
//
//	go run ./internal/genclient -gen gen/finzly/finzly.gen.go -pkg finzlyclient \
//		-key-header Idempotent-Key -repeatable searchPayments,createFXQuote \
//		-out client/finzlyclient/operations.gen.go
//
// The provider is the generated package's name; its operation ids come
// from package api. -manual lists operations whose methods are written by
// hand and so are left out.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"os"
	"path"
	"path/filepath"
	"strings"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/internal/genclient/gen"
)

func main() {
	var (
		genFile    = flag.String("gen", "", "the generated client source to read (required)")
		pkg        = flag.String("pkg", "", "package of the output (required)")
		out        = flag.String("out", "", "file to write (required)")
		keyHeader  = flag.String("key-header", "", "the provider's idempotency header, if it has one")
		repeatable = flag.String("repeatable", "", "comma-separated operation ids safe to repeat though not GETs")
		manual     = flag.String("manual", "", "comma-separated operation ids whose methods are written by hand")
	)
	flag.Parse()
	if *genFile == "" || *pkg == "" || *out == "" {
		fmt.Fprintln(os.Stderr, "usage: genclient -gen FILE -pkg NAME -out FILE [-key-header H] [-repeatable IDS] [-manual IDS]")
		os.Exit(2)
	}
	module, err := modulePath()
	if err != nil {
		fail(err)
	}
	src, err := os.ReadFile(*genFile)
	if err != nil {
		fail(err)
	}
	genImport := path.Join(module, filepath.ToSlash(filepath.Dir(*genFile)))
	cfg := gen.Config{
		Source: filepath.ToSlash(*genFile), Package: *pkg,
		GenImport: genImport, APIImport: module + "/api", ClientImport: module + "/client",
		Operations:        api.OperationIDs(api.Provider(path.Base(genImport))),
		IdempotencyHeader: *keyHeader, Repeatable: list(*repeatable), Manual: list(*manual),
	}
	methods, err := gen.Parse(src, cfg)
	if err != nil {
		fail(err)
	}
	code, err := gen.Render(cfg, methods)
	if err != nil {
		fail(err)
	}
	if err := os.WriteFile(*out, code, 0o644); err != nil {
		fail(err)
	}
}

// modulePath reads the module path from go.mod in the working directory,
// the repository root.
func modulePath() (string, error) {
	f, err := os.Open("go.mod")
	if err != nil {
		return "", err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m, ok := strings.CutPrefix(strings.TrimSpace(sc.Text()), "module "); ok {
			return strings.TrimSpace(m), nil
		}
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	return "", errors.New("go.mod names no module")
}

func list(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, ",")
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "genclient:", err)
	os.Exit(1)
}
