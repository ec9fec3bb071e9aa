package actors

import (
	"fmt"
	"math"
	"strings"
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
	// World is the run's world as the scenario passes it (a
	// *scenario.World), read-only. actors does not read it: rules that
	// depend on the world, such as scenario.When, come from the package
	// that knows it.
	World any
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
// ZoneOfAgreement, ReservationValue, All and Any; RuleFunc adapts a Go
// function. A rule on the world of the run (a variable's value) is
// scenario.When, since the world is the scenario's.
type Rule interface {
	Accept(m *Meeting) bool
}

// Compile-time checks that the built-in rules are Rules.
var (
	_ Rule = Always{}
	_ Rule = ZoneOfAgreement{}
	_ Rule = ReservationValue{}
	_ Rule = All{}
	_ Rule = Any{}
	_ Rule = RuleFunc(nil)
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

// String lists the rules, as in "all of (always; zone of agreement)".
func (rs All) String() string { return "all of (" + ruleTexts(rs) + ")" }

// String lists the rules, as in "any of (when prepared >= 1; when trust >= 1)".
func (rs Any) String() string { return "any of (" + ruleTexts(rs) + ")" }

// ruleTexts is how rules read in a list: their String, "a Go function"
// for one without, "always" for a nil one.
func ruleTexts(rs []Rule) string {
	parts := make([]string, len(rs))
	for i, r := range rs {
		switch x := r.(type) {
		case nil:
			parts[i] = "always"
		case fmt.Stringer:
			parts[i] = x.String()
		default:
			parts[i] = "a Go function"
		}
	}
	return strings.Join(parts, "; ")
}
