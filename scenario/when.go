package scenario

import (
	"errors"
	"strconv"

	"github.com/parleysim/parley/actors"
)

// When is an acceptance rule on the world of the run: the actor accepts
// while Guard allows, for example When{Condition{Text: "prepared >= 1"}}, "only
// once officials have prepared it". Combine it with the actors rules by
// actors.All and actors.Any. Build binds its guard as it binds a
// transition's guard (an unknown variable is a definition problem); a When
// that no scenario bound declines.
type When struct {
	Guard Guard
}

// Accept declines: the scenario calls the bound rule in its place.
func (When) Accept(*actors.Meeting) bool { return false }

// whenRule is a When bound by Build: it reads the world the run passes in
// Meeting.World. A guard that compares one variable with a number, the
// common precondition, is kept as it is (isVar), so that it is tested
// without an interface call.
type whenRule struct {
	g     cond
	v     varCond
	isVar bool
	text  string
}

func (r whenRule) Accept(m *actors.Meeting) bool {
	w, ok := m.World.(*World)
	if !ok || w == nil {
		return false
	}
	if r.isVar {
		return r.v.allow(w)
	}
	return r.g.allow(w)
}

func (r whenRule) String() string { return "when " + r.text }

// bindRule returns r with the guards of its When rules bound, inside All
// and Any too. A nil rule, or a nil RuleFunc, is an error.
func bindRule(r actors.Rule, env *bindEnv) (actors.Rule, error) {
	switch x := r.(type) {
	case nil:
		return nil, errors.New("nil rule")
	case actors.RuleFunc:
		if x == nil {
			return nil, errors.New("nil rule")
		}
	case When:
		g, err := bindGuard(x.Guard, env)
		if err != nil {
			return nil, err
		}
		v, isVar := g.(varCond)
		return whenRule{g: g, v: v, isVar: isVar, text: describe(x.Guard)}, nil
	case actors.All:
		out, err := bindRules(x, env)
		return actors.All(out), err
	case actors.Any:
		out, err := bindRules(x, env)
		return actors.Any(out), err
	}
	return r, nil
}

func bindRules(rs []actors.Rule, env *bindEnv) ([]actors.Rule, error) {
	out := make([]actors.Rule, len(rs))
	for k, r := range rs {
		b, err := bindRule(r, env)
		if err != nil {
			return nil, err
		}
		out[k] = b
	}
	return out, nil
}

// ruleReads lists the actors' fields a bound rule reads (a When reads the
// world, not the actors' numbers); ok is false for a Go function.
func ruleReads(r actors.Rule) (fields []actors.Field, ok bool) {
	switch x := r.(type) {
	case whenRule:
		return nil, true
	case actors.All:
		return allVars(x, ruleReads)
	case actors.Any:
		return allVars(x, ruleReads)
	}
	return actors.Reads(r)
}

// unreadableRule says why exact analysis cannot read a rule: it is, or
// holds, a Go function, or a condition over the day or values that change.
func unreadableRule(r actors.Rule) string {
	switch x := r.(type) {
	case whenRule:
		if what := movingReads(x.g); what != "" {
			return "is the condition " + strconv.Quote(x.text) + ", reading " + what + ", which exact analysis cannot follow"
		}
	case actors.All:
		return unreadableAmong(x)
	case actors.Any:
		return unreadableAmong(x)
	}
	return "is a Go function"
}

func unreadableAmong(rs []actors.Rule) string {
	for _, r := range rs {
		if _, ok := ruleVars(r); !ok {
			return unreadableRule(r)
		}
	}
	return "is a Go function"
}

// ruleVars lists the variables a bound rule reads; ok is false for a rule
// that is, or holds, a Go function, whose reads cannot be known.
func ruleVars(r actors.Rule) (vars []Var, ok bool) {
	switch x := r.(type) {
	case actors.Always, actors.ZoneOfAgreement, actors.ReservationValue:
		return nil, true
	case whenRule:
		return guardVars(x.g)
	case actors.All:
		return allVars(x, ruleVars)
	case actors.Any:
		return allVars(x, ruleVars)
	}
	return nil, false
}
