package actors_test

import (
	"errors"
	"github.com/parleysim/parley/problem"
	"math"
	"math/rand/v2"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
)

var (
	twoIssues = []actors.Issue{
		{ID: "territory", Min: 0, Max: 1},
		{ID: "prisoners", Min: 0, Max: 2000, Units: "prisoners"},
	}
	twoActors = []actors.Actor{{ID: "UA"}, {ID: "RU"}}
)

func TestBadModelsNameActorAndIssue(t *testing.T) {
	pos := func(p actors.Position) []actors.Position { return []actors.Position{p} }
	cases := []struct {
		name      string
		issues    []actors.Issue
		actors    []actors.Actor
		positions []actors.Position
		expect    string
	}{
		{"salience above 1", twoIssues, twoActors,
			pos(actors.Position{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Salience: actors.Fixed(1.5)}),
			`position "UA on territory": salience: must be in [0, 1], the share of attention of an issue that matters most (1), got 1.5: on a scale of 0 to N, give it divided by N`},
		{"negative salience", twoIssues, twoActors,
			pos(actors.Position{Actor: "RU", Issue: "prisoners", Ideal: actors.Fixed(0), Salience: actors.Fixed(-0.1)}),
			`position "RU on prisoners": salience: must be in [0, 1], got -0.1`},
		{"salience prior reaching above 1", twoIssues, twoActors,
			pos(actors.Position{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Salience: actors.Prior(distuv.Normal{Mu: 0.8, Sigma: 0.1})}),
			`position "UA on territory": salience: prior normal(mean 0.8, sd 0.1) can draw outside [0, 1]`},
		{"NaN ideal", twoIssues, twoActors,
			pos(actors.Position{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(math.NaN())}),
			`position "UA on territory": ideal: must be in [0, 1], got NaN`},
		{"ideal off the scale", twoIssues, twoActors,
			pos(actors.Position{Actor: "RU", Issue: "prisoners", Ideal: actors.Fixed(2500)}),
			`position "RU on prisoners": ideal: must be in [0, 2000], got 2500`},
		{"missing ideal", twoIssues, twoActors,
			pos(actors.Position{Actor: "RU", Issue: "prisoners"}),
			`position "RU on prisoners": ideal: required`},
		{"inverted range", twoIssues, twoActors,
			pos(actors.Position{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Lo: actors.Fixed(0.6), Hi: actors.Fixed(0.2)}),
			`position "UA on territory": lo: inverted: low end 0.6 above high end 0.2`},
		{"range end off the scale", twoIssues, twoActors,
			pos(actors.Position{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Hi: actors.Fixed(1.2)}),
			`position "UA on territory": hi: must be in [0, 1], got 1.2`},
		{"unknown issue", twoIssues, twoActors,
			pos(actors.Position{Actor: "UA", Issue: "gas", Ideal: actors.Fixed(0)}),
			`position "UA on gas": issue: a position on unknown issue "gas"`},
		{"unknown actor", twoIssues, twoActors,
			pos(actors.Position{Actor: "BY", Issue: "territory", Ideal: actors.Fixed(0)}),
			`position "BY on territory": actor: a position of unknown actor "BY"`},
		{"position given twice", twoIssues, twoActors,
			[]actors.Position{
				{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0)},
				{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0.1)},
			}, `position "UA on territory": position given more than once`},
		{"zero capability", twoIssues, []actors.Actor{{ID: "UA", Capability: actors.Fixed(0)}}, nil,
			`actor "UA": capability: must be in (0, ∞), got 0`},
		{"NaN capability", twoIssues, []actors.Actor{{ID: "UA", Capability: actors.Fixed(math.NaN())}}, nil,
			`actor "UA": capability: must be in (0, ∞), got NaN`},
		{"discount of 1", twoIssues, []actors.Actor{{ID: "UA", Discount: actors.Fixed(1)}}, nil,
			`actor "UA": discount: must be below 1: with no cost of delay alternating offers never settle`},
		{"reservation above 1", twoIssues, []actors.Actor{{ID: "UA", Reservation: actors.Fixed(2)}}, nil,
			`actor "UA": reservation: must be in [0, 1], got 2`},
		{"duplicate actor", twoIssues, []actors.Actor{{ID: "UA"}, {ID: "UA"}}, nil,
			`actor "UA": declared more than once`},
		{"hidden character in an actor", twoIssues, []actors.Actor{{ID: "U\u202eA"}}, nil,
			`actor "U\u202eA": id: holds a control or bidirectional-override character (U+202E)`},
		{"hidden character in an issue", []actors.Issue{{ID: "terr\x00", Min: 0, Max: 1}}, twoActors, nil,
			`issue "terr\x00": id: holds a control or bidirectional-override character (U+0000)`},
		{"empty scale", []actors.Issue{{ID: "territory", Min: 1, Max: 1}}, twoActors, nil,
			`issue "territory": needs finite min < max, got min 1, max 1`},
		{"choice weights that do not match", twoIssues, twoActors,
			pos(actors.Position{Actor: "RU", Issue: "prisoners", Ideal: actors.Choice([]float64{0, 1000}, []float64{1})}),
			`position "RU on prisoners": ideal: a choice needs as many weights as values (at least one), got 2 values and 1 weights`},
		{"negative choice weight", twoIssues, twoActors,
			pos(actors.Position{Actor: "RU", Issue: "prisoners", Ideal: actors.Choice([]float64{0, 1000}, []float64{1, -1})}),
			`position "RU on prisoners": ideal: weight 1 must be finite and >= 0, got -1`},
		{"bad prior parameters", twoIssues, twoActors,
			pos(actors.Position{Actor: "RU", Issue: "territory", Ideal: actors.Prior(distuv.Beta{Alpha: -1, Beta: 2})}),
			`position "RU on territory": ideal: alpha must be positive and finite, got -1`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var err error
			require.NotPanics(t, func() { _, err = actors.NewModel(c.issues, c.actors, c.positions) })
			require.Error(t, err)
			assert.True(t, errors.Is(err, actors.ErrModel))
			var me *problem.Error
			require.True(t, errors.As(err, &me))
			var lines []string
			for _, p := range me.Problems {
				lines = append(lines, p.String())
			}
			assert.Contains(t, lines, c.expect)
		})
	}
}

func TestPriorsAreDrawnOncePerRunFromTheRunsStream(t *testing.T) {
	m, err := actors.NewModel(twoIssues, []actors.Actor{{ID: "UA"}, {ID: "RU", Capability: actors.Prior(distuv.Uniform{Min: 1, Max: 2})}},
		[]actors.Position{
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(0.9), Lo: actors.Prior(distuv.Beta{Alpha: 5, Beta: 3})},
			{Actor: "RU", Issue: "prisoners", Ideal: actors.Choice([]float64{0, 1000}, []float64{1, 3})},
		})
	require.NoError(t, err)
	p := m.NewPositions()
	const n = 40000
	rng := rand.New(rand.NewPCG(7, 8))
	released, loSum := 0, 0.0
	ru, _ := m.ActorIndex("RU")
	for range n {
		m.Sample(rng, p)
		lo, hi := p.Range(ru, 0)
		require.Equal(t, 1.0, hi)
		loSum += lo
		if p.Ideal(ru, 1) == 1000 {
			released++
		}
		require.True(t, p.Capability(ru) >= 1 && p.Capability(ru) <= 2)
		assert.Equal(t, 0.9, p.Ideal(ru, 0))
	}
	// Beta(5, 3) has mean 5/8 and sd sqrt(15/576); the choice is 1000 with p = 3/4.
	assert.InDelta(t, 5.0/8, loSum/n, 5*math.Sqrt(15.0/576/n))
	assert.InDelta(t, 0.75, float64(released)/n, 5*math.Sqrt(0.75*0.25/n))

	// Same stream, same draws.
	a, b := m.NewPositions(), m.NewPositions()
	m.Sample(rand.New(rand.NewPCG(1, 1)), a)
	m.Sample(rand.New(rand.NewPCG(1, 1)), b)
	assert.Equal(t, a, b)
	assert.Zero(t, testing.AllocsPerRun(100, func() { m.Sample(rng, p) }))
}

func TestUnpositionedActorsHaveNoStake(t *testing.T) {
	m, err := actors.NewModel(twoIssues, twoActors, nil)
	require.NoError(t, err)
	p := m.NewPositions()
	assert.Equal(t, 0.0, p.Salience(0, 0))
	lo, hi := p.Range(1, 1)
	assert.Equal(t, [2]float64{0, 2000}, [2]float64{lo, hi})
	assert.Equal(t, 1.0, p.Capability(0))
	assert.Equal(t, 0.9, p.Discount(1))
}

func TestUtility(t *testing.T) {
	m, err := actors.NewModel(twoIssues, []actors.Actor{{ID: "UA", Risk: actors.Fixed(2)}, {ID: "RU"}},
		[]actors.Position{
			{Actor: "UA", Issue: "prisoners", Ideal: actors.Fixed(2000)},
			{Actor: "RU", Issue: "prisoners", Ideal: actors.Fixed(0)},
		})
	require.NoError(t, err)
	p := m.NewPositions()
	assert.InDelta(t, 0.25, p.Utility(0, 1, 1000), 1e-15, "(1 - 1000/2000)^2")
	assert.InDelta(t, 0.5, p.Utility(1, 1, 1000), 1e-15)
	assert.Equal(t, 1.0, p.Utility(1, 1, 0))
}
