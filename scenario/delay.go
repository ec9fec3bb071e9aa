package scenario

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"
)

// Distribution is what a delay needs of a probability distribution: its
// quantile function. Every continuous distribution in gonum's distuv has one,
// so any of them can time a transition: distuv.Gamma{Alpha: 3, Beta: 0.5}.
//
// The run never calls the distribution's own Rand method or touches its Src:
// it draws from the run's stream, so a distuv value can be shared by every
// worker. Exponential, Uniform, Gamma, LogNormal and Weibull are drawn by
// fast dedicated samplers; any other distribution by inversion of Quantile.
type Distribution interface {
	Quantile(p float64) float64
}

type delayKind uint8

const (
	delayExp delayKind = iota
	delayFixed
	delayUniform
	delayGamma
	delayLogNormal
	delayWeibull
	delayQuantile
)

// delay is a compiled delay: a kind and up to three parameters, so the run
// loop switches on a byte instead of calling through an interface.
type delay struct {
	kind    delayKind
	a, b, c float64
	q       Distribution // for delayQuantile only
}

// compileDelay checks the distribution's parameters and returns its compiled
// form, or the reason it cannot time a transition.
func compileDelay(d Distribution) (delay, error) {
	switch v := d.(type) {
	case nil:
		return delay{}, fmt.Errorf("no distribution")
	case *distuv.Exponential:
		if v == nil {
			return delay{}, fmt.Errorf("nil distribution")
		}
		return compileDelay(*v)
	case *distuv.Gamma:
		if v == nil {
			return delay{}, fmt.Errorf("nil distribution")
		}
		return compileDelay(*v)
	case distuv.Exponential:
		if err := positiveFinite("Rate", v.Rate); err != nil {
			return delay{}, err
		}
		return delay{kind: delayExp, a: v.Rate}, nil
	case distuv.Uniform:
		if !finite(v.Min) || !finite(v.Max) || v.Min < 0 || v.Max < v.Min {
			return delay{}, fmt.Errorf("uniform delay needs finite 0 <= Min <= Max, got Min %v, Max %v", v.Min, v.Max)
		}
		return delay{kind: delayUniform, a: v.Min, b: v.Max - v.Min}, nil
	case distuv.Gamma:
		if err := positiveFinite("Alpha", v.Alpha); err != nil {
			return delay{}, err
		}
		if err := positiveFinite("Beta", v.Beta); err != nil {
			return delay{}, err
		}
		return delay{kind: delayGamma, a: v.Alpha, b: v.Beta}, nil
	case distuv.LogNormal:
		if !finite(v.Mu) {
			return delay{}, fmt.Errorf("Mu must be finite, got %v", v.Mu)
		}
		if err := positiveFinite("Sigma", v.Sigma); err != nil {
			return delay{}, err
		}
		return delay{kind: delayLogNormal, a: v.Mu, b: v.Sigma}, nil
	case distuv.Weibull:
		if err := positiveFinite("K", v.K); err != nil {
			return delay{}, err
		}
		if err := positiveFinite("Lambda", v.Lambda); err != nil {
			return delay{}, err
		}
		return delay{kind: delayWeibull, a: v.K, b: v.Lambda}, nil
	}
	// Any other distribution: probe its quantile function where a bad
	// parameter or a support reaching below zero would show.
	lo, mid, hi := d.Quantile(1e-9), d.Quantile(0.5), d.Quantile(1-1e-9)
	switch {
	case math.IsNaN(lo) || math.IsNaN(mid) || math.IsNaN(hi):
		return delay{}, fmt.Errorf("%T has invalid parameters: its quantiles are NaN", d)
	case lo < 0:
		return delay{}, fmt.Errorf("%T can draw negative delays (quantile at 1e-9 is %.4g)", d, lo)
	case math.IsInf(mid, 0) || math.IsInf(hi, 0):
		return delay{}, fmt.Errorf("%T has infinite quantiles", d)
	}
	return delay{kind: delayQuantile, q: d}, nil
}

func fixedDelay(days float64) (delay, error) {
	if !finite(days) || days < 0 {
		return delay{}, fmt.Errorf("must be a finite number of days >= 0, got %v", days)
	}
	return delay{kind: delayFixed, a: days}, nil
}

func exponentialDelay(rate float64) (delay, error) {
	if err := positiveFinite("rate", rate); err != nil {
		return delay{}, err
	}
	return delay{kind: delayExp, a: rate}, nil
}

func positiveFinite(name string, x float64) error {
	if !finite(x) || x <= 0 {
		return fmt.Errorf("%s must be positive and finite, got %v", name, x)
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// sample draws one delay in days from the run's stream.
func (d *delay) sample(r *rand.Rand) float64 {
	switch d.kind {
	case delayExp:
		return r.ExpFloat64() / d.a
	case delayFixed:
		return d.a
	case delayUniform:
		return d.a + d.b*r.Float64()
	case delayGamma:
		return gammaSample(r, d.a) / d.b
	case delayLogNormal:
		return math.Exp(d.a + d.b*r.NormFloat64())
	case delayWeibull:
		return d.b * math.Pow(r.ExpFloat64(), 1/d.a)
	default:
		x := d.q.Quantile(openUnit(r))
		if x < 0 {
			// Validation bounds this tail below 1e-9; a delay cannot be negative.
			return 0
		}
		return x
	}
}

// openUnit returns a uniform draw in the open interval (0, 1), where every
// quantile function is finite.
func openUnit(r *rand.Rand) float64 {
	return (float64(r.Uint64()>>11) + 0.5) / (1 << 53)
}

// gammaSample draws from Gamma(alpha, 1) by Marsaglia and Tsang's method
// (ACM TOMS 26(3), 2000), boosting shapes below one with U^(1/alpha).
func gammaSample(r *rand.Rand, alpha float64) float64 {
	boost := 1.0
	if alpha < 1 {
		boost = math.Pow(openUnit(r), 1/alpha)
		alpha++
	}
	d := alpha - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := r.NormFloat64()
		v := 1 + c*x
		if v <= 0 {
			continue
		}
		v = v * v * v
		u := openUnit(r)
		x2 := x * x
		if u < 1-0.0331*x2*x2 || math.Log(u) < 0.5*x2+d*(1-v+math.Log(v)) {
			return d * v * boost
		}
	}
}

// String describes the delay, for DOT labels.
func (d *delay) String() string {
	switch d.kind {
	case delayExp:
		return fmt.Sprintf("rate %.4g/day", d.a)
	case delayFixed:
		return fmt.Sprintf("after %.4g days", d.a)
	case delayUniform:
		return fmt.Sprintf("uniform %.4g–%.4g days", d.a, d.a+d.b)
	case delayGamma:
		return fmt.Sprintf("gamma(%.4g, %.4g)", d.a, d.b)
	case delayLogNormal:
		return fmt.Sprintf("lognormal(%.4g, %.4g)", d.a, d.b)
	case delayWeibull:
		return fmt.Sprintf("weibull(%.4g, %.4g)", d.a, d.b)
	default:
		return fmt.Sprintf("%T", d.q)
	}
}
