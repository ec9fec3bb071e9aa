package scenario_test

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/internal/chain"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

func nowScenario(t *testing.T) *scenario.Scenario {
	b := scenario.New("now").States("call", "talks").Start("call").Horizon(60)
	b.State("deal").Absorbing()
	b.Var("pressure", param.Const(1))
	b.Event("strike").Occurs(scenario.On(5, 1)).Do(scenario.Assign("pressure", "pressure + 2"))
	b.Event("summit").Occurs(scenario.On(20, 1)).Do(scenario.Assign("pressure", "pressure + 10"))
	b.Transition("call", "talks").Delay(scenario.Exp(0.5))
	b.Transition("talks", "deal").Delay(scenario.Days(10))
	sc, err := b.Build()
	require.NoError(t, err)
	return sc
}

func TestFromNow(t *testing.T) {
	sc := nowScenario(t)
	from, err := sc.From(scenario.Now{Day: 8, Path: []scenario.Visit{{"call", 0}, {"talks", 3}},
		Occurred: []scenario.EventOn{{"strike", 5}}, Vars: map[string]float64{"pressure": 3}})
	require.NoError(t, err)
	day, _, _, _ := chain.Past(from)
	assert.Equal(t, 8.0, day)
	r := from.NewRunner(scenario.RunOptions{Snapshots: []float64{8, 19, 20}})
	tr := r.Run(rand.New(rand.NewPCG(1, 2)))
	require.Len(t, tr.Steps, 3)
	assert.Equal(t, scenario.Step{Day: 0, State: 0, Transition: scenario.NoTransition, Event: scenario.NoEvent}, tr.Steps[0])
	// The fixed delay of 10 days counts from day 3, when talks began.
	assert.Equal(t, 13.0, tr.Steps[2].Day)
	assert.Equal(t, "deal", sc.StateName(tr.Final()))
	// The strike before now is kept, not repeated; the variable starts at 3.
	require.Len(t, tr.Occurrences, 1)
	assert.Equal(t, 5.0, tr.Occurrences[0].Day)
	assert.Equal(t, []float64{3, 3, 3}, tr.Snapshots, "the summit on day 20 comes after the deal")

	// Without Vars, the effects of the course so far give the values: the
	// strike added 2; the path's call -> talks is one transition, marked.
	replayed, err := sc.From(scenario.Now{Day: 8, Path: []scenario.Visit{{"call", 0}, {"talks", 3}}, Occurred: []scenario.EventOn{{"strike", 5}}})
	require.NoError(t, err)
	tr = replayed.NewRunner(scenario.RunOptions{Snapshots: []float64{8}}).Run(rand.New(rand.NewPCG(1, 2)))
	assert.Equal(t, []float64{3}, tr.Snapshots)
	assert.Equal(t, scenario.Transition(0), tr.Steps[1].Transition)

	// A fixed delay that has passed fires at once.
	late, err := sc.From(scenario.Now{Day: 30, Path: []scenario.Visit{{"talks", 3}}})
	require.NoError(t, err)
	tr = late.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(1, 2)))
	assert.Equal(t, 30.0, tr.EndDay)
}

func TestFromNowErrors(t *testing.T) {
	sc := nowScenario(t)
	_, err := sc.From(scenario.Now{Day: 80, Path: []scenario.Visit{{"talk", 3}, {"call", 1}},
		Occurred: []scenario.EventOn{{"strike", 90}}, Vars: map[string]float64{"presure": 1}})
	require.ErrorIs(t, err, scenario.ErrDefinition)
	for _, want := range []string{
		"now.day: must be a day from 0 to before the horizon",
		`now.path[0]: unknown state "talk" (did you mean "talks"?)`,
		"now.path[1]: day 1 is before the previous state's",
		"now.occurred[0]: day must be from 0 to now",
		`now.vars: unknown variable "presure" (did you mean "pressure"?)`,
	} {
		assert.ErrorContains(t, err, want)
	}
	_, err = sc.From(scenario.Now{Day: 3})
	assert.ErrorContains(t, err, "give at least the state")

	// A course no run can take: a step along no transition, a step out of
	// an absorbing state. An event that moves runs makes its step possible.
	_, err = sc.From(scenario.Now{Day: 9, Path: []scenario.Visit{{"call", 0}, {"deal", 2}, {"talks", 4}}})
	require.ErrorIs(t, err, scenario.ErrDefinition)
	assert.ErrorContains(t, err, "now.path[1]: deal on day 2 after call: no transition, decline or event moves a run from call to deal")
	assert.ErrorContains(t, err, "now.path[2]: talks on day 4 after deal: deal is absorbing, nothing leaves it")
	b := scenario.New("moved").States("call", "talks").Start("call").Horizon(60)
	b.State("deal").Absorbing()
	b.Transition("call", "talks").Delay(scenario.Exp(0.5))
	b.Transition("talks", "deal").Delay(scenario.Exp(0.1))
	b.Event("walkout").Occurs(scenario.Exp(0.1)).Goto("call")
	moved, err := b.Build()
	require.NoError(t, err)
	_, err = moved.From(scenario.Now{Day: 9, Path: []scenario.Visit{{"call", 0}, {"talks", 2}, {"call", 4}}})
	assert.NoError(t, err, "the walkout moves runs from talks back to call")
}

func TestFromNowAndEvidenceAllocateNothing(t *testing.T) {
	sc := nowScenario(t)
	from, err := sc.From(scenario.Now{Day: 8, Path: []scenario.Visit{{"call", 0}, {"talks", 3}}, Occurred: []scenario.EventOn{{"strike", 5}}})
	require.NoError(t, err)
	ev, err := from.Observe([]scenario.Statement{scenario.VariableAt("pressure", 9, 3, 3), scenario.Entered("deal", 0, 20)})
	require.NoError(t, err)
	r := from.NewRunner(scenario.RunOptions{Snapshots: ev.Snapshots()})
	rng := rand.New(rand.NewPCG(3, 4))
	for range 100 {
		r.Run(rng)
	}
	assert.Zero(t, testing.AllocsPerRun(200, func() {
		if !ev.Holds(r.Run(rng)) {
			t.Fatal("the run is inconsistent with the evidence")
		}
	}))
}

// A run that did not record the day an observation of a variable reads
// cannot be shown consistent with it: it is judged inconsistent, never a
// panic; a run that recorded more days reads the right one.
func TestVariableObservationsReadTheRunsOwnDays(t *testing.T) {
	sc := nowScenario(t)
	from, err := sc.From(scenario.Now{Day: 8, Path: []scenario.Visit{{"call", 0}, {"talks", 3}}, Occurred: []scenario.EventOn{{"strike", 5}}})
	require.NoError(t, err)
	ev, err := from.Observe([]scenario.Statement{scenario.VariableAt("pressure", 9, 3, 3)})
	require.NoError(t, err)
	rng := rand.New(rand.NewPCG(5, 6))
	want := from.NewRunner(scenario.RunOptions{Snapshots: ev.Snapshots()}).Run(rng).Clone()
	require.True(t, ev.HoldsOne(0, want), "pressure 3 on day 9")

	bare := from.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(5, 6)))
	assert.False(t, ev.HoldsOne(0, bare), "no record of day 9")
	more := from.NewRunner(scenario.RunOptions{Snapshots: []float64{8.5, 9, 12}}).Run(rand.New(rand.NewPCG(5, 6)))
	assert.True(t, ev.HoldsOne(0, more), "day 9 among other days")
	other := from.NewRunner(scenario.RunOptions{Snapshots: []float64{10}}).Run(rand.New(rand.NewPCG(5, 6)))
	assert.False(t, ev.HoldsOne(0, other), "another day is not day 9")
}
