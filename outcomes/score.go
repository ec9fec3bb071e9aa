package outcomes

import (
	"fmt"
	"math"
	"slices"

	"github.com/parleysim/parley/internal/fmath"
)

// Happening is one thing that happened, or did not, against which forecasts
// are scored: a claim (Claim, by its name) or a route completed by a day
// (Route and CompletedBy). Date and Source say when it was settled and on
// what evidence; they are carried, not read.
type Happening struct {
	Claim       string
	Route       string
	CompletedBy float64
	Happened    bool
	Date        string
	Source      string
}

// Name is how the happening is named in scores: the claim's name, or
// "route NAME by DAY".
func (h Happening) Name() string {
	if h.Claim != "" {
		return h.Claim
	}
	return fmt.Sprintf("route %s by day %g", h.Route, h.CompletedBy)
}

// Forecast returns the probability the Result gave the happening: its
// claim's probability, or the route's completion by the day (which must be
// a report day).
func (r *Result) Forecast(h Happening) (float64, error) {
	switch {
	case h.Claim != "" && h.Route != "":
		return 0, fmt.Errorf("outcomes: a happening is about a claim or a route, not both (%s, %s)", h.Claim, h.Route)
	case h.Claim != "":
		e, ok := r.Claim(h.Claim)
		if !ok {
			return 0, fmt.Errorf("outcomes: %q has no claim %q", r.Scenario, h.Claim)
		}
		return e.P, nil
	case h.Route != "":
		rt, ok := r.Route(h.Route)
		if !ok {
			return 0, fmt.Errorf("outcomes: %q has no route %q", r.Scenario, h.Route)
		}
		c, _, _, err := rt.At(r, h.CompletedBy)
		if err != nil {
			return 0, fmt.Errorf("outcomes: route %s by day %v: %w", h.Route, h.CompletedBy, err)
		}
		return c.P, nil
	}
	return 0, fmt.Errorf("outcomes: a happening names a claim or a route")
}

// ScoredItem is one forecast and what happened.
type ScoredItem struct {
	Name     string  `json:"name"`
	Scenario string  `json:"scenario"`
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
func ScoreForecasts(results []*Result, happened []Happening, bins int) (*Score, error) {
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
	seen := make(map[Happening]int, len(happened))
	for i, h := range happened {
		key := Happening{Claim: h.Claim, Route: h.Route, CompletedBy: h.CompletedBy}
		if j, ok := seen[key]; ok {
			return nil, fmt.Errorf("outcomes: %s is listed twice, as happenings %d and %d: one thing happens once", h.Name(), j, i)
		}
		seen[key] = i
		found := false
		for _, r := range results {
			p, err := r.Forecast(h)
			if err != nil {
				continue
			}
			found = true
			s.Items = append(s.Items, ScoredItem{Name: h.Name(), Scenario: r.Scenario, P: p, Happened: h.Happened})
		}
		if !found {
			return nil, fmt.Errorf("outcomes: no result forecasts %s", h.Name())
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
