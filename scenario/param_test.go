package scenario_test

import (
	"errors"
	"math"
	"testing"

	"github.com/parleysim/parley/problem"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// paramScenario builds one scenario in which every kind of number is
// either a parameter (vals nil: the parameters' defaults are half the
// values, so that binding must change them) or the literal value.
func paramScenario(t *testing.T, vals map[string]float64) *scenario.Scenario {
	t.Helper()
	lit := map[string]float64{
		"rate": 0.2, "fixed": 3, "shape": 2, "p": 0.3, "evrate": 0.05, "day": 4, "evp": 0.6,
		"trust": 0.4, "cap": 2, "ideal": 0.7, "retry": 2,
		"gate": 0.3, "need": 0.5, "shock": -0.1, "widen": 0.2,
	}
	b := scenario.New("params").Start("a").Horizon(40)
	num := func(name string) param.Num {
		if vals != nil {
			return param.Const(lit[name])
		}
		b.Param(param.Parameter{Name: name, Default: lit[name] * 0.5, Min: -10, Max: 10})
		return param.P(name)
	}
	b.States("a", "b", "c", "d")
	b.State("done").Absorbing()
	b.State("fail").Absorbing()
	trust := b.Var("trust", num("trust"))
	b.Transition("a", "b").Delay(scenario.Exp(num("rate"))).When(scenario.Condition{Text: "trust >= " + num("gate").String()})
	b.Transition("b", "c").Delay(scenario.Days(num("fixed")))
	b.Transition("c", "d").Delay(scenario.After{Dist: param.Dist{Family: distuv.Gamma{}, Params: []param.Num{num("shape"), param.Const(0.5)}}})
	p := num("p")
	q := param.Formula("1 - p", func(a []float64) float64 { return 1 - a[0] }, "p")
	if vals != nil {
		q = param.Const(1 - lit["p"])
	}
	b.Branching("d", scenario.To("done", p), scenario.To("fail", q)).Delay(scenario.Exp(0.3)).
		Participants("us", "ru").OnDecline(scenario.AfterDecline{Retry: scenario.Days(num("retry"))})
	b.Event("shock").Occurs(scenario.Exp(num("evrate"))).Do(scenario.Assign("trust", "trust + "+num("shock").String()))
	b.Event("summit").Occurs(scenario.On(num("day"), num("evp"))).Do(scenario.EffectFunc(func(w *scenario.World) { w.Set(trust, w.Get(trust)+1) }),
		scenario.RangeShift{Actor: "ru", Issue: "x", Lo: num("widen").String(), Hi: "0"})
	if vals == nil {
		m, err := actors.NewModel([]actors.Issue{{ID: "x", Min: 0, Max: 1}},
			[]actors.Actor{{ID: "us", Capability: actors.Fixed(num("cap")), Accept: scenario.When{Guard: scenario.Condition{Text: "trust >= " + num("need").String()}}}, {ID: "ru", Accept: actors.ZoneOfAgreement{}}},
			[]actors.Position{{Actor: "us", Issue: "x", Ideal: actors.Fixed(0.5)}, {Actor: "ru", Issue: "x", Ideal: actors.Fixed(num("ideal")), Lo: actors.Fixed(0.6)}})
		require.NoError(t, err)
		b.Actors(m)
	} else {
		m2, err := actors.NewModel([]actors.Issue{{ID: "x", Min: 0, Max: 1}},
			[]actors.Actor{{ID: "us", Capability: actors.Fixed(lit["cap"]), Accept: scenario.When{Guard: scenario.Condition{Text: "trust >= " + param.Const(lit["need"]).String()}}}, {ID: "ru", Accept: actors.ZoneOfAgreement{}}},
			[]actors.Position{{Actor: "us", Issue: "x", Ideal: actors.Fixed(0.5)}, {Actor: "ru", Issue: "x", Ideal: actors.Fixed(lit["ideal"]), Lo: actors.Fixed(0.6)}})
		require.NoError(t, err)
		b.Actors(m2)
	}
	sc, err := b.Build()
	require.NoError(t, err)
	if vals == nil {
		bound := map[string]float64{}
		for k, x := range lit {
			bound[k] = x
		}
		sc, err = sc.With(bound)
		require.NoError(t, err)
	}
	return sc
}

func TestBindingEqualsBuildingWithTheValues(t *testing.T) {
	bound := paramScenario(t, nil)
	literal := paramScenario(t, map[string]float64{})
	rb, rl := bound.NewRunner(scenario.RunOptions{}), literal.NewRunner(scenario.RunOptions{})
	for seed := range uint64(300) {
		tb, tl := rb.Run(newRNG(seed)), rl.Run(newRNG(seed))
		require.Equal(t, tl.Steps, tb.Steps, "seed %d", seed)
		require.Equal(t, tl.Occurrences, tb.Occurrences, "seed %d", seed)
		require.Equal(t, tl.End, tb.End, "seed %d", seed)
	}
	assert.Equal(t, 0.2, bound.Values()["rate"])
}

func TestWithLeavesTheOriginalAlone(t *testing.T) {
	b := scenario.New("keep").Start("a").Horizon(10)
	b.State("a")
	b.State("b").Absorbing()
	b.Param(param.Parameter{Name: "r", Default: 0.5})
	b.Transition("a", "b").Delay(scenario.Exp(param.P("r")))
	sc := mustBuild(t, b)
	before := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(7)).Steps[1].Day
	fast, err := sc.With(map[string]float64{"r": 50})
	require.NoError(t, err)
	assert.Less(t, fast.NewRunner(scenario.RunOptions{}).Run(newRNG(7)).Steps[1].Day, before)
	assert.Equal(t, before, sc.NewRunner(scenario.RunOptions{}).Run(newRNG(7)).Steps[1].Day)
	assert.Equal(t, 0.5, sc.Values()["r"])
	assert.Equal(t, 50.0, fast.Values()["r"])
}

func TestWithRefusesBadValuesNamingBoth(t *testing.T) {
	b := scenario.New("bad").Start("a").Horizon(10)
	b.State("a")
	b.State("b").Absorbing()
	b.Param(param.Parameter{Name: "us_pressure", Default: 0.5, Min: 0, Max: 1})
	b.Param(param.Parameter{Name: "shift", Default: 0})
	b.Transition("a", "b").Delay(scenario.Exp(param.Formula("us_pressure + shift", func(a []float64) float64 { return a[0] + a[1] }, "us_pressure", "shift")))
	sc := mustBuild(t, b)
	for _, tc := range []struct {
		name   string
		values map[string]float64
		want   []string
	}{
		{"unknown, with a suggestion", map[string]float64{"us_presure": 1}, []string{"us_presure", `did you mean "us_pressure"`}},
		{"outside the declared range", map[string]float64{"us_pressure": 1.5}, []string{`parameter "us_pressure"`, "1.5 is outside its range [0, 1]"}},
		{"not finite", map[string]float64{"shift": inf()}, []string{"shift", "finite"}},
		{"a negative rate", map[string]float64{"shift": -2}, []string{"us_pressure = 0.5", "shift = -2", `transition "a->b" rate`, "rate must be finite and >= 0"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := sc.With(tc.values)
			require.Error(t, err)
			var pe *problem.Error
			require.True(t, errors.As(err, &pe))
			for _, w := range tc.want {
				assert.Contains(t, err.Error(), w)
			}
		})
	}
}

func TestBuildChecksParameters(t *testing.T) {
	b := scenario.New("decl").Start("a").Horizon(10)
	b.State("a")
	b.State("b").Absorbing()
	b.Param(param.Parameter{Name: "x", Default: 2, Min: 0, Max: 1})
	b.Param(param.Parameter{Name: "y", Default: 0.5, Min: 0, Max: 1, Prior: distuv.Normal{Mu: 0.5, Sigma: 1}})
	b.Param(param.Parameter{Name: "x", Default: 0.5})
	b.Transition("a", "b").Delay(scenario.Exp(param.P("rat")))
	_, err := b.Build()
	require.Error(t, err)
	for _, w := range []string{
		`parameter "x": default: 2 is outside the range [0, 1]`,
		`parameter "y": prior:`, "can draw outside the range [0, 1]",
		`parameter "x": declared more than once`,
		`transition "a->b": rate: unknown parameter "rat"`,
	} {
		assert.Contains(t, err.Error(), w)
	}
}

func TestGuardsReadParameters(t *testing.T) {
	b := scenario.New("guard").Start("a").Horizon(10)
	b.State("a")
	b.State("b").Absorbing()
	open := b.Param(param.Parameter{Name: "open", Default: 0, Min: 0, Max: 1})
	b.Transition("a", "b").Delay(scenario.Days(1)).When(scenario.GuardFunc(func(w *scenario.World) bool { return w.Param(open) > 0.5 }))
	sc := mustBuild(t, b)
	assert.Equal(t, scenario.EndStuck, sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1)).End, "the guard never opens")
	on, err := sc.With(map[string]float64{"open": 1})
	require.NoError(t, err)
	assert.Equal(t, scenario.EndAbsorbed, on.NewRunner(scenario.RunOptions{}).Run(newRNG(1)).End)
}

func TestDrawParametersPerRun(t *testing.T) {
	b := scenario.New("deep").Start("a").Horizon(1000)
	b.State("a")
	b.State("b").Absorbing()
	b.Param(param.Parameter{Name: "x", Default: 0.9, Min: 0, Max: 1, Prior: distuv.Uniform{Min: 0, Max: 1}})
	// Half the draws give a negative rate: those runs fault, and are counted.
	b.Transition("a", "b").Delay(scenario.Exp(param.Formula("x - 0.5", func(a []float64) float64 { return a[0] - 0.5 }, "x")))
	sc := mustBuild(t, b)
	r := sc.NewRunner(scenario.RunOptions{DrawParameters: true})
	faults := 0
	for seed := range uint64(2000) {
		tr := r.Run(newRNG(seed))
		if tr.End == scenario.EndFault {
			assert.Equal(t, scenario.FaultParameters, tr.Fault)
			faults++
		}
	}
	assert.InDelta(t, 1000, faults, 4*22.4, "a fair coin in 2000 runs")
	assert.Equal(t, 0.9, sc.Values()["x"], "drawing leaves the scenario's bound values alone")
	// The same seed gives the same run.
	r2 := sc.NewRunner(scenario.RunOptions{DrawParameters: true})
	assert.Equal(t, r.Run(newRNG(5)).Steps, r2.Run(newRNG(5)).Steps)
}

func TestBoundRunsAllocateNothing(t *testing.T) {
	sc := paramScenario(t, nil)
	for _, draw := range []bool{false, true} {
		r := sc.NewRunner(scenario.RunOptions{DrawParameters: draw})
		rng := newRNG(1)
		for range 100 {
			r.Run(rng)
		}
		assert.Zero(t, testing.AllocsPerRun(200, func() { r.Run(rng) }), "draw %v", draw)
	}
}

func BenchmarkWith(b *testing.B) {
	sc := paramScenario(&testing.T{}, nil)
	vals := map[string]float64{"rate": 0.3, "shape": 3}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := sc.With(vals); err != nil {
			b.Fatal(err)
		}
	}
}

func inf() float64 { return math.Inf(1) }

func TestBoundParametersAreNotDrawn(t *testing.T) {
	b := scenario.New("decide").Start("a").Horizon(10)
	b.State("a")
	b.State("b").Absorbing()
	b.Param(param.Parameter{Name: "x", Default: 0.5, Min: 0, Max: 1, Prior: distuv.Uniform{Min: 0, Max: 1}})
	b.Param(param.Parameter{Name: "y", Default: 0.5, Min: 0, Max: 1, Prior: distuv.Uniform{Min: 0, Max: 1}})
	b.Transition("a", "b").Delay(scenario.Exp(param.P("x")))
	sc := mustBuild(t, b)
	assert.Equal(t, []scenario.Param{0, 1}, sc.Drawn())
	set, err := sc.With(map[string]float64{"x": 0.25})
	require.NoError(t, err)
	assert.Equal(t, []scenario.Param{1}, set.Drawn(), "x is a decision now")
	// The drawn runs are the undrawn runs after one draw from the stream,
	// which seeds the parameters' own: x stays 0.25.
	drawn, fixed := set.NewRunner(scenario.RunOptions{DrawParameters: true}), set.NewRunner(scenario.RunOptions{})
	for seed := range uint64(50) {
		rng := newRNG(seed)
		rng.Uint64()
		assert.Equal(t, fixed.Run(rng).Steps, drawn.Run(newRNG(seed)).Steps)
	}
}

// Guard thresholds and effect values at their extremes: a comparison with
// ±Inf is a condition and builds; NaN never decides one and is refused; an
// effect's value must be finite, when built and when a parameter is bound.
func TestGuardAndEffectNumbersAtTheirExtremes(t *testing.T) {
	build := func(g scenario.Guard, e scenario.Effect) (*scenario.Scenario, error) {
		b := scenario.New("extremes").Start("a").Horizon(5)
		b.State("a")
		b.State("b").Absorbing()
		b.Param(param.Parameter{Name: "k", Default: 1, Min: -1e308, Max: 1e308})
		b.Var("x", param.Const(0))
		b.Transition("a", "b").Delay(scenario.Days(1)).When(g).Do(e)
		return b.Build()
	}

	sc, err := build(scenario.Condition{Text: "x < 1/0"}, scenario.Assign("x", "1e308"))
	require.NoError(t, err)
	assert.Equal(t, scenario.EndAbsorbed, sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1)).End, "x < +Inf allows")

	_, err = build(scenario.Condition{Text: "x < 0/0"}, scenario.Assign("x", "1"))
	require.ErrorIs(t, err, scenario.ErrDefinition)
	assert.ErrorContains(t, err, "never decided")
	_, err = build(scenario.Condition{Text: "x >= 0"}, scenario.Assign("x", "x + -1/0"))
	assert.ErrorContains(t, err, `effects[0]: value for "x" must be finite, got -Inf`)

	// Through a parameter a formula is what the expression gives at run
	// time, as it was before it was bound in advance: 1/k is +Inf at k = 0
	// (a bound that allows, a value assigned), 0/k NaN (a comparison that
	// is false, so the guard never opens).
	sc, err = build(scenario.Condition{Text: "x < 1/k"}, scenario.Assign("x", "1/k"))
	require.NoError(t, err)
	inf, err := sc.With(map[string]float64{"k": 0})
	require.NoError(t, err)
	assert.Equal(t, scenario.EndAbsorbed, inf.NewRunner(scenario.RunOptions{}).Run(newRNG(1)).End, "x < +Inf allows")
	sc, err = build(scenario.Condition{Text: "x < 0/k"}, scenario.Assign("x", "1"))
	require.NoError(t, err)
	nan, err := sc.With(map[string]float64{"k": 0})
	require.NoError(t, err)
	assert.Equal(t, scenario.EndStuck, nan.NewRunner(scenario.RunOptions{}).Run(newRNG(1)).End, "x < NaN never allows")
}

// A parameter that nothing reads, or that only numbers of actors read
// which no bargainer, rule or expression reads, is reported as having no
// effect; one read anywhere that counts is not.
func TestInertParametersAreWarned(t *testing.T) {
	build := func(bargainer actors.Bargainer, extra func(b *scenario.Builder)) []string {
		t.Helper()
		b := scenario.New("inert").States("a").Start("a").Horizon(30)
		b.State("done").Absorbing()
		for _, name := range []string{"cap_us", "cap_ru", "unused", "rate"} {
			b.Param(param.Parameter{Name: name, Default: 0.5, Min: 0, Max: 1})
		}
		m, err := actors.NewModel([]actors.Issue{{ID: "x", Min: 0, Max: 1}},
			[]actors.Actor{{ID: "US", Capability: actors.Fixed(param.P("cap_us"))}, {ID: "RU", Capability: actors.Fixed(param.P("cap_ru"))}},
			[]actors.Position{{Actor: "US", Issue: "x", Ideal: actors.Fixed(0.2)}, {Actor: "RU", Issue: "x", Ideal: actors.Fixed(0.8)}})
		require.NoError(t, err)
		b.Actors(m)
		b.Transition("a", "done").Delay(scenario.Exp(param.P("rate"))).Participants("US", "RU").Agenda(bargainer, "x")
		if extra != nil {
			extra(b)
		}
		sc, err := b.Build()
		require.NoError(t, err)
		var out []string
		for _, w := range sc.Warnings() {
			if w.Part == problem.Parameter {
				out = append(out, w.Name+": "+w.Msg)
			}
		}
		return out
	}
	assert.Equal(t, []string{
		"cap_us: read only by capability of US, which no meeting's bargainer or rule and no expression reads: it has no effect",
		"cap_ru: read only by capability of RU, which no meeting's bargainer or rule and no expression reads: it has no effect",
		"unused: read by no number, expression or rule of the scenario: it has no effect",
	}, build(actors.NashSolution{}, nil), "nash ignores capability")
	assert.Equal(t, []string{"unused: read by no number, expression or rule of the scenario: it has no effect"},
		build(actors.WeightedMean{}, nil), "the weighted mean reads capability")
	assert.Equal(t, []string{"cap_ru: read only by capability of RU, which no meeting's bargainer or rule and no expression reads: it has no effect"},
		build(actors.NashSolution{}, func(b *scenario.Builder) {
			b.Var("seen", param.Const(0))
			b.Event("look").Occurs(scenario.Exp(0.1)).Do(scenario.Assign("seen", `capability("US") + unused`))
		}), "expressions read a parameter and an actor's capability")
	assert.Empty(t, build(actors.NashSolution{}, func(b *scenario.Builder) {
		b.Event("look").Occurs(scenario.Exp(0.1)).When(scenario.GuardFunc(func(*scenario.World) bool { return true }))
	}), "a Go function may read anything")
}

// A rule reads its own actor's numbers: another party's risk is still
// unread under the weighted mean when one party weighs its reservation.
func TestInertParametersUnderARuleOfOneParty(t *testing.T) {
	b := scenario.New("inert").States("a").Start("a").Horizon(30)
	b.State("done").Absorbing()
	b.Param(param.Parameter{Name: "ua_risk", Default: 1, Min: 0.5, Max: 2})
	m, err := actors.NewModel([]actors.Issue{{ID: "x", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "UA", Risk: actors.Fixed(param.P("ua_risk"))}, {ID: "RU", Accept: actors.ReservationValue{}}},
		[]actors.Position{{Actor: "UA", Issue: "x", Ideal: actors.Fixed(0.2)}, {Actor: "RU", Issue: "x", Ideal: actors.Fixed(0.8)}})
	require.NoError(t, err)
	b.Actors(m)
	b.Transition("a", "done").Delay(scenario.Exp(0.1)).Participants("UA", "RU").Agenda(actors.WeightedMean{}, "x")
	sc, err := b.Build()
	require.NoError(t, err)
	var got []string
	for _, w := range sc.Warnings() {
		if w.Part == problem.Parameter {
			got = append(got, w.Msg)
		}
	}
	assert.Equal(t, []string{"read only by risk of UA, which no meeting's bargainer or rule and no expression reads: it has no effect"}, got)
}

// A guard comparing a variable with a formula of parameters is bound
// again at the start of every run that draws its parameters: that
// allocates nothing.
func TestDrawnFormulaGuardAllocatesNothing(t *testing.T) {
	if raceEnabled {
		t.Skip("the race detector's sync.Pool drops items at random")
	}
	b := scenario.New("drawn").States("a").Start("a").Horizon(30)
	b.State("b").Absorbing()
	b.Param(param.Parameter{Name: "p", Default: 0.5, Min: 0, Max: 1, Prior: distuv.Uniform{Min: 0, Max: 1}})
	b.Param(param.Parameter{Name: "q", Default: 2, Min: 1, Max: 3})
	b.Var("x", param.Const(1))
	b.Transition("a", "b").Delay(scenario.Exp(0.2)).When(scenario.Condition{Text: "x >= 2 * p / q"}).Do(scenario.Assign("x", "x + p * q"))
	sc := mustBuild(t, b)
	r := sc.NewRunner(scenario.RunOptions{DrawParameters: true})
	rng := newRNG(3)
	for range 100 {
		r.Run(rng)
	}
	assert.Zero(t, testing.AllocsPerRun(500, func() { r.Run(rng) }))
}
