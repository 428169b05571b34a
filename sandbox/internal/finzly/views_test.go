package finzly

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"go.yaml.in/yaml/v3"

	"github.com/payspec/payspec/api"
	"github.com/payspec/payspec/gen/finzly"
)

func TestCutKeepsAtMostTheLimitInCharacters(t *testing.T) {
	for _, c := range []struct {
		in    string
		limit int
		want  string
	}{
		{"", 20, ""},
		{"12345", 20, "12345"},
		{"12345678901234567890", 20, "12345678901234567890"},
		{"12345678901234567890X", 20, "12345678901234567890"},
		{"ÉtéÉté", 4, "ÉtéÉ"}, // characters, not bytes
		{"日本語", 2, "日本"},
	} {
		assert.Equal(t, c.want, cut(c.in, c.limit), "%q cut at %d", c.in, c.limit)
	}
}

// TestHookLimitsAreTheWebhooksOwn keeps the limits the sandbox cuts
// webhook members at equal to the maxLength the spec gives them.
func TestHookLimitsAreTheWebhooksOwn(t *testing.T) {
	doc, ok := api.Spec(api.ProviderFinzly)
	require.True(t, ok)
	var spec struct {
		Components struct {
			Schemas map[string]struct {
				Properties map[string]struct {
					MaxLength *int `yaml:"maxLength"`
				} `yaml:"properties"`
			} `yaml:"schemas"`
		} `yaml:"components"`
	}
	require.NoError(t, yaml.Unmarshal(doc, &spec))
	event, ok := spec.Components.Schemas["PaymentStatusEvent"]
	require.True(t, ok, "the payment status webhook's schema")
	require.NotEmpty(t, hookLimits)
	for name, limit := range hookLimits {
		prop, ok := event.Properties[name]
		require.True(t, ok, name)
		require.NotNil(t, prop.MaxLength, name)
		assert.Equal(t, *prop.MaxLength, limit, name)
	}
}

func TestDisplayStatusWordsEveryStatus(t *testing.T) {
	for status, want := range map[string]string{
		fzFutureDated: "Scheduled", fzInitiated: "initiated", fzValidated: "validated", fzTransmitted: "transmitted",
		fzToFed: "transmitted to fed", fzProcessed: "processed", fzCancelled: "cancelled",
		"SOME_NEW_STATUS": "some new status",
	} {
		assert.Equal(t, want, displayStatus(status), status)
	}
}

func TestPaginationTreeWritesAsTheGeneratedType(t *testing.T) {
	items := []int{1, 2, 3, 4, 5}
	_, p := pageOf(items, 2, 2)
	want, err := json.Marshal(p)
	require.NoError(t, err)
	got, err := json.Marshal(paginationTree(p))
	require.NoError(t, err)
	assert.JSONEq(t, string(want), string(got))
	assert.JSONEq(t, `{"totalRecords":5,"returnedRecords":2,"pageReturned":2,"pageSize":2}`, string(got))
	assert.Empty(t, paginationTree(finzly.Pagination{}))
}
