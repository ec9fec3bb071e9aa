package actors

import (
	"fmt"

	"github.com/parleysim/parley/internal/sample"
)

// ValueSpec describes a Value in plain data: Number for a fixed value, Dist
// and Params for a prior, Choice and Weights for a discrete one.
type ValueSpec struct {
	Number  *float64
	Dist    string
	Params  map[string]float64
	Choice  []float64
	Weights []float64
}

// Spec describes the Value; nil for an unset one. A prior whose
// distribution has no name in scenario files cannot be described.
func (v Value) Spec() (*ValueSpec, error) {
	switch v.kind {
	case unset:
		return nil, nil
	case fixedValue:
		x := v.x
		return &ValueSpec{Number: &x}, nil
	case choiceValue:
		return &ValueSpec{Choice: v.values, Weights: v.weights}, nil
	}
	name, params, ok := sample.Describe(v.dist)
	if !ok {
		return nil, fmt.Errorf("prior %T has no name in scenario files", v.dist)
	}
	return &ValueSpec{Dist: name, Params: params}, nil
}

// RuleSpec describes a built-in rule in plain data: "always",
// "zone_of_agreement", "reservation_value", or a one-key map such as
// {"var_at_least": {"var": "prepared", "value": 1}} or {"all": [...]}. A
// RuleFunc cannot be described.
func RuleSpec(r Rule) (any, error) {
	switch x := r.(type) {
	case always:
		return "always", nil
	case zoneRule:
		return "zone_of_agreement", nil
	case reservationRule:
		return "reservation_value", nil
	case varRule:
		key := "var_at_most"
		if x.atLeast {
			key = "var_at_least"
		}
		return map[string]any{key: map[string]any{"var": x.name, "value": x.bound}}, nil
	case allRules, anyRules:
		key, rs := "all", []Rule(nil)
		if a, ok := x.(allRules); ok {
			rs = a
		} else {
			key, rs = "any", x.(anyRules)
		}
		list := make([]any, len(rs))
		for i, r := range rs {
			s, err := RuleSpec(r)
			if err != nil {
				return nil, err
			}
			list[i] = s
		}
		return map[string]any{key: list}, nil
	}
	return nil, fmt.Errorf("rule %T is a Go function and cannot be described", r)
}

// Issues returns the model's issues in order.
func (m *Model) Issues() []Issue { return append([]Issue(nil), m.issues...) }

// Actors returns the model's actors as given, in order.
func (m *Model) Actors() []Actor { return append([]Actor(nil), m.actors...) }

// Positions returns the positions as given, in order.
func (m *Model) Positions() []Position { return append([]Position(nil), m.positions...) }
