package scenario_test

import (
	"fmt"

	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// A Definition is plain data: write one as a literal, build it, take it
// back from the Scenario, change a part and build again.
func ExampleDefinition_Build() {
	d := scenario.Definition{
		Name: "call", Start: "call", Horizon: 30,
		Parameters: []param.Parameter{{Name: "pace", Default: 0.1, Min: 0.01, Max: 1}},
		States:     []scenario.StateDef{{Name: "call"}, {Name: "met", Absorbing: true}},
		Transitions: []scenario.TransitionDef{
			{From: "call", To: "met", Delay: scenario.Exp(param.P("pace"))},
		},
		Claims: []scenario.Statement{scenario.Entered("met", 0, 14).Named("met-by-14")},
	}
	sc, err := d.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	again := sc.Definition()
	again.Transitions[0].Delay = scenario.Days(7)
	fixed, err := again.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sc.Definition().Transitions[0].Delay, fixed.TransitionDelay(0).Mean)

	d.Transitions[0].To = "mett"
	_, err = d.Build()
	fmt.Println(err)
	// Output:
	// {pace} 7
	// scenario "call": transition "call->mett": to: unknown state "mett" (did you mean "met"?)
}
