package outcomes_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// claims makes a Result that forecasts the named claims at the given
// probabilities.
func claims(scenario string, ps map[string]float64) *outcomes.Result {
	r := &outcomes.Result{Scenario: scenario}
	for name, p := range ps {
		r.Claims = append(r.Claims, outcomes.ClaimResult{Name: name, Estimate: outcomes.Estimate{P: p, Lo: p, Hi: p}})
	}
	return r
}

// TestScoreCasebook checks the model's and the leave-one-case-out
// baseline's scores against sums worked by hand.
func TestScoreCasebook(t *testing.T) {
	cases := []outcomes.CaseRecord{
		{Name: "a", Result: claims("a", map[string]float64{"x": 0.9, "y": 0.2}),
			Happened: []scenario.Statement{scenario.ClaimNamed("x").Known(scenario.TruthHeld, "", ""), scenario.ClaimNamed("y").Known(scenario.TruthNotHeld, "", "")}},
		{Name: "b", Result: claims("b", map[string]float64{"z": 0.5}),
			Happened: []scenario.Statement{scenario.ClaimNamed("z").Known(scenario.TruthHeld, "", "")}},
		{Name: "c", Result: claims("c", map[string]float64{"w": 0.1}),
			Happened: []scenario.Statement{scenario.ClaimNamed("w").Known(scenario.TruthNotHeld, "", "")}},
	}
	bt, err := outcomes.ScoreCasebook(cases, 10)
	require.NoError(t, err)
	require.Len(t, bt.Cases, 3)
	// The rule of succession on the other cases: case a sees 1 true of 2,
	// (1+1)/(2+2); case b 1 of 3, 2/5; case c 2 of 3, 3/5.
	assert.InDelta(t, 0.5, bt.Cases[0].BaseRate, 1e-15)
	assert.InDelta(t, 0.4, bt.Cases[1].BaseRate, 1e-15)
	assert.InDelta(t, 0.6, bt.Cases[2].BaseRate, 1e-15)
	assert.InDelta(t, (0.01+0.04)/2, bt.Cases[0].Brier, 1e-15)
	assert.InDelta(t, 0.25, bt.Cases[0].BaselineBrier, 1e-15)
	assert.InDelta(t, 0.36, bt.Cases[1].BaselineBrier, 1e-15)
	assert.InDelta(t, 0.36, bt.Cases[2].BaselineBrier, 1e-15)
	assert.Equal(t, 4, bt.Model.N)
	assert.InDelta(t, (0.01+0.04+0.25+0.01)/4, bt.Model.Brier, 1e-15)
	assert.InDelta(t, (0.25+0.25+0.36+0.36)/4, bt.Baseline.Brier, 1e-15)
	assert.Less(t, bt.Model.Brier, bt.Baseline.Brier, "this model beats the base rate")

	_, err = outcomes.ScoreCasebook(cases[:1], 10)
	assert.ErrorContains(t, err, "at least two cases")
	bad := append(cases[:2:2], outcomes.CaseRecord{Name: "d", Result: claims("d", nil), Happened: []scenario.Statement{scenario.ClaimNamed("nope").Known(scenario.TruthHeld, "", "")}})
	_, err = outcomes.ScoreCasebook(bad, 10)
	assert.ErrorContains(t, err, "case d")
	_, err = outcomes.ScoreCasebook(append(cases[:2:2], cases[0]), 10)
	assert.ErrorContains(t, err, `case "a" twice`)
}

// The skill's bootstrap interval over cases: it holds the skill of the
// whole casebook, is the same for the same seed, and narrows as the
// casebook grows with cases like those it has.
func TestBacktestSkillInterval(t *testing.T) {
	book := func(copies int) []outcomes.CaseRecord {
		var cs []outcomes.CaseRecord
		for k := range copies {
			for i, c := range []struct {
				p        float64
				happened bool
			}{{0.8, true}, {0.3, false}, {0.6, false}, {0.7, true}, {0.2, false}, {0.4, true}} {
				name := string(rune('a'+i)) + string(rune('0'+k%10)) + string(rune('0'+k/10))
				truth := scenario.TruthNotHeld
				if c.happened {
					truth = scenario.TruthHeld
				}
				cs = append(cs, outcomes.CaseRecord{Name: name, Result: claims(name, map[string]float64{"x": c.p}),
					Happened: []scenario.Statement{scenario.ClaimNamed("x").Known(truth, "", "")}})
			}
		}
		return cs
	}
	small, err := outcomes.ScoreCasebook(book(1), 10)
	require.NoError(t, err)
	s, err := small.Skill(0, 7, 0)
	require.NoError(t, err)
	assert.InDelta(t, 1-small.Model.Brier/small.Baseline.Brier, s.Brier, 1e-12)
	assert.InDelta(t, 1-small.Model.Log/small.Baseline.Log, s.Log, 1e-12)
	assert.LessOrEqual(t, s.BrierLo, s.Brier)
	assert.GreaterOrEqual(t, s.BrierHi, s.Brier)
	assert.Equal(t, 2000, s.Resamples)
	again, err := small.Skill(0, 7, 0)
	require.NoError(t, err)
	assert.Equal(t, s, again, "the same seed, the same interval")

	large, err := outcomes.ScoreCasebook(book(16), 10)
	require.NoError(t, err)
	l, err := large.Skill(0, 7, 0)
	require.NoError(t, err)
	assert.Less(t, l.BrierHi-l.BrierLo, (s.BrierHi-s.BrierLo)/2, "sixteen times the cases, a quarter of the width or so")

	_, err = small.Skill(-1, 1, 0)
	assert.Error(t, err)
	_, err = small.Skill(0, 1, 1.5)
	assert.Error(t, err)
}
