package outcomes

import (
	"errors"
	"fmt"
	"strconv"
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
	// runsOnly: the keys name what only runs record (paths, transitions
	// fired, meetings, days of absorption), "everything" beside them or
	// not: exact analysis refuses them.
	runsOnly bool
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
// of its kind. Every key is checked as Result.Estimate would read it,
// "everything" or not, so that a Result never refuses a key it was made
// for: its names, its day (a number offDay does not refuse) and a
// route's status. Every problem is reported at once, up to
// maxOutputProblems.
func wantOutputs(sc *scenario.Scenario, keys []string, offDay func(day float64) error) (wanted, error) {
	if keys == nil {
		return wantAll(sc), nil
	}
	w := wanted{keys: []string{}, states: make([]bool, sc.NumStates()), routes: make([]bool, len(sc.Routes())),
		claims: make([]bool, len(sc.Claims())), events: make([]bool, sc.NumEvents())}
	var problems []string
	problem := func(format string, args ...any) {
		problems = append(problems, fmt.Sprintf(format, args...))
	}
	// The names each kind takes: the n of them name gives, listed once,
	// when a key of the kind first asks, and suggested within a budget.
	type known struct {
		index   map[string]int
		suggest *names.Suggester
	}
	knowns := map[string]*known{}
	namesOf := func(kind string, n int, name func(i int) string) *known {
		if k := knowns[kind]; k != nil {
			return k
		}
		list := make([]string, n)
		k := &known{index: make(map[string]int, n)}
		for i := range list {
			list[i] = name(i)
			if _, dup := k.index[list[i]]; !dup {
				k.index[list[i]] = i
			}
		}
		k.suggest = names.NewSuggester(func() []string { return list })
		knowns[kind] = k
		return k
	}
	stateName := func(i int) string { return sc.StateName(scenario.State(i)) }
	all := false
	seen := map[string]bool{}
	for _, key := range keys {
		key = strings.TrimSpace(key)
		if key == "" || seen[key] {
			continue
		}
		seen[key] = true
		if key == "everything" {
			all = true
			continue
		}
		w.keys = append(w.keys, key)
		kind, rest, named := strings.Cut(key, ":")
		name := rest
		var at, status string
		dated := false
		if kind == "state" || kind == "route" {
			name, at, dated = strings.Cut(rest, "@")
			if kind == "route" && dated {
				at, status, _ = strings.Cut(at, ":")
			}
		}
		if named && name == "" {
			problem("%q: no name after %q (give one, or the kind alone for all of it)", key, kind+":")
			continue
		}
		// mark marks the name in list (all of it for a kind alone), or
		// says it names nothing.
		mark := func(what string, list []bool, k func() *known) {
			if !named {
				for i := range list {
					list[i] = true
				}
				return
			}
			kn := k()
			if i, ok := kn.index[name]; ok {
				if list != nil {
					list[i] = true
				}
				return
			}
			problem("%q: no %s %q%s", key, what, name, kn.suggest.DidYouMean(name))
		}
		switch kind {
		case "final":
			mark("final state", nil, func() *known {
				finals := []string{"open", "stuck", "step limit", "fault"}
				for st := range sc.NumStates() {
					if sc.Absorbing(scenario.State(st)) {
						finals = append(finals, stateName(st))
					}
				}
				return namesOf(kind, len(finals), func(i int) string { return finals[i] })
			})
		case "open_in", "stuck_in", "state":
			list := w.states
			if kind != "state" {
				list = nil
			}
			mark("state", list, func() *known { return namesOf("state", sc.NumStates(), stateName) })
		case "claim":
			claims := sc.Claims()
			mark("claim", w.claims, func() *known {
				return namesOf(kind, len(claims), func(i int) string { return claims[i].Name })
			})
		case "route":
			routes := sc.Routes()
			mark("route", w.routes, func() *known {
				return namesOf(kind, len(routes), func(i int) string { return routes[i].Name })
			})
			switch status {
			case "", "completed", "open", "closed":
			default:
				problem("%q: status %q: want completed, open or closed", key, status)
			}
		case "event":
			mark("event", w.events, func() *known {
				return namesOf(kind, sc.NumEvents(), func(i int) string { return sc.EventName(scenario.Event(i)) })
			})
		case "fired":
			w.transitions = true
			mark("transition", nil, func() *known {
				return namesOf(kind, sc.NumTransitions(), func(i int) string { return sc.TransitionName(scenario.Transition(i)) })
			})
		case "decline", "no_agreement":
			w.meetings = true
			what := "meeting/actor"
			if kind == "no_agreement" {
				what = "meeting/issue"
			}
			mark(what, nil, func() *known {
				pairs := meetingPairs(sc, kind)
				return namesOf(kind, len(pairs), func(i int) string { return pairs[i] })
			})
		case "paths", "end_day":
			if named {
				problem("%q: %s takes no name", key, kind)
			}
			w.paths = w.paths || kind == "paths"
			w.endDay = w.endDay || kind == "end_day"
		default:
			problem("%q: %q is no kind of output (want %s, or everything)%s", key, kind, strings.Join(outputKinds, ", "), names.DidYouMean(kind, outputKinds))
		}
		if dated {
			day, err := strconv.ParseFloat(at, 64)
			if err != nil {
				problem("%q: day %q is not a number", key, at)
			} else if err := offDay(day); err != nil {
				problem("%q: %s", key, strings.TrimPrefix(err.Error(), ErrOffGrid.Error()+": "))
			}
		}
	}
	if len(w.keys) == 0 && !all {
		// A Result of no outputs would read back from JSON as one of all.
		problem("names no output: give some, or nil for everything")
	}
	if len(problems) > maxOutputProblems {
		problems = append(problems[:maxOutputProblems], fmt.Sprintf("and %d more", len(problems)-maxOutputProblems))
	}
	if len(problems) > 0 {
		return wanted{}, fmt.Errorf("%w: Outputs: %s", ErrConfig, strings.Join(problems, "; "))
	}
	w.runsOnly = w.transitions || w.meetings || w.paths || w.endDay
	if all {
		everything := wantAll(sc)
		everything.runsOnly = w.runsOnly
		return everything, nil
	}
	return w, nil
}

// maxOutputProblems bounds the problems one error lists: past it, a list
// of thousands of bad keys would make an error no one reads.
const maxOutputProblems = 20

// meetingPairs lists the names decline keys take (meeting/actor, and
// actor/meeting) or, for no_agreement, no_agreement keys (meeting/issue,
// issue/meeting).
func meetingPairs(sc *scenario.Scenario, kind string) []string {
	m := sc.Actors()
	if m == nil {
		return nil
	}
	var out []string
	for _, info := range sc.Meetings() {
		if kind == "decline" {
			for _, a := range info.Parties {
				out = append(out, info.Name+"/"+m.Actor(a).ID, m.Actor(a).ID+"/"+info.Name)
			}
			continue
		}
		for _, i := range info.Agenda {
			out = append(out, info.Name+"/"+m.Issue(i).ID, m.Issue(i).ID+"/"+info.Name)
		}
	}
	return out
}

// ErrNotRecorded is matched by errors.Is when a Result is asked for
// what it was not made to hold (Config.Outputs, ExactConfig.Outputs).
var ErrNotRecorded = errors.New("outcomes: not recorded")

// notRecorded is the error of a key a Result was not asked to record.
func (r *Result) notRecorded(key string) error {
	return fmt.Errorf("%w: key %q: the run of %q recorded only %s (Config.Outputs)", ErrNotRecorded, key, r.Scenario, strings.Join(r.Outputs, ", "))
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
