package spectest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"reflect"
)

// Decode parses JSON into generic values with numbers kept as json.Number,
// so that 10.50 and 10.5 stay different. Anything after the value, even a
// stray closing bracket, is an error.
func Decode(b []byte) (any, error) {
	dec := json.NewDecoder(bytes.NewReader(b))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, fmt.Errorf("trailing data after the JSON value")
	}
	return v, nil
}

// DropNulls removes object members whose value is null, recursively: a
// generated optional field marshals an absent value and a null the same
// way, and the two are equivalent for the APIs payspec describes.
func DropNulls(v any) any {
	switch t := v.(type) {
	case map[string]any:
		out := make(map[string]any, len(t))
		for k, e := range t {
			if e == nil {
				continue
			}
			out[k] = DropNulls(e)
		}
		return out
	case []any:
		out := make([]any, len(t))
		for i, e := range t {
			out[i] = DropNulls(e)
		}
		return out
	}
	return v
}

// EquivalentJSON reports whether two JSON documents hold the same members
// and values, numbers compared as written, null members ignored. On a
// mismatch it returns both normalised forms for the message.
func EquivalentJSON(want, got []byte) (bool, string, error) {
	w, err := Decode(want)
	if err != nil {
		return false, "", fmt.Errorf("want: %w", err)
	}
	g, err := Decode(got)
	if err != nil {
		return false, "", fmt.Errorf("got: %w", err)
	}
	w, g = DropNulls(w), DropNulls(g)
	if reflect.DeepEqual(w, g) {
		return true, "", nil
	}
	wb, _ := json.Marshal(w)
	gb, _ := json.Marshal(g)
	return false, fmt.Sprintf("want %s\n got %s", wb, gb), nil
}
