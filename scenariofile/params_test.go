package scenariofile_test

import (
	"bytes"
	"math/rand/v2"
	"os"
	"strconv"
	"strings"
	"testing"

	"github.com/parleysim/parley/problem"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// literal is params.yaml with every expression replaced by its value at
// the given parameters, written by hand.
func literal(pressure, delayDays, shape, threshold float64) string {
	r := strings.NewReplacer(
		`"threshold + 0.1"`, ftoa(threshold+0.1),
		`"1 + pressure"`, ftoa(1+pressure),
		`salience: "pressure"`, "salience: "+ftoa(pressure),
		`max: "pressure / 2"`, "max: "+ftoa(pressure/2),
		`rate: "0.1 * pressure"`, "rate: "+ftoa(0.1*pressure),
		`alpha: shape, beta: "shape / delay_days"`, "alpha: "+ftoa(shape)+", beta: "+ftoa(shape/delayDays),
		`"trust >= threshold"`, `"trust >= `+ftoa(threshold)+`"`,
		`p: pressure}`, "p: "+ftoa(pressure)+"}",
		`weights: ["1 - pressure", "pressure"]`, "weights: ["+ftoa(1-pressure)+", "+ftoa(pressure)+"]",
		`"1 - pressure"`, ftoa(1-pressure),
		`fixed: delay_days`, "fixed: "+ftoa(delayDays),
		`day: "delay_days * 2", p: pressure`, "day: "+ftoa(delayDays*2)+", p: "+ftoa(pressure),
	)
	return r.Replace(paramsFile)
}

func ftoa(x float64) string { return strings.TrimSpace(strings.ReplaceAll(fmtG(x), "+", "")) }

var paramsFile = mustRead("testdata/params.yaml")

func TestFileParametersBindLikeLiterals(t *testing.T) {
	sc, err := scenariofile.Parse("params.yaml", []byte(paramsFile))
	require.NoError(t, err)
	require.Len(t, sc.Parameters(), 4)
	for _, vals := range []map[string]float64{
		{},
		{"pressure": 0.8, "delay_days": 2},
		{"shape": 3.5, "threshold": 0.45, "pressure": 0.2},
	} {
		bound, err := sc.With(vals)
		require.NoError(t, err)
		v := bound.Values()
		lit, err := scenariofile.Parse("literal.yaml", []byte(literal(v["pressure"], v["delay_days"], v["shape"], v["threshold"])))
		require.NoError(t, err, literal(v["pressure"], v["delay_days"], v["shape"], v["threshold"]))
		rb, rl := bound.NewRunner(scenario.RunOptions{}), lit.NewRunner(scenario.RunOptions{})
		for seed := range uint64(200) {
			tb, tl := rb.Run(rand.New(rand.NewPCG(seed, 1))), rl.Run(rand.New(rand.NewPCG(seed, 1)))
			require.Equal(t, tl.Steps, tb.Steps, "%v seed %d", vals, seed)
			require.Equal(t, tl.Agreements, tb.Agreements, "%v seed %d", vals, seed)
		}
	}
}

func TestFileParameterProblemsArePlaced(t *testing.T) {
	for _, tc := range []struct {
		name, from, to, want string
	}{
		{"default outside range", "default: 0.5, range: [0, 1]", "default: 1.5, range: [0, 1]", "params.yaml:5:31: parameters[0].default: 1.5 is outside the range [0, 1]"},
		{"misspelt parameter", `rate: "0.1 * pressure"`, `rate: "0.1 * presure"`, `transitions[0].rate: "0.1 * presure": column 7: unknown variable or parameter "presure" (did you mean "pressure"?)`},
		{"prior outside range", "prior: {dist: beta, alpha: 5, beta: 5}", "prior: {dist: normal, mu: 0.5, sigma: 1}", "parameters[0].prior: normal(mean 0.5, sd 1) can draw outside the range [0, 1]"},
		{"bad range", "range: [1, 10]", "range: [10, 1]", "parameters[1].range: needs [min, max] with min < max"},
		{"not a name", "name: shape", "name: 2shape", `parameters[2].name: "2shape" is not a name`},
		{"clashes with a variable", "name: threshold", "name: trust", `variables[0].name: "trust" is also a parameter`},
		{"bad operator", `"1 - pressure"`, `"1 - pressure > 0"`, "is not an operator of parameter expressions"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := strings.Replace(paramsFile, tc.from, tc.to, 1)
			require.NotEqual(t, paramsFile, src)
			_, err := scenariofile.Parse("params.yaml", []byte(src))
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.want)
		})
	}
}

func TestFileBindingRefusesValuesNamingBoth(t *testing.T) {
	sc, err := scenariofile.Parse("params.yaml", []byte(paramsFile))
	require.NoError(t, err)
	_, err = sc.With(map[string]float64{"shape": -1})
	require.Error(t, err)
	assert.Contains(t, err.Error(), "shape = -1")
	assert.Contains(t, err.Error(), `transition "prepared->meeting" delay`)
	_, err = sc.With(map[string]float64{"pressure": 2})
	assert.ErrorContains(t, err, `parameter "pressure": value: 2 is outside its range [0, 1]`)
}

func mustRead(path string) string {
	data, err := os.ReadFile(path)
	if err != nil {
		panic(err)
	}
	return string(data)
}

func fmtG(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

func TestABadDefaultIsReportedOnce(t *testing.T) {
	src := strings.Replace(paramsFile, "default: 0.5, range: [0, 1]", "default: 1.5, range: [0, 1]", 1)
	_, err := scenariofile.Parse("params.yaml", []byte(src))
	var fe *problem.Error
	require.ErrorAs(t, err, &fe)
	assert.Len(t, fe.Problems, 1, "the numbers that depend on it are evaluated at the range's middle: %v", err)
}

func TestParametersWriteBack(t *testing.T) {
	sc, err := scenariofile.Parse("params.yaml", []byte(paramsFile))
	require.NoError(t, err)
	bound, err := sc.With(map[string]float64{"pressure": 0.7, "shape": 3})
	require.NoError(t, err)
	var out bytes.Buffer
	require.NoError(t, scenariofile.Write(&out, bound))
	assert.Contains(t, out.String(), `rate: 0.1 * pressure`)
	back, err := scenariofile.Parse("written.yaml", out.Bytes())
	require.NoError(t, err, out.String())
	assert.Equal(t, bound.Values(), back.Values(), "the bound values are the written defaults")
	for _, p := range back.Parameters() {
		if p.Name == "pressure" {
			assert.Equal(t, [2]float64{0, 1}, [2]float64{p.Min, p.Max})
			assert.NotNil(t, p.Prior)
		}
	}
	rb, rw := bound.NewRunner(scenario.RunOptions{}), back.NewRunner(scenario.RunOptions{})
	for seed := range uint64(200) {
		tb, tw := rb.Run(rand.New(rand.NewPCG(seed, 2))), rw.Run(rand.New(rand.NewPCG(seed, 2)))
		require.Equal(t, tb.Steps, tw.Steps, "seed %d", seed)
		require.Equal(t, tb.Agreements, tw.Agreements, "seed %d", seed)
	}
	// Binding the written scenario works on the same parameters.
	again, err := back.With(map[string]float64{"pressure": 0.2})
	require.NoError(t, err)
	assert.Equal(t, 0.2, again.Values()["pressure"])
}

func TestAgreedClaimsInFiles(t *testing.T) {
	src := strings.Replace(paramsFile, "  - {name: deal-30, reached: deal, by: 30}", `  - {name: deal-30, reached: deal, by: 30}
  - {name: low, agreed: guarantees, at_most: 0.4, by: 60}
  - {name: mid, agreed: guarantees, at_least: 0.4, at_most: 0.6, by: 60}`, 1)
	sc, err := scenariofile.Parse("claims.yaml", []byte(src))
	require.NoError(t, err)
	var texts []string
	for _, c := range sc.Claims() {
		texts = append(texts, c.Description)
	}
	assert.Equal(t, []string{"deal reached by day 30", "guarantees agreed at 0.4 or less by day 60",
		"guarantees agreed between 0.4 and 0.6 by day 60"}, texts)
	var out bytes.Buffer
	require.NoError(t, scenariofile.Write(&out, sc))
	assert.Contains(t, out.String(), "at_most: 0.4")
	_, err = scenariofile.Parse("bad.yaml", []byte(strings.Replace(src, "at_least: 0.4, at_most: 0.6", "at_least: 0.6, at_most: 0.4", 1)))
	assert.ErrorContains(t, err, "claims[2].at_most: 0.4 is below the low end 0.6")
}

func TestFileRunsWithParametersAllocateNothing(t *testing.T) {
	for _, path := range []string{"testdata/params.yaml", "../examples/scenarios/washington-summit.yaml"} {
		sc, err := scenariofile.Load(path)
		require.NoError(t, err)
		first := sc.Parameters()[0]
		bound, err := sc.With(map[string]float64{first.Name: first.Default})
		require.NoError(t, err)
		for _, draw := range []bool{false, true} {
			r := bound.NewRunner(scenario.RunOptions{DrawParameters: draw})
			rng := rand.New(rand.NewPCG(1, 2))
			for range 200 {
				r.Run(rng) // grow the buffers to the longest run
			}
			assert.Zero(t, testing.AllocsPerRun(500, func() { r.Run(rng) }), "%s, draw %v", path, draw)
		}
	}
}

func TestOutcomesFiles(t *testing.T) {
	dir := t.TempDir()
	good := dir + "/outcomes.yaml"
	require.NoError(t, os.WriteFile(good, []byte(`outcomes:
  - {claim: merz-14, happened: false, date: 2025-09-01, source: "no meeting by then"}
  - {route: us-proposal, completed_by: 30, happened: true}
`), 0o644))
	hs, err := scenariofile.LoadOutcomes(good)
	require.NoError(t, err)
	require.Len(t, hs, 2)
	assert.Equal(t, scenario.ClaimNamed("merz-14"), scenario.ClaimNamed(hs[0].Target))
	assert.Equal(t, scenario.StatementClaim, hs[0].Kind)
	assert.Equal(t, scenario.TruthNotHeld, hs[0].Truth)
	assert.Equal(t, "no meeting by then", hs[0].Source)
	assert.Equal(t, scenario.RouteAt("us-proposal", 30, scenario.RouteCompleted).Known(scenario.TruthHeld, "", ""), hs[1])
	bad := dir + "/bad.yaml"
	require.NoError(t, os.WriteFile(bad, []byte("outcomes:\n  - {claim: x, happend: true}\n"), 0o644))
	_, err = scenariofile.LoadOutcomes(bad)
	assert.ErrorContains(t, err, `unknown field "happend"`)
}
