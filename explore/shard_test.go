package explore_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/explore"
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

	n := d.Len()
	var parts []*explore.Table
	for i := 2; i >= 0; i-- {
		c := cfg
		c.From, c.To = i*n/3, (i+1)*n/3
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
	assert.ErrorContains(t, err, "is in none of the 2 tables: a shard is missing")
	_, err = explore.MergeTables([]*explore.Table{parts[0], parts[0], parts[1], parts[2]}, []string{"p2", "p2again", "p1", "p0"})
	assert.ErrorContains(t, err, "is in both p2 and p2again")
}
