package fedcal_test

import (
	"encoding/json"
	"errors"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	yaml "go.yaml.in/yaml/v3"

	"github.com/payspec/payspec/validate/rules/fedcal"
)

func d(s string) fedcal.Date { return fedcal.MustParseDate(s) }

func TestParseDateAccepts(t *testing.T) {
	tests := []struct {
		in   string
		want fedcal.Date
	}{
		{"2027-01-01", fedcal.Date{Year: 2027, Month: time.January, Day: 1}},
		{"2026-12-31", fedcal.Date{Year: 2026, Month: time.December, Day: 31}},
		{"2024-02-29", fedcal.Date{Year: 2024, Month: time.February, Day: 29}}, // leap year
		{"2000-02-29", fedcal.Date{Year: 2000, Month: time.February, Day: 29}}, // divisible by 400
		{"0000-01-01", fedcal.Date{Year: 0, Month: time.January, Day: 1}},
		{"9999-12-31", fedcal.Date{Year: 9999, Month: time.December, Day: 31}},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := fedcal.ParseDate(tt.in)
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
			assert.True(t, got.Valid())
			assert.Equal(t, tt.in, got.String())
		})
	}
}

func TestParseDateRejects(t *testing.T) {
	tests := []struct {
		in      string
		message string // part of the error text
	}{
		{"2027-02-30", "February 2027 has days 01 to 28, not 30"},
		{"2023-02-29", "February 2023 has days 01 to 28, not 29"}, // not a leap year
		{"1900-02-29", "February 1900 has days 01 to 28, not 29"}, // century, not leap
		{"2027-04-31", "April 2027 has days 01 to 30, not 31"},
		{"2027-01-00", "not 00"},
		{"2027-13-01", "month 13 is not between 01 and 12"},
		{"2027-00-10", "month 00 is not between 01 and 12"},
		{"2027-2-3", "want the form YYYY-MM-DD"},
		{"", "want the form YYYY-MM-DD"},
		{" 2027-01-01", "want the form YYYY-MM-DD"},
		{"2027-01-01 ", "want the form YYYY-MM-DD"},
		{"2027-01-01T00:00:00Z", "want the form YYYY-MM-DD"},
		{"2027/01/01", "want the form YYYY-MM-DD"},
		{"27-01-01xx", "want the form YYYY-MM-DD"},
		{"+027-01-01", "want the form YYYY-MM-DD"},
		{"2027-0a-01", "want the form YYYY-MM-DD"},
		{"２０２７-01-01", "want the form YYYY-MM-DD"}, // full-width digits
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := fedcal.ParseDate(tt.in)
			require.Error(t, err)
			assert.True(t, errors.Is(err, fedcal.ErrInvalidDate))
			assert.Contains(t, err.Error(), tt.message)
			assert.Contains(t, err.Error(), `"`+tt.in+`"`, "the error quotes the input")
			assert.True(t, got.IsZero())
		})
	}
}

func TestMustParseDatePanics(t *testing.T) {
	assert.Panics(t, func() { fedcal.MustParseDate("2027-02-30") })
	assert.NotPanics(t, func() { fedcal.MustParseDate("2027-02-28") })
}

func TestDateWeekday(t *testing.T) {
	tests := []struct {
		date string
		want time.Weekday
	}{
		{"2026-07-03", time.Friday},
		{"2026-07-04", time.Saturday},
		{"2027-07-04", time.Sunday},
		{"2027-07-05", time.Monday},
		{"2000-01-01", time.Saturday},
		{"1970-01-01", time.Thursday},
	}
	for _, tt := range tests {
		assert.Equal(t, tt.want, d(tt.date).Weekday(), tt.date)
	}
}

func TestDateAddDays(t *testing.T) {
	tests := []struct {
		from string
		n    int
		want string
	}{
		{"2026-12-31", 1, "2027-01-01"},
		{"2027-01-01", -1, "2026-12-31"},
		{"2024-02-28", 1, "2024-02-29"},
		{"2023-02-28", 1, "2023-03-01"},
		{"2026-03-07", 1, "2026-03-08"}, // US daylight saving starts 2026-03-08
		{"2026-03-08", 1, "2026-03-09"},
		{"2026-11-01", 1, "2026-11-02"}, // and ends 2026-11-01
		{"2026-01-15", 0, "2026-01-15"},
		{"2026-01-01", 365, "2027-01-01"},
		{"2024-01-01", 366, "2025-01-01"},
	}
	for _, tt := range tests {
		assert.Equal(t, d(tt.want), d(tt.from).AddDays(tt.n), "%s%+d", tt.from, tt.n)
	}
}

func TestDateCompare(t *testing.T) {
	a, b := d("2026-12-31"), d("2027-01-01")
	assert.Equal(t, -1, a.Compare(b))
	assert.Equal(t, 1, b.Compare(a))
	assert.Equal(t, 0, a.Compare(d("2026-12-31")))
	assert.True(t, a.Before(b))
	assert.False(t, b.Before(a))
	assert.True(t, b.After(a))
	assert.False(t, a.After(a))
	assert.False(t, a.Before(a))
	assert.True(t, d("2026-02-01").After(d("2026-01-31")))
	assert.True(t, d("2026-01-02").After(d("2026-01-01")))
}

func TestDateOfUsesTheTimesLocation(t *testing.T) {
	ny, err := time.LoadLocation("America/New_York")
	if err != nil {
		t.Skipf("no zoneinfo: %v", err)
	}
	// 02:30 UTC on 3 July is still 2 July in New York.
	instant := time.Date(2026, time.July, 3, 2, 30, 0, 0, time.UTC)
	assert.Equal(t, d("2026-07-03"), fedcal.DateOf(instant))
	assert.Equal(t, d("2026-07-02"), fedcal.DateOf(instant.In(ny)))
}

func TestMakeDateNormalizes(t *testing.T) {
	assert.Equal(t, d("2027-03-02"), fedcal.MakeDate(2027, time.February, 30))
	assert.Equal(t, d("2026-12-31"), fedcal.MakeDate(2027, time.January, 0))
	assert.Equal(t, d("2028-01-01"), fedcal.MakeDate(2027, 13, 1))
	assert.Equal(t, d("2027-06-18"), fedcal.MakeDate(2027, time.June, 18))
	assert.False(t, fedcal.Date{Year: 2027, Month: time.February, Day: 30}.Valid())
	assert.False(t, fedcal.Date{}.Valid())
	assert.True(t, fedcal.Date{}.IsZero())
}

func TestDateText(t *testing.T) {
	b, err := d("2025-01-09").MarshalText()
	require.NoError(t, err)
	assert.Equal(t, "2025-01-09", string(b))

	for _, bad := range []fedcal.Date{
		{},
		{Year: 2027, Month: time.February, Day: 30},
		{Year: 10000, Month: time.January, Day: 1},
		{Year: -1, Month: time.January, Day: 1},
	} {
		_, err := bad.MarshalText()
		require.Error(t, err, "%v", bad)
		assert.True(t, errors.Is(err, fedcal.ErrInvalidDate))
	}

	var got fedcal.Date
	require.NoError(t, got.UnmarshalText([]byte("2027-12-31")))
	assert.Equal(t, d("2027-12-31"), got)
	require.Error(t, got.UnmarshalText([]byte("2027-02-30")))
	assert.Equal(t, d("2027-12-31"), got, "a failed decode leaves the value alone")
}

func TestDateJSON(t *testing.T) {
	type doc struct {
		Day fedcal.Date `json:"day"`
	}
	b, err := json.Marshal(doc{Day: d("2027-07-05")})
	require.NoError(t, err)
	assert.JSONEq(t, `{"day":"2027-07-05"}`, string(b))

	var back doc
	require.NoError(t, json.Unmarshal(b, &back))
	assert.Equal(t, d("2027-07-05"), back.Day)

	err = json.Unmarshal([]byte(`{"day":"2027-02-30"}`), &back)
	require.Error(t, err)
	assert.True(t, errors.Is(err, fedcal.ErrInvalidDate))
	require.Error(t, json.Unmarshal([]byte(`{"day":20270101}`), &back))
}

func TestOverridesFromConfig(t *testing.T) {
	// YAML resolves an unquoted 2025-01-09 as a timestamp; Date still reads
	// the scalar's text, so quoted and unquoted forms both work.
	const src = `
closed:
  - 2025-01-09
  - "2026-12-24"
open: [2026-11-11]
`
	var o fedcal.Overrides
	require.NoError(t, yaml.Unmarshal([]byte(src), &o))
	assert.Equal(t, []fedcal.Date{d("2025-01-09"), d("2026-12-24")}, o.Closed)
	assert.Equal(t, []fedcal.Date{d("2026-11-11")}, o.Open)
	require.NoError(t, o.Validate())

	var bad fedcal.Overrides
	err := yaml.Unmarshal([]byte("closed: [2027-02-30]\n"), &bad)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "February 2027 has days 01 to 28, not 30")

	var fromJSON fedcal.Overrides
	require.NoError(t, json.Unmarshal([]byte(`{"closed":["2025-01-09"],"open":["2026-11-11"]}`), &fromJSON))
	assert.Equal(t, o.Open, fromJSON.Open)
	assert.Equal(t, o.Closed[:1], fromJSON.Closed)

	out, err := yaml.Marshal(fedcal.Overrides{Closed: []fedcal.Date{d("2025-01-09")}})
	require.NoError(t, err)
	var round fedcal.Overrides
	require.NoError(t, yaml.Unmarshal(out, &round))
	assert.Equal(t, []fedcal.Date{d("2025-01-09")}, round.Closed)
	assert.Empty(t, round.Open)
}

// TestDateStringPrintsEachField: String prints every field zero-padded,
// as "%04d-%02d-%02d" does, for real dates and for impossible ones.
func TestDateStringPrintsEachField(t *testing.T) {
	for _, tc := range []struct {
		date fedcal.Date
		want string
	}{
		{fedcal.Date{Year: 2030, Month: time.March, Day: 15}, "2030-03-15"},
		{fedcal.Date{Year: 7, Month: time.December, Day: 1}, "0007-12-01"},
		{fedcal.Date{Year: 9999, Month: time.December, Day: 31}, "9999-12-31"},
		{fedcal.Date{}, "0000-00-00"},
		{fedcal.Date{Year: 2027, Month: time.February, Day: 30}, "2027-02-30"},
		{fedcal.Date{Year: 10000, Month: time.January, Day: 1}, "10000-01-01"},
		{fedcal.Date{Year: -1, Month: time.January, Day: 1}, "-001-01-01"},
		{fedcal.Date{Year: 2030, Month: 13, Day: 100}, "2030-13-100"},
		{fedcal.Date{Year: 2030, Month: -1, Day: -5}, "2030--1--5"},
	} {
		assert.Equal(t, tc.want, tc.date.String(), "%#v", tc.date)
	}
}

// FuzzDateString compares String with fmt's rendering of the same fields.
func FuzzDateString(f *testing.F) {
	f.Add(2030, 3, 15)
	f.Add(-1, 0, 100)
	f.Fuzz(func(t *testing.T, year, month, day int) {
		date := fedcal.Date{Year: year, Month: time.Month(month), Day: day}
		require.Equal(t, fmt.Sprintf("%04d-%02d-%02d", year, month, day), date.String())
	})
}
