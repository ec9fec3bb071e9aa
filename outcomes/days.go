package outcomes

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strconv"
)

// ErrOffGrid is matched by errors.Is when a Result is asked for a day that
// is not one of its report days and that it cannot answer exactly: rather
// than the last report day before it, the lookup fails and names the grid.
var ErrOffGrid = errors.New("outcomes: not a day the result can answer")

// dayLookup answers for days between the report days, where the method
// that made a Result can do so exactly: a Monte Carlo Result from its
// tallies, on the edges of their bins; an exact Result on any day. A
// Result read from a file has none and answers its report days only.
type dayLookup interface {
	answers(day float64) bool
	reached(state string, day float64) (Estimate, bool)
	route(route string, day float64) (completed, open, closed Estimate, ok bool)
}

// Answers reports whether lookups at day (By, At, Estimate's keys with a
// day) give an answer: a report day, or, with the tallies or the chain
// that made the Result, any day they answer exactly.
func (r *Result) Answers(day float64) bool {
	if r.reportDay(day) >= 0 {
		return true
	}
	return r.lookup != nil && day >= 0 && day <= r.Horizon && r.lookup.answers(day)
}

// offGrid is the error of a lookup at a day the Result cannot answer.
func (r *Result) offGrid(day float64) error {
	how := "the runs were not kept"
	if r.lookup != nil {
		how = "the runs' tallies do not resolve it"
	}
	return offGridError(r.Scenario, day, r.Horizon, r.Days, how)
}

// offGridError says why day is not one a Result of scenario, over horizon
// with report days days, answers: how says what else could have.
func offGridError(scenario string, day, horizon float64, days []float64, how string) error {
	switch {
	case math.IsNaN(day) || day < 0 || day > horizon:
		return fmt.Errorf("%w: day %v is outside the horizon, days 0 to %v", ErrOffGrid, day, horizon)
	case len(days) < 2:
		return fmt.Errorf("%w: day %v is not a report day of %q", ErrOffGrid, day, scenario)
	}
	every := "every day"
	if step := days[1] - days[0]; step != 1 {
		every = "every " + strconv.FormatFloat(step, 'g', -1, 64) + " days"
	}
	return fmt.Errorf("%w: day %v is not a report day of %q (%s from 0 to %v) and %s: ask for a report day, or for whole days with Config.ReportDays (parley: -report-days) above %d",
		ErrOffGrid, day, scenario, every, horizon, how, int(math.Ceil(horizon)))
}

// At returns the route's status shares at day: a report day, or another
// day the Result answers exactly (see Result.Answers); any other day is
// an error matching ErrOffGrid, never the shares of a day before it.
func (rr *RouteResult) At(r *Result, day float64) (completed, open, closed Estimate, err error) {
	if i := r.reportDay(day); i >= 0 && i < len(rr.CompletedBy) {
		return rr.CompletedBy[i], rr.OpenAt[i], rr.ClosedAt[i], nil
	}
	if r.Answers(day) {
		if c, o, x, ok := r.lookup.route(rr.Name, day); ok {
			return c, o, x, nil
		}
	}
	return Estimate{}, Estimate{}, Estimate{}, r.offGrid(day)
}

// By returns the probability that the state was entered by day: a report
// day, or another day the Result answers exactly (see Result.Answers);
// any other day is an error matching ErrOffGrid, never the share by a day
// before it.
func (sr *StateResult) By(r *Result, day float64) (Estimate, error) {
	if i := r.reportDay(day); i >= 0 && i < len(sr.ReachedBy) {
		return sr.ReachedBy[i], nil
	}
	if r.Answers(day) {
		if e, ok := r.lookup.reached(sr.Name, day); ok {
			return e, nil
		}
	}
	return Estimate{}, r.offGrid(day)
}

// tallyLookup answers from a run's tallies: the count of first entries
// (completions, closings) on or before a day is exact where the day is an
// edge of the histograms' bins.
type tallyLookup struct {
	g        grid
	runs     int64
	z        float64
	entries  map[string]*series
	complete map[string]*series
	closed   map[string]*series
}

// detached returns a copy that shares nothing with the tallies, for a
// Result whose tallies are reset for the next run (Repeat).
func (l *tallyLookup) detached() *tallyLookup {
	c := *l
	for _, m := range []*map[string]*series{&c.entries, &c.complete, &c.closed} {
		own := make(map[string]*series, len(*m))
		for name, s := range *m {
			own[name] = &series{atZero: s.atZero, bins: bins{b: slices.Clone(s.b)}}
		}
		*m = own
	}
	return &c
}

func (l *tallyLookup) answers(day float64) bool { return l.g.edge(day) }

func (l *tallyLookup) count(s *series, day float64) int64 {
	var n [1]int64
	s.cumulative(l.g, []float64{day}, n[:])
	return n[0]
}

func (l *tallyLookup) reached(state string, day float64) (Estimate, bool) {
	s, ok := l.entries[state]
	if !ok {
		return Estimate{}, false
	}
	return wilsonZ(l.count(s, day), l.runs, l.z), true
}

func (l *tallyLookup) route(route string, day float64) (c, o, x Estimate, ok bool) {
	cs, ok := l.complete[route]
	if !ok {
		return c, o, x, false
	}
	nc, nx := l.count(cs, day), l.count(l.closed[route], day)
	return wilsonZ(nc, l.runs, l.z), wilsonZ(l.runs-nc-nx, l.runs, l.z), wilsonZ(nx, l.runs, l.z), true
}

// exactLookup answers any day from the chain that made an exact Result.
type exactLookup struct {
	reachAt func(state string, day float64) (float64, bool)
	routeAt func(route string, day float64) (c, o, x float64, ok bool)
}

func (l *exactLookup) answers(float64) bool { return true }

func (l *exactLookup) reached(state string, day float64) (Estimate, bool) {
	p, ok := l.reachAt(state, day)
	return exactEstimate(p), ok
}

func (l *exactLookup) route(route string, day float64) (c, o, x Estimate, ok bool) {
	pc, po, px, ok := l.routeAt(route, day)
	return exactEstimate(pc), exactEstimate(po), exactEstimate(px), ok
}
