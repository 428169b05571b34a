package gen

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden file")

func acmeConfig() Config {
	return Config{
		Source: "gen/acme/acme.gen.go", Package: "acmeclient",
		GenImport: "example.com/m/gen/acme", APIImport: "example.com/m/api", ClientImport: "example.com/m/client",
		Operations:        []string{"createThing", "getThing", "getThingPart", "listThings", "priceThing", "paintThing", "thingChanged"},
		IdempotencyHeader: "Idempotent-Key",
		Repeatable:        []string{"priceThing"},
	}
}

func readAcme(t *testing.T) []byte {
	t.Helper()
	src, err := os.ReadFile(filepath.Join("testdata", "acme.gen.go.txt"))
	require.NoError(t, err)
	return src
}

func TestParseReadsEveryOperation(t *testing.T) {
	ms, err := Parse(readAcme(t), acmeConfig())
	require.NoError(t, err)
	byName := map[string]Method{}
	for _, m := range ms {
		byName[m.Name] = m
	}
	require.Len(t, byName, 6, "the WithBody variant is left out")

	create := byName["CreateThing"]
	assert.Equal(t, Keyed, create.Policy)
	assert.Equal(t, []Param{{"body", "acme.Thing"}}, create.Params, "the key is the call policy's, the body alias resolved")
	assert.Equal(t, []string{"nil", "body"}, create.Args)
	assert.Equal(t, "acme.Thing", create.Result, "one type for 200 and 201")

	get := byName["GetThing"]
	assert.Equal(t, Read, get.Policy)
	assert.Equal(t, []Param{{"thingID", "string"}}, get.Params, "a path alias of string is a string, Id spelled ID")
	assert.Equal(t, "Going away; use GetThingPart.", get.Deprecated, "operation ids become method names")

	part := byName["GetThingPart"]
	assert.Equal(t, []Param{{"thingID", "string"}, {"part", "string"}}, part.Params, "one required member is flattened")
	assert.Equal(t, []string{"thingID", "&acme.GetThingPartParams{Part: part}"}, part.Args)
	assert.Equal(t, []string{`client.PathParam("thingId", thingID)`}, part.Options, "path parameters are checked by Call")
	assert.Equal(t, "[]acme.Thing", part.Result)

	list := byName["ListThings"]
	assert.Equal(t, []Param{{"params", "acme.ListThingsParams"}}, list.Params)
	assert.Equal(t, []string{"&params"}, list.Args)

	assert.Equal(t, Repeatable, byName["PriceThing"].Policy)
	assert.Equal(t, []string{"client.Repeatable()"}, byName["PriceThing"].Options)
	assert.Empty(t, create.Options)
	assert.Equal(t, Once, byName["PaintThing"].Policy)
	assert.Equal(t, "PUT", byName["PaintThing"].HTTPMethod)
	assert.Equal(t, "/things/{thingId}/paint", byName["PaintThing"].Path)
}

func TestRenderMatchesTheGoldenFile(t *testing.T) {
	cfg := acmeConfig()
	ms, err := Parse(readAcme(t), cfg)
	require.NoError(t, err)
	got, err := Render(cfg, ms)
	require.NoError(t, err)
	golden := filepath.Join("testdata", "acme.golden")
	if *update {
		require.NoError(t, os.WriteFile(golden, got, 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	assert.Equal(t, string(want), string(got))
}

func TestManualMethodsAreLeftOut(t *testing.T) {
	cfg := acmeConfig()
	cfg.Manual = []string{"createThing"}
	ms, err := Parse(readAcme(t), cfg)
	require.NoError(t, err)
	for _, m := range ms {
		assert.NotEqual(t, "CreateThing", m.Name)
	}
}

func TestParseRefuses(t *testing.T) {
	src := string(readAcme(t))
	for name, tc := range map[string]struct {
		edit func(*Config, *string)
		want string
	}{
		"an operation the spec lacks": {func(c *Config, _ *string) { c.Operations = c.Operations[1:] }, `no operation "createThing"`},
		"a stale repeatable entry":    {func(c *Config, _ *string) { c.Repeatable = []string{"gone"} }, "gone is listed"},
		"a stale manual entry":        {func(c *Config, _ *string) { c.Manual = []string{"gone"} }, "gone is listed"},
		"another header": {func(c *Config, _ *string) { c.IdempotencyHeader = "X-Key" },
			`header "Idempotent-Key" is not supported`},
		"a key beside query members": {func(_ *Config, s *string) {
			*s = strings.Replace(*s, "Page  int32   `form:\"page\" json:\"page\"`",
				"Page int32 `form:\"page\" json:\"page\"`\n\tK *Key `json:\"Idempotent-Key,omitempty\"`", 1)
		}, "beside other parameters"},
		"2xx answers of two types": {func(_ *Config, s *string) {
			*s = strings.Replace(*s, "JSON201 *ThingSaved", "JSON201 *string", 1)
		}, "different types"},
		"no JSON success": {func(_ *Config, s *string) {
			*s = strings.Replace(*s, "type PaintThingResponse struct {\n\tJSON200 *Thing", "type PaintThingResponse struct {\n\tBody []byte", 1)
		}, "no JSON success answer"},
		"no method and path": {func(_ *Config, s *string) {
			*s = strings.Replace(*s, "// Corresponds with PUT /things/{thingId}/paint (the `PaintThing` operationId).", "// Paints.", 1)
		}, "does not give the method and path"},
		"no client interface": {func(_ *Config, s *string) {
			*s = strings.Replace(*s, "type ClientInterface interface", "type OtherInterface interface", 1)
		}, "no ClientInterface"},
	} {
		t.Run(name, func(t *testing.T) {
			cfg, s := acmeConfig(), src
			tc.edit(&cfg, &s)
			_, err := Parse([]byte(s), cfg)
			assert.ErrorContains(t, err, tc.want)
		})
	}
}

func TestSentenceAndNames(t *testing.T) {
	assert.Equal(t, "get an FX quote.", sentence("Get an FX quote"))
	assert.Equal(t, "FX trades of a day.", sentence("FX trades of a day."))
	assert.Equal(t, "customerID", goName("customerId"))
	assert.Equal(t, "paymentUID", goName("paymentUID"))
	assert.Equal(t, []string{"// one two", "// three"}, wrap("one two three", 12))
	assert.Equal(t, []string{"// averyveryverylongword"}, wrap("averyveryverylongword", 10))
}
