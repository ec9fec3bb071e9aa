package scenario_test

import (
	"bytes"
	"flag"
	"math"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

var update = flag.Bool("update", false, "rewrite the golden files under testdata/")

// summit is a small summit-path model: the bilateral can be arranged directly
// or after officials prepare it; a trilateral follows the bilateral or comes
// directly; anything can stall.
func summit(t testing.TB) *scenario.Scenario {
	b := scenario.New("summit").
		States("call", "officials", "arranged", "bilateral", "trilateral").
		Start("call").Horizon(60)
	b.State("framework").Absorbing()
	b.State("stalled").Absorbing()
	b.Var("ready", param.Const(0))
	b.Transition("call", "arranged").Delay(scenario.Exp(0.1))
	b.Transition("call", "officials").Delay(scenario.Exp(0.05))
	b.Transition("call", "trilateral").Delay(scenario.Exp(0.01)).When(scenario.Condition{Text: "ready == 1"})
	b.Transition("call", "stalled").Delay(scenario.Exp(0.03))
	b.Transition("officials", "arranged").Delay(scenario.Exp(0.04))
	b.Transition("officials", "stalled").Delay(scenario.Exp(0.03))
	b.Transition("arranged", "bilateral").Delay(scenario.Days(7))
	b.Transition("arranged", "stalled").Delay(scenario.Exp(0.05))
	b.Transition("bilateral", "trilateral").Delay(scenario.Exp(0.1))
	b.Transition("bilateral", "stalled").Delay(scenario.Exp(0.04))
	b.Transition("trilateral", "framework").Delay(scenario.Exp(0.05))
	b.Transition("trilateral", "stalled").Delay(scenario.Exp(0.02))
	b.Event("guarantees").Occurs(scenario.On(1, 0.8)).Do(scenario.Assign("ready", "1"))
	b.Route("us-proposal", "call", "arranged", "bilateral", "trilateral").Describe("leaders' bilateral first, then the trilateral")
	b.Route("direct-trilateral", "call", "trilateral")
	b.Route("bilateral-then-trilateral", "bilateral", "trilateral").InOrder()
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz").Describe("Merz: a Putin–Zelensky summit within two weeks"))
	b.Claim(scenario.RouteAt("bilateral-then-trilateral", 21, scenario.RouteCompleted).Named("macron"))
	b.Claim(scenario.Occurred("guarantees", 0, 3).Named("rutte"))
	b.Claim(scenario.ClaimFunc("two-meetings", func(tr *scenario.Trace) bool { return len(tr.Steps) >= 3 }))
	return mustBuild(t, b)
}

// trace builds a trace by hand from (state, day) pairs.
func trace(t testing.TB, sc *scenario.Scenario, visits ...any) *scenario.Trace {
	tr := &scenario.Trace{Fault: -1}
	for i := 0; i < len(visits); i += 2 {
		tr.Steps = append(tr.Steps, scenario.Step{State: state(t, sc, visits[i].(string)), Day: float64(visits[i+1].(int)), Transition: -1, Event: -1})
	}
	return tr
}

// routeOf is a route of a scenario, judged on runs.
type routeOf struct {
	sc *scenario.Scenario
	i  int
}

func (r routeOf) Times(t *scenario.Trace) (completed, closed float64) { return r.sc.RouteTimes(r.i, t) }

// StatusAt is the route's status on a day, as RouteTimes documents it.
func (r routeOf) StatusAt(t *scenario.Trace, day float64) scenario.RouteStatus {
	completed, closed := r.Times(t)
	switch {
	case completed <= day:
		return scenario.RouteCompleted
	case closed <= day:
		return scenario.RouteClosed
	}
	return scenario.RouteOpen
}

func route(t testing.TB, sc *scenario.Scenario, name string) routeOf {
	for i, r := range sc.Routes() {
		if r.Name == name {
			return routeOf{sc, i}
		}
	}
	t.Fatalf("no route %q", name)
	return routeOf{}
}

func TestRouteTimesOnHandBuiltTraces(t *testing.T) {
	sc := summit(t)
	inf := math.Inf(1)
	cases := []struct {
		name              string
		route             string
		trace             *scenario.Trace
		completed, closed float64
	}{
		{"completed step by step", "us-proposal",
			trace(t, sc, "call", 0, "arranged", 2, "bilateral", 9, "trilateral", 20), 20, inf},
		{"a detour through officials closes the direct route", "us-proposal",
			trace(t, sc, "call", 0, "officials", 3), inf, 3},
		{"still open while arranged", "us-proposal",
			trace(t, sc, "call", 0, "arranged", 2), inf, inf},
		{"stalling closes every route", "us-proposal",
			trace(t, sc, "call", 0, "arranged", 2, "stalled", 5), inf, 5},
		{"direct trilateral", "direct-trilateral",
			trace(t, sc, "call", 0, "trilateral", 4), 4, inf},
		{"leaving the call closes the direct trilateral", "direct-trilateral",
			trace(t, sc, "call", 0, "arranged", 1), inf, 1},
		{"in order allows states between", "bilateral-then-trilateral",
			trace(t, sc, "call", 0, "officials", 1, "arranged", 3, "bilateral", 10, "trilateral", 18), 18, inf},
		{"in order is closed once the bilateral cannot come", "bilateral-then-trilateral",
			trace(t, sc, "call", 0, "trilateral", 4), inf, 4},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			completed, closed := route(t, sc, c.route).Times(c.trace)
			assert.Equal(t, c.completed, completed, "completed")
			assert.Equal(t, c.closed, closed, "closed")
		})
	}
}

func TestRouteStatusAtDays(t *testing.T) {
	sc := summit(t)
	r := route(t, sc, "us-proposal")
	tr := trace(t, sc, "call", 0, "arranged", 2, "bilateral", 9, "trilateral", 20)
	assert.Equal(t, scenario.RouteOpen, r.StatusAt(tr, 19))
	assert.Equal(t, scenario.RouteCompleted, r.StatusAt(tr, 20))
	tr = trace(t, sc, "call", 0, "officials", 3)
	assert.Equal(t, scenario.RouteOpen, r.StatusAt(tr, 2.9))
	assert.Equal(t, scenario.RouteClosed, r.StatusAt(tr, 3))
}

func TestContiguousRouteFallsBackLikeKMP(t *testing.T) {
	// Route a b a c on the trace a b a b a c: after "a b a" the next "b"
	// breaks the match, but "a b" is again a prefix, so the route is
	// completed at the final c. A naive matcher that restarts from zero misses it.
	b := scenario.New("kmp").States("a", "b").Start("a").Horizon(10)
	b.State("c").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(1))
	b.Transition("b", "a").Delay(scenario.Exp(1))
	b.Transition("a", "c").Delay(scenario.Exp(1))
	b.Route("abac", "a", "b", "a", "c")
	sc := mustBuild(t, b)
	tr := trace(t, sc, "a", 0, "b", 1, "a", 2, "b", 3, "a", 4, "c", 5)
	completed, closed := route(t, sc, "abac").Times(tr)
	assert.Equal(t, 5.0, completed)
	assert.True(t, math.IsInf(closed, 1))
}

func TestRouteClosedFromTheStartWhenUnreachable(t *testing.T) {
	b := scenario.New("dead-end").States("a").Start("a").Horizon(10)
	b.State("b").Absorbing()
	b.State("c").Absorbing()
	b.Transition("a", "b").Delay(scenario.Exp(1))
	b.Transition("a", "c").Delay(scenario.Exp(1))
	b.Route("b-then-c", "b", "c")
	sc := mustBuild(t, b)
	_, closed := route(t, sc, "b-then-c").Times(trace(t, sc, "a", 0))
	assert.Equal(t, 0.0, closed, "c can never follow b: closed from day 0")
}

func TestClaimsOnHandBuiltTraces(t *testing.T) {
	sc := summit(t)
	claims := map[string]int{}
	for i, c := range sc.Claims() {
		claims[c.Name] = i
	}
	withEvent := func(tr *scenario.Trace, day float64) *scenario.Trace {
		tr.Occurrences = append(tr.Occurrences, scenario.Occurrence{Day: day, Event: 0})
		return tr
	}
	cases := []struct {
		claim string
		trace *scenario.Trace
		holds bool
	}{
		{"merz", trace(t, sc, "call", 0, "arranged", 5, "bilateral", 14), true},
		{"merz", trace(t, sc, "call", 0, "arranged", 5, "bilateral", 15), false},
		{"merz", trace(t, sc, "call", 0, "stalled", 3), false},
		{"macron", trace(t, sc, "call", 0, "arranged", 1, "bilateral", 8, "trilateral", 21), true},
		{"macron", trace(t, sc, "call", 0, "arranged", 1, "bilateral", 8, "trilateral", 22), false},
		{"macron", trace(t, sc, "call", 0, "trilateral", 2), false},
		{"rutte", withEvent(trace(t, sc, "call", 0), 1), true},
		{"rutte", withEvent(trace(t, sc, "call", 0), 3.5), false},
		{"rutte", trace(t, sc, "call", 0), false},
		{"two-meetings", trace(t, sc, "call", 0, "arranged", 1, "bilateral", 8), true},
		{"two-meetings", trace(t, sc, "call", 0), false},
	}
	for _, c := range cases {
		assert.Equal(t, c.holds, sc.ClaimHolds(claims[c.claim], c.trace), "%s on %v", c.claim, c.trace.Steps)
	}
	assert.Equal(t, "Merz: a Putin–Zelensky summit within two weeks", sc.Claims()[claims["merz"]].Description)
	assert.Equal(t, "route bilateral-then-trilateral completed by day 21", sc.Claims()[claims["macron"]].Description)
}

func TestWriteDOTMatchesGolden(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, summit(t).WriteDOT(&buf, nil, nil))
	golden := filepath.Join("testdata", "summit.dot")
	if *update {
		require.NoError(t, os.WriteFile(golden, buf.Bytes(), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err, "run go test ./scenario -update to create it")
	assert.Equal(t, string(want), buf.String())
}
