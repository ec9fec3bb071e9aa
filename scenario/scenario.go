package scenario

import (
	"math"
	"slices"

	"github.com/parleysim/parley/actors"
)

// Name returns the scenario's name.
func (sc *Scenario) Name() string { return sc.name }

// Horizon returns the day at which runs stop unless overridden.
func (sc *Scenario) Horizon() float64 { return sc.horizon }

// Start returns the state every run begins in.
func (sc *Scenario) Start() State { return sc.start }

// NumStates returns the number of states; States are 0 to NumStates()-1.
func (sc *Scenario) NumStates() int { return len(sc.states) }

// State returns the state with the given name.
func (sc *Scenario) State(name string) (State, bool) {
	s, ok := sc.stateIndex[name]
	return s, ok
}

// StateName returns the name of state s.
func (sc *Scenario) StateName(s State) string { return item(sc.states, s).name }

// Absorbing reports whether s is absorbing: declared so, or without outgoing
// transitions.
func (sc *Scenario) Absorbing(s State) bool { return item(sc.states, s).absorbing }

// Var returns the handle of the named world variable.
func (sc *Scenario) Var(name string) (Var, bool) {
	v, ok := sc.varIndex[name]
	return v, ok
}

// NumVars returns the number of world variables.
func (sc *Scenario) NumVars() int { return len(sc.vars) }

// VarName returns the name of variable v.
func (sc *Scenario) VarName(v Var) string { return item(sc.vars, v).name }

// NumTransitions returns the number of transitions: Transitions are 0 to
// NumTransitions()-1, in declaration order.
func (sc *Scenario) NumTransitions() int { return len(sc.trans) }

// TransitionName returns the name of transition t.
func (sc *Scenario) TransitionName(t Transition) string { return item(sc.trans, t).name }

// NumEvents returns the number of events: Events are 0 to NumEvents()-1,
// in declaration order.
func (sc *Scenario) NumEvents() int { return len(sc.events) }

// EventName returns the name of event e.
func (sc *Scenario) EventName(e Event) string { return item(sc.events, e).name }

// Routes returns the scenario's routes in declaration order, as declared.
func (sc *Scenario) Routes() []RouteDef {
	out := make([]RouteDef, len(sc.routes))
	for i := range sc.routes {
		out[i] = sc.def.Routes[sc.routeDecl[i]]
		out[i].States = slices.Clone(out[i].States)
	}
	return out
}

// RouteTimes returns the day route i (in the order of Routes) was
// completed in the run t and the day it was closed, when no continuation
// of the run could complete it any more: at most one is finite, and both
// are +Inf while it is open (and for an i that is not a route of the
// scenario). Its status on a day is completed when completed <= day,
// closed when closed <= day, and open otherwise.
func (sc *Scenario) RouteTimes(i int, t *Trace) (completed, closed float64) {
	if i < 0 || i >= len(sc.routes) || t == nil {
		return math.Inf(1), math.Inf(1)
	}
	return sc.routes[i].times(t)
}

// Claims returns the scenario's claims in declaration order: each the
// statement declared, with its description (when none was given, a
// statement of what is claimed, such as "bilateral reached by day 14").
func (sc *Scenario) Claims() []Statement {
	out := make([]Statement, len(sc.claims))
	for i, c := range sc.claims {
		out[i] = sc.def.Claims[sc.claimDecl[i]]
		out[i].States = slices.Clone(out[i].States)
		out[i].Description = c.description
	}
	return out
}

// ClaimHolds reports whether claim i (in the order of Claims) holds in the
// run t; false for an i that is not a claim of the scenario.
func (sc *Scenario) ClaimHolds(i int, t *Trace) bool {
	if i < 0 || i >= len(sc.claims) || t == nil {
		return false
	}
	return sc.claims[i].holds(t)
}

// Actors returns the scenario's actors model, nil if it has none.
func (sc *Scenario) Actors() *actors.Model { return sc.model }

// Meetings returns, indexed by Meeting, every transition's and every
// event's meeting: whether it is held, who sits at it and its agenda. A
// trace's proposals, declines and agreements name their meeting so.
func (sc *Scenario) Meetings() []MeetingInfo {
	var out []MeetingInfo
	add := func(name string, m *meeting, t Transition, e Event) {
		info := MeetingInfo{Name: name, Transition: t, Event: e}
		if m != nil {
			info.Held = true
			info.Parties = append([]int(nil), m.parties...)
			info.Agenda = append([]int(nil), m.agenda...)
			info.Rules = append([]actors.Rule(nil), m.rules...)
			info.Own = make([]bool, len(m.parties))
			for _, k := range m.own {
				info.Own[k] = true
			}
		}
		out = append(out, info)
	}
	for i := range sc.trans {
		add(sc.trans[i].name, sc.trans[i].meeting, Transition(i), NoEvent)
	}
	for i := range sc.events {
		add(sc.events[i].name, sc.events[i].meeting, NoTransition, Event(i))
	}
	return out
}

// MeetingInfo describes the meeting of a transition or of an event.
type MeetingInfo struct {
	Name       string     // the transition's or event's name
	Transition Transition // the transition holding it, or NoTransition
	Event      Event      // the event holding it, or NoEvent
	Held       bool       // it has participants
	Parties    []int      // actor indices in the actors model
	Agenda     []int      // issue indices in the actors model
	// Rules are, per party, the rule that decides whether it accepts at
	// this meeting (nil: it always does); Own marks the rules given for
	// this meeting alone, in place of the party's own.
	Rules []actors.Rule
	Own   []bool
}

// sameStructure reports whether o is sc or a variant of it made by With
// (or of the scenario sc was made from): the same compiled structure, which
// only parameter values tell apart.
func (sc *Scenario) sameStructure(o *Scenario) bool {
	return o != nil && len(sc.states) == len(o.states) && len(sc.states) > 0 && &sc.states[0] == &o.states[0]
}

// item returns xs[i], or the zero element for an i out of range: a handle
// from another scenario, or any handle on a zero Scenario, gets a zero
// answer ("", false, nil) rather than a crash.
func item[T any, I ~int32](xs []T, i I) T {
	if uint32(i) >= uint32(len(xs)) {
		var zero T
		return zero
	}
	return xs[i]
}
