package sandbox

import (
	"slices"
	"strconv"

	"github.com/payspec/payspec/gen/finzly"
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

// cut returns page (from 1) of items, limit to a page; past the end the
// page is empty.
func cut[T any](items []T, page, limit int32) []T {
	total := int64(len(items))
	start := min(int64(page-1)*int64(limit), total)
	end := min(start+int64(limit), total)
	return items[start:end]
}

// paginate cuts one page out of items and describes it as Redpin does.
func paginate[T any](items []T, page, limit int32) ([]T, redpin.PageMeta) {
	total := int64(len(items))
	pages := int32((total + int64(limit) - 1) / int64(limit))
	return cut(items, page, limit), redpin.PageMeta{Page: &page, Limit: &limit, TotalRecords: &total, TotalPages: &pages}
}

// finzlyPage cuts one page out of items and describes it as Finzly's
// pagination does. The page is never nil, so that it encodes as [].
func finzlyPage[T any](items []T, page, limit int32) ([]T, finzly.Pagination) {
	total := int64(len(items))
	p := cut(items, page, limit)
	out := append(make([]T, 0, len(p)), p...)
	returned := int32(len(out))
	return out, finzly.Pagination{TotalRecords: &total, ReturnedRecords: &returned, PageReturned: &page, PageSize: &limit}
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
