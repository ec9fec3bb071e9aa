package outcomestest

import (
	"bytes"
	"context"
	"fmt"
	"math"

	"github.com/stretchr/testify/assert"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// TestingT is what the assertions need of a *testing.T.
type TestingT interface {
	Errorf(format string, args ...any)
	Helper()
}

// Options configures the run behind the assertions. A nil *Options uses the
// defaults given in the field comments.
type Options struct {
	// Runs is the number of runs; 0 means 100,000.
	Runs int
	// Seed is the run's seed; 0 means 1.
	Seed uint64
	// Confidence is the level of the intervals the assertions use; 0 means
	// 0.999.
	Confidence float64
	// Workers is passed to outcomes.Run; the Result does not depend on it.
	Workers int
	// DrawParameters is passed to outcomes.Run: each run draws the
	// parameters with priors.
	DrawParameters bool
}

func (o *Options) settle() Options {
	var s Options
	if o != nil {
		s = *o
	}
	if s.Runs == 0 {
		s.Runs = 100_000
	}
	if s.Seed == 0 {
		s.Seed = 1
	}
	if s.Confidence == 0 {
		s.Confidence = 0.999
	}
	return s
}

// RunsFor returns the number of runs after which no interval at the given
// confidence is wider than margin (half-width margin/2), so that an
// assertion wrong by more than margin fails.
func RunsFor(margin, confidence float64) int {
	z := zScore(confidence)
	return int(math.Ceil(z * z / (margin * margin)))
}

func zScore(confidence float64) float64 {
	return distuv.UnitNormal.Quantile(1 - (1-confidence)/2)
}

// Scenario is a scenario run once, with assertions on its Result.
type Scenario struct {
	t    TestingT
	opts Options
	Res  *outcomes.Result
}

// Run runs sc with the options and returns it for assertions; a failed run
// fails the test and returns nil.
func Run(t TestingT, sc *scenario.Scenario, opts *Options) *Scenario {
	t.Helper()
	o := opts.settle()
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: o.Runs, Seed: o.Seed, Workers: o.Workers, Confidence: o.Confidence, DrawParameters: o.DrawParameters})
	if err != nil {
		t.Errorf("outcomestest: running %v: %v", name(sc), err)
		return nil
	}
	return &Scenario{t: t, opts: o, Res: res}
}

func name(sc *scenario.Scenario) string {
	if sc == nil {
		return "a nil scenario"
	}
	return fmt.Sprintf("%q", sc.Name())
}

func (s *Scenario) describe(what string, e outcomes.Estimate) string {
	return fmt.Sprintf("%s: estimate %.5f, %g%% interval [%.5f, %.5f], %d of %d runs, seed %d",
		what, e.P, 100*s.opts.Confidence, e.Lo, e.Hi, e.Hits, e.N, s.opts.Seed)
}

// within fails unless the interval meets [lo, hi].
func (s *Scenario) within(what string, e outcomes.Estimate, ok bool, lo, hi float64) bool {
	s.t.Helper()
	if !ok {
		return assert.Fail(s.t, fmt.Sprintf("outcomestest: %s: no such quantity in %q", what, s.Res.Scenario))
	}
	if e.Hi < lo || e.Lo > hi {
		return assert.Fail(s.t, fmt.Sprintf("outcomestest: P is not in [%g, %g]", lo, hi), s.describe(what, e))
	}
	return true
}

// above fails unless the interval reaches above p.
func (s *Scenario) above(what string, e outcomes.Estimate, ok bool, p float64) bool {
	s.t.Helper()
	if !ok {
		return assert.Fail(s.t, fmt.Sprintf("outcomestest: %s: no such quantity in %q", what, s.Res.Scenario))
	}
	if e.Hi <= p {
		return assert.Fail(s.t, fmt.Sprintf("outcomestest: P is not above %g", p), s.describe(what, e))
	}
	return true
}

// below fails unless the interval reaches below p.
func (s *Scenario) below(what string, e outcomes.Estimate, ok bool, p float64) bool {
	s.t.Helper()
	if !ok {
		return assert.Fail(s.t, fmt.Sprintf("outcomestest: %s: no such quantity in %q", what, s.Res.Scenario))
	}
	if e.Lo >= p {
		return assert.Fail(s.t, fmt.Sprintf("outcomestest: P is not below %g", p), s.describe(what, e))
	}
	return true
}

// ClaimWithin asserts that P(claim) is in [lo, hi].
func (s *Scenario) ClaimWithin(claim string, lo, hi float64) bool {
	if s == nil {
		return false // Run has failed the test already
	}
	s.t.Helper()
	e, ok := s.Res.Claim(claim)
	return s.within("claim "+claim, e, ok, lo, hi)
}

// ClaimAbove asserts that P(claim) is greater than p.
func (s *Scenario) ClaimAbove(claim string, p float64) bool {
	if s == nil {
		return false // Run has failed the test already
	}
	s.t.Helper()
	e, ok := s.Res.Claim(claim)
	return s.above("claim "+claim, e, ok, p)
}

// ClaimBelow asserts that P(claim) is less than p.
func (s *Scenario) ClaimBelow(claim string, p float64) bool {
	if s == nil {
		return false // Run has failed the test already
	}
	s.t.Helper()
	e, ok := s.Res.Claim(claim)
	return s.below("claim "+claim, e, ok, p)
}

// FinalWithin asserts that P(ending in state) is in [lo, hi]; state may be
// "open".
func (s *Scenario) FinalWithin(state string, lo, hi float64) bool {
	if s == nil {
		return false // Run has failed the test already
	}
	s.t.Helper()
	e, ok := s.Res.FinalState(state)
	return s.within("final state "+state, e, ok, lo, hi)
}

// RouteCompletedWithin asserts that P(route completed by day) is in [lo, hi].
func (s *Scenario) RouteCompletedWithin(route string, day, lo, hi float64) bool {
	if s == nil {
		return false // Run has failed the test already
	}
	s.t.Helper()
	return s.routeWithin(route, "completed by", day, lo, hi, func(c, _, _ outcomes.Estimate) outcomes.Estimate { return c })
}

// RouteOpenWithin asserts that P(route still open at day) is in [lo, hi].
func (s *Scenario) RouteOpenWithin(route string, day, lo, hi float64) bool {
	if s == nil {
		return false // Run has failed the test already
	}
	s.t.Helper()
	return s.routeWithin(route, "open at", day, lo, hi, func(_, o, _ outcomes.Estimate) outcomes.Estimate { return o })
}

// routeWithin asserts on one of a route's statuses at a day.
func (s *Scenario) routeWithin(route, status string, day, lo, hi float64, pick func(c, o, x outcomes.Estimate) outcomes.Estimate) bool {
	s.t.Helper()
	r, ok := s.Res.Route(route)
	var e outcomes.Estimate
	if ok {
		c, o, x, err := r.At(s.Res, day)
		if err != nil {
			return assert.Fail(s.t, fmt.Sprintf("outcomestest: route %s %s day %g: %v", route, status, day, err))
		}
		e = pick(c, o, x)
	}
	return s.within(fmt.Sprintf("route %s %s day %g", route, status, day), e, ok, lo, hi)
}

// ReachedWithin asserts that P(state reached by day) is in [lo, hi].
func (s *Scenario) ReachedWithin(state string, day, lo, hi float64) bool {
	if s == nil {
		return false // Run has failed the test already
	}
	s.t.Helper()
	st, ok := s.Res.State(state)
	var e outcomes.Estimate
	if ok {
		var err error
		if e, err = st.By(s.Res, day); err != nil {
			return assert.Fail(s.t, fmt.Sprintf("outcomestest: state %s reached by day %g: %v", state, day, err))
		}
	}
	return s.within(fmt.Sprintf("state %s reached by day %g", state, day), e, ok, lo, hi)
}

// DeclineWithin asserts that the share of runs proposing meeting in which
// actor declined it is in [lo, hi].
func (s *Scenario) DeclineWithin(meeting, actor string, lo, hi float64) bool {
	if s == nil {
		return false // Run has failed the test already
	}
	s.t.Helper()
	e, ok := s.Res.Decline(meeting, actor)
	return s.within(fmt.Sprintf("decline of %s by %s", meeting, actor), e, ok, lo, hi)
}

// AgreesWithExact runs sc by Monte Carlo and exactly, and asserts that every
// final state, claim, route status (on every day) and event probability of
// the exact Result lies in the Monte Carlo interval. The intervals are
// widened for the number of comparisons (Bonferroni), so the chance that a
// correct engine fails stays at most 1 - Confidence over seeds.
func AgreesWithExact(t TestingT, sc *scenario.Scenario, opts *Options) bool {
	t.Helper()
	o := opts.settle()
	ex, err := outcomes.Exact(context.Background(), sc, nil)
	if err != nil {
		return assert.Fail(t, fmt.Sprintf("outcomestest: exact analysis of %v: %v", name(sc), err))
	}
	mc, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: o.Runs, Seed: o.Seed, Workers: o.Workers, DrawParameters: o.DrawParameters})
	if err != nil {
		return assert.Fail(t, fmt.Sprintf("outcomestest: running %v: %v", name(sc), err))
	}
	type pair struct {
		what  string
		mc    outcomes.Estimate
		exact float64
	}
	var pairs []pair
	for _, f := range ex.Final {
		e, _ := mc.FinalState(f.Name)
		pairs = append(pairs, pair{"final state " + f.Name, e, f.P})
	}
	for _, c := range ex.Claims {
		e, _ := mc.Claim(c.Name)
		pairs = append(pairs, pair{"claim " + c.Name, e, c.P})
	}
	for _, r := range ex.Routes {
		m, _ := mc.Route(r.Name)
		for d, day := range ex.Days {
			pairs = append(pairs,
				pair{fmt.Sprintf("route %s completed by day %g", r.Name, day), m.CompletedBy[d], r.CompletedBy[d].P},
				pair{fmt.Sprintf("route %s open at day %g", r.Name, day), m.OpenAt[d], r.OpenAt[d].P},
				pair{fmt.Sprintf("route %s closed at day %g", r.Name, day), m.ClosedAt[d], r.ClosedAt[d].P})
		}
	}
	for _, e := range ex.Events {
		m, _ := mc.Event(e.Name)
		pairs = append(pairs, pair{"event " + e.Name, m.Occurred, e.Occurred.P})
	}
	conf := 1 - (1-o.Confidence)/float64(len(pairs))
	ok := true
	for _, p := range pairs {
		e := outcomes.Wilson(p.mc.Hits, p.mc.N, conf)
		if !e.Contains(p.exact) {
			ok = assert.Fail(t, fmt.Sprintf("outcomestest: %s: exact %.6f outside the Monte Carlo interval [%.6f, %.6f] (estimate %.6f, %d runs, seed %d, %g%% per comparison)",
				p.what, p.exact, e.Lo, e.Hi, e.P, e.N, o.Seed, 100*conf))
		}
	}
	return ok
}

// SameResult runs a and b with the same seed and asserts that their Results
// are the same, bit for bit: for example a scenario built in Go and the same
// scenario loaded from a file.
func SameResult(t TestingT, a, b *scenario.Scenario, opts *Options) bool {
	t.Helper()
	o := opts.settle()
	var out [2]bytes.Buffer
	for i, sc := range []*scenario.Scenario{a, b} {
		res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: o.Runs, Seed: o.Seed, Workers: o.Workers, DrawParameters: o.DrawParameters})
		if err != nil {
			return assert.Fail(t, fmt.Sprintf("outcomestest: running %v: %v", name(sc), err))
		}
		if err := res.WriteJSON(&out[i]); err != nil {
			return assert.Fail(t, fmt.Sprintf("outcomestest: encoding the result of %v: %v", name(sc), err))
		}
	}
	return assert.Equal(t, out[0].String(), out[1].String(), "results of %v and %v, %d runs, seed %d", name(a), name(b), o.Runs, o.Seed)
}

// Variants are two variants of a scenario run with the same seed, so with
// common random numbers: run i of one draws what run i of the other draws,
// and their difference is not noise of the streams.
type Variants struct {
	t    TestingT
	opts Options
	A, B *outcomes.Result
}

// Compare runs a and b with the options; a failed run fails the test and
// returns nil.
func Compare(t TestingT, a, b *scenario.Scenario, opts *Options) *Variants {
	t.Helper()
	sa, sb := Run(t, a, opts), Run(t, b, opts)
	if sa == nil || sb == nil {
		return nil
	}
	return &Variants{t: t, opts: sa.opts, A: sa.Res, B: sb.Res}
}

// difference returns B - A of the estimate under key (see
// outcomes.Result.Estimate), or fails.
func (v *Variants) difference(key string) (outcomes.Difference, string, bool) {
	v.t.Helper()
	a, err := v.A.Estimate(key)
	if err == nil {
		var b outcomes.Estimate
		if b, err = v.B.Estimate(key); err == nil {
			d := outcomes.Diff(b, a)
			return d, fmt.Sprintf("%s: A %.5f, B %.5f, B - A %+.5f, %g%% interval [%+.5f, %+.5f], %d runs each, seed %d",
				key, a.P, b.P, d.D, 100*v.opts.Confidence, d.Lo, d.Hi, a.N, v.opts.Seed), true
		}
	}
	assert.Fail(v.t, fmt.Sprintf("outcomestest: %v", err))
	return outcomes.Difference{}, "", false
}

// DiffWithin asserts that the difference B - A of the probability under key
// (such as "claim:merz-14" or "route:us-proposal@30:open") is in [lo, hi]:
// that its interval meets it.
func (v *Variants) DiffWithin(key string, lo, hi float64) bool {
	v.t.Helper()
	d, what, ok := v.difference(key)
	if !ok {
		return false
	}
	if d.Hi < lo || d.Lo > hi {
		return assert.Fail(v.t, fmt.Sprintf("outcomestest: B - A is not in [%g, %g]", lo, hi), what)
	}
	return true
}

// DiffAbove asserts that B - A of the probability under key is greater
// than d: that its interval lies above d.
func (v *Variants) DiffAbove(key string, d float64) bool {
	v.t.Helper()
	diff, what, ok := v.difference(key)
	if !ok {
		return false
	}
	if diff.Lo <= d {
		return assert.Fail(v.t, fmt.Sprintf("outcomestest: B - A is not above %g", d), what)
	}
	return true
}

// DiffBelow asserts that B - A of the probability under key is less than
// d: that its interval lies below d.
func (v *Variants) DiffBelow(key string, d float64) bool {
	v.t.Helper()
	diff, what, ok := v.difference(key)
	if !ok {
		return false
	}
	if diff.Hi >= d {
		return assert.Fail(v.t, fmt.Sprintf("outcomestest: B - A is not below %g", d), what)
	}
	return true
}

// AgreedMeanWithin asserts that the mean value the meeting agreed on the
// issue is in [lo, hi]: that its interval (or the mean itself, with one
// agreement) meets it.
func (s *Scenario) AgreedMeanWithin(meeting, issue string, lo, hi float64) bool {
	s.t.Helper()
	a, ok := s.Res.Agreement(meeting, issue)
	what := fmt.Sprintf("agreed %s at %s", issue, meeting)
	switch {
	case !ok:
		return assert.Fail(s.t, fmt.Sprintf("outcomestest: %s: no such meeting and issue in %q", what, s.Res.Scenario))
	case a.Mean == nil:
		return assert.Fail(s.t, fmt.Sprintf("outcomestest: %s: nothing was agreed in %d meetings held", what, a.Held))
	}
	mlo, mhi := *a.Mean, *a.Mean
	if len(a.MeanInterval) == 2 {
		mlo, mhi = a.MeanInterval[0], a.MeanInterval[1]
	}
	if mhi < lo || mlo > hi {
		return assert.Fail(s.t, fmt.Sprintf("outcomestest: mean agreed value is not in [%g, %g]", lo, hi),
			fmt.Sprintf("%s: mean %.5g, interval [%.5g, %.5g], %d meetings held, seed %d", what, *a.Mean, mlo, mhi, a.Held, s.opts.Seed))
	}
	return true
}

// NoAgreementWithin asserts that the share of the meetings held that agreed
// nothing on the issue is in [lo, hi].
func (s *Scenario) NoAgreementWithin(meeting, issue string, lo, hi float64) bool {
	s.t.Helper()
	a, ok := s.Res.Agreement(meeting, issue)
	var e outcomes.Estimate
	if ok {
		e = a.NoAgreement
	}
	return s.within("no agreement on "+issue+" at "+meeting, e, ok, lo, hi)
}
