//go:build unix

package main

import (
	"encoding/json"
	"io"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate"
)

func TestCLIBoundedOnDevicesPipesAndFIFOs(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero on this system")
	}
	// A device as FILE.
	res := runCLIWithTimeout(t, nil, "validate", "--op", "createCreditPaymentV4", "/dev/zero")
	assert.Equal(t, exitInvalid, res.code, res.stderr)
	assert.Contains(t, res.stdout, validate.CodeBodyTooLarge)

	// An endless pipe on standard input.
	res = runCLIWithTimeout(t, &zeros{}, "validate", "--op", "createCreditPaymentV4", "-")
	assert.Equal(t, exitInvalid, res.code, res.stderr)
	assert.Contains(t, res.stdout, validate.CodeBodyTooLarge)

	// A FIFO whose writer never stops.
	fifo := filepath.Join(t.TempDir(), "body")
	require.NoError(t, syscall.Mkfifo(fifo, 0o600))
	go func() {
		f, err := os.OpenFile(fifo, os.O_WRONLY, 0)
		if err != nil {
			return
		}
		defer f.Close()
		_, _ = io.Copy(f, &zeros{}) // ends when the reader closes
	}()
	res = runCLIWithTimeout(t, nil, "validate", "--op", "createCreditPaymentV4", fifo)
	assert.Equal(t, exitInvalid, res.code, res.stderr)
	assert.Contains(t, res.stdout, validate.CodeBodyTooLarge)
}

func TestCLIManyInputsAreBounded(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero on this system")
	}
	// NDJSON from an endless pipe without a newline: the first line is
	// judged on its first limit+1 bytes, and reading stops there.
	in := &zeros{}
	res := runCLIWithTimeout(t, in, "validate", "--op", "createCreditPaymentV4", "--ndjson", "-")
	assert.Equal(t, exitUsage, res.code, "the input was not read in full")
	assert.Contains(t, res.stdout, "<stdin>:1:")
	assert.Contains(t, res.stdout, validate.CodeBodyTooLarge)
	assert.Contains(t, res.stderr, "line 1 is longer than 1048576 bytes; the rest of the input was not read")
	assert.Less(t, in.read, int64(8<<20), "read only a little past the limit")

	// A directory holding a huge file and a FIFO named like a document:
	// the file is read to the limit, the FIFO left alone.
	dir := t.TempDir()
	f, err := os.Create(filepath.Join(dir, "huge.json"))
	require.NoError(t, err)
	require.NoError(t, f.Truncate(4<<30)) // sparse
	require.NoError(t, f.Close())
	require.NoError(t, syscall.Mkfifo(filepath.Join(dir, "pipe.json"), 0o600))
	res = runCLIWithTimeout(t, nil, "validate", "--op", "createCreditPaymentV4", dir)
	assert.Equal(t, exitInvalid, res.code, res.stderr)
	assert.Contains(t, res.stdout, validate.CodeBodyTooLarge)
	assert.NotContains(t, res.stdout, "pipe.json")
	assert.Contains(t, res.stdout, "in 1 file", "the FIFO is not a document")
}

func TestCLINDJSONLineTooLong(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "lines.ndjson")
	long := `{"sell_currency":"` + strings.Repeat("G", validate.DefaultMaxBodyBytes) + `"}`
	content := `{"sell_currency":"GBP","buy_currency":"EUR","amount":1.00,"fixed_side":"BUY"}` + "\n" + long + "\n" + "{}\n"
	require.NoError(t, os.WriteFile(p, []byte(content), 0o600))
	res := runCLIWithTimeout(t, nil, "validate", "--op", "createQuote", "--param", "customer_id=C", "--ndjson", "--format", "json", p)
	assert.Equal(t, exitUsage, res.code)
	var rep struct {
		Valid  bool
		Counts struct{ Documents, Unreadable int }
		Files  []struct {
			Source   struct{ Line int }
			Problems []struct{ Code string }
			Error    string
		}
	}
	require.NoError(t, json.Unmarshal([]byte(res.stdout), &rep), res.stdout)
	assert.False(t, rep.Valid)
	require.Len(t, rep.Files, 3, "line 1, line 2 judged as too large, then the note that reading stopped")
	assert.Empty(t, rep.Files[0].Problems)
	assert.Equal(t, 2, rep.Files[1].Source.Line)
	assert.Equal(t, validate.CodeBodyTooLarge, rep.Files[1].Problems[0].Code)
	assert.Contains(t, rep.Files[2].Error, "the rest of the input was not read")
	assert.Equal(t, 1, rep.Counts.Unreadable)
	assert.Contains(t, res.stderr, p+":2: line 2 is longer than")
}

// A directory named through a symbolic link is walked as the directory it
// leads to, with the paths given as named.
func TestCLIWalksADirectoryNamedThroughALink(t *testing.T) {
	dir := t.TempDir()
	examples, err := filepath.Abs(filepath.Join(moduleRoot(t), "examples", "finzly", "createBookTransfer"))
	require.NoError(t, err)
	link := filepath.Join(dir, "books")
	require.NoError(t, os.Symlink(examples, link))
	res := runCLI(t, "", "validate", "--op", "createBookTransfer", "--format", "json", link)
	assert.Equal(t, exitInvalid, res.code, res.stderr)
	assert.Empty(t, res.stderr)
	assert.Contains(t, res.stdout, `"file":"`+filepath.ToSlash(filepath.Join(link, "valid.json"))+`"`)
	assert.Contains(t, res.stdout, `"file":"`+filepath.ToSlash(filepath.Join(link, "invalid.json"))+`"`)
}
