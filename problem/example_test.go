package problem_test

import (
	"errors"
	"fmt"

	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/problem"
	"github.com/parleysim/parley/scenario"
)

// A definition with two mistakes: Build reports both in one error, and
// each problem says which part is at fault by kind, index and field key, so
// that a tool can point at it without reading its words.
func Example() {
	b := scenario.New("talks").States("call", "met").Start("call").Horizon(30)
	b.Transition("call", "mett").Delay(scenario.Exp(0.1))
	b.Transition("met", "call").Delay(scenario.Exp(param.P("pace")))
	_, err := b.Build()

	var pe *problem.Error
	if errors.As(err, &pe) {
		fmt.Println(errors.Is(err, scenario.ErrDefinition))
		for _, p := range pe.Problems {
			fmt.Printf("%s #%d %s: %s\n", p.Part, p.Index, p.Field, p.Msg)
		}
	}
	// Output:
	// true
	// transition #0 to: unknown state "mett" (did you mean "met"?)
	// transition #1 rate: unknown parameter "pace"
}
