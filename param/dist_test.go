package param_test

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/param"
)

// A Dist is a distribution once its parameters are constants, and answers
// NaN, never a panic, while they are not or when asked the impossible.
func TestDistIsADistributionOnceConstant(t *testing.T) {
	fixed := param.Dist{Family: distuv.Beta{}, Params: []param.Num{param.Const(2), param.Const(5)}}
	if got, want := fixed.Quantile(0.3), (distuv.Beta{Alpha: 2, Beta: 5}).Quantile(0.3); got != want {
		t.Errorf("Quantile(0.3) = %v, want %v", got, want)
	}
	open := param.Dist{Family: distuv.Beta{}, Params: []param.Num{param.P("a"), param.Const(5)}}
	if open.Constant() != nil || !math.IsNaN(open.Quantile(0.3)) {
		t.Error("a Dist with an unbound parameter is no distribution yet")
	}
	for _, d := range []param.Dist{
		{},                      // no family
		{Family: distuv.Beta{}}, // no parameters
		{Family: distuv.Beta{}, Params: []param.Num{param.Const(-1), param.Const(math.Inf(1))}},
		{Family: distuv.Gamma{}, Params: []param.Num{param.Const(1e308), param.Const(math.NaN())}},
	} {
		for _, p := range []float64{0, 0.5, 1, -1, 2, math.NaN()} {
			if q := d.Quantile(p); !math.IsNaN(q) && (p < 0 || p > 1 || math.IsNaN(p)) {
				t.Errorf("%+v.Quantile(%v) = %v, want NaN", d, p, q)
			}
		}
	}
}
