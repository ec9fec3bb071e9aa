package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"text/tabwriter"

	"github.com/parleysim/parley/cmd/parley/plots"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenariofile"
)

func cmdScore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var format, out, plotPath string
	var bins int
	files, err := flags("score", args, stdout, stderr, func(fs *flag.FlagSet) {
		scoreFlags(fs, &format, &bins, &plotPath)
		fs.StringVar(&out, "o", "", "write to this file instead of standard output")
	}, -2)
	if err != nil {
		return err
	}
	if err := checkScoreFlags(format, bins); err != nil {
		return err
	}
	disk := &ioFiles{}
	disk.in(files...)
	disk.out("-o", out)
	disk.out("-plot", plotPath)
	if err := checkPlotPath(plotPath); err != nil {
		return err
	}
	if err := disk.check(); err != nil {
		return err
	}
	record := files[len(files)-1]
	happened, err := scenariofile.LoadOutcomes(record)
	if err != nil {
		return err
	}
	var results []*outcomes.Result
	for _, path := range files[:len(files)-1] {
		res, err := readResult(path)
		if err != nil {
			return err
		}
		results = append(results, res)
	}
	score, err := outcomes.ScoreForecasts(results, happened, bins)
	if err != nil {
		return fmt.Errorf("%s: %w", record, err)
	}
	if plotPath != "" {
		p, err := plots.Reliability(score)
		if err != nil {
			return err
		}
		if err := savePlot(p, plotPath, disk); err != nil {
			return err
		}
	}
	var names []string // each row's result file, when there are several
	if len(results) > 1 {
		names = files[:len(files)-1]
	}
	return disk.write(out, stdout, func(w io.Writer) error { return writeScore(w, format, score, names...) })
}

// writeScore writes a score as a table, or as JSON with the totals as
// top-level fields brier, log and n. An infinite log score is written as
// the string "+Inf" in JSON, which has no infinity.
func writeScore(w io.Writer, format string, s *outcomes.Score, files ...string) error {
	file := func(it outcomes.ScoredItem) string {
		if it.Result < len(files) {
			return files[it.Result]
		}
		return ""
	}
	if format == "json" {
		type item struct {
			outcomes.ScoredItem
			Log  any    `json:"log"`
			File string `json:"file,omitempty"`
		}
		num := jsonScore
		v := struct {
			N           int                       `json:"n"`
			Brier       float64                   `json:"brier"`
			Log         any                       `json:"log"`
			Reliability float64                   `json:"reliability"`
			Resolution  float64                   `json:"resolution"`
			Uncertainty float64                   `json:"uncertainty"`
			WithinBin   float64                   `json:"within_bin"`
			BaseRate    float64                   `json:"base_rate"`
			Bins        []outcomes.ReliabilityBin `json:"bins"`
			Items       []item                    `json:"items"`
		}{s.N, s.Brier, num(s.Log), s.Reliability, s.Resolution, s.Uncertainty, s.WithinBin, s.BaseRate, s.Bins, nil}
		for _, it := range s.Items {
			v.Items = append(v.Items, item{it, num(it.Log), file(it)})
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	if len(files) > 0 { // several results: the file of each forecast
		fmt.Fprintln(tw, "forecast\tfile\tscenario\tP\thappened\tBrier\tlog")
		for _, it := range s.Items {
			fmt.Fprintf(tw, "%s\t%s\t%s\t%.4f\t%v\t%.4f\t%.4f\n", it.Name, file(it), it.Scenario, it.P, it.Happened, it.Brier, it.Log)
		}
	} else {
		fmt.Fprintln(tw, "forecast\tscenario\tP\thappened\tBrier\tlog")
		for _, it := range s.Items {
			fmt.Fprintf(tw, "%s\t%s\t%.4f\t%v\t%.4f\t%.4f\n", it.Name, it.Scenario, it.P, it.Happened, it.Brier, it.Log)
		}
	}
	forecasts := "forecasts"
	if s.N == 1 {
		forecasts = "forecast"
	}
	fmt.Fprintf(tw, "\n%d %s: Brier %.4f, log %.4f; %.0f%% of them happened\n", s.N, forecasts, s.Brier, s.Log, 100*s.BaseRate)
	fmt.Fprintf(tw, "Murphy: reliability %.4f - resolution %.4f + uncertainty %.4f", s.Reliability, s.Resolution, s.Uncertainty)
	if math.Abs(s.WithinBin) > 1e-12 {
		fmt.Fprintf(tw, " + within bins %.4f", s.WithinBin)
	}
	fmt.Fprintln(tw)
	if math.IsInf(s.Log, 1) {
		fmt.Fprintln(tw, "the log score is infinite: a forecast of 0 or 1 failed")
	}
	return tw.Flush()
}

// writeResultScored writes a run's JSON with its score beside the result.
func writeResultScored(w io.Writer, file string, res *outcomes.Result, score *outcomes.Score) error {
	var buf, sbuf bytes.Buffer
	if err := writeResult(&buf, "json", file, res); err != nil {
		return err
	}
	if err := writeScore(&sbuf, "json", score); err != nil {
		return err
	}
	var env map[string]json.RawMessage
	if err := json.Unmarshal(buf.Bytes(), &env); err != nil {
		return err
	}
	env["score"] = json.RawMessage(sbuf.Bytes())
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(env)
}

// jsonScore writes a score for JSON, which has no number for the infinite
// log score of a certain forecast that failed: "+Inf" then.
func jsonScore(x float64) any {
	if math.IsInf(x, 1) {
		return "+Inf"
	}
	return x
}

// scoreFlags defines the flags of the commands that score forecasts
// against what happened: the format, the bins of the decomposition, and a
// reliability diagram.
func scoreFlags(fs *flag.FlagSet, format *string, bins *int, plotPath *string) {
	fs.StringVar(format, "format", "table", "table or json")
	fs.IntVar(bins, "bins", 10, "bins of forecast probability for the Murphy decomposition and the reliability diagram")
	fs.StringVar(plotPath, "plot", "", "also draw the reliability diagram to this .png, .svg or .pdf")
}

// checkScoreFlags checks what scoreFlags read.
func checkScoreFlags(format string, bins int) error {
	if format != "table" && format != "json" {
		return fmt.Errorf("-format %q: want table or json: %w", format, errUsage)
	}
	if bins < 1 || bins > 1000 {
		return fmt.Errorf("-bins %d: want 1 to 1000: %w", bins, errUsage)
	}
	return nil
}
