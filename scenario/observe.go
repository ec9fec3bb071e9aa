package scenario

import (
	"fmt"
	"github.com/parleysim/parley/problem"
	"math"
	"slices"
	"strconv"

	"github.com/parleysim/parley/internal/names"
)

// ObservationKind says what an observation is about.
type ObservationKind uint8

// The kinds of observation, one per constructor.
const (
	ObsEntered  ObservationKind = iota // Entered: a state entered within a window of days
	ObsInState                         // InState: the run in a state at a day
	ObsOccurred                        // Occurred: an event occurred within a window of days
	ObsVariable                        // VariableAt: a variable's value within bounds at a day
	ObsAgreed                          // AgreedWithin: a value within bounds agreed at a meeting held within a window
	ObsRoute                           // RouteAt: a route's status at a day
)

var obsKindNames = [...]string{ObsEntered: "entered", ObsInState: "in_state", ObsOccurred: "occurred", ObsVariable: "variable", ObsAgreed: "agreed", ObsRoute: "route"}

func (k ObservationKind) String() string {
	if int(k) < len(obsKindNames) {
		return obsKindNames[k]
	}
	return "ObservationKind(" + strconv.Itoa(int(k)) + ")"
}

// Observation is one thing known of a negotiation's course so far: what
// conditioning keeps the runs consistent with, and what a likelihood is the
// probability of. Make one with Entered, InState, Occurred, VariableAt,
// AgreedWithin or RouteAt; Not turns it into its negation ("no meeting was
// arranged by day 7") and Cite records where it is known from.
type Observation struct {
	Kind   ObservationKind
	Target string // the state, event, variable, issue or route observed
	// From and To are the window of days, both included, for Entered,
	// Occurred and AgreedWithin; To alone is the day of InState,
	// VariableAt and RouteAt.
	From, To float64
	Min, Max float64     // the bounds of VariableAt and AgreedWithin, both included
	Status   RouteStatus // RouteAt's status
	Not      bool        // observed not to hold
	Source   string      // where it is known from
}

// Entered observes that the run entered state on some day from from to to
// (both included); Entered(s, 0, d) is "s entered by day d".
func Entered(state string, from, to float64) Observation {
	return Observation{Kind: ObsEntered, Target: state, From: from, To: to}
}

// InState observes that the run was in state at the given day, after
// everything that happened on it.
func InState(state string, day float64) Observation {
	return Observation{Kind: ObsInState, Target: state, To: day}
}

// Occurred observes that event occurred on some day from from to to.
func Occurred(event string, from, to float64) Observation {
	return Observation{Kind: ObsOccurred, Target: event, From: from, To: to}
}

// VariableAt observes that the variable's value at the given day lay from lo
// to hi; lo == hi observes it exactly.
func VariableAt(variable string, day, lo, hi float64) Observation {
	return Observation{Kind: ObsVariable, Target: variable, To: day, Min: lo, Max: hi}
}

// AgreedWithin observes that a meeting held from day from to day to agreed a
// value from lo to hi on the issue (an issue ID of the actors model).
func AgreedWithin(issue string, lo, hi, from, to float64) Observation {
	return Observation{Kind: ObsAgreed, Target: issue, Min: lo, Max: hi, From: from, To: to}
}

// RouteAt observes the route's status at the given day.
func RouteAt(route string, day float64, status RouteStatus) Observation {
	return Observation{Kind: ObsRoute, Target: route, To: day, Status: status}
}

// Negate returns the observation that o did not hold.
func (o Observation) Negate() Observation {
	o.Not = !o.Not
	return o
}

// Cite records where the observation is known from.
func (o Observation) Cite(source string) Observation {
	o.Source = source
	return o
}

// String states the observation, as in "bilateral not entered by day 7".
func (o Observation) String() string {
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	window := "by day " + g(o.To)
	if o.From > 0 {
		window = "from day " + g(o.From) + " to day " + g(o.To)
		if o.From == o.To {
			window = "on day " + g(o.To)
		}
	}
	not := ""
	if o.Not {
		not = "not "
	}
	bounds := func() string {
		switch {
		case o.Min == o.Max:
			return g(o.Min)
		case math.IsInf(o.Min, -1) && math.IsInf(o.Max, 1):
			return "any value"
		case math.IsInf(o.Max, 1):
			return "at least " + g(o.Min)
		case math.IsInf(o.Min, -1):
			return "at most " + g(o.Max)
		}
		return "in [" + g(o.Min) + ", " + g(o.Max) + "]"
	}
	switch o.Kind {
	case ObsEntered:
		return fmt.Sprintf("%s %sentered %s", o.Target, not, window)
	case ObsInState:
		return fmt.Sprintf("%sin %s at day %s", not, o.Target, g(o.To))
	case ObsOccurred:
		return fmt.Sprintf("%s %soccurred %s", o.Target, not, window)
	case ObsVariable:
		return fmt.Sprintf("%s %s%s at day %s", o.Target, not, bounds(), g(o.To))
	case ObsAgreed:
		return fmt.Sprintf("%s %sagreed %s %s", o.Target, not, bounds(), window)
	case ObsRoute:
		return fmt.Sprintf("route %s %s%s at day %s", o.Target, not, o.Status, g(o.To))
	}
	return o.Kind.String()
}

// Evidence is a list of observations resolved against a scenario: it tells
// whether a run's trace is consistent with each of them. Make one with
// Scenario.Observe.
type Evidence struct {
	obs      []observation
	days     []float64 // the days of variable observations, ascending: RunOptions.Snapshots
	numVars  int
	lastDay  float64
	observed []Observation
}

type observation struct {
	kind     ObservationKind
	not      bool
	target   int32 // state, event, variable or issue index
	route    *Route
	from, to float64
	min, max float64
	status   RouteStatus
	snap     int // VariableAt: index into Evidence.days
}

// Observe resolves observations against the scenario. Unknown names, days
// that are not finite or negative, windows that end before they begin and
// bounds with nothing between them are reported together in a
// *problem.Error of kind ErrDefinition whose problems have Part
// problem.Observation and the observation's index.
func (sc *Scenario) Observe(obs []Observation) (*Evidence, error) {
	var ps problems
	e := &Evidence{numVars: len(sc.vars), observed: slices.Clone(obs)}
	suggest := map[string]*names.Suggester{} // by what is unknown
	for i, o := range obs {
		w := at{problem.Observation, i, o.String()}
		c := observation{kind: o.Kind, not: o.Not, from: o.From, to: o.To, min: o.Min, max: o.Max, status: o.Status}
		day := func(field string, x float64) {
			if !finite(x) || x < 0 {
				ps.add(w, field, "must be a finite day >= 0, got %v", x)
			}
		}
		day("day", o.To)
		bounds := func() {
			switch {
			case math.IsNaN(o.Min) || math.IsInf(o.Min, 1):
				ps.add(w, "min", "must be a number, got %v", o.Min)
			case math.IsNaN(o.Max) || math.IsInf(o.Max, -1):
				ps.add(w, "max", "must be a number, got %v", o.Max)
			case o.Min > o.Max:
				ps.add(w, "max", "%v is below the low end %v: no value lies between", o.Max, o.Min)
			}
		}
		window := func() {
			day("from", o.From)
			if o.From > o.To && o.To >= 0 && finite(o.To) { // a bad end is reported alone
				ps.add(w, "from", "day %v is after the window's end, day %v", o.From, o.To)
			}
		}
		unknown := func(field, what, name string, known func() []string) {
			if suggest[what] == nil {
				suggest[what] = names.NewSuggester(known)
			}
			ps.add(w, field, "unknown %s %q%s", what, name, suggest[what].DidYouMean(name))
		}
		switch o.Kind {
		case ObsEntered, ObsInState:
			s, ok := sc.stateIndex[o.Target]
			if !ok {
				unknown("state", "state", o.Target, sc.stateNames)
			}
			c.target = int32(s)
			if o.Kind == ObsEntered {
				window()
			}
		case ObsOccurred:
			i := slices.IndexFunc(sc.events, func(e event) bool { return e.name == o.Target })
			if i < 0 {
				unknown("event", "event", o.Target, func() []string { return mapNames(sc.events, func(e event) string { return e.name }) })
			}
			c.target = int32(i)
			window()
		case ObsVariable:
			v, ok := sc.varIndex[o.Target]
			if !ok {
				unknown("variable", "variable", o.Target, func() []string { return mapNames(sc.vars, func(v varDef) string { return v.name }) })
			}
			c.target = int32(v)
			bounds()
		case ObsAgreed:
			window()
			bounds()
			if sc.model == nil {
				ps.add(w, "issue", "an agreement observation needs an actors model")
				break
			}
			k, ok := sc.model.IssueIndex(o.Target)
			if !ok {
				unknown("issue", "issue", o.Target, func() []string { return issueIDs(sc.model) })
			}
			c.target = int32(k)
		case ObsRoute:
			i := slices.IndexFunc(sc.routes, func(r *Route) bool { return r.name == o.Target })
			if i < 0 {
				unknown("route", "route", o.Target, func() []string { return mapNames(sc.routes, (*Route).Name) })
			} else {
				c.route = sc.routes[i]
			}
			if o.Status > RouteClosed {
				ps.add(w, "status", "must be open, completed or closed")
			}
		default:
			ps.add(w, "kind", "unknown kind of observation %v", o.Kind)
		}
		if finite(o.To) {
			e.lastDay = max(e.lastDay, o.To)
		}
		e.obs = append(e.obs, c)
	}
	if len(ps) > 0 {
		return nil, definitionError(sc.name, ps)
	}
	for i := range e.obs {
		if c := &e.obs[i]; c.kind == ObsVariable {
			if !slices.Contains(e.days, c.to) {
				e.days = append(e.days, c.to)
			}
		}
	}
	slices.Sort(e.days)
	for i := range e.obs {
		if c := &e.obs[i]; c.kind == ObsVariable {
			c.snap, _ = slices.BinarySearch(e.days, c.to)
		}
	}
	return e, nil
}

// Impossible returns the first observation no run can be consistent with,
// whatever the numbers, and why: a state entered, or the state on a day,
// that no run can reach; an event that occurs in no state a run can reach.
// ok is false when there is none.
func (sc *Scenario) Impossible(e *Evidence) (i int, why string, ok bool) {
	if sc.ps == nil || e == nil {
		return 0, "", false
	}
	var reach []bool
	if sc.now != nil {
		reach = sc.reachableFrom(sc.now.steps[len(sc.now.steps)-1].State)
		for _, st := range sc.now.steps {
			reach[st.State] = true
		}
	} else {
		reach = sc.reachableFromStart()
	}
	from := sc.states[sc.start].name
	if sc.now != nil {
		from = sc.states[sc.now.steps[len(sc.now.steps)-1].State].name
	}
	for i, c := range e.obs {
		if c.not {
			continue
		}
		switch c.kind {
		case ObsEntered, ObsInState:
			if !reach[c.target] {
				return i, fmt.Sprintf("no run enters %q: it cannot be reached from %q", sc.states[c.target].name, from), true
			}
		case ObsOccurred:
			ev := &sc.events[c.target]
			active := false
			for s, on := range ev.active {
				active = active || on && reach[s]
			}
			if !active && !slices.ContainsFunc(sc.nowOccurred(), func(o Occurrence) bool { return o.Event == Event(c.target) }) {
				return i, fmt.Sprintf("event %q can occur in no state a run reaches", ev.name), true
			}
		}
	}
	return 0, "", false
}

func (sc *Scenario) nowOccurred() []Occurrence {
	if sc.now == nil {
		return nil
	}
	return sc.now.occ
}

// Len returns the number of observations.
func (e *Evidence) Len() int { return len(e.obs) }

// Observation returns observation i as given.
func (e *Evidence) Observation(i int) Observation {
	if uint(i) >= uint(len(e.observed)) {
		return Observation{}
	}
	return e.observed[i]
}

// LastDay returns the latest day any observation looks at: runs must reach
// it for the evidence to be judged.
func (e *Evidence) LastDay() float64 { return e.lastDay }

// Snapshots returns the days whose variable values the evidence reads:
// runs judged by it must be made with RunOptions.Snapshots set to them.
func (e *Evidence) Snapshots() []float64 { return slices.Clone(e.days) }

// Holds reports whether the run t is consistent with every observation.
func (e *Evidence) Holds(t *Trace) bool {
	for i := range e.obs {
		if !e.HoldsOne(i, t) {
			return false
		}
	}
	return true
}

// HoldsOne reports whether the run t is consistent with observation i.
func (e *Evidence) HoldsOne(i int, t *Trace) bool {
	if uint(i) >= uint(len(e.obs)) || t == nil {
		return false
	}
	c := &e.obs[i]
	return c.holds(t, e.numVars) != c.not
}

func (c *observation) holds(t *Trace, numVars int) bool {
	switch c.kind {
	case ObsEntered:
		for i := range t.Steps {
			st := &t.Steps[i]
			if st.Day > c.to {
				break
			}
			if st.State == State(c.target) && st.Day >= c.from {
				return true
			}
		}
		return false
	case ObsInState:
		return t.StateAt(c.to) == State(c.target)
	case ObsOccurred:
		for i := range t.Occurrences {
			oc := &t.Occurrences[i]
			if oc.Day > c.to {
				break
			}
			if oc.Event == Event(c.target) && oc.Day >= c.from {
				return true
			}
		}
		return false
	case ObsVariable:
		k := c.snap*numVars + int(c.target)
		if k >= len(t.Snapshots) {
			panic("scenario: Evidence reads variables at days the run did not record: make the runs with RunOptions.Snapshots = Evidence.Snapshots()")
		}
		x := t.Snapshots[k]
		return x >= c.min && x <= c.max
	case ObsAgreed:
		for i := range t.Agreements {
			a := &t.Agreements[i]
			if a.Issue == c.target && a.Reached && a.Day >= c.from && a.Day <= c.to && a.Value >= c.min && a.Value <= c.max {
				return true
			}
		}
		return false
	case ObsRoute:
		return c.route.StatusAt(t, c.to) == c.status
	}
	return false
}

// StateAt returns the state the run was in at the given day, after every
// step on that day, or -1 before the run's first step.
func (t *Trace) StateAt(day float64) State {
	s := State(-1)
	for i := range t.Steps {
		if t.Steps[i].Day > day {
			break
		}
		s = t.Steps[i].State
	}
	return s
}
