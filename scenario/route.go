package scenario

import "math"

// RouteStatus is where a route stands in a run at a given day: completed
// on or before it, closed on or before it, or else open (as
// Scenario.RouteTimes gives the days).
type RouteStatus uint8

const (
	// RouteOpen: not completed, and the run can still complete it.
	RouteOpen RouteStatus = iota
	// RouteCompleted: its states have been entered as the route requires.
	RouteCompleted
	// RouteClosed: not completed, and no continuation of the run can complete it.
	RouteClosed
)

func (s RouteStatus) String() string {
	switch s {
	case RouteOpen:
		return "open"
	case RouteCompleted:
		return "completed"
	case RouteClosed:
		return "closed"
	}
	return "RouteStatus(?)"
}

// route is a compiled route. Its progress through a run is a small automaton
// over the states entered: delta gives the new progress, and live says whether
// the route can still be completed from a (progress, state) pair, through the
// transition graph with every guard taken as able to open later. Both are
// dense tables indexed by progress*numStates+state, built once.
type route struct {
	name        string
	description string
	states      []State
	inOrder     bool
	n           int
	delta       []int32
	live        []bool
}

// times returns the day the route was completed in the run and the day it was
// closed; at most one is finite, and both are +Inf while it is open.
func (r *route) times(t *Trace) (completed, closed float64) {
	k := int32(0)
	l := int32(len(r.states))
	for i := range t.Steps {
		s := int(t.Steps[i].State)
		k = r.delta[int(k)*r.n+s]
		if k == l {
			return t.Steps[i].Day, math.Inf(1)
		}
		if !r.live[int(k)*r.n+s] {
			return math.Inf(1), t.Steps[i].Day
		}
	}
	return math.Inf(1), math.Inf(1)
}

// statusAt returns the route's status in the run at the given day.
func (r *route) statusAt(t *Trace, day float64) RouteStatus {
	completed, closed := r.times(t)
	switch {
	case completed <= day:
		return RouteCompleted
	case closed <= day:
		return RouteClosed
	}
	return RouteOpen
}

// compileRoute builds the progress automaton and liveness table of a route
// over a graph of n states with successor lists succ.
func compileRoute(r *route, succ [][]State) {
	n, l := r.n, len(r.states)
	r.delta = make([]int32, (l+1)*n)
	if r.inOrder {
		for k := 0; k < l; k++ {
			for s := 0; s < n; s++ {
				r.delta[k*n+s] = int32(k)
			}
			r.delta[k*n+int(r.states[k])] = int32(k + 1)
		}
	} else {
		// Knuth–Morris–Pratt automaton: on a mismatch the progress falls back
		// to the longest prefix of the route that ends the states just entered,
		// so a route such as A B A C is matched in A B A B A C.
		r.delta[int(r.states[0])] = 1
		x := 0
		for k := 1; k < l; k++ {
			copy(r.delta[k*n:(k+1)*n], r.delta[x*n:(x+1)*n])
			r.delta[k*n+int(r.states[k])] = int32(k + 1)
			x = int(r.delta[x*n+int(r.states[k])])
		}
	}
	for s := 0; s < n; s++ {
		r.delta[l*n+s] = int32(l)
	}

	// live[k][s]: from state s with progress k, some path completes the route.
	r.live = make([]bool, (l+1)*n)
	for s := 0; s < n; s++ {
		r.live[l*n+s] = true
	}
	for changed := true; changed; {
		changed = false
		for k := 0; k < l; k++ {
			for s := 0; s < n; s++ {
				if r.live[k*n+s] {
					continue
				}
				for _, next := range succ[s] {
					if r.live[int(r.delta[k*n+int(next)])*n+int(next)] {
						r.live[k*n+s] = true
						changed = true
						break
					}
				}
			}
		}
	}
}
