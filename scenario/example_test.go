package scenario_test

import (
	"fmt"
	"math/rand/v2"
	"os"

	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

func ExampleBuilder() {
	b := scenario.New("summit").States("call", "arranged").Start("call").Horizon(60)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Days(2))
	b.Transition("arranged", "bilateral").Delay(scenario.Days(9))
	b.Transition("arranged", "stalled").Delay(scenario.Days(30))
	b.Transition("call", "stalld").Delay(scenario.Exp(0.03)) // misspelt
	_, err := b.Build()
	fmt.Println(err)
	// Output:
	// scenario "summit": transition "call->stalld": to: unknown state "stalld" (did you mean "stalled"?)
}

func ExampleRunner_Run() {
	b := scenario.New("summit").States("call", "arranged").Start("call").Horizon(60)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Days(2))
	b.Transition("arranged", "bilateral").Delay(scenario.Days(9))
	b.Transition("arranged", "stalled").Delay(scenario.Days(30))
	b.Event("gesture").Occurs(scenario.On(1, 1)).Do(scenario.Assign("trust", "1"))
	b.Var("trust", param.Const(0))
	sc, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	tr := sc.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(1, 2)))
	for _, s := range tr.Steps {
		fmt.Printf("day %g: %s\n", s.Day, sc.StateName(s.State))
	}
	fmt.Println(tr.End, "on day", tr.EndDay)
	// Output:
	// day 0: call
	// day 2: arranged
	// day 11: bilateral
	// absorbed on day 11
}

func ExampleScenario_WriteDOT() {
	b := scenario.New("tiny").States("call").Start("call").Horizon(10)
	b.State("bilateral").Absorbing()
	b.Transition("call", "bilateral").Delay(scenario.Exp(0.1))
	sc, _ := b.Build()
	sc.WriteDOT(os.Stdout, nil, nil)
	// Output:
	// digraph "tiny" {
	// 	rankdir=LR;
	// 	node [shape=circle];
	// 	0 [label="call", style=bold];
	// 	1 [label="bilateral", shape=doublecircle];
	// 	0 -> 1 [label="call->bilateral\nrate 0.1/day\nmean 10 d, 90% 0.513–30"];
	// }
}

// A claim is a named statement: here that the summit is held within two
// weeks, and its negation, that it is not held within the week.
func ExampleStatement() {
	b := scenario.New("summit").States("call").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.Transition("call", "bilateral").Delay(scenario.Days(10))
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz").Describe("a summit within two weeks"))
	b.Claim(scenario.Entered("bilateral", 0, 7).Negate().Named("not-this-week"))
	sc, _ := b.Build()
	tr := sc.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(1, 2)))
	for i, c := range sc.Claims() {
		fmt.Println(c.Description+":", sc.ClaimHolds(i, tr))
	}
	// Output:
	// a summit within two weeks: true
	// bilateral not reached by day 7: true
}
