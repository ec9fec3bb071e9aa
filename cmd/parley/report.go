package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parleysim/parley/cmd/parley/report"
	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

func cmdReport(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var rf runFlags
	var title, discover, track string
	var exact, sens, interactive bool
	var base, runsEach int
	files, err := flags("report", args, stdout, stderr, func(fs *flag.FlagSet) {
		rf.define(fs, false)
		fs.StringVar(&title, "title", "", "the question the report answers (default: the scenario's description)")
		fs.BoolVar(&interactive, "interactive", false, "let readers change the parameters and run the scenario again in their browser (the engine, compiled to WebAssembly, is embedded)")
		fs.BoolVar(&exact, "exact", false, "compute the results exactly (Markovian scenarios) instead of by runs")
		fs.BoolVar(&sens, "sensitivity", false, "add which assumptions matter: Sobol indices of the claims over every parameter not set")
		fs.IntVar(&base, "n", 64, "base samples of the Sobol design (with -sensitivity): n × (parameters + 2) experiments")
		fs.IntVar(&runsEach, "runs-each", 300, "runs of each experiment (with -sensitivity)")
		fs.StringVar(&track, "track", "", "add the forecast track: a journal (an observations file whose items say known: DATE), the claims forecast again on each date something became known")
		fs.StringVar(&discover, "discover", "", "add scenario discovery over the same experiments: KEY>X or KEY<X, e.g. claim:merz-14>0.02 (implies -sensitivity)")
	}, 1)
	if err != nil {
		return err
	}
	var cond condition
	if discover != "" {
		if cond, err = parseCondition(discover); err != nil {
			return err
		}
		sens = true
	}
	if sens && (rf.given != "" || rf.from != "") {
		return fmt.Errorf("-sensitivity with -given or -from: the experiments run from day 0, unconditioned; make two reports: %w", errUsage)
	}
	if sens && (base < 2 || runsEach < 1 || runsEach > 1<<40) {
		return fmt.Errorf("-n %d -runs-each %d: want at least 2 base samples, and 1 to %d runs: %w", base, runsEach, int64(1)<<40, errUsage)
	}
	if interactive && (rf.given != "" || rf.from != "" || exact) {
		return fmt.Errorf("-interactive runs the scenario from day 0 by Monte Carlo in the browser: not with -given, -from or -exact: %w", errUsage)
	}
	if exact && rf.draw {
		return fmt.Errorf("-exact with -draw: exact analysis binds every parameter: %w", errUsage)
	}
	if track != "" && (rf.given != "" || rf.from != "") {
		return fmt.Errorf("-track with -given or -from: the track conditions each forecast on its journal: %w", errUsage)
	}
	disk := rf.files(files)
	disk.in(track)
	sc, cfg, err := rf.prepare(ctx, files, disk)
	if err != nil {
		return err
	}
	bar := newProgress(stderr, "runs")
	var res *outcomes.Result
	if exact {
		ecfg := &outcomes.ExactConfig{Outputs: []string{"everything"}, ReportDays: rf.reportDays, MemoryLimit: cfg.MemoryLimit, Given: cfg.Given, Progress: bar.update}
		res, err = outcomes.Exact(ctx, sc, ecfg)
	} else {
		cfg.Progress = bar.update
		res, err = outcomes.Run(ctx, sc, cfg)
	}
	bar.done()
	if errors.Is(err, outcomes.ErrNotExact) {
		return scenariofile.Place(files[0], err)
	}
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	pg := &report.Page{Result: res, Scenario: sc, Title: title, Source: report.Source{
		File: files[0], SHA256: fileHash(files[0]), Command: commandLine("parley report", args),
		Version: version(), Revision: revision(),
	}}
	if interactive {
		text, err := readFile(files[0])
		if err != nil {
			return err
		}
		pg.Interactive = &report.Interactive{FileName: files[0], Text: text, Runs: rf.runs, Seed: rf.seed, Draw: rf.draw, Set: rf.set.values}
	}
	if sens {
		if err := addSensitivity(ctx, pg, sc, &rf, base, runsEach, cond, stderr); err != nil {
			return err
		}
	}
	if track != "" {
		journal, err := scenariofile.LoadJournal(track, sc)
		if err != nil {
			return err
		}
		bar := newProgress(stderr, "forecasts")
		pg.Track, err = explore.ForecastTrack(ctx, sc, journal, &explore.TrackConfig{Progress: bar.update,
			Run: outcomes.Config{Runs: rf.runs, Seed: rf.seed, Workers: rf.workers, MaxRuns: rf.maxRuns, DrawParameters: rf.draw, MemoryLimit: cfg.MemoryLimit, ReportDays: rf.reportDays}})
		bar.done()
		if err != nil {
			return fmt.Errorf("%s: %w", track, err)
		}
	}
	if err := disk.write(rf.out, stdout, func(w io.Writer) error {
		return report.Write(ctx, w, pg)
	}); err != nil {
		return err
	}
	if rf.out != "" && rf.out != "-" {
		fmt.Fprintf(stderr, "wrote %s\n", rf.out)
	}
	return faultError(res)
}

// addSensitivity runs a Sobol design over the parameters not set, with the
// claims as outputs, and adds its indices (and a PRIM box, when asked) to
// the page.
func addSensitivity(ctx context.Context, pg *report.Page, sc *scenario.Scenario, rf *runFlags, base, runsEach int, cond condition, stderr io.Writer) error {
	space, err := explore.ParameterSpace(sc, rf.set.values, false)
	if err != nil {
		return err
	}
	d, err := explore.Saltelli(space, base, rf.seed, true)
	if err != nil {
		return err
	}
	var outputs []string
	for _, c := range sc.Claims() {
		outputs = append(outputs, "claim:"+c.Name)
	}
	if cond.key != "" && !slices.Contains(outputs, cond.key) {
		outputs = append(outputs, cond.key)
	}
	if len(outputs) == 0 {
		return errors.New("-sensitivity: the scenario has no claims to analyse")
	}
	bar := newProgress(stderr, "experiments")
	table, err := explore.Run(ctx, sc, d, &explore.Config{Runs: runsEach, Seed: rf.seed, Workers: rf.workers, Outputs: outputs, Progress: bar.update})
	bar.done()
	if err != nil {
		return err
	}
	design := fmt.Sprintf("%d experiments (%d base samples) of %d runs each, seed %d, over %d parameters", d.Len(), base, runsEach, rf.seed, space.Dim())
	for _, key := range outputs {
		y, noise, err := table.Column(key)
		if err != nil {
			return err
		}
		s, err := explore.Sobol(d, y, &explore.SobolOptions{Noise: noise, Seed: rf.seed})
		if err != nil {
			return fmt.Errorf("%s: %w", key, err)
		}
		pg.Sensitivity = append(pg.Sensitivity, report.Sensitivity{Output: key, Sobol: s, Design: design})
	}
	if cond.key == "" {
		return nil
	}
	y, _, err := table.Column(cond.key)
	if err != nil {
		return err
	}
	interesting := make([]bool, len(y))
	for i, v := range y {
		interesting[i] = cond.above && v > cond.x || !cond.above && v < cond.x
	}
	box, err := explore.PRIM(table.Inputs, table.X, interesting, nil)
	if err != nil {
		return fmt.Errorf("-discover %s: %w", cond, err)
	}
	pg.Discovery = append(pg.Discovery, report.Discovery{Question: cond.String(), PRIM: box})
	return nil
}

// condition is a -discover question: an output above or below a value.
type condition struct {
	key   string
	above bool
	x     float64
}

func (c condition) String() string {
	op := " < "
	if c.above {
		op = " > "
	}
	return c.key + op + strconv.FormatFloat(c.x, 'g', -1, 64)
}

func parseCondition(s string) (condition, error) {
	for _, op := range []string{">", "<"} {
		if key, num, ok := strings.Cut(s, op); ok {
			x, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
			if err != nil || math.IsNaN(x) || math.IsInf(x, 0) || strings.TrimSpace(key) == "" {
				break
			}
			return condition{key: strings.TrimSpace(key), above: op == ">", x: x}, nil
		}
	}
	return condition{}, fmt.Errorf("-discover %q: want KEY>X or KEY<X, e.g. claim:merz-14>0.02: %w", s, errUsage)
}

// commandLine writes a command as a reader could type it again, quoting
// the arguments a shell would split or expand.
func commandLine(cmd string, args []string) string {
	parts := []string{cmd}
	for _, a := range args {
		if a == "" || strings.ContainsAny(a, " \t\n'\"\\$`*?[]{}()<>|&;!#~") {
			a = "'" + strings.ReplaceAll(a, "'", `'\''`) + "'"
		}
		parts = append(parts, a)
	}
	return strings.Join(parts, " ")
}
