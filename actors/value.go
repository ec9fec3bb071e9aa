package actors

import (
	"fmt"
	"strconv"

	"gonum.org/v1/gonum/stat/distuv"
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
// run's own random stream. The zero Value is "unset": the field's documented
// default applies.
type Value struct {
	kind    valueKind
	x       float64
	dist    Distribution
	values  []float64
	weights []float64
}

// Fixed is a number known for certain.
func Fixed(x float64) Value { return Value{kind: fixedValue, x: x} }

// Prior is a number drawn in each run from d, for example
// Prior(distuv.Beta{Alpha: 2, Beta: 3}). The distribution's support must lie
// within the field's range.
func Prior(d Distribution) Value { return Value{kind: priorValue, dist: d} }

// Choice is a number drawn in each run from a discrete set of values with
// the given weights (which need not sum to 1).
func Choice(values, weights []float64) Value {
	return Value{kind: choiceValue, values: append([]float64(nil), values...), weights: append([]float64(nil), weights...)}
}

// IsSet reports whether the Value was given.
func (v Value) IsSet() bool { return v.kind != unset }

func (v Value) String() string {
	switch v.kind {
	case fixedValue:
		return strconv.FormatFloat(v.x, 'g', -1, 64)
	case priorValue:
		return fmt.Sprintf("prior %T%+v", v.dist, v.dist)
	case choiceValue:
		return fmt.Sprintf("choice of %v with weights %v", v.values, v.weights)
	}
	return "unset"
}

// Number returns the number of a Fixed value.
func (v Value) Number() (float64, bool) { return v.x, v.kind == fixedValue }

// Distribution returns the distribution of a Prior value.
func (v Value) Distribution() (Distribution, bool) { return v.dist, v.kind == priorValue }

// Choices returns the values and weights of a Choice value.
func (v Value) Choices() (values, weights []float64, ok bool) {
	if v.kind != choiceValue {
		return nil, nil, false
	}
	return append([]float64(nil), v.values...), append([]float64(nil), v.weights...), true
}
