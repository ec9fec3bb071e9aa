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
	// ZoneLo and ZoneHi, when set (one per agenda issue), are the zones of
	// agreement of the agenda's issues, worked out once for every party's
	// rule; nil means each rule works them out.
	ZoneLo, ZoneHi []float64
}

// Rule decides whether an actor accepts a proposed meeting. Accept must not
// change anything and must not allocate: it runs in the one-run loop.
//
// The built-in rules are value types with their settings as fields, so
// that encoders and analyses can type-switch on them: Always,
// ZoneOfAgreement, ReservationValue, VarAtLeast, VarAtMost, All and Any;
// RuleFunc adapts a Go function.
type Rule interface {
	Accept(m *Meeting) bool
}

// VarBinder is implemented by rules that name world variables. A scenario
// calls BindVars once, when it is built, with a lookup from names to indexes
// in Meeting.Vars, and uses the rule it returns.
type VarBinder interface {
	BindVars(lookup func(name string) (int, bool)) (Rule, error)
}

// Compile-time checks that the built-in rules are Rules.
var (
	_ Rule      = Always{}
	_ Rule      = ZoneOfAgreement{}
	_ Rule      = ReservationValue{}
	_ VarBinder = VarAtLeast{}
	_ VarBinder = VarAtMost{}
	_ VarBinder = All{}
	_ VarBinder = Any{}
	_ Rule      = RuleFunc(nil)
)

// RuleFunc adapts a Go function to a Rule.
type RuleFunc func(m *Meeting) bool

// Accept calls f(m); a nil RuleFunc sets no precondition and accepts, as
// Always does.
func (f RuleFunc) Accept(m *Meeting) bool { return f == nil || f(m) }

// Always accepts every meeting: no preconditions.
type Always struct{}

// Accept accepts.
func (Always) Accept(*Meeting) bool { return true }
func (Always) String() string       { return "always" }

// VarAtLeast accepts while the world variable Var is at least Min, for
// example VarAtLeast{Var: "prepared", Min: 1}: "only once officials have
// prepared it". A scenario binds Var to its variable when it is built.
type VarAtLeast struct {
	Var string
	Min float64
}

// Accept declines: a VarAtLeast reads its variable once a scenario has
// bound it (BindVars), and the scenario calls the bound rule in its place.
func (r VarAtLeast) Accept(*Meeting) bool { return false }

// BindVars resolves Var.
func (r VarAtLeast) BindVars(lookup func(string) (int, bool)) (Rule, error) {
	return bindVar(r.Var, r.Min, true, lookup)
}

func (r VarAtLeast) String() string { return r.Var + " >= " + strconv.FormatFloat(r.Min, 'g', -1, 64) }

// VarAtMost accepts while the world variable Var is at most Max.
type VarAtMost struct {
	Var string
	Max float64
}

// Accept declines, as VarAtLeast's: the scenario calls the bound rule.
func (r VarAtMost) Accept(*Meeting) bool { return false }

// BindVars resolves Var.
func (r VarAtMost) BindVars(lookup func(string) (int, bool)) (Rule, error) {
	return bindVar(r.Var, r.Max, false, lookup)
}

func (r VarAtMost) String() string { return r.Var + " <= " + strconv.FormatFloat(r.Max, 'g', -1, 64) }

// varRule is VarAtLeast or VarAtMost bound to the variable's index.
type varRule struct {
	name    string
	bound   float64
	atLeast bool
	v       int
}

func bindVar(name string, bound float64, atLeast bool, lookup func(string) (int, bool)) (Rule, error) {
	if math.IsNaN(bound) {
		return nil, fmt.Errorf("bound on %q is NaN", name)
	}
	v, ok := lookup(name)
	if !ok {
		return nil, fmt.Errorf("unknown variable %q", name)
	}
	return varRule{name: name, bound: bound, atLeast: atLeast, v: v}, nil
}

func (r varRule) Accept(m *Meeting) bool {
	if r.atLeast {
		return m.Vars[r.v] >= r.bound
	}
	return m.Vars[r.v] <= r.bound
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
type ZoneOfAgreement struct{}

// Accept reports whether every agenda issue has a zone of agreement.
func (ZoneOfAgreement) Accept(m *Meeting) bool {
	if len(m.ZoneLo) == len(m.Agenda) && len(m.ZoneHi) == len(m.Agenda) {
		for k := range m.Agenda {
			if m.ZoneLo[k] > m.ZoneHi[k] {
				return false
			}
		}
		return true
	}
	t := Table{Parties: m.Parties, Pos: m.Pos}
	for _, i := range m.Agenda {
		t.Issue = i
		if lo, hi := t.Zone(); lo > hi {
			return false
		}
	}
	return true
}

func (ZoneOfAgreement) String() string { return "zone of agreement" }

// ReservationValue accepts a meeting when the actor's expected utility of
// its predicted outcome is at least the actor's reservation value: the
// salience-weighted mean, over the agenda, of the utility of each predicted
// agreement, an issue without agreement counting at the reservation value.
// An actor with no stake in the agenda accepts.
type ReservationValue struct{}

// Accept compares the expected utility with the reservation value.
func (ReservationValue) Accept(m *Meeting) bool {
	if m == nil || m.Pos == nil {
		return false // nothing to weigh
	}
	res := m.Pos.Reservation(m.Actor)
	var sw, su float64
	for k, i := range m.Agenda {
		s := m.Pos.Salience(m.Actor, i)
		u := res
		if x := m.Agreed[k]; !math.IsNaN(x) {
			u = m.Pos.Utility(m.Actor, i, x)
		}
		sw += s
		su += float64(s * u)
	}
	return sw == 0 || su >= res*sw
}

func (ReservationValue) String() string { return "expected utility >= reservation value" }

// All accepts when every rule accepts: All{ZoneOfAgreement{}, ReservationValue{}}.
type All []Rule

// Accept reports whether every rule accepts.
func (rs All) Accept(m *Meeting) bool {
	for _, r := range rs {
		if !r.Accept(m) {
			return false
		}
	}
	return true
}

// BindVars binds every rule.
func (rs All) BindVars(lookup func(string) (int, bool)) (Rule, error) {
	out, err := bindAll(rs, lookup)
	return All(out), err
}

// Any accepts when at least one rule accepts.
type Any []Rule

// Accept reports whether some rule accepts.
func (rs Any) Accept(m *Meeting) bool {
	for _, r := range rs {
		if r.Accept(m) {
			return true
		}
	}
	return false
}

// BindVars binds every rule.
func (rs Any) BindVars(lookup func(string) (int, bool)) (Rule, error) {
	out, err := bindAll(rs, lookup)
	return Any(out), err
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
	case Always, ZoneOfAgreement, ReservationValue:
		return nil, true
	case varRule:
		return []int{x.v}, true
	case All:
		return readAll(x)
	case Any:
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
