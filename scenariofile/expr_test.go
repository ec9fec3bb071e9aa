package scenariofile_test

import (
	"context"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// guarded builds a one-transition file whose guard is cond over x = 2, y = 3.
func guarded(t *testing.T, cond string) (string, error) {
	src := `name: g
start: a
horizon: 10
variables: [{name: x, initial: 2}, {name: y, initial: 3}]
states: [{name: a}, {name: b, absorbing: true}, {name: c, absorbing: true}]
transitions:
  - {from: a, to: b, fixed: 1, when: "` + cond + `"}
  - {from: a, to: c, fixed: 2}
`
	sc, err := scenariofile.Parse("g.yaml", []byte(src))
	if err != nil {
		return "", err
	}
	tr := sc.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(1, 1)))
	return sc.StateName(tr.Final()), nil
}

func TestExpressions(t *testing.T) {
	cases := []struct {
		cond string
		want bool
	}{
		{"x == 2", true},
		{"2 == x", true},
		{"x < y", true},
		{"x * y >= 6 && !(y < 3)", true},
		{"x + y / 3 == 3", true},
		{"x % 2 == 0 or y == 0", true},
		{"not (x > 1)", false},
		{"abs(x - y) == 1", true},
		{"min(x, y) == 2 && max(x, y) == 3", true},
		{"(x > 5 ? 1 : 0) == 0", true},
		{"isNaN(x / 0 * 0)", true},
		// Guards are evaluated on entering a state and when the world
		// changes: at day 0 here, so a guard on the day alone does not open
		// later by itself.
		{"day < 1", true},
		{"day >= 1", false},
		{"-x == -2", true},
	}
	for _, c := range cases {
		got, err := guarded(t, c.cond)
		require.NoError(t, err, c.cond)
		want := "c"
		if c.want {
			want = "b"
		}
		assert.Equal(t, want, got, c.cond)
	}
}

func TestExpressionErrorsSayWhere(t *testing.T) {
	for cond, msg := range map[string]string{
		"x ==":         "unexpected token EOF",
		"z > 1":        `column 1: unknown variable "z"`,
		"x + 1":        "a condition is needed here, not a number",
		"x > 1 && y":   "&& needs conditions on both sides",
		"foo(x) > 1":   `unknown function "foo"`,
		"x.y > 1":      "only agreed.<issue> can be written with a dot",
		"x == 'a'":     "is not part of the scenario expression language",
		"agreed.x > 0": `unknown issue "x"`,
	} {
		_, err := guarded(t, cond)
		require.Error(t, err, cond)
		assert.Contains(t, err.Error(), "transitions[0].when: ", cond)
		assert.Contains(t, err.Error(), msg, cond)
	}
}

func TestSimpleGuardsStayExact(t *testing.T) {
	// A comparison of a variable with a constant compiles to a structured
	// guard, so exact analysis can read it.
	src := `name: exact
start: a
horizon: 10
variables: [{name: us, initial: 1}]
states: [{name: a}, {name: b, absorbing: true}, {name: c, absorbing: true}]
transitions:
  - {from: a, to: b, rate: 1, when: "us == 1 && !(0.5 > us)"}
  - {from: a, to: c, rate: 1, when: "us != 1"}
`
	sc, err := scenariofile.Parse("exact.yaml", []byte(src))
	require.NoError(t, err)
	res, err := outcomes.Exact(context.Background(), sc, nil)
	require.NoError(t, err)
	b, _ := res.FinalState("b")
	assert.InDelta(t, 1-0.0000453999, b.P, 1e-6, "1 - e^-10")
}

func TestGuardsFromFilesAllocateNothing(t *testing.T) {
	sc, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	require.NoError(t, err)
	r := sc.NewRunner(scenario.RunOptions{})
	rng := rand.New(rand.NewPCG(1, 2))
	for range 2000 {
		r.Run(rng)
	}
	assert.Zero(t, testing.AllocsPerRun(1000, func() { r.Run(rng) }))
	assert.True(t, strings.HasPrefix(sc.Name(), "washington"))
}
