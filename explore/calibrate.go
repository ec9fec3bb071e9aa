package explore

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
	"slices"
	"sort"
	"sync"

	"github.com/parleysim/parley/internal/fmath"
	"github.com/parleysim/parley/internal/sample"
	"github.com/parleysim/parley/scenario"
	"gonum.org/v1/gonum/stat/distuv"
)

// History is what was observed of one negotiation's course: the scenario
// it is a course of, and the statements of what happened (states entered
// or not within windows, events, variables, agreements, routes, and the
// scenario's claims with what is known of them, as an outcomes file gives
// them: scenario.Scenario.Observe reads each).
type History struct {
	Name         string
	Scenario     *scenario.Scenario
	Observations []scenario.Statement
}

// Method is how Calibrate draws from the posterior.
type Method string

// The methods Calibrate knows.
const (
	// Rejection weighs prior draws (a Latin hypercube over the priors) by
	// how often their runs are consistent with the observations.
	Rejection Method = "rejection"
	// SMC narrows the tolerance in rounds, resampling and moving the
	// particles between rounds (Del Moral, Doucet and Jasra 2012).
	SMC Method = "smc"
)

// ABCConfig sets up Calibrate. The zero value is valid.
type ABCConfig struct {
	// Method is Rejection (the default) or SMC.
	Method Method
	// Particles is the number of parameter draws; 0 means 1000.
	Particles int
	// Runs is the number of runs per draw and history, which resolves the
	// likelihood to 1/Runs; 0 means 100.
	Runs int
	// Tolerance is how many observations a run of each history may miss
	// and still count as consistent (rejection; the last round of SMC is
	// always 0). 0, the default, asks for runs consistent with all.
	Tolerance int
	// Rounds bounds the SMC rounds; 0 means 20. The last round always
	// narrows the tolerance to 0.
	Rounds int
	// Seed seeds the design, the runs and the moves: the same seed gives the
	// same posterior, bit for bit, for any number of workers.
	Seed    uint64
	Workers int
	// Progress, if set, is called after each draw's runs with the draws
	// done and their total in this round.
	Progress func(done, total int)
	// DrawOthers makes each run draw, from their priors, the parameters
	// the space does not learn that have priors (those not bound by the
	// history's scenario, scenario.RunOptions.DrawParameters); otherwise
	// they keep their values. The posterior remembers it, and Predict
	// draws them the same way.
	DrawOthers bool
	// Populations pool parameters partially across the histories
	// (PartialSpace): each history's value of such a parameter comes from
	// a population whose median and spread are the space's inputs
	// NAME:median and NAME:spread, and the history's likelihood integrates
	// it out over ten of the population's quantiles, the runs taking them
	// in turn.
	Populations []Population
}

// Population is a parameter pooled partially across histories: a history's
// value y, on [Lo, Hi], has logit((y-Lo)/(Hi-Lo)) normal around the logit
// of the median's position, with standard deviation the spread. Median and
// Spread index the inputs of the space that hold them.
type Population struct {
	Name           string
	Lo, Hi         float64
	Median, Spread int
}

// Value returns the population's member for a standard normal z, given
// the median and spread; always in [Lo, Hi].
func (p Population) Value(median, spread, z float64) float64 {
	y := (median - p.Lo) / (p.Hi - p.Lo)
	y = min(max(y, 1e-9), 1-1e-9)
	l := fmath.Log(y/(1-y)) + float64(spread*z)
	// Rounding may carry Lo + (Hi-Lo)·s past Hi: keep within the range.
	return min(max(p.Lo+(p.Hi-p.Lo)/(1+fmath.Exp(-l)), p.Lo), p.Hi)
}

// Posterior is a weighted sample from the posterior of the parameters of
// Space given the histories.
type Posterior struct {
	Space Space
	// Draws are the parameter values, one row per draw in Space's order;
	// Weights are their normalised weights.
	Draws   [][]float64
	Weights []float64
	// ESS is the effective sample size of the weights, (Σw)²/Σw².
	ESS float64
	// Tolerances are the tolerances of the rounds, the last the
	// posterior's: for rejection, the observations a run may miss; for SMC,
	// the bandwidth of the kernel exp(-missed/tolerance) on them, from +Inf
	// (every run counts) to 0 (only runs that miss nothing).
	Tolerances []float64
	// Marginals summarise each parameter's posterior and prior.
	Marginals []Marginal
	// Likelihood is the mean, over the prior draws of the first round, of
	// the share of runs consistent with every history: the evidence for the
	// model, up to Monte Carlo error.
	Likelihood float64
	// Cases gives, with Populations, each history's posterior mean of each
	// pooled parameter: [history][population], shrunk towards the
	// population by the other histories.
	Cases [][]float64
	// Runs counts every run made.
	Runs int64
	// DrawOthers is ABCConfig.DrawOthers: the parameters not learned were
	// drawn from their priors in every run.
	DrawOthers bool
	// Populations are ABCConfig.Populations: the parameters pooled
	// partially, whose inputs are their populations' medians and spreads.
	Populations []Population
}

// Marginal is one parameter's posterior summary: its weighted mean and
// standard deviation, and its 5%, 50% and 95% quantiles (so Q05 to Q95 is
// the 90% credible interval), beside the prior's.
type Marginal struct {
	Name               string
	Mean, SD           float64
	Q05, Q50, Q95      float64
	PriorQ05, PriorQ95 float64
	PriorMean          float64
}

// ErrNoConsistentDraw is returned when no draw of the parameters gave a run
// consistent with the observations: the model cannot produce the history.
var ErrNoConsistentDraw = errors.New("no parameter draw produced a run consistent with the observations")

// Calibrate learns the parameters of space from the histories by
// approximate Bayesian computation: a draw's likelihood is the share of its
// runs consistent with each history's observations, multiplied over the
// histories, so that parameters named alike in several histories are
// learnt from all of them together. A history's scenario takes the values
// of the parameters it declares; the others are left at their values.
func Calibrate(ctx context.Context, histories []History, space Space, cfg *ABCConfig) (*Posterior, error) {
	c, cal, err := prepare(histories, space, cfg)
	if err != nil {
		return nil, err
	}
	if c.Method == Rejection {
		return cal.rejection(ctx)
	}
	return cal.smc(ctx)
}

// prepare checks the configuration, fills in its defaults, and sets up the
// calibration.
func prepare(histories []History, space Space, cfg *ABCConfig) (*ABCConfig, *calibration, error) {
	var c ABCConfig
	if cfg != nil {
		c = *cfg
	}
	if c.Method == "" {
		c.Method = Rejection
	}
	if c.Method != Rejection && c.Method != SMC {
		return nil, nil, fmt.Errorf("explore: method %q: want rejection or smc", c.Method)
	}
	if c.Particles == 0 {
		c.Particles = 1000
	}
	if c.Runs == 0 {
		c.Runs = 100
	}
	if c.Rounds == 0 {
		c.Rounds = 20
	}
	if c.Workers <= 0 {
		c.Workers = runtime.GOMAXPROCS(0)
	}
	switch {
	case c.Particles < 2 || c.Particles > 1<<20:
		return nil, nil, fmt.Errorf("explore: %d particles: want 2 to %d", c.Particles, 1<<20)
	case c.Runs < 1 || c.Runs > 1<<20:
		return nil, nil, fmt.Errorf("explore: %d runs a draw: want 1 to %d", c.Runs, 1<<20)
	case c.Tolerance < 0:
		return nil, nil, fmt.Errorf("explore: tolerance %d: want 0 or more", c.Tolerance)
	case len(histories) == 0:
		return nil, nil, errors.New("explore: calibrating needs at least one history")
	}
	if err := space.check(); err != nil {
		return nil, nil, err
	}
	// The draws are held as a design's points are (SMC keeps two
	// generations).
	if b := 2 * float64(DesignBytes(c.Particles, space.Dim())); b > MaxDesignBytes {
		return nil, nil, fmt.Errorf("%w: %d draws of %d parameters would take about %s, over the limit of %s: ask for fewer draws",
			ErrSize, c.Particles, space.Dim(), gib(b), gib(MaxDesignBytes))
	}
	cal, err := newCalibration(histories, space, &c)
	if err != nil {
		return nil, nil, err
	}
	return &c, cal, nil
}

// calibration holds what every draw's evaluation shares.
type calibration struct {
	// ctx is the evaluation's context, checked between runs so that an
	// interrupt does not wait for a draw's last run.
	ctx       context.Context
	space     Space
	histories []History
	evidence  []*scenario.Evidence
	// declared[h][i] says whether history h's scenario declares input i.
	declared [][]bool
	cfg      *ABCConfig
	maxMiss  int // the most observations a run can miss, over all histories
	runs     int64
	mu       sync.Mutex
}

func newCalibration(histories []History, space Space, c *ABCConfig) (*calibration, error) {
	cal := &calibration{space: space, histories: histories, cfg: c}
	for h, hist := range histories {
		if hist.Scenario == nil || len(hist.Observations) == 0 {
			return nil, fmt.Errorf("explore: history %d (%s) needs a scenario and observations", h, hist.Name)
		}
		ev, err := hist.Scenario.Observe(hist.Observations)
		if err != nil {
			return nil, fmt.Errorf("explore: history %s: %w", hist.Name, err)
		}
		cal.evidence = append(cal.evidence, ev)
		cal.maxMiss = max(cal.maxMiss, ev.Len())
		decl := make([]bool, space.Dim())
		some := false
		for i, n := range space.Names {
			_, decl[i] = hist.Scenario.Param(n)
			some = some || decl[i]
		}
		for _, p := range c.Populations {
			_, ok := hist.Scenario.Param(p.Name)
			some = some || ok
		}
		if !some {
			return nil, fmt.Errorf("explore: history %s declares none of the parameters calibrated", hist.Name)
		}
		cal.declared = append(cal.declared, decl)
	}
	return cal, nil
}

// draw is one particle: its point in the unit cube, its values, and for
// each history how many of its runs missed 0, 1, 2, ... observations.
type draw struct {
	u, x   []float64
	misses [][]int32 // [history][observations missed] runs
	fault  error
	// With populations: per history, the sum of each pooled parameter's
	// values over the runs consistent with it, and their number.
	caseSum [][]float64
	caseN   []int
}

// kernel returns the draw's ABC likelihood at tolerance eps: the product
// over histories of the share of runs missing at most eps observations.
func (d *draw) kernel(eps, runs int) float64 {
	if d.fault != nil {
		return 0
	}
	k := 1.0
	for _, m := range d.misses {
		ok := 0
		for miss := 0; miss <= eps && miss < len(m); miss++ {
			ok += int(m[miss])
		}
		k *= float64(ok) / float64(runs)
	}
	return k
}

// soft returns the draw's ABC likelihood with an exponential kernel of
// bandwidth bw on the observations a run misses: the product over
// histories of the mean of exp(-missed/bw) over the runs. Bandwidth +Inf
// accepts every run; 0 only runs that miss nothing, as kernel(0).
func (d *draw) soft(bw float64, runs int) float64 {
	if bw == 0 {
		return d.kernel(0, runs)
	}
	if d.fault != nil {
		return 0
	}
	k := 1.0
	for _, m := range d.misses {
		s := 0.0
		for miss, n := range m {
			if n > 0 {
				s += float64(float64(n) * fmath.Exp(-float64(miss)/bw))
			}
		}
		k *= s / float64(runs)
	}
	return k
}

// evaluate runs draw d: Runs runs of every history with its values bound,
// on streams of their own (seed, round, particle, history, run), so that
// the result does not depend on which worker made it.
func (cal *calibration) evaluate(d *draw, round, particle int) {
	d.x = make([]float64, len(d.u))
	for i, u := range d.u {
		d.x[i] = cal.space.Value(i, u)
	}
	d.misses = make([][]int32, len(cal.histories))
	src := rand.NewPCG(0, 0)
	rng := rand.New(src)
	if pops := cal.cfg.Populations; len(pops) > 0 {
		cal.evaluatePooled(d, round, particle, src, rng)
		return
	}
	for h, hist := range cal.histories {
		vals := map[string]float64{}
		for i, n := range cal.space.Names {
			if cal.declared[h][i] {
				vals[n] = d.x[i]
			}
		}
		sc, err := hist.Scenario.With(vals)
		if err != nil {
			d.fault = fmt.Errorf("history %s: %w", hist.Name, err)
			return
		}
		ev := cal.evidence[h]
		runner := sc.NewRunner(scenario.RunOptions{Snapshots: ev.Snapshots(), DrawParameters: cal.cfg.DrawOthers})
		m := make([]int32, ev.Len()+1)
		key := mix(cal.cfg.Seed, uint64(round)<<40|uint64(particle)<<8|uint64(h))
		for r := range cal.cfg.Runs {
			if r%1024 == 1023 && cal.ctx.Err() != nil {
				d.fault = cal.ctx.Err()
				return
			}
			src.Seed(key, mix(key, uint64(r)))
			t := runner.Run(rng)
			miss := 0
			for i := range ev.Len() {
				if !ev.HoldsOne(i, t) {
					miss++
				}
			}
			m[miss]++
		}
		d.misses[h] = m
	}
}

// evaluatePooled is evaluate with populations: a history's own value of
// each pooled parameter it declares is integrated over the population by
// a quantile rule, members at the population's quantiles (k+½)/K of a
// standard normal, K = min(Runs, populationPoints), the runs taking them in
// turn: binding a scenario per member rather than per run.
func (cal *calibration) evaluatePooled(d *draw, round, particle int, src *rand.PCG, rng *rand.Rand) {
	pops := cal.cfg.Populations
	points := min(cal.cfg.Runs, populationPoints)
	d.caseSum = make([][]float64, len(cal.histories))
	d.caseN = make([]int, len(cal.histories))
	members := make([][]float64, points)
	for k := range points {
		z := fmath.NormalQuantile((float64(k) + 0.5) / float64(points))
		members[k] = make([]float64, len(pops))
		for j, p := range pops {
			members[k][j] = p.Value(d.x[p.Median], d.x[p.Spread], z)
		}
	}
	for h, hist := range cal.histories {
		ev := cal.evidence[h]
		m := make([]int32, ev.Len()+1)
		d.caseSum[h] = make([]float64, len(pops))
		runners := make([]*scenario.Runner, points)
		for k := range points {
			vals := map[string]float64{}
			for j, p := range pops {
				if _, ok := hist.Scenario.Param(p.Name); ok {
					vals[p.Name] = members[k][j]
				}
			}
			sc, err := hist.Scenario.With(vals)
			if err != nil {
				d.fault = fmt.Errorf("history %s: %w", hist.Name, err)
				return
			}
			runners[k] = sc.NewRunner(scenario.RunOptions{Snapshots: ev.Snapshots(), DrawParameters: cal.cfg.DrawOthers})
		}
		key := mix(cal.cfg.Seed, uint64(round)<<40|uint64(particle)<<8|uint64(h))
		for r := range cal.cfg.Runs {
			if r%1024 == 1023 && cal.ctx.Err() != nil {
				d.fault = cal.ctx.Err()
				return
			}
			src.Seed(key, mix(key, uint64(r)))
			k := r % points
			t := runners[k].Run(rng)
			miss := 0
			for i := range ev.Len() {
				if !ev.HoldsOne(i, t) {
					miss++
				}
			}
			m[miss]++
			if miss == 0 {
				d.caseN[h]++
				for j := range pops {
					d.caseSum[h][j] += members[k][j]
				}
			}
		}
		d.misses[h] = m
	}
}

// populationPoints is how many members of a population a draw binds.
const populationPoints = 10

// mix hashes two words into one (SplitMix64's finaliser over their sum).
func mix(a, b uint64) uint64 {
	z := a + 0x9e3779b97f4a7c15*(b+1)
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// evaluateAll evaluates the draws on the workers.
func (cal *calibration) evaluateAll(ctx context.Context, ds []*draw, round int) error {
	return cal.evaluateFrom(ctx, ds, round, 0)
}

// evaluateFrom evaluates the draws, ds[i] being particle first+i.
func (cal *calibration) evaluateFrom(ctx context.Context, ds []*draw, round, first int) error {
	cal.ctx = ctx
	jobs := make(chan int)
	var wg sync.WaitGroup
	var done int
	for range min(cal.cfg.Workers, len(ds)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				cal.evaluate(ds[i], round, first+i)
				if cal.cfg.Progress != nil {
					cal.mu.Lock()
					done++
					cal.cfg.Progress(done, len(ds))
					cal.mu.Unlock()
				}
			}
		}()
	}
	var err error
	for i := range ds {
		if err = ctx.Err(); err != nil {
			break
		}
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	cal.runs += int64(len(ds)) * int64(cal.cfg.Runs) * int64(len(cal.histories))
	if err == nil {
		err = ctx.Err() // an interrupt during the last draws
	}
	return err
}

// prior draws the first round from the prior: a Latin hypercube in the
// unit cube, mapped through the priors.
func (cal *calibration) prior() ([]*draw, error) {
	d, err := LatinHypercube(Space{Names: cal.space.Names, Lo: zeros(cal.space.Dim()), Hi: ones(cal.space.Dim())}, cal.cfg.Particles, cal.cfg.Seed)
	if err != nil {
		return nil, err
	}
	ds := make([]*draw, len(d.X))
	for i, row := range d.X {
		ds[i] = &draw{u: slices.Clone(row)}
	}
	return ds, nil
}

func zeros(n int) []float64 { return make([]float64, n) }

func ones(n int) []float64 {
	x := make([]float64, n)
	for i := range x {
		x[i] = 1
	}
	return x
}

func (cal *calibration) rejection(ctx context.Context) (*Posterior, error) {
	ds, err := cal.prior()
	if err != nil {
		return nil, err
	}
	if err := cal.evaluateAll(ctx, ds, 0); err != nil {
		return nil, err
	}
	return cal.weigh(ds)
}

// weigh gives evaluated prior draws their rejection weights: the share of
// runs within the tolerance.
func (cal *calibration) weigh(ds []*draw) (*Posterior, error) {
	w := make([]float64, len(ds))
	for i, d := range ds {
		w[i] = d.kernel(cal.cfg.Tolerance, cal.cfg.Runs)
	}
	return cal.posterior(ds, w, []float64{float64(cal.cfg.Tolerance)}, meanKernel(ds, 0, cal.cfg.Runs))
}

func meanKernel(ds []*draw, eps, runs int) float64 {
	s := 0.0
	for _, d := range ds {
		s += d.kernel(eps, runs)
	}
	return s / float64(len(ds))
}

// smc runs adaptive sequential Monte Carlo ABC (Del Moral, Doucet and
// Jasra 2012): runs are weighed by an exponential kernel on the number of
// observations they miss, whose bandwidth (the tolerance) falls in rounds,
// each time as far as keeps half the effective sample, down to 0, where
// only runs consistent with every observation count. Particles are
// resampled when the effective sample falls below half, and moved by a
// random walk in the unit cube (reflected at its faces) accepted by the
// ratio of their ABC likelihoods, the prior being uniform there.
func (cal *calibration) smc(ctx context.Context) (*Posterior, error) {
	n := cal.cfg.Particles
	ds, err := cal.prior()
	if err != nil {
		return nil, err
	}
	if err := cal.evaluateAll(ctx, ds, 0); err != nil {
		return nil, err
	}
	evidence := meanKernel(ds, 0, cal.cfg.Runs)
	runs := cal.cfg.Runs
	bw := math.Inf(1)
	w := make([]float64, n)
	for i := range w {
		w[i] = 1
	}
	tolerances := []float64{bw}
	rng := rand.New(rand.NewPCG(cal.cfg.Seed, 0x5eed5))
	for round := 1; round <= cal.cfg.Rounds && bw > 0; round++ {
		next := nextBandwidth(ds, w, bw, runs, float64(n)/2)
		if !math.IsInf(bw, 1) {
			// Duplicates left by resampling can hold the effective sample
			// below half at any smaller tolerance: fall by a fifth at
			// least, so that the rounds end.
			next = min(next, 0.8*bw)
		}
		if round == cal.cfg.Rounds {
			next = 0 // the last round is the posterior's
		}
		nw := reweightSoft(ds, w, bw, next, runs)
		if sum(nw) == 0 {
			return nil, fmt.Errorf("explore: %w (at a tolerance of %.3g)", ErrNoConsistentDraw, next)
		}
		bw, w = next, nw
		tolerances = append(tolerances, bw)
		if ess(w) < float64(n)/2 {
			ds, w = resample(rng, ds, w)
		}
		if err := cal.move(ctx, rng, ds, w, bw, round); err != nil {
			return nil, err
		}
	}
	return cal.posterior(ds, w, tolerances, evidence)
}

// nextBandwidth is the smallest bandwidth below bw at which reweighting
// keeps an effective sample of at least target: 0 if that does, otherwise
// found by bisection on a log scale.
func nextBandwidth(ds []*draw, w []float64, bw float64, runs int, target float64) float64 {
	if ess(reweightSoft(ds, w, bw, 0, runs)) >= target {
		return 0
	}
	hi := bw
	if math.IsInf(hi, 1) {
		hi = 1e6
		if ess(reweightSoft(ds, w, bw, hi, runs)) < target {
			return hi
		}
	}
	lo := hi * 1e-6
	for range 50 {
		mid := math.Sqrt(lo * hi)
		if ess(reweightSoft(ds, w, bw, mid, runs)) >= target {
			hi = mid
		} else {
			lo = mid
		}
	}
	return hi
}

// reweightSoft moves weights from bandwidth from to bandwidth to.
func reweightSoft(ds []*draw, w []float64, from, to float64, runs int) []float64 {
	out := make([]float64, len(w))
	for i, d := range ds {
		if w[i] == 0 {
			continue
		}
		if kf := d.soft(from, runs); kf > 0 {
			out[i] = w[i] * d.soft(to, runs) / kf
		}
	}
	return out
}

// move proposes a random-walk step for every particle with weight, with a
// scale of twice the weighted spread in each coordinate, evaluates the
// proposals and accepts each by its ABC likelihood ratio.
func (cal *calibration) move(ctx context.Context, rng *rand.Rand, ds []*draw, w []float64, bw float64, round int) error {
	dim := cal.space.Dim()
	scale := make([]float64, dim)
	total := sum(w)
	for k := range dim {
		mean, sq := 0.0, 0.0
		for i, d := range ds {
			mean += float64(w[i] * d.u[k])
		}
		mean /= total
		for i, d := range ds {
			sq += float64(w[i] * (d.u[k] - mean) * (d.u[k] - mean))
		}
		scale[k] = max(math.Sqrt(2*sq/total), 1e-3)
	}
	props := make([]*draw, len(ds))
	for i, d := range ds {
		u := make([]float64, dim)
		for k := range dim {
			u[k] = reflect(d.u[k] + float64(scale[k]*sample.Norm(rng)))
		}
		props[i] = &draw{u: u}
	}
	// Only particles with weight move; the others are not evaluated.
	var live []*draw
	var at []int
	for i := range ds {
		if w[i] > 0 {
			live, at = append(live, props[i]), append(at, i)
		}
	}
	if err := cal.evaluateAll(ctx, live, round); err != nil {
		return err
	}
	for k, i := range at {
		kOld := ds[i].soft(bw, cal.cfg.Runs)
		kNew := live[k].soft(bw, cal.cfg.Runs)
		if kOld == 0 || rng.Float64() < kNew/kOld {
			if kNew > 0 {
				ds[i] = live[k]
			}
		}
	}
	return nil
}

// reflect folds x into [0, 1] by reflection at the faces: a symmetric
// proposal stays symmetric.
func reflect(x float64) float64 {
	x = math.Mod(math.Abs(x), 2)
	if x > 1 {
		x = 2 - x
	}
	return x
}

// resample draws a new equally weighted sample by systematic resampling.
func resample(rng *rand.Rand, ds []*draw, w []float64) ([]*draw, []float64) {
	n := len(ds)
	total := sum(w)
	out := make([]*draw, n)
	u := rng.Float64() / float64(n)
	c, j := w[0]/total, 0
	for i := range n {
		for u > c && j < n-1 {
			j++
			c += w[j] / total
		}
		out[i] = ds[j]
		u += 1 / float64(n)
	}
	nw := make([]float64, n)
	for i := range nw {
		nw[i] = 1
	}
	return out, nw
}

func sum(xs []float64) float64 {
	s := 0.0
	for _, x := range xs {
		s += x
	}
	return s
}

// ess is the effective sample size of weights.
func ess(w []float64) float64 {
	s, s2 := 0.0, 0.0
	for _, x := range w {
		s += x
		s2 += float64(x * x)
	}
	if s2 == 0 {
		return 0
	}
	return s * s / s2
}

// posterior normalises the weights and summarises the draws.
func (cal *calibration) posterior(ds []*draw, w []float64, tolerances []float64, evidence float64) (*Posterior, error) {
	total := sum(w)
	if total == 0 {
		var fault error
		for _, d := range ds {
			if d.fault != nil {
				fault = d.fault
				break
			}
		}
		if fault != nil {
			return nil, fmt.Errorf("explore: %w; a draw failed: %v", ErrNoConsistentDraw, fault)
		}
		return nil, fmt.Errorf("explore: %w in %d draws of %d runs: widen the priors, or allow a tolerance", ErrNoConsistentDraw, len(ds), cal.cfg.Runs)
	}
	p := &Posterior{Space: cal.space, ESS: ess(w), Tolerances: tolerances, Likelihood: evidence, Runs: cal.runs, DrawOthers: cal.cfg.DrawOthers,
		Populations: slices.Clone(cal.cfg.Populations)}
	for i, d := range ds {
		p.Draws = append(p.Draws, slices.Clone(d.x))
		p.Weights = append(p.Weights, w[i]/total)
	}
	for k, name := range cal.space.Names {
		xs := make([]float64, len(ds))
		for i := range ds {
			xs[i] = p.Draws[i][k]
		}
		m := Marginal{Name: name}
		for i, x := range xs {
			m.Mean += float64(p.Weights[i] * x)
		}
		for i, x := range xs {
			m.SD += float64(p.Weights[i] * (x - m.Mean) * (x - m.Mean))
		}
		m.SD = math.Sqrt(m.SD)
		m.Q05, m.Q50, m.Q95 = weightedQuantile(xs, p.Weights, 0.05), weightedQuantile(xs, p.Weights, 0.5), weightedQuantile(xs, p.Weights, 0.95)
		m.PriorQ05, m.PriorQ95 = cal.space.Value(k, 0.05), cal.space.Value(k, 0.95)
		// The prior's mean by the midpoint rule over 1,000 quantiles.
		for j := range 1000 {
			m.PriorMean += cal.space.Value(k, (float64(j)+0.5)/1000) / 1000
		}
		p.Marginals = append(p.Marginals, m)
	}
	if pops := cal.cfg.Populations; len(pops) > 0 {
		for h := range cal.histories {
			means := make([]float64, len(pops))
			total := 0.0
			for i, d := range ds {
				if p.Weights[i] == 0 || d.caseN == nil || d.caseN[h] == 0 {
					continue
				}
				total += p.Weights[i]
				for k := range pops {
					means[k] += p.Weights[i] * d.caseSum[h][k] / float64(d.caseN[h])
				}
			}
			for k := range means {
				means[k] /= total
			}
			p.Cases = append(p.Cases, means)
		}
	}
	return p, nil
}

// weightedQuantile is the q-quantile of xs under normalised weights w: the
// least x whose cumulative weight reaches q.
func weightedQuantile(xs, w []float64, q float64) float64 {
	idx := make([]int, len(xs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return xs[idx[a]] < xs[idx[b]] })
	c := 0.0
	for _, i := range idx {
		c += w[i]
		if c >= q-1e-12 {
			return xs[i]
		}
	}
	return xs[idx[len(idx)-1]]
}

// Prediction is the posterior predictive of one claim or route: its
// probability given the history, with the parameters' uncertainty carried
// through.
type Prediction struct {
	// Key is claim:NAME, or route:NAME for a route completed by the horizon.
	Key string
	// P is the posterior mean of the probability given the history; Q05 and
	// Q95 bound its 90% credible band over the parameters' posterior.
	P, Q05, Q95 float64
	// Consistent counts the runs consistent with the history behind it.
	Consistent int64
}

// Predict gives the posterior predictive of every claim and route of a
// history's scenario: for each posterior draw, runs of the scenario with
// the draw's values, of which those consistent with the history's
// observations say how likely each claim and route is; the draws' weights
// average them. Draws none of whose runs is consistent add nothing. One
// seed gives the same predictions for any number of workers.
func Predict(ctx context.Context, post *Posterior, h History, runs int, seed uint64, workers int) ([]Prediction, error) {
	if runs < 1 || runs > 1<<20 {
		return nil, fmt.Errorf("explore: %d runs a draw: want 1 to %d", runs, 1<<20)
	}
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	ev, err := h.Scenario.Observe(h.Observations)
	if err != nil {
		return nil, fmt.Errorf("explore: history %s: %w", h.Name, err)
	}
	claims, routes := h.Scenario.Claims(), h.Scenario.Routes()
	k := len(claims) + len(routes)
	if k == 0 {
		return nil, fmt.Errorf("explore: %s has no claims or routes to predict", h.Scenario.Name())
	}
	type tally struct {
		consistent int64
		holds      []int64
		err        error
	}
	tallies := make([]tally, len(post.Draws))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range min(workers, len(post.Draws)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			src := rand.NewPCG(0, 0)
			rng := rand.New(src)
			for i := range jobs {
				t := &tallies[i]
				t.holds = make([]int64, k)
				vals := map[string]float64{}
				for j, n := range post.Space.Names {
					if _, ok := h.Scenario.Param(n); ok {
						vals[n] = post.Draws[i][j]
					}
				}
				sc, err := h.Scenario.With(vals)
				if err != nil {
					t.err = err
					continue
				}
				runner := sc.NewRunner(scenario.RunOptions{Snapshots: ev.Snapshots(), DrawParameters: post.DrawOthers})
				key := mix(seed, uint64(i)<<8|0xab)
				for r := range runs {
					if r%1024 == 1023 && ctx.Err() != nil {
						break // Predict returns the context's error
					}
					src.Seed(key, mix(key, uint64(r)))
					tr := runner.Run(rng)
					if !ev.Holds(tr) {
						continue
					}
					t.consistent++
					for c := range claims {
						if sc.ClaimHolds(c, tr) {
							t.holds[c]++
						}
					}
					for j := range routes {
						if done, _ := sc.RouteTimes(j, tr); done <= sc.Horizon() {
							t.holds[len(claims)+j]++
						}
					}
				}
			}
		}()
	}
	var cerr error
	for i, w := range post.Weights {
		if cerr = ctx.Err(); cerr != nil {
			break
		}
		if w > 0 {
			jobs <- i
		}
	}
	close(jobs)
	wg.Wait()
	if cerr == nil {
		cerr = ctx.Err()
	}
	if cerr != nil {
		return nil, cerr
	}
	out := make([]Prediction, k)
	for c, cl := range claims {
		out[c].Key = "claim:" + cl.Name
	}
	for j, rt := range routes {
		out[len(claims)+j].Key = "route:" + rt.Name
	}
	for c := range out {
		var ps, ws []float64
		for i, t := range tallies {
			if t.err != nil || t.consistent == 0 || post.Weights[i] == 0 {
				continue
			}
			ps = append(ps, float64(t.holds[c])/float64(t.consistent))
			ws = append(ws, post.Weights[i])
			out[c].Consistent += t.consistent
		}
		if len(ps) == 0 {
			return nil, fmt.Errorf("explore: %w: no posterior draw gave a run consistent with history %s in %d runs", ErrNoConsistentDraw, h.Name, runs)
		}
		total := sum(ws)
		for i := range ws {
			ws[i] /= total
			out[c].P += float64(ws[i] * ps[i])
		}
		out[c].Q05, out[c].Q95 = weightedQuantile(ps, ws, 0.05), weightedQuantile(ps, ws, 0.95)
	}
	return out, nil
}

// PartialSpace is the space of the hyperparameters of partial pooling
// across scenarios: for each shared parameter (as SharedSpace chooses and
// bounds them), its population's median, uniform over its range, and its
// spread, the standard deviation of the logit of a member's position in
// the range, uniform on [0, 2] (from all members alike to members spread
// over most of the range). Give the populations to ABCConfig.
func PartialSpace(scs []*scenario.Scenario, names []string) (Space, []Population, error) {
	shared, err := SharedSpace(scs, names)
	if err != nil {
		return Space{}, nil, err
	}
	var s Space
	var pops []Population
	for i, n := range shared.Names {
		pops = append(pops, Population{Name: n, Lo: shared.Lo[i], Hi: shared.Hi[i], Median: len(s.Names), Spread: len(s.Names) + 1})
		s.Names = append(s.Names, n+":median", n+":spread")
		s.Lo = append(s.Lo, shared.Lo[i], 0)
		s.Hi = append(s.Hi, shared.Hi[i], 2)
		s.Priors = append(s.Priors, nil, nil)
	}
	return s, pops, s.check()
}

// SharedSpace is the space of the parameters several scenarios share: by
// default those every scenario declares with one range (names gives them
// instead). Each
// varies over the intersection of its ranges, as the first scenario's
// prior when every scenario that declares it gives the same one (by its
// description), else uniformly; an empty intersection is an error naming
// the parameter.
func SharedSpace(scs []*scenario.Scenario, names []string) (Space, error) {
	if len(scs) == 0 {
		return Space{}, errors.New("explore: no scenarios")
	}
	if names == nil {
		// Those every scenario declares alike: a parameter named alike over
		// other ranges (days in a deadline week, months after a framework)
		// means another thing, and is not pooled unless named.
		for _, p := range scs[0].Parameters() {
			every := p.Ranged()
			for _, sc := range scs[1:] {
				q, ok := sc.Param(p.Name)
				if !ok {
					every = false
					continue
				}
				if d := sc.Parameters()[q]; d.Min != p.Min || d.Max != p.Max {
					every = false
				}
			}
			if every {
				names = append(names, p.Name)
			}
		}
		if len(names) == 0 {
			return Space{}, errors.New("explore: the scenarios share no parameter declared alike, with one range (name one with -shared)")
		}
	}
	var s Space
	for _, n := range names {
		lo, hi := math.Inf(-1), math.Inf(1)
		var prior distuv.Quantiler
		priorText, samePrior, found := "", true, 0
		for _, sc := range scs {
			p, ok := sc.Param(n)
			if !ok {
				continue
			}
			decl := sc.Parameters()[p]
			if !decl.Ranged() {
				return Space{}, fmt.Errorf("explore: parameter %q of %s has no range to calibrate over", n, sc.Name())
			}
			lo, hi = max(lo, decl.Min), min(hi, decl.Max)
			text := ""
			if decl.Prior != nil {
				text = fmt.Sprintf("%v", decl.Prior)
			}
			if found == 0 {
				prior, priorText = decl.Prior, text
			} else if text != priorText {
				samePrior = false
			}
			found++
		}
		switch {
		case found == 0:
			return Space{}, fmt.Errorf("explore: no scenario declares parameter %q", n)
		case !(lo < hi):
			return Space{}, fmt.Errorf("explore: parameter %q has no range common to the scenarios that declare it", n)
		}
		// A prior that excludes a scenario's own value would teach it
		// nothing it could hold.
		for _, sc := range scs {
			if x, ok := sc.Values()[n]; ok && (x < lo || x > hi) {
				return Space{}, fmt.Errorf("explore: parameter %q: %s's value %g lies outside [%g, %g], the range every scenario that declares it allows: these scenarios do not mean one thing by it", n, sc.Name(), x, lo, hi)
			}
		}
		if !samePrior {
			prior = nil
		}
		s.Names, s.Lo, s.Hi, s.Priors = append(s.Names, n), append(s.Lo, lo), append(s.Hi, hi), append(s.Priors, prior)
	}
	return s, s.check()
}
