package scenario_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/internal/chain"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// announced: the summit is held on the day summit_day says, once a date
// is announced; it is announced on day 3 for day 20, and postponed on day
// 10 to day 25.
func announced(t *testing.T, postpone float64) *scenario.Scenario {
	t.Helper()
	b := scenario.New("announced").States("talks").Start("talks").Horizon(40)
	b.State("summit").Absorbing()
	b.Var("summit_day", param.Const(0))
	b.Var("announced", param.Const(0))
	b.Transition("talks", "summit").Delay(scenario.At{Day: param.Expr("summit_day")}).When(scenario.Condition{Text: "announced == 1"})
	b.Event("announce").Occurs(scenario.On(3, 1)).Do(scenario.Assign("summit_day", "day + 17"), scenario.Assign("announced", "1"))
	b.Event("postpone").Occurs(scenario.On(10, postpone)).Do(scenario.Assign("summit_day", "summit_day + 5"))
	return mustBuild(t, b)
}

func TestScheduledMoveFiresOnTheDayTheWorldGives(t *testing.T) {
	sc := announced(t, 0)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, []string{"talks", "summit"}, states(sc, tr))
	assert.Equal(t, 20.0, tr.Steps[1].Day, "announced on day 3 for day 3 + 17")
}

func TestScheduledMoveIsComputedAgainWhenTheWorldChanges(t *testing.T) {
	sc := announced(t, 1)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, 25.0, tr.Steps[1].Day, "postponed by 5 days on day 10")
}

func TestScheduledMoveWithoutADateWaitsAndIsStuck(t *testing.T) {
	// The day is NaN (0/0), as an agreed value is until agreed: no date.
	b := scenario.New("undated").States("talks").Start("talks").Horizon(40)
	b.State("summit").Absorbing()
	b.Var("summit_day", param.Const(0))
	b.Transition("talks", "summit").Delay(scenario.At{Day: param.Expr("summit_day / 0 * 0")})
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, scenario.EndStuck, tr.End, "no date, nothing could give one")
	assert.NotEmpty(t, sc.Warnings(), "validate warns that runs can be stuck")
}

func TestScheduledDayAlreadyPastFiresAtOnceAfterTheDaysScheduledEvents(t *testing.T) {
	// The date (day 2) is past when it is set on day 5: the move fires on
	// day 5 at once, after the other scheduled event of day 5, whose
	// effect it sees.
	b := scenario.New("late").States("talks").Start("talks").Horizon(40)
	b.State("summit").Absorbing()
	b.State("other").Absorbing()
	b.Var("summit_day", param.Const(99))
	b.Var("prepared", param.Const(0))
	b.Transition("talks", "summit").Delay(scenario.At{Day: param.Expr("summit_day")}).When(scenario.Condition{Text: "prepared == 1"})
	b.Event("set").Occurs(scenario.On(5, 1)).Do(scenario.Assign("summit_day", "2"))
	b.Event("prepare").Occurs(scenario.On(5, 1)).Do(scenario.Assign("prepared", "1"))
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, []string{"talks", "summit"}, states(sc, tr))
	assert.Equal(t, 5.0, tr.Steps[1].Day)
	assert.Len(t, tr.Occurrences, 2, "both events of day 5 come first")
}

func TestLeavingTheStateCancelsTheScheduledMove(t *testing.T) {
	b := scenario.New("cancelled").States("talks").Start("talks").Horizon(40)
	b.State("summit").Absorbing()
	b.State("collapse").Absorbing()
	b.Var("summit_day", param.Const(20))
	b.Transition("talks", "summit").Delay(scenario.At{Day: param.Expr("summit_day")})
	b.Transition("talks", "collapse").Delay(scenario.Days(4))
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, []string{"talks", "collapse"}, states(sc, tr))
}

// hazard: a move at 0.1 a day, doubled from day 5 on, when an event sets
// trust to 1.
func hazard(t *testing.T) *scenario.Scenario {
	t.Helper()
	b := scenario.New("hazard").States("talks").Start("talks").Horizon(10)
	b.State("deal").Absorbing()
	b.Var("trust", param.Const(0))
	b.Transition("talks", "deal").Delay(scenario.Exp(param.Expr("0.1 * (1 + trust)")))
	b.Event("confidence").Occurs(scenario.On(5, 1)).Do(scenario.Assign("trust", "1"))
	return mustBuild(t, b)
}

func TestRateThatReadsTheWorldChangesWithIt(t *testing.T) {
	sc := hazard(t)
	r := sc.NewRunner(scenario.RunOptions{})
	rng := newRNG(7)
	const n = 200000
	var by5, by10 int
	for range n {
		tr := r.Run(rng)
		if tr.End == scenario.EndAbsorbed {
			if tr.EndDay <= 5 {
				by5++
			}
			by10++
		}
	}
	// The cumulative hazard is 0.1·5 by day 5 and 0.5 + 0.2·5 by day 10.
	p5, p10 := 1-math.Exp(-0.5), 1-math.Exp(-1.5)
	se := func(p float64) float64 { return 4 * math.Sqrt(p*(1-p)/n) }
	assert.InDelta(t, p5, float64(by5)/n, se(p5))
	assert.InDelta(t, p10, float64(by10)/n, se(p10))
}

func TestRateThatTheWorldMakesNegativeFaultsTheRun(t *testing.T) {
	b := scenario.New("negative").States("talks").Start("talks").Horizon(10)
	b.State("deal").Absorbing()
	b.Var("trust", param.Const(0))
	b.Transition("talks", "deal").Delay(scenario.Exp(param.Expr("0.1 * (1 + trust)")))
	b.Event("rupture").Occurs(scenario.On(1, 1)).Do(scenario.Assign("trust", "-5"))
	sc := mustBuild(t, b)
	r := sc.NewRunner(scenario.RunOptions{})
	rng := newRNG(3)
	for range 100 {
		tr := r.Run(rng)
		if tr.End == scenario.EndAbsorbed {
			assert.LessOrEqual(t, tr.EndDay, 1.0)
			continue
		}
		require.Equal(t, scenario.EndFault, tr.End)
		assert.Equal(t, scenario.Transition(0), tr.Fault)
	}
}

func TestDistributionThatReadsTheWorldIsDrawnWhenEnabled(t *testing.T) {
	// A uniform delay from 0 to width, width read when the state is
	// entered (2) and kept when it changes on day 1 (to 100).
	b := scenario.New("drawn").States("talks").Start("talks").Horizon(200)
	b.State("deal").Absorbing()
	b.Var("width", param.Const(2))
	b.Transition("talks", "deal").Delay(scenario.After{Dist: param.Dist{Family: distuv.Uniform{}, Params: []param.Num{param.Const(0), param.Expr("width")}}})
	b.Event("widen").Occurs(scenario.On(1, 1)).Do(scenario.Assign("width", "100"))
	sc := mustBuild(t, b)
	r := sc.NewRunner(scenario.RunOptions{})
	rng := newRNG(5)
	for range 1000 {
		tr := r.Run(rng)
		require.Equal(t, scenario.EndAbsorbed, tr.End)
		assert.LessOrEqual(t, tr.EndDay, 2.0)
	}
}

func TestTimingsThatReadTheWorldAllocateNothing(t *testing.T) {
	for _, sc := range []*scenario.Scenario{announced(t, 0.5), hazard(t)} {
		r := sc.NewRunner(scenario.RunOptions{})
		rng := newRNG(1)
		r.Run(rng)
		assert.Zero(t, testing.AllocsPerRun(200, func() { r.Run(rng) }), sc.Name())
	}
}

func TestExactAnalysisReadsARateOverVariablesNothingChanges(t *testing.T) {
	b := scenario.New("static").States("talks").Start("talks").Horizon(10)
	b.State("deal").Absorbing()
	b.Var("trust", param.Const(1))
	b.Transition("talks", "deal").Delay(scenario.Exp(param.Expr("0.1 * (1 + trust)")))
	sc := mustBuild(t, b)
	c, err := chain.Of(sc)
	require.NoError(t, err)
	require.Len(t, c.Moves[0], 1)
	assert.InDelta(t, 0.2, c.Moves[0][0].Weight, 1e-15)

	// The hazard's rate reads a variable its event changes, which a chain
	// over states and values follows; its event on a day it cannot.
	_, err = chain.Of(hazard(t))
	require.Error(t, err)
	assert.True(t, errors.Is(err, scenario.ErrNotMarkov))
	assert.Contains(t, err.Error(), `scheduled on a day`)
	assert.NotContains(t, err.Error(), `"trust"`)

	_, err = chain.Of(announced(t, 0))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "computed from the world")
}

func TestExpressionsThatReadTheWorldAreRefusedWhereOnlyParametersMayBe(t *testing.T) {
	b := scenario.New("refused").States("talks").Start("talks").Horizon(10)
	b.State("deal").Absorbing()
	b.Var("trust", param.Const(1))
	b.Transition("talks", "deal").Delay(scenario.Days(param.Expr("2 * trust")))
	b.Event("e").Occurs(scenario.Exp(param.Expr("trust")))
	_, err := b.Build()
	require.Error(t, err)
	assert.Contains(t, err.Error(), `"2 * trust" reads the world`)
	assert.Contains(t, err.Error(), `"trust" reads the world`)
}

func TestExpressionOverParametersIsAFormula(t *testing.T) {
	b := scenario.New("formula").States("talks").Start("talks").Horizon(10)
	b.State("deal").Absorbing()
	b.Param(param.Parameter{Name: "mean", Default: 4})
	b.Transition("talks", "deal").Delay(scenario.Exp(param.Expr("1 / mean")))
	sc := mustBuild(t, b)
	assert.Contains(t, sc.TransitionDelay(0).Text, "0.25")
	sc2, err := sc.With(map[string]float64{"mean": 2})
	require.NoError(t, err)
	assert.Contains(t, sc2.TransitionDelay(0).Text, "0.5")
}
