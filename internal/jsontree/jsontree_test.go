package jsontree_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
	"github.com/payspec/payspec/gen/redpin"
	"github.com/payspec/payspec/internal/jsontree"
	"github.com/payspec/payspec/internal/spectest"
	"github.com/payspec/payspec/internal/strictjson"
	"github.com/payspec/payspec/money"
)

// ---------------------------------------------------------------------------
// Small types, one kind each.

// upper is a string-kinded encoding.TextUnmarshaler that changes what it
// stores, so a decoder that sets the string directly is caught.
type upper string

func (u *upper) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		return errors.New("upper: empty")
	}
	*u = upper(strings.ToUpper(string(b)))
	return nil
}

// point is a struct-kinded encoding.TextUnmarshaler written as "x,y".
type point struct{ X, Y int }

func (p *point) UnmarshalText(b []byte) error {
	x, y, ok := strings.Cut(string(b), ",")
	if !ok {
		return errors.New("point: want x,y")
	}
	var err error
	if p.X, err = strconv.Atoi(x); err != nil {
		return err
	}
	p.Y, err = strconv.Atoi(y)
	return err
}

// flag is a json.Unmarshaler that records every call, null included.
type flag struct{ Calls []string }

func (f *flag) UnmarshalJSON(b []byte) error {
	f.Calls = append(f.Calls, string(b))
	return nil
}

// kind is a string enum, as generated code declares them.
type kind string

type inner struct {
	Name string `json:"name"`
	N    int32  `json:"n,omitempty"`
}

type sample struct {
	S    string                      `json:"s"`
	P    *string                     `json:"p"`
	PP   **int                       `json:"pp"`
	I    int                         `json:"i"`
	I8   int8                        `json:"i8"`
	I32  int32                       `json:"i32"`
	I64  *int64                      `json:"i64"`
	U16  uint16                      `json:"u16"`
	F    float64                     `json:"f"`
	B    bool                        `json:"b"`
	K    kind                        `json:"k"`
	KP   *kind                       `json:"kp"`
	In   inner                       `json:"in"`
	InP  *inner                      `json:"inP"`
	List []inner                     `json:"list"`
	Strs []string                    `json:"strs"`
	Raw  map[string]json.RawMessage  `json:"raw"`
	RawP *map[string]json.RawMessage `json:"rawP"`
	One  json.RawMessage             `json:"one"`
	Amt  money.Amount                `json:"amt"`
	AmtP *money.Amount               `json:"amtP"`
	Any  any                         `json:"any"`
	Up   upper                       `json:"up"`
	Pt   point                       `json:"pt"`
	PtP  *point                      `json:"ptP"`
	Flag flag                        `json:"flag"`
	Num  json.Number                 `json:"num"`
	M    map[string]int              `json:"m"`
	Skip string                      `json:"-"`
	Dash string                      `json:"-,"`
	Go   string                      // no tag: matched by its Go name
}

func prefilled() any {
	p, n := "old", 1
	pn := &n
	return &sample{
		S: "keep", P: &p, PP: &pn, I: 5, B: true, K: "k", In: inner{Name: "in", N: 2},
		InP: &inner{Name: "old"}, List: []inner{{Name: "old"}}, Raw: map[string]json.RawMessage{"x": json.RawMessage(`1`)},
		Amt: money.MustParse("9.99"), Any: "old", Up: "UP", Pt: point{1, 2}, Num: "7", M: map[string]int{"x": 1},
	}
}

func TestDecodeMatchesUnmarshal(t *testing.T) {
	newSample := func() any { return new(sample) }
	tests := []struct {
		name    string
		newV    func() any // destination; nil means new(sample)
		body    string
		pointer *string               // a *jsontree.Error at this JSON Pointer is expected
		check   func(*testing.T, any) // further checks on a success
	}{
		{name: "empty object", body: `{}`},
		{name: "strings, enums and bools", body: `{"s":"a\u00e9\"/","k":"A","kp":"B","b":true}`},
		{name: "pointer fields", body: `{"p":"x","pp":7,"i64":-9223372036854775808,"kp":"z","inP":{"name":"b"}}`,
			check: func(t *testing.T, v any) {
				s := v.(*sample)
				require.NotNil(t, s.PP)
				require.NotNil(t, *s.PP)
				assert.Equal(t, 7, **s.PP)
			}},
		{name: "numbers", body: `{"i":-0,"i8":-128,"i32":2147483647,"u16":65535,"f":1e-3}`},
		{name: "nested structs", body: `{"in":{"name":"a","n":1},"inP":{"name":"b","n":-2}}`},
		{name: "slices of structs", body: `{"list":[{"name":"a"},{"name":"b","n":2},{}],"strs":["x","y"]}`},
		{name: "empty slice is not nil", body: `{"list":[],"strs":[]}`,
			check: func(t *testing.T, v any) { assert.NotNil(t, v.(*sample).List) }},
		{name: "map of ints", body: `{"m":{"a":1,"b":-2,"":0}}`},
		{name: "map[string]json.RawMessage", body: `{"raw":{"a":1.50,"b":"x","c":{"d":[true,false]},"e":[]},"rawP":{"f":-0}}`,
			check: func(t *testing.T, v any) { assert.Equal(t, json.RawMessage(`1.50`), v.(*sample).Raw["a"]) }},
		{name: "null member of a map[string]json.RawMessage", body: `{"raw":{"e":null},"rawP":{"f":null}}`,
			check: func(t *testing.T, v any) { assert.Equal(t, json.RawMessage(`null`), v.(*sample).Raw["e"]) }},
		{name: "json.RawMessage field", body: `{"one":{"a":[1,2.50]}}`},
		{name: "json.RawMessage field null", body: `{"one":null}`},
		{name: "money.Amount keeps the literal", body: `{"amt":25.00,"amtP":1.50e3}`,
			check: func(t *testing.T, v any) {
				s := v.(*sample)
				assert.Equal(t, "25.00", s.Amt.String())
				require.NotNil(t, s.AmtP)
				assert.Equal(t, "1.50e3", s.AmtP.String())
			}},
		{name: "json.Unmarshaler sees null", body: `{"flag":null}`,
			check: func(t *testing.T, v any) { assert.Equal(t, []string{"null"}, v.(*sample).Flag.Calls) }},
		{name: "json.Unmarshaler sees values", body: `{"flag":[1.0,"a",{"b":true}]}`},
		{name: "interface{} field, scalars", body: `{"any":"x"}`},
		{name: "interface{} field, numbers become float64", body: `{"any":{"a":[1,"x",true,null,{"b":2.50}],"c":-0}}`,
			check: func(t *testing.T, v any) {
				assert.Equal(t, 2.5, v.(*sample).Any.(map[string]any)["a"].([]any)[4].(map[string]any)["b"])
			}},
		{name: "interface{} field, number out of float64 range", body: `{"any":{"a":[1e400]}}`, pointer: at("/any/a/0")},
		{name: "TextUnmarshaler of string kind", body: `{"up":"abc"}`,
			check: func(t *testing.T, v any) { assert.Equal(t, upper("ABC"), v.(*sample).Up) }},
		{name: "TextUnmarshaler of struct kind", body: `{"pt":"1,2","ptP":"-3,4"}`},
		{name: "TextUnmarshaler refuses its own error", body: `{"up":""}`, pointer: at("/up")},
		{name: "TextUnmarshaler refuses an object", body: `{"pt":{"X":1}}`, pointer: at("/pt")},
		{name: "TextUnmarshaler refuses a number", body: `{"up":5}`, pointer: at("/up")},
		{name: "TextUnmarshaler refuses a bool", body: `{"ptP":true}`, pointer: at("/ptP")},
		{name: "json.Number from a number", body: `{"num":1.50}`},
		{name: "json.Number from a string", body: `{"num":"-12e3"}`},
		{name: "json.Number from a string that is no number", body: `{"num":"12 "}`, pointer: at("/num")},
		{name: "unknown members ignored", body: `{"zzz":{"deep":[1,2,{"s":1}]},"s":"x","S2":1}`},
		{name: `json:"-" ignored`, body: `{"Skip":"y","skip":"z"}`},
		{name: `json:"-," names a member "-"`, body: `{"-":"d"}`,
			check: func(t *testing.T, v any) { assert.Equal(t, "d", v.(*sample).Dash) }},
		{name: "untagged field by its Go name", body: `{"Go":"g"}`},

		// null: clears pointers, maps, slices and interfaces, leaves the rest.
		{name: "null into pointers, maps, slices, interfaces", newV: prefilled,
			body: `{"p":null,"pp":null,"inP":null,"list":null,"raw":null,"any":null,"m":null,"amtP":null}`,
			check: func(t *testing.T, v any) {
				s := v.(*sample)
				assert.Nil(t, s.P)
				assert.Nil(t, s.InP)
				assert.Nil(t, s.List)
				assert.Nil(t, s.Raw)
				assert.Nil(t, s.Any)
			}},
		{name: "null into non-pointers leaves them unchanged", newV: prefilled,
			body: `{"s":null,"i":null,"b":null,"k":null,"in":null,"amt":null,"up":null,"pt":null,"num":null}`,
			check: func(t *testing.T, v any) {
				s := v.(*sample)
				assert.Equal(t, "keep", s.S)
				assert.Equal(t, 5, s.I)
				assert.Equal(t, inner{Name: "in", N: 2}, s.In)
				assert.Equal(t, "9.99", s.Amt.String())
				assert.Equal(t, upper("UP"), s.Up)
			}},
		{name: "values replace prefilled ones", newV: prefilled, body: `{"s":"new","pp":3,"inP":{"n":4},"m":{"y":2},"raw":{"z":true}}`},

		// Failures, each located by a JSON Pointer.
		{name: "int32 overflow", body: `{"i32":2147483648}`, pointer: at("/i32")},
		{name: "int32 overflow in a slice element", body: `{"list":[{"name":"a"},{"n":-2147483649}]}`, pointer: at("/list/1/n")},
		{name: "int8 underflow", body: `{"i8":-129}`, pointer: at("/i8")},
		{name: "negative into uint", body: `{"u16":-1}`, pointer: at("/u16")},
		{name: "uint16 overflow", body: `{"u16":65536}`, pointer: at("/u16")},
		{name: "fraction into int", body: `{"i":1.0}`, pointer: at("/i")},
		{name: "exponent into int", body: `{"i":1e2}`, pointer: at("/i")},
		{name: "string into int", body: `{"in":{"n":"1"}}`, pointer: at("/in/n")},
		{name: "string into pointer to int", body: `{"i64":"1"}`, pointer: at("/i64")},
		{name: "number into string", body: `{"s":1}`, pointer: at("/s")},
		{name: "string into bool", body: `{"b":"true"}`, pointer: at("/b")},
		{name: "object into slice", body: `{"list":{}}`, pointer: at("/list")},
		{name: "array into struct", body: `{"in":[]}`, pointer: at("/in")},
		{name: "number in a string slice", body: `{"strs":["a",1]}`, pointer: at("/strs/1")},
		{name: "bad map value, escaped key", body: `{"m":{"a/b~c":"x"}}`, pointer: at("/m/a~1b~0c")},
		{name: "amount as a string", body: `{"amt":"25.00"}`, pointer: at("/amt")},
		{name: "amount as a bool", body: `{"amtP":true}`, pointer: at("/amtP")},
		{name: "amount too long", body: `{"amt":1` + strings.Repeat("0", 70) + `}`, pointer: at("/amt")},
		{name: "root is not an object", body: `[1]`, pointer: at("")},
		{name: "float overflow", body: `{"f":1e400}`, pointer: at("/f")},

		// Other destinations.
		{name: "root map[string]json.RawMessage", newV: func() any { return new(map[string]json.RawMessage) },
			body: `{"a":{"b":"c"},"d":null}`},
		{name: "root slice", newV: func() any { return new([]inner) }, body: `[{"name":"x"},null]`},
		{name: "root interface{}", newV: func() any { return new(any) }, body: `[{"a":1},"b",2.50,null]`},
		{name: "root int32 overflow", newV: func() any { return new(int32) }, body: `2147483648`, pointer: at("")},
		{name: "root null into a pointer", newV: func() any { v := new(*inner); *v = &inner{Name: "x"}; return v }, body: `null`},
		{name: "root json.RawMessage null", newV: func() any { return new(json.RawMessage) }, body: `null`},
		{name: "root money.Amount", newV: func() any { return new(money.Amount) }, body: `0.10`},
		{name: "root array into a map", newV: func() any { return new(map[string]int) }, body: `[]`, pointer: at("")},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			newV := tc.newV
			if newV == nil {
				newV = newSample
			}
			tree, err := strictjson.Parse([]byte(tc.body), 0)
			require.NoError(t, err, "strictjson accepts the body")

			got, want := newV(), newV()
			err = jsontree.Decode(tree, got)
			werr := json.Unmarshal([]byte(tc.body), want)
			if tc.pointer != nil {
				require.Error(t, err, "Decode refuses")
				var je *jsontree.Error
				require.ErrorAs(t, err, &je)
				assert.Equal(t, *tc.pointer, je.Pointer)
				assert.Contains(t, je.Error(), strconv.Quote(*tc.pointer))
				assert.NotEmpty(t, je.Type)
				assert.True(t, resolves(tree, je.Pointer), "pointer %q names a value of the tree", je.Pointer)
				assert.Error(t, werr, "json.Unmarshal refuses too")
				return
			}
			require.NoError(t, werr, "json.Unmarshal accepts")
			require.NoError(t, err, "Decode accepts")
			assert.Equal(t, want, got, "Decode gives what json.Unmarshal gives")
			if tc.check != nil {
				tc.check(t, got)
			}
		})
	}
}

// TestRawMessageIsReencoded documents the one place where Decode cannot
// give json.Unmarshal's bytes: the tree no longer holds the text a member
// was written with, so a json.RawMessage (or a json.Unmarshaler given a
// string, object or array) receives the value re-encoded by json.Marshal:
// compact, members sorted, strings escaped the encoding/json way. The
// value is the same JSON; the bytes equal the body's only when the body
// was written that way, as spec examples are.
func TestRawMessageIsReencoded(t *testing.T) {
	body := `{"raw":{"a":{ "z":1.50, "b":"<\u0041>" }}}`
	tree, err := strictjson.Parse([]byte(body), 0)
	require.NoError(t, err)
	var got, want sample
	require.NoError(t, jsontree.Decode(tree, &got))
	require.NoError(t, json.Unmarshal([]byte(body), &want))
	assert.Equal(t, `{ "z":1.50, "b":"<\u0041>" }`, string(want.Raw["a"]))
	assert.Equal(t, `{"b":"\u003cA\u003e","z":1.50}`, string(got.Raw["a"]))
	assert.JSONEq(t, string(want.Raw["a"]), string(got.Raw["a"]))
}

func TestDecodeNeedsANonNilPointer(t *testing.T) {
	tree := map[string]any{}
	assert.Error(t, jsontree.Decode(tree, sample{}))
	assert.Error(t, jsontree.Decode(tree, (*sample)(nil)))
	assert.Error(t, jsontree.Decode(tree, nil))
}

// resolves reports whether the JSON Pointer p names a value in tree.
func resolves(tree any, p string) bool {
	if p == "" {
		return true
	}
	if !strings.HasPrefix(p, "/") {
		return false
	}
	v := tree
	for _, tok := range strings.Split(p[1:], "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		switch c := v.(type) {
		case map[string]any:
			e, ok := c[tok]
			if !ok {
				return false
			}
			v = e
		case []any:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(c) {
				return false
			}
			v = c[i]
		default:
			return false
		}
	}
	return true
}

// ---------------------------------------------------------------------------
// Every spec example, decoded both ways.

func TestDecodeMatchesUnmarshalOnEverySpecExample(t *testing.T) {
	total := map[spectest.Kind]int{}
	for _, p := range api.Providers() {
		doc := spectest.Load(t, p)
		for _, e := range spectest.Examples(t, p) {
			t.Run(e.String(), func(t *testing.T) {
				name := spectest.SchemaName(t, doc, e)
				newT, ok := spectest.GeneratedTypes(p)[name]
				require.True(t, ok, "no generated type for %s schema %s", p, name)

				tree, err := strictjson.Parse(e.JSON, 0)
				require.NoError(t, err, "strictjson accepts the example")
				got, want := newT(), newT()
				require.NoError(t, json.Unmarshal(e.JSON, want))
				require.NoError(t, jsontree.Decode(tree, got))
				assert.Equal(t, want, got)
			})
			total[e.Kind]++
		}
	}
	assert.Positive(t, total[spectest.KindRequest])
	assert.Positive(t, total[spectest.KindResponse])
	assert.Greater(t, total[spectest.KindRequest]+total[spectest.KindResponse]+total[spectest.KindSchema], 60)
}

// ---------------------------------------------------------------------------
// Differential fuzzing.

// fuzzTypes are the generated request types the rail rules decode with
// jsontree.
var fuzzTypes = []func() any{
	func() any { return new(finzly.CreditPaymentInstruction) },
	func() any { return new(redpin.CreatePaymentRequest) },
	func() any { return new(finzly.BookTransferRequest) },
}

// FuzzDecode checks, for every body strictjson accepts and every type of
// fuzzTypes, that Decode succeeds exactly when json.Unmarshal does, that its
// failures are *jsontree.Error naming a value of the tree, and that both
// give the same value on success.
//
// Inputs where encoding/json would match a member name to a field
// case-insensitively are skipped for that type: Decode matches names
// exactly (payspec's reader refuses such names before Decode runs). The
// check is type-directed (foldsOntoField): only a member of an object that
// lands on a struct, whose name is not exactly one of the struct's JSON
// names but equals one under strings.EqualFold, causes the skip.
func FuzzDecode(f *testing.F) {
	for _, p := range api.Providers() {
		for _, e := range spectest.Examples(f, p) {
			f.Add(e.JSON)
		}
	}
	for _, s := range []string{
		`{}`, `null`, `[]`, `1`, `"x"`,
		`{"paymentAmount":25.00,"fee":{"amount":0.10},"sender":{"accountUID":9223372036854775807}}`,
		`{"sender":{"accountUID":9223372036854775808}}`,
		`{"paymentAmount":"25.00"}`,
		`{"paymentAmount":null,"sender":null,"receiver":null,"fee":null}`,
		`{"amount":{"currency":"GBP","value":1e3},"recipient_details":[{"amount":{"value":-0}},null]}`,
		`{"recipient_details":{}}`,
		`{"is_third_party_payment":"true"}`,
		`{"recurrence":{"numberOfPayments":2147483648}}`,
		`{"receiverAccount":{"accountUID":1},"senderAccount":[]}`,
		`{"additionalInfo":{"originatorToBeneficiary":"a","originatortoBeneficiary":"b"}}`,
		`{"SPEED":"Express"}`,
		`{"ſpeed":"Express"}`,
		`{"paymentAmount":1` + strings.Repeat("0", 64) + `}`,
		`{"speed":"\u0000\ud83d\ude00\u2028<&>"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		tree, err := strictjson.Parse(body, 0)
		if err != nil {
			return
		}
		for _, newT := range fuzzTypes {
			got, want := newT(), newT()
			if foldsOntoField(tree, reflect.TypeOf(got).Elem()) {
				continue
			}
			derr := jsontree.Decode(tree, got)
			werr := json.Unmarshal(body, want)
			if derr != nil {
				var je *jsontree.Error
				require.ErrorAs(t, derr, &je, "%T", got)
				assert.True(t, resolves(tree, je.Pointer), "%T: pointer %q names a value of the tree", got, je.Pointer)
			}
			require.Equal(t, werr == nil, derr == nil, "%T: json.Unmarshal error %v, Decode error %v", got, werr, derr)
			if derr == nil {
				require.Equal(t, want, got, "%T", got)
			}
		}
	})
}

// kinds holds every kind Decode supports except json.RawMessage and
// json.Unmarshalers given strings, objects or arrays, whose bytes are
// re-encoded (see TestRawMessageIsReencoded).
type kinds struct {
	S    string            `json:"s"`
	P    *string           `json:"p"`
	PP   **int             `json:"pp"`
	I    int               `json:"i"`
	I8   int8              `json:"i8"`
	U16  uint16            `json:"u16"`
	F    float64           `json:"f"`
	F32  float32           `json:"f32"`
	B    bool              `json:"b"`
	K    kind              `json:"k"`
	In   inner             `json:"in"`
	List []inner           `json:"list"`
	Amt  money.Amount      `json:"amt"`
	AmtP *money.Amount     `json:"amtP"`
	Any  any               `json:"any"`
	Up   upper             `json:"up"`
	Pt   point             `json:"pt"`
	PtP  *point            `json:"ptP"`
	Num  json.Number       `json:"num"`
	M    map[string]int    `json:"m"`
	MM   map[string]*inner `json:"mm"`
	Dash string            `json:"-,"`
	Skip string            `json:"-"`
}

// FuzzDecodeKinds is FuzzDecode over a hand-written type holding the kinds
// the generated request types do not use (interfaces, floats, unsigned
// integers, TextUnmarshalers, json.Number, maps of structs).
func FuzzDecodeKinds(f *testing.F) {
	for _, s := range []string{
		`{"s":"a","pp":1,"i8":-1,"u16":2,"f":1.5,"f32":3e38,"b":true,"k":"x","in":{"name":"a","n":1},"list":[{"n":2}],` +
			`"amt":1.50,"any":{"a":[1,"b",null,true]},"up":"x","pt":"1,2","ptP":"3,4","num":"12","m":{"a":1},"mm":{"a":null,"b":{}},"-":"d"}`,
		`{"f32":4e38,"any":1e400}`, `{"up":"","num":"01"}`, `{"pt":{"X":1},"ptP":null,"Skip":"s"}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		tree, err := strictjson.Parse(body, 0)
		if err != nil {
			return
		}
		var got, want kinds
		if foldsOntoField(tree, reflect.TypeOf(got)) {
			return
		}
		derr := jsontree.Decode(tree, &got)
		werr := json.Unmarshal(body, &want)
		if derr != nil {
			var je *jsontree.Error
			require.ErrorAs(t, derr, &je)
			assert.True(t, resolves(tree, je.Pointer), "pointer %q names a value of the tree", je.Pointer)
		}
		require.Equal(t, werr == nil, derr == nil, "json.Unmarshal error %v, Decode error %v", werr, derr)
		if derr == nil {
			require.Equal(t, want, got)
		}
	})
}

var unmarshalerType = reflect.TypeFor[json.Unmarshaler]()

// foldsOntoField reports whether an object of tree that is decoded into a
// struct of type t has a member whose name is not exactly the JSON name of
// one of its fields but equals one under strings.EqualFold: encoding/json
// would store that member, jsontree ignores it.
func foldsOntoField(tree any, t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if reflect.PointerTo(t).Implements(unmarshalerType) {
		return false // decoded by its own method
	}
	switch t.Kind() {
	case reflect.Struct:
		m, ok := tree.(map[string]any)
		if !ok {
			return false
		}
		fields := jsonFields(t)
		for k, v := range m {
			if ft, ok := fields[k]; ok {
				if foldsOntoField(v, ft) {
					return true
				}
				continue
			}
			for name := range fields {
				if strings.EqualFold(k, name) {
					return true
				}
			}
		}
	case reflect.Slice, reflect.Array:
		a, _ := tree.([]any)
		for _, v := range a {
			if foldsOntoField(v, t.Elem()) {
				return true
			}
		}
	case reflect.Map:
		m, _ := tree.(map[string]any)
		for _, v := range m {
			if foldsOntoField(v, t.Elem()) {
				return true
			}
		}
	}
	return false
}

// jsonFields maps a struct's JSON member names to the field types, as
// encoding/json names them (generated types embed nothing).
func jsonFields(t reflect.Type) map[string]reflect.Type {
	out := map[string]reflect.Type{}
	for i := range t.NumField() {
		f := t.Field(i)
		tag := f.Tag.Get("json")
		if !f.IsExported() || tag == "-" {
			continue
		}
		name, _, _ := strings.Cut(tag, ",")
		if name == "" {
			name = f.Name
		}
		out[name] = f.Type
	}
	return out
}

func TestFoldsOntoField(t *testing.T) {
	typ := reflect.TypeFor[finzly.CreditPaymentInstruction]()
	for body, want := range map[string]bool{
		`{"speed":"x","unknown":1}`:   false,
		`{"SPEED":"x"}`:               true,
		`{"ſpeed":"x"}`:               true,
		`{"sender":{"accountuid":1}}`: true,
		`{"additionalInfo":{"originatorToBeneficiary":"a","originatortoBeneficiary":"b"}}`: false,
		`{"additionalInfo":{"ORIGINATORTOBENEFICIARY":"a"}}`:                               true,
		`{"unknown":{"SPEED":1}}`:       false,
		`{"paymentAmount":{"SPEED":1}}`: false,
	} {
		tree, err := strictjson.Parse([]byte(body), 0)
		require.NoError(t, err)
		assert.Equal(t, want, foldsOntoField(tree, typ), body)
	}
}

// ---------------------------------------------------------------------------
// Benchmarks on the v4 Fedwire request example.

func fedwireExample(b *testing.B) []byte {
	b.Helper()
	for _, e := range spectest.Examples(b, api.ProviderFinzly) {
		if e.Kind == spectest.KindRequest && e.OperationID == "createCreditPaymentV4" && e.Name == "fedwireSenderNotInCrm" {
			return e.JSON
		}
	}
	b.Fatal("example fedwireSenderNotInCrm of createCreditPaymentV4 not found")
	return nil
}

// BenchmarkDecode stores an already parsed body into the generated type.
func BenchmarkDecode(b *testing.B) {
	body := fedwireExample(b)
	tree, err := strictjson.Parse(body, 0)
	require.NoError(b, err)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var p finzly.CreditPaymentInstruction
		if err := jsontree.Decode(tree, &p); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkUnmarshal reads the same body into the same type with
// encoding/json, the second parse Decode spares.
func BenchmarkUnmarshal(b *testing.B) {
	body := fedwireExample(b)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		var p finzly.CreditPaymentInstruction
		if err := json.Unmarshal(body, &p); err != nil {
			b.Fatal(err)
		}
	}
}

func at(pointer string) *string { return &pointer }

// TestDecodeErrorIsTheSameOnEveryRun: with several values that do not fit,
// the error names the first in member-name order, whatever order the map
// gives.
func TestDecodeErrorIsTheSameOnEveryRun(t *testing.T) {
	type inner struct {
		A int            `json:"a"`
		M map[string]int `json:"m"`
	}
	type outer struct {
		B string `json:"b"`
		C inner  `json:"c"`
		D bool   `json:"d"`
		E any    `json:"e"`
	}
	for _, tc := range []struct{ doc, want string }{
		{`{"d":"x","c":{"a":"x"},"b":1}`, "/b"},
		{`{"d":"x","c":{"m":{"z":"x","k":"x","q":"x"},"a":1}}`, "/c/m/k"},
		{`{"e":{"y":1e999,"x":1e999},"d":1}`, "/d"},
		{`{"e":{"y":1e999,"x":1e999}}`, "/e/x"},
	} {
		tree, err := strictjson.Parse([]byte(tc.doc), 0)
		require.NoError(t, err)
		for range 50 {
			var v outer
			err := jsontree.Decode(tree, &v)
			var je *jsontree.Error
			require.ErrorAs(t, err, &je, tc.doc)
			require.Equal(t, tc.want, je.Pointer, tc.doc)
		}
	}
}

// TestErrorSaysWhatTheTypeTakes: the error names, in words, the JSON value
// the destination takes, by the destination's kind rather than its name;
// a type that reads its own JSON is left to the caller.
func TestErrorSaysWhatTheTypeTakes(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`{"k":true}`, "a string"}, // a named string type, as generated enums are
		{`{"kp":{}}`, "a string"},  // through a pointer
		{`{"b":"yes"}`, "true or false"},
		{`{"i32":"1"}`, "a whole number"},
		{`{"f":"1"}`, "a number"},
		{`{"num":true}`, "a number"}, // json.Number is a string kind that takes a number
		{`{"strs":"x"}`, "an array"},
		{`{"in":[]}`, "an object"},
		{`{"m":1}`, "an object"},
		{`{"up":1}`, "a string"},  // a text unmarshaler
		{`{"pt":{}}`, "a string"}, // a text unmarshaler of struct kind
		{`{"amt":"1"}`, ""},       // reads its own JSON
	} {
		t.Run(tc.body, func(t *testing.T) {
			tree, err := strictjson.Parse([]byte(tc.body), 0)
			require.NoError(t, err)
			var je *jsontree.Error
			require.ErrorAs(t, jsontree.Decode(tree, new(sample)), &je)
			assert.Equal(t, tc.want, je.Want)
		})
	}
}
