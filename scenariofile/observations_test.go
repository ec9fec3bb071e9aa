package scenariofile_test

import (
	"math"
	"os"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

func TestObservationsFile(t *testing.T) {
	sc, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	require.NoError(t, err)
	dir := t.TempDir()
	good := dir + "/given.yaml"
	require.NoError(t, os.WriteFile(good, []byte(`observations:
  - {entered: bilateral, by: 7, happened: false, date: 2025-08-25, source: "no date set"}
  - {entered: bilateral, from: 8, to: 20}
  - {in_state: stalled, day: 10, happened: false}
`), 0o644))
	obs, err := scenariofile.LoadObservations(good, sc)
	require.NoError(t, err)
	require.Len(t, obs, 3)
	assert.Equal(t, scenario.Entered("bilateral", 0, 7).Negate().Known(scenario.TruthUnknown, "", "2025-08-25: no date set"), obs[0])
	assert.Equal(t, scenario.Entered("bilateral", 8, 20), obs[1])
	assert.Equal(t, scenario.InState("stalled", 10).Negate(), obs[2])

	bad := dir + "/bad.yaml"
	require.NoError(t, os.WriteFile(bad, []byte(`observations:
  - {entered: bilaterl, by: 7}
  - {in_state: stalled, by: 3}
  - {variable: nope, day: 3, value: 1}
  - {entered: bilateral, from: 5}
  - {route: nope, day: 3, status: shut}
`), 0o644))
	_, err = scenariofile.LoadObservations(bad, sc)
	require.Error(t, err)
	for _, want := range []string{
		`bad.yaml:2:15: observations[0].entered: unknown state "bilaterl" (did you mean "bilateral"?)`,
		`observations[1].day: this observation is at one day`,
		`observations[2].variable: unknown variable "nope"`,
		`observations[3].by: the day by which it happened`,
		`observations[4].status: must be open, completed or closed, got "shut"`,
	} {
		assert.ErrorContains(t, err, want)
	}
}

func TestObservationString(t *testing.T) {
	for _, tc := range []struct {
		o    scenario.Statement
		want string
	}{
		{scenario.Entered("bilateral", 0, 7).Negate(), "bilateral not entered by day 7"},
		{scenario.Entered("bilateral", 8, 20), "bilateral entered from day 8 to day 20"},
		{scenario.InState("stalled", 10), "in stalled at day 10"},
		{scenario.VariableAt("pressure", 7, 1, 1), "pressure 1 at day 7"},
		{scenario.AgreedWithin("guarantees", 0.5, math.Inf(1), 0, 14), "guarantees agreed at least 0.5 by day 14"},
		{scenario.RouteAt("us", 14, scenario.RouteClosed), "route us closed at day 14"},
	} {
		assert.Equal(t, tc.want, tc.o.String())
	}
}

// An observations file may give the start date its dates count from, as
// an outcomes file does: the scenario's own, or one for a scenario that
// has none.
func TestObservationsFileStartDate(t *testing.T) {
	dated, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	require.NoError(t, err)
	obs, err := scenariofile.ParseObservations("given.yaml", []byte("start_date: 2025-08-18\nobservations:\n  - {entered: bilateral, by: 2025-08-25}\n"), dated)
	require.NoError(t, err)
	assert.Equal(t, 8.0, obs[0].To, "by the end of 25 August")

	_, err = scenariofile.ParseObservations("given.yaml", []byte("start_date: 2025-08-19\nobservations:\n  - {entered: bilateral, by: 2025-08-25}\n"), dated)
	assert.ErrorContains(t, err, "given.yaml:1:13: start_date: 2025-08-19, but the scenario's day 0 is 2025-08-18")

	undated, err := scenariofile.Parse("talks.yaml", []byte("name: talks\nstart: a\nhorizon: 30\nstates: [{name: a}, {name: b, absorbing: true}]\ntransitions: [{from: a, to: b, rate: 0.1}]\n"))
	require.NoError(t, err)
	obs, err = scenariofile.ParseObservations("given.yaml", []byte("start_date: 2025-08-18\nobservations:\n  - {entered: b, by: 2025-08-28}\n"), undated)
	require.NoError(t, err)
	assert.Equal(t, 11.0, obs[0].To)
	_, err = scenariofile.ParseObservations("given.yaml", []byte("start_date: 18 August\nobservations:\n  - {entered: b, by: 3}\n"), undated)
	assert.ErrorContains(t, err, `start_date: "18 August" is not a date written as 2025-08-18`)
}

// What no run of the scenario can show is placed in the observations
// file: a day past the horizon (a claim observed by name included), and
// an observation no run can be consistent with.
func TestObservationsRunsCannotShowArePlaced(t *testing.T) {
	sc, err := scenariofile.Parse("late.yaml", []byte(`name: late
start: talks
horizon: 60
states: [{name: talks}, {name: summit}, {name: deal, absorbing: true}, {name: ghost, absorbing: true}]
transitions:
  - {from: talks, to: summit, rate: 0.1}
  - {from: summit, to: deal, rate: 0.1}
claims:
  - {name: late-deal, reached: deal, by: 90}
`))
	require.NoError(t, err)
	_, err = scenariofile.ParseObservations("given.yaml", []byte(`observations:
  - {entered: summit, by: 10}
  - {claim: late-deal, happened: false}
  - {entered: deal, by: 61}
`), sc)
	require.Error(t, err)
	assert.ErrorContains(t, err, `given.yaml:3:5: observations[1]: not claim late-deal looks at day 90, past the scenario's horizon of day 60`)
	assert.ErrorContains(t, err, `given.yaml:4:5: observations[2]: deal entered by day 61 looks at day 61`)
	assert.NotContains(t, err.Error(), "observations[0]")

	_, err = scenariofile.ParseObservations("given.yaml", []byte(`observations:
  - {entered: summit, by: 10}
  - {entered: ghost, by: 30}
`), sc)
	require.Error(t, err)
	assert.ErrorContains(t, err, `given.yaml:3:5: observations[1]: ghost entered by day 30 has probability zero in "late"`)
}

func TestJournalSaysWhenEachEntryBecameKnown(t *testing.T) {
	sc, err := scenariofile.Load("../examples/casebook/dayton-1995.yaml")
	require.NoError(t, err)
	journal, err := scenariofile.LoadJournal("../examples/journals/dayton-1995.yaml", sc)
	require.NoError(t, err)
	require.Len(t, journal, 4)
	assert.Equal(t, "1995-11-14", journal[0].Date)
	assert.Equal(t, "1995-12-14", journal[3].Date)

	dir := t.TempDir()
	path := dir + "/journal.yaml"
	require.NoError(t, os.WriteFile(path, []byte(`observations:
  - {entered: initialled, by: 1995-11-14, happened: false}
  - {entered: signed, by: 1995-12-14, known: 14 December}
`), 0o644))
	_, err = scenariofile.LoadJournal(path, sc)
	require.Error(t, err)
	assert.ErrorContains(t, err, "journal.yaml:2:5: observations[0]: a journal entry says when it became known: give known: DATE")
	assert.ErrorContains(t, err, `observations[1].known: "14 December" is not a date`)

	undated, err := scenariofile.Parse("undated.yaml", []byte("name: u\nstart: a\nhorizon: 9\nstates: [{name: a}, {name: b, absorbing: true}]\ntransitions: [{from: a, to: b, rate: 1}]\n"))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(path, []byte("observations:\n  - {entered: b, by: 3, known: 2020-01-01}\n"), 0o644))
	_, err = scenariofile.LoadJournal(path, undated)
	assert.ErrorContains(t, err, `observations[0].known: the scenario "u" has no start_date`)
}

// A journal cannot know before it could: that something did not happen
// in a window still open, or happened in one not yet begun.
func TestJournalRefusesHindsight(t *testing.T) {
	sc, err := scenariofile.Load("../examples/casebook/dayton-1995.yaml")
	require.NoError(t, err)
	path := t.TempDir() + "/journal.yaml"
	require.NoError(t, os.WriteFile(path, []byte(`observations:
  - {entered: agreed, by: 1995-11-14, happened: false, known: 1995-11-14}
  - {entered: completed, by: 1995-12-20, happened: false, known: 1995-11-14}
  - {entered: agreed, from: 1995-11-20, to: 1995-11-22, known: 1995-11-14}
  - {entered: agreed, by: 1995-11-30, known: 1995-11-21}
`), 0o644))
	_, err = scenariofile.LoadJournal(path, sc)
	require.Error(t, err)
	assert.ErrorContains(t, err, "observations[1].known: known on 1995-11-14, before day 50")
	assert.ErrorContains(t, err, "observations[2].known: known on 1995-11-14, before day 19")
	assert.NotContains(t, err.Error(), "observations[0]")
	assert.NotContains(t, err.Error(), "observations[3]")
}
