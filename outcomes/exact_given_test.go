package outcomes_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// Exact conditioning agrees with rejection over runs on every quantity
// both give, for observations of each kind Exact takes.
func TestExactGivenAgreesWithRejection(t *testing.T) {
	sc := referenceChain(t)
	for _, given := range [][]scenario.Statement{
		{scenario.Entered("arranged", 0, 7).Negate(), scenario.Entered("stalled", 0, 7).Negate()},
		{scenario.InState("bilateral", 20)},
		{scenario.Entered("expert", 3, 15), scenario.InState("trilateral", 40).Negate()},
	} {
		t.Run(given[0].String(), func(t *testing.T) {
			ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Given: given, Outputs: []string{"everything"}})
			require.NoError(t, err)
			mc := run(t, sc, outcomes.Config{Runs: 40_000, Seed: 5, Confidence: conf999, Given: given})
			assert.True(t, mc.Given.Likelihood.Contains(ex.Given.Likelihood.P), "likelihood %v outside %+v", ex.Given.Likelihood.P, mc.Given.Likelihood)
			for i, h := range ex.Given.Held {
				assert.True(t, mc.Given.Held[i].Contains(h.P), "observation %d alone: %v outside %+v", i, h.P, mc.Given.Held[i])
			}
			check := func(what string, e outcomes.Estimate, p float64) {
				t.Helper()
				assert.True(t, e.Contains(p), "%s: exact %.6f outside [%.6f, %.6f]", what, p, e.Lo, e.Hi)
			}
			for _, f := range ex.Final {
				e, _ := mc.FinalState(f.Name)
				check("final "+f.Name, e, f.P)
			}
			for _, c := range ex.Claims {
				e, _ := mc.Claim(c.Name)
				check("claim "+c.Name, e, c.P)
			}
			for _, r := range ex.Routes {
				g, _ := mc.Route(r.Name)
				for i := range ex.Days {
					check("route completed", g.CompletedBy[i], r.CompletedBy[i].P)
					check("route closed", g.ClosedAt[i], r.ClosedAt[i].P)
				}
			}
			for _, s := range ex.States {
				g, ok := mc.State(s.Name)
				require.True(t, ok)
				for i := range ex.Days {
					check("reached "+s.Name, g.ReachedBy[i], s.ReachedBy[i].P)
				}
			}
		})
	}
}

// The Markov property, exactly: given that the chain is in j at day d, the
// distribution at day t is row j of P(t - d).
func TestExactGivenMarkovProperty(t *testing.T) {
	sc := referenceChain(t)
	m, err := outcomes.NewMarkov(sc)
	require.NoError(t, err)
	ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Given: []scenario.Statement{scenario.InState("arranged", 10)}})
	require.NoError(t, err)
	p := m.TransitionMatrix(90 - 10)
	j, _ := sc.State("arranged")
	for _, f := range ex.Final {
		if f.Name == "open" {
			continue
		}
		s, _ := sc.State(f.Name)
		assert.InDelta(t, p.At(int(j), int(s)), f.P, 1e-9, f.Name)
	}
	// And the likelihood is P(X_10 = arranged).
	assert.InDelta(t, m.TransitionMatrix(10).At(int(sc.Start()), int(j)), ex.Given.Likelihood.P, 1e-12)
}

func TestExactGivenRefuses(t *testing.T) {
	sc := referenceChain(t)
	ctx := context.Background()
	_, err := outcomes.Exact(ctx, sc, &outcomes.ExactConfig{Given: []scenario.Statement{scenario.RouteAt("us", 5, scenario.RouteOpen)}})
	require.ErrorIs(t, err, outcomes.ErrNotExact)
	assert.ErrorContains(t, err, "needs Run with Given")
	_, err = outcomes.Exact(ctx, sc, &outcomes.ExactConfig{Given: []scenario.Statement{scenario.InState("framework", 0)}})
	require.ErrorIs(t, err, outcomes.ErrEvidence)
}

// The Markov property: runs started in j on day d (Scenario.From) follow
// the law of the chain conditioned on being in j on day d.
func TestFromNowMatchesConditioning(t *testing.T) {
	sc := referenceChain(t)
	ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Given: []scenario.Statement{scenario.InState("arranged", 10)}})
	require.NoError(t, err)
	from, err := sc.From(scenario.Now{Day: 10, Path: []scenario.Visit{{State: "arranged", Day: 10}}})
	require.NoError(t, err)
	mc := run(t, from, outcomes.Config{Runs: 100_000, Seed: 8, Confidence: conf999})
	for _, f := range ex.Final {
		e, _ := mc.FinalState(f.Name)
		assert.True(t, e.Contains(f.P), "final %s: exact %.6f outside [%.6f, %.6f]", f.Name, f.P, e.Lo, e.Hi)
	}
	for _, c := range ex.Claims {
		e, _ := mc.Claim(c.Name)
		assert.True(t, e.Contains(c.P), "claim %s: exact %.6f outside [%.6f, %.6f]", c.Name, c.P, e.Lo, e.Hi)
	}

	// Exactly: Exact from j on day d equals Exact conditioned on j on day d
	// on every day from d, for final states, states reached, claims after d
	// and the chain's distribution.
	exFrom, err := outcomes.Exact(context.Background(), from, &outcomes.ExactConfig{Outputs: []string{"everything"}})
	require.NoError(t, err)
	assert.Nil(t, exFrom.Given)
	assert.Equal(t, 10.0, exFrom.From)
	for i, f := range ex.Final {
		assert.InDelta(t, f.P, exFrom.Final[i].P, 1e-12, f.Name)
	}
	for i, c := range ex.Claims {
		assert.InDelta(t, c.P, exFrom.Claims[i].P, 1e-12, c.Name)
	}
	for _, s := range exFrom.States {
		c, ok := ex.State(s.Name)
		if !ok {
			continue
		}
		for i, d := range ex.Days {
			if d >= 10 && s.Name != "call" && s.Name != "expert" {
				assert.InDelta(t, c.ReachedBy[i].P, s.ReachedBy[i].P, 1e-12, "%s by day %v", s.Name, d)
			}
		}
	}
	// Before now, the past as given: in arranged from day 10, nothing before.
	arranged, _ := exFrom.State("arranged")
	assert.Equal(t, 0.0, arranged.ReachedBy[9].P)
	assert.InDelta(t, 1.0, arranged.ReachedBy[10].P, 1e-12)
}

// A scenario from now with a past that settles observations: consistent
// ones change nothing, inconsistent ones have probability zero.
func TestExactFromNowWithObservations(t *testing.T) {
	sc := referenceChain(t)
	from, err := sc.From(scenario.Now{Day: 10, Path: []scenario.Visit{{State: "call"}, {State: "arranged", Day: 4}}})
	require.NoError(t, err)
	plain, err := outcomes.Exact(context.Background(), from, nil)
	require.NoError(t, err)
	given, err := outcomes.Exact(context.Background(), from, &outcomes.ExactConfig{Given: []scenario.Statement{scenario.Entered("arranged", 0, 5)}})
	require.NoError(t, err)
	assert.Equal(t, 1.0, given.Given.Likelihood.P)
	for i, f := range plain.Final {
		assert.InDelta(t, f.P, given.Final[i].P, 1e-12)
	}
	// The route: call -> arranged so far, in order.
	rt, _ := plain.Route("us")
	mc := run(t, from, outcomes.Config{Runs: 50_000, Seed: 2, Confidence: conf999})
	mrt, _ := mc.Route("us")
	for i := range plain.Days {
		assert.True(t, mrt.CompletedBy[i].Contains(rt.CompletedBy[i].P), "day %v", plain.Days[i])
		assert.True(t, mrt.ClosedAt[i].Contains(rt.ClosedAt[i].P), "day %v", plain.Days[i])
	}
	_, err = outcomes.Exact(context.Background(), from, &outcomes.ExactConfig{Given: []scenario.Statement{scenario.Entered("arranged", 0, 3)}})
	require.ErrorIs(t, err, outcomes.ErrEvidence)

	b := scenario.New("vars").States("call").Start("call").Horizon(30)
	b.State("deal").Absorbing()
	b.Var("ready", param.Const(0))
	b.Transition("call", "deal").Delay(scenario.Exp(0.1)).When(scenario.Condition{Text: "ready >= 1"})
	withVars, err := build(t, b).From(scenario.Now{Day: 3, Path: []scenario.Visit{{State: "call"}}, Vars: map[string]float64{"ready": 1}})
	require.NoError(t, err)
	_, err = outcomes.Exact(context.Background(), withVars, nil)
	require.ErrorIs(t, err, outcomes.ErrNotExact)
	assert.ErrorContains(t, err, "variables set")
}

// Routes that a self-loop moves ("officials twice") are conditioned as the
// runs are: re-entering a state counts.
func TestExactGivenRoutesWithSelfLoops(t *testing.T) {
	sc := markovSummit(t)
	given := []scenario.Statement{scenario.Entered("officials", 0, 10)}
	ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Given: given})
	require.NoError(t, err)
	mc := run(t, sc, outcomes.Config{Runs: 30_000, Seed: 4, Confidence: conf999, Given: given})
	for _, r := range ex.Routes {
		g, _ := mc.Route(r.Name)
		for i, d := range ex.Days {
			assert.True(t, g.CompletedBy[i].Contains(r.CompletedBy[i].P), "%s completed by day %v: exact %.5f outside [%.5f, %.5f]", r.Name, d, r.CompletedBy[i].P, g.CompletedBy[i].Lo, g.CompletedBy[i].Hi)
		}
	}
	twice, _ := ex.Route("officials-twice")
	assert.Greater(t, twice.Completed.P, 0.1, "the self-loop completes the route")
}
