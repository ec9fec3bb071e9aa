package scenariofile

import (
	"fmt"
	"maps"
	"math"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/file"
	"github.com/expr-lang/expr/parser"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/internal/fmath"
	"github.com/parleysim/parley/internal/names"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// Parameter is a named assumption: its value by default, optionally the
// range of values it may be given and a prior to draw it from, and what it
// stands for. Numbers elsewhere in the file may be expressions over
// parameters: rate: "0.1 * us_pressure".
type Parameter struct {
	Name        string    `yaml:"name" json:"name"`
	Description string    `yaml:"description,omitempty" json:"description,omitempty"`
	Default     float64   `yaml:"default" json:"default"`
	Range       []float64 `yaml:"range,omitempty" json:"range,omitempty"`
	Prior       *Value    `yaml:"prior,omitempty" json:"prior,omitempty"`
}

// Number is a number in a file: a literal, or an expression over the
// file's parameters written as text, such as "0.1 * us_pressure",
// evaluated whenever parameters are bound (never per run).
type Number struct {
	Value float64
	Expr  string // empty for a literal
	err   string
	// date is a date written where a number was expected (2025-09-01):
	// a day, for the fields that take one (a transition's at, an
	// event's at.day), and an error elsewhere.
	date string
}

// isoDate is a date as files write it, 2025-09-01: in a number's place it
// is a day, never the subtraction it would read as.
var isoDate = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)

// Num returns a literal Number.
func Num(x float64) Number { return Number{Value: x} }

// NumPtr returns a pointer to a literal Number, for optional fields.
func NumPtr(x float64) *Number { return &Number{Value: x} }

// UnmarshalYAML reads a number or an expression; a malformed one is kept
// with its error, reported at its position when the file is built.
func (n *Number) UnmarshalYAML(unmarshal func(any) error) error {
	var x any
	if err := unmarshal(&x); err != nil {
		*n = Number{err: "a number or an expression over parameters is needed here"}
		return nil
	}
	if t, ok := x.(time.Time); ok {
		*n = Number{date: t.Format(time.DateOnly)}
		return nil
	}
	if s, ok := x.(string); ok {
		if strings.TrimSpace(s) == "" {
			*n = Number{err: "a number or an expression is needed here, not empty text"}
			return nil
		}
		if isoDate.MatchString(s) {
			*n = Number{date: s}
			return nil
		}
		if yamlNumber.MatchString(s) {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				if f == 0 {
					*n = Number{err: s + " is below the smallest number a file can give (about 5e-324); write 0"}
				} else {
					*n = Number{err: s + " is beyond the largest number a file can give (about 1.8e308)"}
				}
				return nil
			}
			*n = Number{Value: f}
			return nil
		}
		*n = Number{Expr: s}
		return nil
	}
	if f, ok := number(x); ok {
		*n = Number{Value: f}
		return nil
	}
	*n = Number{err: "a number or an expression over parameters is needed here"}
	return nil
}

// MarshalYAML writes the literal or the expression.
func (n Number) MarshalYAML() (any, error) {
	if n.Expr != "" {
		return n.Expr, nil
	}
	return n.Value, nil
}

// MarshalJSON writes the literal or the expression.
func (n Number) MarshalJSON() ([]byte, error) {
	if n.Expr != "" {
		return []byte(strconv.Quote(n.Expr)), nil
	}
	if math.IsNaN(n.Value) || math.IsInf(n.Value, 0) {
		return nil, fmt.Errorf("%v cannot be written in JSON", n.Value)
	}
	return []byte(strconv.FormatFloat(n.Value, 'g', -1, 64)), nil
}

func (n Number) String() string {
	if n.Expr != "" {
		return n.Expr
	}
	return strconv.FormatFloat(n.Value, 'g', -1, 64)
}

// paramEnv is what parameter expressions resolve against: the declared
// parameters and their defaults.
type paramEnv struct {
	index    map[string]int
	defaults []float64
}

// paramFunc is a compiled parameter expression over the values of the
// parameters it names (args, in the order of names).
type paramFunc func(args []float64) float64

// compileNum compiles a file Number into a param.Num.
func (pe *paramEnv) compileNum(n Number) (param.Num, error) {
	if n.err != "" {
		return param.Num{}, fmt.Errorf("%s", n.err)
	}
	if n.date != "" {
		return param.Num{}, fmt.Errorf("%s is a date, and a number is needed here (dates stand for days in by, from, to, day, at and at.day)", n.date)
	}
	if n.Expr == "" {
		return param.Const(n.Value), nil
	}
	tree, err := parser.Parse(n.Expr)
	if err != nil {
		if fe, ok := err.(*file.Error); ok {
			return param.Num{}, &exprError{col: fe.Column + 1, msg: fe.Message}
		}
		return param.Num{}, err
	}
	if id, ok := tree.Node.(*ast.IdentifierNode); ok {
		if _, known := pe.index[id.Value]; !known {
			if len(pe.index) == 0 {
				return param.Num{}, fmt.Errorf("a number is needed here, not text (%q is not a parameter: the file declares none)", id.Value)
			}
			return param.Num{}, fmt.Errorf("a number is needed here, or a parameter: %q is not one%s", id.Value, names.DidYouMean(id.Value, pe.names()))
		}
	}
	var used []string
	slot := map[string]int{}
	f, err := pe.node(tree.Node, func(name string) int {
		if k, ok := slot[name]; ok {
			return k
		}
		slot[name] = len(used)
		used = append(used, name)
		return slot[name]
	})
	if err != nil {
		return param.Num{}, err
	}
	if len(used) == 0 {
		// No parameter: a constant written as an expression.
		c := f(nil)
		return param.Num{Value: c, Text: n.Expr, Eval: func([]float64) float64 { return c }}, nil
	}
	return param.Formula(n.Expr, f, used...), nil
}

// at evaluates a Num at the parameters' defaults.
func (pe *paramEnv) at(n param.Num) float64 {
	if n.Eval == nil {
		return n.Value
	}
	args := make([]float64, len(n.Params))
	for i, p := range n.Params {
		args[i] = pe.defaults[pe.index[p]]
	}
	return n.Eval(args)
}

// node compiles a numeric expression over parameters: numbers, parameter
// names, + - * / and unary -, parentheses, abs, min, max, exp, log, sqrt
// and pow.
func (pe *paramEnv) node(n ast.Node, slot func(string) int) (paramFunc, error) {
	konst := func(c float64) (paramFunc, error) {
		return func([]float64) float64 { return c }, nil
	}
	switch x := n.(type) {
	case *ast.IntegerNode:
		return konst(float64(x.Value))
	case *ast.FloatNode:
		return konst(x.Value)
	case *ast.IdentifierNode:
		if _, ok := pe.index[x.Value]; !ok {
			return nil, errAt(n, "unknown parameter %q%s", x.Value, names.DidYouMean(x.Value, pe.names()))
		}
		k := slot(x.Value)
		return func(a []float64) float64 { return a[k] }, nil
	case *ast.UnaryNode:
		f, err := pe.node(x.Node, slot)
		if err != nil {
			return nil, err
		}
		switch x.Operator {
		case "-":
			return func(a []float64) float64 { return -f(a) }, nil
		case "+":
			return f, nil
		}
		return nil, errAt(n, "%s is not an operator on numbers", x.Operator)
	case *ast.BinaryNode:
		f, err := pe.node(x.Left, slot)
		if err != nil {
			return nil, err
		}
		g, err := pe.node(x.Right, slot)
		if err != nil {
			return nil, err
		}
		var h paramFunc
		switch x.Operator {
		case "+":
			h = func(a []float64) float64 { return f(a) + g(a) }
		case "-":
			h = func(a []float64) float64 { return f(a) - g(a) }
		case "*":
			h = func(a []float64) float64 { return f(a) * g(a) }
		case "/":
			h = func(a []float64) float64 { return f(a) / g(a) }
		case "**", "^":
			h = func(a []float64) float64 { return fmath.Pow(f(a), g(a)) }
		default:
			return nil, errAt(n, "%s is not an operator of parameter expressions (+ - * / **)", x.Operator)
		}
		return h, nil
	case *ast.BuiltinNode:
		return pe.call(n, x.Name, x.Arguments, slot)
	case *ast.CallNode:
		id, ok := x.Callee.(*ast.IdentifierNode)
		if !ok {
			return nil, errAt(n, "only named functions can be called")
		}
		return pe.call(n, id.Value, x.Arguments, slot)
	}
	what := "this construct"
	if str, ok := n.(*ast.StringNode); ok {
		what = fmt.Sprintf("text (%q)", str.Value)
	}
	return nil, errAt(n, "%s is not part of a parameter expression (numbers, parameters, + - * / **, abs, min, max, exp, log, sqrt)", what)
}

func (pe *paramEnv) call(n ast.Node, name string, args []ast.Node, slot func(string) int) (paramFunc, error) {
	fs := make([]paramFunc, len(args))
	for i, arg := range args {
		f, err := pe.node(arg, slot)
		if err != nil {
			return nil, err
		}
		fs[i] = f
	}
	want := 1
	if name == "min" || name == "max" || name == "pow" {
		want = 2
	}
	var h paramFunc
	switch name {
	case "abs":
		h = func(a []float64) float64 { return math.Abs(fs[0](a)) }
	case "exp":
		h = func(a []float64) float64 { return fmath.Exp(fs[0](a)) }
	case "log":
		h = func(a []float64) float64 { return fmath.Log(fs[0](a)) }
	case "sqrt":
		h = func(a []float64) float64 { return math.Sqrt(fs[0](a)) }
	case "min":
		h = func(a []float64) float64 { return math.Min(fs[0](a), fs[1](a)) }
	case "max":
		h = func(a []float64) float64 { return math.Max(fs[0](a), fs[1](a)) }
	case "pow":
		h = func(a []float64) float64 { return fmath.Pow(fs[0](a), fs[1](a)) }
	default:
		return nil, errAt(n, "unknown function %q in a parameter expression (abs, min, max, exp, log, sqrt, pow)", name)
	}
	if len(args) != want {
		return nil, errAt(n, "%s takes %d argument(s), got %d", name, want, len(args))
	}
	return h, nil
}

func (pe *paramEnv) names() []string {
	out := make([]string, len(pe.index))
	for name, i := range pe.index {
		out[i] = name
	}
	return out
}

// parameters declares the file's parameters and returns their handles for
// world expressions.
func (f *File) parameters(bd *builder) map[string]scenario.Param {
	bd.pe = &paramEnv{index: map[string]int{}}
	out := map[string]scenario.Param{}
	for i, p := range f.Parameters {
		path := fmt.Sprintf("parameters[%d]", i)
		switch {
		case !identifier.MatchString(p.Name):
			bd.add(path+".name", "%q is not a name expressions can use (letters, digits, _)", p.Name)
		case reserved[p.Name] != "":
			bd.add(path+".name", "%q is %s in expressions; choose another name", p.Name, reserved[p.Name])
		}
		sp := param.Parameter{Name: p.Name, Description: p.Description, Default: p.Default}
		switch len(p.Range) {
		case 0:
		case 2:
			sp.Min, sp.Max = p.Range[0], p.Range[1]
			if !(sp.Min < sp.Max) {
				bd.add(path+".range", "needs [min, max] with min < max, got %v", p.Range)
				sp.Min, sp.Max = 0, 0
			}
		default:
			bd.add(path+".range", "needs two numbers, [min, max], got %d", len(p.Range))
		}
		if v := p.Prior; v != nil {
			switch {
			case v.err != "":
				bd.add(path+".prior", "%s", v.err)
			case v.Dist == "":
				bd.add(path+".prior", "a prior is a distribution, {dist: ...}")
			case slices.ContainsFunc(slices.Collect(maps.Values(v.Params)), func(n Number) bool { return n.Expr != "" }):
				// Not compiled: the expression would be reported again, as
				// naming no parameter, while the parameters are declared.
				bd.add(path+".prior", "a prior's parameters are numbers, not parameters or expressions")
			default:
				d, _, ok := bd.distribution(path+".prior", v)
				if ok {
					sp.Prior = d
				}
			}
		}
		if _, dup := bd.pe.index[p.Name]; !dup {
			bd.pe.index[p.Name] = len(bd.pe.defaults)
			bd.pe.defaults = append(bd.pe.defaults, sp.Usable())
		}
		out[p.Name] = bd.b.Param(sp)
	}
	return out
}

// DescribeDistribution says a distribution as files write it, such as
// "beta(alpha 5, beta 5)"; a distribution files cannot name is given by
// its Go type.
func DescribeDistribution(d distuv.Quantiler) string {
	name, xs, ok := distValues(d)
	if !ok {
		return fmt.Sprintf("%T", d)
	}
	parts := make([]string, len(xs))
	for i, x := range xs {
		parts[i] = distParams(name)[i] + " " + strconv.FormatFloat(x, 'g', -1, 64)
	}
	return name + "(" + strings.Join(parts, ", ") + ")"
}

// canonical converts a distribution's parameters, as given in one of its
// forms, to gonum's: gamma's mean and sd to alpha and beta, and so on. The
// conversion is a formula over the parameters the given numbers depend
// on, evaluated whenever they are bound.
func canonical(dist string, form int, in []param.Num) []param.Num {
	if form == 0 {
		return in
	}
	a, b := param.Num{}, param.Num{}
	if len(in) > 0 {
		a = in[0]
	}
	if len(in) > 1 {
		b = in[1]
	}
	switch dist + "/" + strings.Join(distForms[dist][form], ",") {
	case "exponential/mean":
		return []param.Num{derive("1 / %s", func(x []float64) float64 { return 1 / x[0] }, a)}
	case "gamma/shape,rate":
		return []param.Num{a, b}
	case "gamma/shape,scale":
		return []param.Num{a, derive("1 / %s", func(x []float64) float64 { return 1 / x[0] }, b)}
	case "gamma/mean,sd":
		return []param.Num{
			derive("%s**2 / %s**2", func(x []float64) float64 { return x[0] * x[0] / (x[1] * x[1]) }, a, b),
			derive("%s / %s**2", func(x []float64) float64 { return x[0] / (x[1] * x[1]) }, a, b),
		}
	case "beta/mean,sd":
		// nu = m(1-m)/s^2 - 1; alpha = m nu, beta = (1-m) nu.
		return []param.Num{
			derive("%[1]s * (%[1]s * (1 - %[1]s) / %[2]s**2 - 1)", func(x []float64) float64 { return x[0] * (x[0]*(1-x[0])/(x[1]*x[1]) - 1) }, a, b),
			derive("(1 - %[1]s) * (%[1]s * (1 - %[1]s) / %[2]s**2 - 1)", func(x []float64) float64 { return (1 - x[0]) * (x[0]*(1-x[0])/(x[1]*x[1]) - 1) }, a, b),
		}
	case "lognormal/mean,sd":
		// sigma^2 = ln(1 + s^2/m^2); mu = ln m - sigma^2/2.
		return []param.Num{
			derive("log(%[1]s) - log(1 + %[2]s**2 / %[1]s**2) / 2", func(x []float64) float64 { return fmath.Log(x[0]) - float64(fmath.Log1p(x[1]*x[1]/(x[0]*x[0]))/2) }, a, b),
			derive("sqrt(log(1 + %[2]s**2 / %[1]s**2))", func(x []float64) float64 { return math.Sqrt(fmath.Log1p(x[1] * x[1] / (x[0] * x[0]))) }, a, b),
		}
	case "lognormal/median,sigma":
		return []param.Num{derive("log(%s)", func(x []float64) float64 { return fmath.Log(x[0]) }, a), b}
	}
	// weibull/shape,scale and normal/mean,sd name gonum's parameters otherwise.
	return in
}

// derive is a Num computed by f from the values of in, with the text
// format filled in with theirs (in parentheses).
func derive(format string, f func(x []float64) float64, in ...param.Num) param.Num {
	texts := make([]any, len(in))
	constant := true
	for i, n := range in {
		texts[i] = "(" + n.String() + ")"
		constant = constant && n.IsConst()
	}
	text := fmt.Sprintf(format, texts...)
	if constant {
		xs := make([]float64, len(in))
		for i, n := range in {
			xs[i] = n.Value
		}
		return param.Num{Value: f(xs)}
	}
	var params []string
	for _, n := range in {
		params = append(params, n.Params...)
	}
	return param.Formula(text, func(args []float64) float64 {
		xs := make([]float64, len(in))
		k := 0
		for i, n := range in {
			if n.IsConst() {
				xs[i] = n.Value
				continue
			}
			xs[i] = n.Eval(args[k : k+len(n.Params)])
			k += len(n.Params)
		}
		return f(xs)
	}, params...)
}

// readsWorld reports whether an expression names a variable, an agreed
// value, the day or an actor's number.
func (bd *builder) readsWorld(text string) bool {
	tree, err := parser.Parse(text)
	if err != nil || bd.env == nil {
		return false
	}
	found := false
	ast.Find(tree.Node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.IdentifierNode:
			_, isVar := bd.env.vars[x.Value]
			found = found || isVar || x.Value == "day"
		case *ast.MemberNode:
			found = true // agreed.<issue>
		case *ast.CallNode:
			if id, ok := x.Callee.(*ast.IdentifierNode); ok && slices.Contains([]string{"ideal", "salience", "lo", "hi", "capability"}, id.Value) {
				found = true
			}
		}
		return false
	})
	return found
}
