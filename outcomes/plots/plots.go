package plots

import (
	"fmt"
	"image/color"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"

	"github.com/parleysim/parley/outcomes"
)

// Routes plots, for each route, the share of runs in which it is completed
// and in which it is still open on each day, each with its interval as a
// shaded band.
func Routes(res *outcomes.Result) (*plot.Plot, error) {
	if len(res.Routes) == 0 {
		return nil, fmt.Errorf("plots: %q has no routes", res.Scenario)
	}
	p := newPlot(res, "Routes: completed (solid) and open (dashed)", "P")
	for i, r := range res.Routes {
		c := plotutil.Color(i)
		if err := curve(p, res, r.CompletedBy, c, false, r.Name+" completed"); err != nil {
			return nil, err
		}
		if err := curve(p, res, r.OpenAt, c, true, r.Name+" open"); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Reach plots P(reached by day) for each state.
func Reach(res *outcomes.Result) (*plot.Plot, error) {
	if len(res.States) == 0 {
		return nil, fmt.Errorf("plots: %q has no state series", res.Scenario)
	}
	p := newPlot(res, "P(state reached by day)", "P")
	for i, s := range res.States {
		if err := curve(p, res, s.ReachedBy, plotutil.Color(i), false, s.Name); err != nil {
			return nil, err
		}
	}
	return p, nil
}

// Paths draws the most likely paths as horizontal bars with their intervals.
func Paths(res *outcomes.Result, most int) (*plot.Plot, error) {
	paths := res.Paths
	if most > 0 && len(paths) > most {
		paths = paths[:most]
	}
	if len(paths) == 0 {
		return nil, fmt.Errorf("plots: %q has no paths", res.Scenario)
	}
	p := plot.New()
	p.Title.Text = res.Scenario + ": most likely paths"
	p.X.Label.Text = "P"
	values := make(plotter.Values, len(paths))
	names := make([]string, len(paths))
	whiskers := intervals{XYs: make(plotter.XYs, len(paths)), XErrors: make(plotter.XErrors, len(paths))}
	for i, ps := range paths {
		k := len(paths) - 1 - i // most likely at the top
		values[k] = ps.P
		names[k] = strings.Join(ps.States, " > ")
		whiskers.XYs[k] = plotter.XY{X: ps.P, Y: float64(k)}
		whiskers.XErrors[k].Low, whiskers.XErrors[k].High = ps.P-ps.Lo, ps.Hi-ps.P
	}
	bars, err := plotter.NewBarChart(values, vg.Points(12))
	if err != nil {
		return nil, err
	}
	bars.Horizontal = true
	bars.Color = plotutil.Color(0)
	p.Add(bars)
	if !res.Exact {
		eb, err := plotter.NewXErrorBars(whiskers)
		if err != nil {
			return nil, err
		}
		p.Add(eb)
	}
	p.NominalY(names...)
	p.X.Min = 0
	return p, nil
}

// intervals are the paths' intervals as error bars.
type intervals struct {
	plotter.XYs
	plotter.XErrors
}

func newPlot(res *outcomes.Result, title, y string) *plot.Plot {
	p := plot.New()
	p.Title.Text = res.Scenario + ": " + title
	p.X.Label.Text = "day"
	p.Y.Label.Text = y
	p.Y.Min, p.Y.Max = 0, 1
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	return p
}

// curve adds a line and, for estimates with intervals, a shaded band.
func curve(p *plot.Plot, res *outcomes.Result, es []outcomes.Estimate, c color.Color, dashed bool, name string) error {
	line := make(plotter.XYs, len(es))
	band := make(plotter.XYs, 0, 2*len(es))
	for i, e := range es {
		line[i] = plotter.XY{X: res.Days[i], Y: e.P}
		band = append(band, plotter.XY{X: res.Days[i], Y: e.Lo})
	}
	for i := len(es) - 1; i >= 0; i-- {
		band = append(band, plotter.XY{X: res.Days[i], Y: es[i].Hi})
	}
	if !res.Exact {
		poly, err := plotter.NewPolygon(band)
		if err != nil {
			return err
		}
		r, g, b, _ := c.RGBA()
		poly.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 60}
		poly.LineStyle.Width = 0
		p.Add(poly)
	}
	l, err := plotter.NewLine(line)
	if err != nil {
		return err
	}
	l.Color = c
	l.Width = vg.Points(1.5)
	if dashed {
		l.Dashes = []vg.Length{vg.Points(4), vg.Points(3)}
	}
	p.Add(l)
	p.Legend.Add(name, l)
	return nil
}

// Save writes the plot to path, in the format its extension names (.png,
// .svg, .pdf), at 8 by 5 inches.
func Save(p *plot.Plot, path string) error {
	return p.Save(8*vg.Inch, 5*vg.Inch, path)
}

// Reliability draws a reliability diagram: in each bin of forecast
// probability, the share that happened against the mean forecast, beside
// the diagonal of perfect calibration; each point's label is its count.
func Reliability(s *outcomes.Score) (*plot.Plot, error) {
	if len(s.Bins) == 0 {
		return nil, fmt.Errorf("plots: no forecasts to draw")
	}
	p := plot.New()
	p.Title.Text = fmt.Sprintf("Reliability: %d forecasts, Brier %.3f", s.N, s.Brier)
	p.X.Label.Text = "forecast probability"
	p.Y.Label.Text = "share that happened"
	p.Add(plotter.NewGrid())
	diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	if err != nil {
		return nil, err
	}
	diag.Dashes = []vg.Length{vg.Points(3), vg.Points(3)}
	pts := make(plotter.XYs, len(s.Bins))
	labels := make([]string, len(s.Bins))
	for i, b := range s.Bins {
		pts[i] = plotter.XY{X: b.MeanForecast, Y: b.Observed}
		labels[i] = fmt.Sprint(b.N)
	}
	line, points, err := plotter.NewLinePoints(pts)
	if err != nil {
		return nil, err
	}
	line.Color, points.Color = plotutil.Color(0), plotutil.Color(0)
	l, err := plotter.NewLabels(plotter.XYLabels{XYs: pts, Labels: labels})
	if err != nil {
		return nil, err
	}
	p.Add(diag, line, points, l)
	p.Legend.Add("perfect", diag)
	p.Legend.Add("forecasts", line, points)
	p.Legend.Top, p.Legend.Left = true, true
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = 0, 1, 0, 1
	return p, nil
}
