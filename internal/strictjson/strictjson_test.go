package strictjson_test

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/internal/spectest"
	"github.com/payspec/payspec/internal/strictjson"
)

// numbers lists the literal text of every json.Number in v, in a stable
// order (map keys sorted).
func numbers(v any) []string {
	var out []string
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case json.Number:
			out = append(out, string(v))
		case []any:
			for _, e := range v {
				walk(e)
			}
		case map[string]any:
			keys := make([]string, 0, len(v))
			for k := range v {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				walk(v[k])
			}
		}
	}
	walk(v)
	return out
}

func nested(open, close string, n int) string {
	return strings.Repeat(open, n) + strings.Repeat(close, n)
}

func paymentDoc(tb testing.TB) []byte {
	tb.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", "payment.json"))
	require.NoError(tb, err)
	return data
}

type obj = map[string]any
type arr = []any
type num = json.Number

type acceptCase struct {
	name string
	in   string
	want any
	// nums lists the json.Number literals expected in the result, in the
	// order numbers() walks them.
	nums []string
}

var acceptCases = []acceptCase{
	{name: "null", in: `null`, want: nil},
	{name: "true", in: `true`, want: true},
	{name: "false", in: `false`, want: false},
	{name: "empty string", in: `""`, want: ""},
	{name: "ascii string", in: `"hello"`, want: "hello"},
	{name: "zero", in: `0`, want: num("0"), nums: []string{"0"}},
	{name: "negative zero", in: `-0`, want: num("-0"), nums: []string{"-0"}},
	{name: "integer", in: `42`, want: num("42"), nums: []string{"42"}},
	{name: "negative integer", in: `-7`, want: num("-7"), nums: []string{"-7"}},
	{name: "fraction", in: `0.5`, want: num("0.5"), nums: []string{"0.5"}},
	{name: "fraction with negative exponent", in: `0.5e-3`, want: num("0.5e-3"), nums: []string{"0.5e-3"}},
	{name: "capital exponent with plus", in: `1E+9`, want: num("1E+9"), nums: []string{"1E+9"}},
	{name: "exponent without sign", in: `2e10`, want: num("2e10"), nums: []string{"2e10"}},
	{name: "negative zero fraction exponent", in: `-0.0e0`, want: num("-0.0e0"), nums: []string{"-0.0e0"}},
	{name: "trailing zeros kept", in: `25.00`, want: num("25.00"), nums: []string{"25.00"}},
	{name: "amount", in: `1234567.89`, want: num("1234567.89"), nums: []string{"1234567.89"}},
	{name: "beyond int64", in: `123456789012345678901234567890`, want: num("123456789012345678901234567890"), nums: []string{"123456789012345678901234567890"}},
	{name: "beyond float64", in: `1e400`, want: num("1e400"), nums: []string{"1e400"}},
	{name: "more digits than float64 holds", in: `0.30000000000000000001`, want: num("0.30000000000000000001"), nums: []string{"0.30000000000000000001"}},
	{name: "empty object", in: `{}`, want: obj{}},
	{name: "empty array", in: `[]`, want: arr{}},
	{name: "nested empties", in: `[{},[],{"a":[]}]`, want: arr{obj{}, arr{}, obj{"a": arr{}}}},
	{
		name: "nested objects and arrays",
		in:   `{"a":{"b":[1,{"c":null,"d":[true,false]}]},"e":[],"f":"g","h":25.00}`,
		want: obj{
			"a": obj{"b": arr{num("1"), obj{"c": nil, "d": arr{true, false}}}},
			"e": arr{},
			"f": "g",
			"h": num("25.00"),
		},
		nums: []string{"1", "25.00"},
	},
	{
		name: "numbers of every shape in an array",
		in:   `[-0,0.5e-3,1E+9,25.00,-1.5E-10,10]`,
		want: arr{num("-0"), num("0.5e-3"), num("1E+9"), num("25.00"), num("-1.5E-10"), num("10")},
		nums: []string{"-0", "0.5e-3", "1E+9", "25.00", "-1.5E-10", "10"},
	},
	{name: "simple escapes", in: `"\" \\ \/ \b \f \n \r \t"`, want: "\" \\ / \b \f \n \r \t"},
	{name: "escape after plain text", in: `"abc\ndef"`, want: "abc\ndef"},
	{name: "unicode escape", in: `"caf\u00e9"`, want: "café"},
	{name: "unicode escape upper hex", in: `"caf\u00E9"`, want: "café"},
	{name: "escaped NUL", in: `"a\u0000b"`, want: "a\x00b"},
	{name: "escaped replacement character", in: `"\ufffd"`, want: "\uFFFD"},
	{name: "surrogate pair", in: `"\ud83d\ude00"`, want: "😀"},
	{name: "surrogate pair upper hex", in: `"\uD83D\uDE00!"`, want: "😀!"},
	{name: "raw multi-byte UTF-8", in: "\"Zürich €5 日本 😀\"", want: "Zürich €5 日本 😀"},
	{name: "raw replacement character", in: "\"\xef\xbf\xbd\"", want: "\uFFFD"},
	{name: "raw DEL", in: "\"\x7f\"", want: "\x7f"},
	{name: "raw multi-byte then escape", in: `"é\t😀\u00e9"`, want: "é\t😀é"},
	{
		name: "whitespace around and inside",
		in:   " \t\r\n{ \"a\" :\t[ 1 ,\n2 ] , \"b\"\r\n: \"c\" }\n\t\r ",
		want: obj{"a": arr{num("1"), num("2")}, "b": "c"},
		nums: []string{"1", "2"},
	},
	{name: "whitespace around scalar", in: "\n 7 \n", want: num("7"), nums: []string{"7"}},
	{name: "escaped member name", in: `{"\u0061b":1}`, want: obj{"ab": num("1")}, nums: []string{"1"}},
	{name: "empty member name", in: `{"":1}`, want: obj{"": num("1")}, nums: []string{"1"}},
	{name: "names differing in case", in: `{"a":1,"A":2}`, want: obj{"a": num("1"), "A": num("2")}, nums: []string{"2", "1"}},
	{name: "same name in sibling objects", in: `[{"a":1},{"a":2}]`, want: arr{obj{"a": num("1")}, obj{"a": num("2")}}, nums: []string{"1", "2"}},
	{name: "same name at two levels", in: `{"a":{"a":1}}`, want: obj{"a": obj{"a": num("1")}}, nums: []string{"1"}},
	{name: "pointer characters in names", in: `{"a/b":1,"a~b":2}`, want: obj{"a/b": num("1"), "a~b": num("2")}, nums: []string{"1", "2"}},
}

func TestParseAccepts(t *testing.T) {
	for _, tc := range acceptCases {
		t.Run(tc.name, func(t *testing.T) {
			in := []byte(tc.in)
			require.True(t, json.Valid(in), "test input must be valid JSON")

			got, err := strictjson.Parse(in, 0)
			require.NoError(t, err)
			assert.Equal(t, tc.want, got)

			std, err := spectest.Decode(in)
			require.NoError(t, err)
			assert.Equal(t, std, got, "value differs from encoding/json with UseNumber")

			nums := numbers(got)
			assert.Equal(t, tc.nums, nums, "numbers must keep their literal text")
			for _, n := range nums {
				assert.Contains(t, tc.in, n, "number literal not found verbatim in the input")
			}
		})
	}
}

func TestParsePaymentDocument(t *testing.T) {
	data := paymentDoc(t)
	got, err := strictjson.Parse(data, 0)
	require.NoError(t, err)
	std, err := spectest.Decode(data)
	require.NoError(t, err)
	assert.Equal(t, std, got)

	doc, ok := got.(map[string]any)
	require.True(t, ok)
	amount, ok := doc["amount"].(map[string]any)
	require.True(t, ok)
	assert.Equal(t, json.Number("1234567.89"), amount["value"])
	captured, ok := doc["amount_captured"].(map[string]any)
	require.True(t, ok)
	assert.Equal(t, json.Number("0.00"), captured["value"])
	assert.Equal(t, "Müller & Söhne GmbH", doc["payer"].(map[string]any)["name"])
}

// TestParseDoesNotAliasInput checks that strings and numbers are copies: a
// caller may reuse its buffer once Parse returns.
func TestParseDoesNotAliasInput(t *testing.T) {
	in := []byte(`{"plain":"abc","escaped":"a\nb","n":12.50}`)
	got, err := strictjson.Parse(in, 0)
	require.NoError(t, err)
	for i := range in {
		in[i] = 'X'
	}
	assert.Equal(t, map[string]any{"plain": "abc", "escaped": "a\nb", "n": json.Number("12.50")}, got)
}

func TestParseDepth(t *testing.T) {
	for _, tc := range []struct {
		name     string
		in       string
		maxDepth int
	}{
		{name: "3 arrays at depth 3", in: nested("[", "]", 3), maxDepth: 3},
		{name: "3 objects at depth 3", in: `{"a":{"b":{"c":1}}}`, maxDepth: 3},
		{name: "3 mixed at depth 3", in: `[{"a":[]}]`, maxDepth: 3},
		{name: "1 array at depth 1", in: `[1]`, maxDepth: 1},
		{name: "scalar at depth 1", in: `1`, maxDepth: 1},
		{name: "64 arrays at default depth", in: nested("[", "]", strictjson.DefaultMaxDepth), maxDepth: 0},
		{name: "64 arrays at negative depth", in: nested("[", "]", strictjson.DefaultMaxDepth), maxDepth: -5},
		{name: "65 arrays at depth 65", in: nested("[", "]", strictjson.DefaultMaxDepth+1), maxDepth: strictjson.DefaultMaxDepth + 1},
		{name: "1000 arrays at depth 1000", in: nested("[", "]", 1000), maxDepth: 1000},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := strictjson.Parse([]byte(tc.in), tc.maxDepth)
			require.NoError(t, err)
			std, err := spectest.Decode([]byte(tc.in))
			require.NoError(t, err)
			assert.Equal(t, std, got)
		})
	}
	assert.Equal(t, 64, strictjson.DefaultMaxDepth)
}

type refuseCase struct {
	name     string
	in       string
	maxDepth int
	code     string
	pointer  string
	offset   int
	// leak is text of the input that Error() must not contain; empty means
	// the whole input, trimmed of surrounding whitespace.
	leak string
	// says is text the message must contain, when given.
	says string
}

const (
	syntax   = strictjson.CodeSyntax
	badUTF8  = strictjson.CodeUTF8
	dupKey   = strictjson.CodeDuplicateKey
	trailing = strictjson.CodeTrailingData
	tooDeep  = strictjson.CodeTooDeep
)

var refuseCases = []refuseCase{
	// Empty documents.
	{name: "empty", in: ``, code: syntax, pointer: "", offset: 0},
	{name: "only whitespace", in: " \t\r\n ", code: syntax, pointer: "", offset: 5},

	// Literals.
	{name: "bad literal", in: `{"flag":trve}`, code: syntax, pointer: "/flag", offset: 8},
	{name: "truncated literal", in: `{"a":fals`, code: syntax, pointer: "/a", offset: 5},
	{name: "literal prefix", in: `[nulPAN4111]`, code: syntax, pointer: "/0", offset: 1, leak: "PAN4111"},
	{name: "capitalised literal", in: `[True]`, code: syntax, pointer: "/0", offset: 1},
	{name: "NaN", in: `{"amount":NaN}`, code: syntax, pointer: "/amount", offset: 10},
	{name: "Infinity", in: `[1,Infinity]`, code: syntax, pointer: "/1", offset: 3},
	{name: "negative Infinity", in: `-Infinity`, code: syntax, pointer: "", offset: 1},

	// Numbers.
	{name: "leading zero at root", in: `01`, code: trailing, pointer: "", offset: 1},
	{name: "leading zero in array", in: `[01]`, code: syntax, pointer: "/0", offset: 2},
	{name: "leading zero in object", in: `{"amount":-0012.50}`, code: syntax, pointer: "/amount", offset: 12},
	{name: "no digit after point", in: `1.`, code: syntax, pointer: "", offset: 2},
	{name: "no digit after point in object", in: `{"amount":12.,"ref":"PAN4111111111111111"}`, code: syntax, pointer: "/amount", offset: 13, leak: "PAN4111"},
	{name: "no exponent digits", in: `1e`, code: syntax, pointer: "", offset: 2},
	{name: "no exponent digits after sign", in: `[1E+]`, code: syntax, pointer: "/0", offset: 4},
	{name: "no integer part", in: `.5`, code: syntax, pointer: "", offset: 0},
	{name: "leading plus", in: `+1`, code: syntax, pointer: "", offset: 0},
	{name: "lone minus", in: `-`, code: syntax, pointer: "", offset: 1},
	{name: "minus then point", in: `[-.5]`, code: syntax, pointer: "/0", offset: 2},
	{name: "hex number", in: `{"n":0x1F}`, code: syntax, pointer: "/n", offset: 6},

	// Unterminated values.
	{name: "unterminated string", in: `{"memo":"PAN4111111111111111`, code: syntax, pointer: "/memo", offset: 28, leak: "PAN4111"},
	{name: "unterminated member name", in: `{"memo`, code: syntax, pointer: "", offset: 6},
	{name: "unterminated object after value", in: `{"a":1`, code: syntax, pointer: "/a", offset: 6},
	{name: "unterminated object after colon", in: `{"a":`, code: syntax, pointer: "/a", offset: 5},
	{name: "unterminated object after brace", in: `{`, code: syntax, pointer: "", offset: 1},
	{name: "unterminated nested object", in: `{"a":{"b":1}`, code: syntax, pointer: "/a", offset: 12},
	{name: "unterminated array", in: `[1,2`, code: syntax, pointer: "/1", offset: 4},
	{name: "unterminated array after comma", in: `[1,`, code: syntax, pointer: "/1", offset: 3},
	{name: "unterminated array after bracket", in: `[`, code: syntax, pointer: "/0", offset: 1},
	{name: "unterminated escape", in: `"ab\`, code: syntax, pointer: "", offset: 3},

	// Strings.
	{name: "raw control character", in: "{\"memo\":\"PAN4111\x01111\"}", code: syntax, pointer: "/memo", offset: 16, leak: "PAN4111"},
	{name: "raw newline", in: "[\"a\nb\"]", code: syntax, pointer: "/0", offset: 3},
	{name: "raw unit separator", in: "{\"name\":\"a\x1fb\"}", code: syntax, pointer: "/name", offset: 10},
	{name: "raw NUL", in: "\"\x00\"", code: syntax, pointer: "", offset: 1},
	{name: "raw tab", in: "\"PAN\t4111\"", code: syntax, pointer: "", offset: 4, leak: "PAN"},
	{name: "bad escape", in: `{"memo":"PAN4111\x41"}`, code: syntax, pointer: "/memo", offset: 16, leak: "PAN4111"},
	{name: "escaped single quote", in: `"\'"`, code: syntax, pointer: "", offset: 1},
	{name: "bad hex in \\u", in: `{"memo":"PAN\u12G4"}`, code: syntax, pointer: "/memo", offset: 12, leak: "PAN"},
	{name: "short \\u at end", in: `"\u12`, code: syntax, pointer: "", offset: 1},
	{name: "short \\u before quote", in: `["\u12"]`, code: syntax, pointer: "/0", offset: 2},
	{name: "single-quoted string", in: `{"a":'PAN4111'}`, code: syntax, pointer: "/a", offset: 5, leak: "PAN4111"},
	{name: "single-quoted member name", in: `{'a':1}`, code: syntax, pointer: "", offset: 1},

	// Structure.
	{name: "trailing comma in object", in: `{"a":1,}`, code: syntax, pointer: "", offset: 7},
	{name: "trailing comma in nested object", in: `{"x":{"a":1,}}`, code: syntax, pointer: "/x", offset: 12},
	{name: "trailing comma in array", in: `[1,]`, code: syntax, pointer: "/1", offset: 3},
	{name: "trailing comma in nested array", in: `{"x":[1,2,]}`, code: syntax, pointer: "/x/2", offset: 10},
	{name: "leading comma in object", in: `{,"a":1}`, code: syntax, pointer: "", offset: 1},
	{name: "elision in array", in: `[1,,2]`, code: syntax, pointer: "/1", offset: 3},
	{name: "missing colon", in: `{"a" 1}`, code: syntax, pointer: "/a", offset: 5},
	{name: "missing comma in object", in: `{"a":1 "b":2}`, code: syntax, pointer: "/a", offset: 7},
	{name: "missing comma in array", in: `[1 2]`, code: syntax, pointer: "/0", offset: 3},
	{name: "number as member name", in: `{1:2}`, code: syntax, pointer: "", offset: 1},
	{name: "bare member name", in: `{"a":1,b:2}`, code: syntax, pointer: "", offset: 7},
	{name: "mismatched close", in: `[1}`, code: syntax, pointer: "/0", offset: 2},
	{name: "close only", in: `]`, code: syntax, pointer: "", offset: 0},
	{name: "comment", in: `{"a":1/*PAN4111*/}`, code: syntax, pointer: "/a", offset: 6, leak: "PAN4111"},
	{name: "BOM before document", in: "\xef\xbb\xbf{}", code: syntax, pointer: "", offset: 0, says: "byte order mark"},
	{name: "vertical tab is not whitespace", in: "\v1", code: syntax, pointer: "", offset: 0},

	// Duplicate member names.
	{name: "duplicate at root", in: `{"a":1,"a":2}`, code: dupKey, pointer: "/a", offset: 10},
	{name: "duplicate nested", in: `{"x":{"a":1,"a":2}}`, code: dupKey, pointer: "/x/a", offset: 15},
	{name: "duplicate in array element", in: `[{"a":1},{"b":1,"b":2}]`, code: dupKey, pointer: "/1/b", offset: 19},
	{name: "duplicate with different values", in: `{"amount":"1.00","amount":"1000.00"}`, code: dupKey, pointer: "/amount", offset: 25, leak: "1000.00"},
	{name: "duplicate via escape", in: `{"a":1,"\u0061":2}`, code: dupKey, pointer: "/a", offset: 15},
	{name: "duplicate after other members", in: `{"a":1,"b":2,"a":3}`, code: dupKey, pointer: "/a", offset: 16},
	{name: "duplicate empty name", in: `{"":1,"":2}`, code: dupKey, pointer: "/", offset: 8},
	{name: "duplicate name needing pointer escapes", in: `{"a/b~c":1,"a/b~c":2}`, code: dupKey, pointer: "/a~1b~0c", offset: 18},

	// UTF-8 and surrogates.
	{name: "invalid byte in nested string", in: "{\"payer\":{\"name\":\"PAN4111\xff\"}}", code: badUTF8, pointer: "/payer/name", offset: 25, leak: "PAN4111"},
	{name: "invalid byte in array string", in: "[\"ok\",\"PAN\x80\"]", code: badUTF8, pointer: "/1", offset: 10, leak: "PAN"},
	{name: "invalid byte in member name", in: "{\"payer\":{\"na\xffme\":1}}", code: badUTF8, pointer: "/payer", offset: 13},
	{name: "invalid byte in later member name", in: "{\"amount\":1,\"\xfe\":2}", code: badUTF8, pointer: "", offset: 13},
	{name: "overlong slash", in: "\"\xc0\xaf\"", code: badUTF8, pointer: "", offset: 1},
	{name: "overlong three bytes", in: "[\"a\xe0\x80\xaf\"]", code: badUTF8, pointer: "/0", offset: 3},
	{name: "UTF-8 encoded surrogate", in: "{\"s\":\"\xed\xa0\x80\"}", code: badUTF8, pointer: "/s", offset: 6},
	{name: "truncated sequence", in: "\"\xe2\x82\"", code: badUTF8, pointer: "", offset: 1},
	{name: "beyond U+10FFFF", in: "\"\xf4\x90\x80\x80\"", code: badUTF8, pointer: "", offset: 1},
	{name: "lone high surrogate escape", in: `{"s":"PAN\ud83d"}`, code: badUTF8, pointer: "/s", offset: 9, leak: "PAN"},
	{name: "lone high surrogate then text", in: `["ok","\ud83dx"]`, code: badUTF8, pointer: "/1", offset: 7},
	{name: "lone low surrogate escape", in: `"\ude00"`, code: badUTF8, pointer: "", offset: 1},
	{name: "high surrogate then non-surrogate escape", in: `"\ud83d\u0041"`, code: badUTF8, pointer: "", offset: 1},
	{name: "two high surrogates", in: `"\ud83d\ud83d\ude00"`, code: badUTF8, pointer: "", offset: 1},
	{name: "low then high surrogate", in: `"\ude00\ud83d"`, code: badUTF8, pointer: "", offset: 1},
	{name: "high surrogate then other escape", in: `"\ud83d\n"`, code: badUTF8, pointer: "", offset: 1},
	{name: "high surrogate then malformed escape", in: `{"s":"\ud83d\uZZZZ"}`, code: syntax, pointer: "/s", offset: 12},
	{name: "high surrogate then truncated escape", in: `"\ud83d\u12`, code: syntax, pointer: "", offset: 7},

	// Data after the document.
	{name: "two objects", in: `{} {}`, code: trailing, pointer: "", offset: 3},
	{name: "two numbers", in: `1 2`, code: trailing, pointer: "", offset: 2},
	{name: "object then letter", in: `{}x`, code: trailing, pointer: "", offset: 2},
	{name: "value then garbage", in: `{"a":"b"}PAN4111`, code: trailing, pointer: "", offset: 9, leak: "PAN4111"},
	{name: "trailing comma after document", in: "[1],\n", code: trailing, pointer: "", offset: 3},
	{name: "literal then letter", in: `truex`, code: trailing, pointer: "", offset: 4},
	{name: "NUL after document", in: "{}\x00", code: trailing, pointer: "", offset: 2},

	// Depth.
	{name: "4 arrays at depth 3", in: nested("[", "]", 4), maxDepth: 3, code: tooDeep, pointer: "/0/0/0", offset: 3},
	{name: "4 objects at depth 3", in: `{"a":{"b":{"c":{}}}}`, maxDepth: 3, code: tooDeep, pointer: "/a/b/c", offset: 15},
	{name: "2 arrays at depth 1", in: `[1,[]]`, maxDepth: 1, code: tooDeep, pointer: "/1", offset: 3},
	{name: "65 arrays at default depth", in: nested("[", "]", 65), maxDepth: 0, code: tooDeep, pointer: strings.Repeat("/0", 64), offset: 64},
	{name: "65 arrays at negative depth", in: nested("[", "]", 65), maxDepth: -1, code: tooDeep, pointer: strings.Repeat("/0", 64), offset: 64},
	{name: "too deep before a syntax error", in: `[[[[x`, maxDepth: 3, code: tooDeep, pointer: "/0/0/0", offset: 3},
}

func TestParseRefuses(t *testing.T) {
	for _, tc := range refuseCases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := strictjson.Parse([]byte(tc.in), tc.maxDepth)
			require.Error(t, err)
			assert.Nil(t, got)

			var se *strictjson.Error
			require.ErrorAs(t, err, &se)
			assert.Equal(t, tc.code, se.Code, "code")
			assert.Equal(t, tc.pointer, se.Pointer, "pointer")
			assert.Equal(t, tc.offset, se.Offset, "offset")
			assert.NotEmpty(t, se.Message)

			msg := err.Error()
			assert.Equal(t, "strictjson: "+tc.code+" at "+strconv.Quote(tc.pointer)+
				" (byte "+strconv.Itoa(tc.offset)+"): "+se.Message, msg)
			if tc.says != "" {
				assert.Contains(t, msg, tc.says)
			}
			leak := tc.leak
			if leak == "" {
				leak = strings.TrimSpace(tc.in)
			}
			if leak != "" {
				assert.NotContains(t, msg, leak, "the error must not quote the input")
			}
		})
	}
}

// TestRefusalsMatchEncodingJSON keeps the refusal table honest: syntax and
// trailing-data refusals must be documents encoding/json rejects too, and
// every other refusal must be a document encoding/json accepts (save for the
// ones built to fail on two counts).
func TestRefusalsMatchEncodingJSON(t *testing.T) {
	for _, tc := range refuseCases {
		t.Run(tc.name, func(t *testing.T) {
			valid := json.Valid([]byte(tc.in))
			switch tc.code {
			case syntax, trailing:
				assert.False(t, valid)
			default:
				if tc.name != "too deep before a syntax error" {
					assert.True(t, valid)
				}
			}
		})
	}
}

func TestErrorIsPointerType(t *testing.T) {
	_, err := strictjson.Parse([]byte(`{"a":1,"a":2}`), 0)
	require.Error(t, err)
	se, ok := err.(*strictjson.Error)
	require.True(t, ok, "refusal must be a *strictjson.Error, got %T", err)
	assert.Equal(t, strictjson.CodeDuplicateKey, se.Code)
	assert.Equal(t, "/a", se.Pointer)
}

func TestEscapeToken(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"", ""},
		{"a", "a"},
		{"amount", "amount"},
		{"a/b", "a~1b"},
		{"a~b", "a~0b"},
		{"a/b~c", "a~1b~0c"},
		{"~1", "~01"},
		{"~0", "~00"},
		{"/~", "~1~0"},
		{"~/", "~0~1"},
		{"//", "~1~1"},
		{"~~", "~0~0"},
		{"/", "~1"},
		{"~", "~0"},
		{"é/€~", "é~1€~0"},
		{"a b\\c", "a b\\c"},
	} {
		t.Run(strconv.Quote(tc.in), func(t *testing.T) {
			assert.Equal(t, tc.want, strictjson.EscapeToken(tc.in))
		})
	}
}

// unescapeToken is RFC 6901 §4 decoding, used to check EscapeToken round-trips.
func unescapeToken(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~1", "/"), "~0", "~")
}

func TestEscapeTokenRoundTrip(t *testing.T) {
	for _, s := range []string{"", "a", "~01", "/~1", "~/~/", "a~1b", "~~//~"} {
		esc := strictjson.EscapeToken(s)
		assert.NotContains(t, esc, "/")
		assert.Equal(t, s, unescapeToken(esc), "round trip of %q via %q", s, esc)
	}
}

var fuzzOnlySeeds = []string{
	`{"a":[1,{"b":"c"}],"d":{"e":null}}`,
	`[true,false,null,"",0,-0.0e-0]`,
	`{"a":1,"a":2,`,
	`{"a":"\ud83d`,
	"[\"\xff\",x",
	`"\ud83d\uZZZZ"`,
	`{"x":{"":{"a":1,"a":2}}}`,
	`[1,2]]`,
	`{"a":1}}`,
	`"\u0041\u00e9\ud83d\ude00"`,
	" [ ] ",
	"\xef\xbb\xbf",
	nested("[", "]", 70),
	strings.Repeat(`{"a":`, 70) + "1" + strings.Repeat("}", 70),
}

func FuzzParse(f *testing.F) {
	for _, tc := range acceptCases {
		f.Add([]byte(tc.in))
	}
	for _, tc := range refuseCases {
		f.Add([]byte(tc.in))
	}
	for _, s := range fuzzOnlySeeds {
		f.Add([]byte(s))
	}
	f.Add(paymentDoc(f))

	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := strictjson.Parse(data, 0)
		valid := json.Valid(data)

		if err == nil {
			require.True(t, valid, "Parse accepted what encoding/json calls invalid")
			std, stdErr := spectest.Decode(data)
			require.NoError(t, stdErr)
			require.True(t, reflect.DeepEqual(std, got), "value differs from encoding/json:\n strict: %#v\n    std: %#v", got, std)
		} else {
			require.Nil(t, got)
			var se *strictjson.Error
			require.ErrorAs(t, err, &se)
			assert.True(t, se.Pointer == "" || strings.HasPrefix(se.Pointer, "/"), "pointer %q", se.Pointer)
			assert.True(t, se.Offset >= 0 && se.Offset <= len(data), "offset %d outside 0..%d", se.Offset, len(data))
			assert.NotEmpty(t, se.Message)
			switch se.Code {
			case strictjson.CodeSyntax:
				assert.False(t, valid, "INVALID_JSON for a document encoding/json accepts: %v", err)
			case strictjson.CodeTrailingData:
				assert.False(t, valid, "TRAILING_DATA for a document encoding/json accepts: %v", err)
				assert.Equal(t, "", se.Pointer)
			case strictjson.CodeDuplicateKey, strictjson.CodeTooDeep:
				// Always inside a container, so never the root.
				assert.NotEqual(t, "", se.Pointer)
			case strictjson.CodeUTF8:
			default:
				t.Fatalf("unknown code %q", se.Code)
			}
		}

		// IsNumber agrees with Parse on bare literals.
		if strictjson.IsNumber(string(data)) {
			require.NoError(t, err)
			require.IsType(t, json.Number(""), got)
			require.Equal(t, string(data), string(got.(json.Number)))
		} else if n, ok := got.(json.Number); ok && string(n) == string(data) {
			t.Fatalf("IsNumber refuses a literal Parse accepts")
		}

		// A tighter depth bound may only add TOO_DEEP refusals.
		got3, err3 := strictjson.Parse(data, 3)
		switch {
		case err3 == nil:
			require.NoError(t, err, "accepted at depth 3 but refused at the default depth")
			require.True(t, reflect.DeepEqual(got, got3), "value depends on the depth bound")
		case err == nil:
			var se *strictjson.Error
			require.ErrorAs(t, err3, &se)
			assert.Equal(t, strictjson.CodeTooDeep, se.Code, "refused at depth 3 for a reason other than depth: %v", err3)
		}
	})
}

func BenchmarkParse(b *testing.B) {
	data := paymentDoc(b)
	_, err := strictjson.Parse(data, 0)
	require.NoError(b, err)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := strictjson.Parse(data, 0); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkEncodingJSONAny(b *testing.B) {
	data := paymentDoc(b)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		dec := json.NewDecoder(bytes.NewReader(data))
		dec.UseNumber()
		var v any
		if err := dec.Decode(&v); err != nil {
			b.Fatal(err)
		}
	}
}

func TestIsNumber(t *testing.T) {
	for _, s := range []string{"0", "-0", "25.00", "1e9", "1.5E-3", "-12.5e+2"} {
		assert.True(t, strictjson.IsNumber(s), s)
	}
	for _, s := range []string{"", " 1", "1 ", "01", "1.", ".5", "+1", "1e", "0x1", "NaN", "1,5", "--1"} {
		assert.False(t, strictjson.IsNumber(s), s)
	}
}

// TestParsesShareNothing: parses running at once, some refused midway
// through deep or wide objects, each give their own document's value or
// error, whatever ran before them.
func TestParsesShareNothing(t *testing.T) {
	wide := `{`
	for i := range 40 {
		wide += `"m` + strconv.Itoa(i) + `":{"a":[` + strconv.Itoa(i) + `]},`
	}
	wide += `"last":"x"}`
	docs := []string{
		wide,
		`{"a":{"b":{"c":{"d":"deep"}}},"e":[1,2,{"f":null}]}`,
		`{"a":{"b":{"c":{"d":"refused",}}}}`,
		`{"dup":1,"x":{"y":2},"dup":3}`,
		`{"a":` + strings.Repeat(`{"b":`, 50) + `1` + strings.Repeat(`}`, 49),
		`[` + wide + `,` + wide + `]`,
	}
	type outcome struct {
		v   any
		err string
	}
	want := make([]outcome, len(docs))
	for i, d := range docs {
		v, err := strictjson.Parse([]byte(d), 0)
		want[i].v = v
		if err != nil {
			want[i].err = err.Error()
		}
	}
	require.NotEmpty(t, want[2].err)
	require.NotEmpty(t, want[3].err)
	done := make(chan struct{})
	for g := range 8 {
		go func() {
			defer func() { done <- struct{}{} }()
			for n := range 200 {
				i := (g + n) % len(docs)
				v, err := strictjson.Parse([]byte(docs[i]), 0)
				got := outcome{v: v}
				if err != nil {
					got.err = err.Error()
				}
				if !assert.Equal(t, want[i], got, "document %d", i) {
					return
				}
			}
		}()
	}
	for range 8 {
		<-done
	}
}
