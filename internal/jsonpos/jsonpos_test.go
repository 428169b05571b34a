package jsonpos_test

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/internal/jsonpos"
	"github.com/payspec/payspec/internal/strictjson"
)

const doc = `{
  "paymentAmount": "12",
  "sender": {
    "name": 42,
    "address": {"city": "Ünïcödé", "line1": "x"}
  },
  "list": [1, {"a/b": [true]}, "s"],
  "esc\"aped": {"ti~lde": null}
}`

func TestLocate(t *testing.T) {
	cases := []struct {
		pointer   string
		line, col int
	}{
		{"", 1, 1},
		{"/paymentAmount", 2, 3},
		{"/sender", 3, 3},
		{"/sender/name", 4, 5},
		{"/sender/address/line1", 5, 36}, // after a line with non-ASCII letters: columns count characters
		{"/sender/missing", 3, 3},        // a missing member: its object's member
		{"/sender/address/zip", 5, 5},
		{"/list/0", 7, 12},
		{"/list/1/a~1b/0", 7, 24},
		{"/list/9", 7, 3}, // past the end: the array's member
		{"/esc\"aped/ti~0lde", 8, 17},
		{"/nowhere/at/all", 1, 1}, // nothing of it exists: the document's start
		{"/path/customer_id", 1, 1},
	}
	pointers := make([]string, len(cases))
	for i, c := range cases {
		pointers[i] = c.pointer
	}
	got := jsonpos.Locate([]byte(doc), pointers)
	require.Len(t, got, len(cases))
	for i, c := range cases {
		assert.Equalf(t, [2]int{c.line, c.col}, [2]int{got[i].Line, got[i].Column}, "%q", c.pointer)
		assert.Equal(t, got[i], jsonpos.At([]byte(doc), got[i].Offset), "At agrees with Locate")
	}
}

func TestLocateInBrokenDocuments(t *testing.T) {
	for _, tc := range []struct {
		doc, pointer string
		line, col    int
	}{
		{`{"a": 1, "b": {"c": tru`, "/b/c", 1, 16}, // found before the break
		{`{"a": 1, "b": {"c": tru`, "/b/d", 1, 10},
		{"{\"a\": 1,\n \"b\" 2, \"c\": 3}", "/c", 1, 1}, // after the break: the root
		{`[1, 2`, "/1", 1, 5},
		{`"just a string"`, "/x", 1, 1},
		{``, "/x", 1, 1},
		{"   \n  {\"a\":1}", "/a", 2, 4},
		{`{"a":1} {"b":2}`, "/b", 1, 1},
	} {
		got := jsonpos.Locate([]byte(tc.doc), []string{tc.pointer})
		assert.Equalf(t, [2]int{tc.line, tc.col}, [2]int{got[0].Line, got[0].Column}, "%q in %q", tc.pointer, tc.doc)
	}
}

func TestLocateStopsAtMaxDepth(t *testing.T) {
	deep := strings.Repeat(`{"a":`, jsonpos.MaxDepth+10) + "1" + strings.Repeat("}", jsonpos.MaxDepth+10)
	ptr := strings.Repeat("/a", jsonpos.MaxDepth+5)
	got := jsonpos.Locate([]byte(deep), []string{ptr})
	assert.Equal(t, 5*jsonpos.MaxDepth-4, got[0].Offset, "placed at the deepest member entered")
}

func TestLocateSkipsWhatNoPointerLeadsInto(t *testing.T) {
	// A large unrelated member before the one asked for.
	big := `{"junk": [` + strings.Repeat(`{"x": "}]{[\""}, `, 1000) + `0], "k": 1}`
	got := jsonpos.Locate([]byte(big), []string{"/k"})
	assert.Equal(t, strings.Index(big, `"k"`), got[0].Offset)
}

func FuzzLocate(f *testing.F) {
	f.Add([]byte(doc), "/sender/address/city")
	f.Add([]byte(`[[[[`), "/0/0/0/0/0")
	f.Add([]byte(`{"a\u0000b":"\ud800"}`), "/a\x00b")
	f.Add([]byte("\xff{\"a\":1}"), "/a")
	f.Fuzz(func(t *testing.T, data []byte, pointer string) {
		got := jsonpos.Locate(data, []string{pointer, "", "/0"})
		require.Len(t, got, 3)
		for _, p := range got {
			require.GreaterOrEqual(t, p.Offset, 0)
			require.LessOrEqual(t, p.Offset, len(data))
			require.GreaterOrEqual(t, p.Line, 1)
			require.GreaterOrEqual(t, p.Column, 1)
			require.LessOrEqual(t, p.Line, strings.Count(string(data[:p.Offset]), "\n")+1)
			require.LessOrEqual(t, p.Column, utf8.RuneCount(data[:p.Offset])+1)
		}
	})
}

// FuzzLocateAgreesWithTheParser: in any document the strict parser reads,
// every member is located at the quote of its own name and every item at a
// character that starts a value.
func FuzzLocateAgreesWithTheParser(f *testing.F) {
	f.Add([]byte(doc))
	f.Add([]byte(`{"a":[{"b":{"c~/":[1,[2,{"d":"}"}]]}}]}`))
	f.Add([]byte(` [ "x" , { "y" : null } ] `))
	f.Fuzz(func(t *testing.T, data []byte) {
		tree, err := strictjson.Parse(data, 0)
		if err != nil {
			return
		}
		type member struct {
			pointer, name string
			item          bool
		}
		var members []member
		var walk func(v any, ptr string)
		walk = func(v any, ptr string) {
			switch v := v.(type) {
			case map[string]any:
				for k, c := range v {
					p := ptr + "/" + strictjson.EscapeToken(k)
					members = append(members, member{pointer: p, name: k})
					walk(c, p)
				}
			case []any:
				for i, c := range v {
					p := ptr + "/" + strconv.Itoa(i)
					members = append(members, member{pointer: p, item: true})
					walk(c, p)
				}
			}
		}
		walk(tree, "")
		pointers := make([]string, len(members))
		for i, m := range members {
			pointers[i] = m.pointer
		}
		got := jsonpos.Locate(data, pointers)
		for i, m := range members {
			off := got[i].Offset
			require.Less(t, off, len(data), m.pointer)
			if m.item {
				assert.NotContains(t, " \t\r\n,]", string(data[off]), m.pointer)
				continue
			}
			require.Equal(t, byte('"'), data[off], m.pointer)
			var name string
			dec := json.NewDecoder(bytes.NewReader(data[off:]))
			require.NoError(t, dec.Decode(&name), m.pointer)
			assert.Equal(t, m.name, name, m.pointer)
		}
	})
}
