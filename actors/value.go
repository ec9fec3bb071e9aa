package actors

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/param"
)

type valueKind uint8

const (
	unset valueKind = iota
	fixedValue
	priorValue
	choiceValue
)

// Distribution is what a prior needs of a probability distribution: its
// quantile function. Every continuous distribution in gonum's distuv has one:
// Prior(distuv.Beta{Alpha: 2, Beta: 5}). It is gonum's distuv.Quantiler.
type Distribution = distuv.Quantiler

// Value is a number in a model that may be uncertain: a fixed number, or a
// prior from which each run draws its own value once, at its start, from the
// run's own random stream. Any of them may depend on parameters: a fixed
// number that is a param.Num, a prior whose distribution's parameters are,
// a choice whose weights are. The scenario that holds the model binds those
// when its parameters are bound (actors itself knows no parameter values).
// The zero Value is "unset": the field's documented default applies.
type Value struct {
	kind    valueKind
	x       float64
	num     param.Num // for a fixed value that depends on parameters
	dist    Distribution
	values  []float64
	weights []param.Num
}

// Fixed is a number known for certain, or one that depends on parameters:
// Fixed(0.8), Fixed(1), Fixed(param.P("capability_us")).
func Fixed[T param.Number](x T) Value {
	n := param.Of(x)
	if n.IsConst() {
		return Value{kind: fixedValue, x: n.Value}
	}
	return Value{kind: fixedValue, x: math.NaN(), num: n}
}

// Prior is a number drawn in each run from d, for example
// Prior(distuv.Beta{Alpha: 2, Beta: 3}), or, with parameters,
// Prior(param.Dist{Family: distuv.Beta{}, Params: []param.Num{param.P("a"), param.P("b")}}).
// The distribution's support must lie within the field's range.
func Prior(d Distribution) Value {
	if pd, ok := d.(param.Dist); ok {
		if b := pd.Constant(); b != nil {
			d = b
		}
	}
	return Value{kind: priorValue, dist: d}
}

// Choice is a number drawn in each run from a discrete set of values with
// the given weights (which need not sum to 1), which may depend on
// parameters.
func Choice[T param.Number](values []float64, weights []T) Value {
	ws := make([]param.Num, len(weights))
	for i, w := range weights {
		ws[i] = param.Of(w)
	}
	return Value{kind: choiceValue, values: append([]float64(nil), values...), weights: ws}
}

// DependsOnParams reports whether the value reads a parameter: the scenario
// that holds the model binds it.
func (v Value) DependsOnParams() bool {
	switch v.kind {
	case fixedValue:
		return !v.num.IsConst()
	case priorValue:
		pd, ok := v.dist.(param.Dist)
		return ok && !pd.IsConst()
	case choiceValue:
		for _, w := range v.weights {
			if !w.IsConst() {
				return true
			}
		}
	}
	return false
}

// IsSet reports whether the Value was given.
func (v Value) IsSet() bool { return v.kind != unset }

func (v Value) String() string {
	switch v.kind {
	case fixedValue:
		if !v.num.IsConst() {
			return v.num.String()
		}
		return strconv.FormatFloat(v.x, 'g', -1, 64)
	case priorValue:
		return fmt.Sprintf("prior %T%+v", v.dist, v.dist)
	case choiceValue:
		return fmt.Sprintf("choice of %v with weights %v", v.values, v.weights)
	}
	return "unset"
}

// Number returns the number of a Fixed value that depends on no parameter.
func (v Value) Number() (float64, bool) { return v.x, v.kind == fixedValue && v.num.IsConst() }

// Num returns the number of a Fixed value: a constant, or the param.Num it
// depends on.
func (v Value) Num() (param.Num, bool) {
	if v.kind != fixedValue {
		return param.Num{}, false
	}
	if v.num.IsConst() {
		return param.Const(v.x), true
	}
	return v.num, true
}

// Distribution returns the distribution of a Prior value: a param.Dist
// when its parameters depend on parameters.
func (v Value) Distribution() (Distribution, bool) { return v.dist, v.kind == priorValue }

// Choices returns the values and weights of a Choice value.
func (v Value) Choices() (values []float64, weights []param.Num, ok bool) {
	if v.kind != choiceValue {
		return nil, nil, false
	}
	return append([]float64(nil), v.values...), append([]param.Num(nil), v.weights...), true
}
