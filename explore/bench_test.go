package explore_test

import (
	"context"
	"math/rand/v2"
	"testing"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// The check: a Sobol analysis of the washington file over its 49
// parameters costs within 10% of the same number of plain runs. Both
// benchmarks run 8 base samples (8 × 51 = 408 experiments) of 2,000 runs,
// 816,000 runs in all, on one worker, and report nanoseconds per run:
// compare them with
//
//	go test -run X -bench 'Washington' -benchtime 3x ./explore
const (
	benchBase = 8
	benchRuns = 2000
)

func BenchmarkSobolWashington(b *testing.B) {
	sc, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	if err != nil {
		b.Fatal(err)
	}
	space, err := explore.ParameterSpace(sc, nil, false)
	if err != nil {
		b.Fatal(err)
	}
	var runs int
	for b.Loop() {
		d, err := explore.Saltelli(space, benchBase, 1, true)
		if err != nil {
			b.Fatal(err)
		}
		table, err := explore.Run(context.Background(), sc, d, &explore.Config{Runs: benchRuns, Seed: 1, Workers: 1})
		if err != nil {
			b.Fatal(err)
		}
		for _, key := range table.Outputs {
			y, noise, _ := table.Column(key)
			if _, err := explore.Sobol(d, y, &explore.SobolOptions{Noise: noise, Bootstrap: 100}); err != nil {
				b.Fatal(err)
			}
		}
		runs += d.Len() * benchRuns
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(runs), "ns/run")
}

func BenchmarkPlainRunsWashington(b *testing.B) { plainRunsWashington(b, nil) }

// BenchmarkPlainRunsWashingtonOutputs is BenchmarkPlainRunsWashington
// recording only the outputs the Sobol table reads (its default outputs):
// the plain runs a Sobol analysis is to be compared with.
func BenchmarkPlainRunsWashingtonOutputs(b *testing.B) {
	sc, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	if err != nil {
		b.Fatal(err)
	}
	plainRunsWashington(b, explore.DefaultOutputs(sc))
}

// plainRunsWashington times as many plain runs as the Sobol benchmark
// makes, recording the outputs given (nil: everything).
func plainRunsWashington(b *testing.B, outputs []string) {
	sc, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	if err != nil {
		b.Fatal(err)
	}
	space, _ := explore.ParameterSpace(sc, nil, false)
	total := benchBase * (space.Dim() + 2) * benchRuns
	var runs int
	for b.Loop() {
		if _, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: total, Seed: 1, Workers: 1, Outputs: outputs}); err != nil {
			b.Fatal(err)
		}
		runs += total
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(runs), "ns/run")
}

// BenchmarkBareRunsAtDesignPoints times the runs alone, at the same points
// of the same design, without tallies, results or analysis: the cost a
// Sobol analysis cannot avoid. Its points run differently from the
// defaults, so compare the Sobol benchmark with this one for the overhead.
func BenchmarkBareRunsAtDesignPoints(b *testing.B) {
	sc, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	if err != nil {
		b.Fatal(err)
	}
	space, _ := explore.ParameterSpace(sc, nil, false)
	d, err := explore.Saltelli(space, benchBase, 1, true)
	if err != nil {
		b.Fatal(err)
	}
	bound := make([]*scenario.Scenario, d.Len())
	for e, x := range d.X {
		values := map[string]float64{}
		for i, name := range space.Names {
			values[name] = x[i]
		}
		if bound[e], err = sc.With(values); err != nil {
			b.Fatal(err)
		}
	}
	var runs int
	b.ResetTimer()
	for b.Loop() {
		for _, s := range bound {
			r := s.NewRunner(scenario.RunOptions{})
			var src rand.PCG
			rng := rand.New(&src)
			for i := range benchRuns {
				src.Seed(1, uint64(i))
				r.Run(rng)
			}
		}
		runs += d.Len() * benchRuns
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(runs), "ns/run")
}

// BenchmarkPRIM finds the constructed box among 100,000 experiments of 10
// inputs: the scale of a large exploration.
func BenchmarkPRIM(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 1))
	n, k := 100_000, 10
	x := make([][]float64, n)
	y := make([]bool, n)
	names := make([]string, k)
	for j := range names {
		names[j] = string(rune('a' + j))
	}
	for i := range x {
		x[i] = make([]float64, k)
		for j := range x[i] {
			x[i][j] = rng.Float64()
		}
		y[i] = x[i][0] > 0.5 && x[i][1] < 0.3
	}
	for b.Loop() {
		if _, err := explore.PRIM(names, x, y, nil); err != nil {
			b.Fatal(err)
		}
	}
}
