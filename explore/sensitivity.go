package explore

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// Evaluate returns f at every point of the design, in order: a plain Go
// function of the input vector (as SALib's models), for the estimators'
// closed-form checks or any model outside parley. f must not keep x.
func Evaluate(d *Design, f func(x []float64) float64) []float64 {
	y := make([]float64, d.Len())
	for r, x := range d.X {
		y[r] = f(x)
	}
	return y
}

// SobolOptions adjusts Sobol. The zero value (or nil) is valid.
type SobolOptions struct {
	// Bootstrap is the number of bootstrap resamples of the base samples
	// for the intervals, at most 100,000; 0 means 500. A resample that
	// holds no variation (its indices are 0/0) is left out of the
	// intervals.
	Bootstrap int
	// Confidence is the level of the intervals, in (0, 1); 0 means 0.95.
	Confidence float64
	// Seed seeds the bootstrap's resampling.
	Seed uint64
	// Noise, when given, holds each output's Monte Carlo variance (its
	// standard error squared), in the design's order: Sobol then reports
	// the share of the output's variance that is noise.
	Noise []float64
	// IndependentNoise says that the outputs' noise is independent from
	// one experiment to the next (each ran on its own streams). Only then
	// is the noise subtracted from the variances: with common random
	// numbers it is correlated, and subtracting it would over-correct.
	IndependentNoise bool
	// FlatBelow is the variance share of noise above which an output is
	// reported as flat; 0 means 0.5.
	FlatBelow float64
}

// SobolIndex is one input's Sobol indices with their bootstrap intervals:
// S1, the share of the output's variance due to the input alone (Saltelli
// et al. 2010), and ST, the share due to it with all its interactions
// (Jansen 1999).
type SobolIndex struct {
	Name           string
	S1, S1Lo, S1Hi float64
	ST, STLo, STHi float64
	// Inert is set when ST is zero, its interval [0, 0]: with the runs'
	// common random numbers an input that changes nothing gives the same
	// outputs, so its ST is exactly 0 in every resample. An input whose
	// effect shows in a few experiments only may have an interval that
	// reaches 0; it is not inert.
	Inert bool
}

// SobolResult is a Sobol analysis of one output.
type SobolResult struct {
	Indices []SobolIndex // in the order of the space's inputs
	// Variance is the output's variance over the base samples; NoiseShare
	// the share of it that is Monte Carlo noise (0 without Options.Noise).
	Variance, NoiseShare float64
	// Flat is set when the output barely varies over the design: its
	// variance is zero or mostly noise, and the indices (NaN) say nothing.
	Flat bool
}

// Sorted returns the indices, largest total effect first.
func (r *SobolResult) Sorted() []SobolIndex {
	out := slices.Clone(r.Indices)
	sort.SliceStable(out, func(a, b int) bool { return out[a].ST > out[b].ST })
	return out
}

// Sobol estimates the first-order and total Sobol indices of output y
// (one value per point of the Saltelli design d, in its order), with
// bootstrap intervals over the base samples.
func Sobol(d *Design, y []float64, opts *SobolOptions) (*SobolResult, error) {
	if d.Kind != KindSaltelli {
		return nil, fmt.Errorf("explore: Sobol needs a Saltelli design, got %s", d.Kind)
	}
	k, n := d.Space.Dim(), d.N
	if len(y) != n*(k+2) {
		return nil, fmt.Errorf("explore: %d outputs for a design of %d points", len(y), n*(k+2))
	}
	for r, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("explore: output %d is %v", r, v)
		}
	}
	var o SobolOptions
	if opts != nil {
		o = *opts
	}
	if o.Bootstrap == 0 {
		o.Bootstrap = 500
	}
	if o.Confidence == 0 {
		o.Confidence = 0.95
	}
	if o.FlatBelow == 0 {
		o.FlatBelow = 0.5
	}
	if o.Bootstrap < 1 || o.Bootstrap > maxBootstrap {
		return nil, fmt.Errorf("explore: %d bootstrap resamples: want 1 to %d (0: 500)", o.Bootstrap, maxBootstrap)
	}
	if !(o.Confidence > 0 && o.Confidence < 1) {
		return nil, fmt.Errorf("explore: a confidence level of %v: want one in (0, 1)", o.Confidence)
	}
	if o.Noise != nil && len(o.Noise) != len(y) {
		return nil, fmt.Errorf("explore: %d noise variances for %d outputs", len(o.Noise), len(y))
	}
	// Centre the outputs on the mean of A and B (as SALib standardises
	// them): the estimators' expectations do not change, and their
	// variance falls when the mean is large against the spread.
	mean := 0.0
	for _, v := range y[:2*n] {
		mean += v
	}
	mean /= float64(2 * n)
	centred := make([]float64, len(y))
	for r, v := range y {
		centred[r] = v - mean
	}
	y = centred
	fA, fB := y[:n], y[n:2*n]
	all := make([]int, n)
	for j := range all {
		all[j] = j
	}
	noise := 0.0
	if o.Noise != nil {
		for _, v := range o.Noise[:2*n] {
			noise += v
		}
		noise /= float64(2 * n)
	}
	v := variance(fA, fB, all)
	res := &SobolResult{Variance: v}
	if v > 0 {
		res.NoiseShare = min(noise/v, 1)
	}
	if v <= 1e-300 || res.NoiseShare >= o.FlatBelow {
		res.Flat = true
		for i := range k {
			nan := math.NaN()
			res.Indices = append(res.Indices, SobolIndex{Name: d.Space.Names[i], S1: nan, S1Lo: nan, S1Hi: nan, ST: nan, STLo: nan, STHi: nan})
		}
		return res, nil
	}
	correction := 0.0
	if o.IndependentNoise {
		correction = noise
	}
	estimate := func(i int, idx []int) (s1, st float64) {
		fAB := y[(2+i)*n : (3+i)*n]
		vv := variance(fA, fB, idx) - correction
		var sum1, sumT float64
		for _, j := range idx {
			sum1 += float64(fB[j] * (fAB[j] - fA[j]))
			sumT += float64((fA[j] - fAB[j]) * (fA[j] - fAB[j]))
		}
		m := float64(len(idx))
		return sum1 / m / vv, (sumT/(2*m) - correction) / vv
	}
	// The resamples are drawn one at a time, in the order they always
	// were, and each gives every input's estimates: memory grows with the
	// inputs, not with the resamples times the base samples.
	rng := rand.New(rand.NewPCG(o.Seed, 0x626f6f))
	s1s, sts := block(k, o.Bootstrap), block(k, o.Bootstrap)
	idx := make([]int, n)
	for b := range o.Bootstrap {
		for j := range idx {
			idx[j] = rng.IntN(n)
		}
		for i := range k {
			s1s[i][b], sts[i][b] = estimate(i, idx)
		}
	}
	tail := float64((1 - o.Confidence) / 2)
	for i := range k {
		s1, st := estimate(i, all)
		res.Indices = append(res.Indices, SobolIndex{Name: d.Space.Names[i],
			S1: s1, S1Lo: quantile(s1s[i], tail), S1Hi: quantile(s1s[i], 1-tail),
			ST: st, STLo: quantile(sts[i], tail), STHi: quantile(sts[i], 1-tail)})
		res.Indices[i].Inert = st == 0 && res.Indices[i].STHi == 0
	}
	return res, nil
}

// variance is the variance of A's and B's outputs over the base samples idx.
func variance(fA, fB []float64, idx []int) float64 {
	var s, s2 float64
	for _, j := range idx {
		s += fA[j] + fB[j]
		s2 += float64(fA[j]*fA[j]) + float64(fB[j]*fB[j])
	}
	m := float64(2 * len(idx))
	mean := s / m
	return max(s2/m-float64(mean*mean), 0) * m / (m - 1)
}

// maxBootstrap bounds SobolOptions.Bootstrap.
const maxBootstrap = 100_000

// quantile returns the q-quantile of the finite values of xs (reordered
// in place); NaN if none is finite. A bootstrap resample that holds no
// variation gives indices of 0/0: it says nothing of the interval, and is
// left out rather than sorted to one end.
func quantile(xs []float64, q float64) float64 {
	finite := 0
	for _, x := range xs {
		if !math.IsNaN(x) && !math.IsInf(x, 0) {
			xs[finite] = x
			finite++
		}
	}
	if finite == 0 {
		return math.NaN()
	}
	xs = xs[:finite]
	slices.Sort(xs)
	pos := float64(q * float64(len(xs)-1))
	lo := int(math.Floor(pos))
	hi := min(lo+1, len(xs)-1)
	return xs[lo] + float64((pos-float64(lo))*(xs[hi]-xs[lo]))
}

// MorrisEffect is one input's elementary effects over the trajectories: Mu
// their mean, MuStar the mean of their absolute values (Campolongo et al.
// 2007), Sigma their standard deviation, in output units per the input's
// whole range.
type MorrisEffect struct {
	Name              string
	Mu, MuStar, Sigma float64
}

// Morris computes the elementary effects of output y (one value per point
// of the Morris design d, in its order).
func MorrisEffects(d *Design, y []float64) ([]MorrisEffect, error) {
	if d.Kind != KindMorris {
		return nil, fmt.Errorf("explore: Morris effects need a Morris design, got %s", d.Kind)
	}
	k := d.Space.Dim()
	if len(y) != d.R*(k+1) {
		return nil, fmt.Errorf("explore: %d outputs for a design of %d points", len(y), d.R*(k+1))
	}
	effects := make([][]float64, k)
	for t := range d.R {
		first := t * (k + 1)
		for s := range k {
			a, b := d.Unit[first+s], d.Unit[first+s+1]
			i := -1
			for j := range a {
				if a[j] != b[j] {
					i = j
				}
			}
			if i < 0 {
				return nil, fmt.Errorf("explore: trajectory %d, step %d changes no input", t, s)
			}
			effects[i] = append(effects[i], (y[first+s+1]-y[first+s])/(b[i]-a[i]))
		}
	}
	out := make([]MorrisEffect, k)
	for i, ee := range effects {
		var s, sa float64
		for _, e := range ee {
			s += e
			sa += math.Abs(e)
		}
		m := float64(len(ee))
		mu := s / m
		var ss float64
		for _, e := range ee {
			ss += float64((e - mu) * (e - mu))
		}
		sigma := 0.0
		if len(ee) > 1 {
			sigma = math.Sqrt(ss / (m - 1))
		}
		out[i] = MorrisEffect{Name: d.Space.Names[i], Mu: mu, MuStar: sa / m, Sigma: sigma}
	}
	return out, nil
}

// block returns rows rows of n numbers each, cut from one allocation.
func block(rows, n int) [][]float64 {
	all := make([]float64, rows*n)
	out := make([][]float64, rows)
	for r := range out {
		out[r] = all[r*n : (r+1)*n : (r+1)*n]
	}
	return out
}
