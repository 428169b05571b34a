package validate

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"testing/iotest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestRecorderJudgesTheTreeOnlyWhenItIsTheWholeBody(t *testing.T) {
	tree := map[string]any{"a": []any{json.Number("1.50"), "x", nil, true}}
	verdict := Problems{{Code: "JUDGED", Severity: SeverityWarning}}
	for _, tc := range []struct {
		name   string
		before string // written before WriteJSON
		v      any
		after  string // written after it
		limit  int64
		kept   bool
	}{
		{"the whole body", "", tree, "", 1 << 20, true},
		{"written after", "", tree, " ", 1 << 20, false},
		{"written before", " ", tree, "", 1 << 20, false},
		{"no tree", "", map[string]any{"a": 1}, "", 1 << 20, false},
		{"over the limit", "", tree, "", 4, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := newRecorder(httptest.NewRecorder(), tc.limit)
			var seen []Response
			rec.judge = func(r Response) Problems { seen = append(seen, r); return verdict }
			_, _ = rec.Write([]byte(tc.before))
			err := WriteJSON(rec, http.StatusOK, tc.v)
			if tc.limit < 1<<20 {
				require.ErrorIs(t, err, errResponseDiscarded, "the handler learns its answer is dropped")
			} else {
				require.NoError(t, err)
			}
			_, _ = rec.Write([]byte(tc.after))
			got, judged := rec.judgedBody()
			if !tc.kept {
				assert.False(t, judged)
				return
			}
			require.True(t, judged)
			assert.Equal(t, verdict, got)
			require.Len(t, seen, 1, "judged once, when written")
			assert.Equal(t, tree, seen[0].parsed)
			assert.Equal(t, 2, seen[0].parsedDepth)
			assert.Equal(t, http.StatusOK, seen[0].Status)
			assert.JSONEq(t, `{"a":[1.50,"x",null,true]}`, string(seen[0].Body))
		})
	}
}

func TestWriteJSONReportsAValueItCannotEncode(t *testing.T) {
	rec := httptest.NewRecorder()
	err := WriteJSON(rec, http.StatusOK, []any{json.Number("1.")})
	var ee *EncodeError
	require.ErrorAs(t, err, &ee)
	assert.Empty(t, rec.Body.String(), "nothing is written")
}

func TestReadAtMostReadsWhatIsThereWhateverTheHint(t *testing.T) {
	body := strings.Repeat("x", 100)
	for _, tc := range []struct {
		name            string
		limit, declared int64
		want            int
	}{
		{"no hint", 1000, -1, 100},
		{"the right hint", 1000, 100, 100},
		{"a hint too small", 1000, 10, 100},
		{"a hint too large", 1000, 500, 100},
		{"a hint past the limit", 50, 500, 50},
		{"the limit cuts a right hint", 50, 100, 50},
		{"the limit cuts a small hint", 50, 10, 50},
		{"a hint past the sized reads", 1 << 30, maxSizedRead + 1, 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := readAtMost(strings.NewReader(body), tc.limit, tc.declared)
			require.NoError(t, err)
			assert.Equal(t, body[:tc.want], string(got))
		})
	}
	_, err := readAtMost(iotest.ErrReader(errors.New("gone")), 100, 10)
	assert.Error(t, err)
}
