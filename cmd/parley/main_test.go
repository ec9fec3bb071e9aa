package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/cmd/parley/internal/wasmengine"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/golden")

// binary is the parley command built for the end-to-end tests.
var binary string

func TestMain(m *testing.M) {
	flag.Parse()
	dir, err := os.MkdirTemp("", "parley-test")
	if err != nil {
		panic(err)
	}
	binary = filepath.Join(dir, "parley")
	args := []string{"build", "-buildvcs=false", "-o", binary}
	overlay, err := engineOverlay(dir)
	if err != nil {
		panic("building the browser engine: " + err.Error())
	}
	if overlay != "" {
		args = append(args, "-overlay", overlay)
	}
	if out, err := exec.Command("go", append(args, ".")...).CombinedOutput(); err != nil {
		panic("building parley: " + err.Error() + "\n" + string(out))
	}
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// engineOverlay returns, when the tree has no generated browser engine
// (report/engine), an overlay file for go build that puts one built from
// the sources as they are in its place, so that the tests never write
// into the tree; "" when the tree has one.
func engineOverlay(dir string) (string, error) {
	engine, err := filepath.Abs(filepath.Join("report", "engine"))
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(engine, "engine.wasm.gz")); err == nil {
		return "", nil
	}
	root, err := filepath.Abs(".")
	if err != nil {
		return "", err
	}
	built := filepath.Join(dir, "engine")
	if _, err := wasmengine.Generate(root, built); err != nil {
		return "", err
	}
	replace := map[string]string{}
	for _, name := range []string{"engine.wasm.gz", "wasm_exec.js", "engine.stamp"} {
		replace[filepath.Join(engine, name)] = filepath.Join(built, name)
	}
	data, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return "", err
	}
	overlay := filepath.Join(dir, "overlay.json")
	return overlay, os.WriteFile(overlay, data, 0o644)
}

// parley runs the built command and returns stdout, stderr and the exit status.
func parley(t *testing.T, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(binary, args...)
	cmd.Dir = "testdata"
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else {
		require.NoError(t, err)
	}
	// What depends on the toolchain is not part of the behaviour under test.
	clean := func(s string) string { return strings.ReplaceAll(s, runtime.Version(), "GOVERSION") }
	return clean(stdout.String()), clean(stderr.String()), code
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", "golden", name)
	if *update {
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run go test ./cmd/parley -update to create it")
	assert.Equal(t, string(want), got)
}

func TestCommands(t *testing.T) {
	cases := []struct {
		name   string
		args   []string
		status int
	}{
		{"validate", []string{"validate", "talks.yaml"}, 0},
		{"validate-broken", []string{"validate", "broken.yaml"}, 1},
		{"validate-inert", []string{"validate", "inert.yaml"}, 0},
		{"run-table", []string{"run", "-runs", "20000", "-seed", "3", "talks.yaml"}, 0},
		{"run-csv", []string{"run", "-runs", "5000", "-format", "csv", "chain.yaml"}, 0},
		{"run-precision", []string{"run", "-runs", "2000", "-precision", "0.01", "-format", "csv", "chain.yaml"}, 0},
		{"exact", []string{"exact", "chain.yaml"}, 0},
		{"exact-not-markov", []string{"exact", "talks.yaml"}, 1},
		{"exact-values", []string{"exact", "values.yaml"}, 0},
		{"calibrate-params", []string{"calibrate", "-params", "summit_speed", "-n", "60", "-runs", "30", "-given", "chain-params-given.yaml", "chain-params.yaml"}, 0},
		{"calibrate-params-others-prior", []string{"calibrate", "-params", "summit_speed", "-others", "prior", "-n", "60", "-runs", "30", "-given", "chain-params-given.yaml", "chain-params.yaml"}, 0},
		{"calibrate-params-unknown", []string{"calibrate", "-params", "arange", "-given", "chain-params-given.yaml", "chain-params.yaml"}, 2},
		{"track", []string{"track", "-every", "4w", "-outcomes", "track-outcomes.yaml", "track.yaml", "track-journal.yaml"}, 0},
		{"track-runs", []string{"track", "-monte-carlo", "-runs", "2000", "-format", "csv", "track.yaml", "track-journal.yaml"}, 0},
		{"track-json", []string{"track", "-format", "json", "-outcomes", "track-outcomes.yaml", "track.yaml", "track-journal.yaml"}, 0},
		{"track-undated", []string{"track", "track.yaml", "track-journal-undated.yaml"}, 1},
		{"track-bad-every", []string{"track", "-every", "-3d", "track.yaml", "track-journal.yaml"}, 2},
		{"track-every-too-fine", []string{"track", "-every", "0.0001d", "track.yaml", "track-journal.yaml"}, 2},
		{"graph-extension-mismatch", []string{"graph", "-format", "png", "-o", "g.svg", "chain.yaml"}, 2},
		{"calibrate-params-empty", []string{"calibrate", "-params", ",", "-given", "chain-params-given.yaml", "chain-params.yaml"}, 2},
		{"calibrate-tolerance-too-large", []string{"calibrate", "-tolerance", "5", "-given", "chain-params-given.yaml", "chain-params.yaml"}, 2},
		{"exact-values-given", []string{"exact", "-given", "values-given.yaml", "values.yaml"}, 1},
		{"graph", []string{"graph", "chain.yaml"}, 0},
		{"compare", []string{"compare", "-runs", "20000", "chain.yaml", "chain-faster.yaml"}, 0},
		{"no-command", nil, 2},
		{"unknown-command", []string{"simulate", "chain.yaml"}, 2},
		{"missing-file", []string{"run"}, 2},
		{"bad-format", []string{"run", "-format", "xml", "chain.yaml"}, 2},
		{"bad-flag", []string{"run", "-runz", "5", "chain.yaml"}, 2},
		{"no-such-file", []string{"validate", "nowhere.yaml"}, 1},
		{"plot-no-output", []string{"plot", "chain.yaml"}, 2},
		{"plot-bad-kind", []string{"plot", "-kind", "pie", "-o", "x.png", "chain.yaml"}, 2},
		{"params", []string{"params", "chain-params.yaml"}, 0},
		{"params-set-json", []string{"params", "-set", "arrange_rate=0.2", "-format", "json", "chain-params.yaml"}, 0},
		{"params-none", []string{"params", "chain.yaml"}, 0},
		{"run-set-csv", []string{"run", "-runs", "2000", "-set", "arrange_rate=0.2", "-format", "csv", "chain-params.yaml"}, 0},
		{"run-draw", []string{"run", "-runs", "5000", "-draw", "chain-params.yaml"}, 0},
		{"exact-set", []string{"exact", "-set", "summit_speed=2", "chain-params.yaml"}, 0},
		{"set-out-of-range", []string{"run", "-set", "arrange_rate=2", "chain-params.yaml"}, 2},
		{"set-unknown", []string{"exact", "-set", "arange_rate=0.2", "chain-params.yaml"}, 2},
		{"set-malformed", []string{"run", "-set", "arrange_rate", "chain-params.yaml"}, 2},
		{"set-twice", []string{"run", "-set", "arrange_rate=0.1", "-set", "arrange_rate=0.2", "chain-params.yaml"}, 2},
		{"compare-b", []string{"compare", "-runs", "20000", "-b", "summit_speed=2", "chain-params.yaml", "chain-params.yaml"}, 0},
		{"sensitivity-sobol", []string{"sensitivity", "-n", "64", "-runs", "300", "-outputs", "claim:trilateral-by-21,final:open", "chain-params.yaml"}, 0},
		{"sensitivity-morris", []string{"sensitivity", "-method", "morris", "-n", "10", "-runs", "300", "-outputs", "claim:trilateral-by-21", "chain-params.yaml"}, 0},
		{"sensitivity-exact", []string{"sensitivity", "-n", "64", "-exact", "-set", "arrange_rate=0.2", "-outputs", "claim:trilateral-by-21", "chain-params.yaml"}, 0},
		{"explore-nothing-to-vary", []string{"explore", "chain.yaml"}, 1},
		{"explore-bad-design", []string{"explore", "-design", "grid", "chain-params.yaml"}, 2},
		{"discover-needs-a-condition", []string{"discover", "-output", "claim:x", "chain-params.yaml"}, 2},
		{"run-score", []string{"run", "-runs", "5000", "-score", "chain-outcomes.yaml", "chain.yaml"}, 0},
		{"score-bad-outcomes", []string{"score", "chain.yaml", "bad-outcomes.yaml"}, 1},
		{"score-needs-two", []string{"score", "chain-outcomes.yaml"}, 2},
		{"compare-all", []string{"compare", "-runs", "20000", "-all", "-b", "summit_speed=2", "chain-params.yaml", "chain-params.yaml"}, 0},
		{"exact-given", []string{"exact", "-given", "chain-given.yaml", "chain.yaml"}, 0},
		{"exact-given-refused", []string{"exact", "-given", "chain-params-given-route.yaml", "chain.yaml"}, 1},
		{"exact-from", []string{"exact", "-from", "chain-now.yaml", "chain.yaml"}, 0},
		{"exact-outputs", []string{"exact", "-outputs", "final,claim:bilateral-by-14,state:trilateral", "chain.yaml"}, 0},
		{"exact-outputs-runs-only", []string{"exact", "-outputs", "final,paths", "chain.yaml"}, 2},
		{"run-outputs-unknown", []string{"run", "-runs", "100", "-outputs", "state:bilaterl,route:us-proposal@7:bogus", "chain.yaml"}, 2},
		{"run-outputs-score-unrecorded", []string{"run", "-runs", "100", "-outputs", "claim:bilateral-by-14", "-score", "chain-outcomes.yaml", "chain.yaml"}, 2},
		{"run-outputs-states", []string{"run", "-runs", "2000", "-outputs", "state:expert,fired:call->expert", "chain.yaml"}, 0},
		{"run-from", []string{"run", "-runs", "3000", "-from", "chain-now.yaml", "chain.yaml"}, 0},
		{"run-from-given", []string{"run", "-runs", "3000", "-from", "chain-now.yaml", "-given", "chain-params-given.yaml", "chain.yaml"}, 0},
		{"from-bad", []string{"run", "-from", "bad-now.yaml", "chain.yaml"}, 1},
		{"shard-with-given", []string{"run", "-shard", "0/2", "-given", "chain-given.yaml", "chain.yaml"}, 2},
		{"shard-bad-spec", []string{"run", "-shard", "2/2", "chain.yaml"}, 2},
		{"merge-not-a-shard", []string{"merge", "chain.yaml"}, 1},
		{"run-given", []string{"run", "-runs", "5000", "-given", "chain-given.yaml", "chain.yaml"}, 0},
		{"run-given-csv", []string{"run", "-runs", "2000", "-format", "csv", "-given", "chain-given.yaml", "chain.yaml"}, 0},
		{"given-bad", []string{"run", "-given", "bad-given.yaml", "chain.yaml"}, 1},
		{"given-too-rare", []string{"run", "-runs", "100", "-max-runs", "2000", "-given", "chain-given-rare.yaml", "chain.yaml"}, 1},
		{"given-with-precision", []string{"run", "-precision", "0.01", "-given", "chain-given.yaml", "chain.yaml"}, 2},
		{"compare-given", []string{"compare", "-runs", "20000", "-b", "summit_speed=2", "-given", "chain-params-given.yaml", "chain-params.yaml", "chain-params.yaml"}, 0},
		{"run-help", []string{"run", "-h"}, 0},
		{"report-bad-discover", []string{"report", "-discover", "claim:x=3", "chain-params.yaml"}, 2},
		{"report-sensitivity-given", []string{"report", "-sensitivity", "-given", "chain-given.yaml", "chain-params.yaml"}, 2},
		{"report-exact-draw", []string{"report", "-exact", "-draw", "chain-params.yaml"}, 2},
		{"report-interactive-given", []string{"report", "-interactive", "-given", "chain-given.yaml", "chain.yaml"}, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			stdout, stderr, status := parley(t, c.args...)
			assert.Equal(t, c.status, status, "stderr: %s", stderr)
			golden(t, c.name+".txt", "$ parley "+strings.Join(c.args, " ")+"\n"+stdout+"--- stderr\n"+stderr)
		})
	}
}

func TestRunJSONRecordsSeedAndVersions(t *testing.T) {
	stdout, _, status := parley(t, "run", "-runs", "3000", "-seed", "9", "-format", "json", "chain.yaml")
	require.Equal(t, 0, status)
	var env struct {
		Tool, Version, Go, File string
		Result                  struct {
			Scenario string
			Seed     uint64
			Runs     int64
		}
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &env))
	assert.Equal(t, "parley", env.Tool)
	assert.NotEmpty(t, env.Version)
	assert.Equal(t, "GOVERSION", env.Go)
	assert.Equal(t, "chain.yaml", env.File)
	data, err := os.ReadFile("testdata/chain.yaml")
	require.NoError(t, err)
	var withHash struct{ SHA256 string }
	require.NoError(t, json.Unmarshal([]byte(stdout), &withHash))
	assert.Equal(t, fmt.Sprintf("%x", sha256.Sum256(data)), withHash.SHA256, "the result names the exact file it ran")
	assert.Equal(t, uint64(9), env.Result.Seed)
	assert.EqualValues(t, 3000, env.Result.Runs)
}

func TestRunOutputSameForAnyWorkerCount(t *testing.T) {
	a, _, _ := parley(t, "run", "-runs", "20000", "-workers", "1", "-format", "json", "talks.yaml")
	b, _, _ := parley(t, "run", "-runs", "20000", "-workers", "4", "-format", "json", "talks.yaml")
	assert.Equal(t, a, b)
}

func TestGraphWithAResult(t *testing.T) {
	dir := t.TempDir()
	result := filepath.Join(dir, "r.json")
	_, stderr, status := parley(t, "run", "-runs", "10000", "-format", "json", "-o", result, "chain.yaml")
	require.Equal(t, 0, status, stderr)
	stdout, stderr, status := parley(t, "graph", "-result", result, "chain.yaml")
	require.Equal(t, 0, status, stderr)
	assert.Contains(t, stdout, `label="bilateral\nreached 0.`)
	assert.Contains(t, stdout, `taken in 0.`)
	_, stderr, status = parley(t, "graph", "-result", result, "talks.yaml")
	assert.Equal(t, 1, status)
	assert.Contains(t, stderr, `is a result of "reference-chain", not of "talks"`)
}

func TestPlotWritesAnImage(t *testing.T) {
	out := filepath.Join(t.TempDir(), "routes.svg")
	stdout, stderr, status := parley(t, "plot", "-runs", "5000", "-o", out, "chain.yaml")
	require.Equal(t, 0, status, stderr)
	assert.Equal(t, "wrote "+out+"\n", stdout)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Contains(t, string(data), "<svg")
	assert.Contains(t, string(data), "us-proposal completed")
}

func TestSetEqualsEditingTheFile(t *testing.T) {
	// chain-faster.yaml is chain.yaml with both parameterised rates doubled.
	a, _, status := parley(t, "exact", "-format", "json", "-set", "arrange_rate=0.2", "-set", "summit_speed=2", "chain-params.yaml")
	require.Equal(t, 0, status)
	b, _, status := parley(t, "exact", "-format", "json", "chain-faster.yaml")
	require.Equal(t, 0, status)
	var ra, rb struct {
		Parameters map[string]float64
		Result     struct{ Claims, Routes, Final any }
	}
	require.NoError(t, json.Unmarshal([]byte(a), &ra))
	require.NoError(t, json.Unmarshal([]byte(b), &rb))
	assert.Equal(t, map[string]float64{"arrange_rate": 0.2, "summit_speed": 2}, ra.Parameters)
	assert.Empty(t, rb.Parameters)
	assert.Equal(t, rb.Result, ra.Result)
	// Monte Carlo too: the same seed gives the same runs.
	var mc [2]struct {
		Result struct{ Claims, Routes, Final, Paths any }
	}
	for i, args := range [][]string{
		{"run", "-runs", "3000", "-format", "json", "-set", "arrange_rate=0.2", "-set", "summit_speed=2", "chain-params.yaml"},
		{"run", "-runs", "3000", "-format", "json", "chain-faster.yaml"},
	} {
		out, _, status := parley(t, args...)
		require.Equal(t, 0, status)
		require.NoError(t, json.Unmarshal([]byte(out), &mc[i]))
	}
	assert.Equal(t, mc[1].Result, mc[0].Result)
}

func TestExploreThenDiscover(t *testing.T) {
	dir := t.TempDir()
	table := filepath.Join(dir, "experiments.csv")
	_, stderr, status := parley(t, "explore", "-design", "lhs", "-n", "120", "-runs", "400", "-seed", "3", "-o", table, "chain-params.yaml")
	require.Equal(t, 0, status, stderr)
	data, err := os.ReadFile(table)
	require.NoError(t, err)
	assert.Contains(t, string(data), "experiment,case,arrange_rate,summit_speed,claim:bilateral-by-14,se:claim:bilateral-by-14")
	assert.Equal(t, 123, strings.Count(string(data), "\n"), "two comments (how it ran, its envelope), a header and 120 rows")
	stdout, stderr, status := parley(t, "discover", "-output", "claim:trilateral-by-21", "-above", "0.3", table)
	require.Equal(t, 0, status, stderr)
	assert.Contains(t, stdout, "chosen box")
	assert.Contains(t, stdout, "summit_speed")
	// The same with JSON Lines, and the same for any number of workers.
	jsonl := filepath.Join(dir, "experiments.jsonl")
	_, stderr, status = parley(t, "explore", "-design", "lhs", "-n", "120", "-runs", "400", "-seed", "3", "-workers", "1", "-format", "jsonl", "-o", jsonl, "chain-params.yaml")
	require.Equal(t, 0, status, stderr)
	again, _, status := parley(t, "discover", "-output", "claim:trilateral-by-21", "-above", "0.3", jsonl)
	require.Equal(t, 0, status)
	assert.Equal(t, stdout, again)
}

func TestSensitivityAndDiscoverDraw(t *testing.T) {
	dir := t.TempDir()
	sobol := filepath.Join(dir, "sobol.svg")
	_, stderr, status := parley(t, "sensitivity", "-n", "32", "-runs", "200", "-outputs", "claim:trilateral-by-21", "-plot", sobol, "chain-params.yaml")
	require.Equal(t, 0, status, stderr)
	data, err := os.ReadFile(sobol)
	require.NoError(t, err)
	assert.Contains(t, string(data), "summit_speed")
	_, stderr, status = parley(t, "sensitivity", "-plot", filepath.Join(dir, "x.txt"), "chain-params.yaml")
	assert.Equal(t, 2, status)
	assert.Contains(t, stderr, "want a .png, .svg or .pdf")
}

func TestScoreAResult(t *testing.T) {
	dir := t.TempDir()
	result := filepath.Join(dir, "r.json")
	_, stderr, status := parley(t, "run", "-runs", "5000", "-format", "json", "-o", result, "chain.yaml")
	require.Equal(t, 0, status, stderr)
	stdout, stderr, status := parley(t, "score", "-format", "json", result, "chain-outcomes.yaml")
	require.Equal(t, 0, status, stderr)
	var s struct {
		Brier, Log float64
		N          int
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &s))
	assert.Equal(t, 3, s.N)
	assert.Greater(t, s.Brier, 0.0)
	assert.Greater(t, s.Log, 0.0)
	// The same score when run and score are one step.
	both, _, status := parley(t, "run", "-runs", "5000", "-format", "json", "-score", "chain-outcomes.yaml", "chain.yaml")
	require.Equal(t, 0, status)
	var env struct{ Score struct{ Brier float64 } }
	require.NoError(t, json.Unmarshal([]byte(both), &env))
	assert.Equal(t, s.Brier, env.Score.Brier)
	// Several results (a forecaster's record over time): each row names
	// the file whose forecast it scores.
	later := filepath.Join(dir, "later.json")
	_, stderr, status = parley(t, "run", "-runs", "5000", "-seed", "2", "-format", "json", "-o", later, "chain.yaml")
	require.Equal(t, 0, status, stderr)
	table, stderr, status := parley(t, "score", result, later, "chain-outcomes.yaml")
	require.Equal(t, 0, status, stderr)
	assert.Contains(t, table, "forecast  ")
	assert.Contains(t, table, "file")
	assert.Equal(t, 3, strings.Count(table, "/r.json"), table)
	assert.Equal(t, 3, strings.Count(table, "later.json"), table)
	js, stderr, status := parley(t, "score", "-format", "json", result, later, "chain-outcomes.yaml")
	require.Equal(t, 0, status, stderr)
	assert.Contains(t, js, `"file": "`+later+`"`)
	plot := filepath.Join(dir, "reliability.svg")
	_, stderr, status = parley(t, "score", "-plot", plot, result, "chain-outcomes.yaml")
	require.Equal(t, 0, status, stderr)
	data, err := os.ReadFile(plot)
	require.NoError(t, err)
	assert.Contains(t, string(data), "<svg")
}

// TestReportWritesOnePage checks that parley report writes a page with
// every section asked for, that it names how it was made, and that the
// same command writes the same bytes.
func TestReportWritesOnePage(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "report.html")
	args := []string{"report", "-runs", "4000", "-sensitivity", "-n", "8", "-runs-each", "50", "-discover", "claim:trilateral-by-21>0.02", "-o", out, "chain-params.yaml"}
	_, stderr, status := parley(t, args...)
	require.Equal(t, 0, status, stderr)
	first, err := os.ReadFile(out)
	require.NoError(t, err)
	page := string(first)
	for _, want := range []string{
		"<!DOCTYPE html>", `id="claims"`, `data-claim="trilateral-by-21"`, `data-route="us-proposal"`, `id="graph"`,
		`id="sensitivity"`, `id="discovery"`, "claim:trilateral-by-21 &gt; 0.02",
		"parley report -runs 4000", "chain-params.yaml", "SHA-256",
	} {
		assert.Contains(t, page, want)
	}
	_, stderr, status = parley(t, args...)
	require.Equal(t, 0, status, stderr)
	again, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.Equal(t, string(first), string(again), "the same command writes the same page")

	exact := filepath.Join(dir, "exact.html")
	_, stderr, status = parley(t, "report", "-exact", "-o", exact, "chain.yaml")
	require.Equal(t, 0, status, stderr)
	data, err := os.ReadFile(exact)
	require.NoError(t, err)
	assert.Contains(t, string(data), "exact analysis of the Markov chain")

	live := filepath.Join(dir, "live.html")
	_, stderr, status = parley(t, "report", "-interactive", "-runs", "3000", "-set", "arrange_rate=0.2", "-o", live, "chain-params.yaml")
	require.Equal(t, 0, status, stderr)
	data, err = os.ReadFile(live)
	require.NoError(t, err)
	for _, want := range []string{`id="explore"`, `id="p-arrange_rate"`, `"fileName":"chain-params.yaml"`, "const PARLEY_ENGINE ="} {
		assert.Contains(t, string(data), want)
	}

	given := filepath.Join(dir, "given.html")
	_, stderr, status = parley(t, "report", "-runs", "2000", "-given", "chain-given.yaml", "-o", given, "chain.yaml")
	require.Equal(t, 0, status, stderr)
	data, err = os.ReadFile(given)
	require.NoError(t, err)
	assert.Contains(t, string(data), "Given what was observed")
	assert.Contains(t, string(data), "all together: the likelihood")
}

// TestGraphDrawsWithoutGraphviz checks that graph -format svg and png draw
// in-process, and that png refuses nothing it can write.
func TestGraphDrawsWithoutGraphviz(t *testing.T) {
	stdout, stderr, status := parley(t, "graph", "-format", "svg", "chain.yaml")
	require.Equal(t, 0, status, stderr)
	assert.Contains(t, stdout, "<svg")
	assert.Contains(t, stdout, "bilateral")
	out := filepath.Join(t.TempDir(), "g.png")
	_, stderr, status = parley(t, "graph", "-format", "png", "-o", out, "chain.yaml")
	require.Equal(t, 0, status, stderr)
	data, err := os.ReadFile(out)
	require.NoError(t, err)
	assert.True(t, bytes.HasPrefix(data, []byte("\x89PNG")), "a PNG file")
	_, stderr, status = parley(t, "graph", "-format", "jpeg", "chain.yaml")
	assert.Equal(t, 2, status)
	assert.Contains(t, stderr, `-format "jpeg": want dot, svg or png`)
}

// TestScenarioFromStandardInput checks that "-" reads the scenario from
// standard input: the same result as the file, its hash recorded, and its
// problems placed as stdin's.
func TestScenarioFromStandardInput(t *testing.T) {
	data, err := os.ReadFile("testdata/chain.yaml")
	require.NoError(t, err)
	stdin := func(input []byte, args ...string) (string, string, int) {
		cmd := exec.Command(binary, args...)
		cmd.Dir = "testdata"
		cmd.Stdin = bytes.NewReader(input)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		err := cmd.Run()
		code := 0
		if ee, ok := err.(*exec.ExitError); ok {
			code = ee.ExitCode()
		}
		return strings.ReplaceAll(stdout.String(), runtime.Version(), "GOVERSION"), stderr.String(), code
	}
	fromFile, _, status := parley(t, "run", "-runs", "3000", "-format", "json", "chain.yaml")
	require.Equal(t, 0, status)
	fromStdin, stderr, status := stdin(data, "run", "-runs", "3000", "-format", "json", "-")
	require.Equal(t, 0, status, stderr)
	sum := sha256.Sum256(data)
	assert.Contains(t, fromStdin, hex.EncodeToString(sum[:]), "the hash of what was read")
	assert.True(t, strings.Replace(fromFile, `"file": "chain.yaml"`, `"file": "-"`, 1) == fromStdin, "the same result as the file")

	_, stderr, status = stdin([]byte("name: x\nstart: a\nhorizon: 5\nstates: [{name: a}]\ntransitions: [{from: a, to: b, rate: 1}]\n"), "validate", "-")
	assert.Equal(t, 1, status)
	assert.Contains(t, stderr, `stdin:5:`)
	assert.Contains(t, stderr, `unknown state "b"`)
}

// TestReportAndDiscoverFindTheSameBox checks that the report's scenario
// discovery is the command's: the same design and seed give the same box,
// its noise dropped the same way.
func TestReportAndDiscoverFindTheSameBox(t *testing.T) {
	dir := t.TempDir()
	page := filepath.Join(dir, "report.html")
	_, stderr, status := parley(t, "report", "-runs", "2000", "-sensitivity", "-n", "16", "-runs-each", "100", "-seed", "7", "-discover", "claim:trilateral-by-21>0.25", "-o", page, "chain-params.yaml")
	require.Equal(t, 0, status, stderr)
	html, err := os.ReadFile(page)
	require.NoError(t, err)
	table := filepath.Join(dir, "experiments.csv")
	_, stderr, status = parley(t, "explore", "-design", "sobol", "-n", "16", "-runs", "100", "-seed", "7", "-o", table, "chain-params.yaml")
	require.Equal(t, 0, status, stderr)
	stdout, stderr, status := parley(t, "discover", "-output", "claim:trilateral-by-21", "-above", "0.25", table)
	require.Equal(t, 0, status, stderr)
	final := regexp.MustCompile(`(?m)^(?:chosen box \d+|after dropping): coverage ([0-9.]+), density ([0-9.]+)`).FindAllStringSubmatch(stdout, -1)
	require.NotEmpty(t, final, stdout)
	last := final[len(final)-1]
	assert.Contains(t, string(html), "coverage "+last[1]+", density "+last[2]+".", "the report's box is the command's:\n%s", stdout)
}
