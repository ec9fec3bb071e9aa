package outcomes_test

import (
	"bytes"
	"context"
	"errors"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
)

func TestPrecisionTargetIsMetInDoublingBatches(t *testing.T) {
	sc := referenceChain(t)
	res := run(t, sc, outcomes.Config{Runs: 5000, Seed: 3, Precision: 0.004, PrecisionFor: []string{"claim:bilateral-by-14", "final:framework"}})
	require.NotNil(t, res.MonteCarlo.Precision)
	assert.True(t, res.MonteCarlo.Precision.Met)
	assert.LessOrEqual(t, res.MonteCarlo.Precision.HalfWidth, 0.004)
	c, _ := res.Claim("bilateral-by-14")
	assert.LessOrEqual(t, c.HalfWidth(), 0.004)
	// 5000 rounds up to 5 blocks (5120 runs), then doubles: 5120·2^k.
	assert.Contains(t, []int64{5120, 10240, 20480, 40960, 81920}, res.MonteCarlo.Runs)
	// Half the runs would not have done: the batch before did not meet it.
	half := run(t, sc, outcomes.Config{Runs: int(res.MonteCarlo.Runs / 2), Seed: 3})
	h, _ := half.Claim("bilateral-by-14")
	f, _ := half.FinalState("framework")
	assert.Greater(t, max(h.HalfWidth(), f.HalfWidth()), 0.004)
}

func TestPrecisionRunEqualsAPlainRunOfTheSameLength(t *testing.T) {
	sc := markovSummit(t)
	precise := run(t, sc, outcomes.Config{Runs: 3000, Seed: 9, Precision: 0.01})
	plain := run(t, sc, outcomes.Config{Runs: int(precise.MonteCarlo.Runs), Seed: 9})
	precise.MonteCarlo.Precision = nil
	var a, b bytes.Buffer
	require.NoError(t, precise.WriteJSON(&a))
	require.NoError(t, plain.WriteJSON(&b))
	assert.Equal(t, b.String(), a.String())
}

func TestPrecisionSameAnswerForAnyWorkerCount(t *testing.T) {
	sc := markovSummit(t)
	var want string
	for _, w := range []int{1, 2, 5} {
		res := run(t, sc, outcomes.Config{Runs: 2000, Seed: 1, Workers: w, Precision: 0.008})
		var buf bytes.Buffer
		require.NoError(t, res.WriteJSON(&buf))
		if want == "" {
			want = buf.String()
			continue
		}
		assert.Equal(t, want, buf.String(), "workers=%d", w)
	}
}

func TestPrecisionStopsAtTheRunCap(t *testing.T) {
	res := run(t, referenceChain(t), outcomes.Config{Runs: 10_000, Seed: 1, Precision: 1e-4, MaxRuns: 50_000})
	require.NotNil(t, res.MonteCarlo.Precision)
	assert.False(t, res.MonteCarlo.Precision.Met)
	assert.EqualValues(t, 50_000, res.MonteCarlo.Runs)
	assert.Greater(t, res.MonteCarlo.Precision.HalfWidth, 1e-4)
	assert.NotEmpty(t, res.MonteCarlo.Precision.Widest)
	// Every format says so, not only JSON.
	var text, csv bytes.Buffer
	require.NoError(t, res.WriteText(&text, nil))
	require.NoError(t, res.WriteCSV(&csv))
	assert.Contains(t, text.String(), "precision NOT met: "+res.MonteCarlo.Precision.Widest)
	assert.Contains(t, csv.String(), "\nprecision_not_met,"+res.MonteCarlo.Precision.Widest+",")
}

func TestPartialResultIsMarkedInEveryFormat(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	res, err := outcomes.Run(ctx, referenceChain(t), &outcomes.Config{Runs: 5000})
	require.ErrorIs(t, err, context.Canceled)
	require.True(t, res.MonteCarlo.Partial)
	var text, csv, js bytes.Buffer
	require.NoError(t, res.WriteText(&text, nil))
	require.NoError(t, res.WriteCSV(&csv))
	require.NoError(t, res.WriteJSON(&js))
	assert.Contains(t, text.String(), "partial")
	assert.Contains(t, csv.String(), "\npartial,")
	assert.Contains(t, js.String(), `"partial": true`)
}

func TestPrecisionSelectorsAreChecked(t *testing.T) {
	_, err := outcomes.Run(context.Background(), referenceChain(t), &outcomes.Config{Precision: 0.01, PrecisionFor: []string{"claim:merz", "route:us"}})
	require.Error(t, err)
	assert.True(t, errors.Is(err, outcomes.ErrConfig))
	assert.Contains(t, err.Error(), `"claim:merz" name nothing in "reference-chain"`)
	_, err = outcomes.Run(context.Background(), referenceChain(t), &outcomes.Config{Precision: 0.7})
	assert.ErrorContains(t, err, "Precision: must be in (0, 0.5)")
	_, err = outcomes.Run(context.Background(), referenceChain(t), &outcomes.Config{PrecisionFor: []string{"route:us"}})
	assert.ErrorContains(t, err, "PrecisionFor: set without Precision")
}
