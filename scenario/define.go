package scenario

import (
	"maps"
	"slices"
	"time"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/param"
	"gonum.org/v1/gonum/stat/distuv"
)

// Delay is how long a transition waits once enabled, or a declined meeting
// before it is asked again: Rate (exponential, made by Exp), Fixed (days,
// made by Days), After (any distribution, a param.Dist among them, whose
// parameters may read parameters) or At (a day computed from the world).
// The set is sealed, so that encoders can type-switch on it.
//
// A transition's rate and its distribution's parameters may read the
// world too, given as param.Expr over variables, agreed values and the
// day: Exp(param.Expr("0.02 * (1 + trust)")). An exponential clock is
// then drawn again at the new rate whenever the world changes (the same
// law as a hazard that changes with the world, by memorylessness). Any
// other distribution is drawn once, from its parameters in the world of
// the moment the transition is enabled, and keeps its draw while the
// world changes: a delay under way is not re-timed by news; a guard that
// closes and opens again starts it anew. A rate or parameter the world
// makes unusable (NaN, negative, infinite) ends the run with EndFault
// naming the transition; a rate of 0 switches the transition off.
type Delay interface {
	isDelay()
}

// Exp is an exponential delay of perDay per day (mean 1/perDay days), a
// number or one that reads parameters: Exp(0.1), Exp(param.P("rate")).
func Exp[T param.Number](perDay T) Rate { return Rate{param.Of(perDay)} }

// Days is a delay of exactly days days: Days(3), Days(param.P("wait")).
func Days[T param.Number](days T) Fixed { return Fixed{param.Of(days)} }

// Timing is when an event occurs: at a Rate (a Poisson process, made by
// Exp) or Scheduled on a day (made by On).
type Timing interface {
	isTiming()
}

// Scheduled is an event that occurs once, on day Day, with probability P.
type Scheduled struct{ Day, P param.Num }

// On is an event's timing of once on day, with probability p; either may
// read parameters: On(10, 0.5), On(param.P("deadline"), 1).
func On[D, P param.Number](day D, p P) Scheduled { return Scheduled{param.Of(day), param.Of(p)} }

func (Rate) isTiming()      {}
func (Scheduled) isTiming() {}

// Rate is an exponential delay of PerDay per day: mean 1/PerDay days.
type Rate struct{ PerDay param.Num }

// Fixed is a delay of exactly Days days.
type Fixed struct{ Days param.Num }

// After is a delay drawn from Dist: a distuv distribution, or a
// param.Dist whose parameters may read parameters, such as
// After{param.Dist{Family: distuv.Gamma{}, Params: []param.Num{param.P("shape"), param.Const(0.5)}}}.
type After struct{ Dist distuv.Quantiler }

// At is a scheduled move: the transition fires on the day Day gives,
// which may read variables, agreed values, parameters and the day:
// At{param.Expr("summit_day")}. The day is computed when the transition is
// enabled and again whenever the world changes while it is, so that an
// effect can postpone the move; leaving the state cancels it. A day
// already past fires at once, after the scheduled events of that day; a
// day that is NaN or infinite is no date, and the transition waits for
// one.
type At struct{ Day param.Num }

func (Rate) isDelay()  {}
func (Fixed) isDelay() {}
func (After) isDelay() {}
func (At) isDelay()    {}

// Definition is a scenario as plain data: its parts in declaration order,
// each a value whose numbers are param.Nums. It is the one form of a
// scenario's description: a Builder appends to one, scenariofile reads and
// writes one, Build compiles one into a runnable Scenario, and
// Scenario.Definition gives back the one it was built from.
type Definition struct {
	Name, Description string
	// Start is the state every run begins in, at day 0.
	Start string
	// Horizon is the day on which a run not yet absorbed stops and counts
	// as open; zero is not set.
	Horizon float64
	// StartDate is the calendar date of day 0; zero without one.
	StartDate   time.Time
	Parameters  []param.Parameter
	Variables   []VariableDef
	States      []StateDef
	Transitions []TransitionDef
	Events      []EventDef
	Routes      []RouteDef
	Claims      []Statement
	// Actors is the actors model whose parties sit at meetings, nil
	// without one; its numbers that depend on parameters hold their
	// param.Nums (actors.Model.ParamCells).
	Actors *actors.Model
}

// VariableDef is a world variable and its value at day 0. A variable
// named agreed.<issue> holds the value agreed on the issue, NaN until a
// meeting agrees; Build declares one for every issue on an agenda.
type VariableDef struct {
	Name    string
	Initial param.Num
}

// StateDef is a state. A state without transitions out is absorbing
// anyway; Absorbing says that this is meant, and Build reports a
// transition out of it.
type StateDef struct {
	Name, Description string
	Absorbing         bool
}

// TransitionDef is a timed transition. Name defaults to "From->To" (or
// "From->?"); a branching transition has Targets and no To.
type TransitionDef struct {
	Name, Description string
	From, To          string
	Targets           []Target
	Delay             Delay
	Guard             Guard
	Effects           []Effect
	// Participants sit at the meeting the transition holds; Bargainer and
	// Agenda say what they bargain over (a nil Bargainer: no agenda).
	// Accept gives a participant a rule for this meeting alone, in place
	// of the party's own (actors.Actor.Accept).
	Participants []string
	Accept       map[string]actors.Rule
	Bargainer    actors.Bargainer
	Agenda       []string
	OnDecline    AfterDecline
}

// EventDef is an exogenous event: at a rate (Timing a Rate) or on a day
// (a Scheduled), active in States (all states not absorbing when empty).
type EventDef struct {
	Name, Description string
	Timing            Timing
	States            []string
	Guard             Guard
	Effects           []Effect
	Goto              string
	Once              bool
	Participants      []string
	Accept            map[string]actors.Rule // as TransitionDef.Accept
	Bargainer         actors.Bargainer
	Agenda            []string
}

// RouteDef is a route, a named sequence of states; InOrder lets other
// states come between them.
type RouteDef struct {
	Name, Description string
	States            []string
	InOrder           bool
}

// clone returns a copy of d that shares no slice with it.
func (d Definition) clone() Definition {
	d.Parameters = slices.Clone(d.Parameters)
	d.Variables = slices.Clone(d.Variables)
	d.States = slices.Clone(d.States)
	d.Transitions = slices.Clone(d.Transitions)
	for i := range d.Transitions {
		t := &d.Transitions[i]
		t.Targets, t.Effects = slices.Clone(t.Targets), slices.Clone(t.Effects)
		t.Participants, t.Agenda, t.Accept = slices.Clone(t.Participants), slices.Clone(t.Agenda), maps.Clone(t.Accept)
	}
	d.Events = slices.Clone(d.Events)
	for i := range d.Events {
		e := &d.Events[i]
		e.States, e.Effects = slices.Clone(e.States), slices.Clone(e.Effects)
		e.Participants, e.Agenda, e.Accept = slices.Clone(e.Participants), slices.Clone(e.Agenda), maps.Clone(e.Accept)
	}
	d.Routes = slices.Clone(d.Routes)
	for i := range d.Routes {
		d.Routes[i].States = slices.Clone(d.Routes[i].States)
	}
	d.Claims = slices.Clone(d.Claims)
	for i := range d.Claims {
		d.Claims[i].States = slices.Clone(d.Claims[i].States)
	}
	return d
}

// Definition returns the definition the scenario was built from, with
// the parameters' bound values as their defaults: a copy its caller may
// keep, change and build again.
func (sc *Scenario) Definition() Definition {
	if sc.ps == nil {
		return Definition{}
	}
	d := sc.def.clone()
	for i := range d.Parameters {
		d.Parameters[i].Default = sc.ps.vals[i]
	}
	return d
}
