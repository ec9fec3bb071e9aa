package outcomes_test

import (
	"bytes"
	"context"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

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

// Runs and exact analysis judge a meeting declined in an unchanged world
// alike, whatever its timing and whether it has been proposed yet; a rule
// that reads the day is asked anew, so retrying it can succeed.
func TestStuckMeetingsWhateverTheirTiming(t *testing.T) {
	model := func(t *testing.T, rule actors.Rule) *actors.Model {
		m, err := actors.NewModel([]actors.Issue{{ID: "x", Min: 0, Max: 1}},
			[]actors.Actor{{ID: "US"}, {ID: "RU", Accept: rule}},
			[]actors.Position{{Actor: "US", Issue: "x", Ideal: actors.Fixed(0.5)}, {Actor: "RU", Issue: "x", Ideal: actors.Fixed(0.5)}})
		require.NoError(t, err)
		return m
	}
	never := scenario.When{Guard: scenario.Condition{Text: "x >= 1"}}
	stuckShare := func(t *testing.T, sc *scenario.Scenario) float64 {
		res := run(t, sc, outcomes.Config{Runs: 2_000, Seed: 4})
		e, _ := res.FinalState("stuck")
		return e.P
	}

	// A general delay retried after a decline: stuck, as with a rate.
	for _, delay := range []scenario.Delay{scenario.Exp(0.5), scenario.After{Dist: distuv.Gamma{Alpha: 2, Beta: 1}}} {
		b := scenario.New("retry").States("a").Start("a").Horizon(30).Actors(model(t, never))
		b.State("done").Absorbing()
		b.Var("x", param.Const(0))
		b.Transition("a", "done").Delay(delay).Participants("US", "RU").OnDecline(scenario.AfterDecline{Retry: scenario.Days(2)})
		assert.Equal(t, 1.0, stuckShare(t, build(t, b)), "%T", delay)
	}

	// Not yet proposed by the horizon, and declined when it is: stuck too,
	// by runs as exactly.
	b := scenario.New("slow").States("a").Start("a").Horizon(60).Actors(model(t, never))
	b.State("done").Absorbing()
	b.Var("x", param.Const(0))
	b.Transition("a", "done").Delay(scenario.Exp(0.01)).Participants("US", "RU")
	sc := build(t, b)
	assert.Equal(t, 1.0, stuckShare(t, sc))
	ex, err := outcomes.Exact(context.Background(), sc, nil)
	require.NoError(t, err)
	e, _ := ex.FinalState("stuck")
	assert.InDelta(t, 1.0, e.P, 1e-12)

	// An event whose meeting is declined moves nothing: stuck by both.
	b = scenario.New("event").States("a").Start("a").Horizon(30).Actors(model(t, never))
	b.State("done").Absorbing()
	b.Var("x", param.Const(0))
	b.Var("y", param.Const(0))
	b.Transition("a", "done").Delay(scenario.Exp(1)).When(scenario.Condition{Text: "y >= 1"})
	b.Event("talk").Occurs(scenario.Exp(0.5)).Participants("US", "RU")
	sc = build(t, b)
	assert.Equal(t, 1.0, stuckShare(t, sc))
	ex, err = outcomes.Exact(context.Background(), sc, nil)
	require.NoError(t, err)
	e, _ = ex.FinalState("stuck")
	assert.InDelta(t, 1.0, e.P, 1e-12)
	warned := false
	for _, w := range sc.Warnings() {
		warned = warned || w.Name == "a" && strings.Contains(w.Msg, "runs can be stuck here")
	}
	assert.True(t, warned, "the declinable event does not keep runs open")

	// A rule over the day, retried: asked anew, accepted after day 3.
	b = scenario.New("day").States("a").Start("a").Horizon(30).Actors(model(t, scenario.When{Guard: scenario.Condition{Text: "day > 3"}}))
	b.State("done").Absorbing()
	b.Transition("a", "done").Delay(scenario.Exp(1)).Participants("US", "RU").OnDecline(scenario.AfterDecline{Retry: scenario.Exp(1)})
	res := run(t, build(t, b), outcomes.Config{Runs: 2_000, Seed: 4})
	done, _ := res.FinalState("done")
	assert.Greater(t, done.P, 0.99)
}
