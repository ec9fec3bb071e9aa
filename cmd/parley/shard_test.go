package main

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestShardSpec(t *testing.T) {
	env := func(kv ...string) func(string) string {
		m := map[string]string{}
		for i := 0; i < len(kv); i += 2 {
			m[kv[i]] = kv[i+1]
		}
		return func(k string) string { return m[k] }
	}
	for _, tc := range []struct {
		spec        string
		env         func(string) string
		index, n    int
		errContains string
	}{
		{"3/16", env(), 3, 16, ""},
		{"0/1", env(), 0, 1, ""},
		{"16/16", env(), 0, 0, "the index must be from 0 to 15"},
		{"3", env(), 0, 0, "want i/n"},
		{"a/b", env(), 0, 0, "the count after / must be"},
		{"auto", env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "4"), 2, 4, ""},
		{"auto", env("SLURM_ARRAY_TASK_ID", "5", "SLURM_ARRAY_TASK_MIN", "4", "SLURM_ARRAY_TASK_COUNT", "4"), 1, 4, ""},
		{"auto/8", env("SLURM_ARRAY_TASK_ID", "2", "SLURM_ARRAY_TASK_COUNT", "4"), 0, 0, "SLURM_ARRAY_TASK_COUNT is 4"},
		{"auto", env("SLURM_ARRAY_TASK_ID", "2"), 0, 0, "SLURM_ARRAY_TASK_COUNT is not set"},
		{"auto", env("SLURM_ARRAY_TASK_ID", "9", "SLURM_ARRAY_TASK_COUNT", "4"), 0, 0, "must be contiguous"},
		{"auto/16", env("JOB_COMPLETION_INDEX", "7"), 7, 16, ""},
		{"auto", env("JOB_COMPLETION_INDEX", "7"), 0, 0, "give it, -shard auto/N"},
		{"auto/4", env("AWS_BATCH_JOB_ARRAY_INDEX", "3"), 3, 4, ""},
		{"auto/4", env("AWS_BATCH_JOB_ARRAY_INDEX", "4"), 0, 0, "not below the count 4"},
		{"auto/4", env("AWS_BATCH_JOB_ARRAY_INDEX", "x"), 0, 0, "is not a whole number"},
		{"auto", env(), 0, 0, "no batch engine's index in the environment"},
	} {
		i, n, err := shardSpec(tc.spec, tc.env)
		if tc.errContains != "" {
			assert.ErrorContains(t, err, tc.errContains, tc.spec)
			assert.ErrorIs(t, err, errUsage)
			continue
		}
		require.NoError(t, err, tc.spec)
		assert.Equal(t, [2]int{tc.index, tc.n}, [2]int{i, n}, tc.spec)
	}
}

// Shards written by the command and merged by it give the single run's
// output byte for byte, in every format, whatever the order of the files;
// the shards carry the file, so the merge does not need it.
func TestShardsMergeToTheSingleRun(t *testing.T) {
	dir := t.TempDir()
	scenarioFile := filepath.Join(dir, "chain.yaml")
	data, err := os.ReadFile("testdata/chain-params.yaml")
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(scenarioFile, data, 0o644))
	common := []string{"-runs", "9000", "-seed", "4", "-draw", "-set", "arrange_rate=0.2"}
	var shards []string
	for i, spec := range []string{"0/3", "1/3", "2/3"} {
		out := filepath.Join(dir, "s"+spec[:1]+".json")
		_, stderr, code := parley(t, append([]string{"run", scenarioFile, "-shard", spec, "-o", out}, common...)...)
		require.Equal(t, 0, code, "shard %d: %s", i, stderr)
		shards = append([]string{out}, shards...) // merge in reverse order
	}
	// {shard} names the file; the directory is made; merge takes it whole.
	_, stderr, code := parley(t, append([]string{"run", scenarioFile, "-shard", "1/3", "-o", filepath.Join(dir, "parts", "shard-{shard}.json")}, common...)...)
	require.Equal(t, 0, code, stderr)
	require.FileExists(t, filepath.Join(dir, "parts", "shard-1.json"))
	require.NoError(t, os.Rename(shards[0], filepath.Join(dir, "parts", "shard-2.json")))
	require.NoError(t, os.Rename(shards[2], filepath.Join(dir, "parts", "shard-0.json")))
	shards = []string{filepath.Join(dir, "parts")}
	require.NoError(t, os.Remove(scenarioFile))
	for _, format := range []string{"table", "json", "csv"} {
		merged, stderr, code := parley(t, append([]string{"merge", "-format", format}, shards...)...)
		require.Equal(t, 0, code, stderr)
		require.NoError(t, os.WriteFile(scenarioFile, data, 0o644))
		single, stderr, code := parley(t, append([]string{"run", scenarioFile, "-format", format}, common...)...)
		require.Equal(t, 0, code, stderr)
		require.NoError(t, os.Remove(scenarioFile))
		assert.Equal(t, single, merged, format)
	}
	_, stderr, code = parley(t, "merge", filepath.Join(dir, "parts", "shard-1.json"), filepath.Join(dir, "parts", "shard-2.json"))
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "of which 2 are given; missing shard [0]")
}

// Explorations split by -shard merge to the unsharded table (parley merge)
// and to the unsharded indices (parley sensitivity -tables).
func TestExplorationShardsMerge(t *testing.T) {
	dir := t.TempDir()
	common := []string{"-n", "8", "-runs", "100", "-seed", "2"}
	var parts []string
	for _, spec := range []string{"2/3", "0/3", "1/3"} {
		out := filepath.Join(dir, "e"+spec[:1]+".jsonl")
		_, stderr, code := parley(t, append([]string{"sensitivity", "chain-params.yaml", "-shard", spec, "-o", out}, common...)...)
		require.Equal(t, 0, code, stderr)
		parts = append(parts, out)
	}
	whole, stderr, code := parley(t, append([]string{"sensitivity", "chain-params.yaml"}, common...)...)
	require.Equal(t, 0, code, stderr)
	merged, stderr, code := parley(t, append(append([]string{"sensitivity", "chain-params.yaml", "-tables"}, common...), parts...)...)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, whole, merged)

	table, stderr, code := parley(t, append([]string{"explore", "chain-params.yaml", "-design", "sobol"}, common...)...)
	require.Equal(t, 0, code, stderr)
	mergedTable, stderr, code := parley(t, append([]string{"merge"}, parts...)...)
	require.Equal(t, 0, code, stderr)
	assert.Equal(t, table, mergedTable)

	_, stderr, code = parley(t, append(append([]string{"sensitivity", "chain-params.yaml", "-tables"}, common...), parts[:2]...)...)
	assert.Equal(t, 1, code)
	assert.Contains(t, stderr, "missing shard")
}
