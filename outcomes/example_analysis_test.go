package outcomes_test

import (
	"context"
	"fmt"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// exampleSummit builds a small Markovian scenario: a meeting is arranged at the
// given rate, or the talks stall.
func exampleSummit(arrange float64) *scenario.Scenario {
	b := scenario.New("summit").States("call", "arranged").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(arrange))
	b.Transition("call", "stalled").Delay(scenario.Exp(0.05))
	b.Transition("arranged", "bilateral").Delay(scenario.Exp(0.2))
	b.Transition("arranged", "stalled").Delay(scenario.Exp(0.05))
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz"))
	sc, err := b.Build()
	if err != nil {
		panic(err)
	}
	return sc
}

// Diff compares two variants run with the same seed: the difference of
// two proportions with Newcombe's hybrid score interval (conservative for
// runs that share their random numbers).
func ExampleDiff() {
	ctx := context.Background()
	cfg := &outcomes.Config{Runs: 50_000, Seed: 1}
	slow, _ := outcomes.Run(ctx, exampleSummit(0.1), cfg)
	fast, _ := outcomes.Run(ctx, exampleSummit(0.3), cfg)
	a, _ := slow.Claim("merz")
	b, _ := fast.Claim("merz")
	d := outcomes.Diff(b, a)
	fmt.Printf("summit by day 14: %.3f against %.3f, difference %+.3f [%+.3f, %+.3f]\n", a.P, b.P, d.D, d.Lo, d.Hi)
	// Output: summit by day 14: 0.391 against 0.624, difference +0.233 [+0.227, +0.239]
}

// Estimate addresses any probability of a Result by a stable key, as the
// command's -outputs and the explore package do.
func ExampleResult_Estimate() {
	res, err := outcomes.Run(context.Background(), exampleSummit(0.2), &outcomes.Config{Runs: 20_000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, key := range []string{"claim:merz", "final:stalled", "state:arranged@7", "route:nowhere"} {
		e, err := res.Estimate(key)
		if err != nil {
			fmt.Println(err)
			continue
		}
		fmt.Printf("%s: %.3f [%.3f, %.3f]\n", key, e.P, e.Lo, e.Hi)
	}
	// Output:
	// claim:merz: 0.554 [0.547, 0.560]
	// final:stalled: 0.356 [0.349, 0.362]
	// state:arranged@7: 0.667 [0.660, 0.673]
	// outcomes: key "route:nowhere": no route "nowhere" in the result of "summit"
}

// Precision runs in doubling batches until every interval is that narrow
// (or MaxRuns is reached), and says how it ended.
func ExampleConfig_precision() {
	res, err := outcomes.Run(context.Background(), exampleSummit(0.2), &outcomes.Config{
		Runs: 1024, Seed: 1, Precision: 0.005, PrecisionFor: []string{"claim:merz"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	merz, _ := res.Claim("merz")
	fmt.Printf("%d runs: merz %.3f ± %.4f; target met: %t\n", res.MonteCarlo.Runs, merz.P, merz.HalfWidth(), res.MonteCarlo.Precision.Met)
	// Output: 65536 runs: merz 0.552 ± 0.0038; target met: true
}

// NewMarkov reads a Markovian scenario as its chain: the absorption
// probabilities from each transient state, and the expected days to
// absorption.
func ExampleNewMarkov() {
	sc := exampleSummit(0.2)
	m, err := outcomes.NewMarkov(sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	b, transient, absorbing, days, err := m.Absorption()
	if err != nil {
		fmt.Println(err)
		return
	}
	for i, s := range transient {
		fmt.Printf("from %s:", sc.StateName(s))
		for j, a := range absorbing {
			fmt.Printf(" %s %.3f", sc.StateName(a), b.At(i, j))
		}
		fmt.Printf(", %.1f days\n", days[i])
	}
	// Output:
	// from call: bilateral 0.640 stalled 0.360, 7.2 days
	// from arranged: bilateral 0.800 stalled 0.200, 4.0 days
}

// LikelihoodRatio compares how likely two variants make what was observed
// (here, that the meeting was arranged within a week): the share of runs
// consistent with it, run by run with the same seed.
func ExampleLikelihoodRatio() {
	ctx := context.Background()
	cfg := &outcomes.Config{Runs: 10_000, Seed: 1, Given: []scenario.Statement{scenario.Entered("arranged", 0, 7)}}
	a, _ := outcomes.Run(ctx, exampleSummit(0.1), cfg)
	b, _ := outcomes.Run(ctx, exampleSummit(0.3), cfg)
	r := outcomes.LikelihoodRatio(b.Given.Likelihood, a.Given.Likelihood, 0.95)
	fmt.Printf("likelihood %.3f against %.3f: ratio %.2f [%.2f, %.2f], %s\n",
		b.Given.Likelihood.P, a.Given.Likelihood.P, r.Ratio, r.Lo, r.Hi, r.Verdict())
	// Output: likelihood 0.785 against 0.430: ratio 1.82 [1.79, 1.86], the observations favour B
}

// ScoreForecasts scores results against what happened: Brier and log
// scores and Murphy's decomposition.
func ExampleScoreForecasts() {
	ctx := context.Background()
	slow, _ := outcomes.Exact(ctx, exampleSummit(0.1), nil)
	fast, _ := outcomes.Exact(ctx, exampleSummit(0.3), nil)
	for _, res := range []*outcomes.Result{slow, fast} {
		s, err := outcomes.ScoreForecasts([]*outcomes.Result{res}, []scenario.Statement{scenario.ClaimNamed("merz").Known(scenario.TruthHeld, "", "")}, 10)
		if err != nil {
			fmt.Println(err)
			return
		}
		merz, _ := res.Claim("merz")
		fmt.Printf("forecast %.3f: Brier %.3f, log %.3f\n", merz.P, s.Brier, s.Log)
	}
	// Output:
	// forecast 0.394: Brier 0.367, log 0.931
	// forecast 0.626: Brier 0.140, log 0.468
}

// Exact follows a variable that a rate reads and an event changes: the
// chain runs over (state, trust), and every answer is still by state.
// Here a gesture (rate 0.1) raises trust from 0 to 1, which speeds a deal
// from 0.02 to 0.2 a day: P(no deal by t) = e^{-0.12t} + 0.1/(0.12 - 0.2)
// (e^{-0.2t} - e^{-0.12t}), 0.3433 at day 14.
func ExampleExact_followsValues() {
	b := scenario.New("gesture").States("talks").Start("talks").Horizon(30)
	b.State("deal").Absorbing()
	b.Var("trust", param.Const(0))
	b.Transition("talks", "deal").Delay(scenario.Exp(param.Expr("0.02 + 0.18 * trust")))
	b.Event("gesture").Occurs(scenario.Exp(0.1)).Do(scenario.Assign("trust", "1"))
	b.Claim(scenario.Entered("deal", 0, 14).Named("deal-14"))
	sc, err := b.Build()
	if err != nil {
		panic(err)
	}
	ex, err := outcomes.Exact(context.Background(), sc, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	deal, _ := ex.Claim("deal-14")
	fmt.Printf("deal by day 14: %.4f\n", deal.P)
	// Output:
	// deal by day 14: 0.6567
}
