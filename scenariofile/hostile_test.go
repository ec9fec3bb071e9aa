package scenariofile_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenariofile"
)

// TestHostileFiles runs every file of testdata/hostile through what the
// parley command does with it (validate, run, exact) and compares what
// each says with the file's .want, exactly. Each file must be answered
// within a bounded time and allocation: no crash, no hang, no runaway
// memory.
func TestHostileFiles(t *testing.T) {
	paths, err := filepath.Glob("testdata/hostile/*")
	require.NoError(t, err)
	n := 0
	for _, path := range paths {
		if strings.HasSuffix(path, ".want") || strings.HasSuffix(path, ".md") {
			continue
		}
		n++
		t.Run(filepath.Base(path), func(t *testing.T) {
			got := bounded(t, func() string { return answer(path) })
			want := path + ".want"
			if *update {
				require.NoError(t, os.WriteFile(want, []byte(got), 0o644))
			}
			data, err := os.ReadFile(want)
			require.NoError(t, err, "run go test ./scenariofile -run HostileFiles -update")
			assert.Equal(t, string(data), got)
		})
	}
	assert.GreaterOrEqual(t, n, 100, "the corpus has at least 100 files")
}

// answer is what validate, run and exact say of a file.
func answer(path string) string {
	var b strings.Builder
	sc, warnings, err := scenariofile.Check(path)
	if err != nil {
		fmt.Fprintf(&b, "validate: %v\n", strings.ReplaceAll(err.Error(), "testdata/hostile/", ""))
		return b.String()
	}
	fmt.Fprintf(&b, "validate: valid: %d states, %d transitions, %d events\n", sc.NumStates(), sc.NumTransitions(), sc.NumEvents())
	for _, w := range warnings {
		fmt.Fprintf(&b, "warning: %v\n", strings.ReplaceAll(w.String(), "testdata/hostile/", ""))
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	res, err := outcomes.Run(ctx, sc, &outcomes.Config{Runs: 256, Seed: 1, Workers: 2})
	switch {
	case err != nil:
		fmt.Fprintf(&b, "run: %v\n", err)
	case len(res.MonteCarlo.Faults) > 0:
		fmt.Fprintf(&b, "run: faults in %d of %d runs\n", res.MonteCarlo.Faults[0].Runs, res.MonteCarlo.Runs)
	default:
		fmt.Fprintf(&b, "run: %d runs over %d report days\n", res.MonteCarlo.Runs, len(res.Days))
	}
	ex, err := outcomes.Exact(ctx, sc, nil)
	switch {
	case errors.Is(err, outcomes.ErrNotExact):
		fmt.Fprintf(&b, "exact: %v\n", strings.ReplaceAll(scenariofile.Place(path, err).Error(), "testdata/hostile/", ""))
	case err != nil:
		fmt.Fprintf(&b, "exact: %v\n", err)
	default:
		sum := 0.0
		for _, f := range ex.Final {
			sum += f.P
		}
		fmt.Fprintf(&b, "exact: final probabilities sum to %.9f\n", sum)
	}
	return b.String()
}

// bounded runs f and fails the test if it takes more than 30 seconds or
// allocates more than 2 GiB.
func bounded(t *testing.T, f func() string) string {
	t.Helper()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	done := make(chan string, 1)
	go func() { done <- f() }()
	var got string
	select {
	case got = <-done:
	case <-time.After(30 * time.Second):
		t.Fatal("no answer within 30 seconds")
	}
	runtime.ReadMemStats(&after)
	assert.Less(t, after.TotalAlloc-before.TotalAlloc, uint64(2<<30), "allocated more than 2 GiB")
	return got
}
