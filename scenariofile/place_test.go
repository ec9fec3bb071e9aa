package scenariofile

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/parleysim/parley/problem"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPlacesDoNotDependOnWording places every kind of problem scenario and
// actors report, at every index of every file in the corpora, once with its
// message and once with the message reworded: the places must agree. It
// fails if placing a problem ever reads its message again.
func TestPlacesDoNotDependOnWording(t *testing.T) {
	files, err := filepath.Glob("testdata/*/*.yaml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	parts := []problem.Part{problem.Scenario, problem.Parameter, problem.State, problem.Variable,
		problem.Transition, problem.Event, problem.Route, problem.Claim, problem.Actor}
	fields := []string{"", "name", "start", "horizon", "states", "transitions", "from", "to", "rate", "fixed", "delay",
		"delay.0", "delay.1", "guard", "effects[0]", "targets", "targets[1]", "participants[0]", "agenda", "agenda[0]",
		"onDecline", "timing", "day", "probability", "once", "states[0]", "goto", "min", "max", "state", "route",
		"event", "issue", "default", "range", "prior", "initial", "accept", "capability"}
	reworded := []string{"declared more than once", "given 2 times", "none given", "unknown state \"x\"", "", "state"}
	placed := 0
	for _, path := range files {
		data, err := DefaultLimits.read(path)
		require.NoError(t, err)
		f, _, err := DefaultLimits.decode(path, data)
		if err != nil || f == nil {
			continue // files that do not decode have no parts to place
		}
		for _, part := range parts {
			for index := -1; index < 4; index++ {
				for _, field := range fields {
					p := problem.Problem{Part: part, Index: index, Name: "x", Field: field, Msg: "what is wrong"}
					want := f.locate(p, nil)
					for _, msg := range reworded {
						p.Msg = msg
						require.Equal(t, want, f.locate(p, nil), "%s: %s %d %q reworded as %q", path, part, index, field, msg)
					}
					placed++
				}
			}
		}
		for _, where := range []problem.Part{problem.Issue, problem.Actor, problem.Position} {
			for index := -1; index < 4; index++ {
				for _, key := range []string{"", "id", "ideal", "lo", "hi", "salience", "capability", "issue"} {
					p := problem.Problem{Part: where, Index: index, Name: "x on y", Field: key, Msg: "what is wrong"}
					want := f.locateActor(p)
					p.Msg, p.Name = "position of an unknown actor", "something else"
					assert.Equal(t, want, f.locateActor(p), "%s: %s %d %q", path, where, index, key)
				}
			}
		}
	}
	assert.Greater(t, placed, 10_000)
}

func TestPlacesFollowIndexNotName(t *testing.T) {
	// Two transitions with the same name: each problem is placed at its own.
	src := `name: dup
start: a
horizon: 10
states: [{name: a}, {name: b, absorbing: true}]
transitions:
  - {from: a, to: b, rate: 1}
  - {from: a, to: b, rate: -1}
`
	_, err := Parse("dup.yaml", []byte(src))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "dup.yaml:7:28: transitions[1].rate: rate must be finite and >= 0, got -1")
	assert.True(t, strings.Contains(err.Error(), "transitions[1]: declared more than once"), err.Error())
}

// An actor's number or a position's that depends on parameters is checked
// when the scenario binds it, and its problems are placed at the file's
// field, every one of them.
func TestActorNumbersOnParametersArePlaced(t *testing.T) {
	src := `name: placed
start: a
horizon: 10
parameters:
  - {name: cap, default: 0, range: [0, 2], description: "assumption: capability"}
  - {name: far, default: 3, range: [0, 5], description: "assumption: ideal"}
issues:
  - {id: x, min: 0, max: 1}
actors:
  - {id: US, capability: cap}
  - {id: RU}
positions:
  - {actor: RU, issue: x, ideal: 0.8}
  - {actor: US, issue: x, ideal: far}
states:
  - {name: a}
  - {name: b, absorbing: true}
transitions:
  - {from: a, to: b, rate: 0.1, participants: [US, RU]}
`
	_, err := Parse("placed.yaml", []byte(src))
	require.Error(t, err)
	assert.Contains(t, err.Error(), "placed.yaml:10:26: actors[0].capability: must be in (0, ∞), got 0")
	assert.Contains(t, err.Error(), "placed.yaml:14:34: positions[1].ideal: must be in [0, 1], got 3")
}

// A problem the scenario raised keeps the scenario's account of it (part,
// index, name, field) beside its place in the file; one of the file alone
// has none.
func TestProblemsKeepTheScenariosAccount(t *testing.T) {
	src := `name: account
start: a
horizon: 10
states:
  - {name: a}
  - {name: b, absorbing: true}
  - {name: c, absorbing: true}
transitions:
  - {from: a, to: b, rate: -1}
  - {from: a, to: c, rate: 0.1, colour: red}
`
	_, err := Parse("account.yaml", []byte(src))
	var fe *problem.Error
	require.ErrorAs(t, err, &fe)
	var fromScenario, fromFile int
	for _, p := range fe.Problems {
		switch p.Origin.Path {
		case "transitions[0].rate":
			fromScenario++
			assert.Equal(t, problem.Transition, p.Part)
			assert.Equal(t, 0, p.Index)
			assert.Equal(t, "rate", p.Field)
		case "transitions[1]":
			fromFile++
			assert.Empty(t, p.Part, "an unknown field is the file's alone")
		}
	}
	assert.Equal(t, 1, fromScenario, "%v", fe.Problems)
	assert.Equal(t, 1, fromFile, "%v", fe.Problems)
}
