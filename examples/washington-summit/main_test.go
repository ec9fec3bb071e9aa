package main

import (
	"bufio"
	"bytes"
	"context"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/internal/benchrun"
	"github.com/parleysim/parley/internal/readme"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/outcomes/outcomestest"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

func TestOutputSameForAnyWorkerCount(t *testing.T) {
	for _, o := range []options{{json: true}, {whatIf: true}, {}} {
		var want string
		for _, workers := range []int{1, 2, 8} {
			var out bytes.Buffer
			o.runs, o.seed, o.workers = 30_000, 3, workers
			_, err := report(context.Background(), &out, o)
			require.NoError(t, err)
			if workers == 1 {
				want = out.String()
				continue
			}
			assert.Equal(t, want, out.String(), "workers=%d options=%+v", workers, o)
		}
	}
}

func TestEveryRouteClaimAndEventIsReported(t *testing.T) {
	res, err := report(context.Background(), &bytes.Buffer{}, options{runs: 20_000, seed: 1})
	require.NoError(t, err)
	for _, name := range []string{"us-proposal", "russian-framing", "direct-trilateral", "stalling"} {
		_, ok := res.Route(name)
		assert.True(t, ok, name)
	}
	for _, name := range []string{"merz-14", "macron-hours", "macron-21", "guarantees-framework", "trump-prisoners"} {
		_, ok := res.Claim(name)
		assert.True(t, ok, name)
	}
	meeting, _ := res.Event("guarantees-meeting")
	stalled, _ := res.State("stalled")
	assert.LessOrEqual(t, meeting.Occurred.Hits, res.Runs-stalled.By(res, 1).Hits,
		"the day-1 meeting cannot take place in runs already over")
	for _, actor := range []string{"US", "DE", "FR", "NATO", "UA"} {
		d, ok := res.Decline("guarantees-meeting", actor)
		require.True(t, ok, actor)
		assert.Zero(t, d.Hits, "%s has no preconditions for the guarantees meeting", actor)
	}
	ru, ok := res.Decline("call->arranged", "RU")
	require.True(t, ok)
	assert.Greater(t, ru.P, 0.5, "Russia wants officials to prepare the meeting first")
	ua, _ := res.Decline("call->arranged", "UA")
	assert.Zero(t, ua.Hits, "Ukraine: no preconditions")
	g, ok := res.Agreement("guarantees-meeting", "guarantees")
	require.True(t, ok)
	require.NotNil(t, g.Mean)
	// The agreement is the capability × salience weighted mean of the
	// guarantors' ideals (all ranges are the whole scale, so nothing is
	// clamped): weights US 0.6, DE 0.24, FR 0.24, NATO 0.35, UA 0.4. Only the
	// US ideal is uncertain, Beta(6, 4): mean 0.6, sd sqrt(24/1100).
	const w = 0.6 + 0.24 + 0.24 + 0.35 + 0.4
	want := (0.6*0.6 + 0.24*0.8 + 0.24*0.8 + 0.35*0.8 + 0.4*1) / w
	se := 0.6 / w * math.Sqrt(24.0/1100) / math.Sqrt(float64(g.Held))
	assert.InDelta(t, want, *g.Mean, 5*se+1.0/(1<<32), "mean agreed guarantees (five standard errors)")
	release, _ := res.Event("prisoner-release")
	assert.LessOrEqual(t, release.Mean, 1.0, "the release happens at most once")
}

func TestDay1MeetingTakesPlaceWithItsProbability(t *testing.T) {
	// Without stalling nothing ends before day 1, so the day-1 meeting takes
	// place in a share GuaranteesDay1 of the runs (99.9% interval, fixed seed).
	a := DefaultAssumptions()
	a.StallAfterCall, a.StallOfficials = 0, 0
	res, err := run(context.Background(), a, options{runs: 50_000, seed: 1})
	require.NoError(t, err)
	meeting, _ := res.Event("guarantees-meeting")
	e := outcomes.Wilson(meeting.Occurred.Hits, meeting.Occurred.N, 0.999)
	assert.True(t, e.Contains(a.GuaranteesDay1), "%+v", e)
}

func TestGuaranteesGateTheFramework(t *testing.T) {
	// Without guarantees meetings, only a trilateral can agree guarantees:
	// no direct trilateral (it needs them first), and every run that reaches
	// a framework agreed guarantees of at least FrameworkGuarantees before.
	a := DefaultAssumptions()
	a.GuaranteesDay1, a.GuaranteesLater = 0, 1e-9
	sc, err := Scenario(a)
	require.NoError(t, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 20_000, Seed: 1})
	require.NoError(t, err)
	direct, _ := res.Route("direct-trilateral")
	assert.Zero(t, direct.Completed.Hits, "no direct trilateral without guarantees")

	framework, _ := sc.State("framework")
	guarantees, _ := sc.Actors().IssueIndex("guarantees")
	frameworks := 0
	for i := range 20_000 {
		tr, err := outcomes.Replay(sc, 1, i, scenario.RunOptions{})
		require.NoError(t, err)
		if tr.Final() != framework {
			continue
		}
		frameworks++
		gated := false
		for _, ag := range tr.Agreements {
			gated = gated || int(ag.Issue) == guarantees && ag.Reached && ag.Value >= a.FrameworkGuarantees
		}
		assert.True(t, gated, "run %d reached a framework without guarantees agreed", i)
	}
	final, _ := res.FinalState("framework")
	assert.EqualValues(t, final.Hits, frameworks, "Replay reproduces the counted runs")
}

func TestWithoutTheUSTheGuaranteesFallShort(t *testing.T) {
	var out bytes.Buffer
	_, err := report(context.Background(), &out, options{runs: 20_000, seed: 1, whatIf: true})
	require.NoError(t, err)
	assert.Contains(t, out.String(), "What if the US takes no part in the security guarantees?")
	assert.Regexp(t, `P\(final: framework\)\s+0\.\d+\s+0\.0000\s+-0\.\d+`, out.String())
	assert.Regexp(t, `P\(guarantees-framework\)\s+0\.9\d+\s+0\.0000`, out.String())
}

// peakRSS returns the process's peak resident set size in bytes (Linux).
func peakRSS(t *testing.T) int64 {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		t.Skip("no /proc/self/status:", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			kb, err := strconv.ParseInt(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(rest), "kB")), 10, 64)
			require.NoError(t, err)
			return kb << 10
		}
	}
	t.Skip("no VmHWM in /proc/self/status")
	return 0
}

// TestMemoryDoesNotGrowWithRuns runs the scenario 10^7 times and checks the
// process never held more than 100 MiB resident.
func TestMemoryDoesNotGrowWithRuns(t *testing.T) {
	if testing.Short() {
		t.Skip("10^7 runs; skipped with -short")
	}
	res, err := report(context.Background(), &bytes.Buffer{}, options{runs: 10_000_000, seed: 1})
	require.NoError(t, err)
	require.EqualValues(t, 10_000_000, res.Runs)
	peak := peakRSS(t)
	t.Logf("peak resident memory after 10^7 runs: %.1f MiB", float64(peak)/(1<<20))
	assert.Less(t, peak, int64(100<<20))
}

// BenchmarkWashingtonSummit times one full run of the scenario per op, with
// everything the Result needs recorded, on one worker.
func BenchmarkWashingtonSummit(b *testing.B) {
	sc, err := Scenario(DefaultAssumptions())
	require.NoError(b, err)
	benchrun.Runs(b, sc)
}

func TestREADMEShowsWhatTheExamplePrints(t *testing.T) {
	want, err := readme.Block("../../README.md", "washington-summit")
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = report(context.Background(), &out, options{runs: defaultRuns, seed: defaultSeed})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out.String(), want),
		"the README's block is not how the output of the default run begins; it prints:\n%s", out.String())
}

func TestScenarioFileGivesTheSameResult(t *testing.T) {
	file, err := scenariofile.Load("../scenarios/washington-summit.yaml")
	require.NoError(t, err)
	goBuilt, err := Scenario(DefaultAssumptions())
	require.NoError(t, err)
	outcomestest.SameResult(t, goBuilt, file, &outcomestest.Options{Runs: 50_000, Seed: 4})
}

// BenchmarkWashingtonSummitFile is BenchmarkWashingtonSummit on the same
// model loaded from examples/scenarios/washington-summit.yaml.
func BenchmarkWashingtonSummitFile(b *testing.B) {
	sc, err := scenariofile.Load("../scenarios/washington-summit.yaml")
	require.NoError(b, err)
	benchrun.Runs(b, sc)
}

func TestMissingAssumptionsAreNamed(t *testing.T) {
	a := DefaultAssumptions()
	delete(a.Capability, "NATO")
	delete(a.Salience, "RU/territory")
	_, err := Scenario(a)
	assert.EqualError(t, err, "washington-summit: assumptions missing: Capability[NATO], Salience[RU/territory]")
}
