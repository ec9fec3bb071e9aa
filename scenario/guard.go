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
type Guard interface {
	Allow(w *World) bool
}

// GuardFunc adapts a Go function to a Guard.
type GuardFunc func(w *World) bool

// Allow calls f(w).
func (f GuardFunc) Allow(w *World) bool { return f(w) }

// String labels a GuardFunc in DOT output, where its code cannot be shown.
func (f GuardFunc) String() string { return "guard" }

// GuardExpr is a guard computed by allow whose text is expr, so that it can
// be shown in DOT and written out (scenario files use it).
func GuardExpr(expr string, allow func(w *World) bool) Guard { return exprGuard{expr, allow} }

type exprGuard struct {
	text  string
	allow func(w *World) bool
}

func (g exprGuard) Allow(w *World) bool { return g.allow(w) }
func (g exprGuard) String() string      { return g.text }

// Effect changes the world when a transition fires or an event occurs.
// Apply must not allocate: it runs in the one-run loop.
type Effect interface {
	Apply(w *World)
}

// EffectFunc adapts a Go function to an Effect.
type EffectFunc func(w *World)

// Apply calls f(w).
func (f EffectFunc) Apply(w *World) { f(w) }

// String labels an EffectFunc in DOT output.
func (f EffectFunc) String() string { return "effect" }

// Op compares a world variable with a value in a guard made by VarIs.
type Op uint8

// The comparisons a guard made by VarIs can make.
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
	vars  map[string]Var
	model *actors.Model
}

// VarIs returns a guard that compares the named world variable with value, for
// example VarIs("trust", Ge, 0.5). The name is resolved when the scenario is
// built; an unknown name is a definition error.
func VarIs(name string, op Op, value float64) Guard {
	return varCond{name: name, op: op, value: value, v: -1}
}

type varCond struct {
	name  string
	op    Op
	value float64
	v     Var
}

func (c varCond) Allow(w *World) bool {
	if c.v < 0 {
		panic("scenario: guard VarIs(" + strconv.Quote(c.name) + ") used outside a built scenario")
	}
	x := w.vars[c.v]
	switch c.op {
	case Eq:
		return x == c.value
	case Ne:
		return x != c.value
	case Lt:
		return x < c.value
	case Le:
		return x <= c.value
	case Gt:
		return x > c.value
	default:
		return x >= c.value
	}
}

func (c varCond) String() string {
	return c.name + " " + c.op.String() + " " + strconv.FormatFloat(c.value, 'g', -1, 64)
}

func (c varCond) bind(env *bindEnv) (any, error) {
	if c.op > Ge {
		return nil, fmt.Errorf("unknown comparison %v in %q", c.op, c.name)
	}
	if math.IsNaN(c.value) {
		return nil, fmt.Errorf("comparison of %q with NaN is never decided", c.name)
	}
	v, ok := env.vars[c.name]
	if !ok {
		return nil, fmt.Errorf("unknown variable %q%s", c.name, env.didYouMean(c.name))
	}
	c.v = v
	return c, nil
}

// And returns a guard that allows when every one of gs allows.
func And(gs ...Guard) Guard { return allOf(gs) }

// Or returns a guard that allows when at least one of gs allows.
func Or(gs ...Guard) Guard { return anyOf(gs) }

// Not returns a guard that allows when g does not.
func Not(g Guard) Guard { return notGuard{g} }

type allOf []Guard

func (a allOf) Allow(w *World) bool {
	for _, g := range a {
		if !g.Allow(w) {
			return false
		}
	}
	return true
}

func (a allOf) String() string { return joinGuards(a, " && ") }

func (a allOf) bind(env *bindEnv) (any, error) {
	out, err := bindGuards(a, env)
	return allOf(out), err
}

type anyOf []Guard

func (a anyOf) Allow(w *World) bool {
	for _, g := range a {
		if g.Allow(w) {
			return true
		}
	}
	return false
}

func (a anyOf) String() string { return joinGuards(a, " || ") }

func (a anyOf) bind(env *bindEnv) (any, error) {
	out, err := bindGuards(a, env)
	return anyOf(out), err
}

type notGuard struct{ g Guard }

func (n notGuard) Allow(w *World) bool { return !n.g.Allow(w) }

func (n notGuard) String() string { return "!(" + describe(n.g) + ")" }

func (n notGuard) bind(env *bindEnv) (any, error) {
	g, err := bindGuard(n.g, env)
	return notGuard{g}, err
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

// SetVar returns an effect that sets the named world variable to value.
func SetVar(name string, value float64) Effect { return varEffect{name: name, value: value, v: -1} }

// AddVar returns an effect that adds delta to the named world variable.
func AddVar(name string, delta float64) Effect {
	return varEffect{name: name, value: delta, add: true, v: -1}
}

type varEffect struct {
	name  string
	value float64
	add   bool
	v     Var
}

func (e varEffect) Apply(w *World) {
	if e.v < 0 {
		panic("scenario: effect on " + strconv.Quote(e.name) + " used outside a built scenario")
	}
	if e.add {
		w.vars[e.v] += e.value
	} else {
		w.vars[e.v] = e.value
	}
}

func (e varEffect) String() string {
	v := strconv.FormatFloat(e.value, 'g', -1, 64)
	if e.add {
		return e.name + " += " + v
	}
	return e.name + " = " + v
}

func (e varEffect) bind(env *bindEnv) (any, error) {
	if math.IsNaN(e.value) || math.IsInf(e.value, 0) {
		return nil, fmt.Errorf("value for %q must be finite, got %v", e.name, e.value)
	}
	v, ok := env.vars[e.name]
	if !ok {
		return nil, fmt.Errorf("unknown variable %q%s", e.name, env.didYouMean(e.name))
	}
	e.v = v
	return e, nil
}

// didYouMean suggests a declared variable for a misspelt one.
func (env *bindEnv) didYouMean(name string) string {
	return names.DidYouMean(name, slices.Collect(maps.Keys(env.vars)))
}

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

// ShiftRange returns an effect that moves an actor's acceptable range on an
// issue by dLo and dHi (clamped to the issue's scale) for the rest of the
// run: for example, agreed guarantees widening Ukraine's range on territory.
func ShiftRange(actor, issue string, dLo, dHi float64) Effect {
	return rangeEffect{actor: actor, issue: issue, dLo: dLo, dHi: dHi, a: -1}
}

type rangeEffect struct {
	actor, issue string
	dLo, dHi     float64
	a, i         int
}

func (e rangeEffect) Apply(w *World) {
	if e.a < 0 {
		panic("scenario: ShiftRange(" + strconv.Quote(e.actor) + ", " + strconv.Quote(e.issue) + ") used outside a built scenario")
	}
	lo, hi := w.pos.Range(e.a, e.i)
	w.pos.SetRange(e.a, e.i, lo+e.dLo, hi+e.dHi)
}

func (e rangeEffect) String() string {
	return fmt.Sprintf("range of %s on %s shifted by (%g, %g)", e.actor, e.issue, e.dLo, e.dHi)
}

func (e rangeEffect) bind(env *bindEnv) (any, error) {
	if !finite(e.dLo) || !finite(e.dHi) {
		return nil, fmt.Errorf("shifts must be finite, got (%v, %v)", e.dLo, e.dHi)
	}
	if env.model == nil {
		return nil, fmt.Errorf("ShiftRange needs an actors model (Builder.Actors)")
	}
	var ok bool
	if e.a, ok = env.model.ActorIndex(e.actor); !ok {
		return nil, fmt.Errorf("unknown actor %q%s", e.actor, names.DidYouMean(e.actor, actorIDs(env.model)))
	}
	if e.i, ok = env.model.IssueIndex(e.issue); !ok {
		return nil, fmt.Errorf("unknown issue %q%s", e.issue, names.DidYouMean(e.issue, issueIDs(env.model)))
	}
	return e, nil
}

// ShiftRangeExpr is ShiftRange with shifts computed from the world when the
// effect applies, with the text of their expressions so that the effect can
// be written out (scenario files use it).
func ShiftRangeExpr(actor, issue, loExpr, hiExpr string, lo, hi func(w *World) float64) Effect {
	return rangeExprEffect{actor: actor, issue: issue, loText: loExpr, hiText: hiExpr, lo: lo, hi: hi, a: -1}
}

type rangeExprEffect struct {
	actor, issue   string
	loText, hiText string
	lo, hi         func(w *World) float64
	a, i           int
}

func (e rangeExprEffect) Apply(w *World) {
	if e.a < 0 {
		panic("scenario: ShiftRangeExpr(" + strconv.Quote(e.actor) + ", " + strconv.Quote(e.issue) + ") used outside a built scenario")
	}
	l, h := w.pos.Range(e.a, e.i)
	w.pos.SetRange(e.a, e.i, l+e.lo(w), h+e.hi(w))
}

func (e rangeExprEffect) String() string {
	return fmt.Sprintf("range of %s on %s shifted by (%s, %s)", e.actor, e.issue, e.loText, e.hiText)
}

func (e rangeExprEffect) bind(env *bindEnv) (any, error) {
	if e.lo == nil || e.hi == nil {
		return nil, fmt.Errorf("nil shift function")
	}
	r, err := rangeEffect{actor: e.actor, issue: e.issue}.bind(env)
	if err != nil {
		return nil, err
	}
	e.a, e.i = r.(rangeEffect).a, r.(rangeEffect).i
	return e, nil
}

// Assign returns an effect that sets the named world variable to a value
// computed from the world when the effect applies. Unlike an EffectFunc it
// says which variable it writes, which exact analysis needs to know.
func Assign(name string, value func(w *World) float64) Effect {
	return assignEffect{name: name, f: value, v: -1}
}

// AssignExpr is Assign with the text of the expression that value computes,
// so that the effect can be written out (scenario files use it).
func AssignExpr(name, expr string, value func(w *World) float64) Effect {
	return assignEffect{name: name, text: expr, f: value, v: -1}
}

type assignEffect struct {
	name string
	text string // the expression, when known
	f    func(w *World) float64
	v    Var
}

func (e assignEffect) Apply(w *World) {
	if e.v < 0 {
		panic("scenario: Assign(" + strconv.Quote(e.name) + ") used outside a built scenario")
	}
	w.vars[e.v] = e.f(w)
}

func (e assignEffect) String() string {
	if e.text != "" {
		return e.name + " = " + e.text
	}
	return e.name + " = (expression)"
}

func (e assignEffect) bind(env *bindEnv) (any, error) {
	if e.f == nil {
		return nil, fmt.Errorf("nil value function for %q", e.name)
	}
	v, ok := env.vars[e.name]
	if !ok {
		return nil, fmt.Errorf("unknown variable %q%s", e.name, env.didYouMean(e.name))
	}
	e.v = v
	return e, nil
}
