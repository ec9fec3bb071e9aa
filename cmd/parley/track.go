package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/parleysim/parley/cmd/parley/plots"
	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenariofile"
)

// cmdTrack forecasts a scenario's claims and routes on day 0 and on every
// date a journal says something became known, each given what was known
// by then, and scores the track against an outcomes file.
func cmdTrack(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var format, out, plotPath, record, every, memory string
	var runs, workers, maxRuns, reportDays int
	var seed uint64
	var runsOnly, draw bool
	var set setFlag
	files, err := flags("track", args, stdout, stderr, func(fs *flag.FlagSet) {
		set.define(fs, "set", "bind a parameter, name=value (repeatable)")
		fs.StringVar(&record, "outcomes", "", "score the track against an outcomes file: Brier and log score on each date and averaged over time until each claim resolved")
		fs.StringVar(&every, "every", "", "also forecast every so many days: 7, 7d or 1w (default: only day 0 and the dates of news)")
		fs.StringVar(&format, "format", "table", "table, csv or json")
		fs.StringVar(&plotPath, "plot", "", "draw the track: each claim's probability over time (.png, .svg or .pdf)")
		fs.StringVar(&out, "o", "", "write to this file instead of standard output")
		fs.IntVar(&runs, "runs", 10_000, "runs consistent with what was known, per forecast by Monte Carlo")
		fs.Uint64Var(&seed, "seed", 1, "random seed")
		fs.IntVar(&workers, "workers", 0, "worker goroutines (0: all cores); the track does not depend on it")
		fs.IntVar(&maxRuns, "max-runs", 0, "the most runs made per forecast (0: 10,000,000)")
		fs.BoolVar(&draw, "draw", false, "each run draws its own value of every parameter with a prior")
		fs.BoolVar(&runsOnly, "monte-carlo", false, "forecast by runs even where exact analysis applies")
		limitFlags(fs, &reportDays, &memory)
		progressFlag(fs)
	}, 2)
	if err != nil {
		return err
	}
	if format != "table" && format != "json" && format != "csv" {
		return fmt.Errorf("-format %q: want table, csv or json: %w", format, errUsage)
	}
	step, err := parseEvery(every)
	if err != nil {
		return err
	}
	if runs < 1 || runs > outcomes.MaxRunsLimit {
		return fmt.Errorf("-runs %d: want a whole number from 1 to %d: %w", runs, outcomes.MaxRunsLimit, errUsage)
	}
	if workers < 0 {
		return fmt.Errorf("-workers %d: want 0 (all cores) or more: %w", workers, errUsage)
	}
	if maxRuns < 0 || maxRuns > outcomes.MaxRunsLimit || (maxRuns > 0 && maxRuns < runs) {
		return fmt.Errorf("-max-runs %d: want 0 (10,000,000), or from -runs (%d) to %d: %w", maxRuns, runs, outcomes.MaxRunsLimit, errUsage)
	}
	limit, err := limits(reportDays, memory)
	if err != nil {
		return err
	}
	if err := checkPlotPath(plotPath); err != nil {
		return err
	}
	disk := &ioFiles{}
	disk.in(files...)
	disk.in(record, set.priors)
	disk.out("-o", out)
	disk.out("-plot", plotPath)
	if err := disk.check(); err != nil {
		return err
	}
	sc, err := loadSet(ctx, files[0], &set)
	if err != nil {
		return err
	}
	if step > 0 && sc.Horizon()/step > 10_000 {
		return fmt.Errorf("-every %s: a step of %.3g days over the horizon of %g days makes more than 10,000 forecasts: take a longer step: %w", every, step, sc.Horizon(), errUsage)
	}
	journal, err := scenariofile.LoadJournal(files[1], sc)
	if err != nil {
		return err
	}
	cfg := &explore.TrackConfig{Every: step, MonteCarlo: runsOnly,
		Run: outcomes.Config{Runs: runs, Seed: seed, Workers: workers, MaxRuns: maxRuns, ReportDays: reportDays, MemoryLimit: limit, DrawParameters: draw}}
	if record != "" {
		if cfg.Outcomes, err = scenariofile.LoadOutcomes(record); err != nil {
			return err
		}
	}
	bar := newProgress(stderr, "forecasts")
	cfg.Progress = bar.update
	tr, err := explore.ForecastTrack(ctx, sc, journal, cfg)
	bar.done()
	if err != nil {
		if record != "" && strings.Contains(err.Error(), "the outcomes") {
			return fmt.Errorf("%s: %w", record, err)
		}
		return fmt.Errorf("%s: %w", files[1], err)
	}
	if plotPath != "" {
		p, err := plots.Track(tr)
		if err != nil {
			return err
		}
		if err := savePlot(p, plotPath, disk); err != nil {
			return err
		}
	}
	return disk.write(out, stdout, func(w io.Writer) error { return writeTrack(w, format, tr) })
}

// parseEvery reads -every: a number of days, with d (days) or w (weeks).
func parseEvery(s string) (float64, error) {
	if s == "" {
		return 0, nil
	}
	unit := 1.0
	num := s
	switch {
	case strings.HasSuffix(s, "d"):
		num = strings.TrimSuffix(s, "d")
	case strings.HasSuffix(s, "w"):
		num, unit = strings.TrimSuffix(s, "w"), 7
	}
	x, err := strconv.ParseFloat(num, 64)
	if err != nil || !(x > 0) || math.IsInf(x*unit, 1) {
		return 0, fmt.Errorf("-every %q: want a positive number of days, as 7, 7d or 1w: %w", s, errUsage)
	}
	return x * unit, nil
}

// writeTrack writes a track as a table (a row per date, a column per
// claim and route), as CSV (a row per series and date), or as JSON.
func writeTrack(w io.Writer, format string, tr *explore.Track) error {
	series := append(append([]explore.Series(nil), tr.Claims...), tr.Routes...)
	switch format {
	case "json":
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(tr)
	case "csv":
		cw := csv.NewWriter(w)
		_ = cw.Write([]string{"series", "kind", "date", "day", "p", "lo", "hi", "exact", "brier", "log"})
		for i, s := range series {
			kind := "claim"
			if i >= len(tr.Claims) {
				kind = "route"
			}
			for k, pt := range s.Track {
				brier, lg := "", ""
				if pt.Brier != nil {
					brier, lg = num(*pt.Brier), logText(float64(*pt.Log))
				}
				_ = cw.Write([]string{s.Name, kind, pt.Date, num(pt.Day), num(pt.P), num(pt.Lo), num(pt.Hi), strconv.FormatBool(tr.Dates[k].Exact), brier, lg})
			}
		}
		cw.Flush()
		return cw.Error()
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	how := "exact"
	if !tr.Exact {
		how = fmt.Sprintf("runs consistent with what was known, seed %d; intervals at 95%%", tr.Seed)
	}
	fmt.Fprintf(tw, "%s: forecast track, %d dates (%s)\n\n", tr.Scenario, len(tr.Dates), how)
	head := []string{"date", "day"}
	for i, s := range series {
		name := s.Name
		if i >= len(tr.Claims) {
			name = "route " + name
		}
		head = append(head, name)
	}
	fmt.Fprintln(tw, strings.Join(head, "\t"))
	for k, d := range tr.Dates {
		row := []string{dateOrDash(d.Date), num(d.Day)}
		for _, s := range series {
			row = append(row, trackCell(s.Track[k], d.Exact))
		}
		fmt.Fprintln(tw, strings.Join(row, "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "Deadlines")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, s := range tr.Claims {
		fmt.Fprintf(tw, "%s\tday %s%s\t%s\n", s.Name, num(s.Deadline), datePart(s.DeadlineDate), s.Description)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	fmt.Fprintln(w, "News")
	for _, d := range tr.Dates {
		for _, n := range d.News {
			fmt.Fprintf(w, "  %s (day %s): %s\n", dateOrDash(d.Date), num(d.Day), n)
		}
	}
	if s := tr.Score; s != nil {
		fmt.Fprintln(w)
		fmt.Fprintln(w, "Score (each forecast counts for the days it stood, until the claim resolved)")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "claim\thappened\tresolved\tBrier day 0\tBrier over time\tlog day 0\tlog over time")
		for _, c := range tr.Claims {
			if !c.Scored {
				continue
			}
			fmt.Fprintf(tw, "%s\t%v\tday %s%s\t%.4f\t%.4f\t%s\t%s\n", c.Name, c.Happened, num(c.Resolved), datePart(c.ResolvedDate), c.Day0Brier, c.Brier, logText(float64(c.Day0Log)), logText(float64(c.Log)))
		}
		fmt.Fprintf(tw, "mean\t\t\t%.4f\t%.4f\t%s\t%s\n", s.Day0Brier, s.Brier, logText(float64(s.Day0Log)), logText(float64(s.Log)))
		return tw.Flush()
	}
	return nil
}

func trackCell(pt explore.TrackPoint, exact bool) string {
	if exact {
		return fmt.Sprintf("%.4f", pt.P)
	}
	return fmt.Sprintf("%.4f [%.4f, %.4f]", pt.P, pt.Lo, pt.Hi)
}

func num(x float64) string { return strconv.FormatFloat(x, 'g', 6, 64) }

func dateOrDash(d string) string {
	if d == "" {
		return "-"
	}
	return d
}

func datePart(d string) string {
	if d == "" {
		return ""
	}
	return " (" + d + ")"
}
