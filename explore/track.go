package explore

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/parleysim/parley/internal/fmath"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// maxTrackDates bounds the forecasts of a track: each is a run of the
// scenario (or an exact analysis), and a track of more dates than a
// decade's days is a mistake of the step or the journal.
const maxTrackDates = 10_000

// TrackConfig sets up ForecastTrack. A nil *TrackConfig uses the
// defaults.
type TrackConfig struct {
	// Every adds a forecast every so many days after day 0 (0: only day 0
	// and the days something became known).
	Every float64
	// Run sets up the runs of each forecast (runs consistent with what was
	// known, seed, workers, confidence, MaxRuns), as for outcomes.Run with
	// Given. Where exact analysis applies, forecasts are exact instead,
	// unless the runs draw parameters from their priors (DrawParameters),
	// which exact analysis, binding every parameter, cannot.
	Run outcomes.Config
	// MonteCarlo estimates every forecast by runs, even where exact
	// analysis applies.
	MonteCarlo bool
	// Outcomes, when given, scores the track: what happened to each claim
	// (scenario.ClaimNamed(name).Known(truth, date, source), as an
	// outcomes file reads), each resolved on its date, or at the claim's
	// deadline when it has none.
	Outcomes []scenario.Statement
	// Progress, if set, is called after each forecast with the forecasts
	// made and their number.
	Progress func(done, total int)
}

// Track is the forecast track of a scenario's claims and routes: at day 0,
// on every day something became known and every Every days, the
// probability of each given everything known by then.
type Track struct {
	Scenario  string  `json:"scenario"`
	StartDate string  `json:"start_date,omitempty"`
	Horizon   float64 `json:"horizon"`
	// Exact is true when every forecast is exact; otherwise forecasts by
	// runs used seed Seed.
	Exact bool        `json:"exact"`
	Seed  uint64      `json:"seed,omitempty"`
	Dates []TrackDate `json:"dates"`
	// Claims and Routes hold one series each: a claim's probability, a
	// route's probability of being completed by the horizon.
	Claims []Series `json:"claims"`
	Routes []Series `json:"routes,omitempty"`
	// Score scores the claims' series against what happened, when
	// TrackConfig.Outcomes was given.
	Score *TrackScore `json:"score,omitempty"`
}

// TrackDate is one date of a track and what became known on it.
type TrackDate struct {
	Date string  `json:"date,omitempty"`
	Day  float64 `json:"day"`
	// News lists what became known since the date before (on day 0:
	// everything known by then).
	News []string `json:"news,omitempty"`
	// Exact is true when this date's forecasts are exact; otherwise Runs
	// is the number of runs consistent with what was known that they
	// count.
	Exact bool  `json:"exact"`
	Runs  int64 `json:"runs,omitempty"`
}

// Series is one claim's (or route's) probability on every date of a track.
type Series struct {
	Name        string `json:"name"`
	Description string `json:"description,omitempty"`
	// Deadline is the claim's day (a route's: the horizon), and
	// DeadlineDate its date when the scenario has a start date.
	Deadline     float64      `json:"deadline"`
	DeadlineDate string       `json:"deadline_date,omitempty"`
	Track        []TrackPoint `json:"track"`
	// Scored is true for a claim the outcomes say happened (Happened) or
	// not, resolved on day Resolved (its outcome's date, or its deadline
	// when the outcome has none; ResolvedDate is its date); Brier and Log
	// are then its scores averaged over time from day 0 until it resolved,
	// each forecast counting for the days it stood, as forecasting
	// platforms score, and Day0Brier and Day0Log its day-0 forecast's.
	Scored       bool     `json:"scored,omitempty"`
	Happened     bool     `json:"happened,omitempty"`
	Resolved     float64  `json:"resolved,omitempty"`
	ResolvedDate string   `json:"resolved_date,omitempty"`
	Brier        float64  `json:"brier,omitempty"`
	Log          LogScore `json:"log,omitempty"`
	Day0Brier    float64  `json:"day0_brier,omitempty"`
	Day0Log      LogScore `json:"day0_log,omitempty"`
}

// TrackPoint is a forecast on one date of a track: its probability with
// its interval (Lo = Hi = P when exact), and, for a scored track, its
// Brier and log scores against what happened.
type TrackPoint struct {
	Date  string    `json:"date,omitempty"`
	Day   float64   `json:"day"`
	P     float64   `json:"p"`
	Lo    float64   `json:"lo"`
	Hi    float64   `json:"hi"`
	Brier *float64  `json:"brier,omitempty"`
	Log   *LogScore `json:"log,omitempty"`
}

// LogScore is a logarithmic score: -ln of the probability given to what
// happened, +Inf for a certain forecast that failed. JSON, which has no
// infinity, writes that as the string "+Inf".
type LogScore float64

// MarshalJSON writes +Inf as "+Inf".
func (l LogScore) MarshalJSON() ([]byte, error) {
	if math.IsInf(float64(l), 1) {
		return []byte(`"+Inf"`), nil
	}
	return json.Marshal(float64(l))
}

// UnmarshalJSON reads what MarshalJSON writes.
func (l *LogScore) UnmarshalJSON(b []byte) error {
	if string(b) == `"+Inf"` {
		*l = LogScore(math.Inf(1))
		return nil
	}
	var x float64
	err := json.Unmarshal(b, &x)
	*l = LogScore(x)
	return err
}

// TrackScore scores a track's claims against what happened (each claim's
// own scores are in its Series): the means over the N claims scored of
// the time-averaged scores (Brier, Log) and of the day-0 ones.
type TrackScore struct {
	N         int      `json:"n"`
	Brier     float64  `json:"brier"`
	Log       LogScore `json:"log"`
	Day0Brier float64  `json:"day0_brier"`
	Day0Log   LogScore `json:"day0_log"`
}

// ForecastTrack forecasts every claim and route of sc on day 0, on every
// day something in journal became known, and every cfg.Every days, each
// time given everything known by then: the observations of journal whose
// Date (the date each became known, YYYY-MM-DD, counted from the
// scenario's start date) is on or before that day. A forecast is exact
// where outcomes.Exact applies, and otherwise the share of runs consistent
// with what was known, with its interval (outcomes.Run with Given).
//
// What became known on a date is read from that date's end (the forecast
// dated by it), so that no forecast reads what was learnt later the same
// day. Journal entries known before the start date are known from day 0;
// entries known after the horizon are not read.
func ForecastTrack(ctx context.Context, sc *scenario.Scenario, journal []scenario.Statement, cfg *TrackConfig) (*Track, error) {
	if sc == nil {
		return nil, errors.New("explore: nil scenario")
	}
	var c TrackConfig
	if cfg != nil {
		c = *cfg
	}
	if !(c.Every >= 0) || math.IsInf(c.Every, 1) {
		return nil, fmt.Errorf("explore: the track's step is %v days: give a positive number of days, or 0 for none", c.Every)
	}
	if len(c.Run.Given) > 0 {
		return nil, errors.New("explore: the track conditions on its journal: give the observations there, not in Run.Given")
	}
	start, dated := sc.StartDate()
	horizon := sc.Horizon()
	if c.Run.Horizon > 0 {
		horizon = c.Run.Horizon
	}
	// A date names its day by the last whole date up to it, as tables do:
	// day 0 is the start date's beginning, day 11 the end of the 11th
	// date.
	dateOf := func(day float64) string {
		if !dated {
			return ""
		}
		if day <= 0 {
			return start.Format(time.DateOnly)
		}
		return scenario.DateOf(start, math.Ceil(day)-1).Format(time.DateOnly)
	}
	known := make([]float64, len(journal))
	for i, o := range journal {
		if o.Date == "" {
			return nil, fmt.Errorf("explore: journal entry %d (%s) does not say when it became known: give its date", i, sc.Text(o))
		}
		if !dated {
			return nil, fmt.Errorf("explore: journal entry %d (%s) became known on %s, but %q has no start date to count it from", i, sc.Text(o), o.Date, sc.Name())
		}
		d, err := time.Parse(time.DateOnly, o.Date)
		if err != nil {
			return nil, fmt.Errorf("explore: journal entry %d (%s): %q is not a date written as 2025-08-18", i, sc.Text(o), o.Date)
		}
		// Known by the end of its date: the forecast of that date's end
		// is the first to read it, so that none reads what was learnt
		// later the same day.
		known[i] = math.Max(0, scenario.DayOf(start, d)+1)
	}

	// The dates: day 0, the days of news, and every Every days.
	days := []float64{0}
	for _, d := range known {
		if d <= horizon {
			days = append(days, d)
		}
	}
	if c.Every > 0 {
		if horizon/c.Every > maxTrackDates {
			return nil, fmt.Errorf("explore: a step of %v days over a horizon of %v days makes %.0f forecasts, more than %d: take a longer step", c.Every, horizon, horizon/c.Every, maxTrackDates)
		}
		for k := 1.0; k*c.Every <= horizon; k++ {
			days = append(days, k*c.Every)
		}
	}
	slices.Sort(days)
	days = slices.Compact(days)
	if len(days) > maxTrackDates {
		return nil, fmt.Errorf("explore: the journal and the step make %d dates to forecast, more than %d: take a longer step, or a journal of fewer dates", len(days), maxTrackDates)
	}

	tr := &Track{Scenario: sc.Name(), Horizon: horizon, Exact: true}
	if dated {
		tr.StartDate = start.Format(time.DateOnly)
	}
	var prev *outcomes.Result
	prevKnown := -1
	for k, day := range days {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var given []scenario.Statement
		td := TrackDate{Date: dateOf(day), Day: day}
		for i, o := range journal {
			if known[i] <= day {
				given = append(given, o)
				if k == 0 || known[i] > days[k-1] {
					td.News = append(td.News, sc.Text(o))
				}
			}
		}
		res := prev
		if len(given) != prevKnown { // news: forecast again
			var err error
			if res, err = trackForecast(ctx, sc, given, &c); err != nil {
				where := "day 0"
				if day > 0 {
					where = fmt.Sprintf("day %v", day)
				}
				if td.Date != "" {
					where += " (" + td.Date + ")"
				}
				return nil, fmt.Errorf("explore: the forecast of %s: %w", where, err)
			}
			prev, prevKnown = res, len(given)
		}
		td.Exact = res.Exact != nil
		if !td.Exact {
			tr.Exact, tr.Seed = false, res.MonteCarlo.Seed
			td.Runs = res.MonteCarlo.Runs
			if res.Given != nil {
				td.Runs = res.Given.Accepted
			}
		}
		tr.Dates = append(tr.Dates, td)
		point := func(e outcomes.Estimate) TrackPoint {
			return TrackPoint{Date: td.Date, Day: day, P: e.P, Lo: e.Lo, Hi: e.Hi}
		}
		for i, cl := range res.Claims {
			if k == 0 {
				tr.Claims = append(tr.Claims, Series{Name: cl.Name, Description: cl.Description, Deadline: cl.Day, DeadlineDate: res.Date(cl.Day)})
			}
			tr.Claims[i].Track = append(tr.Claims[i].Track, point(cl.Estimate))
		}
		for i, rt := range res.Routes {
			if k == 0 {
				tr.Routes = append(tr.Routes, Series{Name: rt.Name, Description: rt.Description, Deadline: horizon, DeadlineDate: res.Date(horizon)})
			}
			tr.Routes[i].Track = append(tr.Routes[i].Track, point(rt.Completed))
		}
		if c.Progress != nil {
			c.Progress(k+1, len(days))
		}
	}
	if len(c.Outcomes) > 0 {
		s, err := tr.score(c.Outcomes, start, dated)
		if err != nil {
			return nil, err
		}
		tr.Score = s
	}
	return tr, nil
}

// trackForecast forecasts every claim and route given what was known:
// exactly where exact analysis applies, else by runs.
func trackForecast(ctx context.Context, sc *scenario.Scenario, given []scenario.Statement, c *TrackConfig) (*outcomes.Result, error) {
	run := c.Run
	run.Given = given
	if run.Outputs == nil {
		run.Outputs = []string{"claim", "route"} // what a track reads
	}
	if !c.MonteCarlo && !c.Run.DrawParameters {
		res, err := outcomes.Exact(ctx, sc, &outcomes.ExactConfig{Horizon: run.Horizon, Given: given, MemoryLimit: run.MemoryLimit, Outputs: run.Outputs})
		if err == nil || !errors.Is(err, outcomes.ErrNotExact) && !errors.Is(err, outcomes.ErrMemory) && !errors.Is(err, outcomes.ErrTooLong) {
			return res, err
		}
	}
	return outcomes.Run(ctx, sc, &run)
}

// score scores the track's claims against what happened.
func (tr *Track) score(happened []scenario.Statement, start time.Time, dated bool) (*TrackScore, error) {
	s := &TrackScore{}
	byName := map[string]int{}
	for i, sr := range tr.Claims {
		byName[sr.Name] = i
	}
	scored := map[string]bool{}
	for _, h := range happened {
		if h.Kind != scenario.StatementClaim {
			continue // routes completed by a day are scored by parley score
		}
		i, ok := byName[h.Target]
		if !ok {
			return nil, fmt.Errorf("explore: the outcomes name claim %q, which %q does not have", h.Target, tr.Scenario)
		}
		if scored[h.Target] {
			return nil, fmt.Errorf("explore: the outcomes list claim %q twice: one thing happens once", h.Target)
		}
		scored[h.Target] = true
		if h.Truth != scenario.TruthHeld && h.Truth != scenario.TruthNotHeld {
			return nil, fmt.Errorf("explore: whether claim %q happened is not known", h.Target)
		}
		sr := &tr.Claims[i]
		happenedNow := h.Truth == scenario.TruthHeld
		if h.Not { // "did not happen" written as a negated reference
			happenedNow = !happenedNow
		}
		resolved := math.Min(sr.Deadline, tr.Horizon)
		if h.Date != "" {
			if !dated {
				return nil, fmt.Errorf("explore: claim %q resolved on %s, but %q has no start date to count it from", h.Target, h.Date, tr.Scenario)
			}
			d, err := time.Parse(time.DateOnly, h.Date)
			if err != nil {
				return nil, fmt.Errorf("explore: claim %q: %q is not a date written as 2025-08-18", h.Target, h.Date)
			}
			// Resolved by the end of its date; never before day 0, and
			// never after the claim's deadline, when it was decided
			// whatever the outcome's date says.
			resolved = math.Max(0, math.Min(scenario.DayOf(start, d)+1, math.Min(sr.Deadline, tr.Horizon)))
		}
		cs := sr
		cs.Scored, cs.Happened, cs.Resolved = true, happenedNow, resolved
		if dated {
			if resolved <= 0 {
				cs.ResolvedDate = start.Format(time.DateOnly)
			} else {
				cs.ResolvedDate = scenario.DateOf(start, math.Ceil(resolved)-1).Format(time.DateOnly)
			}
		}
		for k := range sr.Track {
			b, l := pointScore(sr.Track[k].P, happenedNow)
			ls := LogScore(l)
			sr.Track[k].Brier, sr.Track[k].Log = &b, &ls
		}
		b0, l0 := pointScore(sr.Track[0].P, happenedNow)
		cs.Day0Brier, cs.Day0Log = b0, LogScore(l0)
		// Each forecast stands from its day until the next one's, and the
		// claim's score averages them over [0, resolved); a claim resolved
		// on day 0 (or before) is scored by its day-0 forecast.
		if resolved <= 0 {
			cs.Brier, cs.Log = b0, LogScore(l0)
		} else {
			var bs, lsum float64
			for k, pt := range sr.Track {
				if pt.Day >= resolved {
					break
				}
				end := resolved
				if k+1 < len(sr.Track) {
					end = math.Min(end, sr.Track[k+1].Day)
				}
				if w := (end - pt.Day) / resolved; w > 0 {
					bs += float64(w * *pt.Brier)
					lsum += float64(w * float64(*pt.Log)) // +Inf when a certain forecast that stood failed
				}
			}
			cs.Brier, cs.Log = bs, LogScore(lsum)
		}
		s.N++
	}
	if s.N == 0 {
		return nil, fmt.Errorf("explore: the outcomes name none of %q's claims", tr.Scenario)
	}
	n := float64(s.N)
	var lg, lg0 float64
	for _, cs := range tr.Claims {
		if !cs.Scored {
			continue
		}
		s.Brier += cs.Brier / n
		s.Day0Brier += cs.Day0Brier / n
		lg += float64(cs.Log) / n
		lg0 += float64(cs.Day0Log) / n
	}
	s.Log, s.Day0Log = LogScore(lg), LogScore(lg0)
	return s, nil
}

// pointScore is the Brier and log score of a forecast p of what happened
// (or did not).
func pointScore(p float64, happened bool) (brier, log float64) {
	o := 0.0
	if happened {
		o = 1
	}
	brier = (p - o) * (p - o)
	if happened {
		return brier, -fmath.Log(p)
	}
	return brier, -fmath.Log1p(-p)
}
