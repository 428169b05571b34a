package main

import (
	"slices"
	"strings"
)

// closest names the candidates nearest to name by edit distance, ignoring
// letter case, when they are near enough to be the likely intent: within
// a third of the name's length (at least 2 edits), or else candidates that
// name is a prefix of. Several equally near are joined with "or".
func closest(name string, candidates []string) (string, bool) {
	lower := strings.ToLower(name)
	var best []string
	bestDist := -1
	for _, c := range candidates {
		switch d := editDistance(lower, strings.ToLower(c)); {
		case bestDist < 0 || d < bestDist:
			best, bestDist = []string{c}, d
		case d == bestDist && !slices.Contains(best, c):
			best = append(best, c)
		}
	}
	if bestDist < 0 || bestDist > max(2, len(name)/3) {
		best = nil
		for _, c := range candidates {
			if lower != "" && strings.HasPrefix(strings.ToLower(c), lower) {
				best = append(best, c)
			}
		}
	}
	if len(best) == 0 || len(best) > 3 {
		return "", false
	}
	slices.Sort(best)
	return strings.Join(best, " or "), true
}

// editDistance is the Levenshtein distance between a and b, in bytes.
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
