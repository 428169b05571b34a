package fedcal_test

import (
	"testing"

	"github.com/payspec/payspec/validate/rules/fedcal"
)

// FuzzParseDate checks that ParseDate never panics, that whatever it
// accepts is a real date written back exactly as read, and that
// UnmarshalText agrees with it.
func FuzzParseDate(f *testing.F) {
	for _, s := range []string{
		"2027-01-01", "2024-02-29", "2027-02-30", "2027-2-3", "", " 2027-01-01",
		"2027-13-01", "0000-00-00", "9999-12-31", "2027-01-01\n", "-027-01-01",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := fedcal.ParseDate(s)
		var u fedcal.Date
		uerr := u.UnmarshalText([]byte(s))
		if (err == nil) != (uerr == nil) || d != u {
			t.Fatalf("%q: ParseDate %v %v, UnmarshalText %v %v", s, d, err, u, uerr)
		}
		if err != nil {
			return
		}
		if !d.Valid() {
			t.Fatalf("%q: accepted impossible date %#v", s, d)
		}
		if d.String() != s {
			t.Fatalf("%q: String gives %q", s, d.String())
		}
		b, err := d.MarshalText()
		if err != nil || string(b) != s {
			t.Fatalf("%q: MarshalText gives %q, %v", s, b, err)
		}
		again, err := fedcal.ParseDate(d.String())
		if err != nil || again != d {
			t.Fatalf("%q: round trip gives %v, %v", s, again, err)
		}
	})
}
