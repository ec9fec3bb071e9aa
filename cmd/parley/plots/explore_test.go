package plots_test

import (
	"bytes"
	"context"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/parleysim/parley/cmd/parley/plots"
	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

func svg(t *testing.T, p *plot.Plot) string {
	t.Helper()
	wt, err := p.WriterTo(6*vg.Inch, 4*vg.Inch, "svg")
	require.NoError(t, err)
	var buf bytes.Buffer
	_, err = wt.WriteTo(&buf)
	require.NoError(t, err)
	return buf.String()
}

func TestPlotsDraw(t *testing.T) {
	s, err := explore.Box([]string{"x1", "x2"}, []float64{0, 0}, []float64{1, 1})
	require.NoError(t, err)
	f := func(x []float64) float64 { return x[0] * x[1] }
	d, err := explore.Saltelli(s, 256, 1, true)
	require.NoError(t, err)
	res, err := explore.Sobol(d, explore.Evaluate(d, f), nil)
	require.NoError(t, err)
	p, err := plots.Sobol("x1·x2", res, 0)
	require.NoError(t, err)
	out := svg(t, p)
	assert.Contains(t, out, "<svg")
	assert.Contains(t, out, "x1")

	m, err := explore.Morris(s, 10, 4, 1)
	require.NoError(t, err)
	effects, err := explore.MorrisEffects(m, explore.Evaluate(m, f))
	require.NoError(t, err)
	p, err = plots.Morris("x1·x2", effects)
	require.NoError(t, err)
	assert.Contains(t, svg(t, p), "x2")

	lhs, err := explore.LatinHypercube(s, 400, 2)
	require.NoError(t, err)
	y := explore.Evaluate(lhs, f)
	interesting := make([]bool, len(y))
	for i, v := range y {
		interesting[i] = v > 0.5
	}
	pr, err := explore.PRIM(s.Names, lhs.X, interesting, nil)
	require.NoError(t, err)
	p, err = plots.Tradeoff(pr)
	require.NoError(t, err)
	assert.Contains(t, svg(t, p), "chosen")

	table := &explore.Table{Inputs: s.Names, Outputs: []string{"f"}, X: lhs.X, Done: make([]bool, len(y))}
	for i, v := range y {
		table.Y = append(table.Y, []float64{v})
		table.SE = append(table.SE, []float64{0})
		table.Done[i] = true
	}
	p, err = plots.Scatter(table, "x1", "x2", "f")
	require.NoError(t, err)
	assert.Contains(t, svg(t, p), "x1")
	_, err = plots.Scatter(table, "x3", "x2", "f")
	assert.ErrorContains(t, err, `no input "x3"`)

	flat, err := explore.Sobol(d, explore.Evaluate(d, func([]float64) float64 { return math.Pi }), nil)
	require.NoError(t, err)
	_, err = plots.Sobol("pi", flat, 0)
	assert.ErrorContains(t, err, "barely varies")
}

func TestMarginalDraws(t *testing.T) {
	b := scenario.New("waiting").States("called").Start("called").Horizon(10)
	b.Param(param.Parameter{Name: "rate", Default: 0.3, Min: 0.02, Max: 1.5})
	b.State("held").Absorbing()
	b.Transition("called", "held").Delay(scenario.Exp(param.P("rate")))
	sc, err := b.Build()
	require.NoError(t, err)
	space, err := explore.ParameterSpace(sc, nil, true)
	require.NoError(t, err)
	h := explore.History{Name: "a", Scenario: sc, Observations: []scenario.Statement{scenario.Entered("held", 0, 2)}}
	post, err := explore.Calibrate(context.Background(), []explore.History{h}, space, &explore.ABCConfig{Particles: 200, Runs: 20})
	require.NoError(t, err)
	p, err := plots.Marginal(post, "rate")
	require.NoError(t, err)
	assert.Equal(t, "rate", p.X.Label.Text)
	_, err = plots.Marginal(post, "nope")
	assert.ErrorContains(t, err, `no parameter "nope"`)
}
