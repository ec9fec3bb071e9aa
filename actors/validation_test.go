package actors_test

import (
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/actors"
)

// euEmissions is the EU emission-standards example: Bueno de Mesquita
// (1994), Table 1, as reproduced by Scholz, Calbert and Smith (2011). Issue:
// years until emission standards for medium-sized cars.
func euEmissions(t *testing.T) (*actors.Positions, []int) {
	t.Helper()
	rows := []struct {
		id                   string
		capability, position float64
		salience             float64
	}{
		{"Netherlands", 0.08, 4, 0.8},
		{"Belgium", 0.08, 7, 0.4},
		{"Luxembourg", 0.03, 4, 0.2},
		{"Germany", 0.16, 4, 0.8},
		{"France", 0.16, 10, 0.6},
		{"Italy", 0.16, 10, 0.6},
		{"UK", 0.16, 10, 0.9},
		{"Ireland", 0.05, 7, 0.1},
		{"Denmark", 0.05, 4, 1.0},
		{"Greece", 0.08, 7, 0.7},
	}
	issues := []actors.Issue{{ID: "years", Name: "years until emission standards", Min: 0, Max: 12, Units: "years"}}
	var as []actors.Actor
	var ps []actors.Position
	var parties []int
	for k, r := range rows {
		as = append(as, actors.Actor{ID: r.id, Capability: actors.Fixed(r.capability)})
		ps = append(ps, actors.Position{Actor: r.id, Issue: "years", Ideal: actors.Fixed(r.position), Salience: actors.Fixed(r.salience)})
		parties = append(parties, k)
	}
	m, err := actors.NewModel(issues, as, ps)
	require.NoError(t, err)
	return m.NewPositions(), parties
}

func TestWeightedMedianOfTheEUExample(t *testing.T) {
	pos, parties := euEmissions(t)
	x, ok := actors.WeightedMedian{}.Bargain(&actors.Table{Issue: 0, Parties: parties, Pos: pos})
	require.True(t, ok)
	assert.Equal(t, 7.0, x, "cumulative weight passes one half at 7")
}

func TestWeightedMeanOfTheEUExample(t *testing.T) {
	pos, parties := euEmissions(t)
	x, ok := actors.WeightedMean{}.Bargain(&actors.Table{Issue: 0, Parties: parties, Pos: pos})
	require.True(t, ok)
	assert.InDelta(t, 7.389955686853767, x, 1e-12)
}

func TestRubinsteinFirstProposerShares(t *testing.T) {
	// Rubinstein (1982): the first proposer's share is (1-d2)/(1-d1·d2).
	cases := []struct{ d1, d2, share float64 }{
		{0.9, 0.9, 0.526316},
		{0.9, 0.8, 0.714286},
		{0.8, 0.9, 0.357143},
		{0.95, 0.95, 1 / 1.95}, // common d: 1/(1+d) = 0.512821
	}
	for _, c := range cases {
		assert.InDelta(t, c.share, actors.RubinsteinShare(c.d1, c.d2), 5e-7, "d1=%v d2=%v", c.d1, c.d2)
		// On a pie of 1, proposer wants 1, responder 0: the agreement is the share.
		pos := pie(t, actors.Fixed(c.d1), actors.Fixed(c.d2), actors.Fixed(1), actors.Fixed(1))
		x, ok := actors.Rubinstein{}.Bargain(&actors.Table{Issue: 0, Parties: []int{0, 1}, Pos: pos})
		require.True(t, ok)
		assert.InDelta(t, c.share, x, 5e-7)
	}
	assert.InDelta(t, 0.512821, actors.RubinsteinShare(0.95, 0.95), 5e-7)
}

// pie is a pie of 1: actor 0 ("one") wants it all (ideal 1), actor 1
// ("two") wants none of it for actor 0 (ideal 0), with the given discount
// factors and risk exponents.
func pie(t *testing.T, d1, d2, g1, g2 actors.Value) *actors.Positions {
	t.Helper()
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "pie", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "one", Discount: d1, Risk: g1}, {ID: "two", Discount: d2, Risk: g2}},
		[]actors.Position{
			{Actor: "one", Issue: "pie", Ideal: actors.Fixed(1)},
			{Actor: "two", Issue: "pie", Ideal: actors.Fixed(0)},
		})
	require.NoError(t, err)
	return m.NewPositions()
}

func TestNashSolutionClosedForms(t *testing.T) {
	// Pie of 1, disagreement (0, 0), u1 = x^g1, u2 = (1-x)^g2: x = g1/(g1+g2).
	cases := []struct{ g1, g2 float64 }{{1, 1}, {1, 0.5}, {2, 1}, {0.3, 0.7}}
	for _, c := range cases {
		pos := pie(t, actors.Value{}, actors.Value{}, actors.Fixed(c.g1), actors.Fixed(c.g2))
		x, ok := actors.NashSolution{}.Bargain(&actors.Table{Issue: 0, Parties: []int{0, 1}, Pos: pos})
		require.True(t, ok)
		assert.InDelta(t, c.g1/(c.g1+c.g2), x, 1e-12, "g1=%v g2=%v", c.g1, c.g2)
	}
	// u1 = x, u2 = sqrt(1-x) gives x = 2/3.
	pos := pie(t, actors.Value{}, actors.Value{}, actors.Fixed(1), actors.Fixed(0.5))
	x, _ := actors.NashSolution{}.Bargain(&actors.Table{Issue: 0, Parties: []int{0, 1}, Pos: pos})
	assert.InDelta(t, 2.0/3, x, 1e-12)
}

func TestNashSolutionBySearchMatchesTheClosedForm(t *testing.T) {
	// Three parties, two of them identical: the product is that of two parties
	// with the doubled party's utility squared, so the maximiser of
	// ln x + 2 ln(sqrt(1-x)) = ln x + ln(1-x) is 1/2; the search must find it.
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "pie", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "one"}, {ID: "two", Risk: actors.Fixed(0.5)}, {ID: "three", Risk: actors.Fixed(0.5)}},
		[]actors.Position{
			{Actor: "one", Issue: "pie", Ideal: actors.Fixed(1)},
			{Actor: "two", Issue: "pie", Ideal: actors.Fixed(0)},
			{Actor: "three", Issue: "pie", Ideal: actors.Fixed(0)},
		})
	require.NoError(t, err)
	x, ok := actors.NashSolution{}.Bargain(&actors.Table{Issue: 0, Parties: []int{0, 1, 2}, Pos: m.NewPositions()})
	require.True(t, ok)
	assert.InDelta(t, 0.5, x, 1e-9)
}

func TestNashSolutionWithReservationValues(t *testing.T) {
	// Linear utilities, disagreement (0.2, 0): the surplus 0.8 is split, so
	// u1 = 0.2 + 0.4 = 0.6, x = 0.6.
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "pie", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "one", Reservation: actors.Fixed(0.2)}, {ID: "two"}},
		[]actors.Position{
			{Actor: "one", Issue: "pie", Ideal: actors.Fixed(1)},
			{Actor: "two", Issue: "pie", Ideal: actors.Fixed(0)},
		})
	require.NoError(t, err)
	x, ok := actors.NashSolution{}.Bargain(&actors.Table{Issue: 0, Parties: []int{0, 1}, Pos: m.NewPositions()})
	require.True(t, ok)
	assert.InDelta(t, 0.6, x, 1e-12)
}

func TestEmptyZoneMeansNoAgreement(t *testing.T) {
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "UA"}, {ID: "RU"}},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Lo: actors.Fixed(0), Hi: actors.Fixed(0.3)},
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(1), Lo: actors.Fixed(0.6), Hi: actors.Fixed(1)},
		})
	require.NoError(t, err)
	table := &actors.Table{Issue: 0, Parties: []int{0, 1}, Pos: m.NewPositions()}
	for _, b := range []actors.Bargainer{actors.WeightedMean{}, actors.WeightedMedian{}, actors.NashSolution{}, actors.Rubinstein{}} {
		x, ok := b.Bargain(table)
		assert.False(t, ok, "%T", b)
		assert.True(t, math.IsNaN(x), "%T", b)
	}
	// Widening Ukraine's range opens a zone [0.6, 0.7]: every bargainer agrees inside it.
	table.Pos.SetRange(0, 0, 0, 0.7)
	for _, b := range []actors.Bargainer{actors.WeightedMean{}, actors.WeightedMedian{}, actors.NashSolution{}, actors.Rubinstein{}} {
		x, ok := b.Bargain(table)
		assert.True(t, ok, "%T", b)
		assert.True(t, 0.6 <= x && x <= 0.7, "%T: %v", b, x)
	}
}
