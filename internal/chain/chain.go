// Package chain is a scenario read as a Markov chain: the compiled form
// that scenario builds and outcomes' exact analysis reads, with the few
// other compiled parts outcomes reads (a route's automaton, the course of
// a scenario from now, whether two scenarios share their structure). It
// is internal, as every compiled form is: users reach the chain through
// outcomes.NewMarkov.
package chain

import "slices"

// Chain is a scenario read as a Markov chain over its nodes: in
// continuous time, when every transition has an exponential delay; in
// discrete time, when every transition has the same fixed delay (the
// step) and each node has at most one, branching with fixed probabilities.
//
// A node is a state (numbered as scenario.State) when nothing the chain
// reads can change; otherwise it is a state together with the values of
// the variables that guards, rates and acceptance rules read and effects
// change, and State maps nodes to their states. Only the nodes reachable
// from the start are listed then.
type Chain struct {
	// State is each node's scenario state; nil when nodes are states.
	// Follows names the variables whose values nodes hold then.
	State   []int32
	Follows []string
	// Discrete is true for a discrete-time chain with steps of Step days.
	Discrete bool
	Step     float64
	// Start is the start node; Absorbing marks the absorbing nodes (in
	// absorbing states).
	Start     int32
	Absorbing []bool
	// Moves lists, per node, where the chain goes from it, by target node
	// in ascending order: the rate per day (continuous time) or the step
	// probability (discrete time, summing to 1 for transient nodes and 0
	// for absorbing ones). A move to the node itself is a self-loop: the
	// run re-enters the state, which does not change where it is but does
	// move routes. Rows hold only the moves there are, so that large
	// chains take memory in proportion to their transitions.
	Moves [][]Move
	// Events are the scenario's events, by number, for their occurrence
	// probabilities.
	Events []Event
}

// Move is one move of a Chain: to a node, at a rate or with a
// probability. Within marks a move that changes the values an event's
// effects set without entering a state: it does not move routes.
type Move struct {
	To     int32
	Weight float64
	Within bool
}

// Nodes returns the number of nodes.
func (c *Chain) Nodes() int { return len(c.Absorbing) }

// StateOf returns node i's scenario state.
func (c *Chain) StateOf(i int) int {
	if c.State == nil {
		return i
	}
	return int(c.State[i])
}

// Weight returns the rate (or probability) of moving from i to j, 0 if
// there is no such move: entering j's state and changing values within
// it together.
func (c *Chain) Weight(i, j int32) float64 {
	if uint(i) >= uint(len(c.Moves)) {
		return 0
	}
	row := c.Moves[i]
	k, _ := slices.BinarySearchFunc(row, j, func(m Move, t int32) int { return int(m.To) - int(t) })
	w := 0.0
	for ; k < len(row) && row[k].To == j; k++ {
		w += row[k].Weight
	}
	return w
}

// OutRate returns the total rate (or probability) of the moves out of i,
// its self-loop included.
func (c *Chain) OutRate(i int32) float64 {
	if uint(i) >= uint(len(c.Moves)) {
		return 0
	}
	out := 0.0
	for _, m := range c.Moves[i] {
		out += m.Weight
	}
	return out
}

// Event is a rate event of a Chain: while the run is in an Active node it
// occurs at Rate and takes the run to node To (the node itself when it
// changes nothing the chain follows); when it moves the run, its rate is
// part of the chain's rates to To too. Enter is true when it moves the
// run into a state (a goto), false when its effects alone move it.
type Event struct {
	Rate   float64
	Active []bool
	To     []int32
	Enter  bool
}

// Of returns the chain of a *scenario.Scenario, or an error matching
// scenario.ErrNotMarkov that names every part breaking the class. The
// scenario package sets it; it takes any because this package cannot name
// the scenario's type.
var Of func(scenario any) (*Chain, error)

// RouteStep returns, for route i of a *scenario.Scenario, the progress
// after entering state s with progress k, and whether the route can still
// be completed from there: the route's automaton, which exact analysis
// multiplies with the chain. The scenario package sets it.
var RouteStep func(scenario any, i, k int, s int32) (next int, live bool)

// Past returns, for a *scenario.Scenario from now (From), its day and the
// course before it: the path's steps ([]scenario.Step) and the events that
// occurred ([]scenario.Occurrence), copies exact analysis conditions on.
// ok is false for a scenario that starts on day 0. The scenario package
// sets it.
var Past func(scenario any) (day float64, steps, occurred any, ok bool)

// SameStructure reports whether two *scenario.Scenarios share their
// compiled structure (one is the other, or a variant made by With), which
// only parameter values tell apart. The scenario package sets it.
var SameStructure func(a, b any) bool

// ClaimTest returns the compiled test of claim i of a *scenario.Scenario,
// a func(*scenario.Trace) bool, and RouteTimes the compiled judge of its
// route i, a func(*scenario.Trace) (completed, closed float64): what the
// tallies call for every run, without going through the scenario's
// checked methods each time. The scenario package sets them.
var (
	ClaimTest func(scenario any, i int) any
	// Impossible returns the first observation of a *scenario.Evidence
	// that no run of the *scenario.Scenario can be consistent with,
	// whatever the numbers, and why; ok is false when there is none.
	Impossible func(scenario, evidence any) (i int, why string, ok bool)
	RouteTimes func(scenario any, i int) any
)
