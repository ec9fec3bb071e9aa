package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"

	"github.com/parleysim/parley/cmd/parley/plots"
	"github.com/parleysim/parley/scenariofile"

	"gonum.org/v1/plot"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// exploreFlags are the flags explore and sensitivity share.
type exploreFlags struct {
	n, runs, levels, workers int
	seed                     uint64
	outputs                  string
	priors, exact, random    bool
	set                      setFlag
	out                      string
	shard                    string
	memory                   string
}

func (f *exploreFlags) define(fs *flag.FlagSet) {
	fs.IntVar(&f.n, "n", 0, "points (lhs), base samples (sobol), trajectories (morris); 0: a default for the design")
	fs.IntVar(&f.runs, "runs", 1000, "runs of each experiment")
	fs.IntVar(&f.levels, "levels", 4, "levels per parameter (factorial, morris)")
	fs.IntVar(&f.workers, "workers", 0, "worker goroutines (0: all cores); the result does not depend on it")
	fs.Uint64Var(&f.seed, "seed", 1, "random seed: of the design and of the runs, the same runs in every experiment")
	fs.StringVar(&f.outputs, "outputs", "", "comma-separated output keys (claim:NAME, final:STATE, route:NAME, route:NAME@DAY:open, state:NAME@DAY, agreed:MEETING/ISSUE/mean, ...); default: every claim, final state and route")
	fs.BoolVar(&f.priors, "priors", false, "vary parameters that have priors as their priors, not uniformly over their ranges")
	fs.BoolVar(&f.exact, "exact", false, "compute each experiment exactly (Markovian scenarios): outputs without noise")
	fs.BoolVar(&f.random, "random", false, "draw a Sobol design's base samples at random instead of quasi-randomly")
	f.set.define(fs, "set", "hold a parameter fixed at a value, name=value (repeatable)")
	fs.StringVar(&f.out, "o", "", "write to this file instead of standard output")
	fs.StringVar(&f.shard, "shard", "", "run one shard of the experiments and write its rows as JSON Lines: i/n, auto or auto/n (as parley run -shard)")
	fs.StringVar(&f.memory, "memory", "4GiB", "most memory for the table of outputs (bytes, or with KiB, MiB, GiB, TiB); a design itself holds at most 4 GiB")
	progressFlag(fs)
}

// prepareDesign is prepare, then the named design, then the experiments
// of -shard, if given.
func (f *exploreFlags) prepareDesign(ctx context.Context, path string, stderr io.Writer, kind, cases string) (*scenario.Scenario, *explore.Design, *explore.Config, error) {
	sc, space, cfg, err := f.prepare(ctx, path, stderr)
	if err != nil {
		return nil, nil, nil, err
	}
	d, err := f.design(kind, space, cases)
	if errors.Is(err, explore.ErrSize) {
		return nil, nil, nil, fmt.Errorf("%w (-n, or -levels for factorial and morris)", err)
	}
	if err != nil {
		return nil, nil, nil, err
	}
	return sc, d, cfg, f.shardRange(cfg, d)
}

// shardRange sets cfg to run the experiments of -shard, if given.
func (f *exploreFlags) shardRange(cfg *explore.Config, d *explore.Design) error {
	if f.shard == "" {
		return nil
	}
	index, count, err := shardSpec(f.shard, os.Getenv)
	if err != nil {
		return err
	}
	cfg.Shard, cfg.Shards = index, count
	return nil
}

// files returns what explore and sensitivity read (the scenario, the
// shards' tables, the cases) and write (-o, with {shard} as the index
// under -shard), checked; sensitivity adds -plot and checks again.
func (f *exploreFlags) files(files []string, more ...string) (*ioFiles, error) {
	if f.shard != "" {
		index, _, err := shardSpec(f.shard, os.Getenv)
		if err != nil {
			return nil, err
		}
		if f.out, err = shardPath(f.out, index); err != nil {
			return nil, err
		}
	}
	disk := &ioFiles{}
	disk.in(files...)
	disk.in(more...)
	disk.in(f.set.priors)
	disk.out("-o", f.out)
	return disk, disk.check()
}

// runShardTable runs one shard of the experiments and writes its rows.
func runShardTable(ctx context.Context, f *exploreFlags, disk *ioFiles, sc *scenario.Scenario, d *explore.Design, cfg *explore.Config, stdout io.Writer) error {
	table, err := explore.Run(ctx, sc, d, cfg)
	if err != nil && table == nil {
		return err
	}
	werr := disk.write(f.out, stdout, table.WriteJSONL)
	if err != nil {
		return err
	}
	return werr
}

// prepare loads the file, binds -set, and returns the space of the other
// parameters and the run configuration.
func (f *exploreFlags) prepare(ctx context.Context, path string, stderr io.Writer) (*scenario.Scenario, explore.Space, *explore.Config, error) {
	if f.runs < 1 || f.runs > 1<<40 {
		return nil, explore.Space{}, nil, fmt.Errorf("-runs %d: want a whole number from 1 to %d: %w", f.runs, int64(1)<<40, errUsage)
	}
	if f.n < 0 || f.workers < 0 {
		return nil, explore.Space{}, nil, fmt.Errorf("-n and -workers must not be negative: %w", errUsage)
	}
	sc, err := loadSet(ctx, path, &f.set)
	if err != nil {
		return nil, explore.Space{}, nil, err
	}
	space, err := explore.ParameterSpace(sc, f.set.values, f.priors)
	if err != nil {
		return nil, explore.Space{}, nil, fmt.Errorf("%s: %w", path, err)
	}
	limit, err := parseSize(f.memory)
	if err != nil {
		return nil, explore.Space{}, nil, fmt.Errorf("-memory %q: %v: %w", f.memory, err, errUsage)
	}
	cfg := &explore.Config{Runs: f.runs, Seed: f.seed, Workers: f.workers, Exact: f.exact, MemoryLimit: limit}
	if f.outputs != "" {
		cfg.Outputs = namesList(f.outputs)
	}
	bar := newProgress(stderr, "experiments")
	cfg.Progress = bar.update
	return sc, space, cfg, nil
}

// design makes the named design.
func (f *exploreFlags) design(kind string, space explore.Space, casesPath string) (*explore.Design, error) {
	n := func(def int) int {
		if f.n == 0 {
			return def
		}
		return f.n
	}
	switch kind {
	case "lhs":
		return explore.LatinHypercube(space, n(100), f.seed)
	case "factorial":
		return explore.Factorial(space, f.levels)
	case "sobol":
		return explore.Saltelli(space, n(256), f.seed, !f.random)
	case "morris":
		return explore.Morris(space, n(20), f.levels, f.seed)
	case "cases":
		if casesPath == "" {
			return nil, fmt.Errorf("-design cases needs -cases FILE: %w", errUsage)
		}
		return readCases(casesPath, space)
	}
	return nil, fmt.Errorf("-design %q: want lhs, factorial, sobol, morris or cases: %w", kind, errUsage)
}

// readCases reads a CSV of named cases (explore.ReadCases).
func readCases(path string, space explore.Space) (*explore.Design, error) {
	file, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer file.Close()
	d, err := explore.ReadCases(bounded(file, 64<<20), space)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return d, nil
}

func cmdExplore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f exploreFlags
	var kind, format, cases string
	files, err := flags("explore", args, stdout, stderr, func(fs *flag.FlagSet) {
		f.define(fs)
		fs.StringVar(&kind, "design", "", "lhs, factorial, sobol, morris or cases (default lhs, or cases with -cases)")
		fs.StringVar(&cases, "cases", "", "a CSV of named cases (header: case, then parameter names); implies -design cases")
		fs.StringVar(&format, "format", "csv", "csv or jsonl")
	}, 1)
	if err != nil {
		return err
	}
	if format != "csv" && format != "jsonl" {
		return fmt.Errorf("-format %q: want csv or jsonl: %w", format, errUsage)
	}
	switch {
	case kind == "" && cases != "":
		kind = "cases"
	case kind == "":
		kind = "lhs"
	case cases != "" && kind != "cases":
		return fmt.Errorf("-cases with -design %s: the cases are a design of their own (-design cases): %w", kind, errUsage)
	}
	disk, err := f.files(files, cases)
	if err != nil {
		return err
	}
	sc, d, cfg, err := f.prepareDesign(ctx, files[0], stderr, kind, cases)
	if err != nil {
		return err
	}
	if f.shard != "" {
		return placeNotExact(files[0], runShardTable(ctx, &f, disk, sc, d, cfg, stdout))
	}
	table, err := explore.Run(ctx, sc, d, cfg)
	if err != nil && table == nil {
		return placeNotExact(files[0], err)
	}
	werr := disk.write(f.out, stdout, func(w io.Writer) error {
		if format == "jsonl" {
			return table.WriteJSONL(w)
		}
		return table.WriteCSV(w)
	})
	if err != nil {
		return err
	}
	return werr
}

func cmdSensitivity(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var f exploreFlags
	var method, format, plotPath string
	var fromTables bool
	files, err := flags("sensitivity", args, stdout, stderr, func(fs *flag.FlagSet) {
		f.define(fs)
		fs.BoolVar(&fromTables, "tables", false, "compute the indices from the shards' tables given after FILE (parley sensitivity -shard), with the same flags, instead of running")
		fs.StringVar(&method, "method", "sobol", "sobol or morris")
		fs.StringVar(&plotPath, "plot", "", "also draw the first output's indices (Sobol) or mu* against sigma (Morris) to this .png, .svg or .pdf")
		fs.StringVar(&format, "format", "table", "table or json")
	}, -1)
	if err != nil {
		return err
	}
	if len(files) > 1 && !fromTables {
		return fmt.Errorf("sensitivity needs 1 file, got %d (with -tables: the file, then the shards' tables): %w", len(files), errUsage)
	}
	if method != "sobol" && method != "morris" {
		return fmt.Errorf("-method %q: want sobol or morris: %w", method, errUsage)
	}
	if format != "table" && format != "json" {
		return fmt.Errorf("-format %q: want table or json: %w", format, errUsage)
	}
	if err := checkPlotPath(plotPath); err != nil {
		return err
	}
	disk, err := f.files(files)
	if err != nil {
		return err
	}
	disk.out("-plot", plotPath)
	if err := disk.check(); err != nil {
		return err
	}
	sc, d, cfg, err := f.prepareDesign(ctx, files[0], stderr, method, "")
	if err != nil {
		return err
	}
	if f.shard != "" {
		return runShardTable(ctx, &f, disk, sc, d, cfg, stdout)
	}
	var table *explore.Table
	if fromTables {
		table, err = mergeTableFiles(files[1:])
		if err != nil {
			return err
		}
		if err := sameDesign(d, table); err != nil {
			return err
		}
		// The tables' identity holds the scenario's fingerprint: tables
		// run on another version of the file do not pass for this one's.
		if want := explore.TableIdentity(sc, d, cfg); table.Identity != want {
			return fmt.Errorf("%w: the tables are not of this exploration of %s (identity %.12s, want %.12s): another version of the file, other -set values or other flags", outcomes.ErrShards, files[0], table.Identity, want)
		}
	} else if table, err = explore.Run(ctx, sc, d, cfg); err != nil {
		return placeNotExact(files[0], err)
	}
	report, err := sensitivity(d, table, f.seed)
	if err != nil {
		return err
	}
	if plotPath != "" && len(report.Outputs) > 0 {
		o := report.Outputs[0]
		var p *plot.Plot
		if o.Morris != nil {
			p, err = plots.Morris(o.Output, o.Morris)
		} else {
			p, err = plots.Sobol(o.Output, &explore.SobolResult{Indices: o.Sobol, Variance: o.Variance, NoiseShare: o.NoiseShare, Flat: o.Flat}, 20)
		}
		if err != nil {
			return err
		}
		if err := savePlot(p, plotPath, disk); err != nil {
			return err
		}
	}
	return disk.write(f.out, stdout, func(w io.Writer) error {
		if format == "json" {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(report)
		}
		return report.writeText(w, d, table)
	})
}

// sensitivityReport is what sensitivity prints, per output.
type sensitivityReport struct {
	Scenario string                `json:"scenario,omitempty"`
	Method   string                `json:"method"`
	Runs     int                   `json:"runs"`
	Seed     uint64                `json:"seed"`
	Points   int                   `json:"experiments"`
	Outputs  []sensitivityOfOutput `json:"outputs"`
}

type sensitivityOfOutput struct {
	Output     string                 `json:"output"`
	Variance   float64                `json:"variance"`
	NoiseShare float64                `json:"noise_share"`
	Flat       bool                   `json:"flat,omitempty"`
	Sobol      []explore.SobolIndex   `json:"sobol,omitempty"`
	Morris     []explore.MorrisEffect `json:"morris,omitempty"`
}

func sensitivity(d *explore.Design, table *explore.Table, seed uint64) (*sensitivityReport, error) {
	rep := &sensitivityReport{Method: string(d.Kind), Runs: table.Runs, Seed: seed, Points: d.Len()}
	for _, key := range table.Outputs {
		y, noise, err := table.Column(key)
		if err != nil {
			return nil, err
		}
		out := sensitivityOfOutput{Output: key}
		if d.Kind == explore.KindSaltelli {
			res, err := explore.Sobol(d, y, &explore.SobolOptions{Noise: noise, Seed: seed})
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			out.Variance, out.NoiseShare, out.Flat = res.Variance, res.NoiseShare, res.Flat
			if !res.Flat {
				out.Sobol = res.Sorted()
			}
		} else {
			effects, err := explore.MorrisEffects(d, y)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", key, err)
			}
			sortMorris(effects)
			out.Morris = effects
		}
		rep.Outputs = append(rep.Outputs, out)
	}
	return rep, nil
}

func sortMorris(es []explore.MorrisEffect) {
	for i := 1; i < len(es); i++ {
		for j := i; j > 0 && es[j].MuStar > es[j-1].MuStar; j-- {
			es[j], es[j-1] = es[j-1], es[j]
		}
	}
}

func (r *sensitivityReport) writeText(w io.Writer, d *explore.Design, table *explore.Table) error {
	how := fmt.Sprintf("of %d runs each", table.Runs)
	if table.Exact {
		how = "computed exactly"
	}
	params := "parameters"
	if d.Space.Dim() == 1 {
		params = "parameter"
	}
	fmt.Fprintf(w, "%s design: %d experiments %s, seed %d; %d %s varied (%s)\n",
		d.Kind, d.Len(), how, r.Seed, d.Space.Dim(), params, strings.Join(d.Space.Names, ", "))
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, o := range r.Outputs {
		switch {
		case o.Flat:
			fmt.Fprintf(tw, "\n%s barely varies over the design (variance %.3g, %.0f%% of it noise): no indices\n", o.Output, o.Variance, 100*o.NoiseShare)
		case o.Sobol != nil:
			fmt.Fprintf(tw, "\n%s: variance %.3g over the design, %.1f%% of it Monte Carlo noise\n", o.Output, o.Variance, 100*o.NoiseShare)
			fmt.Fprintln(tw, "parameter\tS1\t95% interval\tST\t95% interval")
			for _, ix := range o.Sobol {
				note := ""
				if ix.Inert {
					note = "\tinert: no effect found"
				}
				fmt.Fprintf(tw, "%s\t%.3f\t[%.3f, %.3f]\t%.3f\t[%.3f, %.3f]%s\n", ix.Name, ix.S1, ix.S1Lo, ix.S1Hi, ix.ST, ix.STLo, ix.STHi, note)
			}
		default:
			fmt.Fprintf(tw, "\n%s: elementary effects over the whole range of each parameter\n", o.Output)
			fmt.Fprintln(tw, "parameter\tmu*\tmu\tsigma")
			for _, e := range o.Morris {
				fmt.Fprintf(tw, "%s\t%.4f\t%+.4f\t%.4f\n", e.Name, e.MuStar, e.Mu, e.Sigma)
			}
		}
	}
	return tw.Flush()
}

func cmdDiscover(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var output, out, plotPath string
	var above, below, alpha, minMass, maxQP float64
	var box int
	files, err := flags("discover", args, stdout, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&output, "output", "", "the output key whose value makes a case of interest")
		fs.Float64Var(&above, "above", math.NaN(), "cases of interest: the output above this")
		fs.Float64Var(&below, "below", math.NaN(), "cases of interest: the output below this")
		fs.Float64Var(&alpha, "alpha", 0.05, "share of the box's cases each peel removes")
		fs.Float64Var(&minMass, "min-mass", 0.05, "smallest share of all cases a box may hold")
		fs.IntVar(&box, "box", 0, "choose this box of the peeling trajectory (0: the one with the largest coverage × density, pasted)")
		fs.Float64Var(&maxQP, "p", 0.05, "drop restrictions whose quasi-p-value is above this, the least significant first (1 keeps them all)")
		fs.StringVar(&out, "o", "", "write to this file instead of standard output")
		fs.StringVar(&plotPath, "plot", "", "also draw the coverage-density trade-off to this .png, .svg or .pdf")
	}, 1)
	if err != nil {
		return err
	}
	if err := checkPlotPath(plotPath); err != nil {
		return err
	}
	for _, f := range []struct {
		name string
		x    float64
	}{{"above", above}, {"below", below}} {
		if math.IsInf(f.x, 0) || math.IsNaN(f.x) && gave(args, f.name) {
			return fmt.Errorf("-%s %v: want a number: %w", f.name, f.x, errUsage)
		}
	}
	if output == "" || math.IsNaN(above) == math.IsNaN(below) {
		return fmt.Errorf("discover needs -output KEY and one of -above X and -below X: %w", errUsage)
	}
	if !(maxQP > 0 && maxQP <= 1) {
		return fmt.Errorf("-p %v: want a quasi-p-value threshold in (0, 1]: %w", maxQP, errUsage)
	}
	if !(alpha > 0 && alpha < 0.5) || !(minMass > 0 && minMass < 1) {
		return fmt.Errorf("-alpha %v -min-mass %v: want 0 < alpha < 0.5 and 0 < min mass < 1: %w", alpha, minMass, errUsage)
	}
	if box < 0 {
		return fmt.Errorf("-box %d: boxes are numbered from 0: %w", box, errUsage)
	}
	disk := &ioFiles{}
	disk.in(files...)
	disk.out("-o", out)
	disk.out("-plot", plotPath)
	if err := disk.check(); err != nil {
		return err
	}
	file, err := os.Open(files[0])
	if err != nil {
		return err
	}
	table, err := explore.ReadTable(bounded(file, 1<<30))
	file.Close()
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	y, _, err := table.Column(output)
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	for e, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return fmt.Errorf("%s: experiment %d: %s is %v: cases of interest need a number in every experiment (choose another output)", files[0], e, output, v)
		}
	}
	interesting := make([]bool, len(y))
	for i, v := range y {
		interesting[i] = !math.IsNaN(above) && v > above || !math.IsNaN(below) && v < below
	}
	res, err := explore.PRIM(table.Inputs, table.X, interesting, &explore.PRIMOptions{Alpha: alpha, MinMass: minMass, Box: box, MaxQP: maxQP})
	if err != nil {
		return fmt.Errorf("%s: %w", files[0], err)
	}
	if plotPath != "" {
		p, err := plots.Tradeoff(res)
		if err != nil {
			return err
		}
		if err := savePlot(p, plotPath, disk); err != nil {
			return err
		}
	}
	cond := fmt.Sprintf("%s > %g", output, above)
	if !math.IsNaN(below) {
		cond = fmt.Sprintf("%s < %g", output, below)
	}
	return disk.write(out, stdout, func(w io.Writer) error { return writeDiscovery(w, cond, res, maxQP) })
}

func writeDiscovery(w io.Writer, cond string, res *explore.PRIMResult, maxQP float64) error {
	fmt.Fprintf(w, "cases of interest: %s, %d of %d\n\n", cond, res.Interesting, res.Total)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "box\tcoverage\tdensity\tmass\trestricted")
	for i, b := range res.Trajectory {
		mark := ""
		if i == res.Chosen {
			mark = "  <- chosen"
		}
		n := 0
		for _, r := range b.Restricted {
			if r {
				n++
			}
		}
		fmt.Fprintf(tw, "%d\t%.3f\t%.3f\t%.3f\t%d%s\n", i, b.Coverage, b.Density, b.Mass, n, mark)
	}
	b0, b := res.Trajectory[res.Chosen], res.Box()
	fmt.Fprintf(tw, "\nchosen box %d: coverage %.3f, density %.3f, mass %.3f (%d cases, %d of interest)\n", res.Chosen, b0.Coverage, b0.Density, b0.Mass, b0.Cases, b0.Hits)
	restrictions := func(b explore.PRIMBox) {
		fmt.Fprintln(tw, "parameter\tfrom\tto\tquasi-p")
		for j, name := range res.Inputs {
			if b.Restricted[j] {
				fmt.Fprintf(tw, "%s\t%.4g\t%.4g\t%.2g\n", name, b.Lo[j], b.Hi[j], b.QP[j])
			}
		}
	}
	restrictions(b0)
	if len(res.Dropped) == 0 {
		fmt.Fprintf(tw, "\nevery restriction's quasi-p-value is at most %g: none dropped\n", maxQP)
		return tw.Flush()
	}
	fmt.Fprintf(tw, "\ndropped as noise (quasi-p-value above %g, the least significant first): %s\n", maxQP, strings.Join(res.Dropped, ", "))
	fmt.Fprintf(tw, "after dropping: coverage %.3f, density %.3f, mass %.3f (%d cases, %d of interest)\n", b.Coverage, b.Density, b.Mass, b.Cases, b.Hits)
	restrictions(b)
	return tw.Flush()
}

// mergeTableFiles reads the shards' tables and merges them.
func mergeTableFiles(paths []string) (*explore.Table, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("-tables: give the shards' tables after the scenario file: %w", errUsage)
	}
	var tables []*explore.Table
	for _, p := range paths {
		r, err := os.Open(p)
		if err != nil {
			return nil, err
		}
		t, err := explore.ReadTable(bounded(r, 1<<30))
		r.Close()
		if err != nil {
			return nil, fmt.Errorf("%s: %w", p, err)
		}
		tables = append(tables, t)
	}
	return explore.MergeTables(tables, paths)
}

// sameDesign checks that a merged table ran the design the flags make.
func sameDesign(d *explore.Design, t *explore.Table) error {
	if t.Kind != d.Kind || len(t.X) != d.Len() {
		return fmt.Errorf("the tables ran a %s design of %d experiments, the flags make a %s design of %d: give the flags the shards ran with", t.Kind, len(t.X), d.Kind, d.Len())
	}
	for e := range t.X {
		for i := range t.X[e] {
			if math.Float64bits(t.X[e][i]) != math.Float64bits(d.X[e][i]) {
				return fmt.Errorf("experiment %d of the tables is not the design's: give the flags (-n, -seed, -levels, -random, -priors, -set) the shards ran with", e)
			}
		}
	}
	return nil
}

// placeNotExact places, in the scenario file at path, the reasons exact
// analysis does not apply, as parley exact does; other errors pass.
func placeNotExact(path string, err error) error {
	if errors.Is(err, outcomes.ErrNotExact) {
		return scenariofile.Place(path, err)
	}
	return err
}

// gave reports whether the arguments give the flag name (as -name or
// --name, with or without =value).
func gave(args []string, name string) bool {
	for _, a := range args {
		a = strings.TrimLeft(a, "-")
		if a == name || strings.HasPrefix(a, name+"=") {
			return true
		}
	}
	return false
}
