package outcomes

import (
	"fmt"
	"slices"
	"strings"

	"github.com/parleysim/parley/internal/names"
	"github.com/parleysim/parley/scenario"
)

// wanted is what a run records, Config.Outputs read against the scenario:
// the engine keeps only the tallies these need. Final states (open, stuck,
// step limit and faults among them) are always recorded: every run ends
// somewhere, and counting where costs one add.
type wanted struct {
	all bool
	// keys are Config.Outputs as given, without repeats; nil for all.
	keys                           []string
	states, routes, claims, events []bool
	transitions, meetings          bool
	paths, endDay                  bool
}

// outputKinds are the kinds of key Config.Outputs takes, each alone (all of
// its kind) or with a name.
var outputKinds = []string{"final", "open_in", "stuck_in", "claim", "route", "state", "event", "fired", "decline", "no_agreement", "paths", "end_day"}

// wantAll records everything.
func wantAll(sc *scenario.Scenario) wanted {
	w := wanted{all: true, transitions: true, meetings: true, paths: true, endDay: true}
	w.states = trues(sc.NumStates())
	w.routes = trues(len(sc.Routes()))
	w.claims = trues(len(sc.Claims()))
	w.events = trues(sc.NumEvents())
	return w
}

// marked is the number of what list marks.
func marked(list []bool) int {
	n := 0
	for _, on := range list {
		if on {
			n++
		}
	}
	return n
}

func trues(n int) []bool {
	b := make([]bool, n)
	for i := range b {
		b[i] = true
	}
	return b
}

// wantOutputs reads Config.Outputs: nil (or "everything") records
// everything; otherwise each key, by the words of Result.Estimate, names
// what to record: "claim:merz-14", "state:bilateral@14", "route:us-proposal",
// "event:guarantees-meeting", "fired:call->arranged", "decline:..." and
// "no_agreement:..." (every meeting), "paths", "end_day" (the mean day of
// absorption), "final" (always recorded); a kind alone ("claim") is all
// of its kind. Every problem is reported at once.
func wantOutputs(sc *scenario.Scenario, keys []string) (wanted, error) {
	if keys == nil || slices.Contains(keys, "everything") {
		w := wantAll(sc)
		return w, nil
	}
	w := wanted{keys: []string{}, states: make([]bool, sc.NumStates()), routes: make([]bool, len(sc.Routes())),
		claims: make([]bool, len(sc.Claims())), events: make([]bool, sc.NumEvents())}
	var problems []string
	seen := map[string]bool{}
	for _, key := range keys {
		key = strings.TrimSpace(key)
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		w.keys = append(w.keys, key)
		kind, rest, named := strings.Cut(key, ":")
		name := rest
		if kind == "state" || kind == "route" {
			name, _, _ = strings.Cut(rest, "@")
		}
		mark := func(what string, list []bool, nameOf func(i int) string) {
			if !named {
				for i := range list {
					list[i] = true
				}
				return
			}
			var all []string
			for i := range list {
				if nameOf(i) == name {
					list[i] = true
					return
				}
				all = append(all, nameOf(i))
			}
			problems = append(problems, fmt.Sprintf("%q: no %s %q%s", key, what, name, names.DidYouMean(name, all)))
		}
		switch kind {
		case "final", "open_in", "stuck_in":
		case "claim":
			claims := sc.Claims()
			mark("claim", w.claims, func(i int) string { return claims[i].Name })
		case "state":
			mark("state", w.states, func(i int) string { return sc.StateName(scenario.State(i)) })
		case "route":
			routes := sc.Routes()
			mark("route", w.routes, func(i int) string { return routes[i].Name })
		case "event":
			mark("event", w.events, func(i int) string { return sc.EventName(scenario.Event(i)) })
		case "fired":
			w.transitions = true
		case "decline", "no_agreement":
			w.meetings = true
		case "paths":
			w.paths = true
		case "end_day":
			w.endDay = true
		default:
			problems = append(problems, fmt.Sprintf("%q: %q is no kind of output (want %s, or everything)%s", key, kind, strings.Join(outputKinds, ", "), names.DidYouMean(kind, outputKinds)))
		}
	}
	if len(w.keys) == 0 {
		// A Result of no outputs would read back from JSON as one of all.
		problems = append(problems, "names no output: give some, or nil for everything")
	}
	if len(problems) > 0 {
		return wanted{}, fmt.Errorf("%w: Outputs: %s", ErrConfig, strings.Join(problems, "; "))
	}
	return w, nil
}

// notRecorded is the error of a key a Result was not asked to record.
func (r *Result) notRecorded(key string) error {
	return fmt.Errorf("outcomes: key %q: not recorded: the run of %q recorded only %s (Config.Outputs)", key, r.Scenario, strings.Join(r.Outputs, ", "))
}

// records reports whether a Result made for Outputs holds the key's kind
// and name; a Result of everything (Outputs nil) holds all.
func (r *Result) records(kind, name string) bool { return recordsIn(r.Outputs, kind, name) }

// recordsIn reports whether outputs (nil: everything) record a key's kind
// and name.
func recordsIn(outputs []string, kind, name string) bool {
	if outputs == nil {
		return true
	}
	switch kind {
	case "final", "open_in", "stuck_in":
		return true
	}
	for _, k := range outputs {
		kk, rest, named := strings.Cut(k, ":")
		if kk != kind {
			continue
		}
		if !named {
			return true
		}
		if kind == "state" || kind == "route" {
			rest, _, _ = strings.Cut(rest, "@")
		}
		if kind == "decline" || kind == "no_agreement" || kind == "fired" || rest == name {
			return true
		}
	}
	return false
}
