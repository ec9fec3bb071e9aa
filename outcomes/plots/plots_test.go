package plots_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/outcomes/plots"
	"github.com/parleysim/parley/scenario"
)

func result(t *testing.T) (*scenario.Scenario, *outcomes.Result) {
	b := scenario.New("summit").States("call", "arranged").Start("call").Horizon(30)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Rate(0.2)
	b.Transition("call", "stalled").Rate(0.05)
	b.Transition("arranged", "bilateral").Rate(0.3)
	b.Route("us", "call", "arranged", "bilateral")
	sc, err := b.Build()
	require.NoError(t, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 5000, Seed: 1})
	require.NoError(t, err)
	return sc, res
}

func TestEveryKindDrawsAndSaves(t *testing.T) {
	sc, res := result(t)
	exact, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{AllStates: true})
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
