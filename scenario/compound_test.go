package scenario_test

import (
	"errors"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/internal/chain"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// twoSummits: talks lead to a first summit (day 2), then a second (day 5
// after it, day 7), while a test occurs on day 4 and trust is set to 1 on
// day 3.
func twoSummits(t *testing.T, claims ...scenario.Statement) *scenario.Scenario {
	t.Helper()
	b := scenario.New("two-summits").States("talks", "first").Start("talks").Horizon(30)
	b.State("second").Absorbing()
	b.Var("trust", param.Const(0))
	b.Transition("talks", "first").Delay(scenario.Days(2))
	b.Transition("first", "second").Delay(scenario.Days(5))
	b.Event("test").Occurs(scenario.On(4, 1))
	b.Event("trust").Occurs(scenario.On(3, 1)).Do(scenario.Assign("trust", "1"))
	for _, c := range claims {
		b.Claim(c)
	}
	return mustBuild(t, b)
}

func TestCompoundClaimsJudgeTheRun(t *testing.T) {
	inf := math.Inf(1)
	first, second := scenario.Entered("first", 0, inf), scenario.Entered("second", 0, inf)
	test := scenario.Occurred("test", 0, inf)
	cases := []struct {
		claim scenario.Statement
		holds bool
	}{
		{scenario.AllOf(scenario.Entered("first", 0, 2), scenario.Occurred("test", 0, 4)), true},
		{scenario.AllOf(scenario.Entered("first", 0, 2), scenario.Occurred("test", 0, 3)), false},
		{scenario.AnyOf(scenario.Entered("second", 0, 6), scenario.Occurred("test", 0, 3)), false},
		{scenario.AnyOf(scenario.Entered("second", 0, 6), scenario.Occurred("test", 0, 4)), true},
		{scenario.AllOf(scenario.Entered("first", 0, 2), scenario.Occurred("test", 0, 10).Negate()), false},
		{scenario.AllOf(scenario.Entered("first", 0, 2), scenario.Occurred("test", 0, 10)).Negate(), false},
		{scenario.Before(first, test), true},
		{scenario.Before(test, first), false},
		{scenario.Before(second, test), false},
		{scenario.Before(test, scenario.Entered("talks", 1, inf)), true}, // talks never entered again
		{scenario.Within(first, second, 5), true},
		{scenario.Within(first, second, 4.5), false},
		{scenario.Within(test, second, 3), true},
		{scenario.Within(second, test, 30), false}, // the test came first
		{scenario.InState("first", 6), true},
		{scenario.InState("first", 7), false},
		{scenario.VariableAt("trust", 2.5, 0, 0), true},
		{scenario.VariableAt("trust", 3, 1, 1), true},
		{scenario.VariableAt("trust", 3, 0.5, math.Inf(1)).Negate(), false},
	}
	for _, c := range cases {
		sc := twoSummits(t, c.claim.Named("c"))
		tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
		require.Equal(t, scenario.EndAbsorbed, tr.End)
		assert.Equal(t, c.holds, sc.ClaimHolds(0, tr), "%s", c.claim)
	}
}

func TestCompoundStatementsAreObservationsToo(t *testing.T) {
	inf := math.Inf(1)
	sc := twoSummits(t)
	ev, err := sc.Observe([]scenario.Statement{
		scenario.Within(scenario.Entered("first", 0, inf), scenario.Entered("second", 0, inf), 5),
		scenario.AnyOf(scenario.VariableAt("trust", 3, 1, 1), scenario.Occurred("test", 0, 1)),
	})
	require.NoError(t, err)
	tr := sc.NewRunner(scenario.RunOptions{Snapshots: ev.Snapshots()}).Run(newRNG(1))
	assert.True(t, ev.Holds(tr))
}

func TestCompoundStatementsAreCheckedAtTheirPlace(t *testing.T) {
	inf := math.Inf(1)
	b := scenario.New("bad").States("talks").Start("talks").Horizon(30)
	b.State("deal").Absorbing()
	b.Transition("talks", "deal").Delay(scenario.Exp(0.1))
	b.Claim(scenario.AllOf().Named("empty"))
	b.Claim(scenario.Before(scenario.Entered("deal", 0, inf), scenario.InState("deal", 3)).Named("not-a-happening"))
	b.Claim(scenario.Before(scenario.Entered("deal", 0, inf), scenario.Entered("deal", 0, inf).Negate()).Named("negated-part"))
	b.Claim(scenario.AnyOf(scenario.Entered("dael", 0, 3)).Named("misspelt"))
	b.Claim(scenario.Within(scenario.Entered("deal", 0, inf), scenario.Entered("deal", 0, inf), -1).Named("negative-lag"))
	b.Claim(scenario.AllOf(scenario.Entered("deal", 0, inf)).Named("unbounded"))
	deep := scenario.Entered("deal", 0, 3)
	for range 20 {
		deep = scenario.AllOf(deep)
	}
	b.Claim(deep.Named("deep"))
	_, err := b.Build()
	require.Error(t, err)
	msg := err.Error()
	for _, want := range []string{
		`claim "empty": parts: all combines statements, and none is given`,
		`claim "not-a-happening": parts[1].kind: a part of before is something that happens on a day`,
		`claim "negated-part": parts[1].not: a part of before is something that happens`,
		`claim "misspelt": parts[0].state: unknown state "dael"`,
		`claim "negative-lag": day: must be a finite number of days >= 0, got -1`,
		`claim "unbounded": parts[0].day: must be a finite day >= 0, got +Inf`,
		`nest more than 16 deep`,
	} {
		assert.Contains(t, msg, want)
	}
}

func TestExactAnalysisNamesCompoundClaims(t *testing.T) {
	sc := twoSummits(t, scenario.AllOf(scenario.Entered("first", 0, 3)).Named("all"), scenario.InState("first", 3).Named("state"))
	_, err := chain.Of(sc)
	require.Error(t, err)
	assert.True(t, errors.Is(err, scenario.ErrNotMarkov))
	assert.Contains(t, err.Error(), `claim "all": it combines statements (all)`)
	assert.Contains(t, err.Error(), `claim "state": it is about the state on a day`)
}

func TestCompoundClaimsDescribeThemselves(t *testing.T) {
	inf := math.Inf(1)
	sc := twoSummits(t,
		scenario.Within(scenario.Entered("first", 0, 60), scenario.Entered("second", 0, inf), 30).Named("soon"),
		scenario.Before(scenario.Entered("second", 0, inf), scenario.Occurred("test", 0, inf)).Negate().Named("order"),
		scenario.AllOf(scenario.Entered("first", 0, 2), scenario.VariableAt("trust", 3, 1, 1)).Named("both"))
	var texts []string
	for _, c := range sc.Claims() {
		texts = append(texts, c.Description)
	}
	assert.Equal(t, []string{
		"(second reached) within 30 days after (first reached by day 60)",
		"not ((second reached) before (test occurred))",
		"all of (first reached by day 2; trust 1 at day 3)",
	}, texts)
}
