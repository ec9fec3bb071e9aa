package scenario_test

import (
	"errors"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/parleysim/parley/internal/chain"
	"github.com/parleysim/parley/problem"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// base returns a valid two-step definition that each bad case below spoils
// in one way.
func base() *scenario.Builder {
	b := scenario.New("test").States("a", "b").Start("a").Horizon(30)
	b.State("end").Absorbing()
	b.Var("x", param.Const(0))
	b.Transition("a", "b").Delay(scenario.Exp(1))
	b.Transition("b", "end").Delay(scenario.Exp(1))
	b.Route("ab", "a", "b")
	b.Event("shock").Occurs(scenario.Exp(0.1)).In("a")
	return b
}

func twoParties(t *testing.T) *actors.Model {
	m, err := actors.NewModel([]actors.Issue{{ID: "territory", Min: 0, Max: 1}}, []actors.Actor{{ID: "RU"}, {ID: "UA"}}, nil)
	require.NoError(t, err)
	return m
}

func threeParties(t *testing.T) *actors.Model {
	m, err := actors.NewModel([]actors.Issue{{ID: "territory", Min: 0, Max: 1}}, []actors.Actor{{ID: "RU"}, {ID: "UA"}, {ID: "US"}}, nil)
	require.NoError(t, err)
	return m
}

func TestBuildNamesEveryCulprit(t *testing.T) {
	cases := []struct {
		name   string
		why    string
		spoil  func(b *scenario.Builder) *scenario.Builder
		expect string // the problem line, exactly
	}{
		{"empty scenario name", "output names the scenario",
			func(*scenario.Builder) *scenario.Builder {
				b := scenario.New("").States("a").Start("a").Horizon(1)
				return b
			}, `scenario: name: empty`},
		{"no start", "a run must begin somewhere",
			func(b *scenario.Builder) *scenario.Builder { return b.Start("") },
			`scenario "test": start: no start state given`},
		{"unknown start", "a misspelt start is not a new state",
			func(b *scenario.Builder) *scenario.Builder { return b.Start("aa") },
			`scenario "test": start: unknown state "aa"`},
		{"no horizon and no absorbing state", "a run would never end",
			func(*scenario.Builder) *scenario.Builder {
				b := scenario.New("test").States("a", "b").Start("a")
				b.Transition("a", "b").Delay(scenario.Exp(1))
				b.Transition("b", "a").Delay(scenario.Exp(1))
				return b
			}, `scenario "test": horizon: no horizon and no absorbing state: a run would never end`},
		{"negative horizon", "days run forward",
			func(b *scenario.Builder) *scenario.Builder { return b.Horizon(-1) },
			`scenario "test": horizon: must be a positive, finite number of days, got -1`},
		{"NaN horizon", "NaN compares false with every day",
			func(b *scenario.Builder) *scenario.Builder { return b.Horizon(math.NaN()) },
			`scenario "test": horizon: must be a positive, finite number of days, got NaN`},
		{"duplicate state", "two states with one name cannot be told apart",
			func(b *scenario.Builder) *scenario.Builder { b.State("a"); return b },
			`state "a": declared more than once`},
		{"duplicate variable", "guards by name would be ambiguous",
			func(b *scenario.Builder) *scenario.Builder { b.Var("x", param.Const(1)); return b },
			`variable "x": declared more than once`},
		{"transition from unknown state", "typos must not create states",
			func(b *scenario.Builder) *scenario.Builder { b.Transition("c", "b").Delay(scenario.Exp(1)); return b },
			`transition "c->b": from: unknown state "c"`},
		{"transition to unknown state", "typos must not create states",
			func(b *scenario.Builder) *scenario.Builder { b.Transition("a", "bb").Delay(scenario.Exp(1)); return b },
			`transition "a->bb": to: unknown state "bb"`},
		{"negative rate", "a rate is a frequency",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.Exp(-0.5))
				return b
			},
			`transition "a->end": rate: rate must be finite and >= 0, got -0.5`},
		{"NaN rate", "NaN would make the race undecidable",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.Exp(math.NaN()))
				return b
			},
			`transition "a->end": rate: rate must be finite and >= 0, got NaN`},
		{"infinite rate", "an instant transition is Fixed(0)",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.Exp(math.Inf(1)))
				return b
			},
			`transition "a->end": rate: rate must be finite and >= 0, got +Inf`},
		{"negative fixed delay", "time does not run backwards",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.Days(-2))
				return b
			},
			`transition "a->end": fixed: must be a finite number of days >= 0, got -2`},
		{"no delay", "a transition must say when it fires",
			func(b *scenario.Builder) *scenario.Builder { b.Transition("a", "end"); return b },
			`transition "a->end": no delay given: use Delay`},
		{"branching without targets", "a transition must say where it goes",
			func(b *scenario.Builder) *scenario.Builder {
				b.Branching("a").Delay(scenario.Exp(1))
				return b
			},
			`transition "a->?": to: no state given: give To, or Targets for a branching transition`},
		{"distribution with negative support", "a normal delay can be negative",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.After{Dist: distuv.Normal{Mu: 5, Sigma: 1}})
				return b
			}, `transition "a->end": delay: a normal distribution can draw negative delays; use one on [0, ∞) such as gamma, lognormal or weibull`},
		{"lognormal that overflows", "exp(1e6) days is infinite",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.After{Dist: distuv.LogNormal{Mu: 1e6, Sigma: 1}})
				return b
			}, `transition "a->end": delay: this lognormal distribution draws delays beyond any number of days (its quantile at 1 - 1e-9 is +Inf): check its parameters`},
		{"control character in a name", "invisible in every output",
			func(b *scenario.Builder) *scenario.Builder { b.State("bad\x00name"); return b },
			`state "bad\x00name": name: holds a control or bidirectional-override character (U+0000)`},
		{"bidirectional override in a name", "reorders what a reader sees",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Named("x\u202ey").Delay(scenario.Exp(1))
				return b
			},
			`transition "x\u202ey": name: holds a control or bidirectional-override character (U+202E)`},
		{"gamma without shape", "gonum would return NaN",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.After{Dist: distuv.Gamma{Alpha: 0, Beta: 1}})
				return b
			}, `transition "a->end": delay.0: alpha must be positive and finite, got 0`},
		{"nil distribution", "nothing to draw from",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.After{Dist: nil})
				return b
			},
			`transition "a->end": delay: no distribution`},
		{"branch probabilities do not sum to 1", "some runs would have nowhere to go",
			func(b *scenario.Builder) *scenario.Builder {
				b.Branching("a", scenario.To("b", 0.5), scenario.To("end", 0.4)).Named("split").Delay(scenario.Exp(1))
				return b
			}, `transition "split": targets: probabilities sum to 0.9, not 1`},
		{"negative branch probability", "probabilities are in [0, 1]",
			func(b *scenario.Builder) *scenario.Builder {
				b.Branching("a", scenario.To("b", 1.5), scenario.To("end", -0.5)).Named("split").Delay(scenario.Exp(1))
				return b
			}, `transition "split": targets[1]: probability must be in [0, 1], got -0.5`},
		{"duplicate transition", "declines are counted per transition name",
			func(b *scenario.Builder) *scenario.Builder { b.Transition("a", "b").Delay(scenario.Exp(2)); return b },
			`transition "a->b": declared more than once (give one of them a name with Named)`},
		{"guard on unknown variable", "the guard could never be evaluated",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.Exp(1)).When(scenario.Condition{Text: "trust >= 0.5"})
				return b
			}, `transition "a->end": guard: column 1: unknown variable "trust"`},
		{"nil guard func", "calling it would panic in the run loop",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.Exp(1)).When(scenario.GuardFunc(nil))
				return b
			}, `transition "a->end": guard: nil guard`},
		{"effect on unknown variable", "the effect could never be applied",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.Exp(1)).Do(scenario.Assign("y", "1"))
				return b
			}, `transition "a->end": effects[0]: unknown variable "y"`},
		{"participants without an actors model", "acceptance needs the actors' rules",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.Exp(1)).Participants("RU", "UA")
				return b
			}, `transition "a->end": participants: participants need an actors model (call Builder.Actors)`},
		{"participant named twice", "acceptance is asked once per actor",
			func(b *scenario.Builder) *scenario.Builder {
				b.Actors(twoParties(t)).Transition("a", "end").Delay(scenario.Exp(1)).Participants("RU", "UA", "RU")
				return b
			}, `transition "a->end": participants[2]: actor "RU" named twice`},
		{"unknown participant", "typos must not invent actors",
			func(b *scenario.Builder) *scenario.Builder {
				b.Actors(twoParties(t)).Transition("a", "end").Delay(scenario.Exp(1)).Participants("RU", "BY")
				return b
			}, `transition "a->end": participants[1]: unknown actor "BY"`},
		{"agenda on an unknown issue", "nothing to bargain over",
			func(b *scenario.Builder) *scenario.Builder {
				b.Actors(twoParties(t)).Transition("a", "end").Delay(scenario.Exp(1)).Participants("RU", "UA").Agenda(actors.WeightedMedian{}, "gas")
				return b
			}, `transition "a->end": agenda[0]: unknown issue "gas"`},
		{"agenda without a bargainer", "no way to predict the outcome",
			func(b *scenario.Builder) *scenario.Builder {
				b.Actors(twoParties(t)).Transition("a", "end").Delay(scenario.Exp(1)).Participants("RU", "UA").Agenda(nil, "territory")
				return b
			}, `transition "a->end": agenda: no bargainer given`},
		{"alternating offers among three", "Rubinstein's game has two players",
			func(b *scenario.Builder) *scenario.Builder {
				b.Actors(threeParties(t)).Transition("a", "end").Delay(scenario.Exp(1)).Participants("RU", "UA", "US").Agenda(actors.Rubinstein{}, "territory")
				return b
			}, `transition "a->end": agenda: actors.Rubinstein needs exactly 2 parties, the meeting has 3`},
		{"agenda without participants", "nobody to bargain",
			func(b *scenario.Builder) *scenario.Builder {
				b.Actors(twoParties(t)).Event("talks").Occurs(scenario.Exp(1)).Agenda(actors.WeightedMean{}, "territory")
				return b
			}, `event "talks": agenda: an agenda needs participants to bargain over it`},
		{"decline policy without participants", "nobody can decline",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.Exp(1)).OnDecline(scenario.AfterDecline{To: "end"})
				return b
			}, `transition "a->end": onDecline: set, but the transition has no participants to decline`},
		{"declining to an unknown state", "typos must not create states",
			func(b *scenario.Builder) *scenario.Builder {
				b.Actors(twoParties(t)).Transition("a", "end").Delay(scenario.Exp(1)).Participants("RU").OnDecline(scenario.AfterDecline{To: "stall"})
				return b
			}, `transition "a->end": onDecline: unknown state "stall"`},
		{"negative retry delay", "time does not run backwards",
			func(b *scenario.Builder) *scenario.Builder {
				b.Actors(twoParties(t)).Transition("a", "end").Delay(scenario.Exp(1)).Participants("RU").OnDecline(scenario.AfterDecline{Retry: scenario.Days(-1)})
				return b
			}, `transition "a->end": onDecline: retry: must be a finite number of days >= 0, got -1`},
		{"acceptance rule on an unknown variable", "the rule could never be evaluated",
			func(b *scenario.Builder) *scenario.Builder {
				m, err := actors.NewModel(nil, []actors.Actor{{ID: "RU", Accept: scenario.When{Guard: scenario.Condition{Text: "prepared >= 1"}}}}, nil)
				require.NoError(t, err)
				return b.Actors(m)
			}, `actor "RU": accept: column 1: unknown variable "prepared"`},
		{"range shift of an unknown actor", "the effect could never be applied",
			func(b *scenario.Builder) *scenario.Builder {
				b.Actors(twoParties(t)).Transition("a", "end").Delay(scenario.Exp(1)).Do(scenario.RangeShift{Actor: "BY", Issue: "territory", Lo: "0", Hi: "0.1"})
				return b
			}, `transition "a->end": effects[0]: unknown actor "BY"`},
		{"range shift without actors", "there are no ranges to shift",
			func(b *scenario.Builder) *scenario.Builder {
				b.Transition("a", "end").Delay(scenario.Exp(1)).Do(scenario.RangeShift{Actor: "UA", Issue: "territory", Lo: "0", Hi: "0.1"})
				return b
			}, `transition "a->end": effects[0]: a range shift needs an actors model`},
		{"absorbing state with a way out", "absorbing means final",
			func(b *scenario.Builder) *scenario.Builder { b.Transition("end", "a").Delay(scenario.Exp(1)); return b },
			`state "end": declared absorbing but has 1 outgoing transition(s)`},
		{"route naming an unknown state", "the route could never be followed",
			func(b *scenario.Builder) *scenario.Builder { b.Route("r", "a", "trilateral"); return b },
			`route "r": states[1]: unknown state "trilateral"`},
		{"empty route", "a route needs somewhere to go",
			func(b *scenario.Builder) *scenario.Builder { b.Route("r"); return b },
			`route "r": states: a route needs at least one state`},
		{"duplicate route", "results are looked up by route name",
			func(b *scenario.Builder) *scenario.Builder { b.Route("ab", "b"); return b },
			`route "ab": declared more than once`},
		{"event without timing", "an event needs a rate or a day",
			func(b *scenario.Builder) *scenario.Builder { b.Event("e"); return b },
			`event "e": no timing given: use Occurs`},
		{"event with negative rate", "a rate is a frequency",
			func(b *scenario.Builder) *scenario.Builder { b.Event("e").Occurs(scenario.Exp(-1)); return b },
			`event "e": rate: rate must be finite and >= 0, got -1`},
		{"scheduled event with probability above 1", "probabilities are in [0, 1]",
			func(b *scenario.Builder) *scenario.Builder { b.Event("e").Occurs(scenario.On(1, 1.2)); return b },
			`event "e": probability: must be in [0, 1], got 1.2`},
		{"event in unknown state", "typos must not create states",
			func(b *scenario.Builder) *scenario.Builder {
				b.Event("e").Occurs(scenario.Exp(1)).In("nowhere")
				return b
			},
			`event "e": states[0]: unknown state "nowhere"`},
		{"event moving to unknown state", "typos must not create states",
			func(b *scenario.Builder) *scenario.Builder {
				b.Event("e").Occurs(scenario.Exp(1)).Goto("nowhere")
				return b
			},
			`event "e": goto: unknown state "nowhere"`},
		{"event in absorbing state", "no run stays there to see it",
			func(b *scenario.Builder) *scenario.Builder { b.Event("e").Occurs(scenario.Exp(1)).In("end"); return b },
			`event "e": states: active in absorbing state "end", where no run stays to see it`},
		{"claim on unknown route", "the claim could never be judged",
			func(b *scenario.Builder) *scenario.Builder {
				return b.Claim(scenario.RouteAt("us-route", 14, scenario.RouteCompleted).Named("c"))
			}, `claim "c": route: unknown route "us-route"`},
		{"claim on a window", "a claim is judged by its day, from day 0",
			func(b *scenario.Builder) *scenario.Builder {
				return b.Claim(scenario.Entered("end", 3, 14).Named("c"))
			},
			`claim "c": from: a claim's window starts at day 0 (by day 14), got day 3`},
		{"route claim from a day", "a route's status is judged at one day",
			func(b *scenario.Builder) *scenario.Builder {
				c := scenario.RouteAt("r", 14, scenario.RouteCompleted).Named("c")
				c.From = 5
				b.Route("r", "a", "end")
				return b.Claim(c)
			},
			`claim "c": from: a claim about a route is judged at its day, 14, from day 0, not day 5`},
		{"route claim open", "a claim about a route says it is completed",
			func(b *scenario.Builder) *scenario.Builder {
				b.Route("r", "a", "end")
				return b.Claim(scenario.RouteAt("r", 14, scenario.RouteOpen).Named("c"))
			},
			`claim "c": status: a claim about a route says it is completed by its day, got open`},
		{"reference as a claim", "a claim states something; it does not refer to another claim",
			func(b *scenario.Builder) *scenario.Builder {
				return b.Claim(scenario.ClaimNamed("other").Named("c"))
			},
			`claim "c": kind: a claim is entered, in a state, occurred, a variable, agreed, a route completed, a combination (all, any, before, within) or a Go function, not claim`},
		{"claim on unknown state", "the claim could never be judged",
			func(b *scenario.Builder) *scenario.Builder {
				return b.Claim(scenario.Entered("bilat", 0, 14).Named("c"))
			},
			`claim "c": state: unknown state "bilat"`},
		{"claim on unknown event", "the claim could never be judged",
			func(b *scenario.Builder) *scenario.Builder {
				return b.Claim(scenario.Occurred("release", 0, 14).Named("c"))
			},
			`claim "c": event: unknown event "release"`},
		{"claim with a negative day", "days run forward from 0",
			func(b *scenario.Builder) *scenario.Builder { return b.Claim(scenario.Entered("b", 0, -1).Named("c")) },
			`claim "c": day: must be a finite day >= 0, got -1`},
	}
	require.GreaterOrEqual(t, len(cases), 15)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var sc *scenario.Scenario
			var err error
			require.NotPanics(t, func() { sc, err = c.spoil(base()).Build() }, c.why)
			require.Error(t, err, c.why)
			assert.Nil(t, sc)
			assert.True(t, errors.Is(err, scenario.ErrDefinition))
			var de *problem.Error
			require.True(t, errors.As(err, &de))
			var lines []string
			for _, p := range de.Problems {
				lines = append(lines, p.String())
			}
			assert.Contains(t, lines, c.expect, c.why)
		})
	}
}

func TestBuildReportsEveryProblemAtOnce(t *testing.T) {
	b := base()
	b.Transition("a", "nowhere").Delay(scenario.Exp(1))
	b.Transition("b", "a").Delay(scenario.Exp(-1))
	b.Route("r", "zz")
	_, err := b.Build()
	var de *problem.Error
	require.True(t, errors.As(err, &de))
	assert.Len(t, de.Problems, 3, err.Error())
	assert.Contains(t, err.Error(), `scenario "test": 3 problems`)
}

func TestBaseDefinitionIsValid(t *testing.T) {
	sc, err := base().Build()
	require.NoError(t, err)
	assert.Equal(t, 3, sc.NumStates())
	end, ok := sc.State("end")
	require.True(t, ok)
	assert.True(t, sc.Absorbing(end))
	a, _ := sc.State("a")
	assert.False(t, sc.Absorbing(a))
	assert.Equal(t, a, sc.Start())
}

func TestAnUnreachableStateIsAWarning(t *testing.T) {
	// A state no run can enter is a modelling slip, or a state kept for a
	// variant: the scenario runs, and Warnings says so.
	b := base()
	b.State("island")
	b.Transition("island", "end").Delay(scenario.Exp(1))
	sc, err := b.Build()
	require.NoError(t, err)
	var found bool
	for _, w := range sc.Warnings() {
		found = found || w.String() == `state "island": unreachable from the start state "a": no run enters it`
	}
	assert.True(t, found, "%v", sc.Warnings())
}

// A guard, an assignment and a weight written as expressions are compiled
// by Build: a definition holds their text alone, and their problems are the
// definition's, at their fields.
func TestExpressionsCompileInBuild(t *testing.T) {
	b := scenario.New("x").States("a", "b").Start("a").Horizon(30)
	b.State("c").Absorbing()
	b.Var("trust", param.Const(0))
	b.Transition("a", "b").Delay(scenario.Exp(0.5)).When(scenario.Condition{Text: "trust >= 1"})
	b.Event("gesture").Occurs(scenario.Exp(1)).Do(scenario.Assign("trust", "trust + 1"))
	b.Branching("b", scenario.Target{State: "c", Weight: "trust"}, scenario.Target{State: "a", Weight: "0"}).Delay(scenario.Days(1))
	sc, err := b.Build()
	require.NoError(t, err)
	d := sc.Definition()
	assert.Equal(t, scenario.Condition{Text: "trust >= 1"}, d.Transitions[0].Guard)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(1, 2)))
	assert.Equal(t, scenario.EndAbsorbed, tr.End)
	_, err = chain.Of(sc)
	require.Error(t, err, "the guard reads a variable the event changes")

	bad := scenario.New("x").States("a").Start("a").Horizon(30)
	bad.State("b").Absorbing()
	bad.Var("trust", param.Const(0))
	bad.Transition("a", "b").Delay(scenario.Exp(0.5)).When(scenario.Condition{Text: "trust + 1"}).Do(scenario.Assign("trst", "1"), scenario.Assign("trust", "cbrt(2)"))
	_, err = bad.Build()
	assert.Equal(t, []string{
		"guard: column 1: a condition is needed here, not a number",
		`effects[0]: unknown variable "trst" (did you mean "trust"?)`,
		`effects[1]: column 1: unknown function "cbrt" (abs, min, max, pow, exp, log, sqrt, isNaN, ideal, salience, lo, hi, capability)`,
	}, fieldMessages(t, err))

	// A comparison of a variable that nothing changes is read by exact
	// analysis, against a number, a parameter or a formula of parameters,
	// which the parameters' values decide.
	ex := scenario.New("x").States("a").Start("a").Horizon(30)
	ex.State("b").Absorbing()
	ex.Param(param.Parameter{Name: "need", Default: 0.5, Min: 0, Max: 10})
	ex.Var("prepared", param.Const(1))
	ex.Transition("a", "b").Delay(scenario.Exp(0.5)).When(scenario.Condition{Text: "prepared >= 1 && !(prepared > 5) && prepared >= 2 * need - 0.5"})
	exact, err := ex.Build()
	require.NoError(t, err)
	c, err := chain.Of(exact)
	require.NoError(t, err)
	assert.Equal(t, 0.5, c.Weight(0, 1), "1 >= 2*0.5 - 0.5: the move is open")
	closed, err := exact.With(map[string]float64{"need": 2})
	require.NoError(t, err)
	c, err = chain.Of(closed)
	require.NoError(t, err)
	assert.Zero(t, c.Weight(0, 1), "1 < 2*2 - 0.5: the formula is bound with the parameter, and the move is shut")
}

// A precondition over the day cannot be read by exact analysis, which
// says so in the words of the rule, not as a Go function.
func TestExactNamesAConditionRule(t *testing.T) {
	m, err := actors.NewModel([]actors.Issue{{ID: "x", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "RU", Accept: actors.All{actors.Always{}, scenario.When{Guard: scenario.Condition{Text: "day > 3"}}}}, {ID: "UA"}},
		[]actors.Position{{Actor: "RU", Issue: "x", Ideal: actors.Fixed(0.5)}, {Actor: "UA", Issue: "x", Ideal: actors.Fixed(0.5)}})
	require.NoError(t, err)
	b := scenario.New("x").States("a").Start("a").Horizon(30).Actors(m)
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(0.5)).Participants("RU", "UA")
	sc, err := b.Build()
	require.NoError(t, err)
	_, err = chain.Of(sc)
	assert.ErrorContains(t, err, `RU's acceptance rule is the condition "day > 3", reading the day`)
}

// An assignment of the variable plus a number or a parameter gives the
// same runs as the general expression does.
func TestAssignmentForms(t *testing.T) {
	build := func(effect string) *scenario.Scenario {
		b := scenario.New("x").States("a", "b").Start("a").Horizon(30)
		b.State("done").Absorbing()
		b.Param(param.Parameter{Name: "step", Default: 0.25, Min: 0, Max: 1})
		b.Var("trust", param.Const(0.1))
		b.Event("gesture").Occurs(scenario.Exp(0.3)).Do(scenario.Assign("trust", effect))
		b.Transition("a", "b").Delay(scenario.Exp(0.2)).When(scenario.Condition{Text: "trust >= 0.6"})
		b.Transition("b", "done").Delay(scenario.Exp(0.2))
		sc, err := b.Build()
		require.NoError(t, err)
		return sc
	}
	forms := []*scenario.Scenario{build("trust + step"), build("step + trust"), build("trust + step * 1 + 0 * day")}
	for seed := range uint64(200) {
		want := forms[2].NewRunner(scenario.RunOptions{}).Run(newRNG(seed))
		for _, sc := range forms[:2] {
			got := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(seed))
			require.Equal(t, want.Final(), got.Final())
			require.Equal(t, len(want.Steps), len(got.Steps))
			for i := range want.Steps {
				require.Equal(t, want.Steps[i].Day, got.Steps[i].Day)
			}
		}
	}
}

// fieldMessages lists a definition error's problems as "field: message".
func fieldMessages(t *testing.T, err error) []string {
	t.Helper()
	var pe *problem.Error
	require.ErrorAs(t, err, &pe)
	var got []string
	for _, p := range pe.Problems {
		got = append(got, p.Field+": "+p.Msg)
	}
	return got
}
