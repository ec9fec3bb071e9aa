package outcomes

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/parleysim/parley/internal/chain"

	"gonum.org/v1/gonum/mat"

	"github.com/parleysim/parley/internal/fmath"
	"github.com/parleysim/parley/problem"
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
	// ReportDays and MemoryLimit are as in Config: the most report days,
	// and the bytes the matrices and the Result may take (checked before
	// anything is allocated).
	ReportDays  int
	MemoryLimit int64
	// Given conditions the Result on observations, exactly, in continuous
	// time: states entered (or not) within windows of days, and states on
	// a day. The Result then has final states, states reached, routes and
	// claims given the observations, and their likelihood in Given;
	// quantiles of entry and completion days, events, and absorption ever
	// are left out (Run with Config.Given has them). Other observations
	// are refused with ErrNotExact.
	Given []scenario.Statement
	// Outputs name what to compute, by the keys of Config.Outputs (a kind
	// alone for all of it; "everything" for all there is). Each state's
	// reach by day costs a matrix exponential or a pass of the chain of
	// its own, so nil computes it only where needed: final states, claims,
	// routes, events and absorption ever, with the reach by day of the
	// start, the absorbing states and the states claims name; the reach of
	// any other state is computed when Result.Estimate asks for it. Named
	// outputs compute those alone ("final,claim" reaches only the claimed
	// states). Exact gives no paths, transitions fired, meetings' declines
	// and agreements, or days of absorption (Run records them): keys of
	// those kinds are refused.
	Outputs []string
	// AllStates is Outputs {"everything"}.
	//
	// Deprecated: give Outputs.
	AllStates bool
	// Progress, if set, is called as the analysis moves from state to state
	// and route to route, with the parts done and their total; it runs on
	// the caller's goroutine.
	Progress func(done, total int)
}

// Markov is a scenario read as a Markov chain, with the classical
// quantities of absorbing chains. Build one with NewMarkov.
type Markov struct {
	sc        *scenario.Scenario
	c         *chain.Chain
	n         int     // nodes: states, or states with the values of the variables the chain follows
	transient []int   // the transient nodes
	absorbing []int   // the absorbing nodes
	of        [][]int // per state, its nodes
	stop      func() bool
	sparse    bool    // large generators are evolved as vectors (sparseOK)
	limit     int64   // bytes the matrices may take
	days      int     // report days
	horizon   float64 // of the analysis: how far vectors are moved
}

// evolver moves distributions over the chain with the matrix q.
func (m *Markov) evolver(q *mat.Dense) evolver {
	return evolver{discrete: m.c.Discrete, step: m.c.Step, m: q, stop: m.stop}
}

// NewMarkov reads the scenario as a Markov chain over its states, or
// returns an error matching ErrNotExact that names what prevents it.
//
// A scenario whose guards, rates or acceptance rules read variables that
// effects change is a chain over states and those variables' values, not
// over its states: Exact analyses it, and NewMarkov refuses it, naming
// the variables, since its matrices are indexed by state.
//
// Its matrices (Matrix, TransitionMatrix, Fundamental) are dense: a chain
// whose generator would take more than DefaultMemoryLimit is refused with
// ErrMemory.
func NewMarkov(sc *scenario.Scenario) (*Markov, error) {
	m, err := newMarkov(sc, DefaultMemoryLimit)
	if err != nil {
		return nil, err
	}
	if m.c.State != nil {
		ps := make([]problem.Problem, len(m.c.Follows))
		for i, v := range m.c.Follows {
			ps[i] = problem.Problem{Part: problem.Variable, Index: -1, Name: v, Msg: "guards, rates or acceptance rules read it and effects change it, so the chain runs over states and its values: outcomes.Exact analyses it; NewMarkov's matrices are over states"}
		}
		return nil, &problem.Error{Kind: ErrNotExact, Subject: fmt.Sprintf("scenario %q is a Markov chain over states and values, not over its states", sc.Name()), Problems: ps}
	}
	return m, nil
}

func newMarkov(sc *scenario.Scenario, limit int64) (*Markov, error) {
	if sc == nil {
		return nil, fmt.Errorf("%w: nil scenario", ErrConfig)
	}
	if n := float64(sc.NumStates()); float64(sc.NumTransitions()+sc.NumEvents()*sc.NumStates())*32 > float64(limit) {
		return nil, fmt.Errorf("%w: %q has %d states and %d transitions: its chain alone needs more than the limit of %s", ErrMemory, sc.Name(), int(n), sc.NumTransitions(), bytesText(float64(limit)))
	}
	c, err := chain.Of(sc)
	if err != nil {
		return nil, err
	}
	m := &Markov{sc: sc, c: c, n: c.Nodes(), limit: limit, of: make([][]int, sc.NumStates())}
	if float64(m.n)*float64(32+8*len(c.Events)) > float64(limit) {
		return nil, fmt.Errorf("%w: %q follows the values of %s: its chain has %d nodes and alone needs more than the limit of %s", ErrMemory, sc.Name(), strings.Join(c.Follows, ", "), m.n, bytesText(float64(limit)))
	}
	var ids []int // nodes are states: each state's set is a window on one slice
	if c.State == nil {
		ids = make([]int, m.n)
	}
	for i := range m.n {
		if c.Absorbing[i] {
			m.absorbing = append(m.absorbing, i)
		} else {
			m.transient = append(m.transient, i)
		}
		if ids != nil {
			ids[i] = i
			m.of[i] = ids[i : i+1 : i+1]
			continue
		}
		st := c.StateOf(i)
		m.of[st] = append(m.of[st], i)
	}
	return m, nil
}

// ErrInexact is matched by errors.Is when an exact computation fails its own
// check (probabilities that do not sum to 1 within 1e-9): no number is
// given rather than a wrong one.
var ErrInexact = errors.New("outcomes: exact analysis lost accuracy")

// ErrTooLong is matched by errors.Is when an exact computation would take
// far longer than the same answers by Monte Carlo: it is refused before it
// starts, with the estimate.
var ErrTooLong = errors.New("outcomes: exact analysis would take too long")

// exactFootprint estimates the bytes Exact needs: the dense matrices of its
// largest chain (a route's product chain, or an event's), with the powers
// kept to invert distributions for quantiles, the distributions on every
// report day, and the Result's per-day series.
// With sparse set, chains of sparseNodes nodes or more are vectors over
// compressed rows: their memory grows with nodes and days, not nodes
// squared.
func exactFootprint(sc *scenario.Scenario, n, days int, sparse bool) (float64, int) {
	nodes := n
	if sc.NumEvents() > 0 {
		nodes = 2 * n
	}
	for _, r := range routesOf(sc) {
		nodes = max(nodes, (len(r.States())+1)*n)
	}
	N := float64(nodes)
	dense := N
	if sparse && nodes >= sparseNodes {
		dense = float64(sparseNodes) // smaller chains stay dense
	}
	return float64(40*dense*dense*8) + float64(3*float64(days)*N*8) + float64(float64(sc.NumStates()+3*len(sc.Routes()))*float64(days)*estimateBytes), nodes
}

// checkExactSize refuses a chain whose exact analysis would not fit the limit.
func checkExactSize(sc *scenario.Scenario, n, days int, limit int64, sparse bool) error {
	need, nodes := exactFootprint(sc, n, days, sparse)
	if need <= float64(limit) {
		return nil
	}
	how := fmt.Sprintf("dense %d×%d matrices", nodes, nodes)
	if sparse && nodes >= sparseNodes {
		how = fmt.Sprintf("vectors of up to %d nodes on every report day", nodes)
	}
	return fmt.Errorf("%w: exact analysis of %q works on %s (%d states, %d routes, %d report days) and needs about %s, over the limit of %s: raise ExactConfig.MemoryLimit (parley: -memory), lower ReportDays (-report-days), or estimate by Monte Carlo (parley run)",
		ErrMemory, sc.Name(), how, sc.NumStates(), len(sc.Routes()), days, bytesText(need), bytesText(float64(limit)))
}

// sparseOK reports whether the chain's large generators can be evolved as
// vectors over the horizon: in continuous time, with uniformization's
// work (nonzeros times λ·horizon) within sparseWork. A stiff chain keeps
// dense exponentials, which stay accurate at any rate.
func (m *Markov) sparseOK(horizon float64) bool {
	if m.c.Discrete {
		return false
	}
	nnz, lam := m.n, 0.0
	for i, row := range m.c.Moves {
		nnz += len(row)
		out := m.c.OutRate(int32(i))
		for _, e := range m.c.Events {
			if e.Active[i] {
				out += e.Rate
			}
		}
		lam = math.Max(lam, out)
	}
	return float64(nnz)*math.Max(1, lam*horizon) <= sparseWork
}

// checkRates refuses a continuous chain whose exit rates overflow.
func (m *Markov) checkRates() error {
	if m.c.Discrete {
		return nil
	}
	for i := range m.c.Moves {
		out := m.c.OutRate(int32(i))
		for _, e := range m.c.Events {
			if e.Active[i] {
				out += e.Rate
			}
		}
		if math.IsInf(out, 0) {
			return fmt.Errorf("%w: the rates out of state %q (transitions and events) sum beyond the largest float64", ErrInexact, m.sc.StateName(scenario.State(m.c.StateOf(i))))
		}
	}
	return nil
}

// Discrete reports whether the chain is in discrete time.
func (m *Markov) Discrete() bool { return m.c != nil && m.c.Discrete }

// errNoChain is the error of a Markov that NewMarkov did not make.
var errNoChain = errors.New("outcomes: a Markov made by NewMarkov is needed")

// Matrix returns the chain's generator Q (continuous time; rows sum to 0)
// or its one-step transition matrix P (discrete time; absorbing states stay
// put), indexed by State; an empty matrix for a Markov that NewMarkov did
// not make.
func (m *Markov) Matrix() *mat.Dense {
	if m.c == nil {
		return &mat.Dense{}
	}
	return m.matrix(nil)
}

// matrix is Matrix with the states marked in absorb made absorbing.
func (m *Markov) matrix(absorb []bool) *mat.Dense { return m.gen(absorb).dense() }

// gen builds the generator (or step matrix) with the states marked in
// absorb made absorbing.
func (m *Markov) gen(absorb []bool) *genBuilder {
	g := newGen(m.n)
	for i := range m.n {
		stop := m.c.Absorbing[i] || absorb != nil && absorb[i]
		if m.c.Discrete {
			if stop {
				g.add(i, i, 1)
				continue
			}
			for _, mv := range m.c.Moves[i] {
				g.add(i, int(mv.To), mv.Weight)
			}
			continue
		}
		if stop {
			continue
		}
		out := 0.0
		for _, mv := range m.c.Moves[i] {
			if int(mv.To) != i {
				g.add(i, int(mv.To), mv.Weight)
				out += mv.Weight
			}
		}
		g.add(i, i, -out)
	}
	return g
}

// TransitionMatrix returns P(t): entry (i, j) is the probability of being in
// state j at day t having started in state i. In continuous time it is the
// matrix exponential of Q·t; in discrete time the power of P for the steps
// taken by day t.
func (m *Markov) TransitionMatrix(t float64) *mat.Dense {
	if m.c == nil {
		return &mat.Dense{}
	}
	return m.evolver(m.Matrix()).power(t)
}

// Fundamental returns the fundamental matrix of the absorbing chain, over
// the transient states listed in the second result: N = (I - P_TT)^-1 in
// discrete time (expected visits), N = (-Q_TT)^-1 in continuous time
// (expected days spent). It fails if from some transient state no absorbing
// state can be reached.
func (m *Markov) Fundamental() (*mat.Dense, []scenario.State, error) {
	_, nm, states, err := m.fundamental()
	return nm, states, err
}

// fundamental is Fundamental with the matrix it inverts: -Q_TT in
// continuous time, I - P_TT in discrete time.
func (m *Markov) fundamental() (a, nm *mat.Dense, states []scenario.State, err error) {
	if m.c == nil {
		return nil, nil, nil, errNoChain
	}
	k := len(m.transient)
	if k == 0 {
		return nil, nil, nil, fmt.Errorf("outcomes: %q has no transient states", m.sc.Name())
	}
	a = mat.NewDense(k, k, nil)
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
	nm, err = inverse(a)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("outcomes: %q: some transient state never reaches an absorbing state: %w", m.sc.Name(), err)
	}
	states = make([]scenario.State, k)
	for r, i := range m.transient {
		states[r] = scenario.State(i)
	}
	return a, nm, states, nil
}

// refine improves x, a solution of a·x = rhs computed as nm·rhs with nm
// the inverse of a, by one step of iterative refinement: x + nm·(rhs -
// a·x). Chains whose rates span orders of magnitude lose digits in the
// inverse; one step wins most of them back, so that absorption
// probabilities sum to 1 within rounding.
func refine(a, nm, rhs, x *mat.Dense) *mat.Dense {
	res := mulDense(a, x)
	res.Sub(rhs, res)
	var out mat.Dense
	out.Add(x, mulDense(nm, res))
	return &out
}

// Absorption returns B, the probability of ending in each absorbing state
// (columns, in the order of the third result) from each transient state
// (rows, in the order of the second), and t, the expected number of steps
// (discrete time; multiply by the step for days) or days (continuous time)
// to absorption from each transient state.
func (m *Markov) Absorption() (b *mat.Dense, transient, absorbing []scenario.State, t []float64, err error) {
	b, t, err = m.absorption()
	if err != nil {
		return nil, nil, nil, nil, err
	}
	for _, i := range m.transient {
		transient = append(transient, scenario.State(i))
	}
	for _, j := range m.absorbing {
		absorbing = append(absorbing, scenario.State(j))
	}
	return b, transient, absorbing, t, nil
}

// absorption is Absorption over nodes: rows in the order of m.transient,
// columns in that of m.absorbing.
func (m *Markov) absorption() (b *mat.Dense, t []float64, err error) {
	a, nm, _, err := m.fundamental()
	if err != nil {
		return nil, nil, err
	}
	q := m.Matrix()
	r := mat.NewDense(len(m.transient), max(len(m.absorbing), 1), nil)
	for row, i := range m.transient {
		for col, j := range m.absorbing {
			r.Set(row, col, q.At(i, j))
		}
	}
	b = refine(a, nm, r, mulDense(nm, r))
	if len(m.absorbing) == 0 {
		b = nil
	}
	ones := mat.NewDense(len(m.transient), 1, nil)
	for row := range m.transient {
		ones.Set(row, 0, 1)
	}
	steps := refine(a, nm, ones, mulDense(nm, ones))
	t = make([]float64, len(m.transient))
	for row := range t {
		t[row] = steps.At(row, 0)
	}
	return b, t, nil
}

// evolver moves a distribution of a chain forward in time. stop, when it
// returns true, cuts long loops short; the caller then discards the answer.
type evolver struct {
	discrete bool
	step     float64
	m        *mat.Dense // generator or one-step matrix
	sp       *sparseQ   // or the generator of a large chain, in compressed rows
	stop     func() bool
}

// steps is the number of discrete steps taken by day t: those at step,
// 2·step, ... up to and including t.
func (e evolver) steps(t float64) int {
	return int(math.Floor(t/e.step + 1e-9))
}

// power returns the transition matrix over t days: exp(Q·t) in continuous
// time (expGenerator, accurate on stiff chains), P^k for the k steps taken
// by day t in discrete time (by repeated squaring: time logarithmic in k).
func (e evolver) power(t float64) *mat.Dense {
	if e.discrete {
		return e.stepPower(e.steps(t))
	}
	return expGenerator(e.m, t, 0)
}

// stepPower returns P^k.
func (e evolver) stepPower(k int) *mat.Dense {
	r, _ := e.m.Dims()
	p := identity(r)
	var sq, tmp mat.Dense
	sq.CloneFrom(e.m)
	for ; k > 0 && !e.halted(); k >>= 1 {
		if k&1 == 1 {
			tmp = *mulDense(p, &sq)
			p.Copy(&tmp)
		}
		if k > 1 {
			tmp = *mulDense(&sq, &sq)
			sq.Copy(&tmp)
		}
	}
	return p
}

func (e evolver) halted() bool { return e.stop != nil && e.stop() }

// at returns pi0 moved forward t days.
func (e evolver) at(pi0 []float64, t float64) []float64 {
	if e.sp != nil {
		return e.sp.advance(pi0, t, e.stop)
	}
	return rowTimes(pi0, e.power(t))
}

// jumps caches the transition matrices between consecutive report days,
// which are all one report step apart but the last.
type jumps struct {
	e     evolver
	cache map[float64]*mat.Dense // by days (continuous) or steps (discrete)
}

func (j *jumps) over(from, to float64) *mat.Dense {
	key := to - from
	if j.e.discrete {
		key = float64(j.e.steps(to) - j.e.steps(from))
	}
	if p, ok := j.cache[key]; ok {
		return p
	}
	var p *mat.Dense
	if j.e.discrete {
		p = j.e.stepPower(int(key))
	} else {
		p = j.e.power(key)
	}
	if len(j.cache) < 4 {
		j.cache[key] = p
	}
	return p
}

// series returns the distribution at each of days (ascending, from 0).
func (e evolver) series(pi0 []float64, days []float64) [][]float64 {
	out := make([][]float64, len(days))
	j := jumps{e: e, cache: map[float64]*mat.Dense{}}
	v := slices.Clone(pi0)
	prev := 0.0
	for i, d := range days {
		if e.halted() {
			out[i] = v
			continue
		}
		if d != prev {
			if e.sp != nil {
				v = e.sp.advance(v, d-prev, e.stop)
			} else {
				v = rowTimes(v, j.over(prev, d))
			}
		}
		prev = d
		out[i] = slices.Clone(v)
	}
	return out
}

// quantileTolerance is how closely Exact inverts a continuous-time
// distribution for its quantiles, in days.
const quantileTolerance = 1e-7

// firstReach returns the first day in (a, b] on which mass(v moved forward)
// reaches target, given v, the distribution on day a, with mass(v) < target
// and mass on day b >= target; mass must not decrease with time (the mass of
// absorbing nodes). In discrete time the answer is a day of the chain's step
// lattice, exactly; in continuous time it is within quantileTolerance.
// powers caches, by interval length, the matrices firstReach steps with, so
// that the quantiles of one series share them.
type powers map[float64][]*mat.Dense

func (e evolver) firstReach(v []float64, a, b float64, mass func([]float64) float64, target float64, cache powers) float64 {
	if e.discrete {
		k0, k := e.steps(a), e.steps(b)-e.steps(a)
		// Find the largest j < k with mass(v·P^j) < target, bit by bit.
		top := 0
		for 1<<(top+1) < k {
			top++
		}
		pows, ok := cache[float64(k)]
		if !ok {
			pows = make([]*mat.Dense, top+1)
			pows[0] = mat.DenseCopyOf(e.m)
			for i := 1; i <= top; i++ {
				pows[i] = mulDense(pows[i-1], pows[i-1])
			}
			cache[float64(k)] = pows
		}
		j := 0
		for i := top; i >= 0 && !e.halted(); i-- {
			if j+1<<i <= k-1 {
				if w := rowTimes(v, pows[i]); mass(w) < target {
					v, j = w, j+1<<i
				}
			}
		}
		return float64(k0+j+1) * e.step
	}
	if e.sp != nil {
		dq := make([]float64, e.sp.n)
		return newtonReach(a, b, target, mass, e.halted, func(tau float64) ([]float64, []float64) {
			w := e.sp.advance(v, tau, e.stop)
			e.sp.times(w, dq)
			return w, dq
		})
	}
	lam := maxExitRate(e.m)
	if lam*(b-a) <= 64 {
		// Moderate rates: move the vector alone by uniformization, and find
		// the day by Newton's method (the mass's rate of change is
		// mass(v·Q) = λ·mass(v·P - v)).
		p := uniformized(e.m, lam)
		return newtonReach(a, b, target, mass, e.halted, func(tau float64) ([]float64, []float64) {
			w := uniformStep(v, p, lam*tau)
			wp := rowTimes(w, p)
			for i := range wp {
				wp[i] = lam * (wp[i] - w[i])
			}
			return w, wp
		})
	}
	// Stiff: halve the step down to the tolerance, or to a thousandth of the
	// fastest rate's time scale where that is finer (an entry a fraction of
	// a second after the start is found as such).
	res := math.Min(quantileTolerance, 1e-3/lam)
	levels := min(max(1, int(math.Ceil(math.Log2((b-a)/res)))), 100)
	// pows[i] moves forward (b-a)/2^(i+1) days; each is the square of the next.
	pows, ok := cache[b-a]
	if !ok {
		pows = make([]*mat.Dense, levels)
		pows[levels-1] = expGenerator(e.m, math.Ldexp(b-a, -levels), 0)
		for i := levels - 2; i >= 0; i-- {
			pows[i] = mulDense(pows[i+1], pows[i+1])
		}
		cache[b-a] = pows
	}
	t := a
	for i, p := range pows {
		if e.halted() {
			break
		}
		if w := rowTimes(v, p); mass(w) < target {
			v, t = w, t+math.Ldexp(b-a, -(i+1))
		}
	}
	return math.Min(b, t+math.Ldexp(b-a, -levels))
}

// newtonReach finds the day in (a, b] on which mass reaches target by
// Newton's method kept inside a shrinking bracket: at tau days after a,
// at returns the vector and its rate of change (v·Q).
func newtonReach(a, b, target float64, mass func([]float64) float64, halted func() bool, at func(tau float64) (v, dv []float64)) float64 {
	lo, hi := 0.0, b-a
	tau := hi / 2
	for range 200 {
		if halted() || hi-lo <= quantileTolerance {
			break
		}
		w, dw := at(tau)
		f := mass(w) - target
		if f < 0 {
			lo = tau
		} else {
			hi = tau
		}
		next := (lo + hi) / 2
		if d := mass(dw); d > 0 {
			if n := tau - f/d; n > lo && n < hi {
				next = n
				if math.Abs(f/d) < quantileTolerance/4 {
					// Newton has converged: close the bracket around it.
					lo, hi = math.Max(lo, n-quantileTolerance/2), math.Min(hi, n+quantileTolerance/2)
				}
			}
		}
		tau = next
	}
	return math.Min(b, a+hi)
}

func maxExitRate(q *mat.Dense) float64 {
	n, _ := q.Dims()
	lam := 0.0
	for i := range n {
		lam = math.Max(lam, -q.At(i, i))
	}
	return lam
}

// uniformized returns P = I + Q/λ, a stochastic matrix (λ >= every exit rate).
func uniformized(q *mat.Dense, lam float64) *mat.Dense {
	n, _ := q.Dims()
	p := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			x := q.At(i, j)
			if lam > 0 {
				x /= lam
			}
			if i == j {
				x = 1 + x
			}
			p.Set(i, j, math.Max(0, x))
		}
	}
	return p
}

// uniformStep returns v·exp(Q·τ) as Σ_k Poisson(k; λτ)·v·P^k, with x = λτ:
// every term non-negative; the sum stops past the Poisson mode once a term
// weighs less than 1e-18 (x is at most 64 here, so a few dozen terms).
func uniformStep(v []float64, p *mat.Dense, x float64) []float64 {
	out := make([]float64, len(v))
	term := slices.Clone(v)
	w := fmath.Exp(-x)
	for k := 0; ; k++ {
		for i, y := range term {
			out[i] += float64(w * y)
		}
		if float64(k) > x && w < 1e-18 || k > 1000 {
			break // past the mode, the remaining terms sum to less than w
		}
		term = rowTimes(term, p)
		w *= x / float64(k+1)
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

// rowTimes returns the row vector v times m, each entry clamped to [0, 1].
func rowTimes(v []float64, m *mat.Dense) []float64 {
	res := vecMat(v, m)
	for i, x := range res {
		res[i] = math.Min(1, math.Max(0, x))
	}
	return res
}
