package main

import (
	"bytes"
	"cmp"
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
	"time"

	"github.com/parleysim/parley/cmd/parley/plots"
	"github.com/parleysim/parley/cmd/parley/report"
	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
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
	var format, plotPath, page, shared string
	var calibrated bool
	var learnDraws, learnRuns, predictRuns int
	files, err := flags("backtest", args, stdout, stderr, func(fs *flag.FlagSet) {
		rf.define(fs, false)
		scoreFlags(fs, &format, &bins, &plotPath)
		fs.StringVar(&page, "report", "", "also write the record as a self-contained HTML page to this file")
		fs.BoolVar(&calibrated, "calibrated", false, "also forecast each case with the shared parameters learned from every other case (leave one out), scored beside the day-0 forecasts")
		fs.StringVar(&shared, "shared", "", "with -calibrated: the comma-separated parameters to learn (default: those every case declares)")
		fs.IntVar(&learnDraws, "n", 0, "with -calibrated: parameter draws of each case's learning step (0: 1000)")
		fs.IntVar(&learnRuns, "learn-runs", 0, "with -calibrated: runs of each draw for each other case (0: 100)")
		fs.IntVar(&predictRuns, "predict-runs", 0, "with -calibrated: runs of each posterior draw for the left-out case's forecast (0: 200)")
	}, 1)
	if err != nil {
		return err
	}
	if !calibrated && (shared != "" || learnDraws != 0 || learnRuns != 0 || predictRuns != 0) {
		return fmt.Errorf("-shared, -n, -learn-runs and -predict-runs go with -calibrated: %w", errUsage)
	}
	learnDraws, learnRuns, predictRuns = cmp.Or(learnDraws, 1000), cmp.Or(learnRuns, 100), cmp.Or(predictRuns, 200)
	if learnDraws < 2 || learnRuns < 1 || predictRuns < 1 || max(learnDraws, learnRuns, predictRuns) > 1<<20 {
		return fmt.Errorf("-n from 2, -learn-runs and -predict-runs from 1, each to %d: %w", 1<<20, errUsage)
	}
	sharedNames := namesList(shared)
	if shared != "" && len(sharedNames) == 0 {
		return fmt.Errorf("-shared %q names no parameter: %w", shared, errUsage)
	}
	for _, n := range sharedNames {
		if _, isSet := rf.set.values[n]; isSet {
			return fmt.Errorf("-shared: %q is also -set: a parameter is learned or held, not both: %w", n, errUsage)
		}
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
	var histories []explore.History
	for i, path := range cases {
		sc, err := loadSet(ctx, path, &rf.set)
		if err != nil {
			return err
		}
		rec, err := scenariofile.LoadRecord(records[i])
		if err != nil {
			return err
		}
		tmpl, err := caseTemplate(path)
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
		if err := checkRecord(res, rec, records[i]); err != nil {
			return err
		}
		name := strings.TrimSuffix(filepath.Base(path), ".yaml")
		book = append(book, outcomes.CaseRecord{Name: name, Result: res, Happened: rec.Outcomes, Kind: rec.Kind, Template: tmpl})
		histories = append(histories, explore.History{Name: name, Scenario: sc, Observations: rec.Outcomes})
	}
	bt, err := outcomes.ScoreCasebook(book, bins)
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	var learnt *learntBacktest
	if calibrated {
		names := sharedNames
		acfg := &explore.ABCConfig{Particles: learnDraws, Runs: learnRuns, Seed: cfg.Seed, Workers: cfg.Workers}
		bar := newProgress(stderr, "cases left out")
		if learnt, err = leaveOneOut(ctx, bt, histories, names, acfg, predictRuns, bins, bar); err != nil {
			return fmt.Errorf("%s: %w", files[0], err)
		}
	}
	if page != "" {
		pg := &report.BacktestPage{Backtest: bt, Casebook: files[0], Runs: cfg.Runs, Seed: cfg.Seed,
			Source: report.Source{Command: commandLine("parley backtest", args), Version: version(), Revision: revision()}}
		if pg.Skill, err = bt.Skill(0, cfg.Seed, 0); err != nil {
			return err
		}
		for _, by := range backtestGroups {
			gs, err := bt.By(by.key, 0, cfg.Seed, 0)
			if err != nil {
				return err
			}
			pg.Groups = append(pg.Groups, report.GroupTable{Title: by.title, Groups: gs})
		}
		if learnt != nil {
			pg.Learned = learnt.bt
			if pg.LearnedSkill, err = learnt.bt.Skill(0, cfg.Seed, 0); err != nil {
				return err
			}
		}
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
			return writeBacktestJSON(w, files[0], cfg, bt, learnt)
		}
		if err := writeBacktest(w, files[0], cfg, bt); err != nil {
			return err
		}
		if learnt != nil {
			return writeLearnt(w, cfg, bt, learnt)
		}
		return nil
	})
}

// namesList splits a comma-separated list of names, dropping empty ones.
func namesList(s string) []string {
	var out []string
	for _, n := range strings.Split(s, ",") {
		if n = strings.TrimSpace(n); n != "" {
			out = append(out, n)
		}
	}
	return out
}

// checkRecord checks a case's record against the case's Result: the same
// day 0; and, for a record that states its case, every claim of the case
// scored (a claim left out of the record would be a claim left out of the
// score), and none that came true dated after its deadline.
func checkRecord(res *outcomes.Result, rec *scenariofile.Record, path string) error {
	if day0 := rec.StartDate.Format(time.DateOnly); res.StartDate != day0 {
		return fmt.Errorf("%s: start_date %s is not the case's day 0, %s: %w", path, day0, res.StartDate, errUsage)
	}
	if rec.Kind == "" {
		return nil
	}
	happened := map[string]scenario.Statement{}
	for _, h := range rec.Outcomes {
		if h.Kind == scenario.StatementClaim {
			happened[h.Target] = h
		}
	}
	var problems []string
	for _, c := range res.Claims {
		h, ok := happened[c.Name]
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("claim %s of the case has no outcome", c.Name))
		case h.Truth == scenario.TruthHeld && h.Date > res.Date(c.Day): // dates as 2006-01-02 sort as text
			problems = append(problems, fmt.Sprintf("claim %s came true on %s, after its deadline %s: then it did not come true by it", c.Name, h.Date, res.Date(c.Day)))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %s: %w", path, strings.Join(problems, "; "), errUsage)
	}
	return nil
}

// caseTemplate is the name of the template a case file is made from
// (templates/deadline-talks.yaml gives deadline-talks), empty for a
// bespoke case.
func caseTemplate(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	f, err := scenariofile.Decode(path, data)
	if err != nil || f.Template == "" {
		return "", err
	}
	return strings.TrimSuffix(filepath.Base(f.Template), filepath.Ext(f.Template)), nil
}

// caseKind and caseModel are the keys the backtest groups its cases by.
func caseKind(c outcomes.CaseScore) string {
	if c.Kind == "" {
		return "(kind not stated)"
	}
	return c.Kind
}

func caseModel(c outcomes.CaseScore) string {
	if c.Template == "" {
		return "bespoke"
	}
	return "template"
}

// backtestGroups are the groups of cases a backtest gives the skill of.
var backtestGroups = []struct {
	title string
	key   func(outcomes.CaseScore) string
}{{"skill by kind of negotiation", caseKind}, {"skill of the cases made from templates and of the bespoke cases", caseModel}}

// writeGroups writes the skill of each group of cases.
func writeGroups(w io.Writer, title string, gs []outcomes.Group) error {
	fmt.Fprintf(w, "\n%s\n", title)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "group\tcases\tclaims\ttrue\tBrier\tbaseline\tBrier skill\t95% interval\tlog skill")
	for _, g := range gs {
		fmt.Fprintf(tw, "%s\t%d\t%d\t%d\t%.4f\t%.4f\t%s\t%s\t%s\n", g.Name, g.Cases, g.Claims, g.True, g.Brier, g.BaselineBrier,
			skillText(g.Skill.Brier), intervalText(g.Skill), skillText(g.Skill.Log))
	}
	return tw.Flush()
}

// writeBacktest writes the casebook's scores as tables: per case, then
// every claim, then the whole record beside the baseline's.
func writeBacktest(w io.Writer, dir string, cfg *outcomes.Config, bt *outcomes.Backtest) error {
	fmt.Fprintf(w, "Backtest of %s: %d cases, %d claims, %d runs each, seed %d\n", dir, len(bt.Cases), bt.Model.N, cfg.Runs, cfg.Seed)
	fmt.Fprintf(w, "baseline: each case's claims forecast at the other cases' base rate, (true + 1) / (claims + 2)\n\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "case\tkind\tmodel\tclaims\ttrue\tBrier\tbaseline\tlog\tbaseline\tbase rate")
	for _, c := range bt.Cases {
		model := "bespoke"
		if c.Template != "" {
			model = c.Template
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%d\t%d\t%.4f\t%.4f\t%s\t%s\t%.3f\n", c.Name, caseKind(c), model, c.N, c.True, c.Brier, c.BaselineBrier, logText(c.Log), logText(c.BaselineLog), c.BaseRate)
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
	case !sk.Interval():
		fmt.Fprintf(w, "Brier skill against the baseline: %.3f; log skill %s; %d cases are too few for an interval: they cannot tell skill from luck\n",
			sk.Brier, skillText(sk.Log), len(bt.Cases))
		return writeAllGroups(w, cfg, bt)
	case sk.BrierLo > 0:
		verdict = "the models beat the baseline, beyond the cases' sampling noise"
	case sk.Brier > 0:
		verdict = "the models beat the baseline, but the interval reaches 0: the cases cannot tell skill from luck"
	}
	fmt.Fprintf(w, "Brier skill against the baseline: %.3f, %.0f%% bootstrap interval over the %d cases [%.3f, %.3f] (%s)\n",
		sk.Brier, 100*sk.Confidence, len(bt.Cases), sk.BrierLo, sk.BrierHi, verdict)
	fmt.Fprintf(w, "log skill against the baseline: %s [%s, %s]; %d resamples of the cases, seed %d\n",
		skillText(sk.Log), skillText(sk.LogLo), skillText(sk.LogHi), sk.Resamples, cfg.Seed)
	return writeAllGroups(w, cfg, bt)
}

// intervalText writes a skill's Brier interval, or a dash for too few
// cases.
func intervalText(s outcomes.Skill) string {
	if !s.Interval() {
		return "—"
	}
	return "[" + skillText(s.BrierLo) + ", " + skillText(s.BrierHi) + "]"
}

// writeAllGroups writes the skill of the groups of cases, by kind and by
// model.
func writeAllGroups(w io.Writer, cfg *outcomes.Config, bt *outcomes.Backtest) error {
	for _, by := range backtestGroups {
		gs, err := bt.By(by.key, 0, cfg.Seed, 0)
		if err != nil {
			return err
		}
		if err := writeGroups(w, by.title, gs); err != nil {
			return err
		}
	}
	return nil
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

// groupJSON is a group of cases with its skill, in the JSON output.
type groupJSON struct {
	Name          string  `json:"name"`
	Cases         int     `json:"cases"`
	Claims        int     `json:"claims"`
	True          int     `json:"true"`
	Brier         float64 `json:"brier"`
	BaselineBrier float64 `json:"baseline_brier"`
	skillJSON
}

// skillJSON is a skill with its intervals in the JSON output: null
// intervals below five cases, and "-Inf" for a log skill JSON has no
// number for.
type skillJSON struct {
	Skill   float64 `json:"brier_skill"`
	SkillLo any     `json:"brier_skill_lo"`
	SkillHi any     `json:"brier_skill_hi"`
	Log     any     `json:"log_skill"`
	LogLo   any     `json:"log_skill_lo"`
	LogHi   any     `json:"log_skill_hi"`
}

func skillOf(sk outcomes.Skill) skillJSON {
	neg := func(x float64) any {
		if math.IsInf(x, -1) {
			return "-Inf"
		}
		return x
	}
	j := skillJSON{Skill: sk.Brier, Log: neg(sk.Log)}
	if sk.Interval() {
		j.SkillLo, j.SkillHi, j.LogLo, j.LogHi = sk.BrierLo, sk.BrierHi, neg(sk.LogLo), neg(sk.LogHi)
	}
	return j
}

// writeBacktestJSON writes the casebook's scores as JSON; an infinite log
// score is written as "+Inf", which JSON has no number for.
func writeBacktestJSON(w io.Writer, dir string, cfg *outcomes.Config, bt *outcomes.Backtest, learnt *learntBacktest) error {
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
		skillJSON
		Conf     float64     `json:"confidence"`
		Resample int         `json:"resamples"`
		ByKind   []groupJSON `json:"by_kind"`
		ByModel  []groupJSON `json:"by_model"`
		Learnt   *learntJSON `json:"calibrated,omitempty"`
	}{Tool: "parley", Version: version(), Casebook: dir, Runs: cfg.Runs, Seed: cfg.Seed, Model: model.Bytes(), Baseline: baseline.Bytes()}
	sk, err := bt.Skill(0, cfg.Seed, 0)
	if err != nil {
		return err
	}
	v.skillJSON, v.Conf, v.Resample = skillOf(sk), sk.Confidence, sk.Resamples
	for _, c := range bt.Cases {
		v.Cases = append(v.Cases, caseJSON{c, jsonScore(c.Log), jsonScore(c.BaselineLog)})
	}
	for _, by := range []struct {
		key func(outcomes.CaseScore) string
		to  *[]groupJSON
	}{{caseKind, &v.ByKind}, {caseModel, &v.ByModel}} {
		gs, err := bt.By(by.key, 0, cfg.Seed, 0)
		if err != nil {
			return err
		}
		for _, g := range gs {
			*by.to = append(*by.to, groupJSON{Name: g.Name, Cases: g.Cases, Claims: g.Claims, True: g.True, Brier: g.Brier,
				BaselineBrier: g.BaselineBrier, skillJSON: skillOf(g.Skill)})
		}
	}
	if learnt != nil {
		if v.Learnt, err = learnt.json(cfg.Seed); err != nil {
			return err
		}
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(v)
}
