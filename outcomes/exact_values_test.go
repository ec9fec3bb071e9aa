package outcomes_test

import (
	"context"
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/problem"
	"github.com/parleysim/parley/scenario"
)

// A hazard that reads a variable an event sets: the chain over (state,
// trust) has three nodes, talks with trust 0 or 1 and the deal, and
// closed forms. With a the deal's rate at trust 0, b at trust 1 and g the
// gesture's rate, P(no deal by t) = e^{-(a+g)t} + g/(a+g-b)·(e^{-bt} -
// e^{-(a+g)t}), and P(a gesture by t) = g/(a+g)·(1 - e^{-(a+g)t}) (it
// occurs while talks last).
func TestExactFollowsAVariableARateReads(t *testing.T) {
	const a, b, g = 0.02, 0.2, 0.1
	bl := scenario.New("gesture").States("talks").Start("talks").Horizon(40)
	bl.State("deal").Absorbing()
	bl.Var("trust", param.Const(0))
	bl.Transition("talks", "deal").Delay(scenario.Exp(param.Expr("0.02 + 0.18 * trust")))
	bl.Event("gesture").Occurs(scenario.Exp(g)).In("talks").Do(scenario.Assign("trust", "1"))
	bl.Claim(scenario.Entered("deal", 0, 10).Named("deal-10"))
	bl.Claim(scenario.Occurred("gesture", 0, 5).Named("gesture-5"))
	bl.Route("deal", "talks", "deal")
	sc := build(t, bl)

	res, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"everything"}})
	require.NoError(t, err)
	noDeal := func(t float64) float64 {
		return math.Exp(-(a+g)*t) + g/(a+g-b)*(math.Exp(-b*t)-math.Exp(-(a+g)*t))
	}
	assert.Equal(t, []string{"trust"}, res.Exact.Follows)
	assert.Equal(t, 3, res.Exact.Pairs, "talks with trust 0 and 1, and the deal (one node, whatever trust: nothing happens there)")
	deal, _ := res.FinalState("deal")
	assert.InDelta(t, 1-noDeal(40), deal.P, 1e-12)
	open, _ := res.FinalState("open")
	assert.InDelta(t, noDeal(40), open.P, 1e-12)
	c, _ := res.Claim("deal-10")
	assert.InDelta(t, 1-noDeal(10), c.P, 1e-12)
	c, _ = res.Claim("gesture-5")
	assert.InDelta(t, g/(a+g)*(1-math.Exp(-(a+g)*5)), c.P, 1e-12)
	rt, _ := res.Route("deal")
	assert.InDelta(t, 1-noDeal(40), rt.Completed.P, 1e-12, "a gesture changes trust without entering talks again")
	st, _ := res.State("deal")
	by, err := st.By(res, 10)
	require.NoError(t, err)
	assert.InDelta(t, 1-noDeal(10), by.P, 1e-12)

	// The same chain over states alone is not one: NewMarkov's matrices
	// are over states, and it says which variables it would follow.
	_, err = outcomes.NewMarkov(sc)
	require.Error(t, err)
	assert.True(t, errors.Is(err, outcomes.ErrNotExact))
	var pe *problem.Error
	require.ErrorAs(t, err, &pe)
	require.Len(t, pe.Problems, 1)
	assert.Equal(t, "trust", pe.Problems[0].Name)

	// Conditioning exactly over states and values is not done: Run does.
	_, err = outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Given: []scenario.Statement{scenario.Entered("deal", 0, 10)}})
	require.Error(t, err)
	assert.True(t, errors.Is(err, outcomes.ErrNotExact))
	assert.Contains(t, err.Error(), `follows the values of trust`)
}

// valuesSummit is a negotiation whose course reads its own history:
// gestures and provocations move trust, which sets the rate of talks and
// whether the North accepts a summit; a summit counts into met, which
// decides whether talks resume; a decline goes back to talks.
func valuesSummit(t testing.TB) *scenario.Scenario {
	m, err := actors.NewModel(nil, []actors.Actor{
		{ID: "DPRK", Accept: scenario.When{Guard: scenario.Condition{Text: "trust >= 1 || met >= 1"}}},
		{ID: "US"},
	}, nil)
	require.NoError(t, err)
	b := scenario.New("values-summit").States("talks", "proposed", "summit").Start("talks").Horizon(60).Actors(m)
	b.State("deal").Absorbing()
	b.State("collapse").Absorbing()
	b.Var("trust", param.Const(0))
	b.Var("met", param.Const(0))
	b.Event("gesture").Occurs(scenario.Exp(0.08)).In("talks", "proposed").When(scenario.Condition{Text: "trust < 2"}).Do(scenario.Assign("trust", "trust + 1"))
	b.Event("provocation").Occurs(scenario.Exp(0.05)).In("talks", "proposed", "summit").Do(scenario.Assign("trust", "0"))
	b.Event("walkout").Occurs(scenario.Exp(0.01)).In("summit").When(scenario.Condition{Text: "trust == 0"}).Goto("collapse")
	b.Transition("talks", "proposed").Delay(scenario.Exp(param.Expr("0.05 * (1 + trust)")))
	b.Transition("proposed", "summit").Delay(scenario.Exp(0.3)).Participants("DPRK", "US").OnDecline(scenario.AfterDecline{To: "talks"}).Do(scenario.Assign("met", "met + 1"))
	b.Transition("summit", "talks").Named("resume").Delay(scenario.Exp(0.2)).When(scenario.Condition{Text: "met < 2"})
	b.Transition("summit", "deal").Delay(scenario.Exp(param.Expr("0.04 * met")))
	b.Transition("talks", "collapse").Delay(scenario.Exp(0.01))
	b.Route("two-summits", "summit", "talks", "summit").InOrder()
	b.Route("talks-twice", "talks", "talks")
	b.Claim(scenario.Entered("summit", 0, 30).Named("summit-30"))
	b.Claim(scenario.RouteAt("two-summits", 45, scenario.RouteCompleted).Named("second-summit-45"))
	b.Claim(scenario.Occurred("walkout", 0, 60).Named("walkout"))
	return build(t, b)
}

func TestExactOverStatesAndValuesAgreesWithMonteCarlo(t *testing.T) {
	sc := valuesSummit(t)
	ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"everything"}})
	require.NoError(t, err)
	mc := run(t, sc, outcomes.Config{Runs: 200_000, Seed: 23, Confidence: conf999})
	agreeWithRuns(t, ex, mc, 20)
	sum := 0.0
	for _, f := range ex.Final {
		sum += f.P
	}
	assert.InDelta(t, 1, sum, 1e-9)
	require.NotNil(t, ex.Exact.MeanTimeToAbsorption)
	abs := 0.0
	for _, o := range ex.Exact.Absorption {
		abs += o.P
	}
	assert.InDelta(t, 1, abs, 1e-9, "every run ends in deal or collapse")
}

// A retry that keeps its own clock across changes of the world would make
// the chain remember the decline: refused, at the transition.
func TestExactRefusesARetryThatRemembersADecline(t *testing.T) {
	m, err := actors.NewModel(nil, []actors.Actor{{ID: "A", Accept: scenario.When{Guard: scenario.Condition{Text: "ready == 1"}}}}, nil)
	require.NoError(t, err)
	b := scenario.New("retry").States("talks").Start("talks").Horizon(30).Actors(m)
	b.State("summit").Absorbing()
	b.Var("ready", param.Const(0))
	b.Event("prepare").Occurs(scenario.Exp(0.1)).Do(scenario.Assign("ready", "1"))
	b.Transition("talks", "summit").Delay(scenario.Exp(0.2)).Participants("A").OnDecline(scenario.AfterDecline{Retry: scenario.Days(3)})
	_, err = outcomes.Exact(context.Background(), build(t, b), nil)
	require.Error(t, err)
	assert.True(t, errors.Is(err, outcomes.ErrNotExact))
	assert.Contains(t, err.Error(), `transition "talks->summit": onDecline: its meeting is declined in some worlds the chain reaches and accepted in others`)
}
