package scenario

import (
	"fmt"
	"math"
	"strconv"
)

// ClaimKind says what a claim is about.
type ClaimKind uint8

// The kinds of claim, one per constructor.
const (
	ClaimReached   ClaimKind = iota // ReachedBy: a state entered by a day
	ClaimCompleted                  // CompletedBy: a route completed by a day
	ClaimOccurred                   // OccurredBy: an event occurred by a day
	ClaimGo                         // ClaimFunc, ClaimOnStates: a Go function of the trace
	ClaimAgreed                     // AgreedBy, AgreedAtMost, AgreedBetween: a value agreed by a day
)

var claimKindNames = [...]string{ClaimReached: "reached", ClaimCompleted: "completed", ClaimOccurred: "occurred", ClaimGo: "go", ClaimAgreed: "agreed"}

func (k ClaimKind) String() string {
	if int(k) < len(claimKindNames) {
		return claimKindNames[k]
	}
	return "ClaimKind(" + strconv.Itoa(int(k)) + ")"
}

// ClaimDef is a claim as declared, naming its state, route or event; Build
// resolves the names. Make one with ReachedBy, CompletedBy, OccurredBy or
// ClaimFunc.
type ClaimDef struct {
	Name        string
	Description string // who claimed it; a statement of the claim when empty
	Kind        ClaimKind
	Target      string              // the state, route, event or issue the claim is about
	Day         float64             // the deadline
	Min, Max    float64             // an agreed value's bounds (ClaimAgreed)
	Holds       func(t *Trace) bool // ClaimGo, from ClaimFunc
	// States and HoldsStates: for ClaimOnStates, the states named and the
	// function given them.
	States      []string
	HoldsStates func(t *Trace, states []State) bool
}

// ReachedBy claims that the run enters state on or before the given day.
func ReachedBy(name, state string, day float64) ClaimDef {
	return ClaimDef{Name: name, Kind: ClaimReached, Target: state, Day: day}
}

// CompletedBy claims that the run completes route on or before the given day.
func CompletedBy(name, route string, day float64) ClaimDef {
	return ClaimDef{Name: name, Kind: ClaimCompleted, Target: route, Day: day}
}

// OccurredBy claims that event occurs on or before the given day.
func OccurredBy(name, event string, day float64) ClaimDef {
	return ClaimDef{Name: name, Kind: ClaimOccurred, Target: event, Day: day}
}

// AgreedBy claims that some meeting agrees a value of at least min on the
// issue (an issue ID of the actors model) on or before the given day.
func AgreedBy(name, issue string, min, day float64) ClaimDef {
	return ClaimDef{Name: name, Kind: ClaimAgreed, Target: issue, Min: min, Max: math.Inf(1), Day: day}
}

// AgreedAtMost claims that some meeting agrees a value of at most max on
// the issue on or before the given day.
func AgreedAtMost(name, issue string, max, day float64) ClaimDef {
	return ClaimDef{Name: name, Kind: ClaimAgreed, Target: issue, Min: math.Inf(-1), Max: max, Day: day}
}

// AgreedBetween claims that some meeting agrees a value from lo to hi
// (inclusive) on the issue on or before the given day.
func AgreedBetween(name, issue string, lo, hi, day float64) ClaimDef {
	return ClaimDef{Name: name, Kind: ClaimAgreed, Target: issue, Min: lo, Max: hi, Day: day}
}

// ClaimFunc is a claim decided by a Go function of the finished run's trace.
// holds must not keep the trace, and should not allocate: it runs once per run.
func ClaimFunc(name string, holds func(t *Trace) bool) ClaimDef {
	return ClaimDef{Name: name, Kind: ClaimGo, Holds: holds}
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
func ClaimOnStates(name string, states []string, holds func(t *Trace, states []State) bool) ClaimDef {
	return ClaimDef{Name: name, Kind: ClaimGo, States: append([]string(nil), states...), HoldsStates: holds}
}

// Describe sets the claim's description, for example who made it.
func (c ClaimDef) Describe(text string) ClaimDef {
	c.Description = text
	return c
}

// Claim is a compiled claim: a statement about a run that holds or not.
type Claim struct {
	name        string
	description string
	kind        ClaimKind
	state       State
	route       *Route
	event       int32
	issue       int32
	day         float64
	min, max    float64
	holds       func(t *Trace) bool
}

// Name returns the claim's name.
func (c *Claim) Name() string { return c.name }

// Description returns the claim's description; without one given, a
// statement of what is claimed, such as "bilateral reached by day 14".
func (c *Claim) Description() string { return c.description }

// Holds reports whether the claim holds in the run t.
func (c *Claim) Holds(t *Trace) bool {
	switch c.kind {
	case ClaimReached:
		return t.FirstEntry(c.state) <= c.day
	case ClaimCompleted:
		completed, _ := c.route.Times(t)
		return completed <= c.day
	case ClaimOccurred:
		return t.FirstOccurrence(Event(c.event)) <= c.day
	case ClaimAgreed:
		for i := range t.Agreements {
			a := &t.Agreements[i]
			if a.Issue == c.issue && a.Reached && a.Value >= c.min && a.Value <= c.max && a.Day <= c.day {
				return true
			}
		}
		return false
	default:
		return c.holds(t)
	}
}

func defaultClaimText(c ClaimDef) string {
	day := strconv.FormatFloat(c.Day, 'g', -1, 64)
	switch c.Kind {
	case ClaimReached:
		return fmt.Sprintf("%s reached by day %s", c.Target, day)
	case ClaimCompleted:
		return fmt.Sprintf("route %s completed by day %s", c.Target, day)
	case ClaimOccurred:
		return fmt.Sprintf("%s occurred by day %s", c.Target, day)
	case ClaimAgreed:
		lo, hi := strconv.FormatFloat(c.Min, 'g', -1, 64), strconv.FormatFloat(c.Max, 'g', -1, 64)
		switch {
		case math.IsInf(c.Max, 1):
			return fmt.Sprintf("%s agreed at %s or more by day %s", c.Target, lo, day)
		case math.IsInf(c.Min, -1):
			return fmt.Sprintf("%s agreed at %s or less by day %s", c.Target, hi, day)
		}
		return fmt.Sprintf("%s agreed between %s and %s by day %s", c.Target, lo, hi, day)
	}
	return c.Name
}
