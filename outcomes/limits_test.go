package outcomes_test

import (
	"context"
	"errors"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// chainOf is a line of n states at rate 1 into an absorbing end.
func chainOf(t testing.TB, n int, horizon float64) *scenario.Scenario {
	b := scenario.New("line").Start("s0").Horizon(horizon)
	for i := range n - 1 {
		b.State("s" + strconv.Itoa(i))
		b.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i+1)).Delay(scenario.Exp(0.01))
	}
	b.State("s" + strconv.Itoa(n-1)).Absorbing()
	b.Route("first-two", "s0", "s1")
	return build(t, b)
}

// Horizons of 1e9 to 1e308 days panicked (makeslice) or ran out of memory;
// now the report grid stays bounded and both engines answer.
func TestHugeHorizons(t *testing.T) {
	for _, h := range []float64{1e5, 1e9, 1e36, 1e308} {
		sc := chainOf(t, 5, h)
		res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 64, Seed: 1})
		require.NoError(t, err, "horizon %g", h)
		assert.LessOrEqual(t, len(res.Days), outcomes.DefaultReportDays, "horizon %g", h)
		assert.Equal(t, h, res.Days[len(res.Days)-1])
		end, _ := res.FinalState("s4")
		assert.Equal(t, 1.0, end.P, "every run is absorbed long before horizon %g", h)
		ex, err := outcomes.Exact(context.Background(), sc, nil)
		require.NoError(t, err, "horizon %g", h)
		endEx, _ := ex.FinalState("s4")
		assert.InDelta(t, 1, endEx.P, 1e-9, "horizon %g", h)
	}
}

// Report days coarser than whole days are still exact on the grid: the
// Monte Carlo share by day d agrees with the exact one.
func TestCoarseReportGridAgreesWithExact(t *testing.T) {
	sc := chainOf(t, 4, 3000)
	cfg := outcomes.Config{Runs: 20_000, Seed: 3, ReportDays: 101, Confidence: conf999}
	mc := run(t, sc, cfg)
	require.Len(t, mc.Days, 95, "every 32nd day, the smallest power of two that fits 101 points, and the horizon")
	assert.Equal(t, 32.0, mc.Days[1])
	assert.Equal(t, 3000.0, mc.Days[94])
	ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{ReportDays: 101, Outputs: []string{"everything"}})
	require.NoError(t, err)
	require.Equal(t, mc.Days, ex.Days)
	for _, st := range ex.States {
		m, _ := mc.State(st.Name)
		for i := range ex.Days {
			assert.True(t, m.ReachedBy[i].Contains(st.ReachedBy[i].P), "%s by day %v: exact %v, MC [%v, %v]", st.Name, ex.Days[i], st.ReachedBy[i].P, m.ReachedBy[i].Lo, m.ReachedBy[i].Hi)
		}
	}
}

func TestRunCountsAreChecked(t *testing.T) {
	sc := chainOf(t, 3, 10)
	for _, cfg := range []outcomes.Config{
		{Runs: math.MaxInt},
		{Runs: -1},
		{Precision: 0.01, MaxRuns: math.MaxInt},
		{ReportDays: 1},
		{MemoryLimit: -1},
	} {
		_, err := outcomes.Run(context.Background(), sc, &cfg)
		assert.ErrorIs(t, err, outcomes.ErrConfig, "%+v", cfg)
	}
}

// A model too large for the memory limit is refused before anything large
// is allocated, by Run and by Exact, with the limit and how to raise it.
func TestTooLargeIsRefusedNamingTheLimit(t *testing.T) {
	sc := chainOf(t, 20_000, 1000)
	_, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 10, MemoryLimit: 64 << 20})
	require.ErrorIs(t, err, outcomes.ErrMemory)
	assert.Contains(t, err.Error(), "MemoryLimit")
	assert.Contains(t, err.Error(), "ReportDays")
	// Exact works on vectors for a chain this large: it fits 4 GiB, not 256 MiB.
	_, err = outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{MemoryLimit: 256 << 20})
	require.ErrorIs(t, err, outcomes.ErrMemory)
	assert.Contains(t, err.Error(), "vectors of up to 60000 nodes", "the route's product chain is the largest")
	assert.Contains(t, err.Error(), "MemoryLimit")
	// Lowering the report grid is enough for Run.
	_, err = outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 10, MemoryLimit: 1 << 30})
	require.ErrorIs(t, err, outcomes.ErrMemory)
	_, err = outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 10, ReportDays: 11, MemoryLimit: 1 << 30})
	assert.NoError(t, err)
}

func TestExactIsCancellable(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := outcomes.Exact(ctx, birthDeath(t, 50, 365), &outcomes.ExactConfig{Outputs: []string{"everything"}})
	assert.ErrorIs(t, err, context.Canceled)
}

// Rates of 1e15 and 1 out of one state lost a third of the mass in the
// Padé exponential; the answer is the embedded jump chain's, to 1e-9.
func TestExactStiffClosedForms(t *testing.T) {
	for _, fast := range []float64{1e3, 1e6, 1e10, 1e12, 1e15} {
		b := scenario.New("stiff").States("a").Start("a").Horizon(30)
		b.State("b").Absorbing()
		b.State("c").Absorbing()
		b.Transition("a", "b").Delay(scenario.Exp(fast))
		b.Transition("a", "c").Delay(scenario.Exp(1))
		res, err := outcomes.Exact(context.Background(), build(t, b), nil)
		require.NoError(t, err, "fast %g", fast)
		pb, _ := res.FinalState("b")
		pc, _ := res.FinalState("c")
		assert.InDelta(t, fast/(fast+1), pb.P, 1e-9, "P(b), fast %g", fast)
		assert.InDelta(t, 1/(fast+1), pc.P, 1e-9, "P(c), fast %g", fast)
		assert.InEpsilon(t, 1/(fast+1), pc.P, 1e-6, "P(c) in relative terms, fast %g", fast)
	}
}

// Rates from 1e-6 to 1e15 in one chain: a cycle between a fast pair, left
// slowly. Closed form by the embedded jump chain for absorption; the day-30
// distribution must be a probability vector and agree with the slow
// two-state reduction to 1e-9.
func TestExactStiffAcrossScales(t *testing.T) {
	b := scenario.New("scales").States("x", "y").Start("x").Horizon(30)
	b.State("out").Absorbing()
	b.Transition("x", "y").Delay(scenario.Exp(1e15))
	b.Transition("y", "x").Delay(scenario.Exp(1e15))
	b.Transition("y", "out").Delay(scenario.Exp(2e-6))
	res, err := outcomes.Exact(context.Background(), build(t, b), nil)
	require.NoError(t, err)
	out, _ := res.FinalState("out")
	// x and y share their time equally; leaving at 2e-6 from y: effective
	// rate 1e-6 per day.
	assert.InDelta(t, 1-math.Exp(-1e-6*30), out.P, 1e-9)
	assert.InEpsilon(t, -math.Expm1(-1e-6*30), out.P, 1e-6)
}

func TestExactEventAtAnExtremeRate(t *testing.T) {
	b := scenario.New("shock").States("a").Start("a").Horizon(10)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(0.1))
	b.Event("shock").Occurs(scenario.Exp(1e300))
	res, err := outcomes.Exact(context.Background(), build(t, b), nil)
	require.NoError(t, err)
	e, _ := res.Event("shock")
	assert.InDelta(t, 1, e.Occurred.P, 1e-9)
}

// Quantiles on a discrete chain fall on its step lattice: a walk that can
// end only on days 1, 3 and 5 (with probabilities 1/2, 1/4, 1/4) gave
// 0.075/0.375/0.75/2.56 by linear interpolation.
func TestExactDiscreteQuantilesOnTheLattice(t *testing.T) {
	b := scenario.New("lattice").States("s0", "m1", "m2", "m3", "m4").Start("s0").Horizon(10)
	b.State("end").Absorbing()
	b.Branching("s0", scenario.To("end", 0.5), scenario.To("m1", 0.5)).Delay(scenario.Days(1))
	b.Branching("m1", scenario.To("m2", 1)).Delay(scenario.Days(1))
	b.Branching("m2", scenario.To("end", 0.5), scenario.To("m3", 0.5)).Delay(scenario.Days(1))
	b.Branching("m3", scenario.To("m4", 1)).Delay(scenario.Days(1))
	b.Branching("m4", scenario.To("end", 1)).Delay(scenario.Days(1))
	sc := build(t, b)
	ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Quantiles: []float64{0.05, 0.25, 0.5, 0.75, 0.95}})
	require.NoError(t, err)
	end, _ := ex.State("end")
	want := []outcomes.Quantile{{Q: 0.05, Day: 1}, {Q: 0.25, Day: 1}, {Q: 0.5, Day: 1}, {Q: 0.75, Day: 3}, {Q: 0.95, Day: 5}}
	assert.Equal(t, want, end.EntryDay)
	mc := run(t, sc, outcomes.Config{Runs: 10_000, Seed: 2})
	endMC, _ := mc.State("end")
	// Away from the lattice's steps of the distribution (0.5 and 0.75 sit
	// on them), Monte Carlo gives the same days.
	for _, i := range []int{0, 1, 4} {
		assert.Equal(t, want[i].Day, endMC.EntryDay[i].Day, "q%v", want[i].Q)
	}
}

// Continuous time: quantiles invert the distribution to 1e-6 days; for one
// exponential stage they are -ln(1-q)/rate.
func TestExactContinuousQuantiles(t *testing.T) {
	b := scenario.New("one-stage").States("a").Start("a").Horizon(100)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(0.3))
	b.Route("ab", "a", "b")
	ex, err := outcomes.Exact(context.Background(), build(t, b), nil)
	require.NoError(t, err)
	st, _ := ex.State("b")
	rt, _ := ex.Route("ab")
	total := -math.Expm1(-0.3 * 100)
	for i, q := range st.EntryDay {
		want := -math.Log(1-q.Q*total) / 0.3
		assert.InDelta(t, want, q.Day, 1e-6, "entry q%v", q.Q)
		assert.InDelta(t, want, rt.CompletionDay[i].Day, 1e-6, "completion q%v", q.Q)
	}
}

func TestExactRefusesOverflowingRates(t *testing.T) {
	b := scenario.New("overflow").States("a").Start("a").Horizon(10)
	b.State("b").Absorbing()
	b.State("c").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(math.MaxFloat64))
	b.Transition("a", "c").Delay(scenario.Exp(math.MaxFloat64))
	_, err := outcomes.Exact(context.Background(), build(t, b), nil)
	if err == nil {
		t.Fatal("rates summing past MaxFloat64 must be refused")
	}
	assert.True(t, errors.Is(err, outcomes.ErrInexact), "%v", err)
	assert.Contains(t, err.Error(), `"a"`)
}

// BenchmarkLongHorizon is the 101-state chain over 20,000 days with 1,024
// runs that took 22 s when the Result re-summed every day's histogram.
func BenchmarkLongHorizon(b *testing.B) {
	sc := chainOf(b, 101, 20_000)
	for b.Loop() {
		if _, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 1024, Seed: 1}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkResultByHorizon is the cost of one run (mostly building
// tallies and the Result) across horizons: with the default report grid it
// does not grow with the horizon; with every whole day reported it grows
// linearly with the number of days.
func BenchmarkResultByHorizon(b *testing.B) {
	for _, grid := range []string{"default", "whole-days"} {
		for _, h := range []float64{1e3, 1e4, 1e5} {
			b.Run(grid+"/horizon="+strconv.FormatFloat(h, 'g', -1, 64), func(b *testing.B) {
				sc := chainOf(b, 11, h)
				cfg := outcomes.Config{Runs: 1, Workers: 1}
				if grid == "whole-days" {
					cfg.ReportDays = int(h) + 1
				}
				for b.Loop() {
					if _, err := outcomes.Run(context.Background(), sc, &cfg); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}

// A discrete chain over more steps than an int counts exactly is refused,
// not answered with a wrapped-around step count.
func TestExactDiscreteHugeHorizon(t *testing.T) {
	for _, h := range []float64{1e6, 1e20, 1e308} {
		b := scenario.New("steps").States("a").Start("a").Horizon(h)
		b.State("end").Absorbing()
		b.Branching("a", scenario.To("a", 0.5), scenario.To("end", 0.5)).Delay(scenario.Days(1))
		res, err := outcomes.Exact(context.Background(), build(t, b), nil)
		if h > 1<<53 {
			assert.ErrorIs(t, err, outcomes.ErrInexact, "horizon %g", h)
			continue
		}
		require.NoError(t, err, "horizon %g", h)
		end, _ := res.FinalState("end")
		assert.InDelta(t, 1, end.P, 1e-9)
	}
}
