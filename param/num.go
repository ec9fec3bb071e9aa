package param

import (
	"strconv"
	"strings"

	"gonum.org/v1/gonum/stat/distuv"
)

// Num is a number that may depend on parameters: a constant (Eval nil,
// Value the number), or a formula over parameters evaluated when they are
// bound, never per run. Make one with Const, P or Formula.
type Num struct {
	Value  float64                      // the number, when Eval is nil
	Text   string                       // how the formula reads, for output and files; empty for a Go function
	Params []string                     // the parameters Eval reads, in the order it receives them
	Eval   func(args []float64) float64 // the formula; args holds the values of Params
}

// Const is a number that depends on no parameter.
func Const(x float64) Num { return Num{Value: x} }

// P is the value of the named parameter.
func P(name string) Num {
	return Num{Text: name, Params: []string{name}, Eval: func(args []float64) float64 { return args[0] }}
}

// Formula is a number computed by eval from the values of the named
// parameters, in that order; text says how it reads.
func Formula(text string, eval func(args []float64) float64, params ...string) Num {
	return Num{Text: text, Params: params, Eval: eval}
}

// IsConst reports whether n depends on no parameter.
func (n Num) IsConst() bool { return n.Eval == nil }

func (n Num) String() string {
	if n.Eval == nil {
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
