//go:build ignore

// gen_table.go writes table.go, the ISO 4217 table behind Default, from the
// data of github.com/moov-io/iso4217 v0.4.0. It reads that module's
// iso4217.go as Go source (go/parser) and does not import it, so the payspec
// module does not depend on moov-io/iso4217.
//
// Run it from this directory with
//
//	go generate ./validate/rules/currency
//
// or directly with "go run gen_table.go [-src path/to/iso4217.go]". Without
// -src it runs "go mod download -json github.com/moov-io/iso4217@v0.4.0" in a
// temporary directory (go.mod of this repository is not touched) and reads the
// file from the module cache.
//
// The adjustments applied to moov's data are listed in adjustments below and
// repeated in the header of table.go. The generator refuses to write a table
// that breaks the expectations in expect and the 0/3/4 decimal sets ISO 4217
// gives (docs/rules.md lists them).
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

const (
	modulePath    = "github.com/moov-io/iso4217"
	moduleVersion = "v0.4.0"
)

// withdrawn are codes ISO 4217 has withdrawn from List One that moov v0.4.0
// still lists (without a flag). Codes whose lookup-table comment in moov says
// "withdrawn" are added to this set automatically.
var withdrawn = map[string]string{
	"HRK": "withdrawn: Croatia adopted the euro on 2023-01-01",
	"BGN": "withdrawn: Bulgaria adopted the euro on 2026-01-01",
	"SLL": "withdrawn: replaced by SLE (redenominated Leone)",
	"ZWL": "withdrawn: replaced by ZWG from 2024-06-25",
	"ANG": "withdrawn: succeeded by XCG (numeric 532 reassigned to XCG)",
	"CUC": "withdrawn: Cuba unified its currency on the CUP",
}

// notISO are codes moov lists that are not ISO 4217 codes at all.
var notISO = map[string]Currency{
	"CNH": {
		Code:       "CNH",
		Numeric:    "", // moov's "157" is not an ISO 4217 numeric code
		MinorUnits: 2,
		Active:     false,
		Name:       "Yuan Renminbi (offshore; market convention, not ISO 4217)",
	},
}

// notApplicable are the funds, precious-metal and testing codes whose ISO
// 4217 minor unit is "N.A." (moov gives 0).
var notApplicable = []string{
	"XAG", "XAU", "XBA", "XBB", "XBC", "XBD", "XDR", "XPD", "XPT", "XSU", "XTS", "XUA", "XXX",
}

// expect are values the table must carry, checked after the adjustments.
var expect = []Currency{
	{Code: "ZWG", Numeric: "924", MinorUnits: 2, Active: true},
	{Code: "XCG", Numeric: "532", MinorUnits: 2, Active: true},
	{Code: "VED", Numeric: "926", MinorUnits: 2, Active: true},
	{Code: "SLE", Numeric: "925", MinorUnits: 2, Active: true},
	{Code: "MRU", Numeric: "929", MinorUnits: 2, Active: true},
	{Code: "VES", Numeric: "928", MinorUnits: 2, Active: true},
	{Code: "UYW", Numeric: "927", MinorUnits: 4, Active: true},
	{Code: "CLF", Numeric: "990", MinorUnits: 4, Active: true},
}

// Active codes by minor units other than 2, as ISO 4217 gives them
// (docs/rules.md lists them).
var decimalSets = map[int][]string{
	0: {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF", "XOF", "XPF"},
	3: {"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"},
	4: {"CLF", "UYW"},
}

// Currency mirrors the package type (the generator is a separate program).
type Currency struct {
	Code, Numeric string
	MinorUnits    int
	Active        bool
	Name          string
}

type entry struct {
	Currency
	note string
}

func main() {
	src := flag.String("src", "", "path to moov-io/iso4217 "+moduleVersion+" iso4217.go (default: module cache via go mod download)")
	out := flag.String("o", "table.go", "output file")
	flag.Parse()

	sum := ""
	if *src == "" {
		dir, s, err := download()
		if err != nil {
			log.Fatal(err)
		}
		*src, sum = filepath.Join(dir, "iso4217.go"), s
	}
	data, err := os.ReadFile(*src)
	if err != nil {
		log.Fatal(err)
	}
	codes, err := parseMoov(*src, data)
	if err != nil {
		log.Fatal(err)
	}
	for code, why := range moovWithdrawn(data) {
		if _, ok := withdrawn[code]; !ok {
			withdrawn[code] = "withdrawn (" + why + ")"
		}
	}

	entries, err := adjust(codes)
	if err != nil {
		log.Fatal(err)
	}
	if err := check(entries); err != nil {
		log.Fatal(err)
	}
	code, err := render(entries, sum)
	if err != nil {
		log.Fatal(err)
	}
	if err := os.WriteFile(*out, code, 0o644); err != nil {
		log.Fatal(err)
	}
	active := 0
	for _, e := range entries {
		if e.Active {
			active++
		}
	}
	fmt.Printf("wrote %s: %d entries (%d active, %d inactive)\n", *out, len(entries), active, len(entries)-active)
}

// download fetches the pinned module into the module cache from a temporary
// directory, so no go.mod is read or changed, and returns its directory and
// go.sum hash.
func download() (dir, sum string, err error) {
	tmp, err := os.MkdirTemp("", "gen-currency-")
	if err != nil {
		return "", "", err
	}
	defer os.RemoveAll(tmp)
	cmd := exec.Command("go", "mod", "download", "-json", modulePath+"@"+moduleVersion)
	cmd.Dir = tmp
	cmd.Env = append(os.Environ(), "GOWORK=off", "GOFLAGS=-mod=mod")
	cmd.Stderr = os.Stderr
	b, err := cmd.Output()
	if err != nil {
		return "", "", fmt.Errorf("go mod download %s@%s: %w", modulePath, moduleVersion, err)
	}
	var info struct{ Dir, Sum, Error string }
	if err := json.Unmarshal(b, &info); err != nil {
		return "", "", err
	}
	if info.Error != "" {
		return "", "", fmt.Errorf("go mod download: %s", info.Error)
	}
	return info.Dir, info.Sum, nil
}

// parseMoov returns the CurrencyCode{...} values declared in moov's source.
func parseMoov(name string, src []byte) (map[string]Currency, error) {
	f, err := parser.ParseFile(token.NewFileSet(), name, src, 0)
	if err != nil {
		return nil, err
	}
	out := map[string]Currency{}
	for _, decl := range f.Decls {
		gd, ok := decl.(*ast.GenDecl)
		if !ok || gd.Tok != token.VAR {
			continue
		}
		for _, spec := range gd.Specs {
			vs := spec.(*ast.ValueSpec)
			for i, v := range vs.Values {
				cl, ok := v.(*ast.CompositeLit)
				if !ok {
					continue
				}
				if id, ok := cl.Type.(*ast.Ident); !ok || id.Name != "CurrencyCode" {
					continue
				}
				c, err := fromLiteral(cl)
				if err != nil {
					return nil, fmt.Errorf("%s: %w", vs.Names[i].Name, err)
				}
				if c.Code != vs.Names[i].Name {
					return nil, fmt.Errorf("variable %s holds code %s", vs.Names[i].Name, c.Code)
				}
				if _, dup := out[c.Code]; dup {
					return nil, fmt.Errorf("duplicate code %s", c.Code)
				}
				out[c.Code] = c
			}
		}
	}
	if len(out) < 150 {
		return nil, fmt.Errorf("only %d currency codes found in %s; source layout changed?", len(out), name)
	}
	return out, nil
}

func fromLiteral(cl *ast.CompositeLit) (Currency, error) {
	var c Currency
	seen := map[string]bool{}
	for _, el := range cl.Elts {
		kv, ok := el.(*ast.KeyValueExpr)
		if !ok {
			return c, fmt.Errorf("positional CurrencyCode literal")
		}
		key := kv.Key.(*ast.Ident).Name
		lit, ok := kv.Value.(*ast.BasicLit)
		if !ok {
			return c, fmt.Errorf("field %s is not a literal", key)
		}
		seen[key] = true
		switch key {
		case "Code", "NumericCode", "Name":
			s, err := strconv.Unquote(lit.Value)
			if err != nil {
				return c, err
			}
			switch key {
			case "Code":
				c.Code = s
			case "NumericCode":
				c.Numeric = s
			case "Name":
				c.Name = s
			}
		case "DecimalPlaces":
			n, err := strconv.Atoi(lit.Value)
			if err != nil {
				return c, err
			}
			c.MinorUnits = n
		default:
			return c, fmt.Errorf("unknown field %s", key)
		}
	}
	for _, k := range []string{"Code", "NumericCode", "Name", "DecimalPlaces"} {
		if !seen[k] {
			return c, fmt.Errorf("field %s missing", k)
		}
	}
	return c, nil
}

var withdrawnComment = regexp.MustCompile(`(?m)^\s*"([A-Z]{3})":\s*[A-Z]{3},\s*//\s*(.*withdrawn.*)$`)

// moovWithdrawn returns the alphabetic lookup-table entries whose comment
// says "withdrawn", with that comment.
func moovWithdrawn(src []byte) map[string]string {
	out := map[string]string{}
	for _, m := range withdrawnComment.FindAllSubmatch(src, -1) {
		out[string(m[1])] = strings.TrimSpace(string(m[2]))
	}
	return out
}

func adjust(codes map[string]Currency) ([]entry, error) {
	na := map[string]bool{}
	for _, c := range notApplicable {
		na[c] = true
	}
	for c := range withdrawn {
		if _, ok := codes[c]; !ok {
			return nil, fmt.Errorf("withdrawn code %s is not in moov's table", c)
		}
	}
	for c := range na {
		if _, ok := codes[c]; !ok {
			return nil, fmt.Errorf("N.A. code %s is not in moov's table", c)
		}
	}
	var out []entry
	for code, c := range codes {
		e := entry{Currency: c}
		e.Active = true
		switch {
		case withdrawn[code] != "":
			e.Active = false
			e.note = withdrawn[code]
		case na[code]:
			e.Active = false
			e.MinorUnits = 0
			e.note = "ISO minor unit N.A. (funds/metals/testing): not a payment currency"
		default:
			if repl, ok := notISO[code]; ok {
				e.Currency = repl
				e.note = "not ISO 4217: offshore-yuan market code; moov numeric 157 and name \"" + c.Name + "\" dropped"
			}
		}
		out = append(out, e)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out, nil
}

var threeDigits = regexp.MustCompile(`^[0-9]{3}$`)

func check(entries []entry) error {
	by := map[string]entry{}
	for _, e := range entries {
		by[e.Code] = e
	}
	for _, want := range expect {
		got, ok := by[want.Code]
		if !ok {
			return fmt.Errorf("expected code %s missing", want.Code)
		}
		if got.Numeric != want.Numeric || got.MinorUnits != want.MinorUnits || got.Active != want.Active {
			return fmt.Errorf("%s: got numeric %q minor %d active %v, want %q %d %v",
				want.Code, got.Numeric, got.MinorUnits, got.Active, want.Numeric, want.MinorUnits, want.Active)
		}
	}
	for units, want := range decimalSets {
		var got []string
		for _, e := range entries {
			if e.Active && e.MinorUnits == units {
				got = append(got, e.Code)
			}
		}
		w := slices.Clone(want)
		slices.Sort(w)
		if !slices.Equal(got, w) {
			return fmt.Errorf("active codes with %d minor units: got %v, docs/rules.md lists %v", units, got, w)
		}
	}
	for _, e := range entries {
		if e.Active && e.MinorUnits != 0 && e.MinorUnits != 2 && e.MinorUnits != 3 && e.MinorUnits != 4 {
			return fmt.Errorf("%s: unexpected minor units %d", e.Code, e.MinorUnits)
		}
		if e.Active && !threeDigits.MatchString(e.Numeric) {
			return fmt.Errorf("%s: active code with numeric %q", e.Code, e.Numeric)
		}
	}
	return nil
}

func render(entries []entry, sum string) ([]byte, error) {
	var b bytes.Buffer
	active := 0
	for _, e := range entries {
		if e.Active {
			active++
		}
	}
	b.WriteString("// Code generated by gen_table.go; DO NOT EDIT.\n\n")
	fmt.Fprintf(&b, "// Generated from %s %s data (file iso4217.go", modulePath, moduleVersion)
	if sum != "" {
		fmt.Fprintf(&b, ", module sum %s", sum)
	}
	b.WriteString("; Apache-2.0).\n")
	b.WriteString(`//
// ISO 4217 list reflected: List One (current currency and funds codes) as
// carried by moov-io/iso4217 v0.4.0. Its most recent additions are XCG
// (Caribbean Guilder, numeric 532, succeeding ANG; 2025), XAD (Arab
// Accounting Dinar, 396; 2025), ZWG (Zimbabwe Gold, 924; from 2024-06-25),
// SLE (2022) and VED (2021). moov v0.4.0 records no amendment number or
// publication date for its data; List One changes published after that
// release are not reflected.
//
// Adjustments applied to moov's data (every other value is moov's as given):
//   - Withdrawn codes are kept but Active=false: BGN (euro from 2026-01-01), HRK (euro from 2023-01-01),
//     SLL (replaced by SLE), ZWL (replaced by ZWG), ANG (succeeded by XCG;
//     moov's comment marks it withdrawn) and CUC (Cuba unified on CUP). No
//     other moov comment marks a code withdrawn.
//   - CNH is kept but Active=false: it is an offshore-yuan market convention,
//     not an ISO 4217 code. Its numeric is left empty (moov's "157" is not an
//     ISO numeric code) and moov's name "Yuan Fen" is replaced by a
//     descriptive one.
//   - Funds, precious-metal and testing codes whose ISO minor unit is "N.A."
//     (XAG, XAU, XBA, XBB, XBC, XBD, XDR, XPD, XPT, XSU, XTS, XUA, XXX) are kept
//     with Active=false and MinorUnits 0 (moov gives 0 without marking N.A.).
//
// Deliberately not adjusted: XAD stays active with 2 minor units as moov
// lists it (a 2025 List One addition per moov's tests; whether payments may
// use it is left to the bank's configuration), and BGN stays active as moov
// lists it (moov does not mark it withdrawn after Bulgaria's euro changeover
// of 2026-01-01). A bank configuration can change either with Table.With.
//
// Checked by the generator (it refuses to write the table otherwise): ZWG,
// XCG, VED, SLE, MRU and VES have 2 minor units and UYW and CLF have 4, all
// active; the active codes with 0, 3 and 4 minor units are exactly the sets
// ISO 4217 gives (docs/rules.md lists them); every active code has a 3-digit
// numeric code.
`)
	fmt.Fprintf(&b, "//\n// %d entries: %d active, %d inactive.\n\n", len(entries), active, len(entries)-active)
	b.WriteString("package currency\n\n")
	fmt.Fprintf(&b, "// SourceModule and SourceVersion name the data release table.go was\n// generated from.\nconst (\n\tSourceModule = %q\n\tSourceVersion = %q\n)\n\n", modulePath, moduleVersion)
	b.WriteString("// iso4217 is the generated table; Default builds its Table from it.\nvar iso4217 = []Currency{\n")
	for _, e := range entries {
		if e.note != "" {
			fmt.Fprintf(&b, "\t// %s: %s\n", e.Code, e.note)
		}
		fmt.Fprintf(&b, "\t{Code: %q, Numeric: %q, MinorUnits: %d, Active: %v, Name: %q},\n", e.Code, e.Numeric, e.MinorUnits, e.Active, e.Name)
	}
	b.WriteString("}\n")
	return format.Source(b.Bytes())
}
