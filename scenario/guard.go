package scenario

import (
	"fmt"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/internal/names"
	"github.com/parleysim/parley/param"
)

// Guard describes when a transition or event is enabled: a value that
// Build compiles, with every other part of the definition, into the form
// the one-run loop evaluates.
//
// There are two: Condition, an expression of the world ("trust >= 1 &&
// agreed.guarantees > 0.5"), which a file writes as it is and exact
// analysis reads when it compares variables with numbers or parameters,
// and GuardFunc, which adapts a Go function and is the only way to bring
// code of one's own. The set is sealed, as Delay's is, so that every guard
// a scenario holds is one an encoder, the exact analysis and the file
// writer can read.
type Guard interface {
	isGuard()
}

// Effect describes a change to the world when a transition fires or an
// event occurs: Assignment (made by Assign), RangeShift, and EffectFunc,
// which adapts a Go function. The set is sealed, as Guard's is.
type Effect interface {
	isEffect()
}

func (GuardFunc) isGuard()   {}
func (Condition) isGuard()   {}
func (varCompare) isGuard()  {}
func (allOf) isGuard()       {}
func (anyOf) isGuard()       {}
func (notOf) isGuard()       {}
func (EffectFunc) isEffect() {}
func (RangeShift) isEffect() {}
func (Assignment) isEffect() {}

// GuardFunc adapts a Go function to a Guard. It must not change the world
// and must not allocate: it runs in the one-run loop, every time the world
// changes.
type GuardFunc func(w *World) bool

// EffectFunc adapts a Go function to an Effect. It must not allocate: it
// runs in the one-run loop.
type EffectFunc func(w *World)

// Condition is a guard written as an expression of the world, which
// Build compiles: variables and parameters by name, agreed.<issue>, day,
// numbers, + - * / %, comparisons, && || !, cond ? a : b, abs, min, max,
// isNaN, and ideal, salience, lo, hi of an actor and an issue and
// capability of an actor ("trust >= 1 && agreed.guarantees > 0.5"). A
// comparison of one variable with a number, a parameter or a formula of
// parameters, and && || ! of such, compile to tests exact analysis can
// read; the numbers are bound with the parameters, never per run.
type Condition struct {
	Text string
}

// RangeShift is an effect that moves an actor's acceptable range on an
// issue by Lo and Hi (clamped to the issue's scale) for the rest of the
// run: for example, agreed guarantees widening Ukraine's range on
// territory. Lo and Hi are expressions, as a Condition's, which Build
// compiles: numbers ("0.1"), parameters ("widening"), or functions of the
// world when the effect applies ("trust / 10"); an empty one shifts by 0.
type RangeShift struct {
	Actor, Issue string
	Lo, Hi       string
}

// Assignment is an effect that sets world variable Var to the value of the
// expression Text (as a Condition's, which Build compiles) when it
// applies: "1", "trust + 1", "p_first". Unlike an EffectFunc it says which
// variable it writes, which exact analysis needs to know.
type Assignment struct {
	Var  string
	Text string
}

// Assign returns an effect that sets the named world variable to the value
// of an expression of the world when the effect applies:
// Assign("trust", "trust + 1").
func Assign(name, expr string) Assignment {
	return Assignment{Var: name, Text: expr}
}

// cmpOp compares a world variable with a number in a compiled guard.
type cmpOp uint8

const (
	opEq cmpOp = iota // ==
	opNe              // !=
	opLt              // <
	opLe              // <=
	opGt              // >
	opGe              // >=
)

var opSymbols = [...]string{opEq: "==", opNe: "!=", opLt: "<", opLe: "<=", opGt: ">", opGe: ">="}

func (o cmpOp) String() string {
	if int(o) < len(opSymbols) {
		return opSymbols[o]
	}
	return "op(" + strconv.Itoa(int(o)) + ")"
}

// varCompare, allOf, anyOf and notOf are the structured form of a
// Condition that compares variables with numbers or parameters: what the
// expression compiler makes of one, so that Build compiles it to tests on
// slots of the number table that exact analysis can read.
type varCompare struct {
	v     string
	op    cmpOp
	value param.Num
}

type allOf []Guard

type anyOf []Guard

type notOf struct{ g Guard }

// describe is how a guard or an effect reads in DOT output and messages.
func describe(x any) string {
	switch x := x.(type) {
	case nil:
		return ""
	case GuardFunc:
		return "guard"
	case EffectFunc:
		return "effect"
	case varCompare:
		return x.v + " " + x.op.String() + " " + x.value.String()
	case allOf:
		return joinGuards(x, " && ")
	case anyOf:
		return joinGuards(x, " || ")
	case notOf:
		return "!(" + describe(x.g) + ")"
	case Condition:
		return x.Text
	case RangeShift:
		return fmt.Sprintf("range of %s on %s shifted by (%s, %s)", x.Actor, x.Issue, orZero(x.Lo), orZero(x.Hi))
	case Assignment:
		if x.Text != "" {
			return x.Var + " = " + x.Text
		}
		return x.Var + " = (expression)"
	}
	return fmt.Sprintf("%T", x)
}

func orZero(text string) string {
	if strings.TrimSpace(text) == "" {
		return "0"
	}
	return text
}

func joinGuards(gs []Guard, sep string) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = "(" + describe(g) + ")"
	}
	return strings.Join(parts, sep)
}

// cond is a guard as Build compiles it: names resolved to indexes and
// numbers to slots of the scenario's number table, so that the run loop
// never looks a name up or evaluates a formula.
type cond interface {
	allow(w *World) bool
}

// act is an effect as Build compiles it.
type act interface {
	apply(w *World)
}

func (f GuardFunc) allow(w *World) bool { return f(w) }
func (f EffectFunc) apply(w *World)     { f(w) }

// varCond is a compiled varCompare: variable v against number slot.
type varCond struct {
	v    Var
	op   cmpOp
	slot int32
}

func (c varCond) allow(w *World) bool {
	x, y := w.vars[c.v], w.nums[c.slot]
	switch c.op {
	case opEq:
		return x == y
	case opNe:
		return x != y
	case opLt:
		return x < y
	case opLe:
		return x <= y
	case opGt:
		return x > y
	default:
		return x >= y
	}
}

type allCond []cond

func (a allCond) allow(w *World) bool {
	for _, c := range a {
		if !c.allow(w) {
			return false
		}
	}
	return true
}

type anyCond []cond

func (a anyCond) allow(w *World) bool {
	for _, c := range a {
		if c.allow(w) {
			return true
		}
	}
	return false
}

type notCond struct{ c cond }

func (n notCond) allow(w *World) bool { return !n.c.allow(w) }

// exprCond is a compiled Condition that is not a plain comparison of a
// variable: its test, its text, and what the text reads, for exact
// analysis and for deciding whether a meeting's answer can be kept.
type exprCond struct {
	test        func(w *World) bool
	text        string
	vars        []Var
	day, actors bool
}

func (c exprCond) allow(w *World) bool { return c.test(w) }

// varEffect is a compiled Assignment of a number or a parameter (set),
// or of the variable plus one (add).
type varEffect struct {
	v    Var
	slot int32
	add  bool
}

func (e varEffect) apply(w *World) {
	if e.add {
		w.vars[e.v] += w.nums[e.slot]
	} else {
		w.vars[e.v] = w.nums[e.slot]
	}
}

// rangeEffect is a compiled RangeShift: slots of its shifts when both
// are numbers or parameters, else functions of the world.
type rangeEffect struct {
	a, i   int
	lo, hi int32
	loF    func(w *World) float64
	hiF    func(w *World) float64
}

func (e rangeEffect) apply(w *World) {
	var dLo, dHi float64
	if e.loF != nil {
		dLo, dHi = e.loF(w), e.hiF(w)
	} else {
		dLo, dHi = w.nums[e.lo], w.nums[e.hi]
	}
	l, h := w.pos.Range(e.a, e.i)
	w.pos.SetRange(e.a, e.i, l+dLo, h+dHi)
}

// assignEffect is a compiled Assignment: its value, and the text it
// was compiled from, whose reads exact analysis follows.
type assignEffect struct {
	v     Var
	value func(w *World) float64
	text  string
}

func (e assignEffect) apply(w *World) { w.vars[e.v] = e.value(w) }

// bindEnv is what a guard's or effect's names and numbers resolve against:
// the variables, the actors model, and the number table with the
// parameters its cells read. at and field say whose guard or effect is
// being compiled, for the cells' messages.
type bindEnv struct {
	vars     map[string]Var
	model    *actors.Model
	varNames *names.Suggester // of vars
	sc       *Scenario
	at       at
	field    string
}

// didYouMean suggests a declared variable for a misspelt one.
func (env *bindEnv) didYouMean(name string) string {
	if env.varNames == nil {
		return names.DidYouMean(name, slices.Collect(maps.Keys(env.vars)))
	}
	return env.varNames.DidYouMean(name)
}

func (env *bindEnv) variable(name string) (Var, error) {
	v, ok := env.vars[name]
	if !ok {
		return 0, fmt.Errorf("unknown variable %q%s", name, env.didYouMean(name))
	}
	return v, nil
}

// slot gives n a place in the scenario's number table, where the run
// loop reads it; a number that reads parameters becomes a cell that
// binding rewrites. what names the number in messages. A bound (a
// comparison's value) may be infinite, as x < +Inf is a condition; an
// effect's value must be finite.
func (env *bindEnv) slot(n param.Num, what string, bound bool) (int32, error) {
	sc := env.sc
	x := n.Value
	if !n.IsConst() {
		st := sc.ps
		bn := boundNum{eval: n.Eval}
		for _, p := range n.Params {
			i, ok := st.index[p]
			if !ok {
				return 0, fmt.Errorf("%s: unknown parameter %q%s", what, p, st.suggest.DidYouMean(p))
			}
			bn.args = append(bn.args, int32(i))
		}
		st.maxArgs = max(st.maxArgs, len(bn.args))
		x = bn.at(st.vals, make([]float64, len(bn.args)))
		kind := cellNum
		if bound {
			kind = cellBound
		}
		st.cells = append(st.cells, cell{kind: kind, i: int32(len(sc.nums)), nums: []boundNum{bn}, at: env.at, field: env.field})
		// A formula of parameters in an expression is what the expression
		// gives at run time: NaN compares false, and an assignment may set
		// an infinity. Only a number written as such is refused.
		sc.nums = append(sc.nums, x)
		return int32(len(sc.nums) - 1), nil
	}
	if math.IsNaN(x) || math.IsInf(x, 0) && !bound {
		return 0, fmt.Errorf("%s must be finite, got %v", what, x)
	}
	sc.nums = append(sc.nums, x)
	return int32(len(sc.nums) - 1), nil
}

func (env *bindEnv) actorIssue(actor, issue string) (int, int, error) {
	if env.model == nil {
		return 0, 0, fmt.Errorf("a range shift needs an actors model")
	}
	a, ok := env.model.ActorIndex(actor)
	if !ok {
		return 0, 0, fmt.Errorf("unknown actor %q%s", actor, names.DidYouMean(actor, actorIDs(env.model)))
	}
	i, ok := env.model.IssueIndex(issue)
	if !ok {
		return 0, 0, fmt.Errorf("unknown issue %q%s", issue, names.DidYouMean(issue, issueIDs(env.model)))
	}
	return a, i, nil
}

// bindGuard compiles a guard; a nil guard, or one holding a nil function,
// is an error.
func bindGuard(g Guard, env *bindEnv) (cond, error) {
	switch x := g.(type) {
	case GuardFunc:
		if x != nil {
			return x, nil
		}
	case varCompare:
		if x.value.IsConst() && math.IsNaN(x.value.Value) {
			return nil, fmt.Errorf("comparison of %q with NaN is never decided", x.v)
		}
		v, err := env.variable(x.v)
		if err != nil {
			return nil, err
		}
		s, err := env.slot(x.value, "the value compared with "+strconv.Quote(x.v), true)
		if err != nil {
			return nil, err
		}
		return varCond{v: v, op: x.op, slot: s}, nil
	case allOf:
		cs, err := bindGuards(x, env)
		return allCond(cs), err
	case anyOf:
		cs, err := bindGuards(x, env)
		return anyCond(cs), err
	case notOf:
		c, err := bindGuard(x.g, env)
		if err != nil {
			return nil, err
		}
		return notCond{c}, nil
	case Condition:
		g, test, err := (&exprEnv{sc: env.sc}).condition(x.Text)
		if err != nil {
			return nil, err
		}
		if g != nil {
			return bindGuard(g, env) // a comparison of a variable, which exact analysis reads
		}
		vars, day, actors := (&exprEnv{sc: env.sc}).worldReads(x.Text)
		return exprCond{test: test, text: x.Text, vars: vars, day: day, actors: actors}, nil
	}
	return nil, fmt.Errorf("nil guard")
}

func bindGuards(gs []Guard, env *bindEnv) ([]cond, error) {
	out := make([]cond, len(gs))
	for i, g := range gs {
		c, err := bindGuard(g, env)
		if err != nil {
			return nil, err
		}
		out[i] = c
	}
	return out, nil
}

// bindEffect compiles an effect; a nil effect, or one holding a nil
// function, is an error.
func bindEffect(e Effect, env *bindEnv) (act, error) {
	switch x := e.(type) {
	case EffectFunc:
		if x != nil {
			return x, nil
		}
	case RangeShift:
		a, i, err := env.actorIssue(x.Actor, x.Issue)
		if err != nil {
			return nil, err
		}
		lo, err := env.shift(x.Lo)
		if err != nil {
			return nil, &fieldError{"lo", err}
		}
		hi, err := env.shift(x.Hi)
		if err != nil {
			return nil, &fieldError{"hi", err}
		}
		loN, loFixed := (&exprEnv{sc: env.sc}).asNum(lo)
		hiN, hiFixed := (&exprEnv{sc: env.sc}).asNum(hi)
		if !loFixed || !hiFixed {
			return rangeEffect{a: a, i: i, loF: lo.num, hiF: hi.num}, nil
		}
		if loN.IsConst() && hiN.IsConst() && (!finite(loN.Value) || !finite(hiN.Value)) {
			return nil, fmt.Errorf("shifts must be finite, got (%v, %v)", loN.Value, hiN.Value)
		}
		loS, err := env.slot(loN, "the shift of the range's low end", false)
		if err != nil {
			return nil, err
		}
		hiS, err := env.slot(hiN, "the shift of the range's high end", false)
		if err != nil {
			return nil, err
		}
		return rangeEffect{a: a, i: i, lo: loS, hi: hiS}, nil
	case Assignment:
		v, err := env.variable(x.Var)
		if err != nil {
			return nil, err
		}
		ee := &exprEnv{sc: env.sc}
		// x = x + d, with d a number or parameters: an add to a slot.
		if d, ok := ee.increment(x.Var, x.Text); ok {
			return bindVarEffect(x.Var, d, true, env)
		}
		n, err := ee.number(x.Text)
		if err != nil {
			return nil, err
		}
		if c, ok := ee.asNum(n); ok {
			return bindVarEffect(x.Var, c, false, env)
		}
		return assignEffect{v: v, value: n.num, text: x.Text}, nil
	}
	return nil, fmt.Errorf("nil effect")
}

// fieldError is an error of one field of a part's setting: the low or
// high shift of a range.
type fieldError struct {
	field string
	err   error
}

func (e *fieldError) Error() string { return e.err.Error() }

// shift is a range shift's expression compiled (none: 0).
func (env *bindEnv) shift(text string) (value, error) {
	if strings.TrimSpace(text) == "" {
		return numConst(0), nil
	}
	return (&exprEnv{sc: env.sc}).number(text)
}

func bindVarEffect(name string, n param.Num, add bool, env *bindEnv) (act, error) {
	v, err := env.variable(name)
	if err != nil {
		return nil, err
	}
	s, err := env.slot(n, "value for "+strconv.Quote(name), false)
	if err != nil {
		return nil, err
	}
	return varEffect{v: v, slot: s, add: add}, nil
}
