package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestIncompatibleChangesAreNamed(t *testing.T) {
	report := `Ignoring internal package github.com/parleysim/parley/internal/names
- package github.com/parleysim/parley/report: removed
github.com/parleysim/parley/outcomes
- StateResult.By: changed from func(float64) float64 to func(float64) (float64, error)
- Merge: removed
`
	assert.Equal(t, []change{
		{"github.com/parleysim/parley/report", "removed"},
		{"outcomes.StateResult.By", "changed from func(float64) float64 to func(float64) (float64, error)"},
		{"outcomes.Merge", "removed"},
	}, incompatible(report))

	// apidiff -m names a change inside a package that remains by its path
	// in the module.
	assert.Equal(t, []change{
		{"actors.VarAtLeast", "removed"},
		{"actors.Meeting.Vars", "removed"},
	}, incompatible("- ./actors.VarAtLeast: removed\n- ./actors.Meeting.Vars: removed\n"))
}

func TestOnlyTheUnreleasedBreakingPartAnnounces(t *testing.T) {
	log := "# Changelog\n\n## Unreleased\n\n### Breaking\n- `outcomes.Merge` is gone.\n\n### Added\n- `outcomes.Join`.\n\n## v0.20.0\n\n### Breaking\n- `scenario.Old` is gone.\n"
	b := breaking(log)
	assert.Contains(t, b, "outcomes.Merge")
	assert.NotContains(t, b, "outcomes.Join", "an addition announces nothing")
	assert.NotContains(t, b, "scenario.Old", "an earlier release's breaks are not this one's")
	assert.Empty(t, breaking("# Changelog\n\n## v0.20.0\n### Breaking\n- x\n"), "no Unreleased section")
}

func TestANameIsNamedWhole(t *testing.T) {
	assert.True(t, named("- `outcomes.Merge` is gone", "outcomes.Merge"))
	assert.False(t, named("- `outcomes.MergeAll` is new", "outcomes.Merge"))
	assert.False(t, named("- `github.com/parleysim/parley/reportX`", "github.com/parleysim/parley/report"))
	assert.False(t, named("- `github.com/parleysim/parley/report/sub`", "github.com/parleysim/parley/report"))
	assert.True(t, named("`github.com/parleysim/parley/report` is now", "github.com/parleysim/parley/report"))
}
