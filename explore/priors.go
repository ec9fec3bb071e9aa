package explore

import (
	"fmt"
	"math"

	"strconv"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/param"
)

// Priors turns what a calibration learnt into priors another scenario can
// declare (scenariofile.WritePriors writes them, a scenario takes them
// with scenariofile.ApplyPriors): one parameter for each input learnt, and
// for each parameter pooled partially, the population's predictive, the
// value a new case would take (each posterior draw's population at the 16
// midpoint quantiles of the normal). Each is fitted by its weighted
// moments: a share (learnt within [0, 1]) as a beta on [0, 1], a positive
// number as a gamma, any other as a normal; its default is the weighted
// median and its description says what it was learnt as. A posterior that
// is one point has no prior to fit: an error names the parameter.
func (p *Posterior) Priors() ([]param.Parameter, error) {
	if p == nil || len(p.Draws) == 0 || len(p.Weights) != len(p.Draws) {
		return nil, fmt.Errorf("explore: no posterior draws to fit priors to")
	}
	pooled := map[int]bool{}
	var out []param.Parameter
	for _, pop := range p.Populations {
		pooled[pop.Median], pooled[pop.Spread] = true, true
	}
	for k, name := range p.Space.Names {
		if pooled[k] {
			continue
		}
		xs := make([]float64, len(p.Draws))
		for i, d := range p.Draws {
			xs[i] = d[k]
		}
		q, err := fitPrior(name, xs, p.Weights, p.Space.Lo[k], p.Space.Hi[k], "posterior")
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	for _, pop := range p.Populations {
		var xs, ws []float64
		for i, d := range p.Draws {
			if p.Weights[i] == 0 {
				continue
			}
			for _, z := range normalMidpoints {
				xs = append(xs, pop.Value(d[pop.Median], d[pop.Spread], z))
				ws = append(ws, p.Weights[i]/float64(len(normalMidpoints)))
			}
		}
		q, err := fitPrior(pop.Name, xs, ws, pop.Lo, pop.Hi, "population's predictive")
		if err != nil {
			return nil, err
		}
		out = append(out, q)
	}
	return out, nil
}

// normalMidpoints are the standard normal's quantiles at (j + 1/2) / 16,
// written out so that every architecture has the same bits.
var normalMidpoints = [16]float64{-1.862731867421651, -1.3180108973035367, -1.009990169249582, -0.7764217611479276,
	-0.579132162255556, -0.40225006532172525, -0.2372021093287877, -0.0784124127331122,
	0.0784124127331122, 0.2372021093287877, 0.40225006532172525, 0.579132162255556,
	0.7764217611479276, 1.009990169249582, 1.3180108973035367, 1.862731867421651}

// fitPrior fits a prior to weighted draws learnt within [lo, hi].
func fitPrior(name string, xs, w []float64, lo, hi float64, what string) (param.Parameter, error) {
	var m, v float64
	for i, x := range xs {
		m += float64(w[i] * x)
	}
	for i, x := range xs {
		v += float64(w[i] * (x - m) * (x - m))
	}
	if !(v > 1e-12*math.Max(1, m*m)) {
		return param.Parameter{}, fmt.Errorf("explore: the %s of %s is one point (%g): there is no prior to fit", what, name, m)
	}
	sd := math.Sqrt(v)
	q05, q50, q95 := weightedQuantile(xs, w, 0.05), weightedQuantile(xs, w, 0.5), weightedQuantile(xs, w, 0.95)
	p := param.Parameter{Name: name, Default: q50}
	var fit string
	switch {
	case lo >= 0 && hi <= 1 && m*(1-m)/v > 1:
		nu := m*(1-m)/v - 1
		p.Prior = distuv.Beta{Alpha: float64(m * nu), Beta: float64((1 - m) * nu)}
		p.Min, p.Max = 0, 1
		fit = "beta"
	case lo >= 0 && m > 0:
		p.Prior = distuv.Gamma{Alpha: m * m / v, Beta: m / v}
		fit = "gamma"
	default:
		p.Prior = distuv.Normal{Mu: m, Sigma: sd}
		fit = "normal"
	}
	p.Description = "learned: the " + what + " of " + name + ", mean " + g4(m) + ", 90% interval [" + g4(q05) + ", " + g4(q95) + "], fitted as a " + fit + " by its mean and standard deviation (" + g4(sd) + ")"
	return p, nil
}

// g4 writes a number to four significant digits.
func g4(x float64) string { return strconv.FormatFloat(x, 'g', 4, 64) }
