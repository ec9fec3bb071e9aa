package scenario

import (
	"slices"
	"time"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/param"
)

// Delay is how long a transition waits once enabled, or a declined meeting
// before it is asked again: Rate (exponential, made by Exp), Fixed (days,
// made by Days), After (any distribution) or DistOf (a family whose
// parameters are Nums). The set is sealed, so that encoders can
// type-switch on it.
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

// After is a delay drawn from Dist.
type After struct{ Dist Distribution }

func (Rate) isDelay()   {}
func (Fixed) isDelay()  {}
func (After) isDelay()  {}
func (DistOf) isDelay() {}

// Definition is a scenario as it was defined, part by part, in declaration
// order: what Scenario.Definition returns, a copy its caller may keep. It
// holds the definition's own values (Delays, Guards, Effects, Targets,
// Nums over parameters), so that an encoder (scenariofile.Write) can
// translate it without any knowledge of how the scenario runs.
type Definition struct {
	Name, Description, Start string
	Horizon                  float64
	// StartDate is the calendar date of day 0; zero without one.
	StartDate time.Time
	// Parameters are the parameters with their bound values as Default.
	Parameters  []Parameter
	Variables   []VariableView // the agreed.<issue> variables left out
	States      []StateView
	Transitions []TransitionView
	Events      []EventView
	Routes      []RouteView
	Claims      []ClaimDef
	// Actors is the actors model as given to Builder.Actors, nil without
	// one; its numbers that depend on parameters hold their param.Nums
	// (actors.Model.ParamCells).
	Actors *actors.Model
}

// VariableView is a world variable as declared.
type VariableView struct {
	Name    string
	Initial param.Num
}

// StateView is a state as declared; Absorbing says whether it was declared
// so (a state without transitions out is absorbing anyway).
type StateView struct {
	Name, Description string
	Absorbing         bool
}

// TransitionView is a transition as declared. Name is empty when none was
// given; To is empty for a branching transition, which has Targets.
type TransitionView struct {
	Name, Description string
	From, To          string
	Targets           []Target
	Delay             Delay
	Guard             Guard
	Effects           []Effect
	Participants      []string
	Bargainer         actors.Bargainer // nil without an agenda
	Agenda            []string
	OnDecline         AfterDecline
}

// EventView is an event as declared: a rate event (Rate set) or a
// scheduled one (Day and P set).
type EventView struct {
	Name, Description string
	Rate              *param.Num
	Day, P            *param.Num
	States            []string
	Guard             Guard
	Effects           []Effect
	Goto              string
	Once              bool
	Participants      []string
	Bargainer         actors.Bargainer
	Agenda            []string
}

// RouteView is a route as declared.
type RouteView struct {
	Name, Description string
	States            []string
	InOrder           bool
}

// Definition returns the scenario as defined; see Definition.
func (sc *Scenario) Definition() Definition {
	if sc.ps == nil {
		return Definition{}
	}
	d := sc.def
	d.Parameters = sc.Parameters()
	for i := range d.Parameters {
		d.Parameters[i].Default = sc.ps.vals[i]
	}
	d.Variables = slices.Clone(d.Variables)
	d.States = slices.Clone(d.States)
	d.Transitions = slices.Clone(d.Transitions)
	for i := range d.Transitions {
		t := &d.Transitions[i]
		t.Targets, t.Effects = slices.Clone(t.Targets), slices.Clone(t.Effects)
		t.Participants, t.Agenda = slices.Clone(t.Participants), slices.Clone(t.Agenda)
	}
	d.Events = slices.Clone(d.Events)
	for i := range d.Events {
		e := &d.Events[i]
		e.States, e.Effects = slices.Clone(e.States), slices.Clone(e.Effects)
		e.Participants, e.Agenda = slices.Clone(e.Participants), slices.Clone(e.Agenda)
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

// define records the builder's parts as the scenario's Definition.
func define(b *Builder) Definition {
	d := Definition{Name: b.name, Description: b.description, Start: b.start, Horizon: b.horizon, StartDate: b.startDate, Actors: b.model}
	for _, v := range b.vars {
		if !v.agreed {
			d.Variables = append(d.Variables, VariableView{v.name, v.initial})
		}
	}
	for _, s := range b.states {
		d.States = append(d.States, StateView{s.name, s.description, s.absorbing})
	}
	for _, t := range b.transitions {
		tv := TransitionView{Name: t.name, Description: t.description, From: t.from, To: t.to,
			Targets: slices.Clone(t.targets), Delay: t.delay, Guard: t.guard, Effects: slices.Clone(t.effects),
			Participants: slices.Clone(t.participants), Agenda: slices.Clone(t.agenda), OnDecline: t.onDecline}
		if t.branching {
			tv.To = ""
		}
		if t.agendaSet {
			tv.Bargainer = t.bargainer
		}
		d.Transitions = append(d.Transitions, tv)
	}
	for _, e := range b.events {
		ev := EventView{Name: e.name, Description: e.description, States: slices.Clone(e.states), Guard: e.guard,
			Effects: slices.Clone(e.effects), Goto: e.goTo, Once: e.once,
			Participants: slices.Clone(e.participants), Agenda: slices.Clone(e.agenda)}
		if e.scheduled {
			day, p := e.day, e.p
			ev.Day, ev.P = &day, &p
		} else {
			rate := e.rate
			ev.Rate = &rate
		}
		if e.agendaSet {
			ev.Bargainer = e.bargainer
		}
		d.Events = append(d.Events, ev)
	}
	for _, r := range b.routes {
		d.Routes = append(d.Routes, RouteView{r.name, r.description, slices.Clone(r.states), r.inOrder})
	}
	for _, c := range b.claims {
		c.States = slices.Clone(c.States)
		d.Claims = append(d.Claims, c)
	}
	return d
}
