package bench

import (
	"context"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/qmuntal/stateless"
	"gonum.org/v1/gonum/stat/distuv"
)

// The reference chain (shared/reference/washington-chain.md): states, then
// the outgoing transitions of each with their rates per day.
const (
	call = iota
	expert
	arranged
	bilateral
	trilateral
	framework
	stalled
	numStates
)

var names = [numStates]string{"call", "expert", "arranged", "bilateral", "trilateral", "framework", "stalled"}

type edge struct {
	to   int
	rate float64
}

var edges = [numStates][]edge{
	call:       {{arranged, 0.10}, {expert, 0.05}, {stalled, 0.03}},
	expert:     {{arranged, 0.04}, {stalled, 0.03}},
	arranged:   {{bilateral, 0.15}, {stalled, 0.05}},
	bilateral:  {{trilateral, 0.10}, {stalled, 0.04}},
	trilateral: {{framework, 0.05}, {stalled, 0.02}},
}

const horizon = 90

// counts are the five quantities of the reference page, as counts.
type counts struct {
	runs, framework, stalled, open, bilateral14, trilateral21 int
}

func (c *counts) record(final int, absorbed bool, firstBilateral, firstTrilateral float64) {
	c.runs++
	switch {
	case !absorbed:
		c.open++
	case final == framework:
		c.framework++
	default:
		c.stalled++
	}
	if firstBilateral <= 14 {
		c.bilateral14++
	}
	if firstTrilateral <= 21 {
		c.trilateral21++
	}
}

// handLoop runs the chain with fixed arrays: every transition out of the
// current state draws its own exponential clock and the earliest fires.
func handLoop(rng *rand.Rand, c *counts) {
	s, day := call, 0.0
	firstB, firstT := math.Inf(1), math.Inf(1)
	for len(edges[s]) > 0 {
		best, next := math.Inf(1), -1
		for _, e := range edges[s] {
			if d := rng.ExpFloat64() / e.rate; d < best {
				best, next = d, e.to
			}
		}
		if day+best > horizon {
			c.record(s, false, firstB, firstT)
			return
		}
		day += best
		s = next
		if s == bilateral && day < firstB {
			firstB = day
		}
		if s == trilateral && day < firstT {
			firstT = day
		}
	}
	c.record(s, true, firstB, firstT)
}

// statelessChain is the chain as a stateless machine whose triggers name
// the target states, with gonum distuv clocks.
type statelessChain struct {
	sm    *stateless.StateMachine
	state string
	dists map[string]map[string]distuv.Exponential
}

func newStatelessChain(src rand.Source) *statelessChain {
	c := &statelessChain{dists: map[string]map[string]distuv.Exponential{}}
	c.sm = stateless.NewStateMachineWithExternalStorage(
		func(context.Context) (stateless.State, error) { return c.state, nil },
		func(_ context.Context, s stateless.State) error { c.state = s.(string); return nil },
		stateless.FiringImmediate)
	for s, es := range edges {
		cfg := c.sm.Configure(names[s])
		c.dists[names[s]] = map[string]distuv.Exponential{}
		for _, e := range es {
			cfg.Permit(names[e.to], names[e.to])
			c.dists[names[s]][names[e.to]] = distuv.Exponential{Rate: e.rate, Src: src}
		}
	}
	return c
}

func (c *statelessChain) run(cnt *counts) {
	c.state = names[call]
	day := 0.0
	firstB, firstT := math.Inf(1), math.Inf(1)
	for {
		triggers, _ := c.sm.PermittedTriggers()
		if len(triggers) == 0 {
			break
		}
		best, next := math.Inf(1), ""
		for _, tr := range triggers {
			if d := c.dists[c.state][tr.(string)].Rand(); d < best {
				best, next = d, tr.(string)
			}
		}
		if day+best > horizon {
			cnt.record(stateIndex(c.state), false, firstB, firstT)
			return
		}
		day += best
		if err := c.sm.Fire(next); err != nil {
			panic(err)
		}
		if c.state == "bilateral" && day < firstB {
			firstB = day
		}
		if c.state == "trilateral" && day < firstT {
			firstT = day
		}
	}
	cnt.record(stateIndex(c.state), true, firstB, firstT)
}

func stateIndex(name string) int {
	for i, n := range names {
		if n == name {
			return i
		}
	}
	return -1
}

func BenchmarkHandLoop(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	var c counts
	b.ReportAllocs()
	for b.Loop() {
		handLoop(rng, &c)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
}

func BenchmarkStateless(b *testing.B) {
	chain := newStatelessChain(rand.NewPCG(1, 2))
	var c counts
	b.ReportAllocs()
	for b.Loop() {
		chain.run(&c)
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "runs/s")
}

// TestBaselinesComputeTheReferenceValues checks that both baselines do the
// work they are timed on: each of the five quantities lies within five
// standard errors of the page's exact value at 200,000 runs.
func TestBaselinesComputeTheReferenceValues(t *testing.T) {
	const n = 200_000
	check := func(name string, c counts) {
		exact := map[string][2]float64{
			"framework":    {float64(c.framework), 0.26849},
			"stalled":      {float64(c.stalled), 0.72388},
			"open":         {float64(c.open), 0.00763},
			"bilateral14":  {float64(c.bilateral14), 0.34189},
			"trilateral21": {float64(c.trilateral21), 0.23084},
		}
		for q, v := range exact {
			p := v[0] / n
			if se := math.Sqrt(v[1] * (1 - v[1]) / n); math.Abs(p-v[1]) > 5*se {
				t.Errorf("%s %s: %.5f, exact %.5f", name, q, p, v[1])
			}
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var hand counts
	for range n {
		handLoop(rng, &hand)
	}
	check("hand loop", hand)
	chain := newStatelessChain(rand.NewPCG(5, 6))
	var st counts
	for range n {
		chain.run(&st)
	}
	check("stateless", st)
}
