package outcomes_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// cliff is Mosteller's cliff-hanging walk: one step a day from position 1,
// towards the cliff with probability 1/3, away with 2/3; position 0 is the
// fall, position 40 counts as safe. Its horizon is past the report grid.
func cliff(t *testing.T, horizon float64) *scenario.Scenario {
	b := scenario.New("cliff").Start("1").Horizon(horizon)
	b.State("0").Absorbing()
	b.State("40").Absorbing()
	for i := 1; i < 40; i++ {
		b.State(strconv.Itoa(i))
	}
	for i := 1; i < 40; i++ {
		b.Branching(strconv.Itoa(i), scenario.To(strconv.Itoa(i-1), 1.0/3), scenario.To(strconv.Itoa(i+1), 2.0/3)).Delay(scenario.Days(1))
	}
	b.Claim(scenario.Entered("0", 0, 1).Named("fallen-by-1"))
	b.Route("fall", "1", "0")
	sc, err := b.Build()
	require.NoError(t, err)
	return sc
}

// With a horizon beyond the report grid, By(res, 1) returned day 0's
// value: P(fallen by day 1) = 1/3 was reported as 0. A lookup answers the
// day asked or refuses, naming the grid.
func TestLookupsAnswerTheDayAsked(t *testing.T) {
	sc := cliff(t, 3000)
	ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"everything"}})
	require.NoError(t, err)
	require.False(t, slicesContain(ex.Days, 1), "day 1 is not a report day (every %v days)", ex.Days[1])
	fallen, ok := ex.State("0")
	require.True(t, ok)
	by1, err := fallen.By(ex, 1)
	require.NoError(t, err, "an exact result answers any day")
	assert.InDelta(t, 1.0/3, by1.P, 1e-12)
	by3, err := fallen.By(ex, 3)
	require.NoError(t, err)
	assert.InDelta(t, 1.0/3+2.0/27, by3.P, 1e-12, "fall on day 1, or on day 3 after right, left, left")
	cl, _ := ex.Claim("fallen-by-1")
	assert.InDelta(t, 1.0/3, cl.P, 1e-12)

	mc, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 30_000, Seed: 3})
	require.NoError(t, err)
	mcFallen, _ := mc.State("0")
	e, err := mcFallen.By(mc, 1)
	if mc.Answers(1) {
		require.NoError(t, err)
		w := outcomes.Wilson(e.Hits, e.N, 0.999999)
		assert.True(t, w.Contains(1.0/3), "the tallies' answer for day 1: %+v", e)
	} else {
		require.ErrorIs(t, err, outcomes.ErrOffGrid)
		assert.Contains(t, err.Error(), "day 1 is not a report day of \"cliff\" (every 4 days from 0 to 3000)")
	}
	_, err = mcFallen.By(mc, 1.3)
	require.ErrorIs(t, err, outcomes.ErrOffGrid, "no bin ends at day 1.3")
	_, err = mcFallen.By(mc, 3001)
	require.ErrorIs(t, err, outcomes.ErrOffGrid, "past the horizon")
	_, err = mc.Estimate("state:0@1.3")
	require.ErrorIs(t, err, outcomes.ErrOffGrid, "keys too")

	// Where the bins resolve a day between report days, the tallies
	// answer it exactly: the runs fallen by day 1 are the runs of which
	// the claim holds. Over 1,800 days the report days are every 2nd day
	// and the bins half a day wide.
	mc, err = outcomes.Run(context.Background(), cliff(t, 1800), &outcomes.Config{Runs: 30_000, Seed: 3})
	require.NoError(t, err)
	require.False(t, slicesContain(mc.Days, 1))
	require.True(t, mc.Answers(1))
	mcFallen, _ = mc.State("0")
	e, err = mcFallen.By(mc, 1)
	require.NoError(t, err)
	claim, _ := mc.Claim("fallen-by-1")
	assert.Equal(t, claim.Hits, e.Hits, "the same runs")
	assert.Equal(t, mc.MonteCarlo.Runs, e.N)
	assert.True(t, outcomes.Wilson(e.Hits, e.N, 0.999999).Contains(1.0/3), "%+v", e)
	fall, _ := mc.Route("fall")
	c, o, x, err := fall.At(mc, 1)
	require.NoError(t, err)
	assert.Equal(t, claim.Hits, c.Hits, "the route is completed by falling")
	assert.Equal(t, mc.MonteCarlo.Runs, c.Hits+o.Hits+x.Hits)
	_, _, _, err = fall.At(mc, 1.3)
	require.ErrorIs(t, err, outcomes.ErrOffGrid)
	ec, _, _, err := func() (outcomes.Estimate, outcomes.Estimate, outcomes.Estimate, error) {
		r, _ := ex.Route("fall")
		return r.At(ex, 1.3)
	}()
	require.NoError(t, err, "exact answers any day")
	assert.InDelta(t, 1.0/3, ec.P, 1e-12, "no second step by day 1.3")
}

func slicesContain(xs []float64, x float64) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// A Repeat resets its tallies for each run: a Result it gave keeps
// answering its own runs after the next.
func TestRepeatResultsKeepTheirTallies(t *testing.T) {
	sc := cliff(t, 1800)
	rep, err := outcomes.NewRepeat(sc, &outcomes.Config{Runs: 3000, Seed: 1})
	require.NoError(t, err)
	first, err := rep.Run(context.Background(), sc)
	require.NoError(t, err)
	fallen, _ := first.State("0")
	before, err := fallen.By(first, 1)
	require.NoError(t, err)
	_, err = rep.Run(context.Background(), sc)
	require.NoError(t, err)
	after, err := fallen.By(first, 1)
	require.NoError(t, err)
	assert.Equal(t, before, after)
	claim, _ := first.Claim("fallen-by-1")
	assert.Equal(t, claim.Hits, after.Hits)
}
