package actors_test

import (
	"fmt"
	"math/rand/v2"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
)

func ExampleNewModel() {
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "UA"}, {ID: "RU"}},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Hi: actors.Fixed(1.3)},
			{Actor: "RU", Issue: "territory", Salience: actors.Fixed(2)},
		})
	fmt.Println(m == nil)
	fmt.Println(err)
	// Output:
	// true
	// actors: 3 problems
	// 	position "UA on territory": hi: must be in [0, 1], got 1.3
	// 	position "RU on territory": ideal: required
	// 	position "RU on territory": salience: must be in [0, 1], the share of attention of an issue that matters most (1), got 2: on a scale of 0 to N, give it divided by N
}

func ExampleModel_Sample() {
	m, _ := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "RU"}},
		[]actors.Position{{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(0.9),
			Lo: actors.Prior(distuv.Beta{Alpha: 5, Beta: 3})}})
	p := m.NewPositions()
	m.Sample(rand.New(rand.NewPCG(1, 2)), p)
	lo, hi := p.Range(0, 0)
	fmt.Printf("this run, Russia accepts territory outcomes in [%.3f, %.0f]\n", lo, hi)
	// Output: this run, Russia accepts territory outcomes in [0.648, 1]
}

func ExampleWeightedMedian() {
	m, _ := actors.NewModel(
		[]actors.Issue{{ID: "years", Min: 0, Max: 12}},
		[]actors.Actor{
			{ID: "DE", Capability: actors.Fixed(0.16)},
			{ID: "FR", Capability: actors.Fixed(0.16)},
			{ID: "GR", Capability: actors.Fixed(0.08)},
		},
		[]actors.Position{
			{Actor: "DE", Issue: "years", Ideal: actors.Fixed(4), Salience: actors.Fixed(0.8)},
			{Actor: "FR", Issue: "years", Ideal: actors.Fixed(10), Salience: actors.Fixed(0.6)},
			{Actor: "GR", Issue: "years", Ideal: actors.Fixed(7), Salience: actors.Fixed(0.7)},
		})
	t := &actors.Table{Issue: 0, Parties: []int{0, 1, 2}, Pos: m.NewPositions()}
	median, _ := actors.WeightedMedian{}.Bargain(t)
	mean, _ := actors.WeightedMean{}.Bargain(t)
	fmt.Printf("median %.0f, mean %.2f\n", median, mean)
	// Output: median 7, mean 6.66
}

func ExampleRubinsteinShare() {
	fmt.Printf("%.6f\n", actors.RubinsteinShare(0.9, 0.8))
	// Output: 0.714286
}
