package plots

import (
	"fmt"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"

	"github.com/parleysim/parley/explore"
)

// Track draws a forecast track: each claim's probability over time, a
// step that stands from one date to the next, with its interval as a
// shaded band where it was estimated by runs, and a dot on each date.
func Track(tr *explore.Track) (*plot.Plot, error) {
	if len(tr.Claims) == 0 || len(tr.Dates) == 0 {
		return nil, fmt.Errorf("plots: %q's track has no claims", tr.Scenario)
	}
	p := plot.New()
	p.Title.Text = tr.Scenario + ": forecast track"
	p.X.Label.Text = "day"
	if tr.StartDate != "" {
		p.X.Label.Text = "day (day 0 is " + tr.StartDate + ")"
	}
	p.Y.Label.Text = "P(the claim holds)"
	p.Y.Min, p.Y.Max = 0, 1
	p.X.Min, p.X.Max = 0, tr.Horizon
	p.Y.Tick.Marker = unitTicks{}
	p.Legend.Top = true
	p.Add(plotter.NewGrid())
	for i, s := range tr.Claims {
		c := plotutil.Color(i)
		// The step: each forecast from its date to the next one's (the
		// last to the horizon).
		var line, band plotter.XYs
		for k, pt := range s.Track {
			end := tr.Horizon
			if k+1 < len(s.Track) {
				end = s.Track[k+1].Day
			}
			line = append(line, plotter.XY{X: pt.Day, Y: pt.P}, plotter.XY{X: end, Y: pt.P})
			band = append(band, plotter.XY{X: pt.Day, Y: pt.Lo}, plotter.XY{X: end, Y: pt.Lo})
		}
		for k := len(s.Track) - 1; k >= 0; k-- {
			pt := s.Track[k]
			end := tr.Horizon
			if k+1 < len(s.Track) {
				end = s.Track[k+1].Day
			}
			band = append(band, plotter.XY{X: end, Y: pt.Hi}, plotter.XY{X: pt.Day, Y: pt.Hi})
		}
		if !tr.Exact {
			if err := addBand(p, band, c); err != nil {
				return nil, err
			}
		}
		l, err := plotter.NewLine(line)
		if err != nil {
			return nil, err
		}
		l.Color = c
		l.Width = vg.Points(1.5)
		dots := make(plotter.XYs, len(s.Track))
		for k, pt := range s.Track {
			dots[k] = plotter.XY{X: pt.Day, Y: pt.P}
		}
		sc, err := plotter.NewScatter(dots)
		if err != nil {
			return nil, err
		}
		sc.Shape, sc.Color, sc.Radius = draw.CircleGlyph{}, c, vg.Points(2.5)
		p.Add(l, sc)
		p.Legend.Add(s.Name, l)
	}
	legendRoom(p, len(tr.Claims))
	return p, nil
}
