package scenario

import (
	"fmt"
	"math"
	"slices"
	"sync"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/internal/fmath"
	"github.com/parleysim/parley/internal/names"
	"github.com/parleysim/parley/param"
)

// Expressions (a Condition's text, an Assignment's, a RangeShift's, a
// Target's weight; scenario files write their guards, effects and weights
// so) are parsed with github.com/expr-lang/expr and compiled by Build, once
// per scenario, into Go closures over the world's dense variables: evaluation in the run loop
// allocates nothing and looks no name up. The language is a numeric subset
// of expr's:
//
//	numbers, true, false, variables and parameters by name, agreed.<issue>, day
//	+ - * / % ** (^)  < <= > >= == !=  && || !  (and, or, not)  cond ? a : b
//	abs(x) min(x, y) max(x, y) pow(x, y) exp(x) log(x) sqrt(x) isNaN(x)
//	ideal("RU", "territory") salience(...) lo(...) hi(...) capability("RU")
//
// A comparison of one variable with a number, a parameter or a formula of
// parameters, and &&, || and ! of such, compile to tests on slots of the
// scenario's number table, which exact analysis can read; so do
// assignments of such numbers, and of a variable plus one.
//
// A guard is evaluated when the run enters a state and when the world
// changes, so day is the day of that evaluation: a guard on the day alone
// does not open by itself when the day comes (use a scheduled event).

// exprEnv is what names in expressions resolve against: the scenario
// being built, its variables, parameters and actors.
type exprEnv struct {
	sc  *Scenario
	src string // the expression being compiled, for the text of its parts
}

// exprError is an error at a column of an expression.
type exprError struct {
	col int // 1-based
	msg string
}

func (e *exprError) Error() string { return fmt.Sprintf("column %d: %s", e.col, e.msg) }

// value is a compiled expression: a number or a boolean, with what is known
// of it at compile time.
type value struct {
	isBool bool
	num    func(w *World) float64
	b      func(w *World) bool
	// constant, when the value does not depend on the world.
	isConst bool
	c       float64
	cb      bool
	// varName is set when the value is a plain variable, paramName when
	// it is a plain parameter; fixed when it reads only numbers and
	// parameters, so that it can be bound with them, never per run.
	varName   string
	paramName string
	fixed     bool
	params    []string // the parameters a fixed value reads
	text      string   // the expression a fixed value is part of, for messages
	// guard is the structured form of a boolean, when it has one.
	guard Guard
}

func errAt(n ast.Node, format string, args ...any) error {
	return &exprError{col: n.Location().From + 1, msg: fmt.Sprintf(format, args...)}
}

// compile parses and compiles src.
func (env *exprEnv) compile(src string) (value, error) {
	env.src = src
	tree, err := parser.Parse(src)
	if err != nil {
		if fe, ok := err.(*file.Error); ok {
			return value{}, &exprError{col: fe.Column + 1, msg: fe.Message}
		}
		return value{}, err
	}
	return env.node(tree.Node)
}

// increment returns d when src reads "name + d" (or "d + name") with d a
// number, a parameter or a formula of parameters.
func (env *exprEnv) increment(name, src string) (param.Num, bool) {
	env.src = src
	tree, err := parser.Parse(src)
	if err != nil {
		return param.Num{}, false
	}
	b, ok := tree.Node.(*ast.BinaryNode)
	if !ok || b.Operator != "+" {
		return param.Num{}, false
	}
	isName := func(n ast.Node) bool {
		id, ok := n.(*ast.IdentifierNode)
		return ok && id.Value == name
	}
	other := b.Right
	switch {
	case isName(b.Left):
	case isName(b.Right):
		other = b.Left
	default:
		return param.Num{}, false
	}
	if _, isVar := env.sc.varIndex[name]; !isVar {
		return param.Num{}, false
	}
	d, err := env.node(other)
	if err != nil {
		return param.Num{}, false
	}
	return env.asNum(d)
}

// number compiles src to a numeric expression.
func (env *exprEnv) number(src string) (value, error) {
	v, err := env.compile(src)
	if err == nil && v.isBool {
		err = &exprError{col: 1, msg: "a number is needed here, not a condition"}
	}
	return v, err
}

// condition compiles src to a guard: the structured guard it is, when it
// compares variables with numbers or parameters (exact analysis reads
// those), else nil and its test.
func (env *exprEnv) condition(src string) (Guard, func(*World) bool, error) {
	v, err := env.compile(src)
	if err != nil {
		return nil, nil, err
	}
	if !v.isBool {
		return nil, nil, &exprError{col: 1, msg: "a condition is needed here, not a number"}
	}
	return v.guard, v.b, nil
}

func numConst(c float64) value {
	return value{isConst: true, fixed: true, c: c, num: func(*World) float64 { return c }}
}

// asNum is a fixed value as a param.Num: a constant, a parameter, or a
// formula of the parameters it reads.
func (env *exprEnv) asNum(v value) (param.Num, bool) {
	switch {
	case v.isBool || !v.fixed:
		return param.Num{}, false
	case v.isConst:
		return param.Const(v.c), true
	case v.paramName != "":
		return param.P(v.paramName), true
	}
	f, text := v.num, v.text
	if text == "" {
		text = "(formula)"
	}
	n := len(env.sc.ps.names())
	at := make([]Param, len(v.params))
	for i, name := range v.params {
		at[i], _ = env.sc.Param(name)
	}
	// Evaluated when parameters are bound (With) and, with
	// RunOptions.DrawParameters, at the start of every run: the world it
	// reads holds the parameters only, and is kept in a pool so that
	// evaluating allocates nothing and any goroutine may evaluate.
	worlds := &sync.Pool{New: func() any { return &World{params: make([]float64, n)} }}
	eval := func(args []float64) float64 {
		w := worlds.Get().(*World)
		for i, p := range at {
			w.params[p] = args[i]
		}
		x := f(w)
		worlds.Put(w)
		return x
	}
	return param.Formula(text, eval, v.params...), true
}

// fixedNum compiles src, which may read numbers and parameters only, to a
// param.Num.
func (env *exprEnv) fixedNum(src string) (param.Num, error) {
	v, err := env.number(src)
	if err != nil {
		return param.Num{}, fmt.Errorf("%q: %w", src, err)
	}
	n, ok := env.asNum(v)
	if !ok {
		return param.Num{}, fmt.Errorf("%q reads the world (a variable, an agreed value, the day or an actor's position): only a transition's rate, the parameters of its delay and its scheduled day (At) may; give a number, a parameter or a formula of parameters here", src)
	}
	return n, nil
}

// worldReads returns the variables src reads, and whether it reads the
// day, or an actor's numbers.
func (env *exprEnv) worldReads(src string) (vars []Var, day, actors bool) {
	tree, err := parser.Parse(src)
	if err != nil {
		return nil, true, true
	}
	rv := &readsVisitor{sc: env.sc}
	ast.Walk(&tree.Node, rv)
	return rv.vars, rv.day, rv.actors
}

type readsVisitor struct {
	sc          *Scenario
	vars        []Var
	day, actors bool
}

func (rv *readsVisitor) Visit(n *ast.Node) {
	switch x := (*n).(type) {
	case *ast.IdentifierNode:
		if v, ok := rv.sc.varIndex[x.Value]; ok && !rv.sc.vars[v].agreed {
			rv.vars = append(rv.vars, v)
		} else if x.Value == "day" {
			rv.day = true
		}
	case *ast.MemberNode:
		if p, ok := x.Property.(*ast.StringNode); ok {
			if v, ok := rv.sc.varIndex[agreedVar(p.Value)]; ok {
				rv.vars = append(rv.vars, v)
			}
		}
	case *ast.CallNode:
		if id, ok := x.Callee.(*ast.IdentifierNode); ok && slices.Contains([]string{"ideal", "salience", "lo", "hi", "capability"}, id.Value) {
			rv.actors = true
		}
	}
}

// union is a followed by the names of b not in a.
func union(a, b []string) []string {
	out := slices.Clip(a)
	for _, x := range b {
		if !slices.Contains(out, x) {
			out = append(out, x)
		}
	}
	return out
}

func boolConst(c bool) value {
	return value{isBool: true, isConst: true, cb: c, b: func(*World) bool { return c }}
}

func (env *exprEnv) node(n ast.Node) (value, error) {
	switch x := n.(type) {
	case *ast.IntegerNode:
		return numConst(float64(x.Value)), nil
	case *ast.FloatNode:
		return numConst(x.Value), nil
	case *ast.BoolNode:
		return boolConst(x.Value), nil
	case *ast.IdentifierNode:
		return env.identifier(n, x.Value)
	case *ast.MemberNode:
		id, okID := x.Node.(*ast.IdentifierNode)
		prop, okProp := x.Property.(*ast.StringNode)
		if !okID || !okProp || id.Value != "agreed" {
			return value{}, errAt(n, "only agreed.<issue> can be written with a dot")
		}
		v, ok := env.sc.varIndex[agreedVar(prop.Value)]
		if !ok {
			if env.sc.model != nil {
				if _, known := env.sc.model.IssueIndex(prop.Value); known {
					return value{}, errAt(n, "agreed.%s is not declared (Builder.Agreed)", prop.Value)
				}
			}
			return value{}, errAt(n, "unknown issue %q%s", prop.Value, names.DidYouMean(prop.Value, env.issueIDs()))
		}
		return variable("agreed."+prop.Value, v), nil
	case *ast.UnaryNode:
		return env.unary(x)
	case *ast.BinaryNode:
		return env.binary(x)
	case *ast.ConditionalNode:
		return env.conditional(x)
	case *ast.BuiltinNode:
		return env.call(n, x.Name, x.Arguments)
	case *ast.CallNode:
		id, ok := x.Callee.(*ast.IdentifierNode)
		if !ok {
			return value{}, errAt(n, "only named functions can be called")
		}
		return env.call(n, id.Value, x.Arguments)
	}
	return value{}, errAt(n, "%s is not part of the scenario expression language (numbers, variables, agreed.<issue>, day, operators and the functions listed in the docs)", nodeWords(n))
}

func variable(name string, v Var) value {
	return value{varName: name, num: func(w *World) float64 { return w.Get(v) }}
}

func (env *exprEnv) identifier(n ast.Node, name string) (value, error) {
	if name == "day" {
		return value{num: func(w *World) float64 { return w.Day() }}, nil
	}
	v, ok := env.sc.varIndex[name]
	if !ok || env.sc.vars[v].agreed {
		if p, ok := env.sc.Param(name); ok {
			env.sc.reads.param(p)
			return value{paramName: name, fixed: true, params: []string{name}, num: func(w *World) float64 { return w.Param(p) }}, nil
		}
		what := "variable"
		if len(env.sc.ps.params) > 0 {
			what = "variable or parameter"
		}
		return value{}, errAt(n, "unknown %s %q%s", what, name, names.DidYouMean(name, env.names()))
	}
	return variable(name, v), nil
}

func (env *exprEnv) unary(x *ast.UnaryNode) (value, error) {
	a, err := env.node(x.Node)
	if err != nil {
		return value{}, err
	}
	switch x.Operator {
	case "-":
		if a.isBool {
			return value{}, errAt(x, "cannot negate a condition")
		}
		if a.isConst {
			return numConst(-a.c), nil
		}
		f := a.num
		return value{fixed: a.fixed, params: a.params, text: env.src, num: func(w *World) float64 { return -f(w) }}, nil
	case "+":
		if a.isBool {
			return value{}, errAt(x, "unary + needs a number")
		}
		return a, nil
	case "!", "not":
		if !a.isBool {
			return value{}, errAt(x, "%s needs a condition", x.Operator)
		}
		f := a.b
		out := value{isBool: true, b: func(w *World) bool { return !f(w) }}
		if a.guard != nil {
			out.guard = notOf{a.guard}
		}
		return out, nil
	}
	return value{}, errAt(x, "unknown operator %q", x.Operator)
}

var comparisons = map[string]cmpOp{
	"==": opEq, "!=": opNe, "<": opLt, "<=": opLe, ">": opGt, ">=": opGe,
}

// mirrored turns "c op x" into "x op' c".
var mirrored = map[cmpOp]cmpOp{
	opEq: opEq, opNe: opNe,
	opLt: opGt, opLe: opGe, opGt: opLt, opGe: opLe,
}

func (env *exprEnv) binary(x *ast.BinaryNode) (value, error) {
	a, err := env.node(x.Left)
	if err != nil {
		return value{}, err
	}
	b, err := env.node(x.Right)
	if err != nil {
		return value{}, err
	}
	op := x.Operator
	switch op {
	case "&&", "and", "||", "or":
		if !a.isBool || !b.isBool {
			return value{}, errAt(x, "%s needs conditions on both sides", op)
		}
		fa, fb := a.b, b.b
		and := op == "&&" || op == "and"
		out := value{isBool: true}
		if and {
			out.b = func(w *World) bool { return fa(w) && fb(w) }
		} else {
			out.b = func(w *World) bool { return fa(w) || fb(w) }
		}
		if a.guard != nil && b.guard != nil {
			if and {
				out.guard = allOf{a.guard, b.guard}
			} else {
				out.guard = anyOf{a.guard, b.guard}
			}
		}
		return out, nil
	}
	if a.isBool || b.isBool {
		return value{}, errAt(x, "%s needs numbers on both sides", op)
	}
	fa, fb := a.num, b.num
	if cmpOp, ok := comparisons[op]; ok {
		out := value{isBool: true, b: compare(cmpOp, fa, fb)}
		if n, ok := env.asNum(b); ok && a.varName != "" {
			out.guard = varCompare{a.varName, cmpOp, n}
		} else if n, ok := env.asNum(a); ok && b.varName != "" {
			out.guard = varCompare{b.varName, mirrored[cmpOp], n}
		}
		return out, nil
	}
	var f func(w *World) float64
	switch op {
	case "+":
		f = func(w *World) float64 { return fa(w) + fb(w) }
	case "-":
		f = func(w *World) float64 { return fa(w) - fb(w) }
	case "*":
		f = func(w *World) float64 { return fa(w) * fb(w) }
	case "/":
		f = func(w *World) float64 { return fa(w) / fb(w) }
	case "%":
		f = func(w *World) float64 { return math.Mod(fa(w), fb(w)) }
	case "**", "^":
		f = func(w *World) float64 { return fmath.Pow(fa(w), fb(w)) }
	default:
		return value{}, errAt(x, "unknown operator %q", op)
	}
	if a.isConst && b.isConst {
		return numConst(f(nil)), nil
	}
	return value{num: f, fixed: a.fixed && b.fixed, params: union(a.params, b.params), text: env.src}, nil
}

func compare(op cmpOp, fa, fb func(w *World) float64) func(w *World) bool {
	switch op {
	case opEq:
		return func(w *World) bool { return fa(w) == fb(w) }
	case opNe:
		return func(w *World) bool { return fa(w) != fb(w) }
	case opLt:
		return func(w *World) bool { return fa(w) < fb(w) }
	case opLe:
		return func(w *World) bool { return fa(w) <= fb(w) }
	case opGt:
		return func(w *World) bool { return fa(w) > fb(w) }
	}
	return func(w *World) bool { return fa(w) >= fb(w) }
}

func (env *exprEnv) conditional(x *ast.ConditionalNode) (value, error) {
	c, err := env.node(x.Cond)
	if err != nil {
		return value{}, err
	}
	if !c.isBool {
		return value{}, errAt(x.Cond, "the condition of ?: must be a condition")
	}
	a, err := env.node(x.Exp1)
	if err != nil {
		return value{}, err
	}
	b, err := env.node(x.Exp2)
	if err != nil {
		return value{}, err
	}
	if a.isBool != b.isBool {
		return value{}, errAt(x, "both branches of ?: must be numbers, or both conditions")
	}
	fc := c.b
	if a.isBool {
		fa, fb := a.b, b.b
		return value{isBool: true, b: func(w *World) bool {
			if fc(w) {
				return fa(w)
			}
			return fb(w)
		}}, nil
	}
	fa, fb := a.num, b.num
	return value{num: func(w *World) float64 {
		if fc(w) {
			return fa(w)
		}
		return fb(w)
	}}, nil
}

func (env *exprEnv) call(n ast.Node, name string, args []ast.Node) (value, error) {
	switch name {
	case "ideal", "salience", "lo", "hi":
		a, i, err := env.actorIssue(n, name, args)
		if err != nil {
			return value{}, err
		}
		env.sc.reads.field(a, map[string]actors.Field{"ideal": actors.Ideal, "salience": actors.Salience, "lo": actors.Lo, "hi": actors.Hi}[name])
		switch name {
		case "ideal":
			return value{num: func(w *World) float64 { return w.Positions().Ideal(a, i) }}, nil
		case "salience":
			return value{num: func(w *World) float64 { return w.Positions().Salience(a, i) }}, nil
		case "lo":
			return value{num: func(w *World) float64 { lo, _ := w.Positions().Range(a, i); return lo }}, nil
		default:
			return value{num: func(w *World) float64 { _, hi := w.Positions().Range(a, i); return hi }}, nil
		}
	case "capability":
		if len(args) != 1 {
			return value{}, errAt(n, "capability takes an actor ID")
		}
		a, err := env.actor(args[0])
		if err != nil {
			return value{}, err
		}
		env.sc.reads.field(a, actors.Capability)
		return value{num: func(w *World) float64 { return w.Positions().Capability(a) }}, nil
	}
	vals := make([]value, len(args))
	for k, arg := range args {
		v, err := env.node(arg)
		if err != nil {
			return value{}, err
		}
		if v.isBool {
			return value{}, errAt(arg, "%s takes numbers", name)
		}
		vals[k] = v
	}
	one := func() (func(w *World) float64, error) {
		if len(vals) != 1 {
			return nil, errAt(n, "%s takes one argument", name)
		}
		return vals[0].num, nil
	}
	two := func() (func(w *World) float64, func(w *World) float64, error) {
		if len(vals) != 2 {
			return nil, nil, errAt(n, "%s takes two arguments", name)
		}
		return vals[0].num, vals[1].num, nil
	}
	fixed, params := true, []string(nil)
	for _, v := range vals {
		fixed = fixed && v.fixed
		params = union(params, v.params)
	}
	text := env.src
	switch name {
	case "abs":
		f, err := one()
		return value{fixed: fixed, params: params, text: text, num: func(w *World) float64 { return math.Abs(f(w)) }}, err
	case "isNaN":
		f, err := one()
		return value{isBool: true, b: func(w *World) bool { return math.IsNaN(f(w)) }}, err
	case "min":
		f, g, err := two()
		return value{fixed: fixed, params: params, text: text, num: func(w *World) float64 { return math.Min(f(w), g(w)) }}, err
	case "max":
		f, g, err := two()
		return value{fixed: fixed, params: params, text: text, num: func(w *World) float64 { return math.Max(f(w), g(w)) }}, err
	case "pow":
		f, g, err := two()
		return value{fixed: fixed, params: params, text: text, num: func(w *World) float64 { return fmath.Pow(f(w), g(w)) }}, err
	case "exp":
		f, err := one()
		return value{fixed: fixed, params: params, text: text, num: func(w *World) float64 { return fmath.Exp(f(w)) }}, err
	case "log":
		f, err := one()
		return value{fixed: fixed, params: params, text: text, num: func(w *World) float64 { return fmath.Log(f(w)) }}, err
	case "sqrt":
		f, err := one()
		return value{fixed: fixed, params: params, text: text, num: func(w *World) float64 { return math.Sqrt(f(w)) }}, err
	}
	return value{}, errAt(n, "unknown function %q (abs, min, max, pow, exp, log, sqrt, isNaN, ideal, salience, lo, hi, capability)", name)
}

func (env *exprEnv) actor(n ast.Node) (int, error) {
	s, ok := n.(*ast.StringNode)
	if !ok {
		return 0, errAt(n, "an actor ID in quotes is needed")
	}
	if env.sc.model == nil {
		return 0, errAt(n, "the scenario has no actors")
	}
	a, ok := env.sc.model.ActorIndex(s.Value)
	if !ok {
		return 0, errAt(n, "unknown actor %q%s", s.Value, names.DidYouMean(s.Value, env.actorIDs()))
	}
	return a, nil
}

func (env *exprEnv) actorIssue(n ast.Node, name string, args []ast.Node) (int, int, error) {
	if len(args) != 2 {
		return 0, 0, errAt(n, "%s takes an actor ID and an issue ID", name)
	}
	a, err := env.actor(args[0])
	if err != nil {
		return 0, 0, err
	}
	s, ok := args[1].(*ast.StringNode)
	if !ok {
		return 0, 0, errAt(args[1], "an issue ID in quotes is needed")
	}
	i, ok := env.sc.model.IssueIndex(s.Value)
	if !ok {
		return 0, 0, errAt(args[1], "unknown issue %q%s", s.Value, names.DidYouMean(s.Value, env.issueIDs()))
	}
	return a, i, nil
}

// nodeWords says what an expression node is, in the file's terms.
func nodeWords(n ast.Node) string {
	switch x := n.(type) {
	case *ast.StringNode:
		return fmt.Sprintf("text (%q)", x.Value)
	case *ast.ArrayNode:
		return "a list"
	case *ast.MapNode:
		return "a mapping"
	case *ast.NilNode:
		return "nil"
	case *ast.MemberNode:
		return "a member access"
	case *ast.PredicateNode, *ast.PointerNode:
		return "a closure"
	case *ast.VariableDeclaratorNode:
		return "let"
	case *ast.SliceNode:
		return "a slice"
	}
	return "this construct"
}

// names lists the variables and parameters expressions can read.
func (env *exprEnv) names() []string {
	var out []string
	for _, v := range env.sc.vars {
		if !v.agreed {
			out = append(out, v.name)
		}
	}
	for _, p := range env.sc.ps.params {
		out = append(out, p.Name)
	}
	return append(out, "day")
}

func (env *exprEnv) actorIDs() []string { return actorIDs(env.sc.model) }

func (env *exprEnv) issueIDs() []string { return issueIDs(env.sc.model) }
