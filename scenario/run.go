package scenario

import (
	"math"
	"math/rand/v2"
	"slices"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/internal/sample"
)

// defaultMaxSteps bounds the steps (transitions fired plus events occurred) of
// one run when RunOptions.MaxSteps is zero.
const defaultMaxSteps = 10000

// RunOptions adjusts how a Runner runs a scenario. The zero value runs the
// scenario as defined.
type RunOptions struct {
	// Horizon overrides the scenario's horizon when positive.
	Horizon float64
	// MaxSteps bounds the steps of one run; zero means 10,000. A run
	// that reaches it ends with EndStepLimit.
	MaxSteps int
	// DrawParameters makes each run draw its own value of every parameter
	// that has a prior and was not bound by Scenario.With (see Drawn), from
	// the run's stream before anything else, and bind it (the
	// deep-uncertainty mode). Other parameters keep their bound values. A run whose draws make a number of the definition
	// invalid ends with EndFault and Trace.Fault set to FaultParameters.
	DrawParameters bool
	// Snapshots are days, ascending, at which a run records every
	// variable's value (after everything on that day) in Trace.Snapshots:
	// what Evidence needs to judge observations of variables.
	Snapshots []float64
}

// FaultParameters is Trace.Fault of a run whose drawn parameter values
// made a number of the definition invalid.
const FaultParameters Transition = -2

// Runner runs a scenario, one run at a time, reusing its buffers so that a
// run allocates nothing once the buffers have grown to the longest run seen.
// A Runner is not safe for concurrent use: give each goroutine its own.
type Runner struct {
	sc       *Scenario
	horizon  float64
	maxSteps int
	world    World
	trace    Trace
	clock    []float64 // per transition: the day its sampled delay ends
	fired    []int32   // per event: occurrences in this run
	race     []float64 // scratch: rates of the memoryless race
	steps    int
	next     int // index into sc.schedule of the next scheduled event

	// Meetings.
	blocked []bool    // per transition: declined, waiting for the world to change
	retry   []float64 // per exponential transition: the day a declined meeting is asked again
	meet    actors.Meeting
	table   actors.Table
	agreed  []float64 // scratch: predicted agreement per agenda issue
	zoneLo  []float64 // scratch: the zone of agreement per agenda issue
	zoneHi  []float64

	// Parameters drawn per run: r.sc is then a private copy of the scenario.
	// The draws come from a stream of their own, seeded by one draw from
	// the run's stream, so that binding a parameter leaves the run's own
	// draws as they were (common random numbers across variants).
	drawOn  bool    // the scenario declares priors and runs draw them
	draw    []Param // the parameters drawn, in declaration order
	cells   []int32 // the cells that depend on them
	pcg     rand.PCG
	prng    *rand.Rand
	base    []float64 // the bound values
	scratch []float64

	snapDays []float64 // RunOptions.Snapshots
	snapNext int       // the first snapshot day not yet recorded

	plain bool // the scenario is plain (Scenario.isPlain) and no snapshots are asked

	// Meetings' outcomes, kept until the world changes: a declined meeting
	// asked again in the same world is declined the same way, without
	// bargaining and asking again. version counts the world's changes.
	version uint64
	held    []heldMeeting // by Meeting
}

// heldMeeting is what a meeting came to in the world of one version.
type heldMeeting struct {
	version   uint64 // 0: nothing kept
	agreed    []float64
	decliners []int32
	accepted  bool
}

// NewRunner returns a Runner for the scenario.
func (sc *Scenario) NewRunner(opts RunOptions) *Runner {
	if sc.ps == nil {
		return &Runner{}
	}
	var draw []Param
	drawOn := false
	if opts.DrawParameters {
		draw = sc.Drawn()
		for _, p := range sc.ps.params {
			drawOn = drawOn || p.Prior != nil
		}
	}
	base := sc.ps.vals
	if len(draw) > 0 {
		sc = sc.private()
	}
	r := &Runner{
		drawOn:   drawOn,
		draw:     draw,
		cells:    sc.ps.dependent(draw),
		base:     base,
		scratch:  sc.ps.scratch(),
		sc:       sc,
		horizon:  sc.horizon,
		maxSteps: opts.MaxSteps,
		clock:    make([]float64, len(sc.trans)),
		fired:    make([]int32, len(sc.events)),
		race:     make([]float64, sc.maxRace),
	}
	if opts.Horizon > 0 {
		r.horizon = opts.Horizon
	}
	if r.maxSteps <= 0 {
		r.maxSteps = defaultMaxSteps
	}
	r.world.vars = make([]float64, len(sc.initVars))
	r.blocked = make([]bool, len(sc.trans))
	r.retry = make([]float64, len(sc.trans))
	for i := range r.retry {
		r.retry[i] = math.Inf(1)
	}
	r.agreed = make([]float64, sc.maxAgenda)
	r.zoneLo = make([]float64, sc.maxAgenda)
	r.zoneHi = make([]float64, sc.maxAgenda)
	meetings := sc.Meetings()
	r.held = make([]heldMeeting, len(meetings))
	for i, m := range meetings {
		r.held[i].agreed = make([]float64, len(m.Agenda))
		r.held[i].decliners = make([]int32, 0, len(m.Parties))
	}
	r.prng = rand.New(&r.pcg)
	if sc.model != nil {
		r.world.pos = sc.model.NewPositions()
	}
	r.trace.Steps = make([]Step, 0, 16)
	r.trace.Occurrences = make([]Occurrence, 0, 4)
	// The days asked, and those the claims read variables on.
	days := opts.Snapshots
	if len(sc.claimDays) > 0 {
		days = slices.Concat(days, sc.claimDays)
	}
	r.plain = sc.plain && len(days) == 0
	if len(days) > 0 {
		r.snapDays = slices.Clone(days)
		slices.Sort(r.snapDays)
		r.snapDays = slices.Compact(r.snapDays)
		r.trace.Snapshots = make([]float64, len(r.snapDays)*len(sc.initVars))
		r.trace.SnapshotDays = r.snapDays
	}
	return r
}

// drawParameters draws the run's parameter values from a stream seeded by
// seed and binds them into the Runner's own copy of the scenario; false
// when they are invalid.
func (r *Runner) drawParameters(seed uint64) bool {
	if len(r.draw) == 0 {
		return true
	}
	st := r.sc.ps
	vals := st.vals
	copy(vals, r.base)
	r.pcg.Seed(seed, 0x70617261) // "para"
	for _, p := range r.draw {
		vals[p] = st.priors[p].Draw(r.prng)
	}
	return r.sc.bindCells(vals, r.scratch, r.cells) == nil
}

// Run performs one run drawing from rng and returns its trace, which stays
// valid until the next call of Run.
//
// On entering a state, every enabled transition samples its delay and the
// earliest fires. Transitions with exponential delays, and rate events, race
// as one exponential clock of their total rate followed by a choice in
// proportion to the rates: the same law as separate clocks, with two draws.
// When an event changes the world, guards are evaluated again: the sampled
// clocks of transitions that stay enabled are kept, newly enabled ones sample
// from that day, and disabled ones are dropped. A scheduled event due at the
// same moment as a transition goes first.
func (r *Runner) Run(rng *rand.Rand) *Trace {
	if r.sc == nil { // not made by NewRunner, or for a Scenario not built
		r.trace = Trace{End: EndFault, Fault: NoTransition}
		return &r.trace
	}
	if r.plain {
		return r.runPlain(rng)
	}
	sc := r.sc
	w := &r.world
	w.rng = rng
	copy(w.vars, sc.initVars)
	clear(r.fired)
	t := &r.trace
	t.Steps = t.Steps[:0]
	t.Occurrences = t.Occurrences[:0]
	t.Proposals = t.Proposals[:0]
	t.Declines = t.Declines[:0]
	t.Agreements = t.Agreements[:0]
	t.Fault = NoTransition
	r.steps = 0
	r.next = 0
	r.snapNext = 0
	r.version++ // a new world: nothing kept from the last run
	w.params = sc.ps.vals
	w.nums = sc.nums
	if r.drawOn && !r.drawParameters(rng.Uint64()) {
		r.enter(sc.start, 0, -1, -1)
		r.trace.Fault = FaultParameters
		return r.finish(EndFault, 0)
	}
	if sc.model != nil {
		sc.model.Sample(rng, w.pos)
	}
	if sc.now != nil {
		r.startNow(sc.now)
	} else {
		r.enter(sc.start, 0, -1, -1)
	}

	for {
		s := w.state
		if sc.states[s].absorbing {
			return r.finish(EndAbsorbed, w.day)
		}
		if r.steps >= r.maxSteps {
			return r.finish(EndStepLimit, w.day)
		}

		// The memoryless race: exponential transitions and rate events
		// (their rates read in the world as it is).
		next := math.Inf(1)
		var rates []float64
		total := 0.0
		if rc := &sc.races[s]; rc.static {
			rates = rc.rates
			if total = rc.total; total > 0 {
				next = w.day + float64(sample.Exp(rng)*rc.inv)
			}
		} else {
			rates = r.dynamicRace(s)
			for _, rate := range rates {
				total += rate
			}
			if total > 0 {
				next = w.day + sample.Exp(rng)/total
			}
		}
		if r.trace.Fault != NoTransition { // a rate or delay the world made unusable
			return r.finish(EndFault, w.day)
		}
		general := int32(-1)
		for _, ti := range sc.genOut[s] {
			if r.clock[ti] < next {
				next = r.clock[ti]
				general = ti
			}
		}
		for _, ti := range sc.meetOut[s] {
			if r.retry[ti] < next {
				next = r.retry[ti]
				general = ti
			}
		}

		if r.next < len(sc.schedule) {
			ei := sc.schedule[r.next]
			ev := &sc.events[ei]
			if ev.day <= next && ev.day <= r.horizon {
				r.next++
				r.snapshot(ev.day)
				w.day = ev.day
				if ev.active[s] && (ev.guard == nil || ev.guard.allow(w)) && rng.Float64() < ev.p {
					r.occur(ei)
				}
				continue
			}
		}
		if next > r.horizon {
			if r.stuck(s) {
				return r.finish(EndStuck, r.horizon)
			}
			return r.finish(EndHorizon, r.horizon)
		}
		r.snapshot(next)
		w.day = next

		if general >= 0 {
			r.retry[general] = math.Inf(1)
			if !r.fire(general) {
				return r.finish(EndFault, w.day)
			}
			continue
		}
		// Pick the winner of the memoryless race in proportion to the rates.
		u := rng.Float64() * total
		winner := -1
		for i, rate := range rates {
			if rate > 0 {
				winner = i
				if u < rate {
					break
				}
				u -= rate
			}
		}
		if ne := len(sc.expOut[s]); winner < ne {
			if !r.fire(sc.expOut[s][winner]) {
				return r.finish(EndFault, w.day)
			}
		} else {
			r.occur(sc.rateEvents[s][winner-ne])
		}
	}
}

// runPlain is Run for a plain scenario: the same draws in the same order
// (the parameters' seed when they are drawn; then, at each step, the
// race's exponential, the choice of its winner, then a branch), so the
// same trace, without the bookkeeping that cannot apply: a plain run has
// no variables, clocks, events, meetings or snapshots.
func (r *Runner) runPlain(rng *rand.Rand) *Trace {
	sc, w, t := r.sc, &r.world, &r.trace
	t.Fault = NoTransition
	t.Steps = append(t.Steps[:0], Step{State: sc.start, Transition: NoTransition, Event: NoEvent})
	w.state, w.day = sc.start, 0
	if r.drawOn && !r.drawParameters(rng.Uint64()) {
		t.Fault = FaultParameters
		return r.finishPlain(EndFault, 0)
	}
	if c := sc.now; c != nil { // the path so far; nothing else of now applies
		last := c.steps[len(c.steps)-1]
		t.Steps = append(t.Steps[:0], c.steps[:len(c.steps)-1]...)
		t.Steps = append(t.Steps, Step{Day: last.Day, State: last.State, Transition: last.Transition, Event: NoEvent})
		w.state, w.day = last.State, c.day
	}
	for steps := 0; ; steps++ {
		rc := &sc.races[w.state]
		if len(rc.moves) == 0 { // only an absorbing state has none
			return r.finishPlain(EndAbsorbed, w.day)
		}
		if steps >= r.maxSteps {
			return r.finishPlain(EndStepLimit, w.day)
		}
		total := rc.total
		if !(total > 0) {
			return r.finishPlain(EndStuck, r.horizon) // nothing leaves the state
		}
		next := w.day + float64(sample.Exp(rng)*rc.inv)
		if next > r.horizon {
			return r.finishPlain(EndHorizon, r.horizon)
		}
		w.day = next
		u := rng.Float64() * total
		winner := -1
		for i, rate := range rc.rates {
			if rate > 0 {
				winner = i
				if u < rate {
					break
				}
				u -= rate
			}
		}
		mv := &rc.moves[winner]
		target := mv.target
		if mv.branching {
			tr := &sc.trans[mv.ti]
			u := rng.Float64()
			for i, c := range tr.cumulative {
				target = tr.targets[i]
				if u < c {
					break
				}
			}
		}
		w.state = target
		t.Steps = append(t.Steps, Step{Day: next, State: target, Transition: Transition(mv.ti), Event: NoEvent})
	}
}

// finishPlain ends a plain run: finish without snapshots to take.
func (r *Runner) finishPlain(end End, day float64) *Trace {
	r.trace.End, r.trace.EndDay = end, day
	r.world.day = day
	return &r.trace
}

// dynamicRace fills r.race with the current rates of state s's exponential
// transitions, then its rate events; a disabled competitor has rate 0.
func (r *Runner) dynamicRace(s State) []float64 {
	sc, w := r.sc, &r.world
	n := 0
	for _, ti := range sc.expOut[s] {
		tr := &sc.trans[ti]
		rate := 0.0
		if !r.blocked[ti] && math.IsInf(r.retry[ti], 1) && (tr.guard == nil || tr.guard.allow(w)) {
			if rate = tr.delay.A; tr.delay.live != nil {
				rate = r.liveRate(ti, &tr.delay)
			}
		}
		r.race[n] = rate
		n++
	}
	for _, ei := range sc.rateEvents[s] {
		ev := &sc.events[ei]
		rate := 0.0
		if (!ev.once || r.fired[ei] == 0) && (ev.guard == nil || ev.guard.allow(w)) {
			rate = ev.rate
		}
		r.race[n] = rate
		n++
	}
	return r.race[:n]
}

// enter moves the run into state s and samples the clocks of its general
// transitions.
func (r *Runner) enter(s State, day float64, transition, event int32) {
	w := &r.world
	w.state = s
	w.day = day
	var st *Step
	r.trace.Steps, st = push(r.trace.Steps)
	st.Day, st.State, st.Transition, st.Event, st.Declined = day, s, Transition(transition), Event(event), false
	for _, ti := range r.sc.meetOut[s] {
		r.blocked[ti] = false
		r.retry[ti] = math.Inf(1)
	}
	for _, ti := range r.sc.genOut[s] {
		tr := &r.sc.trans[ti]
		r.blocked[ti] = false
		if tr.guard == nil || tr.guard.allow(w) {
			if tr.delay.live == nil {
				r.clock[ti] = day + tr.delay.sample(w.rng)
			} else {
				r.clock[ti] = r.due(ti, &tr.delay, day)
			}
		} else {
			r.clock[ti] = math.Inf(1)
		}
	}
}

// due returns the day the clock of transition ti's delay d, started on
// day, runs out; +Inf, and the run faulted, when the world makes the delay
// unusable.
func (r *Runner) due(ti int32, d *delay, day float64) float64 {
	at := d.due(&r.world, day)
	if math.IsNaN(at) {
		r.trace.Fault = Transition(ti)
		return math.Inf(1)
	}
	return at
}

// liveRate returns the rate of transition ti's exponential delay d, which
// reads the world, in the world as it is; 0, and the run faulted, when
// the world makes it unusable.
func (r *Runner) liveRate(ti int32, d *delay) float64 {
	rate := d.live[0](&r.world)
	if !(rate >= 0) || math.IsInf(rate, 1) {
		r.trace.Fault = Transition(ti)
		return 0
	}
	return rate
}

// reclock re-evaluates the guards of the current state's general transitions
// after the world changed without a move, and lets meetings declined in the
// old world be proposed again.
func (r *Runner) reclock() {
	w := &r.world
	for _, ti := range r.sc.meetOut[w.state] {
		r.blocked[ti] = false
	}
	for _, ti := range r.sc.genOut[w.state] {
		tr := &r.sc.trans[ti]
		if r.blocked[ti] {
			r.blocked[ti] = false
			r.clock[ti] = math.Inf(1)
		}
		if tr.guard == nil && !math.IsInf(r.clock[ti], 1) && !tr.delay.at {
			continue
		}
		switch enabled := tr.guard == nil || tr.guard.allow(w); {
		case enabled && (math.IsInf(r.clock[ti], 1) || tr.delay.at):
			// A scheduled move's day is computed again in the new world.
			r.clock[ti] = r.due(ti, &tr.delay, w.day)
		case !enabled:
			r.clock[ti] = math.Inf(1)
		}
	}
}

// fire fires transition ti: effects first, then the branch, which sees the
// world the effects left. It reports false when branch weights are unusable.
func (r *Runner) fire(ti int32) bool {
	w := &r.world
	tr := &r.sc.trans[ti]
	r.steps++
	if tr.meeting != nil && !r.hold(tr.meeting) {
		switch tr.onDecline {
		case declineRetry:
			at := r.due(ti, &tr.retry, w.day)
			if tr.delay.exponential() {
				r.retry[ti] = at
			} else {
				r.clock[ti] = at
			}
		case declineTo:
			r.enterDeclined(tr.declineTo, ti)
		default:
			r.blocked[ti] = true
			r.clock[ti] = math.Inf(1)
		}
		return true
	}
	for _, e := range tr.effects {
		e.apply(w)
	}
	if len(tr.effects) > 0 {
		r.version++
	}
	target := tr.targets[0]
	switch {
	case tr.weights != nil:
		total := 0.0
		for _, f := range tr.weights {
			x := f(w)
			if !(x >= 0) || math.IsInf(x, 1) {
				total = math.NaN()
				break
			}
			total += x
		}
		if !(total > 0) || math.IsInf(total, 1) {
			r.trace.Fault = Transition(ti)
			return false
		}
		u := w.rng.Float64() * total
		for i, f := range tr.weights {
			if x := f(w); x > 0 {
				target = tr.targets[i]
				if u < x {
					break
				}
				u -= x
			}
		}
	case len(tr.targets) > 1:
		u := w.rng.Float64()
		for i, c := range tr.cumulative {
			target = tr.targets[i]
			if u < c {
				break
			}
		}
	}
	r.enter(target, w.day, ti, -1)
	return true
}

// occur applies event ei at the current day.
func (r *Runner) occur(ei int32) {
	w := &r.world
	ev := &r.sc.events[ei]
	r.steps++
	if ev.meeting != nil && !r.hold(ev.meeting) {
		return
	}
	r.fired[ei]++
	var oc *Occurrence
	r.trace.Occurrences, oc = push(r.trace.Occurrences)
	oc.Day, oc.Event = w.day, Event(ei)
	for _, e := range ev.effects {
		e.apply(w)
	}
	if len(ev.effects) > 0 {
		r.version++
	}
	if ev.goTo >= 0 {
		r.enter(ev.goTo, w.day, -1, ei)
		return
	}
	r.reclock()
}

// snapshot records the variables at the snapshot days before the given
// day: the world is about to change on it.
func (r *Runner) snapshot(before float64) {
	for ; r.snapNext < len(r.snapDays) && r.snapDays[r.snapNext] < before; r.snapNext++ {
		n := len(r.world.vars)
		copy(r.trace.Snapshots[r.snapNext*n:(r.snapNext+1)*n], r.world.vars)
	}
}

// stuck reports whether nothing could move a run in state s any more, as
// it reaches the horizon: every transition out of s and every event that
// could still occur in it either has no clock running or holds a meeting
// that the participants decline in the world as it is (asking again gets
// the same answer, unless a rule reads the day or is a Go function), and
// a declined meeting does not move the run. Runs once per run, at its end.
func (r *Runner) stuck(s State) bool {
	sc, w := r.sc, &r.world
	// futile reports whether holding m could change nothing: declined.
	futile := func(m *meeting) bool { return m != nil && !m.timely && !r.decide(m).accepted }
	moves := func(ti int32) bool {
		t := &sc.trans[ti]
		return t.onDecline == declineTo || !futile(t.meeting)
	}
	rates := sc.races[s].rates
	if !sc.races[s].static {
		rates = r.dynamicRace(s)
	}
	ne := len(sc.expOut[s])
	for i, rate := range rates {
		switch {
		case !(rate > 0):
		case i < ne:
			if moves(sc.expOut[s][i]) {
				return false
			}
		case !futile(sc.events[sc.rateEvents[s][i-ne]].meeting):
			return false
		}
	}
	for _, ti := range sc.genOut[s] {
		if !math.IsInf(r.clock[ti], 1) && moves(ti) {
			return false
		}
	}
	for _, ti := range sc.meetOut[s] {
		if !math.IsInf(r.retry[ti], 1) && moves(ti) {
			return false
		}
	}
	for k := r.next; k < len(sc.schedule); k++ {
		ev := &sc.events[sc.schedule[k]]
		if ev.active[s] && (ev.guard == nil || ev.guard.allow(w)) && ev.p > 0 && !futile(ev.meeting) {
			return false
		}
	}
	return true
}

func (r *Runner) finish(end End, day float64) *Trace {
	r.snapshot(math.Inf(1))
	r.trace.End = end
	r.trace.EndDay = day
	r.world.day = day
	return &r.trace
}

// enterDeclined moves the run to s after transition ti's meeting was declined.
func (r *Runner) enterDeclined(s State, ti int32) {
	r.enter(s, r.world.day, ti, -1)
	r.trace.Steps[len(r.trace.Steps)-1].Declined = true
}

// decide bargains over a meeting's agenda and asks every participant, in
// the world as it is, and keeps what it came to: the same world gives the
// same answer, so a meeting asked again is answered from what was kept,
// unless a participant's rule reads the day or is a Go function (timely),
// which is asked every time.
func (r *Runner) decide(m *meeting) *heldMeeting {
	w := &r.world
	h := &r.held[m.index]
	if h.version == r.version && !m.timely {
		return h
	}
	// Bargain and ask in this world; keep what it came to.
	agreed := h.agreed
	zlo, zhi := r.zoneLo[:len(m.agenda)], r.zoneHi[:len(m.agenda)]
	r.table.Parties, r.table.Pos = m.parties, w.pos
	for k, i := range m.agenda {
		r.table.Issue, r.table.Zoned = i, false
		zlo[k], zhi[k] = r.table.Zone()
		r.table.Lo, r.table.Hi, r.table.Zoned = zlo[k], zhi[k], true
		x, ok := m.bargainer.Bargain(&r.table)
		if !ok {
			x = math.NaN()
		}
		agreed[k] = x
	}
	mt := &r.meet
	mt.Name, mt.Parties, mt.Agenda, mt.Agreed, mt.Pos, mt.World = m.name, m.parties, m.agenda, agreed, w.pos, w
	mt.ZoneLo, mt.ZoneHi = zlo, zhi
	h.accepted, h.decliners = true, h.decliners[:0]
	for k, a := range m.parties {
		rule := m.rules[k]
		if rule == nil {
			continue
		}
		mt.Actor = a
		if !rule.Accept(mt) {
			h.accepted = false
			h.decliners = append(h.decliners, int32(a))
		}
	}
	h.version = r.version
	return h
}

// hold proposes a meeting: it predicts what the agenda would agree, asks
// every participant, records the proposal and every decline, and, when all
// accept, records the agreements and writes the agreed values to the world.
// It reports whether the meeting was held.
func (r *Runner) hold(m *meeting) bool {
	w := &r.world
	t := &r.trace
	h := r.decide(m)
	for _, a := range h.decliners {
		var d *Decline
		t.Declines, d = push(t.Declines)
		d.Day, d.Meeting, d.Actor = w.day, m.index, a
	}
	var p *Proposal
	t.Proposals, p = push(t.Proposals)
	p.Day, p.Meeting, p.Accepted = w.day, m.index, h.accepted
	if !h.accepted {
		return false
	}
	for k, i := range m.agenda {
		x := h.agreed[k]
		reached := !math.IsNaN(x)
		var ag *Agreement
		t.Agreements, ag = push(t.Agreements)
		ag.Day, ag.Meeting, ag.Issue, ag.Value, ag.Reached = w.day, m.index, int32(i), x, reached
		if reached {
			w.vars[m.agreedVar[k]] = x
			r.version++ // the agreed values are the world's
		}
	}
	return true
}

// push extends s by one element and returns it, for the caller to fill in
// place: building a record on the stack and copying it into the slice costs
// a store-forwarding stall (measured: a tenth of a reference-chain run). The
// element may hold a previous run's values; callers set every field.
func push[T any](s []T) ([]T, *T) {
	n := len(s)
	if n == cap(s) {
		var zero T
		s = append(s, zero)
	} else {
		s = s[:n+1]
	}
	return s, &s[n]
}
