package main

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/internal/benchrun"
	"github.com/parleysim/parley/internal/readme"
	"github.com/parleysim/parley/outcomes"
)

// BenchmarkReferenceChain times one full run of the reference chain per op,
// with everything the Result needs recorded, on one worker.
func BenchmarkReferenceChain(b *testing.B) {
	sc, err := Chain()
	require.NoError(b, err)
	benchrun.Runs(b, sc)
}

// BenchmarkReferenceChainCounts records only what the hand loop of bench/
// counts: the final states and the two claims.
func BenchmarkReferenceChainCounts(b *testing.B) {
	sc, err := Chain()
	require.NoError(b, err)
	benchrun.Outputs(b, sc, []string{"final", "claim:bilateral-by-14", "claim:trilateral-by-21"})
}

func TestOutputSameForAnyWorkerCount(t *testing.T) {
	var want []byte
	for _, workers := range []int{1, 2, 8} {
		var out bytes.Buffer
		_, err := report(context.Background(), &out, options{runs: 50_000, seed: 7, workers: workers})
		require.NoError(t, err)
		if want == nil {
			want = out.Bytes()
			continue
		}
		assert.Equal(t, string(want), out.String(), "workers=%d", workers)
	}
}

// TestAgreesWithExactValues checks the five quantities of the reference page
// against its exact values: each must lie in the 99.9% Wilson interval of 10^6
// runs. For one random seed each check would fail falsely with probability
// 0.001; the seed is fixed, so the test is not flaky.
func TestAgreesWithExactValues(t *testing.T) {
	if testing.Short() {
		t.Skip("10^6 runs; skipped with -short")
	}
	sc, err := Chain()
	require.NoError(t, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 1_000_000, Seed: 20250818, Confidence: 0.999})
	require.NoError(t, err)
	exact, err := outcomes.Exact(context.Background(), sc, nil)
	require.NoError(t, err)
	for _, q := range quantities {
		e, x := q.get(res), q.get(exact).P
		assert.InDelta(t, q.page, x, 1e-5, "%s: Exact against the reference page", q.name)
		assert.True(t, e.Contains(x), "%s: exact %.5f outside [%.5f, %.5f]", q.name, x, e.Lo, e.Hi)
		// The check has teeth: at 10^6 runs no half-width exceeds
		// z(0.9995)·sqrt(0.25/10^6) = 0.001645.
		assert.Less(t, e.HalfWidth(), 0.001645, q.name)
	}
}

func TestREADMEShowsWhatTheExamplePrints(t *testing.T) {
	want, err := readme.Block("../../docs/modelling.md", "reference-chain")
	require.NoError(t, err)
	var out bytes.Buffer
	_, err = report(context.Background(), &out, options{runs: defaultRuns, seed: defaultSeed})
	require.NoError(t, err)
	assert.Equal(t, want, out.String())
}
