package outcomes

import "math"

// DefaultReportDays is the most report days a Result gives when
// Config.ReportDays is 0: every whole day over horizons up to 1,000 days.
const DefaultReportDays = 1001

// grid is the time grid of a Result. Report days (Result.Days) are day 0,
// every step days, and the horizon; step is 1 unless the horizon has more
// whole days than the report has points, then the smallest power of two
// that fits. Histogram bin i holds the days in (i·w, (i+1)·w], with
// w = step/perStep: every report day is a bin edge, so "by day d" is exact
// on report days, and the finer bins serve quantiles. Day 0 is counted
// apart. A power of two makes day·(perStep/step) exactly (day/step)·perStep:
// one multiplication in the run loop.
type grid struct {
	step    float64
	perStep float64 // a whole number >= 1
	scale   float64 // perStep/step: bins per day
	bins    int
	horizon float64
}

// targetBins is the rough number of bins over the horizon of one series:
// quantiles to a fraction of a day on horizons of months.
const targetBins = 4096

// tallyCells bounds the bins of all series of one tally together, so that a
// model of many states gets coarser quantile bins rather than gigabytes; it
// never goes below one bin per report step.
const tallyCells = 1 << 23

func newGrid(horizon float64, reportDays, series int) grid {
	return newGridBins(horizon, reportDays, series, targetBins)
}

// newGridBins is newGrid with about target bins per series (still at
// least one per report step, so that report days stay exact).
func newGridBins(horizon float64, reportDays, series, target int) grid {
	step := 1.0
	for horizon > step*float64(reportDays-1) {
		step *= 2
	}
	perSeries := float64(min(target, max(1, tallyCells/max(series, 1))))
	perStep := math.Max(1, math.Floor(perSeries/(horizon/step)))
	perStep = math.Min(perStep, 1<<40) // horizons of a tiny fraction of a day
	bins := int(math.Ceil(horizon/step*perStep)) + 1
	return grid{step: step, perStep: perStep, scale: perStep / step, bins: bins, horizon: horizon}
}

// bin returns the bin of a positive day: ceil(day/w)-1, without the cost of
// math.Ceil in the run loop.
func (g *grid) bin(day float64) int {
	x := day * g.scale
	i := int(x)
	if float64(i) == x {
		i--
	}
	return min(max(i, 0), g.bins-1)
}

// edge reports whether day is the edge of a histogram bin within the
// horizon: where counts of first entries on or before it are exact.
func (g grid) edge(day float64) bool {
	x := day * g.scale
	return day >= 0 && day <= g.horizon && x == math.Trunc(x)
}

// days returns the report days: 0, step, 2·step, ... and the horizon.
func (g grid) days() []float64 {
	n := int(g.horizon/g.step) + 1
	out := make([]float64, 0, n+1)
	for k := range n {
		out = append(out, float64(k)*g.step)
	}
	if out[len(out)-1] < g.horizon {
		out = append(out, g.horizon)
	}
	return out
}

// reportDays returns the report days of a horizon, as Run and Exact give them.
func reportDays(horizon float64, points int) []float64 {
	return newGrid(horizon, points, 1).days()
}

// estimateBytes is the size of one Estimate in a Result.
const estimateBytes = 40

// footprint estimates the bytes of a Run's tallies (one per worker and one
// for their sum) and of its Result's per-day series.
func footprint(g grid, days, states, routes, workers int) float64 {
	series := float64(states + 2*routes)
	tally := float64(series * float64(g.bins) * 24)
	result := float64(float64(states+3*routes) * float64(days) * estimateBytes)
	return float64(float64(workers+1)*tally) + result
}
