package scenariofile_test

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/scenariofile"
)

var update = flag.Bool("update", false, "rewrite the expected messages under testdata/")

func TestValidFileLoads(t *testing.T) {
	sc, err := scenariofile.Load("testdata/valid.yaml")
	require.NoError(t, err)
	assert.Equal(t, "talks", sc.Name())
	assert.Equal(t, 3, sc.NumStates())
	assert.Len(t, sc.Claims(), 1)
}

// TestMalformedFiles loads every file under testdata/malformed and compares
// the error with the expected messages beside it (name.err), which -update
// rewrites. Each message names file, line, column and field.
func TestMalformedFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/malformed/*.yaml")
	require.NoError(t, err)
	require.GreaterOrEqual(t, len(files), 25)
	for _, path := range files {
		t.Run(filepath.Base(path), func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { _, err = scenariofile.Load(path) })
			require.Error(t, err)
			assert.True(t, errors.Is(err, scenariofile.ErrFile), "%v", err)
			got := err.Error() + "\n"
			golden := strings.TrimSuffix(path, ".yaml") + ".err"
			if *update {
				require.NoError(t, os.WriteFile(golden, []byte(got), 0o644))
			}
			want, err := os.ReadFile(golden)
			require.NoError(t, err, "run go test ./scenariofile -update to create it")
			assert.Equal(t, string(want), got)
			assert.Contains(t, got, path+":", "the message names the file")
		})
	}
}

func TestJSONIsAcceptedToo(t *testing.T) {
	json := `{"name": "coin", "start": "call", "horizon": 10,
	  "states": [{"name": "call"}, {"name": "yes", "absorbing": true}, {"name": "no", "absorbing": true}],
	  "transitions": [{"from": "call", "rate": 1, "branch": [{"to": "yes", "p": 0.5}, {"to": "no", "p": 0.5}]}]}`
	sc, err := scenariofile.Parse("coin.json", []byte(json))
	require.NoError(t, err)
	assert.Equal(t, "coin", sc.Name())
}
