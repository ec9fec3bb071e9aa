package outcomes_test

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// A run that reaches the horizon where nothing can move it any more is
// stuck, not open, by Monte Carlo and exactly alike.
func TestStuckRunsAreReportedApart(t *testing.T) {
	b := scenario.New("stuck").States("a", "b", "c").Start("a").Horizon(30)
	b.State("done").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(0.2))
	b.Transition("a", "c").Delay(scenario.Exp(0.1))
	b.Transition("b", "done").Delay(scenario.Exp(0)) // switched off: b holds a run for ever
	b.Transition("c", "done").Delay(scenario.Exp(0.05))
	sc := build(t, b)

	want := 2.0 / 3 * (1 - math.Exp(-0.3*30))
	ex, err := outcomes.Exact(context.Background(), sc, nil)
	require.NoError(t, err)
	stuck, ok := ex.FinalState("stuck")
	require.True(t, ok)
	assert.InDelta(t, want, stuck.P, 1e-9)
	require.Len(t, ex.StuckIn, 1)
	assert.Equal(t, "b", ex.StuckIn[0].Name)
	for _, o := range ex.OpenIn {
		assert.NotEqual(t, "b", o.Name, "a stuck run is not open")
	}

	res := run(t, sc, outcomes.Config{Runs: 20_000, Seed: 5, Confidence: conf999})
	stuck, ok = res.FinalState("stuck")
	require.True(t, ok)
	assert.True(t, stuck.Lo <= want && want <= stuck.Hi, "%v not in [%v, %v]", want, stuck.Lo, stuck.Hi)
	e, err := res.Estimate("stuck_in:b")
	require.NoError(t, err)
	assert.Equal(t, stuck, e)
	var text bytes.Buffer
	require.NoError(t, res.WriteText(&text, nil))
	assert.Contains(t, text.String(), "stuck in b: nothing could move it")
}

// A meeting declined in a world nothing changes holds the run for ever:
// the run is stuck, and the Result says who declined.
func TestStuckRunsNameWhoDeclined(t *testing.T) {
	m, err := actors.NewModel([]actors.Issue{{ID: "x", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "US"}, {ID: "DPRK", Accept: scenario.When{Guard: scenario.Condition{Text: "deal >= 1"}}}},
		[]actors.Position{{Actor: "US", Issue: "x", Ideal: actors.Fixed(0.5)}, {Actor: "DPRK", Issue: "x", Ideal: actors.Fixed(0.5)}})
	require.NoError(t, err)
	b := scenario.New("summit").States("talks", "arranged").Start("talks").Horizon(60).Actors(m)
	b.State("summit").Absorbing()
	b.Var("deal", param.Const(0))
	b.Transition("talks", "arranged").Delay(scenario.Exp(0.2))
	b.Transition("arranged", "summit").Delay(scenario.Exp(0.5)).Participants("US", "DPRK")
	sc := build(t, b)
	res := run(t, sc, outcomes.Config{Runs: 2_000, Seed: 2})
	stuck, ok := res.FinalState("stuck")
	require.True(t, ok)
	assert.Greater(t, stuck.P, 0.9, "arranged, then declined for ever")
	require.Len(t, res.MonteCarlo.StuckDeclines, 1)
	d := res.MonteCarlo.StuckDeclines[0]
	assert.Equal(t, "DPRK", d.Actor)
	assert.Equal(t, "arranged->summit", d.Meeting)
	assert.Equal(t, 1.0, d.Share.P, "DPRK declined in every run stuck in arranged")

	// An event that could still change the world keeps the runs open.
	b.Event("gesture").Occurs(scenario.Exp(0.0001)).Do(scenario.Assign("deal", "1"))
	res = run(t, build(t, b), outcomes.Config{Runs: 2_000, Seed: 2})
	_, ok = res.FinalState("stuck")
	assert.False(t, ok, "the gesture could still come")
}
