package main

import (
	"bufio"
	"bytes"
	"context"
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
	for _, o := range []options{{json: true, draw: true}, {whatIf: true, draw: true}, {}} {
		var want string
		for _, workers := range []int{1, 2, 8} {
			var out bytes.Buffer
			o.runs, o.seed, o.workers = 30_000, 3, workers
			_, err := summarize(context.Background(), &out, o)
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
	res, err := summarize(context.Background(), &bytes.Buffer{}, options{runs: 20_000, seed: 1})
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
	stalledBy1, err := stalled.By(res, 1)
	require.NoError(t, err)
	assert.LessOrEqual(t, meeting.Occurred.Hits, res.MonteCarlo.Runs-stalledBy1.Hits,
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
	// clamped): weights US 0.6, DE 0.24, FR 0.24, NATO 0.35, UA 0.4, and
	// every ideal is fixed at the defaults: US 0.6, Europe 0.8, Ukraine 1.
	const w = 0.6 + 0.24 + 0.24 + 0.35 + 0.4
	want := (0.6*0.6 + 0.24*0.8 + 0.24*0.8 + 0.35*0.8 + 0.4*1) / w
	assert.InDelta(t, want, *g.Mean, 1e-12, "mean agreed guarantees")
	for _, q := range g.Quantiles {
		assert.InDelta(t, want, q.Value, 1e-12, "every meeting agrees the same")
	}
	release, _ := res.Event("prisoner-release")
	assert.LessOrEqual(t, release.Mean, 1.0, "the release happens at most once")
}

func TestDay1MeetingTakesPlaceWithItsProbability(t *testing.T) {
	// Without stalling nothing ends before day 1, so the day-1 meeting takes
	// place in a share GuaranteesDay1 of the runs (99.9% interval, fixed seed).
	res, err := run(context.Background(), map[string]float64{"stall_after_call": 0, "stall_officials": 0}, options{runs: 50_000, seed: 1})
	require.NoError(t, err)
	meeting, _ := res.Event("guarantees-meeting")
	e := outcomes.Wilson(meeting.Occurred.Hits, meeting.Occurred.N, 0.999)
	assert.True(t, e.Contains(0.9), "%+v", e)
}

func TestGuaranteesGateTheFramework(t *testing.T) {
	// Without guarantees meetings, only a trilateral can agree guarantees:
	// no direct trilateral (it needs them first), and every run that reaches
	// a framework agreed guarantees of at least framework_guarantees before.
	sc, err := Scenario()
	require.NoError(t, err)
	sc, err = sc.With(map[string]float64{"guarantees_day1": 0, "guarantees_later": 0})
	require.NoError(t, err)
	needed := sc.Values()["framework_guarantees"]
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
			gated = gated || int(ag.Issue) == guarantees && ag.Reached && ag.Value >= needed
		}
		assert.True(t, gated, "run %d reached a framework without guarantees agreed", i)
	}
	final, _ := res.FinalState("framework")
	assert.EqualValues(t, final.Hits, frameworks, "Replay reproduces the counted runs")
}

func TestWithoutTheUSTheGuaranteesFallShort(t *testing.T) {
	var out bytes.Buffer
	_, err := summarize(context.Background(), &out, options{runs: 20_000, seed: 1, whatIf: true, draw: true})
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
	res, err := summarize(context.Background(), &bytes.Buffer{}, options{runs: 10_000_000, seed: 1, draw: true})
	require.NoError(t, err)
	require.EqualValues(t, 10_000_000, res.MonteCarlo.Runs)
	peak := peakRSS(t)
	t.Logf("peak resident memory after 10^7 runs: %.1f MiB", float64(peak)/(1<<20))
	assert.Less(t, peak, int64(100<<20))
}

// BenchmarkWashingtonSummit times one full run of the scenario per op, with
// everything the Result needs recorded, on one worker.
func BenchmarkWashingtonSummit(b *testing.B) {
	sc, err := Scenario()
	require.NoError(b, err)
	benchrun.Runs(b, sc)
}

func TestREADMEShowsWhatTheExamplePrints(t *testing.T) {
	want, err := readme.Block("../../README.md", "washington-summit")
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = summarize(context.Background(), &out, options{runs: defaultRuns, seed: defaultSeed, draw: true})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out.String(), want),
		"the README's block is not how the output of the default run begins; it prints:\n%s", out.String())
}

func TestScenarioFileGivesTheSameResult(t *testing.T) {
	file, err := scenariofile.Load("../scenarios/washington-summit.yaml")
	require.NoError(t, err)
	goBuilt, err := Scenario()
	require.NoError(t, err)
	outcomestest.SameResult(t, goBuilt, file, &outcomestest.Options{Runs: 50_000, Seed: 4, DrawParameters: true})
}

// BenchmarkWashingtonSummitFile is BenchmarkWashingtonSummit on the same
// model loaded from examples/scenarios/washington-summit.yaml.
func BenchmarkWashingtonSummitFile(b *testing.B) {
	sc, err := scenariofile.Load("../scenarios/washington-summit.yaml")
	require.NoError(b, err)
	benchrun.Runs(b, sc)
}

func TestEveryParameterIsDocumentedAndRanged(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Parameters {
		assert.False(t, seen[p.Name], "%s declared twice", p.Name)
		seen[p.Name] = true
		assert.True(t, p.Ranged(), "%s has a range", p.Name)
		assert.Regexp(t, `^(fact|assumption): `, p.Description, "%s says whether it is a fact or an assumption", p.Name)
	}
	sc, err := Scenario()
	require.NoError(t, err)
	file, err := scenariofile.Load("../scenarios/washington-summit.yaml")
	require.NoError(t, err)
	fp := file.Parameters()
	require.Len(t, fp, len(Parameters), "the file declares the same parameters")
	for i, p := range sc.Parameters() {
		assert.Equal(t, p.Name, fp[i].Name)
		assert.Equal(t, p.Default, fp[i].Default, p.Name)
		assert.Equal(t, [2]float64{p.Min, p.Max}, [2]float64{fp[i].Min, fp[i].Max}, p.Name)
		assert.Equal(t, p.Description, fp[i].Description, p.Name)
		assert.Equal(t, p.Prior, fp[i].Prior, p.Name)
	}
}

func TestScenarioFileGivesTheSameResultWithParametersSet(t *testing.T) {
	file, err := scenariofile.Load("../scenarios/washington-summit.yaml")
	require.NoError(t, err)
	goBuilt, err := Scenario()
	require.NoError(t, err)
	set := map[string]float64{"us_guarantees": 0.2, "direct_proposal": 0.2, "logistics_mean_days": 5,
		"russia_release_willing": 0.9, "ru_reservation_alpha": 4, "guarantees_widen": 0.6,
		"capability_ru": 1.2, "salience_ru_territory": 0.5, "framework_guarantees": 0.4, "retry_mean_days": 20}
	file, err = file.With(set)
	require.NoError(t, err)
	goBuilt, err = goBuilt.With(set)
	require.NoError(t, err)
	outcomestest.SameResult(t, goBuilt, file, &outcomestest.Options{Runs: 30_000, Seed: 5})
}

// BenchmarkBindParameters times binding new values of ten parameters to the
// built scenario (every cell that depends on any of the 49 parameters is
// rewritten); compare with BenchmarkWashingtonSummit, one run per op.
func BenchmarkBindParameters(b *testing.B) {
	sc, err := Scenario()
	require.NoError(b, err)
	set := map[string]float64{"us_guarantees": 0.2, "direct_proposal": 0.2, "logistics_mean_days": 5,
		"russia_release_willing": 0.9, "ru_reservation_alpha": 4, "guarantees_widen": 0.6,
		"capability_ru": 1.2, "salience_ru_territory": 0.5, "framework_guarantees": 0.4, "retry_mean_days": 20}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sc.With(set); err != nil {
			b.Fatal(err)
		}
	}
}

func TestREADMEShowsTheSensitivity(t *testing.T) {
	if testing.Short() {
		t.Skip("13,056 experiments; skipped with -short")
	}
	want, err := readme.Block("../../docs/parameters.md", "washington-summit sensitivity")
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, sensitivity(context.Background(), &out, options{seed: defaultSeed, base: defaultBase, runsEach: defaultRunsEach}))
	assert.Equal(t, want, out.String(), "the README's block is not what -sensitivity prints")
}

func TestSensitivityIsTheSameForAnyWorkerCount(t *testing.T) {
	var want string
	for _, workers := range []int{1, 3} {
		var out bytes.Buffer
		require.NoError(t, sensitivity(context.Background(), &out, options{seed: 2, base: 8, runsEach: 100, workers: workers}))
		if workers == 1 {
			want = out.String()
			continue
		}
		assert.Equal(t, want, out.String())
	}
	assert.Contains(t, want, "claim:merz-14")
}

func TestREADMEShowsTheConditionedRun(t *testing.T) {
	want, err := readme.Block("../../docs/evidence.md", "washington-summit given")
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = summarize(context.Background(), &out, options{runs: defaultRuns, seed: defaultSeed, draw: true, given: "given-day7.yaml"})
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(out.String(), want),
		"the README's block is not how the output of the -given run begins; it prints:\n%s", out.String())
}
