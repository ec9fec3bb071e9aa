package outcomes

import (
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestExactSumMean(t *testing.T) {
	cases := []struct {
		name   string
		values []float64
		want   float64
	}{
		// Eleven parties who always agree 37000/450: a truncated fixed point
		// gave 82.2222222108.
		{"repeated value", repeat(37000.0/450, 11), 37000.0 / 450},
		{"cancellation", []float64{1e300, 1, -1e300}, 1.0 / 3},
		{"subnormals", []float64{5e-324, 5e-324, 1e-320}, (2*5e-324 + 1e-320) / 3},
		{"signs", []float64{-2.5, 2.5, -7}, -7.0 / 3},
		{"extremes", []float64{math.MaxFloat64, math.MaxFloat64}, math.MaxFloat64},
	}
	for _, c := range cases {
		var s exactSum
		for _, x := range c.values {
			s.add(x)
		}
		assert.Equal(t, c.want, s.mean(int64(len(c.values))), c.name)
	}
}

// The sum does not depend on the order of adds or on how partial sums are
// merged.
func TestExactSumOrder(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, 5000)
	for i := range xs {
		xs[i] = (rng.Float64() - 0.3) * math.Pow(10, float64(rng.IntN(40)-20))
	}
	var whole exactSum
	for _, x := range xs {
		whole.add(x)
	}
	var a, b exactSum
	for i, j := range rng.Perm(len(xs)) {
		if i%3 == 0 {
			a.add(xs[j])
		} else {
			b.add(xs[j])
		}
	}
	b.merge(&a)
	assert.Equal(t, whole.mean(int64(len(xs))), b.mean(int64(len(xs))))
	assert.Zero(t, whole.big().Cmp(b.big()))
}

func TestExactSumCarries(t *testing.T) {
	var s exactSum
	s.adds = carryEvery - 3 // force carry passes within a few adds
	for range 10 {
		s.add(math.MaxFloat64 / 2)
	}
	assert.Equal(t, math.MaxFloat64/2, s.mean(10))
}

func repeat(x float64, n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = x
	}
	return out
}
