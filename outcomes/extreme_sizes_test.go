package outcomes_test

import (
	"context"
	"strconv"
	"strings"
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
		b.Transition("a", "b").Delay(scenario.Exp(rate))
		b.Transition("b", "c").Delay(scenario.Exp(0.1))
		b.Claim(scenario.Entered("c", 0, 10).Named("c-by-10"))
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
	b.Branching("a", scenario.To("a", 0.5), scenario.To("c", 0.5)).Delay(scenario.Days(1e-18))
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

// exact of a 100,000-state line with a 30-day horizon ran past 120 s:
// reach by day was a pass of the chain for every state. States off every
// cycle now share one pass; states on cycles, a pass each, are estimated
// first and refused past the budget, with the way out.
func TestExactReachWork(t *testing.T) {
	if testing.Short() {
		t.Skip("chains of 20,000 states; skipped with -short")
	}
	line := scenario.New("line").Start("s0").Horizon(30)
	for i := range 20_000 {
		line.State(strconv.Itoa(i))
	}
	line.States("s0")
	line.Transition("s0", "0").Delay(scenario.Exp(1))
	for i := range 19_999 {
		line.Transition(strconv.Itoa(i), strconv.Itoa(i+1)).Delay(scenario.Exp(1))
	}
	sc, err := line.Build()
	require.NoError(t, err)
	ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"everything"}})
	require.NoError(t, err)
	s, ok := ex.State("29")
	require.True(t, ok)
	// Entered by day 30 after 30 steps of rate 1: P(Poisson(30) >= 30).
	assert.InDelta(t, 0.5242830138936785, s.Reached.P, 1e-9)

	bd := scenario.New("cycles").Start("0").Horizon(365)
	for i := range 2000 {
		bd.State(strconv.Itoa(i))
	}
	for i := range 1999 {
		bd.Transition(strconv.Itoa(i), strconv.Itoa(i+1)).Delay(scenario.Exp(50))
		bd.Transition(strconv.Itoa(i+1), strconv.Itoa(i)).Delay(scenario.Exp(40))
	}
	sc, err = bd.Build()
	require.NoError(t, err)
	_, err = outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"everything"}})
	require.ErrorIs(t, err, outcomes.ErrTooLong)
	assert.Contains(t, err.Error(), "reach by day of 1999 states on cycles")
	assert.Contains(t, err.Error(), "estimate by Monte Carlo")
}

// lineOf builds a line of n states with rate 1 over 30 days, with a claim
// on the 30th state by day 20.
func lineOf(b *testing.B, n int) *scenario.Scenario {
	line := scenario.New("line").Start("0").Horizon(30)
	for i := range n {
		line.State(strconv.Itoa(i))
	}
	for i := range n - 1 {
		line.Transition(strconv.Itoa(i), strconv.Itoa(i+1)).Delay(scenario.Exp(1))
	}
	line.Claim(scenario.Entered("29", 0, 20).Named("thirty-by-20"))
	sc, err := line.Build()
	require.NoError(b, err)
	return sc
}

// Exact on a line of 100,000 states, beside Monte Carlo on the same line
// as the baseline, each computing everything and only the final states
// and the claim: compare them in one run (go test -bench Line -run '^$').
func BenchmarkLineExact(b *testing.B) {
	sc := lineOf(b, 100_000)
	for _, outputs := range [][]string{{"everything"}, {"final", "claim"}} {
		b.Run(strings.Join(outputs, ","), func(b *testing.B) {
			for b.Loop() {
				if _, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{ReportDays: 31, Outputs: outputs}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

func BenchmarkLineRun(b *testing.B) {
	sc := lineOf(b, 100_000)
	for _, outputs := range [][]string{{"everything"}, {"final", "claim"}} {
		b.Run(strings.Join(outputs, ","), func(b *testing.B) {
			for b.Loop() {
				if _, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 100_000, Seed: 1, ReportDays: 31, Outputs: outputs}); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
