// Package benchrun times full runs of a scenario for the examples'
// benchmarks: one op is one run, with everything the Result needs recorded,
// on one worker; or only the outputs asked for.
package benchrun

import (
	"context"
	"testing"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// Runs runs sc b.N times and reports runs/s beside ns/op.
func Runs(b *testing.B, sc *scenario.Scenario) { Outputs(b, sc, nil) }

// Outputs is Runs recording only the outputs given (outcomes.Config.Outputs).
func Outputs(b *testing.B, sc *scenario.Scenario, outputs []string) {
	b.Helper()
	b.ReportAllocs()
	b.ResetTimer()
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: b.N, Seed: 1, Workers: 1, Outputs: outputs})
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if res.MonteCarlo.Runs != int64(b.N) {
		b.Fatalf("%d runs, want %d", res.MonteCarlo.Runs, b.N)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
}
