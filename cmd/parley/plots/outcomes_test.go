package plots_test

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/parleysim/parley/cmd/parley/plots"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

func result(t *testing.T) (*scenario.Scenario, *outcomes.Result) {
	b := scenario.New("summit").States("call", "arranged").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(0.2))
	b.Transition("call", "stalled").Delay(scenario.Exp(0.05))
	b.Transition("arranged", "bilateral").Delay(scenario.Exp(0.3))
	b.Route("us", "call", "arranged", "bilateral")
	sc, err := b.Build()
	require.NoError(t, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 5000, Seed: 1})
	require.NoError(t, err)
	return sc, res
}

func TestEveryKindDrawsAndSaves(t *testing.T) {
	sc, res := result(t)
	exact, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"everything"}})
	require.NoError(t, err)
	dir := t.TempDir()
	for _, r := range []*outcomes.Result{res, exact} {
		for name, draw := range map[string]func(*outcomes.Result) error{
			"routes.png": func(r *outcomes.Result) error { p, err := plots.Routes(r); return save(t, p, err, dir, "routes.png") },
			"reach.svg":  func(r *outcomes.Result) error { p, err := plots.Reach(r); return save(t, p, err, dir, "reach.svg") },
		} {
			require.NoError(t, draw(r), name)
		}
	}
	p, err := plots.Paths(res, 3)
	require.NoError(t, save(t, p, err, dir, "paths.pdf"))
	_, err = plots.Paths(exact, 3)
	assert.ErrorContains(t, err, "no paths", "exact results enumerate no paths")
}

// save writes the plot and checks a non-empty file appeared.
func save(t *testing.T, p *plot.Plot, err error, dir, name string) error {
	t.Helper()
	if err != nil {
		return err
	}
	path := filepath.Join(dir, name)
	if err := plots.Save(p, path); err != nil {
		return err
	}
	fi, err := os.Stat(path)
	require.NoError(t, err)
	assert.Positive(t, fi.Size())
	return nil
}

// TestMeetingsClaimsAndStatuses draws what the report shows of the
// washington file: claims, each route's statuses, declines, agreed values.
func TestMeetingsClaimsAndStatuses(t *testing.T) {
	sc, err := scenariofile.Load("../../../examples/scenarios/washington-summit.yaml")
	require.NoError(t, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 4000, Seed: 1})
	require.NoError(t, err)
	dir := t.TempDir()
	for name, draw := range map[string]func() (*plot.Plot, error){
		"claims.svg":     func() (*plot.Plot, error) { return plots.Claims(res) },
		"declines.svg":   func() (*plot.Plot, error) { return plots.Declines(res) },
		"agreements.svg": func() (*plot.Plot, error) { return plots.Agreements(res, "prisoners") },
		"route.svg":      func() (*plot.Plot, error) { return plots.RouteStatus(res, "us-proposal") },
	} {
		p, err := draw()
		require.NoError(t, save(t, p, err, dir, name), name)
	}
	_, err = plots.RouteStatus(res, "nope")
	assert.ErrorContains(t, err, `no route "nope"`)
}

// TestLegendsSitAboveTheCurves checks that probability plots leave room
// above 1 for their legend, and mark no tick there.
func TestLegendsSitAboveTheCurves(t *testing.T) {
	_, res := result(t)
	for _, draw := range []func(*outcomes.Result) (*plot.Plot, error){plots.Routes, plots.Reach} {
		p, err := draw(res)
		require.NoError(t, err)
		assert.Greater(t, p.Y.Max, 1.0)
		for _, tk := range p.Y.Tick.Marker.Ticks(p.Y.Min, p.Y.Max) {
			assert.LessOrEqual(t, tk.Value, 1.0)
		}
	}
}

// TestPathsShowTheOtherPaths checks that the paths left out are drawn as
// one bar, with the runs of every path listed or not accounted for.
func TestPathsShowTheOtherPaths(t *testing.T) {
	_, res := result(t)
	require.Greater(t, len(res.MonteCarlo.Paths), 2)
	p, err := plots.Paths(res, 2)
	require.NoError(t, err)
	wt, err := p.WriterTo(8*vg.Inch, 5*vg.Inch, "svg")
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = wt.WriteTo(&buf)
	require.NoError(t, err)
	assert.Contains(t, buf.String(), "(other paths)")
	var listed int64
	for _, ps := range res.MonteCarlo.Paths[:2] {
		listed += ps.Hits
	}
	assert.Less(t, listed, res.MonteCarlo.Runs, "some runs are on the other paths")
}
