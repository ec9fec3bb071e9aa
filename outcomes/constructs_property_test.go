package outcomes_test

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// constructsChain draws a chain that uses the constructs exact analysis
// reads: rates that read the world, meetings whose participants accept by
// a rule of their own at one meeting, by their party's rule at another,
// meetings declined for good (runs stuck there) or declined into another
// state, negated claims, and, in half the chains, effects of transitions
// and events that change the variables those rates and rules read (the
// chain then runs over states and values), with routes and events claimed.
func constructsChain(t *rapid.T) *scenario.Scenario {
	n := rapid.IntRange(3, 12).Draw(t, "states")
	absorbing := rapid.IntRange(1, 2).Draw(t, "absorbing")
	transient := n - absorbing
	name := func(i int) string { return "s" + strconv.Itoa(i) }
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "x", Min: 0, Max: 1}},
		[]actors.Actor{
			{ID: "A", Capability: actors.Fixed(1)},
			{ID: "B", Capability: actors.Fixed(1), Accept: scenario.When{Guard: scenario.Condition{Text: "trust >= 1"}}},
		},
		[]actors.Position{
			{Actor: "A", Issue: "x", Ideal: actors.Fixed(0.3)},
			{Actor: "B", Issue: "x", Ideal: actors.Fixed(0.7)},
		})
	require.NoError(t, err)
	b := scenario.New("constructs").Start("s0").Horizon(rapid.Float64Range(5, 60).Draw(t, "horizon")).Actors(m)
	b.Var("trust", param.Const(float64(rapid.IntRange(0, 2).Draw(t, "trust"))))
	b.Var("pressure", param.Const(rapid.Float64Range(0, 3).Draw(t, "pressure")))
	for i := range n {
		st := b.State(name(i))
		if i >= transient {
			st.Absorbing()
		}
	}
	changing := rapid.Bool().Draw(t, "changing")
	seen := map[[2]int]bool{}
	edge := func(i, j int) {
		if i == j || seen[[2]int{i, j}] {
			return
		}
		seen[[2]int{i, j}] = true
		base := rapid.Float64Range(0.01, 1).Draw(t, "rate")
		tr := b.Transition(name(i), name(j))
		switch rapid.IntRange(0, 3).Draw(t, "kind") {
		case 0: // a plain rate
			tr.Delay(scenario.Exp(base))
		case 1: // a rate that reads the world
			tr.Delay(scenario.Exp(param.Expr(strconv.FormatFloat(base, 'g', -1, 64) + " * (1 + pressure)")))
		case 2: // a meeting where B accepts by a rule of its own here
			own := rapid.SampledFrom([]string{"trust >= 1", "trust >= 2", "pressure < 1.5"}).Draw(t, "own")
			tr.Delay(scenario.Exp(base)).Participants("A", "B").Accept("B", scenario.When{Guard: scenario.Condition{Text: own}})
			if rapid.Bool().Draw(t, "declineTo") {
				tr.OnDecline(scenario.AfterDecline{To: name(rapid.IntRange(0, n-1).Draw(t, "declinedTo"))})
			}
		default: // a meeting where B accepts by its party's rule
			tr.Delay(scenario.Exp(base)).Participants("A", "B")
		}
		if changing && rapid.IntRange(0, 3).Draw(t, "effect") == 0 {
			tr.Do(scenario.Assign("trust", "2 - trust")) // stays within 0, 1, 2
		}
	}

	for i := 0; i < transient-1; i++ {
		edge(i, i+1)
	}
	for j := transient; j < n; j++ {
		edge(transient-1, j)
	}
	for range rapid.IntRange(0, n).Draw(t, "extra") {
		edge(rapid.IntRange(0, transient-1).Draw(t, "from"), rapid.IntRange(0, n-1).Draw(t, "to"))
	}
	if changing {
		states := func(label string) []string {
			var out []string
			for i := range transient {
				if rapid.Bool().Draw(t, label) {
					out = append(out, name(i))
				}
			}
			return append(out, name(0))
		}
		for k := range rapid.IntRange(1, 2).Draw(t, "events") {
			ev := b.Event("e" + strconv.Itoa(k)).Occurs(scenario.Exp(rapid.Float64Range(0.02, 0.5).Draw(t, "eventRate"))).In(states("eventIn")...)
			switch rapid.IntRange(0, 2).Draw(t, "eventKind") {
			case 0:
				ev.When(scenario.Condition{Text: "trust < 2"}).Do(scenario.Assign("trust", "trust + 1"))
			case 1:
				ev.Do(scenario.Assign("trust", "0"))
			default:
				ev.Do(scenario.Assign("pressure", "3 - pressure"))
			}
			if rapid.IntRange(0, 3).Draw(t, "goto") == 0 {
				ev.Goto(name(rapid.IntRange(0, n-1).Draw(t, "gotoState")))
			}
			b.Claim(scenario.Occurred("e"+strconv.Itoa(k), 0, rapid.Float64Range(1, 60).Draw(t, "eventBy")).Named("occurred-e" + strconv.Itoa(k)))
		}
		route := []string{name(0), name(rapid.IntRange(0, n-1).Draw(t, "routeNext"))}
		b.Route("r", route...)
		b.Claim(scenario.RouteAt("r", rapid.Float64Range(1, 60).Draw(t, "routeBy"), scenario.RouteCompleted).Named("route-r"))
	}
	for k := range rapid.IntRange(1, 3).Draw(t, "claims") {
		c := scenario.Entered(name(rapid.IntRange(1, n-1).Draw(t, "claimed")), 0, rapid.Float64Range(1, 60).Draw(t, "by"))
		if rapid.Bool().Draw(t, "not") {
			c = c.Negate()
		}
		b.Claim(c.Named("c" + strconv.Itoa(k)))
	}
	sc, err := b.Build()
	require.NoError(t, err)
	return sc
}

// TestPropertyConstructsExactAndMonteCarloAgree checks that runs and exact
// analysis agree on the final states (stuck runs among them) and on the
// claims of chains that use the modelling language's newer constructs.
func TestPropertyConstructsExactAndMonteCarloAgree(t *testing.T) {
	if testing.Short() {
		t.Skip("Monte Carlo on every drawn chain; skipped with -short")
	}
	rapid.Check(t, func(t *rapid.T) {
		sc := constructsChain(t)
		ex, err := outcomes.Exact(context.Background(), sc, nil)
		require.NoError(t, err)
		seed := rapid.Uint64().Draw(t, "seed")
		mc, err := outcomes.Run(t.Context(), sc, &outcomes.Config{Runs: 20_000, Seed: seed})
		require.NoError(t, err)
		// As in TestPropertyExactAndMonteCarloAgree: Clopper–Pearson
		// intervals, Bonferroni at 1 - 1e-6 per chain.
		conf := 1 - 1e-6/float64(len(ex.Final)+len(ex.Claims))
		for _, f := range ex.Final {
			e, ok := mc.FinalState(f.Name)
			if !ok { // no run ended so: stuck and the like are listed only when some did
				e = outcomes.Estimate{Hits: 0, N: mc.MonteCarlo.Runs}
			}
			lo, hi := clopperPearson(e.Hits, e.N, conf)
			require.True(t, f.P >= lo && f.P <= hi, "%s: exact %v outside [%v, %v] (%d of %d runs)", f.Name, f.P, lo, hi, e.Hits, e.N)
		}
		for i, c := range ex.Claims {
			e := mc.Claims[i].Estimate
			lo, hi := clopperPearson(e.Hits, e.N, conf)
			require.True(t, c.Estimate.P >= lo && c.Estimate.P <= hi, "claim %s: exact %v outside [%v, %v]", c.Description, c.Estimate.P, lo, hi)
		}
	})
}
