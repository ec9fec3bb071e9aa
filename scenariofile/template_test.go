package scenariofile_test

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenariofile"
)

const talksTemplate = `name: talks
start: talks
horizon: 100
parameters:
  - {name: agree_share, default: 0.5, range: [0.05, 0.95], description: "assumption: base rate"}
  - {name: agree_mean_days, default: 10, range: [1, 100], description: "assumption: mean days"}
states:
  - {name: talks}
  - {name: agreed, absorbing: true}
  - {name: broken, absorbing: true}
transitions:
  - {from: talks, to: agreed, rate: "agree_share / agree_mean_days"}
  - {from: talks, to: broken, rate: "(1 - agree_share) / agree_mean_days"}
`

// writeFiles writes name → text into a new folder and returns it.
func writeFiles(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, text := range files {
		path := filepath.Join(dir, name)
		require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
		require.NoError(t, os.WriteFile(path, []byte(text), 0o644))
	}
	return dir
}

// TestCaseFromTemplate checks that a case made from a template is the
// template with the case's day-0 values: its name, start date, horizon,
// parameter values and reasons, and claims on the template's states.
func TestCaseFromTemplate(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"templates/talks.yaml": talksTemplate,
		"case.yaml": `name: a-case
description: "a case"
template: templates/talks.yaml
start_date: 2001-02-03
horizon: 60
parameters:
  - {name: agree_mean_days, default: 4, description: "fact: a four-day conference"}
claims:
  - {name: deal, reached: agreed, by: 2001-02-10, description: "the chair, 2 February 2001"}
`})
	sc, err := scenariofile.Load(filepath.Join(dir, "case.yaml"))
	require.NoError(t, err)
	assert.Equal(t, "a-case", sc.Name())
	assert.Equal(t, 60.0, sc.Horizon())
	ps := sc.Parameters()
	require.Len(t, ps, 2)
	assert.Equal(t, "agree_share", ps[0].Name, "in the template's order")
	assert.Equal(t, 0.5, ps[0].Default, "a parameter the case does not set keeps the template's value")
	assert.Equal(t, []float64{0.05, 0.95}, []float64{ps[0].Min, ps[0].Max})
	assert.Equal(t, 4.0, ps[1].Default)
	assert.Equal(t, "fact: a four-day conference", ps[1].Description)
	require.Len(t, sc.Claims(), 1)
	assert.Equal(t, 8.0, sc.Claims()[0].To, "by the end of 10 February, day 0 being 3 February")
	assert.Equal(t, 3, sc.NumStates())
}

// TestCaseFromTemplateRefusesStructure checks that a case sets day-0
// values only, each problem placed where it is: in the case for what the
// case wrote, in the template for what the template holds.
func TestCaseFromTemplateRefusesStructure(t *testing.T) {
	cases := []struct {
		name, text string
		want       []string
	}{
		{"structure", `name: x
template: templates/talks.yaml
states: [{name: extra}]
transitions: []
`, []string{"case.yaml:3:9: states: a case made from a template sets day-0 values only", "case.yaml:4:14: transitions: a case made from a template"}},
		{"unknown parameter", `name: x
template: templates/talks.yaml
parameters:
  - {name: agree_shar, default: 0.4}
`, []string{`case.yaml:4:12: parameters[0].name: the template templates/talks.yaml declares no parameter "agree_shar" (it declares agree_share, agree_mean_days)`}},
		{"no value", `name: x
template: templates/talks.yaml
parameters:
  - {name: agree_share, description: "assumption: why"}
`, []string{`case.yaml:4:5: parameters[0]: give the value this case sets for "agree_share" (default:)`}},
		{"twice", `name: x
template: templates/talks.yaml
parameters:
  - {name: agree_share, default: 0.4}
  - {name: agree_share, default: 0.6}
`, []string{`case.yaml:5:12: parameters[1].name: "agree_share" is set twice (first at parameters[0])`}},
		{"value outside the range", `name: x
template: templates/talks.yaml
parameters:
  - {name: agree_mean_days, default: 4}
  - {name: agree_share, default: 1.5}
claims:
  - {name: c, reached: agred, by: 5}
`, []string{"case.yaml:5:34: parameters[1].default: 1.5 is outside the range [0.05, 0.95]", `case.yaml:7:24: claims[0].reached: unknown state "agred" (did you mean "agreed"?)`}},
		{"missing template", `name: x
template: templates/nothing.yaml
`, []string{"case.yaml:2:11: template: the template cannot be read: open"}},
		{"a template of a template", `name: x
template: case.yaml
`, []string{"case.yaml:2:11: template: ", "case.yaml names a template of its own; a template is a whole scenario file"}},
		{"a template with problems", `name: x
template: templates/broken.yaml
`, []string{"broken.yaml:5:29: transitions[0].to: unknown state"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := writeFiles(t, map[string]string{
				"templates/talks.yaml":  talksTemplate,
				"templates/broken.yaml": "name: b\nstart: a\nhorizon: 5\nstates: [{name: a}, {name: b, absorbing: true}]\ntransitions: [{from: a, to: c, rate: 1}]\n",
				"case.yaml":             c.text,
			})
			_, err := scenariofile.Load(filepath.Join(dir, "case.yaml"))
			require.Error(t, err)
			for _, w := range c.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

// TestCaseFromTemplatePlacesTheTemplatesProblems checks that a problem
// of the merged scenario in a part the template wrote is placed in the
// template: here exact analysis refused at the template's transition.
func TestCaseFromTemplatePlacesTheTemplatesProblems(t *testing.T) {
	dir := writeFiles(t, map[string]string{
		"templates/t.yaml": `name: t
start: a
horizon: 30
parameters:
  - {name: d, default: 5, range: [1, 10], description: "assumption: a day"}
states: [{name: a}, {name: b, absorbing: true}]
transitions:
  - {name: on-day, from: a, to: b, fixed: d}
  - {name: late, from: a, to: b, rate: 0.1, when: "day > 3"}
`,
		"case.yaml": "name: c\ntemplate: templates/t.yaml\nparameters:\n  - {name: d, default: 7}\n",
	})
	path := filepath.Join(dir, "case.yaml")
	sc, _, err := scenariofile.Check(path)
	require.NoError(t, err)
	_, err = outcomes.NewMarkov(sc)
	require.Error(t, err)
	placed := scenariofile.Place(path, err)
	assert.Contains(t, placed.Error(), filepath.Join(dir, "templates/t.yaml")+":9:")
}
