package explore_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/explore"
)

// ishigami is Ishigami and Homma (1990), a = 7, b = 0.1, on [-π, π]^3: the
// standard check of Saltelli et al. (2008) and SALib.
func ishigami(x []float64) float64 {
	return math.Sin(x[0]) + 7*math.Pow(math.Sin(x[1]), 2) + 0.1*math.Pow(x[2], 4)*math.Sin(x[0])
}

// Closed forms from the reference page (exploration-cases.md).
var (
	ishigamiS1 = []float64{0.31390519114781146, 0.4424111447900409, 0}
	ishigamiST = []float64{0.5575888552099592, 0.4424111447900409, 0.24368366406214773}
)

func TestSobolIshigamiWithinIntervals(t *testing.T) {
	s, err := explore.Box([]string{"x1", "x2", "x3"}, []float64{-math.Pi, -math.Pi, -math.Pi}, []float64{math.Pi, math.Pi, math.Pi})
	require.NoError(t, err)
	for _, quasi := range []bool{false, true} {
		d, err := explore.Saltelli(s, 8192, 1, quasi)
		require.NoError(t, err)
		res, err := explore.Sobol(d, explore.Evaluate(d, ishigami), &explore.SobolOptions{Seed: 2, Confidence: 0.99})
		require.NoError(t, err)
		assert.InDelta(t, 13.844587940719254, res.Variance, 0.5, "quasi %v", quasi)
		for i, ix := range res.Indices {
			assert.True(t, ix.S1Lo <= ishigamiS1[i] && ishigamiS1[i] <= ix.S1Hi, "quasi %v: S1 of %s: %v not in [%v, %v]", quasi, ix.Name, ishigamiS1[i], ix.S1Lo, ix.S1Hi)
			assert.True(t, ix.STLo <= ishigamiST[i] && ishigamiST[i] <= ix.STHi, "quasi %v: ST of %s: %v not in [%v, %v]", quasi, ix.Name, ishigamiST[i], ix.STLo, ix.STHi)
			assert.Less(t, ix.S1Hi-ix.S1Lo, 0.1)
		}
	}
}

// gFunction is Sobol's G-function with a = (0, 1, 4.5, 9, 99, 99, 99, 99).
var gA = []float64{0, 1, 4.5, 9, 99, 99, 99, 99}

func gFunction(x []float64) float64 {
	p := 1.0
	for i, xi := range x {
		p *= (math.Abs(4*xi-2) + gA[i]) / (1 + gA[i])
	}
	return p
}

func TestSobolGFunctionWithinIntervals(t *testing.T) {
	names := []string{"x1", "x2", "x3", "x4", "x5", "x6", "x7", "x8"}
	lo, hi := make([]float64, 8), make([]float64, 8)
	for i := range hi {
		hi[i] = 1
	}
	s, err := explore.Box(names, lo, hi)
	require.NoError(t, err)
	d, err := explore.Saltelli(s, 8192, 3, true)
	require.NoError(t, err)
	res, err := explore.Sobol(d, explore.Evaluate(d, gFunction), &explore.SobolOptions{Seed: 4, Confidence: 0.99})
	require.NoError(t, err)
	s1 := []float64{0.716192, 0.179048, 0.023676, 0.007162, 0.000072, 0.000072, 0.000072, 0.000072}
	st := []float64{0.787144, 0.242198, 0.034317, 0.010460, 0.000105, 0.000105, 0.000105, 0.000105}
	for i, ix := range res.Indices {
		// The closed forms are given to six places: allow that rounding.
		assert.True(t, ix.S1Lo-1e-6 <= s1[i] && s1[i] <= ix.S1Hi+1e-6, "S1 of %s: %v not in [%v, %v]", ix.Name, s1[i], ix.S1Lo, ix.S1Hi)
		assert.True(t, ix.STLo-1e-6 <= st[i] && st[i] <= ix.STHi+1e-6, "ST of %s: %v not in [%v, %v]", ix.Name, st[i], ix.STLo, ix.STHi)
	}
	assert.Equal(t, "x1", res.Sorted()[0].Name)
}

func TestSobolProductOfTwo(t *testing.T) {
	// f = x1·x2 on the unit square: S1 = S2 = 3/7, ST1 = ST2 = 4/7.
	s, err := explore.Box([]string{"x1", "x2"}, []float64{0, 0}, []float64{1, 1})
	require.NoError(t, err)
	d, err := explore.Saltelli(s, 1<<14, 5, true)
	require.NoError(t, err)
	res, err := explore.Sobol(d, explore.Evaluate(d, func(x []float64) float64 { return x[0] * x[1] }), &explore.SobolOptions{Seed: 6, Confidence: 0.99})
	require.NoError(t, err)
	for _, ix := range res.Indices {
		assert.True(t, ix.S1Lo <= 3.0/7 && 3.0/7 <= ix.S1Hi, "%+v", ix)
		assert.True(t, ix.STLo <= 4.0/7 && 4.0/7 <= ix.STHi, "%+v", ix)
	}
}

func TestSobolOfAFlatOutputSaysSo(t *testing.T) {
	s, _ := explore.Box([]string{"x1", "x2"}, []float64{0, 0}, []float64{1, 1})
	d, err := explore.Saltelli(s, 64, 1, false)
	require.NoError(t, err)
	res, err := explore.Sobol(d, explore.Evaluate(d, func([]float64) float64 { return 0.3 }), nil)
	require.NoError(t, err)
	assert.True(t, res.Flat)
	assert.True(t, math.IsNaN(res.Indices[0].S1))
	// Mostly noise: flat too.
	y := explore.Evaluate(d, func(x []float64) float64 { return 0.3 + 1e-4*x[0] })
	noise := make([]float64, len(y))
	for i := range noise {
		noise[i] = 1e-6
	}
	res, err = explore.Sobol(d, y, &explore.SobolOptions{Noise: noise})
	require.NoError(t, err)
	assert.True(t, res.Flat)
	assert.Greater(t, res.NoiseShare, 0.5)
}

func TestMorrisLinearIsExact(t *testing.T) {
	// f = Σ c_i x_i on the unit cube: every elementary effect of x_i is c_i.
	c := []float64{2, -3, 0.5, 0}
	s, _ := explore.Box([]string{"a", "b", "c", "d"}, []float64{0, 0, 0, 0}, []float64{1, 1, 1, 1})
	for _, levels := range []int{4, 6} {
		d, err := explore.Morris(s, 20, levels, 9)
		require.NoError(t, err)
		y := explore.Evaluate(d, func(x []float64) float64 {
			sum := 0.0
			for i, xi := range x {
				sum += c[i] * xi
			}
			return sum
		})
		effects, err := explore.MorrisEffects(d, y)
		require.NoError(t, err)
		for i, e := range effects {
			assert.InDelta(t, c[i], e.Mu, 1e-12)
			assert.InDelta(t, math.Abs(c[i]), e.MuStar, 1e-12)
			assert.InDelta(t, 0, e.Sigma, 1e-12)
		}
	}
	// f = x1·x2: the effects of x1 depend on x2, so sigma_1 > 0.
	s2, _ := explore.Box([]string{"x1", "x2"}, []float64{0, 0}, []float64{1, 1})
	d, err := explore.Morris(s2, 30, 4, 1)
	require.NoError(t, err)
	effects, err := explore.MorrisEffects(d, explore.Evaluate(d, func(x []float64) float64 { return x[0] * x[1] }))
	require.NoError(t, err)
	assert.Greater(t, effects[0].Sigma, 0.1)
}

func TestDesignsAreReproducibleAndInRange(t *testing.T) {
	s, _ := explore.Box([]string{"p", "q"}, []float64{1, -2}, []float64{3, 2})
	for name, make := range map[string]func(seed uint64) (*explore.Design, error){
		"lhs":       func(seed uint64) (*explore.Design, error) { return explore.LatinHypercube(s, 50, seed) },
		"saltelli":  func(seed uint64) (*explore.Design, error) { return explore.Saltelli(s, 16, seed, false) },
		"quasi":     func(seed uint64) (*explore.Design, error) { return explore.Saltelli(s, 16, seed, true) },
		"morris":    func(seed uint64) (*explore.Design, error) { return explore.Morris(s, 10, 4, seed) },
		"factorial": func(uint64) (*explore.Design, error) { return explore.Factorial(s, 5) },
	} {
		a, err := make(7)
		require.NoError(t, err, name)
		b, err := make(7)
		require.NoError(t, err, name)
		assert.Equal(t, a.X, b.X, name)
		for _, x := range a.X {
			assert.True(t, 1 <= x[0] && x[0] <= 3 && -2 <= x[1] && x[1] <= 2, "%s: %v", name, x)
		}
	}
	lhs, _ := explore.LatinHypercube(s, 50, 1)
	strata := map[int]bool{}
	for _, u := range lhs.Unit {
		strata[int(u[0]*50)] = true
	}
	assert.Len(t, strata, 50, "one point in each of the 50 strata")
	f, _ := explore.Factorial(s, 5)
	assert.Equal(t, 25, f.Len())
	_, err := explore.Factorial(s, 5000)
	assert.ErrorContains(t, err, "over the limit")
}

// A bootstrap resample that holds no variation gives indices of 0/0: they
// were sorted to one end and printed NaN interval ends beside finite
// indices. Options out of range panicked.
func TestSobolIntervalsLeaveOutEmptyResamples(t *testing.T) {
	s, err := explore.Box([]string{"a", "b"}, []float64{0, 0}, []float64{1, 1})
	require.NoError(t, err)
	d, err := explore.Saltelli(s, 8, 1, false)
	require.NoError(t, err)
	y := make([]float64, d.Len())
	y[0] = 1 // one base sample varies: many resamples miss it
	res, err := explore.Sobol(d, y, &explore.SobolOptions{Bootstrap: 200})
	require.NoError(t, err)
	for _, ix := range res.Indices {
		for _, x := range []float64{ix.S1Lo, ix.S1Hi, ix.STLo, ix.STHi} {
			assert.False(t, math.IsNaN(x), "%s: an interval end is NaN", ix.Name)
		}
	}
	_, err = explore.Sobol(d, y, &explore.SobolOptions{Bootstrap: -1})
	assert.ErrorContains(t, err, "bootstrap resamples")
	_, err = explore.Sobol(d, y, &explore.SobolOptions{Confidence: 1.5})
	assert.ErrorContains(t, err, "confidence level")
}

// An input the output does not read has ST exactly 0 and is marked inert;
// one with even a small effect is not.
func TestSobolMarksInertInputs(t *testing.T) {
	s, err := explore.Box([]string{"big", "small", "none"}, []float64{0, 0, 0}, []float64{1, 1, 1})
	require.NoError(t, err)
	d, err := explore.Saltelli(s, 1024, 4, true)
	require.NoError(t, err)
	// "small" acts only near the top of its range, in a few experiments.
	res, err := explore.Sobol(d, explore.Evaluate(d, func(x []float64) float64 { return x[0] + 5*max(0, x[1]-0.97) }), &explore.SobolOptions{Seed: 3})
	require.NoError(t, err)
	var inert []string
	for _, ix := range res.Indices {
		if ix.Inert {
			inert = append(inert, ix.Name)
		}
	}
	assert.Equal(t, []string{"none"}, inert)
	assert.Zero(t, res.Indices[2].ST)
}
