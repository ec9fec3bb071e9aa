package scenario

import (
	"errors"
	"fmt"

	"github.com/parleysim/parley/internal/chain"
	"github.com/parleysim/parley/problem"
)

// ErrNotMarkov is the Kind of the *problem.Error that exact analysis
// (outcomes.Exact, outcomes.NewMarkov) returns for a scenario outside the
// class it handles: one problem for every transition, guard, event or
// claim that breaks it.
var ErrNotMarkov = errors.New("scenario: not a Markov chain")

func init() {
	chain.Of = func(x any) (*chain.Chain, error) { return x.(*Scenario).chain() }
	chain.Past = func(x any) (float64, any, any, bool) { return x.(*Scenario).past() }
	chain.SameStructure = func(a, b any) bool { return a.(*Scenario).sameStructure(b.(*Scenario)) }
	chain.Impossible = func(x, e any) (int, string, bool) { return x.(*Scenario).impossible(e.(*Evidence)) }
	chain.ClaimTest = func(x any, i int) any { return x.(*Scenario).claims[i].holds }
	chain.RouteTimes = func(x any, i int) any { return x.(*Scenario).routes[i].times }
	chain.RouteStep = func(x any, i, k int, s int32) (int, bool) {
		r := x.(*Scenario).routes[i]
		return r.next(k, State(s)), r.liveAt(k, State(s))
	}
}

// notMarkov is one reason a scenario is not a Markov chain.
func notMarkov(w at, field, format string, args ...any) *problem.Problem {
	return &problem.Problem{Part: w.part, Index: w.index, Name: w.name, Field: field, Msg: fmt.Sprintf(format, args...)}
}

// writtenVars returns the variables that some effect may change; anyWrite
// is true when some effect, or an agreement, may change any of them.
func (sc *Scenario) writtenVars() (written map[Var]bool, anyWrite bool) {
	written = map[Var]bool{}
	mark := func(es []act) {
		for _, e := range es {
			switch x := e.(type) {
			case varEffect:
				written[x.v] = true
			case assignEffect:
				written[x.v] = true
			default:
				anyWrite = true
			}
		}
	}
	for i := range sc.trans {
		mark(sc.trans[i].effects)
		if m := sc.trans[i].meeting; m != nil {
			for _, v := range m.agreedVar {
				written[v] = true
			}
		}
	}
	for i := range sc.events {
		mark(sc.events[i].effects)
		if m := sc.events[i].meeting; m != nil {
			for _, v := range m.agreedVar {
				written[v] = true
			}
		}
	}
	return written, anyWrite
}

// guardVars lists the variables a structured guard reads; ok is false for a
// guard whose reads are unknown (a Go function).
func guardVars(g cond) (vars []Var, ok bool) {
	switch x := g.(type) {
	case varCond:
		return []Var{x.v}, true
	case allCond:
		return allVars(x, guardVars)
	case anyCond:
		return allVars(x, guardVars)
	case notCond:
		return guardVars(x.c)
	case exprCond:
		// The day moves and actors' numbers may be drawn: neither is
		// part of the state exact analysis follows, nor of the world
		// version a meeting's answer is kept for.
		return x.vars, !x.day && !x.actors
	}
	return nil, false
}

// movingReads names what a structured guard's conditions read that exact
// analysis cannot follow: "the day", "an actor's numbers", both, or "".
func movingReads(g cond) string {
	var day, actors bool
	var walk func(cond)
	walk = func(g cond) {
		switch x := g.(type) {
		case allCond:
			for _, c := range x {
				walk(c)
			}
		case anyCond:
			for _, c := range x {
				walk(c)
			}
		case notCond:
			walk(x.c)
		case exprCond:
			day, actors = day || x.day, actors || x.actors
		}
	}
	walk(g)
	switch {
	case day && actors:
		return "the day and an actor's numbers"
	case day:
		return "the day"
	case actors:
		return "an actor's numbers"
	}
	return ""
}

// allVars lists what every one of xs reads (variables, or actors'
// fields), by vars; ok is false when one of them reads what cannot be
// known.
func allVars[T, R any](xs []T, vars func(T) ([]R, bool)) ([]R, bool) {
	var out []R
	for _, x := range xs {
		vs, ok := vars(x)
		if !ok {
			return nil, false
		}
		out = append(out, vs...)
	}
	return out, true
}

// next returns the route's progress after entering state s with progress k
// (0 to len(States())); progress len(States()) means completed.
func (r *route) next(k int, s State) int {
	if i, ok := r.cell(k, s); ok {
		return int(r.delta[i])
	}
	return k // no progress from a state or a progress not the route's
}

// liveAt reports whether, with progress k in state s, the route can still be
// completed.
func (r *route) liveAt(k int, s State) bool {
	i, ok := r.cell(k, s)
	return ok && r.live[i]
}

// cell is the index of progress k and state s in the route's tables.
func (r *route) cell(k int, s State) (int, bool) {
	i := k*r.n + int(s)
	if uint(s) >= uint(r.n) || k < 0 || uint(i) >= uint(len(r.delta)) || uint(i) >= uint(len(r.live)) {
		return 0, false
	}
	return i, true
}
