package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strings"
	"text/tabwriter"
	"time"

	"gonum.org/v1/plot"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/outcomes/plots"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

const usage = `parley runs negotiation scenario files.

Usage:

	parley run FILE [-runs N] [-seed S] [-workers W] [-precision H] [-format table|json|csv] [-o PATH]
	parley validate FILE
	parley exact FILE [-format table|json|csv] [-o PATH]
	parley graph FILE [-result R.json] [-o PATH]
	parley compare A.yaml B.yaml [-runs N] [-seed S] [-workers W] [-o PATH]
	parley plot FILE -o out.png|out.svg [-kind routes|reach|paths] [-runs N] [-seed S]
	parley version

Run "parley COMMAND -h" for a command's flags.
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
		err = cmdValidate(rest, stdout, stderr)
	case "exact":
		err = cmdExact(rest, stdout, stderr)
	case "graph":
		err = cmdGraph(rest, stdout, stderr)
	case "compare":
		err = cmdCompare(ctx, rest, stdout, stderr)
	case "plot":
		err = cmdPlot(ctx, rest, stdout, stderr)
	case "version":
		fmt.Fprintln(stdout, "parley", version(), runtime.Version())
	case "help", "-h", "-help", "--help":
		fmt.Fprint(stdout, usage)
	default:
		fmt.Fprintf(stderr, "parley: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
	switch {
	case err == nil:
		return 0
	case errors.Is(err, errUsage), errors.Is(err, flag.ErrHelp):
		if !errors.Is(err, flag.ErrHelp) && err.Error() != errUsage.Error() {
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

// flags parses a command's flags, which may come before or after its files.
func flags(name string, args []string, stderr io.Writer, define func(fs *flag.FlagSet), nFiles int) ([]string, error) {
	fs := flag.NewFlagSet("parley "+name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	define(fs)
	var files []string
	for {
		if err := fs.Parse(args); err != nil {
			return nil, fmt.Errorf("%w", errUsage)
		}
		args = fs.Args()
		if len(args) == 0 {
			break
		}
		files = append(files, args[0])
		args = args[1:]
	}
	if len(files) != nFiles {
		return nil, fmt.Errorf("%s needs %d file(s), got %d: %w", name, nFiles, len(files), errUsage)
	}
	return files, nil
}

// output opens -o PATH, or returns stdout.
func output(path string, stdout io.Writer) (io.Writer, func() error, error) {
	if path == "" || path == "-" {
		return stdout, func() error { return nil }, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, nil, err
	}
	return f, f.Close, nil
}

func cmdValidate(args []string, stdout, stderr io.Writer) error {
	files, err := flags("validate", args, stderr, func(*flag.FlagSet) {}, 1)
	if err != nil {
		return err
	}
	sc, err := scenariofile.Load(files[0])
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: scenario %q is valid: %d states, %d transitions, %d events, %d routes, %d claims\n",
		files[0], sc.Name(), sc.NumStates(), sc.NumTransitions(), sc.NumEvents(), len(sc.Routes()), len(sc.Claims()))
	return nil
}

type runFlags struct {
	runs      int
	seed      uint64
	workers   int
	precision float64
	format    string
	out       string
}

func (r *runFlags) define(fs *flag.FlagSet, withFormat bool) {
	fs.IntVar(&r.runs, "runs", 100_000, "number of runs (the first batch, with -precision)")
	fs.Uint64Var(&r.seed, "seed", 1, "random seed")
	fs.IntVar(&r.workers, "workers", 0, "worker goroutines (0: all cores); the result does not depend on it")
	fs.StringVar(&r.out, "o", "", "write to this file instead of standard output")
	if withFormat {
		fs.Float64Var(&r.precision, "precision", 0, "run until every interval's half-width is at most this")
		fs.StringVar(&r.format, "format", "table", "table, json or csv")
	}
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var rf runFlags
	files, err := flags("run", args, stderr, func(fs *flag.FlagSet) { rf.define(fs, true) }, 1)
	if err != nil {
		return err
	}
	if rf.format != "table" && rf.format != "json" && rf.format != "csv" {
		return fmt.Errorf("-format %q: want table, json or csv: %w", rf.format, errUsage)
	}
	sc, err := scenariofile.Load(files[0])
	if err != nil {
		return err
	}
	cfg := &outcomes.Config{Runs: rf.runs, Seed: rf.seed, Workers: rf.workers, Precision: rf.precision}
	bar := newProgress(stderr)
	cfg.Progress = bar.update
	res, err := outcomes.Run(ctx, sc, cfg)
	bar.done()
	if err != nil && res == nil {
		return err
	}
	w, closeOut, oerr := output(rf.out, stdout)
	if oerr != nil {
		return oerr
	}
	werr := writeResult(w, rf.format, files[0], res)
	if cerr := closeOut(); werr == nil {
		werr = cerr
	}
	if err != nil {
		return err // a cancelled run: the partial result is written, then the error
	}
	return werr
}

func writeResult(w io.Writer, format, file string, res *outcomes.Result) error {
	switch format {
	case "json":
		env := struct {
			Tool    string           `json:"tool"`
			Version string           `json:"version"`
			Go      string           `json:"go"`
			File    string           `json:"file"`
			Result  *outcomes.Result `json:"result"`
		}{"parley", version(), runtime.Version(), file, res}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(env)
	case "csv":
		return writeCSV(w, file, res)
	}
	return res.WriteText(w, nil)
}

// writeCSV writes comment lines giving the tool, versions, file and seed,
// then the Result in long form.
func writeCSV(w io.Writer, file string, res *outcomes.Result) error {
	fmt.Fprintf(w, "# parley %s %s\n# file %s\n# scenario %s, runs %d, seed %d, exact %v\n",
		version(), runtime.Version(), file, res.Scenario, res.Runs, res.Seed, res.Exact)
	return res.WriteCSV(w)
}

func cmdExact(args []string, stdout, stderr io.Writer) error {
	var format, out string
	files, err := flags("exact", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&format, "format", "table", "table, json or csv")
		fs.StringVar(&out, "o", "", "write to this file instead of standard output")
	}, 1)
	if err != nil {
		return err
	}
	if format != "table" && format != "json" && format != "csv" {
		return fmt.Errorf("-format %q: want table, json or csv: %w", format, errUsage)
	}
	sc, err := scenariofile.Load(files[0])
	if err != nil {
		return err
	}
	res, err := outcomes.Exact(sc, &outcomes.ExactConfig{AllStates: true})
	if err != nil {
		return fmt.Errorf("%s: exact analysis does not apply: %w", files[0], err)
	}
	w, closeOut, err := output(out, stdout)
	if err != nil {
		return err
	}
	err = writeResult(w, format, files[0], res)
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}

func cmdGraph(args []string, stdout, stderr io.Writer) error {
	var resultPath, out string
	files, err := flags("graph", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&resultPath, "result", "", "annotate with the probabilities of a Result written by parley run -format json")
		fs.StringVar(&out, "o", "", "write to this file instead of standard output")
	}, 1)
	if err != nil {
		return err
	}
	sc, err := scenariofile.Load(files[0])
	if err != nil {
		return err
	}
	var stateNote func(scenario.State) string
	var transitionNote func(int) string
	if resultPath != "" {
		res, err := readResult(resultPath)
		if err != nil {
			return err
		}
		if res.Scenario != sc.Name() {
			return fmt.Errorf("%s is a result of %q, not of %q", resultPath, res.Scenario, sc.Name())
		}
		stateNote = func(s scenario.State) string {
			if st, ok := res.State(sc.StateName(s)); ok {
				return fmt.Sprintf("reached %.3f", st.Reached.P)
			}
			return ""
		}
		transitionNote = func(i int) string {
			for _, t := range res.Transitions {
				if t.Name == sc.TransitionName(i) {
					return fmt.Sprintf("fired %.3f", t.Fired.P)
				}
			}
			return ""
		}
	}
	w, closeOut, err := output(out, stdout)
	if err != nil {
		return err
	}
	err = sc.WriteDOTNotes(w, stateNote, transitionNote)
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}

// readResult reads a Result written by parley run -format json, or a bare
// Result written by Result.WriteJSON.
func readResult(path string) (*outcomes.Result, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var env struct {
		Result *outcomes.Result `json:"result"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if env.Result != nil {
		return env.Result, nil
	}
	var res outcomes.Result
	if err := json.Unmarshal(data, &res); err != nil || res.Scenario == "" {
		return nil, fmt.Errorf("%s: not a parley result", path)
	}
	return &res, nil
}

func cmdCompare(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var rf runFlags
	files, err := flags("compare", args, stderr, func(fs *flag.FlagSet) { rf.define(fs, false) }, 2)
	if err != nil {
		return err
	}
	var res [2]*outcomes.Result
	for i, f := range files {
		sc, err := scenariofile.Load(f)
		if err != nil {
			return err
		}
		if res[i], err = outcomes.Run(ctx, sc, &outcomes.Config{Runs: rf.runs, Seed: rf.seed, Workers: rf.workers}); err != nil {
			return err
		}
	}
	w, closeOut, err := output(rf.out, stdout)
	if err != nil {
		return err
	}
	err = compare(w, files, res[0], res[1])
	if cerr := closeOut(); err == nil {
		err = cerr
	}
	return err
}

// compare writes the quantities both results have, side by side, with the
// difference B - A and its interval.
func compare(w io.Writer, files []string, a, b *outcomes.Result) error {
	fmt.Fprintf(w, "A: %s (%s)\nB: %s (%s)\n%d runs each, seed %d, %g%% intervals; difference B - A (Newcombe)\n\n",
		files[0], a.Scenario, files[1], b.Scenario, a.Runs, a.Seed, 100*a.Confidence)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "quantity\tA\tB\tB - A\tinterval")
	row := func(name string, x, y outcomes.Estimate) {
		if x.N == 0 || y.N == 0 {
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
	for _, d := range a.Declines {
		if g, ok := b.Decline(d.Meeting, d.Actor); ok {
			row("declined "+d.Meeting+" by "+d.Actor, d.Share, g)
		}
	}
	return tw.Flush()
}

// progress draws a progress bar on a terminal once a run has taken more
// than a moment; elsewhere it draws nothing.
type progress struct {
	w       io.Writer
	tty     bool
	start   time.Time
	drawn   bool
	lastPct int
}

func newProgress(w io.Writer) *progress {
	p := &progress{w: w, start: time.Now(), lastPct: -1}
	if f, ok := w.(*os.File); ok {
		if fi, err := f.Stat(); err == nil && fi.Mode()&os.ModeCharDevice != 0 {
			p.tty = true
		}
	}
	return p
}

func (p *progress) update(done, total int) {
	if !p.tty || time.Since(p.start) < 500*time.Millisecond || total <= 0 {
		return
	}
	pct := 100 * done / total
	if pct == p.lastPct {
		return
	}
	p.lastPct, p.drawn = pct, true
	const width = 40
	fill := width * done / total
	fmt.Fprintf(p.w, "\r[%s%s] %3d%% %d/%d runs", strings.Repeat("#", fill), strings.Repeat(".", width-fill), pct, done, total)
}

func (p *progress) done() {
	if p.drawn {
		fmt.Fprint(p.w, "\r\033[K")
	}
}

func cmdPlot(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var rf runFlags
	var kind string
	files, err := flags("plot", args, stderr, func(fs *flag.FlagSet) {
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
	sc, err := scenariofile.Load(files[0])
	if err != nil {
		return err
	}
	res, err := outcomes.Run(ctx, sc, &outcomes.Config{Runs: rf.runs, Seed: rf.seed, Workers: rf.workers})
	if err != nil {
		return err
	}
	p, err := draw(res)
	if err != nil {
		return err
	}
	if err := plots.Save(p, rf.out); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "wrote %s\n", rf.out)
	return nil
}
