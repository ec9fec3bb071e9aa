package outcomestest_test

import (
	"fmt"
	"math"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/outcomes/outcomestest"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// recorder is a TestingT that records failures instead of failing, so the
// assertions' own failures can be checked.
type recorder struct{ failures []string }

func (r *recorder) Errorf(format string, args ...any) {
	r.failures = append(r.failures, fmt.Sprintf(format, args...))
}
func (r *recorder) Helper() {}

// coin: a branch to "yes" with probability 0.3, else "no"; a route through yes.
func coin(t *testing.T) *scenario.Scenario {
	b := scenario.New("coin").States("call").Start("call").Horizon(10)
	b.State("yes").Absorbing()
	b.State("no").Absorbing()
	b.Branching("call", scenario.To("yes", 0.3), scenario.To("no", 0.7)).Delay(scenario.Exp(0.5))
	b.Route("yes-route", "call", "yes")
	b.Claim(scenario.Entered("yes", 0, 5).Named("yes-by-5"))
	sc, err := b.Build()
	require.NoError(t, err)
	return sc
}

func TestAssertionsPassOnTrueStatements(t *testing.T) {
	// P(yes by 5) = 0.3·(1 - e^-2.5) = 0.27537; P(yes by 10) = 0.3·(1 - e^-5) = 0.29798.
	s := outcomestest.Run(t, coin(t), nil)
	require.NotNil(t, s)
	s.ClaimWithin("yes-by-5", 0.27, 0.28)
	s.ClaimAbove("yes-by-5", 0.27)
	s.ClaimBelow("yes-by-5", 0.28)
	s.FinalWithin("yes", 0.29, 0.30)
	s.RouteCompletedWithin("yes-route", 5, 0.27, 0.28)
	s.RouteOpenWithin("yes-route", 10, 0, 0.01)
	s.ReachedWithin("no", 10, 0.69, 0.70)
}

func TestAssertionsFailOnFalseStatementsWithTheFigures(t *testing.T) {
	r := &recorder{}
	s := outcomestest.Run(r, coin(t), &outcomestest.Options{Runs: 50_000, Seed: 7})
	require.NotNil(t, s)
	cases := []struct {
		name string
		call func() bool
	}{
		{"interval above the range", func() bool { return s.ClaimWithin("yes-by-5", 0.2, 0.25) }},
		{"interval below the bound", func() bool { return s.ClaimAbove("yes-by-5", 0.3) }},
		{"interval above the bound", func() bool { return s.ClaimBelow("yes-by-5", 0.25) }},
		{"final state", func() bool { return s.FinalWithin("no", 0.5, 0.6) }},
		{"route", func() bool { return s.RouteCompletedWithin("yes-route", 10, 0.4, 1) }},
		{"unknown claim", func() bool { return s.ClaimAbove("merz", 0.1) }},
	}
	for _, c := range cases {
		before := len(r.failures)
		assert.False(t, c.call(), c.name)
		require.Len(t, r.failures, before+1, c.name)
	}
	assert.Contains(t, r.failures[0], "P is not in [0.2, 0.25]")
	assert.Contains(t, r.failures[0], "claim yes-by-5: estimate 0.27")
	assert.Contains(t, r.failures[0], "99.9% interval [")
	assert.Contains(t, r.failures[0], "of 50000 runs, seed 7")
	assert.Contains(t, r.failures[5], `claim merz: no such quantity in "coin"`)
}

func TestAssertionsWithinTheIntervalDoNotFail(t *testing.T) {
	// Asserting exactly the truth (0.27537) as a point passes for the fixed
	// seed: the interval contains it.
	r := &recorder{}
	s := outcomestest.Run(r, coin(t), nil)
	assert.True(t, s.ClaimWithin("yes-by-5", 0.27537, 0.27537))
	assert.Empty(t, r.failures)
}

func TestAgreesWithExact(t *testing.T) {
	r := &recorder{}
	assert.True(t, outcomestest.AgreesWithExact(r, coin(t), nil))
	assert.Empty(t, r.failures)

	// Outside the exact class: a clear failure, no panic.
	b := scenario.New("guarded").States("a").Start("a").Horizon(5)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(1)).When(scenario.GuardFunc(func(*scenario.World) bool { return true }))
	sc, err := b.Build()
	require.NoError(t, err)
	assert.False(t, outcomestest.AgreesWithExact(r, sc, nil))
	require.Len(t, r.failures, 1)
	assert.True(t, strings.Contains(r.failures[0], "its guard is a Go function"), r.failures[0])
}

func TestRunFailureFailsTheTest(t *testing.T) {
	r := &recorder{}
	s := outcomestest.Run(r, nil, nil)
	assert.Nil(t, s)
	require.Len(t, r.failures, 1)
	assert.Contains(t, r.failures[0], "running a nil scenario")
	assert.False(t, s.ClaimAbove("x", 0), "methods on a failed run report false without panicking")
}

func TestRunsFor(t *testing.T) {
	assert.Equal(t, 108_276, outcomestest.RunsFor(0.01, 0.999))
	assert.Equal(t, 38_415, outcomestest.RunsFor(0.01, 0.95))
}

func TestSameResult(t *testing.T) {
	r := &recorder{}
	assert.True(t, outcomestest.SameResult(r, coin(t), coin(t), &outcomestest.Options{Runs: 2000}))
	b := scenario.New("coin").States("call").Start("call").Horizon(10)
	b.State("yes").Absorbing()
	b.State("no").Absorbing()
	b.Branching("call", scenario.To("yes", 0.4), scenario.To("no", 0.6)).Delay(scenario.Exp(0.5))
	b.Route("yes-route", "call", "yes")
	b.Claim(scenario.Entered("yes", 0, 5).Named("yes-by-5"))
	other, err := b.Build()
	require.NoError(t, err)
	assert.False(t, outcomestest.SameResult(r, coin(t), other, &outcomestest.Options{Runs: 2000}))
	require.Len(t, r.failures, 1)
}

// biasedCoin is coin with P(yes) = p, given as a parameter.
func biasedCoin(t *testing.T, p float64) *scenario.Scenario {
	b := scenario.New("coin").States("call").Start("call").Horizon(10)
	b.State("yes").Absorbing()
	b.State("no").Absorbing()
	b.Param(param.Parameter{Name: "p", Default: 0.3, Min: 0, Max: 1})
	b.Branching("call", scenario.To("yes", param.P("p")),
		scenario.To("no", param.Formula("1 - p", func(a []float64) float64 { return 1 - a[0] }, "p"))).Delay(scenario.Exp(0.5))
	b.Route("yes-route", "call", "yes")
	b.Claim(scenario.Entered("yes", 0, 5).Named("yes-by-5"))
	sc, err := b.Build()
	require.NoError(t, err)
	sc, err = sc.With(map[string]float64{"p": p})
	require.NoError(t, err)
	return sc
}

func TestVariantsDifference(t *testing.T) {
	// Raising P(yes) from 0.3 to 0.4 raises P(yes by 5) by 0.1·(1 - e^-2.5) = 0.0918.
	v := outcomestest.Compare(t, biasedCoin(t, 0.3), biasedCoin(t, 0.4), &outcomestest.Options{Runs: 50_000})
	require.NotNil(t, v)
	v.DiffWithin("claim:yes-by-5", 0.09, 0.095)
	v.DiffAbove("final:yes", 0.05)
	v.DiffBelow("final:no", -0.05)
	v.DiffWithin("route:yes-route@5:completed", 0.09, 0.095)

	r := &recorder{}
	w := outcomestest.Compare(r, biasedCoin(t, 0.3), biasedCoin(t, 0.4), &outcomestest.Options{Runs: 50_000})
	assert.False(t, w.DiffBelow("claim:yes-by-5", 0))
	assert.False(t, w.DiffWithin("claim:nope", 0, 1))
	require.Len(t, r.failures, 2)
	assert.Contains(t, r.failures[0], "B - A is not below 0")
	assert.Contains(t, r.failures[0], "claim:yes-by-5: A 0.27")
	assert.Contains(t, r.failures[1], `no claim "nope"`)
}

func TestAgreedValueAssertions(t *testing.T) {
	// Two parties with fixed ideals 0.2 and 0.6 and equal weights agree their mean: 0.4 on average.
	// agree their mean: 0.4 on average.
	m, err := actors.NewModel([]actors.Issue{{ID: "g", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "A"}, {ID: "B"}},
		[]actors.Position{{Actor: "A", Issue: "g", Ideal: actors.Fixed(0.2)}, {Actor: "B", Issue: "g", Ideal: actors.Prior(distuv.Uniform{Min: 0.5, Max: 0.7})}})
	require.NoError(t, err)
	b := scenario.New("agree").Start("a").Horizon(10).Actors(m)
	b.State("a")
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(1)).Participants("A", "B").Agenda(actors.WeightedMean{}, "g")
	sc, err := b.Build()
	require.NoError(t, err)
	s := outcomestest.Run(t, sc, &outcomestest.Options{Runs: 20_000})
	require.NotNil(t, s)
	s.AgreedMeanWithin("a->b", "g", 0.39, 0.41)
	s.NoAgreementWithin("a->b", "g", 0, 0.001)
	a, _ := s.Res.Agreement("a->b", "g")
	require.NotNil(t, a.SD)
	// B's ideal is uniform on [0.5, 0.7]: sd 0.2/sqrt(12); the agreement is half of it.
	assert.InDelta(t, 0.1/math.Sqrt(12), *a.SD, 0.002)

	r := &recorder{}
	f := outcomestest.Run(r, sc, &outcomestest.Options{Runs: 20_000})
	assert.False(t, f.AgreedMeanWithin("a->b", "g", 0.5, 0.6))
	assert.False(t, f.AgreedMeanWithin("a->c", "g", 0, 1))
	require.Len(t, r.failures, 2)
	assert.Contains(t, r.failures[0], "mean agreed value is not in [0.5, 0.6]")
	assert.Contains(t, r.failures[1], "no such meeting and issue")
}
