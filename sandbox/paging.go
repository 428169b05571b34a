package sandbox

import (
	"slices"
	"strconv"

	"github.com/payspec/payspec/gen/redpin"
)

// pageOf reads 1-based page and limit parameters with defaults.
func pageOf(page, limit *int32, defaultLimit int32) (int32, int32) {
	p, l := int32(1), defaultLimit
	if page != nil && *page > 0 {
		p = *page
	}
	if limit != nil && *limit > 0 {
		l = *limit
	}
	return p, l
}

// paginate cuts one page out of items and describes it.
func paginate[T any](items []T, page, limit int32) ([]T, redpin.PageMeta) {
	total := int64(len(items))
	pages := int32((total + int64(limit) - 1) / int64(limit))
	start := min(int64(page-1)*int64(limit), total)
	end := min(start+int64(limit), total)
	return items[start:end], redpin.PageMeta{Page: &page, Limit: &limit, TotalRecords: &total, TotalPages: &pages}
}

// sortByNumericID orders items by an id made of digits, as numbers.
func sortByNumericID[T any](items []T, id func(T) string) {
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
