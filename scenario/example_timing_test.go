package scenario_test

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// A summit held on the day the world says: announced on day 3 for day
// 20, then postponed by a week on day 10. The move's day is computed
// again when the postponement changes the world.
func ExampleAt() {
	b := scenario.New("announced").States("talks").Start("talks").Horizon(60)
	b.State("summit").Absorbing()
	b.Var("summit_day", param.Const(0))
	b.Var("announced", param.Const(0))
	b.Transition("talks", "summit").Delay(scenario.At{Day: param.Expr("summit_day")}).
		When(scenario.Condition{Text: "announced == 1"})
	b.Event("announce").Occurs(scenario.On(3, 1)).
		Do(scenario.Assign("summit_day", "day + 17"), scenario.Assign("announced", "1"))
	b.Event("postpone").Occurs(scenario.On(10, 1)).Do(scenario.Assign("summit_day", "summit_day + 7"))
	sc, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	tr := sc.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(1, 2)))
	fmt.Println(sc.StateName(tr.Final()), "on day", tr.EndDay)
	// Output: summit on day 27
}

// A hazard that reads the world: the talks reach a deal at 0.05 a day,
// twice that once trust is built; the clock is drawn again at the new
// rate when trust changes.
func ExampleExp_world() {
	b := scenario.New("hazard").States("talks").Start("talks").Horizon(90)
	b.State("deal").Absorbing()
	b.Var("trust", param.Const(0))
	b.Transition("talks", "deal").Delay(scenario.Exp(param.Expr("0.05 * (1 + trust)")))
	b.Event("confidence-building").Occurs(scenario.On(10, 1)).Do(scenario.Assign("trust", "1"))
	sc, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(sc.TransitionDelay(0).Text)
	// Output: rate 0.05 * (1 + trust)
}

// Claims that combine statements: "a first summit before any missile
// test", "a second summit within 30 days of the first", and both.
func ExampleWithin() {
	inf := math.Inf(1)
	first, second := scenario.Entered("first", 0, inf), scenario.Entered("second", 0, inf)
	test := scenario.Occurred("missile test", 0, inf)
	b := scenario.New("summits").States("talks", "first").Start("talks").Horizon(90)
	b.State("second").Absorbing()
	b.Transition("talks", "first").Delay(scenario.Days(10))
	b.Transition("first", "second").Delay(scenario.Days(25))
	b.Event("missile test").Occurs(scenario.On(20, 1))
	b.Claim(scenario.Before(first, test).Named("summit-before-test"))
	b.Claim(scenario.Within(first, second, 30).Named("second-soon"))
	b.Claim(scenario.AllOf(scenario.Before(first, test), scenario.Within(first, second, 30)).Named("both"))
	sc, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	tr := sc.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(1, 2)))
	for i, c := range sc.Claims() {
		fmt.Printf("%s: %v\n", c.Description, sc.ClaimHolds(i, tr))
	}
	// Output:
	// (first reached) before (missile test occurred): true
	// (second reached) within 30 days after (first reached): true
	// all of ((first reached) before (missile test occurred); (second reached) within 30 days after (first reached)): true
}
