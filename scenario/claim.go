package scenario

import (
	"fmt"
	"strconv"
)

type claimKind uint8

const (
	claimReached claimKind = iota
	claimCompleted
	claimOccurred
	claimFunc
	claimAgreed
)

// ClaimDef is a claim as declared, naming its state, route or event; Build
// resolves the names. Make one with ReachedBy, CompletedBy, OccurredBy or
// ClaimFunc.
type ClaimDef struct {
	name        string
	description string
	kind        claimKind
	target      string
	day         float64
	min         float64
	holds       func(t *Trace) bool
}

// ReachedBy claims that the run enters state on or before the given day.
func ReachedBy(name, state string, day float64) ClaimDef {
	return ClaimDef{name: name, kind: claimReached, target: state, day: day}
}

// CompletedBy claims that the run completes route on or before the given day.
func CompletedBy(name, route string, day float64) ClaimDef {
	return ClaimDef{name: name, kind: claimCompleted, target: route, day: day}
}

// OccurredBy claims that event occurs on or before the given day.
func OccurredBy(name, event string, day float64) ClaimDef {
	return ClaimDef{name: name, kind: claimOccurred, target: event, day: day}
}

// AgreedBy claims that some meeting agrees a value of at least min on the
// issue (an issue ID of the actors model) on or before the given day.
func AgreedBy(name, issue string, min, day float64) ClaimDef {
	return ClaimDef{name: name, kind: claimAgreed, target: issue, min: min, day: day}
}

// ClaimFunc is a claim decided by a Go function of the finished run's trace.
// holds must not keep the trace, and should not allocate: it runs once per run.
func ClaimFunc(name string, holds func(t *Trace) bool) ClaimDef {
	return ClaimDef{name: name, kind: claimFunc, holds: holds}
}

// Describe sets the claim's description, for example who made it.
func (c ClaimDef) Describe(text string) ClaimDef {
	c.description = text
	return c
}

// Claim is a compiled claim: a statement about a run that holds or not.
type Claim struct {
	name        string
	description string
	kind        claimKind
	state       State
	route       *Route
	event       int32
	issue       int32
	day         float64
	min         float64
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
	case claimReached:
		return t.FirstEntry(c.state) <= c.day
	case claimCompleted:
		completed, _ := c.route.Times(t)
		return completed <= c.day
	case claimOccurred:
		return t.FirstOccurrence(c.event) <= c.day
	case claimAgreed:
		for i := range t.Agreements {
			a := &t.Agreements[i]
			if a.Issue == c.issue && a.Reached && a.Value >= c.min && a.Day <= c.day {
				return true
			}
		}
		return false
	default:
		return c.holds(t)
	}
}

func defaultClaimText(c ClaimDef) string {
	day := strconv.FormatFloat(c.day, 'g', -1, 64)
	switch c.kind {
	case claimReached:
		return fmt.Sprintf("%s reached by day %s", c.target, day)
	case claimCompleted:
		return fmt.Sprintf("route %s completed by day %s", c.target, day)
	case claimOccurred:
		return fmt.Sprintf("%s occurred by day %s", c.target, day)
	case claimAgreed:
		return fmt.Sprintf("%s agreed at %s or more by day %s", c.target, strconv.FormatFloat(c.min, 'g', -1, 64), day)
	}
	return c.name
}
