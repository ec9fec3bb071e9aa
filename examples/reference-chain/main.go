// Command reference-chain runs the reference chain, a small continuous-time
// version of the seed situation with fixed rates, and prints its five test
// quantities as Monte Carlo estimates with their intervals beside the exact
// values that outcomes.Exact computes.
//
//	go run ./examples/reference-chain -runs 1000000 -seed 1
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"text/tabwriter"
	"time"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// The chain's rates per day, as given in the reference page.
const (
	rateCallArranged      = 0.10
	rateCallExpert        = 0.05
	rateCallStalled       = 0.03
	rateExpertArranged    = 0.04
	rateExpertStalled     = 0.03
	rateArrangedBilateral = 0.15
	rateArrangedStalled   = 0.05
	rateBilateralTri      = 0.10
	rateBilateralStalled  = 0.04
	rateTriFramework      = 0.05
	rateTriStalled        = 0.02
	horizonDays           = 90
)

// Chain builds the reference chain.
func Chain() (*scenario.Scenario, error) {
	b := scenario.New("reference-chain").
		Describe("fixed-rate chain of the seed situation: a test vector and a benchmark workload").
		States("call", "expert", "arranged", "bilateral", "trilateral").
		Start("call").
		Horizon(horizonDays)
	b.State("framework").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(rateCallArranged))
	b.Transition("call", "expert").Delay(scenario.Exp(rateCallExpert))
	b.Transition("call", "stalled").Delay(scenario.Exp(rateCallStalled))
	b.Transition("expert", "arranged").Delay(scenario.Exp(rateExpertArranged))
	b.Transition("expert", "stalled").Delay(scenario.Exp(rateExpertStalled))
	b.Transition("arranged", "bilateral").Delay(scenario.Exp(rateArrangedBilateral))
	b.Transition("arranged", "stalled").Delay(scenario.Exp(rateArrangedStalled))
	b.Transition("bilateral", "trilateral").Delay(scenario.Exp(rateBilateralTri))
	b.Transition("bilateral", "stalled").Delay(scenario.Exp(rateBilateralStalled))
	b.Transition("trilateral", "framework").Delay(scenario.Exp(rateTriFramework))
	b.Transition("trilateral", "stalled").Delay(scenario.Exp(rateTriStalled))
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("bilateral-by-14"))
	b.Claim(scenario.Entered("trilateral", 0, 21).Named("trilateral-by-21"))
	return b.Build()
}

// quantity is one of the reference page's five test quantities, with the
// value the page gives (to 5 decimals), which the tests check Exact against.
type quantity struct {
	name string
	page float64
	get  func(*outcomes.Result) outcomes.Estimate
}

func final(name string) func(*outcomes.Result) outcomes.Estimate {
	return func(r *outcomes.Result) outcomes.Estimate { e, _ := r.FinalState(name); return e }
}

func claim(name string) func(*outcomes.Result) outcomes.Estimate {
	return func(r *outcomes.Result) outcomes.Estimate { e, _ := r.Claim(name); return e }
}

var quantities = []quantity{
	{"P(framework by day 90)", 0.26849, final("framework")},
	{"P(stalled by day 90)", 0.72388, final("stalled")},
	{"P(open at day 90)", 0.00763, final("open")},
	{"P(bilateral reached by day 14)", 0.34189, claim("bilateral-by-14")},
	{"P(trilateral reached by day 21)", 0.23084, claim("trilateral-by-21")},
}

// The flags' defaults; the README shows the output they give.
const (
	defaultRuns = 1_000_000
	defaultSeed = 1
)

type options struct {
	runs    int
	seed    uint64
	workers int
}

// report runs the chain and writes the comparison table.
func report(ctx context.Context, w io.Writer, o options) (*outcomes.Result, error) {
	sc, err := Chain()
	if err != nil {
		return nil, err
	}
	res, err := outcomes.Run(ctx, sc, &outcomes.Config{Runs: o.runs, Seed: o.seed, Workers: o.workers})
	if err != nil {
		return nil, err
	}
	exact, err := outcomes.Exact(context.Background(), sc, nil)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(w, "reference chain: %d runs, seed %d, %g%% Wilson intervals\n\n", res.MonteCarlo.Runs, res.MonteCarlo.Seed, 100*res.Confidence)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "quantity\testimate\tinterval\texact\tinside")
	for _, q := range quantities {
		e, x := q.get(res), q.get(exact).P
		inside := "yes"
		if !e.Contains(x) {
			inside = "no"
		}
		fmt.Fprintf(tw, "%s\t%.5f\t[%.5f, %.5f]\t%.5f\t%s\n", q.name, e.P, e.Lo, e.Hi, x, inside)
	}
	return res, tw.Flush()
}

func main() {
	var o options
	flag.IntVar(&o.runs, "runs", defaultRuns, "number of runs")
	flag.Uint64Var(&o.seed, "seed", defaultSeed, "random seed")
	flag.IntVar(&o.workers, "workers", 0, "worker goroutines (0: GOMAXPROCS)")
	flag.Parse()
	start := time.Now()
	if _, err := report(context.Background(), os.Stdout, o); err != nil {
		fmt.Fprintln(os.Stderr, "reference-chain:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "%d runs in %v\n", o.runs, time.Since(start).Round(time.Millisecond))
}
