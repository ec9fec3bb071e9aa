package outcomes

import (
	"errors"
	"fmt"
	"math"
	"runtime"
	"slices"
	"strings"

	"github.com/parleysim/parley/scenario"
)

// Config sets up Run. The zero value, or a nil *Config, is valid: every field
// has a default, given in its comment.
type Config struct {
	// Runs is the number of runs; 0 means 10,000.
	Runs int
	// Seed selects the random streams. Run i draws from a PCG stream seeded by
	// hashing Seed with i, so the same Seed gives the same Result, bit for bit,
	// whatever the number of workers.
	Seed uint64
	// Workers is the number of goroutines that run; 0 means GOMAXPROCS.
	Workers int
	// Horizon, when positive, overrides the scenario's horizon, in days.
	Horizon float64
	// MaxSteps bounds one run's steps; 0 means 10,000 (the scenario package's default).
	MaxSteps int
	// DrawParameters makes each run draw its own value of every parameter
	// with a prior (the deep-uncertainty mode; see
	// scenario.RunOptions.DrawParameters). The Result then lists those
	// parameters in DrawnParameters.
	DrawParameters bool
	// Outputs declares what the runs record, by the keys of
	// Result.Estimate ("claim:merz-14", "state:bilateral@14", "paths",
	// "end_day"; a kind alone for all of it; see wantOutputs); nil, or
	// "everything", records everything. The engine then keeps only the
	// tallies those need, and the Result holds only them: asking it for
	// another is an error, never a zero. Final states are always recorded.
	Outputs []string

	exact bool // settled for Exact, whose chain answers any day
	// TopPaths is how many of the most likely paths the Result lists; 0 means 10.
	TopPaths int
	// PathCapacity bounds how many distinct paths are tallied, so memory does
	// not grow with the number of runs; runs on other paths count as "other".
	// 0 means 4096.
	PathCapacity int
	// QuantileBins is about how many histogram bins each per-day series has
	// over the horizon: the resolution of entry-day and completion-day
	// quantiles. Probabilities on report days are exact whatever it is. 0
	// means 4096; a few dozen suit many short runs whose quantiles do not
	// matter (explore uses 64).
	QuantileBins int
	// Quantiles are the levels of the entry-day and completion-day quantiles;
	// nil means 0.05, 0.25, 0.5, 0.75 and 0.95.
	Quantiles []float64
	// Confidence is the level of every interval; 0 means 0.95.
	Confidence float64
	// Progress, if set, is called after each block of runs is tallied, with
	// the runs done so far and the runs asked for (in the current batch, with
	// Precision); calls do not overlap. Keep it quick: workers wait for it.
	Progress func(done, total int)

	// Precision, when positive, asks for a maximum interval half-width. Runs
	// then go on in batches, Runs (rounded up to whole blocks) first, then
	// doubling, until every selected probability's interval has a
	// half-width of at most Precision or MaxRuns is reached; the Result's
	// Precision field says which. Batch sizes do not depend on the workers,
	// so the answer is the same for any number of them.
	Precision float64
	// PrecisionFor selects the probabilities Precision applies to:
	// "final:<state>" (or "final:open"), "claim:<name>", "route:<name>"
	// (completed, open and closed on every day), "state:<name>" (reached by
	// every day), "event:<name>", "decline:<meeting>/<actor>". Nil selects
	// every probability whose denominator is all runs: final states, claims,
	// routes, states and events (declines and agreements are shares of the
	// runs where something happened, which may never be enough).
	PrecisionFor []string
	// MaxRuns caps the runs when Precision or Given is set; 0 means
	// 10,000,000.
	MaxRuns int

	// Given, when not empty, conditions the Result on what has been
	// observed: runs inconsistent with any observation are rejected, and
	// Runs is then the number of consistent runs wanted. Runs go on in
	// batches of whole blocks until that many are accepted or MaxRuns runs
	// were made; the Result's Given field reports the acceptance share,
	// which is the probability of the observations in the model (their
	// likelihood). Not with Precision.
	Given []scenario.Statement

	// ReportDays is the most days in Result.Days, at least 2; 0 means
	// DefaultReportDays. Over a horizon of more whole days than that, the
	// report days are every k-th day, k the smallest power of two that fits,
	// and the horizon. Tallies and the Result grow with it, not with the
	// horizon.
	ReportDays int
	// MemoryLimit bounds, in bytes, what the tallies and the Result's
	// per-day series may take together (estimated before any run); a run
	// that would need more is refused with ErrMemory. 0 means 4 GiB.
	MemoryLimit int64
}

// MaxRunsLimit is the most runs a Config may ask for (Runs, MaxRuns): far
// beyond what finishes, and safe from overflow in block arithmetic.
const MaxRunsLimit = 1 << 52

// DefaultMemoryLimit is Config.MemoryLimit's default.
const DefaultMemoryLimit = 4 << 30

// ErrMemory is matched by errors.Is when a Run or Exact would need more
// memory than its limit allows; the message says how much and what to change.
var ErrMemory = errors.New("outcomes: over the memory limit")

// ErrConfig is matched by errors.Is for every invalid Config.
var ErrConfig = errors.New("outcomes: invalid config")

// BlockSize is the number of consecutive runs tallied together. Blocks are
// merged in the order of their numbers, which keeps the path tally
// independent of the number of workers.
const BlockSize = 1024

const maxPathLen = 256 // longer paths are tallied as "other"

// maxQuantileBins bounds Config.QuantileBins: the bins of one series are
// also bounded by the tally's cells, and more than this many resolve
// nothing a report shows.
const maxQuantileBins = 1 << 16

// maxQuantiles bounds the quantiles asked for.
const maxQuantiles = 1000

// settings is a Config with its defaults filled in.
type settings struct {
	Config
	horizon float64
	// want is Outputs read against the scenario.
	want wanted
}

func (c *Config) settle(sc *scenario.Scenario) (settings, error) {
	var s settings
	if c != nil {
		s.Config = *c
	}
	scHorizon := sc.Horizon()
	var errs []error
	bad := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("%w: %s: %s", ErrConfig, field, fmt.Sprintf(format, args...)))
	}
	switch {
	case s.Runs < 0:
		bad("Runs", "must be >= 0, got %d", s.Runs)
	case s.Runs == 0:
		s.Runs = 10000
	case s.Runs > MaxRunsLimit:
		bad("Runs", "must be at most %d, got %d", MaxRunsLimit, s.Runs)
	}
	switch {
	case s.Workers < 0:
		bad("Workers", "must be >= 0, got %d", s.Workers)
	case s.Workers == 0:
		s.Workers = runtime.GOMAXPROCS(0)
	}
	s.horizon = scHorizon
	switch h := s.Horizon; {
	case math.IsNaN(h) || math.IsInf(h, 0) || h < 0:
		bad("Horizon", "must be a finite number of days >= 0, got %v", h)
	case h > 0:
		s.horizon = h
	}
	if s.MaxSteps < 0 {
		bad("MaxSteps", "must be >= 0, got %d", s.MaxSteps)
	}
	switch {
	case s.TopPaths < 0:
		bad("TopPaths", "must be >= 0, got %d", s.TopPaths)
	case s.TopPaths == 0:
		s.TopPaths = 10
	}
	switch {
	case s.PathCapacity < 0:
		bad("PathCapacity", "must be >= 0, got %d", s.PathCapacity)
	case s.PathCapacity == 0:
		s.PathCapacity = 4096
	}
	if s.QuantileBins == 0 {
		s.QuantileBins = targetBins
	}
	if s.QuantileBins < 1 || s.QuantileBins > maxQuantileBins {
		bad("QuantileBins", "must be from 1 to %d, got %d", maxQuantileBins, s.QuantileBins)
	}
	if s.PathCapacity > shardPathCapacity {
		bad("PathCapacity", "must be at most %d, got %d", shardPathCapacity, s.PathCapacity)
	}
	if s.Quantiles == nil {
		s.Quantiles = []float64{0.05, 0.25, 0.5, 0.75, 0.95}
	}
	if len(s.Quantiles) > maxQuantiles {
		bad("Quantiles", "at most %d, got %d", maxQuantiles, len(s.Quantiles))
	}
	for i, q := range s.Quantiles {
		if !(q > 0 && q < 1) {
			bad(fmt.Sprintf("Quantiles[%d]", i), "must be in (0, 1), got %v", q)
		}
	}
	switch p := s.Precision; {
	case math.IsNaN(p) || p < 0 || p >= 0.5:
		bad("Precision", "must be in (0, 0.5), or 0 for none, got %v", p)
	case p > 0 && s.MaxRuns == 0:
		s.MaxRuns = 10_000_000
	}
	if s.Precision > 0 && len(s.Given) > 0 {
		bad("Given", "not with Precision: ask for the number of consistent runs with Runs")
	}
	if len(s.Given) > 0 && s.MaxRuns == 0 {
		s.MaxRuns = max(10_000_000, s.Runs)
	}
	if len(s.Given) > 0 && s.MaxRuns > 0 && s.MaxRuns < s.Runs {
		bad("MaxRuns", "%d is below Runs, %d: with Given, Runs counts the consistent runs wanted and MaxRuns all runs made", s.MaxRuns, s.Runs)
	}
	if s.MaxRuns < 0 || s.MaxRuns > MaxRunsLimit {
		bad("MaxRuns", "must be in [0, %d], got %d", MaxRunsLimit, s.MaxRuns)
	}
	switch {
	case s.ReportDays == 0:
		s.ReportDays = DefaultReportDays
	case s.ReportDays < 2 || s.ReportDays > 1<<26:
		bad("ReportDays", "must be in [2, %d], or 0 for %d, got %d", 1<<26, DefaultReportDays, s.ReportDays)
	}
	switch {
	case s.MemoryLimit == 0:
		s.MemoryLimit = DefaultMemoryLimit
	case s.MemoryLimit < 0:
		bad("MemoryLimit", "must be >= 0, got %d", s.MemoryLimit)
	}
	if s.Precision == 0 && len(s.PrecisionFor) > 0 {
		bad("PrecisionFor", "set without Precision")
	}
	switch c := s.Confidence; {
	case c == 0:
		s.Confidence = 0.95
	case !(c > 0 && c < 1):
		bad("Confidence", "must be in (0, 1), got %v", c)
	}
	// The days Result.Estimate answers: any within the horizon from the
	// chain, report days and histogram edges from runs.
	offDay := func(day float64) error {
		if math.IsNaN(day) || day < 0 || day > s.horizon {
			return offGridError(sc.Name(), day, s.horizon, nil, "")
		}
		return nil
	}
	if !s.exact {
		g := newGridBins(s.horizon, s.ReportDays, sc.NumStates()+2*len(sc.Routes()), s.QuantileBins)
		days := g.days()
		offDay = func(day float64) error {
			if slices.Contains(days, day) || g.edge(day) {
				return nil
			}
			return offGridError(sc.Name(), day, s.horizon, days, "the runs' tallies do not resolve it")
		}
	}
	w, err := wantOutputs(sc, s.Outputs, offDay)
	if err != nil {
		errs = append(errs, err)
	}
	s.want, s.Outputs = w, w.keys
	for _, sel := range s.PrecisionFor {
		kind, rest, _ := strings.Cut(sel, ":")
		name, _, _ := strings.Cut(rest, "@")
		if !recordsIn(s.Outputs, kind, name) {
			bad("PrecisionFor", "%q is not among the Outputs recorded", sel)
		}
	}
	return s, errors.Join(errs...)
}
