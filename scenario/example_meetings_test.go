package scenario_test

import (
	"fmt"
	"math/rand/v2"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// A meeting is a transition with participants, each of whom must accept,
// and an agenda bargained over when it is held. Here Russia declines until
// officials have prepared the meeting, and the meeting is retried three
// days after a decline; the agreed value becomes the world variable
// agreed.territory.
func ExampleTransitionDef_Participants() {
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}},
		[]actors.Actor{
			{ID: "UA", Accept: actors.Always{}},
			{ID: "RU", Accept: scenario.When{Guard: scenario.Condition{Text: "prepared >= 1"}}},
		},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Hi: actors.Fixed(0.6)},
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(1), Lo: actors.Fixed(0.3)},
		})
	if err != nil {
		fmt.Println(err)
		return
	}
	b := scenario.New("talks").States("arranged").Start("arranged").Horizon(30)
	b.State("bilateral").Absorbing()
	b.Actors(m)
	b.Var("prepared", param.Const(0))
	b.Transition("arranged", "bilateral").Delay(scenario.Days(2)).
		Participants("RU", "UA").
		Agenda(actors.NashSolution{}, "territory").
		OnDecline(scenario.AfterDecline{Retry: scenario.Days(3)})
	b.Event("officials-prepare").Occurs(scenario.On(4, 1)).Do(scenario.Assign("prepared", "1"))
	sc, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	tr := sc.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(1, 2)))
	for _, d := range tr.Declines {
		fmt.Printf("day %g: actor %d declines\n", d.Day, d.Actor)
	}
	for _, a := range tr.Agreements {
		fmt.Printf("day %g: territory agreed at %.2f\n", a.Day, a.Value)
	}
	fmt.Println(sc.StateName(tr.Final()), "on day", tr.EndDay)
	// Output:
	// day 2: actor 1 declines
	// day 5: territory agreed at 0.50
	// bilateral on day 5
}
