package outcomes

import (
	"context"
	"errors"
	"fmt"
	"math"

	"github.com/parleysim/parley/internal/chain"
	"github.com/parleysim/parley/internal/fmath"
	"github.com/parleysim/parley/scenario"
)

// Conditioning reports how a Result was conditioned on observations
// (Config.Given): by rejection, keeping the runs consistent with every
// observation. Each kept run weighs the same, so the effective number of
// runs behind the Result's estimates is Accepted.
type Conditioning struct {
	// Observations states each observation, in the order given.
	Observations []string `json:"observations"`
	// Made is the number of runs made; Accepted those consistent with every
	// observation, which the Result's estimates are shares of.
	Made     int64 `json:"made"`
	Accepted int64 `json:"accepted"`
	// Likelihood is the share of runs consistent with every observation,
	// with its interval: the probability that the model produces a
	// history consistent with them.
	Likelihood Estimate `json:"likelihood"`
	// Held gives, per observation, the share of runs consistent with it
	// alone: the rarest is the one to doubt when few runs are accepted.
	Held []Estimate `json:"held"`
}

// ErrEvidence is matched by errors.Is when the observations cannot be
// conditioned on: too few runs are consistent with those of Config.Given to
// estimate anything (the message names the rarest), or they have
// probability zero, by the runs or exactly.
var ErrEvidence = errors.New("outcomes: the observations cannot be conditioned on")

// evidence compiles cfg.Given against the scenario, or returns nil.
func evidence(sc *scenario.Scenario, s settings) (*scenario.Evidence, error) {
	if len(s.Given) == 0 {
		return nil, nil
	}
	ev, err := sc.Observe(s.Given)
	if err != nil {
		return nil, err
	}
	for i := range ev.Len() {
		if o := ev.Stated(i); o.To > s.horizon {
			return nil, fmt.Errorf("%w: Given[%d] (%s) looks at day %v, past the horizon of day %v", ErrConfig, i, ev.Observation(i), o.To, s.horizon)
		}
	}
	if i, why, ok := chain.Impossible(sc, ev); ok {
		return nil, fmt.Errorf("%w: Given[%d] (%s) has probability zero in %q: %s", ErrEvidence, i, ev.Observation(i), sc.Name(), why)
	}
	return ev, nil
}

// judge counts run tr against the evidence and reports whether it is
// consistent with every observation.
func (t *tally) judge(ev *scenario.Evidence, tr *scenario.Trace) bool {
	t.made++
	all := true
	for i := range t.held {
		if ev.HoldsOne(i, tr) {
			t.held[i]++
		} else {
			all = false
		}
	}
	return all
}

// conditioning reports the rejection of runs against the evidence.
func conditioning(sc *scenario.Scenario, ev *scenario.Evidence, t *tally, z float64) *Conditioning {
	c := &Conditioning{Made: t.made, Accepted: t.runs, Likelihood: wilsonZ(t.runs, t.made, z)}
	for i := range ev.Len() {
		c.Observations = append(c.Observations, sc.Text(ev.Observation(i)))
		c.Held = append(c.Held, wilsonZ(t.held[i], t.made, z))
	}
	return c
}

// runGiven runs in batches of whole blocks until cfg.Runs runs are
// consistent with the evidence or MaxRuns were made. Batch sizes depend
// only on the counts so far, never on the workers.
func (e *engine) runGiven(ctx context.Context) (*Result, error) {
	want := int64(e.s.Runs)
	return e.runBatches(ctx, func(res *Result, done int) (int, error) {
		acc := res.Given.Accepted
		switch {
		case acc >= want:
			return 0, nil
		case done >= e.s.MaxRuns:
			return 0, e.tooRare(res.Given)
		case acc == 0 && float64(done) >= 3*float64(e.s.MaxRuns)/float64(want):
			// None consistent yet: the joint probability is below 3/done
			// (95%, the rule of three), so the runs allowed would give
			// fewer than want. Stop now rather than spend them.
			return 0, e.tooRare(res.Given)
		}
		next := 8 * float64(done)
		if acc > 0 { // the runs still needed at the share seen, and a tenth more
			next = float64(done) + 1.1*float64(want-acc)*float64(done)/float64(acc)
		}
		next = math.Min(next, float64(e.s.MaxRuns))
		return max(roundUp(int(next), BlockSize), done+BlockSize), nil
	})
}

// tooRare explains why a conditioned run gave up.
func (e *engine) tooRare(c *Conditioning) error {
	rarest := 0
	for i, h := range c.Held {
		if h.Hits < c.Held[rarest].Hits {
			rarest = i
		}
	}
	h := c.Held[rarest]
	var why string
	if h.Hits == 0 {
		why = fmt.Sprintf("the rarest, %q, held in none of them: the model gives it probability zero or below %.2g", c.Observations[rarest], h.Hi)
	} else {
		why = fmt.Sprintf("the rarest, %q, held in %d of them (%.3g%%)", c.Observations[rarest], h.Hits, 100*h.P)
	}
	if c.Accepted == 0 && len(c.Held) > 1 && h.Hits > 0 {
		why += "; each observation occurs, but never all together"
	}
	if c.Made < int64(e.s.MaxRuns) {
		why += fmt.Sprintf("; with none consistent in %d runs, the %d allowed would give about %.0f at most (the rule of three), so no more were made", c.Made, e.s.MaxRuns, math.Ceil(3*float64(e.s.MaxRuns)/float64(c.Made)))
	}
	return fmt.Errorf("%w: too few runs consistent with them: %d of %d runs of %q, %d wanted; %s (raise Config.MaxRuns, parley: -max-runs, or ask for fewer runs)",
		ErrEvidence, c.Accepted, c.Made, e.sc.Name(), e.s.Runs, why)
}

// Ratio is a ratio of two probabilities with its interval.
type Ratio struct {
	Ratio float64 `json:"ratio"`
	Lo    float64 `json:"lo"`
	Hi    float64 `json:"hi"`
}

// Verdict says in words which model the record favours, from the interval.
func (r Ratio) Verdict() string {
	switch {
	case r.Lo > 1:
		return "the observations favour B"
	case r.Hi < 1:
		return "the observations favour A"
	}
	return "the observations do not tell A from B at this number of runs"
}

// LikelihoodRatio returns b.P / a.P, the likelihood ratio of model B to
// model A given the same observations when a and b are the likelihoods of
// Conditioning, with an interval at the confidence level by the log method
// of Katz for independent runs. Runs of two variants with one seed share
// their random numbers, which makes the ratio's true spread narrower: the
// interval errs wide. With no hits on either side, half a hit is added to
// both sides for the interval only.
func LikelihoodRatio(b, a Estimate, confidence float64) Ratio {
	r := Ratio{Ratio: math.NaN(), Lo: 0, Hi: math.Inf(1)}
	if a.N == 0 || b.N == 0 {
		return r
	}
	if a.Hits > 0 {
		r.Ratio = b.P / a.P
	} else if b.Hits > 0 {
		r.Ratio = math.Inf(1)
	}
	x, n, y, m := float64(b.Hits), float64(b.N), float64(a.Hits), float64(a.N)
	if x == 0 || y == 0 {
		x, y, n, m = x+0.5, y+0.5, n+0.5, m+0.5
	}
	se := math.Sqrt(1/x - 1/n + 1/y - 1/m)
	z := zScore(confidence)
	mid := fmath.Log((x / n) / (y / m))
	r.Lo, r.Hi = fmath.Exp(mid-float64(z*se)), fmath.Exp(mid+float64(z*se))
	return r
}
