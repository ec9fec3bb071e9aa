package main

import (
	"fmt"
	"github.com/parleysim/parley/scenario"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/internal/readme"
	"github.com/parleysim/parley/scenariofile"
)

// TestCasebook checks the casebook's discipline: every case validates, has
// a start date, claims with descriptions and parameters with their
// reasoning; every outcomes file dates and sources every item and scores
// every claim of its case; and the whole backtest runs.
func TestCasebook(t *testing.T) {
	const dir = "../../examples/casebook"
	cases, records, err := casebookFiles(dir)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(cases), 6, "at least six past negotiations")
	for i, path := range cases {
		sc, err := scenariofile.Load(path)
		require.NoError(t, err, path)
		start, ok := sc.StartDate()
		require.True(t, ok, "%s: a dated day 0", path)
		assert.Less(t, start.Year(), 2025, "%s: concluded before 2025", path)
		require.NotEmpty(t, sc.Claims(), path)
		for _, c := range sc.Claims() {
			assert.NotEmpty(t, c.Description, "%s: claim %s says who said what", path, c.Name)
		}
		for _, p := range sc.Parameters() {
			assert.True(t, strings.HasPrefix(p.Description, "assumption:") || strings.HasPrefix(p.Description, "fact:"),
				"%s: parameter %s gives its reasoning", path, p.Name)
		}
		happened, err := scenariofile.LoadOutcomes(records[i])
		require.NoError(t, err, records[i])
		scored := map[string]bool{}
		for _, h := range happened {
			assert.NotEmpty(t, h.Date, "%s: %s is dated", records[i], h)
			assert.NotEmpty(t, h.Source, "%s: %s has its source", records[i], h)
			if h.Kind == scenario.StatementClaim {
				scored[h.Target] = true
			}
		}
		for _, c := range sc.Claims() {
			assert.True(t, scored[c.Name], "%s: claim %s has an outcome", records[i], c.Name)
		}
	}
	page := filepath.Join(t.TempDir(), "record.html")
	stdout, stderr, status := parley(t, "backtest", "-runs", "2000", "-report", page, "../"+dir)
	require.Equal(t, 0, status, stderr)
	html, err := os.ReadFile(page)
	require.NoError(t, err)
	for _, path := range cases {
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		assert.Contains(t, stdout, name)
		assert.Contains(t, string(html), `data-case="`+name+`"`)
	}
	assert.Contains(t, stdout, "Brier skill against the baseline")
	assert.Contains(t, string(html), "Brier skill against the baseline")
}

// TestCasebookFilesArePaired checks that a case without its outcomes file,
// or the reverse, is refused with every culprit named.
func TestCasebookFilesArePaired(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a.yaml", "a.outcomes.yaml", "b.yaml", "c.outcomes.yaml"} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte("x"), 0o644))
	}
	_, _, err := casebookFiles(dir)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "b.yaml has no outcomes file b.outcomes.yaml")
	assert.Contains(t, err.Error(), "c.outcomes.yaml has no case file c.yaml")
	_, _, err = casebookFiles(t.TempDir())
	assert.ErrorContains(t, err, "no cases")
}

// TestREADMEShowsTheBacktest checks the README's casebook block against
// what the command prints with its defaults.
func TestREADMEShowsTheBacktest(t *testing.T) {
	want, err := readme.Block("../../docs/casebook.md", "casebook backtest")
	require.NoError(t, err)
	stdout, stderr, status := parley(t, "backtest", "../../../examples/casebook")
	require.Equal(t, 0, status, stderr)
	got := strings.Replace(stdout, "Backtest of ../../../examples/casebook", "Backtest of examples/casebook", 1)
	assert.Equal(t, want, got)
}

// TestCalibrateCommand checks parley calibrate on a file and on the
// casebook: the posterior table, the predictive, the draws written, the
// same output for any worker count, and the usage errors.
func TestCalibrateCommand(t *testing.T) {
	out := filepath.Join(t.TempDir(), "posterior.csv")
	var first string
	for _, workers := range []string{"1", "2"} {
		stdout, stderr, status := parley(t, "calibrate", "chain-params.yaml", "-given", "chain-params-given.yaml",
			"-method", "smc", "-n", "200", "-runs", "50", "-workers", workers, "-o", out)
		require.Equal(t, 0, status, stderr)
		if first == "" {
			first = stdout
			continue
		}
		assert.Equal(t, first, stdout, "the same posterior for any worker count")
	}
	for _, want := range []string{"arrange_rate", "posterior 90%", "claim:trilateral-by-21", "route:us-proposal"} {
		assert.Contains(t, first, want)
	}
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	lines := strings.Split(strings.TrimSpace(string(data)), "\n")
	assert.Len(t, lines, 201, "a header and 200 draws")
	assert.True(t, strings.HasPrefix(lines[0], "weight,"), lines[0])

	stdout, stderr, status := parley(t, "calibrate", "-n", "200", "-runs", "40", "../../../examples/casebook")
	require.Equal(t, 0, status, stderr)
	assert.Contains(t, stdout, "agree_share:median")
	assert.Contains(t, stdout, "shrunk towards the population")
	assert.Contains(t, stdout, "6 histories")
	stdout, stderr, status = parley(t, "calibrate", "-pooling", "complete", "-n", "200", "-runs", "40", "../../../examples/casebook")
	require.Equal(t, 0, status, stderr)
	assert.Contains(t, stdout, "agree_share ")
	assert.NotContains(t, stdout, "median")

	_, stderr, status = parley(t, "calibrate", "chain-params.yaml")
	assert.Equal(t, 2, status)
	assert.Contains(t, stderr, "needs -given")
	_, stderr, status = parley(t, "calibrate", "-shared", "x", "-given", "chain-params-given.yaml", "chain-params.yaml")
	assert.Equal(t, 2, status)
	assert.Contains(t, stderr, "-shared is for a casebook")
}

// TestCalibrateShardsMerge checks that a calibration split into shards and
// merged prints what one machine prints, and that SMC is not split.
func TestCalibrateShardsMerge(t *testing.T) {
	dir := t.TempDir()
	args := []string{"calibrate", "chain-params.yaml", "-given", "chain-params-given.yaml", "-n", "120", "-runs", "30"}
	single, stderr, status := parley(t, args...)
	require.Equal(t, 0, status, stderr)
	var shards []string
	for i := range 3 {
		_, stderr, status := parley(t, append(args, "-shard", fmt.Sprintf("%d/3", i), "-o", filepath.Join(dir, "cal-{shard}.json"))...)
		require.Equal(t, 0, status, stderr)
		shards = append(shards, filepath.Join(dir, fmt.Sprintf("cal-%d.json", i)))
	}
	merged, stderr, status := parley(t, append(append(args, "-merge"), shards[2], shards[0], shards[1])...)
	require.Equal(t, 0, status, stderr)
	assert.Equal(t, single, merged)
	_, stderr, status = parley(t, append(append(args, "-merge"), shards[0], shards[1])...)
	assert.Equal(t, 1, status)
	assert.Contains(t, stderr, "of which 2 are given; missing shard [2]")
	_, stderr, status = parley(t, append(args, "-method", "smc", "-shard", "0/2", "-o", filepath.Join(dir, "x.json"))...)
	assert.Equal(t, 2, status)
	assert.Contains(t, stderr, "only rejection calibrations are split")
}
