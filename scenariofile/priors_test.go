package scenariofile_test

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// TestPriorsRoundTrip checks that priors written are read back as they
// were, and that a scenario takes them by name or by another name.
func TestPriorsRoundTrip(t *testing.T) {
	learned := []param.Parameter{
		{Name: "agree_share", Description: "learned: a share", Default: 0.4, Min: 0, Max: 1, Prior: distuv.Beta{Alpha: 4, Beta: 6}},
		{Name: "agree_mean_days", Description: "learned: days", Default: 9, Prior: distuv.Gamma{Alpha: 9, Beta: 1}},
	}
	var buf bytes.Buffer
	require.NoError(t, scenariofile.WritePriors(&buf, "learnt from\ntwo lines", learned))
	assert.Contains(t, buf.String(), "# learnt from\n# two lines\nparameters:")
	path := filepath.Join(t.TempDir(), "priors.yaml")
	require.NoError(t, os.WriteFile(path, buf.Bytes(), 0o644))
	got, err := scenariofile.LoadPriors(path)
	require.NoError(t, err)
	require.Len(t, got, 2)
	assert.Equal(t, learned[0].Prior, got[0].Prior)
	assert.Equal(t, learned[1].Prior, got[1].Prior)
	assert.Equal(t, 0.4, got[0].Default)
	assert.False(t, got[1].Ranged())

	sc := talksTemplateScenario(t)
	out, err := scenariofile.ApplyPriors(sc, got, nil)
	require.NoError(t, err)
	ps := out.Parameters()
	assert.Equal(t, learned[0].Prior, ps[0].Prior)
	assert.Equal(t, "learned: a share", ps[0].Description)
	assert.Equal(t, 9.0, ps[1].Default)
	assert.Equal(t, 0.4, out.Values()["agree_share"], "the new default is the value")

	// By another name: agree_mean_days takes nothing, agree_share takes
	// the prior learnt for agree_share; the days prior is taken by none.
	_, err = scenariofile.ApplyPriors(sc, got, map[string]string{"agree_mean_days": "agree_share"})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "applying priors")
	only := got[:1]
	out, err = scenariofile.ApplyPriors(sc, only, map[string]string{"agree_mean_days": "agree_share"})
	require.NoError(t, err)
	ps = out.Parameters()
	assert.Equal(t, "agree_mean_days", ps[1].Name, "declared anew under its own name")
	assert.Equal(t, learned[0].Prior, ps[1].Prior)
	assert.Equal(t, []float64{0, 1}, []float64{ps[1].Min, ps[1].Max})
	assert.Nil(t, ps[0].Prior, "agree_share keeps its own declaration")
	_, err = scenariofile.ApplyPriors(sc, only, map[string]string{"agree_shar": "agree_share"})
	assert.ErrorContains(t, err, `"agree_shar" is not a parameter of talks (did you mean "agree_share"?)`)
	_, err = scenariofile.ApplyPriors(sc, only, map[string]string{"agree_share": "nothing"})
	assert.ErrorContains(t, err, `no prior "nothing" is given`)
	_, err = scenariofile.ApplyPriors(sc, []param.Parameter{{Name: "other", Default: 1}}, nil)
	assert.ErrorContains(t, err, `the prior of "other" is taken by no parameter of talks`)
}

// talksTemplateScenario is the talks template as a scenario.
func talksTemplateScenario(t *testing.T) *scenario.Scenario {
	t.Helper()
	sc, err := scenariofile.Parse("talks.yaml", []byte(talksTemplate))
	require.NoError(t, err)
	return sc
}

// TestLoadPriorsRefuses checks that a priors file is held to a scenario
// file's rules for parameters, each problem at its line.
func TestLoadPriorsRefuses(t *testing.T) {
	dir := writeFiles(t, map[string]string{"p.yaml": `parameters:
  - {name: a, default: 2, range: [0, 1]}
  - {name: b, default: 0.5, range: [0.2, 0.8], prior: {dist: beta, alpha: 2, beta: 2}}
  - {name: c, default: 1, colour: red}
`, "empty.yaml": "parameters: []\n"})
	_, err := scenariofile.LoadPriors(filepath.Join(dir, "p.yaml"))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "p.yaml:4:27: ")
	_, err = scenariofile.LoadPriors(filepath.Join(dir, "empty.yaml"))
	assert.ErrorContains(t, err, "no parameters listed")
}
