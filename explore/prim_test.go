package explore_test

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/explore"
)

// constructed is the check of the reference page: x uniform on [0, 1]^3 and
// the cases of interest exactly those with x1 > 0.5 and x2 < 0.3; with
// flip > 0, that share of the answers is flipped at random (the noisy
// variant).
func constructed(n int, flip float64, seed uint64) ([][]float64, []bool) {
	rng := rand.New(rand.NewPCG(seed, 0))
	x := make([][]float64, n)
	y := make([]bool, n)
	for i := range x {
		x[i] = []float64{rng.Float64(), rng.Float64(), rng.Float64()}
		y[i] = x[i][0] > 0.5 && x[i][1] < 0.3
		if rng.Float64() < flip {
			y[i] = !y[i]
		}
	}
	return x, y
}

func TestPRIMFindsTheConstructedBox(t *testing.T) {
	for _, tc := range []struct {
		name               string
		flip               float64
		tolerance, density float64
		// coverage: with a tenth of all answers flipped, a tenth of the cases
		// outside the box are of interest, and the true box covers only
		// 0.135 / (0.135 + 0.085) = 0.61 of them.
		coverage, base float64
	}{
		{"exact answers", 0, 0.03, 0.95, 0.85, 0.15},
		{"a tenth of the answers flipped", 0.1, 0.06, 0.8, 0.55, 0.22},
	} {
		t.Run(tc.name, func(t *testing.T) {
			x, y := constructed(5000, tc.flip, 1)
			res, err := explore.PRIM([]string{"x1", "x2", "x3"}, x, y, nil)
			require.NoError(t, err)
			b := res.Box()
			assert.True(t, b.Restricted[0] && b.Restricted[1], "%+v", b)
			assert.False(t, b.Restricted[2], "x3 does not matter: %+v", b)
			assert.InDelta(t, 0.5, b.Lo[0], tc.tolerance)
			assert.InDelta(t, 1, b.Hi[0], tc.tolerance)
			assert.InDelta(t, 0, b.Lo[1], tc.tolerance)
			assert.InDelta(t, 0.3, b.Hi[1], tc.tolerance)
			assert.Greater(t, b.Density, tc.density)
			assert.Greater(t, b.Coverage, tc.coverage)
			assert.Less(t, b.QP[0], 1e-6, "x1's restriction is far from chance")
			assert.Less(t, b.QP[1], 1e-6)
			assert.True(t, math.IsNaN(b.QP[2]))
			// The trajectory starts with the whole data and gains density.
			first := res.Trajectory[0]
			assert.Equal(t, 1.0, first.Coverage)
			assert.InDelta(t, tc.base, first.Density, 0.03)
			assert.Greater(t, b.Density, first.Density)
		})
	}
}

func TestPRIMRefusesWhatItCannotUse(t *testing.T) {
	_, err := explore.PRIM([]string{"a"}, [][]float64{{1}, {2}}, []bool{false, false}, nil)
	assert.ErrorContains(t, err, "no case is of interest")
	_, err = explore.PRIM([]string{"a"}, [][]float64{{1}}, []bool{true, false}, nil)
	assert.ErrorContains(t, err, "one answer per case")
	_, err = explore.PRIM([]string{"a"}, [][]float64{{1}, {2}}, []bool{true, false}, &explore.PRIMOptions{Alpha: 0.7})
	assert.ErrorContains(t, err, "alpha")
}

// noisyInputs: the cases of interest are x0 > 0.6 (with 10% of answers
// flipped), and eight more inputs do nothing.
func noisyInputs(n int, seed uint64) ([]string, [][]float64, []bool) {
	rng := rand.New(rand.NewPCG(seed, 1))
	names := []string{"x0", "n1", "n2", "n3", "n4", "n5", "n6", "n7", "n8"}
	x := make([][]float64, n)
	y := make([]bool, n)
	for i := range x {
		x[i] = make([]float64, len(names))
		for j := range x[i] {
			x[i][j] = rng.Float64()
		}
		y[i] = x[i][0] > 0.6
		if rng.Float64() < 0.1 {
			y[i] = !y[i]
		}
	}
	return names, x, y
}

// Restrictions on inputs that do nothing are noise: their quasi-p-values
// are large, and they are dropped, the least significant first, until
// every one left is below the threshold.
func TestPRIMDropsRestrictionsThatAreNoise(t *testing.T) {
	// A data set whose chosen box restricts some input that does nothing,
	// as small noisy samples do.
	var names []string
	var x [][]float64
	var y []bool
	var kept *explore.PRIMResult
	for seed := uint64(1); seed <= 100 && kept == nil; seed++ {
		names, x, y = noisyInputs(150, seed)
		res, err := explore.PRIM(names, x, y, &explore.PRIMOptions{MaxQP: 1})
		require.NoError(t, err)
		if slices.Contains(res.Box().Restricted[1:], true) {
			kept = res
		}
	}
	require.NotNil(t, kept, "some sample's box restricts noise")
	assert.Empty(t, kept.Dropped, "MaxQP 1 keeps every restriction")

	res, err := explore.PRIM(names, x, y, nil)
	require.NoError(t, err)
	before, after := res.Trajectory[res.Chosen], res.Box()
	assert.NotEmpty(t, res.Dropped)
	for j := 1; j < len(names); j++ {
		if before.Restricted[j] && !after.Restricted[j] {
			assert.Contains(t, res.Dropped, names[j])
		}
	}
	for j, r := range after.Restricted {
		if r {
			assert.LessOrEqual(t, after.QP[j], 0.05, names[j])
		}
	}
	assert.GreaterOrEqual(t, after.Coverage, before.Coverage, "lifting restrictions keeps every case the box held")
}

// A box chosen by its index is the one peeled there, not pasted.
func TestPRIMChoosesTheBoxAsked(t *testing.T) {
	names, x, y := noisyInputs(600, 5)
	auto, err := explore.PRIM(names, x, y, &explore.PRIMOptions{MaxQP: 1})
	require.NoError(t, err)
	pick := 2
	if auto.Chosen == pick {
		pick = 3
	}
	res, err := explore.PRIM(names, x, y, &explore.PRIMOptions{Box: pick, MaxQP: 1})
	require.NoError(t, err)
	assert.Equal(t, pick, res.Chosen)
	want, got := auto.Trajectory[pick], res.Box()
	assert.Equal(t, want.Lo, got.Lo)
	assert.Equal(t, want.Hi, got.Hi)
	assert.Equal(t, want.Coverage, got.Coverage)
	assert.Equal(t, want.Density, got.Density)

	_, err = explore.PRIM(names, x, y, &explore.PRIMOptions{Box: len(auto.Trajectory)})
	assert.ErrorContains(t, err, "the peeling trajectory has boxes 0 to")
	_, err = explore.PRIM(names, x, y, &explore.PRIMOptions{Box: -1})
	assert.ErrorContains(t, err, "numbered from 0")
	_, err = explore.PRIM(names, x, y, &explore.PRIMOptions{MaxQP: 2})
	assert.ErrorContains(t, err, "threshold in (0, 1]")
}
