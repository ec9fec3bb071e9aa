package explore_test

import (
	"context"
	"fmt"
	"math/rand/v2"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// Sobol indices of a plain Go function: f = x1·x2 on the unit square has
// S1 = S2 = 3/7 and ST1 = ST2 = 4/7.
func ExampleSobol() {
	space, _ := explore.Box([]string{"x1", "x2"}, []float64{0, 0}, []float64{1, 1})
	d, _ := explore.Saltelli(space, 4096, 1, true)
	y := explore.Evaluate(d, func(x []float64) float64 { return x[0] * x[1] })
	res, _ := explore.Sobol(d, y, nil)
	for _, ix := range res.Indices {
		fmt.Printf("%s: S1 %.2f, ST %.2f\n", ix.Name, ix.S1, ix.ST)
	}
	// Output:
	// x1: S1 0.43, ST 0.57
	// x2: S1 0.42, ST 0.57
}

// Morris screening: on a linear function every elementary effect is the
// coefficient, so mu* is its size and sigma is 0.
func ExampleMorrisEffects() {
	space, _ := explore.Box([]string{"a", "b"}, []float64{0, 0}, []float64{1, 1})
	d, _ := explore.Morris(space, 10, 4, 1)
	effects, _ := explore.MorrisEffects(d, explore.Evaluate(d, func(x []float64) float64 { return 3*x[0] - x[1] }))
	for _, e := range effects {
		fmt.Printf("%s: mu* %.1f, sigma %.1f\n", e.Name, e.MuStar, e.Sigma)
	}
	// Output:
	// a: mu* 3.0, sigma 0.0
	// b: mu* 1.0, sigma 0.0
}

// Experiments over a scenario's parameters: a Latin hypercube over the
// range of the rate at which a meeting is arranged, 200 runs each, the
// same runs in every experiment.
func ExampleRun() {
	b := scenario.New("summit").Start("call").Horizon(30)
	b.State("call")
	b.State("met").Absorbing()
	b.Param(param.Parameter{Name: "pace", Default: 0.1, Min: 0.02, Max: 0.5})
	b.Transition("call", "met").Delay(scenario.Exp(param.P("pace")))
	b.Claim(scenario.Entered("met", 0, 14).Named("within-14"))
	sc, _ := b.Build()
	space, _ := explore.ParameterSpace(sc, nil, false)
	d, _ := explore.LatinHypercube(space, 5, 1)
	table, _ := explore.Run(context.Background(), sc, d, &explore.Config{Runs: 200, Seed: 1, Outputs: []string{"claim:within-14"}})
	for e := range table.X {
		fmt.Printf("pace %.3f: P(within 14 days) %.2f\n", table.X[e][0], table.Y[e][0])
	}
	// Output:
	// pace 0.106: P(within 14 days) 0.80
	// pace 0.343: P(within 14 days) 0.98
	// pace 0.163: P(within 14 days) 0.89
	// pace 0.214: P(within 14 days) 0.96
	// pace 0.493: P(within 14 days) 1.00
}

// Scenario discovery: PRIM finds where the cases of interest lie.
func ExamplePRIM() {
	rng := rand.New(rand.NewPCG(1, 2))
	var x [][]float64
	var y []bool
	for range 2000 {
		a, b := rng.Float64(), rng.Float64()
		x = append(x, []float64{a, b})
		y = append(y, a > 0.7)
	}
	res, _ := explore.PRIM([]string{"a", "b"}, x, y, nil)
	box := res.Box()
	fmt.Printf("a from %.1f, b restricted: %v; density %.2f, coverage %.2f\n", box.Lo[0], box.Restricted[1], box.Density, box.Coverage)
	// Output:
	// a from 0.7, b restricted: false; density 0.99, coverage 1.00
}

// Calibrate learns a meeting's rate from three negotiations of the same
// kind: the first met within a day, the second between days 1 and 3, the
// third not within ten days. The posterior's 90% interval is printed
// beside the prior's, and Predict gives what the record says of a new
// case still without a meeting on day 1.
func ExampleCalibrate() {
	b := scenario.New("waiting").States("called").Start("called").Horizon(10)
	b.Param(param.Parameter{Name: "rate", Default: 0.3, Min: 0.02, Max: 1.5})
	b.State("held").Absorbing()
	b.Transition("called", "held").Delay(scenario.Exp(param.P("rate")))
	b.Claim(scenario.Entered("held", 0, 3).Named("held-by-3"))
	sc, _ := b.Build()
	cases := []explore.History{
		{Name: "a", Scenario: sc, Observations: []scenario.Statement{scenario.Entered("held", 0, 1)}},
		{Name: "b", Scenario: sc, Observations: []scenario.Statement{scenario.Entered("held", 1, 3)}},
		{Name: "c", Scenario: sc, Observations: []scenario.Statement{scenario.Entered("held", 0, 10).Negate()}},
	}
	space, _ := explore.ParameterSpace(sc, nil, false)
	post, err := explore.Calibrate(context.Background(), cases, space, &explore.ABCConfig{Method: explore.SMC, Particles: 1000, Runs: 100, Seed: 1})
	if err != nil {
		fmt.Println(err)
		return
	}
	m := post.Marginals[0]
	fmt.Printf("rate: prior 90%% [%.2f, %.2f], posterior 90%% [%.2f, %.2f]\n", m.PriorQ05, m.PriorQ95, m.Q05, m.Q95)
	now := explore.History{Name: "now", Scenario: sc, Observations: []scenario.Statement{scenario.Entered("held", 0, 1).Negate()}}
	pred, _ := explore.Predict(context.Background(), post, now, 200, 1, 0)
	fmt.Printf("%s given no meeting on day 1: %.2f\n", pred[0].Key, pred[0].P)
	// Output:
	// rate: prior 90% [0.09, 1.43], posterior 90% [0.07, 0.52]
	// claim:held-by-3 given no meeting on day 1: 0.37
}
