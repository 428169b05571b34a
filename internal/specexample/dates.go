package specexample

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"strconv"
	"strings"
	"time"
)

// Date is a date written in a JSON document: a member value or array
// element that is a date the way the specs write them, MM-DD-YYYY
// (Finzly), YYYY-MM-DD (Redpin), or an RFC 3339 date-time whose date part
// is YYYY-MM-DD.
type Date struct {
	Pointer string    // JSON Pointer of the value
	Offset  int       // byte offset of the date's first digit in the document
	Layout  string    // "01-02-2006" or "2006-01-02": the layout of the 10 bytes at Offset
	Day     time.Time // the date, at midnight UTC
}

// Date layouts.
const (
	LayoutFinzly = "01-02-2006"
	LayoutISO    = "2006-01-02"
)

// maxDates bounds the dates Dates reports.
const maxDates = 1000

// Dates finds the dates of a JSON document, in document order (at most a
// thousand). A document that is not JSON is an error.
func Dates(doc []byte) ([]Date, error) {
	dec := json.NewDecoder(bytes.NewReader(doc))
	dec.UseNumber()
	var out []Date
	var path []pathElem
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) && len(path) == 0 {
			return out, nil
		}
		if errors.Is(err, io.EOF) {
			return nil, io.ErrUnexpectedEOF
		}
		if err != nil {
			return nil, err
		}
		isKey := len(path) > 0 && path[len(path)-1].object && path[len(path)-1].wantKey
		switch v := tok.(type) {
		case json.Delim:
			switch v {
			case '{', '[':
				path = append(path, pathElem{object: v == '{', wantKey: v == '{'})
				continue
			default:
				path = path[:len(path)-1]
			}
		case string:
			if isKey {
				top := &path[len(path)-1]
				top.key, top.wantKey = v, false
				continue
			}
			if d, ok := dateAt(doc, int(dec.InputOffset()), v); ok && len(out) < maxDates {
				d.Pointer = pointer(path)
				out = append(out, d)
			}
		}
		// A value ended: the next token of an object is a key, of an array
		// the next element.
		if len(path) > 0 {
			top := &path[len(path)-1]
			top.wantKey = top.object
			if !top.object {
				top.index++
			}
		}
	}
}

// pathElem is one container around the current token.
type pathElem struct {
	object  bool
	wantKey bool   // an object expecting a key
	key     string // an object's current member
	index   int    // an array's current element
}

// pointer writes the JSON Pointer of the value being read.
func pointer(path []pathElem) string {
	var b strings.Builder
	for _, e := range path {
		b.WriteByte('/')
		if e.object {
			b.WriteString(strings.ReplaceAll(strings.ReplaceAll(e.key, "~", "~0"), "/", "~1"))
		} else {
			b.WriteString(strconv.Itoa(e.index))
		}
	}
	return b.String()
}

// dateAt reads the string value v that ends just before end in doc as a
// date, if it is one written without escapes.
func dateAt(doc []byte, end int, v string) (Date, bool) {
	start := end - len(v) - 1
	if start < 1 || end > len(doc) || doc[start-1] != '"' || doc[end-1] != '"' || string(doc[start:end-1]) != v {
		return Date{}, false
	}
	if len(v) < 10 {
		return Date{}, false
	}
	for _, layout := range []string{LayoutFinzly, LayoutISO} {
		day, err := time.Parse(layout, v[:10])
		if err != nil {
			continue
		}
		switch {
		case len(v) == 10:
		case layout == LayoutISO && v[10] == 'T':
			if _, err := time.Parse(time.RFC3339Nano, v); err != nil {
				continue
			}
		default:
			continue
		}
		return Date{Offset: start, Layout: layout, Day: day}, true
	}
	return Date{}, false
}

// ShiftDates returns a copy of doc with each of dates moved by days days,
// written in its own layout; the rest of the document is unchanged, byte
// for byte. A date that would leave the years 0000 to 9999 stays.
func ShiftDates(doc []byte, dates []Date, days int) []byte {
	out := bytes.Clone(doc)
	for _, d := range dates {
		if d.Offset < 0 || d.Offset+10 > len(out) {
			continue
		}
		if moved := d.Day.AddDate(0, 0, days).Format(d.Layout); len(moved) == 10 {
			copy(out[d.Offset:], moved)
		}
	}
	return out
}
