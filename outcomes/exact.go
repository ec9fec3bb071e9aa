package outcomes

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/parleysim/parley/scenario"
)

// ErrNotExact is matched by errors.Is when Exact cannot analyse a scenario;
// the error names the first transition, guard, event or claim at fault. It
// is scenario.ErrNotMarkov.
var ErrNotExact = scenario.ErrNotMarkov

// ExactConfig sets up Exact. A nil *ExactConfig uses the defaults.
type ExactConfig struct {
	// Horizon, when positive, overrides the scenario's horizon, in days.
	Horizon float64
	// Quantiles are the levels of the entry-day and completion-day
	// quantiles; nil means 0.05, 0.25, 0.5, 0.75 and 0.95.
	Quantiles []float64
	// AllStates computes P(reached by day d) for every state. By default it
	// is computed for absorbing states, the start, and the states claims
	// name; each other state costs a matrix exponential and a day-by-day
	// pass of its own.
	AllStates bool
}

// Markov is a scenario read as a Markov chain, with the classical
// quantities of absorbing chains. Build one with NewMarkov.
type Markov struct {
	sc        *scenario.Scenario
	c         *scenario.Chain
	n         int
	transient []int // state indices of the transient states
	absorbing []int // state indices of the absorbing states
}

// NewMarkov reads the scenario as a Markov chain, or returns an error
// matching ErrNotExact that names what prevents it.
func NewMarkov(sc *scenario.Scenario) (*Markov, error) {
	if sc == nil {
		return nil, fmt.Errorf("%w: nil scenario", ErrConfig)
	}
	c, err := sc.Chain()
	if err != nil {
		return nil, err
	}
	m := &Markov{sc: sc, c: c, n: sc.NumStates()}
	for s := range m.n {
		if c.Absorbing[s] {
			m.absorbing = append(m.absorbing, s)
		} else {
			m.transient = append(m.transient, s)
		}
	}
	return m, nil
}

// Discrete reports whether the chain is in discrete time.
func (m *Markov) Discrete() bool { return m.c.Discrete }

// Matrix returns the chain's generator Q (continuous time; rows sum to 0)
// or its one-step transition matrix P (discrete time; absorbing states stay
// put), indexed by State.
func (m *Markov) Matrix() *mat.Dense { return m.matrix(nil) }

// matrix is Matrix with the states marked in absorb made absorbing.
func (m *Markov) matrix(absorb []bool) *mat.Dense {
	q := mat.NewDense(m.n, m.n, nil)
	for i := range m.n {
		stop := m.c.Absorbing[i] || absorb != nil && absorb[i]
		if m.c.Discrete {
			if stop {
				q.Set(i, i, 1)
				continue
			}
			for j := range m.n {
				q.Set(i, j, m.c.Probs[i][j])
			}
			continue
		}
		if stop {
			continue
		}
		out := 0.0
		for j := range m.n {
			if j != i {
				q.Set(i, j, m.c.Rates[i][j])
				out += m.c.Rates[i][j]
			}
		}
		q.Set(i, i, -out)
	}
	return q
}

// TransitionMatrix returns P(t): entry (i, j) is the probability of being in
// state j at day t having started in state i. In continuous time it is the
// matrix exponential of Q·t; in discrete time the power of P for the steps
// taken by day t.
func (m *Markov) TransitionMatrix(t float64) *mat.Dense {
	return evolver{m.c.Discrete, m.c.Step, m.Matrix()}.power(t)
}

// Fundamental returns the fundamental matrix of the absorbing chain, over
// the transient states listed in the second result: N = (I - P_TT)^-1 in
// discrete time (expected visits), N = (-Q_TT)^-1 in continuous time
// (expected days spent). It fails if from some transient state no absorbing
// state can be reached.
func (m *Markov) Fundamental() (*mat.Dense, []scenario.State, error) {
	k := len(m.transient)
	if k == 0 {
		return nil, nil, fmt.Errorf("outcomes: %q has no transient states", m.sc.Name())
	}
	a := mat.NewDense(k, k, nil)
	q := m.Matrix()
	for r, i := range m.transient {
		for col, j := range m.transient {
			x := -q.At(i, j) // continuous time: -Q_TT
			if m.c.Discrete && i == j {
				x++ // discrete time: I - P_TT
			}
			a.Set(r, col, x)
		}
	}
	var nm mat.Dense
	if err := nm.Inverse(a); err != nil {
		return nil, nil, fmt.Errorf("outcomes: %q: some transient state never reaches an absorbing state: %w", m.sc.Name(), err)
	}
	states := make([]scenario.State, k)
	for r, i := range m.transient {
		states[r] = scenario.State(i)
	}
	return &nm, states, nil
}

// Absorption returns B, the probability of ending in each absorbing state
// (columns, in the order of the third result) from each transient state
// (rows, in the order of the second), and t, the expected number of steps
// (discrete time; multiply by the step for days) or days (continuous time)
// to absorption from each transient state.
func (m *Markov) Absorption() (b *mat.Dense, transient, absorbing []scenario.State, t []float64, err error) {
	nm, transient, err := m.Fundamental()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	q := m.Matrix()
	r := mat.NewDense(len(m.transient), max(len(m.absorbing), 1), nil)
	for row, i := range m.transient {
		for col, j := range m.absorbing {
			r.Set(row, col, q.At(i, j))
		}
	}
	b = &mat.Dense{}
	b.Mul(nm, r)
	if len(m.absorbing) == 0 {
		b = nil
	}
	t = make([]float64, len(m.transient))
	for row := range t {
		t[row] = mat.Sum(nm.RowView(row))
	}
	for _, j := range m.absorbing {
		absorbing = append(absorbing, scenario.State(j))
	}
	return b, transient, absorbing, t, nil
}

// evolver moves a distribution of a chain forward in time.
type evolver struct {
	discrete bool
	step     float64
	m        *mat.Dense // generator or one-step matrix
}

// steps is the number of discrete steps taken by day t: those at step,
// 2·step, ... up to and including t.
func (e evolver) steps(t float64) int {
	return int(math.Floor(t/e.step + 1e-9))
}

// power returns the transition matrix over t days.
func (e evolver) power(t float64) *mat.Dense {
	var p mat.Dense
	if e.discrete {
		r, _ := e.m.Dims()
		p.CloneFrom(identity(r))
		for range e.steps(t) {
			p.Mul(&p, e.m)
		}
		return &p
	}
	p.Scale(t, e.m)
	p.Exp(&p)
	clampUnit(&p)
	return &p
}

// at returns pi0 moved forward t days.
func (e evolver) at(pi0 []float64, t float64) []float64 {
	if e.discrete {
		v := slices.Clone(pi0)
		for range e.steps(t) {
			v = rowTimes(v, e.m)
		}
		return v
	}
	return rowTimes(pi0, e.power(t))
}

// series returns the distribution at each of days (ascending, from 0).
func (e evolver) series(pi0 []float64, days []float64) [][]float64 {
	out := make([][]float64, len(days))
	v := slices.Clone(pi0)
	if e.discrete {
		k := 0
		for i, d := range days {
			for ; k < e.steps(d); k++ {
				v = rowTimes(v, e.m)
			}
			out[i] = slices.Clone(v)
		}
		return out
	}
	var oneDay *mat.Dense
	prev := 0.0
	for i, d := range days {
		switch dt := d - prev; {
		case dt == 0:
		case dt == 1:
			if oneDay == nil {
				oneDay = e.power(1)
			}
			v = rowTimes(v, oneDay)
		default:
			v = rowTimes(v, e.power(dt))
		}
		prev = d
		out[i] = slices.Clone(v)
	}
	return out
}

func identity(n int) *mat.Dense {
	id := mat.NewDense(n, n, nil)
	for i := range n {
		id.Set(i, i, 1)
	}
	return id
}

// rowTimes returns the row vector v times m.
func rowTimes(v []float64, m *mat.Dense) []float64 {
	_, c := m.Dims()
	out := mat.NewVecDense(c, nil)
	out.MulVec(m.T(), mat.NewVecDense(len(v), slices.Clone(v)))
	res := out.RawVector().Data
	for i, x := range res {
		res[i] = math.Min(1, math.Max(0, x))
	}
	return res
}

// clampUnit clamps a matrix of probabilities into [0, 1]: the matrix
// exponential leaves rounding errors of order 1e-16 on either side.
func clampUnit(p *mat.Dense) {
	r, c := p.Dims()
	for i := range r {
		for j := range c {
			p.Set(i, j, math.Min(1, math.Max(0, p.At(i, j))))
		}
	}
}
