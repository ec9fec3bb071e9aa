package explore_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/explore"
)

// quantileDraws is a posterior of equal weights at n midpoint quantiles
// of d, one input per distribution.
func quantileDraws(n int, ds ...distuv.Quantiler) *explore.Posterior {
	p := &explore.Posterior{}
	for i := range n {
		row := make([]float64, len(ds))
		for k, d := range ds {
			row[k] = d.Quantile((float64(i) + 0.5) / float64(n))
		}
		p.Draws = append(p.Draws, row)
		p.Weights = append(p.Weights, 1/float64(n))
	}
	return p
}

// TestPosteriorPriors checks the fits: a share's posterior, drawn from a
// beta, comes back as that beta on [0, 1]; days, from a gamma, as that
// gamma; a population's predictive of a share, as a beta whose mean is the
// population's.
func TestPosteriorPriors(t *testing.T) {
	p := quantileDraws(4000, distuv.Beta{Alpha: 4, Beta: 6}, distuv.Gamma{Alpha: 9, Beta: 0.5})
	p.Space = explore.Space{Names: []string{"share", "days"}, Lo: []float64{0.05, 1}, Hi: []float64{0.95, 100}}
	ps, err := p.Priors()
	require.NoError(t, err)
	require.Len(t, ps, 2)
	b, ok := ps[0].Prior.(distuv.Beta)
	require.True(t, ok, "a share is fitted as a beta")
	assert.InDelta(t, 4, b.Alpha, 0.05)
	assert.InDelta(t, 6, b.Beta, 0.08)
	assert.Equal(t, [2]float64{0, 1}, [2]float64{ps[0].Min, ps[0].Max})
	assert.InDelta(t, distuv.Beta{Alpha: 4, Beta: 6}.Quantile(0.5), ps[0].Default, 0.002, "the default is the median")
	assert.Contains(t, ps[0].Description, "learned: the posterior of share")
	g, ok := ps[1].Prior.(distuv.Gamma)
	require.True(t, ok, "days are fitted as a gamma")
	assert.InDelta(t, 9, g.Alpha, 0.1)
	assert.InDelta(t, 0.5, g.Beta, 0.01)
	assert.False(t, ps[1].Ranged())

	// A population: its median at 0.3, its spread 0 or 1 (half the draws
	// each); the predictive's median is 0.3.
	q := &explore.Posterior{
		Space:       explore.Space{Names: []string{"s:median", "s:spread"}, Lo: []float64{0, 0}, Hi: []float64{1, 2}},
		Draws:       [][]float64{{0.3, 0.0001}, {0.3, 1}},
		Weights:     []float64{0.5, 0.5},
		Populations: []explore.Population{{Name: "s", Lo: 0, Hi: 1, Median: 0, Spread: 1}},
	}
	ps, err = q.Priors()
	require.NoError(t, err)
	require.Len(t, ps, 1)
	assert.Equal(t, "s", ps[0].Name)
	assert.InDelta(t, 0.3, ps[0].Default, 0.01)
	_, ok = ps[0].Prior.(distuv.Beta)
	assert.True(t, ok)

	point := quantileDraws(10, distuv.Uniform{Min: 0.5, Max: 0.5})
	point.Space = explore.Space{Names: []string{"x"}, Lo: []float64{0}, Hi: []float64{1}}
	_, err = point.Priors()
	assert.ErrorContains(t, err, "is one point")
	_, err = (&explore.Posterior{}).Priors()
	assert.Error(t, err)
}

// TestNormalMidpoints checks the written-out quantiles against gonum's.
func TestNormalMidpoints(t *testing.T) {
	for j, z := range explore.NormalMidpoints {
		assert.InDelta(t, distuv.UnitNormal.Quantile((float64(j)+0.5)/16), z, 1e-14)
	}
}
