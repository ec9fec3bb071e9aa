package scenario

import (
	"fmt"

	"github.com/parleysim/parley/problem"

	"github.com/parleysim/parley/internal/sample"
)

// Warnings lists what in a valid scenario is probably not what its author
// meant, as Problems: states no run can enter from the start, events
// scheduled and claims dated beyond the horizon
// (they can never happen or are judged at the horizon), routes that no run
// can complete, and cycles of transitions with no delay (a run goes round
// them until the step bound). None stops a run.
func (sc *Scenario) Warnings() []problem.Problem {
	if sc.ps == nil {
		return nil
	}
	var ws []problem.Problem
	warn := func(w at, field, format string, args ...any) {
		ws = append(ws, problem.Problem{Part: w.part, Index: w.index, Name: w.name, Field: field, Msg: fmt.Sprintf(format, args...)})
	}
	reachable := sc.reachableFromStart()
	for s := range sc.states {
		if !reachable[s] {
			warn(at{problem.State, sc.stateDecl[s], sc.states[s].name}, "", "unreachable from the start state %q: no run enters it", sc.states[sc.start].name)
		}
	}
	for i, e := range sc.events {
		if e.scheduled && e.day > sc.horizon {
			warn(at{problem.Event, i, e.name}, "day", "scheduled on day %g, after the horizon (day %g): it never occurs", e.day, sc.horizon)
		}
	}
	for i, c := range sc.claims {
		if c.day > sc.horizon {
			warn(at{problem.Claim, sc.claimDecl[i], c.name}, "day", "dated day %g, after the horizon (day %g): it is judged at the horizon", c.day, sc.horizon)
		}
	}
	for i, r := range sc.routes {
		if k := r.next(0, sc.start); k < len(r.states) && !r.liveAt(k, sc.start) {
			warn(at{problem.Route, sc.routeDecl[i], r.name}, "states", "no run can complete it: its states cannot be entered in this order from the start")
		}
	}
	if cycle := sc.zeroDelayCycle(); cycle != "" {
		warn(at{problem.Scenario, -1, sc.name}, "transitions", "transitions with no delay form a cycle (%s): a run entering it goes round until the step bound", cycle)
	}
	return ws
}

// zeroDelayCycle returns a cycle of states joined by transitions with a
// fixed delay of 0 and no guard, as "a -> b -> a"; "" if there is none.
func (sc *Scenario) zeroDelayCycle() string {
	n := len(sc.states)
	next := make([][]State, n)
	for i := range sc.trans {
		t := &sc.trans[i]
		if t.from < 0 || t.guard != nil || t.delay.Kind != sample.Fixed || t.delay.A != 0 {
			continue
		}
		next[t.from] = append(next[t.from], t.targets...)
	}
	const (
		unseen = iota
		onPath
		done
	)
	mark := make([]int, n)
	var path []State
	var found []State
	var visit func(s State) bool
	visit = func(s State) bool {
		mark[s] = onPath
		path = append(path, s)
		for _, t := range next[s] {
			switch mark[t] {
			case onPath:
				for i, p := range path {
					if p == t {
						found = append(append([]State(nil), path[i:]...), t)
					}
				}
				return true
			case unseen:
				if visit(t) {
					return true
				}
			}
		}
		path = path[:len(path)-1]
		mark[s] = done
		return false
	}
	for s := range n {
		if mark[s] == unseen && visit(State(s)) {
			break
		}
	}
	out := ""
	for i, s := range found {
		if i > 0 {
			out += " -> "
		}
		out += sc.states[s].name
	}
	return out
}
