package sample

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"
)

// TestDrawsHaveTheDistributionsMoments checks each sampler's mean and
// variance: the sample mean within 5 standard errors, a false failure having
// probability below 1e-6 (the seed is fixed).
func TestDrawsHaveTheDistributionsMoments(t *testing.T) {
	cases := []struct {
		name string
		d    interface {
			Quantiler
			Mean() float64
			StdDev() float64
		}
	}{
		{"beta", distuv.Beta{Alpha: 2, Beta: 5}},
		{"beta below one", distuv.Beta{Alpha: 0.5, Beta: 0.5}},
		{"normal", distuv.Normal{Mu: -3, Sigma: 2}},
		{"gamma", distuv.Gamma{Alpha: 3, Beta: 0.5}},
		{"lognormal", distuv.LogNormal{Mu: 0.2, Sigma: 0.4}},
		{"weibull", distuv.Weibull{K: 1.5, Lambda: 2}},
		{"uniform", distuv.Uniform{Min: -1, Max: 3}},
		{"exponential", distuv.Exponential{Rate: 4}},
		{"inverse (Laplace)", distuv.Laplace{Mu: 1, Scale: 2}},
	}
	const n = 40000
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, err := Compile(c.d)
			require.NoError(t, err)
			r := rand.New(rand.NewPCG(1, 2))
			sum := 0.0
			lo, hi := s.Support()
			for range n {
				x := s.Draw(r)
				require.True(t, lo <= x && x <= hi, "%v outside support [%v, %v]", x, lo, hi)
				sum += x
			}
			assert.InDelta(t, c.d.Mean(), sum/n, 5*c.d.StdDev()/math.Sqrt(n))
		})
	}
}

func TestCompileRejectsBadParameters(t *testing.T) {
	for _, c := range []struct {
		d   Quantiler
		msg string
	}{
		{distuv.Beta{Alpha: 0, Beta: 1}, "alpha must be positive and finite, got 0"},
		{distuv.Normal{Mu: 0, Sigma: -1}, "sigma must be positive and finite, got -1"},
		{distuv.Uniform{Min: 2, Max: 1}, "max must be finite and at least min (2), got 1"},
		{distuv.Exponential{Rate: math.NaN()}, "rate must be positive and finite, got NaN"},
		{nil, "no distribution"},
		{(*distuv.Gamma)(nil), "nil distribution"},
		{distuv.ChiSquared{K: -1}, "distuv.ChiSquared has invalid parameters: cephes: parameter out of bounds"},
		{distuv.StudentsT{Mu: 0, Sigma: 1, Nu: math.NaN()}, "distuv.StudentsT has invalid parameters: its quantiles are NaN"},
	} {
		_, err := Compile(c.d)
		assert.EqualError(t, err, c.msg)
	}
}
