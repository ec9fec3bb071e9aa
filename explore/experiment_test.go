package explore_test

import (
	"bytes"
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// twoGates is a scenario whose claim is exactly the product of two
// parameters: the run passes gate one with probability p1, then gate two
// with probability p2, and the claim is that it gets through both.
func twoGates(t testing.TB) *scenario.Scenario {
	b := scenario.New("two-gates").Start("a").Horizon(50)
	b.State("a")
	b.State("b")
	b.State("through").Absorbing()
	b.State("stopped").Absorbing()
	for _, p := range []string{"p1", "p2"} {
		b.Param(param.Parameter{Name: p, Default: 0.5, Min: 0, Max: 1})
	}
	not := func(p string) param.Num {
		return param.Formula("1 - "+p, func(a []float64) float64 { return 1 - a[0] }, p)
	}
	b.Branching("a", scenario.To("b", param.P("p1")), scenario.To("stopped", not("p1"))).Delay(scenario.Exp(1))
	b.Branching("b", scenario.To("through", param.P("p2")), scenario.To("stopped", not("p2"))).Delay(scenario.Exp(1))
	b.Claim(scenario.Entered("through", 0, 50).Named("through")) // both steps done by day 50 but for e^-50
	sc, err := b.Build()
	require.NoError(t, err)
	return sc
}

func TestSobolOfAScenarioMatchesTheClosedForm(t *testing.T) {
	// P(through) = p1·p2 with p1, p2 uniform on [0, 1]: S1 = S2 = 3/7,
	// ST1 = ST2 = 4/7. Exactly, the outputs carry no noise.
	sc := twoGates(t)
	s, err := explore.ParameterSpace(sc, nil, false)
	require.NoError(t, err)
	d, err := explore.Saltelli(s, 2048, 1, true)
	require.NoError(t, err)
	table, err := explore.Run(context.Background(), sc, d, &explore.Config{Exact: true, Outputs: []string{"claim:through"}})
	require.NoError(t, err)
	y, noise, err := table.Column("claim:through")
	require.NoError(t, err)
	for e, x := range table.X {
		require.InDelta(t, x[0]*x[1], y[e], 1e-9, "experiment %d", e)
	}
	res, err := explore.Sobol(d, y, &explore.SobolOptions{Noise: noise, Seed: 1, Confidence: 0.99})
	require.NoError(t, err)
	assert.Zero(t, res.NoiseShare)
	for _, ix := range res.Indices {
		assert.True(t, ix.S1Lo <= 3.0/7 && 3.0/7 <= ix.S1Hi, "%+v", ix)
		assert.True(t, ix.STLo <= 4.0/7 && 4.0/7 <= ix.STHi, "%+v", ix)
	}
}

func TestSobolOfAScenarioByMonteCarlo(t *testing.T) {
	// The same by runs: the noise is reported, and with 4,000 runs per
	// experiment the indices are still near the closed form.
	sc := twoGates(t)
	s, _ := explore.ParameterSpace(sc, nil, false)
	d, err := explore.Saltelli(s, 256, 2, true)
	require.NoError(t, err)
	table, err := explore.Run(context.Background(), sc, d, &explore.Config{Runs: 4000, Seed: 3, Outputs: []string{"claim:through"}})
	require.NoError(t, err)
	y, noise, _ := table.Column("claim:through")
	res, err := explore.Sobol(d, y, &explore.SobolOptions{Noise: noise, Seed: 1})
	require.NoError(t, err)
	assert.Greater(t, res.NoiseShare, 0.0)
	assert.Less(t, res.NoiseShare, 0.05, "4,000 runs: a noise variance of about 0.25/4000 against 7/144")
	for _, ix := range res.Indices {
		assert.InDelta(t, 3.0/7, ix.S1, 0.1, "%+v", ix)
		assert.InDelta(t, 4.0/7, ix.ST, 0.1, "%+v", ix)
	}
}

func TestExperimentsAreTheSameForAnyWorkerCount(t *testing.T) {
	sc := twoGates(t)
	s, _ := explore.ParameterSpace(sc, nil, false)
	d, err := explore.LatinHypercube(s, 24, 5)
	require.NoError(t, err)
	var want string
	for _, workers := range []int{1, 3, 8} {
		table, err := explore.Run(context.Background(), sc, d, &explore.Config{Runs: 500, Seed: 9, Workers: workers})
		require.NoError(t, err)
		var out bytes.Buffer
		require.NoError(t, table.WriteCSV(&out))
		if workers == 1 {
			want = out.String()
			continue
		}
		assert.Equal(t, want, out.String(), "workers %d", workers)
	}
}

func TestCommonRandomNumbers(t *testing.T) {
	// Two experiments with the same values give the same outputs: every
	// experiment draws the same streams.
	sc := twoGates(t)
	s, _ := explore.ParameterSpace(sc, nil, false)
	d, err := explore.Cases(s, []string{"one", "again"}, [][]float64{{0.3, 0.6}, {0.3, 0.6}})
	require.NoError(t, err)
	table, err := explore.Run(context.Background(), sc, d, &explore.Config{Runs: 700, Seed: 4})
	require.NoError(t, err)
	assert.Equal(t, table.Y[0], table.Y[1])
}

func TestTablesRoundTrip(t *testing.T) {
	sc := twoGates(t)
	s, _ := explore.ParameterSpace(sc, nil, false)
	d, err := explore.Cases(s, []string{"low", "high"}, [][]float64{{0.1, 0.2}, {0.9, 0.8}})
	require.NoError(t, err)
	table, err := explore.Run(context.Background(), sc, d, &explore.Config{Runs: 300, Seed: 4})
	require.NoError(t, err)
	for name, write := range map[string]func(*bytes.Buffer) error{
		"csv":   func(b *bytes.Buffer) error { return table.WriteCSV(b) },
		"jsonl": func(b *bytes.Buffer) error { return table.WriteJSONL(b) },
	} {
		var buf bytes.Buffer
		require.NoError(t, write(&buf), name)
		back, err := explore.ReadTable(&buf)
		require.NoError(t, err, name)
		assert.Equal(t, table.Inputs, back.Inputs, name)
		assert.Equal(t, table.Outputs, back.Outputs, name)
		assert.Equal(t, table.X, back.X, name)
		assert.Equal(t, table.Y, back.Y, name)
		assert.Equal(t, table.SE, back.SE, name)
		assert.Equal(t, []string{"low", "high"}, back.Names, name)
		assert.Equal(t, explore.KindCases, back.Kind, name)
		assert.Equal(t, 300, back.Runs, name)
	}
}

func TestRunStopsWhenCancelled(t *testing.T) {
	sc := twoGates(t)
	s, _ := explore.ParameterSpace(sc, nil, false)
	d, _ := explore.LatinHypercube(s, 200, 1)
	ctx, cancel := context.WithCancel(context.Background())
	table, err := explore.Run(ctx, sc, d, &explore.Config{Runs: 200, Workers: 1, Progress: func(done, total int) {
		if done == 10 {
			cancel()
		}
	}})
	require.ErrorIs(t, err, context.Canceled)
	require.NotNil(t, table)
	assert.True(t, table.Partial)
	done := 0
	for _, ok := range table.Done {
		if ok {
			done++
		}
	}
	assert.GreaterOrEqual(t, done, 10)
	assert.Less(t, done, 200)
}

func TestOutputsOfAgreedValues(t *testing.T) {
	sc, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	require.NoError(t, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 2000, Seed: 1, DrawParameters: true}) // the US level varies: agreements spread
	require.NoError(t, err)
	one, se1, err := explore.Output(res, "agreed:guarantees-meeting/guarantees/mean")
	require.NoError(t, err)
	all, seAll, err := explore.Output(res, "agreed:guarantees/mean")
	require.NoError(t, err)
	assert.InDelta(t, one, all, 0.05, "the day-1 meeting holds most guarantee agreements")
	assert.Greater(t, se1, 0.0)
	assert.Greater(t, seAll, 0.0)
	d1, _, err := explore.Output(res, "decline:call->arranged/RU")
	require.NoError(t, err)
	d2, _, err := explore.Output(res, "decline:RU/call->arranged")
	require.NoError(t, err)
	assert.Equal(t, d1, d2, "either order names the same decline")
	_, _, err = explore.Output(res, "agreed:guarantees")
	assert.ErrorContains(t, err, "want agreed:<issue>/mean")
	_, _, err = explore.Output(res, "agreed:nothing/mean")
	assert.ErrorContains(t, err, `no meeting agrees on "nothing"`)

	// An exact Result tallies no agreements: an error, never a panic.
	chain, err := scenariofile.Load("../cmd/parley/testdata/chain.yaml")
	require.NoError(t, err)
	ex, err := outcomes.Exact(context.Background(), chain, nil)
	require.NoError(t, err)
	_, _, err = explore.Output(ex, "agreed:guarantees/mean")
	assert.ErrorContains(t, err, "exact analysis tallies no agreements")
}

// A table's identity holds the scenario's fingerprint: the same design run
// on another version of the scenario is another exploration.
func TestTableIdentityHoldsTheScenario(t *testing.T) {
	sc := twoGates(t)
	space, err := explore.ParameterSpace(sc, nil, false)
	require.NoError(t, err)
	d, err := explore.LatinHypercube(space, 4, 1)
	require.NoError(t, err)
	cfg := &explore.Config{Runs: 50, Seed: 1}
	table, err := explore.Run(context.Background(), sc, d, cfg)
	require.NoError(t, err)
	assert.Equal(t, explore.TableIdentity(sc, d, cfg), table.Identity)
	other, err := sc.With(map[string]float64{space.Names[0]: space.Lo[0]})
	require.NoError(t, err)
	assert.NotEqual(t, table.Identity, explore.TableIdentity(other, d, cfg), "other parameter values, another fingerprint")
	more := *cfg
	more.Runs = 60
	assert.NotEqual(t, table.Identity, explore.TableIdentity(sc, d, &more))
}

// TestForgedTablesAreRefused: tables no explore run writes are refused
// with the row or column at fault, not read into nonsense.
func TestForgedTablesAreRefused(t *testing.T) {
	head := "# parley explore: design lhs, runs 10, seed 1, exact false, partial false\nexperiment,case,p,claim:x,se:claim:x\n"
	for name, tc := range map[string]struct{ text, want string }{
		"experiment twice":        {head + "0,,0.5,0.1,0.01\n0,,0.6,0.2,0.01\n", "row 3"},
		"experiments reversed":    {head + "1,,0.5,0.1,0.01\n0,,0.6,0.2,0.01\n", "row 3"},
		"experiment not a number": {head + "one,,0.5,0.1,0.01\n", "row 2"},
		"infinite output":         {head + "0,,0.5,+Inf,0.01\n", "claim:x"},
		"unknown design": {"# parley explore: design magic, runs 10, seed 1, exact false, partial false\n" +
			"experiment,case,p,claim:x,se:claim:x\n0,,0.5,0.1,0.01\n", "magic"},
	} {
		_, err := explore.ReadTable(bytes.NewReader([]byte(tc.text)))
		if assert.Error(t, err, name) {
			assert.Contains(t, err.Error(), tc.want, name)
		}
	}
	_, err := explore.ReadTable(bytes.NewReader([]byte(head + "0,,0.5,0.1,0.01\n4,,0.6,0.2,0.01\n")))
	assert.NoError(t, err, "experiments increasing with gaps, as a shard writes them")
}
