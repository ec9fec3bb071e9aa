package scenario_test

import (
	"fmt"

	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// A parameter names an assumption; With binds new values without building
// the scenario again, and refuses values outside the declared range.
func ExampleScenario_With() {
	b := scenario.New("summit").States("call").Start("call").Horizon(30)
	b.State("met").Absorbing()
	b.Param(param.Parameter{Name: "pace", Default: 0.1, Min: 0.01, Max: 1,
		Description: "assumption: rate per day at which a meeting is held"})
	b.Transition("call", "met").Delay(scenario.Exp(param.P("pace")))
	sc, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	faster, err := sc.With(map[string]float64{"pace": 0.5})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sc.TransitionDelay(0).Text, "->", faster.TransitionDelay(0).Text)
	_, err = sc.With(map[string]float64{"pace": 2})
	fmt.Println(err)
	// Output:
	// rate 0.1/day -> rate 0.5/day
	// scenario "summit": parameter "pace": value: 2 is outside its range [0.01, 1]
}
