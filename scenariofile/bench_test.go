package scenariofile_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/internal/benchrun"
	"github.com/parleysim/parley/scenariofile"
)

// BenchmarkEveryConstruct times one full run of testdata/constructs.yaml,
// a scenario using every newer construct of the language (acceptance per
// meeting, a scheduled move, rates and a delay that read the world,
// combined claims and claims about a day), with everything the Result
// needs recorded, on one worker.
func BenchmarkEveryConstruct(b *testing.B) {
	sc, err := scenariofile.Load("testdata/constructs.yaml")
	require.NoError(b, err)
	benchrun.Runs(b, sc)
}
