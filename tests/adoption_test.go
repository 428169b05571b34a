package tests

import (
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// apacheLicenseSHA256 is the digest of the Apache License 2.0 exactly as
// the Apache Software Foundation publishes it
// (https://www.apache.org/licenses/LICENSE-2.0.txt).
const apacheLicenseSHA256 = "cfc7749b96f63bd31c3c42b5c471bf756814053e847c10f3eb003417bc523d30"

// TestLicenseIsTheApacheLicense keeps LICENSE the unmodified Apache License
// 2.0, which licence scanners (pkg.go.dev among them) recognise as such.
func TestLicenseIsTheApacheLicense(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "LICENSE"))
	require.NoError(t, err)
	sum := sha256.Sum256(b)
	assert.Equal(t, apacheLicenseSHA256, hex.EncodeToString(sum[:]), "LICENSE is the Apache License 2.0, unchanged")
}

// TestChangelogFollowsKeepAChangelog checks the changelog's layout: an
// Unreleased section first, then releases newest first as
// "## [X.Y.Z] - YYYY-MM-DD", each with a link at the end, and the first
// release, 0.1.0 of 2026-12-07.
func TestChangelogFollowsKeepAChangelog(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "CHANGELOG.md"))
	require.NoError(t, err)
	text := string(b)
	heads := regexp.MustCompile(`(?m)^## \[([^\]]+)\](?: - (\d{4}-\d{2}-\d{2}))?$`).FindAllStringSubmatch(text, -1)
	require.GreaterOrEqual(t, len(heads), 2, "an Unreleased section and at least one release")
	assert.Equal(t, "Unreleased", heads[0][1])
	assert.Empty(t, heads[0][2], "Unreleased has no date")
	last := heads[len(heads)-1]
	assert.Equal(t, []string{"0.1.0", "2026-12-07"}, last[1:], "the first release")
	for _, h := range heads[1:] {
		assert.Regexp(t, `^\d+\.\d+\.\d+$`, h[1], "a release is a semantic version")
		assert.NotEmpty(t, h[2], "release %s has a date", h[1])
	}
	for _, h := range heads {
		assert.Regexp(t, `(?m)^\[`+regexp.QuoteMeta(h[1])+`\]: https://`, text, "section %s has its link", h[1])
	}
	assert.Regexp(t, `(?m)^### Added$`, text)
}
