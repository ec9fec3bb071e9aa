package scenariofile_test

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

const datedChain = `name: dated
start: call
start_date: 2025-08-18
horizon: 30
states: [{name: call}, {name: met, absorbing: true}]
transitions: [{from: call, to: met, rate: 0.1}]
claims:
  - {name: by-date, reached: met, by: 2025-09-01}
  - {name: by-day, reached: met, by: 14}
  - {name: quoted, reached: met, by: "7"}
`

// TestDatesCountFromStartDate checks that a date stands for the whole
// date, counted from start_date, wherever a file gives a day: by, to,
// day and completed_by the end of the date, from its beginning.
func TestDatesCountFromStartDate(t *testing.T) {
	sc, err := scenariofile.Parse("dated.yaml", []byte(datedChain))
	require.NoError(t, err)
	start, ok := sc.StartDate()
	require.True(t, ok)
	assert.Equal(t, "2025-08-18", start.Format(time.DateOnly))
	claims := sc.Claims()
	require.Len(t, claims, 3)
	assert.Equal(t, 15.0, claims[0].To, "18 August to the end of 1 September")
	assert.Equal(t, 14.0, claims[1].To)
	assert.Equal(t, 7.0, claims[2].To, "a quoted number is a number")

	dir := t.TempDir()
	obs := filepath.Join(dir, "given.yaml")
	require.NoError(t, os.WriteFile(obs, []byte("observations:\n  - {entered: met, from: 2025-08-20, to: 2025-08-25, happened: false}\n  - {in_state: call, day: 2025-08-28}\n"), 0o644))
	got, err := scenariofile.LoadObservations(obs, sc)
	require.NoError(t, err)
	assert.Equal(t, scenario.Entered("met", 2, 8).Negate(), got[0], "from the start of 20 August to the end of 25 August")
	assert.Equal(t, scenario.InState("call", 11), got[1], "at the end of 28 August")

	out := filepath.Join(dir, "outcomes.yaml")
	require.NoError(t, os.WriteFile(out, []byte("start_date: 2025-08-18\noutcomes:\n  - {route: r, completed_by: 2025-09-17, happened: false}\n"), 0o644))
	hs, err := scenariofile.LoadOutcomes(out)
	require.NoError(t, err)
	assert.Equal(t, 31.0, hs[0].To, "by the end of 17 September")
}

// TestDatesNeedAStartDate checks that every misuse of a date is reported
// at its place.
func TestDatesNeedAStartDate(t *testing.T) {
	undated := []byte(`name: undated
start: call
horizon: 30
states: [{name: call}, {name: met}]
transitions: [{from: call, to: met, rate: 0.1}]
claims: [{name: c, reached: met, by: 2025-09-01}]
`)
	_, err := scenariofile.Parse("undated.yaml", undated)
	assert.ErrorContains(t, err, "undated.yaml:6:")
	assert.ErrorContains(t, err, "claims[0].by: the date 2025-09-01 needs the scenario's start_date")

	for _, tc := range []struct{ name, file, want string }{
		{"bad start date", "start_date: 2025-02-30\n", `start_date: "2025-02-30" is not a date`},
		{"bad claim date", "start_date: 2025-08-18\nclaims: [{name: c, reached: met, by: 1 September}]\n", `claims[0].by: "1 September" is neither a day number nor a date`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			text := "name: x\nstart: call\nhorizon: 30\nstates: [{name: call}, {name: met}]\ntransitions: [{from: call, to: met, rate: 0.1}]\n" + tc.file
			_, err := scenariofile.Parse("x.yaml", []byte(text))
			assert.ErrorContains(t, err, tc.want)
		})
	}
	sc, err := scenariofile.Parse("dated.yaml", []byte(datedChain))
	require.NoError(t, err)
	_, err = scenariofile.Parse("x.yaml", undated)
	require.Error(t, err)
	obs := filepath.Join(t.TempDir(), "given.yaml")
	require.NoError(t, os.WriteFile(obs, []byte("observations:\n  - {entered: met, by: someday}\n"), 0o644))
	_, err = scenariofile.LoadObservations(obs, sc)
	assert.ErrorContains(t, err, `observations[0].by: "someday" is neither a day number nor a date`)
}

// TestStartDateWrittenBack checks that Write keeps the start date.
func TestStartDateWrittenBack(t *testing.T) {
	sc, err := scenariofile.Parse("dated.yaml", []byte(datedChain))
	require.NoError(t, err)
	f, err := scenariofile.FromScenario(sc)
	require.NoError(t, err)
	assert.Equal(t, "2025-08-18", f.StartDate)
	assert.Equal(t, 15.0, f.Claims[0].By.Value)
}
