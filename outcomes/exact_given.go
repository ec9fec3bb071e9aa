package outcomes

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"github.com/parleysim/parley/scenario"
)

// exactGiven is ExactConfig.Given read on a continuous-time chain: windows
// in which a state was (or was not) entered, each tracked by a flag that
// the chain sets when it enters the state inside the window, and days on
// which the chain was (or was not) in a state.
type exactGiven struct {
	entered []windowObs
	inState []dayObs
	times   []float64 // the days on which a window opens or closes or a state is observed
	texts   []string
	which   []int       // per observation as given: its index in entered, or -1-its index in inState
	past    *pastCourse // a scenario from now: what happened before its day
}

// pastCourse is the course of a scenario from now up to its day.
type pastCourse struct {
	day   float64
	steps []scenario.Step
	occ   []scenario.Occurrence
}

// upTo returns the steps and occurrences on or before day d.
func (pc *pastCourse) upTo(d float64) ([]scenario.Step, []scenario.Occurrence) {
	i := 0
	for i < len(pc.steps) && pc.steps[i].Day <= d {
		i++
	}
	j := 0
	for j < len(pc.occ) && pc.occ[j].Day <= d {
		j++
	}
	return pc.steps[:i], pc.occ[:j]
}

// pastFlags returns the flags the past sets, and false when the past is
// inconsistent with an observation it settles (a window closed or a state
// observed before now).
func (g *exactGiven) pastFlags() (int, bool) {
	pc := g.past
	flags := 0
	for b, o := range g.entered {
		for _, st := range pc.steps {
			if int(st.State) == o.state && st.Day >= o.from && st.Day <= min(o.to, pc.day) {
				flags |= 1 << b
			}
		}
		if o.to < pc.day && (flags&(1<<b) != 0) == o.not {
			return 0, false
		}
	}
	for _, o := range g.inState {
		if o.day < pc.day {
			steps, _ := pc.upTo(o.day)
			in := len(steps) > 0 && int(steps[len(steps)-1].State) == o.state
			if in == o.not {
				return 0, false
			}
		}
	}
	return flags, true
}

// chainOf is a chain over product nodes: generator q, node i a copy of
// base state baseOf[i], the start distribution pi0 on day 0, and node,
// the node a past course leads to (for a scenario from now; never called
// with no steps: before the first, nothing has happened and conditioned
// gives nil).
type chainOf struct {
	q      *mat.Dense
	baseOf []int
	pi0    []float64
	node   func(steps []scenario.Step, occ []scenario.Occurrence) int
}

type windowObs struct {
	state    int
	from, to float64
	not      bool
}

type dayObs struct {
	state int
	day   float64
	not   bool
}

// maxExactObservations bounds the windows Exact tracks: each doubles the
// chain it evolves, and the matrix exponentials grow with its square (on a
// three-state chain, 5 windows take half a second, 8 more than a minute
// and a gigabyte); past it Run conditions by runs.
const maxExactObservations = 5

// readGiven checks that every observation can be conditioned on exactly.
func readGiven(sc *scenario.Scenario, m *Markov, obs []scenario.Statement, horizon float64) (*exactGiven, error) {
	if len(obs) == 0 {
		return nil, nil
	}
	ev, err := sc.Observe(obs)
	if err != nil {
		return nil, err
	}
	if m.c.Discrete {
		return nil, notExact("outcomes: %q: Exact conditions on observations in continuous time only; this chain moves in steps (use Run with Given)", sc.Name())
	}
	g := &exactGiven{}
	times := []float64{}
	for i, given := range obs {
		o := ev.Stated(i) // a claim's statement, negated if known not to have held
		if o.To > horizon {
			return nil, fmt.Errorf("%w: Given[%d] (%s) looks at day %v, past the horizon of day %v", ErrConfig, i, given, o.To, horizon)
		}
		s, _ := sc.State(o.Target)
		switch o.Kind {
		case scenario.StatementEntered:
			g.which = append(g.which, len(g.entered))
			g.entered = append(g.entered, windowObs{int(s), o.From, o.To, o.Not})
			times = append(times, o.From, o.To)
		case scenario.StatementInState:
			g.which = append(g.which, -1-len(g.inState))
			g.inState = append(g.inState, dayObs{int(s), o.To, o.Not})
			times = append(times, o.To)
		default:
			return nil, notExact("outcomes: Given[%d] (%s): Exact conditions on states entered and states on a day; an observation of kind %s needs Run with Given", i, given, o.Kind)
		}
		g.texts = append(g.texts, sc.Text(ev.Observation(i)))
	}
	if len(g.entered) > maxExactObservations {
		return nil, notExact("outcomes: %d windows of states entered: Exact tracks at most %d (each doubles the chain); use Run with Given", len(g.entered), maxExactObservations)
	}
	slices.Sort(times)
	g.times = slices.Compact(times)
	return g, nil
}

// conditioned evolves a chain over product nodes (generator q, node i a
// copy of base state baseOf[i], start distribution pi0) together with the
// observation flags, forward to find what is consistent with the
// observations so far and backward to find the chance of those still to
// come, and returns on each of days its distribution over the product's
// nodes given every observation, with the likelihood of the observations.
func (g *exactGiven) conditioned(m *Markov, c chainOf, days []float64, horizon float64) ([][]float64, float64, error) {
	q, baseOf, pi0 := c.q, c.baseOf, c.pi0
	p := len(pi0)
	k := len(g.entered)
	size := p << k
	if err := checkGivenSize(m, g, size); err != nil {
		return nil, 0, err
	}
	// A scenario from now starts on its day, in the node its past leads to.
	t0 := 0.0
	if g.past != nil {
		t0 = g.past.day
	}
	points := append(slices.Clone(days), g.times...)
	points = append(points, t0, horizon)
	slices.Sort(points)
	points = slices.Compact(points)
	for len(points) > 0 && points[len(points)-1] > horizon {
		points = points[:len(points)-1]
	}
	first := slices.Index(points, t0)

	// active: the windows open over the segment [a, b].
	active := func(a, b float64) int {
		w := 0
		for i, o := range g.entered {
			if o.from <= a && b <= o.to {
				w |= 1 << i
			}
		}
		return w
	}
	gens := map[int]*mat.Dense{}
	generator := func(w int) *mat.Dense {
		if gq, ok := gens[w]; ok {
			return gq
		}
		gq := lift(q, 1<<k, func(f, i, j int) int {
			if baseOf[j] != baseOf[i] {
				f |= g.enters(w, baseOf[j])
			}
			return f
		})
		gens[w] = gq
		return gq
	}
	type key struct {
		w   int
		len float64
	}
	cache := map[key]*mat.Dense{}
	transition := func(a, b float64) *mat.Dense {
		kk := key{active(a, b), b - a}
		if t, ok := cache[kk]; ok {
			return t
		}
		t := expGenerator(generator(kk.w), b-a, 0)
		if len(cache) < 8 {
			cache[kk] = t
		}
		return t
	}
	check := func(t float64, v []float64) {
		for b, o := range g.entered {
			if o.to != t {
				continue
			}
			for x := range v {
				if set := (x/p)&(1<<b) != 0; set == o.not {
					v[x] = 0
				}
			}
		}
		for _, o := range g.inState {
			if o.day != t {
				continue
			}
			for x := range v {
				if in := baseOf[x%p] == o.state; in == o.not {
					v[x] = 0
				}
			}
		}
	}

	// Forward: alpha[t] is P(node at t, every observation up to t).
	alpha := make([][]float64, len(points))
	v := make([]float64, size)
	if g.past == nil {
		for i, x := range pi0 {
			if x != 0 {
				v[g.enters(active(0, 0), baseOf[i])*p+i] = x
			}
		}
	} else if flags, ok := g.pastFlags(); ok {
		v[flags*p+c.node(g.past.steps, g.past.occ)] = 1
	}
	check(t0, v)
	alpha[first] = v
	for s := first + 1; s < len(points); s++ {
		if m.stop != nil && m.stop() {
			return nil, 0, errStopped
		}
		v = rowTimes(v, transition(points[s-1], points[s]))
		check(points[s], v)
		alpha[s] = v
	}
	like := 0.0
	for _, x := range alpha[len(points)-1] {
		like += x
	}
	if !(like > 0) {
		return nil, 0, nil
	}
	// Backward: beta[t] is P(every observation after t | node at t).
	beta := make([]float64, size)
	for x := range beta {
		beta[x] = 1
	}
	out := make([][]float64, len(days))
	for i, d := range days {
		if d < t0 { // the past, as given; nil before its first day
			if steps, occ := g.past.upTo(d); len(steps) > 0 {
				out[i] = make([]float64, p)
				out[i][c.node(steps, occ)] = 1
			}
		}
	}
	for s := len(points) - 1; s >= first; s-- {
		if s < len(points)-1 {
			w := slices.Clone(beta)
			check(points[s+1], w)
			beta = matTimes(transition(points[s], points[s+1]), w)
		}
		if d, ok := slices.BinarySearch(days, points[s]); ok {
			dist := make([]float64, p)
			for x := range size {
				dist[x%p] += alpha[s][x] * beta[x] / like
			}
			for i := d; i < len(days) && days[i] == points[s]; i++ {
				out[i] = dist
			}
		}
	}
	return out, like, nil
}

// only returns the i-th observation as given, alone.
func (g *exactGiven) only(i int) *exactGiven {
	o := &exactGiven{times: g.times, past: g.past}
	if w := g.which[i]; w >= 0 {
		o.entered = g.entered[w : w+1]
	} else {
		o.inState = g.inState[-1-w : -w]
	}
	return o
}

// enters returns the flags set by entering base state s while the
// windows w are open.
func (g *exactGiven) enters(w, s int) int {
	f := 0
	for b, o := range g.entered {
		if w&(1<<b) != 0 && o.state == s {
			f |= 1 << b
		}
	}
	return f
}

// checkGivenSize refuses a conditioned chain whose matrices would not fit.
func checkGivenSize(m *Markov, g *exactGiven, size int) error {
	need := float64(12*float64(size)*float64(size)*8) + float64(float64(size)*float64(len(g.times)+m.days)*8)
	if limit := m.limit; limit > 0 && need > float64(limit) {
		return fmt.Errorf("%w: conditioning %q exactly needs a chain of %d nodes, about %s, over the limit of %s", ErrMemory, m.sc.Name(), size, bytesText(need), bytesText(float64(limit)))
	}
	return nil
}

var errStopped = fmt.Errorf("outcomes: exact analysis stopped")

// identityBaseOf maps the nodes of a product chain of size nodes, in
// blocks of n, to the base states they copy.
func identityBaseOf(size, n int) []int {
	b := make([]int, size)
	for i := range b {
		b[i] = i % n
	}
	return b
}

// reachProduct builds the chain of (state, reached): node f*n+i, where f
// becomes 1 on entering st.
func (m *Markov) reachProduct(st int) chainOf {
	n := m.n
	q := mat.NewDense(2*n, 2*n, nil)
	base := m.Matrix()
	for f := range 2 {
		for i := range n {
			from := f*n + i
			q.Set(from, from, base.At(i, i))
			for j := range n {
				if x := base.At(i, j); j != i && x != 0 {
					to := f*n + j
					if j == st {
						to = n + j
					}
					q.Set(from, to, q.At(from, to)+x)
				}
			}
		}
	}
	pi0 := make([]float64, 2*n)
	start := int(m.sc.Start())
	if start == st {
		pi0[n+start] = 1
	} else {
		pi0[start] = 1
	}
	node := func(steps []scenario.Step, occ []scenario.Occurrence) int {
		f := 0
		if slices.ContainsFunc(steps, func(s scenario.Step) bool { return int(s.State) == st }) {
			f = 1
		}
		return f*n + lastState(steps, occ)
	}
	return chainOf{q, identityBaseOf(2*n, n), pi0, node}
}

// lastState is the node of the base chain a past course leads to.
func lastState(steps []scenario.Step, _ []scenario.Occurrence) int {
	return int(steps[len(steps)-1].State)
}

// exactGivenResult fills an exact Result conditioned on g: final states,
// states reached, routes and claims, each given every observation.
// Quantiles of entry and completion days, events' counts and absorption
// ever are left out: they are not conditioned exactly.
func (m *Markov) exactGivenResult(res *Result, g *exactGiven, horizon float64, w *wanted) error {
	sc := m.sc
	n := m.n
	last := len(res.Days) - 1
	start := int(sc.Start())
	pi0 := make([]float64, n)
	pi0[start] = 1
	base := chainOf{m.Matrix(), identityBaseOf(n, n), pi0, lastState}
	dist, like, err := g.conditioned(m, base, res.Days, horizon)
	if err != nil {
		return err
	}
	if like == 0 {
		return fmt.Errorf("%w: they have probability zero in %q", ErrEvidence, sc.Name())
	}
	if len(g.texts) > 0 {
		res.Given = &Conditioning{Observations: g.texts, Likelihood: exactEstimate(like)}
		for i := range g.texts {
			_, p, err := g.only(i).conditioned(m, base, nil, horizon)
			if err != nil {
				return err
			}
			res.Given.Held = append(res.Given.Held, exactEstimate(p))
		}
	}
	m.finalStates(res, dist[last])

	reached := func(st int, days []float64) ([]float64, error) {
		ds, _, err := g.conditioned(m, m.reachProduct(st), days, horizon)
		if err != nil {
			return nil, err
		}
		out := make([]float64, len(days))
		for i, v := range ds {
			if v != nil { // nil: before the past's first day, nothing reached
				out[i] = occurred(v, n)
			}
		}
		return out, nil
	}
	for st := range n {
		if !w.states[st] {
			continue
		}
		reach, err := reached(st, res.Days)
		if err != nil {
			return err
		}
		sr := StateResult{Name: sc.StateName(scenario.State(st))}
		for _, p := range reach {
			sr.ReachedBy = append(sr.ReachedBy, exactEstimate(p))
		}
		sr.Reached = sr.ReachedBy[last]
		res.States = append(res.States, sr)
	}

	routeAt := func(rt *routeOf, days []float64) ([][3]float64, error) {
		rc := m.routeChain(rt)
		c := chainOf{rc.gen.dense(), identityBaseOf(len(rc.pi0), n), rc.pi0, rc.node}
		status := rc.status
		ds, _, err := g.conditioned(m, c, days, horizon)
		if err != nil {
			return nil, err
		}
		out := make([][3]float64, len(days))
		for i, v := range ds {
			if v == nil { // before the past's first day: open, as in a run
				out[i] = [3]float64{0, 0, 1}
				continue
			}
			c, x, o := status(v)
			out[i] = [3]float64{c, x, o}
		}
		return out, nil
	}
	for i, rt := range routesOf(sc) {
		if !w.routes[i] {
			continue
		}
		rr := RouteResult{Name: rt.Name(), Description: rt.Description()}
		for _, st := range rt.States() {
			rr.States = append(rr.States, sc.StateName(st))
		}
		series, err := routeAt(rt, res.Days)
		if err != nil {
			return err
		}
		for _, s := range series {
			rr.CompletedBy = append(rr.CompletedBy, exactEstimate(s[0]))
			rr.ClosedAt = append(rr.ClosedAt, exactEstimate(s[1]))
			rr.OpenAt = append(rr.OpenAt, exactEstimate(s[2]))
		}
		rr.Completed = rr.CompletedBy[last]
		res.Routes = append(res.Routes, rr)
	}

	for i, cl := range claimsOf(sc) {
		if !w.claims[i] {
			continue
		}
		day := []float64{math.Min(cl.Day(), horizon)}
		var p float64
		switch cl.Kind() {
		case scenario.StatementEntered:
			r, err := reached(int(cl.State()), day)
			if err != nil {
				return err
			}
			p = r[0]
		case scenario.StatementRoute:
			s, err := routeAt(cl.Route(), day)
			if err != nil {
				return err
			}
			p = s[0][0]
		case scenario.StatementOccurred:
			q, p0 := m.eventGen(cl.Event())
			e := scenario.Event(cl.Event())
			c := chainOf{q.dense(), identityBaseOf(2*n, n), p0, func(steps []scenario.Step, occ []scenario.Occurrence) int {
				f := 0
				if slices.ContainsFunc(occ, func(o scenario.Occurrence) bool { return o.Event == e }) {
					f = 1
				}
				return f*n + lastState(steps, occ)
			}}
			ds, _, err := g.conditioned(m, c, day, horizon)
			if err != nil {
				return err
			}
			if ds[0] != nil {
				p = occurred(ds[0], n)
			} else if g.past != nil && slices.ContainsFunc(g.past.occ, func(o scenario.Occurrence) bool { return o.Event == e && o.Day <= day[0] }) {
				p = 1
			}
		}
		if cl.Not() {
			p = 1 - p
		}
		res.Claims = append(res.Claims, ClaimResult{cl.Name(), cl.Description(), claimDay(cl, horizon), exactEstimate(p)})
	}
	// Any day between the report days, conditioned the same way.
	res.lookup = &exactLookup{
		reachAt: func(name string, day float64) (float64, bool) {
			st, ok := sc.State(name)
			if !ok {
				return 0, false
			}
			r, err := reached(int(st), []float64{day})
			if err != nil {
				return 0, false
			}
			return r[0], true
		},
		routeAt: func(name string, day float64) (c, o, x float64, ok bool) {
			for _, rt := range routesOf(sc) {
				if rt.Name() == name {
					s, err := routeAt(rt, []float64{day})
					if err != nil {
						return 0, 0, 0, false
					}
					return s[0][0], s[0][2], s[0][1], true
				}
			}
			return 0, 0, 0, false
		},
	}
	return nil
}

// notExactError is an observation Exact cannot condition on: it matches
// ErrNotExact, with a message of its own (the chain itself is Markovian).
type notExactError struct{ msg string }

func notExact(format string, args ...any) error {
	return &notExactError{fmt.Sprintf(format, args...)}
}

func (e *notExactError) Error() string        { return e.msg }
func (e *notExactError) Is(target error) bool { return target == ErrNotExact }

// lift builds the chain over (tag, node) pairs of the chain q: node i with
// tag f is f·p+i, p the nodes of q, and a move from i to j takes tag f to
// next(f, i, j); the diagonal stays as it is.
func lift(q *mat.Dense, tags int, next func(f, i, j int) int) *mat.Dense {
	p, _ := q.Dims()
	out := mat.NewDense(tags*p, tags*p, nil)
	for f := range tags {
		for i := range p {
			from := f*p + i
			out.Set(from, from, q.At(i, i))
			for j := range p {
				x := q.At(i, j)
				if j == i || x == 0 {
					continue
				}
				to := next(f, i, j)*p + j
				out.Set(from, to, out.At(from, to)+x)
			}
		}
	}
	return out
}
