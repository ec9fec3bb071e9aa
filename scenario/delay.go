package scenario

import (
	"fmt"
	"math"
	"math/rand/v2"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/internal/sample"
)

// distribution is what a delay needs of a probability distribution: its
// quantile function, gonum's distuv.Quantiler. Every continuous distribution in gonum's distuv has one,
// so any of them can time a transition: distuv.Gamma{Alpha: 3, Beta: 0.5}.
//
// The run never calls the distribution's own Rand method or touches its Src:
// it draws from the run's stream, so a distuv value can be shared by every
// worker. Exponential, Uniform, Gamma, LogNormal, Weibull and Beta are drawn
// by dedicated samplers; any other distribution by inversion of Quantile.
type distribution = distuv.Quantiler

// delay is a compiled delay: the run loop switches on its kind instead of
// calling through an interface.
type delay struct {
	sample.Sampler
	// live computes, when they read the world, the rate (Exponential),
	// the distribution's parameters, or the day of a scheduled move (at);
	// nil when they do not.
	live []func(w *World) float64
	at   bool
	// constant: every number is a constant (a scheduled move on a fixed
	// day, at: 14).
	constant bool
	// day and actors: a number reads the day, or an actor's numbers.
	day, actors bool
	text        string // a live delay as written, for messages and DOT
}

// due returns the day a clock started on day runs out: a draw from the
// delay, or the day of a scheduled move (never before day; +Inf when the
// world gives no date). NaN when the world makes the delay unusable.
func (d *delay) due(w *World, day float64) float64 {
	if d.live == nil {
		return day + d.sample(w.rng)
	}
	if d.at {
		x := d.live[0](w)
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return math.Inf(1)
		}
		return max(x, day)
	}
	var p [2]float64
	for k, f := range d.live {
		p[k] = f(w)
	}
	if d.Kind == sample.Exponential {
		switch rate := p[0]; {
		case rate == 0:
			return math.Inf(1)
		case !(rate > 0) || math.IsInf(rate, 1):
			return math.NaN()
		default:
			return day + sample.Exp(w.rng)/rate
		}
	}
	s, err := sample.Of(d.Kind, p[0], p[1])
	if err != nil {
		return math.NaN()
	}
	x := s.Draw(w.rng)
	if !(x >= 0) {
		x = 0
	}
	return day + x
}

func (d *delay) exponential() bool { return d.Kind == sample.Exponential }

// compileDelay checks the distribution and returns its compiled form, or the
// reason it cannot time a transition.
func compileDelay(d distribution) (delay, error) {
	s, err := sample.Compile(d)
	if err != nil {
		return delay{}, err
	}
	name := distName(d)
	if lo, _ := s.Support(); lo < 0 {
		return delay{}, fmt.Errorf("a %s distribution can draw negative delays; use one on [0, ∞) such as gamma, lognormal or weibull", name)
	}
	if q := s.Quantile(1 - 1e-9); !finite(q) {
		return delay{}, fmt.Errorf("this %s distribution draws delays beyond any number of days (its quantile at 1 - 1e-9 is %v): check its parameters", name, q)
	}
	return delay{Sampler: s}, nil
}

// distName is a distribution's name in words: distuv.LogNormal is
// "lognormal".
func distName(d distribution) string {
	name := fmt.Sprintf("%T", d)
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		name = name[i+1:]
	}
	return strings.ToLower(strings.TrimPrefix(name, "*"))
}

func fixedDelay(days float64) (delay, error) {
	if !sample.Finite(days) || days < 0 {
		return delay{}, fmt.Errorf("must be a finite number of days >= 0, got %v", days)
	}
	return delay{Sampler: sample.FixedValue(days)}, nil
}

// exponentialDelay compiles Rate(rate). A rate of 0 is allowed: it switches
// the transition off, which is how an assumption set to zero reads.
func exponentialDelay(rate float64) (delay, error) {
	if err := rateCheck(rate); err != nil {
		return delay{}, err
	}
	return delay{Sampler: sample.Sampler{Kind: sample.Exponential, A: rate}}, nil
}

func rateCheck(rate float64) error {
	if !sample.Finite(rate) || rate < 0 {
		return fmt.Errorf("rate must be finite and >= 0, got %v", rate)
	}
	return nil
}

func finite(x float64) bool { return sample.Finite(x) }

// sample draws one delay in days from the run's stream.
func (d *delay) sample(r *rand.Rand) float64 {
	x := d.Draw(r)
	if !(x >= 0) {
		// Validation bounds a negative draw's probability below 1e-9;
		// a delay cannot be negative.
		return 0
	}
	return x
}

// String describes the delay, for DOT labels.
func (d *delay) String() string {
	switch {
	case d.at && d.constant:
		return "on day " + d.text
	case d.at:
		return "on the day " + d.text + " gives"
	case d.live != nil && d.Kind == sample.Exponential:
		return "rate " + d.text
	case d.live != nil:
		return d.text
	}
	if d.Kind == sample.Fixed {
		return fmt.Sprintf("after %.4g days", d.A)
	}
	return d.Sampler.String()
}

// DelaySummary says what a delay means in days: its mean and the range
// holding 90% of its draws (the 5% and 95% quantiles).
type DelaySummary struct {
	Mean, Lo, Hi float64
	// Text describes the distribution, such as "gamma(4, 0.5)".
	Text string
}

func (d *delay) summary() DelaySummary {
	if d.live != nil {
		nan := math.NaN()
		return DelaySummary{Mean: nan, Lo: nan, Hi: nan, Text: d.String()}
	}
	return DelaySummary{Mean: d.Mean(), Lo: d.Quantile(0.05), Hi: d.Quantile(0.95), Text: d.String()}
}

// TransitionDelay summarises the delay of transition i, as bound.
func (sc *Scenario) TransitionDelay(t Transition) DelaySummary {
	if uint32(t) >= uint32(len(sc.trans)) {
		return DelaySummary{}
	}
	return sc.trans[t].delay.summary()
}
