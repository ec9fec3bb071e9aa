package main

import (
	"context"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
)

// learntBacktest is a backtest's claims forecast again, each case with the
// shared parameters learned from every other case (leave one out).
type learntBacktest struct {
	folds []explore.Fold
	// declares says whether each fold's case declares a parameter learned.
	declares []bool
	bt       *outcomes.Backtest // the learnt forecasts scored
	// band holds each claim's 90% band over the learnt posterior, in the
	// order of bt.Model.Items.
	band [][2]float64
}

// leaveOneOut runs the folds and scores their forecasts beside the
// day-0 backtest's.
func leaveOneOut(ctx context.Context, bt *outcomes.Backtest, histories []explore.History, names []string, cfg *explore.ABCConfig, predictRuns, bins int, bar *progress) (*learntBacktest, error) {
	var folds []explore.Fold
	var declares []bool
	for i := range histories {
		f, err := explore.LeaveOut(ctx, histories, i, names, cfg, predictRuns)
		if err != nil {
			bar.done()
			return nil, err
		}
		folds = append(folds, f)
		declares = append(declares, slices.ContainsFunc(f.Posterior.Space.Names, func(n string) bool { _, ok := histories[i].Scenario.Param(n); return ok }))
		bar.update(i+1, len(histories))
	}
	bar.done()
	byCase := map[string]map[string]explore.Prediction{}
	for _, f := range folds {
		m := map[string]explore.Prediction{}
		for _, p := range f.Predictions {
			m[strings.TrimPrefix(p.Key, "claim:")] = p
		}
		byCase[f.Name] = m
	}
	out := &learntBacktest{folds: folds, declares: declares}
	var err error
	out.bt, err = bt.Reforecast(func(it outcomes.ScoredItem) (float64, error) {
		p, ok := byCase[it.Scenario][it.Name]
		if !ok {
			return 0, fmt.Errorf("no learned forecast of claim %s", it.Name)
		}
		out.band = append(out.band, [2]float64{p.Q05, p.Q95})
		return p.P, nil
	}, bins)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// writeLearnt writes the learnt forecasts beside the day-0 ones, and the
// two skills against the same baseline.
func writeLearnt(w io.Writer, cfg *outcomes.Config, bt *outcomes.Backtest, l *learntBacktest) error {
	fmt.Fprintf(w, "\nlearned from the other cases (leave one out): each case forecast with the shared parameters learned from every other case\n")
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "case\tlearned from the others: median [90% interval]")
	for i, f := range l.folds {
		var parts []string
		for _, m := range f.Posterior.Marginals {
			parts = append(parts, fmt.Sprintf("%s %.3f [%.3f, %.3f]", m.Name, m.Q50, m.Q05, m.Q95))
		}
		line := strings.Join(parts, "; ")
		if !l.declares[i] {
			line += " (the case declares none of them: its forecast is its day-0 one)"
		}
		fmt.Fprintf(tw, "%s\t%s\n", f.Name, line)
	}
	fmt.Fprintln(tw, "\ncase\tclaim\tday-0 P\tlearned P\t90% band\thappened")
	for i, it := range l.bt.Model.Items {
		fmt.Fprintf(tw, "%s\t%s\t%.4f\t%.4f\t[%.3f, %.3f]\t%v\n", it.Scenario, it.Name, bt.Model.Items[i].P, it.P, l.band[i][0], l.band[i][1], it.Happened)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	tw = tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "\n\tBrier\tlog\tBrier skill\t95% interval\tlog skill")
	for _, r := range []struct {
		name string
		b    *outcomes.Backtest
	}{{"day-0 models", bt}, {"learned, leave one out", l.bt}} {
		sk, err := r.b.Skill(0, cfg.Seed, 0)
		if err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%.4f\t%s\t%s\t%s\t%s\n", r.name, r.b.Model.Brier, logText(r.b.Model.Log), skillText(sk.Brier), intervalText(sk), skillText(sk.Log))
	}
	fmt.Fprintf(tw, "baseline\t%.4f\t%s\n", bt.Baseline.Brier, logText(bt.Baseline.Log))
	return tw.Flush()
}

// learntJSON is the learnt forecasts in the JSON output.
type learntJSON struct {
	Folds []foldJSON `json:"folds"`
	Brier float64    `json:"brier"`
	Log   any        `json:"log"`
	skillJSON
	Items []learnedClaimJSON `json:"claims"`
}

// learnedClaimJSON is one claim's learned forecast with its 90% band.
type learnedClaimJSON struct {
	Case     string  `json:"case"`
	Claim    string  `json:"claim"`
	P        float64 `json:"p"`
	Q05      float64 `json:"q05"`
	Q95      float64 `json:"q95"`
	Happened bool    `json:"happened"`
}

type foldJSON struct {
	Case     string        `json:"case"`
	Declares bool          `json:"declares"`
	Learned  []learnedJSON `json:"learned"`
}

// learnedJSON is one parameter's posterior in a fold.
type learnedJSON struct {
	Name string  `json:"name"`
	Mean float64 `json:"mean"`
	SD   float64 `json:"sd"`
	Q05  float64 `json:"q05"`
	Q50  float64 `json:"q50"`
	Q95  float64 `json:"q95"`
}

func (l *learntBacktest) json(seed uint64) (*learntJSON, error) {
	sk, err := l.bt.Skill(0, seed, 0)
	if err != nil {
		return nil, err
	}
	v := &learntJSON{Brier: l.bt.Model.Brier, Log: jsonScore(l.bt.Model.Log), skillJSON: skillOf(sk)}
	for i, f := range l.folds {
		fj := foldJSON{Case: f.Name, Declares: l.declares[i]}
		for _, m := range f.Posterior.Marginals {
			fj.Learned = append(fj.Learned, learnedJSON{m.Name, m.Mean, m.SD, m.Q05, m.Q50, m.Q95})
		}
		v.Folds = append(v.Folds, fj)
	}
	for i, it := range l.bt.Model.Items {
		v.Items = append(v.Items, learnedClaimJSON{it.Scenario, it.Name, it.P, l.band[i][0], l.band[i][1], it.Happened})
	}
	return v, nil
}
