package plots

import (
	"fmt"
	"image/color"
	"slices"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

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
	legendRoom(p, 2*len(res.Routes))
	return p, nil
}

// RouteStatus plots one route's three statuses day by day: the shares of
// runs in which it is completed, still open and closed (they sum to 1 on
// every day), each with its interval band.
func RouteStatus(res *outcomes.Result, route string) (*plot.Plot, error) {
	r, ok := res.Route(route)
	if !ok {
		return nil, fmt.Errorf("plots: %q has no route %q", res.Scenario, route)
	}
	p := newPlot(res, "route "+r.Name, "P")
	for i, s := range []struct {
		name string
		es   []outcomes.Estimate
	}{{"completed", r.CompletedBy}, {"open", r.OpenAt}, {"closed", r.ClosedAt}} {
		if err := curve(p, res, s.es, plotutil.Color(i), i == 1, s.name); err != nil {
			return nil, err
		}
	}
	legendRoom(p, 3)
	return p, nil
}

// Claims draws each claim's probability as a dot with its interval as a
// whisker, the first claim at the top.
func Claims(res *outcomes.Result) (*plot.Plot, error) {
	if len(res.Claims) == 0 {
		return nil, fmt.Errorf("plots: %q has no claims", res.Scenario)
	}
	names := make([]string, len(res.Claims))
	ests := make([]outcomes.Estimate, len(res.Claims))
	for i, c := range res.Claims {
		names[i], ests[i] = c.Name, c.Estimate
	}
	p, err := dotsAndWhiskers(res, names, ests)
	if err != nil {
		return nil, err
	}
	p.Title.Text = res.Scenario + ": claims"
	p.X.Label.Text = "P(the claim holds)"
	return p, nil
}

// Declines draws, for each meeting and participant, the share of the runs
// proposing the meeting in which the participant declined it.
func Declines(res *outcomes.Result) (*plot.Plot, error) {
	if res.MonteCarlo == nil || len(res.MonteCarlo.Declines) == 0 {
		return nil, fmt.Errorf("plots: %q has no declines", res.Scenario)
	}
	names := make([]string, len(res.MonteCarlo.Declines))
	ests := make([]outcomes.Estimate, len(res.MonteCarlo.Declines))
	for i, d := range res.MonteCarlo.Declines {
		names[i], ests[i] = d.Actor+" declines "+d.Meeting, d.Share
	}
	p, err := dotsAndWhiskers(res, names, ests)
	if err != nil {
		return nil, err
	}
	p.Title.Text = res.Scenario + ": declines"
	p.X.Label.Text = "share of the runs proposing the meeting"
	return p, nil
}

// dotsAndWhiskers draws one row per estimate, the first at the top: a dot
// at P and, unless exact, a whisker over its interval.
func dotsAndWhiskers(res *outcomes.Result, names []string, ests []outcomes.Estimate) (*plot.Plot, error) {
	p := plot.New()
	p.Add(plotter.NewGrid())
	n := len(ests)
	pts := make(plotter.XYs, n)
	whiskers := intervals{XYs: pts, XErrors: make(plotter.XErrors, n)}
	rows := make([]string, n)
	for i, e := range ests {
		k := n - 1 - i
		pts[k] = plotter.XY{X: e.P, Y: float64(k)}
		whiskers.XErrors[k].Low, whiskers.XErrors[k].High = e.P-e.Lo, e.Hi-e.P
		rows[k] = names[i]
	}
	dots, err := plotter.NewScatter(pts)
	if err != nil {
		return nil, err
	}
	dots.Shape = draw.CircleGlyph{}
	dots.Color = plotutil.Color(0)
	if res.Exact == nil {
		eb, err := plotter.NewXErrorBars(whiskers)
		if err != nil {
			return nil, err
		}
		eb.Color = plotutil.Color(0)
		p.Add(eb)
	}
	p.Add(dots)
	p.NominalY(rows...)
	p.X.Min, p.X.Max = 0, 1
	return p, nil
}

// Agreements draws, for each meeting with agreements on the issue, the
// distribution of the values agreed: a box from the 25th to the 75th
// percentile with its median, whiskers from the 5th to the 95th. Issues
// have scales of their own, so a plot shows one.
func Agreements(res *outcomes.Result, issue string) (*plot.Plot, error) {
	var rows []string
	var boxes []plot.Plotter
	var agreements []outcomes.AgreementResult
	if res.MonteCarlo != nil {
		agreements = res.MonteCarlo.Agreements
	}
	for _, a := range agreements {
		if a.Issue != issue {
			continue
		}
		q := map[float64]float64{}
		for _, v := range a.Quantiles {
			q[v.Q] = v.Value
		}
		q5, ok5 := q[0.05]
		q25, ok25 := q[0.25]
		q50, ok50 := q[0.5]
		q75, ok75 := q[0.75]
		q95, ok95 := q[0.95]
		if !ok5 || !ok25 || !ok50 || !ok75 || !ok95 {
			continue
		}
		y := float64(len(rows))
		rows = append(rows, a.Meeting)
		box, err := plotter.NewLine(plotter.XYs{{X: q25, Y: y - 0.25}, {X: q75, Y: y - 0.25}, {X: q75, Y: y + 0.25}, {X: q25, Y: y + 0.25}, {X: q25, Y: y - 0.25}})
		if err != nil {
			return nil, err
		}
		median, err := plotter.NewLine(plotter.XYs{{X: q50, Y: y - 0.25}, {X: q50, Y: y + 0.25}})
		if err != nil {
			return nil, err
		}
		median.Width = vg.Points(2)
		low, err := plotter.NewLine(plotter.XYs{{X: q5, Y: y}, {X: q25, Y: y}})
		if err != nil {
			return nil, err
		}
		high, err := plotter.NewLine(plotter.XYs{{X: q75, Y: y}, {X: q95, Y: y}})
		if err != nil {
			return nil, err
		}
		boxes = append(boxes, box, median, low, high)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("plots: %q has no agreed values on %q", res.Scenario, issue)
	}
	p := plot.New()
	p.Title.Text = res.Scenario + ": " + issue + " agreed (box 25–75%, median, whiskers 5–95%)"
	p.X.Label.Text = issue + " agreed"
	p.Add(plotter.NewGrid())
	p.Add(boxes...)
	p.NominalY(rows...)
	p.Y.Min, p.Y.Max = -0.5, float64(len(rows))-0.5
	return p, nil
}

// Reach plots P(reached by day) for each state.
func Reach(res *outcomes.Result) (*plot.Plot, error) {
	if len(res.States) == 0 {
		return nil, fmt.Errorf("plots: %q has no state series", res.Scenario)
	}
	p := newPlot(res, "P(state reached by day)", "P")
	for i, s := range res.States {
		if err := curve(p, res, s.ReachedBy, plotutil.Color(i), i >= 7, s.Name); err != nil {
			return nil, err
		}
	}
	legendRoom(p, len(res.States))
	return p, nil
}

// Paths draws the most likely paths as horizontal bars with their
// intervals, and below them the share of all other paths.
func Paths(res *outcomes.Result, most int) (*plot.Plot, error) {
	if res.MonteCarlo == nil || len(res.MonteCarlo.Paths) == 0 {
		return nil, fmt.Errorf("plots: %q has no paths", res.Scenario)
	}
	paths := res.MonteCarlo.Paths
	other := res.MonteCarlo.OtherPaths
	if most > 0 && len(paths) > most {
		// The paths left out join the other paths.
		var hits int64
		for _, ps := range paths[most:] {
			hits += ps.Hits
		}
		other = outcomes.Wilson(other.Hits+hits, other.N, res.Confidence)
		paths = paths[:most]
	}
	if other.P > 0 {
		paths = append(slices.Clone(paths), outcomes.PathShare{States: []string{"(other paths)"}, Estimate: other})
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
	if res.Exact == nil {
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
	if res.StartDate != "" {
		p.X.Label.Text = "day (day 0 is " + res.StartDate + ")"
	}
	p.Y.Label.Text = y
	p.Y.Min, p.Y.Max = 0, 1
	p.Y.Tick.Marker = unitTicks{}
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	return p
}

// legendRoom raises the top of a probability plot above 1 so that its
// legend of rows entries sits in empty space, never over a curve: about
// 14 points a row in a data area of about 200 points, as the report
// draws charts (5.5 by 3.6 inches; taller for more rows, so that the
// share stays below 0.7).
func legendRoom(p *plot.Plot, rows int) {
	share := min(0.7, float64(rows)*14/200+0.03)
	p.Y.Max = 1 / (1 - share)
}

// unitTicks marks 0 to 1 in steps of 0.2, and nothing in the room above 1
// that holds the legend.
type unitTicks struct{}

func (unitTicks) Ticks(lo, hi float64) []plot.Tick {
	var ts []plot.Tick
	for i := range 11 {
		x := float64(i) / 10
		t := plot.Tick{Value: x}
		if i%2 == 0 {
			t.Label = strconv.FormatFloat(x, 'g', -1, 64)
		}
		ts = append(ts, t)
	}
	return ts
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
	if res.Exact == nil {
		if err := addBand(p, band, c); err != nil {
			return err
		}
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

// addBand shades an interval band (its outline, lower edge then upper
// edge back) in a light tint of c.
func addBand(p *plot.Plot, band plotter.XYs, c color.Color) error {
	poly, err := plotter.NewPolygon(band)
	if err != nil {
		return err
	}
	r, g, b, _ := c.RGBA()
	poly.Color = color.NRGBA{R: uint8(r >> 8), G: uint8(g >> 8), B: uint8(b >> 8), A: 60}
	poly.LineStyle.Width = 0
	p.Add(poly)
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
