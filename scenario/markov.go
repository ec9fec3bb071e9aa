package scenario

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/parleysim/parley/internal/chain"
	"github.com/parleysim/parley/problem"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/internal/sample"
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

// chain returns the scenario as a Markov chain, or an error matching
// ErrNotMarkov that names every part breaking the class: a delay that is
// neither exponential nor the common step, branch weights computed from the
// world, a meeting whose acceptance is not decided in advance, a guard that
// is a Go function or reads a variable that something may change, a
// scheduled event, a once-only event, or a claim that is a Go function or
// about agreements. Guards that read only variables nothing changes are
// decided on the initial world: the transition is in the chain or not. So
// are meetings whose participants' numbers are all fixed and whose rules
// read only such variables, when no effect can move positions: a meeting
// all accept is an ordinary transition; one declined never moves the run,
// or moves it where the decline leads.
func (sc *Scenario) chain() (*chain.Chain, error) {
	if sc.ps == nil {
		return nil, ErrNotBuilt
	}
	n := len(sc.states)
	c := &chain.Chain{Start: int32(sc.start), Absorbing: make([]bool, n)}
	for s := range sc.states {
		c.Absorbing[s] = sc.states[s].absorbing
	}
	var causes []problem.Problem
	fail := func(p *problem.Problem) { causes = append(causes, *p) }
	if sc.now != nil && sc.now.changesVars(sc) {
		fail(notMarkov(at{problem.Scenario, -1, sc.name}, "now", "starts from now (From) with variables set, or changed by the course so far: exact analysis decides guards on the initial values"))
	}
	written, anyWrite := sc.writtenVars()
	world := &World{vars: append([]float64(nil), sc.initVars...), params: sc.ps.vals, nums: sc.nums}
	static := func(w at, g cond, text string) (bool, *problem.Problem) {
		if g == nil {
			return true, nil
		}
		if _, isExpr := g.(testCond); isExpr {
			return false, notMarkov(w, "guard", "its guard %q is an expression over the day or over values that change, which exact analysis cannot read", text)
		}
		vars, ok := guardVars(g)
		if !ok {
			return false, notMarkov(w, "guard", "its guard is a Go function, which exact analysis cannot read")
		}
		for _, v := range vars {
			if anyWrite || written[v] {
				return false, notMarkov(w, "guard", "its guard reads %q, which effects or agreements may change", sc.vars[v].name)
			}
		}
		return g.allow(world), nil
	}

	// Discrete time: every transition a fixed delay of the same length.
	step := math.NaN()
	discrete := len(sc.trans) > 0
	for i := range sc.trans {
		t := &sc.trans[i]
		if t.delay.Kind != sample.Fixed || t.delay.live != nil || (!math.IsNaN(step) && t.delay.A != step) || t.delay.A <= 0 {
			discrete = false
			break
		}
		step = t.delay.A
	}
	if discrete {
		c.Discrete, c.Step = true, step
	}
	c.Moves = make([][]chain.Move, n)
	add := func(from, to State, w float64) {
		c.Moves[from] = append(c.Moves[from], chain.Move{To: int32(to), Weight: w})
	}
	outgoing := make([]int, n)
	for i := range sc.trans {
		t := &sc.trans[i]
		w := at{problem.Transition, i, t.name}
		accepted := true
		if t.meeting != nil {
			var cause *problem.Problem
			if accepted, cause = sc.staticMeeting(w, t.meeting, written, anyWrite); cause != nil {
				fail(cause)
				continue
			}
		}
		switch {
		case t.weights != nil:
			fail(notMarkov(w, "targets", "its branch weights are computed from the world"))
			continue
		case t.delay.at && t.delay.constant:
			fail(notMarkov(w, "at", "it moves on a fixed day (%s), which makes the chain depend on time", t.delay.text))
			continue
		case t.delay.at:
			fail(notMarkov(w, "at", "it moves on a day computed from the world (%s), which makes the chain depend on time", t.delay.text))
			continue
		case !discrete && !t.delay.exponential():
			fail(notMarkov(w, "delay", "its delay (%s) is not exponential, and not every transition is a fixed step of the same length", t.delay.String()))
			continue
		}
		on, cause := static(w, t.guard, t.guardText)
		if cause != nil {
			fail(cause)
			continue
		}
		if !on {
			continue
		}
		if t.retry.live != nil {
			fail(notMarkov(w, "onDecline", "its retry after a decline (%s) reads the world", t.retry.String()))
			continue
		}
		rate := t.delay.A
		if t.delay.live != nil && !discrete {
			if rate, cause = sc.staticRate(w, &t.delay, world, written, anyWrite); cause != nil {
				fail(cause)
				continue
			}
		}
		if !accepted && t.onDecline != declineTo {
			continue // declined, and asked again in the same world: never moves
		}
		outgoing[t.from]++
		if discrete && outgoing[t.from] > 1 {
			fail(notMarkov(w, "", "a discrete-time chain has one transition per state; branch instead"))
			continue
		}
		if !accepted {
			if discrete {
				add(t.from, t.declineTo, 1)
			} else {
				add(t.from, t.declineTo, rate)
			}
			continue
		}
		prev := 0.0
		for k, target := range t.targets {
			p := t.cumulative[k] - prev
			prev = t.cumulative[k]
			if discrete {
				add(t.from, target, p)
			} else {
				add(t.from, target, rate*p)
			}
		}
	}
	for i := range sc.events {
		e := &sc.events[i]
		w := at{problem.Event, i, e.name}
		accepted := true
		switch {
		case e.scheduled:
			fail(notMarkov(w, "day", "it is scheduled on a day, which makes the chain depend on time"))
			continue
		case e.once:
			fail(notMarkov(w, "once", "it occurs at most once, which the states alone do not remember"))
			continue
		case discrete:
			fail(notMarkov(w, "", "a discrete-time chain has no rate events"))
			continue
		case e.meeting != nil:
			var cause *problem.Problem
			if accepted, cause = sc.staticMeeting(w, e.meeting, written, anyWrite); cause != nil {
				fail(cause)
				continue
			}
		}
		on, cause := static(w, e.guard, e.guardText)
		if cause != nil {
			fail(cause)
			continue
		}
		on = on && accepted // a declined meeting event has no effect and does not count
		ce := chain.Event{Rate: e.rate, Active: append([]bool(nil), e.active...), Goto: int32(e.goTo)}
		if !on {
			ce.Rate = 0
		}
		if e.goTo >= 0 {
			for s, active := range e.active {
				if active && on {
					add(State(s), e.goTo, e.rate)
				}
			}
		}
		c.Events = append(c.Events, ce)
	}
	for ci, cl := range sc.claims {
		w := at{problem.Claim, sc.claimDecl[ci], cl.name}
		switch cl.kind {
		case StatementFunc:
			fail(notMarkov(w, "", "it is a Go function, which exact analysis cannot evaluate"))
		case StatementAgreed:
			fail(notMarkov(w, "", "it is about agreed values, which exact analysis does not follow"))
		case StatementInState, StatementVariable:
			fail(notMarkov(w, "", "it is about the %s on a day, which exact analysis does not compute for claims (Monte Carlo does)", map[StatementKind]string{StatementInState: "state", StatementVariable: "value of a variable"}[cl.kind]))
		case StatementAll, StatementAny, StatementBefore, StatementWithin:
			fail(notMarkov(w, "", "it combines statements (%s), whose joint probability exact analysis does not compute (Monte Carlo does)", cl.kind))
		}
	}
	if len(causes) > 0 {
		return nil, &problem.Error{Kind: ErrNotMarkov, Subject: fmt.Sprintf("scenario %q is not a Markov chain", sc.name), Problems: causes}
	}
	// Each row in target order, one move per target.
	for s, row := range c.Moves {
		slices.SortStableFunc(row, func(a, b chain.Move) int { return int(a.To) - int(b.To) })
		merged := row[:0]
		for _, m := range row {
			if k := len(merged) - 1; k >= 0 && merged[k].To == m.To {
				merged[k].Weight += m.Weight
				continue
			}
			merged = append(merged, m)
		}
		c.Moves[s] = merged
	}
	return c, nil
}

// staticMeeting decides a meeting in advance, when that is possible: every
// participant's numbers fixed, every acceptance rule reading only
// variables nothing changes, and no effect that could move positions. It
// returns whether all accept, or why it cannot be decided.
func (sc *Scenario) staticMeeting(w at, m *meeting, written map[Var]bool, anyWrite bool) (bool, *problem.Problem) {
	if anyWrite {
		return false, notMarkov(w, "participants", "it holds a meeting, and an effect that is a Go function or moves positions may change what its participants decide on")
	}
	for k, a := range m.parties {
		id := sc.model.Actor(a).ID
		if sc.model.Uncertain(a) {
			return false, notMarkov(w, "participants", "it holds a meeting, and %s's numbers are drawn in each run (priors), so whether %s accepts is not known in advance", id, id)
		}
		if r := m.rules[k]; r != nil {
			vars, ok := ruleVars(r)
			if !ok {
				return false, notMarkov(w, "participants", "it holds a meeting, and %s's acceptance rule %s", id, unreadableRule(r))
			}
			for _, v := range vars {
				if written[v] {
					return false, notMarkov(w, "participants", "it holds a meeting, and %s's acceptance reads %q, which effects or agreements may change", id, sc.vars[v].name)
				}
			}
		}
	}
	pos := sc.model.NewPositions()
	agreed := make([]float64, len(m.agenda))
	table := actors.Table{Parties: m.parties, Pos: pos}
	for k, i := range m.agenda {
		table.Issue = i
		x, ok := m.bargainer.Bargain(&table)
		if !ok {
			x = math.NaN()
		}
		agreed[k] = x
	}
	mt := &actors.Meeting{Name: m.name, Parties: m.parties, Agenda: m.agenda, Agreed: agreed, Pos: pos, World: &World{vars: sc.initVars, params: sc.ps.vals, nums: sc.nums}}
	for k, a := range m.parties {
		if r := m.rules[k]; r != nil {
			mt.Actor = a
			if !r.Accept(mt) {
				return false, nil
			}
		}
	}
	return true, nil
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

// staticRate is the rate of an exponential delay that reads the world,
// when it reads only variables nothing changes: its value in the initial
// world; else the reason exact analysis cannot read it.
func (sc *Scenario) staticRate(w at, d *delay, world *World, written map[Var]bool, anyWrite bool) (float64, *problem.Problem) {
	vars, day, actors := (&exprEnv{sc: sc}).worldReads(d.text)
	if day || actors {
		return 0, notMarkov(w, "rate", "its rate %q reads the day or an actor's numbers, which exact analysis cannot follow", d.text)
	}
	for _, v := range vars {
		if anyWrite || written[v] || sc.vars[v].agreed {
			return 0, notMarkov(w, "rate", "its rate %q reads %q, which effects or agreements may change", d.text, sc.vars[v].name)
		}
	}
	rate := d.live[0](world)
	if !(rate >= 0) || math.IsInf(rate, 1) {
		return 0, notMarkov(w, "rate", "its rate %q is not a usable rate in the initial world (%v)", d.text, rate)
	}
	return rate, nil
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
	}
	return nil, false
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
