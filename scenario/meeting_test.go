package scenario_test

import (
	"fmt"
	"math"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/internal/chain"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/problem"
	"github.com/parleysim/parley/scenario"
)

// territoryModel: Ukraine accepts territorial outcomes up to uaHi, Russia
// from 0.6; Russia meets only where there is a zone of agreement, Ukraine
// without preconditions.
func territoryModel(t testing.TB, uaHi float64) *actors.Model {
	t.Helper()
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}},
		[]actors.Actor{
			{ID: "UA", Capability: actors.Fixed(1)},
			{ID: "RU", Capability: actors.Fixed(1), Accept: actors.ZoneOfAgreement{}},
		},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Hi: actors.Fixed(uaHi)},
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(1), Lo: actors.Fixed(0.6)},
		})
	require.NoError(t, err)
	return m
}

// bilateral: from talks, a bilateral with an agenda on territory; Russia's
// decline sends the run to stalled.
func bilateral(t testing.TB, m *actors.Model, extra func(b *scenario.Builder)) *scenario.Scenario {
	b := scenario.New("bilateral").States("talks").Start("talks").Horizon(30).Actors(m)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("talks", "bilateral").Delay(scenario.Days(2)).Participants("RU", "UA").
		Agenda(actors.WeightedMean{}, "territory").OnDecline(scenario.AfterDecline{To: "stalled"})
	b.Transition("talks", "stalled").Delay(scenario.Days(25))
	b.Route("meeting", "talks", "bilateral")
	if extra != nil {
		extra(b)
	}
	return mustBuild(t, b)
}

func TestActorWithoutCommonGroundAlwaysDeclinesAndTheRouteCloses(t *testing.T) {
	sc := bilateral(t, territoryModel(t, 0.3), nil)
	r := sc.NewRunner(scenario.RunOptions{})
	ru, _ := sc.Actors().ActorIndex("RU")
	for seed := range uint64(20) {
		tr := r.Run(newRNG(seed))
		assert.Equal(t, []string{"talks", "stalled"}, states(sc, tr))
		assert.True(t, tr.Steps[1].Declined)
		require.Len(t, tr.Declines, 1, "Ukraine has no preconditions: only Russia declines")
		assert.Equal(t, scenario.Decline{Day: 2, Meeting: 0, Actor: int32(ru)}, tr.Declines[0])
		require.Len(t, tr.Proposals, 1)
		assert.False(t, tr.Proposals[0].Accepted)
		assert.Empty(t, tr.Agreements)
		_, closed := sc.RouteTimes(0, tr)
		assert.Equal(t, 2.0, closed)
	}
}

func TestWideningTheRangeReopensTheMeeting(t *testing.T) {
	sc := bilateral(t, territoryModel(t, 0.7), nil)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, []string{"talks", "bilateral"}, states(sc, tr))
	require.Len(t, tr.Agreements, 1)
	a := tr.Agreements[0]
	assert.True(t, a.Reached)
	assert.Equal(t, 0.6, a.Value, "the mean 0.5 clamped into the zone [0.6, 0.7]")
}

func TestDeclinedMeetingIsProposedAgainWhenTheWorldChanges(t *testing.T) {
	// Ukraine's range only reaches 0.3, so Russia declines on day 2 and the
	// meeting waits; guarantees agreed on day 5 widen Ukraine's range to 0.8,
	// the meeting's two-day clock starts again, and on day 7 it is proposed
	// again and held.
	m := territoryModel(t, 0.3)
	b := scenario.New("reopened").States("talks").Start("talks").Horizon(30).Actors(m)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("talks", "bilateral").Delay(scenario.Days(2)).Participants("RU", "UA").Agenda(actors.WeightedMedian{}, "territory")
	b.Transition("talks", "stalled").Delay(scenario.Days(25))
	b.Event("guarantees").Occurs(scenario.On(5, 1)).Do(scenario.RangeShift{Actor: "UA", Issue: "territory", Lo: "0", Hi: "0.5"})
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	assert.Equal(t, []string{"talks", "bilateral"}, states(sc, tr))
	require.Len(t, tr.Proposals, 2)
	assert.Equal(t, scenario.Proposal{Day: 2, Meeting: 0, Accepted: false}, tr.Proposals[0])
	assert.Equal(t, scenario.Proposal{Day: 7, Meeting: 0, Accepted: true}, tr.Proposals[1])
	assert.Equal(t, 7.0, tr.Steps[1].Day)
}

func TestRetryAfterADeclineAsksAgainOnSchedule(t *testing.T) {
	m := territoryModel(t, 0.3)
	b := scenario.New("retry").States("talks").Start("talks").Horizon(10).Actors(m)
	b.State("bilateral").Absorbing()
	b.Transition("talks", "bilateral").Delay(scenario.Exp(1)).Participants("RU", "UA").OnDecline(scenario.AfterDecline{Retry: scenario.Days(3)}).
		Agenda(actors.WeightedMean{}, "territory")
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(2))
	require.GreaterOrEqual(t, len(tr.Proposals), 2)
	for k := 1; k < len(tr.Proposals); k++ {
		assert.InDelta(t, 3, tr.Proposals[k].Day-tr.Proposals[k-1].Day, 1e-12, "asked again 3 days later")
	}
	assert.Equal(t, scenario.EndStuck, tr.End, "asked again in the same world, declined again: stuck, not open")
}

func TestDeclinesAreAttributedToTheActorsWhoDecline(t *testing.T) {
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}},
		[]actors.Actor{
			{ID: "US", Accept: actors.Always{}},
			{ID: "UA", Accept: scenario.When{Guard: scenario.Condition{Text: "preconditions <= 0"}}},
			{ID: "RU", Accept: scenario.When{Guard: scenario.Condition{Text: "prepared >= 1"}}},
		}, nil)
	require.NoError(t, err)
	b := scenario.New("trilateral").States("call").Start("call").Horizon(10).Actors(m)
	b.State("trilateral").Absorbing()
	b.Var("preconditions", param.Const(1))
	b.Var("prepared", param.Const(0))
	b.Transition("call", "trilateral").Delay(scenario.Days(1)).Participants("US", "UA", "RU")
	sc := mustBuild(t, b)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	ua, _ := m.ActorIndex("UA")
	ru, _ := m.ActorIndex("RU")
	require.Len(t, tr.Declines, 2)
	assert.Equal(t, int32(ua), tr.Declines[0].Actor)
	assert.Equal(t, int32(ru), tr.Declines[1].Actor)
	assert.Equal(t, scenario.EndStuck, tr.End, "a declined meeting waits for the world to change, and nothing changes it")
}

func TestAgreedValuesAreWorldValues(t *testing.T) {
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "guarantees", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "US", Capability: actors.Fixed(3)}, {ID: "UA"}},
		[]actors.Position{
			{Actor: "US", Issue: "guarantees", Ideal: actors.Fixed(0.6)},
			{Actor: "UA", Issue: "guarantees", Ideal: actors.Fixed(1)},
		})
	require.NoError(t, err)
	b := scenario.New("guarantees").States("call", "framework-talks").Start("call").Horizon(30).Actors(m)
	b.State("framework").Absorbing()
	b.State("stalled").Absorbing()
	agreed := b.Agreed("guarantees")
	b.Event("guarantees-meeting").Occurs(scenario.On(1, 1)).Participants("US", "UA").Agenda(actors.WeightedMean{}, "guarantees")
	b.Transition("call", "framework-talks").Delay(scenario.Days(3))
	b.Transition("framework-talks", "framework").Delay(scenario.Days(1)).When(scenario.Condition{Text: "agreed.guarantees >= 0.65"})
	b.Claim(scenario.AgreedWithin("guarantees", 0.65, math.Inf(1), 0, 1).Named("framework-early"))
	b.Claim(scenario.AgreedWithin("guarantees", 0.8, math.Inf(1), 0, 30).Named("framework-strong"))
	b.Transition("framework-talks", "stalled").Delay(scenario.Days(1)).When(scenario.GuardFunc(func(w *scenario.World) bool {
		return !(w.Get(agreed) >= 0.65) // NaN until agreed: not yet
	}))
	sc := mustBuild(t, b)
	r := sc.NewRunner(scenario.RunOptions{Snapshots: []float64{sc.Horizon()}})
	tr := r.Run(newRNG(1))
	assert.Equal(t, []string{"call", "framework-talks", "framework"}, states(sc, tr))
	assert.InDelta(t, 0.7, tr.Snapshots[agreed], 1e-12, "(3·0.6 + 1·1)/4")
	assert.True(t, sc.ClaimHolds(0, tr), "0.7 agreed on day 1")
	assert.False(t, sc.ClaimHolds(1, tr), "0.7 is below 0.8")
	assert.Equal(t, "guarantees agreed at 0.8 or more by day 30", sc.Claims()[1].Description)
	require.Len(t, tr.Occurrences, 1)
	v, ok := sc.Var("agreed.guarantees")
	require.True(t, ok)
	assert.Equal(t, agreed, v)
}

func TestDeclinedEventMeetingHasNoEffect(t *testing.T) {
	m, err := actors.NewModel(nil, []actors.Actor{{ID: "US", Accept: scenario.When{Guard: scenario.Condition{Text: "invited >= 1"}}}}, nil)
	require.NoError(t, err)
	b := scenario.New("side").States("a").Start("a").Horizon(10).Actors(m)
	b.State("b").Absorbing()
	b.Var("invited", param.Const(0))
	b.Var("met", param.Const(0))
	b.Transition("a", "b").Delay(scenario.Days(5))
	b.Event("side-meeting").Occurs(scenario.On(1, 1)).Participants("US").Do(scenario.Assign("met", "1"))
	b.Claim(scenario.Occurred("side-meeting", 0, 10).Named("met"))
	sc := mustBuild(t, b)
	r := sc.NewRunner(scenario.RunOptions{})
	tr := r.Run(newRNG(1))
	assert.Empty(t, tr.Occurrences)
	require.Len(t, tr.Declines, 1)
	mi := sc.Meetings()[tr.Declines[0].Meeting]
	assert.Equal(t, scenario.Event(0), mi.Event, "the event's meeting was declined")
	assert.Equal(t, scenario.NoTransition, mi.Transition)
	met, _ := sc.Var("met")
	tr = sc.NewRunner(scenario.RunOptions{Snapshots: []float64{sc.Horizon()}}).Run(newRNG(1))
	assert.Equal(t, 0.0, tr.Snapshots[met])
	assert.False(t, sc.ClaimHolds(0, tr))
}

func TestPriorsAreDrawnPerRun(t *testing.T) {
	// Russia's lower bound is Beta(5, 3): Ukraine's 0.7 is enough in about
	// I_0.7(5, 3) = 0.647 of runs.
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "UA"}, {ID: "RU", Accept: actors.ZoneOfAgreement{}}},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Hi: actors.Fixed(0.7)},
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(1), Lo: actors.Prior(distuv.Beta{Alpha: 5, Beta: 3})},
		})
	require.NoError(t, err)
	sc := bilateral(t, m, nil)
	r := sc.NewRunner(scenario.RunOptions{})
	rng := newRNG(3)
	const n = 20000
	held := 0
	for range n {
		if r.Run(rng).Final() == state(t, sc, "bilateral") {
			held++
		}
	}
	p := distuv.Beta{Alpha: 5, Beta: 3}.CDF(0.7)
	assert.InDelta(t, p, float64(held)/n, 5*math.Sqrt(p*(1-p)/n))
}

func TestRunWithMeetingsAllocatesNothing(t *testing.T) {
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "territory", Min: 0, Max: 1}, {ID: "prisoners", Min: 0, Max: 2000}},
		[]actors.Actor{{ID: "UA"}, {ID: "RU", Accept: actors.All{actors.ZoneOfAgreement{}, actors.ReservationValue{}}, Reservation: actors.Prior(distuv.Beta{Alpha: 2, Beta: 5})}},
		[]actors.Position{
			{Actor: "UA", Issue: "territory", Ideal: actors.Fixed(0), Hi: actors.Prior(distuv.Beta{Alpha: 3, Beta: 3})},
			{Actor: "RU", Issue: "territory", Ideal: actors.Fixed(1), Lo: actors.Prior(distuv.Beta{Alpha: 3, Beta: 3})},
			{Actor: "RU", Issue: "prisoners", Ideal: actors.Choice([]float64{0, 1000}, []float64{1, 1})},
		})
	require.NoError(t, err)
	sc := bilateral(t, m, func(b *scenario.Builder) {
		b.Transition("talks", "bilateral").Named("retry-bilateral").Delay(scenario.Exp(0.3)).Participants("UA", "RU").
			Agenda(actors.NashSolution{}, "territory", "prisoners").OnDecline(scenario.AfterDecline{Retry: scenario.After{Dist: distuv.Gamma{Alpha: 2, Beta: 1}}})
		b.Event("widen").Occurs(scenario.Exp(0.2)).Do(scenario.RangeShift{Actor: "UA", Issue: "territory", Lo: "0", Hi: "0.1"})
	})
	r := sc.NewRunner(scenario.RunOptions{})
	rng := newRNG(1)
	for range 2000 {
		r.Run(rng)
	}
	assert.Zero(t, testing.AllocsPerRun(1000, func() { r.Run(rng) }))
}

func TestDeclinedMeetingLeavesTheOtherTransitionsRacing(t *testing.T) {
	m := territoryModel(t, 0.3)
	b := scenario.New("race").States("talks").Start("talks").Horizon(1000).Actors(m)
	b.State("bilateral").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("talks", "bilateral").Delay(scenario.Exp(1)).Participants("RU", "UA").Agenda(actors.WeightedMean{}, "territory")
	b.Transition("talks", "stalled").Delay(scenario.Exp(0.1))
	sc := mustBuild(t, b)
	r := sc.NewRunner(scenario.RunOptions{})
	for seed := range uint64(50) {
		tr := r.Run(newRNG(seed))
		assert.Equal(t, []string{"talks", "stalled"}, states(sc, tr), "seed %d", seed)
		assert.Len(t, tr.Declines, len(tr.Proposals))
	}
}

func TestAgreedClaimsInBothDirections(t *testing.T) {
	// One meeting agrees the weighted mean of ideals 0.2 and 0.6 (equal
	// weights): 0.4, on day 1.
	m, err := actors.NewModel([]actors.Issue{{ID: "g", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "A"}, {ID: "B"}},
		[]actors.Position{{Actor: "A", Issue: "g", Ideal: actors.Fixed(0.2)}, {Actor: "B", Issue: "g", Ideal: actors.Fixed(0.6)}})
	require.NoError(t, err)
	b := scenario.New("agree").Start("a").Horizon(10).Actors(m)
	b.State("a")
	b.State("b").Absorbing()
	b.Transition("a", "b").Delay(scenario.Days(1)).Participants("A", "B").Agenda(actors.WeightedMean{}, "g")
	b.Claim(scenario.AgreedWithin("g", 0.3, math.Inf(1), 0, 5).Named("least-0.3"))
	b.Claim(scenario.AgreedWithin("g", 0.5, math.Inf(1), 0, 5).Named("least-0.5"))
	b.Claim(scenario.AgreedWithin("g", math.Inf(-1), 0.5, 0, 5).Named("most-0.5"))
	b.Claim(scenario.AgreedWithin("g", math.Inf(-1), 0.3, 0, 5).Named("most-0.3"))
	b.Claim(scenario.AgreedWithin("g", 0.35, 0.45, 0, 5).Named("between"))
	b.Claim(scenario.AgreedWithin("g", 0.45, 0.5, 0, 5).Named("outside"))
	b.Claim(scenario.AgreedWithin("g", 0.35, 0.45, 0, 0.5).Named("too-early"))
	sc, err := b.Build()
	require.NoError(t, err)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	want := map[string]bool{"least-0.3": true, "least-0.5": false, "most-0.5": true, "most-0.3": false,
		"between": true, "outside": false, "too-early": false}
	for i, c := range sc.Claims() {
		assert.Equal(t, want[c.Name], sc.ClaimHolds(i, tr), c.Name)
	}
	assert.Equal(t, "g agreed at 0.5 or less by day 5", sc.Claims()[2].Description)

	bad := scenario.New("bad").Start("a").Horizon(10).Actors(m)
	bad.State("a")
	bad.State("b").Absorbing()
	bad.Transition("a", "b").Delay(scenario.Days(1))
	bad.Claim(scenario.AgreedWithin("g", 0.6, 0.4, 0, 5).Named("inverted"))
	_, err = bad.Build()
	assert.ErrorContains(t, err, `claim "inverted": max: 0.4 is below the low end 0.6`)
}

// A When rule reads the world the run passes to the meeting: the US
// accepts once invited, and a rule on a variable the scenario lacks is a
// problem at the actor's acceptance, with a suggestion.
func TestWhenReadsTheWorldOfTheRun(t *testing.T) {
	build := func(rule actors.Rule) (*scenario.Scenario, error) {
		m, err := actors.NewModel(nil, []actors.Actor{{ID: "US", Accept: rule}}, nil)
		require.NoError(t, err)
		b := scenario.New("invite").States("a").Start("a").Horizon(10).Actors(m)
		b.State("met").Absorbing()
		b.Var("invited", param.Const(0))
		b.Event("invitation").Occurs(scenario.On(2, 1)).Do(scenario.Assign("invited", "1"))
		b.Transition("a", "met").Delay(scenario.Days(1)).Participants("US")
		return b.Build()
	}
	sc, err := build(actors.All{actors.Always{}, scenario.When{Guard: scenario.Condition{Text: "invited >= 1"}}})
	require.NoError(t, err)
	tr := sc.NewRunner(scenario.RunOptions{}).Run(newRNG(1))
	require.NotEmpty(t, tr.Declines, "declined on day 1, before the invitation")
	assert.Equal(t, "met", sc.StateName(tr.Final()), "met once invited")

	_, err = build(actors.Any{scenario.When{Guard: scenario.Condition{Text: "invitd >= 1"}}})
	require.ErrorIs(t, err, scenario.ErrDefinition)
	assert.Contains(t, err.Error(), `actor "US": accept`)
	assert.Contains(t, err.Error(), `"invitd"`)
	assert.Contains(t, err.Error(), `"invited"`, "a suggestion")

	// Unbound, as the zero value or outside a scenario, it declines.
	assert.False(t, scenario.When{Guard: scenario.Condition{Text: "invited >= 0"}}.Accept(&actors.Meeting{}))
}

// summits is two summits in a row: the North's own rule asks for
// something worth signing ("deal >= 1"), which nothing gives; the second
// summit may give it a rule of its own.
func summits(t testing.TB, second func(*scenario.TransitionBuilder)) (*scenario.Scenario, error) {
	t.Helper()
	m, err := actors.NewModel([]actors.Issue{{ID: "x", Min: 0, Max: 1}},
		[]actors.Actor{{ID: "US"}, {ID: "DPRK", Accept: scenario.When{Guard: scenario.Condition{Text: "deal >= 1"}}}},
		[]actors.Position{{Actor: "US", Issue: "x", Ideal: actors.Fixed(0.5)}, {Actor: "DPRK", Issue: "x", Ideal: actors.Fixed(0.5)}})
	require.NoError(t, err)
	b := scenario.New("summits").States("talks", "first", "between").Start("talks").Horizon(60).Actors(m)
	b.State("second").Absorbing()
	b.Var("deal", param.Const(0))
	b.Transition("talks", "first").Delay(scenario.Exp(0.2)).Participants("US", "DPRK")
	b.Transition("talks", "between").Delay(scenario.Exp(0.1))
	second(b.Transition("between", "second").Delay(scenario.Exp(0.2)).Participants("US", "DPRK"))
	return b.Build()
}

// A rule given for one meeting replaces the party's own there, and only
// there: the North never holds the first summit and holds the second.
func TestAcceptancePerMeeting(t *testing.T) {
	sc, err := summits(t, func(tb *scenario.TransitionBuilder) { tb.Accept("DPRK", actors.Always{}) })
	require.NoError(t, err)
	r := sc.NewRunner(scenario.RunOptions{})
	first, _ := sc.State("first")
	second, _ := sc.State("second")
	reached := 0
	for seed := range uint64(300) {
		tr := r.Run(newRNG(seed))
		require.True(t, math.IsInf(tr.FirstEntry(first), 1), "seed %d: the North's own rule declines the first summit", seed)
		if !math.IsInf(tr.FirstEntry(second), 1) {
			reached++
		}
	}
	assert.Greater(t, reached, 200, "the second summit's own rule accepts")

	ms := sc.Meetings()
	require.Len(t, ms, 3)
	assert.Equal(t, []bool{false, false}, ms[0].Own)
	assert.Equal(t, []bool{false, true}, ms[2].Own)
	assert.Equal(t, actors.Always{}, ms[2].Rules[1])
	assert.Equal(t, "when deal >= 1", fmt.Sprint(ms[0].Rules[1]))

	// Exact analysis decides both meetings in advance.
	c, err := chain.Of(sc)
	require.NoError(t, err)
	talks, _ := sc.State("talks")
	between, _ := sc.State("between")
	assert.Zero(t, c.Weight(int32(talks), int32(first)), "declined: the first summit never moves the run")
	assert.Equal(t, 0.2, c.Weight(int32(between), int32(second)))

	// Without a rule of its own, the second summit is declined as well.
	sc, err = summits(t, func(*scenario.TransitionBuilder) {})
	require.NoError(t, err)
	c, err = chain.Of(sc)
	require.NoError(t, err)
	assert.Zero(t, c.Weight(int32(between), int32(second)))
}

func TestAcceptancePerMeetingProblems(t *testing.T) {
	_, err := summits(t, func(tb *scenario.TransitionBuilder) { tb.Accept("DPRK", nil).Accept("ROK", actors.Always{}) })
	assert.Equal(t, []string{
		"participants[1].accept: nil rule",
		`accept: a rule for "ROK", who is not a participant of this meeting`,
	}, fieldMessages(t, err))
	_, err = summits(t, func(tb *scenario.TransitionBuilder) {
		tb.Accept("DPRK", scenario.When{Guard: scenario.Condition{Text: "deals >= 1"}})
	})
	assert.ErrorContains(t, err, `participants[1].accept: column 1: unknown variable "deals" (did you mean "deal"?)`)
}

// Validate warns where runs can be stuck: every way out of a state can
// stay shut and no event recurs there.
func TestWarningsNameWhereRunsCanBeStuck(t *testing.T) {
	warned := func(sc *scenario.Scenario) []string {
		var out []string
		for _, w := range sc.Warnings() {
			if w.Part == problem.State {
				out = append(out, w.Name+": "+w.Msg)
			}
		}
		return out
	}
	own, err := summits(t, func(*scenario.TransitionBuilder) {})
	require.NoError(t, err)
	assert.Equal(t, []string{"between: runs can be stuck here, with nothing left to move them: every way out can stay shut (between->second, a meeting that can be declined), and no event recurs in it"}, warned(own))
	always, err := summits(t, func(tb *scenario.TransitionBuilder) { tb.Accept("DPRK", actors.Always{}) })
	require.NoError(t, err)
	assert.Empty(t, warned(always), "at the second summit the North always accepts")
}
