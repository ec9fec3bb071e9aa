package explore_test

import (
	"context"
	"encoding/json"
	"math"
	"math/rand/v2"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// waiting is a one-step scenario: a meeting is held after an exponential
// wait whose rate is the parameter to learn.
func waiting(t testing.TB) *scenario.Scenario {
	t.Helper()
	b := scenario.New("waiting").States("called").Start("called").Horizon(10)
	b.Param(param.Parameter{Name: "rate", Default: 0.3, Min: 0.02, Max: 1.5})
	b.State("held").Absorbing()
	b.Transition("called", "held").Delay(scenario.Exp(param.P("rate")))
	sc, err := b.Build()
	require.NoError(t, err)
	return sc
}

// history observes in which window of days the meeting was held, as one
// case of the same kind: drawn at the true rate.
func history(sc *scenario.Scenario, rate float64, rng *rand.Rand, name string) explore.History {
	day := rng.ExpFloat64() / rate
	edges := []float64{0, 1, 3, 10}
	var obs []scenario.Statement
	for k := 1; k < len(edges); k++ {
		o := scenario.Entered("held", edges[k-1], edges[k])
		if !(day > edges[k-1] && day <= edges[k]) {
			o = o.Negate()
		}
		obs = append(obs, o)
	}
	return explore.History{Name: name, Scenario: sc, Observations: obs}
}

func rateSpace(t testing.TB, sc *scenario.Scenario) explore.Space {
	s, err := explore.ParameterSpace(sc, nil, true)
	require.NoError(t, err)
	return s
}

// TestCalibrationCovers is simulation-based calibration: a true rate drawn
// from the prior, five cases drawn at it, the posterior's 90% credible
// interval; over 150 repetitions the interval must hold the truth about
// 90% of the time. At 150 repetitions a coverage of 75% would fall below
// the bound with probability above 0.98, and 90% above it with
// probability above 0.998.
func TestCalibrationCovers(t *testing.T) {
	if testing.Short() {
		t.Skip("150 calibrations; skipped with -short")
	}
	sc := waiting(t)
	space := rateSpace(t, sc)
	for _, method := range []explore.Method{explore.Rejection, explore.SMC} {
		rng := rand.New(rand.NewPCG(11, 12))
		const reps = 150
		covered := 0
		for rep := range reps {
			truth := space.Value(0, rng.Float64())
			var hs []explore.History
			for k := range 5 {
				hs = append(hs, history(sc, truth, rng, "case"+string(rune('a'+k))))
			}
			post, err := explore.Calibrate(context.Background(), hs, space, &explore.ABCConfig{Method: method, Particles: 400, Runs: 100, Seed: uint64(rep + 1)})
			require.NoError(t, err)
			m := post.Marginals[0]
			if m.Q05 <= truth && truth <= m.Q95 {
				covered++
			}
		}
		share := float64(covered) / reps
		t.Logf("%s: 90%% intervals held the truth in %d of %d repetitions (%.3f)", method, covered, reps, share)
		assert.GreaterOrEqual(t, share, 0.83, string(method))
		assert.LessOrEqual(t, share, 0.97, string(method))
	}
}

// TestCalibrationConcentrates checks that the posterior narrows as the
// number of observed cases grows, around the truth.
func TestCalibrationConcentrates(t *testing.T) {
	sc := waiting(t)
	space := rateSpace(t, sc)
	const truth = 0.4
	rng := rand.New(rand.NewPCG(3, 4))
	var all []explore.History
	for range 24 {
		all = append(all, history(sc, truth, rng, "case"))
	}
	var widths []float64
	for _, n := range []int{2, 8, 24} {
		post, err := explore.Calibrate(context.Background(), all[:n], space, &explore.ABCConfig{Method: explore.SMC, Particles: 300, Runs: 200, Seed: 1})
		require.NoError(t, err)
		m := post.Marginals[0]
		widths = append(widths, m.Q95-m.Q05)
		t.Logf("%d cases: mean %.3f, 90%% [%.3f, %.3f], ESS %.0f, tolerances %v", n, m.Mean, m.Q05, m.Q95, post.ESS, post.Tolerances)
		if n == 24 {
			assert.True(t, m.Q05 <= truth && truth <= m.Q95, "the truth in the 90%% interval")
			assert.Greater(t, post.ESS, 30.0, "the sample has not collapsed")
		}
	}
	assert.Greater(t, widths[0], widths[1])
	assert.Greater(t, widths[1], widths[2])
}

// TestCalibrationMethodsAgree checks rejection and SMC against the exact
// posterior of the rate on a grid, for the same cases.
func TestCalibrationMethodsAgree(t *testing.T) {
	sc := waiting(t)
	space := rateSpace(t, sc)
	rng := rand.New(rand.NewPCG(5, 6))
	var hs []explore.History
	for range 8 {
		hs = append(hs, history(sc, 0.5, rng, "case"))
	}
	// The exact posterior mean under the uniform prior: each case's
	// likelihood is the chance of its window, exp(-r·lo) - exp(-r·hi), or
	// of none, exp(-10r).
	num, den := 0.0, 0.0
	for k := range 20000 {
		r := space.Value(0, (float64(k)+0.5)/20000)
		l := 1.0
		for _, h := range hs {
			l *= windowLikelihood(h, r)
		}
		num += r * l
		den += l
	}
	exact := num / den
	for _, m := range []explore.Method{explore.Rejection, explore.SMC} {
		post, err := explore.Calibrate(context.Background(), hs, space, &explore.ABCConfig{Method: m, Particles: 1000, Runs: 100, Seed: 2})
		require.NoError(t, err)
		assert.InDelta(t, exact, post.Marginals[0].Mean, 0.03, "%s: posterior mean against the exact %.4f", m, exact)
		assert.Equal(t, 0.0, post.Tolerances[len(post.Tolerances)-1])
	}
}

// windowLikelihood is the exact chance of a history's observations at rate r.
func windowLikelihood(h explore.History, r float64) float64 {
	edges := []float64{0, 1, 3, 10}
	for k, o := range h.Observations {
		if !o.Not {
			return math.Exp(-r*edges[k]) - math.Exp(-r*edges[k+1])
		}
	}
	return math.Exp(-10 * r)
}

// TestCalibrationIsDeterministic checks that one seed gives the same
// posterior for any number of workers.
func TestCalibrationIsDeterministic(t *testing.T) {
	sc := waiting(t)
	space := rateSpace(t, sc)
	rng := rand.New(rand.NewPCG(7, 8))
	hs := []explore.History{history(sc, 0.3, rng, "a"), history(sc, 0.3, rng, "b")}
	var want *explore.Posterior
	for _, workers := range []int{1, 2, 5} {
		post, err := explore.Calibrate(context.Background(), hs, space, &explore.ABCConfig{Method: explore.SMC, Particles: 200, Runs: 40, Seed: 9, Workers: workers})
		require.NoError(t, err)
		if want == nil {
			want = post
			continue
		}
		assert.Equal(t, want.Draws, post.Draws, "workers=%d", workers)
		assert.Equal(t, want.Weights, post.Weights, "workers=%d", workers)
	}
}

// TestCalibrationRefusesTheImpossible checks that a history no draw can
// produce is an error saying so, not a posterior of nothing.
func TestCalibrationRefusesTheImpossible(t *testing.T) {
	sc := waiting(t)
	space := rateSpace(t, sc)
	h := explore.History{Name: "x", Scenario: sc, Observations: []scenario.Statement{scenario.InState("called", 9.9).Negate(), scenario.Entered("held", 0, 10).Negate()}}
	_, err := explore.Calibrate(context.Background(), []explore.History{h}, space, &explore.ABCConfig{Particles: 50, Runs: 10})
	assert.ErrorIs(t, err, explore.ErrNoConsistentDraw)
	_, err = explore.Calibrate(context.Background(), nil, space, nil)
	assert.ErrorContains(t, err, "at least one history")
}

// TestPredictCarriesTheUncertainty checks the posterior predictive on the
// waiting scenario: given the meeting was not held by day 1, the chance it
// is held by day 3 is, at rate r, (exp(-r) - exp(-3r)) / exp(-r); averaged
// over the posterior draws it must match the prediction, and its band
// must be wider than a point.
func TestPredictCarriesTheUncertainty(t *testing.T) {
	b := scenario.New("waiting").States("called").Start("called").Horizon(10)
	b.Param(param.Parameter{Name: "rate", Default: 0.3, Min: 0.02, Max: 1.5})
	b.State("held").Absorbing()
	b.Transition("called", "held").Delay(scenario.Exp(param.P("rate")))
	b.Claim(scenario.Entered("held", 0, 3).Named("by-3"))
	sc, err := b.Build()
	require.NoError(t, err)
	space := rateSpace(t, sc)
	rng := rand.New(rand.NewPCG(1, 2))
	hs := []explore.History{history(sc, 0.5, rng, "a"), history(sc, 0.5, rng, "b"), history(sc, 0.5, rng, "c")}
	post, err := explore.Calibrate(context.Background(), hs, space, &explore.ABCConfig{Particles: 500, Runs: 100, Seed: 3})
	require.NoError(t, err)
	now := explore.History{Name: "now", Scenario: sc, Observations: []scenario.Statement{scenario.Entered("held", 0, 1).Negate()}}
	pred, err := explore.Predict(context.Background(), post, now, 400, 4, 0)
	require.NoError(t, err)
	require.Len(t, pred, 1)
	want := 0.0
	for i, x := range post.Draws {
		r := x[0]
		want += post.Weights[i] * (math.Exp(-r) - math.Exp(-3*r)) / math.Exp(-r)
	}
	assert.Equal(t, "claim:by-3", pred[0].Key)
	assert.InDelta(t, want, pred[0].P, 0.01)
	assert.Less(t, pred[0].Q05, pred[0].P)
	assert.Greater(t, pred[0].Q95, pred[0].P)
}

// TestPartialPooling draws each case's rate from a population and learns
// the population's median back, with every case's own estimate pulled
// towards it.
func TestPartialPooling(t *testing.T) {
	if testing.Short() {
		t.Skip("30 histories in SMC; skipped with -short")
	}
	sc := waiting(t)
	pop := explore.Population{Name: "rate", Lo: 0.02, Hi: 1.5}
	const median, spread = 0.3, 0.4
	rng := rand.New(rand.NewPCG(21, 22))
	var hs []explore.History
	var scs []*scenario.Scenario
	for range 30 {
		rate := pop.Value(median, spread, rng.NormFloat64())
		hs = append(hs, history(sc, rate, rng, "case"))
		scs = append(scs, sc)
	}
	space, pops, err := explore.PartialSpace(scs, nil)
	require.NoError(t, err)
	require.Equal(t, []string{"rate:median", "rate:spread"}, space.Names)
	post, err := explore.Calibrate(context.Background(), hs, space, &explore.ABCConfig{Method: explore.SMC, Particles: 400, Runs: 100, Seed: 5, Populations: pops})
	require.NoError(t, err)
	m := post.Marginals[0]
	t.Logf("median: %.3f [%.3f, %.3f]; spread: %.3f [%.3f, %.3f]; ESS %.0f", m.Mean, m.Q05, m.Q95, post.Marginals[1].Mean, post.Marginals[1].Q05, post.Marginals[1].Q95, post.ESS)
	assert.True(t, m.Q05 <= median && median <= m.Q95, "the population's median in its 90%% interval")
	require.Len(t, post.Cases, 30)
	for _, c := range post.Cases {
		assert.True(t, c[0] > 0.02 && c[0] < 1.5)
	}
}

// TestCalibrationShardsMerge checks that shards of a rejection
// calibration, through JSON and in any order, merge into the posterior of
// one machine, bit for bit, and that shards that do not belong are refused.
func TestCalibrationShardsMerge(t *testing.T) {
	sc := waiting(t)
	space := rateSpace(t, sc)
	rng := rand.New(rand.NewPCG(13, 14))
	hs := []explore.History{history(sc, 0.3, rng, "a"), history(sc, 0.3, rng, "b")}
	cfg := &explore.ABCConfig{Particles: 203, Runs: 30, Seed: 4}
	want, err := explore.Calibrate(context.Background(), hs, space, cfg)
	require.NoError(t, err)
	var shards []*explore.CalibrationShard
	for _, i := range []int{2, 0, 1} {
		sh, err := explore.CalibrateShard(context.Background(), hs, space, cfg, i, 3)
		require.NoError(t, err)
		data, err := json.Marshal(sh)
		require.NoError(t, err)
		var back explore.CalibrationShard
		require.NoError(t, json.Unmarshal(data, &back))
		shards = append(shards, &back)
	}
	got, err := explore.MergeCalibration(hs, space, cfg, shards, []string{"s2", "s0", "s1"})
	require.NoError(t, err)
	assert.Equal(t, want, got)

	_, err = explore.MergeCalibration(hs, space, cfg, shards[:2], []string{"s2", "s0"})
	assert.ErrorContains(t, err, "of which 2 are given; missing shard [1]")
	_, err = explore.MergeCalibration(hs, space, cfg, []*explore.CalibrationShard{shards[0], shards[0], shards[1]}, []string{"x", "y", "z"})
	assert.ErrorContains(t, err, "x and y are both shard 2")
	other := *cfg
	other.Seed = 5
	_, err = explore.MergeCalibration(hs, space, &other, shards, []string{"s2", "s0", "s1"})
	assert.ErrorIs(t, err, outcomes.ErrShards)
	assert.ErrorContains(t, err, "s2 is a shard of another computation")
	_, err = explore.CalibrateShard(context.Background(), hs, space, &explore.ABCConfig{Method: explore.SMC}, 0, 2)
	assert.ErrorContains(t, err, "only rejection")
}

// TestRecordIsObservedAsStated checks that what happened to claims and
// routes, as an outcomes file gives it, is observed as the statements the
// claims make, negated where they did not hold; an unknown claim and a
// claim that is a Go function are refused.
func TestRecordIsObservedAsStated(t *testing.T) {
	b := scenario.New("talks").States("call", "arranged").Start("call").Horizon(30)
	b.State("met").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(0.2))
	b.Transition("arranged", "met").Delay(scenario.Exp(0.3))
	b.Route("us", "call", "arranged", "met")
	b.Claim(scenario.Entered("met", 0, 14).Named("met-14"))
	b.Claim(scenario.RouteAt("us", 21, scenario.RouteCompleted).Named("us-21"))
	b.Claim(scenario.ClaimFunc("long", func(tr *scenario.Trace) bool { return len(tr.Steps) > 2 }))
	sc, err := b.Build()
	require.NoError(t, err)
	record := []scenario.Statement{
		scenario.ClaimNamed("met-14").Known(scenario.TruthNotHeld, "2025-09-01", "no meeting"),
		scenario.ClaimNamed("us-21").Known(scenario.TruthHeld, "", ""),
		scenario.RouteAt("us", 30, scenario.RouteCompleted).Known(scenario.TruthHeld, "", ""),
	}
	same := []scenario.Statement{
		scenario.Entered("met", 0, 14).Negate(),
		scenario.RouteAt("us", 21, scenario.RouteCompleted),
		scenario.RouteAt("us", 30, scenario.RouteCompleted),
	}
	ev, err := sc.Observe(record)
	require.NoError(t, err)
	want, err := sc.Observe(same)
	require.NoError(t, err)
	runner := sc.NewRunner(scenario.RunOptions{Snapshots: ev.Snapshots()})
	for seed := range uint64(300) {
		tr := runner.Run(rand.New(rand.NewPCG(seed, 1)))
		assert.Equal(t, want.Holds(tr), ev.Holds(tr), "seed %d", seed)
	}
	_, err = sc.Observe([]scenario.Statement{scenario.ClaimNamed("met-41").Known(scenario.TruthHeld, "", "")})
	assert.ErrorContains(t, err, `unknown claim "met-41" (did you mean "met-14"?)`)
	_, err = sc.Observe([]scenario.Statement{scenario.ClaimNamed("long").Known(scenario.TruthHeld, "", "")})
	assert.ErrorContains(t, err, "a Go function of the run, which cannot be observed")
}

// TestCalibrationStopsWhenCancelled checks that an interrupt ends a
// calibration and a prediction in the middle of a draw's runs, with the
// context's error.
func TestCalibrationStopsWhenCancelled(t *testing.T) {
	b := scenario.New("waiting").States("called").Start("called").Horizon(10)
	b.Param(param.Parameter{Name: "rate", Default: 0.3, Min: 0.02, Max: 1.5})
	b.State("held").Absorbing()
	b.Transition("called", "held").Delay(scenario.Exp(param.P("rate")))
	b.Claim(scenario.Entered("held", 0, 3).Named("by-3"))
	sc, err := b.Build()
	require.NoError(t, err)
	space := rateSpace(t, sc)
	rng := rand.New(rand.NewPCG(1, 1))
	hs := []explore.History{history(sc, 0.3, rng, "a")}
	ctx, cancel := context.WithCancel(context.Background())
	cfg := &explore.ABCConfig{Particles: 4, Runs: 1 << 20, Workers: 2, Progress: func(int, int) {}}
	go func() { time.Sleep(50 * time.Millisecond); cancel() }()
	start := time.Now()
	_, err = explore.Calibrate(ctx, hs, space, cfg)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Less(t, time.Since(start), 5*time.Second, "the interrupt does not wait for four million runs")

	post, err := explore.Calibrate(context.Background(), hs, space, &explore.ABCConfig{Particles: 50, Runs: 20})
	require.NoError(t, err)
	_, err = explore.Predict(ctx, post, hs[0], 1<<20, 1, 2)
	assert.ErrorIs(t, err, context.Canceled)
	_, err = explore.Predict(context.Background(), post, hs[0], 1<<21, 1, 2)
	assert.ErrorContains(t, err, "want 1 to")
}

// Learning one parameter while another is drawn from its prior in every
// run (ABCConfig.DrawOthers) or held at its value: here the meeting's rate
// is rate × pace, pace held at a default that makes meetings rare or drawn
// from a prior that makes them common; the observed meeting within three
// days is far likelier when pace is drawn. The posterior remembers the
// choice, and Predict follows it.
func TestCalibrationLearnsSomeAndDrawsOthers(t *testing.T) {
	b := scenario.New("paced").States("called").Start("called").Horizon(10)
	b.Param(param.Parameter{Name: "rate", Default: 0.3, Min: 0.1, Max: 1})
	b.Param(param.Parameter{Name: "pace", Default: 0.05, Min: 0.01, Max: 3, Prior: distuv.Uniform{Min: 1, Max: 3}})
	b.State("held").Absorbing()
	b.Transition("called", "held").Delay(scenario.Exp(param.Expr("rate * pace")))
	b.Claim(scenario.Entered("held", 0, 10).Named("held-10"))
	sc, err := b.Build()
	require.NoError(t, err)
	space, err := explore.ParameterSpace(sc, map[string]float64{"pace": 0.05}, true)
	require.NoError(t, err)
	require.Equal(t, []string{"rate"}, space.Names)
	h := explore.History{Name: "met", Scenario: sc, Observations: []scenario.Statement{scenario.Entered("held", 0, 3)}}
	held, err := explore.Calibrate(context.Background(), []explore.History{h}, space, &explore.ABCConfig{Particles: 200, Runs: 50, Seed: 3})
	require.NoError(t, err)
	drawn, err := explore.Calibrate(context.Background(), []explore.History{h}, space, &explore.ABCConfig{Particles: 200, Runs: 50, Seed: 3, DrawOthers: true})
	require.NoError(t, err)
	assert.False(t, held.DrawOthers)
	assert.True(t, drawn.DrawOthers)
	// Held at 0.05, a meeting within 3 days has probability at most
	// 1 - e^{-0.15} ≈ 0.14; drawn from [1, 3], at least 1 - e^{-0.3} ≈ 0.26.
	assert.Less(t, held.Likelihood, 0.15)
	assert.Greater(t, drawn.Likelihood, 0.3)
	pred, err := explore.Predict(context.Background(), drawn, h, 50, 3, 0)
	require.NoError(t, err)
	require.NotEmpty(t, pred)
	assert.Greater(t, pred[0].P, 0.9, "given a meeting within 3 days, one within 10")
}
