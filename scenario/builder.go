package scenario

import (
	"math"
	"time"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/param"
)

// Builder collects a scenario definition. Its methods record what they are
// given and never fail; Build checks the whole definition at once and reports
// every problem it finds, each naming its culprit.
//
// A Builder is not safe for concurrent use. It may be built more than once;
// each Build returns an independent Scenario.
type Builder struct {
	name        string
	description string
	start       string
	startDate   time.Time
	horizon     float64
	hasHorizon  bool
	states      []*StateDef
	vars        []varDef
	transitions []*TransitionDef
	events      []*EventDef
	routes      []*RouteDef
	claims      []ClaimDef
	model       *actors.Model
	agreed      map[string]Var // issue ID -> its agreed.<issue> variable
	params      []Parameter
}

type varDef struct {
	name    string
	initial param.Num
	agreed  bool // declared by Agreed: NaN until a meeting agrees
}

// New starts the definition of a scenario called name.
func New(name string) *Builder {
	return &Builder{name: name}
}

// Describe sets a one-line description of the scenario.
func (b *Builder) Describe(text string) *Builder {
	b.description = text
	return b
}

// StartDate sets the calendar date of day 0, so that outputs can show
// dates beside days. Day d is the date d whole days later: with 18 August
// 2025 as day 0, 1 September is day 14. Only the date counts; the time of
// day and the location are dropped.
func (b *Builder) StartDate(date time.Time) *Builder {
	b.startDate = time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	return b
}

// Start names the state every run begins in, at day 0.
func (b *Builder) Start(state string) *Builder {
	b.start = state
	return b
}

// Horizon sets the day on which a run that has not reached an absorbing state
// stops and counts as open.
func (b *Builder) Horizon(days float64) *Builder {
	b.horizon = days
	b.hasHorizon = true
	return b
}

// State declares a state. Every state that a transition, event or route names
// must be declared, so that a misspelt name is an error, not a new state.
func (b *Builder) State(name string) *StateDef {
	s := &StateDef{name: name}
	b.states = append(b.states, s)
	return s
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
	b.vars = append(b.vars, varDef{name: name, initial: initial})
	return Var(len(b.vars) - 1)
}

// Actors seats the parties of an actors.Model in the scenario: transitions
// and events with participants ask each participant's acceptance Rule, and
// meetings with an agenda bargain over it. Each run draws its own positions.
func (b *Builder) Actors(m *actors.Model) *Builder {
	b.model = m
	return b
}

// Agreed returns the handle of the world variable "agreed.<issue>", which
// holds the value last agreed on the issue at any meeting of the run, and
// NaN until one agrees (so a comparison with it is false until then). Build
// declares it anyway for every issue on an agenda; Agreed gives its handle
// to guards and effects written as Go functions.
func (b *Builder) Agreed(issue string) Var {
	if v, ok := b.agreed[issue]; ok {
		return v
	}
	if b.agreed == nil {
		b.agreed = map[string]Var{}
	}
	b.vars = append(b.vars, varDef{name: AgreedVar(issue), initial: param.Const(math.NaN()), agreed: true})
	v := Var(len(b.vars) - 1)
	b.agreed[issue] = v
	return v
}

// AgreedVar returns the name of the world variable that holds the value
// agreed on an issue: "agreed." followed by the issue's ID.
func AgreedVar(issue string) string { return "agreed." + issue }

// Transition declares a timed transition from one state to another. Give it
// exactly one delay with TransitionDef.Delay.
func (b *Builder) Transition(from, to string) *TransitionDef {
	t := &TransitionDef{from: from, to: to}
	b.transitions = append(b.transitions, t)
	return t
}

// Branching declares a timed transition that, on firing, moves to one of
// several targets, chosen with the targets' probabilities.
func (b *Builder) Branching(from string, targets ...Target) *TransitionDef {
	t := &TransitionDef{from: from, targets: targets, branching: true}
	b.transitions = append(b.transitions, t)
	return t
}

// Event declares an exogenous event. Say when it occurs with
// EventDef.Occurs: at a rate (a Poisson process while it is active) or on a
// day with a probability.
func (b *Builder) Event(name string) *EventDef {
	e := &EventDef{name: name}
	b.events = append(b.events, e)
	return e
}

// Route declares a named sequence of states, a summit path, whose progress
// the results follow day by day. By default the states must be entered one
// directly after another; InOrder allows other states in between.
func (b *Builder) Route(name string, states ...string) *RouteDef {
	r := &RouteDef{name: name, states: states}
	b.routes = append(b.routes, r)
	return r
}

// Claim declares a statement about a run, such as ReachedBy("merz", "bilateral",
// 14), whose probability the results report.
func (b *Builder) Claim(c ClaimDef) *Builder {
	b.claims = append(b.claims, c)
	return b
}

// StateDef configures a declared state.
type StateDef struct {
	name        string
	description string
	absorbing   bool
}

// Describe sets a one-line description of the state.
func (s *StateDef) Describe(text string) *StateDef {
	s.description = text
	return s
}

// Absorbing marks the state as final: a run that enters it ends there. A state
// without outgoing transitions is absorbing anyway; marking it says that this
// is meant, and Build reports a transition out of it.
func (s *StateDef) Absorbing() *StateDef {
	s.absorbing = true
	return s
}

// TransitionDef configures a declared transition.
type TransitionDef struct {
	name        string
	description string
	from, to    string
	branching   bool
	targets     []Target
	delays      int   // how many of Rate, After and Fixed were called
	delay       Delay // the last given
	guard       Guard
	effects     []Effect
	meetingDef
	onDecline AfterDecline
}

// meetingDef is who sits at a transition's or event's meeting and what they
// bargain over.
type meetingDef struct {
	participants []string
	bargainer    actors.Bargainer
	agenda       []string
	agendaSet    bool
}

// Named names the transition; the default is "from->to", or "from->?" for a
// branching one. Two transitions between the same states need distinct names.
func (t *TransitionDef) Named(name string) *TransitionDef {
	t.name = name
	return t
}

// Describe sets a one-line description of the transition.
func (t *TransitionDef) Describe(text string) *TransitionDef {
	t.description = text
	return t
}

// Delay sets how long the transition waits once enabled: Exp(0.1) (an
// exponential delay, 0.1 a day), Days(3), After{Dist: distuv.Gamma{...}}
// or a DistOf whose parameters read parameters. An exponential rate of 0
// switches the transition off. Build reports a transition with no delay or
// more than one.
func (t *TransitionDef) Delay(d Delay) *TransitionDef {
	t.delays++
	t.delay = d
	return t
}

// When sets the guard: the transition is enabled only while g allows it.
func (t *TransitionDef) When(g Guard) *TransitionDef {
	t.guard = g
	return t
}

// Do adds effects applied, in order, when the transition fires.
func (t *TransitionDef) Do(effects ...Effect) *TransitionDef {
	t.effects = append(t.effects, effects...)
	return t
}

// Participants names the actors who sit at the meeting this transition
// holds, from the scenario's actors model. When the transition's clock
// fires, each is asked; if any declines, the decline is recorded against
// that actor and the transition, and OnDecline says what happens next.
func (t *TransitionDef) Participants(actorIDs ...string) *TransitionDef {
	t.participants = append(t.participants, actorIDs...)
	return t
}

// Agenda sets the issues the meeting bargains over and how. When the
// meeting is held, each issue's predicted outcome becomes the agreement,
// written to the world variable AgreedVar(issue); an issue without
// agreement leaves it unchanged.
func (t *TransitionDef) Agenda(b actors.Bargainer, issues ...string) *TransitionDef {
	t.bargainer, t.agenda, t.agendaSet = b, append(t.agenda, issues...), true
	return t
}

// OnDecline says what follows when a participant declines: Retry (ask again
// after a delay), DeclineTo (move to a state), or, by default, nothing
// until the world changes or the run re-enters the state, since the same
// world gives the same answer.
func (t *TransitionDef) OnDecline(d AfterDecline) *TransitionDef {
	t.onDecline = d
	return t
}

// AfterDecline is what follows a declined meeting: ask again after the
// Retry delay, or move the run To a state; neither (the zero value) waits
// until the world changes or the run re-enters the state.
type AfterDecline struct {
	Retry Delay
	To    string
}

// Retry asks again after the delay d: Retry(Days(7)), Retry(Exp(0.2)).
func Retry(d Delay) AfterDecline { return AfterDecline{Retry: d} }

// DeclineTo moves the run to the given state, for example "stalled".
func DeclineTo(state string) AfterDecline { return AfterDecline{To: state} }

// Target is one possible destination of a branching transition: State,
// reached with probability P, or, when Weight is set, with a weight
// computed from the world when the transition fires (WeightText, when
// known, is its expression, so that it can be written out).
type Target struct {
	State      string
	P          param.Num
	Weight     func(w *World) float64
	WeightText string
}

// To is a branch target reached with probability p, a number or one that
// reads parameters. The probabilities of one transition's targets must sum
// to 1 for every value of the parameters.
func To[T param.Number](state string, p T) Target { return Target{State: state, P: param.Of(p)} }

// ToWeighted is a branch target whose weight is computed from the world when
// the transition fires. If any target of a transition is weighted, all its
// targets' values are weights, normalised at firing; a firing at which the
// weights are not all finite and non-negative, or sum to zero, ends the run
// with EndFault, counted in the results.
func ToWeighted(state string, weight func(w *World) float64) Target {
	return Target{State: state, Weight: weight}
}

// EventDef configures a declared exogenous event.
type EventDef struct {
	name        string
	description string
	kinds       int // how many of Rate and At were called
	rate        param.Num
	scheduled   bool
	day, p      param.Num
	states      []string
	guard       Guard
	effects     []Effect
	goTo        string
	once        bool
	meetingDef
}

// Describe sets a one-line description of the event.
func (e *EventDef) Describe(text string) *EventDef {
	e.description = text
	return e
}

// Occurs says when the event occurs: Exp(0.05) makes it a Poisson process
// of 0.05 a day while it is active; On(10, 0.5) makes it occur once, on day
// 10, with probability 0.5, if the run is then in a state where it is
// active. Build reports an event with neither or more than one.
func (e *EventDef) Occurs(t Timing) *EventDef {
	e.kinds++
	switch t := t.(type) {
	case Rate:
		e.scheduled, e.rate = false, t.PerDay
	case Scheduled:
		e.scheduled, e.day, e.p = true, t.Day, t.P
	}
	return e
}

// In limits the event to the given states; by default it is active in every
// state that is not absorbing.
func (e *EventDef) In(states ...string) *EventDef {
	e.states = append(e.states, states...)
	return e
}

// When sets the event's guard: it occurs only while g allows it.
func (e *EventDef) When(g Guard) *EventDef {
	e.guard = g
	return e
}

// Do adds effects applied, in order, when the event occurs.
func (e *EventDef) Do(effects ...Effect) *EventDef {
	e.effects = append(e.effects, effects...)
	return e
}

// Goto makes the event move the run to the given state when it occurs.
func (e *EventDef) Goto(state string) *EventDef {
	e.goTo = state
	return e
}

// Participants makes the event a meeting of the given actors (a side meeting
// that does not move the run, such as a guarantees meeting). Each is asked
// when the event comes; if any declines, the decline is recorded and the
// event has no effect.
func (e *EventDef) Participants(actorIDs ...string) *EventDef {
	e.participants = append(e.participants, actorIDs...)
	return e
}

// Agenda sets the issues the event's meeting bargains over and how; see
// TransitionDef.Agenda.
func (e *EventDef) Agenda(b actors.Bargainer, issues ...string) *EventDef {
	e.bargainer, e.agenda, e.agendaSet = b, append(e.agenda, issues...), true
	return e
}

// Once makes a rate event occur at most once per run.
func (e *EventDef) Once() *EventDef {
	e.once = true
	return e
}

// RouteDef configures a declared route.
type RouteDef struct {
	name        string
	description string
	states      []string
	inOrder     bool
}

// Describe sets a one-line description of the route.
func (r *RouteDef) Describe(text string) *RouteDef {
	r.description = text
	return r
}

// InOrder lets other states come between the route's states: the route is
// completed when its states have been entered in this order, whatever else
// happened between them.
func (r *RouteDef) InOrder() *RouteDef {
	r.inOrder = true
	return r
}
