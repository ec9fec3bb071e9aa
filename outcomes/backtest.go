package outcomes

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"github.com/parleysim/parley/scenario"
)

// CaseRecord is one case of a casebook: the Result of a past negotiation
// modelled as of its first day, and what happened after.
type CaseRecord struct {
	Name     string
	Result   *Result
	Happened []scenario.Statement
	// Kind is the case's kind of negotiation (leaders-summit, ceasefire,
	// ...) and Template the reference class its model was made from, empty
	// for a bespoke model: Backtest.By groups the skill by either.
	Kind, Template string
}

// Backtest is a casebook scored: every forecast of every case against what
// happened (Model), and the same happenings forecast by a naive baseline
// (Baseline): for each case, the base rate of the other cases' happenings,
// by Laplace's rule of succession ((true + 1) / (all + 2)), so that a
// baseline never forecasts with certainty from a small casebook whose
// other cases all went one way. A model that does not beat the baseline
// knows nothing a base rate does not.
type Backtest struct {
	Cases    []CaseScore `json:"cases"`
	Model    *Score      `json:"model"`
	Baseline *Score      `json:"baseline"`
}

// CaseScore is one case's forecasts scored, beside the baseline's.
type CaseScore struct {
	Name     string `json:"name"`
	Kind     string `json:"kind,omitempty"`
	Template string `json:"template,omitempty"`
	N        int    `json:"n"`
	// True counts the case's happenings that came true.
	True int `json:"true"`
	// Brier and Log are the model's mean scores over the case's happenings;
	// BaselineBrier and BaselineLog the baseline's, which forecast every
	// happening of the case at BaseRate, the other cases' base rate.
	Brier         float64 `json:"brier"`
	Log           float64 `json:"log"`
	BaseRate      float64 `json:"base_rate"`
	BaselineBrier float64 `json:"baseline_brier"`
	BaselineLog   float64 `json:"baseline_log"`
}

// ScoreCasebook scores a casebook of at least two cases, with bins as in
// ScoreForecasts. A happening its case's Result cannot forecast is an
// error naming the case.
func ScoreCasebook(cases []CaseRecord, bins int) (*Backtest, error) {
	if len(cases) < 2 {
		return nil, fmt.Errorf("outcomes: a casebook needs at least two cases to compare with a base rate, got %d", len(cases))
	}
	per := make([]*Score, len(cases))
	seen := map[string]bool{}
	for i, c := range cases {
		if seen[c.Name] {
			return nil, fmt.Errorf("outcomes: case %q twice in the casebook", c.Name)
		}
		seen[c.Name] = true
		if c.Result == nil || len(c.Happened) == 0 {
			return nil, fmt.Errorf("outcomes: case %q has no result or nothing that happened", c.Name)
		}
		s, err := ScoreForecasts([]*Result{c.Result}, c.Happened, bins)
		if err != nil {
			return nil, fmt.Errorf("case %s: %w", c.Name, err)
		}
		for k := range s.Items {
			s.Items[k].Scenario = c.Name
		}
		per[i] = s
	}
	var model, baseline []ScoredItem
	bt := &Backtest{}
	for i, s := range per {
		// The base rate of the other cases: this case's outcomes never
		// inform its own baseline.
		hits, n := 0, 0
		for j, o := range per {
			if j == i {
				continue
			}
			for _, it := range o.Items {
				n++
				if it.Happened {
					hits++
				}
			}
		}
		rate := (float64(hits) + 1) / (float64(n) + 2)
		var base []ScoredItem
		for _, it := range s.Items {
			base = append(base, ScoredItem{Name: it.Name, Scenario: it.Scenario, P: rate, Happened: it.Happened})
		}
		bs, err := ScoreItems(base, bins)
		if err != nil {
			return nil, err
		}
		came := 0
		for _, it := range s.Items {
			if it.Happened {
				came++
			}
		}
		bt.Cases = append(bt.Cases, CaseScore{Name: cases[i].Name, Kind: cases[i].Kind, Template: cases[i].Template, N: s.N, True: came,
			Brier: s.Brier, Log: s.Log, BaseRate: rate, BaselineBrier: bs.Brier, BaselineLog: bs.Log})
		model = append(model, s.Items...)
		baseline = append(baseline, bs.Items...)
	}
	var err error
	if bt.Model, err = ScoreItems(model, bins); err != nil {
		return nil, err
	}
	if bt.Baseline, err = ScoreItems(baseline, bins); err != nil {
		return nil, err
	}
	return bt, nil
}

// Skill is a skill score against the baseline, 1 − model / baseline (0:
// no better than the base rate; 1: perfect), for the Brier and the log
// score, each with a percentile bootstrap interval over the casebook's
// cases: the cases are drawn again with replacement, Resamples times, and
// the skill of each draw's claims computed. A casebook of a few cases has
// a wide interval, which is what it knows. A log skill is -Inf when a
// certain forecast failed.
type Skill struct {
	Brier, BrierLo, BrierHi float64
	Log, LogLo, LogHi       float64
	Confidence              float64
	Resamples               int
	// Cases counts the cases resampled.
	Cases int
}

// Interval reports whether the skill's interval says anything: drawn
// from fewer than five cases, a bootstrap's interval is mostly the few
// cases themselves, and is not to be shown as an interval.
func (s Skill) Interval() bool { return s.Cases >= 5 }

// Skill computes the skill scores with their bootstrap intervals at the
// confidence level given (0 means 0.95), from resamples draws (0 means
// 2,000) of a stream seeded by seed: the same seed gives the same
// interval.
func (bt *Backtest) Skill(resamples int, seed uint64, confidence float64) (Skill, error) {
	all := make([]int, len(bt.Cases))
	for i := range all {
		all[i] = i
	}
	return bt.skillOf(all, resamples, seed, confidence)
}

// Group is a group of a backtest's cases (those of one kind, say) with
// their skill against the baseline, its bootstrap interval over the
// group's cases.
type Group struct {
	Name string
	// Cases and Claims count the group's cases and claims; True counts the
	// claims that came true.
	Cases, Claims, True int
	// Brier and BaselineBrier are the group's mean Brier scores.
	Brier, BaselineBrier float64
	Skill                Skill
}

// By groups the cases by key (the case's Kind, say, or whether it has a
// Template) and gives each group's skill as Skill does, groups in the
// order of their first case. Each case keeps its baseline, the base rate
// of every other case of the casebook: a group is scored, not re-based.
func (bt *Backtest) By(key func(c CaseScore) string, resamples int, seed uint64, confidence float64) ([]Group, error) {
	var names []string
	members := map[string][]int{}
	for i, c := range bt.Cases {
		k := key(c)
		if _, ok := members[k]; !ok {
			names = append(names, k)
		}
		members[k] = append(members[k], i)
	}
	out := make([]Group, 0, len(names))
	for _, n := range names {
		g := Group{Name: n, Cases: len(members[n])}
		var mb, bb float64
		for _, i := range members[n] {
			c := &bt.Cases[i]
			g.Claims += c.N
			g.True += c.True
			mb += float64(float64(c.N) * c.Brier)
			bb += float64(float64(c.N) * c.BaselineBrier)
		}
		g.Brier, g.BaselineBrier = mb/float64(g.Claims), bb/float64(g.Claims)
		var err error
		if g.Skill, err = bt.skillOf(members[n], resamples, seed, confidence); err != nil {
			return nil, err
		}
		out = append(out, g)
	}
	return out, nil
}

// skillOf is Skill over the cases at idx.
func (bt *Backtest) skillOf(idx []int, resamples int, seed uint64, confidence float64) (Skill, error) {
	if resamples == 0 {
		resamples = 2000
	}
	if confidence == 0 {
		confidence = 0.95
	}
	if resamples < 1 || resamples > 1_000_000 || !(confidence > 0 && confidence < 1) || len(idx) == 0 {
		return Skill{}, fmt.Errorf("outcomes: a skill interval needs 1 to 1,000,000 resamples, a confidence in (0, 1) and cases: got %d, %v, %d cases", resamples, confidence, len(idx))
	}
	// Each case's sums of item scores: a draw's skill is its sums' ratio.
	skill := func(pick func(i int) int) (brier, log float64) {
		var mb, bb, ml, bl float64
		for k := range idx {
			c := &bt.Cases[idx[pick(k)]]
			n := float64(c.N)
			mb += float64(n * c.Brier)
			bb += float64(n * c.BaselineBrier)
			ml += float64(n * c.Log)
			bl += float64(n * c.BaselineLog)
		}
		return ratioSkill(mb, bb), ratioSkill(ml, bl)
	}
	s := Skill{Confidence: confidence, Resamples: resamples, Cases: len(idx)}
	s.Brier, s.Log = skill(func(i int) int { return i })
	rng := rand.New(rand.NewPCG(seed, 0x5ce11))
	bs, ls := make([]float64, resamples), make([]float64, resamples)
	for r := range resamples {
		bs[r], ls[r] = skill(func(int) int { return rng.IntN(len(idx)) })
	}
	slices.Sort(bs)
	slices.Sort(ls)
	tail := float64((1 - confidence) / 2) // rounded, so that arm64 does not fuse it into 1 - tail
	lo, hi := tail, 1-tail
	s.BrierLo, s.BrierHi = quantileSorted(bs, lo), quantileSorted(bs, hi)
	s.LogLo, s.LogHi = quantileSorted(ls, lo), quantileSorted(ls, hi)
	return s, nil
}

// ratioSkill is 1 − model / baseline: -Inf when the model's score is
// infinite, 0 when both are 0, NaN never.
func ratioSkill(model, baseline float64) float64 {
	switch {
	case math.IsInf(model, 1):
		return math.Inf(-1)
	case baseline == 0 && model == 0:
		return 0
	case baseline == 0:
		return math.Inf(-1)
	}
	return 1 - model/baseline
}

// quantileSorted is the q-quantile of sorted xs, by the nearest rank.
func quantileSorted(xs []float64, q float64) float64 {
	i := int(math.Ceil(q*float64(len(xs)))) - 1
	return xs[max(0, min(len(xs)-1, i))]
}

// Reforecast is the backtest with every claim forecast anew by p (say, by
// a model whose shared parameters were learnt from the other cases), the
// record and the baseline unchanged, so that the two backtests score
// different forecasts of the same claims against the same baseline. p is
// given each scored item (its Scenario is the case's name, its Name the
// claim's) and returns the new probability.
func (bt *Backtest) Reforecast(p func(it ScoredItem) (float64, error), bins int) (*Backtest, error) {
	if bt.Model == nil || p == nil {
		return nil, errors.New("outcomes: reforecasting needs a scored casebook and a forecast")
	}
	items := slices.Clone(bt.Model.Items)
	for i := range items {
		q, err := p(items[i])
		if err != nil {
			return nil, fmt.Errorf("case %s: %s: %w", items[i].Scenario, items[i].Name, err)
		}
		items[i].P = q
	}
	model, err := ScoreItems(items, bins)
	if err != nil {
		return nil, err
	}
	out := &Backtest{Model: model, Baseline: bt.Baseline, Cases: slices.Clone(bt.Cases)}
	k := 0
	for c := range out.Cases {
		cs := &out.Cases[c]
		var b, l float64
		for _, it := range model.Items[k : k+cs.N] {
			b += it.Brier
			l += it.Log
		}
		cs.Brier, cs.Log = b/float64(cs.N), l/float64(cs.N)
		k += cs.N
	}
	return out, nil
}
