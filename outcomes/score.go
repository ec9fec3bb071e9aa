package outcomes

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/parleysim/parley/internal/fmath"
	"github.com/parleysim/parley/scenario"
)

// recordName is how a statement of the record is named in scores: the
// claim's name, or "route NAME by DAY".
func recordName(h scenario.Statement) string {
	switch {
	case h.Kind == scenario.StatementClaim:
		return h.Target
	case h.Name != "":
		return h.Name
	case h.Kind == scenario.StatementRoute:
		return fmt.Sprintf("route %s by day %g", h.Target, h.To)
	}
	return h.String()
}

// Forecast returns the probability the Result gave a statement of what
// happened: a claim's (scenario.ClaimNamed, or the claim's own statement,
// named), or a route's completion by a day (which must be a report day);
// one minus it for a negated reference or route statement.
func (r *Result) Forecast(h scenario.Statement) (float64, error) {
	p, err := r.forecast(h)
	// A named statement is the claim itself, whose probability already
	// counts its negation; a reference to a claim, or a route's statement,
	// is negated here.
	if err == nil && h.Not && (h.Kind == scenario.StatementClaim || h.Name == "") {
		p = 1 - p
	}
	return p, err
}

func (r *Result) forecast(h scenario.Statement) (float64, error) {
	name := h.Name
	if h.Kind == scenario.StatementClaim {
		name = h.Target
	}
	if name != "" {
		if !r.records("claim", name) {
			return 0, r.notRecorded("claim:" + name)
		}
		e, ok := r.Claim(name)
		if !ok {
			return 0, fmt.Errorf("outcomes: %q has no claim %q", r.Scenario, name)
		}
		return e.P, nil
	}
	if h.Kind == scenario.StatementRoute && h.Status == scenario.RouteCompleted {
		if !r.records("route", h.Target) {
			return 0, r.notRecorded("route:" + h.Target)
		}
		rt, ok := r.Route(h.Target)
		if !ok {
			return 0, fmt.Errorf("outcomes: %q has no route %q", r.Scenario, h.Target)
		}
		c, _, _, err := rt.At(r, h.To)
		if err != nil {
			return 0, fmt.Errorf("outcomes: route %s by day %v: %w", h.Target, h.To, err)
		}
		return c.P, nil
	}
	return 0, fmt.Errorf("outcomes: %s is neither a claim nor a route completed by a day: name it as a claim of the scenario", h)
}

// ScoredItem is one forecast and what happened. Result is the index,
// among the results ScoreForecasts was given, of the one that made it.
type ScoredItem struct {
	Name     string  `json:"name"`
	Scenario string  `json:"scenario"`
	Result   int     `json:"result"`
	P        float64 `json:"p"`
	Happened bool    `json:"happened"`
	Brier    float64 `json:"brier"`
	Log      float64 `json:"log"` // +Inf for a certain forecast that failed
}

// ReliabilityBin is one bin of forecasts: their number, mean forecast and
// the share of them that happened.
type ReliabilityBin struct {
	Lo, Hi       float64 `json:"-"`
	N            int     `json:"n"`
	MeanForecast float64 `json:"mean_forecast"`
	Observed     float64 `json:"observed"`
}

// Score is a record of forecasts scored against what happened: the Brier
// score (mean squared error), the logarithmic score (mean of -log of the
// probability given to what happened; infinite when a forecast of 0 or 1
// failed, reported as such, never clamped), and the Murphy (1973)
// decomposition of the Brier score over forecast bins: Brier = Reliability
// - Resolution + Uncertainty, exact when the forecasts within each bin are
// equal (otherwise the difference is in WithinBin).
type Score struct {
	N           int              `json:"n"`
	Brier       float64          `json:"brier"`
	Log         float64          `json:"log"`
	Reliability float64          `json:"reliability"`
	Resolution  float64          `json:"resolution"`
	Uncertainty float64          `json:"uncertainty"`
	WithinBin   float64          `json:"within_bin"`
	BaseRate    float64          `json:"base_rate"`
	Bins        []ReliabilityBin `json:"bins"`
	Items       []ScoredItem     `json:"items"`
}

// ScoreForecasts scores the results' forecasts of every happening each
// result can forecast (a forecaster's record over time: several results),
// with bins equal bins of forecast probability for the decomposition (0
// means 10). A happening no result forecasts is an error naming it.
func ScoreForecasts(results []*Result, happened []scenario.Statement, bins int) (*Score, error) {
	if bins == 0 {
		bins = 10
	}
	if bins < 1 {
		return nil, fmt.Errorf("outcomes: %d bins", bins)
	}
	for _, r := range results {
		claims := make(map[string]bool, len(r.Claims))
		for _, c := range r.Claims {
			if claims[c.Name] {
				return nil, fmt.Errorf("outcomes: %q lists claim %q twice: which forecast is meant?", r.Scenario, c.Name)
			}
			claims[c.Name] = true
		}
	}
	s := &Score{}
	seen := make(map[string]int, len(happened))
	for i, h := range happened {
		key := recordName(h)
		if j, ok := seen[key]; ok {
			return nil, fmt.Errorf("outcomes: %s is listed twice, as happenings %d and %d: one thing happens once", key, j, i)
		}
		seen[key] = i
		if h.Truth != scenario.TruthHeld && h.Truth != scenario.TruthNotHeld {
			return nil, fmt.Errorf("outcomes: %s: whether it happened is not known (Truth %d)", key, h.Truth)
		}
		found := false
		var unrecorded error
		for ri, r := range results {
			p, err := r.Forecast(h)
			if errors.Is(err, ErrNotRecorded) && unrecorded == nil {
				unrecorded = err
			}
			if err != nil {
				continue
			}
			found = true
			s.Items = append(s.Items, ScoredItem{Name: key, Scenario: r.Scenario, Result: ri, P: p, Happened: h.Truth == scenario.TruthHeld})
		}
		switch {
		case !found && unrecorded != nil:
			return nil, fmt.Errorf("no result forecasts %s: %w", key, unrecorded)
		case !found:
			return nil, fmt.Errorf("outcomes: no result forecasts %s", key)
		}
	}
	return ScoreItems(s.Items, bins)
}

// ScoreItems scores forecasts already paired with what happened: each
// item's P and Happened are read, its Brier and Log scores set. bins is as
// in ScoreForecasts.
func ScoreItems(items []ScoredItem, bins int) (*Score, error) {
	if bins == 0 {
		bins = 10
	}
	if bins < 1 {
		return nil, fmt.Errorf("outcomes: %d bins", bins)
	}
	s := &Score{Items: slices.Clone(items)}
	for i := range s.Items {
		it := &s.Items[i]
		if math.IsNaN(it.P) || it.P < 0 || it.P > 1 {
			return nil, fmt.Errorf("outcomes: forecast %s is %v, not a probability", it.Name, it.P)
		}
		o := 0.0
		if it.Happened {
			o = 1
		}
		it.Brier = (it.P - o) * (it.P - o)
		if it.Happened {
			it.Log = -fmath.Log(it.P)
		} else {
			it.Log = -fmath.Log1p(-it.P)
		}
	}
	if len(s.Items) == 0 {
		return nil, fmt.Errorf("outcomes: nothing to score")
	}
	s.N = len(s.Items)
	n := float64(s.N)
	hits := 0.0
	for _, it := range s.Items {
		s.Brier += it.Brier / n
		s.Log += it.Log / n
		if it.Happened {
			hits++
		}
	}
	s.BaseRate = hits / n
	s.Uncertainty = s.BaseRate * (1 - s.BaseRate)
	bs := make([]ReliabilityBin, bins)
	for k := range bs {
		bs[k].Lo, bs[k].Hi = float64(k)/float64(bins), float64(k+1)/float64(bins)
	}
	for _, it := range s.Items {
		k := min(int(it.P*float64(bins)), bins-1)
		b := &bs[k]
		b.N++
		b.MeanForecast += it.P
		if it.Happened {
			b.Observed++
		}
	}
	for k := range bs {
		b := &bs[k]
		if b.N == 0 {
			continue
		}
		m := float64(b.N)
		b.MeanForecast /= m
		b.Observed /= m
		s.Reliability += float64(m / n * (b.MeanForecast - b.Observed) * (b.MeanForecast - b.Observed))
		s.Resolution += float64(m / n * (b.Observed - s.BaseRate) * (b.Observed - s.BaseRate))
		s.Bins = append(s.Bins, *b)
	}
	s.WithinBin = s.Brier - (s.Reliability - s.Resolution + s.Uncertainty)
	return s, nil
}
