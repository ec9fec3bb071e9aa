package scenario_test

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

func mustBuild(t testing.TB, b *scenario.Builder) *scenario.Scenario {
	t.Helper()
	sc, err := b.Build()
	require.NoError(t, err)
	return sc
}

func state(t testing.TB, sc *scenario.Scenario, name string) scenario.State {
	t.Helper()
	s, ok := sc.State(name)
	require.True(t, ok, "state %q", name)
	return s
}

func newRNG(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 0)) }

// states lists the names of the states a trace entered.
func states(sc *scenario.Scenario, tr *scenario.Trace) []string {
	var out []string
	for _, s := range tr.Steps {
		out = append(out, sc.StateName(s.State))
	}
	return out
}

func TestFixedDelaysFireOnTheirDay(t *testing.T) {
	b := scenario.New("fixed").States("a", "b").Start("a").Horizon(30)
	b.State("c").Absorbing()
	b.Transition("a", "b").Delay(scenario.Days(3))
	b.Transition("b", "c").Delay(scenario.Days(4.5))
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, []string{"a", "b", "c"}, states(sc, tr))
	assert.Equal(t, 3.0, tr.Steps[1].Day)
	assert.Equal(t, 7.5, tr.Steps[2].Day)
	assert.Equal(t, scenario.EndAbsorbed, tr.End)
	assert.Equal(t, scenario.Transition(1), tr.Steps[2].Transition, "the second transition declared moved the run")
}

func TestRunEndsOpenAtTheHorizon(t *testing.T) {
	b := scenario.New("slow").States("a").Start("a").Horizon(10)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Days(11))
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, scenario.EndHorizon, tr.End)
	assert.Equal(t, 10.0, tr.EndDay)
	assert.Equal(t, []string{"a"}, states(sc, tr))

	// The horizon can be overridden per runner.
	tr = sc.NewRunner(scenario.RunOptions{Horizon: 12}).Run(newRNG(1))
	assert.Equal(t, scenario.EndAbsorbed, tr.End)
	assert.Equal(t, 11.0, tr.EndDay)
}

func TestScheduledEventFiresOnItsDay(t *testing.T) {
	b := scenario.New("scheduled").States("waiting", "meeting").Start("waiting").Horizon(30)
	b.State("done").Absorbing()
	b.Transition("waiting", "done").Delay(scenario.Days(20))
	b.Transition("meeting", "done").Delay(scenario.Days(1))
	b.Event("summons").Occurs(scenario.On(5, 1)).In("waiting").Goto("meeting")
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, []string{"waiting", "meeting", "done"}, states(sc, tr))
	assert.Equal(t, 5.0, tr.Steps[1].Day)
	assert.Equal(t, scenario.Event(0), tr.Steps[1].Event)
	assert.Equal(t, scenario.NoTransition, tr.Steps[1].Transition)
	require.Len(t, tr.Occurrences, 1)
	assert.Equal(t, scenario.Occurrence{Day: 5, Event: 0}, tr.Occurrences[0])
}

func TestScheduledEventOutsideItsStatesDoesNotFire(t *testing.T) {
	b := scenario.New("scheduled").States("waiting", "elsewhere").Start("waiting").Horizon(30)
	b.State("done").Absorbing()
	b.Transition("waiting", "elsewhere").Delay(scenario.Days(2))
	b.Transition("elsewhere", "done").Delay(scenario.Days(10))
	b.Event("summons").Occurs(scenario.On(5, 1)).In("waiting").Goto("done")
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Empty(t, tr.Occurrences)
	assert.Equal(t, 12.0, tr.EndDay)
}

func TestEventOpensGuardAndClocksStartThen(t *testing.T) {
	b := scenario.New("guarded").States("a").Start("a").Horizon(30)
	b.State("b").Absorbing()
	b.Var("ready", param.Const(0))
	b.Transition("a", "b").Delay(scenario.Days(1)).When(scenario.Condition{Text: "ready == 1"})
	b.Event("prepare").Occurs(scenario.On(2, 1)).Do(scenario.Assign("ready", "1"))
	sc := mustBuild(t, b)
	r := sc.NewRunner(scenario.RunOptions{Snapshots: []float64{30}})
	tr := r.Run(newRNG(1))
	assert.Equal(t, 3.0, tr.EndDay, "enabled on day 2, the one-day delay runs from then")
	v, _ := sc.Var("ready")
	assert.Equal(t, 1.0, tr.Snapshots[v])
}

func TestClocksOfEnabledTransitionsAreKeptWhenTheWorldChanges(t *testing.T) {
	b := scenario.New("kept").States("a").Start("a").Horizon(30)
	b.State("b").Absorbing()
	b.Var("noise", param.Const(0))
	b.Transition("a", "b").Delay(scenario.Days(5)).When(scenario.Condition{Text: "noise < 10"})
	b.Event("news").Occurs(scenario.On(2, 1)).Do(scenario.Assign("noise", "noise + 1"))
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, 5.0, tr.EndDay, "the clock sampled on entry is kept across the event")
}

func TestGuardClosingStopsTheTransition(t *testing.T) {
	b := scenario.New("closing").States("a").Start("a").Horizon(30)
	b.State("b").Absorbing()
	b.State("c").Absorbing()
	b.Var("open", param.Const(1))
	b.Transition("a", "b").Delay(scenario.Days(5)).When(scenario.Condition{Text: "open == 1"})
	b.Transition("a", "c").Delay(scenario.Days(8))
	b.Event("walkout").Occurs(scenario.On(2, 1)).Do(scenario.Assign("open", "0"))
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, []string{"a", "c"}, states(sc, tr))
}

func TestRateEventOnceOccursAtMostOnce(t *testing.T) {
	b := scenario.New("once").States("a").Start("a").Horizon(100)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Days(100))
	b.Event("gesture").Occurs(scenario.Exp(5)).Once().Do(scenario.Assign("count", "count + 1"))
	b.Var("count", param.Const(0))
	sc := mustBuild(t, b)
	r := sc.NewRunner(scenario.RunOptions{Snapshots: []float64{100}})
	for seed := range uint64(50) {
		tr := r.Run(newRNG(seed))
		require.Len(t, tr.Occurrences, 1, "seed %d", seed)
		v, _ := sc.Var("count")
		assert.Equal(t, 1.0, tr.Snapshots[v])
	}
}

func TestStepLimitIsReported(t *testing.T) {
	b := scenario.New("loop").States("a", "b").Start("a").Horizon(1000)
	b.Transition("a", "b").Delay(scenario.Exp(100))
	b.Transition("b", "a").Delay(scenario.Exp(100))
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{MaxSteps: 10}).Run(newRNG(1))
	assert.Equal(t, scenario.EndStepLimit, tr.End)
	assert.Len(t, tr.Steps, 11, "the start and ten steps")
}

func TestWeightedBranchFollowsTheWorld(t *testing.T) {
	b := scenario.New("weighted").States("a").Start("a").Horizon(10)
	b.State("yes").Absorbing()
	b.State("no").Absorbing()
	b.Var("trust", param.Const(1))
	b.Branching("a",
		scenario.Target{State: "yes", Weight: "trust"},
		scenario.To("no", 0),
	).Named("decide").Delay(scenario.Days(1))
	sc := mustBuild(t, b)
	r := sc.NewRunner(scenario.RunOptions{})
	for seed := range uint64(20) {
		assert.Equal(t, []string{"a", "yes"}, states(sc, r.Run(newRNG(seed))))
	}
}

func TestUnusableBranchWeightsEndTheRunWithAFault(t *testing.T) {
	b := scenario.New("fault").States("a").Start("a").Horizon(10)
	b.State("yes").Absorbing()
	b.State("no").Absorbing()
	b.Branching("a",
		scenario.Target{State: "yes", Weight: "0"},
		scenario.Target{State: "no", Weight: "0 / 0"},
	).Named("decide").Delay(scenario.Days(1))
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, scenario.EndFault, tr.End)
	assert.Equal(t, scenario.Transition(0), tr.Fault)
	assert.Equal(t, "decide", sc.TransitionName(tr.Fault))
}

func TestEffectsApplyBeforeTheBranch(t *testing.T) {
	b := scenario.New("effects").States("a").Start("a").Horizon(10)
	b.State("yes").Absorbing()
	b.State("no").Absorbing()
	flag := b.Var("flag", param.Const(0))
	b.Branching("a",
		scenario.Target{State: "yes", Weight: "flag"},
		scenario.Target{State: "no", Weight: "1 - flag"},
	).Delay(scenario.Days(1)).Do(scenario.EffectFunc(func(w *scenario.World) { w.Set(flag, 1) }))
	sc := mustBuild(t, b)
	assert.Equal(t, []string{"a", "yes"}, states(sc, sc.NewRunner(scenario.RunOptions{}).Run(newRNG(3))))
}

func TestGeneralDelaysAreDrawnFromTheirDistribution(t *testing.T) {
	// The sample mean of each delay must fall within 5 standard errors of the
	// distribution's mean: a false failure has probability below 1e-6.
	cases := []struct {
		name       string
		d          distuv.Quantiler
		mean, sdev float64
	}{
		{"gamma shape 3", distuv.Gamma{Alpha: 3, Beta: 0.5}, 6, math.Sqrt(12)},
		{"gamma shape 0.5", distuv.Gamma{Alpha: 0.5, Beta: 1}, 0.5, math.Sqrt(0.5)},
		{"lognormal", distuv.LogNormal{Mu: 1, Sigma: 0.5}, math.Exp(1.125), math.Sqrt((math.Exp(0.25) - 1) * math.Exp(2.25))},
		{"weibull", distuv.Weibull{K: 2, Lambda: 4}, 4 * math.Gamma(1.5), 4 * math.Sqrt(math.Gamma(2)-math.Pow(math.Gamma(1.5), 2))},
		{"uniform", distuv.Uniform{Min: 2, Max: 6}, 4, 4 / math.Sqrt(12)},
		{"exponential", distuv.Exponential{Rate: 0.2}, 5, 5},
		{"by quantile (chi-squared)", distuv.ChiSquared{K: 4}, 4, math.Sqrt(8)},
	}
	const n = 20000
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := scenario.New("delay").States("a").Start("a").Horizon(1e6)
			b.State("b").Absorbing()
			b.Transition("a", "b").Delay(scenario.After{Dist: c.d})
			sc := mustBuild(t, b)
			r := sc.NewRunner(scenario.RunOptions{})
			rng := newRNG(42)
			sum := 0.0
			for range n {
				sum += r.Run(rng).EndDay
			}
			assert.InDelta(t, c.mean, sum/n, 5*c.sdev/math.Sqrt(n))
		})
	}
}

func TestSameStreamSameTrace(t *testing.T) {
	sc := mustBuild(t, base())
	a := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(9)).Clone()
	b := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(9))
	assert.Equal(t, a, b)
}

func TestRunAllocatesNothing(t *testing.T) {
	b := scenario.New("busy").States("a", "b", "c").Start("a").Horizon(60)
	b.State("end").Absorbing()
	trust := b.Var("trust", param.Const(0))
	b.Transition("a", "b").Delay(scenario.Exp(0.3))
	b.Transition("a", "c").Delay(scenario.After{Dist: distuv.Gamma{Alpha: 2, Beta: 0.5}}).When(scenario.Condition{Text: "trust > 0"})
	b.Branching("b", scenario.To("c", 0.5), scenario.To("end", 0.5)).Delay(scenario.Exp(0.2))
	b.Transition("c", "end").Delay(scenario.Days(3)).Do(scenario.EffectFunc(func(w *scenario.World) { w.Set(trust, w.Get(trust)+1) }))
	b.Event("gesture").Occurs(scenario.Exp(0.1)).Do(scenario.Assign("trust", "trust + 1"))
	b.Event("summit").Occurs(scenario.On(10, 0.5)).Goto("c")
	b.Route("abc", "a", "b", "c")
	sc := mustBuild(t, b)
	r := sc.NewRunner(scenario.RunOptions{})
	rng := newRNG(1)
	for range 1000 { // grow the buffers to the longest run
		r.Run(rng)
	}
	allocs := testing.AllocsPerRun(1000, func() {
		tr := r.Run(rng)
		sc.RouteTimes(0, tr)
	})
	assert.Zero(t, allocs)
}

func TestRateZeroSwitchesATransitionOff(t *testing.T) {
	b := scenario.New("off").States("a").Start("a").Horizon(100)
	b.State("b").Absorbing()
	b.State("c").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(0))
	b.Transition("a", "c").Delay(scenario.Exp(0.5))
	sc := mustBuild(t, b)
	r := sc.NewRunner(scenario.RunOptions{})
	for seed := range uint64(100) {
		assert.Equal(t, "c", sc.StateName(r.Run(newRNG(seed)).Final()))
	}
}

func TestClaimOnStatesNamesStatesBeforeBuild(t *testing.T) {
	b := scenario.New("order").States("call", "bilateral").Start("call").Horizon(30)
	b.State("trilateral").Absorbing()
	b.Transition("call", "bilateral").Delay(scenario.Days(2))
	b.Transition("bilateral", "trilateral").Delay(scenario.Days(3))
	b.Claim(scenario.ClaimOnStates("bilateral-first", []string{"bilateral", "trilateral"},
		func(tr *scenario.Trace, s []scenario.State) bool { return tr.FirstEntry(s[0]) < tr.FirstEntry(s[1]) }))
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.True(t, sc.ClaimHolds(0, tr))

	b.Claim(scenario.ClaimOnStates("typo", []string{"bilaterl"}, func(*scenario.Trace, []scenario.State) bool { return true }))
	_, err := b.Build()
	assert.ErrorContains(t, err, `claim "typo": states[0]: unknown state "bilaterl" (did you mean "bilateral"?)`)
}
