package report

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/payspec/payspec/validate"
)

func TestSpoolMovesToAFilePastItsMemory(t *testing.T) {
	var s spool
	defer s.close()
	entry := bytes.Repeat([]byte("x"), 64<<10)
	var want bytes.Buffer
	for i := 0; want.Len() <= spoolMemory; i++ {
		e := append([]byte(strconv.Itoa(i)+":"), entry...)
		require.NoError(t, s.add(e))
		want.Write(e)
	}
	require.NotNil(t, s.file, "entries past spoolMemory go to a temporary file")
	assert.Zero(t, s.buf.Len(), "and leave memory")
	var got bytes.Buffer
	require.NoError(t, s.writeTo(&got))
	assert.Equal(t, want.Bytes(), got.Bytes())
}

// A report of more results than the spool holds in memory comes out
// whole and in order, in each format that spools.
func TestSpooledReportsKeepEveryResult(t *testing.T) {
	const n = 12_000 // about 6 MB of JSON entries
	for _, format := range []string{"json", "sarif", "junit"} {
		t.Run(format, func(t *testing.T) {
			var out bytes.Buffer
			w, err := New(format, &out, Options{})
			require.NoError(t, err)
			var sum Summary
			for i := range n {
				r := Result{Source: Source{File: "many.ndjson", Line: i + 1}, Operation: "createQuote",
					Problems: validate.Problems{{Pointer: "/amount", Code: "TYPE", Severity: validate.SeverityError,
						Message: "must be a number " + strings.Repeat("-", 300)}}}
				sum.Tally(r)
				require.NoError(t, w.Add(r))
			}
			require.NoError(t, w.Close(sum))
			switch format {
			case "json":
				var rep struct {
					Files []struct{ Source struct{ Line int } }
				}
				require.NoError(t, json.Unmarshal(out.Bytes(), &rep))
				require.Len(t, rep.Files, n)
				assert.Equal(t, n, rep.Files[n-1].Source.Line)
			case "sarif":
				var log struct {
					Runs []struct{ Results []struct{ RuleIndex int } }
				}
				require.NoError(t, json.Unmarshal(out.Bytes(), &log))
				require.Len(t, log.Runs[0].Results, n)
			case "junit":
				assert.Equal(t, n, strings.Count(out.String(), "<testcase "))
				assert.True(t, strings.HasSuffix(out.String(), "  </testsuite>\n</testsuites>\n"))
			}
		})
	}
}
