package scenariofile_test

import (
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/scenariofile"
)

// TestLoadRecord reads a casebook's record: its case, the source of each
// claim, and what happened.
func TestLoadRecord(t *testing.T) {
	dir := writeFiles(t, map[string]string{"r.yaml": `start_date: 1995-11-01
case:
  kind: peace-agreement
  known: "the talks open at Dayton"
  model: "template deadline-talks: a secluded round against a deadline"
claims:
  - {claim: deal, said_by: "Richard Holbrooke", said_on: 1995-10-30, source: "State Department briefing, 30 October 1995"}
outcomes:
  - {claim: deal, happened: true, date: 1995-11-21, source: "State Department, 21 November 1995"}
`})
	r, err := scenariofile.LoadRecord(filepath.Join(dir, "r.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "peace-agreement", r.Kind)
	assert.Equal(t, "1995-11-01", r.StartDate.Format("2006-01-02"))
	require.Len(t, r.Sources, 1)
	assert.Equal(t, "Richard Holbrooke", r.Sources[0].SaidBy)
	require.Len(t, r.Outcomes, 1)
	assert.Equal(t, "deal", r.Outcomes[0].Target)

	// Outcomes alone are a record too, of no stated kind.
	dir = writeFiles(t, map[string]string{"r.yaml": "start_date: 1995-11-01\noutcomes:\n  - {claim: deal, happened: true}\n"})
	r, err = scenariofile.LoadRecord(filepath.Join(dir, "r.yaml"))
	require.NoError(t, err)
	assert.Empty(t, r.Kind)
}

// TestLoadRecordRefuses checks each rule of a record, every problem
// placed at its line.
func TestLoadRecordRefuses(t *testing.T) {
	dir := writeFiles(t, map[string]string{"r.yaml": `start_date: 1995-11-01
case:
  kind: Peace Agreement
  known: ""
  model: " "
claims:
  - {claim: deal, said_by: "", said_on: 1995-11-02, source: ""}
  - {claim: deal, said_by: "x", said_on: "1 Nov", source: "y"}
  - {claim: other, said_by: "x", said_on: 1995-10-01, source: "y"}
outcomes:
  - {claim: deal, happened: true, date: 1995-11-21, source: "z"}
  - {claim: unsourced, happened: false, date: 1995-12-01, source: "z"}
`, "nodate.yaml": "outcomes:\n  - {claim: deal, happened: true}\n"})
	_, err := scenariofile.LoadRecord(filepath.Join(dir, "r.yaml"))
	require.Error(t, err)
	for _, want := range []string{
		`r.yaml:3:9: case.kind: "Peace Agreement" is not a kind of negotiation`,
		"r.yaml:4:10: case.known: say what was public at the end of day 0",
		"r.yaml:5:10: case.model: say which template",
		"r.yaml:7:28: claims[0].said_by: say who said the claim in public",
		"claims[0].said_on: 1995-11-02 is after day 0 (1995-11-01)",
		"claims[0].source: say where the claim is recorded",
		`claims[1].claim: "deal" is sourced twice, here and at claims[0]`,
		`claims[1].said_on: "1 Nov" is not a date`,
		`claims[2].claim: claim "other" is sourced but has no outcome`,
		`outcomes[1].claim: claim "unsourced" has no source under claims:`,
	} {
		assert.Contains(t, err.Error(), want)
	}
	_, err = scenariofile.LoadRecord(filepath.Join(dir, "nodate.yaml"))
	assert.ErrorContains(t, err, "a record needs start_date")
	// LoadOutcomes checks a record's case and sources too.
	_, err = scenariofile.LoadOutcomes(filepath.Join(dir, "r.yaml"))
	assert.ErrorContains(t, err, "is sourced twice")
}

// TestRecordPlacesTypeErrorsByTheFilesWords checks that a value of the
// wrong type is placed by the file's keys, not the Go fields'.
func TestRecordPlacesTypeErrorsByTheFilesWords(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"a.yaml": "start_date: [1]\noutcomes:\n  - {claim: a, happened: true}\n",
		"b.yaml": "start_date: 2020-01-01\ncase: {kind: x, known: [1], model: m}\noutcomes:\n  - {claim: a, happened: true}\n",
		"c.yaml": "start_date: 2020-01-01\noutcomes:\n  - {claim: a, happened: \"yes\"}\n",
	})
	for f, want := range map[string]string{"a.yaml": "a.yaml:1:13: start_date: text is needed here", "b.yaml": "b.yaml:2:24: case.known: text is needed here", "c.yaml": "c.yaml:3:26: outcomes[0].happened: true or false is needed here"} {
		_, err := scenariofile.LoadRecord(filepath.Join(dir, f))
		assert.ErrorContains(t, err, want)
	}
}
