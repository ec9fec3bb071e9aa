package outcomes

import (
	"math"

	"github.com/parleysim/parley/scenario"
)

// grid is the fine time grid of the histograms: bin i holds the days in
// (i/perDay, (i+1)/perDay]; day 0 itself is counted apart, so that
// "by day d" is exact for whole days and quantiles interpolate within a bin.
type grid struct {
	perDay  float64
	bins    int
	horizon float64
}

// targetBins is the rough number of bins over the horizon: enough for
// quantiles to a fraction of a day on horizons of months, small enough that a
// tally of tens of states stays in cache.
const targetBins = 4096

func newGrid(horizon float64) grid {
	perDay := math.Max(1, math.Floor(targetBins/horizon))
	return grid{perDay: perDay, bins: int(math.Ceil(horizon*perDay)) + 1, horizon: horizon}
}

// bin returns the bin of a positive day: ceil(day*perDay)-1, without the
// cost of math.Ceil in the run loop.
func (g grid) bin(day float64) int {
	x := day * g.perDay
	i := int(x)
	if float64(i) == x {
		i--
	}
	return min(max(i, 0), g.bins-1)
}

// series is one histogram over the grid: counts per bin and at day 0, and
// the least and greatest day seen in each bin, so that quantiles interpolate
// between days that happened (a fixed delay of 4 days gives exactly 4).
// Minimum and maximum, like sums of counts, do not depend on merge order.
type series struct {
	atZero int64
	counts []int64
	lo, hi []float64
}

func (s *series) add(g grid, day float64) {
	if day <= 0 {
		s.atZero++
		return
	}
	i := g.bin(day)
	s.counts[i]++
	if day < s.lo[i] {
		s.lo[i] = day
	}
	if day > s.hi[i] {
		s.hi[i] = day
	}
}

func (s *series) total() int64 {
	t := s.atZero
	for _, c := range s.counts {
		t += c
	}
	return t
}

// upTo returns how many entries are on or before the day.
func (s *series) upTo(g grid, day float64) int64 {
	t := s.atZero
	if day <= 0 {
		return t
	}
	last := g.bins - 1
	if day < g.horizon {
		last = g.bin(day)
	}
	for _, c := range s.counts[:last+1] {
		t += c
	}
	return t
}

// quantile returns the day by which a share q of the entries had happened,
// interpolating linearly within the bin; NaN if there are none.
func (s *series) quantile(g grid, q float64) float64 {
	n := s.total()
	if n == 0 {
		return math.NaN()
	}
	target := q * float64(n)
	if target <= float64(s.atZero) {
		return 0
	}
	cum := float64(s.atZero)
	for i, c := range s.counts {
		if c == 0 {
			continue
		}
		if cum+float64(c) >= target {
			return s.lo[i] + (target-cum)/float64(c)*(s.hi[i]-s.lo[i])
		}
		cum += float64(c)
	}
	return g.horizon
}

func (s *series) merge(o *series) {
	s.atZero += o.atZero
	for i, c := range o.counts {
		if c > 0 {
			s.counts[i] += c
			s.lo[i] = math.Min(s.lo[i], o.lo[i])
			s.hi[i] = math.Max(s.hi[i], o.hi[i])
		}
	}
}

// tally is one worker's running counts. Every count is an integer, so summing
// the workers' tallies gives the same totals in any order.
type tally struct {
	sc     *scenario.Scenario
	routes []*scenario.Route
	claims []*scenario.Claim
	g      grid

	runs      int64
	absorbed  []int64 // per state
	openIn    []int64 // per state: runs open at the horizon there
	stepLimit []int64 // per state: runs stopped by the step bound there
	faults    []int64 // per transition

	entries   []series // per state: first-entry day
	completed []series // per route: completion day
	closed    []series // per route: closing day
	claimsOK  []int64  // per claim
	occurred  []int64  // per event: runs in which it occurred
	occurs    []int64  // per event: occurrences in all runs

	seen  []uint64 // per state: the run generation that last entered it
	eseen []uint64 // per event: the same for occurrences
	gen   uint64

	// Meetings: m is a transition's index, or NumTransitions plus an event's.
	numTrans   int
	numActors  int
	numIssues  int
	proposed   []int64  // per meeting: runs in which it was proposed
	pseen      []uint64 // per meeting: generation marker
	declined   []int64  // per meeting*actors+actor: runs with a decline
	declines   []int64  // per meeting*actors+actor: declines in all runs
	dseen      []uint64
	agreeSlot  []int32 // per meeting*issues+issue: index into agreements, or -1
	agreements []valueSeries
}

func newTally(sc *scenario.Scenario, g grid) *tally {
	n, nr, ne := sc.NumStates(), len(sc.Routes()), sc.NumEvents()
	t := &tally{
		sc:        sc,
		routes:    sc.Routes(),
		claims:    sc.Claims(),
		g:         g,
		absorbed:  make([]int64, n),
		openIn:    make([]int64, n),
		stepLimit: make([]int64, n),
		faults:    make([]int64, sc.NumTransitions()),
		entries:   newSeries(n, g),
		completed: newSeries(nr, g),
		closed:    newSeries(nr, g),
		claimsOK:  make([]int64, len(sc.Claims())),
		occurred:  make([]int64, ne),
		occurs:    make([]int64, ne),
		seen:      make([]uint64, n),
		eseen:     make([]uint64, ne),
		numTrans:  sc.NumTransitions(),
	}
	if m := sc.Actors(); m != nil {
		meetings := sc.Meetings()
		t.numActors, t.numIssues = m.NumActors(), m.NumIssues()
		t.proposed = make([]int64, len(meetings))
		t.pseen = make([]uint64, len(meetings))
		t.declined = make([]int64, len(meetings)*t.numActors)
		t.declines = make([]int64, len(meetings)*t.numActors)
		t.dseen = make([]uint64, len(meetings)*t.numActors)
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

// meetingIndex numbers a transition's or an event's meeting.
func (t *tally) meetingIndex(transition, event int32) int {
	if transition >= 0 {
		return int(transition)
	}
	return t.numTrans + int(event)
}

// valueBins is the resolution of agreed-value histograms over an issue's scale.
const valueBins = 256

// valueSeries is a histogram of agreed values over an issue's scale, with
// the least and greatest value in each bin for interpolated quantiles, the
// count of meetings without agreement, and the sum of agreed values in fixed
// point (2^-32 of the scale), which, unlike a float sum, is the same in any
// order.
type valueSeries struct {
	min, span float64
	counts    []int64
	lo, hi    []float64
	none      int64
	sum       int64
}

func newValueSeries(min, max float64) valueSeries {
	v := valueSeries{min: min, span: max - min, counts: make([]int64, valueBins),
		lo: make([]float64, valueBins), hi: make([]float64, valueBins)}
	for i := range v.lo {
		v.lo[i], v.hi[i] = math.Inf(1), math.Inf(-1)
	}
	return v
}

const fixedOne = 1 << 32

func (v *valueSeries) add(x float64) {
	f := (x - v.min) / v.span
	i := min(max(int(f*valueBins), 0), valueBins-1)
	v.counts[i]++
	if x < v.lo[i] {
		v.lo[i] = x
	}
	if x > v.hi[i] {
		v.hi[i] = x
	}
	v.sum += int64(f * fixedOne)
}

func (v *valueSeries) merge(o *valueSeries) {
	v.none += o.none
	v.sum += o.sum
	for i, c := range o.counts {
		if c > 0 {
			v.counts[i] += c
			v.lo[i] = math.Min(v.lo[i], o.lo[i])
			v.hi[i] = math.Max(v.hi[i], o.hi[i])
		}
	}
}

func (v *valueSeries) reached() int64 {
	n := int64(0)
	for _, c := range v.counts {
		n += c
	}
	return n
}

func (v *valueSeries) mean() float64 {
	n := v.reached()
	if n == 0 {
		return math.NaN()
	}
	return v.min + v.span*float64(v.sum)/fixedOne/float64(n)
}

func (v *valueSeries) quantile(q float64) float64 {
	n := v.reached()
	if n == 0 {
		return math.NaN()
	}
	target, cum := q*float64(n), 0.0
	for i, c := range v.counts {
		if c > 0 && cum+float64(c) >= target {
			return v.lo[i] + (target-cum)/float64(c)*(v.hi[i]-v.lo[i])
		}
		cum += float64(c)
	}
	return v.min + v.span
}

func newSeries(k int, g grid) []series {
	s := make([]series, k)
	counts := make([]int64, k*g.bins)
	lo := make([]float64, k*g.bins)
	hi := make([]float64, k*g.bins)
	for i := range lo {
		lo[i], hi[i] = math.Inf(1), math.Inf(-1)
	}
	for i := range s {
		a, b := i*g.bins, (i+1)*g.bins
		s[i].counts, s[i].lo, s[i].hi = counts[a:b:b], lo[a:b:b], hi[a:b:b]
	}
	return s
}

// record adds one finished run. It allocates nothing.
func (t *tally) record(tr *scenario.Trace) {
	t.runs++
	t.gen++
	final := tr.Final()
	switch tr.End {
	case scenario.EndAbsorbed:
		t.absorbed[final]++
	case scenario.EndHorizon:
		t.openIn[final]++
	case scenario.EndStepLimit:
		t.stepLimit[final]++
	case scenario.EndFault:
		t.faults[tr.Fault]++
	}
	for i := range tr.Steps {
		st := &tr.Steps[i]
		if t.seen[st.State] != t.gen {
			t.seen[st.State] = t.gen
			t.entries[st.State].add(t.g, st.Day)
		}
	}
	for i, r := range t.routes {
		done, closed := r.Times(tr)
		switch {
		case done <= t.g.horizon:
			t.completed[i].add(t.g, done)
		case closed <= t.g.horizon:
			t.closed[i].add(t.g, closed)
		}
	}
	for i, c := range t.claims {
		if c.Holds(tr) {
			t.claimsOK[i]++
		}
	}
	for i := range tr.Occurrences {
		e := tr.Occurrences[i].Event
		t.occurs[e]++
		if t.eseen[e] != t.gen {
			t.eseen[e] = t.gen
			t.occurred[e]++
		}
	}
	for i := range tr.Proposals {
		m := t.meetingIndex(tr.Proposals[i].Transition, tr.Proposals[i].Event)
		if t.pseen[m] != t.gen {
			t.pseen[m] = t.gen
			t.proposed[m]++
		}
	}
	for i := range tr.Declines {
		d := &tr.Declines[i]
		k := t.meetingIndex(d.Transition, d.Event)*t.numActors + int(d.Actor)
		t.declines[k]++
		if t.dseen[k] != t.gen {
			t.dseen[k] = t.gen
			t.declined[k]++
		}
	}
	for i := range tr.Agreements {
		a := &tr.Agreements[i]
		v := &t.agreements[t.agreeSlot[t.meetingIndex(a.Transition, a.Event)*t.numIssues+int(a.Issue)]]
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
	addInts(t.absorbed, o.absorbed)
	addInts(t.openIn, o.openIn)
	addInts(t.stepLimit, o.stepLimit)
	addInts(t.faults, o.faults)
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
