package scenariofile_test

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/parleysim/parley/problem"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/scenariofile"
)

// Files of a few megabytes made the YAML parser take gigabytes (about 700
// bytes a token): 200,000 observations, 6 MB, took 1.3 GB and a flow list
// "[1,1,1,...]" of 10 MB took 6.7 GB. Tokens and statements are counted
// before parsing and refused past their limits, in little memory; files
// within the limits still load.
func TestLargeFilesAreRefusedBeforeParsing(t *testing.T) {
	if testing.Short() {
		t.Skip("megabytes of YAML; skipped with -short")
	}
	sc, err := scenariofile.Load("../cmd/parley/testdata/chain.yaml")
	require.NoError(t, err)
	obs := func(path string) error { _, err := scenariofile.LoadObservations(path, sc); return err }
	outs := func(path string) error { _, err := scenariofile.LoadOutcomes(path); return err }
	dir := t.TempDir()
	write := func(name, text string) string {
		path := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
		return path
	}
	observations := func(n int) string {
		var b strings.Builder
		b.WriteString("observations:\n")
		for i := range n {
			fmt.Fprintf(&b, "  - {entered: bilateral, by: %d, happened: false}\n", i%50+1)
		}
		return b.String()
	}
	flowList := "observations: [" + strings.Repeat("1,", 5_000_000) + "1]\n"
	scenarioFlow := "name: x\nstart: a\nhorizon: 1\nstates: [{name: a, absorbing: true}]\ndescription: [" + strings.Repeat("1,", 2_500_000) + "1]\n"
	for _, c := range []struct {
		name, text string
		load       func(path string) error
		want       string // "" for a file that loads
		reason     string
	}{
		{"200k.yaml", observations(200_000), obs, "more than 640000 tokens (names, numbers, keys and punctuation), the limit (raise Limits.Statements)",
			"a statement file is held to 64 tokens a statement"},
		{"flow.yaml", flowList, obs, "1:640015: the file holds more than 640000 tokens", "dense flow lists count each value"},
		{"10001.yaml", observations(10_001), obs, "10002:5: more than 10000 items listed, the limit (raise Limits.Statements)",
			"the item past the limit is named"},
		{"10000.yaml", observations(10_000), obs, "", "at the limit, the file loads"},
		{"outcomes.yaml", "outcomes:\n" + strings.Repeat("  - {claim: bilateral-by-14, happened: true}\n", 10_001), outs, "more than 10000 items listed",
			"outcomes files have the same limit"},
		{"scenario.yaml", scenarioFlow, func(p string) error { _, err := scenariofile.Load(p); return err },
			"5:3999998: the file holds more than 4000000 tokens (names, numbers, keys and punctuation), the limit (raise Limits.Tokens)",
			"a scenario file is held to Limits.Tokens"},
	} {
		t.Run(c.name, func(t *testing.T) {
			path := write(c.name, c.text)
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			err := c.load(path)
			runtime.ReadMemStats(&after)
			if c.want == "" {
				assert.NoError(t, err, c.reason)
				return
			}
			require.Error(t, err, c.reason)
			assert.Contains(t, err.Error(), c.want, c.reason)
			assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(200<<20), "refused in little memory: %s", c.reason)
		})
	}
}

// validate of a file with 20,000 unknown state names took 113 s (every
// "did you mean" compared with every state) and printed 20,000 lines. The
// message lists the first PrintedProblems, suggestions for the first
// names.SuggestionBudget, and counts the rest; Problems holds them all.
func TestManyProblemsAreCountedNotAllPrinted(t *testing.T) {
	if testing.Short() {
		t.Skip("a file of 40,000 lines; skipped with -short")
	}
	const n = 20_000
	var b strings.Builder
	b.WriteString("name: u\nstart: s0\nhorizon: 30\nstates:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {name: s%d}\n", i)
	}
	b.WriteString("transitions:\n")
	for i := range n {
		fmt.Fprintf(&b, "  - {from: s%d, to: x%d, rate: 1}\n", i, i)
	}
	_, err := scenariofile.Parse("many.yaml", []byte(b.String()))
	var fe *problem.Error
	require.ErrorAs(t, err, &fe)
	require.Len(t, fe.Problems, n, "every problem is kept")
	assert.Equal(t, `transitions[10].to: unknown state "x10" (did you mean "s10"?)`, fe.Problems[10].Origin.Path+": "+fe.Problems[10].Msg)
	assert.Equal(t, `unknown state "x19999"`, fe.Problems[n-1].Msg, "past the budget, no suggestion")
	lines := strings.Split(err.Error(), "\n")
	require.Len(t, lines, problem.Printed+1)
	assert.Equal(t, "... and 19900 more problems, 20000 in all", lines[len(lines)-1])
}
