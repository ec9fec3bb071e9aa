package outcomes

import (
	"context"
	"fmt"

	"github.com/parleysim/parley/internal/chain"
	"github.com/parleysim/parley/scenario"
)

// Repeat runs variants of one scenario (the scenario and what its With
// returns) one after another, reusing its tallies instead of allocating
// them for every Run: the cheap path for many experiments of a few
// thousand runs each. Each Run gives what Run would, bit for bit, for the
// same Config. A Repeat is not safe for concurrent use: give each
// goroutine its own.
type Repeat struct {
	e     *engine
	total *tally
	first *scenario.Scenario
	free  []*blockPaths // the merger's buffers, kept from one Run to the next
}

// NewRepeat prepares to run variants of sc with cfg, which must not ask
// for Precision.
func NewRepeat(sc *scenario.Scenario, cfg *Config) (*Repeat, error) {
	if sc == nil {
		return nil, fmt.Errorf("%w: nil scenario", ErrConfig)
	}
	s, err := cfg.settle(sc)
	if err != nil {
		return nil, err
	}
	if s.Precision > 0 {
		return nil, fmt.Errorf("%w: a Repeat runs a fixed number of runs; Precision is for Run", ErrConfig)
	}
	if err := checkSelectors(sc, s.PrecisionFor); err != nil {
		return nil, err
	}
	e := &engine{sc: sc, s: s, g: newGridBins(s.horizon, s.ReportDays, sc.NumStates()+2*len(sc.Routes()), s.QuantileBins)}
	workers := min(s.Workers, max(1, (s.Runs+BlockSize-1)/BlockSize))
	if err := checkMemory(sc, &s.want, e.g, workers+1, s.MemoryLimit); err != nil {
		return nil, err
	}
	e.tallies = make([]*tally, workers)
	for w := range e.tallies {
		e.tallies[w] = newTally(sc, e.g, &e.s.want)
	}
	return &Repeat{e: e, total: newTally(sc, e.g, &e.s.want), first: sc}, nil
}

// Run runs sc, a variant of the scenario the Repeat was made for.
func (r *Repeat) Run(ctx context.Context, sc *scenario.Scenario) (*Result, error) {
	if sc == nil || !chain.SameStructure(sc, r.first) {
		return nil, fmt.Errorf("%w: %q is not a variant of the scenario the Repeat was made for", ErrConfig, sc.Name())
	}
	e := r.e
	e.sc = sc
	for _, t := range e.tallies {
		t.reset(sc)
	}
	e.m = &merger{paths: newPathTally(e.s.PathCapacity), pending: map[int]*blockPaths{}, progress: e.s.Progress,
		total: e.s.Runs, free: r.free}
	e.runRange(ctx, 0, e.s.Runs)
	r.free = e.m.free
	r.total.reset(sc)
	for _, t := range e.tallies {
		r.total.merge(t)
	}
	res := newResult(sc, e.s, e.g, r.total, e.m.paths)
	// The tallies are reset for the next run: the Result keeps its own.
	res.lookup = res.lookup.(*tallyLookup).detached()
	if err := ctx.Err(); err != nil && int(r.total.runs) < e.s.Runs {
		res.MonteCarlo.Partial = true
		return res, fmt.Errorf("outcomes: run of %q stopped after %d of %d runs: %w", sc.Name(), r.total.runs, e.s.Runs, err)
	}
	return res, nil
}
