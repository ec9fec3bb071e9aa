package scenariofile_test

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"
	"pgregory.net/rapid"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// genScenario draws a Go-built scenario without Go functions: states,
// parameters, numbers that are constants, parameters or formulas over them
// (in every place a number may stand), branches, variables, guards,
// effects, events, routes, claims, and an actors model with meetings.
func genScenario(t *rapid.T) *scenario.Scenario {
	n := rapid.IntRange(3, 6).Draw(t, "states")
	b := scenario.New("generated").Start("s0").Horizon(rapid.SampledFrom([]float64{10, 30.5, 60}).Draw(t, "horizon"))
	nParams := rapid.IntRange(0, 3).Draw(t, "params")
	for i := range nParams {
		d := rapid.Float64Range(0.05, 1).Draw(t, "default")
		p := param.Parameter{Name: fmt.Sprintf("p%d", i), Default: d, Min: 0.01, Max: 2, Description: "a generated assumption"}
		if rapid.Bool().Draw(t, "prior") {
			p.Prior = distuv.Uniform{Min: 0.05, Max: 1.5}
		}
		b.Param(p)
	}
	// positive is a number > 0 (a rate, days, a distribution's parameter).
	positive := func(label string) param.Num {
		if nParams == 0 || rapid.Bool().Draw(t, label+"-const") {
			return param.Const(rapid.Float64Range(0.05, 2).Draw(t, label))
		}
		p := fmt.Sprintf("p%d", rapid.IntRange(0, nParams-1).Draw(t, label+"-param"))
		if rapid.Bool().Draw(t, label+"-formula") {
			k := rapid.Float64Range(0.5, 3).Draw(t, label+"-k")
			return param.Formula(fmt.Sprintf("%v * %s + 0.01", k, p), func(a []float64) float64 { return k*a[0] + 0.01 }, p)
		}
		return param.P(p)
	}
	// share is a number in (0, 1) and its complement.
	share := func(label string) (param.Num, param.Num) {
		if nParams == 0 || rapid.Bool().Draw(t, label+"-const") {
			x := rapid.Float64Range(0.05, 0.95).Draw(t, label)
			return param.Const(x), param.Const(1 - x)
		}
		p := fmt.Sprintf("p%d", rapid.IntRange(0, nParams-1).Draw(t, label+"-param"))
		return param.Formula(p+" / (1 + "+p+")", func(a []float64) float64 { return a[0] / (1 + a[0]) }, p),
			param.Formula("1 / (1 + "+p+")", func(a []float64) float64 { return 1 / (1 + a[0]) }, p)
	}
	state := func(i int) string { return fmt.Sprintf("s%d", i) }
	absorbing := n - 1
	for i := range n {
		sd := b.State(state(i))
		if i == absorbing {
			sd.Absorbing()
		}
	}
	b.Var("v", positive("v"))
	capability, idealB, salienceA := actors.Fixed(1.0), actors.Fixed(0.7), actors.Value{}
	if nParams > 0 {
		capability = actors.Fixed(positive("capability"))
		idealB = actors.Prior(param.Dist{Family: distuv.Beta{}, Params: []param.Num{positive("alpha"), positive("beta")}})
		w1, w2 := share("choice")
		salienceA = actors.Choice([]float64{0.3, 0.9}, []param.Num{w1, w2})
	}
	m, err := actors.NewModel([]actors.Issue{{ID: "g", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "A", Capability: capability, Accept: scenario.When{Guard: scenario.Condition{Text: "v >= " + positive("need").String()}}}, {ID: "B"}},
		[]actors.Position{{Actor: "A", Issue: "g", Ideal: actors.Fixed(0.2), Salience: salienceA}, {Actor: "B", Issue: "g", Ideal: idealB}})
	if err != nil {
		t.Fatal(err)
	}
	b.Actors(m)
	for i := range n - 1 {
		to := state(rapid.IntRange(i+1, n-1).Draw(t, "to"))
		var td *scenario.TransitionBuilder
		if rapid.Bool().Draw(t, "branch") {
			p, q := share("p")
			td = b.Branching(state(i), scenario.To(to, p), scenario.To(state(absorbing), q))
		} else {
			td = b.Transition(state(i), to)
		}
		switch rapid.IntRange(0, 2).Draw(t, "delay") {
		case 0:
			td.Delay(scenario.Exp(positive("rate")))
		case 1:
			td.Delay(scenario.Days(positive("fixed")))
		default:
			td.Delay(scenario.After{Dist: param.Dist{Family: distuv.Gamma{}, Params: []param.Num{positive("shape"), positive("gamma-rate")}}})
		}
		if rapid.Bool().Draw(t, "guard") {
			td.When(scenario.Condition{Text: "v >= " + positive("bound").String()})
		}
		if rapid.Bool().Draw(t, "effect") {
			td.Do(scenario.Assign("v", "v + "+positive("step").String()))
		}
		if rapid.Bool().Draw(t, "meeting") {
			td.Participants("A", "B").Agenda(actors.WeightedMean{}, "g").OnDecline(scenario.AfterDecline{Retry: scenario.Days(positive("retry"))})
			if rapid.Bool().Draw(t, "own-rule") {
				// A rule for this meeting alone, in place of A's own.
				td.Accept("A", scenario.When{Guard: scenario.Condition{Text: "v <= " + positive("own").String()}})
			}
		}
		if i+1 < n-1 && rapid.Bool().Draw(t, "stall") {
			b.Transition(state(i), state(absorbing)).Named(state(i) + " stalls").Delay(scenario.Exp(positive("stall")))
		}
	}
	if rapid.Bool().Draw(t, "rate-event") {
		b.Event("push").Occurs(scenario.Exp(positive("event-rate"))).Do(scenario.Assign("v", positive("push").String()))
	}
	if rapid.Bool().Draw(t, "scheduled-event") {
		day, _ := share("day")
		_, p := share("event-p")
		b.Event("summit").Occurs(scenario.On(day, p)).Goto(state(absorbing))
	}
	b.Route("r", state(0), state(1)).InOrder()
	b.Claim(scenario.Entered(state(absorbing), 0, 7).Named("c"))
	b.Claim(scenario.AgreedWithin("g", 0.3, 0.6, 0, 20).Named("agreed"))
	if rapid.Bool().Draw(t, "negated-claims") {
		b.Claim(scenario.Entered(state(1), 0, 5).Negate().Named("not-soon"))
		b.Claim(scenario.RouteAt("r", 9, scenario.RouteCompleted).Negate().Named("not-r"))
	}
	sc, err := b.Build()
	if err != nil {
		t.Fatalf("generated scenario does not build: %v", err)
	}
	return sc
}

// sameRuns fails unless a and b give the same traces for the same seeds.
func sameRuns(t *rapid.T, a, b *scenario.Scenario, draw bool) {
	ra := a.NewRunner(scenario.RunOptions{DrawParameters: draw})
	rb := b.NewRunner(scenario.RunOptions{DrawParameters: draw})
	for seed := range uint64(40) {
		ta, tb := ra.Run(rand.New(rand.NewPCG(seed, 9))), rb.Run(rand.New(rand.NewPCG(seed, 9)))
		if fmt.Sprint(ta.Steps, ta.Occurrences, ta.Agreements, ta.Declines, ta.End) != fmt.Sprint(tb.Steps, tb.Occurrences, tb.Agreements, tb.Declines, tb.End) {
			t.Fatalf("seed %d: runs differ:\n%+v\n%+v", seed, ta, tb)
		}
	}
}

func TestWrittenGeneratedScenariosLoadBack(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := genScenario(t)
		var file bytes.Buffer
		if err := scenariofile.Write(&file, sc); err != nil {
			t.Fatalf("write: %v", err)
		}
		back, err := scenariofile.Parse("generated.yaml", file.Bytes())
		if err != nil {
			t.Fatalf("the written file does not load: %v\n%s", err, file.String())
		}
		sameRuns(t, sc, back, false)
		sameRuns(t, sc, back, true)
		// Binding the same values in both gives the same runs again.
		vals := map[string]float64{}
		for _, p := range sc.Parameters() {
			vals[p.Name] = rapid.Float64Range(0.05, 1.5).Draw(t, "bind "+p.Name)
		}
		a, errA := sc.With(vals)
		c, errC := back.With(vals)
		require.Equal(t, errA == nil, errC == nil, "%v / %v", errA, errC)
		if errA == nil {
			sameRuns(t, a, c, false)
		}
	})
}

func TestGeneratedScenariosUseParameters(t *testing.T) {
	// The generator does reach formulas over parameters: some file holds one.
	found := false
	rapid.Check(t, func(t *rapid.T) {
		var file bytes.Buffer
		if err := scenariofile.Write(&file, genScenario(t)); err != nil {
			t.Fatal(err)
		}
		found = found || bytes.Contains(file.Bytes(), []byte("+ 0.01")) && bytes.Contains(file.Bytes(), []byte("weights:"))
	})
	require.True(t, found, "no generated file used formulas and choice weights over parameters")
}
