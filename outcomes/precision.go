package outcomes

import (
	"fmt"
	"strings"

	"github.com/parleysim/parley/scenario"
)

// PrecisionReport says how a precision-targeted Run ended.
type PrecisionReport struct {
	// Target is the half-width asked for.
	Target float64 `json:"target"`
	// Met is true when every selected interval is at most Target wide on each
	// side; false when the run stopped at MaxRuns.
	Met bool `json:"met"`
	// Widest names the selected probability with the widest interval, and
	// HalfWidth gives its half-width.
	Widest    string  `json:"widest"`
	HalfWidth float64 `json:"half_width"`
}

// checkSelectors reports PrecisionFor entries that name nothing in the scenario.
func checkSelectors(sc *scenario.Scenario, selectors []string) error {
	known := map[string]bool{"final:open": true}
	for s := range sc.NumStates() {
		name := sc.StateName(scenario.State(s))
		known["state:"+name] = true
		if sc.Absorbing(scenario.State(s)) {
			known["final:"+name] = true
		}
	}
	for _, c := range sc.Claims() {
		known["claim:"+c.Name] = true
	}
	for _, r := range routesOf(sc) {
		known["route:"+r.Name()] = true
	}
	for e := range sc.NumEvents() {
		known["event:"+sc.EventName(scenario.Event(e))] = true
	}
	if m := sc.Actors(); m != nil {
		for _, info := range sc.Meetings() {
			for _, a := range info.Parties {
				known["decline:"+info.Name+"/"+m.Actor(a).ID] = true
			}
		}
	}
	var bad []string
	for _, s := range selectors {
		if !known[s] {
			bad = append(bad, fmt.Sprintf("%q", s))
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("%w: PrecisionFor: %s name nothing in %q (use final:, claim:, route:, state:, event: or decline:<meeting>/<actor>)",
			ErrConfig, strings.Join(bad, ", "), sc.Name())
	}
	return nil
}

// widest returns the selected estimate with the widest interval and its
// half-width.
func (r *Result) widest(selectors []string) (string, float64) {
	want := map[string]bool{}
	for _, s := range selectors {
		want[s] = true
	}
	all := len(selectors) == 0
	name, hw := "", 0.0
	consider := func(key, detail string, e Estimate) {
		if !all && !want[key] {
			return
		}
		if h := e.HalfWidth(); h > hw || name == "" {
			name, hw = detail, h
		}
	}
	for _, f := range r.Final {
		consider("final:"+f.Name, "final "+f.Name, f.Estimate)
	}
	for _, c := range r.Claims {
		consider("claim:"+c.Name, "claim "+c.Name, c.Estimate)
	}
	for _, rt := range r.Routes {
		for d, day := range r.Days {
			at := fmt.Sprintf(" on day %g", day)
			consider("route:"+rt.Name, "route "+rt.Name+" completed"+at, rt.CompletedBy[d])
			consider("route:"+rt.Name, "route "+rt.Name+" open"+at, rt.OpenAt[d])
			consider("route:"+rt.Name, "route "+rt.Name+" closed"+at, rt.ClosedAt[d])
		}
	}
	for _, s := range r.States {
		for d, day := range r.Days {
			consider("state:"+s.Name, fmt.Sprintf("state %s reached by day %g", s.Name, day), s.ReachedBy[d])
		}
	}
	for _, e := range r.Events {
		consider("event:"+e.Name, "event "+e.Name, e.Occurred)
	}
	if !all {
		for _, d := range r.mcPart().Declines {
			consider("decline:"+d.Meeting+"/"+d.Actor, "decline of "+d.Meeting+" by "+d.Actor, d.Share)
		}
	}
	return name, hw
}
