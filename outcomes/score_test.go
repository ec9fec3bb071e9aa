package outcomes_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// forecasts is a Result that gives the named claims the probabilities.
func forecasts(claims map[string]float64) *outcomes.Result {
	r := &outcomes.Result{Scenario: "hand"}
	for name, p := range claims {
		r.Claims = append(r.Claims, outcomes.ClaimResult{Name: name, Estimate: outcomes.Estimate{P: p}})
	}
	return r
}

func TestScoresOnHandComputedCases(t *testing.T) {
	for _, tc := range []struct {
		name        string
		p           map[string]float64
		happened    map[string]bool
		brier, log  float64
		rel, res    float64
		uncertainty float64
	}{
		{"a constant 0.5 scores 0.25", map[string]float64{"a": 0.5, "b": 0.5}, map[string]bool{"a": true, "b": false},
			0.25, math.Ln2, 0, 0, 0.25},
		{"a perfect forecast scores 0", map[string]float64{"a": 1, "b": 0}, map[string]bool{"a": true, "b": false},
			0, 0, 0, 0.25, 0.25},
		// Brier (0.04 + 0.64 + 0.04 + 0.04) / 4 = 0.19; base rate 0.75,
		// uncertainty 0.1875; reliability 0.5·0.3² + 0.5·0.2² = 0.065;
		// resolution 0.5·0.25² + 0.5·0.25² = 0.0625.
		{"Murphy's decomposition", map[string]float64{"a": 0.2, "b": 0.2, "c": 0.8, "d": 0.8},
			map[string]bool{"a": false, "b": true, "c": true, "d": true},
			0.19, -(math.Log(0.8) + math.Log(0.2) + 2*math.Log(0.8)) / 4, 0.065, 0.0625, 0.1875},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var hs []scenario.Statement
			for _, name := range []string{"a", "b", "c", "d"} {
				if h, ok := tc.happened[name]; ok {
					hs = append(hs, scenario.ClaimNamed(name).Known(truth(h), "", ""))
				}
			}
			s, err := outcomes.ScoreForecasts([]*outcomes.Result{forecasts(tc.p)}, hs, 10)
			require.NoError(t, err)
			assert.InDelta(t, tc.brier, s.Brier, 1e-12)
			assert.InDelta(t, tc.log, s.Log, 1e-12)
			assert.InDelta(t, tc.rel, s.Reliability, 1e-12)
			assert.InDelta(t, tc.res, s.Resolution, 1e-12)
			assert.InDelta(t, tc.uncertainty, s.Uncertainty, 1e-12)
			assert.InDelta(t, s.Brier, s.Reliability-s.Resolution+s.Uncertainty, 1e-12, "exact: forecasts within a bin are equal")
			assert.InDelta(t, 0, s.WithinBin, 1e-12)
		})
	}
}

func TestACertainForecastThatFailsScoresInfinity(t *testing.T) {
	s, err := outcomes.ScoreForecasts([]*outcomes.Result{forecasts(map[string]float64{"sure": 1, "maybe": 0.5})},
		[]scenario.Statement{scenario.ClaimNamed("sure").Known(scenario.TruthNotHeld, "", ""), scenario.ClaimNamed("maybe").Known(scenario.TruthHeld, "", "")}, 0)
	require.NoError(t, err)
	assert.True(t, math.IsInf(s.Log, 1), "reported, not clamped")
	assert.InDelta(t, (1+0.25)/2, s.Brier, 1e-12)
	_, err = outcomes.ScoreForecasts([]*outcomes.Result{forecasts(map[string]float64{"a": 0.3})},
		[]scenario.Statement{scenario.ClaimNamed("b").Known(scenario.TruthHeld, "", "")}, 0)
	assert.ErrorContains(t, err, "no result forecasts b")
}

// A thing that happened once is scored once: a happening listed twice, or
// a result that lists a claim twice, leaves it unclear what to score.
func TestScoreRefusesDuplicates(t *testing.T) {
	r := forecasts(map[string]float64{"a": 0.3})
	_, err := outcomes.ScoreForecasts([]*outcomes.Result{r}, []scenario.Statement{scenario.ClaimNamed("a").Known(scenario.TruthHeld, "", ""), scenario.ClaimNamed("a").Known(scenario.TruthNotHeld, "", "")}, 0)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "a is listed twice, as happenings 0 and 1")
	r.Claims = append(r.Claims, r.Claims[0])
	_, err = outcomes.ScoreForecasts([]*outcomes.Result{r}, []scenario.Statement{scenario.ClaimNamed("a").Known(scenario.TruthHeld, "", "")}, 0)
	require.Error(t, err)
	assert.Contains(t, err.Error(), `lists claim "a" twice`)
}

// truth is what a record knows of a statement that happened, or did not.
func truth(happened bool) scenario.Truth {
	if happened {
		return scenario.TruthHeld
	}
	return scenario.TruthNotHeld
}
