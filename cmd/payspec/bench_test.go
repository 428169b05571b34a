package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/payspec/payspec/internal/cputime"
)

// thousandPayloads copies the examples (valid and invalid) into a new tree
// until it holds n documents, with the examples' manifest, and returns it.
func thousandPayloads(b *testing.B, n int) string {
	b.Helper()
	root, err := os.Getwd()
	if err != nil {
		b.Fatal(err)
	}
	files, err := filepath.Glob(filepath.Join(root, "examples", "*", "*", "*.json"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no examples: %v", err)
	}
	dir := b.TempDir()
	manifest, err := os.ReadFile(filepath.Join(root, "examples", manifestName))
	if err != nil {
		b.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, manifestName), manifest, 0o644); err != nil {
		b.Fatal(err)
	}
	for i := range n {
		src := files[i%len(files)]
		rel, _ := filepath.Rel(filepath.Join(root, "examples"), src)
		dst := filepath.Join(dir, strings.TrimSuffix(rel, ".json")+"-"+strconv.Itoa(i)+".json")
		body, err := os.ReadFile(src)
		if err != nil {
			b.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(dst, body, 0o644); err != nil {
			b.Fatal(err)
		}
	}
	return dir
}

// BenchmarkValidateThousandFiles is one run of payspec validate over 1,000
// files, everything included: building the engine, walking the tree,
// reading the manifest, judging in parallel, writing the text report.
func BenchmarkValidateThousandFiles(b *testing.B) {
	dir := thousandPayloads(b, 1000)
	for _, format := range []string{"text", "sarif"} {
		b.Run(format, func(b *testing.B) {
			for b.Loop() {
				code := run(context.Background(), []string{"validate", "--today", "2026-12-01", "--format", format, dir},
					nil, io.Discard, io.Discard)
				if code != exitInvalid {
					b.Fatalf("exit status %d", code)
				}
			}
		})
	}
}

// BenchmarkValidateThousandNDJSON is one run over 1,000 NDJSON documents
// on standard input.
func BenchmarkValidateThousandNDJSON(b *testing.B) {
	root := filepath.Join("examples", "finzly", "createCreditPaymentV4")
	files, err := filepath.Glob(filepath.Join(root, "*.json"))
	if err != nil || len(files) == 0 {
		b.Fatalf("no examples: %v", err)
	}
	var in bytes.Buffer
	for i := range 1000 {
		body, err := os.ReadFile(files[i%len(files)])
		if err != nil {
			b.Fatal(err)
		}
		in.Write(bytes.ReplaceAll(bytes.TrimSpace(body), []byte("\n"), []byte(" ")))
		in.WriteByte('\n')
	}
	for b.Loop() {
		code := run(context.Background(), []string{"validate", "--today", "2026-12-01", "--op", "createCreditPaymentV4", "--ndjson", "-"},
			bytes.NewReader(in.Bytes()), io.Discard, io.Discard)
		if code != exitInvalid {
			b.Fatalf("exit status %d", code)
		}
	}
}

// BenchmarkValidateOneFile is one run of payspec validate over one file,
// as a pre-commit hook makes it: building the engine, compiling the one
// operation, judging the file with its rules and printing the verdict.
// Process start-up (package initialisation) is not included.
func BenchmarkValidateOneFile(b *testing.B) {
	file := filepath.Join("examples", "finzly", "createCreditPaymentV4", "valid-fedwire.json") // TestMain runs in the module root
	b.ReportAllocs()
	start := cputime.Start()
	for b.Loop() {
		code := run(context.Background(), []string{"validate", "--today", "2026-12-01", "--op", "createCreditPaymentV4", file},
			nil, io.Discard, io.Discard)
		if code != exitOK {
			b.Fatalf("exit status %d", code)
		}
	}
	cputime.Report(b, start)
}
