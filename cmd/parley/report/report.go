package report

import (
	"bytes"
	"cmp"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"io"
	"maps"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgsvg"

	"github.com/parleysim/parley/cmd/parley/plots"
	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// Page is what one report shows. Result is required; the rest is optional.
type Page struct {
	Result *outcomes.Result
	// Scenario, the one Result was run on, adds the state graph and the
	// states' descriptions.
	Scenario *scenario.Scenario
	// Title is the question the page answers; "" means the scenario's
	// description, or its name.
	Title  string
	Source Source
	// Sensitivity adds a section of Sobol indices, one per output.
	Sensitivity []Sensitivity
	// Discovery adds a section of PRIM boxes, one per question.
	Discovery []Discovery
	// Interactive, when set, adds controls for every parameter and runs
	// the scenario again in the reader's browser as they change.
	Interactive *Interactive
	// Track, the forecast track of the same scenario (explore.ForecastTrack),
	// adds it as a chart and a table, and what moved since the previous
	// forecast to the bottom line.
	Track *explore.Track
}

// Source says where a Result came from, so that a reader can make it again.
type Source struct {
	File, SHA256 string // the scenario file and its SHA-256, in hex
	Command      string // the command line that made the page
	Version      string // parley's module version
	Revision     string // the VCS revision parley was built from
}

// Sensitivity is a Sobol analysis of one output (an outcomes key such as
// claim:merz-14), with how it was made.
type Sensitivity struct {
	Output string
	Sobol  *explore.SobolResult
	// Design says how the experiments were made, for the reader:
	// "13056 experiments (256 base samples) of 300 runs each, seed 1".
	Design string
}

// Discovery is a PRIM search for where an output is of interest.
type Discovery struct {
	// Question says which cases are of interest: "claim:merz-14 above 0.05".
	Question string
	PRIM     *explore.PRIMResult
}

// Write writes the page as one self-contained HTML document.
func Write(ctx context.Context, w io.Writer, p *Page) error {
	if p == nil || p.Result == nil {
		return errors.New("report: a page needs a Result")
	}
	v, err := build(ctx, p)
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, "page.html", v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

//go:embed page.html backtest.html style.html interactive.html
var files embed.FS

// pages holds the page templates: page.html (a Result), backtest.html (a
// casebook's record), and style.html, the style they share.
var pages = template.Must(template.New("page.html").Funcs(template.FuncMap{
	"p": func(e outcomes.Estimate) string { return strconv.FormatFloat(e.P, 'f', 4, 64) },
	"ci": func(e outcomes.Estimate) string {
		return "[" + strconv.FormatFloat(e.Lo, 'f', 4, 64) + ", " + strconv.FormatFloat(e.Hi, 'f', 4, 64) + "]"
	},
	"num": num,
	"pct": func(x float64) float64 { return 100 * x },
	// unit clips an index's interval end to [0, 1].
	"unit": func(x float64) float64 { return math.Max(0, math.Min(1, x)) },
	"f4":   f4,
	"f3":   f3,
	// interval says a skill's Brier interval, or a dash below five cases.
	"interval": func(s outcomes.Skill) string {
		if !s.Interval() {
			return "—"
		}
		return "[" + f3(s.BrierLo) + ", " + f3(s.BrierHi) + "]"
	},
	// day1 says a day to one decimal, or nothing for none.
	"day1": func(x *float64) string {
		if x == nil {
			return ""
		}
		return strconv.FormatFloat(*x, 'f', 1, 64)
	},
}).ParseFS(files, "page.html", "backtest.html", "style.html", "interactive.html"))

// What a page shows at most, so that it stays readable and its size
// bounded whatever the scenario.
const (
	mostRouteCharts      = 20
	mostReachCurves      = 12
	mostStateRows        = 200
	mostDayRows          = 400
	mostPathRows         = 50
	mostGraphStates      = 150
	summaryStates        = 12
	mostGraphTransitions = 600
)

// mostReached returns the at most n states most often reached, in their
// order in the Result.
func mostReached(states []outcomes.StateResult, n int) []outcomes.StateResult {
	if len(states) <= n {
		return states
	}
	idx := make([]int, len(states))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(states[b].Reached.P, states[a].Reached.P) })
	idx = idx[:n]
	slices.Sort(idx)
	out := make([]outcomes.StateResult, n)
	for k, i := range idx {
		out[k] = states[i]
	}
	return out
}

// view is what the template reads: the Result with its charts drawn and
// its days chosen.
type view struct {
	Title, Subtitle string
	R               *outcomes.Result
	// MC and EX are R's Monte Carlo and exact parts, empty (never nil)
	// when R is of the other kind, for the template.
	MC         *outcomes.MonteCarloPart
	EX         *outcomes.ExactPart
	Source     Source
	Exact      bool
	Conf       string // "95% interval", or "" when exact
	Horizon    string
	Parameters []paramRow
	Given      *outcomes.Conditioning
	Claims     chart
	Routes     []routeView
	Reach      chart
	ReachDays  []dayHead
	States     []stateRow
	Graph      template.HTML
	GraphAlt   string
	// GraphSummary is the graph of the states most often reached, for a
	// graph of more than summaryStates states.
	GraphSummary    template.HTML
	GraphSummaryAlt string
	Transitions     []outcomes.TransitionResult
	Paths           chart
	PathRows        []pathRow
	OtherPaths      outcomes.Estimate
	Declines        chart
	Agreements      []agreedView
	Sensitivity     []sensView
	Discovery       []discView
	Faults          []outcomes.Fault
	Live            *liveView
	// The bottom line: each claim in a sentence, what moved since the
	// previous forecast, the assumptions that matter most.
	Bottom      []bottomClaim
	Moved       []string
	MovedSince  string
	Assumptions []assumption
	Track       *trackView
	// Deadline says each claim's deadline, by name.
	Deadline map[string]string
	// Notes say what a section leaves out, when it does.
	DaysNote, RoutesNote, ReachNote, GraphNote, PathsNote string
}

// chart is an inline SVG drawing and its text alternative; empty when
// there is nothing to draw.
type chart struct {
	SVG template.HTML
	Alt string
}

type dayHead struct{ Day, Date string }

type paramRow struct {
	Name, Value, Default, Description string
	Drawn, Set                        bool
}

type routeView struct {
	R         *outcomes.RouteResult
	Chart     chart
	Key, All  []routeRow
	Completes string
}

type routeRow struct {
	Day, Date               string
	Completed, Open, Closed outcomes.Estimate
}

type stateRow struct {
	Name, Description string
	Reached           outcomes.Estimate
	By                []outcomes.Estimate
	Entry             string
}

type pathRow struct {
	Path string
	E    outcomes.Estimate
}

type sensView struct {
	S       Sensitivity
	Chart   chart
	Indices []explore.SobolIndex
}

type discView struct {
	D       Discovery
	Chart   chart
	Box     []boxRow
	Box0    explore.PRIMBox // the box, its noise dropped
	Peeled  explore.PRIMBox // the box as chosen, before
	Dropped string          // the restrictions dropped as noise
}

// agreedView is what meetings agreed on one issue.
type agreedView struct {
	Issue string
	Chart chart
	Rows  []agreedRow
}

type agreedRow struct {
	A         *outcomes.AgreementResult
	Mean      string
	Quantiles []string // at 5, 25, 50, 75 and 95%
}

type boxRow struct {
	Input, Lo, Hi, QP string
}

// bottomClaim is a claim as the bottom line says it.
type bottomClaim struct {
	Name, Description, Deadline, P, Interval string
}

// assumption is one of the assumptions that matter most: its largest
// total Sobol index, on which output.
type assumption struct {
	Name, Description, Output string
	ST                        float64
}

// trackView is the forecast track: its chart, and a row per date.
type trackView struct {
	T     *explore.Track
	Chart chart
	Rows  []trackRow
}

type trackRow struct {
	Date, Day string
	Cells     []string
	News      string
}

func build(ctx context.Context, p *Page) (*view, error) {
	r := p.Result
	// mc is what runs tallied; empty for an exact Result, which has none.
	mc := r.MonteCarlo
	if mc == nil {
		mc = &outcomes.MonteCarloPart{}
	}
	ex := r.Exact
	if ex == nil {
		ex = &outcomes.ExactPart{}
	}
	v := &view{R: r, MC: mc, EX: ex, Source: p.Source, Exact: r.Exact != nil, Given: r.Given, Faults: mc.Faults}
	v.Title = p.Title
	if v.Title == "" && p.Scenario != nil {
		v.Title = p.Scenario.Definition().Description
	}
	if v.Title == "" {
		v.Title = r.Scenario
	}
	v.Subtitle = "scenario " + r.Scenario
	if r.Exact == nil {
		v.Conf = strconv.FormatFloat(100*r.Confidence, 'g', 4, 64) + "% interval"
	}
	v.Horizon = num(r.Horizon) + " days"
	if r.StartDate != "" {
		// From the date the first day begins to the last whole date.
		first := r.StartDate
		if start, err := time.Parse(time.DateOnly, r.StartDate); err == nil {
			first = scenario.DateOf(start, r.From).Format(time.DateOnly)
		}
		v.Horizon += ", " + first + " to " + r.Date(r.Horizon)
	}
	v.Parameters = parameterRows(p)
	if p.Interactive != nil {
		var err error
		if v.Live, err = buildLive(p.Scenario, p.Interactive, p.Result); err != nil {
			return nil, err
		}
	}

	var err error
	v.Deadline = map[string]string{}
	latest := map[string]explore.TrackPoint{} // with a track, its last forecast of each claim
	asOf := ""
	if tr := p.Track; tr != nil && len(tr.Dates) > 0 {
		last := tr.Dates[len(tr.Dates)-1]
		asOf = last.Date
		if asOf == "" {
			asOf = "day " + num(last.Day)
		}
		for _, s := range tr.Claims {
			latest[s.Name] = s.Track[len(s.Track)-1]
		}
	}
	for _, c := range r.Claims {
		v.Deadline[c.Name] = deadlineText(r, c.Day)
		if pt, ok := latest[c.Name]; ok {
			c.Estimate = outcomes.Estimate{P: pt.P, Lo: pt.Lo, Hi: pt.Hi}
		}
		// Two decimals, three below 0.1, where two would round small
		// chances to 0.00.
		digits := 2
		if c.P < 0.095 {
			digits = 3
		}
		b := bottomClaim{Name: c.Name, Description: c.Description, Deadline: v.Deadline[c.Name], P: strconv.FormatFloat(c.P, 'f', digits, 64)}
		switch {
		case len(latest) > 0:
			b.Interval = "as of " + asOf + ", the last forecast of the track"
			if c.Lo < c.Hi {
				b.Interval += fmt.Sprintf("; interval %.*f–%.*f", digits, c.Lo, digits, c.Hi)
			}
		case r.Exact == nil:
			b.Interval = fmt.Sprintf("%s %.*f–%.*f", v.Conf, digits, c.Lo, digits, c.Hi)
		}
		v.Bottom = append(v.Bottom, b)
	}
	v.Assumptions = mattersMost(p)
	if p.Track != nil {
		if v.Track, err = buildTrack(p.Track); err != nil {
			return nil, err
		}
		v.Moved, v.MovedSince = moved(p.Track)
	}
	if len(r.Claims) > 0 {
		cp, perr := plots.Claims(r)
		if v.Claims, err = drawRows(cp, perr, len(r.Claims)); err != nil {
			return nil, err
		}
		v.Claims.Alt = fmt.Sprintf("Dots and whiskers: the probability of each of %d claims%s. %s The table gives the values.",
			len(r.Claims), intervalWords(r), extremes(r.Claims))
	}
	keyDays := chosenDays(r)
	// A long grid is thinned in the every-day tables, so that the page
	// stays readable and small whatever -report-days asked for.
	every := (len(r.Days) + mostDayRows - 1) / mostDayRows
	if every > 1 {
		v.DaysNote = fmt.Sprintf("every %d report days of %d", every, len(r.Days))
	}
	for i := range r.Routes {
		rt := &r.Routes[i]
		rv := routeView{R: rt}
		if i < mostRouteCharts {
			if rv.Chart, err = draw1(plots.RouteStatus(r, rt.Name)); err != nil {
				return nil, err
			}
			c, o, x, err := rt.At(r, r.Horizon)
			if err != nil {
				return nil, err
			}
			rv.Chart.Alt = fmt.Sprintf("Lines over days 0 to %s: the shares of runs in which route %s is completed, open and closed%s. By the horizon: completed %.4f, open %.4f, closed %.4f.",
				num(r.Horizon), rt.Name, intervalWords(r), c.P, o.P, x.P)
		}
		for _, d := range keyDays {
			row, err := routeRowAt(r, rt, d)
			if err != nil {
				return nil, err
			}
			rv.Key = append(rv.Key, row)
		}
		for k := 0; k < len(r.Days); k += every {
			row, err := routeRowAt(r, rt, r.Days[k])
			if err != nil {
				return nil, err
			}
			rv.All = append(rv.All, row)
		}
		rv.Completes = quantileText(rt.CompletionDay)
		v.Routes = append(v.Routes, rv)
	}
	if len(r.Routes) > mostRouteCharts {
		v.RoutesNote = fmt.Sprintf("The first %d of %d routes are drawn; the others have their tables.", mostRouteCharts, len(r.Routes))
	}
	if len(r.States) > 0 {
		// The states most often reached, in declaration order: a chart of
		// a few curves, a table of a few hundred rows.
		drawn := mostReached(r.States, mostReachCurves)
		shown := mostReached(r.States, mostStateRows)
		sub := *r
		sub.States = drawn
		// Taller for more curves, so that the legend has room above them.
		rp, perr := plots.Reach(&sub)
		if v.Reach, err = drawRows(rp, perr, 4+len(drawn)); err != nil {
			return nil, err
		}
		v.Reach.Alt = fmt.Sprintf("Lines over days 0 to %s: for %d states, the share of runs that entered it by that day%s. The table gives the values at chosen days.",
			num(r.Horizon), len(drawn), intervalWords(r))
		if len(drawn) < len(r.States) {
			v.ReachNote = fmt.Sprintf("The %d states most often reached of %d are drawn", len(drawn), len(r.States))
			if len(shown) < len(r.States) {
				v.ReachNote += fmt.Sprintf("; the table lists the %d most often reached", len(shown))
			}
			v.ReachNote += "."
		}
		for _, d := range keyDays {
			v.ReachDays = append(v.ReachDays, dayHead{num(d), r.Date(d)})
		}
		described := map[string]string{}
		if p.Scenario != nil {
			for _, sd := range p.Scenario.Definition().States {
				described[sd.Name] = sd.Description
			}
		}
		for i := range shown {
			s := &shown[i]
			row := stateRow{Name: s.Name, Reached: s.Reached, Entry: quantileText(s.EntryDay), Description: described[s.Name]}
			for _, d := range keyDays {
				e, err := s.By(r, d)
				if err != nil {
					return nil, err
				}
				row.By = append(row.By, e)
			}
			v.States = append(v.States, row)
		}
	}
	if p.Scenario != nil && p.Scenario.NumStates() > summaryStates && len(r.States) > 0 {
		// A large graph is summarised: the states most often reached and
		// the moves among them, readable at the page's width; the whole
		// graph is one click away when it can be drawn.
		top := mostReached(r.States, summaryStates)
		keep := map[int]bool{}
		for _, st := range top {
			if s, ok := p.Scenario.State(st.Name); ok {
				keep[int(s)] = true
			}
		}
		var svg bytes.Buffer
		dot := bytes.Replace(subgraphDOT(GraphDOT(p.Scenario, r), keep), []byte("rankdir=LR;"), []byte("rankdir=TB;"), 1)
		if err := RenderGraph(ctx, &svg, dot, SVG); err != nil {
			return nil, err
		}
		v.GraphSummary = template.HTML(inlineSVG(svg.String()))
		v.GraphSummaryAlt = fmt.Sprintf("A summary of the state graph: the %d states most often reached of %d, and the transitions among them.", len(keep), p.Scenario.NumStates())
	}
	if p.Scenario != nil {
		v.Transitions = mc.Transitions
		if n, m := p.Scenario.NumStates(), p.Scenario.NumTransitions(); n > mostGraphStates || m > mostGraphTransitions {
			// Laying out thousands of nodes takes minutes and draws a
			// picture nobody can read.
			v.GraphNote = fmt.Sprintf("The graph has %d states and %d transitions, too many to draw legibly (at most %d and %d): parley graph FILE writes its DOT.", n, m, mostGraphStates, mostGraphTransitions)
		} else {
			var svg bytes.Buffer
			// Top to bottom: a negotiation's graph is a chain with
			// branches, narrower this way, so that it fits the page.
			dot := bytes.Replace(GraphDOT(p.Scenario, r), []byte("rankdir=LR;"), []byte("rankdir=TB;"), 1)
			if err := RenderGraph(ctx, &svg, dot, SVG); err != nil {
				return nil, err
			}
			v.Graph = template.HTML(inlineSVG(svg.String())) // drawn by Graphviz, which escapes every label
			v.GraphAlt = fmt.Sprintf("The state graph: %d states and %d transitions, each transition labelled with its delay and the share of runs in which it was taken; the table lists the transitions.", n, m)
		}
	}
	if len(mc.Paths) > 0 {
		pp, perr := plots.Paths(r, 10)
		if v.Paths, err = drawRows(pp, perr, min(10, len(mc.Paths))+1); err != nil {
			return nil, err
		}
		v.Paths.Alt = fmt.Sprintf("Bars: the shares of runs that followed each of the %d most likely paths, and all other paths together%s. The most likely, %s, was followed in %.4f of runs.",
			min(10, len(mc.Paths)), intervalWords(r), strings.Join(mc.Paths[0].States, " > "), mc.Paths[0].P)
		for _, ps := range mc.Paths[:min(len(mc.Paths), mostPathRows)] {
			v.PathRows = append(v.PathRows, pathRow{strings.Join(ps.States, " > "), ps.Estimate})
		}
		v.OtherPaths = mc.OtherPaths
		if len(mc.Paths) > mostPathRows {
			hits := mc.OtherPaths.Hits
			for _, ps := range mc.Paths[mostPathRows:] {
				hits += ps.Hits
			}
			v.OtherPaths = outcomes.Wilson(hits, mc.OtherPaths.N, r.Confidence)
			v.PathsNote = fmt.Sprintf("The %d most likely of %d distinct paths; (other paths) counts the runs on all the others.", mostPathRows, mc.DistinctPaths)
		}
	}
	if len(mc.Declines) > 0 {
		dp, perr := plots.Declines(r)
		if v.Declines, err = drawRows(dp, perr, len(mc.Declines)); err != nil {
			return nil, err
		}
		v.Declines.Alt = fmt.Sprintf("Dots and whiskers: for each of %d meetings and participants, the share of the runs proposing the meeting in which the participant declined it. The table gives the values.", len(mc.Declines))
	}
	if v.Agreements, err = agreed(r); err != nil {
		return nil, err
	}
	for _, s := range p.Sensitivity {
		sv := sensView{S: s, Indices: s.Sobol.Sorted()}
		if !s.Sobol.Flat {
			if sv.Chart, err = draw1(plots.Sobol(s.Output, s.Sobol, 10)); err != nil {
				return nil, err
			}
			top := sv.Indices[0]
			sv.Chart.Alt = fmt.Sprintf("Dots and whiskers: the first-order and total Sobol indices of the inputs that matter most to %s; the largest total effect is %s's, %.2f.", s.Output, top.Name, top.ST)
		}
		v.Sensitivity = append(v.Sensitivity, sv)
	}
	for _, d := range p.Discovery {
		dv := discView{D: d, Box0: d.PRIM.Box(), Peeled: d.PRIM.Trajectory[d.PRIM.Chosen], Dropped: strings.Join(d.PRIM.Dropped, ", ")}
		if dv.Chart, err = draw1(plots.Tradeoff(d.PRIM)); err != nil {
			return nil, err
		}
		dv.Chart.Alt = fmt.Sprintf("Points: the coverage and density of each box of PRIM's peeling trajectory for %s; the chosen box covers %.2f of the cases of interest at a density of %.2f.", d.Question, dv.Box0.Coverage, dv.Box0.Density)
		for i, in := range d.PRIM.Inputs {
			if dv.Box0.Restricted[i] {
				dv.Box = append(dv.Box, boxRow{in, num(dv.Box0.Lo[i]), num(dv.Box0.Hi[i]), strconv.FormatFloat(dv.Box0.QP[i], 'g', 3, 64)})
			}
		}
		v.Discovery = append(v.Discovery, dv)
	}
	return v, nil
}

func parameterRows(p *Page) []paramRow {
	r := p.Result
	drawn := map[string]bool{}
	if r.MonteCarlo != nil {
		for _, n := range r.MonteCarlo.DrawnParameters {
			drawn[n] = true
		}
	}
	declared := map[string]param.Parameter{}
	if p.Scenario != nil {
		for _, d := range p.Scenario.Parameters() {
			declared[d.Name] = d
		}
	}
	var rows []paramRow
	for _, n := range slices.Sorted(maps.Keys(r.Parameters)) {
		row := paramRow{Name: n, Value: num(r.Parameters[n]), Drawn: drawn[n]}
		if d, ok := declared[n]; ok {
			row.Default, row.Description = num(d.Default), d.Description
			row.Set = !row.Drawn && d.Default != r.Parameters[n]
		}
		if row.Drawn {
			row.Value = "drawn per run"
		}
		rows = append(rows, row)
	}
	return rows
}

func routeRowAt(r *outcomes.Result, rt *outcomes.RouteResult, d float64) (routeRow, error) {
	c, o, x, err := rt.At(r, d)
	return routeRow{Day: num(d), Date: r.Date(d), Completed: c, Open: o, Closed: x}, err
}

// chosenDays are the days the summary tables show: 1, 7, 14, 21, 30, 60,
// 90, 180 and 365 after now and within the horizon (each, or the first
// report day after it where the result cannot answer it exactly), then
// the horizon.
func chosenDays(r *outcomes.Result) []float64 {
	var want []float64
	for _, d := range []float64{1, 7, 14, 21, 30, 60, 90, 180, 365} {
		if d > r.From {
			want = append(want, d)
		}
	}
	return r.SummaryDays(want)
}

// agreed groups the agreed values by issue, in the order issues first
// appear, with a chart of each issue that has agreements.
func agreed(r *outcomes.Result) ([]agreedView, error) {
	var out []agreedView
	at := map[string]int{}
	if r.MonteCarlo == nil {
		return nil, nil // exact analysis tallies no agreements
	}
	for i := range r.MonteCarlo.Agreements {
		a := &r.MonteCarlo.Agreements[i]
		k, ok := at[a.Issue]
		if !ok {
			k = len(out)
			at[a.Issue] = k
			out = append(out, agreedView{Issue: a.Issue})
		}
		row := agreedRow{A: a}
		if a.Mean != nil {
			row.Mean = strconv.FormatFloat(*a.Mean, 'g', 4, 64)
		}
		q := map[float64]float64{}
		for _, v := range a.Quantiles {
			q[v.Q] = v.Value
		}
		for _, p := range []float64{0.05, 0.25, 0.5, 0.75, 0.95} {
			cell := ""
			if x, ok := q[p]; ok {
				cell = strconv.FormatFloat(x, 'g', 4, 64)
			}
			row.Quantiles = append(row.Quantiles, cell)
		}
		out[k].Rows = append(out[k].Rows, row)
	}
	for i := range out {
		ap, perr := plots.Agreements(r, out[i].Issue)
		c, err := drawRows(ap, perr, len(out[i].Rows))
		if err != nil {
			continue // no meeting agreed on it: the table says so
		}
		c.Alt = fmt.Sprintf("Boxes: for each meeting with %s on its agenda, the values agreed, from the 25th to the 75th percentile with the median, whiskers from the 5th to the 95th. The table gives the quantiles.", out[i].Issue)
		out[i].Chart = c
	}
	return out, nil
}

func intervalWords(r *outcomes.Result) string {
	if r.Exact != nil {
		return ", computed exactly"
	}
	return fmt.Sprintf(", with %g%% intervals", 100*r.Confidence)
}

// extremes names the most and the least likely claims.
func extremes(cs []outcomes.ClaimResult) string {
	hi, lo := cs[0], cs[0]
	for _, c := range cs {
		if c.P > hi.P {
			hi = c
		}
		if c.P < lo.P {
			lo = c
		}
	}
	if hi.Name == lo.Name {
		return fmt.Sprintf("%s: %.4f.", hi.Name, hi.P)
	}
	return fmt.Sprintf("The most likely is %s (%.4f), the least %s (%.4f).", hi.Name, hi.P, lo.Name, lo.P)
}

func quantileText(qs []outcomes.Quantile) string {
	var parts []string
	for _, q := range qs {
		parts = append(parts, fmt.Sprintf("q%g %s", 100*q.Q, strconv.FormatFloat(q.Day, 'f', 1, 64)))
	}
	return strings.Join(parts, "  ")
}

func num(x float64) string {
	if math.IsInf(x, 0) || math.IsNaN(x) {
		return strconv.FormatFloat(x, 'g', -1, 64)
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

// chartWidth is the width charts are drawn at: the width of a column of
// the page at 1280 pixels (540 CSS pixels), so that a chart is shown at
// its own size and its smallest text (10 points) is 13 pixels, not
// shrunk below 11.
const chartWidth = 5.5 * vg.Inch

// draw1 draws a plot as inline SVG, chartWidth by 3.6 inches.
func draw1(p *plot.Plot, err error) (chart, error) { return drawRows(p, err, 0) }

// drawRows draws a plot of rows (a bar, a dot or a box each) as inline
// SVG chartWidth wide and as tall as its rows need; rows 0 means 3.6
// inches.
func drawRows(p *plot.Plot, err error, rows int) (chart, error) {
	if err != nil {
		return chart{}, err
	}
	h := 3.6 * vg.Inch
	if rows > 0 {
		h = vg.Length(max(2, min(12, 1.1+float64(0.3*float64(rows))))) * vg.Inch
	}
	c := vgsvg.NewWith(vgsvg.UseWH(chartWidth, h))
	p.Draw(draw.New(c))
	var buf bytes.Buffer
	if _, err := c.WriteTo(&buf); err != nil {
		return chart{}, err
	}
	// gonum/plot escapes every text it draws.
	return chart{SVG: template.HTML(inlineSVG(buf.String()))}, nil
}

// inlineSVG drops what comes before the <svg> element (an XML
// declaration, a doctype, comments), which HTML does not want inline, and
// hides the drawing from assistive technology: its figure carries the text
// alternative.
func inlineSVG(s string) string {
	if i := strings.Index(s, "<svg"); i >= 0 {
		s = s[i:]
	}
	return strings.Replace(s, "<svg", `<svg aria-hidden="true" focusable="false"`, 1)
}

// deadlineText says a claim's deadline: its date and day, or its day.
func deadlineText(r *outcomes.Result, day float64) string {
	if d := r.Date(day); d != "" {
		return d + " (day " + num(day) + ")"
	}
	return "day " + num(day)
}

// mattersMost returns the (at most three) assumptions with the largest
// total Sobol index on any output, those whose index is at least 0.05.
func mattersMost(p *Page) []assumption {
	best := map[string]assumption{}
	for _, s := range p.Sensitivity {
		if s.Sobol == nil || s.Sobol.Flat {
			continue
		}
		for _, ix := range s.Sobol.Indices {
			if ix.Inert || ix.ST < 0.05 {
				continue
			}
			if a, ok := best[ix.Name]; !ok || ix.ST > a.ST {
				best[ix.Name] = assumption{Name: ix.Name, Output: s.Output, ST: math.Min(ix.ST, 1)}
			}
		}
	}
	out := slices.Collect(maps.Values(best))
	slices.SortFunc(out, func(a, b assumption) int {
		if c := cmp.Compare(b.ST, a.ST); c != 0 {
			return c
		}
		return strings.Compare(a.Name, b.Name)
	})
	if len(out) > 3 {
		out = out[:3]
	}
	if p.Scenario != nil {
		described := map[string]string{}
		for _, d := range p.Scenario.Parameters() {
			described[d.Name] = d.Description
		}
		for i := range out {
			out[i].Description = described[out[i].Name]
		}
	}
	return out
}

// buildTrack draws the forecast track and lays out its table.
func buildTrack(tr *explore.Track) (*trackView, error) {
	tv := &trackView{T: tr}
	var err error
	if len(tr.Claims) > 0 {
		if tv.Chart, err = draw1(plots.Track(tr)); err != nil {
			return nil, err
		}
		tv.Chart.Alt = fmt.Sprintf("Steps over days 0 to %s: each of %d claims' probability, forecast again on each of %d dates given what was known by then. The table gives the values.", num(tr.Horizon), len(tr.Claims), len(tr.Dates))
	}
	for k, d := range tr.Dates {
		row := trackRow{Date: d.Date, Day: num(d.Day), News: strings.Join(d.News, "; ")}
		for _, s := range tr.Claims {
			pt := s.Track[k]
			cell := strconv.FormatFloat(pt.P, 'f', 4, 64)
			if !d.Exact {
				cell += fmt.Sprintf(" [%.4f, %.4f]", pt.Lo, pt.Hi)
			}
			row.Cells = append(row.Cells, cell)
		}
		tv.Rows = append(tv.Rows, row)
	}
	return tv, nil
}

// moved says how each claim's forecast moved from the previous date of
// the track to its last, and since when.
func moved(tr *explore.Track) ([]string, string) {
	n := len(tr.Dates)
	if n < 2 {
		return nil, ""
	}
	prev, last := tr.Dates[n-2], tr.Dates[n-1]
	since := prev.Date
	if since == "" {
		since = "day " + num(prev.Day)
	}
	var out []string
	for _, s := range tr.Claims {
		a, b := s.Track[n-2].P, s.Track[n-1].P
		switch {
		case math.Abs(b-a) < 0.005:
			out = append(out, fmt.Sprintf("%s: unchanged at %.2f", s.Name, b))
		default:
			out = append(out, fmt.Sprintf("%s: from %.2f to %.2f", s.Name, a, b))
		}
	}
	if len(last.News) > 0 {
		out = append(out, "news: "+strings.Join(last.News, "; "))
	}
	return out, since
}

// subgraphDOT keeps, of a graph in DOT as scenario.WriteDOT writes it (a
// statement a line), the states in keep and the edges among them.
func subgraphDOT(dot []byte, keep map[int]bool) []byte {
	var out bytes.Buffer
	for _, line := range bytes.SplitAfter(dot, []byte("\n")) {
		t := strings.TrimSpace(string(line))
		var a, b int
		switch {
		case strings.Contains(t, " -> "):
			if _, err := fmt.Sscanf(t, "%d -> %d", &a, &b); err == nil && !(keep[a] && keep[b]) {
				continue
			}
		case len(t) > 0 && t[0] >= '0' && t[0] <= '9':
			if _, err := fmt.Sscanf(t, "%d", &a); err == nil && !keep[a] {
				continue
			}
		}
		out.Write(line)
	}
	return out.Bytes()
}
