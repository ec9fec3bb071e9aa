package explore_test

import (
	"context"
	"encoding/json"
	"math"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// trackChain is a race of two exponential clocks from talks: a summit at
// rate a, a collapse at rate b, from 2018-03-08.
func trackChain(t *testing.T, a, b float64, delay scenario.Delay) *scenario.Scenario {
	bl := scenario.New("track").States("talks").Start("talks").Horizon(60).StartDate(time.Date(2018, 3, 8, 0, 0, 0, 0, time.UTC))
	bl.State("summit").Absorbing()
	bl.State("collapse").Absorbing()
	if delay == nil {
		delay = scenario.Exp(a)
	}
	bl.Transition("talks", "summit").Delay(delay)
	bl.Transition("talks", "collapse").Delay(scenario.Exp(b))
	bl.Claim(scenario.Entered("summit", 0, 30).Named("summit-30"))
	bl.Route("to-summit", "talks", "summit")
	sc, err := bl.Build()
	require.NoError(t, err)
	return sc
}

// journal: known by the end of 2018-03-18 (day 11), no summit by day 10;
// by the end of 2018-03-25 (day 18), the summit held by day 17.
func trackJournal() []scenario.Statement {
	return []scenario.Statement{
		scenario.Entered("summit", 0, 10).Negate().Known(scenario.TruthUnknown, "2018-03-18", "no summit yet"),
		scenario.Entered("summit", 0, 17).Known(scenario.TruthUnknown, "2018-03-25", "the summit was held"),
	}
}

func TestForecastTrackOfAMarkovChainIsExactConditioning(t *testing.T) {
	const a, b = 0.05, 0.02
	sc := trackChain(t, a, b, nil)
	tr, err := explore.ForecastTrack(context.Background(), sc, trackJournal(), &explore.TrackConfig{Every: 7})
	require.NoError(t, err)
	require.True(t, tr.Exact)
	// Runs that draw parameters are not exact analysis, which binds them.
	drawn, err := explore.ForecastTrack(context.Background(), sc, trackJournal(), &explore.TrackConfig{Every: 7, Run: outcomes.Config{Runs: 500, DrawParameters: true}})
	require.NoError(t, err)
	assert.False(t, drawn.Exact)
	var days []float64
	for _, d := range tr.Dates {
		days = append(days, d.Day)
	}
	assert.Equal(t, []float64{0, 7, 11, 14, 18, 21, 28, 35, 42, 49, 56}, days, "news counts from the end of the date it came")
	assert.Equal(t, "2018-03-18", tr.Dates[2].Date)
	assert.Equal(t, []string{"summit not entered by day 10 (2018-03-17)"}, tr.Dates[2].News)

	// The closed form: P(summit by 30) = a/(a+b)(1 - e^{-(a+b)30}) at
	// first; given no summit by day 10 (known from day 11), the share of
	// the rest that comes by day 30; once it was held by day 17 (known
	// from day 18), 1.
	r := a + b
	by := func(d float64) float64 { return a / r * (1 - math.Exp(-r*d)) }
	claim := tr.Claims[0]
	require.Equal(t, "summit-30", claim.Name)
	assert.Equal(t, "2018-04-06", claim.DeadlineDate, "day 30 ends on 6 April")
	for _, pt := range claim.Track {
		want := by(30)
		switch {
		case pt.Day >= 18:
			want = 1
		case pt.Day >= 11:
			want = (by(30) - by(10)) / (1 - by(10))
		}
		assert.InDelta(t, want, pt.P, 1e-9, "day %v", pt.Day)
		assert.Equal(t, pt.P, pt.Lo)
	}
	// And at every date, what exact conditioning on the journal known by
	// then gives, to 1e-9.
	journal := trackJournal()
	for k, d := range tr.Dates {
		var given []scenario.Statement
		if d.Day >= 11 {
			given = append(given, journal[0])
		}
		if d.Day >= 18 {
			given = append(given, journal[1])
		}
		ex, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Given: given})
		require.NoError(t, err)
		c, _ := ex.Claim("summit-30")
		assert.InDelta(t, c.P, claim.Track[k].P, 1e-9)
		rt, _ := ex.Route("to-summit")
		assert.InDelta(t, rt.Completed.P, tr.Routes[0].Track[k].P, 1e-9)
	}
}

func TestForecastTrackScoresOverTime(t *testing.T) {
	const a, b = 0.05, 0.02
	sc := trackChain(t, a, b, nil)
	happened := []scenario.Statement{scenario.ClaimNamed("summit-30").Known(scenario.TruthHeld, "2018-03-25", "held")}
	tr, err := explore.ForecastTrack(context.Background(), sc, trackJournal(), &explore.TrackConfig{Outcomes: happened})
	require.NoError(t, err)
	require.NotNil(t, tr.Score)
	r := a + b
	by := func(d float64) float64 { return a / r * (1 - math.Exp(-r*d)) }
	p0, p10 := by(30), (by(30)-by(10))/(1-by(10))
	cs := tr.Claims[0]
	assert.True(t, cs.Scored)
	assert.Equal(t, 1, tr.Score.N)
	assert.True(t, cs.Happened)
	assert.Equal(t, 18.0, cs.Resolved, "resolved by the end of 2018-03-25")
	assert.InDelta(t, (1-p0)*(1-p0), cs.Day0Brier, 1e-12)
	// The day-0 forecast stood 11 days, the day-11 one 7, until day 18.
	assert.InDelta(t, (11*(1-p0)*(1-p0)+7*(1-p10)*(1-p10))/18, cs.Brier, 1e-12)
	assert.InDelta(t, (11*-math.Log(p0)+7*-math.Log(p10))/18, float64(cs.Log), 1e-12)
	assert.InDelta(t, cs.Brier, tr.Score.Brier, 1e-15)
	require.NotNil(t, tr.Claims[0].Track[2].Brier)
	assert.Zero(t, *tr.Claims[0].Track[2].Brier, "certain and right once the summit is known")

	// JSON: claims with name and track (date, day, p, lo, hi), and score.
	b2, err := json.Marshal(tr)
	require.NoError(t, err)
	var back struct {
		Claims []struct {
			Name  string `json:"name"`
			Track []struct {
				Date string  `json:"date"`
				Day  float64 `json:"day"`
				P    float64 `json:"p"`
				Lo   float64 `json:"lo"`
				Hi   float64 `json:"hi"`
			} `json:"track"`
		} `json:"claims"`
		Score map[string]any `json:"score"`
	}
	require.NoError(t, json.Unmarshal(b2, &back))
	assert.Equal(t, "summit-30", back.Claims[0].Name)
	assert.Equal(t, "2018-03-18", back.Claims[0].Track[1].Date, "day 11, the end of 2018-03-18")
	assert.Contains(t, back.Score, "brier")
	assert.Contains(t, back.Score, "day0_brier")
	assert.Contains(t, string(b2), `"resolved_date":"2018-03-25"`)
}

// Where exact analysis does not apply, each forecast is the share of runs
// consistent with what was known, with its interval.
func TestForecastTrackByRuns(t *testing.T) {
	sc := trackChain(t, 0, 0.02, scenario.After{Dist: distuv.Gamma{Alpha: 2, Beta: 0.1}})
	tr, err := explore.ForecastTrack(context.Background(), sc, trackJournal(), &explore.TrackConfig{Run: outcomes.Config{Runs: 4000, Seed: 3}})
	require.NoError(t, err)
	assert.False(t, tr.Exact)
	pts := tr.Claims[0].Track
	require.Len(t, pts, 3)
	for _, pt := range pts {
		assert.LessOrEqual(t, pt.Lo, pt.P)
		assert.LessOrEqual(t, pt.P, pt.Hi)
	}
	assert.Less(t, pts[0].Lo, pts[0].Hi, "an estimate has its interval")
	assert.Equal(t, 1.0, pts[2].P, "every run consistent with a summit by day 17 has one by day 30")
	assert.GreaterOrEqual(t, tr.Dates[1].Runs, int64(4000))

	// The same seed, the same track.
	again, err := explore.ForecastTrack(context.Background(), sc, trackJournal(), &explore.TrackConfig{Run: outcomes.Config{Runs: 4000, Seed: 3, Workers: 1}})
	require.NoError(t, err)
	assert.Equal(t, tr.Claims, again.Claims)
}

func TestForecastTrackRefusesWhatItCannotDate(t *testing.T) {
	sc := trackChain(t, 0.05, 0.02, nil)
	_, err := explore.ForecastTrack(context.Background(), sc, []scenario.Statement{scenario.Entered("summit", 0, 10)}, nil)
	assert.ErrorContains(t, err, "does not say when it became known")
	_, err = explore.ForecastTrack(context.Background(), sc, trackJournal(), &explore.TrackConfig{Every: -1})
	assert.ErrorContains(t, err, "give a positive number of days")
	_, err = explore.ForecastTrack(context.Background(), sc, trackJournal(), &explore.TrackConfig{Outcomes: []scenario.Statement{scenario.ClaimNamed("nope").Known(scenario.TruthHeld, "", "")}})
	assert.ErrorContains(t, err, `claim "nope"`)
}
