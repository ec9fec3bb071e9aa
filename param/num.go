package param

import (
	"math"
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/internal/sample"
)

// Num is a number that may depend on parameters: a constant (Eval nil,
// Value the number), or a formula over parameters evaluated when they are
// bound, never per run; or an expression the scenario compiles (Eval nil,
// Text the expression), which may read the world where the scenario
// allows it. Make one with Const, P, Formula or Expr.
type Num struct {
	Value  float64                      // the number, when Eval is nil and Text empty
	Text   string                       // how the formula reads, for output and files; empty for a Go function
	Params []string                     // the parameters Eval reads, in the order it receives them
	Eval   func(args []float64) float64 // the formula; args holds the values of Params
}

// Const is a number that depends on no parameter.
func Const(x float64) Num { return Num{Value: x} }

// Number is what a constructor that takes a number accepts: a plain
// float64 or int, or a Num that may read parameters. Constructors generic
// over it (param.Of, scenario.Exp, scenario.Days, actors.Fixed) take 0.1
// and P("rate") alike, so that no number has a twin for parameters.
type Number interface {
	float64 | int | Num
}

// Of returns x as a Num: a constant for a float64 or an int, x itself for
// a Num.
func Of[T Number](x T) Num {
	switch n := any(x).(type) {
	case Num:
		return n
	case int:
		return Const(float64(n))
	}
	return Const(any(x).(float64))
}

// P is the value of the named parameter.
func P(name string) Num {
	return Num{Text: name, Params: []string{name}, Eval: func(args []float64) float64 { return args[0] }}
}

// Formula is a number computed by eval from the values of the named
// parameters, in that order; text says how it reads.
func Formula(text string, eval func(args []float64) float64, params ...string) Num {
	return Num{Text: text, Params: params, Eval: eval}
}

// Expr is a number given by an expression in the scenario's expression
// language, which the scenario that holds it compiles. Over numbers and
// parameters it is a formula of parameters, usable wherever a Num is; a
// transition's rate, the parameters of its delay distribution and its
// scheduled day may also read the world (variables, agreed values, the
// day): Expr("0.02 * (1 + trust)"), Expr("summit_day").
func Expr(text string) Num { return Num{Text: text} }

// IsConst reports whether n depends on no parameter and is no expression.
func (n Num) IsConst() bool { return n.Eval == nil && n.Text == "" }

func (n Num) String() string {
	if n.IsConst() {
		return strconv.FormatFloat(n.Value, 'g', -1, 64)
	}
	if n.Text != "" {
		return n.Text
	}
	return "f(" + strings.Join(n.Params, ", ") + ")"
}

// Dist is a distribution from one of gonum's families whose parameters are
// Nums: Family gives the family by its type (distuv.Exponential, Uniform,
// Gamma, Beta, LogNormal, Weibull or Normal; its field values are ignored)
// and Params its parameters in the order of its fields, such as
// Dist{distuv.Gamma{}, []Num{P("shape"), Const(0.5)}}.
type Dist struct {
	Family distuv.Quantiler
	Params []Num
}

// Bind returns the distribution of d's family with its parameters at
// values, in the order of Params; nil for a family other than the seven.
func (d Dist) Bind(values []float64) distuv.Quantiler {
	at := func(i int) float64 {
		if i < len(values) {
			return values[i]
		}
		return math.NaN()
	}
	k, _, ok := sample.Family(d.Family)
	if !ok {
		return nil
	}
	return sample.Distribution(k, at(0), at(1))
}

// IsConst reports whether every parameter of d is a constant.
func (d Dist) IsConst() bool {
	for _, n := range d.Params {
		if !n.IsConst() {
			return false
		}
	}
	return true
}

// Constant returns the distribution when every parameter of d is a
// constant; nil while one depends on parameters, or for a family other than
// the seven.
func (d Dist) Constant() distuv.Quantiler {
	if !d.IsConst() {
		return nil
	}
	values := make([]float64, len(d.Params))
	for i, n := range d.Params {
		values[i] = n.Value
	}
	return d.Bind(values)
}

// Quantile is the p-quantile of d when every parameter is a constant, so
// that a Dist is a distribution wherever one is asked for; NaN while a
// parameter is unbound (the scenario that holds d binds it), for p outside
// [0, 1], or for a family other than the seven.
func (d Dist) Quantile(p float64) float64 {
	b := d.Constant()
	if b == nil || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	// parley's own quantiles: checked parameters, the same bits on every
	// machine, and no search that can run for ever.
	s, err := sample.Compile(b)
	if err != nil {
		return math.NaN()
	}
	return s.Quantile(p)
}
