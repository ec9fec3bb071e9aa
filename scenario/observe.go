package scenario

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parleysim/parley/problem"

	"github.com/parleysim/parley/internal/names"
)

// Evidence is a list of observations resolved against a scenario: it tells
// whether a run's trace is consistent with each of them. Make one with
// Scenario.Observe.
type Evidence struct {
	obs      []observation
	days     []float64 // the days of variable observations, ascending: RunOptions.Snapshots
	numVars  int
	observed []Statement
	stated   []Statement // each as resolved: a claim's statement, negated when known not to have held
}

type observation struct {
	kind     StatementKind
	not      bool
	target   int32 // state, event, variable or issue index
	route    *route
	from, to float64
	min, max float64
	status   RouteStatus
	snap     int           // VariableAt: index into Evidence.days
	parts    []observation // of All, Any, Before and Within
}

// maxNesting bounds how deep compound statements nest: no reader needs
// more, and a file of thousands of nested lists must not exhaust the stack.
const maxNesting = 16

// Observe resolves observations against the scenario: statements of what
// happened, each as stated, or its negation when its Truth is
// TruthNotHeld. A statement about one of the scenario's claims
// (ClaimNamed, as a record of what happened gives it) observes what the
// claim states. Unknown names, days that are not finite or negative,
// windows that end before they begin, bounds with nothing between them and
// Go functions are reported together in a *problem.Error of kind
// ErrDefinition whose problems have Part problem.Observation and the
// observation's index.
func (sc *Scenario) Observe(obs []Statement) (*Evidence, error) {
	var ps problems
	e := &Evidence{numVars: len(sc.vars), observed: slices.Clone(obs)}
	suggest := map[string]*names.Suggester{} // by what is unknown
	for i, o := range obs {
		w := at{problem.Observation, i, o.String()}
		if o.Truth > TruthNotHeld {
			ps.add(w, "truth", "unknown truth %d: TruthUnknown, TruthHeld or TruthNotHeld", o.Truth)
		}
		if o.Truth == TruthNotHeld {
			o.Not = !o.Not
		}
		if o.Kind == StatementClaim {
			k := slices.IndexFunc(sc.def.Claims, func(c Statement) bool { return c.Name == o.Target })
			if k < 0 {
				if suggest["claim"] == nil {
					suggest["claim"] = names.NewSuggester(func() []string { return mapNames(sc.def.Claims, func(c Statement) string { return c.Name }) })
				}
				ps.add(w, "claim", "unknown claim %q%s", o.Target, suggest["claim"].DidYouMean(o.Target))
				e.obs, e.stated = append(e.obs, observation{}), append(e.stated, o)
				continue
			}
			not := o.Not
			o = sc.def.Claims[k]
			o.Not = o.Not != not
		}
		o.Truth = TruthHeld // as resolved, the observation is what held
		e.stated = append(e.stated, o)
		c := sc.judgement(o, w, "", false, &ps, suggest)
		e.obs = append(e.obs, c)
	}
	if len(ps) > 0 {
		return nil, definitionError(sc.name, ps)
	}
	for i := range e.obs {
		eachVariable(&e.obs[i], func(c *observation) {
			if !slices.Contains(e.days, c.to) {
				e.days = append(e.days, c.to)
			}
		})
	}
	slices.Sort(e.days)
	for i := range e.obs {
		eachVariable(&e.obs[i], func(c *observation) { c.snap, _ = slices.BinarySearch(e.days, c.to) })
	}
	return e, nil
}

// judgement compiles one statement to what a run is judged by, reporting
// its problems at w, their fields after prefix (the path of a part within
// a compound statement); open lets its day be +Inf (a part of an order:
// any day).
func (sc *Scenario) judgement(o Statement, w at, prefix string, open bool, ps *problems, suggest map[string]*names.Suggester) observation {
	c := observation{kind: o.Kind, not: o.Not, from: o.From, to: o.To, min: o.Min, max: o.Max, status: o.Status}
	day := func(field string, x float64) {
		if open && math.IsInf(x, 1) && field == "day" {
			return // a part of an order: any day
		}
		if !finite(x) || x < 0 {
			ps.add(w, prefix+field, "must be a finite day >= 0, got %v", x)
		}
	}
	if o.Kind < StatementAll {
		day("day", o.To)
	}
	bounds := func() {
		switch {
		case math.IsNaN(o.Min) || math.IsInf(o.Min, 1):
			ps.add(w, prefix+"min", "must be a number, got %v", o.Min)
		case math.IsNaN(o.Max) || math.IsInf(o.Max, -1):
			ps.add(w, prefix+"max", "must be a number, got %v", o.Max)
		case o.Min > o.Max:
			ps.add(w, prefix+"max", "%v is below the low end %v: no value lies between", o.Max, o.Min)
		}
	}
	window := func() {
		day("from", o.From)
		if o.From > o.To && o.To >= 0 && finite(o.To) { // a bad end is reported alone
			ps.add(w, prefix+"from", "day %v is after the window's end, day %v", o.From, o.To)
		}
	}
	unknown := func(field, what, name string, known func() []string) {
		if suggest[what] == nil {
			suggest[what] = names.NewSuggester(known)
		}
		ps.add(w, prefix+field, "unknown %s %q%s", what, name, suggest[what].DidYouMean(name))
	}
	switch o.Kind {
	case StatementEntered, StatementInState:
		s, ok := sc.stateIndex[o.Target]
		if !ok {
			unknown("state", "state", o.Target, sc.stateNames)
		}
		c.target = int32(s)
		if o.Kind == StatementEntered {
			window()
		}
	case StatementOccurred:
		i := slices.IndexFunc(sc.events, func(e event) bool { return e.name == o.Target })
		if i < 0 {
			unknown("event", "event", o.Target, func() []string { return mapNames(sc.events, func(e event) string { return e.name }) })
		}
		c.target = int32(i)
		window()
	case StatementVariable:
		v, ok := sc.varIndex[o.Target]
		if !ok {
			unknown("variable", "variable", o.Target, func() []string { return mapNames(sc.vars, func(v varDef) string { return v.name }) })
		}
		c.target = int32(v)
		bounds()
		if math.IsInf(o.Min, -1) && math.IsInf(o.Max, 1) {
			ps.add(w, prefix+"min", "give at least, at most or both: any value holds whatever the run")
		}
	case StatementAgreed:
		window()
		bounds()
		if sc.model == nil {
			ps.add(w, prefix+"issue", "an agreement observation needs an actors model")
			break
		}
		k, ok := sc.model.IssueIndex(o.Target)
		if !ok {
			unknown("issue", "issue", o.Target, func() []string { return issueIDs(sc.model) })
		}
		c.target = int32(k)
	case StatementRoute:
		i := slices.IndexFunc(sc.routes, func(r *route) bool { return r.name == o.Target })
		if i < 0 {
			unknown("route", "route", o.Target, func() []string { return mapNames(sc.routes, func(r *route) string { return r.name }) })
		} else {
			c.route = sc.routes[i]
		}
		if o.Status > RouteClosed {
			ps.add(w, prefix+"status", "must be open, completed or closed")
		}
	case StatementFunc:
		ps.add(w, prefix+"kind", "%s is a Go function of the run, which cannot be observed", o.Name)
	case StatementAll, StatementAny, StatementBefore, StatementWithin:
		sc.compound(&c, o, w, prefix, ps, suggest)
	default:
		ps.add(w, prefix+"kind", "unknown kind of observation %v", o.Kind)
	}
	return c
}

// compound compiles the parts of an All, Any, Before or Within into c.
func (sc *Scenario) compound(c *observation, o Statement, w at, prefix string, ps *problems, suggest map[string]*names.Suggester) {
	order := o.Kind == StatementBefore || o.Kind == StatementWithin
	switch {
	case strings.Count(prefix, "parts[") >= maxNesting:
		ps.add(w, prefix+"parts", "statements nest more than %d deep", maxNesting)
		return
	case order && len(o.Parts) != 2:
		ps.add(w, prefix+"parts", "%s relates two statements, got %d", o.Kind, len(o.Parts))
		return
	case len(o.Parts) == 0:
		ps.add(w, prefix+"parts", "%s combines statements, and none is given", o.Kind)
		return
	}
	if o.Kind == StatementWithin {
		switch {
		case !finite(o.From) || o.From < 0:
			ps.add(w, prefix+"from", "must be a finite number of days >= 0, got %v", o.From)
		case !finite(o.To) || o.To < o.From:
			ps.add(w, prefix+"day", "must be a finite number of days >= %v, got %v", o.From, o.To)
		}
	}
	for i, p := range o.Parts {
		pp := prefix + "parts[" + strconv.Itoa(i) + "]."
		if order {
			switch {
			case p.Not:
				ps.add(w, pp+"not", "a part of %s is something that happens, which cannot be negated (negate the whole)", o.Kind)
				continue
			case p.Kind == StatementRoute && p.Status != RouteCompleted:
				ps.add(w, pp+"status", "a route in %s happens when it is completed, not %s", o.Kind, p.Status)
				continue
			case p.Kind != StatementEntered && p.Kind != StatementOccurred && p.Kind != StatementAgreed && p.Kind != StatementRoute:
				ps.add(w, pp+"kind", "a part of %s is something that happens on a day (entered, occurred, agreed, a route completed), not %s", o.Kind, p.Kind)
				continue
			}
		}
		if p.Kind == StatementClaim {
			ps.add(w, pp+"kind", "a part is a statement, not a reference to claim %q", p.Target)
			continue
		}
		c.parts = append(c.parts, sc.judgement(p, w, pp, order, ps, suggest))
	}
}

// eachVariable calls f for every observation of a variable in c, c itself
// or one of its parts.
func eachVariable(c *observation, f func(*observation)) {
	if c.kind == StatementVariable {
		f(c)
	}
	for i := range c.parts {
		eachVariable(&c.parts[i], f)
	}
}

// impossible returns the first observation no run can be consistent with,
// whatever the numbers, and why: a state entered, or the state on a day,
// that no run can reach; an event that occurs in no state a run can reach.
// ok is false when there is none.
func (sc *Scenario) impossible(e *Evidence) (i int, why string, ok bool) {
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
		case StatementEntered, StatementInState:
			if !reach[c.target] {
				return i, fmt.Sprintf("no run enters %q: it cannot be reached from %q", sc.states[c.target].name, from), true
			}
		case StatementOccurred:
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

// Stated returns what observation i states, resolved: a reference to one
// of the scenario's claims (ClaimNamed) is the claim's statement, and a
// statement known not to have held (TruthNotHeld) is its negation; its
// Truth is then TruthHeld. Its kind, target, days and Not are what runs
// are judged by.
func (e *Evidence) Stated(i int) Statement {
	if uint(i) >= uint(len(e.stated)) {
		return Statement{}
	}
	return e.stated[i]
}

// Observation returns observation i as given.
func (e *Evidence) Observation(i int) Statement {
	if uint(i) >= uint(len(e.observed)) {
		return Statement{}
	}
	return e.observed[i]
}

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
	case StatementEntered:
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
	case StatementInState:
		return t.StateAt(c.to) == State(c.target)
	case StatementOccurred:
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
	case StatementVariable:
		// The run's own record of the day; a run that did not record it
		// (made without RunOptions.Snapshots = Evidence.Snapshots()) cannot
		// be shown consistent, and is not.
		snap := c.snap
		if snap >= len(t.SnapshotDays) || t.SnapshotDays[snap] != c.to {
			var ok bool
			if snap, ok = slices.BinarySearch(t.SnapshotDays, c.to); !ok {
				return false
			}
		}
		k := snap*numVars + int(c.target)
		if k >= len(t.Snapshots) {
			return false
		}
		x := t.Snapshots[k]
		return x >= c.min && x <= c.max
	case StatementAgreed:
		for i := range t.Agreements {
			a := &t.Agreements[i]
			if a.Issue == c.target && a.Reached && a.Day >= c.from && a.Day <= c.to && a.Value >= c.min && a.Value <= c.max {
				return true
			}
		}
		return false
	case StatementRoute:
		return c.route.statusAt(t, c.to) == c.status
	case StatementAll:
		for i := range c.parts {
			if p := &c.parts[i]; p.holds(t, numVars) == p.not {
				return false
			}
		}
		return true
	case StatementAny:
		for i := range c.parts {
			if p := &c.parts[i]; p.holds(t, numVars) != p.not {
				return true
			}
		}
		return false
	case StatementBefore:
		if len(c.parts) != 2 {
			return false
		}
		first := c.parts[0].first(t, 0, math.Inf(1))
		return first < c.parts[1].first(t, 0, math.Inf(1))
	case StatementWithin:
		if len(c.parts) != 2 {
			return false
		}
		anchor := c.parts[0].first(t, 0, math.Inf(1))
		return !math.IsInf(anchor, 1) && !math.IsInf(c.parts[1].first(t, anchor+c.from, anchor+c.to), 1)
	}
	return false
}

// first returns the first day from lo to hi on which a happening (a state
// entered, an event occurred, a value agreed, a route completed) happened
// within its own window; +Inf when none did.
func (c *observation) first(t *Trace, lo, hi float64) float64 {
	lo, hi = max(lo, c.from), min(hi, c.to)
	switch c.kind {
	case StatementEntered:
		for i := range t.Steps {
			st := &t.Steps[i]
			if st.Day > hi {
				break
			}
			if st.State == State(c.target) && st.Day >= lo {
				return st.Day
			}
		}
	case StatementOccurred:
		for i := range t.Occurrences {
			oc := &t.Occurrences[i]
			if oc.Day > hi {
				break
			}
			if oc.Event == Event(c.target) && oc.Day >= lo {
				return oc.Day
			}
		}
	case StatementAgreed:
		for i := range t.Agreements {
			a := &t.Agreements[i]
			if a.Issue == c.target && a.Reached && a.Day >= lo && a.Day <= hi && a.Value >= c.min && a.Value <= c.max {
				return a.Day
			}
		}
	case StatementRoute:
		if done, _ := c.route.times(t); done >= lo && done <= hi {
			return done
		}
	}
	return math.Inf(1)
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
