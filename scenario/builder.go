package scenario

import (
	"math"
	"slices"
	"time"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/param"
)

// Builder is sugar over a Definition: its methods append parts to the
// definition it holds and never fail, and Build compiles it, reporting
// every problem at once, each naming its culprit. A method called twice on
// one part (two delays, two timings) keeps the last value, as a field
// assigned twice would.
//
// A Builder is not safe for concurrent use. It may be built more than once;
// each Build returns an independent Scenario.
type Builder struct {
	def Definition
}

// New starts the definition of a scenario called name.
func New(name string) *Builder {
	return &Builder{def: Definition{Name: name}}
}

// Definition returns a copy of the definition built so far.
func (b *Builder) Definition() Definition { return b.def.clone() }

// Describe sets a one-line description of the scenario.
func (b *Builder) Describe(text string) *Builder {
	b.def.Description = text
	return b
}

// StartDate sets the calendar date of day 0, so that outputs can show
// dates beside days. Day d is the date d whole days later: with 18 August
// 2025 as day 0, 1 September is day 14. Only the date counts; the time of
// day and the location are dropped.
func (b *Builder) StartDate(date time.Time) *Builder {
	b.def.StartDate = time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	return b
}

// Start names the state every run begins in, at day 0.
func (b *Builder) Start(state string) *Builder {
	b.def.Start = state
	return b
}

// Horizon sets the day on which a run that has not reached an absorbing state
// stops and counts as open.
func (b *Builder) Horizon(days float64) *Builder {
	b.def.Horizon = days
	return b
}

// State declares a state. Every state that a transition, event or route names
// must be declared, so that a misspelt name is an error, not a new state.
func (b *Builder) State(name string) *StateBuilder {
	b.def.States = append(b.def.States, StateDef{Name: name})
	return &StateBuilder{b, len(b.def.States) - 1}
}

// States declares several states at once.
func (b *Builder) States(names ...string) *Builder {
	for _, n := range names {
		b.State(n)
	}
	return b
}

// Var declares a world variable with its value at day 0, a constant
// (param.Const(0)) or a number that reads parameters, and returns its
// handle, for guards and effects written as Go functions. Variables
// declared with the same name twice are reported by Build.
func (b *Builder) Var(name string, initial param.Num) Var {
	b.def.Variables = append(b.def.Variables, VariableDef{Name: name, Initial: initial})
	return Var(len(b.def.Variables) - 1)
}

// Actors seats the parties of an actors.Model in the scenario: transitions
// and events with participants ask each participant's acceptance Rule, and
// meetings with an agenda bargain over it. Each run draws its own positions.
func (b *Builder) Actors(m *actors.Model) *Builder {
	b.def.Actors = m
	return b
}

// Agreed returns the handle of the world variable "agreed.<issue>", which
// holds the value last agreed on the issue at any meeting of the run, and
// NaN until one agrees (so a comparison with it is false until then). Build
// declares it anyway for every issue on an agenda; Agreed declares it
// first, to give its handle to guards and effects written as Go functions.
func (b *Builder) Agreed(issue string) Var {
	name := agreedVar(issue)
	for i, v := range b.def.Variables {
		if v.Name == name {
			return Var(i)
		}
	}
	return b.Var(name, param.Const(math.NaN()))
}

// agreedVar returns the name of the world variable that holds the value
// agreed on an issue: "agreed." followed by the issue's ID.
func agreedVar(issue string) string { return "agreed." + issue }

// Transition declares a timed transition from one state to another. Give it
// a delay with TransitionBuilder.Delay.
func (b *Builder) Transition(from, to string) *TransitionBuilder {
	b.def.Transitions = append(b.def.Transitions, TransitionDef{From: from, To: to})
	return &TransitionBuilder{b, len(b.def.Transitions) - 1}
}

// Branching declares a timed transition that, on firing, moves to one of
// several targets, chosen with the targets' probabilities.
func (b *Builder) Branching(from string, targets ...Target) *TransitionBuilder {
	b.def.Transitions = append(b.def.Transitions, TransitionDef{From: from, Targets: slices.Clone(targets)})
	return &TransitionBuilder{b, len(b.def.Transitions) - 1}
}

// Event declares an exogenous event. Say when it occurs with
// EventBuilder.Occurs: at a rate (a Poisson process while it is active) or
// on a day with a probability.
func (b *Builder) Event(name string) *EventBuilder {
	b.def.Events = append(b.def.Events, EventDef{Name: name})
	return &EventBuilder{b, len(b.def.Events) - 1}
}

// Route declares a named sequence of states, a summit path, whose progress
// the results follow day by day. By default the states must be entered one
// directly after another; InOrder allows other states in between.
func (b *Builder) Route(name string, states ...string) *RouteBuilder {
	b.def.Routes = append(b.def.Routes, RouteDef{Name: name, States: slices.Clone(states)})
	return &RouteBuilder{b, len(b.def.Routes) - 1}
}

// Claim declares a named statement about a run, such as
// Entered("bilateral", 0, 14).Named("merz"), whose probability the
// results report.
func (b *Builder) Claim(c Statement) *Builder {
	c.States = slices.Clone(c.States)
	b.def.Claims = append(b.def.Claims, c)
	return b
}

// Param declares a parameter and returns its handle. Build reports a name
// that is empty or repeated, a default outside the range, and a prior that
// can draw outside it.
func (b *Builder) Param(p param.Parameter) Param {
	b.def.Parameters = append(b.def.Parameters, p)
	return Param(len(b.def.Parameters) - 1)
}

// Build compiles the definition; see Definition.Build.
func (b *Builder) Build() (*Scenario, error) { return b.def.Build() }

// part returns the i-th part of b's definition in the list that list
// picks; a handle not made by a Builder writes to a part of its own, which
// nothing reads.
func part[T any](b *Builder, i int, list func(*Definition) []T) *T {
	if b == nil {
		return new(T)
	}
	xs := list(&b.def)
	if i < 0 || i >= len(xs) {
		return new(T)
	}
	return &xs[i]
}

// StateBuilder sets a declared state's fields.
type StateBuilder struct {
	b *Builder
	i int
}

func (s *StateBuilder) def() *StateDef {
	return part(s.b, s.i, func(d *Definition) []StateDef { return d.States })
}

// Describe sets a one-line description of the state.
func (s *StateBuilder) Describe(text string) *StateBuilder {
	s.def().Description = text
	return s
}

// Absorbing marks the state as final: a run that enters it ends there. A state
// without outgoing transitions is absorbing anyway; marking it says that this
// is meant, and Build reports a transition out of it.
func (s *StateBuilder) Absorbing() *StateBuilder {
	s.def().Absorbing = true
	return s
}

// TransitionBuilder sets a declared transition's fields.
type TransitionBuilder struct {
	b *Builder
	i int
}

func (t *TransitionBuilder) def() *TransitionDef {
	return part(t.b, t.i, func(d *Definition) []TransitionDef { return d.Transitions })
}

// Named names the transition; the default is "from->to", or "from->?" for a
// branching one. Two transitions between the same states need distinct names.
func (t *TransitionBuilder) Named(name string) *TransitionBuilder {
	t.def().Name = name
	return t
}

// Describe sets a one-line description of the transition.
func (t *TransitionBuilder) Describe(text string) *TransitionBuilder {
	t.def().Description = text
	return t
}

// Delay sets how long the transition waits once enabled: Exp(0.1) (an
// exponential delay, 0.1 a day), Days(3), After{Dist: distuv.Gamma{...}},
// or After of a param.Dist whose parameters read parameters. An exponential rate of 0
// switches the transition off. Build reports a transition without one.
func (t *TransitionBuilder) Delay(d Delay) *TransitionBuilder {
	t.def().Delay = d
	return t
}

// When sets the guard: the transition is enabled only while g allows it.
func (t *TransitionBuilder) When(g Guard) *TransitionBuilder {
	t.def().Guard = g
	return t
}

// Do adds effects applied, in order, when the transition fires.
func (t *TransitionBuilder) Do(effects ...Effect) *TransitionBuilder {
	d := t.def()
	d.Effects = append(d.Effects, effects...)
	return t
}

// Participants names the actors who sit at the meeting this transition
// holds, from the scenario's actors model. When the transition's clock
// fires, each is asked; if any declines, the decline is recorded against
// that actor and the transition, and OnDecline says what happens next.
func (t *TransitionBuilder) Participants(actorIDs ...string) *TransitionBuilder {
	d := t.def()
	d.Participants = append(d.Participants, actorIDs...)
	return t
}

// Accept gives a participant a rule for this meeting alone, in place of
// the party's own: a party that needs something worth signing before a
// first summit may meet again without it,
// Accept("DPRK", actors.Always{}).
func (t *TransitionBuilder) Accept(actorID string, rule actors.Rule) *TransitionBuilder {
	d := t.def()
	if d.Accept == nil {
		d.Accept = map[string]actors.Rule{}
	}
	d.Accept[actorID] = rule
	return t
}

// Agenda sets the issues the meeting bargains over and how. When the
// meeting is held, each issue's predicted outcome becomes the agreement,
// written to the world variable agreed.<issue>; an issue without
// agreement leaves it unchanged.
func (t *TransitionBuilder) Agenda(b actors.Bargainer, issues ...string) *TransitionBuilder {
	d := t.def()
	d.Bargainer, d.Agenda = b, append(d.Agenda, issues...)
	return t
}

// OnDecline says what follows when a participant declines:
// AfterDecline{Retry: Days(7)} (ask again after a delay),
// AfterDecline{To: "stalled"} (move to a state), or, by default, nothing
// until the world changes or the run re-enters the state, since the same
// world gives the same answer.
func (t *TransitionBuilder) OnDecline(d AfterDecline) *TransitionBuilder {
	t.def().OnDecline = d
	return t
}

// AfterDecline is what follows a declined meeting: ask again after the
// Retry delay, or move the run To a state; neither (the zero value) waits
// until the world changes or the run re-enters the state.
type AfterDecline struct {
	Retry Delay
	To    string
}

// Target is one possible destination of a branching transition: State,
// reached with probability P (made by To), or, when Weight is set, with a
// weight computed from the world when the transition fires: an expression
// of the world ("trust", "1 - trust"; see Condition), which Build
// compiles, as in Target{State: "yes", Weight: "trust"}. If any target of
// a transition is weighted, all its targets' values are weights,
// normalised at firing; a firing at which the weights are not all finite
// and non-negative, or sum to zero, ends the run with EndFault, counted in
// the results.
type Target struct {
	State  string
	P      param.Num
	Weight string
}

// To is a branch target reached with probability p, a number or one that
// reads parameters. The probabilities of one transition's targets must sum
// to 1 for every value of the parameters.
func To[T param.Number](state string, p T) Target { return Target{State: state, P: param.Of(p)} }

// EventBuilder sets a declared event's fields.
type EventBuilder struct {
	b *Builder
	i int
}

func (e *EventBuilder) def() *EventDef {
	return part(e.b, e.i, func(d *Definition) []EventDef { return d.Events })
}

// Describe sets a one-line description of the event.
func (e *EventBuilder) Describe(text string) *EventBuilder {
	e.def().Description = text
	return e
}

// Occurs says when the event occurs: Exp(0.05) makes it a Poisson process
// of 0.05 a day while it is active; On(10, 0.5) makes it occur once, on day
// 10, with probability 0.5, if the run is then in a state where it is
// active. Build reports an event without one.
func (e *EventBuilder) Occurs(t Timing) *EventBuilder {
	e.def().Timing = t
	return e
}

// In limits the event to the given states; by default it is active in every
// state that is not absorbing.
func (e *EventBuilder) In(states ...string) *EventBuilder {
	d := e.def()
	d.States = append(d.States, states...)
	return e
}

// When sets the event's guard: it occurs only while g allows it.
func (e *EventBuilder) When(g Guard) *EventBuilder {
	e.def().Guard = g
	return e
}

// Do adds effects applied, in order, when the event occurs.
func (e *EventBuilder) Do(effects ...Effect) *EventBuilder {
	d := e.def()
	d.Effects = append(d.Effects, effects...)
	return e
}

// Goto makes the event move the run to the given state when it occurs.
func (e *EventBuilder) Goto(state string) *EventBuilder {
	e.def().Goto = state
	return e
}

// Participants makes the event a meeting of the given actors (a side meeting
// that does not move the run, such as a guarantees meeting). Each is asked
// when the event comes; if any declines, the decline is recorded and the
// event has no effect.
func (e *EventBuilder) Participants(actorIDs ...string) *EventBuilder {
	d := e.def()
	d.Participants = append(d.Participants, actorIDs...)
	return e
}

// Accept gives a participant a rule for this meeting alone; see
// TransitionBuilder.Accept.
func (e *EventBuilder) Accept(actorID string, rule actors.Rule) *EventBuilder {
	d := e.def()
	if d.Accept == nil {
		d.Accept = map[string]actors.Rule{}
	}
	d.Accept[actorID] = rule
	return e
}

// Agenda sets the issues the event's meeting bargains over and how; see
// TransitionBuilder.Agenda.
func (e *EventBuilder) Agenda(b actors.Bargainer, issues ...string) *EventBuilder {
	d := e.def()
	d.Bargainer, d.Agenda = b, append(d.Agenda, issues...)
	return e
}

// Once makes a rate event occur at most once per run.
func (e *EventBuilder) Once() *EventBuilder {
	e.def().Once = true
	return e
}

// RouteBuilder sets a declared route's fields.
type RouteBuilder struct {
	b *Builder
	i int
}

func (r *RouteBuilder) def() *RouteDef {
	return part(r.b, r.i, func(d *Definition) []RouteDef { return d.Routes })
}

// Describe sets a one-line description of the route.
func (r *RouteBuilder) Describe(text string) *RouteBuilder {
	r.def().Description = text
	return r
}

// InOrder lets other states come between the route's states: the route is
// completed when its states have been entered in this order, whatever else
// happened between them.
func (r *RouteBuilder) InOrder() *RouteBuilder {
	r.def().InOrder = true
	return r
}
