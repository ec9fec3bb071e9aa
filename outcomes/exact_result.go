package outcomes

import (
	"context"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/mat"

	"github.com/parleysim/parley/internal/chain"
	"github.com/parleysim/parley/scenario"
)

// Exact computes, for a scenario that is a Markov chain (NewMarkov says
// why one is not), the quantities Run estimates, exactly: final
// states at the horizon, route statuses on every day, claims, P(reached by
// day d) (for the states ExactConfig selects), event occurrences, and, when
// every transient state can reach an absorbing one, the absorption
// probabilities and expected time to absorption from the start.
//
// The Result has the shape of Run's with Exact set: every Estimate has
// Lo = Hi = P and N = 0. Distributions over days come from the matrix
// exponential of the generator over one day, applied day by day (or the
// step matrix in discrete time), on the report days of Run. Entry-day and
// completion-day quantiles are exact on a discrete chain's step lattice and
// within 1e-7 days in continuous time. Paths are not enumerated.
//
// Outside the class, the error matches ErrNotExact and names the culprit; a
// chain too large for ExactConfig.MemoryLimit gives ErrMemory before
// anything is allocated; a Result whose probabilities do not sum to 1
// within 1e-9 is never returned (ErrInexact). If ctx is cancelled, Exact
// stops and returns ctx's error.
func Exact(ctx context.Context, sc *scenario.Scenario, cfg *ExactConfig) (*Result, error) {
	if sc == nil {
		return nil, fmt.Errorf("%w: nil scenario", ErrConfig)
	}
	var c ExactConfig
	if cfg != nil {
		c = *cfg
	}
	if c.AllStates {
		if c.Outputs != nil {
			return nil, fmt.Errorf("%w: AllStates and Outputs: give Outputs alone (AllStates is Outputs {\"everything\"})", ErrConfig)
		}
		c.Outputs = []string{"everything"}
	}
	mc := &Config{Horizon: c.Horizon, Quantiles: c.Quantiles, ReportDays: c.ReportDays, MemoryLimit: c.MemoryLimit, Outputs: c.Outputs, exact: true}
	s, err := mc.settle(sc)
	if err != nil {
		return nil, err
	}
	w := &s.want
	if w.runsOnly {
		var only []string
		for _, k := range c.Outputs {
			kind, _, _ := strings.Cut(strings.TrimSpace(k), ":")
			if slices.Contains([]string{"paths", "fired", "decline", "no_agreement", "end_day"}, kind) {
				only = append(only, strconv.Quote(strings.TrimSpace(k)))
			}
		}
		return nil, fmt.Errorf("%w: Outputs: %s: exact analysis gives no paths, transitions fired, meetings' declines or agreements, or days of absorption: estimate them by Monte Carlo (Run, parley run)", ErrConfig, strings.Join(slices.Compact(only), ", "))
	}
	if c.Outputs == nil {
		w.states = byNeed(sc)
	}
	horizon := s.horizon
	res := &Result{Scenario: sc.Name(), StartDate: startDate(sc), Exact: &ExactPart{}, Horizon: horizon, Confidence: 1, Outputs: w.keys}
	res.Parameters, _ = parameters(sc, false)
	res.defaults = parameterDefaults(sc)
	res.Days = reportDays(horizon, s.ReportDays)
	m, err := newMarkov(sc, s.MemoryLimit)
	if err != nil {
		return nil, err
	}
	m.sparse = m.sparseOK(horizon)
	if err := checkExactSize(sc, m.n, len(res.Days), s.MemoryLimit, m.sparse); err != nil {
		return nil, err
	}
	if err := m.checkRates(); err != nil {
		return nil, err
	}
	if m.c.Discrete && horizon/m.c.Step > 1<<53 {
		return nil, fmt.Errorf("%w: %q: a horizon of %g days is %g steps of %g days, more than 2^53, past which steps are not counted exactly; shorten the horizon", ErrInexact, sc.Name(), horizon, horizon/m.c.Step, m.c.Step)
	}
	m.stop = func() bool { return ctx.Err() != nil }
	m.days = len(res.Days)
	day, ps, po, fromNow := chain.Past(sc)
	steps, occ := ps.([]scenario.Step), po.([]scenario.Occurrence)
	if (len(c.Given) > 0 || fromNow) && m.c.State != nil {
		return nil, notExact("outcomes: %q follows the values of %s: exact analysis conditions on observations and starts from now over chains of states only; Monte Carlo does both (Run, parley run)", sc.Name(), strings.Join(m.c.Follows, ", "))
	}
	if len(c.Given) > 0 || fromNow {
		g, err := readGiven(sc, m, c.Given, horizon)
		if err != nil {
			return nil, err
		}
		if g == nil {
			g = &exactGiven{}
		}
		if fromNow {
			if m.c.Discrete {
				return nil, notExact("outcomes: %q starts from now: Exact starts from now in continuous time only (use Run)", sc.Name())
			}
			g.past = &pastCourse{day, steps, occ}
			res.From = day
		}
		if err := m.exactGivenResult(res, g, horizon, w); err != nil {
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			return nil, err
		}
		if err := res.checkSums(); err != nil {
			return nil, err
		}
		return res, nil
	}
	last := len(res.Days) - 1
	start := int(sc.Start())    // the start state
	startNode := int(m.c.Start) // and its node: the same, unless the chain follows values
	pi0 := make([]float64, m.n)
	pi0[startNode] = 1
	m.horizon = horizon

	// States whose reach by day is asked for, or that claims asked for
	// read. Those off every cycle share one pass of the jump chain; the
	// others need a pass each, which is estimated before anything runs.
	claims := claimsOf(sc)
	claimed := map[int]bool{}
	for i, cl := range claims {
		if w.claims[i] && cl.Kind() == scenario.StatementEntered {
			claimed[int(cl.State())] = true
		}
	}
	var offCycle, onCycle []int
	if !m.c.Discrete {
		var off []bool
		if m.c.State == nil {
			off = m.offCycle()
		}
		for st := range m.of {
			if st != start && !sc.Absorbing(scenario.State(st)) && (w.states[st] || claimed[st]) {
				if off != nil && off[st] {
					offCycle = append(offCycle, st)
				} else {
					onCycle = append(onCycle, st)
				}
			}
		}
	}
	if err := m.checkReachWork(sc, len(onCycle), horizon); err != nil {
		return nil, err
	}

	ev := m.evolverOf(m.gen(nil), horizon)
	dist := ev.series(pi0, res.Days)

	m.finalStates(res, dist[last])
	if m.c.State != nil {
		res.Exact.Follows, res.Exact.Pairs = m.c.Follows, m.n
	}

	// States. The reach series of claimed states are kept for the claims.
	reached := map[int][][]float64{}
	hits := map[int]*hitting{} // the states whose reach comes from hitting series
	shared, _ := m.hittingAll(offCycle, pi0, horizon)
	// Progress counts states and routes: the parts that take the time.
	done, total := 0, len(m.of)+len(sc.Routes())
	step := func() {
		if done++; c.Progress != nil {
			c.Progress(done, total)
		}
	}
	for st, set := range m.of {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		step()
		var reach []float64
		var reachDist [][]float64
		switch {
		case !w.states[st] && !claimed[st]:
			continue
		case st == start:
			reach = constant(len(res.Days), 1)
		case sc.Absorbing(scenario.State(st)):
			reach = massSeries(dist, set)
		default:
			if h, ok := shared[st]; ok {
				hits[st] = h
				reach = h.series(res.Days)
				break
			}
			if m.c.State == nil {
				if h, ok := m.hittingOf(st, pi0, horizon); ok {
					hits[st] = h
					reach = h.series(res.Days)
					break
				}
			}
			reachDist = m.reachSeries(set, pi0, res.Days)
			reach = massSeries(reachDist, set)
			reached[st] = reachDist
		}
		if !w.states[st] { // kept for the claims alone
			continue
		}
		sr := StateResult{Name: sc.StateName(scenario.State(st))}
		for _, p := range reach {
			sr.ReachedBy = append(sr.ReachedBy, exactEstimate(p))
		}
		sr.Reached = sr.ReachedBy[last]
		switch {
		case st == start:
			sr.EntryDay = zeroQuantiles(s.Quantiles)
		case sc.Absorbing(scenario.State(st)):
			sr.EntryDay = ev.quantiles(dist, res.Days, massOf(set), s.Quantiles)
		case hits[st] != nil:
			sr.EntryDay = hits[st].quantiles(res.Days, reach, s.Quantiles, func() bool { return m.stop != nil && m.stop() })
		default:
			sr.EntryDay = m.reachEvolver(set).quantiles(reachDist, res.Days, massOf(set), s.Quantiles)
		}
		res.States = append(res.States, sr)
	}

	// Routes.
	for i, rt := range routesOf(sc) {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !w.routes[i] {
			step()
			continue
		}
		rr := RouteResult{Name: rt.Name(), Description: rt.Description()}
		for _, st := range rt.States() {
			rr.States = append(rr.States, sc.StateName(st))
		}
		rc := m.routeChain(rt)
		ev := m.evolverOf(rc.gen, horizon)
		series := ev.series(rc.pi0, res.Days)
		for _, v := range series {
			c, x, o := rc.status(v)
			rr.CompletedBy = append(rr.CompletedBy, exactEstimate(c))
			rr.ClosedAt = append(rr.ClosedAt, exactEstimate(x))
			rr.OpenAt = append(rr.OpenAt, exactEstimate(o))
		}
		rr.Completed = rr.CompletedBy[last]
		rr.CompletionDay = ev.quantiles(series, res.Days, rc.completed, s.Quantiles)
		res.Routes = append(res.Routes, rr)
		step()
	}

	// Events.
	for e := range sc.NumEvents() {
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		if !w.events[e] {
			continue
		}
		fp := m.eventProduct(e)
		p := occurred(fp.ev.at(fp.pi0, horizon), m.n)
		res.Events = append(res.Events, EventResult{sc.EventName(scenario.Event(e)), exactEstimate(p), m.meanOccurrences(e, pi0, horizon)})
	}

	// Claims, each at its own deadline.
	for i, cl := range claims {
		if !w.claims[i] {
			continue
		}
		var p float64
		switch cl.Kind() {
		case scenario.StatementEntered:
			if h := hits[int(cl.State())]; h != nil {
				p, _ = h.at(math.Min(cl.Day(), horizon))
			} else {
				p = m.reachFrom(m.of[cl.State()], pi0, math.Min(cl.Day(), horizon), reached[int(cl.State())], res.Days)
			}
		case scenario.StatementRoute:
			rc := m.routeChain(cl.Route())
			p = rc.completed(m.evolverOf(rc.gen, horizon).at(rc.pi0, math.Min(cl.Day(), horizon)))
		case scenario.StatementOccurred:
			fp := m.eventProduct(cl.Event())
			p = occurred(fp.ev.at(fp.pi0, math.Min(cl.Day(), horizon)), m.n)
		}
		if cl.Not() {
			p = 1 - p
		}
		res.Claims = append(res.Claims, ClaimResult{cl.Name(), cl.Description(), claimDay(cl, horizon), exactEstimate(p)})
	}

	// Absorption from the start, when defined and everything is asked.
	switch {
	case !w.all || m.c.Absorbing[startNode]:
	case m.sparse && m.n >= sparseNodes:
		if b, mean, ok := m.startAbsorption(); ok {
			res.Exact.Absorption = m.absorbedIn(b)
			res.Exact.MeanTimeToAbsorption = &mean
		}
	default:
		b, t, err := m.absorption()
		if err == nil && b != nil {
			row := slices.Index(m.transient, startNode)
			res.Exact.Absorption = m.absorbedIn(mat.Row(nil, row, b))
			mean := t[row]
			if m.c.Discrete {
				mean *= m.c.Step
			}
			res.Exact.MeanTimeToAbsorption = &mean
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	if err := res.checkSums(); err != nil {
		return nil, err
	}
	// Any day between the report days, from the chain: the reach series
	// and route chains as computed above, moved to the day asked.
	res.lookup = &exactLookup{
		reachAt: func(name string, day float64) (float64, bool) {
			s, ok := sc.State(name)
			st := int(s)
			switch {
			case !ok:
				return 0, false
			case st == start:
				return 1, true
			case sc.Absorbing(s):
				return massOf(m.of[st])(ev.at(pi0, day)), true
			case hits[st] != nil:
				p, _ := hits[st].at(day)
				return p, true
			}
			return m.reachFrom(m.of[st], pi0, day, reached[st], res.Days), true
		},
		routeAt: func(name string, day float64) (c, o, x float64, ok bool) {
			for _, rt := range routesOf(sc) {
				if rt.Name() == name {
					rc := m.routeChain(rt)
					c, x, o := rc.status(m.evolverOf(rc.gen, horizon).at(rc.pi0, day))
					return c, o, x, true
				}
			}
			return 0, 0, 0, false
		},
	}
	return res, nil
}

// byNeed marks the states whose reach by day exact analysis tables when
// no outputs are named: the start, the absorbing states and the states
// claims name, each cheap or needed anyway.
func byNeed(sc *scenario.Scenario) []bool {
	need := make([]bool, sc.NumStates())
	need[sc.Start()] = true
	for st := range need {
		need[st] = need[st] || sc.Absorbing(scenario.State(st))
	}
	for _, cl := range claimsOf(sc) {
		if cl.Kind() == scenario.StatementEntered {
			need[cl.State()] = true
		}
	}
	return need
}

// finalStates fills the Result's final states and open runs from the
// distribution at the horizon.
func (m *Markov) finalStates(res *Result, at []float64) {
	open, stuck := 0.0, 0.0
	for st, set := range m.of {
		name := m.sc.StateName(scenario.State(st))
		if m.sc.Absorbing(scenario.State(st)) {
			res.Final = append(res.Final, Outcome{name, exactEstimate(massOf(set)(at))})
			continue
		}
		// A state's runs are stuck in the nodes nothing leaves, open in
		// the others.
		var inStuck, inOpen float64
		for _, i := range set {
			if m.stuck(i) {
				inStuck += at[i]
			} else {
				inOpen += at[i]
			}
		}
		if stuck += inStuck; inStuck > 0 {
			res.StuckIn = append(res.StuckIn, Outcome{name, exactEstimate(inStuck)})
		}
		if open += inOpen; inOpen > 0 {
			res.OpenIn = append(res.OpenIn, Outcome{name, exactEstimate(inOpen)})
		}
	}
	res.Final = append(res.Final, Outcome{"open", exactEstimate(open)})
	if stuck > 0 {
		res.Final = append(res.Final, Outcome{"stuck", exactEstimate(stuck)})
	}
}

// stuck reports whether nothing could move a run in transient node i:
// no move out of it and no event that could occur in it, as runs judge it
// (scenario.EndStuck). Guards and meetings are decided in each node's
// world, which only moves change, so what cannot move it now never will.
func (m *Markov) stuck(i int) bool {
	for _, mv := range m.c.Moves[i] {
		if mv.Weight > 0 {
			return false
		}
	}
	for _, e := range m.c.Events {
		if e.Rate > 0 && e.Active[i] {
			return false
		}
	}
	return true
}

// absorbedIn gathers absorption probabilities by absorbing node (b, in
// the order of m.absorbing) into outcomes by absorbing state, every one
// listed.
func (m *Markov) absorbedIn(b []float64) []Outcome {
	by := make([]float64, len(m.of))
	for col, a := range m.absorbing {
		by[m.c.StateOf(a)] += b[col]
	}
	var out []Outcome
	for st := range m.of {
		if m.sc.Absorbing(scenario.State(st)) {
			out = append(out, Outcome{m.sc.StateName(scenario.State(st)), exactEstimate(by[st])})
		}
	}
	return out
}

// massOf returns the mass a distribution over nodes puts on set.
func massOf(set []int) func([]float64) float64 {
	return func(v []float64) float64 {
		p := 0.0
		for _, i := range set {
			p += v[i]
		}
		return p
	}
}

// massSeries is massOf(set) on every day of a series.
func massSeries(rows [][]float64, set []int) []float64 {
	out := make([]float64, len(rows))
	mass := massOf(set)
	for i, r := range rows {
		out[i] = mass(r)
	}
	return out
}

// checkSums checks an exact Result against itself: final states sum to 1,
// and so do a route's statuses on every day, within 1e-9.
func (r *Result) checkSums() error {
	const tol = 1e-9
	bad := func(what string, sum float64) error {
		return fmt.Errorf("%w: %s of %q sum to %.12g, not 1: the chain is too stiff or too large for this computation; estimate it by Monte Carlo (parley run)", ErrInexact, what, r.Scenario, sum)
	}
	sum := 0.0
	for _, f := range r.Final {
		sum += f.P
	}
	if math.Abs(sum-1) > tol || math.IsNaN(sum) {
		return bad("the final-state probabilities", sum)
	}
	for _, rt := range r.Routes {
		for d := range r.Days {
			if s := rt.CompletedBy[d].P + rt.ClosedAt[d].P + rt.OpenAt[d].P; math.Abs(s-1) > tol || math.IsNaN(s) {
				return bad(fmt.Sprintf("route %q's statuses on day %g", rt.Name, r.Days[d]), s)
			}
		}
	}
	return nil
}

func exactEstimate(p float64) Estimate {
	if math.IsNaN(p) {
		return Estimate{}
	}
	p = math.Min(1, math.Max(0, p))
	return Estimate{P: p, Lo: p, Hi: p}
}

func constant(n int, x float64) []float64 {
	out := make([]float64, n)
	for i := range out {
		out[i] = x
	}
	return out
}

func column(rows [][]float64, j int) []float64 {
	out := make([]float64, len(rows))
	for i, r := range rows {
		out[i] = r[j]
	}
	return out
}

// quantiles returns the days by which a share q of the eventual mass
// (mass on the last of days) had arrived: the first report day on which
// it has, then the exact day within the step before it (firstReach).
func (e evolver) quantiles(dist [][]float64, days []float64, mass func([]float64) float64, qs []float64) []Quantile {
	out := []Quantile{}
	cache := powers{}
	total := mass(dist[len(dist)-1])
	if !(total > 0) {
		return out
	}
	for _, q := range qs {
		target := q * total
		for i, v := range dist {
			if mass(v) < target {
				continue
			}
			day := days[i]
			if i > 0 {
				day = e.firstReach(dist[i-1], days[i-1], days[i], mass, target, cache)
			}
			out = append(out, Quantile{q, day})
			break
		}
	}
	return out
}

func zeroQuantiles(qs []float64) []Quantile {
	out := make([]Quantile, len(qs))
	for i, q := range qs {
		out[i] = Quantile{q, 0}
	}
	return out
}

// absorbOnly marks the nodes of set, to be made absorbing.
func absorbOnly(n int, set ...int) []bool {
	absorb := make([]bool, n)
	for _, i := range set {
		absorb[i] = true
	}
	return absorb
}

// reachSeries is the distribution over days of the chain with the nodes
// of set (a state's) made absorbing: its mass on them is P(the state
// reached by the day).
func (m *Markov) reachSeries(set []int, pi0, days []float64) [][]float64 {
	return m.reachEvolver(set).series(pi0, days)
}

// reachEvolver moves the chain with the nodes of set made absorbing.
func (m *Markov) reachEvolver(set []int) evolver {
	return m.evolverOf(m.gen(absorbOnly(m.n, set...)), m.horizon)
}

// reachFrom is reachAt from the reach series already computed on days, if
// any: the last report day before t moved forward the rest of the way, not
// the whole way from day 0.
func (m *Markov) reachFrom(set []int, pi0 []float64, t float64, series [][]float64, days []float64) float64 {
	mass := massOf(set)
	if series == nil || mass(pi0) == 1 {
		return m.reachAt(set, pi0, t)
	}
	i, _ := slices.BinarySearch(days, t)
	if i < len(days) && days[i] == t {
		return mass(series[i])
	}
	if i == 0 {
		return m.reachAt(set, pi0, t)
	}
	return mass(m.reachEvolver(set).at(series[i-1], t-days[i-1]))
}

// reachAt is P(the state of the nodes in set reached by day t).
func (m *Markov) reachAt(set []int, pi0 []float64, t float64) float64 {
	mass := massOf(set)
	if mass(pi0) == 1 {
		return 1
	}
	return mass(m.reachEvolver(set).at(pi0, t))
}

// product is a chain over (state, tag) pairs built for one question.
type product struct {
	ev  evolver
	pi0 []float64
}

// routeChain is the chain of (route progress, node): node k·n+i for
// progress k below the route's length L, and L·n+i once the route is
// completed, the run in node i, so that every node stands for one state
// (what conditioning on states needs). Self-loops are moves: re-entering a
// state moves routes; a move within a state (an event's effects) does
// not.
type routeChain struct {
	gen  *genBuilder
	pi0  []float64
	rt   *routeOf
	n, l int
	c    *chain.Chain
}

func (m *Markov) routeChain(rt *routeOf) routeChain {
	n, l := m.n, len(rt.States())
	c := routeChain{gen: newGen((l + 1) * n), pi0: make([]float64, (l+1)*n), rt: rt, n: n, l: l, c: m.c}
	for k := range l + 1 {
		for i := range n {
			from := k*n + i
			if m.c.Absorbing[i] {
				if m.c.Discrete {
					c.gen.add(from, from, 1)
				}
				continue
			}
			out := 0.0
			for _, mv := range m.c.Moves[i] {
				to := k
				if !mv.Within {
					to = c.next(k, scenario.State(m.c.StateOf(int(mv.To))))
				}
				c.gen.add(from, to*n+int(mv.To), mv.Weight)
				out += mv.Weight
			}
			if !m.c.Discrete {
				c.gen.add(from, from, -out)
			}
		}
	}
	start := m.sc.Start()
	c.pi0[c.next(0, start)*n+int(m.c.Start)] = 1
	return c
}

// next is the progress after entering s with progress k.
func (c routeChain) next(k int, s scenario.State) int {
	if k == c.l {
		return k
	}
	next, _ := chain.RouteStep(c.rt.sc, c.rt.i, k, int32(s))
	return next
}

// status splits a distribution into completed, closed and open.
func (c routeChain) status(v []float64) (completed, closed, open float64) {
	for k := range c.l {
		for i := range c.n {
			if _, live := chain.RouteStep(c.rt.sc, c.rt.i, k, int32(c.c.StateOf(i))); live {
				open += v[k*c.n+i]
			} else {
				closed += v[k*c.n+i]
			}
		}
	}
	return c.completed(v), closed, open
}

func (c routeChain) completed(v []float64) float64 {
	done := 0.0
	for _, x := range v[c.l*c.n:] {
		done += x
	}
	return done
}

// node is the node a past course leads to (a scenario from now).
func (c routeChain) node(steps []scenario.Step, _ []scenario.Occurrence) int {
	k := c.next(0, steps[0].State)
	for _, st := range steps[1:] {
		k = c.next(k, st.State)
	}
	return k*c.n + int(steps[len(steps)-1].State)
}

// eventProduct builds the chain of (state, occurred): node f*n+i, where f
// becomes 1 when event e occurs.
func (m *Markov) eventProduct(e int) product {
	q, pi0 := m.eventGen(e)
	discrete := m.c.Discrete
	m.c.Discrete = false // events happen at rates: continuous time only
	ev := m.evolverOf(q, m.horizon)
	m.c.Discrete = discrete
	ev.discrete = false
	return product{ev: ev, pi0: pi0}
}

// eventGen builds the generator of eventProduct and its start.
func (m *Markov) eventGen(e int) (*genBuilder, []float64) {
	n := m.n
	ce := m.c.Events[e]
	q := newGen(2 * n)
	for f := range 2 {
		for i := range n {
			from := f*n + i
			if m.c.Absorbing[i] {
				continue
			}
			event := f == 0 && ce.Active[i] && ce.Rate > 0
			share := 0.0 // of the move to ce.To[i], the event's own
			if event && int(ce.To[i]) != i {
				share = ce.Rate
			}
			out := 0.0
			for _, mv := range m.c.Moves[i] {
				j, w := int(mv.To), mv.Weight
				if share > 0 && j == int(ce.To[i]) && mv.Within != ce.Enter {
					w -= share // this share of the rate is the event itself
					share = 0
				}
				if j != i && w > 0 {
					q.add(from, f*n+j, w)
					out += w
				}
			}
			if event {
				q.add(from, n+int(ce.To[i]), ce.Rate)
				out += ce.Rate
			}
			q.add(from, from, -out)
		}
	}
	pi0 := make([]float64, 2*n)
	pi0[int(m.c.Start)] = 1
	return q, pi0
}

func occurred(v []float64, n int) float64 {
	p := 0.0
	for _, x := range v[n:] {
		p += x
	}
	return p
}

// meanOccurrences is the expected number of occurrences of event e by day
// t: the integral of rate × P(in an active state), by Van Loan's block
// matrix exp([[Q, b], [0, 0]]·t), whose top-right column is ∫ exp(Q s) b ds.
func (m *Markov) meanOccurrences(e int, pi0 []float64, t float64) float64 {
	ce := m.c.Events[e]
	n := m.n
	q := m.Matrix()
	blk := mat.NewDense(n+1, n+1, nil)
	blk.Slice(0, n, 0, n).(*mat.Dense).Copy(q)
	for i := range n {
		if ce.Active[i] {
			blk.Set(i, n, ce.Rate)
		}
	}
	ex := expGenerator(blk, t, 1)
	mean := 0.0
	for i, p := range pi0 {
		mean += float64(p * ex.At(i, n))
	}
	return mean
}
