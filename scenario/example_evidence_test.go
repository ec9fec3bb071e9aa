package scenario_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/parleysim/parley/scenario"
)

// From starts the runs where the negotiation stands now: on day 10, in
// arranged since day 6.
func ExampleScenario_From() {
	b := scenario.New("summit").States("call", "arranged").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(0.2))
	b.Transition("call", "stalled").Delay(scenario.Exp(0.05))
	b.Transition("arranged", "bilateral").Delay(scenario.Days(7))
	b.Transition("arranged", "stalled").Delay(scenario.Exp(0.05))
	sc, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	now, err := sc.From(scenario.Now{Day: 10, Path: []scenario.Visit{{State: "call", Day: 0}, {State: "arranged", Day: 6}}})
	if err != nil {
		fmt.Println(err)
		return
	}
	tr := now.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(1, 2)))
	for _, s := range tr.Steps {
		fmt.Printf("day %g: %s\n", s.Day, now.StateName(s.State))
	}
	// Output:
	// day 0: call
	// day 6: arranged
	// day 13: bilateral
}

// Observations say what is known of a run's course; Evidence tells which
// runs are consistent with them.
func ExampleScenario_Observe() {
	b := scenario.New("summit").States("call", "arranged").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Days(3))
	b.Transition("arranged", "bilateral").Delay(scenario.Days(9))
	sc, _ := b.Build()
	ev, err := sc.Observe([]scenario.Statement{
		scenario.Entered("arranged", 0, 7),            // arranged within the first week
		scenario.Entered("bilateral", 0, 10).Negate(), // no meeting by day 10
		scenario.InState("arranged", 5),               // arranged on day 5
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	tr := sc.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(1, 2)))
	for i := range ev.Len() {
		fmt.Printf("%v: %t\n", ev.Observation(i), ev.HoldsOne(i, tr))
	}
	fmt.Println("consistent:", ev.Holds(tr))
	// Output:
	// arranged entered by day 7: true
	// bilateral not entered by day 10: true
	// in arranged at day 5: true
	// consistent: true
}
