package explore

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"
)

// PRIMOptions adjusts PRIM. The zero value (or nil) is valid.
type PRIMOptions struct {
	// Alpha is the share of the box's cases each peel removes; 0 means 0.05.
	Alpha float64
	// MinMass stops peeling before a box would hold fewer than this share of
	// all cases; 0 means 0.05.
	MinMass float64
	// Box chooses a box of the peeling trajectory by its index, as it was
	// peeled; 0 (the whole data, which restricts nothing) means the default
	// choice: the box with the largest coverage × density, pasted back
	// where that does not lower its density.
	Box int
	// MaxQP drops, from the chosen box, restrictions whose quasi-p-value
	// is above it, the least significant first, measuring the box again
	// after each (as the EMA workbench's PRIM does); 0 means 0.05, 1 keeps
	// every restriction.
	MaxQP float64
}

// PRIMBox is one box of inputs: its limits on each input (the data's
// extremes where it does not restrict the input) and what it holds.
// Coverage is the share of all cases of interest that fall in the box,
// Density the share of its cases that are of interest, Mass the share of
// all cases in it. QP is, for each restricted input, a quasi-p-value: the
// probability of finding as many cases of interest in a box of this size
// if that restriction were lifted (a one-sided binomial test, as
// sdtoolkit and the EMA workbench report); NaN for an input not restricted.
type PRIMBox struct {
	Lo, Hi                  []float64
	Restricted              []bool
	Coverage, Density, Mass float64
	Cases, Hits             int
	QP                      []float64
}

// PRIMResult is the peeling trajectory from the whole data to the smallest
// box, and the box chosen: by default the one with the largest coverage ×
// density, pasted back where that did not lower its density (it replaces
// its entry of the trajectory), or the one PRIMOptions.Box names. Pruned
// is the chosen box without the restrictions whose quasi-p-values were
// above PRIMOptions.MaxQP, named in Dropped in the order they were
// dropped: what is left once restrictions that may be noise are gone.
type PRIMResult struct {
	Inputs             []string
	Trajectory         []PRIMBox
	Chosen             int
	Pruned             PRIMBox
	Dropped            []string
	Total, Interesting int
}

// Box returns the chosen box without the restrictions dropped as noise
// (Pruned).
func (r *PRIMResult) Box() PRIMBox { return r.Pruned }

// PRIM finds boxes of inputs where the cases of interest concentrate (the
// patient rule induction method of Friedman and Fisher 1999, with the
// coverage and density of Bryant and Lempert 2010): x holds each case's
// inputs, interesting whether the case is of interest.
func PRIM(inputs []string, x [][]float64, interesting []bool, opts *PRIMOptions) (*PRIMResult, error) {
	var o PRIMOptions
	if opts != nil {
		o = *opts
	}
	if o.Alpha == 0 {
		o.Alpha = 0.05
	}
	if o.MinMass == 0 {
		o.MinMass = 0.05
	}
	if o.MaxQP == 0 {
		o.MaxQP = 0.05
	}
	if !(o.Alpha > 0 && o.Alpha < 0.5) || !(o.MinMass > 0 && o.MinMass < 1) {
		return nil, fmt.Errorf("explore: PRIM needs 0 < alpha < 0.5 and 0 < min mass < 1, got %v and %v", o.Alpha, o.MinMass)
	}
	if !(o.MaxQP > 0 && o.MaxQP <= 1) {
		return nil, fmt.Errorf("explore: PRIM drops restrictions whose quasi-p-value is above a threshold in (0, 1], got %v", o.MaxQP)
	}
	if o.Box < 0 {
		return nil, fmt.Errorf("explore: PRIM box %d: boxes are numbered from 0, the whole data", o.Box)
	}
	n, k := len(x), len(inputs)
	if n == 0 || len(interesting) != n {
		return nil, fmt.Errorf("explore: PRIM needs cases, and one answer per case: %d cases, %d answers", n, len(interesting))
	}
	total := 0
	for _, y := range interesting {
		if y {
			total++
		}
	}
	if total == 0 {
		return nil, fmt.Errorf("explore: no case is of interest: there is nothing to find")
	}
	lo, hi := make([]float64, k), make([]float64, k)
	for j := range k {
		lo[j], hi[j] = math.Inf(1), math.Inf(-1)
		for _, row := range x {
			if len(row) != k {
				return nil, fmt.Errorf("explore: a case has %d inputs, not %d", len(row), k)
			}
			lo[j], hi[j] = min(lo[j], row[j]), max(hi[j], row[j])
		}
	}
	p := &prim{x: x, y: interesting, k: k, n: n, total: total, dataLo: lo, dataHi: hi}
	res := &PRIMResult{Inputs: append([]string(nil), inputs...), Total: n, Interesting: total}
	boxLo, boxHi := slices.Clone(lo), slices.Clone(hi)
	for {
		in := p.inside(boxLo, boxHi)
		res.Trajectory = append(res.Trajectory, p.describe(boxLo, boxHi))
		nextLo, nextHi, ok := p.peel(in, boxLo, boxHi, o.Alpha)
		if !ok || float64(len(p.inside(nextLo, nextHi))) < o.MinMass*float64(n) {
			break
		}
		boxLo, boxHi = nextLo, nextHi
	}
	if o.Box > 0 {
		if o.Box >= len(res.Trajectory) {
			return nil, fmt.Errorf("explore: PRIM box %d: the peeling trajectory has boxes 0 to %d", o.Box, len(res.Trajectory)-1)
		}
		res.Chosen = o.Box
	} else {
		best := -1.0
		for i, b := range res.Trajectory {
			if s := b.Coverage * b.Density; s > best {
				best, res.Chosen = s, i
			}
		}
		b := &res.Trajectory[res.Chosen]
		pl, ph := p.paste(b.Lo, b.Hi, o.Alpha)
		*b = p.describe(pl, ph)
	}
	res.Pruned = res.Trajectory[res.Chosen]
	for {
		worst := -1
		for j, r := range res.Pruned.Restricted {
			if r && res.Pruned.QP[j] > o.MaxQP && (worst < 0 || res.Pruned.QP[j] > res.Pruned.QP[worst]) {
				worst = j
			}
		}
		if worst < 0 {
			break
		}
		lo, hi := slices.Clone(res.Pruned.Lo), slices.Clone(res.Pruned.Hi)
		lo[worst], hi[worst] = p.dataLo[worst], p.dataHi[worst]
		res.Pruned = p.describe(lo, hi)
		res.Dropped = append(res.Dropped, inputs[worst])
	}
	return res, nil
}

type prim struct {
	x              [][]float64
	y              []bool
	k, n, total    int
	dataLo, dataHi []float64
}

func (p *prim) inside(lo, hi []float64) []int {
	var out []int
	for r, row := range p.x {
		in := true
		for j, v := range row {
			if v < lo[j] || v > hi[j] {
				in = false
				break
			}
		}
		if in {
			out = append(out, r)
		}
	}
	return out
}

func (p *prim) hits(idx []int) int {
	h := 0
	for _, r := range idx {
		if p.y[r] {
			h++
		}
	}
	return h
}

// peel returns the box after removing a share alpha of the box's cases at
// the face that raises density most.
func (p *prim) peel(in []int, lo, hi []float64, alpha float64) ([]float64, []float64, bool) {
	bestDensity, found := -1.0, false
	var bestLo, bestHi []float64
	vals := make([]float64, len(in))
	for j := range p.k {
		for r, c := range in {
			vals[r] = p.x[c][j]
		}
		slices.Sort(vals)
		m := len(vals)
		cut := max(1, int(alpha*float64(m)))
		if cut >= m {
			continue
		}
		for _, side := range []int{0, 1} {
			nl, nh := slices.Clone(lo), slices.Clone(hi)
			if side == 0 {
				// Raise the low end above the cut lowest values.
				if vals[cut] == vals[0] {
					continue
				}
				nl[j] = vals[cut]
			} else {
				if vals[m-1-cut] == vals[m-1] {
					continue
				}
				nh[j] = vals[m-1-cut]
			}
			// Only dimension j changed: filter the box's cases on it.
			kept, hits := 0, 0
			for _, c := range in {
				if v := p.x[c][j]; v >= nl[j] && v <= nh[j] {
					kept++
					if p.y[c] {
						hits++
					}
				}
			}
			if kept == 0 || kept == len(in) {
				continue
			}
			d := float64(hits) / float64(kept)
			if d > bestDensity {
				bestDensity, bestLo, bestHi, found = d, nl, nh, true
			}
		}
	}
	return bestLo, bestHi, found
}

// paste extends the box's faces again, a share alpha of its cases at a
// time, while that does not lower its density.
func (p *prim) paste(lo, hi []float64, alpha float64) ([]float64, []float64) {
	lo, hi = slices.Clone(lo), slices.Clone(hi)
	for {
		// Cases outside the box on exactly one face are those a paste at
		// that face can bring in: face 2j is dimension j's low end, 2j+1
		// its high end.
		in, hitsIn := 0, 0
		beyond := make([][]float64, 2*p.k)
		beyondRows := make([][]int, 2*p.k)
		for r, row := range p.x {
			face, out := -1, 0
			for j, v := range row {
				switch {
				case v < lo[j]:
					face, out = 2*j, out+1
				case v > hi[j]:
					face, out = 2*j+1, out+1
				}
				if out > 1 {
					break
				}
			}
			switch out {
			case 0:
				in++
				if p.y[r] {
					hitsIn++
				}
			case 1:
				beyond[face] = append(beyond[face], row[face/2])
				beyondRows[face] = append(beyondRows[face], r)
			}
		}
		density := float64(hitsIn) / float64(max(in, 1))
		step := max(1, int(alpha*float64(in)))
		bestDensity, bestFace, bestEdge := density, -1, 0.0
		for face := range beyond {
			if len(beyond[face]) == 0 {
				continue
			}
			vals := slices.Clone(beyond[face])
			slices.Sort(vals)
			var edge float64
			if face%2 == 0 {
				edge = vals[max(0, len(vals)-step)]
			} else {
				edge = vals[min(len(vals)-1, step-1)]
			}
			added, addedHits := 0, 0
			for i, r := range beyondRows[face] {
				v := beyond[face][i]
				if face%2 == 0 && v >= edge || face%2 == 1 && v <= edge {
					added++
					if p.y[r] {
						addedHits++
					}
				}
			}
			d := float64(hitsIn+addedHits) / float64(in+added)
			if d > bestDensity || d == bestDensity && bestFace < 0 {
				bestDensity, bestFace, bestEdge = d, face, edge
			}
		}
		if bestFace < 0 || bestDensity < density {
			return lo, hi
		}
		if j := bestFace / 2; bestFace%2 == 0 {
			lo[j] = bestEdge
		} else {
			hi[j] = bestEdge
		}
	}
}

// describe measures a box and the quasi-p-values of its restrictions.
func (p *prim) describe(lo, hi []float64) PRIMBox {
	in := p.inside(lo, hi)
	h := p.hits(in)
	b := PRIMBox{Lo: slices.Clone(lo), Hi: slices.Clone(hi), Restricted: make([]bool, p.k), QP: make([]float64, p.k),
		Cases: len(in), Hits: h, Coverage: float64(h) / float64(p.total), Mass: float64(len(in)) / float64(p.n)}
	if len(in) > 0 {
		b.Density = float64(h) / float64(len(in))
	}
	for j := range p.k {
		b.QP[j] = math.NaN()
		if lo[j] <= p.dataLo[j] && hi[j] >= p.dataHi[j] {
			b.Lo[j], b.Hi[j] = p.dataLo[j], p.dataHi[j]
			continue
		}
		b.Restricted[j] = true
		wl, wh := slices.Clone(lo), slices.Clone(hi)
		wl[j], wh[j] = p.dataLo[j], p.dataHi[j]
		without := p.inside(wl, wh)
		share := float64(p.hits(without)) / float64(len(without))
		if h == 0 {
			b.QP[j] = 1
			continue
		}
		b.QP[j] = 1 - distuv.Binomial{N: float64(len(in)), P: share}.CDF(float64(h-1))
	}
	return b
}
