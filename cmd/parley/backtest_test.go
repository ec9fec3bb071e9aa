package main

import (
	"context"
	"encoding/json"
	"fmt"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/internal/readme"
	"github.com/parleysim/parley/scenariofile"
)

// TestCasebook checks every rule of the casebook's discipline, for every
// case: a dated day 0 before 2025 and what was public then; a kind of
// negotiation, and a model made from a template (day-0 values only, which
// the loader enforces, and the template's shares) or said to be bespoke
// and why (its shares the casebook's 0.5); every parameter's
// value given as fact: or assumption: with its reason; every claim said in
// public by the end of day 0, by someone named, with its source; every
// outcome dated and sourced, after day 0 and before 2025, a claim that came
// true dated by its deadline. The casebook holds at least 24 cases and 50
// claims, of at least five kinds, with a quarter to a half of the claims
// true; and the whole backtest runs.
func TestCasebook(t *testing.T) {
	const dir = "../../examples/casebook"
	cases, records, err := casebookFiles(dir)
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(cases), 24, "at least 24 past negotiations")
	cutoff := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	claims, came := 0, 0
	kinds := map[string]int{}
	templates := map[string]int{}
	for i, path := range cases {
		sc, err := scenariofile.Load(path)
		require.NoError(t, err, path)
		start, ok := sc.StartDate()
		require.True(t, ok, "%s: a dated day 0", path)
		assert.True(t, start.Before(cutoff), "%s: day 0 before 2025", path)
		require.NotEmpty(t, sc.Claims(), path)
		for _, p := range sc.Parameters() {
			assert.True(t, strings.HasPrefix(p.Description, "assumption:") || strings.HasPrefix(p.Description, "fact:"),
				"%s: parameter %s gives its reasoning", path, p.Name)
		}
		rec, err := scenariofile.LoadRecord(records[i])
		require.NoError(t, err, records[i])
		// A run of the claims gives their days, dated as the record dates.
		res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 1, Outputs: []string{"claim"}})
		require.NoError(t, err)
		assert.Equal(t, start, rec.StartDate, "%s: the record's day 0 is the case's", records[i])
		assert.NotEmpty(t, rec.Kind, "%s: the kind of negotiation", records[i])
		assert.NotEmpty(t, rec.Known, "%s: what was public on day 0", records[i])
		kinds[rec.Kind]++
		tmpl, err := caseTemplate(path)
		require.NoError(t, err)
		templates[tmpl]++
		// A reference class's base rates are not moved case by case, which
		// would let hindsight in: a case made from a template sets no share,
		// and a bespoke case's shares are the casebook's 0.5.
		data, err := os.ReadFile(path)
		require.NoError(t, err)
		f, err := scenariofile.Decode(path, data)
		require.NoError(t, err)
		for _, p := range f.Parameters {
			if !strings.HasSuffix(p.Name, "_share") {
				continue
			}
			if tmpl != "" {
				t.Errorf("%s: %s sets %s; a case keeps its template's shares", path, tmpl, p.Name)
			} else {
				assert.Equal(t, 0.5, p.Default, "%s: a bespoke case's %s is the casebook's base rate", path, p.Name)
			}
		}
		if tmpl != "" {
			assert.True(t, strings.HasPrefix(rec.Model, "template "+tmpl), "%s: the model says it is made from template %s, and why: %q", records[i], tmpl, rec.Model)
		} else {
			assert.True(t, strings.HasPrefix(rec.Model, "bespoke"), "%s: the model says it is bespoke, and why: %q", records[i], rec.Model)
		}
		source := map[string]scenariofile.ClaimSource{}
		for _, s := range rec.Sources {
			source[s.Claim] = s
		}
		happened := map[string]scenario.Statement{}
		for _, h := range rec.Outcomes {
			assert.NotEmpty(t, h.Source, "%s: %s has its source", records[i], h)
			date, err := time.Parse(time.DateOnly, h.Date)
			if assert.NoError(t, err, "%s: %s is dated", records[i], h) {
				assert.True(t, date.After(start), "%s: %s is dated after day 0", records[i], h)
				assert.True(t, date.Before(cutoff), "%s: %s is dated before 2025", records[i], h)
			}
			happened[h.Target] = h
		}
		for k, c := range sc.Claims() {
			claims++
			assert.NotEmpty(t, c.Description, "%s: claim %s says what was claimed", path, c.Name)
			s, ok := source[c.Name]
			if assert.True(t, ok, "%s: claim %s has its source", records[i], c.Name) {
				said, err := time.Parse(time.DateOnly, s.SaidOn)
				require.NoError(t, err)
				assert.False(t, said.After(start), "%s: claim %s was said by the end of day 0", records[i], c.Name)
				assert.NotEmpty(t, s.SaidBy, "%s: claim %s says who said it", records[i], c.Name)
			}
			h, ok := happened[c.Name]
			if !assert.True(t, ok, "%s: claim %s has an outcome", records[i], c.Name) {
				continue
			}
			require.Equal(t, c.Name, res.Claims[k].Name)
			deadline := res.Date(res.Claims[k].Day) // the date whose end is the deadline
			assert.Less(t, deadline, "2025-01-01", "%s: claim %s resolves before 2025", path, c.Name)
			if h.Truth == scenario.TruthHeld {
				came++
				assert.LessOrEqual(t, h.Date, deadline, "%s: claim %s came true by its deadline", records[i], c.Name)
			}
		}
	}
	readmeText, err := os.ReadFile(filepath.Join(dir, "README.md"))
	require.NoError(t, err)
	for _, path := range cases {
		assert.Contains(t, string(readmeText), "| `"+strings.TrimSuffix(filepath.Base(path), ".yaml")+"` |", "the casebook's README lists %s", path)
	}
	assert.GreaterOrEqual(t, claims, 50, "at least 50 claims")
	share := float64(came) / float64(claims)
	assert.True(t, share >= 0.25 && share <= 0.5, "a quarter to a half of the claims came true: %d of %d", came, claims)
	assert.GreaterOrEqual(t, len(kinds), 5, "of varied kinds: %v", kinds)
	assert.GreaterOrEqual(t, len(templates), 4, "cases of most templates: %v", templates)
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
	for k := range kinds {
		assert.Contains(t, string(html), `data-group="`+k+`"`)
	}
	assert.Contains(t, stdout, "Brier skill against the baseline")
	assert.Contains(t, stdout, "skill by kind of negotiation")
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
	cases, _, err := casebookFiles("../../examples/casebook")
	require.NoError(t, err)
	assert.Contains(t, stdout, fmt.Sprintf("%d histories", len(cases)))
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

// TestCalibrateWritesPriors checks the way from the record to the next
// forecast: a casebook's calibration written as priors, taken by another
// scenario under another name; and the usage errors around it.
func TestCalibrateWritesPriors(t *testing.T) {
	dir := t.TempDir()
	learned := filepath.Join(dir, "learned.yaml")
	stdout, stderr, status := parley(t, "calibrate", "-shared", "hold_share", "-pooling", "complete", "-n", "300", "-runs", "40",
		"-write-priors", learned, "../../../examples/casebook")
	require.Equal(t, 0, status, stderr)
	assert.Contains(t, stdout, "left out, declaring none of the parameters learned")
	data, err := os.ReadFile(learned)
	require.NoError(t, err)
	assert.Contains(t, string(data), "# Priors learned by parley calibrate")
	assert.Contains(t, string(data), "name: hold_share")
	assert.Contains(t, string(data), "dist: beta")

	washington := "../../../examples/scenarios/washington-summit.yaml"
	stdout, stderr, status = parley(t, "params", "-priors-file", learned, "-prior-of", "guarantees_day1=hold_share", washington)
	require.Equal(t, 0, status, stderr)
	assert.Regexp(t, `guarantees_day1\s.*beta\(alpha`, stdout)
	stdout, stderr, status = parley(t, "run", "-runs", "2000", "-draw", "-priors-file", learned, "-prior-of", "guarantees_day1=hold_share", washington)
	require.Equal(t, 0, status, stderr)
	assert.Contains(t, stdout, "guarantees-framework")

	_, stderr, status = parley(t, "run", "-priors-file", learned, washington)
	assert.Equal(t, 2, status)
	assert.Contains(t, stderr, `the prior of "hold_share" is taken by no parameter of washington-summit`)
	_, stderr, status = parley(t, "run", "-prior-of", "a=b", washington)
	assert.Equal(t, 2, status)
	assert.Contains(t, stderr, "-prior-of goes with -priors-file")
	_, stderr, status = parley(t, "run", "-priors-file", learned, "-prior-of", "guarantees_day1=hold_share", "-o", learned, washington)
	assert.Equal(t, 2, status)
	assert.Contains(t, stderr, "learned.yaml")
	_, stderr, status = parley(t, "calibrate", "-shared", "nothing_at_all", "-n", "20", "../../../examples/casebook")
	assert.Equal(t, 2, status)
	assert.Contains(t, stderr, "no case of")
}

// TestDocsShowTheLearnedBacktest checks the casebook page's block of
// backtest -calibrated against what the command prints.
func TestDocsShowTheLearnedBacktest(t *testing.T) {
	want, err := readme.Block("../../docs/casebook.md", "casebook calibrated")
	require.NoError(t, err)
	stdout, stderr, status := parley(t, "backtest", "-calibrated", "../../../examples/casebook")
	require.Equal(t, 0, status, stderr)
	assert.True(t, strings.HasSuffix(stdout, want), "the page's table ends the output:\n%s", stdout[max(0, len(stdout)-600):])
	assert.Contains(t, stdout, "learned from the other cases (leave one out)")
}

// TestDocsShowTheCasebookPriors checks the way from the casebook to the
// Washington forecast as the casebook page gives it: the priors file is
// what its command writes, and the two tables of claims are what the two
// commands of the page print.
func TestDocsShowTheCasebookPriors(t *testing.T) {
	const committed = "../../examples/washington-summit/casebook-priors.yaml"
	out := filepath.Join(t.TempDir(), "casebook-priors.yaml")
	_, stderr, status := parley(t, "calibrate", "../../../examples/casebook", "-shared", "hold_share", "-pooling", "complete", "-write-priors", out)
	require.Equal(t, 0, status, stderr)
	got, err := os.ReadFile(out)
	require.NoError(t, err)
	want, err := os.ReadFile(committed)
	require.NoError(t, err)
	// The first line names the command, whose paths differ from here.
	rest := func(b []byte) string { _, r, _ := strings.Cut(string(b), "\n"); return r }
	assert.Equal(t, rest(want), rest(got), "%s is what its command writes", committed)

	washington := "../../../examples/scenarios/washington-summit.yaml"
	for _, c := range []struct {
		block string
		args  []string
	}{
		{"washington own priors", []string{"run", washington, "-draw"}},
		{"washington casebook priors", []string{"run", washington, "-draw", "-priors-file", "../../../examples/washington-summit/casebook-priors.yaml", "-prior-of", "guarantees_day1=hold_share"}},
	} {
		table, err := readme.Block("../../docs/casebook.md", c.block)
		require.NoError(t, err)
		stdout, stderr, status := parley(t, c.args...)
		require.Equal(t, 0, status, stderr)
		start := strings.Index(stdout, "Claim ")
		require.GreaterOrEqual(t, start, 0)
		end := strings.Index(stdout[start:], "\n\n")
		assert.Equal(t, table, stdout[start:start+end+1], c.block)
	}
}

// TestBacktestCalibrated checks backtest -calibrated's page and JSON, and
// that its flags are refused without it.
func TestBacktestCalibrated(t *testing.T) {
	page := filepath.Join(t.TempDir(), "record.html")
	stdout, stderr, status := parley(t, "backtest", "-runs", "2000", "-calibrated", "-n", "100", "-learn-runs", "20", "-predict-runs", "50",
		"-report", page, "-format", "json", "../../../examples/casebook")
	require.Equal(t, 0, status, stderr)
	html, err := os.ReadFile(page)
	require.NoError(t, err)
	assert.Contains(t, string(html), `data-forecasts="learned"`)
	var v struct {
		Calibrated struct {
			Folds []struct {
				Case    string `json:"case"`
				Learned []struct{ Name string }
			} `json:"folds"`
			Claims []struct{ Q05, P, Q95 float64 } `json:"claims"`
		} `json:"calibrated"`
		ByKind []struct{ Name string } `json:"by_kind"`
	}
	require.NoError(t, json.Unmarshal([]byte(stdout), &v))
	cases, _, err := casebookFiles("../../examples/casebook")
	require.NoError(t, err)
	require.Len(t, v.Calibrated.Folds, len(cases))
	assert.Equal(t, "agree_share", v.Calibrated.Folds[0].Learned[0].Name)
	for _, c := range v.Calibrated.Claims {
		assert.True(t, c.Q05 <= c.Q95 && c.P >= 0 && c.P <= 1, "%v", c)
	}
	assert.NotEmpty(t, v.ByKind)
	for _, args := range [][]string{{"-shared", "agree_share"}, {"-n", "10"}, {"-learn-runs", "5"}, {"-predict-runs", "5"}} {
		_, stderr, status := parley(t, append(append([]string{"backtest"}, args...), "../../../examples/casebook")...)
		assert.Equal(t, 2, status, args)
		assert.Contains(t, stderr, "go with -calibrated")
	}
}

// TestBacktestChecksRecords checks a record against its case: the same
// day 0, every claim scored, none true after its deadline.
func TestBacktestChecksRecords(t *testing.T) {
	src := "../../examples/casebook"
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"another day 0", "start_date: 2021-05-25", "start_date: 2021-05-26", "start_date 2021-05-26 is not the case's day 0, 2021-05-25"},
		{"a claim left out", "  - {claim: summit-on-june-16, happened", "  # - {claim: summit-on-june-16, happened", "claim summit-on-june-16 of the case has no outcome"},
		{"true after its deadline", "happened: true, date: 2021-06-16", "happened: true, date: 2021-06-20", "came true on 2021-06-20, after its deadline 2021-06-16"},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.CopyFS(filepath.Join(dir, "templates"), os.DirFS(filepath.Join(src, "templates"))))
			for _, f := range []string{"geneva-2021.yaml", "geneva-2021.outcomes.yaml", "nafta-2017.yaml", "nafta-2017.outcomes.yaml"} {
				data, err := os.ReadFile(filepath.Join(src, f))
				require.NoError(t, err)
				if f == "geneva-2021.outcomes.yaml" {
					require.Contains(t, string(data), c.old)
					data = []byte(strings.Replace(string(data), c.old, c.new, 1))
					if c.name == "a claim left out" {
						data = []byte(strings.Replace(string(data), "  - {claim: summit-on-june-16, said_by", "  # - {claim: summit-on-june-16, said_by", 1))
						data = []byte(strings.Replace(string(data), "outcomes:\n", "outcomes:\n  - {claim: other, happened: false, date: 2021-06-17, source: \"x\"}\n", 1))
						data = []byte(strings.Replace(string(data), "claims:\n", "claims:\n  - {claim: other, said_by: \"x\", said_on: 2021-05-25, source: \"y\"}\n", 1))
					}
				}
				require.NoError(t, os.WriteFile(filepath.Join(dir, f), data, 0o644))
			}
			_, stderr, status := parley(t, "backtest", "-runs", "200", dir)
			assert.Equal(t, 2, status, stderr)
			assert.Contains(t, stderr, c.want)
		})
	}
}
