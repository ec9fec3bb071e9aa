package scenariofile_test

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/outcomes/outcomestest"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// everything builds, in Go, a scenario using every part a file can hold.
func everything(t *testing.T) *scenario.Scenario {
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "territory", Name: "territory", Min: 0, Max: 1}, {ID: "prisoners", Min: 0, Max: 2000, Units: "prisoners"}},
		[]actors.Actor{
			{ID: "UA", Capability: actors.Fixed(0.4), Accept: actors.Always{}},
			{ID: "RU", Capability: actors.Fixed(0.8), Reservation: actors.Prior(distuv.Beta{Alpha: 2, Beta: 4}),
				Discount: actors.Fixed(0.85), Risk: actors.Fixed(1),
				Accept: actors.All{actors.Any{scenario.When{Guard: scenario.VarIs("prepared", scenario.Ge, 1)}, scenario.When{Guard: scenario.VarIs("tension", scenario.Le, 0)}}, actors.ZoneOfAgreement{}, actors.ReservationValue{}}},
			{ID: "US", Capability: actors.Prior(distuv.Uniform{Min: 0.8, Max: 1.2})},
		},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Hi: actors.Prior(distuv.Beta{Alpha: 2, Beta: 3})},
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(1), Lo: actors.Prior(distuv.Beta{Alpha: 5, Beta: 3}), Salience: actors.Fixed(0.9)},
			{Actor: "RU", Issue: "prisoners", Ideal: actors.Choice([]float64{0, 1000}, []float64{1, 3})},
			{Actor: "UA", Issue: "prisoners", Ideal: actors.Fixed(2000)},
		})
	require.NoError(t, err)
	b := scenario.New("everything").Describe("every part").States("call", "officials", "arranged", "bilateral").Start("call").Horizon(60).Actors(m)
	b.State("trilateral").Absorbing()
	b.State("stalled").Absorbing().Describe("the end")
	b.Var("prepared", param.Const(0))
	b.Var("tension", param.Const(1))
	b.Transition("call", "officials").Delay(scenario.Exp(0.1)).Do(scenario.SetVar("prepared", 1), scenario.AddVar("tension", -0.5))
	b.Transition("call", "arranged").Delay(scenario.Exp(0.05)).Participants("RU", "UA").OnDecline(scenario.Retry(scenario.Days(5)))
	b.Branching("officials", scenario.To("arranged", 0.7), scenario.To("stalled", 0.3)).Named("officials decide").Delay(scenario.After{Dist: distuv.Gamma{Alpha: 3, Beta: 0.5}})
	b.Transition("arranged", "bilateral").Delay(scenario.Days(4)).Participants("RU", "UA").
		Agenda(actors.NashSolution{}, "territory", "prisoners").OnDecline(scenario.Retry(scenario.After{Dist: distuv.Gamma{Alpha: 2, Beta: 0.2}}))
	b.Transition("arranged", "stalled").Delay(scenario.Exp(0.03)).When(scenario.Or(scenario.VarIs("tension", scenario.Gt, 0.6), scenario.Not(scenario.VarIs("prepared", scenario.Eq, 1))))
	b.Transition("bilateral", "trilateral").Delay(scenario.Exp(0.1)).Participants("US", "RU", "UA").
		Agenda(actors.WeightedMedian{}, "territory").OnDecline(scenario.DeclineTo("stalled"))
	b.Transition("bilateral", "stalled").Delay(scenario.Exp(0.02))
	b.Event("guarantees").Occurs(scenario.On(1, 0.8)).In("call", "officials").Participants("US", "UA").
		Agenda(actors.WeightedMean{}, "territory").Do(scenario.ShiftRange("UA", "territory", 0, 0.2))
	b.Event("gesture").Occurs(scenario.Exp(0.05)).Once().When(scenario.VarIs("tension", scenario.Ge, 0.5)).Do(scenario.AddVar("tension", -0.5))
	b.Event("walkout").Occurs(scenario.Exp(0.01)).In("bilateral").Goto("stalled")
	b.Route("us", "call", "arranged", "bilateral", "trilateral").Describe("the US proposal")
	b.Route("bilateral-then-trilateral", "bilateral", "trilateral").InOrder()
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz").Describe("within two weeks"))
	b.Claim(scenario.RouteAt("bilateral-then-trilateral", 21, scenario.RouteCompleted).Named("macron"))
	b.Claim(scenario.Occurred("gesture", 0, 30).Named("gesture-by-30"))
	b.Claim(scenario.AgreedWithin("territory", 0.5, math.Inf(1), 0, 60).Named("territory-deal"))
	sc, err := b.Build()
	require.NoError(t, err)
	return sc
}

func TestWrittenScenarioLoadsBackIntoTheSameScenario(t *testing.T) {
	sc := everything(t)
	var file bytes.Buffer
	require.NoError(t, scenariofile.Write(&file, sc))
	back, err := scenariofile.Parse("everything.yaml", file.Bytes())
	require.NoError(t, err, file.String())

	outcomestest.SameResult(t, sc, back, &outcomestest.Options{Runs: 20_000, Seed: 8})

	// Writing the loaded scenario again gives the same file.
	var again bytes.Buffer
	require.NoError(t, scenariofile.Write(&again, back))
	assert.Equal(t, file.String(), again.String())
}

func TestGoFunctionsCannotBeWritten(t *testing.T) {
	b := scenario.New("funcs").States("a").Start("a").Horizon(5)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(1)).When(scenario.GuardFunc(func(*scenario.World) bool { return true }))
	sc, err := b.Build()
	require.NoError(t, err)
	err = scenariofile.Write(&bytes.Buffer{}, sc)
	assert.EqualError(t, err, `scenariofile: "funcs" cannot be written: transition "a->b": its guard is a Go function and cannot be written`)
}

func TestTheExampleFileWritesBackToTheSameScenario(t *testing.T) {
	sc, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	require.NoError(t, err)
	var file bytes.Buffer
	require.NoError(t, scenariofile.Write(&file, sc))
	back, err := scenariofile.Parse("written.yaml", file.Bytes())
	require.NoError(t, err, file.String())
	outcomestest.SameResult(t, sc, back, &outcomestest.Options{Runs: 20_000, Seed: 2})
}

func TestWeightedBranchesWriteBack(t *testing.T) {
	src := `name: w
start: a
horizon: 10
variables: [{name: trust, initial: 0.25}]
states: [{name: a}, {name: yes, absorbing: true}, {name: "no", absorbing: true}]
transitions:
  - {from: a, rate: 1, branch: [{to: yes, weight: "trust"}, {to: "no", weight: "1 - trust"}]}
`
	sc, err := scenariofile.Parse("w.yaml", []byte(src))
	require.NoError(t, err)
	var file bytes.Buffer
	require.NoError(t, scenariofile.Write(&file, sc))
	assert.Contains(t, file.String(), "weight: trust")
	back, err := scenariofile.Parse("w2.yaml", file.Bytes())
	require.NoError(t, err, file.String())
	res, err := outcomes.Run(context.Background(), back, &outcomes.Config{Runs: 40_000, Seed: 1, Confidence: 0.999})
	require.NoError(t, err)
	yes, _ := res.FinalState("yes")
	assert.True(t, yes.Contains(0.25), "%+v", yes)
}
