package scenario

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// StatementKind says what a statement is about.
type StatementKind uint8

// The kinds of statement.
const (
	// StatementClaim is the scenario's claim named Target: how a record
	// of what happened, or an observation, refers to a declared claim.
	StatementClaim StatementKind = iota
	// StatementEntered: the state Target entered on some day from From to
	// To, both included (From 0: "entered by day To").
	StatementEntered
	// StatementInState: the run in the state Target at day To, after
	// everything that happened on it.
	StatementInState
	// StatementOccurred: the event Target occurred on some day from From
	// to To.
	StatementOccurred
	// StatementVariable: the variable Target's value within [Min, Max] at
	// day To.
	StatementVariable
	// StatementAgreed: a meeting held on some day from From to To agreed a
	// value within [Min, Max] on the issue Target.
	StatementAgreed
	// StatementRoute: the route Target's status at day To is Status.
	StatementRoute
	// StatementFunc: a Go function of the finished run's trace (Holds, or
	// HoldsStates of the named States).
	StatementFunc
	// StatementAll: every one of Parts holds.
	StatementAll
	// StatementAny: at least one of Parts holds.
	StatementAny
	// StatementBefore: Parts[0] happens, and Parts[1] has not happened
	// by then (it happens later, or never). Both are happenings: a state
	// entered, an event occurred, a value agreed or a route completed,
	// each within its window (To may be +Inf: any day).
	StatementBefore
	// StatementWithin: Parts[1] happens from From to To days (both
	// included) after Parts[0] first happens; both are happenings, as in
	// StatementBefore.
	StatementWithin
)

var statementKindNames = [...]string{StatementClaim: "claim", StatementEntered: "entered", StatementInState: "in_state",
	StatementOccurred: "occurred", StatementVariable: "variable", StatementAgreed: "agreed", StatementRoute: "route", StatementFunc: "func",
	StatementAll: "all", StatementAny: "any", StatementBefore: "before", StatementWithin: "within"}

func (k StatementKind) String() string {
	if int(k) < len(statementKindNames) {
		return statementKindNames[k]
	}
	return "StatementKind(" + strconv.Itoa(int(k)) + ")"
}

// Truth is what is known of a statement.
type Truth uint8

// What may be known of a statement.
const (
	TruthUnknown Truth = iota // not known: a claim to estimate, or an observation as stated
	TruthHeld                 // known to have held
	TruthNotHeld              // known not to have held
)

// Statement is one statement about a run: what a claim says will happen
// (estimated: Scenario.Claims, Builder.Claim), what an observation says
// did happen (conditioned on: Scenario.Observe), and what the record of a
// negotiation says happened (scored: outcomes.ScoreForecasts), with, when
// known, its truth, the date and the source. One statement serves all
// three: a claim's record is the claim with its Truth set.
//
// Make one with Entered, InState, Occurred, VariableAt, AgreedWithin,
// RouteAt or ClaimFunc, and combine them with AllOf, AnyOf, Before and
// Within; Named names it (a claim needs a name), Negate turns it into its
// negation ("no bilateral by day 7") and Known records what is known of
// it.
type Statement struct {
	// Name names a claim; an observation or a record entry may have none.
	Name string
	// Description says who claimed it, or what it says; a claim without
	// one is described by what it states ("bilateral reached by day 14").
	Description string
	Kind        StatementKind
	// Target is the state, event, variable, issue, route or claim the
	// statement is about.
	Target string
	// From and To are the window of days, both included, of Entered,
	// Occurred and Agreed; To alone is the day of InState, Variable and
	// Route.
	From, To float64
	// Min and Max bound the value of Variable and Agreed, both included.
	Min, Max float64
	// Status is Route's status.
	Status RouteStatus
	// Parts are the statements an All, Any, Before or Within combines.
	Parts []Statement
	// Not makes the statement its negation.
	Not bool
	// Truth, Date and Source are what is known of the statement: whether
	// it held, the date it is known to have (YYYY-MM-DD), and where it is
	// known from.
	Truth  Truth
	Date   string
	Source string
	// Holds decides a StatementFunc; or HoldsStates, given the States
	// named, which Build looks up.
	Holds       func(t *Trace) bool
	States      []string
	HoldsStates func(t *Trace, states []State) bool
}

// Entered states that the run entered state on some day from from to to
// (both included); Entered(s, 0, d) is "s entered by day d".
func Entered(state string, from, to float64) Statement {
	return Statement{Kind: StatementEntered, Target: state, From: from, To: to}
}

// InState states that the run was in state at the given day, after
// everything that happened on it.
func InState(state string, day float64) Statement {
	return Statement{Kind: StatementInState, Target: state, To: day}
}

// Occurred states that event occurred on some day from from to to.
func Occurred(event string, from, to float64) Statement {
	return Statement{Kind: StatementOccurred, Target: event, From: from, To: to}
}

// VariableAt states that the variable's value at the given day lay from lo
// to hi; lo == hi states it exactly.
func VariableAt(variable string, day, lo, hi float64) Statement {
	return Statement{Kind: StatementVariable, Target: variable, To: day, Min: lo, Max: hi}
}

// AgreedWithin states that a meeting held from day from to day to agreed
// a value from lo to hi (math.Inf for no bound) on the issue (an issue ID
// of the actors model).
func AgreedWithin(issue string, lo, hi, from, to float64) Statement {
	return Statement{Kind: StatementAgreed, Target: issue, Min: lo, Max: hi, From: from, To: to}
}

// RouteAt states the route's status at the given day; RouteAt(r, d,
// RouteCompleted) is "r completed by day d".
func RouteAt(route string, day float64, status RouteStatus) Statement {
	return Statement{Kind: StatementRoute, Target: route, To: day, Status: status}
}

// AllOf states that every one of parts holds.
func AllOf(parts ...Statement) Statement {
	return Statement{Kind: StatementAll, Parts: slices.Clone(parts)}
}

// AnyOf states that at least one of parts holds.
func AnyOf(parts ...Statement) Statement {
	return Statement{Kind: StatementAny, Parts: slices.Clone(parts)}
}

// Before states that first happens and second has not happened by then:
// Before(Entered("summit", 0, math.Inf(1)), Entered("collapse", 0,
// math.Inf(1))) is "a summit before any collapse". Each is a happening
// (Entered, Occurred, AgreedWithin, or RouteAt completed) within its own
// window.
func Before(first, second Statement) Statement {
	return Statement{Kind: StatementBefore, Parts: []Statement{first, second}}
}

// Within states that then happens within days after anchor first happens
// (from 0 to days days, both included): Within(Entered("first", 0, 60),
// Entered("second", 0, math.Inf(1)), 30) is "a second summit within 30
// days of the first, itself by day 60". Both are happenings, as in
// Before.
func Within(anchor, then Statement, days float64) Statement {
	return Statement{Kind: StatementWithin, Parts: []Statement{anchor, then}, To: days}
}

// ClaimNamed refers to the scenario's claim of that name, for a record of
// what happened or an observation: ClaimNamed("merz-14").Known(TruthHeld,
// "2025-08-29").
func ClaimNamed(name string) Statement {
	return Statement{Kind: StatementClaim, Target: name}
}

// ClaimFunc is a claim decided by a Go function of the finished run's
// trace. holds must not keep the trace, and should not allocate: it runs
// once per run.
func ClaimFunc(name string, holds func(t *Trace) bool) Statement {
	return Statement{Name: name, Kind: StatementFunc, Holds: holds}
}

// ClaimOnStates is a claim decided by a Go function of the finished run's
// trace and of the named states, which Build looks up (reporting a name
// that is not a state), so that the function can be written before the
// scenario is built:
//
//	ClaimOnStates("bilateral-first", []string{"bilateral", "trilateral"},
//		func(t *Trace, s []State) bool { return t.FirstEntry(s[0]) < t.FirstEntry(s[1]) })
//
// holds must not keep the trace or the slice, and should not allocate.
func ClaimOnStates(name string, states []string, holds func(t *Trace, states []State) bool) Statement {
	return Statement{Name: name, Kind: StatementFunc, States: append([]string(nil), states...), HoldsStates: holds}
}

// Named names the statement: a claim's name.
func (s Statement) Named(name string) Statement {
	s.Name = name
	return s
}

// Describe sets the description, for example who made the claim.
func (s Statement) Describe(text string) Statement {
	s.Description = text
	return s
}

// Negate returns the statement that s does not hold.
func (s Statement) Negate() Statement {
	s.Not = !s.Not
	return s
}

// Known records what is known of the statement: its truth, the date it
// became known (YYYY-MM-DD; empty when none) and the source it is known
// from (empty when none).
func (s Statement) Known(truth Truth, date, source string) Statement {
	s.Truth, s.Date, s.Source = truth, date, source
	return s
}

// String states the statement, as in "bilateral not entered by day 7",
// and what is known of it: "claim merz-14 (did not hold)".
func (s Statement) String() string { return s.text(time.Time{}) }

// Text states st as String does, with the date beside each day when the
// scenario has a start date: "bilateral entered by day 14 (2025-08-31)".
// A day that ends a window, or an instant, is dated by the last whole
// date up to it, as a file's by: 2025-08-31 means day 14; a window's
// first day by the date it begins.
func (sc *Scenario) Text(st Statement) string { return st.text(sc.startDate) }

func (s Statement) text(start time.Time) string {
	switch s.Truth {
	case TruthHeld:
		return s.statedOn(start) + " (held)"
	case TruthNotHeld:
		return s.statedOn(start) + " (did not hold)"
	}
	return s.statedOn(start)
}

// dayText is "day 14", and with a start date "day 14 (2025-08-31)": the
// last whole date by the day when it ends something (end), else the
// date it begins.
func dayText(x float64, start time.Time, end bool) string {
	out := "day " + strconv.FormatFloat(x, 'g', -1, 64)
	if start.IsZero() || !finite(x) {
		return out
	}
	d := x
	if end {
		d = math.Ceil(x) - 1
	}
	return out + " (" + DateOf(start, d).Format(time.DateOnly) + ")"
}

func (s Statement) statedOn(start time.Time) string {
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	at := func(x float64) string { return dayText(x, start, true) }
	window := "by " + at(s.To)
	switch {
	case math.IsInf(s.To, 1) && s.From > 0:
		window = "from " + dayText(s.From, start, false)
	case math.IsInf(s.To, 1):
		window = "on any day"
	case s.From > 0:
		window = "from " + dayText(s.From, start, false) + " to " + at(s.To)
		if s.From == s.To {
			window = "on " + at(s.To)
		}
	}
	not := ""
	if s.Not {
		not = "not "
	}
	bounds := func() string {
		switch {
		case s.Min == s.Max:
			return g(s.Min)
		case math.IsInf(s.Min, -1) && math.IsInf(s.Max, 1):
			return "any value"
		case math.IsInf(s.Max, 1):
			return "at least " + g(s.Min)
		case math.IsInf(s.Min, -1):
			return "at most " + g(s.Max)
		}
		return "in [" + g(s.Min) + ", " + g(s.Max) + "]"
	}
	switch s.Kind {
	case StatementClaim:
		return not + "claim " + s.Target
	case StatementEntered:
		return fmt.Sprintf("%s %sentered %s", s.Target, not, window)
	case StatementInState:
		return fmt.Sprintf("%sin %s at %s", not, s.Target, at(s.To))
	case StatementOccurred:
		return fmt.Sprintf("%s %soccurred %s", s.Target, not, window)
	case StatementVariable:
		return fmt.Sprintf("%s %s%s at %s", s.Target, not, bounds(), at(s.To))
	case StatementAgreed:
		return fmt.Sprintf("%s %sagreed %s %s", s.Target, not, bounds(), window)
	case StatementRoute:
		return fmt.Sprintf("route %s %s%s at %s", s.Target, not, s.Status, at(s.To))
	case StatementFunc:
		if s.Not {
			return "not " + s.Name
		}
		return s.Name
	case StatementAll, StatementAny, StatementBefore, StatementWithin:
		text := compoundText(s, func(p Statement) string { return p.statedOn(start) })
		if s.Not {
			return "not (" + text + ")"
		}
		return text
	}
	return s.Kind.String()
}

// compoundText states a compound statement, each part as text gives it:
// "all of (a; b)", "(a) before (b)", "(b) within 30 days after (a)".
func compoundText(s Statement, text func(Statement) string) string {
	parts := make([]string, len(s.Parts))
	for i, p := range s.Parts {
		parts[i] = text(p)
	}
	switch {
	case s.Kind == StatementAll:
		return "all of (" + strings.Join(parts, "; ") + ")"
	case s.Kind == StatementAny:
		return "any of (" + strings.Join(parts, "; ") + ")"
	case len(parts) != 2:
		return s.Kind.String() + " (" + strings.Join(parts, "; ") + ")"
	case s.Kind == StatementBefore:
		return "(" + parts[0] + ") before (" + parts[1] + ")"
	}
	lag := "within " + strconv.FormatFloat(s.To, 'g', -1, 64) + " days"
	if s.From > 0 {
		lag = "from " + strconv.FormatFloat(s.From, 'g', -1, 64) + " to " + strconv.FormatFloat(s.To, 'g', -1, 64) + " days"
	}
	return "(" + parts[1] + ") " + lag + " after (" + parts[0] + ")"
}

// claimText is a claim's description when none is given, in the words
// claims have always had: "bilateral reached by day 14".
func claimText(c Statement, start time.Time) string {
	day := strings.TrimPrefix(dayText(c.To, start, true), "day ")
	if math.IsInf(c.To, 1) {
		// A part of an order without a deadline: "second reached".
		return strings.TrimSuffix(claimText(Statement{Kind: c.Kind, Target: c.Target, Min: c.Min, Max: c.Max, Not: c.Not, Name: c.Name}, time.Time{}), " by day 0")
	}
	not := ""
	if c.Not {
		not = "not "
	}
	switch c.Kind {
	case StatementEntered:
		return fmt.Sprintf("%s %sreached by day %s", c.Target, not, day)
	case StatementRoute:
		return fmt.Sprintf("route %s %scompleted by day %s", c.Target, not, day)
	case StatementOccurred:
		return fmt.Sprintf("%s %soccurred by day %s", c.Target, not, day)
	case StatementAgreed:
		lo, hi := strconv.FormatFloat(c.Min, 'g', -1, 64), strconv.FormatFloat(c.Max, 'g', -1, 64)
		switch {
		case math.IsInf(c.Max, 1):
			return fmt.Sprintf("%s %sagreed at %s or more by day %s", c.Target, not, lo, day)
		case math.IsInf(c.Min, -1):
			return fmt.Sprintf("%s %sagreed at %s or less by day %s", c.Target, not, hi, day)
		}
		return fmt.Sprintf("%s %sagreed between %s and %s by day %s", c.Target, not, lo, hi, day)
	}
	if c.Kind >= StatementAll && c.Kind <= StatementWithin {
		text := compoundText(c, func(p Statement) string { return claimText(p, start) })
		if c.Not {
			return "not (" + text + ")"
		}
		return text
	}
	if c.Kind == StatementInState || c.Kind == StatementVariable {
		return c.statedOn(start)
	}
	if c.Not {
		return "not " + c.Name
	}
	return c.Name
}
