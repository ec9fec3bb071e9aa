package scenario

import (
	"math"
	"math/rand/v2"

	"github.com/parleysim/parley/actors"
)

// State identifies a state of a built Scenario: its index in the dense tables.
// Look one up by name with Scenario.State.
type State int32

// Var identifies a named world variable. Builder.Var returns it when the
// variable is declared, so guards and effects written as Go functions can read
// and write the variable by index, without a lookup by name in the run loop.
type Var int32

// World is what guards, effects and branch weights see of one run: the current
// state, the clock and the world variables. A World belongs to one Runner and is
// valid only during the call it is passed to; keep no reference to it.
type World struct {
	vars   []float64
	state  State
	day    float64
	rng    *rand.Rand
	pos    *actors.Positions
	params []float64 // the run's parameter values, by Param
	nums   []float64 // the numbers guards and effects read, by slot
}

// Param returns the run's value of parameter p: the bound value, or the
// run's own draw when parameters are drawn per run. A p that is not one of
// the scenario's parameters reads as NaN.
func (w *World) Param(p Param) float64 {
	if uint(p) >= uint(len(w.params)) {
		return math.NaN()
	}
	return w.params[p]
}

// Get returns the value of the variable v; NaN for a v that is not one of
// the scenario's variables.
func (w *World) Get(v Var) float64 {
	if uint(v) >= uint(len(w.vars)) {
		return math.NaN()
	}
	return w.vars[v]
}

// Set sets the variable v to x; it does nothing for a v that is not one of
// the scenario's variables.
func (w *World) Set(v Var, x float64) {
	if uint(v) < uint(len(w.vars)) {
		w.vars[v] = x
	}
}

// State returns the run's current state.
func (w *World) State() State { return w.state }

// Day returns the run's clock, in days from day 0.
func (w *World) Day() float64 { return w.day }

// Rand returns the run's own random stream, for effects that draw at random.
// Drawing from it keeps the run reproducible; any other source would not.
func (w *World) Rand() *rand.Rand { return w.rng }

// Positions returns this run's positions of the actors, nil without an
// actors model. Effects may change them, for example to widen a range.
func (w *World) Positions() *actors.Positions { return w.pos }
