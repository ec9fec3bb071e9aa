package outcomes

import (
	"cmp"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/parleysim/parley/internal/fmath"
)

// Large chains are evolved as vectors, never as matrices: the generator in
// compressed rows, moved forward by uniformization, so that time and memory
// grow with the transitions and the report days, not with the square of
// the states. Dense matrix exponentials stay for small chains, discrete
// chains and stiff ones (where uniformization would need too many terms).

// sparseNodes is the number of nodes from which a continuous-time chain is
// evolved sparsely (a variable so that tests can compare both ways).
var sparseNodes = 128

// sparseWork bounds uniformization's work: nonzeros times λ·horizon. Past
// it the chain is stiff for vectors, and dense exponentials are used.
const sparseWork = 2e10

// genBuilder collects a generator's entries, to build it dense or sparse.
type genBuilder struct {
	n  int
	is []int32
	js []int32
	xs []float64
}

func newGen(n int) *genBuilder { return &genBuilder{n: n} }

// add adds x to entry (i, j).
func (g *genBuilder) add(i, j int, x float64) {
	if x != 0 {
		g.is, g.js, g.xs = append(g.is, int32(i)), append(g.js, int32(j)), append(g.xs, x)
	}
}

func (g *genBuilder) dense() *mat.Dense {
	q := mat.NewDense(max(g.n, 1), max(g.n, 1), nil)
	for k, x := range g.xs {
		i, j := int(g.is[k]), int(g.js[k])
		q.Set(i, j, q.At(i, j)+x)
	}
	return q
}

// sparseQ is a continuous-time generator in compressed rows: the rates off
// the diagonal, and the diagonal (minus the exit rates) apart.
type sparseQ struct {
	n     int
	start []int32 // row i's entries are start[i] to start[i+1]
	col   []int32
	val   []float64
	diag  []float64
	lam   float64 // the largest exit rate: uniformization's rate
}

func (g *genBuilder) sparse() *sparseQ {
	s := &sparseQ{n: g.n, start: make([]int32, g.n+1), diag: make([]float64, g.n)}
	order := make([]int, len(g.xs))
	for k := range order {
		order[k] = k
	}
	slices.SortFunc(order, func(a, b int) int {
		if c := cmp.Compare(g.is[a], g.is[b]); c != 0 {
			return c
		}
		return cmp.Compare(g.js[a], g.js[b])
	})
	last := [2]int32{-1, -1}
	for _, k := range order {
		i, j, x := g.is[k], g.js[k], g.xs[k]
		switch {
		case i == j:
			s.diag[i] += x
		case last == [2]int32{i, j}:
			s.val[len(s.val)-1] += x
		default:
			s.col, s.val = append(s.col, j), append(s.val, x)
			s.start[i+1]++
			last = [2]int32{i, j}
		}
	}
	for i := 1; i <= g.n; i++ {
		s.start[i] += s.start[i-1]
	}
	for _, d := range s.diag {
		s.lam = math.Max(s.lam, -d)
	}
	return s
}

// uniformTimes sets dst to v·P, P = I + Q/λ.
func (s *sparseQ) uniformTimes(v, dst []float64) {
	inv := 1 / s.lam
	for j, x := range v {
		dst[j] = x * (1 + float64(s.diag[j]*inv))
	}
	for i, x := range v {
		if x == 0 {
			continue
		}
		y := x * inv
		for k := s.start[i]; k < s.start[i+1]; k++ {
			dst[s.col[k]] += float64(y * s.val[k])
		}
	}
}

// times sets dst to v·Q.
func (s *sparseQ) times(v, dst []float64) {
	for j, x := range v {
		dst[j] = x * s.diag[j]
	}
	for i, x := range v {
		if x == 0 {
			continue
		}
		for k := s.start[i]; k < s.start[i+1]; k++ {
			dst[s.col[k]] += float64(x * s.val[k])
		}
	}
}

// uniformChunk bounds λ·τ of one uniformization step, so that e^(-λτ)
// stays far from underflow and the terms few.
const uniformChunk = 32

// advance returns v·exp(Q·t): steps of at most uniformChunk/λ days, each
// the Poisson-weighted sum of v·P^k, every term non-negative.
func (s *sparseQ) advance(v []float64, t float64, stop func() bool) []float64 {
	out := slices.Clone(v)
	if t <= 0 || s.lam == 0 {
		return out
	}
	steps := max(1, int(math.Ceil(s.lam*t/uniformChunk)))
	x := s.lam * t / float64(steps)
	term, next, sum := make([]float64, s.n), make([]float64, s.n), make([]float64, s.n)
	for range steps {
		if stop != nil && stop() {
			return out
		}
		copy(term, out)
		clear(sum)
		w := fmath.Exp(-x)
		for k := 0; ; k++ {
			for i, y := range term {
				sum[i] += float64(w * y)
			}
			if float64(k) > x && w < 1e-18 || k > 1000 {
				break // past the mode: the rest weighs less than w
			}
			s.uniformTimes(term, next)
			term, next = next, term
			w *= x / float64(k+1)
		}
		out, sum = sum, out
	}
	return out
}

// evolverOf returns the evolver of the generator g over the horizon:
// sparse for a large continuous-time chain that is not stiff, dense
// otherwise.
func (m *Markov) evolverOf(g *genBuilder, horizon float64) evolver {
	if m.sparse && g.n >= sparseNodes {
		e := m.evolver(nil)
		e.sp = g.sparse()
		return e
	}
	return m.evolver(g.dense())
}

// startAbsorption returns, from the start state, the probability of ending
// in each absorbing state and the expected days until then: row start of
// the fundamental matrix N = (-Q_TT)^-1, solved as y·(-Q_TT) = e_start by
// sparse elimination (no pivoting: -Q_TT is diagonally dominant by rows,
// so its transpose is by columns, where elimination is stable), without
// the rest of N. ok is false when some transient state reaches no
// absorbing state, or the elimination fills in past a bound.
func (m *Markov) startAbsorption() (b []float64, days float64, ok bool) {
	if len(m.absorbing) == 0 || !m.allReachAbsorbing() {
		return nil, 0, false
	}
	k := len(m.transient)
	pos := make([]int, m.n)
	for i := range pos {
		pos[i] = -1
	}
	for r, s := range m.transient {
		pos[s] = r
	}
	// Rows of A^T, A = -Q_TT: A^T[j][i] = -q_ij (i != j), A^T[i][i] = exit rate of i.
	rows := make([]map[int]float64, k)
	for r := range rows {
		rows[r] = map[int]float64{}
	}
	below := make([][]int, k) // per column: the rows below the diagonal holding it
	for r, i := range m.transient {
		out := 0.0
		for _, mv := range m.c.Moves[i] {
			j, q := int(mv.To), mv.Weight
			if j == i || q == 0 {
				continue
			}
			out += q
			if c := pos[j]; c >= 0 {
				rows[c][r] -= q
				if c > r {
					below[r] = append(below[r], c)
				}
			}
		}
		rows[r][r] += out
	}
	rhs := make([]float64, k)
	rhs[pos[m.sc.Start()]] = 1
	fill, limit := 0, 40*k+1_000_000
	for p := range k {
		piv := rows[p][p]
		if !(piv > 0) {
			return nil, 0, false
		}
		for _, r := range below[p] {
			f, has := rows[r][p]
			if !has || f == 0 {
				continue
			}
			f /= piv
			for c, x := range rows[p] {
				if c < p {
					continue
				}
				if _, had := rows[r][c]; !had {
					fill++
					if c > r {
						below[r] = append(below[r], c)
					}
				}
				rows[r][c] -= float64(f * x)
			}
			delete(rows[r], p)
			rhs[r] -= float64(f * rhs[p])
		}
		if fill > limit {
			return nil, 0, false
		}
	}
	y := make([]float64, k)
	for p := k - 1; p >= 0; p-- {
		sum := rhs[p]
		for c, x := range rows[p] {
			if c > p {
				sum -= float64(x * y[c])
			}
		}
		y[p] = sum / rows[p][p]
	}
	// y is row start of N: B = y·R, expected days = y·1.
	b = make([]float64, len(m.absorbing))
	col := make([]int, m.n)
	for c, a := range m.absorbing {
		col[a] = c + 1
	}
	for r, i := range m.transient {
		days += y[r]
		for _, mv := range m.c.Moves[i] {
			if c := col[mv.To]; c > 0 {
				b[c-1] += float64(y[r] * mv.Weight)
			}
		}
	}
	return b, days, true
}

// allReachAbsorbing reports whether every transient state can reach an
// absorbing one.
func (m *Markov) allReachAbsorbing() bool {
	reach := make([]bool, m.n)
	var stack []int
	for _, a := range m.absorbing {
		reach[a] = true
		stack = append(stack, a)
	}
	// Walk backwards: i reaches j if some rate i -> j > 0.
	into := make([][]int, m.n)
	for i := range m.n {
		for _, mv := range m.c.Moves[i] {
			if j := int(mv.To); j != i && mv.Weight > 0 {
				into[j] = append(into[j], i)
			}
		}
	}
	for len(stack) > 0 {
		j := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, i := range into[j] {
			if !reach[i] {
				reach[i] = true
				stack = append(stack, i)
			}
		}
	}
	return !slices.Contains(reach, false)
}
