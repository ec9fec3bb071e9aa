package outcomes_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// conf999 is the confidence level of the statistical checks below, which
// assert that a known value lies in the 99.9% Wilson interval: each would
// fail falsely with probability about 0.001 for a random seed; the seeds are
// fixed, so a check that passes keeps passing.
const conf999 = 0.999

func build(t testing.TB, b *scenario.Builder) *scenario.Scenario {
	t.Helper()
	sc, err := b.Build()
	require.NoError(t, err)
	return sc
}

func run(t testing.TB, sc *scenario.Scenario, cfg outcomes.Config) *outcomes.Result {
	t.Helper()
	res, err := outcomes.Run(context.Background(), sc, &cfg)
	require.NoError(t, err)
	return res
}

// summit: a small model with every feature that reaches the Result.
func summit(t testing.TB) *scenario.Scenario {
	b := scenario.New("summit").
		States("call", "officials", "arranged", "bilateral", "trilateral").
		Start("call").Horizon(60)
	b.State("framework").Absorbing()
	b.State("stalled").Absorbing()
	b.Var("ready", param.Const(0))
	b.Transition("call", "arranged").Delay(scenario.Exp(0.1))
	b.Transition("call", "officials").Delay(scenario.Exp(0.05))
	b.Transition("call", "trilateral").Delay(scenario.Exp(0.01)).When(scenario.Condition{Text: "ready == 1"})
	b.Transition("call", "stalled").Delay(scenario.Exp(0.03))
	b.Transition("officials", "arranged").Delay(scenario.Exp(0.04))
	b.Transition("officials", "stalled").Delay(scenario.Exp(0.03))
	b.Transition("arranged", "bilateral").Delay(scenario.Days(7))
	b.Transition("arranged", "stalled").Delay(scenario.Exp(0.05))
	b.Branching("bilateral", scenario.To("trilateral", 0.7), scenario.To("stalled", 0.3)).Delay(scenario.Exp(0.14))
	b.Transition("trilateral", "framework").Delay(scenario.Exp(0.05))
	b.Transition("trilateral", "stalled").Delay(scenario.Exp(0.02))
	b.Event("guarantees").Occurs(scenario.On(1, 0.8)).Do(scenario.Assign("ready", "1"))
	b.Event("gesture").Occurs(scenario.Exp(0.05)).Once()
	b.Route("us-proposal", "call", "arranged", "bilateral", "trilateral")
	b.Route("direct-trilateral", "call", "trilateral")
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz"))
	b.Claim(scenario.RouteAt("us-proposal", 21, scenario.RouteCompleted).Named("us-by-21"))
	return build(t, b)
}

func TestSameSeedSameResultForAnyWorkerCount(t *testing.T) {
	sc := summit(t)
	var want []byte
	for _, workers := range []int{1, 2, 3, 8} {
		res := run(t, sc, outcomes.Config{Runs: 20_000, Seed: 11, Workers: workers})
		var buf bytes.Buffer
		require.NoError(t, res.WriteJSON(&buf))
		if want == nil {
			want = buf.Bytes()
			continue
		}
		assert.Equal(t, string(want), buf.String(), "workers=%d", workers)
	}
	other := run(t, sc, outcomes.Config{Runs: 20_000, Seed: 12})
	var buf bytes.Buffer
	require.NoError(t, other.WriteJSON(&buf))
	assert.NotEqual(t, string(want), buf.String(), "another seed, other runs")
}

func TestBranchSplitsRunsInItsProportions(t *testing.T) {
	b := scenario.New("branch").States("a").Start("a").Horizon(10)
	b.State("x").Absorbing()
	b.State("y").Absorbing()
	b.State("z").Absorbing()
	b.Branching("a", scenario.To("x", 0.2), scenario.To("y", 0.5), scenario.To("z", 0.3)).Delay(scenario.Days(1))
	res := run(t, build(t, b), outcomes.Config{Runs: 100_000, Seed: 3, Confidence: conf999})
	for name, p := range map[string]float64{"x": 0.2, "y": 0.5, "z": 0.3} {
		e, ok := res.FinalState(name)
		require.True(t, ok)
		assert.True(t, e.Contains(p), "%s: %v not in [%v, %v]", name, p, e.Lo, e.Hi)
	}
}

func TestScheduledEventOccursWithItsProbability(t *testing.T) {
	b := scenario.New("scheduled").States("a").Start("a").Horizon(10)
	b.State("moved").Absorbing()
	b.State("done").Absorbing()
	b.Transition("a", "done").Delay(scenario.Days(9))
	b.Event("summons").Occurs(scenario.On(4, 0.35)).Goto("moved")
	res := run(t, build(t, b), outcomes.Config{Runs: 100_000, Seed: 5, Confidence: conf999})
	moved, _ := res.State("moved")
	by := func(day float64) outcomes.Estimate {
		e, err := moved.By(res, day)
		require.NoError(t, err)
		return e
	}
	assert.Equal(t, int64(0), by(3).Hits, "nothing before day 4")
	assert.True(t, by(4).Contains(0.35), "%+v", by(4))
	assert.Equal(t, by(4), moved.Reached, "nothing after day 4")
	ev, _ := res.Event("summons")
	assert.Equal(t, ev.Occurred.Hits, moved.Reached.Hits)
	require.Len(t, moved.EntryDay, 5)
	for _, q := range moved.EntryDay {
		assert.Equal(t, 4.0, q.Day, "every entry is on day 4 exactly")
	}
}

func TestFalseGuardClosesItsRoute(t *testing.T) {
	b := scenario.New("blocked").States("talks").Start("talks").Horizon(30)
	b.State("summit").Absorbing()
	b.State("stalled").Absorbing()
	b.Var("preconditions", param.Const(0))
	b.Transition("talks", "summit").Delay(scenario.Exp(0.5)).When(scenario.Condition{Text: "preconditions == 1"})
	b.Transition("talks", "stalled").Delay(scenario.Exp(0.2))
	b.Route("summit", "talks", "summit")
	res := run(t, build(t, b), outcomes.Config{Runs: 20_000, Seed: 1})
	r, ok := res.Route("summit")
	require.True(t, ok)
	completed, open, closed, err := r.At(res, 30)
	require.NoError(t, err)
	assert.Zero(t, completed.Hits, "the guard never opens")
	stalled, _ := res.FinalState("stalled")
	assert.Equal(t, stalled.Hits, closed.Hits, "closed exactly when stalled")
	assert.Equal(t, res.MonteCarlo.Runs, closed.Hits+open.Hits, "open while the guard could still open")
	require.Len(t, res.MonteCarlo.Transitions, 2)
	assert.Equal(t, outcomes.TransitionResult{Name: "talks->summit", Fired: outcomes.Wilson(0, res.MonteCarlo.Runs, 0.95)}, res.MonteCarlo.Transitions[0])
	assert.Equal(t, stalled.Hits, res.MonteCarlo.Transitions[1].Fired.Hits, "every stalled run took talks->stalled")
	assert.Positive(t, open.Hits, "P(not stalled by day 30) = exp(-6): about 50 of 20,000 runs")
	assert.Empty(t, r.CompletionDay)
}

func TestRouteSharesSumToOneAndMoveOneWay(t *testing.T) {
	res := run(t, summit(t), outcomes.Config{Runs: 30_000, Seed: 2})
	for _, r := range res.Routes {
		for i := range res.Days {
			sum := r.CompletedBy[i].Hits + r.OpenAt[i].Hits + r.ClosedAt[i].Hits
			assert.Equal(t, res.MonteCarlo.Runs, sum, "%s day %v", r.Name, res.Days[i])
			if i > 0 {
				assert.GreaterOrEqual(t, r.CompletedBy[i].Hits, r.CompletedBy[i-1].Hits)
				assert.GreaterOrEqual(t, r.ClosedAt[i].Hits, r.ClosedAt[i-1].Hits)
			}
		}
	}
	us, _ := res.Route("us-proposal")
	assert.Zero(t, us.CompletedBy[7].Hits, "arranged→bilateral alone takes 7 days after arranging")
}

func TestClaimMatchesTheStateSeries(t *testing.T) {
	res := run(t, summit(t), outcomes.Config{Runs: 30_000, Seed: 4})
	merz, _ := res.Claim("merz")
	bilateral, _ := res.State("bilateral")
	by14, err := bilateral.By(res, 14)
	require.NoError(t, err)
	assert.Equal(t, by14, merz, "a claim of reaching by day 14 is the state's day-14 share")
	us, _ := res.Claim("us-by-21")
	route, _ := res.Route("us-proposal")
	completed, _, _, err := route.At(res, 21)
	require.NoError(t, err)
	assert.Equal(t, completed, us)
}

func TestExponentialEntryDayQuantiles(t *testing.T) {
	// Time to absorption at rate 0.1/day: the q-quantile is -ln(1-q)/0.1. The
	// standard error of a sample quantile is sqrt(q(1-q)/n)/f(x_q); allow five
	// of them plus one bin of the day grid.
	b := scenario.New("exp").States("a").Start("a").Horizon(200)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(0.1))
	const n = 100_000
	res := run(t, build(t, b), outcomes.Config{Runs: n, Seed: 9})
	st, _ := res.State("b")
	require.Len(t, st.EntryDay, 5)
	for _, q := range st.EntryDay {
		want := -math.Log(1-q.Q) / 0.1
		density := 0.1 * (1 - q.Q)
		tol := 5*math.Sqrt(q.Q*(1-q.Q)/n)/density + 200.0/4096
		assert.InDelta(t, want, q.Day, tol, "q=%v", q.Q)
	}
}

func TestPathsAreRankedAndBounded(t *testing.T) {
	b := scenario.New("paths").States("a").Start("a").Horizon(10)
	b.State("x").Absorbing()
	b.State("y").Absorbing()
	b.State("z").Absorbing()
	b.Branching("a", scenario.To("x", 0.6), scenario.To("y", 0.3), scenario.To("z", 0.1)).Delay(scenario.Days(1))
	sc := build(t, b)
	res := run(t, sc, outcomes.Config{Runs: 50_000, Seed: 8})
	require.Len(t, res.MonteCarlo.Paths, 3)
	assert.Equal(t, []string{"a", "x"}, res.MonteCarlo.Paths[0].States)
	assert.Equal(t, []string{"a", "y"}, res.MonteCarlo.Paths[1].States)
	assert.Equal(t, []string{"a", "z"}, res.MonteCarlo.Paths[2].States)
	assert.Zero(t, res.MonteCarlo.OtherPaths.Hits)

	// With room for one path, the first seen is tallied and the rest is other.
	small := run(t, sc, outcomes.Config{Runs: 50_000, Seed: 8, PathCapacity: 1})
	require.Len(t, small.MonteCarlo.Paths, 1)
	assert.Equal(t, small.MonteCarlo.Runs, small.MonteCarlo.Paths[0].Hits+small.MonteCarlo.OtherPaths.Hits)
	top := run(t, sc, outcomes.Config{Runs: 50_000, Seed: 8, TopPaths: 2})
	require.Len(t, top.MonteCarlo.Paths, 2)
	assert.Equal(t, res.MonteCarlo.Paths[2].Hits, top.MonteCarlo.OtherPaths.Hits)
}

func TestOpenRunsAreBrokenDownByState(t *testing.T) {
	b := scenario.New("slow").States("a", "b").Start("a").Horizon(10)
	b.State("c").Absorbing()
	b.Transition("a", "b").Delay(scenario.Days(4))
	b.Transition("b", "c").Delay(scenario.Days(20))
	res := run(t, build(t, b), outcomes.Config{Runs: 2000})
	open, _ := res.FinalState("open")
	assert.Equal(t, 1.0, open.P)
	require.Len(t, res.OpenIn, 1)
	assert.Equal(t, "b", res.OpenIn[0].Name)
}

func TestFaultsAndStepLimitsAreCounted(t *testing.T) {
	b := scenario.New("faulty").States("a", "loop").Start("a").Horizon(10)
	b.State("x").Absorbing()
	b.Branching("a",
		scenario.Target{State: "x", Weight: "0"},
		scenario.To("loop", 0),
	).Named("broken").Delay(scenario.Days(1))
	b.Transition("loop", "loop").Delay(scenario.Exp(1))
	res := run(t, build(t, b), outcomes.Config{Runs: 100})
	fault, ok := res.FinalState("fault")
	require.True(t, ok)
	assert.Equal(t, 1.0, fault.P)
	assert.Equal(t, []outcomes.Fault{{Transition: "broken", Runs: 100}}, res.MonteCarlo.Faults)

	b = scenario.New("spinning").States("a", "b").Start("a").Horizon(10)
	b.Transition("a", "b").Delay(scenario.Exp(1000))
	b.Transition("b", "a").Delay(scenario.Exp(1000))
	res = run(t, build(t, b), outcomes.Config{Runs: 100, MaxSteps: 50})
	limited, ok := res.FinalState("step limit")
	require.True(t, ok)
	assert.Equal(t, 1.0, limited.P)
}

func TestCancellationReturnsThePartialResult(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := &outcomes.Config{Runs: 100 * outcomes.BlockSize, Workers: 2, Progress: func(done, total int) {
		if done >= 2*outcomes.BlockSize {
			cancel()
		}
	}}
	res, err := outcomes.Run(ctx, summit(t), cfg)
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, res)
	assert.True(t, res.MonteCarlo.Partial)
	assert.Less(t, res.MonteCarlo.Runs, int64(cfg.Runs))
	assert.GreaterOrEqual(t, res.MonteCarlo.Runs, int64(2*outcomes.BlockSize))
	assert.Zero(t, res.MonteCarlo.Runs%outcomes.BlockSize, "whole blocks only")
	sum := int64(0)
	for _, f := range res.Final {
		sum += f.Hits
	}
	assert.Equal(t, res.MonteCarlo.Runs, sum, "the counts describe exactly the finished runs")
}

func TestProgressReportsEveryBlockInOrder(t *testing.T) {
	var seen []int
	run(t, summit(t), outcomes.Config{Runs: 5000, Workers: 2, Progress: func(done, total int) {
		assert.Equal(t, 5000, total)
		seen = append(seen, done)
	}})
	assert.Equal(t, []int{1024, 2048, 3072, 4096, 5000}, seen)
}

func TestBadConfigIsAnErrorNamingTheField(t *testing.T) {
	sc := summit(t)
	cases := []struct {
		cfg   outcomes.Config
		field string
	}{
		{outcomes.Config{Runs: -1}, "Runs"},
		{outcomes.Config{Workers: -2}, "Workers"},
		{outcomes.Config{Horizon: math.NaN()}, "Horizon"},
		{outcomes.Config{Confidence: 1}, "Confidence"},
		{outcomes.Config{Quantiles: []float64{0.5, 1.5}}, "Quantiles[1]"},
		{outcomes.Config{TopPaths: -1}, "TopPaths"},
		{outcomes.Config{MaxSteps: -1}, "MaxSteps"},
	}
	for _, c := range cases {
		_, err := outcomes.Run(context.Background(), sc, &c.cfg)
		require.Error(t, err)
		assert.True(t, errors.Is(err, outcomes.ErrConfig))
		assert.Contains(t, err.Error(), c.field)
	}
	_, err := outcomes.Run(context.Background(), nil, nil)
	assert.ErrorIs(t, err, outcomes.ErrConfig)
}

func TestHorizonOverride(t *testing.T) {
	res := run(t, summit(t), outcomes.Config{Runs: 1000, Horizon: 10.5})
	assert.Equal(t, 10.5, res.Horizon)
	assert.Equal(t, 10.5, res.Days[len(res.Days)-1])
	assert.Equal(t, 9.0+1, res.Days[10])
}

func TestReplayReproducesACountedRun(t *testing.T) {
	b := scenario.New("one").States("a").Start("a").Horizon(100)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(0.1))
	sc := build(t, b)
	tr, err := outcomes.Replay(sc, 5, 0, scenario.RunOptions{})
	require.NoError(t, err)
	res := run(t, sc, outcomes.Config{Runs: 1, Seed: 5, Quantiles: []float64{0.5}})
	st, _ := res.State("b")
	require.Len(t, st.EntryDay, 1)
	assert.Equal(t, tr.EndDay, st.EntryDay[0].Day, "one run: its quantiles are its own day")
}

func TestWilsonInterval(t *testing.T) {
	// Reference values: Wilson (1927) score interval; for 5/10 at 95% the
	// interval is [0.2366, 0.7634], for 0/10 [0, 0.2775].
	e := outcomes.Wilson(5, 10, 0.95)
	assert.InDelta(t, 0.2366, e.Lo, 5e-5)
	assert.InDelta(t, 0.7634, e.Hi, 5e-5)
	e = outcomes.Wilson(0, 10, 0.95)
	assert.Equal(t, 0.0, e.Lo)
	assert.InDelta(t, 0.2775, e.Hi, 5e-5)
	e = outcomes.Wilson(0, 0, 0.95)
	assert.Equal(t, outcomes.Estimate{Lo: 0, Hi: 1}, e)
}

func TestWriteTextShowsEverySection(t *testing.T) {
	res := run(t, summit(t), outcomes.Config{Runs: 5000, Seed: 1})
	var buf bytes.Buffer
	require.NoError(t, res.WriteText(&buf, &outcomes.TextOptions{States: true}))
	out := buf.String()
	for _, want := range []string{
		"summit: 5000 runs, seed 1, horizon 60 days",
		"Final state", "framework", "stalled", "open",
		"Claim", "merz: bilateral reached by day 14",
		"Route us-proposal: call → arranged → bilateral → trilateral", "day  completed",
		"Path", "(other paths)",
		"State", "Event", "guarantees",
	} {
		assert.Contains(t, out, want)
	}
}

func TestDiffMatchesNewcombe(t *testing.T) {
	// Newcombe (1998), Statistics in Medicine 17:873, Table II: 56/70 against
	// 48/80, method 10 gives 0.0524 to 0.3339 around 0.2.
	d := outcomes.Diff(outcomes.Wilson(56, 70, 0.95), outcomes.Wilson(48, 80, 0.95))
	assert.InDelta(t, 0.2, d.D, 1e-12)
	assert.InDelta(t, 0.0524, d.Lo, 5e-5)
	assert.InDelta(t, 0.3339, d.Hi, 5e-5)
}

func TestWriteCSVHasOneRowAnEstimate(t *testing.T) {
	res := run(t, summit(t), outcomes.Config{Runs: 2000, Seed: 1})
	var buf bytes.Buffer
	require.NoError(t, res.WriteCSV(&buf))
	lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
	assert.Equal(t, "kind,name,day,p,lo,hi,hits,n,value,date", lines[0])
	days := len(res.Days)
	want := len(res.Final) + len(res.OpenIn) + len(res.Claims) + 3*days*len(res.Routes) +
		days*len(res.States) + len(res.MonteCarlo.Transitions) + len(res.Events) + len(res.MonteCarlo.Paths)
	for _, rt := range res.Routes {
		want += len(rt.CompletionDay)
	}
	for _, s := range res.States {
		want += len(s.EntryDay)
	}
	assert.Len(t, lines, 1+want)
	merz, _ := res.Claim("merz")
	assert.Contains(t, lines, fmt.Sprintf("claim,merz,14,%s,%s,%s,%d,2000,,",
		strconv.FormatFloat(merz.P, 'g', -1, 64), strconv.FormatFloat(merz.Lo, 'g', -1, 64), strconv.FormatFloat(merz.Hi, 'g', -1, 64), merz.Hits))
	rt := res.Routes[0]
	require.NotEmpty(t, rt.CompletionDay)
	q := rt.CompletionDay[len(rt.CompletionDay)/2]
	day := strconv.FormatFloat(q.Day, 'g', -1, 64)
	assert.Contains(t, lines, fmt.Sprintf("route_completion_day,%s,%s,%s,,,,,%s,", rt.Name, day, strconv.FormatFloat(q.Q, 'g', -1, 64), day))
}

// TestWriteCSVDatesAndAgreedValues checks the date column and the rows of
// agreed values on the washington file, which has a start date and meetings.
func TestWriteCSVDatesAndAgreedValues(t *testing.T) {
	sc, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	require.NoError(t, err)
	res := run(t, sc, outcomes.Config{Runs: 3000, Seed: 1})
	var buf bytes.Buffer
	require.NoError(t, res.WriteCSV(&buf))
	text := buf.String()
	assert.Contains(t, text, "\nroute_completed,us-proposal,14,")
	assert.Regexp(t, `\nroute_completed,us-proposal,14,[^\n]*,2025-08-31\n`, text, "day 14 is by the end of 31 August")
	a, ok := res.Agreement("arranged->bilateral", "prisoners")
	require.True(t, ok)
	require.NotNil(t, a.Mean)
	assert.Contains(t, text, fmt.Sprintf("\nagreed_mean,arranged->bilateral/prisoners,,,%s,%s,,%d,%s,\n",
		strconv.FormatFloat(a.MeanInterval[0], 'g', -1, 64), strconv.FormatFloat(a.MeanInterval[1], 'g', -1, 64), a.Held, strconv.FormatFloat(*a.Mean, 'g', -1, 64)))
	assert.Contains(t, text, "\nagreed_quantile,arranged->bilateral/prisoners,,0.5,,,,,")
}
