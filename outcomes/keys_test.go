package outcomes_test

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

func TestEveryEstimateHasAKey(t *testing.T) {
	b := scenario.New("keys").States("call", "arranged").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(0.2))
	b.Transition("call", "stalled").Delay(scenario.Exp(0.05))
	b.Transition("arranged", "bilateral").Delay(scenario.Exp(0.3))
	b.Event("push").Occurs(scenario.Exp(0.1))
	b.Route("us", "call", "arranged", "bilateral")
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz-14"))
	res, err := outcomes.Run(context.Background(), build(t, b), &outcomes.Config{Runs: 2000, Seed: 3})
	require.NoError(t, err)
	route, _ := res.Route("us")
	state, _ := res.State("arranged")
	event, _ := res.Event("push")
	claim, _ := res.Claim("merz-14")
	final, _ := res.FinalState("stalled")
	for key, want := range map[string]outcomes.Estimate{
		"claim:merz-14":       claim,
		"final:stalled":       final,
		"route:us":            route.Completed,
		"route:us@14:open":    route.OpenAt[14],
		"route:us@14:closed":  route.ClosedAt[14],
		"route:us@14":         route.CompletedBy[14],
		"state:arranged":      state.Reached,
		"state:arranged@7":    state.ReachedBy[7],
		"event:push":          event.Occurred,
		"fired:call->stalled": res.MonteCarlo.Transitions[1].Fired,
		"open_in:arranged":    res.OpenIn[len(res.OpenIn)-1].Estimate,
	} {
		got, err := res.Estimate(key)
		require.NoError(t, err, key)
		assert.Equal(t, want, got, key)
	}
	for key, msg := range map[string]string{
		"merz-14":             "want kind:name",
		"claim:merz-15":       `no claim "merz-15"`,
		"route:us@14.3:open":  `day 14.3 is not a report day of "keys" (every day from 0 to 30) and the runs' tallies do not resolve it`,
		"route:us@14:pending": `status "pending"`,
		"state:x@y":           `"y" is not a day`,
		"odds:us":             `unknown kind "odds"`,
	} {
		_, err := res.Estimate(key)
		assert.ErrorContains(t, err, msg, key)
	}
}

func TestTimeToAbsorptionByMonteCarlo(t *testing.T) {
	// One exponential step at rate r within horizon H: among runs absorbed
	// by H, the mean day is 1/r - H e^{-rH} / (1 - e^{-rH}).
	const r, h = 0.1, 20.0
	b := scenario.New("wait").States("a").Start("a").Horizon(h)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(r))
	res, err := outcomes.Run(context.Background(), build(t, b), &outcomes.Config{Runs: 100_000, Seed: 5})
	require.NoError(t, err)
	got := res.MonteCarlo.TimeToAbsorption
	require.NotNil(t, got)
	want := 1/r - h*math.Exp(-r*h)/(1-math.Exp(-r*h))
	assert.True(t, got.Lo <= want && want <= got.Hi, "%+v does not hold %v", got, want)
	assert.Less(t, got.Hi-got.Lo, 0.1)
	absorbed, _ := res.FinalState("b")
	assert.Equal(t, absorbed.Hits, got.N)
	open, ok := res.OpenInState("a")
	require.True(t, ok)
	assert.Equal(t, res.MonteCarlo.Runs-absorbed.Hits, open.Hits)
}

func TestRepeatGivesWhatRunGives(t *testing.T) {
	sc, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	require.NoError(t, err)
	cfg := &outcomes.Config{Runs: 3000, Seed: 7, Workers: 2}
	rep, err := outcomes.NewRepeat(sc, cfg)
	require.NoError(t, err)
	for _, values := range []map[string]float64{{"us_guarantees": 0.2}, {"direct_proposal": 0.25, "capability_ru": 1.5}, {}} {
		variant, err := sc.With(values)
		require.NoError(t, err)
		want, err := outcomes.Run(context.Background(), variant, cfg)
		require.NoError(t, err)
		got, err := rep.Run(context.Background(), variant)
		require.NoError(t, err)
		var a, b bytes.Buffer
		require.NoError(t, want.WriteJSON(&a))
		require.NoError(t, got.WriteJSON(&b))
		require.Equal(t, a.String(), b.String(), "%v", values)
	}
	other := build(t, scenario.New("other").States("a").Start("a").Horizon(5))
	_, err = rep.Run(context.Background(), other)
	assert.ErrorContains(t, err, "not a variant")
}
