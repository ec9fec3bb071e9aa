package explore_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
)

// Shards of an exploration, written as JSON Lines and read back, merge into
// the table of the whole run, bit for bit.
func TestShardedExplorationMerges(t *testing.T) {
	sc := twoGates(t)
	space, err := explore.ParameterSpace(sc, nil, false)
	require.NoError(t, err)
	d, err := explore.Saltelli(space, 8, 3, true)
	require.NoError(t, err)
	cfg := explore.Config{Runs: 300, Seed: 5}
	whole, err := explore.Run(context.Background(), sc, d, &cfg)
	require.NoError(t, err)

	var parts []*explore.Table
	for i := 2; i >= 0; i-- {
		c := cfg
		c.Shard, c.Shards = i, 3
		part, err := explore.Run(context.Background(), sc, d, &c)
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, part.WriteJSONL(&buf))
		back, err := explore.ReadTable(&buf)
		require.NoError(t, err)
		parts = append(parts, back)
	}
	merged, err := explore.MergeTables(parts, []string{"p2", "p1", "p0"})
	require.NoError(t, err)
	var a, b bytes.Buffer
	require.NoError(t, whole.WriteJSONL(&a))
	require.NoError(t, merged.WriteJSONL(&b))
	assert.Equal(t, a.String(), b.String())
	ya, _, err := whole.Column(whole.Outputs[0])
	require.NoError(t, err)
	yb, _, err := merged.Column(whole.Outputs[0])
	require.NoError(t, err)
	assert.Equal(t, ya, yb)

	_, err = explore.MergeTables(parts[:2], []string{"p2", "p1"})
	assert.ErrorContains(t, err, "of which 2 are given; missing shard [0]")
	_, err = explore.MergeTables([]*explore.Table{parts[0], parts[0], parts[1], parts[2]}, []string{"p2", "p2again", "p1", "p0"})
	assert.ErrorContains(t, err, "p2 and p2again are both shard 2 of 3")

	// A shard of another exploration (another seed) is told apart by its
	// identity, and a shard whose rows are not its own is refused.
	c := cfg
	c.Seed, c.Shard, c.Shards = 6, 1, 3
	other, err := explore.Run(context.Background(), sc, d, &c)
	require.NoError(t, err)
	_, err = explore.MergeTables([]*explore.Table{parts[0], other, parts[2]}, []string{"p2", "other", "p0"})
	assert.ErrorIs(t, err, outcomes.ErrShards)
	assert.ErrorContains(t, err, "other is a shard of another computation")
	forged := *parts[1]
	forged.Done = append([]bool(nil), forged.Done...)
	forged.Done[0] = true
	forged.X = append([][]float64(nil), forged.X...)
	forged.X[0], forged.Y, forged.SE = parts[2].X[0], append([][]float64(nil), forged.Y...), append([][]float64(nil), forged.SE...)
	forged.Y[0], forged.SE[0] = parts[2].Y[0], parts[2].SE[0]
	_, err = explore.MergeTables([]*explore.Table{parts[0], &forged, parts[2]}, []string{"p2", "forged", "p0"})
	assert.ErrorContains(t, err, "forged, shard 1 of 3, does not hold exactly experiments")
}
