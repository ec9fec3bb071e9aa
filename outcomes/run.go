package outcomes

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"sync"
	"sync/atomic"

	"github.com/parleysim/parley/scenario"
)

// Run runs the scenario cfg.Runs times and returns what the runs show.
//
// The runs are split into blocks of BlockSize consecutive runs that workers
// take in turn. Run i draws from its own stream, derived by hashing cfg.Seed
// with i, so a run's course does not depend on which worker made it; counts
// are integers, summed in any order, and paths are merged block by block in
// block order. The Result is therefore the same, bit for bit, for any
// cfg.Workers.
//
// If ctx is cancelled, Run stops after the blocks in progress and returns the
// Result of the runs finished, with Partial set, together with ctx's error.
func Run(ctx context.Context, sc *scenario.Scenario, cfg *Config) (*Result, error) {
	if sc == nil {
		return nil, fmt.Errorf("%w: nil scenario", ErrConfig)
	}
	s, err := cfg.settle(sc)
	if err != nil {
		return nil, err
	}
	if err := checkSelectors(sc, s.PrecisionFor); err != nil {
		return nil, err
	}
	ev, err := evidence(sc, s)
	if err != nil {
		return nil, err
	}
	e := &engine{sc: sc, s: s, ev: ev, g: newGridBins(s.horizon, s.ReportDays, sc.NumStates()+2*len(sc.Routes()), s.QuantileBins)}
	most := s.Runs
	if s.Precision > 0 || ev != nil {
		most = max(most, s.MaxRuns)
	}
	workers := min(s.Workers, max(1, (most+BlockSize-1)/BlockSize))
	if err := checkMemory(sc, &s.want, e.g, workers, s.MemoryLimit); err != nil {
		return nil, err
	}
	e.tallies = make([]*tally, workers)
	for w := range e.tallies {
		e.tallies[w] = e.newTally()
	}
	e.m = &merger{paths: newPathTally(s.PathCapacity), pending: map[int]*blockPaths{}, progress: s.Progress}
	if ev != nil {
		return e.runGiven(ctx)
	}

	if s.Precision == 0 {
		e.m.total = s.Runs
		e.runRange(ctx, 0, s.Runs)
		return e.result(ctx, s.Runs)
	}
	// Precision-targeted: batches doubling, up to MaxRuns.
	return e.runBatches(ctx, func(res *Result, done int) (int, error) {
		name, hw := res.widest(s.PrecisionFor)
		res.MonteCarlo.Precision = &PrecisionReport{Target: s.Precision, Met: hw <= s.Precision, Widest: name, HalfWidth: hw}
		if res.MonteCarlo.Precision.Met {
			return 0, nil
		}
		return min(2*done, s.MaxRuns), nil
	})
}

// runBatches runs batches of whole blocks, Runs (rounded up) first, until
// after, given the Result so far and the runs done, returns no more runs
// than done, or MaxRuns are made. Batch sizes depend only on the Results,
// never on the workers, so the answer is the same for any number of them.
func (e *engine) runBatches(ctx context.Context, after func(res *Result, done int) (next int, err error)) (*Result, error) {
	target := min(roundUp(e.s.Runs, BlockSize), e.s.MaxRuns)
	done := 0
	for {
		e.m.total = target
		e.runRange(ctx, done, target)
		done = target
		res, err := e.result(ctx, target)
		if err != nil {
			return res, err
		}
		next, err := after(res, done)
		if err != nil || next <= done || done >= e.s.MaxRuns {
			return res, err
		}
		target = min(next, e.s.MaxRuns)
	}
}

func roundUp(n, m int) int { return (n + m - 1) / m * m }

// checkMemory refuses a run whose tallies and Result would not fit the
// limit: the series of the states and routes w records.
func checkMemory(sc *scenario.Scenario, w *wanted, g grid, workers int, limit int64) error {
	days := len(g.days())
	need := footprint(g, days, marked(w.states), marked(w.routes), workers)
	if need <= float64(limit) {
		return nil
	}
	return fmt.Errorf("%w: the tallies and Result of %q (%d states, %d routes, %d report days, %d workers) need about %s, over the limit of %s: raise Config.MemoryLimit (parley: -memory), or lower Config.ReportDays (-report-days) or Workers (-workers)",
		ErrMemory, sc.Name(), sc.NumStates(), len(sc.Routes()), days, workers, bytesText(need), bytesText(float64(limit)))
}

// bytesText writes a size in binary units.
func bytesText(b float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"}
	i := 0
	for ; b >= 1024 && i < len(units)-1; i++ {
		b /= 1024
	}
	return fmt.Sprintf("%.3g %s", b, units[i])
}

// engine runs a scenario in blocks, keeping its tallies across batches.
type engine struct {
	sc      *scenario.Scenario
	s       settings
	g       grid
	tallies []*tally // one per worker
	m       *merger
	ev      *scenario.Evidence // Config.Given, or nil
}

func (e *engine) newTally() *tally {
	t := newTally(e.sc, e.g, &e.s.want)
	if e.ev != nil {
		t.held = make([]int64, e.ev.Len())
	}
	return t
}

// runRange runs runs [from, to); from must be a multiple of BlockSize.
func (e *engine) runRange(ctx context.Context, from, to int) {
	first, blocks := from/BlockSize, (to+BlockSize-1)/BlockSize
	var (
		nextBlock atomic.Int64
		wg        sync.WaitGroup
	)
	nextBlock.Store(int64(first))
	for w := range min(len(e.tallies), max(blocks-first, 1)) {
		wg.Add(1)
		go func(t *tally) {
			defer wg.Done()
			opts := scenario.RunOptions{Horizon: e.s.horizon, MaxSteps: e.s.MaxSteps, DrawParameters: e.s.DrawParameters}
			if e.ev != nil {
				opts.Snapshots = e.ev.Snapshots()
			}
			runner := e.sc.NewRunner(opts)
			paths := e.s.want.paths
			key := splitmix(e.s.Seed)
			var src rand.PCG
			rng := rand.New(&src)
			for ctx.Err() == nil {
				b := int(nextBlock.Add(1) - 1)
				if b >= blocks {
					return
				}
				bp := e.m.get()
				bp.reset(b)
				for i := b * BlockSize; i < min((b+1)*BlockSize, to); i++ {
					src.Seed(runSeeds(key, uint64(i)))
					tr := runner.Run(rng)
					if e.ev != nil && !t.judge(e.ev, tr) {
						continue
					}
					t.record(tr)
					if paths {
						bp.add(tr.Steps, tr.PathKey())
					} else {
						bp.unrecorded()
					}
				}
				e.m.submit(bp)
			}
		}(e.tallies[w])
	}
	wg.Wait()
	e.m.flush()
}

// result sums the workers' tallies into a Result; asked is the number of
// runs asked for so far, to tell a cancelled run.
func (e *engine) result(ctx context.Context, asked int) (*Result, error) {
	total := e.newTally()
	for _, t := range e.tallies {
		total.merge(t)
	}
	res := newResult(e.sc, e.s, e.g, total, e.m.paths)
	made := total.runs
	if e.ev != nil {
		res.Given = conditioning(e.sc, e.ev, total, zScore(e.s.Confidence))
		made = total.made
	}
	if err := ctx.Err(); err != nil && int(made) < asked {
		res.MonteCarlo.Partial = true
		return res, fmt.Errorf("outcomes: run of %q stopped after %d of %d runs: %w", e.sc.Name(), made, asked, err)
	}
	return res, nil
}

// runSeeds derives run i's PCG seed with SplitMix64 from key, the run
// seed's own mix (splitmix(seed), made once per run of many), so that
// neighbouring runs and neighbouring seeds get unrelated streams.
func runSeeds(key, i uint64) (uint64, uint64) {
	a := splitmix(key ^ i)
	return a, splitmix(a ^ 0x6a09e667f3bcc909)
}

func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// Replay reruns run i of a Run with the given seed and options and returns its
// trace: the way to look at one run that a Result counted.
func Replay(sc *scenario.Scenario, seed uint64, i int, opts scenario.RunOptions) (*scenario.Trace, error) {
	if sc == nil {
		return nil, errors.New("outcomes: Replay: nil scenario")
	}
	if i < 0 {
		return nil, fmt.Errorf("outcomes: Replay: run index %d < 0", i)
	}
	var src rand.PCG
	src.Seed(runSeeds(splitmix(seed), uint64(i)))
	return sc.NewRunner(opts).Run(rand.New(&src)).Clone(), nil
}

// merger merges the blocks' paths in block order. The worker that finishes
// a block merges it, and any blocks it was holding up, under the lock: no
// goroutine hand-off per block.
type merger struct {
	mu       sync.Mutex
	paths    *pathTally
	pending  map[int]*blockPaths
	free     []*blockPaths
	next     int // the block to merge next
	done     int // runs merged
	progress func(done, total int)
	total    int
}

// get returns a reset-ready block tally, reusing a merged one.
func (m *merger) get() *blockPaths {
	m.mu.Lock()
	defer m.mu.Unlock()
	if n := len(m.free); n > 0 {
		bp := m.free[n-1]
		m.free = m.free[:n-1]
		return bp
	}
	return newBlockPaths()
}

func (m *merger) submit(bp *blockPaths) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.pending[bp.index] = bp
	m.mergeReady()
}

func (m *merger) mergeReady() {
	for bp, ok := m.pending[m.next]; ok; bp, ok = m.pending[m.next] {
		delete(m.pending, m.next)
		m.paths.merge(bp)
		m.done += bp.runs
		m.next++
		m.free = append(m.free, bp)
		if m.progress != nil {
			m.progress(m.done, m.total)
		}
	}
}

// flush merges what a cancellation left after a gap: those blocks are
// finished runs too, merged in order.
func (m *merger) flush() {
	m.mu.Lock()
	defer m.mu.Unlock()
	for len(m.pending) > 0 {
		for _, ok := m.pending[m.next]; !ok; _, ok = m.pending[m.next] {
			m.next++
		}
		m.mergeReady()
	}
}
