package plots_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"

	"github.com/parleysim/parley/cmd/parley/plots"
	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// Routes draws each route completed and open day by day, with intervals
// as bands; Save writes a plot as PNG, SVG or PDF by the file's extension.
func ExampleRoutes() {
	b := scenario.New("summit").States("call", "arranged").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(0.2))
	b.Transition("call", "stalled").Delay(scenario.Exp(0.05))
	b.Transition("arranged", "bilateral").Delay(scenario.Exp(0.3))
	b.Route("us-proposal", "call", "arranged", "bilateral")
	sc, _ := b.Build()
	res, _ := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 5000, Seed: 1})
	p, err := plots.Routes(res)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q: %s against %s\n", p.Title.Text, p.Y.Label.Text, p.X.Label.Text)

	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	for _, name := range []string{"routes.png", "routes.svg", "routes.pdf"} {
		path := filepath.Join(dir, name)
		if err := plots.Save(p, path); err != nil {
			fmt.Println(err)
			return
		}
		data, _ := os.ReadFile(path)
		fmt.Printf("%s: %q\n", name, bytes.TrimSpace(data[:5]))
	}
	// Output:
	// "summit: Routes: completed (solid) and open (dashed)": P against day
	// routes.png: "\x89PNG"
	// routes.svg: "<?xml"
	// routes.pdf: "%PDF-"
}

// Sobol draws the first-order and total indices of one output, largest
// first, with their intervals.
func ExampleSobol() {
	space, _ := explore.Box([]string{"x1", "x2", "x3"}, []float64{0, 0, 0}, []float64{1, 1, 1})
	d, _ := explore.Saltelli(space, 1024, 1, true)
	y := explore.Evaluate(d, func(x []float64) float64 { return x[0] + 2*x[1] })
	res, _ := explore.Sobol(d, y, nil)
	p, err := plots.Sobol("y", res, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q\n", p.Title.Text)
	// Output: "y: Sobol indices (0% of the variance is noise)"
}

// Reliability draws a reliability diagram of scored forecasts: forecast
// probability against the share that came true, bin by bin.
func ExampleReliability() {
	items := []outcomes.ScoredItem{}
	for i, p := range []float64{0.1, 0.2, 0.3, 0.7, 0.8, 0.9} {
		items = append(items, outcomes.ScoredItem{Name: fmt.Sprint("claim-", i), P: p, Happened: i >= 3})
	}
	s, err := outcomes.ScoreItems(items, 5)
	if err != nil {
		fmt.Println(err)
		return
	}
	p, err := plots.Reliability(s)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Printf("%q: %s against %s\n", p.Title.Text, p.Y.Label.Text, p.X.Label.Text)
	// Output: "Reliability: 6 forecasts, Brier 0.047": share that happened against forecast probability
}
