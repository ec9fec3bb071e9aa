package scenario

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parleysim/parley/problem"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/internal/names"
	"github.com/parleysim/parley/internal/sample"
	"github.com/parleysim/parley/param"
)

// Param identifies a parameter of a built Scenario: its index in declaration
// order. Builder.Param returns it, for guards and effects written as Go
// functions, which read the bound value with World.Param.
type Param int32

// actorNum is a number of the actors model that depends on parameters,
// as the scenario binds it.
type actorNum struct {
	actor, issue string
	field        actors.Field
	num          param.Num
	dist         *param.Dist
	choice       []float64 // values of a choice, with weights
	weights      []param.Num
}

// paramError is a parameter value that cannot be bound: unknown, outside
// its range, or making a number of the definition invalid.
func (sc *Scenario) paramError(ps ...problem.Problem) error {
	return definitionError(sc.name, ps)
}

// cellKind says which number of the compiled tables a cell writes.
type cellKind uint8

const (
	cellRate cellKind = iota
	cellFixed
	cellDelay
	cellRetryFixed
	cellRetryRate
	cellRetry
	cellBranch
	cellEventRate
	cellEventDay
	cellEventP
	cellVar
	cellActor
	cellActorPrior
	cellActorChoice
	cellNum   // a number of an effect: finite
	cellBound // a comparison's value: not NaN
)

// cell is one number of the compiled tables that depends on parameters.
type cell struct {
	kind   cellKind
	i, k   int32 // transition, event or variable; branch target
	actor  actors.Cell
	nums   []boundNum // one, or a family's parameters
	family sample.Kind
	dist   distribution // the family, for actor priors
	values []float64    // a choice's values; nums are its weights
	at     at           // whose number it is, for messages and places
	field  string
}

// boundNum is a param.Num whose parameter names are resolved to indices.
type boundNum struct {
	args []int32
	eval func([]float64) float64
}

func (n *boundNum) at(vals, scratch []float64) float64 {
	a := scratch[:len(n.args)]
	for i, p := range n.args {
		a[i] = vals[p]
	}
	return n.eval(a)
}

// paramState is what a built scenario knows of its parameters.
type paramState struct {
	suggest   *names.Suggester // of the parameters' names, for unknown ones
	params    []param.Parameter
	index     map[string]Param
	vals      []float64        // bound values, by Param
	bound     []bool           // set by With: never drawn per run
	priors    []sample.Sampler // per Param; Kind Fixed with NaN A when none
	cells     []cell
	maxArgs   int
	maxChoice int // most weights of a choice cell
	// fixedExpr compiles an expression Num (param.Expr) that may read
	// numbers and parameters only.
	fixedExpr func(text string) (param.Num, error)
	// What binding rewrites, so that With copies only those tables.
	touchTrans, touchEvents, touchSchedule, touchVars, touchNums, touchModel bool
	raceStates                                                               []State // states whose static race depends on a rate cell
	branches                                                                 []int32 // transitions whose probabilities depend on cells
}

// compileParams checks the declared parameters and returns their defaults.
func compileParams(b *Definition, ps *problems) *paramState {
	st := &paramState{index: map[string]Param{}}
	st.suggest = names.NewSuggester(st.names)
	for i, p := range b.Parameters {
		name := p.Name
		w := at{problem.Parameter, i, name}
		switch _, dup := st.index[name]; {
		case name == "":
			ps.add(w, "name", "empty")
		case dup:
			ps.add(w, "", "declared more than once")
		default:
			if r, hidden := names.Hidden(name); hidden {
				ps.add(w, "name", "holds a control or bidirectional-override character (U+%04X)", r)
			}
		}
		st.index[name] = Param(i)
		st.params = append(st.params, p)
		st.vals = append(st.vals, p.Usable())
		st.bound = append(st.bound, false)
		if !finite(p.Default) {
			ps.add(w, "default", "must be finite, got %v", p.Default)
		}
		if p.Ranged() {
			switch {
			case !finite(p.Min) || !finite(p.Max) || p.Min >= p.Max:
				ps.add(w, "range", "needs finite min < max, got [%v, %v]", p.Min, p.Max)
			case p.Default < p.Min || p.Default > p.Max:
				ps.add(w, "default", "%v is outside the range [%v, %v]", p.Default, p.Min, p.Max)
			}
		}
		prior := sample.FixedValue(math.NaN())
		if p.Prior != nil {
			s, err := sample.Compile(p.Prior)
			switch {
			case err != nil:
				ps.add(w, "prior", "%v", err)
			case p.Ranged() && finite(p.Min) && finite(p.Max):
				if lo, hi := s.Support(); lo < p.Min || hi > p.Max {
					ps.add(w, "prior", "%s can draw outside the range [%v, %v]", s.String(), p.Min, p.Max)
				}
			}
			if err == nil {
				prior = s
			}
		}
		st.priors = append(st.priors, prior)
	}
	return st
}

// resolve turns n's parameter names into indices and evaluates it at the
// defaults; ok is false (and the problem reported) for an unknown name.
func (st *paramState) resolve(n *param.Num, w at, field string, ps *problems) (boundNum, float64, bool) {
	if n.Eval == nil {
		c := *n
		if !c.IsConst() { // an expression: a formula of parameters here
			var err error
			if c, err = st.fixedExpr(c.Text); err != nil {
				ps.add(w, field, "%v", err)
				return boundNum{eval: constant(0)}, 0, false
			}
		}
		if c.Eval == nil {
			c = param.Num{Text: c.String(), Eval: constant(c.Value)}
		}
		n = &c
	}
	bn := boundNum{eval: n.Eval}
	for _, p := range n.Params {
		i, ok := st.index[p]
		if !ok {
			ps.add(w, field, "unknown parameter %q%s", p, st.suggest.DidYouMean(p))
			return bn, 0, false
		}
		bn.args = append(bn.args, int32(i))
	}
	st.maxArgs = max(st.maxArgs, len(bn.args))
	scratch := make([]float64, len(bn.args))
	return bn, bn.at(st.vals, scratch), true
}

func (st *paramState) names() []string {
	out := make([]string, len(st.params))
	for i, p := range st.params {
		out[i] = p.Name
	}
	return out
}

// distOf evaluates a param.Dist's parameters at the defaults into the
// distuv distribution they give, and registers its cell.
func (st *paramState) distOf(d *param.Dist, c cell, w at, field string, ps *problems) (distribution, bool) {
	k, n, ok := sample.Family(d.Family)
	if !ok {
		ps.add(w, field, "%s has no parameters by field; use exponential, uniform, gamma, beta, lognormal, weibull or normal", distName(d.Family))
		return nil, false
	}
	if len(d.Params) != n {
		ps.add(w, field, "%s takes %d parameter(s), got %d", distName(d.Family), n, len(d.Params))
		return nil, false
	}
	xs := [2]float64{1, 1}
	for i := range d.Params {
		p := d.Params[i]
		bn, x, ok := st.resolve(&p, w, field, ps)
		if !ok {
			return nil, false
		}
		c.nums = append(c.nums, bn)
		xs[i] = x
	}
	c.family = k
	c.dist = d.Family
	c.at, c.field = w, field
	st.cells = append(st.cells, c)
	return sample.Distribution(k, xs[0], xs[1]), true
}

func constant(x float64) func([]float64) float64 { return func([]float64) float64 { return x } }

// numCell returns n at the defaults, registering its cell when it depends
// on parameters.
func (st *paramState) numCell(n param.Num, c cell, w at, field string, ps *problems) float64 {
	if n.IsConst() {
		return n.Value
	}
	return st.addCell(&n, n.Value, c, w, field, ps)
}

// addCell registers a number cell evaluated from n; it returns n's value at
// the defaults, or def when n is nil.
func (st *paramState) addCell(n *param.Num, def float64, c cell, w at, field string, ps *problems) float64 {
	if n == nil {
		return def
	}
	bn, x, ok := st.resolve(n, w, field, ps)
	if !ok {
		return def
	}
	c.nums = []boundNum{bn}
	c.at, c.field = w, field
	st.cells = append(st.cells, c)
	return x
}

// Parameters returns the scenario's parameters in declaration order, with
// their declared defaults.
func (sc *Scenario) Parameters() []param.Parameter {
	if sc.ps == nil {
		return nil
	}
	return slices.Clone(sc.ps.params)
}

// Param returns the handle of the named parameter.
func (sc *Scenario) Param(name string) (Param, bool) {
	if sc.ps == nil {
		return 0, false
	}
	p, ok := sc.ps.index[name]
	return p, ok
}

// Values returns the bound value of every parameter.
func (sc *Scenario) Values() map[string]float64 {
	if sc.ps == nil {
		return map[string]float64{}
	}
	out := make(map[string]float64, len(sc.ps.params))
	for i, p := range sc.ps.params {
		out[p.Name] = sc.ps.vals[i]
	}
	return out
}

// With returns the scenario with the given parameters bound to new values
// and the others as they are. The result shares the compiled tables of sc
// and has only the cells that depend on parameters rewritten: nothing is
// validated or compiled again beyond those cells. An unknown name, a value
// outside the parameter's range, or one that makes a number of the
// definition invalid (a negative rate) is a *problem.Error of kind
// ErrDefinition: a problem at the number, naming the values, and one at
// each parameter it reads; an unknown or refused value, one at the
// parameter alone.
func (sc *Scenario) With(values map[string]float64) (*Scenario, error) {
	if sc.ps == nil {
		return nil, ErrNotBuilt
	}
	vals := slices.Clone(sc.ps.vals)
	keys := make([]string, 0, len(values))
	for k := range values {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		x := values[k]
		i, ok := sc.ps.index[k]
		if !ok {
			msg := "unknown" + names.DidYouMean(k, sc.ps.names())
			if len(sc.ps.params) == 0 {
				msg = "unknown: the scenario declares none"
			}
			return nil, sc.paramError(problem.Problem{Part: problem.Parameter, Index: -1, Name: k, Msg: msg})
		}
		if p := sc.ps.check(i, x); p != nil {
			return nil, sc.paramError(*p)
		}
		vals[i] = x
	}
	out := sc.private()
	if err := out.bind(vals, sc.ps.scratch()); err != nil {
		return nil, err
	}
	out.ps.bound = slices.Clone(sc.ps.bound)
	for _, k := range keys {
		out.ps.bound[sc.ps.index[k]] = true
	}
	return out, nil
}

// Drawn returns the parameters that runs with RunOptions.DrawParameters
// draw: those with a prior that With has not bound. A value given to With
// is a decision, and is kept in every run.
func (sc *Scenario) Drawn() []Param {
	if sc.ps == nil {
		return nil
	}
	var out []Param
	for i, p := range sc.ps.params {
		if p.Prior != nil && !sc.ps.bound[i] {
			out = append(out, Param(i))
		}
	}
	return out
}

// check refuses a value that is not finite or outside the declared range.
func (st *paramState) check(i Param, x float64) *problem.Problem {
	p := &st.params[i]
	switch {
	case !finite(x):
		return &problem.Problem{Part: problem.Parameter, Index: int(i), Name: p.Name, Field: "value", Msg: fmt.Sprintf("%v is not finite", x)}
	case p.Ranged() && (x < p.Min || x > p.Max):
		return &problem.Problem{Part: problem.Parameter, Index: int(i), Name: p.Name, Field: "value",
			Msg: fmt.Sprintf("%v is outside its range [%v, %v]", x, p.Min, p.Max)}
	}
	return nil
}

// private returns a copy of sc whose tables that parameters rewrite are its
// own; everything else is shared.
func (sc *Scenario) private() *Scenario {
	c := *sc
	st := *sc.ps
	st.vals = slices.Clone(sc.ps.vals)
	c.ps = &st
	if st.touchTrans {
		c.trans = slices.Clone(sc.trans)
		for _, ti := range st.branches {
			t := &c.trans[ti]
			t.cumulative = slices.Clone(t.cumulative)
			t.probs = slices.Clone(t.probs)
		}
		c.races = slices.Clone(sc.races)
		for _, s := range st.raceStates {
			c.races[s].rates = slices.Clone(sc.races[s].rates)
		}
	}
	if st.touchEvents {
		c.events = slices.Clone(sc.events)
	}
	if st.touchSchedule {
		c.schedule = slices.Clone(sc.schedule)
	}
	if st.touchVars {
		c.initVars = slices.Clone(sc.initVars)
	}
	if st.touchNums {
		c.nums = slices.Clone(sc.nums)
	}
	if st.touchModel {
		c.model = sc.model.Clone()
	}
	return &c
}

// bind writes vals and every cell that depends on them into sc, which must
// be private. It allocates nothing unless a value is refused.
func (sc *Scenario) bind(vals, scratch []float64) error { return sc.bindCells(vals, scratch, nil) }

// bindCells is bind that rewrites only the listed cells (all when nil):
// those that depend on the parameters whose values changed.
func (sc *Scenario) bindCells(vals, scratch []float64, only []int32) error {
	st := sc.ps
	copy(st.vals, vals)
	if only == nil {
		for ci := range st.cells {
			c := &st.cells[ci]
			if err := sc.write(c, vals, scratch); err != nil {
				return sc.fault(c, vals, err)
			}
		}
	}
	for _, ci := range only {
		c := &st.cells[ci]
		if err := sc.write(c, vals, scratch); err != nil {
			return sc.fault(c, vals, err)
		}
	}
	if st.touchTrans {
		for _, ti := range st.branches {
			t := &sc.trans[ti]
			sum := 0.0
			for k, p := range t.probs {
				sum += p
				t.cumulative[k] = sum
			}
			if math.Abs(sum-1) > 1e-9 {
				return sc.fault(st.branchCell(ti), vals, fmt.Errorf("probabilities sum to %v, not 1", sum))
			}
		}
		for _, s := range st.raceStates {
			rc := &sc.races[s]
			for k, ti := range sc.expOut[s] {
				rc.rates[k] = sc.trans[ti].delay.A
			}
			rc.sum()
		}
	}
	if st.touchSchedule {
		// Insertion sort: stable, in place, and the order rarely changes.
		q := sc.schedule
		for i := 1; i < len(q); i++ {
			for j := i; j > 0 && sc.events[q[j]].day < sc.events[q[j-1]].day; j-- {
				q[j], q[j-1] = q[j-1], q[j]
			}
		}
	}
	return nil
}

// branchCell returns a cell of transition ti's probabilities, for messages.
func (st *paramState) branchCell(ti int32) *cell {
	for i := range st.cells {
		if c := &st.cells[i]; c.kind == cellBranch && c.i == ti {
			return c
		}
	}
	return &cell{}
}

// fault is the error of a cell whose number the values make invalid: one
// problem at the number, naming the parameters and their values, and one
// at each parameter's declaration.
func (sc *Scenario) fault(c *cell, vals []float64, err error) error {
	st := sc.ps
	var args []int32
	seen := map[int32]bool{}
	note := func(c *cell) {
		for _, n := range c.nums {
			for _, a := range n.args {
				if !seen[a] {
					seen[a] = true
					args = append(args, a)
				}
			}
		}
	}
	note(c)
	if c.kind == cellBranch {
		// Every target's probability counts towards the sum.
		for i := range st.cells {
			if o := &st.cells[i]; o.kind == cellBranch && o.i == c.i {
				note(o)
			}
		}
	}
	var with strings.Builder
	for i, a := range args {
		if i > 0 {
			with.WriteString(", ")
		}
		fmt.Fprintf(&with, "%s = %v", st.params[a].Name, vals[a])
	}
	ps := []problem.Problem{{Part: c.at.part, Index: c.at.index, Name: c.at.name, Field: c.field,
		Msg: fmt.Sprintf("with %s: %v", with.String(), err)}}
	for _, a := range args {
		ps = append(ps, problem.Problem{Part: problem.Parameter, Index: int(a), Name: st.params[a].Name, Field: "value",
			Msg: fmt.Sprintf("%v makes %s %q %s invalid", vals[a], c.at.part, c.at.name, c.field)})
	}
	return sc.paramError(ps...)
}

// dependent returns the cells that depend on any of the parameters.
func (st *paramState) dependent(params []Param) []int32 {
	on := make([]bool, len(st.params))
	for _, p := range params {
		on[p] = true
	}
	out := []int32{}
	for ci := range st.cells {
		uses := false
		for _, n := range st.cells[ci].nums {
			for _, a := range n.args {
				uses = uses || on[a]
			}
		}
		if uses {
			out = append(out, int32(ci))
		}
	}
	return out
}

// scratch returns a buffer large enough for binding: formula arguments,
// then a choice's weights.
func (st *paramState) scratch() []float64 { return make([]float64, st.maxArgs+st.maxChoice) }

// write evaluates one cell and writes it.
func (sc *Scenario) write(c *cell, vals, scratch []float64) error {
	st := sc.ps
	x := c.nums[0].at(vals, scratch)
	switch c.kind {
	case cellRate:
		if err := rateCheck(x); err != nil {
			return err
		}
		sc.trans[c.i].delay = delay{Sampler: sample.Sampler{Kind: sample.Exponential, A: x}}
	case cellRetryRate:
		if err := rateCheck(x); err != nil {
			return err
		}
		sc.trans[c.i].retry = delay{Sampler: sample.Sampler{Kind: sample.Exponential, A: x}}
	case cellFixed, cellRetryFixed:
		if !finite(x) || x < 0 {
			return fmt.Errorf("must be a finite number of days >= 0, got %v", x)
		}
		d := delay{Sampler: sample.FixedValue(x)}
		if c.kind == cellFixed {
			sc.trans[c.i].delay = d
		} else {
			sc.trans[c.i].retry = d
		}
	case cellDelay, cellRetry:
		y := 1.0
		if len(c.nums) > 1 {
			y = c.nums[1].at(vals, scratch)
		}
		s, err := sample.Of(c.family, x, y)
		if err != nil {
			return err
		}
		if err := delayCheck(&s); err != nil {
			return err
		}
		if c.kind == cellDelay {
			sc.trans[c.i].delay = delay{Sampler: s}
		} else {
			sc.trans[c.i].retry = delay{Sampler: s}
		}
	case cellBranch:
		if !finite(x) || x < 0 || x > 1 {
			return fmt.Errorf("probability must be in [0, 1], got %v", x)
		}
		sc.trans[c.i].probs[c.k] = x
	case cellEventRate:
		if err := rateCheck(x); err != nil {
			return err
		}
		sc.events[c.i].rate = x
	case cellEventDay:
		if !finite(x) || x < 0 {
			return fmt.Errorf("must be a finite day >= 0, got %v", x)
		}
		sc.events[c.i].day = x
	case cellEventP:
		if !finite(x) || x < 0 || x > 1 {
			return fmt.Errorf("must be in [0, 1], got %v", x)
		}
		sc.events[c.i].p = x
	case cellNum, cellBound:
		// As an expression evaluates it at run time (guard.go, slot).
		sc.nums[c.i] = x
	case cellVar:
		if !finite(x) {
			return fmt.Errorf("must be finite, got %v", x)
		}
		sc.initVars[c.i] = x
	case cellActor:
		return sc.model.SetFixed(c.actor, x)
	case cellActorChoice:
		w := scratch[st.maxArgs:][:len(c.nums)]
		for k := range c.nums {
			w[k] = c.nums[k].at(vals, scratch)
		}
		return sc.model.SetChoice(c.actor, c.values, w)
	case cellActorPrior:
		y := 1.0
		if len(c.nums) > 1 {
			y = c.nums[1].at(vals, scratch)
		}
		return sc.model.SetPriorParams(c.actor, c.dist, x, y)
	}
	return nil
}

// delayCheck refuses a delay distribution that can draw negative days or
// days beyond any number.
func delayCheck(s *sample.Sampler) error {
	if lo, _ := s.Support(); lo < 0 {
		return fmt.Errorf("a distribution that can draw negative delays cannot time a transition; use one on [0, ∞) such as gamma, lognormal or weibull")
	}
	if q := s.Quantile(1 - 1e-9); !finite(q) {
		return fmt.Errorf("this distribution draws delays beyond any number of days (its quantile at 1 - 1e-9 is %v): check its parameters", q)
	}
	return nil
}

// actorCells makes the actors model's numbers that depend on parameters
// cells of a private copy of the model, set to their defaults.
func (sc *Scenario) actorCells(ps *problems) {
	if sc.model == nil {
		return
	}
	var nums []actorNum
	for _, pc := range sc.model.ParamCells() {
		an := actorNum{actor: pc.Actor, issue: pc.Issue, field: pc.Field}
		if n, ok := pc.Value.Num(); ok {
			an.num = n
		} else if values, weights, ok := pc.Value.Choices(); ok {
			an.choice, an.weights = values, weights
		} else if d, ok := pc.Value.Distribution(); ok {
			pd := d.(param.Dist)
			an.dist = &pd
		}
		nums = append(nums, an)
	}
	if len(nums) == 0 {
		return
	}
	sc.model = sc.model.Clone()
	st := sc.ps
	for _, an := range nums {
		ai, known := sc.model.ActorIndex(an.actor)
		if !known {
			ai = -1
		}
		w := at{problem.Actor, ai, an.actor}
		// The field's key, with the issue of a position: ideal["territory"].
		where := an.field.String()
		if an.issue != "" {
			where += "[" + strconv.Quote(an.issue) + "]"
		}
		c, err := sc.model.Cell(an.actor, an.issue, an.field)
		if err != nil {
			ps.add(w, where, "%v", err)
			continue
		}
		if an.choice != nil {
			cc := cell{kind: cellActorChoice, actor: c, values: an.choice, at: w, field: where}
			weights := make([]float64, len(an.weights))
			ok := true
			for k := range an.weights {
				n := an.weights[k]
				bn, x, good := st.resolve(&n, w, where, ps)
				ok = ok && good
				cc.nums = append(cc.nums, bn)
				weights[k] = x
			}
			if !ok {
				continue
			}
			st.maxChoice = max(st.maxChoice, len(weights))
			st.cells = append(st.cells, cc)
			if err := sc.model.SetChoice(c, an.choice, weights); err != nil {
				ps.add(w, where, "%v", err)
			}
			continue
		}
		if an.dist != nil {
			d, ok := st.distOf(an.dist, cell{kind: cellActorPrior, actor: c}, w, where, ps)
			if ok {
				if err := sc.model.SetPrior(c, d); err != nil {
					ps.add(w, where, "%v", err)
				}
			}
			continue
		}
		n := an.num
		x := st.addCell(&n, math.NaN(), cell{kind: cellActor, actor: c}, w, where, ps)
		if err := sc.model.SetFixed(c, x); err != nil {
			ps.add(w, where, "%v", err)
		}
	}
}

// settle records which tables binding rewrites, once the scenario is built.
func (st *paramState) settle(sc *Scenario) {
	race := map[State]bool{}
	branch := map[int32]bool{}
	for i := range st.cells {
		c := &st.cells[i]
		switch c.kind {
		case cellRate:
			st.touchTrans = true
			race[sc.trans[c.i].from] = true
		case cellFixed, cellDelay, cellRetryFixed, cellRetryRate, cellRetry:
			st.touchTrans = true
		case cellBranch:
			st.touchTrans = true
			branch[c.i] = true
		case cellEventRate, cellEventP:
			st.touchEvents = true
		case cellEventDay:
			st.touchEvents, st.touchSchedule = true, true
		case cellVar:
			st.touchVars = true
		case cellNum, cellBound:
			st.touchNums = true
		case cellActor, cellActorPrior, cellActorChoice:
			st.touchModel = true
		}
	}
	for s := range race {
		st.raceStates = append(st.raceStates, s)
	}
	slices.Sort(st.raceStates)
	for t := range branch {
		st.branches = append(st.branches, t)
	}
	slices.Sort(st.branches)
}
