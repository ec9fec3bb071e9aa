package main

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"github.com/parleysim/parley/cmd/parley/plots"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/internal/names"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

func cmdCalibrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var set setFlag
	var given, method, out, shared, pooling, plotPath, shard, learn, others, priorsOut string
	var merge bool
	var n, runs, tolerance, predictRuns, workers int
	var seed uint64
	files, err := flags("calibrate", args, stdout, stderr, func(fs *flag.FlagSet) {
		set.define(fs, "set", "hold a parameter fixed at a value, name=value (repeatable)")
		fs.StringVar(&given, "given", "", "the observations file of the history to learn from (with FILE)")
		fs.StringVar(&learn, "params", "", "with FILE: the comma-separated parameters to learn (default: every parameter not -set that has a range or a prior)")
		fs.StringVar(&others, "others", "fixed", "with -params: fixed (the parameters not learned keep their values) or prior (each run draws those with priors from their priors)")
		fs.StringVar(&method, "method", "rejection", "rejection or smc")
		fs.IntVar(&n, "n", 1000, "parameter draws (rejection) or particles (smc)")
		fs.IntVar(&runs, "runs", 100, "runs of each draw for each history: the likelihood's resolution")
		fs.IntVar(&tolerance, "tolerance", 0, "observations a run may miss and count as consistent (rejection)")
		fs.IntVar(&predictRuns, "predict-runs", 200, "runs of each posterior draw for the posterior predictive (with FILE)")
		fs.StringVar(&shared, "shared", "", "with a casebook: the comma-separated parameters to learn across the cases (default: those every case declares)")
		fs.StringVar(&pooling, "pooling", "partial", "with a casebook: partial (each case its own value, from a population whose median and spread are learnt) or complete (one value for every case)")
		fs.Uint64Var(&seed, "seed", 1, "random seed")
		fs.IntVar(&workers, "workers", 0, "worker goroutines (0: all cores); the result does not depend on it")
		fs.StringVar(&out, "o", "", "also write the posterior draws with their weights to this CSV file")
		fs.StringVar(&priorsOut, "write-priors", "", "also write what was learned as a priors file another scenario can take (-priors-file): each parameter's posterior (or, pooled partially, its population's predictive) fitted as a beta, gamma or normal")
		fs.StringVar(&shard, "shard", "", "evaluate one shard of the draws (rejection) and write it as JSON to -o: i/n, auto or auto/n (as parley run -shard); {shard} in -o is the index")
		fs.BoolVar(&merge, "merge", false, "join the shard files given after FILE (parley calibrate -shard) instead of running")
		fs.StringVar(&plotPath, "plot", "", "also draw the first parameter's posterior (histogram, 90% intervals of posterior and prior) to this .png, .svg or .pdf")
		progressFlag(fs)
	}, -1)
	if err != nil {
		return err
	}
	// Clipped, so that appending to files never writes over shardFiles.
	shardFiles := files[1:]
	files = files[:1:1]
	switch {
	case merge && len(shardFiles) == 0:
		return fmt.Errorf("-merge needs the shard files after FILE: %w", errUsage)
	case !merge && len(shardFiles) > 0:
		return fmt.Errorf("calibrate takes one file or casebook (the shard files go with -merge): %w", errUsage)
	case merge && shard != "":
		return fmt.Errorf("-merge and -shard together: %w", errUsage)
	case (merge || shard != "") && method != "rejection":
		return fmt.Errorf("only rejection calibrations are split into shards (SMC's rounds need every particle): %w", errUsage)
	}
	if others != "fixed" && others != "prior" {
		return fmt.Errorf("-others %q: want fixed or prior: %w", others, errUsage)
	}
	if learn != "" && strings.Trim(learn, ", ") == "" {
		return fmt.Errorf("-params %q names no parameter: %w", learn, errUsage)
	}
	if others == "prior" && learn == "" {
		return fmt.Errorf("-others prior goes with -params, which names the parameters learned: %w", errUsage)
	}
	if method != "rejection" && method != "smc" {
		return fmt.Errorf("-method %q: want rejection or smc: %w", method, errUsage)
	}
	if n < 2 || runs < 1 || predictRuns < 1 || tolerance < 0 || workers < 0 {
		return fmt.Errorf("-n at least 2, -runs and -predict-runs at least 1, -tolerance and -workers not negative: %w", errUsage)
	}
	cfg := &explore.ABCConfig{Method: explore.Method(method), Particles: n, Runs: runs, Tolerance: tolerance, Seed: seed, Workers: workers, DrawOthers: others == "prior"}
	fi, err := os.Stat(files[0])
	if err != nil {
		return err
	}
	if err := checkPlotPath(plotPath); err != nil {
		return err
	}
	var index, count int
	if shard != "" {
		if index, count, err = shardSpec(shard, os.Getenv); err != nil {
			return err
		}
		if out == "" {
			return fmt.Errorf("-shard needs -o shard-{shard}.json: %w", errUsage)
		}
		if out, err = shardPath(out, index); err != nil {
			return err
		}
	}
	disk := &ioFiles{}
	disk.in(files...)
	disk.in(given, set.priors)
	disk.in(shardFiles...)
	disk.out("-o", out)
	disk.out("-plot", plotPath)
	disk.out("-write-priors", priorsOut)
	if shard != "" && priorsOut != "" {
		return fmt.Errorf("-write-priors goes with a whole calibration or -merge, not a shard: %w", errUsage)
	}
	if err := disk.check(); err != nil {
		return err
	}
	var histories []explore.History
	var space explore.Space
	var leftOut []string // cases that declare none of the parameters learned
	if fi.IsDir() {
		if given != "" {
			return fmt.Errorf("-given is for one scenario file; a casebook's cases carry their outcomes files: %w", errUsage)
		}
		if learn != "" {
			return fmt.Errorf("-params is for one scenario file; with a casebook, -shared names the parameters to learn: %w", errUsage)
		}
		cases, records, err := casebookFiles(files[0])
		if err != nil {
			return err
		}
		var scs []*scenario.Scenario
		for i, path := range cases {
			sc, err := loadSet(ctx, path, &set)
			if err != nil {
				return err
			}
			happened, err := scenariofile.LoadOutcomes(records[i])
			if err != nil {
				return err
			}
			// What happened is observed as the claims state it.
			if _, err := sc.Observe(happened); err != nil {
				return fmt.Errorf("%s: %w", records[i], err)
			}
			h := explore.History{Name: strings.TrimSuffix(filepath.Base(path), ".yaml"), Scenario: sc, Observations: happened}
			histories, scs = append(histories, h), append(scs, sc)
		}
		names := namesList(shared)
		if shared != "" && len(names) == 0 {
			return fmt.Errorf("-shared %q names no parameter: %w", shared, errUsage)
		}
		for _, n := range names {
			if _, isSet := set.values[n]; isSet {
				return fmt.Errorf("-shared: %q is also -set: a parameter is learned or held, not both: %w", n, errUsage)
			}
		}
		if len(names) > 0 {
			// A case that declares none of the parameters learned tells
			// nothing of them: it is left out, and the output says so.
			var keep []explore.History
			var kept []*scenario.Scenario
			for i, h := range histories {
				if slices.ContainsFunc(names, func(n string) bool { _, ok := h.Scenario.Param(n); return ok }) {
					keep, kept = append(keep, h), append(kept, scs[i])
				} else {
					leftOut = append(leftOut, h.Name)
				}
			}
			if len(keep) == 0 {
				return fmt.Errorf("-shared %s: no case of %s declares %s: %w", shared, files[0], strings.Join(names, " or "), errUsage)
			}
			histories, scs = keep, kept
		}
		switch pooling {
		case "partial":
			if space, cfg.Populations, err = explore.PartialSpace(scs, names); err != nil {
				return err
			}
		case "complete":
			if space, err = explore.SharedSpace(scs, names); err != nil {
				return err
			}
		default:
			return fmt.Errorf("-pooling %q: want partial or complete: %w", pooling, errUsage)
		}
		for _, n := range space.Names {
			base, _, _ := strings.Cut(n, ":")
			if _, isSet := set.values[base]; isSet {
				return fmt.Errorf("%q is learned across the cases and also -set: a parameter is learned or held, not both (name the others with -shared): %w", base, errUsage)
			}
		}
	} else {
		if given == "" {
			return fmt.Errorf("calibrate FILE needs -given OBS.yaml, what was observed: %w", errUsage)
		}
		if shared != "" {
			return fmt.Errorf("-shared is for a casebook directory: %w", errUsage)
		}
		sc, err := loadSet(ctx, files[0], &set)
		if err != nil {
			return err
		}
		obs, err := scenariofile.LoadObservations(given, sc)
		if err != nil {
			return err
		}
		histories = []explore.History{{Name: filepath.Base(given), Scenario: sc, Observations: obs}}
		held := map[string]float64{}
		for k, x := range set.values {
			held[k] = x
		}
		if learn != "" {
			// Learn the parameters named; hold every other one.
			want := map[string]bool{}
			var declared []string
			for _, p := range sc.Parameters() {
				declared = append(declared, p.Name)
			}
			for _, name := range strings.Split(learn, ",") {
				name = strings.TrimSpace(name)
				if name == "" {
					continue
				}
				if !slices.Contains(declared, name) {
					return fmt.Errorf("-params: %q is not a parameter of %s%s: %w", name, files[0], names.DidYouMean(name, declared), errUsage)
				}
				if _, isSet := set.values[name]; isSet {
					return fmt.Errorf("-params: %q is also -set: a parameter is learned or held, not both: %w", name, errUsage)
				}
				want[name] = true
			}
			for _, p := range sc.Parameters() {
				if !want[p.Name] {
					held[p.Name] = p.Default
				}
			}
		}
		if space, err = explore.ParameterSpace(sc, held, true); err != nil {
			return fmt.Errorf("%s: %w", files[0], err)
		}
	}
	for _, h := range histories {
		if tolerance > 0 && tolerance >= len(h.Observations) {
			return fmt.Errorf("-tolerance %d: %s has %d observations, so every run would count as consistent and the posterior would be the prior: give a tolerance below it: %w", tolerance, h.Name, len(h.Observations), errUsage)
		}
	}
	if shard != "" {
		bar := newProgress(stderr, "draws")
		cfg.Progress = bar.update
		sh, err := explore.CalibrateShard(ctx, histories, space, cfg, index, count)
		bar.done()
		if err != nil {
			return err
		}
		return disk.write(out, stdout, func(w io.Writer) error { return json.NewEncoder(w).Encode(sh) })
	}
	var post *explore.Posterior
	if merge {
		var shards []*explore.CalibrationShard
		for _, f := range shardFiles {
			r, err := os.Open(f)
			if err != nil {
				return err
			}
			sh, err := explore.ReadCalibrationShard(bounded(r, 1<<30))
			r.Close()
			if err != nil {
				return fmt.Errorf("%s: %w", f, err)
			}
			shards = append(shards, sh)
		}
		if post, err = explore.MergeCalibration(histories, space, cfg, shards, shardFiles); err != nil {
			return err
		}
	} else {
		bar := newProgress(stderr, "draws")
		cfg.Progress = bar.update
		post, err = explore.Calibrate(ctx, histories, space, cfg)
		bar.done()
		if err != nil {
			return err
		}
	}
	var preds []explore.Prediction
	if !fi.IsDir() {
		if preds, err = explore.Predict(ctx, post, histories[0], predictRuns, seed, workers); err != nil {
			return err
		}
	}
	writeCalibration(stdout, files[0], histories, post, preds, cfg)
	if len(leftOut) > 0 {
		fmt.Fprintf(stdout, "\nleft out, declaring none of the parameters learned: %s\n", strings.Join(leftOut, ", "))
	}
	if plotPath != "" {
		p, err := plots.Marginal(post, post.Space.Names[0])
		if err != nil {
			return err
		}
		if err := savePlot(p, plotPath, disk); err != nil {
			return err
		}
	}
	if out != "" {
		if err := disk.write(out, stdout, func(w io.Writer) error { return writePosteriorCSV(w, post) }); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s\n", out)
	}
	if priorsOut != "" {
		ps, err := post.Priors()
		if err != nil {
			return err
		}
		names := make([]string, len(histories))
		for i, h := range histories {
			names[i] = h.Name
		}
		comment := fmt.Sprintf("Priors learned by %s\nfrom %d histories (%s): %s, %d draws of %d runs each, seed %d, effective sample %.0f.\nA scenario takes them with -priors-file (and -prior-of NAME=LEARNED for a parameter of another name).",
			commandLine("parley calibrate", args), len(histories), strings.Join(names, ", "), cfg.Method, cfg.Particles, cfg.Runs, cfg.Seed, post.ESS)
		if err := disk.write(priorsOut, stdout, func(w io.Writer) error { return scenariofile.WritePriors(w, comment, ps) }); err != nil {
			return err
		}
		fmt.Fprintf(stderr, "wrote %s\n", priorsOut)
	}
	return nil
}

// writeCalibration prints the posterior's marginals beside the priors, and
// the posterior predictive of the claims and routes.
func writeCalibration(w io.Writer, file string, hs []explore.History, post *explore.Posterior, preds []explore.Prediction, cfg *explore.ABCConfig) {
	nobs := 0
	for _, h := range hs {
		nobs += len(h.Observations)
	}
	fmt.Fprintf(w, "Calibration of %s on %d observations of %d histories: %s, %d draws of %d runs each, seed %d\n",
		file, nobs, len(hs), cfg.Method, cfg.Particles, cfg.Runs, cfg.Seed)
	tols := make([]string, len(post.Tolerances))
	for i, t := range post.Tolerances {
		tols[i] = strconv.FormatFloat(t, 'g', 3, 64)
	}
	fmt.Fprintf(w, "effective sample %.0f of %d; tolerances %s; %d runs; mean likelihood over the prior %.3g\n",
		post.ESS, len(post.Draws), strings.Join(tols, " > "), post.Runs, post.Likelihood)
	// Which parameters were learned, and what became of the others: drawn
	// in every run from their priors (-others prior, those with one), or
	// held at their values.
	var drawn, held []string
	if len(hs) == 1 {
		sc := hs[0].Scenario
		free := map[scenario.Param]bool{} // those runs draw: a prior, and not -set
		for _, d := range sc.Drawn() {
			free[d] = true
		}
		for _, p := range sc.Parameters() {
			switch {
			case slices.Contains(post.Space.Names, p.Name):
			case post.DrawOthers && free[paramOf(sc, p.Name)]:
				drawn = append(drawn, p.Name)
			default:
				held = append(held, p.Name)
			}
		}
	}
	line := "learned: " + strings.Join(post.Space.Names, ", ")
	if len(drawn) > 0 {
		line += "; drawn in every run from their priors: " + strings.Join(drawn, ", ")
	}
	if len(held) > 0 {
		line += "; held at their values: " + strings.Join(held, ", ")
	}
	fmt.Fprintf(w, "%s\n\n", line)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "parameter\tprior mean\tprior 90%\tposterior mean\tsd\tposterior 90%")
	for _, m := range post.Marginals {
		fmt.Fprintf(tw, "%s\t%.4g\t[%.4g, %.4g]\t%.4g\t%.3g\t[%.4g, %.4g]\n", m.Name, m.PriorMean, m.PriorQ05, m.PriorQ95, m.Mean, m.SD, m.Q05, m.Q95)
	}
	tw.Flush()
	if post.ESS < 50 {
		fmt.Fprintf(w, "warning: an effective sample of %.0f is too few to trust the tails; raise -n or -runs\n", post.ESS)
	}
	if len(post.Cases) > 0 {
		fmt.Fprintf(w, "\nEach case's own value, shrunk towards the population (posterior means; the file's day-0 value beside):\n")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprint(tw, "case")
		for _, p := range cfg.Populations {
			fmt.Fprintf(tw, "\t%s\tday 0", p.Name)
		}
		fmt.Fprintln(tw)
		for h, hist := range hs {
			fmt.Fprint(tw, hist.Name)
			for k, p := range cfg.Populations {
				day0 := "-"
				if x, ok := hist.Scenario.Values()[p.Name]; ok {
					day0 = strconv.FormatFloat(x, 'g', 4, 64)
				}
				fmt.Fprintf(tw, "\t%.4g\t%s", post.Cases[h][k], day0)
			}
			fmt.Fprintln(tw)
		}
		tw.Flush()
	}
	if len(preds) > 0 {
		fmt.Fprintf(w, "\nGiven the history, with the parameters' posterior carried through:\n")
		tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "claim or route\tP\tposterior 90% band\tconsistent runs")
		for _, p := range preds {
			fmt.Fprintf(tw, "%s\t%.4f\t[%.4f, %.4f]\t%d\n", p.Key, p.P, p.Q05, p.Q95, p.Consistent)
		}
		tw.Flush()
	}
}

// writePosteriorCSV writes the draws: a weight column, then one column per
// parameter.
func writePosteriorCSV(w io.Writer, post *explore.Posterior) error {
	cw := csv.NewWriter(w)
	cw.Write(append([]string{"weight"}, post.Space.Names...))
	for i, x := range post.Draws {
		row := []string{strconv.FormatFloat(post.Weights[i], 'g', -1, 64)}
		for _, v := range x {
			row = append(row, strconv.FormatFloat(v, 'g', -1, 64))
		}
		cw.Write(row)
	}
	cw.Flush()
	return cw.Error()
}

// paramOf is the scenario's parameter of that name (declared: found).
func paramOf(sc *scenario.Scenario, name string) scenario.Param {
	p, _ := sc.Param(name)
	return p
}
