package explore_test

import (
	"context"
	"fmt"
	"reflect"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// pacedSummit is a scenario with two parameters: the rate at which a
// meeting is held, and the rate at which talks stall.
func pacedSummit() *scenario.Scenario {
	b := scenario.New("summit").Start("call").Horizon(30)
	b.State("call")
	b.State("met").Absorbing()
	b.State("stalled").Absorbing()
	b.Param(param.Parameter{Name: "pace", Default: 0.1, Min: 0.05, Max: 0.45})
	b.Param(param.Parameter{Name: "stall", Default: 0.02, Min: 0, Max: 0.1})
	b.Transition("call", "met").Delay(scenario.Exp(param.P("pace")))
	b.Transition("call", "stalled").Delay(scenario.Exp(param.P("stall")))
	b.Claim(scenario.Entered("met", 0, 14).Named("within-14"))
	sc, err := b.Build()
	if err != nil {
		panic(err)
	}
	return sc
}

// A full factorial design over the parameters' ranges, each experiment
// computed exactly (the scenario is Markovian): outputs without noise.
func ExampleFactorial() {
	sc := pacedSummit()
	space, _ := explore.ParameterSpace(sc, nil, false)
	d, _ := explore.Factorial(space, 2)
	table, err := explore.Run(context.Background(), sc, d, &explore.Config{Exact: true, Outputs: []string{"claim:within-14"}})
	if err != nil {
		fmt.Println(err)
		return
	}
	for e := range table.X {
		fmt.Printf("pace %.2f, stall %.2f: P(within 14 days) %.3f\n", table.X[e][0], table.X[e][1], table.Y[e][0])
	}
	// Output:
	// pace 0.05, stall 0.00: P(within 14 days) 0.503
	// pace 0.05, stall 0.10: P(within 14 days) 0.293
	// pace 0.45, stall 0.00: P(within 14 days) 0.998
	// pace 0.45, stall 0.10: P(within 14 days) 0.818
}

// Named cases: the analyst's own table of values, with the others at
// their defaults (here, a parameter held fixed).
func ExampleCases() {
	sc := pacedSummit()
	space, _ := explore.ParameterSpace(sc, map[string]float64{"stall": 0.05}, false)
	d, err := explore.Cases(space, []string{"slow", "fast"}, [][]float64{{0.05}, {0.4}})
	if err != nil {
		fmt.Println(err)
		return
	}
	table, _ := explore.Run(context.Background(), sc, d, &explore.Config{Exact: true, Outputs: []string{"claim:within-14", "final:stalled"}})
	for e, name := range table.Names {
		fmt.Printf("%s: P(within 14 days) %.3f, P(stalled) %.3f\n", name, table.Y[e][0], table.Y[e][1])
	}
	// Output:
	// slow: P(within 14 days) 0.446, P(stalled) 0.251
	// fast: P(within 14 days) 0.950, P(stalled) 0.048
}

// Shards of a design, run anywhere (here one after the other), merge into
// the table of the unsharded run.
func ExampleMergeTables() {
	sc := pacedSummit()
	space, _ := explore.ParameterSpace(sc, nil, false)
	d, _ := explore.LatinHypercube(space, 10, 1)
	ctx := context.Background()
	whole, _ := explore.Run(ctx, sc, d, &explore.Config{Runs: 500, Seed: 1})
	first, _ := explore.Run(ctx, sc, d, &explore.Config{Runs: 500, Seed: 1, Shard: 0, Shards: 2})
	rest, _ := explore.Run(ctx, sc, d, &explore.Config{Runs: 500, Seed: 1, Shard: 1, Shards: 2})
	merged, err := explore.MergeTables([]*explore.Table{rest, first}, []string{"rest", "first"})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(reflect.DeepEqual(merged, whole), len(merged.Y))
	_, err = explore.MergeTables([]*explore.Table{first}, []string{"first"})
	fmt.Println(err)
	// Output:
	// true 10
	// outcomes: shards do not merge: first is one of 2 shards, of which 1 are given; missing shard [1]
}

// A history for calibration is what happened to a scenario's claims, as
// an outcomes file says it; Output reads a Result as an explore output,
// with its standard error.
func ExampleHistory() {
	sc := pacedSummit()
	h := explore.History{Name: "talks-2024", Scenario: sc,
		Observations: []scenario.Statement{scenario.ClaimNamed("within-14").Known(scenario.TruthNotHeld, "", "")}}
	fmt.Println(h.Name, h.Observations)
	res, _ := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 10_000, Seed: 1})
	p, se, _ := explore.Output(res, "claim:within-14")
	fmt.Printf("P(within 14 days) %.3f, standard error %.4f\n", p, se)
	// Output:
	// talks-2024 [claim within-14 (did not hold)]
	// P(within 14 days) 0.684, standard error 0.0046
}
