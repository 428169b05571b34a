package sandbox

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestHeldAnswerSendsATreeAsWritten(t *testing.T) {
	tree := map[string]any{"b": json.Number("1.50"), "a": []any{"x", true, nil}}
	for _, tc := range []struct {
		name     string
		before   string // bytes written before HoldJSON
		after    string // bytes written after it
		held     bool
		wantBody string
	}{
		{"a tree alone", "", "", true, `{"a":["x",true,null],"b":1.50}`},
		{"bytes after the tree", "", " ", true, `{"a":["x",true,null],"b":1.50} `},
		{"bytes before: no tree", "{}", "", false, `{}`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := &heldAnswer{header: http.Header{}}
			h.header.Set("Content-Type", "application/json")
			if tc.before != "" {
				_, _ = h.Write([]byte(tc.before))
			}
			require.Equal(t, tc.held, h.HoldJSON(http.StatusCreated, tree))
			if tc.after != "" {
				_, err := h.Write([]byte(tc.after))
				require.NoError(t, err)
			}
			rec := httptest.NewRecorder()
			h.send(rec)
			assert.Equal(t, tc.wantBody, rec.Body.String())
			assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
			if tc.held {
				assert.Equal(t, http.StatusCreated, rec.Code)
			}
		})
	}
}

func TestHeldAnswerKeepsOnlyATree(t *testing.T) {
	type shared struct{ Name string }
	h := &heldAnswer{header: http.Header{}}
	assert.False(t, h.HoldJSON(http.StatusOK, &shared{Name: "in the state"}), "a struct is written as it is now")
	assert.False(t, h.HoldJSON(http.StatusOK, map[string]any{"n": 1}), "an int is no tree")
	assert.True(t, h.HoldJSON(http.StatusOK, map[string]any{"n": json.Number("1")}))
}
