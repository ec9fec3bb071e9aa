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

// A participant may have a rule for one meeting alone. The North asks for
// something worth signing before a first summit; at the second it meets
// without it. Its own rule declines the first summit in every run; the
// second summit's rule accepts.
func ExampleTransitionBuilder_Accept() {
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "denuclearisation", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "US"}, {ID: "DPRK", Accept: scenario.When{Guard: scenario.Condition{Text: "deal >= 1"}}}},
		[]actors.Position{
			{Actor: "US", Issue: "denuclearisation", Ideal: actors.Fixed(1)},
			{Actor: "DPRK", Issue: "denuclearisation", Ideal: actors.Fixed(0.2)},
		})
	if err != nil {
		fmt.Println(err)
		return
	}
	b := scenario.New("two summits").States("talks", "stalled").Start("talks").Horizon(90).Actors(m)
	b.State("summit").Absorbing()
	b.Var("deal", param.Const(0))
	b.Transition("talks", "summit").Named("first summit").Delay(scenario.Exp(0.1)).Participants("US", "DPRK")
	b.Transition("talks", "stalled").Delay(scenario.Exp(0.05))
	b.Transition("stalled", "summit").Named("second summit").Delay(scenario.Exp(0.1)).
		Participants("US", "DPRK").Accept("DPRK", actors.Always{})
	sc, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, mt := range sc.Meetings() {
		if mt.Held {
			fmt.Printf("%s: DPRK accepts by %v (its own rule for this meeting: %t)\n", mt.Name, mt.Rules[1], mt.Own[1])
		}
	}
	tr := sc.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(1, 2)))
	fmt.Println("path:", sc.StateName(tr.Steps[1].State), "then", sc.StateName(tr.Final()))
	// Output:
	// first summit: DPRK accepts by when deal >= 1 (its own rule for this meeting: false)
	// second summit: DPRK accepts by always (its own rule for this meeting: true)
	// path: stalled then summit
}
