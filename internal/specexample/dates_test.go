package specexample_test

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/internal/specexample"
)

func TestDates(t *testing.T) {
	doc := []byte(`{"paymentDate": "03-15-2030", "name": "03-15-2030x",
  "recurrence": {"endDate":"12-31-2030", "note": "2030-02-30"},
  "items": [{"due_date": "2030-04-01"}, "2030-04-02T10:00:00Z", "2030-04-03Tnope", 20300405],
  "escaped": "2030-04-0\u0036", "a/b~c": "2030-05-01", "2030-06-01": "key, not value"}`)
	dates, err := specexample.Dates(doc)
	require.NoError(t, err)
	var got []string
	for _, d := range dates {
		got = append(got, d.Pointer+" "+d.Layout+" "+d.Day.Format(time.DateOnly)+" "+string(doc[d.Offset:d.Offset+10]))
	}
	assert.Equal(t, []string{
		"/paymentDate 01-02-2006 2030-03-15 03-15-2030",
		"/recurrence/endDate 01-02-2006 2030-12-31 12-31-2030",
		"/items/0/due_date 2006-01-02 2030-04-01 2030-04-01",
		"/items/1 2006-01-02 2030-04-02 2030-04-02",
		"/a~1b~0c 2006-01-02 2030-05-01 2030-05-01",
	}, got, "dates as values only: not an impossible day, not a longer string, not escaped, not a key")

	shifted := specexample.ShiftDates(doc, dates, 300)
	var before, after map[string]any
	require.NoError(t, json.Unmarshal(doc, &before))
	require.NoError(t, json.Unmarshal(shifted, &after))
	assert.Equal(t, "01-09-2031", after["paymentDate"])
	assert.Equal(t, "10-27-2031", after["recurrence"].(map[string]any)["endDate"])
	assert.Equal(t, "2031-01-27T10:00:00Z", after["items"].([]any)[1], "the time of day kept")
	assert.Equal(t, "2031-02-25", after["a/b~c"])
	before["paymentDate"], before["recurrence"].(map[string]any)["endDate"] = after["paymentDate"], after["recurrence"].(map[string]any)["endDate"]
	before["items"].([]any)[0], before["items"].([]any)[1], before["a/b~c"] = after["items"].([]any)[0], after["items"].([]any)[1], after["a/b~c"]
	assert.Equal(t, before, after, "nothing else moved")
	assert.Equal(t, len(doc), len(shifted))

	_, err = specexample.Dates([]byte(`{"a": `))
	assert.Error(t, err)
}

func FuzzDates(f *testing.F) {
	f.Add([]byte(`{"paymentDate":"03-15-2030","r":{"endDate":"2030-12-31T00:00:00Z"},"l":["2030-01-01"]}`))
	f.Add([]byte(`["\"2030-01-01\"", "2030-01-01"]`))
	f.Add([]byte(`{"late":"12-31-9999","early":"0001-01-01"}`))
	f.Fuzz(func(t *testing.T, doc []byte) {
		dates, err := specexample.Dates(doc)
		if err != nil {
			return
		}
		shifted := specexample.ShiftDates(doc, dates, 400)
		require.Len(t, shifted, len(doc))
		again, err := specexample.Dates(shifted)
		require.NoError(t, err, "a shifted document is still JSON")
		require.Len(t, again, len(dates))
		for i := range dates {
			assert.Equal(t, dates[i].Pointer, again[i].Pointer)
			if want := dates[i].Day.AddDate(0, 0, 400); want.Year() <= 9999 {
				assert.Equal(t, want, again[i].Day)
			} else {
				assert.Equal(t, dates[i].Day, again[i].Day, "a date past 9999 stays")
			}
		}
	})
}
