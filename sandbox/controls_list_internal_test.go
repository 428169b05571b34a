package sandbox

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

// TestMergeNewestKeepsEachListsOrder merges lists that are each newest
// first: the result is newest first, and payments made at one instant
// keep their lists' order, the earlier list's first.
func TestMergeNewestKeepsEachListsOrder(t *testing.T) {
	at := time.Date(2030, 3, 4, 9, 0, 0, 0, time.UTC)
	p := func(id string, minutes int) PaymentSummary {
		return PaymentSummary{ID: id, Created: at.Add(time.Duration(minutes) * time.Minute)}
	}
	ids := func(ps []PaymentSummary) []string {
		out := []string{}
		for _, p := range ps {
			out = append(out, p.ID)
		}
		return out
	}
	tests := []struct {
		name  string
		lists [][]PaymentSummary
		want  []string
	}{
		{"none", nil, []string{}},
		{"empty lists", [][]PaymentSummary{{}, {}}, []string{}},
		{"one list", [][]PaymentSummary{{p("a", 3), p("b", 3), p("c", 1)}}, []string{"a", "b", "c"}},
		{"interleaved", [][]PaymentSummary{{p("f3", 5), p("f2", 2), p("f1", 0)}, {p("r2", 4), p("r1", 1)}},
			[]string{"f3", "r2", "f2", "r1", "f1"}},
		{"ties: the earlier list first, each in its order", [][]PaymentSummary{{p("f2", 2), p("f1", 2)}, {p("r2", 2), p("r1", 2)}},
			[]string{"f2", "f1", "r2", "r1"}},
		{"one list empty", [][]PaymentSummary{{}, {p("r1", 1)}}, []string{"r1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, ids(mergeNewest(tt.lists)))
		})
	}
}
