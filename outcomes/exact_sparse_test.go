package outcomes

import (
	"context"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/scenario"
)

// The sparse path (uniformization on compressed rows, elimination for
// absorption) gives what the dense path gives, on a chain with every
// feature exact analysis reads: self-loops, branches, guards, events that
// move the run and events that do not, routes in order and not, claims of
// each kind.
func TestSparseExactMatchesDense(t *testing.T) {
	b := scenario.New("summit").States("call", "officials", "arranged", "bilateral", "trilateral").Start("call").Horizon(60)
	b.State("framework").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "arranged").Delay(scenario.Exp(0.1))
	b.Transition("call", "officials").Delay(scenario.Exp(0.05))
	b.Transition("officials", "arranged").Delay(scenario.Exp(0.06))
	b.Transition("officials", "officials").Named("officials again").Delay(scenario.Exp(0.2))
	b.Branching("arranged", scenario.To("bilateral", 0.7), scenario.To("stalled", 0.3)).Delay(scenario.Exp(0.15))
	b.Transition("bilateral", "trilateral").Delay(scenario.Exp(0.1))
	b.Transition("bilateral", "stalled").Delay(scenario.Exp(0.04))
	b.Transition("trilateral", "framework").Delay(scenario.Exp(0.05))
	b.Transition("trilateral", "stalled").Delay(scenario.Exp(0.02))
	b.Event("walkout").Occurs(scenario.Exp(0.01)).In("bilateral", "trilateral").Goto("stalled")
	b.Event("statement").Occurs(scenario.Exp(0.3)).In("call", "officials")
	b.Route("us-proposal", "call", "arranged", "bilateral", "trilateral")
	b.Route("officials-twice", "officials", "officials")
	b.Route("bilateral-then-trilateral", "bilateral", "trilateral").InOrder()
	b.Claim(scenario.Entered("bilateral", 0, 14.5).Named("merz"))
	b.Claim(scenario.RouteAt("bilateral-then-trilateral", 21, scenario.RouteCompleted).Named("macron"))
	b.Claim(scenario.Occurred("walkout", 0, 30).Named("walkout-by-30"))
	summit, err := b.Build()
	require.NoError(t, err)

	line := scenario.New("line").Start("s0").Horizon(120)
	for i := range 30 {
		line.State("s" + strconv.Itoa(i))
	}
	for i := range 29 {
		line.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i+1)).Delay(scenario.Exp(0.6))
		if i > 0 {
			line.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i-1)).Delay(scenario.Exp(0.4))
		}
	}
	line.Claim(scenario.Entered("s15", 0, 60.5).Named("halfway"))
	birthDeath, err := line.Build()
	require.NoError(t, err)

	// Off every cycle: each state's reach comes from one shared pass.
	fwd := scenario.New("forward").Start("s0").Horizon(45)
	for i := range 30 {
		fwd.State("s" + strconv.Itoa(i))
	}
	fwd.State("stalled").Absorbing()
	for i := range 29 {
		fwd.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i+1)).Delay(scenario.Exp(0.7))
		if i+3 < 30 {
			fwd.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i+3)).Delay(scenario.Exp(0.1))
		}
		fwd.Transition("s"+strconv.Itoa(i), "stalled").Delay(scenario.Exp(0.02))
	}
	fwd.Claim(scenario.Entered("s20", 0, 30.5).Named("far"))
	forward, err := fwd.Build()
	require.NoError(t, err)

	for _, sc := range []*scenario.Scenario{summit, birthDeath, forward} {
		dense, err := Exact(context.Background(), sc, &ExactConfig{Outputs: []string{"everything"}})
		require.NoError(t, err)
		saved := sparseNodes
		sparseNodes = 1
		sparse, err := Exact(context.Background(), sc, &ExactConfig{Outputs: []string{"everything"}})
		sparseNodes = saved
		require.NoError(t, err)
		near := func(what string, a, b float64) {
			t.Helper()
			assert.InDelta(t, a, b, 1e-12, "%s: %s", sc.Name(), what)
		}
		for i, f := range dense.Final {
			near("final "+f.Name, f.P, sparse.Final[i].P)
		}
		for i, c := range dense.Claims {
			near("claim "+c.Name, c.P, sparse.Claims[i].P)
		}
		for i, r := range dense.Routes {
			for d := range dense.Days {
				near("route "+r.Name, r.CompletedBy[d].P, sparse.Routes[i].CompletedBy[d].P)
				near("route "+r.Name, r.ClosedAt[d].P, sparse.Routes[i].ClosedAt[d].P)
			}
			for q, x := range r.CompletionDay {
				assert.InDelta(t, x.Day, sparse.Routes[i].CompletionDay[q].Day, 1e-6, "route %s quantile", r.Name)
			}
		}
		for i, st := range dense.States {
			for d := range dense.Days {
				near("reached "+st.Name, st.ReachedBy[d].P, sparse.States[i].ReachedBy[d].P)
			}
			for q, x := range st.EntryDay {
				assert.InDelta(t, x.Day, sparse.States[i].EntryDay[q].Day, 1e-6, "state %s quantile", st.Name)
			}
		}
		for i, e := range dense.Events {
			near("event "+e.Name, e.Occurred.P, sparse.Events[i].Occurred.P)
		}
		require.Len(t, sparse.Exact.Absorption, len(dense.Exact.Absorption))
		for i, a := range dense.Exact.Absorption {
			near("absorption "+a.Name, a.P, sparse.Exact.Absorption[i].P)
		}
		if dense.Exact.MeanTimeToAbsorption != nil {
			assert.InDelta(t, *dense.Exact.MeanTimeToAbsorption, *sparse.Exact.MeanTimeToAbsorption, 1e-9)
		}
	}
}

// A stiff chain keeps dense exponentials, which stay accurate at any rate:
// uniformization would need λ·horizon terms.
func TestStiffLargeChainStaysDense(t *testing.T) {
	b := scenario.New("stiff").Start("s0").Horizon(365)
	for i := range 500 {
		b.State("s" + strconv.Itoa(i))
	}
	for i := range 499 {
		b.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i+1)).Delay(scenario.Exp(1e6))
	}
	sc, err := b.Build()
	require.NoError(t, err)
	m, err := NewMarkov(sc)
	require.NoError(t, err)
	assert.False(t, m.sparseOK(365))
	line := scenario.New("calm").Start("s0").Horizon(365)
	for i := range 500 {
		line.State("s" + strconv.Itoa(i))
	}
	for i := range 499 {
		line.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i+1)).Delay(scenario.Exp(1))
	}
	calm, err := line.Build()
	require.NoError(t, err)
	m, err = NewMarkov(calm)
	require.NoError(t, err)
	assert.True(t, m.sparseOK(365))
	res, err := Exact(context.Background(), calm, nil)
	require.NoError(t, err)
	end, _ := res.FinalState("s499")
	open, _ := res.FinalState("open")
	assert.InDelta(t, 1, end.P+open.P, 1e-9)
}

// Reach by day from hitting series equals reach from moving the vector of
// the chain with the state made absorbing, day by day; so do entry days.
func TestHittingSeriesMatchesVectors(t *testing.T) {
	line := scenario.New("line").Start("s0").Horizon(200)
	for i := range 40 {
		line.State("s" + strconv.Itoa(i))
	}
	for i := range 39 {
		line.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i+1)).Delay(scenario.Exp(0.6))
		if i > 0 {
			line.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i-1)).Delay(scenario.Exp(0.4))
		}
	}
	line.Transition("s3", "s3").Named("again").Delay(scenario.Exp(2)) // a self-loop: a jump that changes nothing
	sc, err := line.Build()
	require.NoError(t, err)
	m, err := NewMarkov(sc)
	require.NoError(t, err)
	m.horizon = 200
	days := reportDays(200, 201)
	pi0 := make([]float64, m.n)
	pi0[0] = 1
	qs := []float64{0.05, 0.5, 0.95}
	for _, st := range []int{1, 7, 20, 39} {
		h, ok := m.hittingOf(st, pi0, 200)
		require.True(t, ok)
		got := h.series(days)
		dist := m.reachSeries([]int{st}, pi0, days)
		want := column(dist, st)
		for i := range days {
			assert.InDelta(t, want[i], got[i], 1e-12, "s%d by day %v", st, days[i])
		}
		wq := m.reachEvolver([]int{st}).quantiles(dist, days, func(v []float64) float64 { return v[st] }, qs)
		gq := h.quantiles(days, got, qs, func() bool { return false })
		require.Len(t, gq, len(wq))
		for i := range wq {
			assert.InDelta(t, wq[i].Day, gq[i].Day, 1e-6, "s%d quantile %v", st, wq[i].Q)
		}
		for _, d := range []float64{0.3, 17.25, 199.9} {
			p, _ := h.at(d)
			assert.InDelta(t, m.reachAt([]int{st}, pi0, d), p, 1e-12, "s%d at day %v", st, d)
		}
	}
}

// The hitting series of states off every cycle, from one shared pass of
// the jump chain, equal each state's own series (its own pass, the state
// made absorbing) and the dense exponentials of that absorbing chain.
func TestSharedHittingMatchesPerState(t *testing.T) {
	b := scenario.New("dag").Start("s0").Horizon(40)
	for i := range 25 {
		b.State("s" + strconv.Itoa(i))
	}
	b.State("loopA")
	b.State("loopB")
	b.State("end").Absorbing()
	for i := range 24 {
		b.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i+1)).Delay(scenario.Exp(0.5 + 0.05*float64(i%4)))
		if i%5 == 0 && i+4 < 25 {
			b.Transition("s"+strconv.Itoa(i), "s"+strconv.Itoa(i+4)).Delay(scenario.Exp(0.2))
		}
	}
	b.Transition("s3", "loopA").Delay(scenario.Exp(0.3))
	b.Transition("loopA", "loopB").Delay(scenario.Exp(1))
	b.Transition("loopB", "loopA").Delay(scenario.Exp(0.5))
	b.Transition("loopB", "s10").Delay(scenario.Exp(0.4))
	b.Transition("s24", "end").Delay(scenario.Exp(1))
	sc, err := b.Build()
	require.NoError(t, err)
	m, err := NewMarkov(sc)
	require.NoError(t, err)
	m.horizon = sc.Horizon()
	off := m.offCycle()
	var states []int
	for st := 1; st < m.n; st++ {
		if !m.c.Absorbing[st] && off[st] {
			states = append(states, st)
		}
	}
	loopA, _ := sc.State("loopA")
	loopB, _ := sc.State("loopB")
	assert.False(t, off[loopA] || off[loopB], "the loop's states are on a cycle")
	assert.Len(t, states, 25-1, "every state of the line but the start")
	pi0 := make([]float64, m.n)
	pi0[0] = 1
	shared, ok := m.hittingAll(states, pi0, sc.Horizon())
	require.True(t, ok)
	days := []float64{0, 0.5, 3, 10, 17.25, 40}
	for _, st := range states {
		own, ok := m.hittingOf(st, pi0, sc.Horizon())
		require.True(t, ok)
		dense := m.reachSeries([]int{st}, pi0, days)
		for i, d := range days {
			p, _ := shared[st].at(d)
			q, _ := own.at(d)
			assert.InDelta(t, q, p, 1e-12, "state %s day %v: shared against its own pass", sc.StateName(scenario.State(st)), d)
			assert.InDelta(t, dense[i][st], p, 1e-9, "state %s day %v: against the dense exponential", sc.StateName(scenario.State(st)), d)
		}
	}
}
