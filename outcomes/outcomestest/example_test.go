package outcomestest_test

import (
	"fmt"
	"strings"

	"github.com/parleysim/parley/outcomes/outcomestest"
	"github.com/parleysim/parley/scenario"
)

// In a user's test, pass the test's *testing.T; here a recorder stands in
// for it to show what a failure says. P(bilateral by day 14) is
// (1 - e^-1.54)·0.2/0.22 = 0.714, so the first assertion holds and the
// second fails.
func Example() {
	b := scenario.New("summit").States("call", "arranged").Start("call").Horizon(60)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(0.2))
	b.Transition("call", "stalled").Delay(scenario.Exp(0.02))
	b.Transition("arranged", "bilateral").Delay(scenario.Days(7))
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz"))
	sc, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	t := &recorder{}
	s := outcomestest.Run(t, sc, &outcomestest.Options{Runs: outcomestest.RunsFor(0.02, 0.999), Seed: 1})
	fmt.Println(s.ClaimWithin("merz", 0.7, 0.73))
	fmt.Println(s.ClaimAbove("merz", 0.75))
	for _, f := range t.failures {
		fmt.Println(f[strings.Index(f, "Error:"):])
	}
	// Output:
	// true
	// false
	// Error:      	outcomestest: P is not above 0.75
	// 	Messages:   	claim merz: estimate 0.71303, 99.9% interval [0.70390, 0.72199], 19301 of 27069 runs, seed 1
}
