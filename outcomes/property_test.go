package outcomes_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// randomChain draws a continuous-time chain of 2 to 30 states: a line of
// transient states (so every one is reachable from the first and can reach
// the last), random extra transitions, and 1 to 3 absorbing states fed by
// the last transient state and random others.
func randomChain(t *rapid.T) *scenario.Scenario {
	n := rapid.IntRange(2, 30).Draw(t, "states")
	absorbing := rapid.IntRange(1, min(3, n-1)).Draw(t, "absorbing")
	transient := n - absorbing
	name := func(i int) string { return "s" + strconv.Itoa(i) }
	rate := rapid.Float64Range(0.01, 2)
	b := scenario.New("random").Start("s0").Horizon(rapid.Float64Range(1, 60).Draw(t, "horizon"))
	for i := range n {
		st := b.State(name(i))
		if i >= transient {
			st.Absorbing()
		}
	}
	seen := map[[2]int]bool{}
	edge := func(i, j int) {
		if i == j || seen[[2]int{i, j}] {
			return
		}
		seen[[2]int{i, j}] = true
		b.Transition(name(i), name(j)).Rate(rate.Draw(t, "rate"))
	}
	for i := 0; i < transient-1; i++ {
		edge(i, i+1)
	}
	for j := transient; j < n; j++ {
		edge(transient-1, j)
		edge(rapid.IntRange(0, transient-1).Draw(t, "feeder"), j)
	}
	for range rapid.IntRange(0, 2*n).Draw(t, "extra") {
		edge(rapid.IntRange(0, transient-1).Draw(t, "from"), rapid.IntRange(0, n-1).Draw(t, "to"))
	}
	sc, err := b.Build()
	require.NoError(t, err)
	return sc
}

func TestPropertyAbsorptionProbabilitiesSumToOne(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m, err := outcomes.NewMarkov(randomChain(t))
		require.NoError(t, err)
		b, transient, _, steps, err := m.Absorption()
		require.NoError(t, err)
		for row := range transient {
			sum := 0.0
			for col := range b.RawMatrix().Cols {
				p := b.At(row, col)
				require.True(t, p >= -1e-12 && p <= 1+1e-12, "B[%d][%d] = %v", row, col, p)
				sum += p
			}
			require.InDelta(t, 1, sum, 1e-9, "row %d", row)
			require.Positive(t, steps[row])
		}
	})
}

func TestPropertyDistributionsAreProbabilityVectors(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := randomChain(t)
		m, err := outcomes.NewMarkov(sc)
		require.NoError(t, err)
		day := rapid.Float64Range(0, 100).Draw(t, "day")
		p := m.TransitionMatrix(day)
		for i := range sc.NumStates() {
			sum := 0.0
			for j := range sc.NumStates() {
				x := p.At(i, j)
				require.True(t, x >= 0 && x <= 1, "P(%v)[%d][%d] = %v", day, i, j, x)
				sum += x
			}
			require.InDelta(t, 1, sum, 1e-9, "row %d of P(%v)", i, day)
		}
		res, err := outcomes.Exact(context.Background(), sc, nil)
		require.NoError(t, err)
		total := 0.0
		for _, f := range res.Final {
			total += f.P
		}
		require.InDelta(t, 1, total, 1e-9, "final states at the horizon")
	})
}

func TestPropertyExactAndMonteCarloAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("Monte Carlo on every drawn chain; skipped with -short")
	}
	seed := uint64(0)
	rapid.Check(t, func(t *rapid.T) {
		sc := randomChain(t)
		ex, err := outcomes.Exact(context.Background(), sc, nil)
		require.NoError(t, err)
		seed++
		mc, err := outcomes.Run(t.Context(), sc, &outcomes.Config{Runs: 20_000, Seed: seed})
		require.NoError(t, err)
		// Every final state's exact probability lies in its Monte Carlo
		// interval, widened for the comparisons made (Bonferroni at 99.9%
		// overall per chain).
		conf := 1 - 0.001/float64(len(ex.Final))
		for _, f := range ex.Final {
			e, ok := mc.FinalState(f.Name)
			require.True(t, ok)
			w := outcomes.Wilson(e.Hits, e.N, conf)
			require.True(t, w.Contains(f.P), "%s: exact %v outside [%v, %v]", f.Name, f.P, w.Lo, w.Hi)
		}
	})
}
