package outcomes_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// exact panicked (makeslice: len out of range) on a rate of 1e18: rate
// times horizon overflowed an int when sizing the hitting series. A chain
// with such a rate is solvable: the state is left at once.
func TestExactOnExtremeRates(t *testing.T) {
	for _, rate := range []float64{1e18, 1e300} {
		b := scenario.New("fast").States("a", "b").Start("a").Horizon(30)
		b.State("c").Absorbing()
		b.Transition("a", "b").Rate(rate)
		b.Transition("b", "c").Rate(0.1)
		b.Claim(scenario.ReachedBy("c-by-10", "c", 10))
		sc, err := b.Build()
		require.NoError(t, err)
		ex, err := outcomes.Exact(context.Background(), sc, nil)
		require.NoError(t, err, "rate %v", rate)
		c, ok := ex.Claim("c-by-10")
		require.True(t, ok)
		assert.InDelta(t, 0.6321205588, c.P, 1e-9, "rate %v: b entered at once, then 1 - e^-1", rate)
	}
}

// Discrete steps of 1e-18 days over 30 days are 3e19 steps, past any int:
// exact answers or refuses, never wraps round to a negative count.
func TestExactOnTinySteps(t *testing.T) {
	b := scenario.New("tiny").States("a").Start("a").Horizon(30)
	b.State("c").Absorbing()
	b.Branching("a", scenario.To("a", 0.5), scenario.To("c", 0.5)).Fixed(1e-18)
	sc, err := b.Build()
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	ex, err := outcomes.Exact(ctx, sc, nil)
	if err != nil {
		t.Log(err)
		assert.ErrorIs(t, err, outcomes.ErrInexact, "refused, saying why")
		return
	}
	f, ok := ex.FinalState("c")
	require.True(t, ok)
	assert.InDelta(t, 1, f.P, 1e-9, "3e19 fair coin flips all end in c")
}
