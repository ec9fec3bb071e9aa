package explore_test

import (
	"math"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/scenariofile"
)

// designsOf makes every kind of design over a space, small.
func designsOf(t *testing.T, s explore.Space) map[string]*explore.Design {
	out := map[string]*explore.Design{}
	add := func(name string, d *explore.Design, err error) {
		if err != nil && strings.Contains(err.Error(), "over the limit") {
			return // a factorial of many inputs: refused, which is right
		}
		require.NoError(t, err, name)
		out[name] = d
	}
	d, err := explore.Factorial(s, 2)
	add("factorial 2", d, err)
	d, err = explore.Factorial(s, 3)
	add("factorial 3", d, err)
	d, err = explore.LatinHypercube(s, 17, 3)
	add("lhs", d, err)
	d, err = explore.Saltelli(s, 8, 3, true)
	add("sobol quasi", d, err)
	d, err = explore.Saltelli(s, 8, 3, false)
	add("sobol random", d, err)
	for _, levels := range []int{2, 4, 6, 10} {
		d, err = explore.Morris(s, 6, levels, 3)
		add("morris "+strconv.Itoa(levels), d, err)
	}
	return out
}

// inRange checks every point of a design against its space.
func inRange(t *testing.T, what string, d *explore.Design) {
	t.Helper()
	for r, x := range d.X {
		for i, v := range x {
			if math.IsNaN(v) || v < d.Space.Lo[i] || v > d.Space.Hi[i] {
				assert.Failf(t, "a point outside its range", "%s: experiment %d: %s = %v outside [%v, %v]",
					what, r, d.Space.Names[i], v, d.Space.Lo[i], d.Space.Hi[i])
				return
			}
		}
	}
}

// Morris on the seed scenario gave framework_guarantees =
// 0.9000000000000001, outside [0.3, 0.9]: a design never leaves a range
// through rounding. Every design, on every example and casebook file, with
// and without priors.
func TestDesignsStayInRange(t *testing.T) {
	files, err := filepath.Glob("../examples/scenarios/*.yaml")
	require.NoError(t, err)
	cases, err := filepath.Glob("../examples/casebook/*.yaml")
	require.NoError(t, err)
	for _, c := range cases {
		if !strings.HasSuffix(c, ".outcomes.yaml") {
			files = append(files, c)
		}
	}
	files = append(files, "../cmd/parley/testdata/chain-params.yaml")
	checked := 0
	for _, path := range files {
		sc, err := scenariofile.Load(path)
		require.NoError(t, err, path)
		for _, priors := range []bool{false, true} {
			s, err := explore.ParameterSpace(sc, nil, priors)
			if err != nil {
				continue // no parameter to vary
			}
			for name, d := range designsOf(t, s) {
				inRange(t, filepath.Base(path)+" "+name, d)
				checked++
			}
		}
	}
	assert.Greater(t, checked, 50, "designs checked")
}

// Sobol designs over a thousand inputs or more gave NaN inputs: the
// quasi-random sequence's root overflowed. Ranges at the extremes of the
// floats stay finite too.
func TestDesignsInManyDimensions(t *testing.T) {
	for _, k := range []int{511, 512, 1000, 2500} {
		names, lo, hi := make([]string, k), make([]float64, k), make([]float64, k)
		for i := range k {
			names[i], lo[i], hi[i] = "p"+strconv.Itoa(i), 0.3, 0.9
		}
		lo[0], hi[0] = -math.MaxFloat64, math.MaxFloat64
		s, err := explore.Box(names, lo, hi)
		require.NoError(t, err)
		d, err := explore.Saltelli(s, 2, 1, true)
		require.NoError(t, err)
		inRange(t, "sobol k="+strconv.Itoa(k), d)
		d, err = explore.Morris(s, 1, 4, 1)
		require.NoError(t, err)
		inRange(t, "morris k="+strconv.Itoa(k), d)
	}
}
