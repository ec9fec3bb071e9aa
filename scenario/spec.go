package scenario

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/internal/sample"
)

// snapshot copies the definition, so that Spec describes the scenario as it
// was built even if the Builder changes afterwards.
func (b *Builder) snapshot() *Builder {
	c := *b
	c.states = make([]*StateDef, len(b.states))
	for i, s := range b.states {
		x := *s
		c.states[i] = &x
	}
	c.vars = slices.Clone(b.vars)
	c.transitions = make([]*TransitionDef, len(b.transitions))
	for i, t := range b.transitions {
		x := *t
		x.targets = slices.Clone(t.targets)
		x.effects = slices.Clone(t.effects)
		x.participants = slices.Clone(t.participants)
		x.agenda = slices.Clone(t.agenda)
		c.transitions[i] = &x
	}
	c.events = make([]*EventDef, len(b.events))
	for i, e := range b.events {
		x := *e
		x.states = slices.Clone(e.states)
		x.effects = slices.Clone(e.effects)
		x.participants = slices.Clone(e.participants)
		x.agenda = slices.Clone(e.agenda)
		c.events[i] = &x
	}
	c.routes = make([]*RouteDef, len(b.routes))
	for i, r := range b.routes {
		x := *r
		x.states = slices.Clone(r.states)
		c.routes[i] = &x
	}
	c.claims = slices.Clone(b.claims)
	return &c
}

// Spec describes a built scenario in plain data, for writing it out (package
// scenariofile writes it as a file that loads back into the same scenario).
// Guards, effects and claims that are Go functions cannot be described.
type Spec struct {
	Name, Description, Start string
	Horizon                  float64
	Vars                     []VarSpec // without the agreed.<issue> variables
	States                   []StateSpec
	Transitions              []TransitionSpec
	Events                   []EventSpec
	Routes                   []RouteSpec
	Claims                   []ClaimSpec
	Actors                   *actors.Model
	// Params are the parameters, each with its bound value as Default.
	Params []Parameter
	// ActorNums are the actors' numbers that depend on parameters: they
	// replace the model's values at their cells.
	ActorNums []ActorNumSpec
}

// ActorNumSpec is an actor's or a position's number that depends on
// parameters: a Value, a prior (Dist with Params) or a choice's Weights.
type ActorNumSpec struct {
	Actor, Issue string
	Field        actors.Field
	Value        *Num
	Dist         string
	Params       map[string]Num
	Choice       []float64
	Weights      []Num
}

// VarSpec is a world variable.
type VarSpec struct {
	Name    string
	Initial Num
}

// StateSpec is a state.
type StateSpec struct {
	Name, Description string
	Absorbing         bool
}

// DelaySpec is a delay: Rate (exponential), Fixed days, or a distribution
// by name and parameters (see sample names: gamma, beta, ...).
type DelaySpec struct {
	Rate, Fixed *Num
	Dist        string
	Params      map[string]Num
}

// TargetSpec is a branch target with its probability, or the expression of
// its weight.
type TargetSpec struct {
	To     string
	P      Num
	Weight string
}

// EffectSpec is an effect: Assign ("name = expression") or a range shift.
type EffectSpec struct {
	Assign     string
	ShiftRange *ShiftRangeSpec
}

// ShiftRangeSpec is a ShiftRange effect: constant shifts Lo and Hi, or the
// expressions LoExpr and HiExpr.
type ShiftRangeSpec struct {
	Actor, Issue   string
	Lo, Hi         float64
	LoExpr, HiExpr string
}

// MeetingSpec is who meets and what they bargain over.
type MeetingSpec struct {
	Participants []string
	Bargainer    actors.Bargainer
	Agenda       []string
}

// DeclineSpec is what follows a decline: Retry, RetryAfter or To.
type DeclineSpec struct {
	Retry      *DelaySpec
	RetryAfter *Num
	To         string
}

// TransitionSpec is a transition; To is empty when Branch is set.
type TransitionSpec struct {
	Name, Description, From, To string
	Branch                      []TargetSpec
	Delay                       DelaySpec
	When                        string // an expression; empty without guard
	Do                          []EffectSpec
	Meeting                     MeetingSpec
	OnDecline                   *DeclineSpec
}

// EventSpec is an event: Rate, or At Day with probability P.
type EventSpec struct {
	Name, Description string
	Rate              *Num
	Day, P            *Num
	In                []string
	When              string
	Do                []EffectSpec
	Goto              string
	Once              bool
	Meeting           MeetingSpec
}

// RouteSpec is a route.
type RouteSpec struct {
	Name, Description string
	States            []string
	InOrder           bool
}

// ClaimSpec is a claim: one of Reached, Completed, Occurred, Agreed (with
// AtLeast), and By.
type ClaimSpec struct {
	Name, Description                    string
	Reached, Completed, Occurred, Agreed string
	AtLeast, AtMost                      *float64
	By                                   float64
}

// Spec describes the scenario, or says which part is a Go function and so
// cannot be described.
func (sc *Scenario) Spec() (*Spec, error) {
	b := sc.defs
	sp := &Spec{Name: b.name, Description: b.description, Start: b.start, Horizon: b.horizon, Actors: sc.model}
	for i, p := range sc.ps.params {
		p.Default = sc.ps.vals[i]
		sp.Params = append(sp.Params, p)
	}
	for _, v := range b.vars {
		if !v.agreed {
			sp.Vars = append(sp.Vars, VarSpec{v.name, numOr(v.num, v.initial)})
		}
	}
	for _, an := range b.actorNums {
		as := ActorNumSpec{Actor: an.actor, Issue: an.issue, Field: an.field}
		switch {
		case an.choice != nil:
			as.Choice, as.Weights = an.choice, an.weights
		case an.dist != nil:
			ds, err := distOfSpec(an.dist)
			if err != nil {
				return nil, fmt.Errorf("actor %q: %v: %w", an.actor, an.field, err)
			}
			as.Dist, as.Params = ds.Dist, ds.Params
		default:
			n := an.num
			as.Value = &n
		}
		sp.ActorNums = append(sp.ActorNums, as)
	}
	for _, s := range b.states {
		sp.States = append(sp.States, StateSpec{s.name, s.description, s.absorbing})
	}
	for _, t := range b.transitions {
		name := t.name
		if name == "" {
			name = t.from + "->" + t.to
		}
		ts := TransitionSpec{Name: t.name, Description: t.description, From: t.from, To: t.to}
		for _, tg := range t.targets {
			switch {
			case tg.weight == nil:
				ts.Branch = append(ts.Branch, TargetSpec{To: tg.state, P: numOr(tg.num, tg.p)})
			case tg.text != "":
				ts.Branch = append(ts.Branch, TargetSpec{To: tg.state, Weight: tg.text})
			default:
				return nil, fmt.Errorf("transition %q: branch weights are Go functions and cannot be written", name)
			}
		}
		var err error
		if ts.Delay, err = delaySpec(t); err != nil {
			return nil, fmt.Errorf("transition %q: %w", name, err)
		}
		if ts.When, err = guardExpr(t.guard); err != nil {
			return nil, fmt.Errorf("transition %q: %w", name, err)
		}
		if ts.Do, err = effectSpecs(t.effects); err != nil {
			return nil, fmt.Errorf("transition %q: %w", name, err)
		}
		ts.Meeting = MeetingSpec{t.participants, t.bargainer, t.agenda}
		switch d := t.onDecline; d.kind {
		case declineRetry:
			ds := &DeclineSpec{}
			switch {
			case d.byDays:
				days := numOr(d.daysNum, d.days)
				ds.RetryAfter = &days
			case d.retryOf != nil:
				r, err := distOfSpec(d.retryOf)
				if err != nil {
					return nil, fmt.Errorf("transition %q: retry: %w", name, err)
				}
				ds.Retry = &r
			default:
				r, err := delaySpec(&TransitionDef{delayBy: byDistribution, dist: d.retry})
				if err != nil {
					return nil, fmt.Errorf("transition %q: retry: %w", name, err)
				}
				ds.Retry = &r
			}
			ts.OnDecline = ds
		case declineTo:
			ts.OnDecline = &DeclineSpec{To: d.state}
		}
		sp.Transitions = append(sp.Transitions, ts)
	}
	for _, e := range b.events {
		es := EventSpec{Name: e.name, Description: e.description, In: e.states, Goto: e.goTo, Once: e.once,
			Meeting: MeetingSpec{e.participants, e.bargainer, e.agenda}}
		if e.scheduled {
			day, p := numOr(e.dayNum, e.day), numOr(e.pNum, e.p)
			es.Day, es.P = &day, &p
		} else {
			rate := numOr(e.rateNum, e.rate)
			es.Rate = &rate
		}
		var err error
		if es.When, err = guardExpr(e.guard); err != nil {
			return nil, fmt.Errorf("event %q: %w", e.name, err)
		}
		if es.Do, err = effectSpecs(e.effects); err != nil {
			return nil, fmt.Errorf("event %q: %w", e.name, err)
		}
		sp.Events = append(sp.Events, es)
	}
	for _, r := range b.routes {
		sp.Routes = append(sp.Routes, RouteSpec{r.name, r.description, r.states, r.inOrder})
	}
	for _, c := range b.claims {
		cs := ClaimSpec{Name: c.name, Description: c.description, By: c.day}
		switch c.kind {
		case ClaimReached:
			cs.Reached = c.target
		case ClaimCompleted:
			cs.Completed = c.target
		case ClaimOccurred:
			cs.Occurred = c.target
		case ClaimAgreed:
			cs.Agreed = c.target
			if lo := c.min; !math.IsInf(lo, -1) {
				cs.AtLeast = &lo
			}
			if hi := c.max; !math.IsInf(hi, 1) {
				cs.AtMost = &hi
			}
		default:
			return nil, fmt.Errorf("claim %q is a Go function and cannot be written", c.name)
		}
		sp.Claims = append(sp.Claims, cs)
	}
	return sp, nil
}

func delaySpec(t *TransitionDef) (DelaySpec, error) {
	switch t.delayBy {
	case byRate:
		rate := numOr(t.rateNum, t.rate)
		return DelaySpec{Rate: &rate}, nil
	case byFixed:
		fixed := numOr(t.fixedNum, t.fixed)
		return DelaySpec{Fixed: &fixed}, nil
	}
	if t.distOf != nil {
		return distOfSpec(t.distOf)
	}
	name, params, ok := sample.Describe(t.dist)
	if !ok {
		return DelaySpec{}, fmt.Errorf("delay %T has no name in scenario files", t.dist)
	}
	ds := DelaySpec{Dist: name, Params: map[string]Num{}}
	for k, x := range params {
		ds.Params[k] = Const(x)
	}
	return ds, nil
}

// distOfSpec describes a DistOf by its family's name and parameters.
func distOfSpec(d *DistOf) (DelaySpec, error) {
	name, params, ok := sample.Describe(d.Family)
	k, n, fam := sample.Family(d.Family)
	if !ok || !fam || n != len(d.Params) {
		return DelaySpec{}, fmt.Errorf("distribution %T has no name in scenario files", d.Family)
	}
	ds := DelaySpec{Dist: name, Params: map[string]Num{}}
	for i, field := range sample.FieldNames(k) {
		if _, known := params[field]; !known {
			return DelaySpec{}, fmt.Errorf("distribution %T has no name in scenario files", d.Family)
		}
		ds.Params[field] = d.Params[i]
	}
	return ds, nil
}

// numOr returns n, or the constant x when n is nil.
func numOr(n *Num, x float64) Num {
	if n != nil {
		return *n
	}
	return Const(x)
}

// guardExpr writes a structured guard as an expression.
func guardExpr(g Guard) (string, error) {
	switch x := g.(type) {
	case nil:
		return "", nil
	case VarCompare:
		return x.Var + " " + x.Op.String() + " " + strconv.FormatFloat(x.Value, 'g', -1, 64), nil
	case AllOf, AnyOf:
		gs, sep := []Guard(nil), " && "
		if a, ok := x.(AllOf); ok {
			gs = a
		} else {
			gs, sep = x.(AnyOf), " || "
		}
		out := ""
		for i, g := range gs {
			s, err := guardExpr(g)
			if err != nil {
				return "", err
			}
			if i > 0 {
				out += sep
			}
			out += "(" + s + ")"
		}
		return out, nil
	case NotOf:
		s, err := guardExpr(x.Guard)
		return "!(" + s + ")", err
	case Condition:
		return x.Text, nil
	}
	return "", fmt.Errorf("its guard is a Go function and cannot be written")
}

func effectSpecs(es []Effect) ([]EffectSpec, error) {
	var out []EffectSpec
	for _, e := range es {
		switch x := e.(type) {
		case Set:
			out = append(out, EffectSpec{Assign: x.Var + " = " + strconv.FormatFloat(x.Value, 'g', -1, 64)})
		case Add:
			out = append(out, EffectSpec{Assign: x.Var + " = " + x.Var + " + " + strconv.FormatFloat(x.Delta, 'g', -1, 64)})
		case RangeShift:
			out = append(out, EffectSpec{ShiftRange: &ShiftRangeSpec{Actor: x.Actor, Issue: x.Issue, Lo: x.Lo, Hi: x.Hi}})
		case RangeShiftBy:
			out = append(out, EffectSpec{ShiftRange: &ShiftRangeSpec{Actor: x.Actor, Issue: x.Issue, LoExpr: x.LoText, HiExpr: x.HiText}})
		case Assignment:
			if x.Text == "" {
				return nil, fmt.Errorf("an effect is a Go function and cannot be written")
			}
			out = append(out, EffectSpec{Assign: x.Var + " = " + x.Text})
		default:
			return nil, fmt.Errorf("an effect is a Go function and cannot be written")
		}
	}
	return out, nil
}
