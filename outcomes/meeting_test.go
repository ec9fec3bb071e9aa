package outcomes_test

import (
	"bytes"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// talks: Russia's lower bound on territory is Beta(5, 3); Ukraine accepts up
// to 0.7, so Russia (ZoneOfAgreement) declines the bilateral in a share
// 1 - I_0.7(5, 3) of runs. Held, the bilateral agrees the weighted mean of
// the ideals (0 and 1, equal weights: 0.5) clamped into [lo, 0.7]:
// max(lo, 0.5).
func talks(t testing.TB) *scenario.Scenario {
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "UA"}, {ID: "RU", Accept: actors.ZoneOfAgreement{}}},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Hi: actors.Fixed(0.7)},
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(1), Lo: actors.Prior(distuv.Beta{Alpha: 5, Beta: 3})},
		})
	require.NoError(t, err)
	b := scenario.New("talks").States("call").Start("call").Horizon(30).Actors(m)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "bilateral").Delay(scenario.Exp(0.5)).Participants("UA", "RU").
		Agenda(actors.WeightedMean{}, "territory").OnDecline(scenario.AfterDecline{To: "stalled"})
	return build(t, b)
}

func TestDeclineSharesAndAgreedValues(t *testing.T) {
	const n = 100_000
	res := run(t, talks(t), outcomes.Config{Runs: n, Seed: 6, Confidence: conf999})
	beta := distuv.Beta{Alpha: 5, Beta: 3}
	pDecline := 1 - beta.CDF(0.7)

	ru, ok := res.Decline("call->bilateral", "RU")
	require.True(t, ok)
	assert.True(t, ru.Contains(pDecline), "P(Russia declines) = %v not in [%v, %v]", pDecline, ru.Lo, ru.Hi)
	assert.Equal(t, res.MonteCarlo.Runs, ru.N, "proposed in every run: nothing else can happen from the call")
	ua, _ := res.Decline("call->bilateral", "UA")
	assert.Zero(t, ua.Hits, "Ukraine has no preconditions")

	a, ok := res.Agreement("call->bilateral", "territory")
	require.True(t, ok)
	assert.Equal(t, n-ru.Hits, a.Held)
	assert.Zero(t, a.NoAgreement.Hits)
	require.NotNil(t, a.Mean)
	// The agreement is Y = max(X, 0.5) given X <= 0.7, X ~ Beta(5, 3):
	// E[Y] = (0.5·F(0.5) + (5/8)·(I_0.7(6, 3) - I_0.5(6, 3))) / F(0.7).
	// Y lies in [0.5, 0.7], so its sd is at most 0.1: allow 5 standard errors.
	b63 := distuv.Beta{Alpha: 6, Beta: 3}
	want := (0.5*beta.CDF(0.5) + 5.0/8*(b63.CDF(0.7)-b63.CDF(0.5))) / beta.CDF(0.7)
	assert.InDelta(t, want, *a.Mean, 5*0.1/math.Sqrt(float64(a.Held)))
	// P(Y = 0.5) = F(0.5)/F(0.7) is about 0.35, so the median is X's quantile
	// at F(0.7)/2. Its standard error is about 0.0006 at this n; the bins of
	// the value grid are 1/256 wide: allow 0.01.
	median := a.Quantiles[2]
	require.Equal(t, 0.5, median.Q)
	assert.InDelta(t, beta.Quantile(beta.CDF(0.7)/2), median.Value, 0.01)
}

func TestResultsWithMeetingsSameForAnyWorkerCount(t *testing.T) {
	sc := talks(t)
	var want string
	for _, w := range []int{1, 2, 5} {
		res := run(t, sc, outcomes.Config{Runs: 20_000, Seed: 2, Workers: w})
		var buf bytes.Buffer
		require.NoError(t, res.WriteJSON(&buf))
		if want == "" {
			want = buf.String()
			continue
		}
		assert.Equal(t, want, buf.String(), "workers=%d", w)
	}
}

func TestWriteTextShowsDeclinesAndAgreements(t *testing.T) {
	res := run(t, talks(t), outcomes.Config{Runs: 2000, Seed: 1})
	var buf bytes.Buffer
	require.NoError(t, res.WriteText(&buf, nil))
	assert.Contains(t, buf.String(), "Declines (share of runs proposing the meeting)")
	assert.Contains(t, buf.String(), "Agreements")
	assert.Regexp(t, `call->bilateral\s+RU\s+0\.\d{4}`, buf.String())
	assert.Regexp(t, `call->bilateral\s+territory\s+\d+`, buf.String())
}
