package main

import (
	"bytes"
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"text/tabwriter"

	"github.com/parleysim/parley/cmd/parley/plots"
	"github.com/parleysim/parley/cmd/parley/report"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenariofile"
)

// casebookFiles lists a casebook directory's cases: every NAME.yaml beside
// its NAME.outcomes.yaml, in name order. A case without its outcomes file,
// or an outcomes file without its case, is an error naming them all.
func casebookFiles(dir string) (cases, records []string, err error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, nil, err
	}
	names := map[string]bool{}
	for _, e := range entries {
		if !e.IsDir() {
			names[e.Name()] = true
		}
	}
	var problems []string
	var sorted []string
	for n := range names {
		sorted = append(sorted, n)
	}
	sort.Strings(sorted)
	for _, n := range sorted {
		switch {
		case strings.HasSuffix(n, ".outcomes.yaml"):
			if !names[strings.TrimSuffix(n, ".outcomes.yaml")+".yaml"] {
				problems = append(problems, n+" has no case file "+strings.TrimSuffix(n, ".outcomes.yaml")+".yaml")
			}
		case strings.HasSuffix(n, ".yaml"):
			rec := strings.TrimSuffix(n, ".yaml") + ".outcomes.yaml"
			if !names[rec] {
				problems = append(problems, n+" has no outcomes file "+rec)
				continue
			}
			cases = append(cases, filepath.Join(dir, n))
			records = append(records, filepath.Join(dir, rec))
		}
	}
	if len(problems) > 0 {
		return nil, nil, fmt.Errorf("casebook %s: %s", dir, strings.Join(problems, "; "))
	}
	if len(cases) == 0 {
		return nil, nil, fmt.Errorf("casebook %s: no cases (NAME.yaml with NAME.outcomes.yaml)", dir)
	}
	return cases, records, nil
}

func cmdBacktest(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var rf runFlags
	var bins int
	var format, plotPath, page string
	files, err := flags("backtest", args, stdout, stderr, func(fs *flag.FlagSet) {
		rf.define(fs, false)
		scoreFlags(fs, &format, &bins, &plotPath)
		fs.StringVar(&page, "report", "", "also write the record as a self-contained HTML page to this file")
	}, 1)
	if err != nil {
		return err
	}
	if err := checkScoreFlags(format, bins); err != nil {
		return err
	}
	if rf.given != "" || rf.from != "" {
		return fmt.Errorf("backtest runs every case from its first day: -given and -from do not apply: %w", errUsage)
	}
	if err := checkPlotPath(plotPath); err != nil {
		return err
	}
	disk := rf.files(files)
	disk.out("-report", page)
	disk.out("-plot", plotPath)
	if err := disk.check(); err != nil {
		return err
	}
	cfg, err := rf.config()
	if err != nil {
		return err
	}
	cases, records, err := casebookFiles(files[0])
	if err != nil {
		return err
	}
	var book []outcomes.CaseRecord
	for i, path := range cases {
		sc, err := loadSet(ctx, path, &rf.set)
		if err != nil {
			return err
		}
		happened, err := scenariofile.LoadOutcomes(records[i])
		if err != nil {
			return err
		}
		c := *cfg
		bar := newProgress(stderr, "runs of "+filepath.Base(path))
		c.Progress = bar.update
		res, err := outcomes.Run(ctx, sc, &c)
		bar.done()
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		book = append(book, outcomes.CaseRecord{Name: strings.TrimSuffix(filepath.Base(path), ".yaml"), Result: res, Happened: happened})
	}
	bt, err := outcomes.ScoreCasebook(book, bins)
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	if page != "" {
		pg := &report.BacktestPage{Backtest: bt, Casebook: files[0], Runs: cfg.Runs, Seed: cfg.Seed,
			Source: report.Source{Command: commandLine("parley backtest", args), Version: version(), Revision: revision()}}
		if err := disk.write(page, stdout, func(w io.Writer) error { return report.WriteBacktest(ctx, w, pg) }); err != nil {
			return err
		}
	}
	if plotPath != "" {
		p, err := plots.Reliability(bt.Model)
		if err != nil {
			return err
		}
		if err := savePlot(p, plotPath, disk); err != nil {
			return err
		}
	}
	return disk.write(rf.out, stdout, func(w io.Writer) error {
		if format == "json" {
			return writeBacktestJSON(w, files[0], cfg, bt)
		}
		return writeBacktest(w, files[0], cfg, bt)
	})
}

// writeBacktest writes the casebook's scores as tables: per case, then
// every claim, then the whole record beside the baseline's.
func writeBacktest(w io.Writer, dir string, cfg *outcomes.Config, bt *outcomes.Backtest) error {
	fmt.Fprintf(w, "Backtest of %s: %d cases, %d claims, %d runs each, seed %d\n", dir, len(bt.Cases), bt.Model.N, cfg.Runs, cfg.Seed)
	fmt.Fprintf(w, "baseline: each case's claims forecast at the other cases' base rate, (true + 1) / (claims + 2)\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "case\tclaims\tBrier\tbaseline\tlog\tbaseline\tbase rate")
	for _, c := range bt.Cases {
		fmt.Fprintf(tw, "%s\t%d\t%.4f\t%.4f\t%s\t%s\t%.3f\n", c.Name, c.N, c.Brier, c.BaselineBrier, logText(c.Log), logText(c.BaselineLog), c.BaseRate)
	}
	fmt.Fprintln(tw, "\ncase\tclaim\tP\tbaseline P\thappened")
	for i, it := range bt.Model.Items {
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.4f\t%v\n", it.Scenario, it.Name, it.P, bt.Baseline.Items[i].P, it.Happened)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(w, "\n%d claims, %.0f%% of them came true\n", bt.Model.N, 100*bt.Model.BaseRate)
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\tBrier\tlog\treliability\tresolution\tuncertainty")
	for _, r := range []struct {
		name string
		s    *outcomes.Score
	}{{"models", bt.Model}, {"baseline", bt.Baseline}} {
		fmt.Fprintf(tw, "%s\t%.4f\t%s\t%.4f\t%.4f\t%.4f\n", r.name, r.s.Brier, logText(r.s.Log), r.s.Reliability, r.s.Resolution, r.s.Uncertainty)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	// The calibration curve: in each bin of forecast probability that
	// holds forecasts, how many, their mean, and the share that came true.
	fmt.Fprintln(w, "\ncalibration curve of the models' forecasts")
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "bin\tforecasts\tmean forecast\tcame true")
	for _, b := range bt.Model.Bins {
		if b.N > 0 {
			fmt.Fprintf(tw, "[%.1f, %.1f)\t%d\t%.3f\t%.3f\n", b.Lo, b.Hi, b.N, b.MeanForecast, b.Observed)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintln(w)
	sk, err := bt.Skill(0, cfg.Seed, 0)
	if err != nil {
		return err
	}
	verdict := "the models do not beat the baseline"
	switch {
	case sk.BrierLo > 0:
		verdict = "the models beat the baseline, beyond the cases' sampling noise"
	case sk.Brier > 0:
		verdict = "the models beat the baseline, but the interval reaches 0: the cases cannot tell skill from luck"
	}
	fmt.Fprintf(w, "Brier skill against the baseline: %.3f, %.0f%% bootstrap interval over the %d cases [%.3f, %.3f] (%s)\n",
		sk.Brier, 100*sk.Confidence, len(bt.Cases), sk.BrierLo, sk.BrierHi, verdict)
	_, err = fmt.Fprintf(w, "log skill against the baseline: %s [%s, %s]; %d resamples of the cases, seed %d\n",
		skillText(sk.Log), skillText(sk.LogLo), skillText(sk.LogHi), sk.Resamples, cfg.Seed)
	return err
}

// skillText writes a skill score, which is -Inf when a certain forecast
// failed.
func skillText(x float64) string {
	if math.IsInf(x, -1) {
		return "-Inf"
	}
	return fmt.Sprintf("%.3f", x)
}

// logText writes a log score, which is infinite for a certain forecast
// that failed.
func logText(x float64) string {
	if math.IsInf(x, 1) {
		return "+Inf"
	}
	return fmt.Sprintf("%.4f", x)
}

// writeBacktestJSON writes the casebook's scores as JSON; an infinite log
// score is written as "+Inf", which JSON has no number for.
func writeBacktestJSON(w io.Writer, dir string, cfg *outcomes.Config, bt *outcomes.Backtest) error {
	var model, baseline bytes.Buffer
	if err := writeScore(&model, "json", bt.Model); err != nil {
		return err
	}
	if err := writeScore(&baseline, "json", bt.Baseline); err != nil {
		return err
	}
	type caseJSON struct {
		outcomes.CaseScore
		Log         any `json:"log"`
		BaselineLog any `json:"baseline_log"`
	}
	v := struct {
		Tool     string          `json:"tool"`
		Version  string          `json:"version"`
		Casebook string          `json:"casebook"`
		Runs     int             `json:"runs"`
		Seed     uint64          `json:"seed"`
		Cases    []caseJSON      `json:"cases"`
		Model    json.RawMessage `json:"model"`
		Baseline json.RawMessage `json:"baseline"`
		Skill    float64         `json:"brier_skill"`
		SkillLo  float64         `json:"brier_skill_lo"`
		SkillHi  float64         `json:"brier_skill_hi"`
		Log      any             `json:"log_skill"`
		LogLo    any             `json:"log_skill_lo"`
		LogHi    any             `json:"log_skill_hi"`
		Conf     float64         `json:"confidence"`
		Resample int             `json:"resamples"`
	}{Tool: "parley", Version: version(), Casebook: dir, Runs: cfg.Runs, Seed: cfg.Seed, Model: model.Bytes(), Baseline: baseline.Bytes()}
	sk, err := bt.Skill(0, cfg.Seed, 0)
	if err != nil {
		return err
	}
	neg := func(x float64) any {
		if math.IsInf(x, -1) {
			return "-Inf"
		}
		return x
	}
	v.Skill, v.SkillLo, v.SkillHi, v.Conf, v.Resample = sk.Brier, sk.BrierLo, sk.BrierHi, sk.Confidence, sk.Resamples
	v.Log, v.LogLo, v.LogHi = neg(sk.Log), neg(sk.LogLo), neg(sk.LogHi)
	for _, c := range bt.Cases {
		v.Cases = append(v.Cases, caseJSON{c, jsonScore(c.Log), jsonScore(c.BaselineLog)})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
