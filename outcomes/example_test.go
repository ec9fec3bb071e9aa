package outcomes_test

import (
	"context"
	"fmt"
	"os"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

func ExampleRun() {
	b := scenario.New("summit").States("call", "arranged").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(0.2))
	b.Transition("call", "stalled").Delay(scenario.Exp(0.05))
	b.Transition("arranged", "bilateral").Delay(scenario.Days(5))
	b.Transition("arranged", "stalled").Delay(scenario.Exp(0.05))
	b.Route("us-proposal", "call", "arranged", "bilateral")
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz"))
	sc, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 100_000, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	merz, _ := res.Claim("merz")
	fmt.Printf("P(bilateral by day 14) = %.3f [%.3f, %.3f]\n", merz.P, merz.Lo, merz.Hi)
	route, _ := res.Route("us-proposal")
	completed, open, closed, err := route.At(res, 7)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("day 7: completed %.3f, open %.3f, closed %.3f\n", completed.P, open.P, closed.P)
	// Output:
	// P(bilateral by day 14) = 0.558 [0.555, 0.561]
	// day 7: completed 0.246, open 0.472, closed 0.282
}

func ExampleResult_WriteText() {
	b := scenario.New("coin").States("call").Start("call").Horizon(10)
	b.State("yes").Absorbing()
	b.State("no").Absorbing()
	b.Branching("call", scenario.To("yes", 0.5), scenario.To("no", 0.5)).Delay(scenario.Days(1))
	sc, _ := b.Build()
	res, _ := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 1000, Seed: 1})
	res.WriteText(os.Stdout, nil)
	// Output:
	// coin: 1000 runs, seed 1, horizon 10 days
	//
	// Final state  P       95% interval
	// yes          0.5110  [0.4800, 0.5419]
	// no           0.4890  [0.4581, 0.5200]
	// open         0.0000  [0.0000, 0.0038]
	// mean day of the end, in the 1000 runs that ended by the horizon: 1.0 [1.0, 1.0]
	//
	// Path           P       95% interval
	// call → yes     0.5110  [0.4800, 0.5419]
	// call → no      0.4890  [0.4581, 0.5200]
	// (other paths)  0.0000  [0.0000, 0.0038]
}

func ExampleWilson() {
	e := outcomes.Wilson(42, 120, 0.95)
	fmt.Printf("%.3f [%.3f, %.3f]\n", e.P, e.Lo, e.Hi)
	// Output: 0.350 [0.271, 0.439]
}

func ExampleReplay() {
	b := scenario.New("summit").States("call").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "bilateral").Delay(scenario.Exp(0.1))
	b.Transition("call", "stalled").Delay(scenario.Exp(0.05))
	sc, _ := b.Build()
	// Run 7 of outcomes.Run with seed 1, step by step.
	tr, err := outcomes.Replay(sc, 1, 7, scenario.RunOptions{})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, s := range tr.Steps {
		fmt.Printf("day %.2f: %s\n", s.Day, sc.StateName(s.State))
	}
	// Output:
	// day 0.00: call
	// day 3.55: bilateral
}

// Exact answers a Markovian scenario without sampling; rates of very
// different sizes in one chain are fine.
func ExampleExact() {
	b := scenario.New("stiff").States("call").Start("call").Horizon(30)
	b.State("met").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "met").Delay(scenario.Exp(1e12))
	b.Transition("call", "stalled").Delay(scenario.Exp(1))
	sc, _ := b.Build()
	res, err := outcomes.Exact(context.Background(), sc, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	stalled, _ := res.FinalState("stalled")
	met, _ := res.State("met")
	fmt.Printf("P(stalled) = %.6g\n", stalled.P)
	fmt.Printf("median entry into met: %.2g days\n", met.EntryDay[2].Day)
	// Output:
	// P(stalled) = 1e-12
	// median entry into met: 6.9e-13 days
}

// Conditioning on what has been observed: by day 7 the meeting was
// arranged and nothing had stalled. Run keeps the runs consistent with it
// and reports their share, the likelihood of the observations.
func ExampleConfig_given() {
	b := scenario.New("summit").States("call", "arranged").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(0.2))
	b.Transition("call", "stalled").Delay(scenario.Exp(0.05))
	b.Transition("arranged", "bilateral").Delay(scenario.Exp(0.1))
	b.Transition("arranged", "stalled").Delay(scenario.Exp(0.05))
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz"))
	sc, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	given := []scenario.Statement{
		scenario.Entered("arranged", 0, 7),
		scenario.Entered("stalled", 0, 7).Negate(),
	}
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 20_000, Seed: 1, Given: given})
	if err != nil {
		fmt.Println(err)
		return
	}
	ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Given: given})
	if err != nil {
		fmt.Println(err)
		return
	}
	mc, _ := res.Claim("merz")
	exact, _ := ex.Claim("merz")
	fmt.Printf("likelihood %.2f (exact %.2f)\n", res.Given.Likelihood.P, ex.Given.Likelihood.P)
	fmt.Printf("summit by day 14, given the first week: %.2f (exact %.2f)\n", mc.P, exact.P)
	// Output:
	// likelihood 0.56 (exact 0.56)
	// summit by day 14, given the first week: 0.64 (exact 0.64)
}

// A run split into shards, as the tasks of a batch array would run them,
// merges into the Result of the unsharded run, bit for bit.
func ExampleMerge() {
	b := scenario.New("summit").States("call", "arranged").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(0.2))
	b.Transition("call", "stalled").Delay(scenario.Exp(0.05))
	b.Transition("arranged", "bilateral").Delay(scenario.Exp(0.1))
	b.Transition("arranged", "stalled").Delay(scenario.Exp(0.05))
	sc, err := b.Build()
	if err != nil {
		fmt.Println(err)
		return
	}
	cfg := &outcomes.Config{Runs: 50_000, Seed: 3}
	var shards []*outcomes.Shard
	for i := range 4 { // each a task of its own, anywhere
		sh, err := outcomes.RunShard(context.Background(), sc, cfg, i, 4)
		if err != nil {
			fmt.Println(err)
			return
		}
		shards = append(shards, sh)
	}
	merged, err := outcomes.Merge(sc, shards, nil)
	if err != nil {
		fmt.Println(err)
		return
	}
	whole, _ := outcomes.Run(context.Background(), sc, cfg)
	m, _ := merged.FinalState("bilateral")
	w, _ := whole.FinalState("bilateral")
	fmt.Println(m == w, merged.MonteCarlo.Runs)
	// Output:
	// true 50000
}

// ScoreCasebook scores each case's forecasts against what happened, beside
// a baseline that forecasts each case at the other cases' base rate.
func ExampleScoreCasebook() {
	claim := func(scenario, name string, p float64) *outcomes.Result {
		return &outcomes.Result{Scenario: scenario, Claims: []outcomes.ClaimResult{{Name: name, Estimate: outcomes.Estimate{P: p, Lo: p, Hi: p}}}}
	}
	bt, _ := outcomes.ScoreCasebook([]outcomes.CaseRecord{
		{Name: "summit", Result: claim("summit", "met-in-a-week", 0.8), Happened: []scenario.Statement{scenario.ClaimNamed("met-in-a-week").Known(scenario.TruthHeld, "", "")}},
		{Name: "treaty", Result: claim("treaty", "signed-in-a-month", 0.3), Happened: []scenario.Statement{scenario.ClaimNamed("signed-in-a-month").Known(scenario.TruthNotHeld, "", "")}},
		{Name: "ceasefire", Result: claim("ceasefire", "holds-a-week", 0.4), Happened: []scenario.Statement{scenario.ClaimNamed("holds-a-week").Known(scenario.TruthNotHeld, "", "")}},
	}, 10)
	for _, c := range bt.Cases {
		fmt.Printf("%s: Brier %.3f, baseline %.3f\n", c.Name, c.Brier, c.BaselineBrier)
	}
	fmt.Printf("all: Brier %.3f, baseline %.3f\n", bt.Model.Brier, bt.Baseline.Brier)
	// Output:
	// summit: Brier 0.040, baseline 0.562
	// treaty: Brier 0.090, baseline 0.250
	// ceasefire: Brier 0.160, baseline 0.250
	// all: Brier 0.097, baseline 0.354
}
