package actors_test

import (
	"fmt"
	"math"

	"github.com/parleysim/parley/actors"
)

// Two parties bargain over territory: Ukraine wants 0 and accepts up to
// 0.6, Russia, of twice its capability, wants 1 and accepts down to 0.3.
// Each bargainer predicts an outcome in the zone of agreement [0.3, 0.6]:
// the weighted mean (2/3) and median (1) are pulled into it; the Nash
// solution splits the linear utilities' surplus at 0.5; in alternating
// offers Ukraine, proposing first and more patient, keeps
// RubinsteinShare(0.9, 0.8) = 0.714 of the way from 0.6 to 0.3.
func ExampleBargainer() {
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}},
		[]actors.Actor{
			{ID: "UA", Capability: actors.Fixed(1), Discount: actors.Fixed(0.9)},
			{ID: "RU", Capability: actors.Fixed(2), Discount: actors.Fixed(0.8)},
		},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Hi: actors.Fixed(0.6)},
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(1), Lo: actors.Fixed(0.3)},
		})
	if err != nil {
		fmt.Println(err)
		return
	}
	t := &actors.Table{Issue: 0, Parties: []int{0, 1}, Pos: m.NewPositions()} // UA proposes first
	lo, hi := t.Zone()
	fmt.Printf("zone of agreement [%.1f, %.1f]\n", lo, hi)
	for _, b := range []struct {
		name string
		actors.Bargainer
	}{
		{"weighted mean", actors.WeightedMean{}},
		{"weighted median", actors.WeightedMedian{}},
		{"Nash solution", actors.NashSolution{}},
		{"Rubinstein", actors.Rubinstein{}},
	} {
		x, ok := b.Bargain(t)
		fmt.Printf("%s: %.4f, agreed %t\n", b.name, x, ok)
	}
	// Output:
	// zone of agreement [0.3, 0.6]
	// weighted mean: 0.6000, agreed true
	// weighted median: 0.6000, agreed true
	// Nash solution: 0.5000, agreed true
	// Rubinstein: 0.3857, agreed true
}

// An empty zone of agreement is no agreement: an outcome, not an error.
func ExampleTable_Zone() {
	m, _ := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "UA"}, {ID: "RU"}},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Hi: actors.Fixed(0.2)},
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(1), Lo: actors.Fixed(0.5)},
		})
	t := &actors.Table{Issue: 0, Parties: []int{0, 1}, Pos: m.NewPositions()}
	lo, hi := t.Zone()
	x, ok := actors.NashSolution{}.Bargain(t)
	fmt.Printf("zone [%.1f, %.1f]: agreed %t, outcome NaN %t\n", lo, hi, ok, math.IsNaN(x))
	// Output: zone [0.5, 0.2]: agreed false, outcome NaN true
}

// Acceptance rules combine: Russia meets only once officials have
// prepared the meeting and only when there is something to agree on. A
// scenario binds the rule's variables when it is built; here Bind does it
// by hand.
func ExampleAll() {
	m, _ := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "UA", Accept: actors.Always{}}, {ID: "RU", Reservation: actors.Fixed(0)}},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Hi: actors.Fixed(0.6)},
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(1), Lo: actors.Fixed(0.3)},
		})
	// Russia sits down when there is something to agree on and the
	// predicted agreement is worth its reservation value.
	rule := actors.All{actors.ZoneOfAgreement{}, actors.ReservationValue{}}
	pos := m.NewPositions()
	meeting := &actors.Meeting{Name: "bilateral", Actor: 1, Parties: []int{0, 1}, Agenda: []int{0},
		Agreed: []float64{0.45}, Pos: pos}
	fmt.Println("ranges overlap on [0.3, 0.6]:", rule.Accept(meeting))
	pos.SetRange(0, 0, 0, 0.2) // Ukraine narrows its range
	fmt.Println("once Ukraine narrows to [0, 0.2]:", rule.Accept(meeting))
	// Output:
	// ranges overlap on [0.3, 0.6]: true
	// once Ukraine narrows to [0, 0.2]: false
}
