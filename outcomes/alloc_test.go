package outcomes

import (
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// TestOneRunAllocatesNothing pins the hot loop: one run plus everything the
// Result records of it (tally, meetings and path table), or only some
// outputs, allocates nothing once the buffers have grown, in the general
// loop and in the plain one.
func TestOneRunAllocatesNothing(t *testing.T) {
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "UA"}, {ID: "RU", Accept: actors.ZoneOfAgreement{}}},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Hi: actors.Fixed(0.7)},
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(1), Lo: actors.Prior(distuv.Beta{Alpha: 5, Beta: 3})},
		})
	require.NoError(t, err)
	b := scenario.New("summit").States("call", "arranged", "bilateral").Start("call").Horizon(60).Actors(m)
	b.State("trilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Var("trust", param.Const(0))
	b.Transition("call", "arranged").Delay(scenario.Exp(0.1)).Participants("UA", "RU").
		Agenda(actors.WeightedMedian{}, "territory").OnDecline(scenario.AfterDecline{Retry: scenario.Days(3)})
	b.Transition("call", "stalled").Delay(scenario.Exp(0.03))
	b.Transition("arranged", "bilateral").Delay(scenario.Days(7)).When(scenario.Condition{Text: "trust >= 0"})
	b.Branching("bilateral", scenario.To("trilateral", 0.6), scenario.To("stalled", 0.4)).Delay(scenario.Exp(0.1))
	b.Event("gesture").Occurs(scenario.Exp(0.05)).Do(scenario.Assign("trust", "trust + 1"))
	b.Route("us", "call", "arranged", "bilateral", "trilateral")
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz"))
	summit, err := b.Build()
	require.NoError(t, err)
	// A plain race of exponential clocks, which takes the plain loop.
	p := scenario.New("plain").States("call", "arranged", "bilateral").Start("call").Horizon(60)
	p.State("stalled").Absorbing()
	p.Transition("call", "arranged").Delay(scenario.Exp(0.1))
	p.Transition("call", "stalled").Delay(scenario.Exp(0.03))
	p.Transition("arranged", "bilateral").Delay(scenario.Exp(0.2))
	p.Transition("bilateral", "stalled").Delay(scenario.Exp(0.05))
	p.Claim(scenario.Entered("bilateral", 0, 14).Named("merz"))
	plain, err := p.Build()
	require.NoError(t, err)

	// Everything recorded, and only some outputs (Config.Outputs).
	for _, c := range []struct {
		sc      *scenario.Scenario
		outputs []string
	}{{summit, nil}, {summit, []string{"final", "claim:merz"}}, {plain, nil}, {plain, []string{"final", "claim:merz"}}} {
		sc, outputs := c.sc, c.outputs
		s, err := (&Config{Outputs: outputs}).settle(sc)
		require.NoError(t, err)
		tl := newTally(sc, newGrid(s.horizon, DefaultReportDays, sc.NumStates()), &s.want)
		bp := newBlockPaths()
		runner := sc.NewRunner(scenario.RunOptions{})
		var src rand.PCG
		rng := rand.New(&src)
		i := uint64(0)
		one := func() {
			if i%BlockSize == 0 {
				bp.reset(int(i / BlockSize))
			}
			src.Seed(runSeeds(splitmix(1), i))
			tr := runner.Run(rng)
			tl.record(tr)
			if s.want.paths {
				bp.add(tr.Steps, tr.PathKey())
			} else {
				bp.unrecorded()
			}
			i++
		}
		for range 4 * BlockSize {
			one()
		}
		assert.Zero(t, testing.AllocsPerRun(10*BlockSize, one), "%s, outputs %v", sc.Name(), outputs)
	}
}
