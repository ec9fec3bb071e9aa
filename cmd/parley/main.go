package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/parleysim/parley/problem"
	"io"
	"maps"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"text/tabwriter"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/parleysim/parley/cmd/parley/plots"
	"github.com/parleysim/parley/cmd/parley/report"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

const usage = `parley runs negotiation scenario files.

Usage:

	parley run FILE [-set name=value]... [-draw] [-runs N] [-seed S] [-workers W] [-precision H] [-outputs K,...]
	           [-given OBS.yaml] [-from NOW.yaml] [-max-runs M] [-score OUTCOMES.yaml]
	           [-format table|json|csv] [-o PATH] [-report-days N] [-memory SIZE]
	parley run FILE -shard i/n|auto|auto/n [-set ...] [-draw] [-runs N] [-seed S] -o shard-i.json
	parley merge SHARD.json... [-format table|json|csv] [-o PATH] [-scenario FILE]
	parley validate FILE
	parley params FILE [-set name=value]... [-format table|json] [-o PATH]
	parley exact FILE [-set name=value]... [-outputs K,...] [-given OBS.yaml] [-from NOW.yaml] [-format table|json|csv] [-o PATH]
	           [-report-days N] [-memory SIZE]
	parley graph FILE [-set name=value]... [-result R.json] [-format dot|svg|png] [-o PATH]
	parley compare A.yaml B.yaml [-set name=value]... [-a name=value]... [-b name=value]... [-draw] [-all]
	           [-runs N] [-seed S] [-workers W] [-o PATH]
	parley plot FILE -o out.png|out.svg [-set name=value]... [-draw] [-kind routes|reach|paths] [-runs N] [-seed S]
	parley explore FILE [-design lhs|factorial|sobol|morris|cases] [-n N] [-runs R] [-outputs K,...]
	           [-set name=value]... [-priors] [-exact] [-format csv|jsonl] [-o experiments.csv]
	parley sensitivity FILE [-method sobol|morris] [-n N] [-runs R] [-outputs K,...] [-set name=value]...
	parley discover experiments.csv -output KEY (-above X | -below X) [-alpha A] [-min-mass M]
	parley report FILE [-set name=value]... [-draw] [-runs N] [-seed S] [-given OBS.yaml] [-exact] [-track JOURNAL.yaml]
	           [-sensitivity [-n N] [-runs-each R]] [-discover KEY>X] [-title TEXT] -o report.html
	parley backtest CASEBOOK-DIR [-runs N] [-seed S] [-bins B] [-format table|json] [-plot reliability.png] [-o PATH]
	parley calibrate FILE -given OBS.yaml [-method rejection|smc] [-n N] [-runs R] [-set ...] [-o posterior.csv]
	parley calibrate CASEBOOK-DIR [-shared NAME,...] [-pooling partial|complete] [-method rejection|smc] [-n N] [-runs R]
	parley calibrate FILE|CASEBOOK-DIR ... -shard i/n -o shard-{shard}.json, then ... -merge SHARD.json...
	parley score RESULT.json... OUTCOMES.yaml [-format table|json] [-bins B] [-plot reliability.png] [-o PATH]
	parley track FILE JOURNAL.yaml [-outcomes OUTCOMES.yaml] [-every 7d] [-format table|csv|json] [-plot track.png] [-o PATH]
	parley version

-set binds a parameter the file declares, for this command only; -draw
makes each run draw the parameters that have priors.

Run "parley COMMAND -h" for a command's flags.

Exit status: 0 done, 1 an error (a bad file, or runs that ended in faults:
the result is written first), 2 a usage error, 130 interrupted (a run
writes its partial result first).
`

// errUsage marks errors that are the caller's misuse: exit status 2.
var errUsage = errors.New("usage")

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	os.Exit(run(ctx, os.Args[1:], os.Stdout, os.Stderr))
}

// run executes one command and returns the exit status.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return 2
	}
	var err error
	switch cmd, rest := args[0], args[1:]; cmd {
	case "run":
		err = cmdRun(ctx, rest, stdout, stderr)
	case "validate":
		err = cmdValidate(ctx, rest, stdout, stderr)
	case "params":
		err = cmdParams(ctx, rest, stdout, stderr)
	case "explore":
		err = cmdExplore(ctx, rest, stdout, stderr)
	case "sensitivity":
		err = cmdSensitivity(ctx, rest, stdout, stderr)
	case "discover":
		err = cmdDiscover(ctx, rest, stdout, stderr)
	case "score":
		err = cmdScore(ctx, rest, stdout, stderr)
	case "track":
		err = cmdTrack(ctx, rest, stdout, stderr)
	case "exact":
		err = cmdExact(ctx, rest, stdout, stderr)
	case "graph":
		err = cmdGraph(ctx, rest, stdout, stderr)
	case "compare":
		err = cmdCompare(ctx, rest, stdout, stderr)
	case "merge":
		err = cmdMerge(ctx, rest, stdout, stderr)
	case "plot":
		err = cmdPlot(ctx, rest, stdout, stderr)
	case "report":
		err = cmdReport(ctx, rest, stdout, stderr)
	case "backtest":
		err = cmdBacktest(ctx, rest, stdout, stderr)
	case "calibrate":
		err = cmdCalibrate(ctx, rest, stdout, stderr)
	case "version":
		line := "parley " + version()
		if rev := revision(); rev != "" {
			line += " " + rev
		}
		fmt.Fprintln(stdout, line, runtime.Version())
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "parley: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case ctx.Err() != nil && errors.Is(err, ctx.Err()):
		fmt.Fprintln(stderr, "parley: interrupted:", err)
		return 130
	case errors.Is(err, flag.ErrHelp):
		return 0 // the help asked for is printed
	case errors.Is(err, errUsage):
		if err.Error() != errUsage.Error() {
			fmt.Fprintln(stderr, "parley:", strings.TrimSuffix(err.Error(), ": "+errUsage.Error()))
		}
		return 2
	}
	fmt.Fprintln(stderr, "parley:", err)
	return 1
}

// version returns the module version parley was built from.
func version() string {
	if bi, ok := debug.ReadBuildInfo(); ok && bi.Main.Version != "" {
		return bi.Main.Version
	}
	return "(devel)"
}

// revision returns the VCS revision parley was built from, with "+dirty"
// when the tree had changes; "" when the build recorded none.
func revision() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	var rev, modified string
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			modified = s.Value
		}
	}
	if rev != "" && modified == "true" {
		rev += "+dirty"
	}
	return rev
}

// fileHash returns the SHA-256 of a file, in hex, so that a result names
// exactly what it was run on; "" when the file cannot be read again.
func fileHash(path string) string {
	if path == stdinName {
		data, err := readStdin()
		if err != nil {
			return ""
		}
		sum := sha256.Sum256(data)
		return hex.EncodeToString(sum[:])
	}
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	h := sha256.New()
	if _, err := io.Copy(h, io.LimitReader(f, 1<<30)); err != nil {
		return ""
	}
	return hex.EncodeToString(h.Sum(nil))
}

// stdinName is the file name that stands for standard input.
const stdinName = "-"

// stdin holds standard input once read: a command may read its scenario
// more than once (to load it, to hash it, to carry it in a shard).
var stdin struct {
	once sync.Once
	data []byte
	err  error
}

// readStdin reads standard input whole, once, within the file size limit.
func readStdin() ([]byte, error) {
	stdin.once.Do(func() {
		limit := int64(scenariofile.DefaultLimits.FileSize)
		if limit <= 0 {
			limit = 64 << 20
		}
		stdin.data, stdin.err = io.ReadAll(io.LimitReader(os.Stdin, limit+1))
		if stdin.err == nil && int64(len(stdin.data)) > limit {
			stdin.data, stdin.err = nil, fmt.Errorf("standard input: more than %d bytes, the most a scenario file may have", limit)
		}
	})
	return stdin.data, stdin.err
}

// readFile reads a scenario file whole, or standard input for "-".
func readFile(path string) ([]byte, error) {
	if path == stdinName {
		return readStdin()
	}
	return os.ReadFile(path)
}

// flags parses a command's flags, which may come before or after its
// files: nFiles of them, or at least -nFiles when negative.
//
// -h (or -help) prints the command's flags on stdout and returns
// flag.ErrHelp: the command does nothing else and exits 0.
func flags(name string, args []string, stdout, stderr io.Writer, define func(fs *flag.FlagSet), nFiles int) ([]string, error) {
	fs := flag.NewFlagSet("parley "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	define(fs)
	help := false
	fs.Usage = func() {
		if !help {
			// A mistyped flag: the error above says which; the whole list
			// would bury it.
			fmt.Fprintf(fs.Output(), "(parley %s -h lists its flags)\n", name)
			return
		}
		fmt.Fprintf(fs.Output(), "Usage of parley %s (see parley -h for the files it takes):\n", name)
		fs.PrintDefaults()
	}
	for _, a := range args {
		if a == "--" {
			break
		}
		if a == "-h" || a == "-help" || a == "--help" || a == "--h" {
			fs.SetOutput(stdout) // asked for: the help is the output
			help = true
			break
		}
	}
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			if errors.Is(err, flag.ErrHelp) {
				return nil, flag.ErrHelp
			}
			return nil, fmt.Errorf("%w", errUsage)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		files = append(files, args[0])
		args = args[1:]
	}
	switch {
	case nFiles < 0 && len(files) < -nFiles:
		return nil, fmt.Errorf("%s needs at least %d files, got %d: %w", name, -nFiles, len(files), errUsage)
	case nFiles >= 0 && len(files) != nFiles:
		return nil, fmt.Errorf("%s needs %d file(s), got %d: %w", name, nFiles, len(files), errUsage)
	}
	return files, nil
}

// load reads a scenario file, stopping early if ctx is cancelled.
func load(ctx context.Context, path string) (*scenario.Scenario, error) {
	sc, _, err := check(ctx, path)
	return sc, err
}

// check reads a scenario file with its warnings, and returns at once with
// ctx's error when ctx is cancelled: parsing a large file cannot be stopped
// halfway, but the command need not wait for it.
func check(ctx context.Context, path string) (*scenario.Scenario, []problem.Problem, error) {
	if err := ctx.Err(); err != nil {
		return nil, nil, err
	}
	type checked struct {
		sc       *scenario.Scenario
		warnings []problem.Problem
		err      error
	}
	done := make(chan checked, 1)
	go func() {
		if path == stdinName {
			data, err := readStdin()
			if err != nil {
				done <- checked{err: err}
				return
			}
			sc, ws, err := scenariofile.CheckData("stdin", data)
			done <- checked{sc, ws, err}
			return
		}
		sc, ws, err := scenariofile.Check(path)
		done <- checked{sc, ws, err}
	}()
	select {
	case c := <-done:
		return c.sc, c.warnings, c.err
	case <-ctx.Done():
		return nil, nil, ctx.Err()
	}
}

func cmdValidate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	files, err := flags("validate", args, stdout, stderr, func(*flag.FlagSet) {}, 1)
	if err != nil {
		return err
	}
	sc, warnings, err := check(ctx, files[0])
	if err != nil {
		return err
	}
	for _, w := range warnings {
		fmt.Fprintln(stderr, "warning:", w)
	}
	fmt.Fprintf(stdout, "%s: scenario %q is valid: %d states, %d transitions, %d events, %d routes, %d claims\n",
		files[0], sc.Name(), sc.NumStates(), sc.NumTransitions(), sc.NumEvents(), len(sc.Routes()), len(sc.Claims()))
	// What each delay means in days, so that a misread parameterisation
	// (a gamma's rate taken for its scale) shows.
	tw := tabwriter.NewWriter(stdout, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\ntransition\tdelay\tmean days\t90% of delays")
	for i := range sc.NumTransitions() {
		d := sc.TransitionDelay(scenario.Transition(i))
		span, mean := "exactly", fmt.Sprintf("%.3g", d.Mean)
		switch {
		case math.IsNaN(d.Mean) && strings.HasPrefix(d.Text, "on day "):
			span, mean = "on that day, or at once when entered after it", "-"
		case math.IsNaN(d.Mean):
			span, mean = "read from the world as the run goes", "-"
		case math.IsInf(d.Mean, 1):
			span = "never: the rate is 0"
		case d.Lo != d.Hi:
			span = fmt.Sprintf("%.3g to %.3g", d.Lo, d.Hi)
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", sc.TransitionName(scenario.Transition(i)), d.Text, mean, span)
	}
	// Which rule decides for each participant of each meeting: the
	// party's own, or one given for that meeting alone.
	header := false
	for _, m := range sc.Meetings() {
		if !m.Held {
			continue
		}
		if !header {
			fmt.Fprintln(tw, "\nmeeting\tparticipant\taccepts by")
			header = true
		}
		name := m.Name
		for k, a := range m.Parties {
			text := "always (no rule)"
			switch r := m.Rules[k].(type) {
			case nil:
			case fmt.Stringer:
				text = r.String()
			default:
				text = "a Go function"
			}
			if m.Own[k] {
				text += " (this meeting's own rule)"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\n", name, sc.Actors().Actor(a).ID, text)
			name = ""
		}
	}
	return tw.Flush()
}

type runFlags struct {
	runs       int
	seed       uint64
	workers    int
	precision  float64
	format     string
	out        string
	reportDays int
	memory     string
	set        setFlag
	draw       bool
	score      string // an outcomes file to score the result against (run)
	shard      string // -shard i/n, auto or auto/n
	given      string // an observations file to condition on
	from       string // a now file: runs go on from it
	maxRuns    int
	outputs    string // -outputs: what the runs record (run)
}

func (r *runFlags) define(fs *flag.FlagSet, withFormat bool) {
	fs.IntVar(&r.runs, "runs", 100_000, "number of runs, at least 1 (the first batch, with -precision)")
	fs.Uint64Var(&r.seed, "seed", 1, "random seed")
	fs.IntVar(&r.workers, "workers", 0, "worker goroutines (0: all cores); the result does not depend on it")
	fs.StringVar(&r.out, "o", "", "write to this file instead of standard output")
	r.set.define(fs, "set", "bind a parameter, name=value (repeatable)")
	fs.BoolVar(&r.draw, "draw", false, "each run draws its own value of every parameter with a prior")
	fs.StringVar(&r.given, "given", "", "condition on what has been observed, an observations file: -runs then counts the runs consistent with it")
	fs.StringVar(&r.from, "from", "", "run from where the negotiation stands now, a now file (the state, its path so far, events, variables)")
	fs.IntVar(&r.maxRuns, "max-runs", 0, "the most runs made with -given or -precision (0: 10,000,000)")
	if withFormat {
		fs.StringVar(&r.score, "score", "", "also score the result against an outcomes file (table and json formats)")
		fs.StringVar(&r.shard, "shard", "", "run one shard of the runs and write a shard file for parley merge: i/n (i from 0 to n-1), auto (from SLURM_ARRAY_TASK_ID and _COUNT) or auto/n (from SLURM_ARRAY_TASK_ID, JOB_COMPLETION_INDEX or AWS_BATCH_JOB_ARRAY_INDEX); {shard} in -o is the index")
		fs.Float64Var(&r.precision, "precision", 0, "run until every interval's half-width is at most this")
		fs.StringVar(&r.outputs, "outputs", "", "record only these outputs, comma-separated keys as Result.Estimate takes them (final, claim:NAME, state:NAME[@DAY], route:NAME[@DAY[:STATUS]], event:NAME, fired, decline, no_agreement, paths, end_day; a kind alone for all of it): faster runs of fewer numbers (default: everything)")
		fs.StringVar(&r.format, "format", "table", "table, json or csv")
	}
	limitFlags(fs, &r.reportDays, &r.memory)
	progressFlag(fs)
}

// limitFlags defines the flags that raise or lower the report grid and
// the memory limit.
func limitFlags(fs *flag.FlagSet, reportDays *int, memory *string) {
	fs.IntVar(reportDays, "report-days", outcomes.DefaultReportDays, "most days in the per-day series (whole days up to this many, then a coarser grid)")
	fs.StringVar(memory, "memory", "4GiB", "most memory for tallies and results (bytes, or with KiB, MiB, GiB, TiB)")
}

// config checks the run flags and turns them into an outcomes.Config.
func (r *runFlags) config() (*outcomes.Config, error) {
	if r.runs < 1 || r.runs > outcomes.MaxRunsLimit {
		return nil, fmt.Errorf("-runs %d: want a whole number from 1 to %d: %w", r.runs, outcomes.MaxRunsLimit, errUsage)
	}
	if r.workers < 0 {
		return nil, fmt.Errorf("-workers %d: want 0 (all cores) or more: %w", r.workers, errUsage)
	}
	if math.IsNaN(r.precision) || r.precision < 0 || r.precision >= 0.5 {
		return nil, fmt.Errorf("-precision %v: want a half-width in (0, 0.5), or 0 for none: %w", r.precision, errUsage)
	}
	if r.maxRuns < 0 || r.maxRuns > outcomes.MaxRunsLimit || (r.maxRuns > 0 && r.maxRuns < r.runs) {
		return nil, fmt.Errorf("-max-runs %d: want 0 (10,000,000), or from -runs (%d) to %d: %w", r.maxRuns, r.runs, outcomes.MaxRunsLimit, errUsage)
	}
	if r.given != "" && r.precision > 0 {
		return nil, fmt.Errorf("-given and -precision together: with -given, ask for the consistent runs wanted with -runs: %w", errUsage)
	}
	limit, err := limits(r.reportDays, r.memory)
	if err != nil {
		return nil, err
	}
	outputs, err := outputsList(r.outputs)
	if err != nil {
		return nil, err
	}
	return &outcomes.Config{Runs: r.runs, Seed: r.seed, Workers: r.workers, Precision: r.precision, MaxRuns: r.maxRuns,
		ReportDays: r.reportDays, MemoryLimit: limit, DrawParameters: r.draw, Outputs: outputs}, nil
}

// outputsUsage gives the library's refusal of Config.Outputs (or
// ExactConfig.Outputs) as the usage error it is, in the flag's words.
func outputsUsage(err error) error {
	const prefix = "outcomes: invalid config: Outputs: "
	if msg, ok := strings.CutPrefix(fmt.Sprint(err), prefix); ok && errors.Is(err, outcomes.ErrConfig) {
		return fmt.Errorf("-outputs: %s: %w", msg, errUsage)
	}
	return err
}

// outputsList reads -outputs: nil (everything) when not given.
func outputsList(flagValue string) ([]string, error) {
	if flagValue == "" {
		return nil, nil
	}
	outputs := namesList(flagValue)
	if len(outputs) == 0 {
		return nil, fmt.Errorf("-outputs %q names no output: %w", flagValue, errUsage)
	}
	return outputs, nil
}

// observe loads the -from file into the scenario and the -given file
// against it into cfg.
func (r *runFlags) observe(sc *scenario.Scenario, cfg *outcomes.Config) (*scenario.Scenario, error) {
	if r.from != "" {
		var err error
		if sc, err = scenariofile.LoadNow(r.from, sc); err != nil {
			return nil, err
		}
	}
	if r.given == "" {
		return sc, nil
	}
	obs, err := scenariofile.LoadObservations(r.given, sc)
	cfg.Given = obs
	return sc, err
}

// files returns what a run command reads (its files, -given, -from,
// -score) and writes (-o), for the command to add its other outputs to.
func (r *runFlags) files(files []string) *ioFiles {
	f := &ioFiles{}
	f.in(files...)
	f.in(r.given, r.from, r.score, r.set.priors)
	f.out("-o", r.out)
	return f
}

// prepare checks the run flags and the files read and written, then loads
// the scenario file: what run, plot and report do before running.
func (r *runFlags) prepare(ctx context.Context, files []string, disk *ioFiles) (*scenario.Scenario, *outcomes.Config, error) {
	cfg, err := r.config()
	if err != nil {
		return nil, nil, err
	}
	if err := disk.check(); err != nil {
		return nil, nil, err
	}
	sc, err := loadSet(ctx, files[0], &r.set)
	if err != nil {
		return nil, nil, err
	}
	sc, err = r.observe(sc, cfg)
	return sc, cfg, err
}

// limits checks -report-days and reads -memory.
func limits(reportDays int, memory string) (int64, error) {
	if reportDays < 2 || reportDays > 1<<26 {
		return 0, fmt.Errorf("-report-days %d: want 2 to %d: %w", reportDays, 1<<26, errUsage)
	}
	limit, err := parseSize(memory)
	if err != nil {
		return 0, fmt.Errorf("-memory %q: %v: %w", memory, err, errUsage)
	}
	return limit, nil
}

// parseSize reads a size such as 4GiB, 512MiB or 1000000 (bytes).
func parseSize(s string) (int64, error) {
	units := []struct {
		suffix string
		shift  uint
	}{{"TiB", 40}, {"GiB", 30}, {"MiB", 20}, {"KiB", 10}, {"B", 0}, {"", 0}}
	for _, u := range units {
		num, ok := strings.CutSuffix(s, u.suffix)
		if !ok {
			continue
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(num), 64)
		if err != nil || !(x >= 1) {
			return 0, errors.New("want a positive size such as 4GiB, 512MiB or 1000000")
		}
		b := x * float64(uint64(1)<<u.shift)
		if b >= 1<<62 {
			return 0, errors.New("too large")
		}
		return int64(b), nil
	}
	return 0, errors.New("want a size such as 4GiB")
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var rf runFlags
	files, err := flags("run", args, stdout, stderr, func(fs *flag.FlagSet) { rf.define(fs, true) }, 1)
	if err != nil {
		return err
	}
	if rf.format != "table" && rf.format != "json" && rf.format != "csv" {
		return fmt.Errorf("-format %q: want table, json or csv: %w", rf.format, errUsage)
	}
	if rf.shard != "" {
		return runShard(ctx, &rf, files, stdout, stderr)
	}
	var happened []scenario.Statement
	if rf.score != "" {
		if rf.format == "csv" {
			return fmt.Errorf("-score: use -format table or json: %w", errUsage)
		}
		if err := rf.files(files).check(); err != nil {
			return err
		}
		if happened, err = scenariofile.LoadOutcomes(rf.score); err != nil {
			return err
		}
	}
	disk := rf.files(files)
	sc, cfg, err := rf.prepare(ctx, files, disk)
	if err != nil {
		return err
	}
	if happened != nil && cfg.Outputs != nil && !slices.Contains(cfg.Outputs, "everything") {
		// What -score reads must be recorded: say so before the runs.
		probe := &outcomes.Result{Scenario: sc.Name(), Outputs: cfg.Outputs}
		for _, h := range happened {
			if _, err := probe.Forecast(h); errors.Is(err, outcomes.ErrNotRecorded) {
				return fmt.Errorf("-score %s: %v: add it to -outputs: %w", rf.score, err, errUsage)
			}
		}
	}
	bar := newProgress(stderr, "runs")
	cfg.Progress = bar.update
	res, err := outcomes.Run(ctx, sc, cfg)
	bar.done()
	if err != nil && (res == nil || errors.Is(err, outcomes.ErrEvidence)) {
		return outputsUsage(err) // refused, or too few consistent runs: nothing worth printing
	}
	var score *outcomes.Score
	if happened != nil && err == nil {
		if score, err = outcomes.ScoreForecasts([]*outcomes.Result{res}, happened, 10); err != nil {
			return fmt.Errorf("%s: %w", rf.score, err)
		}
	}
	werr := disk.write(rf.out, stdout, func(w io.Writer) error {
		if score != nil && rf.format == "json" {
			return writeResultScored(w, files[0], res, score)
		}
		if err := writeResult(w, rf.format, files[0], res); err != nil {
			return err
		}
		if score != nil {
			fmt.Fprintf(w, "\nScored against %s\n", rf.score)
			return writeScore(w, "table", score)
		}
		return nil
	})
	switch {
	case err != nil:
		return err // a cancelled run: the partial result is written, then the error
	case werr != nil:
		return werr
	}
	return faultError(res)
}

// faultError reports runs that ended in faults, definition errors found at
// run time: the result has been written, and the command fails.
func faultError(res *outcomes.Result) error {
	if res.MonteCarlo == nil || len(res.MonteCarlo.Faults) == 0 {
		return nil
	}
	var parts []string
	for _, f := range res.MonteCarlo.Faults {
		parts = append(parts, fmt.Sprintf("transition %s: %d of %d runs (%.1f%%)", f.Transition, f.Runs, res.MonteCarlo.Runs, 100*float64(f.Runs)/float64(res.MonteCarlo.Runs)))
	}
	return fmt.Errorf("runs ended in faults (branch weights, or a rate, delay or day read from the world, unusable: negative, not finite, or all zero): %s", strings.Join(parts, "; "))
}

func writeResult(w io.Writer, format, file string, res *outcomes.Result) error {
	return writeResultOf(w, format, file, fileHash(file), res)
}

// writeResultOf is writeResult for a file whose hash is known (a merge of
// shards that carry it).
func writeResultOf(w io.Writer, format, file, hash string, res *outcomes.Result) error {
	switch format {
	case "json":
		env := struct {
			Tool       string             `json:"tool"`
			Version    string             `json:"version"`
			Revision   string             `json:"revision,omitempty"`
			Go         string             `json:"go"`
			File       string             `json:"file"`
			SHA256     string             `json:"sha256,omitempty"`
			Parameters map[string]float64 `json:"parameters"`
			Result     *outcomes.Result   `json:"result"`
		}{"parley", version(), revision(), runtime.Version(), file, hash, res.Parameters, res}
		if env.Parameters == nil {
			env.Parameters = map[string]float64{}
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(env)
	case "csv":
		return writeCSV(w, file, hash, res)
	}
	return res.WriteText(w, nil)
}

// writeCSV writes comment lines giving the tool, versions, file and seed,
// then the Result in long form.
func writeCSV(w io.Writer, file, hash string, res *outcomes.Result) error {
	v := version()
	if rev := revision(); rev != "" {
		v += " " + rev
	}
	var runs int64
	var seed uint64
	if mc := res.MonteCarlo; mc != nil {
		runs, seed = mc.Runs, mc.Seed
	}
	fmt.Fprintf(w, "# parley %s %s\n# file %s sha256 %s\n# scenario %s, runs %d, seed %d, exact %v\n",
		v, runtime.Version(), file, hash, res.Scenario, runs, seed, res.Exact != nil)
	if len(res.Parameters) > 0 {
		fmt.Fprintf(w, "# parameters%s\n", strings.TrimPrefix(paramsText(res), " with"))
	}
	if res.From > 0 {
		fmt.Fprintf(w, "# from day %g\n", res.From)
	}
	if res.Outputs != nil {
		fmt.Fprintf(w, "# outputs %s\n", strings.Join(res.Outputs, ","))
	}
	return res.WriteCSV(w)
}

func cmdExact(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var format, out, memory, given, from, keys string
	var reportDays int
	var set setFlag
	files, err := flags("exact", args, stdout, stderr, func(fs *flag.FlagSet) {
		set.define(fs, "set", "bind a parameter, name=value (repeatable)")
		fs.StringVar(&keys, "outputs", "", "compute only these outputs, comma-separated keys as Result.Estimate takes them (final, claim:NAME, state:NAME[@DAY], route:NAME[@DAY[:STATUS]], event:NAME; a kind alone for all of it): on a large chain, -outputs final,claim reaches only the claims' states (default: everything)")
		fs.StringVar(&from, "from", "", "go on from where the negotiation stands now, a now file")
		fs.StringVar(&given, "given", "", "condition exactly on an observations file (states entered within windows, states on a day)")
		fs.StringVar(&format, "format", "table", "table, json or csv")
		fs.StringVar(&out, "o", "", "write to this file instead of standard output")
		limitFlags(fs, &reportDays, &memory)
		progressFlag(fs)
	}, 1)
	if err != nil {
		return err
	}
	if format != "table" && format != "json" && format != "csv" {
		return fmt.Errorf("-format %q: want table, json or csv: %w", format, errUsage)
	}
	limit, err := limits(reportDays, memory)
	if err != nil {
		return err
	}
	outputs, err := outputsList(keys)
	if err != nil {
		return err
	}
	if outputs == nil { // the command's tables: every state's reach among them
		outputs = []string{"everything"}
	}
	disk := &ioFiles{}
	disk.in(files...)
	disk.in(given, from, set.priors)
	disk.out("-o", out)
	if err := disk.check(); err != nil {
		return err
	}
	sc, err := loadSet(ctx, files[0], &set)
	if err != nil {
		return err
	}
	if from != "" {
		if sc, err = scenariofile.LoadNow(from, sc); err != nil {
			return err
		}
	}
	ecfg := &outcomes.ExactConfig{ReportDays: reportDays, MemoryLimit: limit, Outputs: outputs}
	if given != "" {
		if ecfg.Given, err = scenariofile.LoadObservations(given, sc); err != nil {
			return err
		}
	}
	bar := newProgress(stderr, "parts")
	ecfg.Progress = bar.update
	res, err := outcomes.Exact(ctx, sc, ecfg)
	bar.done()
	switch {
	case err != nil && ctx.Err() != nil:
		return err
	case errors.Is(err, outcomes.ErrNotExact):
		return scenariofile.Place(files[0], err)
	case err != nil:
		if usage := outputsUsage(err); usage != err {
			return usage // the flag's fault, not the file's
		}
		return fmt.Errorf("%s: %w", files[0], err)
	}
	return disk.write(out, stdout, func(w io.Writer) error { return writeResult(w, format, files[0], res) })
}

func cmdGraph(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var resultPath, out, format string
	var set setFlag
	files, err := flags("graph", args, stdout, stderr, func(fs *flag.FlagSet) {
		set.define(fs, "set", "bind a parameter, name=value (repeatable)")
		fs.StringVar(&resultPath, "result", "", "annotate with the probabilities of a Result written by parley run -format json")
		fs.StringVar(&format, "format", "dot", "dot (Graphviz's language), or svg or png drawn in-process (no Graphviz install needed)")
		fs.StringVar(&out, "o", "", "write to this file instead of standard output")
	}, 1)
	if err != nil {
		return err
	}
	if format != "dot" && format != "svg" && format != "png" {
		return fmt.Errorf("-format %q: want dot, svg or png: %w", format, errUsage)
	}
	if ext := strings.ToLower(filepath.Ext(out)); out != "" && out != "-" && (ext == ".svg" || ext == ".png" || ext == ".dot" || ext == ".gv") && ext != "."+format && !(format == "dot" && ext == ".gv") {
		return fmt.Errorf("-o %s with -format %s: the file's extension says another format: %w", out, format, errUsage)
	}
	if format == "png" && (out == "" || out == "-") {
		if f, ok := stdout.(*os.File); ok && isTerminal(f) {
			return fmt.Errorf("-format png: give -o graph.png, or redirect standard output, rather than write an image to a terminal: %w", errUsage)
		}
	}
	disk := &ioFiles{}
	disk.in(files...)
	disk.in(resultPath, set.priors)
	disk.out("-o", out)
	if err := disk.check(); err != nil {
		return err
	}
	sc, err := loadSet(ctx, files[0], &set)
	if err != nil {
		return err
	}
	var res *outcomes.Result
	if resultPath != "" {
		if res, err = readResult(resultPath); err != nil {
			return err
		}
		if res.Scenario != sc.Name() {
			return fmt.Errorf("%s is a result of %q, not of %q", resultPath, res.Scenario, sc.Name())
		}
	}
	dot := report.GraphDOT(sc, res)
	return disk.write(out, stdout, func(w io.Writer) error {
		if format == "dot" {
			_, err := w.Write(dot)
			return err
		}
		return report.RenderGraph(ctx, w, dot, report.Format(format))
	})
}

// readResult reads a Result written by parley run -format json, or a bare
// Result written by Result.WriteJSON.
// It is checked: a result edited or damaged is refused, naming the field.
func readResult(path string) (*outcomes.Result, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	res, err := outcomes.ReadResult(bounded(f, 1<<30))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return res, nil
}

func cmdCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var rf runFlags
	var setA, setB setFlag
	var all bool
	files, err := flags("compare", args, stdout, stderr, func(fs *flag.FlagSet) {
		rf.define(fs, false)
		fs.BoolVar(&all, "all", false, "show every row, also those equal within both intervals")
		setA.define(fs, "a", "bind a parameter of A only, name=value (repeatable)")
		setB.define(fs, "b", "bind a parameter of B only, name=value (repeatable)")
	}, 2)
	if err != nil {
		return err
	}
	cfg, err := rf.config()
	if err != nil {
		return err
	}
	disk := rf.files(files)
	if err := disk.check(); err != nil {
		return err
	}
	var res [2]*outcomes.Result
	for i, f := range files {
		only := setA.values
		if i == 1 {
			only = setB.values
		}
		sc, err := loadSet(ctx, f, &rf.set, only)
		if err != nil {
			return err
		}
		c := *cfg
		if sc, err = rf.observe(sc, &c); err != nil {
			return err
		}
		bar := newProgress(stderr, "runs of "+filepath.Base(f))
		c.Progress = bar.update
		res[i], err = outcomes.Run(ctx, sc, &c)
		bar.done()
		if err != nil {
			return fmt.Errorf("%s: %w", f, err)
		}
	}
	return disk.write(rf.out, stdout, func(w io.Writer) error { return compare(w, files, res[0], res[1], all) })
}

// compare writes the quantities both results have, side by side, with the
// difference B - A and its interval.
// Rows whose estimates each lie within the other's interval are hidden
// unless all is set; the table says how many.
func compare(w io.Writer, files []string, a, b *outcomes.Result, all bool) error {
	fmt.Fprintf(w, "A: %s (%s)%s\nB: %s (%s)%s\n",
		files[0], a.Scenario, paramsText(a), files[1], b.Scenario, paramsText(b))
	if a.Given != nil && b.Given != nil {
		lr := outcomes.LikelihoodRatio(b.Given.Likelihood, a.Given.Likelihood, a.Confidence)
		fmt.Fprintf(w, "given %s\nlikelihood of the observations: A %.4g [%.4g, %.4g] (%d of %d runs), B %.4g [%.4g, %.4g] (%d of %d runs)\nlikelihood ratio B/A %.4g [%.4g, %.4g]: %s\n",
			strings.Join(a.Given.Observations, "; "),
			a.Given.Likelihood.P, a.Given.Likelihood.Lo, a.Given.Likelihood.Hi, a.Given.Accepted, a.Given.Made,
			b.Given.Likelihood.P, b.Given.Likelihood.Lo, b.Given.Likelihood.Hi, b.Given.Accepted, b.Given.Made,
			lr.Ratio, lr.Lo, lr.Hi, lr.Verdict())
		fmt.Fprintf(w, "below, shares of the consistent runs: A %d, B %d, seed %d, %g%% intervals; difference B - A (Newcombe)\n\n", a.MonteCarlo.Runs, b.MonteCarlo.Runs, a.MonteCarlo.Seed, 100*a.Confidence)
	} else {
		fmt.Fprintf(w, "%d runs each, seed %d, %g%% intervals; difference B - A (Newcombe)\n\n", a.MonteCarlo.Runs, a.MonteCarlo.Seed, 100*a.Confidence)
	}
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "quantity\tA\tB\tB - A\tinterval")
	hidden := 0
	row := func(name string, x, y outcomes.Estimate) {
		if x.N == 0 || y.N == 0 {
			return
		}
		if !all && x.Contains(y.P) && y.Contains(x.P) {
			hidden++
			return
		}
		d := outcomes.Diff(y, x)
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%+.4f\t[%+.4f, %+.4f]\n", name, x.P, y.P, d.D, d.Lo, d.Hi)
	}
	for _, f := range a.Final {
		if g, ok := b.FinalState(f.Name); ok {
			row("final "+f.Name, f.Estimate, g)
		}
	}
	for _, c := range a.Claims {
		if g, ok := b.Claim(c.Name); ok {
			row("claim "+c.Name, c.Estimate, g)
		}
	}
	for _, r := range a.Routes {
		if g, ok := b.Route(r.Name); ok {
			row("route "+r.Name+" completed", r.Completed, g.Completed)
		}
	}
	for _, s := range a.States {
		if g, ok := b.State(s.Name); ok {
			row("reached "+s.Name, s.Reached, g.Reached)
		}
	}
	for _, d := range a.MonteCarlo.Declines {
		if g, ok := b.Decline(d.Meeting, d.Actor); ok {
			row("declined "+d.Meeting+" by "+d.Actor, d.Share, g)
		}
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	if hidden > 0 {
		_, err := fmt.Fprintf(w, "(%d more equal within both intervals; -all shows them)\n", hidden)
		return err
	}
	return nil
}

func cmdPlot(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var rf runFlags
	var kind string
	files, err := flags("plot", args, stdout, stderr, func(fs *flag.FlagSet) {
		rf.define(fs, false)
		fs.StringVar(&kind, "kind", "routes", "routes, reach or paths")
	}, 1)
	if err != nil {
		return err
	}
	if rf.out == "" {
		return fmt.Errorf("plot needs -o out.png or out.svg: %w", errUsage)
	}
	ext := strings.ToLower(filepath.Ext(rf.out))
	if ext != ".png" && ext != ".svg" && ext != ".pdf" {
		return fmt.Errorf("-o %q: want a .png, .svg or .pdf file: %w", rf.out, errUsage)
	}
	var draw func(*outcomes.Result) (*plot.Plot, error)
	switch kind {
	case "routes":
		draw = plots.Routes
	case "reach":
		draw = plots.Reach
	case "paths":
		draw = func(r *outcomes.Result) (*plot.Plot, error) { return plots.Paths(r, 10) }
	default:
		return fmt.Errorf("-kind %q: want routes, reach or paths: %w", kind, errUsage)
	}
	disk := rf.files(files)
	sc, cfg, err := rf.prepare(ctx, files, disk)
	if err != nil {
		return err
	}
	bar := newProgress(stderr, "runs")
	cfg.Progress = bar.update
	res, err := outcomes.Run(ctx, sc, cfg)
	bar.done()
	if err != nil {
		return err
	}
	p, err := draw(res)
	if err != nil {
		return err
	}
	wt, err := p.WriterTo(8*vg.Inch, 5*vg.Inch, strings.TrimPrefix(ext, "."))
	if err != nil {
		return err
	}
	if err := disk.write(rf.out, stdout, func(w io.Writer) error { _, err := wt.WriteTo(w); return err }); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", rf.out)
	return nil
}

// paramsText lists a Result's parameter values, for compare's header.
func paramsText(r *outcomes.Result) string {
	if len(r.Parameters) == 0 {
		return ""
	}
	drawn := map[string]bool{}
	if r.MonteCarlo != nil {
		for _, n := range r.MonteCarlo.DrawnParameters {
			drawn[n] = true
		}
	}
	var parts []string
	for _, n := range slices.Sorted(maps.Keys(r.Parameters)) {
		if drawn[n] {
			parts = append(parts, n+" drawn")
		} else {
			parts = append(parts, n+"="+g(r.Parameters[n]))
		}
	}
	return " with " + strings.Join(parts, ", ")
}
