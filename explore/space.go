package explore

import (
	"fmt"
	"math"

	"github.com/parleysim/parley/internal/sample"
	"github.com/parleysim/parley/scenario"
	"gonum.org/v1/gonum/stat/distuv"
)

// Space is the box of inputs a design covers: for each input its name and
// how a coordinate in [0, 1] maps to a value: uniformly onto [Lo, Hi], or
// through the quantile function of its prior when Priors has one.
type Space struct {
	Names  []string
	Lo, Hi []float64
	Priors []distuv.Quantiler // per input; nil (or a nil entry): uniform on [Lo, Hi]
}

// Box is the space of inputs uniform on [lo[i], hi[i]], for a plain function.
func Box(names []string, lo, hi []float64) (Space, error) {
	s := Space{Names: append([]string(nil), names...), Lo: append([]float64(nil), lo...), Hi: append([]float64(nil), hi...)}
	return s, s.check()
}

// Dim returns the number of inputs.
func (s Space) Dim() int { return len(s.Names) }

func (s Space) check() error {
	if len(s.Names) == 0 {
		return fmt.Errorf("explore: a space needs at least one input")
	}
	if len(s.Lo) != len(s.Names) || len(s.Hi) != len(s.Names) {
		return fmt.Errorf("explore: %d names, %d low and %d high ends", len(s.Names), len(s.Lo), len(s.Hi))
	}
	seen := map[string]bool{}
	for i, n := range s.Names {
		if seen[n] {
			return fmt.Errorf("explore: input %q named twice", n)
		}
		seen[n] = true
		if s.prior(i) == nil && !(s.Lo[i] < s.Hi[i]) || math.IsInf(s.Lo[i], 0) || math.IsInf(s.Hi[i], 0) {
			return fmt.Errorf("explore: input %q needs finite low < high, got [%v, %v]", n, s.Lo[i], s.Hi[i])
		}
	}
	return nil
}

func (s Space) prior(i int) distuv.Quantiler {
	if i < len(s.Priors) {
		return s.Priors[i]
	}
	return nil
}

// Value maps coordinate u in [0, 1] of input i to its value.
func (s Space) Value(i int, u float64) float64 {
	if uint(i) >= uint(len(s.Lo)) || uint(i) >= uint(len(s.Hi)) {
		return math.NaN() // not an input of the space
	}
	if p := s.prior(i); p != nil {
		// The quantile function is infinite at 0 and 1 for unbounded
		// priors: keep within the open interval.
		u = min(max(u, 1e-12), 1-1e-12)
		return min(max(priorQuantile(p, u), s.Lo[i]), s.Hi[i])
	}
	// Interpolated so that no range overflows, and kept within the range:
	// rounding must never take a point past an end (0.3 + 1·0.6 is
	// 0.9000000000000001).
	return min(max(float64((1-u)*s.Lo[i])+float64(u*s.Hi[i]), s.Lo[i]), s.Hi[i])
}

// priorQuantile is d's u-quantile, computed by parley's own code for the
// families it samples (gonum's Beta and Gamma quantiles are Go code that
// arm64 fuses), so that a design is the same on every machine.
func priorQuantile(d distuv.Quantiler, u float64) float64 {
	if _, _, ok := sample.Family(d); ok {
		if s, err := sample.Compile(d); err == nil {
			return s.Quantile(u)
		}
	}
	return d.Quantile(u)
}

// ParameterSpace is the space of a scenario's parameters, except those in
// fixed (which stay at the values the scenario has bound). A parameter
// varies uniformly over its declared range; with usePriors, one with a
// prior varies as its prior instead. A parameter with neither a range nor
// (with usePriors) a prior cannot be varied and is left out; the error
// says when nothing is left.
func ParameterSpace(sc *scenario.Scenario, fixed map[string]float64, usePriors bool) (Space, error) {
	var s Space
	for _, p := range sc.Parameters() {
		if _, held := fixed[p.Name]; held {
			continue
		}
		switch {
		case usePriors && p.Prior != nil:
			var lo, hi float64
			if p.Ranged() {
				lo, hi = p.Min, p.Max
			} else {
				lo, hi = priorQuantile(p.Prior, 1e-12), priorQuantile(p.Prior, 1-1e-12)
			}
			s.Names, s.Lo, s.Hi = append(s.Names, p.Name), append(s.Lo, lo), append(s.Hi, hi)
			s.Priors = append(s.Priors, p.Prior)
		case p.Ranged():
			s.Names, s.Lo, s.Hi = append(s.Names, p.Name), append(s.Lo, p.Min), append(s.Hi, p.Max)
			s.Priors = append(s.Priors, nil)
		}
	}
	if len(s.Names) == 0 {
		return s, fmt.Errorf("explore: %q has no parameter to vary: give parameters ranges (or priors), and leave some out of -set", sc.Name())
	}
	return s, s.check()
}
