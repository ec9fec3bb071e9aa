package problem_test

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"

	"github.com/parleysim/parley/problem"
)

var errChecked = errors.New("checked: invalid")

func TestStringHasTwoForms(t *testing.T) {
	p := problem.Problem{Part: problem.Transition, Index: 2, Name: "call->met", Field: "rate", Msg: "must be finite", Hint: "give a number"}
	assert.Equal(t, `transition "call->met": rate: must be finite (give a number)`, p.String())
	p.Origin = problem.Origin{File: "talks.yaml", Line: 12, Column: 5, Path: "transitions[2].rate"}
	assert.Equal(t, `talks.yaml:12:5: transitions[2].rate: must be finite (give a number)`, p.String())
	p.Origin.Line = 0
	assert.Equal(t, `talks.yaml: transitions[2].rate: must be finite (give a number)`, p.String())
	assert.Equal(t, "a message", problem.Problem{Msg: "a message"}.String())
}

func TestErrorListsEveryProblemUpToTheLimit(t *testing.T) {
	one := &problem.Error{Kind: errChecked, Subject: `scenario "x"`, Problems: []problem.Problem{{Part: problem.State, Name: "a", Msg: "unreachable"}}}
	assert.Equal(t, `scenario "x": state "a": unreachable`, one.Error())
	assert.ErrorIs(t, fmt.Errorf("wrapped: %w", one), errChecked)

	var many []problem.Problem
	for i := range problem.Printed + 5 {
		many = append(many, problem.Problem{Part: problem.State, Index: i, Name: fmt.Sprint(i), Msg: "bad"})
	}
	e := &problem.Error{Kind: errChecked, Subject: "s", Problems: many}
	lines := strings.Split(e.Error(), "\n")
	assert.Equal(t, fmt.Sprintf("s: %d problems", len(many)), lines[0])
	assert.Len(t, lines, problem.Printed+2, "the head, the printed problems, and the count of the rest")
	assert.Equal(t, "\t... and 5 more problems, 105 in all", lines[len(lines)-1])

	// With no subject, the problems name their own origin.
	placed := &problem.Error{Kind: errChecked, Problems: []problem.Problem{
		{Msg: "first", Origin: problem.Origin{File: "f.yaml", Line: 1, Column: 1}},
		{Msg: "second", Origin: problem.Origin{File: "f.yaml", Line: 2, Column: 3}},
	}}
	assert.Equal(t, "f.yaml:1:1: first\nf.yaml:2:3: second", placed.Error())
}

func TestErrorSeesThroughToItsCause(t *testing.T) {
	cause := &problem.Error{Kind: errChecked, Subject: "s", Problems: []problem.Problem{{Msg: "x"}}}
	errFile := errors.New("file: invalid")
	placed := &problem.Error{Kind: errFile, Problems: []problem.Problem{{Msg: "x", Origin: problem.Origin{File: "f"}}}, Cause: cause}
	assert.ErrorIs(t, placed, errFile)
	assert.ErrorIs(t, placed, errChecked)
	var pe *problem.Error
	assert.True(t, errors.As(placed, &pe))
	assert.Same(t, placed, pe)
	assert.False(t, (&problem.Error{}).Is(nil), "a zero Error matches nothing")
}
