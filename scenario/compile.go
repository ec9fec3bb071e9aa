package scenario

import (
	"cmp"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parleysim/parley/problem"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/internal/names"
	"github.com/parleysim/parley/internal/sample"
	"github.com/parleysim/parley/param"
)

// Scenario is a built, validated scenario compiled into dense tables indexed
// by State, transition and event number. It is immutable and safe to share by
// any number of goroutines; each runs it through its own Runner.
type Scenario struct {
	name        string
	description string
	start       State
	startDate   time.Time // zero without one
	horizon     float64

	states     []stateInfo
	stateIndex map[string]State
	stateDecl  []int     // per state: its index among the declarations
	claimDecl  []int     // per claim: its index among the declarations
	claimDays  []float64 // the days claims read variables on, ascending: every run records them
	routeDecl  []int     // per route: its index among the declarations
	vars       []varDef
	varIndex   map[string]Var
	initVars   []float64
	nums       []float64 // numbers of guards and effects, by slot (cellNum)

	trans  []transition
	expOut [][]int32 // per state: transitions with exponential delays
	genOut [][]int32 // per state: transitions with any other delay

	events     []event
	rateEvents [][]int32 // per state: rate events active there
	schedule   []int32   // scheduled events by day, then declaration order
	maxRace    int       // most competitors in one memoryless race
	// races holds, per state, its memoryless race of exponential
	// transitions: in one record, what the run loops read of it at every
	// step.
	races []race
	plain bool // isPlain: runs take the plain loop

	succ   [][]State // per state: states one step away, by transition or event
	routes []*route
	claims []*claim
	reads  *exprReads // what expressions read, for Warnings

	now       *now // From: runs begin from now; nil: from the start on day 0
	ps        *paramState
	env       *bindEnv
	def       Definition // the parts as declared, for Definition
	model     *actors.Model
	rules     []actors.Rule // per actor, bound; nil accepts every meeting
	meetOut   [][]int32     // per state: exponential transitions that hold meetings
	maxAgenda int
}

type stateInfo struct {
	name        string
	description string
	absorbing   bool
}

type transition struct {
	name         string
	description  string
	from         State
	targets      []State   // one target unless branching
	cumulative   []float64 // cumulative fixed probabilities; nil if weighted
	probs        []float64 // a branching transition's fixed probabilities; nil if weighted
	weights      []func(w *World) float64
	delay        delay
	guard        cond
	guardText    string // the guard as defined, for DOT
	effects      []act
	participants []string
	meeting      *meeting // nil: no participants
	onDecline    declineKind
	retry        delay
	declineTo    State
}

// meeting is a compiled meeting: who sits at it, what they bargain over.
type meeting struct {
	index   Meeting // in Scenario.Meetings
	name    string
	parties []int
	rules   []actors.Rule // per party: its rule at this meeting, nil for none
	own     []int         // the parties (by position) with a rule for this meeting alone
	// timely is set when a rule may answer differently in the same world
	// (it reads the day, or is a Go function): the meeting is asked anew
	// every time, not answered from what was kept.
	timely    bool
	agenda    []int
	agreedVar []Var // per agenda issue
	bargainer actors.Bargainer
}

type event struct {
	name        string
	description string
	rate        float64
	scheduled   bool
	day, p      float64
	active      []bool // per state
	guard       cond
	guardText   string
	effects     []act
	goTo        State // -1: the event does not move the run
	once        bool
	meeting     *meeting
}

// declineKind is what a compiled transition does when its meeting is
// declined.
type declineKind uint8

const (
	declineWait declineKind = iota
	declineRetry
	declineTo
)

// compileDelayOf compiles a transition's delay (or, with retry, its retry
// delay), registering the cells of numbers that depend on parameters. The
// field of a problem is the setting at fault (rate, fixed, delay or
// delay.K), or field when it is given (onDecline).
func (sc *Scenario) compileDelayOf(d Delay, retry bool, ti int32, w at, field string, ps *problems) (delay, bool) {
	st := sc.ps
	at := func(own string) string {
		if field != "" {
			return field
		}
		return own
	}
	prefix := ""
	if retry {
		prefix = "retry: "
	}
	var out delay
	var err error
	switch x := d.(type) {
	case At:
		if retry {
			ps.add(w, at("at"), "a retry after a decline is a delay, not a day (At)")
			return out, false
		}
		return sc.liveDelay(sample.Fixed, true, []param.Num{x.Day}, w, at("at"), ps)
	case Rate:
		if isExpr(x.PerDay) {
			if out, ok, live := sc.worldDelay(sample.Exponential, []param.Num{x.PerDay}, w, at("rate"), ps); live {
				return out, ok
			}
		}
		kind := cellRate
		if retry {
			kind = cellRetryRate
		}
		out, err = exponentialDelay(st.numCell(x.PerDay, cell{kind: kind, i: ti}, w, at("rate"), ps))
		if err != nil {
			ps.add(w, at("rate"), "%s%v", prefix, err)
			return out, false
		}
	case Fixed:
		kind := cellFixed
		if retry {
			kind = cellRetryFixed
		}
		out, err = fixedDelay(st.numCell(x.Days, cell{kind: kind, i: ti}, w, at("fixed"), ps))
		if err != nil {
			ps.add(w, at("fixed"), "%s%v", prefix, err)
			return out, false
		}
	case After:
		dist := x.Dist
		if pd, ok := x.Dist.(param.Dist); ok {
			if k, _, known := sample.Family(pd.Family); known && slices.ContainsFunc(pd.Params, isExpr) {
				if out, ok, live := sc.worldDelay(k, pd.Params, w, at("delay"), ps); live {
					return out, ok
				}
			}
			kind := cellDelay
			if retry {
				kind = cellRetry
			}
			if dist, ok = st.distOf(&pd, cell{kind: kind, i: ti}, w, at("delay"), ps); !ok {
				return out, false
			}
		}
		if out, err = compileDelay(dist); err != nil {
			// The field names the distribution's parameter at fault
			// ("delay.1": the second, in the order of its distuv fields).
			f := "delay"
			var pe *sample.ParamError
			if errors.As(err, &pe) {
				f = "delay." + strconv.Itoa(pe.Index)
			}
			ps.add(w, at(f), "%s%v", prefix, err)
			return out, false
		}
	default:
		ps.add(w, at("delay"), "no delay given")
		return out, false
	}
	return out, true
}

// isExpr reports whether n is an expression the scenario compiles
// (param.Expr).
func isExpr(n param.Num) bool { return n.Eval == nil && n.Text != "" }

// worldDelay compiles a delay of kind k whose numbers are given by nums
// (the rate, or the distribution's parameters) when one of them reads the
// world; live is false when none does, and the delay is compiled as one
// of parameters.
func (sc *Scenario) worldDelay(k sample.Kind, nums []param.Num, w at, field string, ps *problems) (d delay, ok, live bool) {
	for _, n := range nums {
		if !isExpr(n) {
			continue
		}
		if v, err := (&exprEnv{sc: sc}).number(n.Text); err == nil && !v.fixed {
			d, ok = sc.liveDelay(k, false, nums, w, field, ps)
			return d, ok, true
		}
	}
	return delay{}, false, false
}

// liveDelay compiles a delay whose numbers are computed from the world
// when the clock starts (or, for a rate, whenever the world changes): at
// for a scheduled move, whose one number is its day.
func (sc *Scenario) liveDelay(k sample.Kind, at bool, nums []param.Num, w at, field string, ps *problems) (delay, bool) {
	d := delay{Sampler: sample.Sampler{Kind: k}, at: at, constant: true}
	texts := make([]string, len(nums))
	for i, n := range nums {
		f := field
		if len(nums) > 1 {
			f = field + "." + strconv.Itoa(i)
		}
		var v value
		var err error
		switch {
		case n.IsConst():
			v = numConst(n.Value)
		case n.Text != "":
			v, err = (&exprEnv{sc: sc}).number(n.Text)
		default:
			err = fmt.Errorf("a Go formula of parameters %v cannot stand beside numbers that read the world: give it as param.Expr", n.Params)
		}
		if err != nil {
			ps.add(w, f, "%v", err)
			return d, false
		}
		texts[i] = n.String()
		d.live = append(d.live, v.num)
		d.constant = d.constant && v.isConst
		if at && v.isConst {
			d.A = v.c // the fixed day
		}
		if n.Text != "" {
			_, day, actors := (&exprEnv{sc: sc}).worldReads(n.Text)
			d.day, d.actors = d.day || day, d.actors || actors
		}
	}
	d.text = strings.Join(texts, ", ")
	if len(nums) > 1 {
		d.text = distName(sample.Distribution(k, 1, 1)) + "(" + d.text + ")"
	}
	return d, true
}

// problems accumulates Build's findings.
type problems []problem.Problem

// at is where a problem is: a part, its index in declaration order among
// its kind (-1 for the scenario itself) and its name.
type at struct {
	part  problem.Part
	index int
	name  string
}

func (ps *problems) add(w at, field, format string, args ...any) {
	*ps = append(*ps, problem.Problem{Part: w.part, Index: w.index, Name: w.name, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// hint is add with what to do in Go: a front end with its own words (a
// file) gives its own hint for the part and field.
func (ps *problems) hint(w at, field, hint, format string, args ...any) {
	ps.add(w, field, format, args...)
	(*ps)[len(*ps)-1].Hint = hint
}

// varDef is a declared variable; agreed marks one that holds an agreed
// value, NaN until a meeting agrees.
type varDef struct {
	name    string
	initial param.Num
	agreed  bool
}

// Build checks the whole definition and compiles it into a Scenario. Every
// problem found is reported in one *problem.Error of kind ErrDefinition.
// The Scenario keeps a copy of d: changing d afterwards changes nothing it
// does.
func (d Definition) Build() (*Scenario, error) {
	d = d.clone()
	b := &d
	var ps problems
	sc := &Scenario{
		name:        b.Name,
		description: b.Description,
		startDate:   b.StartDate,
		horizon:     b.Horizon,
		stateIndex:  make(map[string]State, len(b.States)),
		varIndex:    make(map[string]Var, len(b.Variables)),
		reads:       &exprReads{params: map[Param]bool{}, fields: map[actorField]bool{}},
	}
	whole := at{problem.Scenario, -1, b.Name}
	if b.Name == "" {
		ps.add(whole, "name", "empty")
	}
	st := compileParams(b, &ps)
	sc.ps = st
	st.fixedExpr = func(text string) (param.Num, error) { return (&exprEnv{sc: sc}).fixedNum(text) }

	// States.
	for i, s := range b.States {
		switch _, dup := sc.stateIndex[s.Name]; {
		case s.Name == "":
			ps.add(at{problem.State, i, ""}, "name", "empty")
			continue
		case dup:
			ps.add(at{problem.State, i, s.Name}, "", "declared more than once")
			continue
		}
		sc.stateIndex[s.Name] = State(len(sc.states))
		sc.stateDecl = append(sc.stateDecl, i)
		sc.states = append(sc.states, stateInfo{name: s.Name, description: s.Description, absorbing: s.Absorbing})
	}
	n := len(sc.states)
	if n == 0 {
		ps.add(whole, "states", "none declared")
	}
	stateNames := names.NewSuggester(sc.stateNames)
	lookup := func(w at, field, state string) (State, bool) {
		if state == "" {
			ps.add(w, field, "no state given")
			return -1, false
		}
		s, ok := sc.stateIndex[state]
		if !ok {
			ps.add(w, field, "unknown state %q%s", state, stateNames.DidYouMean(state))
		}
		return s, ok
	}

	// Variables.
	for i, vd := range b.Variables {
		v := varDef{name: vd.Name, initial: vd.Initial, agreed: strings.HasPrefix(vd.Name, "agreed.")}
		w := at{problem.Variable, i, v.name}
		initial := st.numCell(v.initial, cell{kind: cellVar, i: int32(len(sc.vars))}, w, "initial", &ps)
		switch _, dup := sc.varIndex[v.name]; {
		case v.name == "":
			ps.add(w, "name", "empty")
		case dup:
			ps.add(w, "", "declared more than once")
		case !finite(initial) && !v.agreed:
			ps.add(w, "initial", "must be finite, got %v", initial)
		}
		if _, dup := sc.varIndex[v.name]; !dup {
			sc.varIndex[v.name] = Var(len(sc.vars))
		}
		// Keep declaration order so the handles Var returned stay valid.
		sc.vars = append(sc.vars, v)
		sc.initVars = append(sc.initVars, initial)
	}

	// Start and horizon.
	if b.Start == "" {
		ps.add(whole, "start", "no start state given")
	} else if s, ok := lookup(whole, "start", b.Start); ok {
		sc.start = s
	}
	switch {
	case b.Horizon == 0 && !hasAbsorbing(b.States, b.Transitions):
		ps.add(whole, "horizon", "no horizon and no absorbing state: a run would never end")
	case b.Horizon == 0:
		ps.add(whole, "horizon", "not set: the results follow every day up to the horizon")
	case !finite(b.Horizon) || b.Horizon <= 0:
		ps.add(whole, "horizon", "must be a positive, finite number of days, got %v", b.Horizon)
	}

	// Agreed values of every agenda issue are world variables too.
	for _, md := range agendas(b) {
		for _, issue := range md.agenda {
			name := agreedVar(issue)
			if _, ok := sc.varIndex[name]; !ok && issue != "" {
				sc.varIndex[name] = Var(len(sc.vars))
				sc.vars = append(sc.vars, varDef{name: name, initial: param.Const(math.NaN()), agreed: true})
				sc.initVars = append(sc.initVars, math.NaN())
			}
		}
	}
	sc.model = b.Actors
	sc.actorCells(&ps)
	sc.env = &bindEnv{sc: sc, vars: sc.varIndex, model: b.Actors, varNames: names.NewSuggester(func() []string { return slices.Collect(maps.Keys(sc.varIndex)) })}
	sc.def = d
	sc.compileRules(&ps)

	// Transitions.
	names := map[string]bool{}
	for i := range b.Transitions {
		sc.trans = append(sc.trans, compileTransition(int32(i), &b.Transitions[i], sc, names, lookup, &ps))
	}
	for i := range b.Transitions {
		td := &b.Transitions[i]
		t := &sc.trans[i]
		w := at{problem.Transition, i, t.name}
		if t.meeting = sc.compileMeeting(w, meetingOf(td.Participants, td.Accept, td.Bargainer, td.Agenda), &ps); t.meeting != nil {
			t.meeting.index = Meeting(i)
		}
		t.declineTo = -1
		d := td.OnDecline
		switch {
		case d.Retry != nil && d.To != "":
			ps.add(w, "onDecline", "give Retry or To, not both")
		case d.Retry != nil:
			t.onDecline = declineRetry
			if dl, ok := sc.compileDelayOf(d.Retry, true, int32(i), w, "onDecline", &ps); ok {
				t.retry = dl
			}
		case d.To != "":
			t.onDecline = declineTo
			t.declineTo, _ = lookup(w, "onDecline", d.To)
		}
		if t.meeting == nil && t.onDecline != declineWait {
			ps.add(w, "onDecline", "set, but the transition has no participants to decline")
		}
	}
	outgoing := make([]int, n)
	for i := range sc.trans {
		if f := sc.trans[i].from; f >= 0 {
			outgoing[f]++
		}
	}
	for s := range sc.states {
		if sc.states[s].absorbing && outgoing[s] > 0 {
			ps.add(at{problem.State, sc.stateDecl[s], sc.states[s].name}, "", "declared absorbing but has %d outgoing transition(s)", outgoing[s])
		}
		if outgoing[s] == 0 {
			sc.states[s].absorbing = true
		}
	}

	// Events.
	names = map[string]bool{}
	for i := range b.Events {
		ed := &b.Events[i]
		e := compileEvent(int32(i), ed, sc, names, lookup, &ps)
		if e.meeting = sc.compileMeeting(at{problem.Event, i, ed.Name}, meetingOf(ed.Participants, ed.Accept, ed.Bargainer, ed.Agenda), &ps); e.meeting != nil {
			e.meeting.index = Meeting(len(b.Transitions) + i)
		}
		sc.events = append(sc.events, e)
	}

	// Routes.
	names = map[string]bool{}
	for ri, rd := range b.Routes {
		w := at{problem.Route, ri, rd.Name}
		if checkName(&ps, w, names) {
			continue
		}
		r := &route{name: rd.Name, description: rd.Description, inOrder: rd.InOrder, n: n}
		if len(rd.States) == 0 {
			ps.add(w, "states", "a route needs at least one state")
		}
		for i, name := range rd.States {
			if s, ok := lookup(w, "states["+strconv.Itoa(i)+"]", name); ok {
				r.states = append(r.states, s)
			}
		}
		sc.routes = append(sc.routes, r)
		sc.routeDecl = append(sc.routeDecl, ri)
	}

	checkRunes(b, &ps)

	// Claims need routes and events by name.
	names = map[string]bool{}
	for ci, cd := range b.Claims {
		if checkName(&ps, at{problem.Claim, ci, cd.Name}, names) {
			continue
		}
		c := compileClaim(ci, cd, sc, lookup, &ps)
		sc.claimDecl = append(sc.claimDecl, ci)
		sc.claims = append(sc.claims, c)
	}

	if len(ps) > 0 {
		return nil, definitionError(b.Name, ps)
	}

	sc.buildTables()
	for _, r := range sc.routes {
		compileRoute(r, sc.succ)
	}
	st.settle(sc)
	return sc, nil
}

func hasAbsorbing(states []StateDef, ts []TransitionDef) bool {
	from := map[string]bool{}
	for _, t := range ts {
		from[t.From] = true
	}
	for _, s := range states {
		if s.Absorbing || !from[s.Name] {
			return true
		}
	}
	return false
}

// checkName reports an empty or repeated name and says whether it was bad.
func checkName(ps *problems, w at, seen map[string]bool) bool {
	switch {
	case w.name == "":
		ps.add(w, "name", "empty")
		return true
	case seen[w.name]:
		ps.add(w, "", "declared more than once")
		return true
	}
	seen[w.name] = true
	return false
}

// checkRunes refuses names with control characters (NUL, escapes, line
// breaks) or bidirectional overrides, which hide or reorder what a reader
// of any output sees.
func checkRunes(b *Definition, ps *problems) {
	check := func(w at) {
		if r, hidden := names.Hidden(w.name); hidden {
			ps.add(w, "name", "holds a control or bidirectional-override character (U+%04X)", r)
		}
	}
	check(at{problem.Scenario, -1, b.Name})
	for i, s := range b.States {
		check(at{problem.State, i, s.Name})
	}
	for i, v := range b.Variables {
		check(at{problem.Variable, i, v.Name})
	}
	for i, t := range b.Transitions {
		check(at{problem.Transition, i, t.Name})
	}
	for i, e := range b.Events {
		check(at{problem.Event, i, e.Name})
	}
	for i, r := range b.Routes {
		check(at{problem.Route, i, r.Name})
	}
	for i, c := range b.Claims {
		check(at{problem.Claim, i, c.Name})
	}
}

type stateLookup func(w at, field, state string) (State, bool)

func compileTransition(ti int32, td *TransitionDef, sc *Scenario, names map[string]bool, lookup stateLookup, ps *problems) transition {
	name := td.Name
	if name == "" {
		if td.To == "" {
			name = td.From + "->?"
		} else {
			name = td.From + "->" + td.To
		}
	}
	w := at{problem.Transition, int(ti), name}
	if names[name] {
		if td.Name == "" {
			ps.hint(w, "", "give one of them a name with Named", "declared more than once")
		} else {
			ps.add(w, "", "declared more than once")
		}
	}
	names[name] = true
	t := transition{name: name, description: td.Description, from: -1, participants: td.Participants}
	if s, ok := lookup(w, "from", td.From); ok {
		t.from = s
	}

	switch {
	case td.To != "" && len(td.Targets) > 0:
		ps.add(w, "to", "give To or Targets, not both")
	case td.To == "" && len(td.Targets) == 0:
		ps.add(w, "to", "no state given: give To, or Targets for a branching transition")
	case td.To != "":
		if s, ok := lookup(w, "to", td.To); ok {
			t.targets = []State{s}
			t.cumulative = []float64{1}
		}
	default:
		compileBranch(ti, td, &t, sc, lookup, ps)
	}

	if td.Delay == nil {
		ps.add(w, "", "no delay given: use Delay")
	} else {
		if d, ok := sc.compileDelayOf(td.Delay, false, ti, w, "", ps); ok {
			t.delay = d
		}
	}
	if td.Guard != nil {
		sc.env.at, sc.env.field = w, "guard"
		c, err := bindGuard(td.Guard, sc.env)
		if err != nil {
			ps.add(w, "guard", "%v", err)
		}
		t.guard, t.guardText = c, describe(td.Guard)
	}
	t.effects = bindEffects(td.Effects, sc.env, w, ps)
	return t
}

func compileBranch(ti int32, td *TransitionDef, t *transition, sc *Scenario, lookup stateLookup, ps *problems) {
	st := sc.ps
	name := td.Name
	if name == "" {
		name = td.From + "->?"
	}
	w := at{problem.Transition, int(ti), name}
	weighted := false
	weights := make([]func(*World) float64, len(td.Targets))
	for i, tg := range td.Targets {
		if tg.Weight != "" {
			n, err := (&exprEnv{sc: sc}).number(tg.Weight)
			if err != nil {
				ps.add(w, "targets["+strconv.Itoa(i)+"].weight", "%v", err)
				n = numConst(0)
			}
			weights[i] = n.num
		}
		weighted = weighted || weights[i] != nil
	}
	sum := 0.0
	for i, tg := range td.Targets {
		field := "targets[" + strconv.Itoa(i) + "]"
		var p float64
		switch {
		case weights[i] != nil:
		case !tg.P.IsConst() && weighted:
			ps.add(w, field, "a probability that depends on parameters cannot stand among weights; give the weight as an expression")
		default:
			p = st.numCell(tg.P, cell{kind: cellBranch, i: ti, k: int32(i)}, w, field, ps)
		}
		if s, ok := lookup(w, field, tg.State); ok {
			t.targets = append(t.targets, s)
		}
		weight := weights[i]
		switch {
		case weighted && weight == nil:
			// A fixed value among weights is a constant weight.
			if !finite(p) || p < 0 {
				ps.add(w, field, "weight must be finite and >= 0, got %v", p)
			}
			weight = func(*World) float64 { return p }
		case !weighted && (!finite(p) || p < 0 || p > 1):
			ps.add(w, field, "probability must be in [0, 1], got %v", p)
		}
		sum += p
		if weighted {
			t.weights = append(t.weights, weight)
		} else {
			t.cumulative = append(t.cumulative, sum)
			t.probs = append(t.probs, p)
		}
	}
	if !weighted && finite(sum) && math.Abs(sum-1) > 1e-9 {
		ps.add(w, "targets", "probabilities sum to %v, not 1", sum)
	}
}

func bindEffects(es []Effect, env *bindEnv, w at, ps *problems) []act {
	out := make([]act, 0, len(es))
	for i, e := range es {
		field := "effects[" + strconv.Itoa(i) + "]"
		env.at, env.field = w, field
		b, err := bindEffect(e, env)
		if err != nil {
			if fe, ok := err.(*fieldError); ok {
				ps.add(w, field+"."+fe.field, "%v", fe.err)
				continue
			}
			ps.add(w, field, "%v", err)
			continue
		}
		out = append(out, b)
	}
	return out
}

func compileEvent(ei int32, ed *EventDef, sc *Scenario, names map[string]bool, lookup stateLookup, ps *problems) event {
	w := at{problem.Event, int(ei), ed.Name}
	checkName(ps, w, names)
	st := sc.ps
	var rate, day, p float64
	_, scheduled := ed.Timing.(Scheduled)
	switch t := ed.Timing.(type) {
	case Scheduled:
		day = st.numCell(t.Day, cell{kind: cellEventDay, i: ei}, w, "day", ps)
		p = st.numCell(t.P, cell{kind: cellEventP, i: ei}, w, "probability", ps)
	case Rate:
		rate = st.numCell(t.PerDay, cell{kind: cellEventRate, i: ei}, w, "rate", ps)
	}
	e := event{name: ed.Name, description: ed.Description, rate: rate, scheduled: scheduled,
		day: day, p: p, goTo: -1, once: ed.Once, active: make([]bool, len(sc.states))}
	switch {
	case ed.Timing == nil:
		ps.add(w, "", "no timing given: use Occurs")
	case scheduled:
		if !finite(day) || day < 0 {
			ps.add(w, "day", "must be a finite day >= 0, got %v", day)
		}
		if !finite(p) || p < 0 || p > 1 {
			ps.add(w, "probability", "must be in [0, 1], got %v", p)
		}
		if ed.Once {
			ps.add(w, "once", "a scheduled event occurs at most once already")
		}
	default:
		if err := rateCheck(rate); err != nil {
			ps.add(w, "rate", "%v", err)
		}
	}
	if len(ed.States) == 0 {
		for s := range sc.states {
			e.active[s] = true // absorbing states are excluded once they are known
		}
	}
	for i, name := range ed.States {
		if s, ok := lookup(w, "states["+strconv.Itoa(i)+"]", name); ok {
			e.active[s] = true
		}
	}
	if ed.Goto != "" {
		if s, ok := lookup(w, "goto", ed.Goto); ok {
			e.goTo = s
		}
	}
	if ed.Guard != nil {
		sc.env.at, sc.env.field = w, "guard"
		c, err := bindGuard(ed.Guard, sc.env)
		if err != nil {
			ps.add(w, "guard", "%v", err)
		}
		e.guard, e.guardText = c, describe(ed.Guard)
	}
	e.effects = bindEffects(ed.Effects, sc.env, w, ps)
	if len(ed.States) > 0 {
		for s, on := range e.active {
			if on && sc.states[s].absorbing {
				ps.add(w, "states", "active in absorbing state %q, where no run stays to see it", sc.states[s].name)
			}
		}
	}
	return e
}

func compileClaim(ci int, cd Statement, sc *Scenario, lookup stateLookup, ps *problems) *claim {
	w := at{problem.Claim, ci, cd.Name}
	c := &claim{name: cd.Name, description: cd.Description, kind: cd.Kind, not: cd.Not, day: cd.To, test: cd.Holds}
	if c.description == "" {
		c.description = claimText(cd, sc.startDate)
	}
	judged := cd.Kind == StatementInState || cd.Kind == StatementVariable || (cd.Kind >= StatementAll && cd.Kind <= StatementWithin)
	if judged {
		// As an observation of it would be judged, from the run's trace
		// (and, for a variable, the run's record of its day).
		o := cd
		o.Not = false
		j := sc.judgement(o, w, "", false, ps, map[string]*names.Suggester{})
		c.judge, c.numVars = &j, len(sc.vars)
		eachVariable(&j, func(v *observation) {
			if !slices.Contains(sc.claimDays, v.to) {
				sc.claimDays = append(sc.claimDays, v.to)
			}
		})
		slices.Sort(sc.claimDays)
		return c
	}
	if cd.Kind != StatementFunc && (!finite(cd.To) || cd.To < 0) {
		ps.add(w, "day", "must be a finite day >= 0, got %v", cd.To)
	}
	switch cd.Kind {
	case StatementEntered, StatementOccurred, StatementAgreed:
		// A claim is judged by its day: its window starts at day 0.
		if cd.From != 0 {
			ps.add(w, "from", "a claim's window starts at day 0 (by day %v), got day %v", cd.To, cd.From)
		}
	case StatementRoute:
		if cd.Status != RouteCompleted {
			ps.add(w, "status", "a claim about a route says it is completed by its day, got %s", cd.Status)
		}
		if cd.From != 0 {
			ps.add(w, "from", "a claim about a route is judged at its day, %v, from day 0, not day %v", cd.To, cd.From)
		}
	}
	switch cd.Kind {
	case StatementEntered:
		c.state, _ = lookup(w, "state", cd.Target)
	case StatementRoute:
		i := slices.IndexFunc(sc.routes, func(r *route) bool { return r.name == cd.Target })
		if i < 0 {
			ps.add(w, "route", "unknown route %q%s", cd.Target, names.DidYouMean(cd.Target, mapNames(sc.routes, func(r *route) string { return r.name })))
		} else {
			c.route = sc.routes[i]
		}
	case StatementOccurred:
		i := slices.IndexFunc(sc.events, func(e event) bool { return e.name == cd.Target })
		if i < 0 {
			ps.add(w, "event", "unknown event %q%s", cd.Target, names.DidYouMean(cd.Target, mapNames(sc.events, func(e event) string { return e.name })))
		}
		c.event = int32(i)
	case StatementAgreed:
		c.min, c.max = cd.Min, cd.Max
		switch {
		case math.IsNaN(cd.Min) || math.IsInf(cd.Min, 1):
			ps.add(w, "min", "must be a number, got %v", cd.Min)
		case math.IsNaN(cd.Max) || math.IsInf(cd.Max, -1):
			ps.add(w, "max", "must be a number, got %v", cd.Max)
		case math.IsInf(cd.Min, -1) && math.IsInf(cd.Max, 1):
			ps.add(w, "min", "give at least, at most or both")
		case cd.Min > cd.Max:
			ps.add(w, "max", "%v is below the low end %v: no value lies between", cd.Max, cd.Min)
		}
		if sc.model == nil {
			ps.hint(w, "issue", "call Builder.Actors", "an agreement claim needs an actors model")
			break
		}
		i, ok := sc.model.IssueIndex(cd.Target)
		if !ok {
			ps.add(w, "issue", "unknown issue %q%s", cd.Target, names.DidYouMean(cd.Target, issueIDs(sc.model)))
		}
		c.issue = int32(i)
	case StatementFunc:
		if cd.HoldsStates != nil {
			states := make([]State, len(cd.States))
			for i, name := range cd.States {
				states[i], _ = lookup(w, "states["+strconv.Itoa(i)+"]", name)
			}
			f := cd.HoldsStates
			c.test = func(t *Trace) bool { return f(t, states) }
		} else if cd.Holds == nil {
			ps.add(w, "func", "nil")
		}
	default:
		ps.add(w, "kind", "a claim is entered, in a state, occurred, a variable, agreed, a route completed, a combination (all, any, before, within) or a Go function, not %s", cd.Kind)
	}
	return c
}

// buildTables fills the per-state index lists the run loop walks.
func (sc *Scenario) buildTables() {
	n := len(sc.states)
	sc.expOut = make([][]int32, n)
	sc.genOut = make([][]int32, n)
	sc.rateEvents = make([][]int32, n)
	sc.succ = make([][]State, n)
	for i := range sc.trans {
		t := &sc.trans[i]
		if t.delay.exponential() {
			sc.expOut[t.from] = append(sc.expOut[t.from], int32(i))
		} else {
			sc.genOut[t.from] = append(sc.genOut[t.from], int32(i))
		}
		sc.succ[t.from] = append(sc.succ[t.from], t.targets...)
		if t.declineTo >= 0 {
			sc.succ[t.from] = append(sc.succ[t.from], t.declineTo)
		}
	}
	sc.meetOut = make([][]int32, n)
	for s := range sc.states {
		for _, ti := range sc.expOut[s] {
			if sc.trans[ti].meeting != nil {
				sc.meetOut[s] = append(sc.meetOut[s], ti)
			}
		}
	}
	for i := range sc.events {
		e := &sc.events[i]
		for s := range e.active {
			if sc.states[s].absorbing {
				e.active[s] = false
			}
			if !e.active[s] {
				continue
			}
			if !e.scheduled {
				sc.rateEvents[s] = append(sc.rateEvents[s], int32(i))
			}
			if e.goTo >= 0 {
				sc.succ[s] = append(sc.succ[s], e.goTo)
			}
		}
		if e.scheduled {
			sc.schedule = append(sc.schedule, int32(i))
		}
	}
	slices.SortStableFunc(sc.schedule, func(a, b int32) int { return cmp.Compare(sc.events[a].day, sc.events[b].day) })
	for s := range sc.states {
		slices.Sort(sc.succ[s])
		sc.succ[s] = slices.Compact(sc.succ[s])
		sc.maxRace = max(sc.maxRace, len(sc.expOut[s])+len(sc.rateEvents[s]))
	}
	sc.races = make([]race, n)
	for s := range sc.states {
		rc := &sc.races[s]
		rc.static = len(sc.rateEvents[s]) == 0 && len(sc.meetOut[s]) == 0
		for _, ti := range sc.expOut[s] {
			rc.static = rc.static && sc.trans[ti].guard == nil && sc.trans[ti].delay.live == nil
			rc.rates = append(rc.rates, sc.trans[ti].delay.A)
		}
		rc.sum()
	}
	sc.plain = sc.isPlain()
	if sc.plain {
		for st := range sc.states {
			if sc.states[st].absorbing {
				continue
			}
			for _, ti := range sc.expOut[st] {
				t := &sc.trans[ti]
				sc.races[st].moves = append(sc.races[st].moves, plainMove{ti: ti, target: t.targets[0], branching: len(t.targets) > 1})
			}
		}
	}
}

// race is a state's memoryless race: its exponential transitions' rates,
// as parameters bind them, with their total.
type race struct {
	rates      []float64 // per exponential transition, in expOut order
	total, inv float64   // the rates' sum and its inverse; both 0 unless the sum is positive
	// static: no guards, no live rates and no rate events, so the rates
	// are fixed and need not be recomputed at every step.
	static bool
	// moves lists, for a plain scenario, the transitions the rates race,
	// in their order: what the plain loop needs of each in a few bytes,
	// not a transition's whole record. nil otherwise and for an absorbing
	// state, and only for one: a plain state that is not absorbing has an
	// exponential transition.
	moves []plainMove
}

// sum sets the race's total and its inverse from its rates.
func (rc *race) sum() {
	total := 0.0
	for _, a := range rc.rates {
		total += a
	}
	rc.total, rc.inv = 0, 0
	if total > 0 {
		rc.total, rc.inv = total, 1/total
	}
}

// plainMove is one exponential transition of a plain scenario's state.
type plainMove struct {
	ti        int32
	target    State // the target, or the first of a branching transition's
	branching bool
}

// isPlain reports whether every run is a plain race of exponential clocks:
// no guards, events, meetings, effects, computed weights, general delays or
// actors. Such runs take Runner.runPlain, which makes the same draws and
// the same trace with less bookkeeping.
func (sc *Scenario) isPlain() bool {
	if len(sc.schedule) > 0 || len(sc.events) > 0 || sc.model != nil {
		return false
	}
	for s := range sc.states {
		if !sc.states[s].absorbing && (!sc.races[s].static || len(sc.genOut[s]) > 0 || len(sc.meetOut[s]) > 0) {
			return false
		}
	}
	for i := range sc.trans {
		t := &sc.trans[i]
		if len(t.effects) > 0 || t.weights != nil || t.meeting != nil || t.guard != nil || !t.delay.exponential() {
			return false
		}
	}
	return true
}

// reachableFromStart marks the states some run can enter, whatever the guards.
func (sc *Scenario) reachableFromStart() []bool { return sc.reachableFrom(sc.start) }

// reachableFrom marks the states some run in s can enter, s included.
func (sc *Scenario) reachableFrom(from State) []bool {
	seen := make([]bool, len(sc.states))
	stack := []State{from}
	seen[from] = true
	for len(stack) > 0 {
		s := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, t := range sc.succ[s] {
			if !seen[t] {
				seen[t] = true
				stack = append(stack, t)
			}
		}
	}
	return seen
}

// meetingDef is who sits at a transition's or event's meeting and what
// they bargain over.
type meetingDef struct {
	participants []string
	accept       map[string]actors.Rule
	bargainer    actors.Bargainer
	agenda       []string
	agendaSet    bool
}

func meetingOf(participants []string, accept map[string]actors.Rule, b actors.Bargainer, agenda []string) *meetingDef {
	return &meetingDef{participants, accept, b, agenda, b != nil || len(agenda) > 0}
}

// agendas lists every meeting of the definition, transitions first.
func agendas(d *Definition) []*meetingDef {
	var out []*meetingDef
	for _, t := range d.Transitions {
		out = append(out, meetingOf(t.Participants, t.Accept, t.Bargainer, t.Agenda))
	}
	for _, e := range d.Events {
		out = append(out, meetingOf(e.Participants, e.Accept, e.Bargainer, e.Agenda))
	}
	return out
}

// compileRules binds every actor's acceptance rule to the world variables.
func (sc *Scenario) compileRules(ps *problems) {
	if sc.model == nil {
		return
	}
	sc.rules = make([]actors.Rule, sc.model.NumActors())
	for a := range sc.rules {
		ac := sc.model.Actor(a)
		if ac.Accept == nil {
			continue
		}
		sc.env.at, sc.env.field = at{problem.Actor, a, ac.ID}, "accept"
		r, err := bindRule(ac.Accept, sc.env)
		if err != nil {
			ps.add(at{problem.Actor, a, ac.ID}, "accept", "%v", err)
			continue
		}
		sc.rules[a] = r
	}
}

// compileMeeting resolves a meeting's participants and agenda; nil when it
// has no participants.
func (sc *Scenario) compileMeeting(w at, md *meetingDef, ps *problems) *meeting {
	if len(md.participants) == 0 {
		for _, id := range slices.Sorted(maps.Keys(md.accept)) {
			ps.add(w, "accept", "a rule for %q, who is not a participant of this meeting: it has none", id)
		}
		if md.agendaSet {
			ps.add(w, "agenda", "an agenda needs participants to bargain over it")
		}
		return nil
	}
	if sc.model == nil {
		ps.hint(w, "participants", "call Builder.Actors", "participants need an actors model")
		return nil
	}
	m := &meeting{name: w.name, bargainer: md.bargainer}
	seen := map[string]bool{}
	for i, id := range md.participants {
		field := "participants[" + strconv.Itoa(i) + "]"
		a, ok := sc.model.ActorIndex(id)
		switch {
		case id == "":
			ps.add(w, field, "empty actor ID")
		case seen[id]:
			ps.add(w, field, "actor %q named twice", id)
		case !ok:
			ps.add(w, field, "unknown actor %q%s", id, names.DidYouMean(id, actorIDs(sc.model)))
		default:
			m.parties = append(m.parties, a)
			m.rules = append(m.rules, sc.rules[a])
			if r, own := md.accept[id]; own {
				sc.env.at, sc.env.field = w, field+".accept"
				bound, err := bindRule(r, sc.env)
				if err != nil {
					ps.add(w, field+".accept", "%v", err)
				}
				m.rules[len(m.rules)-1], m.own = bound, append(m.own, len(m.rules)-1)
			}
		}
		seen[id] = true
	}
	for _, r := range m.rules {
		if _, readable := ruleVars(r); r != nil && !readable {
			m.timely = true
		}
	}
	for _, id := range slices.Sorted(maps.Keys(md.accept)) { // the same messages in the same order
		if !seen[id] {
			ps.add(w, "accept", "a rule for %q, who is not a participant of this meeting%s", id, names.DidYouMean(id, md.participants))
		}
	}
	if !md.agendaSet {
		return m
	}
	if md.bargainer == nil {
		ps.add(w, "agenda", "no bargainer given")
	}
	if len(md.agenda) == 0 {
		ps.add(w, "agenda", "no issues given")
	}
	if pl, ok := md.bargainer.(actors.PartyLimits); ok {
		least, most := pl.Parties()
		if n := len(md.participants); n < least || most > 0 && n > most {
			ps.add(w, "agenda", "%T needs %s parties, the meeting has %d", md.bargainer, partyCount(least, most), n)
		}
	}
	for i, issue := range md.agenda {
		k, ok := sc.model.IssueIndex(issue)
		if !ok {
			ps.add(w, "agenda["+strconv.Itoa(i)+"]", "unknown issue %q%s", issue, names.DidYouMean(issue, issueIDs(sc.model)))
			continue
		}
		m.agenda = append(m.agenda, k)
		m.agreedVar = append(m.agreedVar, sc.varIndex[agreedVar(issue)])
	}
	sc.maxAgenda = max(sc.maxAgenda, len(m.agenda))
	return m
}

func partyCount(least, most int) string {
	switch {
	case most == 0:
		return "at least " + strconv.Itoa(least)
	case least == most:
		return "exactly " + strconv.Itoa(least)
	}
	return strconv.Itoa(least) + " to " + strconv.Itoa(most)
}

func (sc *Scenario) stateNames() []string {
	return mapNames(sc.states, func(s stateInfo) string { return s.name })
}

// mapNames lists the names of xs, for "did you mean".
func mapNames[T any](xs []T, name func(T) string) []string {
	out := make([]string, len(xs))
	for i, x := range xs {
		out[i] = name(x)
	}
	return out
}

func actorIDs(m *actors.Model) []string {
	if m == nil {
		return nil
	}
	return mapNames(m.Actors(), func(a actors.Actor) string { return a.ID })
}

func issueIDs(m *actors.Model) []string {
	if m == nil {
		return nil
	}
	return mapNames(m.Issues(), func(i actors.Issue) string { return i.ID })
}
