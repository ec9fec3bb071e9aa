package outcomes

import (
	"math"
	"slices"

	"github.com/parleysim/parley/scenario"
)

// bins count values in bins and keep the least and greatest value seen in
// each, so that quantiles interpolate between values that happened (a fixed
// delay of 4 days gives exactly 4). Counts, minima and maxima merge to the
// same result in any order.
type bins struct {
	b []bin
}

// bin is one histogram bin: its count and the least and greatest value in
// it, side by side so that adding to it touches one cache line.
type bin struct {
	n      int64
	lo, hi float64
}

func newBins(n int) bins {
	b := bins{b: make([]bin, n)}
	b.reset()
	return b
}

func (b *bins) add(i int, x float64) {
	c := &b.b[i]
	c.n++
	if x < c.lo {
		c.lo = x
	}
	if x > c.hi {
		c.hi = x
	}
}

func (b *bins) merge(o *bins) {
	for i := range o.b {
		if c := &o.b[i]; c.n > 0 {
			d := &b.b[i]
			d.n += c.n
			d.lo = math.Min(d.lo, c.lo)
			d.hi = math.Max(d.hi, c.hi)
		}
	}
}

func (b *bins) total() int64 {
	t := int64(0)
	for i := range b.b {
		t += b.b[i].n
	}
	return t
}

// quantile returns the value at which the cumulative count, starting from
// cum, reaches target, interpolating within the bin; ok is false if it never
// does.
func (b *bins) quantile(target, cum float64) (float64, bool) {
	for i := range b.b {
		c := &b.b[i]
		if c.n > 0 && cum+float64(c.n) >= target {
			return c.lo + float64((target-cum)/float64(c.n)*(c.hi-c.lo)), true
		}
		cum += float64(c.n)
	}
	return 0, false
}

// series is one histogram of days over the grid, with day 0 counted apart.
type series struct {
	atZero int64
	bins
}

func (s *series) add(g *grid, day float64) {
	if day <= 0 {
		s.atZero++
		return
	}
	s.bins.add(g.bin(day), day)
}

func (s *series) total() int64 { return s.atZero + s.bins.total() }

// cumulative writes into dst, for each of the ascending report days, how
// many entries are on or before it: one pass over the bins, whatever the
// number of days.
func (s *series) cumulative(g grid, days []float64, dst []int64) {
	t, next := s.atZero, 0
	for k, d := range days {
		last := g.bins - 1
		switch {
		case d <= 0:
			last = -1
		case d < g.horizon:
			last = g.bin(d)
		}
		for ; next <= last; next++ {
			t += s.b[next].n
		}
		dst[k] = t
	}
}

// quantile returns the day by which a share q of the entries had happened;
// NaN if there are none.
func (s *series) quantile(g grid, q float64) float64 {
	n := s.total()
	if n == 0 {
		return math.NaN()
	}
	target := float64(q * float64(n))
	if target <= float64(s.atZero) {
		return 0
	}
	if d, ok := s.bins.quantile(target, float64(s.atZero)); ok {
		return d
	}
	return g.horizon
}

func (s *series) merge(o *series) {
	s.atZero += o.atZero
	s.bins.merge(&o.bins)
}

// tally is one worker's running counts. Every count is an integer, so summing
// the workers' tallies gives the same totals in any order.
type tally struct {
	want   *wanted // what to record
	sc     *scenario.Scenario
	routes []*routeOf
	claims []*claimOf
	g      grid

	runs     int64
	made     int64   // runs made, with Config.Given: runs counts those accepted
	held     []int64 // per observation of Config.Given: runs consistent with it
	absorbed []int64 // per state
	// absorbDays and absorbDays2 are the exact sums of the absorption day
	// and of its square as a share of the horizon, over absorbed runs.
	absorbDays, absorbDays2 exactSum
	openIn                  []int64 // per state: runs open at the horizon there
	stuckIn                 []int64 // per state: runs stuck there (scenario.EndStuck)
	stepLimit               []int64 // per state: runs stopped by the step bound there
	faults                  []int64 // per transition
	fired                   []int64 // per transition: runs in which it fired
	tseen                   []uint64

	entries   []series // per state: first-entry day
	completed []series // per route: completion day
	closed    []series // per route: closing day
	claimsOK  []int64  // per claim
	occurred  []int64  // per event: runs in which it occurred
	occurs    []int64  // per event: occurrences in all runs

	// firsts holds, per state, the day of its first entry in the run of
	// generation gen; stamp marks the states whose first entry something
	// recorded reads (an entry-day series, or a claim when record passes
	// over the steps anyway), so record stamps no other. Claims are split
	// by how they are judged: entered, by the stamps or else by a scan of
	// the steps (enteredBy); tested, by their own test of the trace.
	firsts  []firstEntry
	stamp   []bool
	entered []enteredClaim
	tested  []int
	perStep bool     // record must pass over the steps
	eseen   []uint64 // per event: the run generation that last saw it occur
	gen     uint64

	// Meetings, by scenario.Meeting.
	numActors int
	numIssues int
	proposed  []int64  // per meeting: runs in which it was proposed
	pseen     []uint64 // per meeting: generation marker
	declined  []int64  // per meeting*actors+actor: runs with a decline
	declines  []int64  // per meeting*actors+actor: declines in all runs
	// stuckDeclined counts, per meeting*actors+actor, the stuck runs in
	// which the actor declined that meeting, held by a transition out of
	// the state the run is stuck in; meetFrom is that state, per meeting
	// (-1 for an event's).
	stuckDeclined []int64
	meetFrom      []scenario.State
	sdseen        []uint64
	dseen         []uint64
	agreeSlot     []int32 // per meeting*issues+issue: index into agreements, or -1
	agreements    []valueSeries
}

func newTally(sc *scenario.Scenario, g grid, want *wanted) *tally {
	n, ne := sc.NumStates(), sc.NumEvents()
	t := &tally{
		want:      want,
		sc:        sc,
		routes:    routesOf(sc),
		claims:    claimsOf(sc),
		g:         g,
		absorbed:  make([]int64, n),
		openIn:    make([]int64, n),
		stuckIn:   make([]int64, n),
		stepLimit: make([]int64, n),
		faults:    make([]int64, sc.NumTransitions()+1), // the last: drawn parameters
		fired:     make([]int64, sc.NumTransitions()),
		tseen:     make([]uint64, sc.NumTransitions()),
		entries:   newSeries(want.states, g),
		completed: newSeries(want.routes, g),
		closed:    newSeries(want.routes, g),
		claimsOK:  make([]int64, len(sc.Claims())),
		occurred:  make([]int64, ne),
		occurs:    make([]int64, ne),
		firsts:    make([]firstEntry, n),
		stamp:     make([]bool, n),
		eseen:     make([]uint64, ne),
	}
	t.plan()
	if m := sc.Actors(); m != nil {
		meetings := sc.Meetings()
		t.numActors, t.numIssues = m.NumActors(), m.NumIssues()
		t.proposed = make([]int64, len(meetings))
		t.pseen = make([]uint64, len(meetings))
		t.declined = make([]int64, len(meetings)*t.numActors)
		t.declines = make([]int64, len(meetings)*t.numActors)
		t.dseen = make([]uint64, len(meetings)*t.numActors)
		t.stuckDeclined = make([]int64, len(meetings)*t.numActors)
		t.sdseen = make([]uint64, len(meetings)*t.numActors)
		t.meetFrom = make([]scenario.State, len(meetings))
		transitions := sc.Definition().Transitions
		for mi, info := range meetings {
			t.meetFrom[mi] = -1
			if info.Transition >= 0 && int(info.Transition) < len(transitions) {
				t.meetFrom[mi], _ = sc.State(transitions[info.Transition].From)
			}
		}
		t.agreeSlot = make([]int32, len(meetings)*t.numIssues)
		for k := range t.agreeSlot {
			t.agreeSlot[k] = -1
		}
		for mi, info := range meetings {
			for _, i := range info.Agenda {
				is := m.Issue(i)
				t.agreeSlot[mi*t.numIssues+i] = int32(len(t.agreements))
				t.agreements = append(t.agreements, newValueSeries(is.Min, is.Max))
			}
		}
	}
	return t
}

// valueBins is the resolution of agreed-value histograms over an issue's scale.
const valueBins = 256

// valueSeries is a histogram of agreed values over an issue's scale, with
// the count of meetings without agreement and the exact sum of the agreed
// values, which, unlike a float sum, is the same in any order.
type valueSeries struct {
	min, span float64
	bins
	none int64
	sum  exactSum
	// sum2 is the exact sum of squares of the values as shares of the
	// scale, for their spread (the squares of the values themselves could
	// overflow on a scale near the largest float64).
	sum2 exactSum
}

func newValueSeries(min, max float64) valueSeries {
	return valueSeries{min: min, span: max - min, bins: newBins(valueBins)}
}

func (v *valueSeries) add(x float64) {
	if math.IsNaN(x) || math.IsInf(x, 0) { // no agreement can be read from it
		v.none++
		return
	}
	f := (x - v.min) / v.span
	v.bins.add(min(max(int(f*valueBins), 0), valueBins-1), x)
	v.sum.add(x)
	v.sum2.add(f * f)
}

func (v *valueSeries) merge(o *valueSeries) {
	v.none += o.none
	v.sum.merge(&o.sum)
	v.sum2.merge(&o.sum2)
	v.bins.merge(&o.bins)
}

func (v *valueSeries) reached() int64 { return v.bins.total() }

func (v *valueSeries) mean() float64 {
	n := v.reached()
	if n == 0 {
		return math.NaN()
	}
	return v.sum.mean(n)
}

// sd returns the standard deviation of the agreed values (dividing by n-1);
// NaN for fewer than two.
func (v *valueSeries) sd() float64 {
	n := v.reached()
	if n < 2 {
		return math.NaN()
	}
	f := (v.mean() - v.min) / v.span
	variance := (v.sum2.mean(n) - float64(f*f)) * float64(n) / float64(n-1)
	return v.span * math.Sqrt(max(variance, 0))
}

func (v *valueSeries) quantile(q float64) float64 {
	n := v.reached()
	if n == 0 {
		return math.NaN()
	}
	if x, ok := v.bins.quantile(float64(q*float64(n)), 0); ok {
		return x
	}
	return v.min + v.span
}

// newSeries makes a series for each wanted index, with its bins; one that
// is not wanted stays empty, taking no memory.
func newSeries(want []bool, g grid) []series {
	s := make([]series, len(want))
	for i := range s {
		if want[i] {
			s[i].bins = newBins(g.bins)
		}
	}
	return s
}

// stuckDeclines counts who declined the meetings out of the state a stuck
// run ended in.
func (t *tally) stuckDeclines(tr *scenario.Trace, final scenario.State) {
	for i := range tr.Declines {
		d := &tr.Declines[i]
		if int(d.Meeting) >= len(t.meetFrom) || t.meetFrom[d.Meeting] != final {
			continue
		}
		if k := int(d.Meeting)*t.numActors + int(d.Actor); t.sdseen[k] != t.gen {
			t.sdseen[k] = t.gen
			t.stuckDeclined[k]++
		}
	}
}

// firstEntry is a state's first entry in the run of generation gen.
type firstEntry struct {
	gen uint64
	day float64
}

// enteredClaim is claim i, "state entered by day", or its negation.
type enteredClaim struct {
	i     int
	state scenario.State
	day   float64
	not   bool
}

// plan derives from what is wanted the work record does per run: which
// states to stamp, which claims to judge and how, and whether the steps
// need a pass at all.
func (t *tally) plan() {
	w := t.want
	copy(t.stamp, w.states)
	t.perStep = w.transitions || slices.Contains(w.states, true)
	t.entered, t.tested = t.entered[:0], t.tested[:0]
	for i, c := range t.claims {
		switch {
		case !w.claims[i]:
		case c.Kind() == scenario.StatementEntered:
			// Passing over the steps anyway, record stamps the claim's
			// state; else a scan of the steps up to the claim's day finds
			// it, at a compare a step.
			t.stamp[c.State()] = t.stamp[c.State()] || t.perStep
			t.entered = append(t.entered, enteredClaim{i: i, state: c.State(), day: c.Day(), not: c.Not()})
		default:
			t.tested = append(t.tested, i)
		}
	}
}

// enteredBy reports whether steps, in order of days, enter state by day.
func enteredBy(steps []scenario.Step, state scenario.State, day float64) bool {
	for i := range steps {
		if steps[i].Day > day {
			return false
		}
		if steps[i].State == state {
			return true
		}
	}
	return false
}

// record adds one finished run. It allocates nothing.
func (t *tally) record(tr *scenario.Trace) {
	t.runs++
	t.gen++
	final := tr.Final()
	switch tr.End {
	case scenario.EndAbsorbed:
		t.absorbed[final]++
		if t.want.endDay {
			t.absorbDays.add(tr.EndDay)
			f := tr.EndDay / t.g.horizon
			t.absorbDays2.add(f * f)
		}
	case scenario.EndHorizon:
		t.openIn[final]++
	case scenario.EndStuck:
		t.stuckIn[final]++
		if t.want.meetings {
			t.stuckDeclines(tr, final)
		}
	case scenario.EndStepLimit:
		t.stepLimit[final]++
	case scenario.EndFault:
		f := int(tr.Fault)
		if f < 0 { // scenario.FaultParameters
			f = len(t.faults) - 1
		}
		t.faults[f]++
	}
	w := t.want
	if t.perStep {
		for i := range tr.Steps {
			st := &tr.Steps[i]
			if s := st.State; t.stamp[s] && t.firsts[s].gen != t.gen {
				t.firsts[s] = firstEntry{gen: t.gen, day: st.Day}
				if w.states[s] {
					t.entries[s].add(&t.g, st.Day)
				}
			}
			if tr := st.Transition; w.transitions && tr >= 0 && !st.Declined && t.tseen[tr] != t.gen {
				t.tseen[tr] = t.gen
				t.fired[tr]++
			}
		}
	}
	for i, r := range t.routes {
		if !w.routes[i] {
			continue
		}
		done, closed := r.Times(tr)
		switch {
		case done <= t.g.horizon:
			t.completed[i].add(&t.g, done)
		case closed <= t.g.horizon:
			t.closed[i].add(&t.g, closed)
		}
	}
	for _, c := range t.entered {
		var in bool
		if t.perStep {
			f := t.firsts[c.state]
			in = f.gen == t.gen && f.day <= c.day
		} else {
			in = enteredBy(tr.Steps, c.state, c.day)
		}
		if in != c.not {
			t.claimsOK[c.i]++
		}
	}
	for _, i := range t.tested {
		if t.claims[i].Holds(tr) {
			t.claimsOK[i]++
		}
	}
	for i := range tr.Occurrences {
		e := tr.Occurrences[i].Event
		if !w.events[e] {
			continue
		}
		t.occurs[e]++
		if t.eseen[e] != t.gen {
			t.eseen[e] = t.gen
			t.occurred[e]++
		}
	}
	if !w.meetings {
		return
	}
	for i := range tr.Proposals {
		m := int(tr.Proposals[i].Meeting)
		if t.pseen[m] != t.gen {
			t.pseen[m] = t.gen
			t.proposed[m]++
		}
	}
	for i := range tr.Declines {
		d := &tr.Declines[i]
		k := int(d.Meeting)*t.numActors + int(d.Actor)
		t.declines[k]++
		if t.dseen[k] != t.gen {
			t.dseen[k] = t.gen
			t.declined[k]++
		}
	}
	for i := range tr.Agreements {
		a := &tr.Agreements[i]
		v := &t.agreements[t.agreeSlot[int(a.Meeting)*t.numIssues+int(a.Issue)]]
		if a.Reached {
			v.add(a.Value)
		} else {
			v.none++
		}
	}
}

// merge adds another worker's tally into t.
func (t *tally) merge(o *tally) {
	t.runs += o.runs
	t.made += o.made
	addInts(t.held, o.held)
	addInts(t.absorbed, o.absorbed)
	t.absorbDays.merge(&o.absorbDays)
	t.absorbDays2.merge(&o.absorbDays2)
	addInts(t.openIn, o.openIn)
	addInts(t.stuckIn, o.stuckIn)
	addInts(t.stuckDeclined, o.stuckDeclined)
	addInts(t.stepLimit, o.stepLimit)
	addInts(t.faults, o.faults)
	addInts(t.fired, o.fired)
	addInts(t.claimsOK, o.claimsOK)
	addInts(t.occurred, o.occurred)
	addInts(t.occurs, o.occurs)
	for i := range t.entries {
		t.entries[i].merge(&o.entries[i])
	}
	for i := range t.completed {
		t.completed[i].merge(&o.completed[i])
		t.closed[i].merge(&o.closed[i])
	}
	addInts(t.proposed, o.proposed)
	addInts(t.declined, o.declined)
	addInts(t.declines, o.declines)
	for i := range t.agreements {
		t.agreements[i].merge(&o.agreements[i])
	}
}

func addInts(dst, src []int64) {
	for i, x := range src {
		dst[i] += x
	}
}

// reset empties the tally for the runs of sc, a variant of the scenario it
// was made for, keeping its buffers. The run generation goes on, so the
// generation markers need no clearing.
func (t *tally) reset(sc *scenario.Scenario) {
	t.sc, t.routes, t.claims = sc, routesOf(sc), claimsOf(sc)
	t.plan()
	t.runs = 0
	t.absorbDays, t.absorbDays2 = exactSum{}, exactSum{}
	for _, s := range [][]int64{t.absorbed, t.openIn, t.stuckIn, t.stuckDeclined, t.stepLimit, t.faults, t.fired, t.claimsOK, t.occurred,
		t.occurs, t.proposed, t.declined, t.declines} {
		clear(s)
	}
	for _, ss := range [][]series{t.entries, t.completed, t.closed} {
		for i := range ss {
			ss[i].atZero = 0
			ss[i].bins.reset()
		}
	}
	for i := range t.agreements {
		v := &t.agreements[i]
		v.none, v.sum, v.sum2 = 0, exactSum{}, exactSum{}
		v.bins.reset()
	}
}

func (b *bins) reset() {
	for i := range b.b {
		b.b[i] = bin{lo: math.Inf(1), hi: math.Inf(-1)}
	}
}
