package scenario

import (
	"encoding/binary"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/internal/chain"
	"github.com/parleysim/parley/internal/sample"
	"github.com/parleysim/parley/problem"
)

// maxChainNodes bounds the (state, values) pairs a chain that follows
// variables may list, and maxChainValues the values of each variable it
// follows: past them the variables are not of few enough values for exact
// analysis, and Monte Carlo is the tool. A counter without a bound meets
// the second in a few milliseconds.
const (
	maxChainNodes  = 1 << 18
	maxChainValues = 1000
)

// chain returns the scenario as a Markov chain, or an error matching
// ErrNotMarkov that names every part breaking the class: a delay that is
// neither exponential nor the common step, branch weights computed from the
// world, a move on a day, a meeting whose participants' numbers are drawn,
// a guard, rate, rule or effect that is a Go function or reads the day or
// actors' numbers, a scheduled or once-only event, or a claim that is a Go
// function, about agreements, or combines statements.
//
// Variables that guards, rates and acceptance rules read, and that effects
// or agreements change, are followed: a node of the chain is then a state
// with their values, found by walking the moves from the start, and each
// guard, rate and meeting is decided in each node's world. Their values
// must be few (maxChainNodes nodes at most): a counter without a bound is
// refused, naming it. Variables nothing changes are read at their initial
// values, and the chain's nodes are its states.
func (sc *Scenario) chain() (*chain.Chain, error) {
	if sc.ps == nil {
		return nil, ErrNotBuilt
	}
	var causes []problem.Problem
	failed := map[at]bool{}
	fail := func(p *problem.Problem) {
		w := at{p.Part, p.Index, p.Name}
		if !failed[w] { // one reason per part, however many nodes break it
			failed[w] = true
			causes = append(causes, *p)
		}
	}
	if sc.now != nil && sc.now.changesVars(sc) {
		fail(notMarkov(at{problem.Scenario, -1, sc.name}, "now", "starts from now (From) with variables set, or changed by the course so far: exact analysis decides guards on the initial values"))
	}
	written, anyWrite := sc.writtenVars()
	read := map[Var]bool{} // what decides the chain's moves reads these
	reads := func(w at, field string, vars []Var) bool {
		if anyWrite && len(vars) > 0 {
			fail(notMarkov(w, field, "its %s reads %q, and an effect that is a Go function or moves positions may change what it reads", field, sc.vars[vars[0]].name))
			return false
		}
		for _, v := range vars {
			read[v] = true
		}
		return true
	}
	guardOK := func(w at, g cond, text string) bool {
		if g == nil {
			return true
		}
		vars, ok := guardVars(g)
		if !ok {
			if what := movingReads(g); what != "" {
				fail(notMarkov(w, "guard", "its guard %q reads %s, which exact analysis cannot follow", text, what))
			} else {
				fail(notMarkov(w, "guard", "its guard is a Go function, which exact analysis cannot read"))
			}
			return false
		}
		return reads(w, "guard", vars)
	}
	meetingOK := func(w at, m *meeting) bool {
		if m == nil {
			return true
		}
		if anyWrite {
			fail(notMarkov(w, "participants", "it holds a meeting, and an effect that is a Go function or moves positions may change what its participants decide on"))
			return false
		}
		for k, a := range m.parties {
			id := sc.model.Actor(a).ID
			if sc.model.Uncertain(a) {
				fail(notMarkov(w, "participants", "it holds a meeting, and %s's numbers are drawn in each run (priors), so whether %s accepts is not known in advance", id, id))
				return false
			}
			if r := m.rules[k]; r != nil {
				vars, ok := ruleVars(r)
				if !ok {
					fail(notMarkov(w, "participants", "it holds a meeting, and %s's acceptance rule %s", id, unreadableRule(r)))
					return false
				}
				reads(w, "participants", vars)
			}
		}
		return true
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

	// What each part is, whatever the world: the parts the chain can hold.
	transOK := make([]bool, len(sc.trans))
	for i := range sc.trans {
		t := &sc.trans[i]
		w := at{problem.Transition, i, t.name}
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
		case t.retry.live != nil:
			fail(notMarkov(w, "onDecline", "its retry after a decline (%s) reads the world", t.retry.String()))
			continue
		}
		if !meetingOK(w, t.meeting) || !guardOK(w, t.guard, t.guardText) {
			continue
		}
		if t.delay.live != nil {
			vars, day, actors := (&exprEnv{sc: sc}).worldReads(t.delay.text)
			if day || actors {
				fail(notMarkov(w, "rate", "its rate %q reads the day or an actor's numbers, which exact analysis cannot follow", t.delay.text))
				continue
			}
			if !reads(w, "rate", vars) {
				continue
			}
		}
		transOK[i] = true
	}
	eventOK := make([]bool, len(sc.events))
	for i := range sc.events {
		e := &sc.events[i]
		w := at{problem.Event, i, e.name}
		switch {
		case e.scheduled:
			fail(notMarkov(w, "day", "it is scheduled on a day, which makes the chain depend on time"))
		case e.once:
			fail(notMarkov(w, "once", "it occurs at most once, which the states alone do not remember"))
		case discrete:
			fail(notMarkov(w, "", "a discrete-time chain has no rate events"))
		default:
			eventOK[i] = meetingOK(w, e.meeting) && guardOK(w, e.guard, e.guardText)
		}
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
	followed := sc.followed(read, written, fail)
	if len(causes) > 0 {
		return nil, sc.notMarkovError(causes)
	}

	b := &chainBuilder{sc: sc, followed: followed, index: map[string]int32{}}
	b.meetings()
	start := int32(sc.start)
	if len(followed) == 0 {
		for s := range sc.states { // nodes are states
			b.nodes = append(b.nodes, chainNode{State(s), sc.initVars})
		}
	} else {
		start = b.node(sc.start, sc.initVars)
	}
	c := &chain.Chain{Start: start}
	if discrete {
		c.Discrete, c.Step = true, step
	}
	c.Events = make([]chain.Event, len(sc.events))
	for i := range sc.events {
		c.Events[i] = chain.Event{Rate: sc.events[i].rate, Enter: sc.events[i].goTo >= 0}
	}
	out := make([][]int32, len(sc.states)) // transitions by state
	for i := range sc.trans {
		if transOK[i] {
			out[sc.trans[i].from] = append(out[sc.trans[i].from], int32(i))
		}
	}
	accepted := make([]bool, len(sc.trans)) // in some node the chain reaches
	declined := make([]bool, len(sc.trans))
	world := &World{params: sc.ps.vals, nums: sc.nums}
	for i := 0; i < len(b.nodes); i++ {
		if p := b.tooMany(); p != nil {
			return nil, sc.notMarkovError([]problem.Problem{*p})
		}
		nd := b.nodes[i]
		s := nd.state
		world.vars, world.state = nd.vars, s
		c.Absorbing = append(c.Absorbing, sc.states[s].absorbing)
		var row []chain.Move
		outgoing := 0
		for _, ti := range out[s] {
			t := &sc.trans[ti]
			w := at{problem.Transition, int(ti), t.name}
			if t.guard != nil && !t.guard.allow(world) {
				continue
			}
			rate := t.delay.A
			if t.delay.live != nil {
				if rate = t.delay.live[0](world); !(rate >= 0) || math.IsInf(rate, 1) {
					fail(notMarkov(w, "rate", "its rate %q is %v, not a usable rate, in a world the chain reaches (%s)", t.delay.text, rate, b.describe(nd)))
					continue
				}
			}
			ok := b.accepts(t.meeting, world)
			if ok {
				accepted[ti] = true
			} else {
				declined[ti] = true
				if t.onDecline != declineTo {
					continue // declined, and asked again in the same world: never moves
				}
			}
			if outgoing++; discrete && outgoing > 1 {
				fail(notMarkov(w, "", "a discrete-time chain has one transition per state; branch instead"))
				continue
			}
			if discrete {
				rate = 1
			}
			if !ok {
				row = append(row, chain.Move{To: b.node(t.declineTo, nd.vars), Weight: rate})
				continue
			}
			after := b.after(t.meeting, t.effects, nd.vars)
			prev := 0.0
			for k, target := range t.targets {
				p := t.cumulative[k] - prev
				prev = t.cumulative[k]
				row = append(row, chain.Move{To: b.node(target, after), Weight: rate * p})
			}
		}
		for ei := range sc.events {
			e := &sc.events[ei]
			ce := &c.Events[ei]
			active := eventOK[ei] && e.active[s] && (e.guard == nil || e.guard.allow(world)) && b.accepts(e.meeting, world)
			ce.Active = append(ce.Active, active)
			to := int32(i)
			if active {
				after := b.after(e.meeting, e.effects, nd.vars)
				switch {
				case e.goTo >= 0:
					to = b.node(e.goTo, after)
					row = append(row, chain.Move{To: to, Weight: e.rate})
				case b.key(s, after) != b.key(s, nd.vars):
					to = b.node(s, after)
					row = append(row, chain.Move{To: to, Weight: e.rate, Within: true})
				}
			}
			ce.To = append(ce.To, to)
		}
		c.Moves = append(c.Moves, merged(row))
	}
	// A retry after a decline keeps its own clock while the world changes
	// within the state: the chain would have to remember the decline,
	// unless the retry is the transition's own exponential delay.
	for i := range sc.trans {
		t := &sc.trans[i]
		if accepted[i] && declined[i] && t.onDecline == declineRetry && !discrete &&
			!(t.delay.live == nil && t.retry.exponential() && t.retry.A == t.delay.A) {
			fail(notMarkov(at{problem.Transition, i, t.name}, "onDecline", "its meeting is declined in some worlds the chain reaches and accepted in others, and its retry after a decline (%s) is not its own delay, so the chain would have to remember the decline", t.retry.String()))
		}
	}
	if len(causes) > 0 {
		return nil, sc.notMarkovError(causes)
	}
	if len(followed) > 0 {
		c.State = make([]int32, len(b.nodes))
		for i, nd := range b.nodes {
			c.State[i] = int32(nd.state)
		}
		for _, v := range followed {
			c.Follows = append(c.Follows, sc.vars[v].name)
		}
	}
	return c, nil
}

// notMarkovError gathers the reasons a scenario is not a Markov chain.
func (sc *Scenario) notMarkovError(causes []problem.Problem) error {
	return &problem.Error{Kind: ErrNotMarkov, Subject: fmt.Sprintf("scenario %q is not a Markov chain", sc.name), Problems: causes}
}

// merged sorts a node's moves by target and merges those to the same
// target of the same kind.
func merged(row []chain.Move) []chain.Move {
	slices.SortStableFunc(row, func(a, b chain.Move) int {
		if a.To != b.To {
			return int(a.To) - int(b.To)
		}
		switch {
		case a.Within == b.Within:
			return 0
		case b.Within:
			return -1
		}
		return 1
	})
	out := row[:0]
	for _, m := range row {
		if k := len(out) - 1; k >= 0 && out[k].To == m.To && out[k].Within == m.Within {
			out[k].Weight += m.Weight
			continue
		}
		out = append(out, m)
	}
	return slices.Clip(out)
}

// followed returns, in order, the variables the chain must follow: those
// the parts deciding its moves read (read) that effects or agreements
// change, and those the effects on them read in turn. An effect on a
// followed variable that reads the day or actors' numbers is a reason
// the scenario is not a chain.
func (sc *Scenario) followed(read, written map[Var]bool, fail func(*problem.Problem)) []Var {
	follow := map[Var]bool{}
	for v := range read {
		if written[v] {
			follow[v] = true
		}
	}
	type part struct {
		w       at
		effects []act
	}
	var parts []part
	for i := range sc.trans {
		parts = append(parts, part{at{problem.Transition, i, sc.trans[i].name}, sc.trans[i].effects})
	}
	for i := range sc.events {
		parts = append(parts, part{at{problem.Event, i, sc.events[i].name}, sc.events[i].effects})
	}
	for grew := len(follow) > 0; grew; {
		grew = false
		for _, p := range parts {
			for k, e := range p.effects {
				x, ok := e.(assignEffect)
				if !ok || !follow[x.v] {
					continue
				}
				vars, day, actors := (&exprEnv{sc: sc}).worldReads(x.text)
				if day || actors {
					fail(notMarkov(p.w, "effects["+strconv.Itoa(k)+"]", "its effect sets %q, which exact analysis follows, from %q, reading %s, which exact analysis cannot follow", sc.vars[x.v].name, x.text, movingReads(exprCond{day: day, actors: actors})))
					continue
				}
				for _, v := range vars {
					if written[v] && !follow[v] {
						follow[v], grew = true, true
					}
				}
			}
		}
	}
	out := make([]Var, 0, len(follow))
	for v := range follow {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// chainNode is a node of a chain: a state and the values of the
// variables (all of them; the followed ones tell nodes apart).
type chainNode struct {
	state State
	vars  []float64
}

// chainBuilder lists the nodes of a chain that follows variables.
type chainBuilder struct {
	sc       *Scenario
	followed []Var
	nodes    []chainNode
	index    map[string]int32
	values   []map[uint64]bool // per followed variable, the values seen
	buf      []byte
	agreed   [][]float64 // per meeting, what its agenda agrees (positions are fixed)
	pos      *actors.Positions
}

// key is the identity of a node: its state and followed values, by bits
// (so that NaN, an agenda without agreement, is one value). An absorbing
// state is one node whatever the values: nothing happens there.
func (b *chainBuilder) key(s State, vars []float64) string {
	b.buf = binary.LittleEndian.AppendUint32(b.buf[:0], uint32(s))
	if b.sc.states[s].absorbing {
		return string(b.buf)
	}
	for _, v := range b.followed {
		b.buf = binary.LittleEndian.AppendUint64(b.buf, math.Float64bits(vars[v]))
	}
	return string(b.buf)
}

// node returns the node of state s with values vars, listing it if new.
func (b *chainBuilder) node(s State, vars []float64) int32 {
	if len(b.followed) == 0 {
		return int32(s)
	}
	k := b.key(s, vars)
	if i, ok := b.index[k]; ok {
		return i
	}
	i := int32(len(b.nodes))
	b.index[k] = i
	b.nodes = append(b.nodes, chainNode{s, vars})
	if b.values == nil {
		b.values = make([]map[uint64]bool, len(b.followed))
		for j := range b.values {
			b.values[j] = map[uint64]bool{}
		}
	}
	for j, v := range b.followed {
		b.values[j][math.Float64bits(vars[v])] = true
	}
	return i
}

// meetings bargains each meeting's agenda once: with no effect that moves
// positions and no drawn numbers (what the chain requires of meetings),
// what it agrees is the same in every world.
func (b *chainBuilder) meetings() {
	sc := b.sc
	if sc.model == nil {
		return
	}
	b.pos = sc.model.NewPositions()
	ms := make([]*meeting, 0)
	for i := range sc.trans {
		if m := sc.trans[i].meeting; m != nil {
			ms = append(ms, m)
		}
	}
	for i := range sc.events {
		if m := sc.events[i].meeting; m != nil {
			ms = append(ms, m)
		}
	}
	for _, m := range ms {
		for int(m.index) >= len(b.agreed) {
			b.agreed = append(b.agreed, nil)
		}
		agreed := make([]float64, len(m.agenda))
		table := actors.Table{Parties: m.parties, Pos: b.pos}
		for k, i := range m.agenda {
			table.Issue = i
			x, ok := m.bargainer.Bargain(&table)
			if !ok {
				x = math.NaN()
			}
			agreed[k] = x
		}
		b.agreed[m.index] = agreed
	}
}

// accepts reports whether every participant of meeting m (none: true)
// accepts in the world w.
func (b *chainBuilder) accepts(m *meeting, w *World) bool {
	if m == nil {
		return true
	}
	w.pos = b.pos
	mt := &actors.Meeting{Name: m.name, Parties: m.parties, Agenda: m.agenda, Agreed: b.agreed[m.index], Pos: b.pos, World: w}
	for k, a := range m.parties {
		if r := m.rules[k]; r != nil {
			mt.Actor = a
			if !r.Accept(mt) {
				return false
			}
		}
	}
	return true
}

// after returns the values after meeting m (if any) agrees and effects
// apply, as a run's fire and occur do: agreed values first, then the
// effects in order. vars is not changed; without followed variables the
// values never change and vars itself is returned.
func (b *chainBuilder) after(m *meeting, effects []act, vars []float64) []float64 {
	if len(b.followed) == 0 {
		return vars
	}
	next := slices.Clone(vars)
	if m != nil {
		for k, x := range b.agreed[m.index] {
			if !math.IsNaN(x) {
				next[m.agreedVar[k]] = x
			}
		}
	}
	w := &World{vars: next, params: b.sc.ps.vals, nums: b.sc.nums, pos: b.pos}
	for _, e := range effects {
		e.apply(w)
	}
	return next
}

// describe writes a node's followed values, for a reason naming the
// world where a rate is unusable.
func (b *chainBuilder) describe(nd chainNode) string {
	parts := []string{"state " + b.sc.states[nd.state].name}
	for _, v := range b.followed {
		parts = append(parts, fmt.Sprintf("%s = %v", b.sc.vars[v].name, nd.vars[v]))
	}
	return strings.Join(parts, ", ")
}

// tooMany is the reason a chain that follows variables has too many
// nodes, or nil: it names a variable of too many values, or else the one
// that takes the most.
func (b *chainBuilder) tooMany() *problem.Problem {
	most, count := -1, 0
	for j := range b.values {
		if n := len(b.values[j]); n > count {
			most, count = j, n
		}
	}
	if most < 0 || count <= maxChainValues && len(b.nodes) <= maxChainNodes {
		return nil
	}
	v := b.followed[most]
	w := at{problem.Variable, int(v), b.sc.vars[v].name}
	if count > maxChainValues {
		return notMarkov(w, "", "it takes more than %d values in the worlds the chain reaches (guards, rates or acceptance rules read it and effects change it, so exact analysis follows its values): exact analysis needs variables of few values; estimate by Monte Carlo", maxChainValues)
	}
	return notMarkov(w, "", "with the other variables exact analysis follows (%s) it takes more than %d combinations of values and states (%d values of its own): exact analysis needs variables of few values; estimate by Monte Carlo", b.followedNames(), maxChainNodes, count)
}

// followedNames lists the followed variables' names.
func (b *chainBuilder) followedNames() string {
	names := make([]string, len(b.followed))
	for i, v := range b.followed {
		names[i] = b.sc.vars[v].name
	}
	return strings.Join(names, ", ")
}
