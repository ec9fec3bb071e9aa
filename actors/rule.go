package actors

import (
	"fmt"
	"math"
	"strconv"
)

// Meeting is what an actor sees when asked to take part in a proposed
// meeting. The caller owns it and reuses it; a Rule must not keep it.
type Meeting struct {
	Name    string    // the meeting, as the scenario names it
	Actor   int       // the actor deciding, an index in the model
	Parties []int     // everyone asked to sit at the table
	Agenda  []int     // the issues to be bargained over
	Agreed  []float64 // per agenda issue, the predicted agreement; NaN: none
	Pos     *Positions
	Vars    []float64 // the scenario's world variables, read-only
}

// Rule decides whether an actor accepts a proposed meeting. Accept must not
// change anything and must not allocate: it runs in the one-run loop.
type Rule interface {
	Accept(m *Meeting) bool
}

// VarBinder is implemented by rules that name world variables. A scenario
// calls BindVars once, when it is built, with a lookup from names to indexes
// in Meeting.Vars, and uses the rule it returns.
type VarBinder interface {
	BindVars(lookup func(name string) (int, bool)) (Rule, error)
}

// RuleFunc adapts a Go function to a Rule.
type RuleFunc func(m *Meeting) bool

// Accept calls f(m).
func (f RuleFunc) Accept(m *Meeting) bool { return f(m) }

// Always accepts every meeting: no preconditions.
func Always() Rule { return always{} }

type always struct{}

func (always) Accept(*Meeting) bool { return true }
func (always) String() string       { return "always" }

// VarAtLeast accepts while the named world variable is at least min, for
// example VarAtLeast("prepared", 1): "only once officials have prepared it".
func VarAtLeast(name string, min float64) Rule {
	return varRule{name: name, bound: min, atLeast: true, v: -1}
}

// VarAtMost accepts while the named world variable is at most max.
func VarAtMost(name string, max float64) Rule {
	return varRule{name: name, bound: max, v: -1}
}

type varRule struct {
	name    string
	bound   float64
	atLeast bool
	v       int
}

func (r varRule) Accept(m *Meeting) bool {
	if r.v < 0 {
		panic("actors: rule on " + strconv.Quote(r.name) + " used before a scenario bound it")
	}
	if r.atLeast {
		return m.Vars[r.v] >= r.bound
	}
	return m.Vars[r.v] <= r.bound
}

func (r varRule) BindVars(lookup func(string) (int, bool)) (Rule, error) {
	if math.IsNaN(r.bound) {
		return nil, fmt.Errorf("bound on %q is NaN", r.name)
	}
	v, ok := lookup(r.name)
	if !ok {
		return nil, fmt.Errorf("unknown variable %q", r.name)
	}
	r.v = v
	return r, nil
}

func (r varRule) String() string {
	op := "<="
	if r.atLeast {
		op = ">="
	}
	return r.name + " " + op + " " + strconv.FormatFloat(r.bound, 'g', -1, 64)
}

// ZoneOfAgreement accepts a meeting when, on every agenda issue, the
// parties' acceptable ranges overlap: there is something to agree on.
func ZoneOfAgreement() Rule { return zoneRule{} }

type zoneRule struct{}

func (zoneRule) Accept(m *Meeting) bool {
	t := Table{Parties: m.Parties, Pos: m.Pos}
	for _, i := range m.Agenda {
		t.Issue = i
		if lo, hi := t.Zone(); lo > hi {
			return false
		}
	}
	return true
}

func (zoneRule) String() string { return "zone of agreement" }

// ReservationValue accepts a meeting when the actor's expected utility of
// its predicted outcome is at least the actor's reservation value: the
// salience-weighted mean, over the agenda, of the utility of each predicted
// agreement, an issue without agreement counting at the reservation value.
// An actor with no stake in the agenda accepts.
func ReservationValue() Rule { return reservationRule{} }

type reservationRule struct{}

func (reservationRule) Accept(m *Meeting) bool {
	res := m.Pos.Reservation(m.Actor)
	var sw, su float64
	for k, i := range m.Agenda {
		s := m.Pos.Salience(m.Actor, i)
		u := res
		if x := m.Agreed[k]; !math.IsNaN(x) {
			u = m.Pos.Utility(m.Actor, i, x)
		}
		sw += s
		su += s * u
	}
	return sw == 0 || su >= res*sw
}

func (reservationRule) String() string { return "expected utility >= reservation value" }

// All accepts when every rule accepts.
func All(rules ...Rule) Rule { return allRules(rules) }

// Any accepts when at least one rule accepts.
func Any(rules ...Rule) Rule { return anyRules(rules) }

type allRules []Rule

func (rs allRules) Accept(m *Meeting) bool {
	for _, r := range rs {
		if !r.Accept(m) {
			return false
		}
	}
	return true
}

func (rs allRules) BindVars(lookup func(string) (int, bool)) (Rule, error) {
	out, err := bindAll(rs, lookup)
	return allRules(out), err
}

type anyRules []Rule

func (rs anyRules) Accept(m *Meeting) bool {
	for _, r := range rs {
		if r.Accept(m) {
			return true
		}
	}
	return false
}

func (rs anyRules) BindVars(lookup func(string) (int, bool)) (Rule, error) {
	out, err := bindAll(rs, lookup)
	return anyRules(out), err
}

func bindAll(rs []Rule, lookup func(string) (int, bool)) ([]Rule, error) {
	out := make([]Rule, len(rs))
	for k, r := range rs {
		b, err := Bind(r, lookup)
		if err != nil {
			return nil, err
		}
		out[k] = b
	}
	return out, nil
}

// Bind returns r with its world variables resolved through lookup, or r
// itself if it names none. A nil rule, or a nil RuleFunc, is an error.
func Bind(r Rule, lookup func(string) (int, bool)) (Rule, error) {
	if f, isFunc := r.(RuleFunc); r == nil || isFunc && f == nil {
		return nil, fmt.Errorf("nil rule")
	}
	if b, ok := r.(VarBinder); ok {
		return b.BindVars(lookup)
	}
	return r, nil
}

// ReadVars returns the indexes in Meeting.Vars that a bound built-in rule
// reads, and false for a rule that is (or holds) a Go function, whose
// reads cannot be known.
func ReadVars(r Rule) ([]int, bool) {
	switch x := r.(type) {
	case always, zoneRule, reservationRule:
		return nil, true
	case varRule:
		return []int{x.v}, true
	case allRules:
		return readAll(x)
	case anyRules:
		return readAll(x)
	}
	return nil, false
}

func readAll(rs []Rule) ([]int, bool) {
	var out []int
	for _, r := range rs {
		vs, ok := ReadVars(r)
		if !ok {
			return nil, false
		}
		out = append(out, vs...)
	}
	return out, true
}
