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
)

// Guard decides whether a transition or event is enabled in the current world.
// Allow must not change the world and must not allocate: it runs in the one-run
// loop, every time the world changes.
//
// The structured guards are value types with their settings as fields, so
// that encoders and analyses can type-switch on them: VarCompare (made by
// VarIs), AllOf (And), AnyOf (Or), NotOf (Not) and Condition (a function of
// the world with the text of its expression). GuardFunc adapts a Go
// function, and is the only way to bring code of one's own: the set of
// guards is sealed, as Delay's is, so that every guard a scenario holds is
// one an encoder, the exact analysis and the file writer can read. A
// scenario binds the names a guard uses when it is built, and runs the
// bound guard.
type Guard interface {
	Allow(w *World) bool
	isGuard()
}

// Effect changes the world when a transition fires or an event occurs.
// Apply must not allocate: it runs in the one-run loop.
//
// The structured effects are value types: Set (made by SetVar), Add
// (AddVar), Assignment (Assign), RangeShift (ShiftRange) and RangeShiftBy.
// EffectFunc adapts a Go function, and is the only way to bring code of
// one's own: the set of effects is sealed, as Guard's is.
type Effect interface {
	Apply(w *World)
	isEffect()
}

// The guards and effects there are, described and bound.
func (GuardFunc) isGuard()     {}
func (VarCompare) isGuard()    {}
func (varCond) isGuard()       {}
func (AllOf) isGuard()         {}
func (AnyOf) isGuard()         {}
func (NotOf) isGuard()         {}
func (Condition) isGuard()     {}
func (EffectFunc) isEffect()   {}
func (Set) isEffect()          {}
func (Add) isEffect()          {}
func (varEffect) isEffect()    {}
func (RangeShift) isEffect()   {}
func (RangeShiftBy) isEffect() {}
func (rangeEffect) isEffect()  {}
func (Assignment) isEffect()   {}
func (assignEffect) isEffect() {}

// Compile-time checks that the structured guards and effects are what they say.
var (
	_ Guard  = VarCompare{}
	_ Guard  = AllOf{}
	_ Guard  = AnyOf{}
	_ Guard  = NotOf{}
	_ Guard  = Condition{}
	_ Guard  = GuardFunc(nil)
	_ Effect = Set{}
	_ Effect = Add{}
	_ Effect = Assignment{}
	_ Effect = RangeShift{}
	_ Effect = RangeShiftBy{}
	_ Effect = EffectFunc(nil)
)

// GuardFunc adapts a Go function to a Guard.
type GuardFunc func(w *World) bool

// Allow calls f(w); a nil GuardFunc sets no condition and allows.
func (f GuardFunc) Allow(w *World) bool { return f == nil || f(w) }

// String labels a GuardFunc in DOT output, where its code cannot be shown.
func (f GuardFunc) String() string { return "guard" }

// EffectFunc adapts a Go function to an Effect.
type EffectFunc func(w *World)

// Apply calls f(w); a nil EffectFunc does nothing.
func (f EffectFunc) Apply(w *World) {
	if f != nil {
		f(w)
	}
}

// String labels an EffectFunc in DOT output.
func (f EffectFunc) String() string { return "effect" }

// Op compares a world variable with a value in a VarCompare guard.
type Op uint8

// The comparisons a VarCompare guard can make.
const (
	Eq Op = iota // ==
	Ne           // !=
	Lt           // <
	Le           // <=
	Gt           // >
	Ge           // >=
)

var opSymbols = [...]string{Eq: "==", Ne: "!=", Lt: "<", Le: "<=", Gt: ">", Ge: ">="}

func (o Op) String() string {
	if int(o) < len(opSymbols) {
		return opSymbols[o]
	}
	return "Op(" + strconv.Itoa(int(o)) + ")"
}

// binder is implemented by guards and effects that name world variables,
// actors or issues; Build resolves the names to indexes once, so the run loop
// never looks a name up.
type binder interface {
	bind(env *bindEnv) (any, error)
}

// bindEnv is what names resolve against.
type bindEnv struct {
	vars     map[string]Var
	model    *actors.Model
	varNames *names.Suggester // of vars
}

// didYouMean suggests a declared variable for a misspelt one.
func (env *bindEnv) didYouMean(name string) string {
	if env.varNames == nil {
		return names.DidYouMean(name, slices.Collect(maps.Keys(env.vars)))
	}
	return env.varNames.DidYouMean(name)
}

// VarCompare is a guard that compares world variable Var with Value.
type VarCompare struct {
	Var   string
	Op    Op
	Value float64
}

// VarIs returns a guard that compares the named world variable with value,
// for example VarIs("trust", Ge, 0.5). The name is resolved when the
// scenario is built; an unknown name is a definition error.
func VarIs(name string, op Op, value float64) VarCompare {
	return VarCompare{Var: name, Op: op, Value: value}
}

// Allow is false: a VarCompare reads its variable once a scenario's Build
// has bound it to its place, and this one is not bound (the scenario runs
// the bound guard in its place).
func (c VarCompare) Allow(*World) bool { return false }

func (c VarCompare) String() string {
	return c.Var + " " + c.Op.String() + " " + strconv.FormatFloat(c.Value, 'g', -1, 64)
}

func (c VarCompare) bind(env *bindEnv) (any, error) {
	if c.Op > Ge {
		return nil, fmt.Errorf("unknown comparison %v in %q", c.Op, c.Var)
	}
	if math.IsNaN(c.Value) {
		return nil, fmt.Errorf("comparison of %q with NaN is never decided", c.Var)
	}
	v, ok := env.vars[c.Var]
	if !ok {
		return nil, fmt.Errorf("unknown variable %q%s", c.Var, env.didYouMean(c.Var))
	}
	return varCond{VarCompare: c, v: v}, nil
}

// varCond is a VarCompare bound to its variable.
type varCond struct {
	VarCompare
	v Var
}

func (c varCond) Allow(w *World) bool {
	x := w.vars[c.v]
	switch c.Op {
	case Eq:
		return x == c.Value
	case Ne:
		return x != c.Value
	case Lt:
		return x < c.Value
	case Le:
		return x <= c.Value
	case Gt:
		return x > c.Value
	default:
		return x >= c.Value
	}
}

// AllOf is a guard that allows when every one of its guards allows.
type AllOf []Guard

// AnyOf is a guard that allows when at least one of its guards allows.
type AnyOf []Guard

// NotOf is a guard that allows when Guard does not.
type NotOf struct{ Guard Guard }

// And returns a guard that allows when every one of gs allows.
func And(gs ...Guard) AllOf { return AllOf(gs) }

// Or returns a guard that allows when at least one of gs allows.
func Or(gs ...Guard) AnyOf { return AnyOf(gs) }

// Not returns a guard that allows when g does not.
func Not(g Guard) NotOf { return NotOf{g} }

// Allow reports whether every guard allows.
func (a AllOf) Allow(w *World) bool {
	for _, g := range a {
		if !g.Allow(w) {
			return false
		}
	}
	return true
}

func (a AllOf) String() string { return joinGuards(a, " && ") }

func (a AllOf) bind(env *bindEnv) (any, error) {
	out, err := bindGuards(a, env)
	return AllOf(out), err
}

// Allow reports whether some guard allows.
func (a AnyOf) Allow(w *World) bool {
	for _, g := range a {
		if g.Allow(w) {
			return true
		}
	}
	return false
}

func (a AnyOf) String() string { return joinGuards(a, " || ") }

func (a AnyOf) bind(env *bindEnv) (any, error) {
	out, err := bindGuards(a, env)
	return AnyOf(out), err
}

// Allow reports whether Guard does not allow; a nil Guard sets no
// condition, so NotOf{} allows nothing.
func (n NotOf) Allow(w *World) bool { return n.Guard != nil && !n.Guard.Allow(w) }

func (n NotOf) String() string { return "!(" + describe(n.Guard) + ")" }

func (n NotOf) bind(env *bindEnv) (any, error) {
	g, err := bindGuard(n.Guard, env)
	return NotOf{g}, err
}

// Condition is a guard computed by Test, whose text is Text: a guard from an
// expression (scenario files make them), which can be shown in DOT and
// written out.
type Condition struct {
	Text string
	Test func(w *World) bool
}

// Allow calls Test; a nil Test sets no condition and allows.
func (c Condition) Allow(w *World) bool { return c.Test == nil || c.Test(w) }

func (c Condition) String() string { return c.Text }

func (c Condition) bind(*bindEnv) (any, error) {
	if c.Test == nil {
		return nil, fmt.Errorf("condition %q has no function", c.Text)
	}
	return c, nil
}

func bindGuards(gs []Guard, env *bindEnv) ([]Guard, error) {
	out := make([]Guard, len(gs))
	for i, g := range gs {
		b, err := bindGuard(g, env)
		if err != nil {
			return nil, err
		}
		out[i] = b
	}
	return out, nil
}

func bindGuard(g Guard, env *bindEnv) (Guard, error) {
	if f, isFunc := g.(GuardFunc); g == nil || isFunc && f == nil {
		return nil, fmt.Errorf("nil guard")
	}
	b, ok := g.(binder)
	if !ok {
		return g, nil
	}
	bound, err := b.bind(env)
	if err != nil {
		return nil, err
	}
	return bound.(Guard), nil
}

func joinGuards(gs []Guard, sep string) string {
	parts := make([]string, len(gs))
	for i, g := range gs {
		parts[i] = "(" + describe(g) + ")"
	}
	return strings.Join(parts, sep)
}

// describe labels a guard or effect for DOT output and messages.
func describe(x any) string {
	if s, ok := x.(fmt.Stringer); ok {
		return s.String()
	}
	return fmt.Sprintf("%T", x)
}

// Set is an effect that sets world variable Var to Value.
type Set struct {
	Var   string
	Value float64
}

// Add is an effect that adds Delta to world variable Var.
type Add struct {
	Var   string
	Delta float64
}

// SetVar returns an effect that sets the named world variable to value.
func SetVar(name string, value float64) Set { return Set{Var: name, Value: value} }

// AddVar returns an effect that adds delta to the named world variable.
func AddVar(name string, delta float64) Add { return Add{Var: name, Delta: delta} }

// Apply does nothing: a Set writes its variable once a scenario's Build has
// bound it to its place, and this one is not bound (the scenario applies the
// bound effect in its place).
func (e Set) Apply(*World) {}

// Apply does nothing, as Set's: the scenario applies the bound effect.
func (e Add) Apply(*World) {}

func (e Set) String() string { return e.Var + " = " + strconv.FormatFloat(e.Value, 'g', -1, 64) }
func (e Add) String() string { return e.Var + " += " + strconv.FormatFloat(e.Delta, 'g', -1, 64) }

func (e Set) bind(env *bindEnv) (any, error) { return bindVarEffect(e.Var, e.Value, false, env) }
func (e Add) bind(env *bindEnv) (any, error) { return bindVarEffect(e.Var, e.Delta, true, env) }

func bindVarEffect(name string, x float64, add bool, env *bindEnv) (any, error) {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil, fmt.Errorf("value for %q must be finite, got %v", name, x)
	}
	v, ok := env.vars[name]
	if !ok {
		return nil, fmt.Errorf("unknown variable %q%s", name, env.didYouMean(name))
	}
	return varEffect{name: name, value: x, add: add, v: v}, nil
}

// varEffect is a Set or Add bound to its variable.
type varEffect struct {
	name  string
	value float64
	add   bool
	v     Var
}

func (e varEffect) Apply(w *World) {
	if e.add {
		w.vars[e.v] += e.value
	} else {
		w.vars[e.v] = e.value
	}
}

func (e varEffect) String() string {
	if e.add {
		return Add{e.name, e.value}.String()
	}
	return Set{e.name, e.value}.String()
}

// RangeShift is an effect that moves an actor's acceptable range on an
// issue by Lo and Hi (clamped to the issue's scale) for the rest of the run.
type RangeShift struct {
	Actor, Issue string
	Lo, Hi       float64
}

// ShiftRange returns an effect that moves an actor's acceptable range on an
// issue by dLo and dHi (clamped to the issue's scale) for the rest of the
// run: for example, agreed guarantees widening Ukraine's range on territory.
func ShiftRange(actor, issue string, dLo, dHi float64) RangeShift {
	return RangeShift{Actor: actor, Issue: issue, Lo: dLo, Hi: dHi}
}

// Apply does nothing, as Set's: the scenario applies the bound effect.
func (e RangeShift) Apply(*World) {}

func (e RangeShift) String() string {
	return fmt.Sprintf("range of %s on %s shifted by (%g, %g)", e.Actor, e.Issue, e.Lo, e.Hi)
}

func (e RangeShift) bind(env *bindEnv) (any, error) {
	if !finite(e.Lo) || !finite(e.Hi) {
		return nil, fmt.Errorf("shifts must be finite, got (%v, %v)", e.Lo, e.Hi)
	}
	a, i, err := env.actorIssue(e.Actor, e.Issue)
	if err != nil {
		return nil, err
	}
	lo, hi := e.Lo, e.Hi
	return rangeEffect{RangeShiftBy: RangeShiftBy{Actor: e.Actor, Issue: e.Issue}, a: a, i: i, lo: lo, hi: hi, fixed: true}, nil
}

// RangeShiftBy is RangeShift with shifts computed from the world when the
// effect applies, and the texts of their expressions (scenario files make
// them), so that the effect can be shown and written out.
type RangeShiftBy struct {
	Actor, Issue   string
	LoText, HiText string
	Lo, Hi         func(w *World) float64
}

// Apply does nothing, as Set's: the scenario applies the bound effect.
func (e RangeShiftBy) Apply(*World) {}

func (e RangeShiftBy) String() string {
	return fmt.Sprintf("range of %s on %s shifted by (%s, %s)", e.Actor, e.Issue, e.LoText, e.HiText)
}

func (e RangeShiftBy) bind(env *bindEnv) (any, error) {
	if e.Lo == nil || e.Hi == nil {
		return nil, fmt.Errorf("nil shift function")
	}
	a, i, err := env.actorIssue(e.Actor, e.Issue)
	if err != nil {
		return nil, err
	}
	return rangeEffect{RangeShiftBy: e, a: a, i: i}, nil
}

// rangeEffect is a RangeShift or RangeShiftBy bound to its actor and issue.
type rangeEffect struct {
	RangeShiftBy
	a, i   int
	lo, hi float64 // the shifts of a RangeShift
	fixed  bool
}

func (e rangeEffect) Apply(w *World) {
	dLo, dHi := e.lo, e.hi
	if !e.fixed {
		dLo, dHi = e.Lo(w), e.Hi(w)
	}
	l, h := w.pos.Range(e.a, e.i)
	w.pos.SetRange(e.a, e.i, l+dLo, h+dHi)
}

func (e rangeEffect) String() string {
	if e.fixed {
		return RangeShift{e.Actor, e.Issue, e.lo, e.hi}.String()
	}
	return e.RangeShiftBy.String()
}

func (env *bindEnv) actorIssue(actor, issue string) (int, int, error) {
	if env.model == nil {
		return 0, 0, fmt.Errorf("ShiftRange needs an actors model (Builder.Actors)")
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

// Assignment is an effect that sets world variable Var to a value computed
// from the world when it applies; Text, when known, is the expression
// Value computes (scenario files give it), so that it can be written out.
// Unlike an EffectFunc it says which variable it writes, which exact
// analysis needs to know.
type Assignment struct {
	Var   string
	Text  string
	Value func(w *World) float64
}

// Assign returns an effect that sets the named world variable to a value
// computed from the world when the effect applies.
func Assign(name string, value func(w *World) float64) Assignment {
	return Assignment{Var: name, Value: value}
}

// Apply does nothing, as Set's: the scenario applies the bound effect.
func (e Assignment) Apply(*World) {}

func (e Assignment) String() string {
	if e.Text != "" {
		return e.Var + " = " + e.Text
	}
	return e.Var + " = (expression)"
}

func (e Assignment) bind(env *bindEnv) (any, error) {
	if e.Value == nil {
		return nil, fmt.Errorf("nil value function for %q", e.Var)
	}
	v, ok := env.vars[e.Var]
	if !ok {
		return nil, fmt.Errorf("unknown variable %q%s", e.Var, env.didYouMean(e.Var))
	}
	return assignEffect{Assignment: e, v: v}, nil
}

// assignEffect is an Assignment bound to its variable.
type assignEffect struct {
	Assignment
	v Var
}

func (e assignEffect) Apply(w *World) { w.vars[e.v] = e.Value(w) }

func bindEffect(e Effect, env *bindEnv) (Effect, error) {
	if f, isFunc := e.(EffectFunc); e == nil || isFunc && f == nil {
		return nil, fmt.Errorf("nil effect")
	}
	b, ok := e.(binder)
	if !ok {
		return e, nil
	}
	bound, err := b.bind(env)
	if err != nil {
		return nil, err
	}
	return bound.(Effect), nil
}
