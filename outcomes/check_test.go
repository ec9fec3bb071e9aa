package outcomes_test

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenariofile"
)

// Every Result that Run and Exact give passes Check, and reads back
// through ReadResult to the same Result.
func TestResultsOfRunsPassCheck(t *testing.T) {
	ctx := context.Background()
	for _, path := range []string{"../examples/scenarios/washington-summit.yaml", "../cmd/parley/testdata/chain.yaml", "../cmd/parley/testdata/talks.yaml"} {
		sc, err := scenariofile.Load(path)
		require.NoError(t, err)
		res, err := outcomes.Run(ctx, sc, &outcomes.Config{Runs: 3000, Seed: 7})
		require.NoError(t, err)
		require.NoError(t, res.Check(), path)
		var buf bytes.Buffer
		require.NoError(t, res.WriteJSON(&buf))
		back, err := outcomes.ReadResult(&buf)
		require.NoError(t, err, path)
		assert.Equal(t, res.Claims, back.Claims, path)
	}
	sc, err := scenariofile.Load("../cmd/parley/testdata/chain.yaml")
	require.NoError(t, err)
	ex, err := outcomes.Exact(ctx, sc, nil)
	require.NoError(t, err)
	require.NoError(t, ex.Check(), "exact")
	given, err := scenariofile.LoadObservations("../cmd/parley/testdata/chain-given.yaml", sc)
	require.NoError(t, err)
	res, err := outcomes.Run(ctx, sc, &outcomes.Config{Runs: 2000, Seed: 3, Given: given})
	require.NoError(t, err)
	require.NoError(t, res.Check(), "conditioned")
	res, err = outcomes.Run(ctx, sc, &outcomes.Config{Runs: 1000, Seed: 3, Precision: 0.02})
	require.NoError(t, err)
	require.NoError(t, res.Check(), "with precision")
}

// score scored a claim without p as 0, took a claim listed twice and a
// result of no runs. A result read from a file is checked, naming the field.
func TestReadResultRefusesForgedResults(t *testing.T) {
	sc, err := scenariofile.Load("../cmd/parley/testdata/chain.yaml")
	require.NoError(t, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 500, Seed: 1})
	require.NoError(t, err)
	var buf, compact bytes.Buffer
	require.NoError(t, res.WriteJSON(&buf))
	require.NoError(t, json.Compact(&compact, buf.Bytes()))
	good := compact.String()
	claim := `{"name":"bilateral-by-14","description":"bilateral reached by day 14","day":14,"p":`
	require.True(t, strings.Contains(good, claim), "the claim as WriteJSON writes it")
	for _, c := range []struct {
		name, old, new, want string
	}{
		{"no p", `"p":`, `"q":`, "final[0] has no p"},
		{"no runs", `"runs":500`, `"runs":0`, "runs is 0"},
		{"claim twice", `"claims":[`, `"claims":[` + claim + `0.5,"lo":0.4,"hi":0.6,"hits":250,"n":500},`, `claims[0] and claims[1] are both "bilateral-by-14"`},
		{"p above 1", `"p":`, `"p":1.5,"x":`, "final[0] (framework): p 1.5 with interval"},
		{"hits above runs", `"hits":`, `"hits":9999`, "9999115 hits of 500 runs"},
		{"not json", `{`, `[`, "not a result"},
		{"fired above 1", `"fired":{"p":`, `"fired":{"p":7,"x":`, "transitions[0] (call->arranged).fired: p 7"},
	} {
		forged := strings.Replace(good, c.old, c.new, 1)
		require.False(t, forged == good, c.name)
		_, err := outcomes.ReadResult(strings.NewReader(forged))
		require.ErrorIs(t, err, outcomes.ErrResult, c.name)
		assert.Contains(t, err.Error(), c.want, c.name)
	}
	env := `{"tool":"parley","result":` + good + `}`
	back, err := outcomes.ReadResult(strings.NewReader(env))
	require.NoError(t, err, "the envelope of parley run -format json")
	assert.Equal(t, res.MonteCarlo.Runs, back.MonteCarlo.Runs)
}

// A Result is of runs or exact, never both: each reads back into its own
// part, and a file that mixes the two is refused.
func TestResultReadsBackIntoItsPart(t *testing.T) {
	ctx := context.Background()
	sc, err := scenariofile.Load("../cmd/parley/testdata/chain.yaml")
	require.NoError(t, err)
	ex, err := outcomes.Exact(ctx, sc, nil)
	require.NoError(t, err)
	mc, err := outcomes.Run(ctx, sc, &outcomes.Config{Runs: 500, Seed: 2})
	require.NoError(t, err)
	require.Nil(t, ex.MonteCarlo)
	require.Nil(t, mc.Exact)
	for _, res := range []*outcomes.Result{ex, mc} {
		var buf bytes.Buffer
		require.NoError(t, res.WriteJSON(&buf))
		back, err := outcomes.ReadResult(bytes.NewReader(buf.Bytes()))
		require.NoError(t, err)
		assert.Equal(t, res.MonteCarlo, back.MonteCarlo)
		assert.Equal(t, res.Exact, back.Exact)
		var again bytes.Buffer
		require.NoError(t, back.WriteJSON(&again))
		assert.Equal(t, buf.String(), again.String(), "the bytes written again")
	}

	var buf, compact bytes.Buffer
	require.NoError(t, ex.WriteJSON(&buf))
	require.NoError(t, json.Compact(&compact, buf.Bytes()))
	good := compact.String()
	require.Contains(t, good, `"runs":0,"seed":0,"partial":false`)
	for _, forged := range []string{
		strings.Replace(good, `"runs":0`, `"runs":5`, 1),
		strings.Replace(good, `"paths":[]`, `"paths":[{"states":["a"],"p":1,"lo":1,"hi":1,"hits":0,"n":0}]`, 1),
		strings.Replace(good, `"exact":true,`, ``, 1),
	} {
		require.NotEqual(t, good, forged)
		_, err := outcomes.ReadResult(strings.NewReader(forged))
		assert.ErrorIs(t, err, outcomes.ErrResult, forged[:80])
	}
	assert.Error(t, (&outcomes.Result{Scenario: "x", Horizon: 1, Confidence: 0.95}).Check(), "neither part")
}
