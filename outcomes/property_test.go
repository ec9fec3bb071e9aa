package outcomes_test

import (
	"context"
	"math"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"
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
		b.Transition(name(i), name(j)).Delay(scenario.Exp(rate.Draw(t, "rate")))
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
				// Within rounding of an inversion: drawn chains mix rates
				// over orders of magnitude, which costs digits.
				require.True(t, p >= -1e-9 && p <= 1+1e-9, "B[%d][%d] = %v", row, col, p)
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
	rapid.Check(t, func(t *rapid.T) {
		sc := randomChain(t)
		ex, err := outcomes.Exact(context.Background(), sc, nil)
		require.NoError(t, err)
		// The runs' seed is drawn too, so that rapid can replay a failure.
		seed := rapid.Uint64().Draw(t, "seed")
		mc, err := outcomes.Run(t.Context(), sc, &outcomes.Config{Runs: 20_000, Seed: seed})
		require.NoError(t, err)
		// Every final state's exact probability lies in its Monte Carlo
		// interval, widened for the comparisons made: Bonferroni at
		// 1 - 1e-6 per chain, so that the hundred chains rapid draws on
		// each run (new ones every run) fail by chance once in ten
		// thousand runs, not once in ten. The interval is Clopper and
		// Pearson's, whose coverage holds at every p: Wilson's falls short
		// near 0 and 1, where drawn chains often put a state (one miss in
		// 20,000 runs of a state reached with probability 0.999993).
		conf := 1 - 1e-6/float64(len(ex.Final))
		for _, f := range ex.Final {
			e, ok := mc.FinalState(f.Name)
			require.True(t, ok)
			lo, hi := clopperPearson(e.Hits, e.N, conf)
			require.True(t, f.P >= lo && f.P <= hi, "%s: exact %v outside [%v, %v] (%d of %d runs)", f.Name, f.P, lo, hi, e.Hits, e.N)
		}
	})
}

// Entry-day quantiles: Monte Carlo's q-quantile of the entry day into each
// absorbing state lies between the exact quantiles at q ∓ ε, with ε from the
// Dvoretzky–Kiefer–Wolfowitz inequality for the runs that entered it
// (Bonferroni over the comparisons), widened by one
// histogram bin, within which Monte Carlo interpolates. At 1 - 1e-6 per
// chain rather than 99.9%: rapid draws new chains on every run, and a
// hundred chains at 99.9% would fail one run in ten by chance.
func TestPropertyExactAndMonteCarloQuantilesAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("Monte Carlo on every drawn chain; skipped with -short")
	}
	qs := []float64{0.1, 0.5, 0.9}
	seed := uint64(100)
	compared := 0
	defer func() {
		if compared == 0 {
			t.Error("no quantile was compared")
		}
		t.Logf("%d quantiles compared", compared)
	}()
	rapid.Check(t, func(t *rapid.T) {
		sc := randomChain(t)
		seed++
		mc, err := outcomes.Run(t.Context(), sc, &outcomes.Config{Runs: 20_000, Seed: seed, Quantiles: qs})
		require.NoError(t, err)
		alpha := 1e-6 / float64(len(qs)*sc.NumStates())
		slack := sc.Horizon() / 2000
		for _, st := range mc.States {
			id, _ := sc.State(st.Name)
			if !sc.Absorbing(id) || st.Reached.Hits < 500 {
				continue
			}
			eps := math.Sqrt(math.Log(2/alpha) / (2 * float64(st.Reached.Hits)))
			for _, q := range st.EntryDay {
				lo, hi := 0.0, sc.Horizon()
				bounds := []float64{}
				if q.Q-eps > 0 {
					bounds = append(bounds, q.Q-eps)
				}
				if q.Q+eps < 1 {
					bounds = append(bounds, q.Q+eps)
				}
				if len(bounds) > 0 {
					ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Quantiles: bounds})
					require.NoError(t, err)
					es, _ := ex.State(st.Name)
					for i, b := range bounds {
						if b < q.Q {
							lo = es.EntryDay[i].Day
						} else {
							hi = es.EntryDay[i].Day
						}
					}
				}
				compared++
				require.True(t, q.Day >= lo-slack && q.Day <= hi+slack,
					"%s q%v: Monte Carlo day %v outside exact [%v, %v] (±%v)", st.Name, q.Q, q.Day, lo, hi, slack)
			}
		}
	})
}

// Stiff pairs of rates, from 1e-6 to 1e15: a state left for b at r1 and
// for c at r2 is, at the horizon T, in b with probability
// r1/(r1+r2)·(1 - e^-(r1+r2)T), which Exact must give to 1e-9.
func TestPropertyExactStiffClosedForm(t *testing.T) {
	logRate := rapid.Float64Range(-6, 15)
	rapid.Check(t, func(t *rapid.T) {
		r1 := math.Pow(10, logRate.Draw(t, "log r1"))
		r2 := math.Pow(10, logRate.Draw(t, "log r2"))
		h := rapid.Float64Range(0.5, 1000).Draw(t, "horizon")
		b := scenario.New("pair").States("a").Start("a").Horizon(h)
		b.State("b").Absorbing()
		b.State("c").Absorbing()
		b.Transition("a", "b").Delay(scenario.Exp(r1))
		b.Transition("a", "c").Delay(scenario.Exp(r2))
		sc, err := b.Build()
		require.NoError(t, err)
		ex, err := outcomes.Exact(context.Background(), sc, nil)
		require.NoError(t, err)
		leave := -math.Expm1(-(r1 + r2) * h)
		pb, _ := ex.FinalState("b")
		pc, _ := ex.FinalState("c")
		require.InDelta(t, r1/(r1+r2)*leave, pb.P, 1e-9, "P(b)")
		require.InDelta(t, r2/(r1+r2)*leave, pc.P, 1e-9, "P(c)")
	})
}

// clopperPearson is the exact binomial interval for hits in n at the given
// confidence, from Beta quantiles.
func clopperPearson(hits, n int64, confidence float64) (lo, hi float64) {
	a := (1 - confidence) / 2
	lo, hi = 0, 1
	if hits > 0 {
		lo = distuv.Beta{Alpha: float64(hits), Beta: float64(n - hits + 1)}.Quantile(a)
	}
	if hits < n {
		hi = distuv.Beta{Alpha: float64(hits + 1), Beta: float64(n - hits)}.Quantile(1 - a)
	}
	return lo, hi
}
