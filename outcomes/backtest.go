package outcomes

import (
	"fmt"

	"github.com/parleysim/parley/scenario"
)

// CaseRecord is one case of a casebook: the Result of a past negotiation
// modelled as of its first day, and what happened after.
type CaseRecord struct {
	Name     string
	Result   *Result
	Happened []scenario.Statement
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
	Name string `json:"name"`
	N    int    `json:"n"`
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
		bt.Cases = append(bt.Cases, CaseScore{Name: cases[i].Name, N: s.N, Brier: s.Brier, Log: s.Log,
			BaseRate: rate, BaselineBrier: bs.Brier, BaselineLog: bs.Log})
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
