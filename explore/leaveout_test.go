package explore_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// talksCase is a synthetic case of a casebook: talks that end in agreement
// (with the shared probability agree_share) or a break, after an
// exponential time whose mean is the case's own; its claims are an
// agreement by day d1 and a break by day d2.
func talksCase(t testing.TB, name string, mean, d1, d2 float64) *scenario.Scenario {
	t.Helper()
	text := fmt.Sprintf(`name: %s
start: talks
horizon: 400
parameters:
  - {name: agree_share, default: 0.5, range: [0.05, 0.95]}
  - {name: mean_days, default: %g}
states:
  - {name: talks}
  - {name: agreed, absorbing: true}
  - {name: broken, absorbing: true}
transitions:
  - {from: talks, to: agreed, rate: "agree_share / mean_days"}
  - {from: talks, to: broken, rate: "(1 - agree_share) / mean_days"}
claims:
  - {name: agreed-by, reached: agreed, by: %g}
  - {name: broken-by, reached: broken, by: %g}
`, name, mean, d1, d2)
	sc, err := scenariofile.Parse(name+".yaml", []byte(text))
	require.NoError(t, err)
	return sc
}

// syntheticCasebook draws a casebook of n cases from a true agree_share:
// each case's course is drawn at the truth, and its claims' outcomes are
// what the course made of them.
func syntheticCasebook(t testing.TB, truth float64, n int, rng *rand.Rand) []explore.History {
	var hs []explore.History
	for k := range n {
		mean := 5 + 40*rng.Float64()
		d1, d2 := float64(3+rng.IntN(60)), float64(3+rng.IntN(60))
		sc := talksCase(t, fmt.Sprintf("case%d", k), mean, d1, d2)
		day := rng.ExpFloat64() * mean
		agreed := rng.Float64() < truth
		truthOf := func(b bool) scenario.Truth {
			if b {
				return scenario.TruthHeld
			}
			return scenario.TruthNotHeld
		}
		obs := []scenario.Statement{
			scenario.ClaimNamed("agreed-by").Known(truthOf(agreed && day <= d1), "", ""),
			scenario.ClaimNamed("broken-by").Known(truthOf(!agreed && day <= d2), "", ""),
		}
		hs = append(hs, explore.History{Name: sc.Name(), Scenario: sc, Observations: obs})
	}
	return hs
}

// TestLearnSharedCovers is simulation-based calibration of the learning
// step of backtest -calibrated (LearnShared, as LeaveOut calls it): a true
// agree_share drawn from its prior, a synthetic casebook of eight cases
// drawn at it, the posterior's 90% credible interval; over 150
// repetitions the interval must hold the truth about 90% of the time (the
// bounds are those of TestCalibrationCovers).
func TestLearnSharedCovers(t *testing.T) {
	if testing.Short() {
		t.Skip("150 calibrations; skipped with -short")
	}
	rng := rand.New(rand.NewPCG(21, 22))
	const reps = 150
	covered := 0
	for rep := range reps {
		truth := 0.05 + 0.9*rng.Float64()
		hs := syntheticCasebook(t, truth, 8, rng)
		post, err := explore.LearnShared(context.Background(), hs, []string{"agree_share"}, &explore.ABCConfig{Particles: 400, Runs: 100, Seed: uint64(rep + 1)})
		require.NoError(t, err)
		m := post.Marginals[0]
		if m.Q05 <= truth && truth <= m.Q95 {
			covered++
		}
	}
	share := float64(covered) / reps
	t.Logf("90%% intervals held the truth in %d of %d repetitions (%.3f)", covered, reps, share)
	assert.GreaterOrEqual(t, share, 0.83)
	assert.LessOrEqual(t, share, 0.97)
}

// TestLeaveOutIgnoresTheCaseLeftOut checks the fold's honesty: what
// happened in the case left out changes nothing of what the fold learns
// or forecasts, the fold is the same for any number of workers, and a
// casebook learnt from a high truth forecasts higher than one learnt from
// a low truth.
func TestLeaveOutIgnoresTheCaseLeftOut(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	hs := syntheticCasebook(t, 0.8, 10, rng)
	cfg := &explore.ABCConfig{Particles: 300, Runs: 60, Seed: 7, Workers: 1}
	f1, err := explore.LeaveOut(context.Background(), hs, 3, nil, cfg, 100)
	require.NoError(t, err)
	require.Equal(t, []string{"agree_share"}, f1.Posterior.Space.Names, "by default what every case declares and shares a range")

	flipped := append([]explore.History(nil), hs...)
	obs := append([]scenario.Statement(nil), hs[3].Observations...)
	for i := range obs {
		obs[i].Truth = 3 - obs[i].Truth // held ↔ not held
	}
	flipped[3].Observations = obs
	w2 := *cfg
	w2.Workers = 2
	f2, err := explore.LeaveOut(context.Background(), flipped, 3, nil, &w2, 100)
	require.NoError(t, err)
	assert.Equal(t, f1.Posterior.Draws, f2.Posterior.Draws)
	assert.Equal(t, f1.Posterior.Weights, f2.Posterior.Weights)
	assert.Equal(t, f1.Predictions, f2.Predictions)

	low := syntheticCasebook(t, 0.15, 10, rand.New(rand.NewPCG(5, 6)))
	low[3] = hs[3]
	f3, err := explore.LeaveOut(context.Background(), low, 3, nil, cfg, 100)
	require.NoError(t, err)
	assert.Greater(t, f1.Posterior.Marginals[0].Mean, f3.Posterior.Marginals[0].Mean)
	assert.Greater(t, f1.Predictions[0].P, f3.Predictions[0].P, "agreed-by is likelier after a casebook of agreements")

	_, err = explore.LeaveOut(context.Background(), hs[:2], 0, nil, cfg, 100)
	assert.ErrorContains(t, err, "at least three histories")
	_, err = explore.LeaveOut(context.Background(), hs, 10, nil, cfg, 100)
	assert.ErrorContains(t, err, "no history 10")
}
