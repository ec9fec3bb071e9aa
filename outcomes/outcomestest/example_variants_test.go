package outcomestest_test

import (
	"fmt"
	"strings"

	"github.com/parleysim/parley/outcomes/outcomestest"
	"github.com/parleysim/parley/scenario"
)

// talks builds a small Markovian scenario with the given rate at which a
// meeting is arranged.
func talks(arrange float64) *scenario.Scenario {
	b := scenario.New("talks").States("call", "arranged").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(arrange))
	b.Transition("call", "stalled").Delay(scenario.Exp(0.05))
	b.Transition("arranged", "bilateral").Delay(scenario.Exp(0.2))
	b.Transition("arranged", "stalled").Delay(scenario.Exp(0.05))
	b.Route("us-proposal", "call", "arranged", "bilateral")
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz"))
	sc, err := b.Build()
	if err != nil {
		panic(err)
	}
	return sc
}

// RunsFor gives the runs a test needs so that an error larger than the
// margin is caught at the confidence level: about 27,000 for 0.02 at
// 99.9%, four times as many for half the margin.
func ExampleRunsFor() {
	fmt.Println(outcomestest.RunsFor(0.02, 0.999), outcomestest.RunsFor(0.01, 0.999))
	// Output: 27069 108276
}

// AgreesWithExact runs a Markovian scenario by Monte Carlo and checks every
// probability against its exact value; SameResult checks that two
// scenarios (one built in Go, one loaded from a file, say) give the same
// Result for the same seed. In a user's test, pass the test's *testing.T;
// here a recorder stands in for it.
func ExampleAgreesWithExact() {
	t := &recorder{}
	fmt.Println(outcomestest.AgreesWithExact(t, talks(0.2), &outcomestest.Options{Runs: 20_000}))
	fmt.Println(outcomestest.SameResult(t, talks(0.2), talks(0.2), &outcomestest.Options{Runs: 20_000}))
	fmt.Println(len(t.failures), "failures")
	// Output:
	// true
	// true
	// 0 failures
}

// Compare runs two variants with the same seed and asserts on their
// differences, with Newcombe's interval at the test's confidence: arranging
// meetings three times as fast raises P(summit by day 14) by more than 0.2,
// and the second assertion, that it does not, fails.
func ExampleCompare() {
	t := &recorder{}
	v := outcomestest.Compare(t, talks(0.1), talks(0.3), &outcomestest.Options{Runs: 20_000})
	fmt.Println(v.DiffAbove("claim:merz", 0.2))
	fmt.Println(v.DiffBelow("claim:merz", 0.2))
	for _, f := range t.failures {
		fmt.Println(f[strings.Index(f, "Error:"):])
	}
	// Output:
	// true
	// false
	// Error:      	outcomestest: B - A is not below 0.2
	// 	Messages:   	claim:merz: A 0.39410, B 0.62740, B - A +0.23330, 99.9% interval [+0.21722, +0.24920], 20000 runs each, seed 1
}
