package scenariofile_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenariofile"
)

const summitsFile = `name: summits
start: talks
horizon: 90
variables: [{name: tension, initial: 0}]
states: [{name: talks}, {name: first}, {name: second, absorbing: true}, {name: collapse, absorbing: true}]
transitions:
  - {from: talks, to: first, rate: 0.1}
  - {from: talks, to: collapse, rate: 0.02}
  - {from: first, to: second, rate: 0.05}
  - {from: first, to: collapse, rate: 0.02}
events:
  - {name: missile test, rate: 0.03, do: ["tension = tension + 1"]}
claims:
  - {name: pledge, not: true, occurred: missile test, by: 60, description: "no tests for two months"}
  - name: both-summits
    all: [{reached: first, by: 45}, {reached: second, by: 90}]
  - name: either
    any: [{reached: second, by: 60}, {occurred: missile test, by: 10}]
  - name: summit-before-test
    before: [{reached: first}, {occurred: missile test}]
  - name: second-soon
    reached: second
    after: {reached: first, by: 45}
    within: 30
  - {name: calm-at-30, variable: tension, day: 30, at_most: 0}
  - {name: talking-at-20, in_state: talks, day: 20}
  - {name: test-by-60, occurred: missile test, by: 60}
  - {name: test-by-30, occurred: missile test, by: 30}
`

func TestCompoundClaimsInFilesRunAndWriteBack(t *testing.T) {
	sc, err := scenariofile.Parse("summits.yaml", []byte(summitsFile))
	require.NoError(t, err)
	writesBack(t, sc)

	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 20_000, Seed: 1})
	require.NoError(t, err)
	p := map[string]float64{}
	for _, c := range res.Claims {
		p[c.Name] = c.Estimate.P
	}
	// The pledge is the negation of a test by day 60; tension is 0 on
	// day 30 exactly when no test occurred by then.
	assert.InDelta(t, 1-p["test-by-60"], p["pledge"], 1e-12)
	assert.InDelta(t, 1-p["test-by-30"], p["calm-at-30"], 1e-12)
	assert.Greater(t, p["both-summits"], 0.0)
	assert.Less(t, p["second-soon"], p["both-summits"]+0.2)
	for name, x := range p {
		assert.True(t, x > 0 && x < 1, "%s: %v", name, x)
	}

	// Conditioning reads them as any other claim.
	obs, err := scenariofile.ParseObservations("given.yaml", []byte("observations:\n  - {claim: summit-before-test}\n"), sc)
	require.NoError(t, err)
	given, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 20_000, Seed: 1, Given: obs})
	require.NoError(t, err)
	for _, c := range given.Claims {
		if c.Name == "summit-before-test" {
			assert.Equal(t, 1.0, c.Estimate.P)
		}
	}
}

func TestCompoundClaimsInFilesAreCheckedAtTheirPlace(t *testing.T) {
	src := `name: bad
start: talks
horizon: 30
states: [{name: talks}, {name: deal, absorbing: true}]
transitions: [{from: talks, to: deal, rate: 0.1}]
claims:
  - {name: a, all: [{reached: dael, by: 3}]}
  - {name: b, before: [{reached: deal}]}
  - {name: c, before: [{reached: deal}, {in_state: deal, day: 3}]}
  - {name: d, reached: deal, after: {reached: talks}}
  - {name: e, reached: deal}
  - {name: f, any: [{name: inner, reached: deal, by: 3}]}
  - {name: g, all: [{reached: deal}]}
  - {name: h, in_state: deal, by: 3}
  - {name: i, reached: deal, after: {reached: talks}, within: -2}
`
	_, err := scenariofile.Parse("bad.yaml", []byte(src))
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{
		`bad.yaml:7:`, `claims[0].all[0].reached: unknown state "dael"`,
		`claims[1].before: before relates two things that happen`,
		`claims[2].before[1]: a part of before is something that happens on a day`,
		`claims[3]: after and within go together`,
		`claims[4]: by is needed`,
		`claims[5].any[0]: a part of a claim has no name`,
		`claims[6].all[0]: by is needed`,
		`claims[7].by: by is for reached`,
		`claims[8].within: must be a finite number of days >= 0, got -2`,
	} {
		assert.Contains(t, msg, want)
	}
}
