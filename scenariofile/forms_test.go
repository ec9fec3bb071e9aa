package scenariofile_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// delayFile is a one-transition scenario whose delay is written as given.
func delayFile(delay string) string {
	return fmt.Sprintf(`name: forms
start: a
horizon: 1000
parameters:
  - {name: m, default: 8}
  - {name: s, default: 4}
states:
  - {name: a}
  - {name: b, absorbing: true}
transitions:
  - {from: a, to: b, delay: %s}
`, delay)
}

func TestDistributionsAcceptTheUsualParameterisations(t *testing.T) {
	for _, tc := range []struct {
		name, delay, same string
	}{
		{"gamma shape and rate", "{dist: gamma, shape: 4, rate: 0.5}", "{dist: gamma, alpha: 4, beta: 0.5}"},
		{"gamma shape and scale", "{dist: gamma, shape: 4, scale: 2}", "{dist: gamma, alpha: 4, beta: 0.5}"},
		{"gamma mean and sd", "{dist: gamma, mean: 8, sd: 4}", "{dist: gamma, alpha: 4, beta: 0.5}"},
		{"gamma mean and sd as parameters", "{dist: gamma, mean: m, sd: s}", "{dist: gamma, alpha: 4, beta: 0.5}"},
		{"exponential mean", "{dist: exponential, mean: 4}", "{dist: exponential, rate: 0.25}"},
		{"weibull shape and scale", "{dist: weibull, shape: 2, scale: 10}", "{dist: weibull, k: 2, lambda: 10}"},
		{"lognormal median and sigma", "{dist: lognormal, median: 8, sigma: 0.5}", fmt.Sprintf("{dist: lognormal, mu: %v, sigma: 0.5}", math.Log(8))},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := scenariofile.Parse("a.yaml", []byte(delayFile(tc.delay)))
			require.NoError(t, err)
			b, err := scenariofile.Parse("b.yaml", []byte(delayFile(tc.same)))
			require.NoError(t, err)
			da, db := a.TransitionDelay(0), b.TransitionDelay(0)
			assert.InEpsilon(t, db.Mean, da.Mean, 1e-12)
			assert.InEpsilon(t, db.Hi, da.Hi, 1e-9)
			ra, rb := a.NewRunner(scenario.RunOptions{}), b.NewRunner(scenario.RunOptions{})
			for seed := range uint64(50) {
				ta, tb := ra.Run(newRand(seed)), rb.Run(newRand(seed))
				assert.InEpsilon(t, tb.EndDay, ta.EndDay, 1e-9)
			}
		})
	}
}

func TestMeanAndSDGiveThatMeanAndSD(t *testing.T) {
	// (A normal distribution cannot time a delay: it draws negative days.)
	for _, dist := range []string{"gamma", "lognormal", "beta"} {
		mean, sd := 8.0, 4.0
		if dist == "beta" {
			mean, sd = 0.3, 0.1
		}
		sc, err := scenariofile.Parse("f.yaml", []byte(delayFile(fmt.Sprintf("{dist: %s, mean: %v, sd: %v}", dist, mean, sd))))
		require.NoError(t, err, dist)
		assert.InEpsilon(t, mean, sc.TransitionDelay(0).Mean, 1e-9, dist)
		r := sc.NewRunner(scenario.RunOptions{})
		const n = 40_000
		var s, s2 float64
		for seed := range uint64(n) {
			x := r.Run(newRand(seed)).EndDay
			s += x
			s2 += x * x
		}
		m := s / n
		assert.InDelta(t, sd, math.Sqrt(s2/n-m*m), 0.03*sd, "%s: sample sd of %d draws", dist, n)
	}
}

func TestParameterisedFormsWriteBackAndBind(t *testing.T) {
	sc, err := scenariofile.Parse("f.yaml", []byte(delayFile("{dist: gamma, mean: m, sd: s}")))
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, scenariofile.Write(&out, sc))
	back, err := scenariofile.Parse("back.yaml", out.Bytes())
	require.NoError(t, err, out.String())
	for _, s := range []*scenario.Scenario{sc, back} {
		bound, err := s.With(map[string]float64{"m": 12, "s": 3})
		require.NoError(t, err)
		assert.InEpsilon(t, 12, bound.TransitionDelay(0).Mean, 1e-12)
	}
}

func newRand(seed uint64) *rand.Rand { return rand.New(rand.NewPCG(seed, 3)) }
