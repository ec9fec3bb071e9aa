package explore

import (
	"context"
	"fmt"
	"math"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// Config sets up Run. The zero value (or nil) is valid: every field has a
// default, given in its comment.
type Config struct {
	// Runs is the number of runs of each experiment; 0 means 1,000.
	Runs int
	// Seed selects the run streams, the same in every experiment (common
	// random numbers): run i of each experiment draws what run i of the
	// others draws.
	Seed uint64
	// Workers is the number of goroutines; 0 means GOMAXPROCS. The Table
	// does not depend on it.
	Workers int
	// Outputs are the keys of the outputs to record (see Output); nil means
	// every claim, every final state and every route's completion.
	Outputs []string
	// Exact computes each experiment exactly (outcomes.Exact) instead of by
	// runs: the scenario must be Markovian, and the outputs carry no noise.
	Exact bool
	// ReportDays and MaxSteps are passed to each experiment's run.
	ReportDays, MaxSteps int
	// Progress, if set, is called after each experiment with the
	// experiments done and the total; calls do not overlap.
	Progress func(done, total int)
	// Shard and Shards, when Shards > 0, run only shard Shard of Shards:
	// the experiments [Shard·n/Shards, (Shard+1)·n/Shards) of the n of
	// the design, the others left not done (MergeTables joins the shards).
	Shard, Shards int
	// MemoryLimit bounds the table's outputs, in bytes (TableBytes); 0
	// means 4 GiB. A larger table is refused before any experiment runs.
	MemoryLimit int64
}

// TableBytes is the memory a table of points with outputs takes: each
// output's value and standard error per point.
func TableBytes(points, outputs int) float64 {
	return float64(points) * (float64(16*float64(outputs)) + 2*24 + 1)
}

// settle is cfg with its defaults filled in, as Run uses it.
func settle(sc *scenario.Scenario, cfg *Config) Config {
	var c Config
	if cfg != nil {
		c = *cfg
	}
	if c.Runs == 0 {
		c.Runs = 1000
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	if c.Outputs == nil {
		c.Outputs = DefaultOutputs(sc)
	}
	if c.ReportDays == 0 && !c.Exact && !needsDays(c.Outputs) {
		// No output reads a day between 0 and the horizon: the coarsest
		// report grid gives the same outputs, and tallies least.
		c.ReportDays = 2
	}
	return c
}

// Run runs the scenario at every point of the design: each experiment
// binds the point's parameter values (Scenario.With) and runs the
// scenario, and the Table records the outputs with their standard errors.
// The space's inputs must be parameters of the scenario. If ctx is
// cancelled, Run stops after the experiments in progress and returns the
// Table of those finished, Partial set, with ctx's error.
func Run(ctx context.Context, sc *scenario.Scenario, d *Design, cfg *Config) (*Table, error) {
	c := settle(sc, cfg)
	if c.Runs < 1 {
		return nil, fmt.Errorf("explore: %d runs per experiment", c.Runs)
	}
	for _, name := range d.Space.Names {
		if _, ok := sc.Param(name); !ok {
			return nil, fmt.Errorf("explore: %q is not a parameter of %q", name, sc.Name())
		}
	}
	limit := c.MemoryLimit
	if limit <= 0 {
		limit = 4 << 30
	}
	if b := TableBytes(d.Len(), len(c.Outputs)); b > float64(limit) {
		return nil, fmt.Errorf("%w: the table of %d experiments with %d outputs would take about %s, over the limit of %s: ask for fewer points or outputs, or raise Config.MemoryLimit (parley: -memory)",
			ErrSize, d.Len(), len(c.Outputs), gib(b), gib(float64(limit)))
	}
	n := d.Len()
	first, end := 0, n
	if c.Shards > 0 || c.Shard != 0 {
		if c.Shards < 1 || c.Shards > outcomes.MaxShards || c.Shard < 0 || c.Shard >= c.Shards {
			return nil, fmt.Errorf("explore: shard %d of %d: want 0 <= shard < shards <= %d", c.Shard, c.Shards, outcomes.MaxShards)
		}
		first, end = shardRows(n, c.Shard, c.Shards)
	}
	t := newTable(sc, d, c)
	if end == first {
		return t, nil
	}
	// Experiments are the unit of work; with fewer experiments than
	// workers, each experiment's runs are spread over the rest.
	count := end - first
	inner := max(1, c.Workers/count)
	var (
		next, done atomic.Int64
		mu         sync.Mutex
		firstErr   error
		wg         sync.WaitGroup
	)
	fail := func(err error) {
		mu.Lock()
		if firstErr == nil {
			firstErr = err
		}
		mu.Unlock()
	}
	next.Store(int64(first))
	for range min(c.Workers, count) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			// One engine per worker, its tallies reused from one
			// experiment to the next.
			var rep *outcomes.Repeat
			if !c.Exact {
				var err error
				rep, err = outcomes.NewRepeat(sc, &outcomes.Config{Runs: c.Runs, Seed: c.Seed, Workers: inner,
					ReportDays: c.ReportDays, MaxSteps: c.MaxSteps, QuantileBins: 64, Outputs: recorded(c.Outputs)})
				if err != nil {
					fail(fmt.Errorf("explore: %w", err))
					return
				}
			}
			for {
				e := int(next.Add(1) - 1)
				if e >= end || ctx.Err() != nil {
					return
				}
				mu.Lock()
				stop := firstErr != nil
				mu.Unlock()
				if stop {
					return
				}
				if err := t.run(ctx, sc, e, rep); err != nil {
					if ctx.Err() == nil {
						fail(err)
					}
					return
				}
				k := done.Add(1)
				if c.Progress != nil {
					mu.Lock()
					c.Progress(int(k), count)
					mu.Unlock()
				}
			}
		}()
	}
	wg.Wait()
	if firstErr != nil {
		return nil, firstErr
	}
	if err := ctx.Err(); err != nil {
		t.Partial = true
		return t, err
	}
	return t, nil
}

// run runs experiment e into its row of the table.
func (t *Table) run(ctx context.Context, sc *scenario.Scenario, e int, rep *outcomes.Repeat) error {
	values := map[string]float64{}
	for i, name := range t.Inputs {
		values[name] = t.X[e][i]
	}
	bound, err := sc.With(values)
	if err != nil {
		return fmt.Errorf("explore: experiment %d: %w", e, err)
	}
	var res *outcomes.Result
	if t.Exact {
		res, err = outcomes.Exact(ctx, bound, &outcomes.ExactConfig{ReportDays: t.ReportDays, Outputs: recorded(t.Outputs)})
	} else {
		res, err = rep.Run(ctx, bound)
	}
	if err != nil {
		return fmt.Errorf("explore: experiment %d: %w", e, err)
	}
	y, se := make([]float64, len(t.Outputs)), make([]float64, len(t.Outputs))
	for o, key := range t.Outputs {
		if y[o], se[o], err = Output(res, key); err != nil {
			return fmt.Errorf("explore: experiment %d: %w", e, err)
		}
	}
	t.Y[e], t.SE[e], t.Done[e] = y, se, true
	return nil
}

// recorded are the outputs the runs (or the exact analysis) of an
// experiment record for its outputs: each as it is, a mean agreed value by
// the meetings' record.
func recorded(outputs []string) []string {
	out := make([]string, 0, len(outputs))
	for _, k := range outputs {
		if strings.HasPrefix(k, "agreed:") {
			k = "no_agreement"
		}
		out = append(out, k)
	}
	return out
}

// DefaultOutputs are the keys of every claim, every final state (open
// included) and every route's completion by the horizon.
func DefaultOutputs(sc *scenario.Scenario) []string {
	var out []string
	for _, c := range sc.Claims() {
		out = append(out, "claim:"+c.Name)
	}
	for s := range sc.NumStates() {
		if sc.Absorbing(scenario.State(s)) {
			out = append(out, "final:"+sc.StateName(scenario.State(s)))
		}
	}
	out = append(out, "final:open")
	for _, r := range sc.Routes() {
		out = append(out, "route:"+r.Name)
	}
	return out
}

// Output returns the value of a Result under key, and its standard error:
// a probability under any outcomes.Result.Estimate key (its binomial
// standard error; 0 for an exact Result), or a mean agreed value with the
// standard error of that mean (NaN when nothing was agreed): of one
// meeting, agreed:<meeting>/<issue>/mean, or of every meeting with the
// issue on its agenda, agreed:<issue>/mean.
func Output(r *outcomes.Result, key string) (value, se float64, err error) {
	if rest, ok := strings.CutPrefix(key, "agreed:"); ok {
		path, stat, _ := strings.Cut(rest, "/mean")
		if stat != "" || !strings.HasSuffix(rest, "/mean") {
			return 0, 0, fmt.Errorf("key %q: want agreed:<issue>/mean or agreed:<meeting>/<issue>/mean", key)
		}
		meeting, issue, ok := strings.Cut(path, "/")
		if !ok {
			return issueMean(r, key, path)
		}
		a, found := r.Agreement(meeting, issue)
		if !found {
			return 0, 0, fmt.Errorf("key %q: no meeting %q agreeing on %q in %q", key, meeting, issue, r.Scenario)
		}
		if a.Mean == nil {
			return math.NaN(), math.NaN(), nil
		}
		held := float64(a.Held) - float64(a.NoAgreement.Hits)
		if a.SD != nil && held > 0 {
			se = *a.SD / math.Sqrt(held)
		}
		return *a.Mean, se, nil
	}
	e, err := r.Estimate(key)
	if err != nil {
		return 0, 0, err
	}
	if e.N > 0 {
		se = math.Sqrt(e.P * (1 - e.P) / float64(e.N))
	}
	return e.P, se, nil
}

// needsDays reports whether an output reads a per-day series at a day
// other than the horizon (a key with @day).
func needsDays(outputs []string) bool {
	for _, k := range outputs {
		if strings.Contains(k, "@") {
			return true
		}
	}
	return false
}

// issueMean is the mean value agreed on an issue over every meeting that
// agreed on it, each agreement counting once.
func issueMean(r *outcomes.Result, key, issue string) (float64, float64, error) {
	if r.MonteCarlo == nil {
		return 0, 0, fmt.Errorf("key %q: exact analysis tallies no agreements: run experiments by Monte Carlo", key)
	}
	var n, sum, sumSq float64
	found := false
	for _, a := range r.MonteCarlo.Agreements {
		if a.Issue != issue {
			continue
		}
		found = true
		if a.Mean == nil {
			continue
		}
		k := float64(a.Held) - float64(a.NoAgreement.Hits)
		sd := 0.0
		if a.SD != nil {
			sd = *a.SD
		}
		n += k
		sum += float64(k * *a.Mean)
		// Sum of squares from each meeting's mean and sd (n-1 weighting).
		sumSq += float64((k-1)*sd*sd) + float64(k**a.Mean**a.Mean)
	}
	if !found {
		return 0, 0, fmt.Errorf("key %q: no meeting agrees on %q in %q", key, issue, r.Scenario)
	}
	if n == 0 {
		return math.NaN(), math.NaN(), nil
	}
	mean := sum / n
	se := 0.0
	if n > 1 {
		se = math.Sqrt(max(sumSq-float64(n*mean*mean), 0)/(n-1)) / math.Sqrt(n)
	}
	return mean, se, nil
}
