package outcomes

import (
	"math"
)

// Reach by day of one state, for every report day, is a scalar series, and
// uniformization gives it without moving a vector day by day: the chain is
// its jump chain P = I + Q/λ run at the jumps of a Poisson process of rate
// λ, so P(state entered by day t) = Σ_k Poisson(k; λt)·h(k), h(k) the
// probability that the jump chain has entered the state within k jumps.
// h comes from one pass of K vector steps (K just past λ·horizon), every
// report day and every quantile then from sums of scalars.

// hittingWork bounds the jumps times nonzeros one hitting series may take.
const hittingWork = 2e8

// hitting is the series h(k) of one state, k = 0..K, for the rate lam.
type hitting struct {
	lam float64
	h   []float64
}

// hittingOf returns the hitting series of state st over the horizon, or
// false where the chain is discrete or the series would take too long
// (stiff chains: λ·horizon jumps).
func (m *Markov) hittingOf(st int, pi0 []float64, horizon float64) (*hitting, bool) {
	if m.c.Discrete {
		return nil, false
	}
	q := m.gen(absorbOnly(m.n, st)).sparse()
	// Sized in floating point first: λ·horizon of a rate of 1e18 is past
	// any int, and its conversion would be nonsense.
	x := q.lam * horizon
	need := math.Ceil(x + 12*math.Sqrt(x) + 40)
	if !(need*float64(len(q.col)+q.n) <= hittingWork) {
		return nil, false
	}
	jumps := int(need)
	h := &hitting{lam: q.lam, h: make([]float64, jumps+1)}
	v, next := append([]float64(nil), pi0...), make([]float64, m.n)
	h.h[0] = v[st]
	for k := 1; k <= jumps; k++ {
		if q.lam == 0 {
			h.h[k] = h.h[0]
			continue
		}
		if m.stop != nil && m.stop() {
			return nil, false
		}
		q.uniformTimes(v, next)
		v, next = next, v
		h.h[k] = v[st]
	}
	return h, true
}

// get returns h(k), constant past the last jump kept (whose Poisson weight
// is far below the sums' accuracy).
func (h *hitting) get(k int) float64 { return h.h[min(k, len(h.h)-1)] }

// at returns P(entered by day t) and its rate of change in t.
func (h *hitting) at(t float64) (p, rate float64) {
	x := h.lam * t
	if x <= 0 {
		return h.h[0], h.lam * (h.get(1) - h.h[0])
	}
	// Poisson weights from the mode outwards, until they no longer count.
	mode := math.Floor(x)
	lg, _ := math.Lgamma(mode + 1)
	w0 := math.Exp(-x + mode*math.Log(x) - lg)
	k0 := int(mode)
	add := func(k int, w float64) {
		p += w * h.get(k)
		rate += w * (h.get(k+1) - h.get(k))
	}
	add(k0, w0)
	for k, w := k0+1, w0; ; k++ {
		w *= x / float64(k)
		if w < 1e-20 {
			break
		}
		add(k, w)
	}
	for k, w := k0-1, w0; k >= 0; k-- {
		w *= float64(k+1) / x
		if w < 1e-20 {
			break
		}
		add(k, w)
	}
	return math.Min(1, math.Max(0, p)), h.lam * rate
}

// series returns P(entered by day d) for each of days.
func (h *hitting) series(days []float64) []float64 {
	out := make([]float64, len(days))
	for i, d := range days {
		out[i], _ = h.at(d)
	}
	return out
}

// quantiles returns the days by which a share q of those that enter by
// the last of days have entered: the first report day on which the share
// is reached, then Newton's method in the bracket before it.
func (h *hitting) quantiles(days, reach []float64, qs []float64, halted func() bool) []Quantile {
	out := []Quantile{}
	total := reach[len(reach)-1]
	if !(total > 0) {
		return out
	}
	for _, q := range qs {
		target := q * total
		for i, p := range reach {
			if p < target {
				continue
			}
			day := days[i]
			if i > 0 {
				a := days[i-1]
				day = newtonReach(a, days[i], target, func(v []float64) float64 { return v[0] }, halted, func(tau float64) ([]float64, []float64) {
					p, r := h.at(a + tau)
					return []float64{p}, []float64{r}
				})
			}
			out = append(out, Quantile{Q: q, Day: day})
			break
		}
	}
	return out
}
