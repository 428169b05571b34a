package main

import (
	"strings"

	"github.com/payspec/payspec/api"
)

// unknownOperation is the usage error for an --op that names no
// operation: it suggests the generated operation id closest to it, when
// one is within two edits (letter case aside).
func unknownOperation(id string) error {
	best, bestDist := "", 3
	for _, p := range api.Providers() {
		for _, known := range api.OperationIDs(p) {
			if d := editDistance(strings.ToLower(id), strings.ToLower(known)); d < bestDist {
				best, bestDist = known, d
			}
		}
	}
	if best != "" {
		return usagef("validate: unknown operation %q; did you mean %s? (see payspec ops)", id, best)
	}
	return usagef("validate: unknown operation %q (see payspec ops)", id)
}

// editDistance is the Levenshtein distance between two short strings.
func editDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
