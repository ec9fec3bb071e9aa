package scenario

import (
	"fmt"
	"slices"
	"strings"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/problem"

	"github.com/parleysim/parley/internal/sample"
)

// Warnings lists what in a valid scenario is probably not what its author
// meant, as Problems: states no run can enter from the start, events
// scheduled and claims dated beyond the horizon
// (they can never happen or are judged at the horizon), routes that no run
// can complete, and cycles of transitions with no delay (a run goes round
// them until the step bound), and parameters that can have no effect
// (read by nothing, or only by actors' numbers that no bargainer, rule or
// expression reads, as capability under the nash bargainer). None stops a
// run.
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
		if c.day > sc.horizon && c.kind < StatementAll { // a combination's day is a part's, or a lag
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
	sc.stuckStates(reachable, warn)
	sc.inertParameters(warn)
	sc.worldTimings(warn)
	return ws
}

// worldTimings warns of rates and delays read from the world that are
// unusable in the world of day 0 (a run that reads them there ends as a
// fault), and of rates that read the day (read when the world changes,
// not as time passes).
func (sc *Scenario) worldTimings(warn func(w at, field, format string, args ...any)) {
	world := &World{vars: slices.Clone(sc.initVars), params: sc.ps.vals, nums: sc.nums}
	for i := range sc.trans {
		t := &sc.trans[i]
		w := at{problem.Transition, i, t.name}
		for _, d := range []struct {
			d     *delay
			field string
		}{{&t.delay, "rate"}, {&t.retry, "onDecline"}} {
			if d.d.live == nil || d.d.at {
				continue
			}
			field := d.field
			if field == "rate" && d.d.Kind != sample.Exponential {
				field = "delay"
			}
			what := "rate"
			if d.d.Kind != sample.Exponential {
				what = "delay"
			}
			if d.d.day {
				warn(w, field, "its %s %q reads the day, which is read when the world changes, not as time passes: to change it on a day, schedule an event on that day", what, d.d.text)
			}
			if d.d.actors {
				continue // an actor's numbers are drawn in each run
			}
			var p [2]float64
			for k, f := range d.d.live {
				p[k] = f(world)
			}
			var bad error
			if d.d.Kind == sample.Exponential {
				bad = rateCheck(p[0])
			} else {
				_, bad = sample.Of(d.d.Kind, p[0], p[1])
			}
			if bad != nil {
				why := ""
				if p[0] != p[0] || p[1] != p[1] { // NaN
					why = " (an agreed value is NaN until a meeting agrees)"
				}
				warn(w, field, "its %s %q is unusable in the world of day 0 (%v): a run that starts its clock there ends as a fault%s", what, d.d.text, bad, why)
			}
		}
	}
}

// stuckStates warns of the states where runs can be stuck (EndStuck):
// reachable, not absorbing, every way out of them one that can stay shut
// (a guard, a meeting a participant can decline that does not move the
// run when declined, a rate of 0), and no event that recurs in them.
func (sc *Scenario) stuckStates(reachable []bool, warn func(w at, field, format string, args ...any)) {
	outs := make([][]int, len(sc.states))
	for i := range sc.trans {
		outs[sc.trans[i].from] = append(outs[sc.trans[i].from], i)
	}
	for s := range sc.states {
		if !reachable[s] || sc.states[s].absorbing || len(outs[s]) == 0 {
			continue
		}
		recurring := false
		for i := range sc.events {
			e := &sc.events[i]
			recurring = recurring || e.active[s] && !e.scheduled && !e.once && e.rate > 0 && (e.meeting == nil || !canDecline(e.meeting))
		}
		if recurring {
			continue
		}
		var why []string
		shut := true
		for _, ti := range outs[s] {
			t := &sc.trans[ti]
			switch {
			case t.meeting != nil && t.onDecline != declineTo && canDecline(t.meeting):
				why = append(why, fmt.Sprintf("%s, a meeting that can be declined", t.name))
			case t.guard != nil:
				why = append(why, fmt.Sprintf("%s, a guard that can stay shut", t.name))
			case t.delay.live != nil && !(t.delay.constant && finite(t.delay.A)):
				why = append(why, fmt.Sprintf("%s, whose timing reads the world", t.name))
			case t.delay.exponential() && t.delay.A == 0:
				why = append(why, fmt.Sprintf("%s, at a rate of 0", t.name))
			default:
				shut = false
			}
		}
		if shut {
			warn(at{problem.State, sc.stateDecl[s], sc.states[s].name}, "",
				"runs can be stuck here, with nothing left to move them: every way out can stay shut (%s), and no event recurs in it", strings.Join(why, "; "))
		}
	}
}

// canDecline reports whether some participant's rule at m can decline.
func canDecline(m *meeting) bool {
	for _, r := range m.rules {
		if ruleCanDecline(r) {
			return true
		}
	}
	return false
}

// ruleCanDecline reports whether a rule can decline: all of rules can when
// one can, any of rules when each can (any of none always does).
func ruleCanDecline(r actors.Rule) bool {
	switch x := r.(type) {
	case nil, actors.Always:
		return false
	case actors.All:
		for _, c := range x {
			if ruleCanDecline(c) {
				return true
			}
		}
		return false
	case actors.Any:
		for _, c := range x {
			if !ruleCanDecline(c) {
				return false
			}
		}
		return true
	}
	return true
}

// exprReads is what the scenario's expressions read: parameters by name,
// and actors' numbers through ideal, salience, lo, hi and capability.
type exprReads struct {
	params map[Param]bool
	fields map[actorField]bool
}

// actorField is one field of one actor (on any issue).
type actorField struct {
	actor int
	field actors.Field
}

func (r *exprReads) param(p Param) {
	if r != nil {
		r.params[p] = true
	}
}

func (r *exprReads) field(a int, f actors.Field) {
	if r != nil {
		r.fields[actorField{a, f}] = true
	}
}

// inertParameters warns of the parameters that can have no effect on a
// run: read by no number, expression or rule, or only by numbers of
// actors that nothing reads. Go functions (guards, effects, rules,
// bargainers of one's own) may read anything, so with one in the scenario
// only what they cannot reach is reported.
func (sc *Scenario) inertParameters(warn func(w at, field, format string, args ...any)) {
	st := sc.ps
	if st == nil || len(st.params) == 0 {
		return
	}
	goCode := false // a Go function may read parameters and positions
	read := map[actorField]bool{}
	if sc.reads != nil {
		for k := range sc.reads.fields {
			read[k] = true
		}
	}
	meeting := func(m *meeting) {
		if m == nil {
			return
		}
		mark := func(fs []actors.Field) {
			for _, a := range m.parties {
				for _, f := range fs {
					read[actorField{a, f}] = true
				}
			}
		}
		if m.bargainer != nil {
			fs, ok := actors.Reads(m.bargainer)
			goCode = goCode || !ok
			mark(fs)
		}
		// A rule reads its own actor's numbers; the zone of agreement
		// (Lo, Hi) is every party's.
		for k, r := range m.rules {
			fs, ok := ruleReads(r)
			goCode = goCode || !ok
			for _, f := range fs {
				if f == actors.Lo || f == actors.Hi {
					mark([]actors.Field{f})
				} else {
					read[actorField{m.parties[k], f}] = true
				}
			}
		}
	}
	code := func(g cond, es []act) {
		if _, ok := g.(GuardFunc); ok {
			goCode = true
		}
		for _, e := range es {
			if _, ok := e.(EffectFunc); ok {
				goCode = true
			}
		}
	}
	for i := range sc.trans {
		code(sc.trans[i].guard, sc.trans[i].effects)
		meeting(sc.trans[i].meeting)
	}
	for i := range sc.events {
		code(sc.events[i].guard, sc.events[i].effects)
		meeting(sc.events[i].meeting)
	}
	if goCode {
		return
	}
	readers := make([][]string, len(st.params)) // per parameter: the unread actors' numbers that read it
	effect := make([]bool, len(st.params))
	for p := range st.params {
		effect[p] = sc.reads != nil && sc.reads.params[Param(p)]
	}
	for _, c := range st.cells {
		for _, bn := range c.nums {
			for _, p := range bn.args {
				switch c.kind {
				case cellActor, cellActorPrior, cellActorChoice:
					if read[actorField{c.actor.Actor, c.actor.Field}] {
						effect[p] = true
					} else {
						readers[p] = append(readers[p], c.actor.Field.String()+" of "+sc.model.Actor(c.actor.Actor).ID)
					}
				default:
					effect[p] = true
				}
			}
		}
	}
	for p, prm := range st.params {
		if effect[p] {
			continue
		}
		w := at{problem.Parameter, p, prm.Name}
		if len(readers[p]) == 0 {
			warn(w, "", "read by no number, expression or rule of the scenario: it has no effect")
			continue
		}
		slices.Sort(readers[p])
		warn(w, "", "read only by %s, which no meeting's bargainer or rule and no expression reads: it has no effect",
			strings.Join(slices.Compact(readers[p]), ", "))
	}
}

// zeroDelayCycle returns a cycle of states joined by transitions with a
// fixed delay of 0 and no guard, as "a -> b -> a"; "" if there is none.
func (sc *Scenario) zeroDelayCycle() string {
	n := len(sc.states)
	next := make([][]State, n)
	for i := range sc.trans {
		t := &sc.trans[i]
		if t.from < 0 || t.guard != nil || !zeroDelay(&t.delay) {
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

// zeroDelay reports whether a delay can fire at the moment it starts
// every time: a fixed delay of 0 days, or a move on a fixed day, which
// once that day has passed fires at once whenever its state is entered.
func zeroDelay(d *delay) bool {
	if d.live != nil {
		return d.at && d.constant && finite(d.A)
	}
	return d.Kind == sample.Fixed && d.A == 0
}
