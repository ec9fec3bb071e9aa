package outcomes

import (
	"github.com/parleysim/parley/internal/chain"
	"github.com/parleysim/parley/scenario"
)

// claimOf is a claim as the engine and exact analysis read it: the
// statement the scenario declares, with the state, route or event it is
// about resolved to its index, once, before any run.
type claimOf struct {
	st    scenario.Statement
	state scenario.State
	route *routeOf
	event int
	test  func(*scenario.Trace) bool
}

// claimsOf resolves the claims of sc.
func claimsOf(sc *scenario.Scenario) []*claimOf {
	claims := sc.Claims()
	out := make([]*claimOf, len(claims))
	var routes []*routeOf
	for i, st := range claims {
		c := &claimOf{st: st, state: -1, event: -1, test: chain.ClaimTest(sc, i).(func(*scenario.Trace) bool)}
		switch st.Kind {
		case scenario.StatementEntered:
			c.state, _ = sc.State(st.Target)
		case scenario.StatementRoute:
			if routes == nil {
				routes = routesOf(sc)
			}
			for _, r := range routes {
				if r.Name() == st.Target {
					c.route = r
				}
			}
		case scenario.StatementOccurred:
			for e := range sc.NumEvents() {
				if sc.EventName(scenario.Event(e)) == st.Target {
					c.event = e
				}
			}
		}
		out[i] = c
	}
	return out
}

func (c *claimOf) Name() string                 { return c.st.Name }
func (c *claimOf) Description() string          { return c.st.Description }
func (c *claimOf) Kind() scenario.StatementKind { return c.st.Kind }
func (c *claimOf) Not() bool                    { return c.st.Not }
func (c *claimOf) Day() float64                 { return c.st.To }
func (c *claimOf) State() scenario.State        { return c.state }
func (c *claimOf) Route() *routeOf              { return c.route }
func (c *claimOf) Event() int                   { return c.event }
func (c *claimOf) Holds(t *scenario.Trace) bool { return c.test(t) }

// routeOf is a route as the engine and exact analysis read it: the route
// the scenario declares, with its states resolved.
type routeOf struct {
	sc     *scenario.Scenario
	i      int // among the scenario's routes
	def    scenario.RouteDef
	states []scenario.State
	times  func(*scenario.Trace) (completed, closed float64)
}

// routesOf resolves the routes of sc.
func routesOf(sc *scenario.Scenario) []*routeOf {
	routes := sc.Routes()
	out := make([]*routeOf, len(routes))
	for i, rd := range routes {
		r := &routeOf{sc: sc, i: i, def: rd, states: make([]scenario.State, len(rd.States)),
			times: chain.RouteTimes(sc, i).(func(*scenario.Trace) (float64, float64))}
		for k, name := range rd.States {
			r.states[k], _ = sc.State(name)
		}
		out[i] = r
	}
	return out
}

func (r *routeOf) Name() string             { return r.def.Name }
func (r *routeOf) Description() string      { return r.def.Description }
func (r *routeOf) States() []scenario.State { return r.states }
func (r *routeOf) InOrder() bool            { return r.def.InOrder }
func (r *routeOf) Times(t *scenario.Trace) (completed, closed float64) {
	return r.times(t)
}

// today is the day runs of sc begin on: 0, or the day of a scenario from
// now (scenario.Scenario.From).
func today(sc *scenario.Scenario) float64 {
	day, _, _, _ := chain.Past(sc)
	return day
}
