//go:build unix

package main

import (
	"io"
	"os"
	"path/filepath"
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
