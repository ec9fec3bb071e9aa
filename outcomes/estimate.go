package outcomes

import (
	"math"

	"github.com/parleysim/parley/internal/fmath"
)

// Estimate is a probability estimated from Hits successes in N runs, with its
// confidence interval [Lo, Hi].
type Estimate struct {
	P    float64 `json:"p"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
	Hits int64   `json:"hits"`
	N    int64   `json:"n"`
}

// HalfWidth returns half the width of the interval.
func (e Estimate) HalfWidth() float64 { return (e.Hi - e.Lo) / 2 }

// Contains reports whether p lies in the interval.
func (e Estimate) Contains(p float64) bool { return e.Lo <= p && p <= e.Hi }

// Wilson returns the estimate of a proportion from hits in n trials with the
// Wilson score interval at the given confidence level (0.95 for 95%). Unlike
// the normal approximation it stays inside [0, 1] and is not degenerate when
// hits is 0 or n. With n = 0 the interval is [0, 1] and P is 0.
func Wilson(hits, n int64, confidence float64) Estimate {
	if n <= 0 {
		return Estimate{Lo: 0, Hi: 1}
	}
	return wilsonZ(hits, n, zScore(confidence))
}

// wilsonZ is Wilson with the normal quantile z of the confidence level
// worked out once by the caller.
func wilsonZ(hits, n int64, z float64) Estimate {
	if n <= 0 {
		return Estimate{Lo: 0, Hi: 1}
	}
	nf := float64(n)
	p := float64(hits) / nf
	z2 := z * z
	denom := 1 + z2/nf
	center := (p + z2/(2*nf)) / denom
	half := z * math.Sqrt(p*(1-p)/nf+z2/(4*nf*nf)) / denom
	e := Estimate{P: p, Lo: math.Max(0, center-half), Hi: math.Min(1, center+half), Hits: hits, N: n}
	// At 0 and n the bound is exact; keep rounding from moving it.
	if hits == 0 {
		e.Lo = 0
	}
	if hits == n {
		e.Hi = 1
	}
	return e
}

// zScore returns the two-sided standard normal quantile for a confidence level.
func zScore(confidence float64) float64 {
	return fmath.NormalQuantile(1 - float64((1-confidence)/2))
}

// Difference is the difference of two proportions with its interval.
type Difference struct {
	D  float64 `json:"d"`
	Lo float64 `json:"lo"`
	Hi float64 `json:"hi"`
}

// Contains reports whether d lies in the interval.
func (d Difference) Contains(x float64) bool { return d.Lo <= x && x <= d.Hi }

// Diff returns a.P - b.P with Newcombe's hybrid score interval (Newcombe
// 1998, method 10), built from the two estimates' own intervals, so at their
// confidence level. It assumes independent samples; for two runs of related
// scenarios with the same seed, whose estimates are positively correlated,
// the interval is conservative.
func Diff(a, b Estimate) Difference {
	d := a.P - b.P
	return Difference{
		D:  d,
		Lo: d - math.Sqrt(float64((a.P-a.Lo)*(a.P-a.Lo))+float64((b.Hi-b.P)*(b.Hi-b.P))),
		Hi: d + math.Sqrt(float64((a.Hi-a.P)*(a.Hi-a.P))+float64((b.P-b.Lo)*(b.P-b.Lo))),
	}
}
