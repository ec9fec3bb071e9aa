package scenario

import (
	"cmp"
	"maps"
	"math"
	"slices"
	"strconv"

	"github.com/parleysim/parley/problem"

	"github.com/parleysim/parley/internal/names"
)

// Now is what is known of a negotiation on a day after its start: the
// states it went through, the events that occurred and the values of its
// variables. Scenario.From turns it into a scenario whose runs go on from
// that day; the horizon stays in days from the start.
type Now struct {
	// Day is today, in days from the start: runs go on from it.
	Day float64
	// Path lists the states entered so far, in order, with the days they
	// were entered; the last is the state the negotiation is in now. Only
	// the last is needed; the others let claims and routes about the
	// course so far count them.
	Path []Visit
	// Occurred lists the events that occurred so far, with their days:
	// they count towards claims, and an event that occurs once does not
	// occur again.
	Occurred []EventOn
	// Vars gives variables' values now, by name; agreed values are the
	// variables agreed.<issue>. The others start at their initial values
	// changed by the effects of the course so far: those of the events
	// that occurred, and of each step of the path that one transition
	// alone makes (a step two transitions could make is not guessed).
	Vars map[string]float64
}

// Visit is a state entered on a day.
type Visit struct {
	State string
	Day   float64
}

// EventOn is an event that occurred on a day.
type EventOn struct {
	Event string
	Day   float64
}

// now is a compiled Now.
type now struct {
	day    float64
	steps  []Step
	occ    []Occurrence
	vars   []float64 // NaN: the initial value
	next   int       // the first scheduled event after day
	replay []replay  // the effects of the course so far, in order of days
}

// replay is one transition of the path, or one event, whose effects a run
// from now applies before it starts.
type replay struct {
	day        float64
	transition int32 // or -1
	event      int32 // or -1
}

// From returns the scenario as it stands now: its runs begin in the last
// state of now.Path on now.Day, with the path, events and variables given,
// and go on to the same horizon. It shares the compiled tables. Problems
// (unknown names, days out of order or past now, a day at or past the
// horizon) are reported together in a *problem.Error with Part
// problem.Scenario and Field "now...".
//
// Delays that are not exponential have run since the last state was
// entered: their clocks are drawn from its day, again while they fall due
// before now (the run is known to be still there), and a clock that cannot
// fall after now (a fixed delay that has passed) fires at once. Parameters
// bound afterwards by With keep the start from now.
//
// For a Markovian scenario, starting from state j on day d gives the same
// law of the course after d as conditioning on being in j on day d, and
// exact analysis starts from now too, when the past sets no variable (it
// decides guards on the initial values).
func (sc *Scenario) From(n Now) (*Scenario, error) {
	var ps problems
	w := at{problem.Scenario, -1, sc.name}
	c := &now{day: n.Day}
	if !finite(n.Day) || n.Day < 0 || n.Day >= sc.horizon {
		ps.add(w, "now.day", "must be a day from 0 to before the horizon, day %v; got %v", sc.horizon, n.Day)
	}
	if len(n.Path) == 0 {
		ps.add(w, "now.path", "give at least the state the negotiation is in now")
	}
	prev := 0.0
	prevOK := false
	stateNames := names.NewSuggester(sc.stateNames)
	moves := sc.movesFrom()
	for i, v := range n.Path {
		field := "now.path[" + strconv.Itoa(i) + "]"
		s, ok := sc.stateIndex[v.State]
		if !ok {
			ps.add(w, field, "unknown state %q%s", v.State, stateNames.DidYouMean(v.State))
		}
		if i > 0 && ok && prevOK {
			// A course no run can take is refused: it would run and print
			// estimates of a negotiation that cannot be.
			from := c.steps[i-1].State
			switch {
			case sc.states[from].absorbing:
				ps.add(w, field, "%s on day %v after %s: %s is absorbing, nothing leaves it", v.State, v.Day, sc.states[from].name, sc.states[from].name)
			case !moves.possible(sc, from, s):
				ps.add(w, field, "%s on day %v after %s: no transition, decline or event moves a run from %s to %s", v.State, v.Day, sc.states[from].name, sc.states[from].name, v.State)
			}
		}
		prevOK = ok
		switch {
		case !finite(v.Day) || v.Day < 0:
			ps.add(w, field, "day must be finite and >= 0, got %v", v.Day)
		case v.Day < prev:
			ps.add(w, field, "day %v is before the previous state's, day %v: list the path in order", v.Day, prev)
		case v.Day > n.Day:
			ps.add(w, field, "day %v is after now, day %v", v.Day, n.Day)
		}
		prev = v.Day
		if !ok {
			s = -1
		}
		st := Step{Day: v.Day, State: s, Transition: NoTransition, Event: NoEvent}
		if i > 0 && ok && c.steps[i-1].State >= 0 {
			st.Transition = moves.onlyTransition(sc, c.steps[i-1].State, s)
			if st.Transition >= 0 {
				c.replay = append(c.replay, replay{v.Day, int32(st.Transition), -1})
			}
		}
		c.steps = append(c.steps, st)
	}
	for i, e := range n.Occurred {
		field := "now.occurred[" + strconv.Itoa(i) + "]"
		k := slices.IndexFunc(sc.events, func(x event) bool { return x.name == e.Event })
		if k < 0 {
			ps.add(w, field, "unknown event %q%s", e.Event, names.DidYouMean(e.Event, mapNames(sc.events, func(x event) string { return x.name })))
		}
		if !finite(e.Day) || e.Day < 0 || e.Day > n.Day {
			ps.add(w, field, "day must be from 0 to now, day %v; got %v", n.Day, e.Day)
		}
		c.occ = append(c.occ, Occurrence{Day: e.Day, Event: Event(k)})
		c.replay = append(c.replay, replay{e.Day, -1, int32(k)})
	}
	slices.SortStableFunc(c.replay, func(a, b replay) int { return cmp.Compare(a.day, b.day) })
	slices.SortStableFunc(c.occ, func(a, b Occurrence) int { return cmp.Compare(a.Day, b.Day) })
	c.vars = make([]float64, len(sc.vars))
	for i := range c.vars {
		c.vars[i] = math.NaN()
	}
	for _, name := range slices.Sorted(maps.Keys(n.Vars)) {
		x := n.Vars[name]
		v, ok := sc.varIndex[name]
		switch {
		case !ok:
			ps.add(w, "now.vars", "unknown variable %q%s", name, names.DidYouMean(name, mapNames(sc.vars, func(v varDef) string { return v.name })))
		case math.IsNaN(x) || math.IsInf(x, 0):
			ps.add(w, "now.vars", "%s must be a number, got %v", name, x)
		default:
			c.vars[v] = x
		}
	}
	if len(ps) > 0 {
		return nil, definitionError(sc.name, ps)
	}
	for c.next < len(sc.schedule) && sc.events[sc.schedule[c.next]].day <= n.Day {
		c.next++
	}
	out := *sc
	out.now = c
	return &out, nil
}

// startNow begins a run from now: the path so far, the events, the
// variables, and the clocks of the state now.
func (r *Runner) startNow(c *now) {
	w := &r.world
	t := &r.trace
	last := c.steps[len(c.steps)-1]
	t.Steps = append(t.Steps, c.steps[:len(c.steps)-1]...)
	t.Occurrences = append(t.Occurrences, c.occ...)
	for _, o := range c.occ {
		r.fired[o.Event]++
	}
	for _, rp := range c.replay {
		w.day = rp.day
		if rp.transition >= 0 {
			for _, e := range r.sc.trans[rp.transition].effects {
				e.apply(w)
			}
		} else {
			for _, e := range r.sc.events[rp.event].effects {
				e.apply(w)
			}
		}
	}
	for v, x := range c.vars {
		if !math.IsNaN(x) {
			w.vars[v] = x
		}
	}
	r.enter(last.State, last.Day, int32(last.Transition), -1)
	for _, ti := range r.sc.genOut[last.State] {
		tr := &r.sc.trans[ti]
		for k := 0; r.clock[ti] <= c.day && k < 64; k++ {
			r.clock[ti] = r.due(ti, &tr.delay, last.Day)
		}
		r.clock[ti] = math.Max(r.clock[ti], c.day)
	}
	w.day = c.day
	r.next = c.next
}

// onlyTransition returns the one transition that can move a run from a to
// b, or NoTransition when none or several can.
func (m movesIndex) onlyTransition(sc *Scenario, a, b State) Transition {
	found := NoTransition
	for _, i := range m.trans[a] {
		if slices.Contains(sc.trans[i].targets, b) {
			if found != NoTransition {
				return NoTransition
			}
			found = Transition(i)
		}
	}
	return found
}

// movesIndex lists, per state, the transitions from it, and, per state,
// the events that move runs there: what a course's steps are checked
// against, without going through every transition for each step.
type movesIndex struct {
	trans  [][]int32 // per state: the transitions from it
	events [][]int32 // per state: the events that move a run to it
}

func (sc *Scenario) movesFrom() movesIndex {
	m := movesIndex{trans: make([][]int32, len(sc.states)), events: make([][]int32, len(sc.states))}
	for i := range sc.trans {
		m.trans[sc.trans[i].from] = append(m.trans[sc.trans[i].from], int32(i))
	}
	for i := range sc.events {
		if g := sc.events[i].goTo; g >= 0 {
			m.events[g] = append(m.events[g], int32(i))
		}
	}
	return m
}

// possible reports whether one step can move a run from state a to b: a
// transition from a to b, a meeting from a whose decline leads to b, or
// an event active in a that moves runs to b.
func (m movesIndex) possible(sc *Scenario, a, b State) bool {
	for _, i := range m.trans[a] {
		t := &sc.trans[i]
		if slices.Contains(t.targets, b) || t.onDecline == declineTo && t.declineTo == b {
			return true
		}
	}
	for _, e := range m.events[b] {
		if sc.events[e].active[a] {
			return true
		}
	}
	return false
}

// changesVars reports whether the past sets a variable, or has effects.
func (c *now) changesVars(sc *Scenario) bool {
	for _, x := range c.vars {
		if !math.IsNaN(x) {
			return true
		}
	}
	for _, rp := range c.replay {
		if rp.transition >= 0 && len(sc.trans[rp.transition].effects) > 0 || rp.event >= 0 && len(sc.events[rp.event].effects) > 0 {
			return true
		}
	}
	return false
}

// past is the day and the course before it of a scenario from now;
// exact analysis reads it through chain.Past.
func (sc *Scenario) past() (day float64, steps, occurred any, ok bool) {
	if sc.now == nil {
		return 0, []Step(nil), []Occurrence(nil), false
	}
	return sc.now.day, slices.Clone(sc.now.steps), slices.Clone(sc.now.occ), true
}
