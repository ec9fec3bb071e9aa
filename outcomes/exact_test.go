package outcomes_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/parleysim/parley/problem"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/outcomes/outcomestest"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// referenceChain is the chain of shared/reference/washington-chain.md.
func referenceChain(t testing.TB) *scenario.Scenario {
	b := scenario.New("reference-chain").States("call", "expert", "arranged", "bilateral", "trilateral").Start("call").Horizon(90)
	b.State("framework").Absorbing()
	b.State("stalled").Absorbing()
	for _, e := range []struct {
		from, to string
		rate     float64
	}{
		{"call", "arranged", 0.10}, {"call", "expert", 0.05}, {"call", "stalled", 0.03},
		{"expert", "arranged", 0.04}, {"expert", "stalled", 0.03},
		{"arranged", "bilateral", 0.15}, {"arranged", "stalled", 0.05},
		{"bilateral", "trilateral", 0.10}, {"bilateral", "stalled", 0.04},
		{"trilateral", "framework", 0.05}, {"trilateral", "stalled", 0.02},
	} {
		b.Transition(e.from, e.to).Delay(scenario.Exp(e.rate))
	}
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("bilateral-by-14"))
	b.Claim(scenario.Entered("trilateral", 0, 21).Named("trilateral-by-21"))
	b.Route("us", "call", "arranged", "bilateral", "trilateral")
	return build(t, b)
}

func TestExactReferenceChain(t *testing.T) {
	res, err := outcomes.Exact(context.Background(), referenceChain(t), nil)
	require.NoError(t, err)
	require.True(t, res.Exact != nil)
	// The page's values, to 5 decimals.
	for name, want := range map[string]float64{"framework": 0.26849, "stalled": 0.72388, "open": 0.00763} {
		e, ok := res.FinalState(name)
		require.True(t, ok)
		assert.InDelta(t, want, e.P, 1e-5, name)
		assert.Equal(t, e.P, e.Lo)
		assert.Equal(t, e.P, e.Hi)
	}
	for name, want := range map[string]float64{"bilateral-by-14": 0.34189, "trilateral-by-21": 0.23084} {
		e, _ := res.Claim(name)
		assert.InDelta(t, want, e.P, 1e-5, name)
	}
}

func TestExactAndMonteCarloAgree(t *testing.T) {
	for _, sc := range []*scenario.Scenario{referenceChain(t), markovSummit(t)} {
		t.Run(sc.Name(), func(t *testing.T) {
			ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"everything"}})
			require.NoError(t, err)
			mc := run(t, sc, outcomes.Config{Runs: 200_000, Seed: 17, Confidence: conf999})
			agreeWithRuns(t, ex, mc, 10)
		})
	}
}

// markovSummit is a continuous-time model with every feature Exact takes:
// branching, a static guard, a rate event that moves the run and one that
// does not, routes of both kinds, claims of every kind Exact evaluates.
func markovSummit(t testing.TB) *scenario.Scenario {
	b := scenario.New("markov-summit").States("call", "officials", "arranged", "bilateral", "trilateral").Start("call").Horizon(60)
	b.State("framework").Absorbing()
	b.State("stalled").Absorbing()
	b.Var("us_convenes", param.Const(1))
	b.Transition("call", "arranged").Delay(scenario.Exp(0.1))
	b.Transition("call", "officials").Delay(scenario.Exp(0.05))
	b.Transition("call", "trilateral").Delay(scenario.Exp(0.02)).When(scenario.Condition{Text: "us_convenes == 1"})
	b.Transition("officials", "stalled").Delay(scenario.Exp(0.05)).When(scenario.Condition{Text: "us_convenes == 0"})
	b.Transition("officials", "arranged").Delay(scenario.Exp(0.06))
	b.Transition("officials", "officials").Named("officials again").Delay(scenario.Exp(0.2))
	b.Branching("arranged", scenario.To("bilateral", 0.7), scenario.To("stalled", 0.3)).Delay(scenario.Exp(0.15))
	b.Transition("bilateral", "trilateral").Delay(scenario.Exp(0.1))
	b.Transition("bilateral", "stalled").Delay(scenario.Exp(0.04))
	b.Transition("trilateral", "framework").Delay(scenario.Exp(0.05))
	b.Transition("trilateral", "stalled").Delay(scenario.Exp(0.02))
	b.Event("walkout").Occurs(scenario.Exp(0.01)).In("bilateral", "trilateral").Goto("stalled")
	b.Event("statement").Occurs(scenario.Exp(0.3)).In("call", "officials")
	b.Route("us-proposal", "call", "arranged", "bilateral", "trilateral")
	b.Route("officials-twice", "officials", "officials")
	b.Route("bilateral-then-trilateral", "bilateral", "trilateral").InOrder()
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz"))
	b.Claim(scenario.RouteAt("bilateral-then-trilateral", 21, scenario.RouteCompleted).Named("macron"))
	b.Claim(scenario.Occurred("walkout", 0, 30).Named("walkout-by-30"))
	return build(t, b)
}

// agreeWithRuns checks that every final state, claim, route (on days 7,
// 30 and the horizon), state reached by reachDay and event of an exact
// Result lies within its Monte Carlo interval; a final state no run ended
// in must be rarer than 1e-5.
func agreeWithRuns(t *testing.T, ex, mc *outcomes.Result, reachDay float64) {
	t.Helper()
	check := func(what string, e outcomes.Estimate, p float64) {
		assert.True(t, e.Contains(p), "%s: exact %.6f outside [%.6f, %.6f]", what, p, e.Lo, e.Hi)
	}
	for _, f := range ex.Final {
		e, ok := mc.FinalState(f.Name)
		if !ok {
			assert.Less(t, f.P, 1e-5, f.Name) // no run ended there
			continue
		}
		check("final "+f.Name, e, f.P)
	}
	for _, c := range ex.Claims {
		e, _ := mc.Claim(c.Name)
		check("claim "+c.Name, e, c.P)
	}
	for _, r := range ex.Routes {
		m, _ := mc.Route(r.Name)
		for _, d := range []float64{7, 30, ex.Horizon} {
			ec, eo, ex2, err := r.At(ex, d)
			require.NoError(t, err)
			mcC, mcO, mcX, err := m.At(mc, d)
			require.NoError(t, err)
			day := strconv.FormatFloat(d, 'g', -1, 64)
			check(r.Name+" completed at "+day, mcC, ec.P)
			check(r.Name+" open at "+day, mcO, eo.P)
			check(r.Name+" closed at "+day, mcX, ex2.P)
		}
	}
	day := strconv.FormatFloat(reachDay, 'g', -1, 64)
	for _, s := range ex.States {
		m, _ := mc.State(s.Name)
		mb, err := m.By(mc, reachDay)
		require.NoError(t, err)
		eb, err := s.By(ex, reachDay)
		require.NoError(t, err)
		check("reached "+s.Name+" by "+day, mb, eb.P)
	}
	for _, e := range ex.Events {
		m, _ := mc.Event(e.Name)
		check("event "+e.Name, m.Occurred, e.Occurred.P)
	}
}

func TestExactDrunkardsWalk(t *testing.T) {
	// Grinstead and Snell, Introduction to Probability, section 11.2: states
	// 0..4, 0 and 4 absorb, from 1, 2, 3 step left or right with p = 1/2.
	b := scenario.New("drunkard").States("1", "2", "3").Start("2").Horizon(100)
	b.State("0").Absorbing()
	b.State("4").Absorbing()
	for i := 1; i <= 3; i++ {
		b.Branching(strconv.Itoa(i), scenario.To(strconv.Itoa(i-1), 0.5), scenario.To(strconv.Itoa(i+1), 0.5)).Delay(scenario.Days(1))
	}
	sc := build(t, b)
	m, err := outcomes.NewMarkov(sc)
	require.NoError(t, err)
	require.True(t, m.Discrete())
	n, transient, err := m.Fundamental()
	require.NoError(t, err)
	names := func(ss []scenario.State) []string {
		var out []string
		for _, s := range ss {
			out = append(out, sc.StateName(s))
		}
		return out
	}
	require.Equal(t, []string{"1", "2", "3"}, names(transient))
	wantN := mat.NewDense(3, 3, []float64{1.5, 1, 0.5, 1, 2, 1, 0.5, 1, 1.5})
	assert.True(t, mat.EqualApprox(wantN, n, 1e-9), "N = %v", mat.Formatted(n))
	bm, _, absorbing, steps, err := m.Absorption()
	require.NoError(t, err)
	require.Equal(t, []string{"0", "4"}, names(absorbing))
	wantB := mat.NewDense(3, 2, []float64{0.75, 0.25, 0.5, 0.5, 0.25, 0.75})
	assert.True(t, mat.EqualApprox(wantB, bm, 1e-9), "B = %v", mat.Formatted(bm))
	assert.InDeltaSlice(t, []float64{3, 4, 3}, steps, 1e-9)

	res, err := outcomes.Exact(context.Background(), sc, nil)
	require.NoError(t, err)
	require.NotNil(t, res.Exact.MeanTimeToAbsorption)
	assert.InDelta(t, 4, *res.Exact.MeanTimeToAbsorption, 1e-9)
	// Monte Carlo agrees within 99.9% intervals.
	mc := run(t, sc, outcomes.Config{Runs: 100_000, Seed: 4, Confidence: conf999})
	for _, f := range res.Final {
		e, _ := mc.FinalState(f.Name)
		assert.True(t, e.Contains(f.P), "%s: %v not in [%v, %v]", f.Name, f.P, e.Lo, e.Hi)
	}
	zero, _ := res.FinalState("0")
	assert.InDelta(t, 0.5, zero.P, 1e-9, "by day 100 the walk has been absorbed: B row 2")
}

func TestExactTwoStateMachine(t *testing.T) {
	// K. D. Ross, Applied Stochastic Processes: Q = [[-2, 2], [10, -10]],
	// P(t) = expm(Q t); P11(t) = 10/12 + (2/12)·exp(-12 t).
	b := scenario.New("two-state").States("one", "two").Start("one").Horizon(3)
	b.Transition("one", "two").Delay(scenario.Exp(2))
	b.Transition("two", "one").Delay(scenario.Exp(10))
	m, err := outcomes.NewMarkov(build(t, b))
	require.NoError(t, err)
	published := map[float64][]float64{
		1.0 / 60: {0.9697885, 0.0302115, 0.1510577, 0.8489423},
		1.0 / 6:  {0.8558892, 0.1441108, 0.7205539, 0.2794461},
		2:        {0.8333333, 0.1666667, 0.8333333, 0.1666667},
	}
	for tt, want := range published {
		p := m.TransitionMatrix(tt)
		e := math.Exp(-12 * tt)
		closed := []float64{10.0/12 + 2.0/12*e, 2.0 / 12 * (1 - e), 10.0 / 12 * (1 - e), 2.0/12 + 10.0/12*e}
		got := []float64{p.At(0, 0), p.At(0, 1), p.At(1, 0), p.At(1, 1)}
		assert.InDeltaSlice(t, closed, got, 1e-9, "t = %v", tt)
		assert.InDeltaSlice(t, want, got, 5e-8, "t = %v against the published 7 decimals", tt)
	}
	_, _, err = m.Fundamental()
	assert.Error(t, err, "no absorbing state: no fundamental matrix")
}

func TestExactWithStiffRates(t *testing.T) {
	// Rates of 1e-4 and 1e3 per day in one chain: every distribution must stay
	// a probability vector to 1e-9.
	b := scenario.New("stiff").States("fast", "slow", "mid").Start("fast").Horizon(365)
	b.State("done").Absorbing()
	b.Transition("fast", "slow").Delay(scenario.Exp(1e3))
	b.Transition("slow", "fast").Delay(scenario.Exp(1e3))
	b.Transition("slow", "mid").Delay(scenario.Exp(1e-4))
	b.Transition("mid", "fast").Delay(scenario.Exp(1))
	b.Transition("mid", "done").Delay(scenario.Exp(1e-4))
	sc := build(t, b)
	m, err := outcomes.NewMarkov(sc)
	require.NoError(t, err)
	for _, tt := range []float64{0.001, 1, 30, 365} {
		p := m.TransitionMatrix(tt)
		for i := range sc.NumStates() {
			sum := 0.0
			for j := range sc.NumStates() {
				x := p.At(i, j)
				assert.True(t, x >= 0 && x <= 1, "P(%v)[%d][%d] = %v", tt, i, j, x)
				sum += x
			}
			assert.InDelta(t, 1, sum, 1e-9, "row %d of P(%v)", i, tt)
		}
	}
	res, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"everything"}})
	require.NoError(t, err)
	total := 0.0
	for _, f := range res.Final {
		total += f.P
	}
	assert.InDelta(t, 1, total, 1e-9)
}

func TestExactRejectsWhatItCannotAnalyse(t *testing.T) {
	uncertain, err := actors.NewModel(nil, []actors.Actor{{ID: "RU", Reservation: actors.Prior(distuv.Beta{Alpha: 2, Beta: 2})}}, nil)
	require.NoError(t, err)
	goRule, err := actors.NewModel(nil, []actors.Actor{{ID: "RU", Accept: actors.RuleFunc(func(*actors.Meeting) bool { return true })}}, nil)
	require.NoError(t, err)
	cases := []struct {
		name   string
		spoil  func(b *scenario.Builder)
		expect string
	}{
		{"general delay", func(b *scenario.Builder) {
			b.Transition("a", "b").Delay(scenario.After{Dist: distuv.Gamma{Alpha: 2, Beta: 1}})
		},
			`transition "a->b": its delay (gamma(shape 2, rate 1)) is not exponential, and not every transition is a fixed step of the same length`},
		{"Go guard", func(b *scenario.Builder) {
			b.Transition("a", "b").Delay(scenario.Exp(1)).When(scenario.GuardFunc(func(*scenario.World) bool { return true }))
		}, `transition "a->b": its guard is a Go function, which exact analysis cannot read`},
		{"guard on a counter without a bound", func(b *scenario.Builder) {
			b.Var("trust", param.Const(0))
			b.Transition("a", "b").Delay(scenario.Exp(1)).When(scenario.Condition{Text: "trust > 0"})
			b.Event("gesture").Occurs(scenario.Exp(1)).Do(scenario.Assign("trust", "trust + 1"))
		}, `variable "trust": it takes more than 1000 values in the worlds the chain reaches`},
		{"guard on a changing variable, and a Go effect", func(b *scenario.Builder) {
			b.Var("trust", param.Const(0))
			b.Transition("a", "b").Delay(scenario.Exp(1)).When(scenario.Condition{Text: "trust > 0"})
			b.Event("gesture").Occurs(scenario.Exp(1)).Do(scenario.EffectFunc(func(*scenario.World) {}))
		}, `transition "a->b": its guard reads "trust", and an effect that is a Go function or moves positions may change what it reads`},
		{"weighted branch", func(b *scenario.Builder) {
			b.Branching("a", scenario.Target{State: "b", Weight: "1"}).Named("split").Delay(scenario.Exp(1))
		}, `transition "split": its branch weights are computed from the world`},
		{"meeting with a prior", func(b *scenario.Builder) {
			b.Actors(uncertain).Transition("a", "b").Delay(scenario.Exp(1)).Participants("RU")
		},
			`transition "a->b": it holds a meeting, and RU's numbers are drawn in each run (priors)`},
		{"meeting decided by a Go function", func(b *scenario.Builder) {
			b.Actors(goRule).Transition("a", "b").Delay(scenario.Exp(1)).Participants("RU")
		}, `transition "a->b": it holds a meeting, and RU's acceptance rule is a Go function`},
		{"scheduled event", func(b *scenario.Builder) { b.Event("summons").Occurs(scenario.On(3, 0.5)).Goto("b") },
			`event "summons": it is scheduled on a day, which makes the chain depend on time`},
		{"once-only event", func(b *scenario.Builder) {
			b.Transition("a", "b").Delay(scenario.Exp(1))
			b.Event("gesture").Occurs(scenario.Exp(1)).Once()
		},
			`event "gesture": it occurs at most once, which the states alone do not remember`},
		{"claim function", func(b *scenario.Builder) {
			b.Transition("a", "b").Delay(scenario.Exp(1))
			b.Claim(scenario.ClaimFunc("long", func(tr *scenario.Trace) bool { return len(tr.Steps) > 3 }))
		}, `claim "long": it is a Go function, which exact analysis cannot evaluate`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := scenario.New("x").States("a").Start("a").Horizon(10)
			b.State("b").Absorbing()
			b.Transition("a", "b").Named("base").Delay(scenario.Exp(0.5))
			c.spoil(b)
			_, err := outcomes.Exact(context.Background(), build(t, b), nil)
			require.Error(t, err)
			assert.True(t, errors.Is(err, outcomes.ErrNotExact))
			// The part at fault, then the reason, whatever field it names.
			part, reason, _ := strings.Cut(c.expect, ": ")
			var pe *problem.Error
			require.ErrorAs(t, err, &pe)
			require.Len(t, pe.Problems, 1)
			p := pe.Problems[0]
			assert.Equal(t, part, fmt.Sprintf("%s %q", p.Part, p.Name))
			assert.Contains(t, p.Msg, reason)
			assert.Contains(t, err.Error(), reason)
		})
	}
}

func TestExactNamesEveryCause(t *testing.T) {
	b := scenario.New("x").States("a").Start("a").Horizon(10)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.After{Dist: distuv.Gamma{Alpha: 2, Beta: 1}})
	b.Event("summons").Occurs(scenario.On(3, 0.5)).Goto("b")
	b.Claim(scenario.ClaimFunc("long", func(tr *scenario.Trace) bool { return len(tr.Steps) > 3 }))
	_, err := outcomes.Exact(context.Background(), build(t, b), nil)
	var nm *problem.Error
	require.ErrorAs(t, err, &nm)
	var parts []string
	for _, c := range nm.Problems {
		parts = append(parts, string(c.Part)+" "+c.Name)
	}
	assert.Equal(t, []string{"transition a->b", "event summons", "claim long"}, parts)
}

func TestExactDecidesMeetingsWithFixedValues(t *testing.T) {
	// Russia accepts once prepared (a variable nothing changes) and when the
	// reservation is met: with fixed numbers the meeting is decided in
	// advance, so exact applies and agrees with Monte Carlo.
	issues := []actors.Issue{{ID: "g", Min: 0, Max: 1}}
	for _, tc := range []struct {
		name     string
		prepared float64
		accepts  bool
	}{
		{"accepted", 1, true},
		{"declined", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m, err := actors.NewModel(issues, []actors.Actor{{ID: "RU", Accept: actors.All{scenario.When{Guard: scenario.Condition{Text: "prepared >= 1"}}, actors.ZoneOfAgreement{}}}, {ID: "UA"}},
				[]actors.Position{{Actor: "RU", Issue: "g", Ideal: actors.Fixed(0.2)}, {Actor: "UA", Issue: "g", Ideal: actors.Fixed(0.8)}})
			require.NoError(t, err)
			b := scenario.New("fixed-meeting").States("call", "arranged").Start("call").Horizon(60).Actors(m)
			b.State("bilateral").Absorbing()
			b.State("stalled").Absorbing()
			b.Var("prepared", param.Const(tc.prepared))
			b.Transition("call", "arranged").Delay(scenario.Exp(0.2))
			b.Transition("call", "stalled").Delay(scenario.Exp(0.02))
			b.Transition("arranged", "bilateral").Delay(scenario.Exp(0.3)).Participants("RU", "UA").Agenda(actors.WeightedMean{}, "g").
				OnDecline(scenario.AfterDecline{To: "stalled"})
			b.Transition("arranged", "stalled").Delay(scenario.Exp(0.05))
			b.Event("talk").Occurs(scenario.Exp(0.1)).In("call").Participants("RU", "UA")
			b.Claim(scenario.Entered("bilateral", 0, 30).Named("bilateral-30"))
			sc := build(t, b)
			res, err := outcomes.Exact(context.Background(), sc, nil)
			require.NoError(t, err)
			bilateral, _ := res.FinalState("bilateral")
			if tc.accepts {
				// From arranged: 0.3 of 0.35 to bilateral; from call: 0.2 of 0.22 to arranged.
				assert.InDelta(t, 0.2/0.22*0.3/0.35, bilateral.P, 1e-3)
			} else {
				assert.Zero(t, bilateral.P, "declined meetings lead to stalled")
			}
			outcomestest.AgreesWithExact(t, sc, &outcomestest.Options{Runs: 40_000})
		})
	}
}

// birthDeath is a chain of n states in a line: up at 0.6/day, down at
// 0.4/day; the last state absorbs, the first reflects.
func birthDeath(t testing.TB, n int, horizon float64) *scenario.Scenario {
	b := scenario.New("birth-death").Start("s0").Horizon(horizon)
	for i := range n {
		b.State("s" + strconv.Itoa(i))
	}
	for i := 0; i < n-1; i++ {
		b.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i+1)).Delay(scenario.Exp(0.6))
		if i > 0 {
			b.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i-1)).Delay(scenario.Exp(0.4))
		}
	}
	b.Claim(scenario.Entered("s"+strconv.Itoa(n/2), 0, horizon/2).Named("halfway"))
	return build(t, b)
}

func TestExactBirthDeathMatchesMonteCarlo(t *testing.T) {
	sc := birthDeath(t, 200, 365)
	ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"final", "claim"}})
	require.NoError(t, err)
	mc := run(t, sc, outcomes.Config{Runs: 20_000, Seed: 2, Confidence: conf999})
	for _, f := range ex.Final {
		e, _ := mc.FinalState(f.Name)
		assert.True(t, e.Contains(f.P), "%s: %v not in [%v, %v]", f.Name, f.P, e.Lo, e.Hi)
	}
	h, _ := ex.Claim("halfway")
	e, _ := mc.Claim("halfway")
	assert.True(t, e.Contains(h.P), "halfway: %v not in [%v, %v]", h.P, e.Lo, e.Hi)
}

// BenchmarkExactBirthDeath200 times Exact on a 200-state birth–death chain
// over 365 days.
func BenchmarkExactBirthDeath200(b *testing.B) {
	sc := birthDeath(b, 200, 365)
	for b.Loop() {
		if _, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"final", "claim"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExactBirthDeath2000 is the same over 2,000 states, for the
// final states and a claim at day 182.5 (everything would be refused:
// reach by day of 2,000 states on cycles is over the work budget).
func BenchmarkExactBirthDeath2000(b *testing.B) {
	sc := birthDeath(b, 2000, 365)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"final", "claim"}}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkExactAllStates50 computes reach-by-day for every state of a
// chain of 50 transient states over 365 days.
func BenchmarkExactAllStates50(b *testing.B) {
	sc := birthDeath(b, 51, 365)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"everything"}}); err != nil {
			b.Fatal(err)
		}
	}
}

func TestTwoStateMachineByMonteCarlo(t *testing.T) {
	// The same P(t) through Monte Carlo: run to horizon t from each state and
	// read where the runs are; each share lies in its 99.9% interval.
	for _, tt := range []float64{1.0 / 60, 1.0 / 6, 2} {
		for _, start := range []string{"one", "two"} {
			b := scenario.New("two-state").States("one", "two").Start(start).Horizon(tt)
			b.Transition("one", "two").Delay(scenario.Exp(2))
			b.Transition("two", "one").Delay(scenario.Exp(10))
			sc := build(t, b)
			m, err := outcomes.NewMarkov(sc)
			require.NoError(t, err)
			p := m.TransitionMatrix(tt)
			res := run(t, sc, outcomes.Config{Runs: 100_000, Seed: 5, Confidence: conf999})
			from, _ := sc.State(start)
			for _, o := range res.OpenIn {
				to, _ := sc.State(o.Name)
				assert.True(t, o.Contains(p.At(int(from), int(to))), "t=%v %s->%s: %v not in [%v, %v]", tt, start, o.Name, p.At(int(from), int(to)), o.Lo, o.Hi)
			}
		}
	}
}

func TestWriteTextOfAnExactResult(t *testing.T) {
	res, err := outcomes.Exact(context.Background(), referenceChain(t), nil)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, res.WriteText(&buf, nil))
	out := buf.String()
	assert.Contains(t, out, "reference-chain: exact, horizon 90 days")
	assert.Regexp(t, `framework\s+0\.2685`, out)
	assert.Contains(t, out, "Eventually absorbed in")
	assert.Contains(t, out, "mean days to absorption")
	assert.NotContains(t, out, "(other paths)")
}

// A negated claim is the claim's complement, exactly and over runs.
func TestNegatedClaimIsTheComplement(t *testing.T) {
	b := scenario.New("x").States("a").Start("a").Horizon(30)
	b.State("b").Absorbing()
	b.Route("ab", "a", "b")
	b.Transition("a", "b").Delay(scenario.Exp(0.1))
	b.Claim(scenario.Entered("b", 0, 7).Named("by-7"))
	b.Claim(scenario.Entered("b", 0, 7).Negate().Named("not-by-7"))
	b.Claim(scenario.RouteAt("ab", 7, scenario.RouteCompleted).Negate().Named("route-not-by-7"))
	sc := build(t, b)
	ex, err := outcomes.Exact(context.Background(), sc, nil)
	require.NoError(t, err)
	assert.InDelta(t, math.Exp(-0.7), ex.Claims[1].P, 1e-9)
	assert.InDelta(t, 1-ex.Claims[0].P, ex.Claims[1].P, 1e-12)
	assert.InDelta(t, ex.Claims[1].P, ex.Claims[2].P, 1e-12)
	assert.Equal(t, "b not reached by day 7", ex.Claims[1].Description)
	mc, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 4000, Seed: 3})
	require.NoError(t, err)
	assert.Equal(t, mc.Claims[0].N-mc.Claims[0].Hits, mc.Claims[1].Hits, "every run counts once, one way or the other")
	assert.Equal(t, mc.Claims[1].Hits, mc.Claims[2].Hits)
}

// A statement known not to have held conditions as its negation, exactly
// as by runs, and a claim's record refers to what the claim states; a
// reference to a claim past the horizon is refused as the statement is.
func TestGivenReadsWhatIsKnownOfAStatement(t *testing.T) {
	b := scenario.New("x").States("a").Start("a").Horizon(30)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(0.1))
	b.Claim(scenario.Entered("b", 0, 10).Named("by-10"))
	b.Claim(scenario.Entered("b", 0, 400).Named("by-400"))
	sc := build(t, b)
	ctx := context.Background()
	likelihood := func(given scenario.Statement) float64 {
		res, err := outcomes.Exact(ctx, sc, &outcomes.ExactConfig{Given: []scenario.Statement{given}})
		require.NoError(t, err, given.String())
		return res.Given.Likelihood.P
	}
	negated := likelihood(scenario.Entered("b", 0, 10).Negate())
	assert.InDelta(t, math.Exp(-1), negated, 1e-9)
	assert.InDelta(t, negated, likelihood(scenario.Entered("b", 0, 10).Known(scenario.TruthNotHeld, "", "")), 1e-12)
	assert.InDelta(t, negated, likelihood(scenario.ClaimNamed("by-10").Known(scenario.TruthNotHeld, "", "")), 1e-12)
	assert.InDelta(t, 1-negated, likelihood(scenario.ClaimNamed("by-10").Known(scenario.TruthHeld, "", "")), 1e-12)

	_, err := outcomes.Run(ctx, sc, &outcomes.Config{Runs: 100, Given: []scenario.Statement{scenario.ClaimNamed("by-400").Known(scenario.TruthNotHeld, "", "")}})
	assert.ErrorIs(t, err, outcomes.ErrConfig, "a claim judged past the horizon")
	_, err = outcomes.Exact(ctx, sc, &outcomes.ExactConfig{Given: []scenario.Statement{scenario.ClaimNamed("by-400").Known(scenario.TruthHeld, "", "")}})
	assert.ErrorIs(t, err, outcomes.ErrConfig)
}

// A record of a negated claim is scored against the claim's own
// probability, which already counts the negation.
func TestForecastOfANegatedClaimsRecord(t *testing.T) {
	b := scenario.New("x").States("a").Start("a").Horizon(30)
	b.State("b").Absorbing()
	b.Route("ab", "a", "b")
	b.Transition("a", "b").Delay(scenario.Exp(0.1))
	claim := scenario.Entered("b", 0, 7).Negate().Named("not-by-7")
	b.Claim(claim)
	res, err := outcomes.Exact(context.Background(), build(t, b), nil)
	require.NoError(t, err)
	p := res.Claims[0].P
	got, err := res.Forecast(claim.Known(scenario.TruthHeld, "", ""))
	require.NoError(t, err)
	assert.Equal(t, p, got, "the claim itself")
	got, err = res.Forecast(scenario.ClaimNamed("not-by-7").Known(scenario.TruthHeld, "", ""))
	require.NoError(t, err)
	assert.Equal(t, p, got, "a reference to it")
	got, err = res.Forecast(scenario.ClaimNamed("not-by-7").Negate())
	require.NoError(t, err)
	assert.Equal(t, 1-p, got, "a reference negated")
	route, err := res.Forecast(scenario.RouteAt("ab", 7, scenario.RouteCompleted).Negate())
	require.NoError(t, err)
	assert.InDelta(t, p, route, 1e-12, "a route's statement negated")
}

// A truth that is none of the three is refused where it is read: by
// Observe, at the observation's field, and by scoring.
func TestUnknownTruthValuesAreRefused(t *testing.T) {
	b := scenario.New("x").States("a").Start("a").Horizon(30)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(0.1))
	b.Claim(scenario.Entered("b", 0, 10).Named("by-10"))
	sc := build(t, b)
	forged := scenario.ClaimNamed("by-10").Known(scenario.Truth(7), "", "")
	_, err := sc.Observe([]scenario.Statement{forged})
	var pe *problem.Error
	require.ErrorAs(t, err, &pe)
	assert.Equal(t, "truth", pe.Problems[0].Field)
	res, err := outcomes.Exact(context.Background(), sc, nil)
	require.NoError(t, err)
	_, err = outcomes.ScoreForecasts([]*outcomes.Result{res}, []scenario.Statement{forged}, 0)
	assert.ErrorContains(t, err, "Truth 7")
	_, err = outcomes.ScoreForecasts([]*outcomes.Result{res}, []scenario.Statement{scenario.ClaimNamed("by-10")}, 0)
	assert.ErrorContains(t, err, "not known")
}
