package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parleysim/parley/explore"
)

// Sobol draws each input's first-order (S1) and total (ST) index as dots
// with their intervals, largest total effect at the top; most > 0 keeps
// that many inputs.
func Sobol(output string, res *explore.SobolResult, most int) (*plot.Plot, error) {
	if res.Flat {
		return nil, fmt.Errorf("plots: %s barely varies: no indices to draw", output)
	}
	ix := res.Sorted()
	if most > 0 && len(ix) > most {
		ix = ix[:most]
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: Sobol indices (%.0f%% of the variance is noise)", output, 100*res.NoiseShare)
	p.X.Label.Text = "share of the output's variance"
	p.Add(plotter.NewGrid())
	names := make([]string, len(ix))
	for k, which := range []string{"S1", "ST"} {
		pts := make(plotter.XYs, len(ix))
		errs := make(plotter.XErrors, len(ix))
		for i, s := range ix {
			row := len(ix) - 1 - i // largest at the top
			v, lo, hi := s.S1, s.S1Lo, s.S1Hi
			if which == "ST" {
				v, lo, hi = s.ST, s.STLo, s.STHi
			}
			// An index is a share of variance: its interval is clipped to
			// [0, 1] (noisy bootstrap intervals run past it; the caption
			// says so).
			v, lo, hi = unit(v), unit(lo), unit(hi)
			// Offset the two indices of a row so that both show.
			pts[row] = plotter.XY{X: v, Y: float64(row) + float64(0.15*float64(2*k-1))}
			errs[row].Low, errs[row].High = v-lo, hi-v
			names[row] = s.Name
		}
		sc, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, err
		}
		sc.Color = plotutil.Color(k)
		sc.Shape = draw.CircleGlyph{}
		eb, err := plotter.NewXErrorBars(struct {
			plotter.XYs
			plotter.XErrors
		}{pts, errs})
		if err != nil {
			return nil, err
		}
		eb.Color = plotutil.Color(k)
		p.Add(eb, sc)
		p.Legend.Add(which, sc)
	}
	p.NominalY(names...)
	p.Legend.Top = true
	p.X.Min, p.X.Max = 0, 1
	// Room above the top row for the legend's two entries, so that it
	// never covers a dot.
	p.Y.Min, p.Y.Max = -0.5, float64(len(ix))+1
	return p, nil
}

// unit clips x to [0, 1].
func unit(x float64) float64 { return math.Max(0, math.Min(1, x)) }

// Morris draws each input's mu* against its sigma: inputs far to the right
// matter, inputs high up interact or act non-linearly.
func Morris(output string, effects []explore.MorrisEffect) (*plot.Plot, error) {
	if len(effects) == 0 {
		return nil, fmt.Errorf("plots: no elementary effects")
	}
	p := plot.New()
	p.Title.Text = output + ": Morris screening"
	p.X.Label.Text = "mu* (mean absolute effect over the range)"
	p.Y.Label.Text = "sigma"
	p.Add(plotter.NewGrid())
	pts := make(plotter.XYs, len(effects))
	labels := make([]string, len(effects))
	for i, e := range effects {
		pts[i] = plotter.XY{X: e.MuStar, Y: e.Sigma}
		labels[i] = e.Name
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	sc.Color = plotutil.Color(0)
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: labels})
	if err != nil {
		return nil, err
	}
	p.Add(sc, l)
	p.X.Min, p.Y.Min = 0, 0
	return p, nil
}

// Tradeoff draws PRIM's peeling trajectory: each box's coverage against its
// density, the chosen box marked.
func Tradeoff(res *explore.PRIMResult) (*plot.Plot, error) {
	p := plot.New()
	p.Title.Text = "PRIM: coverage and density of the boxes"
	p.X.Label.Text = "coverage"
	p.Y.Label.Text = "density"
	p.Add(plotter.NewGrid())
	pts := make(plotter.XYs, len(res.Trajectory))
	for i, b := range res.Trajectory {
		pts[i] = plotter.XY{X: b.Coverage, Y: b.Density}
	}
	line, points, err := plotter.NewLinePoints(pts)
	if err != nil {
		return nil, err
	}
	line.Color, points.Color = plotutil.Color(0), plotutil.Color(0)
	chosen, err := plotter.NewScatter(plotter.XYs{pts[res.Chosen]})
	if err != nil {
		return nil, err
	}
	chosen.Color = plotutil.Color(1)
	chosen.Radius = vg.Points(5)
	p.Add(line, points, chosen)
	p.Legend.Add("boxes, peeled", line, points)
	p.Legend.Add(fmt.Sprintf("chosen (box %d)", res.Chosen), chosen)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	return p, nil
}

// Scatter draws the experiments of a table two inputs at a time, each
// point coloured by the output from low (blue) to high (red).
func Scatter(t *explore.Table, x, y, output string) (*plot.Plot, error) {
	col := func(name string) ([]float64, error) {
		for i, n := range t.Inputs {
			if n == name {
				out := make([]float64, len(t.X))
				for e, row := range t.X {
					out[e] = row[i]
				}
				return out, nil
			}
		}
		return nil, fmt.Errorf("plots: no input %q in the table", name)
	}
	xs, err := col(x)
	if err != nil {
		return nil, err
	}
	ys, err := col(y)
	if err != nil {
		return nil, err
	}
	zs, _, err := t.Column(output)
	if err != nil {
		return nil, err
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, z := range zs {
		lo, hi = min(lo, z), max(hi, z)
	}
	pts := make(plotter.XYs, len(xs))
	for i := range xs {
		pts[i] = plotter.XY{X: xs[i], Y: ys[i]}
	}
	sc, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	sc.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		f := 0.5
		if hi > lo {
			f = (zs[i] - lo) / (hi - lo)
		}
		return draw.GlyphStyle{Color: color.NRGBA{R: uint8(255 * f), G: 40, B: uint8(255 * (1 - f)), A: 200}, Radius: vg.Points(2.5), Shape: draw.CircleGlyph{}}
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s from %.3g (blue) to %.3g (red)", output, lo, hi)
	p.X.Label.Text, p.Y.Label.Text = x, y
	p.Add(plotter.NewGrid(), sc)
	return p, nil
}

// Marginal draws one parameter's posterior as a weighted histogram of the
// draws, with its 90% credible interval and the prior's marked as lines.
func Marginal(post *explore.Posterior, param string) (*plot.Plot, error) {
	k := -1
	for i, n := range post.Space.Names {
		if n == param {
			k = i
		}
	}
	if k < 0 {
		return nil, fmt.Errorf("plots: the posterior has no parameter %q", param)
	}
	m := post.Marginals[k]
	xys := make(plotter.XYs, len(post.Draws))
	for i, x := range post.Draws {
		xys[i] = plotter.XY{X: x[k], Y: post.Weights[i]}
	}
	lo, hi := post.Space.Lo[k], post.Space.Hi[k]
	h, err := plotter.NewHistogram(xys, 30)
	if err != nil {
		return nil, err
	}
	h.Normalize(1)
	h.FillColor = plotutil.Color(0)
	p := plot.New()
	p.Title.Text = fmt.Sprintf("%s: posterior (ESS %.0f)", param, post.ESS)
	p.X.Label.Text = param
	p.Y.Label.Text = "density"
	p.Add(plotter.NewGrid(), h)
	top := 0.0
	for _, b := range h.Bins {
		top = max(top, b.Weight) // a density once normalised
	}
	mark := func(x float64, c color.Color, dashed bool) error {
		l, err := plotter.NewLine(plotter.XYs{{X: x, Y: 0}, {X: x, Y: top}})
		if err != nil {
			return err
		}
		l.Color = c
		if dashed {
			l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
		}
		p.Add(l)
		return nil
	}
	for _, x := range []float64{m.Q05, m.Q95} {
		if err := mark(x, plotutil.Color(1), false); err != nil {
			return nil, err
		}
	}
	for _, x := range []float64{m.PriorQ05, m.PriorQ95} {
		if err := mark(x, plotutil.Color(2), true); err != nil {
			return nil, err
		}
	}
	p.Legend.Add("posterior 90%", lineThumb(plotutil.Color(1), false))
	p.Legend.Add("prior 90%", lineThumb(plotutil.Color(2), true))
	p.Legend.Top = true
	p.X.Min, p.X.Max = lo, hi
	return p, nil
}

// lineThumb is a legend entry for a line of colour c.
func lineThumb(c color.Color, dashed bool) plot.Thumbnailer {
	l := &plotter.Line{LineStyle: plotter.DefaultLineStyle}
	l.Color = c
	if dashed {
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	return l
}
