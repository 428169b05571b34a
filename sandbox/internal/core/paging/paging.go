// Package paging cuts lists into the 1-based pages the providers' list
// operations answer.
package paging

import (
	"slices"
	"strconv"
)

// Of reads 1-based page and limit parameters with defaults.
func Of(page, limit *int32, defaultLimit int32) (int32, int32) {
	p, l := int32(1), defaultLimit
	if page != nil && *page > 0 {
		p = *page
	}
	if limit != nil && *limit > 0 {
		l = *limit
	}
	return p, l
}

// Cut returns page (from 1) of items, limit to a page; past the end the
// page is empty.
func Cut[T any](items []T, page, limit int32) []T {
	total := int64(len(items))
	start := min(int64(page-1)*int64(limit), total)
	end := min(start+int64(limit), total)
	return items[start:end]
}

// SortByNumericID orders items by an id made of digits, as numbers.
func SortByNumericID[T any](items []T, id func(T) string) {
	slices.SortFunc(items, func(a, b T) int {
		x, _ := strconv.ParseInt(id(a), 10, 64)
		y, _ := strconv.ParseInt(id(b), 10, 64)
		switch {
		case x < y:
			return -1
		case x > y:
			return 1
		}
		return 0
	})
}
