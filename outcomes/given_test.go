package outcomes_test

import (
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// Conditioning on passing through a state, against Bayes on the
// fundamental matrix: with h the probability of ever visiting "expert"
// from "call" (N[call,expert]/N[expert,expert]) and B the absorption
// probabilities, P(b | visited) = B[expert,b] (the chain restarts there)
// and P(b | not visited) = (B[call,b] - h B[expert,b]) / (1 - h).
func TestGivenAgainstFundamentalMatrix(t *testing.T) {
	sc := referenceChain(t)
	m, err := outcomes.NewMarkov(sc)
	require.NoError(t, err)
	nm, transient, err := m.Fundamental()
	require.NoError(t, err)
	b, _, absorbing, _, err := m.Absorption()
	require.NoError(t, err)
	row := func(name string) int {
		s, _ := sc.State(name)
		for i, x := range transient {
			if x == s {
				return i
			}
		}
		t.Fatalf("%s not transient", name)
		return -1
	}
	call, expert := row("call"), row("expert")
	h := nm.At(call, expert) / nm.At(expert, expert)

	const horizon = 5000 // every run absorbed long before
	visited := scenario.Entered("expert", 0, horizon)
	for _, tc := range []struct {
		obs  scenario.Statement
		want func(col int) float64
		lik  float64
	}{
		{visited, func(col int) float64 { return b.At(expert, col) }, h},
		{visited.Negate(), func(col int) float64 { return (b.At(call, col) - h*b.At(expert, col)) / (1 - h) }, 1 - h},
	} {
		t.Run(tc.obs.String(), func(t *testing.T) {
			res := run(t, sc, outcomes.Config{Runs: 60_000, Seed: 3, Horizon: horizon, Confidence: conf999, Given: []scenario.Statement{tc.obs}})
			require.NotNil(t, res.Given)
			assert.GreaterOrEqual(t, res.Given.Accepted, int64(60_000))
			assert.Equal(t, res.Given.Accepted, res.MonteCarlo.Runs)
			assert.True(t, res.Given.Likelihood.Contains(tc.lik), "likelihood %v outside %+v", tc.lik, res.Given.Likelihood)
			for col, s := range absorbing {
				e, ok := res.FinalState(sc.StateName(s))
				require.True(t, ok)
				assert.True(t, e.Contains(tc.want(col)), "%s: Bayes %.5f outside [%.5f, %.5f]", sc.StateName(s), tc.want(col), e.Lo, e.Hi)
			}
		})
	}
}

// The likelihood of "reached by day d" is the exact reach probability, and
// conditioning on it leaves only runs that reached it.
func TestGivenLikelihoodMatchesExact(t *testing.T) {
	sc := referenceChain(t)
	ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"everything"}})
	require.NoError(t, err)
	want, err := ex.Estimate("state:bilateral@14")
	require.NoError(t, err)
	res := run(t, sc, outcomes.Config{Runs: 4000, Seed: 9, Confidence: conf999, Given: []scenario.Statement{scenario.Entered("bilateral", 0, 14)}})
	assert.True(t, res.Given.Likelihood.Contains(want.P), "exact %v outside %+v", want.P, res.Given.Likelihood)
	got, err := res.Estimate("state:bilateral@14")
	require.NoError(t, err)
	assert.Equal(t, 1.0, got.P, "every accepted run reached bilateral by day 14")
	claim, _ := res.Claim("bilateral-by-14")
	assert.Equal(t, 1.0, claim.P)
}

func TestGivenSameForAnyWorkers(t *testing.T) {
	sc := referenceChain(t)
	given := []scenario.Statement{scenario.Entered("arranged", 0, 20), scenario.Entered("stalled", 0, 10).Negate()}
	var first *outcomes.Result
	for _, w := range []int{1, 2, 5} {
		res := run(t, sc, outcomes.Config{Runs: 3000, Seed: 11, Workers: w, Given: given})
		if first == nil {
			first = res
			continue
		}
		assert.Equal(t, first, res, "workers %d", w)
	}
	assert.Equal(t, first.Given.Accepted, first.MonteCarlo.Runs)
	assert.Greater(t, first.Given.Made, first.Given.Accepted)
	assert.Len(t, first.Given.Held, 2)
}

func TestGivenErrors(t *testing.T) {
	sc := referenceChain(t)
	ctx := context.Background()
	_, err := outcomes.Run(ctx, sc, &outcomes.Config{Given: []scenario.Statement{scenario.Entered("bilaterl", 0, 5)}})
	require.ErrorIs(t, err, scenario.ErrDefinition)
	assert.ErrorContains(t, err, `unknown state "bilaterl"`)
	assert.ErrorContains(t, err, "bilateral")

	_, err = outcomes.Run(ctx, sc, &outcomes.Config{Given: []scenario.Statement{scenario.Entered("bilateral", 0, 500)}})
	require.ErrorIs(t, err, outcomes.ErrConfig)
	assert.ErrorContains(t, err, "past the horizon")

	_, err = outcomes.Run(ctx, sc, &outcomes.Config{Precision: 0.01, Given: []scenario.Statement{scenario.Entered("bilateral", 0, 5)}})
	require.ErrorIs(t, err, outcomes.ErrConfig)

	// Framework by day 0.5 needs four jumps in half a day: too rare for
	// 20,000 runs. The error names it. None of the first block of 1,024
	// runs is consistent, so the joint probability is below 3/1,024 and
	// the 20,000 runs allowed would give about 60 at most, not the 1,000
	// wanted: the run stops there rather than spend them.
	res, err := outcomes.Run(ctx, sc, &outcomes.Config{Runs: 1000, MaxRuns: 20_000, Seed: 1,
		Given: []scenario.Statement{scenario.Entered("arranged", 0, 60), scenario.Entered("framework", 0, 0.5)}})
	require.True(t, errors.Is(err, outcomes.ErrEvidence), "%v", err)
	assert.ErrorContains(t, err, "framework entered by day 0.5")
	require.NotNil(t, res)
	assert.Equal(t, int64(outcomes.BlockSize), res.Given.Made)
}

func TestObservationKinds(t *testing.T) {
	b := scenario.New("kinds").States("talks").Start("talks").Horizon(30)
	b.State("deal").Absorbing()
	b.Var("pressure", param.Const(1))
	b.Event("strike").Occurs(scenario.On(5, 1)).Do(scenario.Assign("pressure", "pressure + 2"))
	b.Transition("talks", "deal").Delay(scenario.Days(10))
	b.Route("to-deal", "talks", "deal")
	sc := build(t, b)
	for _, tc := range []struct {
		obs  scenario.Statement
		want bool
	}{
		{scenario.VariableAt("pressure", 4.9, 1, 1), true},
		{scenario.VariableAt("pressure", 5, 3, 3), true},
		{scenario.VariableAt("pressure", 30, 3, 3), true},
		{scenario.InState("talks", 9.9), true},
		{scenario.InState("deal", 10), true},
		{scenario.Occurred("strike", 5, 5), true},
		{scenario.Occurred("strike", 0, 4.9), false},
		{scenario.Occurred("strike", 0, 4.9).Negate(), true},
		{scenario.Entered("deal", 0, 9), false},
		{scenario.Entered("deal", 10, 20), true},
		{scenario.RouteAt("to-deal", 9, scenario.RouteOpen), true},
		{scenario.RouteAt("to-deal", 10, scenario.RouteCompleted), true},
	} {
		res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 10, MaxRuns: 2048, Given: []scenario.Statement{tc.obs}})
		if tc.want {
			require.NoError(t, err, tc.obs.String())
			assert.Equal(t, 1.0, res.Given.Likelihood.P, tc.obs.String())
		} else {
			require.ErrorIs(t, err, outcomes.ErrEvidence, tc.obs.String())
			assert.Zero(t, res.Given.Accepted)
		}
	}
}

func TestGivenImpossible(t *testing.T) {
	b := scenario.New("islands").States("call", "talks", "island").Start("call").Horizon(30)
	b.State("deal").Absorbing()
	b.Transition("call", "talks").Delay(scenario.Exp(0.5))
	b.Transition("talks", "deal").Delay(scenario.Exp(0.5))
	b.Transition("island", "deal").Delay(scenario.Exp(0.5))
	sc := build(t, b)
	_, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Given: []scenario.Statement{scenario.Entered("island", 0, 10)}})
	require.ErrorIs(t, err, outcomes.ErrEvidence)
	assert.ErrorContains(t, err, `Given[0] (island entered by day 10) has probability zero in "islands": no run enters "island": it cannot be reached from "call"`)
	// Not entering it is certain, and fine.
	res := run(t, sc, outcomes.Config{Runs: 100, Given: []scenario.Statement{scenario.Entered("island", 0, 10).Negate()}})
	assert.Equal(t, 1.0, res.Given.Likelihood.P)
	// From talks, call is in the past: entered, but not reachable again.
	from, err := sc.From(scenario.Now{Day: 5, Path: []scenario.Visit{{State: "call"}, {State: "talks", Day: 2}}})
	require.NoError(t, err)
	res = run(t, from, outcomes.Config{Runs: 100, Given: []scenario.Statement{scenario.Entered("call", 0, 1)}})
	assert.Equal(t, 1.0, res.Given.Likelihood.P)
}
