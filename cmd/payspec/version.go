package main

import (
	"regexp"
	"runtime/debug"
	"strings"
)

// readBuildInfo is debug.ReadBuildInfo, or nothing when the binary
// carries none.
func readBuildInfo() *debug.BuildInfo {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return &debug.BuildInfo{}
	}
	return info
}

// version describes this build for payspec --version.
func version() string { return describeBuild(readBuildInfo()) }

// moduleVersion is this build's module version alone, for reports that
// name the tool's version (SARIF).
func moduleVersion() string { return buildVersion(readBuildInfo()) }

// noVCSNote explains a build that recorded neither a version nor a commit.
const noVCSNote = "no commit recorded: go run and -buildvcs=false leave it out; go build in a checkout or go install records it"

// describeBuild writes what the Go toolchain recorded of a build: the
// module version, then the commit it was built from, when it was made and
// whether the tree had changes not committed.
//
//	go install .../cmd/payspec@v0.1.0   v0.1.0
//	go install .../cmd/payspec@<commit> v0.0.0-20261207142129-2ae15c3e2f73 (commit 2ae15c3e2f73)
//	go build, in a checkout             v0.1.0 (commit 2ae15c3e2f73, 2026-12-07T14:21:29Z)
//	go build, with changes              v0.1.1-0.20261207142129-2ae15c3e2f73+dirty (commit 2ae15c3e2f73, 2026-12-07T14:21:29Z, modified)
//	go run, in a checkout               devel (no commit recorded: ...)
func describeBuild(info *debug.BuildInfo) string {
	v := buildVersion(info)
	settings := map[string]string{}
	for _, s := range info.Settings {
		settings[s.Key] = s.Value
	}
	rev := settings["vcs.revision"]
	if rev == "" {
		rev = pseudoVersionRevision(info.Main.Version)
	}
	switch {
	case rev != "":
	case v == "devel":
		return v + " (" + noVCSNote + ")"
	default:
		return v // a release, installed from the module proxy
	}
	parts := []string{"commit " + rev[:min(len(rev), 12)]}
	if t := settings["vcs.time"]; t != "" {
		parts = append(parts, t)
	}
	if settings["vcs.modified"] == "true" {
		parts = append(parts, "modified")
	}
	return v + " (" + strings.Join(parts, ", ") + ")"
}

// buildVersion is the module version of a build, "devel" for a build the
// toolchain gave no version ("(devel)").
func buildVersion(info *debug.BuildInfo) string {
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	return "devel"
}

// pseudoVersion matches the end of a Go pseudo-version, which names the
// commit it was made from: v0.0.0-20261207142129-2ae15c3e2f73, or
// v0.1.1-0.20261207142129-2ae15c3e2f73, maybe followed by +dirty.
var pseudoVersion = regexp.MustCompile(`^v[0-9]+\.[0-9]+\.[0-9]+-(?:[0-9A-Za-z.-]*\.)?[0-9]{14}-([0-9a-f]{12})(?:\+[0-9A-Za-z.]+)?$`)

// pseudoVersionRevision is the commit a pseudo-version names, "" for any
// other version.
func pseudoVersionRevision(v string) string {
	if m := pseudoVersion.FindStringSubmatch(v); m != nil {
		return m[1]
	}
	return ""
}
