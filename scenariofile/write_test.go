package scenariofile_test

import (
	"bytes"
	"context"
	"math"
	"os"
	"strings"
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
				Accept: actors.All{actors.Any{scenario.When{Guard: scenario.Condition{Text: "prepared >= 1"}}, scenario.When{Guard: scenario.Condition{Text: "tension <= 0"}}}, actors.ZoneOfAgreement{}, actors.ReservationValue{}}},
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
	b.Transition("call", "officials").Delay(scenario.Exp(0.1)).Do(scenario.Assign("prepared", "1"), scenario.Assign("tension", "tension + -0.5"))
	b.Transition("call", "arranged").Delay(scenario.Exp(0.05)).Participants("RU", "UA").OnDecline(scenario.AfterDecline{Retry: scenario.Days(5)})
	b.Branching("officials", scenario.To("arranged", 0.7), scenario.To("stalled", 0.3)).Named("officials decide").Delay(scenario.After{Dist: distuv.Gamma{Alpha: 3, Beta: 0.5}})
	b.Transition("arranged", "bilateral").Delay(scenario.Days(4)).Participants("RU", "UA").
		Agenda(actors.NashSolution{}, "territory", "prisoners").OnDecline(scenario.AfterDecline{Retry: scenario.After{Dist: distuv.Gamma{Alpha: 2, Beta: 0.2}}})
	b.Transition("arranged", "stalled").Delay(scenario.Exp(0.03)).When(scenario.Condition{Text: "(tension > 0.6) || !(prepared == 1)"})
	b.Transition("bilateral", "trilateral").Delay(scenario.Exp(0.1)).Participants("US", "RU", "UA").
		Agenda(actors.WeightedMedian{}, "territory").OnDecline(scenario.AfterDecline{To: "stalled"})
	b.Transition("bilateral", "stalled").Delay(scenario.Exp(0.02))
	b.Event("guarantees").Occurs(scenario.On(1, 0.8)).In("call", "officials").Participants("US", "UA").
		Agenda(actors.WeightedMean{}, "territory").Do(scenario.RangeShift{Actor: "UA", Issue: "territory", Lo: "0", Hi: "0.2"})
	b.Event("gesture").Occurs(scenario.Exp(0.05)).Once().When(scenario.Condition{Text: "tension >= 0.5"}).Do(scenario.Assign("tension", "tension + -0.5"))
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

// The rule {when: EXPR} says what var_at_least and var_at_most say, and is
// how a file writes them.
func TestWhenRuleReadsAsVarAtLeast(t *testing.T) {
	data, err := os.ReadFile("../examples/scenarios/washington-summit.yaml")
	require.NoError(t, err)
	atLeast := "{var_at_least: {var: prepared, value: 1}}"
	require.Contains(t, string(data), atLeast)
	when := strings.Replace(string(data), atLeast, `{when: "prepared >= 1"}`, 1)
	a, err := scenariofile.Parse("at-least.yaml", data)
	require.NoError(t, err)
	b, err := scenariofile.Parse("when.yaml", []byte(when))
	require.NoError(t, err)
	outcomestest.SameResult(t, a, b, &outcomestest.Options{Runs: 5_000, Seed: 4})

	var file bytes.Buffer
	require.NoError(t, scenariofile.Write(&file, a))
	assert.Contains(t, file.String(), "when: prepared >= 1")
	assert.NotContains(t, file.String(), "var_at_least")

	_, err = scenariofile.Parse("empty.yaml", []byte(strings.Replace(string(data), atLeast, `{when: ""}`, 1)))
	assert.ErrorContains(t, err, "a condition on the world is needed")
	_, err = scenariofile.Parse("unknown.yaml", []byte(strings.Replace(string(data), atLeast, `{when: "prepard >= 1"}`, 1)))
	assert.ErrorContains(t, err, `unknown variable or parameter "prepard" (did you mean "prepared"?)`)
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

// A participant's rule for one meeting reads from a file, replaces the
// party's own there only, and writes back as it was given.
func TestParticipantRulesWriteBack(t *testing.T) {
	src := `name: summits
start: talks
horizon: 60
variables: [{name: deal, initial: 0}]
issues: [{id: x, min: 0, max: 1}]
actors:
  - {id: US, accept: always}
  - {id: DPRK, accept: {when: "deal >= 1"}}
positions:
  - {actor: US, issue: x, ideal: 0.5}
  - {actor: DPRK, issue: x, ideal: 0.5}
states: [{name: talks}, {name: first}, {name: between}, {name: second, absorbing: true}]
transitions:
  - {from: talks, to: first, rate: 0.2, participants: [US, DPRK]}
  - {from: talks, to: between, rate: 0.1}
  - {from: between, to: second, rate: 0.2, participants: [US, {actor: DPRK, accept: always}]}
`
	sc, err := scenariofile.Parse("summits.yaml", []byte(src))
	require.NoError(t, err)
	ms := sc.Meetings()
	assert.Equal(t, []bool{false, false}, ms[0].Own)
	assert.Equal(t, []bool{false, true}, ms[2].Own, "DPRK's rule at the second summit is its own")

	file := writesBack(t, sc)
	assert.Contains(t, file, "- actor: DPRK\n")
	assert.Contains(t, file, "accept: always")

	res, err := outcomes.Exact(context.Background(), sc, nil)
	require.NoError(t, err, "both meetings are decided in advance")
	found := false
	for _, f := range res.Final {
		if f.Name == "second" {
			found = true
			assert.InDelta(t, 1-math.Exp(-0.1*60)-0.1/(0.2-0.1)*(math.Exp(-0.1*60)-math.Exp(-0.2*60)), f.P, 1e-9,
				"second by day 60: between (rate 0.1, the first summit never held) then second (rate 0.2)")
		}
	}
	assert.True(t, found)
}

func TestTimingsThatReadTheWorldWriteBack(t *testing.T) {
	src := `name: dated
start: talks
horizon: 60
parameters: [{name: base, default: 0.02}]
variables:
  - {name: summit_day, initial: 0}
  - {name: announced, initial: 0}
  - {name: trust, initial: 0}
states: [{name: talks}, {name: summit, absorbing: true}, {name: collapse, absorbing: true}, {name: walkout, absorbing: true}]
transitions:
  - {from: talks, to: summit, at: summit_day, when: announced == 1}
  - {from: talks, to: collapse, rate: "base * (1 - trust)"}
  - {from: talks, to: walkout, delay: {dist: gamma, alpha: 2, beta: "0.01 + trust"}}
events:
  - {name: announce, rate: 0.1, once: true, do: ["summit_day = day + 20", "announced = 1", "trust = 0.5"]}
`
	sc, err := scenariofile.Parse("dated.yaml", []byte(src))
	require.NoError(t, err)
	file := writesBack(t, sc)
	assert.Contains(t, file, "at: summit_day")
	assert.Contains(t, file, `rate: "base * (1 - trust)"`)

	// Exact analysis names each timing it cannot follow: a day from the
	// world, a delay that is not exponential; the rate over trust it
	// follows.
	_, err = outcomes.Exact(context.Background(), sc, nil)
	require.Error(t, err)
	assert.Contains(t, err.Error(), "computed from the world")
	assert.Contains(t, err.Error(), `(gamma(2, 0.01 + trust)) is not exponential`)
	assert.NotContains(t, err.Error(), `"base * (1 - trust)"`)
}

func TestTimingsThatReadTheWorldAreCheckedAtTheirPlace(t *testing.T) {
	src := `name: bad
start: talks
horizon: 60
variables: [{name: trust, initial: 0}]
states: [{name: talks}, {name: deal, absorbing: true}]
transitions:
  - {from: talks, to: deal, rate: "0.1 * trsut"}
  - {from: talks, to: deal, at: "trust +", name: second}
  - {from: talks, to: deal, delay: {dist: gamma, mean: trust, sd: 1}, name: third}
  - {from: talks, to: deal, fixed: "2 * trust", name: fourth}
events:
  - {name: e, rate: trust}
`
	_, err := scenariofile.Parse("bad.yaml", []byte(src))
	require.Error(t, err)
	msg := err.Error()
	assert.Contains(t, msg, `bad.yaml:7:`)
	assert.Contains(t, msg, `unknown variable "trsut"`)
	assert.Contains(t, msg, `bad.yaml:8:`)
	assert.Contains(t, msg, `transitions[2].delay: a delay whose parameters read the world`)
	assert.Contains(t, msg, `transitions[3].fixed: "2 * trust" reads the world`)
	assert.Contains(t, msg, `events[0].rate: "trust" reads the world`)
}

// writesBack writes sc, loads the file back, checks that it gives the
// same Result and writes the same file again, and returns the file.
func writesBack(t *testing.T, sc *scenario.Scenario) string {
	t.Helper()
	var file bytes.Buffer
	require.NoError(t, scenariofile.Write(&file, sc))
	back, err := scenariofile.Parse("written.yaml", file.Bytes())
	require.NoError(t, err, file.String())
	outcomestest.SameResult(t, sc, back, &outcomestest.Options{Runs: 5_000, Seed: 3})
	var again bytes.Buffer
	require.NoError(t, scenariofile.Write(&again, back))
	assert.Equal(t, file.String(), again.String())
	return file.String()
}
