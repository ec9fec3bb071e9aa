package explore

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distmv"
	"gonum.org/v1/gonum/stat/samplemv"

	"github.com/parleysim/parley/internal/fmath"
)

// Kind says how a design placed its points.
type Kind string

// The kinds of design.
const (
	KindFactorial Kind = "factorial"
	KindLHS       Kind = "lhs"
	KindSaltelli  Kind = "saltelli"
	KindMorris    Kind = "morris"
	KindCases     Kind = "cases"
)

// Design is a set of points in a Space: experiments to run. X holds each
// point's input values (row i, in the order of Space.Names); Unit holds
// its coordinates in the unit cube, except for Cases. Saltelli and Morris
// designs have a layout their analyses rely on, described by N, R and
// Delta.
type Design struct {
	Space Space
	Kind  Kind
	X     [][]float64
	Unit  [][]float64
	// Names are the cases' names (Cases only).
	Names []string
	// N is the number of base samples of a Saltelli design: rows 0..N-1 are
	// matrix A, N..2N-1 matrix B, then for each input i, N rows of A_B^(i)
	// (A with column i from B): N·(k+2) rows.
	N int
	// R is the number of Morris trajectories, each of k+1 points changing
	// one input at a time by ±Delta (in unit coordinates) on a grid of
	// Levels levels.
	R, Levels int
	Delta     float64
}

// Len returns the number of points.
func (d *Design) Len() int { return len(d.X) }

// MaxPoints bounds the points of a design, so that a mistyped size fails
// at once instead of exhausting memory.
const MaxPoints = 10_000_000

// MaxDesignBytes bounds the memory of a design's points: every point
// holds its values and its unit coordinates, so the cost is points times
// inputs (DesignBytes), not points alone: 9 million points of 49 inputs
// would take 7 GB.
const MaxDesignBytes = 4 << 30

// DesignBytes is the memory a design of points over inputs takes: the
// values and unit coordinates of every point.
func DesignBytes(points, inputs int) float64 {
	return float64(points) * (float64(16*float64(inputs)) + 2*24)
}

func newDesign(s Space, kind Kind, unit [][]float64) *Design {
	d := &Design{Space: s, Kind: kind, Unit: unit, X: make([][]float64, len(unit))}
	for r, u := range unit {
		x := make([]float64, len(u))
		for i, ui := range u {
			x[i] = s.Value(i, ui)
		}
		d.X[r] = x
	}
	return d
}

// checkSize refuses a design of too many points, or of points that would
// take too much memory, before anything is allocated.
func checkSize(points float64, inputs int) error {
	if points > MaxPoints || math.IsNaN(points) {
		return fmt.Errorf("%w: the design would have %.3g points, over the limit of %d", ErrSize, points, MaxPoints)
	}
	if b := DesignBytes(int(points), inputs); b > MaxDesignBytes {
		return fmt.Errorf("%w: the design would have %.0f points of %d inputs, about %s, over the limit of %s: ask for fewer points",
			ErrSize, points, inputs, gib(b), gib(MaxDesignBytes))
	}
	return nil
}

// ErrSize is matched by errors.Is when a design or a table would be too
// large: refused, with the figure, before anything is allocated.
var ErrSize = errors.New("explore: too large")

// gib writes a size in bytes in GiB, or MiB below one, for messages.
func gib(b float64) string {
	if b < 1<<30 {
		return strconv.FormatFloat(b/(1<<20), 'g', 3, 64) + " MiB"
	}
	return strconv.FormatFloat(b/(1<<30), 'g', 3, 64) + " GiB"
}

// Factorial places levels points along each input, evenly from one end of
// its range to the other, and takes every combination: levels^k points.
func Factorial(s Space, levels int) (*Design, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if levels < 2 {
		return nil, fmt.Errorf("explore: a factorial design needs at least 2 levels, got %d", levels)
	}
	k := s.Dim()
	if err := checkSize(fmath.Pow(float64(levels), float64(k)), k); err != nil {
		return nil, err
	}
	n := 1
	for range k {
		n *= levels
	}
	unit := make([][]float64, n)
	for r := range unit {
		u := make([]float64, k)
		rest := r
		for i := k - 1; i >= 0; i-- {
			u[i] = float64(rest%levels) / float64(levels-1)
			rest /= levels
		}
		unit[r] = u
	}
	return newDesign(s, KindFactorial, unit), nil
}

// LatinHypercube places n points so that each input's range, cut into n
// equal strata, has exactly one point in each (gonum's samplemv), drawn
// from the stream of seed.
func LatinHypercube(s Space, n int, seed uint64) (*Design, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if n < 1 {
		return nil, fmt.Errorf("explore: a Latin hypercube needs at least 1 point, got %d", n)
	}
	k := s.Dim()
	if err := checkSize(float64(n), k); err != nil {
		return nil, err
	}
	batch := mat.NewDense(n, k, nil)
	samplemv.LatinHypercube{Q: distmv.NewUnitUniform(k, nil), Src: rand.NewPCG(seed, 0x6c6873)}.Sample(batch)
	unit := make([][]float64, n)
	for r := range unit {
		unit[r] = append([]float64(nil), batch.RawRowView(r)...)
	}
	return newDesign(s, KindLHS, unit), nil
}

// Saltelli makes the design of Saltelli (2002) for Sobol indices: base
// matrices A and B of n points each, and for each input i the matrix
// A_B^(i), A with column i taken from B; n·(k+2) points in all. A and B
// are independent uniform draws from the stream of seed, or, with quasi, a
// quasi-random sequence (an additive recurrence on the generalised golden
// ratio, the R-sequence, randomly shifted by the seed), which fills the
// cube more evenly in any dimension.
func Saltelli(s Space, n int, seed uint64, quasi bool) (*Design, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if n < 2 {
		return nil, fmt.Errorf("explore: a Saltelli design needs at least 2 base samples, got %d", n)
	}
	k := s.Dim()
	if err := checkSize(float64(n)*float64(k+2), k); err != nil {
		return nil, err
	}
	rng := rand.New(rand.NewPCG(seed, 0x73616c))
	base := make([][]float64, n) // 2k coordinates per base sample: A's, then B's
	if quasi {
		alpha := rSequence(2 * k)
		shift := make([]float64, 2*k)
		for j := range shift {
			shift[j] = rng.Float64()
		}
		for r := range base {
			row := make([]float64, 2*k)
			for j := range row {
				_, row[j] = math.Modf(shift[j] + float64(float64(r+1)*alpha[j]))
			}
			base[r] = row
		}
	} else {
		for r := range base {
			row := make([]float64, 2*k)
			for j := range row {
				row[j] = rng.Float64()
			}
			base[r] = row
		}
	}
	unit := make([][]float64, 0, n*(k+2))
	for r := range n {
		unit = append(unit, append([]float64(nil), base[r][:k]...))
	}
	for r := range n {
		unit = append(unit, append([]float64(nil), base[r][k:]...))
	}
	for i := range k {
		for r := range n {
			u := append([]float64(nil), base[r][:k]...)
			u[i] = base[r][k+i]
			unit = append(unit, u)
		}
	}
	d := newDesign(s, KindSaltelli, unit)
	d.N = n
	return d, nil
}

// rSequence returns the increments of the R-sequence in dim dimensions:
// the powers of the inverse of the unique positive root of x^(d+1) = x + 1
// (Roberts 2018), an additive recurrence whose points spread evenly in
// any dimension.
func rSequence(dim int) []float64 {
	d1 := float64(dim + 1)
	root := func(g float64) bool { return math.Abs(float64(d1*fmath.Log(g))-fmath.Log1p(g)) < 1e-12 }
	g := 2.0
	for range 60 { // Newton's method from 2: converges in a few steps for few dimensions
		g -= (fmath.Pow(g, d1) - g - 1) / (float64(d1*fmath.Pow(g, d1-1)) - 1)
	}
	if !(g > 1 && g <= 2 && root(g)) {
		// From about 70 dimensions Newton's method from 2 has not reached
		// the root in 60 steps (at 98 it stopped at 1.0876 for 1.0071,
		// and the design covered a sliver of each range), and past 1,022
		// x^(d+1) overflows to NaN. The root lies in (2^(1/(d+1)),
		// 3^(1/(d+1))], where g^(d+1) = g + 1 is between 2 and 3; Newton's
		// method from the upper end falls monotonically onto it, the
		// function being convex, and never overflows. (Newton's answer
		// from 2 is kept where it is the root, so that designs of fewer
		// dimensions stay the same, bit for bit.)
		g = fmath.Pow(3, 1/d1)
		for range 200 {
			next := g - (fmath.Pow(g, d1)-g-1)/(float64(d1*fmath.Pow(g, d1-1))-1)
			if !(next < g) {
				break
			}
			g = next
		}
	}
	out := make([]float64, dim)
	for j := range out {
		_, out[j] = math.Modf(fmath.Pow(1/g, float64(j+1)))
	}
	return out
}

// Morris makes r trajectories of elementary effects (Morris 1991): each
// starts at a random point of a grid of levels levels per input (levels
// even, at least 2) and changes one input at a time, in random order, by
// Delta = levels / (2 (levels - 1)), upwards where it can and downwards
// otherwise; r·(k+1) points.
func Morris(s Space, r, levels int, seed uint64) (*Design, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if r < 1 {
		return nil, fmt.Errorf("explore: Morris needs at least 1 trajectory, got %d", r)
	}
	if levels < 2 || levels%2 != 0 {
		return nil, fmt.Errorf("explore: Morris needs an even number of levels, at least 2, got %d", levels)
	}
	k := s.Dim()
	if err := checkSize(float64(r)*float64(k+1), k); err != nil {
		return nil, err
	}
	delta := float64(levels) / (2 * float64(levels-1))
	rng := rand.New(rand.NewPCG(seed, 0x6d6f72))
	unit := make([][]float64, 0, r*(k+1))
	for range r {
		x := make([]float64, k)
		for i := range x {
			x[i] = float64(rng.IntN(levels)) / float64(levels-1)
		}
		unit = append(unit, append([]float64(nil), x...))
		for _, i := range rng.Perm(k) {
			if x[i]+delta <= 1+1e-12 {
				x[i] += delta
			} else {
				x[i] -= delta
			}
			x[i] = min(max(x[i], 0), 1)
			unit = append(unit, append([]float64(nil), x...))
		}
	}
	d := newDesign(s, KindMorris, unit)
	d.R, d.Levels, d.Delta = r, levels, delta
	return d, nil
}

// Cases is a design of named cases given as values, one row per case in the
// order of the space's inputs: a user's own table. Each value must lie in
// the input's range.
func Cases(s Space, names []string, values [][]float64) (*Design, error) {
	if err := s.check(); err != nil {
		return nil, err
	}
	if len(names) != len(values) {
		return nil, fmt.Errorf("explore: %d case names for %d cases", len(names), len(values))
	}
	d := &Design{Space: s, Kind: KindCases, Names: append([]string(nil), names...)}
	for c, row := range values {
		if len(row) != s.Dim() {
			return nil, fmt.Errorf("explore: case %q has %d values for %d inputs", names[c], len(row), s.Dim())
		}
		for i, x := range row {
			if math.IsNaN(x) || x < s.Lo[i] || x > s.Hi[i] {
				return nil, fmt.Errorf("explore: case %q: %s = %v is outside [%v, %v]", names[c], s.Names[i], x, s.Lo[i], s.Hi[i])
			}
		}
		d.X = append(d.X, append([]float64(nil), row...))
	}
	return d, nil
}
