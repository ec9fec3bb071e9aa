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

	"github.com/parleysim/parley/internal/readme"
	"github.com/parleysim/parley/outcomes"
)

func TestOutputSameForAnyWorkerCount(t *testing.T) {
	for _, json := range []bool{false, true} {
		var want string
		for _, workers := range []int{1, 2, 8} {
			var out bytes.Buffer
			_, err := report(context.Background(), &out, options{runs: 30_000, seed: 3, workers: workers, json: json})
			require.NoError(t, err)
			if workers == 1 {
				want = out.String()
				continue
			}
			assert.Equal(t, want, out.String(), "workers=%d json=%v", workers, json)
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
	for _, name := range []string{"merz-14", "macron-hours", "macron-21", "rutte-guarantees", "trump-prisoners"} {
		_, ok := res.Claim(name)
		assert.True(t, ok, name)
	}
	meeting, _ := res.Event("guarantees-meeting")
	assert.True(t, meeting.Occurred.Contains(DefaultAssumptions().GuaranteesDay1),
		"the day-1 meeting settles the guarantees with its stated probability: %+v", meeting.Occurred)
	release, _ := res.Event("prisoner-release")
	assert.LessOrEqual(t, release.Mean, 1.0, "the release happens at most once")
}

func TestGuaranteesGateTheFramework(t *testing.T) {
	a := DefaultAssumptions()
	a.GuaranteesDay1, a.GuaranteesLater = 0, 1e-9
	sc, err := Scenario(a)
	require.NoError(t, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 20_000, Seed: 1})
	require.NoError(t, err)
	framework, _ := res.FinalState("framework")
	direct, _ := res.Route("direct-trilateral")
	assert.Zero(t, framework.Hits, "no framework without guarantees")
	assert.Zero(t, direct.Completed.Hits, "no direct trilateral without guarantees")
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
	b.ReportAllocs()
	b.ResetTimer()
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: b.N, Seed: 1, Workers: 1})
	b.StopTimer()
	require.NoError(b, err)
	require.EqualValues(b, b.N, res.Runs)
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
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
