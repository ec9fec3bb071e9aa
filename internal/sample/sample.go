package sample

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/internal/fmath"
)

// Quantiler is what a distribution needs to be sampled: gonum's
// distuv.Quantiler, which every continuous distribution in distuv is.
type Quantiler = distuv.Quantiler

// Kind says how a Sampler draws.
type Kind uint8

// The kinds of Sampler.
const (
	Exponential Kind = iota // A: rate
	Fixed                   // A: the value
	Uniform                 // A: min, B: width
	Gamma                   // A: shape, B: rate
	LogNormal               // A: mu, B: sigma
	Weibull                 // A: shape k, B: scale lambda
	Normal                  // A: mu, B: sigma
	Beta                    // A: alpha, B: beta
	Inverse                 // Q's quantile of a uniform draw
)

// Sampler draws from one distribution.
type Sampler struct {
	Kind Kind
	A, B float64
	Q    Quantiler // for Inverse only
}

// FixedValue returns a Sampler that always gives x.
func FixedValue(x float64) Sampler { return Sampler{Kind: Fixed, A: x} }

// Compile checks d's parameters and returns its Sampler, or the reason it
// cannot be sampled.
func Compile(d Quantiler) (Sampler, error) {
	switch v := d.(type) {
	case nil:
		return Sampler{}, fmt.Errorf("no distribution")
	case *distuv.Exponential:
		if v != nil {
			return Compile(*v)
		}
		return Sampler{}, fmt.Errorf("nil distribution")
	case *distuv.Gamma:
		if v != nil {
			return Compile(*v)
		}
		return Sampler{}, fmt.Errorf("nil distribution")
	case *distuv.Beta:
		if v != nil {
			return Compile(*v)
		}
		return Sampler{}, fmt.Errorf("nil distribution")
	case distuv.Exponential:
		return Of(Exponential, v.Rate, 1)
	case distuv.Uniform:
		return Of(Uniform, v.Min, v.Max)
	case distuv.Gamma:
		return Of(Gamma, v.Alpha, v.Beta)
	case distuv.Beta:
		return Of(Beta, v.Alpha, v.Beta)
	case distuv.Weibull:
		return Of(Weibull, v.K, v.Lambda)
	case distuv.LogNormal:
		return Of(LogNormal, v.Mu, v.Sigma)
	case distuv.Normal:
		return Of(Normal, v.Mu, v.Sigma)
	}
	lo, mid, hi, err := probe(d)
	switch {
	case err != nil:
		return Sampler{}, err
	case math.IsNaN(lo) || math.IsNaN(mid) || math.IsNaN(hi):
		return Sampler{}, fmt.Errorf("%T has invalid parameters: its quantiles are NaN", d)
	case math.IsInf(mid, 0):
		return Sampler{}, fmt.Errorf("%T has an infinite median", d)
	}
	return Sampler{Kind: Inverse, Q: d}, nil
}

// probe evaluates d's quantile function where bad parameters show. Some
// distuv distributions panic on bad parameters; that becomes an error here,
// since bad data must never panic.
func probe(d Quantiler) (lo, mid, hi float64, err error) {
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("%T has invalid parameters: %v", d, p)
		}
	}()
	return d.Quantile(1e-9), d.Quantile(0.5), d.Quantile(1 - 1e-9), nil
}

// ParamError is a distribution parameter outside its domain: the Index-th
// parameter (in the order of the distribution's distuv fields), by name.
type ParamError struct {
	Index int
	Name  string // lower case: "alpha", "sigma"
	Need  string // "positive and finite", "finite", "at least min"
	Value float64
}

func (e *ParamError) Error() string {
	return fmt.Sprintf("%s must be %s, got %v", e.Name, e.Need, e.Value)
}

// Finite reports whether x is neither NaN nor infinite.
func Finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }

// Support returns bounds that hold all draws but a share of at most 2e-9:
// exact for the dedicated kinds, quantiles at 1e-9 and 1-1e-9 otherwise.
func (s *Sampler) Support() (lo, hi float64) {
	inf := math.Inf(1)
	switch s.Kind {
	case Exponential, Gamma, LogNormal, Weibull:
		return 0, inf
	case Fixed:
		return s.A, s.A
	case Uniform:
		return s.A, s.A + s.B
	case Normal:
		return -inf, inf
	case Beta:
		return 0, 1
	}
	return s.Q.Quantile(1e-9), s.Q.Quantile(1 - 1e-9)
}

// Draw returns one draw from r.
func (s *Sampler) Draw(r *rand.Rand) float64 {
	switch s.Kind {
	case Exponential:
		return Exp(r) / s.A
	case Fixed:
		return s.A
	case Uniform:
		return s.A + float64(s.B*r.Float64())
	case Gamma:
		return gamma(r, s.A) / s.B
	case LogNormal:
		return fmath.Exp(s.A + float64(s.B*Norm(r)))
	case Weibull:
		return s.B * fmath.Pow(Exp(r), 1/s.A)
	case Normal:
		return s.A + float64(s.B*Norm(r))
	case Beta:
		x := gamma(r, s.A)
		return x / (x + gamma(r, s.B))
	}
	return s.Q.Quantile(OpenUnit(r))
}

// OpenUnit returns a uniform draw in the open interval (0, 1), where every
// quantile function is finite.
func OpenUnit(r *rand.Rand) float64 {
	return (float64(r.Uint64()>>11) + 0.5) / (1 << 53)
}

// gamma draws from Gamma(alpha, 1) by Marsaglia and Tsang's method
// (ACM TOMS 26(3), 2000), boosting shapes below one with U^(1/alpha).
func gamma(r *rand.Rand, alpha float64) float64 {
	boost := 1.0
	if alpha < 1 {
		boost = fmath.Pow(OpenUnit(r), 1/alpha)
		alpha++
	}
	d := alpha - 1.0/3
	c := 1 / math.Sqrt(9*d)
	for {
		x := Norm(r)
		v := 1 + float64(c*x)
		if v <= 0 {
			continue
		}
		v = float64(v * v * v)
		u := OpenUnit(r)
		x2 := float64(x * x)
		if u < 1-float64(0.0331*x2*x2) || fmath.Log(u) < float64(0.5*x2)+float64(d*float64(1-v+fmath.Log(v))) {
			return d * v * boost
		}
	}
}

func (s *Sampler) String() string {
	switch s.Kind {
	case Exponential:
		return fmt.Sprintf("rate %.4g/day", s.A)
	case Fixed:
		return fmt.Sprintf("%.4g", s.A)
	case Uniform:
		return fmt.Sprintf("uniform %.4g–%.4g", s.A, s.A+s.B)
	case Gamma:
		return fmt.Sprintf("gamma(shape %.4g, rate %.4g)", s.A, s.B)
	case LogNormal:
		return fmt.Sprintf("lognormal(mu %.4g, sigma %.4g)", s.A, s.B)
	case Weibull:
		return fmt.Sprintf("weibull(shape %.4g, scale %.4g)", s.A, s.B)
	case Normal:
		return fmt.Sprintf("normal(mean %.4g, sd %.4g)", s.A, s.B)
	case Beta:
		return fmt.Sprintf("beta(alpha %.4g, beta %.4g)", s.A, s.B)
	}
	return fmt.Sprintf("%T", s.Q)
}

// Family returns the Kind of a distribution from one of the families that
// have a dedicated sampler, and the number of its parameters (in the order
// of its distuv fields); ok is false for any other.
func Family(d Quantiler) (k Kind, params int, ok bool) {
	switch d.(type) {
	case distuv.Exponential, *distuv.Exponential:
		return Exponential, 1, true
	case distuv.Uniform, *distuv.Uniform:
		return Uniform, 2, true
	case distuv.Gamma, *distuv.Gamma:
		return Gamma, 2, true
	case distuv.Beta, *distuv.Beta:
		return Beta, 2, true
	case distuv.LogNormal, *distuv.LogNormal:
		return LogNormal, 2, true
	case distuv.Weibull, *distuv.Weibull:
		return Weibull, 2, true
	case distuv.Normal, *distuv.Normal:
		return Normal, 2, true
	}
	return 0, 0, false
}

// Distribution returns the distuv distribution of family k with its
// parameters in the order of its distuv fields; p2 is ignored by a
// family of one.
func Distribution(k Kind, p1, p2 float64) Quantiler {
	switch k {
	case Exponential:
		return distuv.Exponential{Rate: p1}
	case Uniform:
		return distuv.Uniform{Min: p1, Max: p2}
	case Gamma:
		return distuv.Gamma{Alpha: p1, Beta: p2}
	case Beta:
		return distuv.Beta{Alpha: p1, Beta: p2}
	case LogNormal:
		return distuv.LogNormal{Mu: p1, Sigma: p2}
	case Weibull:
		return distuv.Weibull{K: p1, Lambda: p2}
	}
	return distuv.Normal{Mu: p1, Sigma: p2}
}

// Of builds the Sampler of a family from its parameters in the order of its
// distuv fields (Gamma: Alpha, Beta), with the checks of Compile. It
// allocates nothing unless it fails, so parameters may be bound per run.
func Of(k Kind, p1, p2 float64) (Sampler, error) {
	names := FieldNames(k)
	positive := func(i int, x float64) error {
		if !Finite(x) || x <= 0 {
			return &ParamError{Index: i, Name: names[i], Need: "positive and finite", Value: x}
		}
		return nil
	}
	switch k {
	case Exponential:
		if err := positive(0, p1); err != nil {
			return Sampler{}, err
		}
		return Sampler{Kind: k, A: p1}, nil
	case Uniform:
		if !Finite(p1) {
			return Sampler{}, &ParamError{Index: 0, Name: "min", Need: "finite", Value: p1}
		}
		if !Finite(p2) || p2 < p1 {
			return Sampler{}, &ParamError{Index: 1, Name: "max", Need: fmt.Sprintf("finite and at least min (%v)", p1), Value: p2}
		}
		return Sampler{Kind: Uniform, A: p1, B: p2 - p1}, nil
	case Gamma, Beta, Weibull:
		if err := positive(0, p1); err != nil {
			return Sampler{}, err
		}
		if err := positive(1, p2); err != nil {
			return Sampler{}, err
		}
		return Sampler{Kind: k, A: p1, B: p2}, nil
	case LogNormal, Normal:
		if !Finite(p1) {
			return Sampler{}, &ParamError{Index: 0, Name: names[0], Need: "finite", Value: p1}
		}
		if err := positive(1, p2); err != nil {
			return Sampler{}, err
		}
		return Sampler{Kind: k, A: p1, B: p2}, nil
	}
	return Sampler{}, fmt.Errorf("no family of kind %d", k)
}

// Quantile returns the p-quantile of the sampler's distribution, without
// going through an interface for the dedicated kinds.
func (s *Sampler) Quantile(p float64) float64 {
	switch s.Kind {
	case Exponential:
		return -fmath.Log(1-p) / s.A // distuv.Exponential.Quantile, portable
	case Fixed:
		return s.A
	case Uniform:
		return float64(p*((s.A+s.B)-s.A)) + s.A // distuv.Uniform.Quantile, unfused
	case Gamma:
		return fmath.GammaQuantile(s.A, s.B, p) // distuv.Gamma.Quantile, portable
	case LogNormal:
		return fmath.Exp(s.A + float64(s.B*fmath.NormalQuantile(p))) // distuv.LogNormal.Quantile, unfused
	case Weibull:
		return s.B * fmath.Pow(-fmath.Log(1-p), 1/s.A) // distuv.Weibull.Quantile, portable
	case Normal:
		return s.A + float64(s.B*fmath.NormalQuantile(p)) // distuv.Normal.Quantile, unfused
	case Beta:
		return fmath.BetaQuantile(s.A, s.B, p) // distuv.Beta.Quantile, portable
	}
	return s.Q.Quantile(p)
}

// FieldNames returns the names Describe gives a family's parameters, in the
// order of its distuv fields.
func FieldNames(k Kind) []string {
	switch k {
	case Exponential:
		return []string{"rate"}
	case Uniform:
		return []string{"min", "max"}
	case Gamma, Beta:
		return []string{"alpha", "beta"}
	case LogNormal, Normal:
		return []string{"mu", "sigma"}
	case Weibull:
		return []string{"k", "lambda"}
	}
	return nil
}

// Mean returns the mean of the sampler's distribution; NaN for a
// distribution without a Mean method that Inverse samples.
func (s *Sampler) Mean() float64 {
	switch s.Kind {
	case Exponential:
		return 1 / s.A
	case Fixed:
		return s.A
	case Uniform:
		return s.A + float64(s.B/2)
	case Gamma:
		return s.A / s.B
	case LogNormal:
		return fmath.Exp(s.A + float64(s.B*s.B/2))
	case Weibull:
		return s.B * fmath.Gamma(1+1/s.A)
	case Normal:
		return s.A
	case Beta:
		return s.A / (s.A + s.B)
	}
	if m, ok := s.Q.(interface{ Mean() float64 }); ok {
		return m.Mean()
	}
	return math.NaN()
}
