package explore

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/parleysim/parley/scenario"
)

// LearnShared learns the parameters named (nil: those every history's
// scenario declares) from the histories by complete pooling: one value of
// each, for every history that declares it, its prior the intersection of
// the histories' ranges (SharedSpace). Histories that declare none of the
// names tell nothing of them and are left out. It is the learning step of
// LeaveOut.
func LearnShared(ctx context.Context, histories []History, names []string, cfg *ABCConfig) (*Posterior, error) {
	var scs []*scenario.Scenario
	var some []History
	for i, h := range histories {
		if h.Scenario == nil {
			return nil, fmt.Errorf("explore: history %d (%s) has no scenario", i, h.Name)
		}
		if names == nil || slices.ContainsFunc(names, func(n string) bool { _, ok := h.Scenario.Param(n); return ok }) {
			scs, some = append(scs, h.Scenario), append(some, h)
		}
	}
	if len(some) == 0 {
		return nil, fmt.Errorf("explore: no history declares %s", strings.Join(names, " or "))
	}
	histories = some
	space, err := SharedSpace(scs, names)
	if err != nil {
		return nil, err
	}
	return Calibrate(ctx, histories, space, cfg)
}

// Fold is one case of a leave-one-out: what the other cases taught of
// the shared parameters, and the case's claims forecast with it as of its
// day 0.
type Fold struct {
	Name        string
	Posterior   *Posterior
	Predictions []Prediction
}

// LeaveOut is one fold of the honest test of learning from a casebook:
// the shared parameters (names, or nil for those every history declares
// alike, with one range) are learnt from every history but the
// one at index out (LearnShared, with cfg), and that history's claims and
// routes are forecast as of its day 0, without its observations, by the
// posterior predictive (Predict, predictRuns runs of each draw): its own
// values of the shared parameters are replaced by what the others taught.
// Taking each index in turn is leave-one-out. The fold is seeded from cfg.Seed
// and out, so that it is the same for any number of workers. It needs at
// least three histories, so that each fold learns from two.
func LeaveOut(ctx context.Context, histories []History, out int, names []string, cfg *ABCConfig, predictRuns int) (Fold, error) {
	if len(histories) < 3 {
		return Fold{}, fmt.Errorf("explore: leaving one out needs at least three histories, got %d", len(histories))
	}
	if out < 0 || out >= len(histories) {
		return Fold{}, fmt.Errorf("explore: no history %d to leave out of %d", out, len(histories))
	}
	var c ABCConfig
	if cfg != nil {
		c = *cfg
	}
	if len(c.Populations) > 0 {
		return Fold{}, errors.New("explore: leaving one out learns by complete pooling: give no populations")
	}
	if names == nil {
		// Those every history declares alike (SharedSpace), the one left
		// out included: what is shared is a matter of the models, not of
		// what happened.
		scs := make([]*scenario.Scenario, len(histories))
		for i, h := range histories {
			if h.Scenario == nil {
				return Fold{}, fmt.Errorf("explore: history %d (%s) has no scenario", i, h.Name)
			}
			scs[i] = h.Scenario
		}
		space, err := SharedSpace(scs, nil)
		if err != nil {
			return Fold{}, err
		}
		names = space.Names

	}
	h := histories[out]
	others := make([]History, 0, len(histories)-1)
	others = append(others, histories[:out]...)
	others = append(others, histories[out+1:]...)
	c.Seed = mix(c.Seed, uint64(out)<<8|0x1e)
	post, err := LearnShared(ctx, others, names, &c)
	if err != nil {
		return Fold{}, fmt.Errorf("explore: leaving out %s: %w", h.Name, err)
	}
	preds, err := Predict(ctx, post, History{Name: h.Name, Scenario: h.Scenario}, predictRuns, mix(c.Seed, 0x9e), c.Workers)
	if err != nil {
		return Fold{}, fmt.Errorf("explore: leaving out %s: %w", h.Name, err)
	}
	return Fold{Name: h.Name, Posterior: post, Predictions: preds}, nil
}
