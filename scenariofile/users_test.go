package scenariofile_test

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// userFiles are the files a user has: the examples, the casebook, the
// command's test files and user-style files written from the docs
// (testdata/users), each of which must go on loading and giving the same
// results.
func userFiles(t *testing.T) []string {
	t.Helper()
	var files []string
	for _, pattern := range []string{"../examples/scenarios/*.yaml", "../examples/casebook/*.yaml", "testdata/users/*.yaml",
		"testdata/valid.yaml", "testdata/params.yaml", "../cmd/parley/testdata/chain*.yaml", "../cmd/parley/testdata/talks.yaml", "../cmd/parley/testdata/faults.yaml"} {
		m, err := filepath.Glob(pattern)
		require.NoError(t, err)
		for _, f := range m {
			base := filepath.Base(f)
			// Outcomes, observations and now files are not scenarios.
			if strings.HasSuffix(base, ".outcomes.yaml") || strings.Contains(base, "-given") || strings.Contains(base, "-now") || strings.Contains(base, "-outcomes") {
				continue
			}
			files = append(files, f)
		}
	}
	require.Greater(t, len(files), 15)
	return files
}

// resultsOf is the fingerprints of what a file gives: the SHA-256 of the
// JSON of 2,000 runs (seed 1) and, where the model allows, of the exact
// Result; "not exact" where exact analysis does not apply.
func resultsOf(t *testing.T, path string) string {
	t.Helper()
	sc, err := scenariofile.Load(path)
	require.NoError(t, err, path)
	hash := func(r *outcomes.Result) string {
		var buf bytes.Buffer
		require.NoError(t, r.WriteJSON(&buf), path)
		sum := sha256.Sum256(buf.Bytes())
		return hex.EncodeToString(sum[:8])
	}
	run, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 2000, Seed: 1, Workers: 2})
	require.NoError(t, err, path)
	exact := "not-exact"
	if ex, err := outcomes.Exact(context.Background(), sc, nil); err == nil {
		exact = hash(ex)
	} else if !errors.Is(err, scenario.ErrNotMarkov) {
		t.Fatalf("%s: exact: %v", path, err)
	}
	return hash(run) + " " + exact
}

// TestUserFilesGiveTheSameResults checks that every file a user has loads
// and gives the Result it gave before the core was redesigned, byte for
// byte: the fingerprints in testdata/users/results.txt were made by
// parley v0.21.0, and go test -run UserFiles -update rewrites them (only
// when a change of results is intended and announced in CHANGELOG.md:
// dates as whole dates moved the files whose claims give dates, and one
// step of iterative refinement in the absorption solve moved exact
// results in their last bits, by at most 1.2e-16; the casebook's cases
// were made anew from reference-class templates).
func TestUserFilesGiveTheSameResults(t *testing.T) {
	golden := "testdata/users/results.txt"
	want := map[string]string{}
	if data, err := os.ReadFile(golden); err == nil {
		sc := bufio.NewScanner(bytes.NewReader(data))
		for sc.Scan() {
			if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
				file, results, _ := strings.Cut(line, " ")
				want[file] = results
			}
		}
	}
	files := userFiles(t)
	got := map[string]string{}
	for _, f := range files {
		got[filepath.ToSlash(f)] = resultsOf(t, f)
	}
	if *update {
		var b strings.Builder
		b.WriteString("# file, then the SHA-256 (first 8 bytes) of the JSON of 2,000 runs (seed 1) and of the exact Result\n")
		keys := make([]string, 0, len(got))
		for k := range got {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		for _, k := range keys {
			fmt.Fprintf(&b, "%s %s\n", k, got[k])
		}
		require.NoError(t, os.WriteFile(golden, []byte(b.String()), 0o644))
		return
	}
	for f, g := range got {
		w, ok := want[f]
		if assert.True(t, ok, "%s has no results in %s: run with -update", f, golden) {
			assert.Equal(t, w, g, "%s gives other results than it did", f)
		}
	}
}

// A file's claim with not: true claims the opposite, and writes back so.
func TestNegatedClaimInAFile(t *testing.T) {
	src := `name: negated
start: talks
horizon: 60
states:
  - {name: talks}
  - {name: test, absorbing: true}
transitions:
  - {from: talks, to: test, rate: 0.01}
claims:
  - {name: no-test-30, reached: test, by: 30, not: true}
`
	sc, err := scenariofile.Parse("negated.yaml", []byte(src))
	require.NoError(t, err)
	c := sc.Claims()[0]
	assert.True(t, c.Not)
	assert.Equal(t, "test not reached by day 30", c.Description)
	ex, err := outcomes.Exact(context.Background(), sc, nil)
	require.NoError(t, err)
	assert.InDelta(t, 0.7408182206817179, ex.Claims[0].P, 1e-9, "exp(-0.3)")
	f, err := scenariofile.FromScenario(sc)
	require.NoError(t, err)
	assert.True(t, f.Claims[0].Not)
}
