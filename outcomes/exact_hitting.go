package outcomes

import (
	"fmt"
	"math"

	"github.com/parleysim/parley/internal/fmath"
	"github.com/parleysim/parley/scenario"
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
	x := float64(q.lam * horizon)
	need := math.Ceil(x + float64(12*float64(math.Sqrt(x))) + 40)
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
	x := float64(h.lam * t)
	if x <= 0 {
		return h.h[0], h.lam * (h.get(1) - h.h[0])
	}
	// Poisson weights from the mode outwards, until they no longer count.
	mode := math.Floor(x)
	lg := fmath.Lgamma(mode + 1)
	w0 := fmath.Exp(-x + float64(mode*float64(fmath.Log(x))) - lg)
	k0 := int(mode)
	add := func(k int, w float64) {
		p += float64(w * h.get(k))
		rate += float64(w * (h.get(k+1) - h.get(k)))
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

// States off every cycle are entered at most once, so the chance of
// having entered one by jump k is its start plus every jump into it
// before: the hitting series of all of them come from one pass of the
// jump chain, where a state on a cycle needs a pass of its own (with the
// state made absorbing). A chain of 100,000 states in a line so costs one
// pass rather than 100,000.

// offCycle reports, per state, whether it lies on no cycle of moves (a
// move to itself aside, which cannot be a first entry): Tarjan's strongly
// connected components, without recursion, so that long chains do not
// exhaust the stack.
func (m *Markov) offCycle() []bool {
	n := m.n
	index, low := make([]int32, n), make([]int32, n)
	for i := range index {
		index[i] = -1
	}
	onStack := make([]bool, n)
	var stack []int32
	off := make([]bool, n)
	next := int32(0)
	type frame struct{ v, edge int32 }
	var calls []frame
	for root := range n {
		if index[root] >= 0 {
			continue
		}
		calls = append(calls[:0], frame{int32(root), 0})
		index[root], low[root] = next, next
		next++
		stack = append(stack, int32(root))
		onStack[root] = true
		for len(calls) > 0 {
			f := &calls[len(calls)-1]
			v := f.v
			moves := m.c.Moves[v]
			if int(f.edge) < len(moves) {
				w := int32(moves[f.edge].To)
				f.edge++
				switch {
				case w == v:
				case index[w] < 0:
					index[w], low[w] = next, next
					next++
					stack = append(stack, w)
					onStack[w] = true
					calls = append(calls, frame{w, 0})
				case onStack[w]:
					low[v] = min(low[v], index[w])
				}
				continue
			}
			calls = calls[:len(calls)-1]
			if len(calls) > 0 {
				p := calls[len(calls)-1].v
				low[p] = min(low[p], low[v])
			}
			if low[v] == index[v] {
				size := 0
				for {
					w := stack[len(stack)-1]
					stack = stack[:len(stack)-1]
					onStack[w] = false
					size++
					if w == v {
						break
					}
				}
				off[v] = size == 1
			}
		}
	}
	return off
}

// hittingAll returns the hitting series of the given states, each off
// every cycle, over the horizon, from one pass of the jump chain per
// batch of states that fits in memory; false where the chain is discrete
// or the pass would take too long (as hittingOf).
func (m *Markov) hittingAll(states []int, pi0 []float64, horizon float64) (map[int]*hitting, bool) {
	if m.c.Discrete || len(states) == 0 {
		return nil, false
	}
	q := m.gen(nil).sparse()
	x := float64(q.lam * horizon)
	need := math.Ceil(x + float64(12*float64(math.Sqrt(x))) + 40)
	if !(need*float64(len(q.col)+q.n) <= hittingWork) {
		return nil, false
	}
	jumps := int(need)
	// A batch keeps the whole series of each of its states: at most a
	// quarter of the memory limit, and at least one state a pass.
	batch := max(1, int(float64(m.limit)/4/(8*need)))
	out := make(map[int]*hitting, len(states))
	v, next := make([]float64, m.n), make([]float64, m.n)
	for len(states) > 0 {
		part := states[:min(batch, len(states))]
		states = states[len(states[:len(part)]):]
		series := make([][]float64, len(part))
		for i, st := range part {
			series[i] = make([]float64, 1, jumps+1)
			series[i][0] = pi0[st]
		}
		copy(v, pi0)
		for k := 1; k <= jumps; k++ {
			if m.stop != nil && m.stop() {
				return nil, false
			}
			if q.lam > 0 {
				q.uniformTimes(v, next)
			} else {
				copy(next, v)
			}
			for i, st := range part {
				// The jump chain's mass moved into st by this jump: what it
				// holds after, less what stayed.
				stayed := v[st]
				if q.lam > 0 {
					stayed *= 1 + q.diag[st]/q.lam
				}
				h := series[i]
				series[i] = append(h, h[len(h)-1]+math.Max(0, next[st]-stayed))
			}
			v, next = next, v
		}
		for i, st := range part {
			out[st] = &hitting{lam: q.lam, h: series[i]}
		}
	}
	return out, true
}

// reachWork bounds the steps (jumps times nonzeros) that the reach of the
// states on cycles may take in all, one pass each: about a minute and a
// half at a nanosecond a step. A chain of 100,000 states each on a cycle
// would take days.
const reachWork = 1e11

// checkReachWork refuses, before any pass is made, reach by day of states
// on cycles that would take more than reachWork steps, with the estimate
// and the ways out.
func (m *Markov) checkReachWork(sc *scenario.Scenario, own int, horizon float64) error {
	if m.c.Discrete || own == 0 {
		return nil
	}
	nnz, lam := 0, 0.0
	for i, row := range m.c.Moves {
		nnz += len(row)
		lam = math.Max(lam, m.c.OutRate(int32(i)))
	}
	// A pass is a hitting series (hittingOf) or, past hittingWork, the
	// vectors of the chain with the state made absorbing (reachSeries):
	// jumps times nonzeros either way. Small chains past hittingWork take
	// dense exponentials, whose cost does not grow with the horizon.
	x := float64(lam * horizon)
	pass := math.Ceil(x+float64(12*float64(math.Sqrt(x)))+40) * float64(nnz+m.n)
	if pass > hittingWork && m.n < sparseNodes {
		return nil
	}
	work := float64(own) * pass
	if work <= reachWork {
		return nil
	}
	return fmt.Errorf("%w: reach by day of %d states on cycles of %q needs a pass of the chain each, about %.2g steps in all, over the budget of %.0g: estimate by Monte Carlo (parley run), or ask for fewer outputs, such as the claims (ExactConfig.Outputs, parley exact -outputs final,claim)",
		ErrTooLong, own, sc.Name(), work, float64(reachWork))
}
