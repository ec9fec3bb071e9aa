package outcomes

import (
	"fmt"
	"strconv"
	"strings"
)

// Estimate returns the probability a Result gives under a stable key, so
// that tools and tests can address any of them by name:
//
//	final:<state>                 ending in an absorbing state, or final:open
//	open_in:<state>               open at the horizon in a state
//	claim:<name>                  a claim holding
//	route:<name>                  a route completed by the horizon
//	route:<name>@<day>:<status>   completed, open or closed at a report day
//	state:<name>                  a state entered by the horizon
//	state:<name>@<day>            entered by a report day
//	event:<name>                  an event occurring at least once
//	fired:<transition>            a transition firing at least once
//	decline:<meeting>/<actor>     an actor declining a meeting proposed (or <actor>/<meeting>)
//	no_agreement:<meeting>/<issue>  a meeting held agreeing nothing on an issue
//
// A day must be one of Result.Days. The error says what is wrong with a key
// that names nothing.
func (r *Result) Estimate(key string) (Estimate, error) {
	kind, rest, ok := strings.Cut(key, ":")
	if !ok {
		return Estimate{}, fmt.Errorf("outcomes: key %q: want kind:name, such as claim:merz-14", key)
	}
	notFound := func(what string) (Estimate, error) {
		return Estimate{}, fmt.Errorf("outcomes: key %q: no %s %q in the result of %q", key, what, rest, r.Scenario)
	}
	pair := func() (string, string, bool) { return strings.Cut(rest, "/") }
	name := rest
	if kind == "state" || kind == "route" {
		name, _, _ = strings.Cut(rest, "@")
	}
	if !r.records(kind, name) {
		return Estimate{}, r.notRecorded(key)
	}
	switch kind {
	case "final":
		if e, ok := r.FinalState(rest); ok {
			return e, nil
		}
		return notFound("final state")
	case "open_in":
		for _, o := range r.OpenIn {
			if o.Name == rest {
				return o.Estimate, nil
			}
		}
		return notFound("state open at the horizon")
	case "stuck_in":
		for _, o := range r.StuckIn {
			if o.Name == rest {
				return o.Estimate, nil
			}
		}
		return notFound("state runs were stuck in")
	case "claim":
		if e, ok := r.Claim(rest); ok {
			return e, nil
		}
		return notFound("claim")
	case "route", "state":
		name, at, hasDay := strings.Cut(rest, "@")
		status := ""
		if hasDay && kind == "route" {
			at, status, _ = strings.Cut(at, ":")
		}
		day := r.Horizon
		if hasDay {
			var err error
			if day, err = strconv.ParseFloat(at, 64); err != nil {
				return Estimate{}, fmt.Errorf("outcomes: key %q: %q is not a day", key, at)
			}
		}
		if kind == "state" {
			s, ok := r.State(name)
			if !ok && r.Exact != nil && r.lookup != nil {
				// Exact analysis tables the states it needs; the chain
				// gives any other's reach when it is asked for.
				if r.Answers(day) {
					if e, found := r.lookup.reached(name, day); found {
						return e, nil
					}
				} else if _, known := r.lookup.reached(name, r.Horizon); known {
					return Estimate{}, fmt.Errorf("outcomes: key %q: %w", key, r.offGrid(day))
				}
			}
			if !ok {
				return Estimate{}, fmt.Errorf("outcomes: key %q: no state %q in the result of %q", key, name, r.Scenario)
			}
			if !hasDay {
				return s.Reached, nil
			}
			e, err := s.By(r, day)
			if err != nil {
				return Estimate{}, fmt.Errorf("outcomes: key %q: %w", key, err)
			}
			return e, nil
		}
		rt, ok := r.Route(name)
		if !ok {
			return notFound("route")
		}
		if !hasDay && status == "" {
			return rt.Completed, nil
		}
		c, o, x, err := rt.At(r, day)
		if err != nil {
			return Estimate{}, fmt.Errorf("outcomes: key %q: %w", key, err)
		}
		switch status {
		case "", "completed":
			return c, nil
		case "open":
			return o, nil
		case "closed":
			return x, nil
		}
		return Estimate{}, fmt.Errorf("outcomes: key %q: status %q: want completed, open or closed", key, status)
	case "event":
		if e, ok := r.Event(rest); ok {
			return e.Occurred, nil
		}
		return notFound("event")
	case "fired":
		for _, t := range r.mcPart().Transitions {
			if t.Name == rest {
				return t.Fired, nil
			}
		}
		return notFound("transition")
	case "decline":
		meeting, actor, ok := pair()
		if e, found := r.Decline(meeting, actor); ok && found {
			return e, nil
		}
		// Also actor first: decline:RU/call->arranged.
		if e, found := r.Decline(actor, meeting); ok && found {
			return e, nil
		}
		return notFound("meeting/actor")
	case "no_agreement":
		meeting, issue, ok := pair()
		if a, found := r.Agreement(meeting, issue); ok && found {
			return a.NoAgreement, nil
		}
		return notFound("meeting/issue")
	}
	return Estimate{}, fmt.Errorf("outcomes: key %q: unknown kind %q (final, open_in, claim, route, state, event, fired, decline, no_agreement)", key, kind)
}

// reportDay returns the index of day in Days, or -1.
func (r *Result) reportDay(day float64) int {
	for i, d := range r.Days {
		if d == day {
			return i
		}
	}
	return -1
}
