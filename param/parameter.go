package param

import (
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/internal/sample"
)

// Parameter is a named assumption of a scenario: a number an analyst may
// want to change, sweep or draw. Numbers of a definition refer to it
// through a Num made with P or Formula, expressions by its name, and Go
// guards and effects read it with scenario.World.Param.
type Parameter struct {
	Name        string
	Description string
	// Default is the value the scenario is built with.
	Default float64
	// Min and Max bound the values the parameter may be given, when Min <
	// Max; both zero means the parameter has no declared range.
	Min, Max float64
	// Prior, when set, is the parameter's distribution: a run with
	// scenario.RunOptions.DrawParameters draws its own value from it. Its
	// support must lie within [Min, Max] when a range is declared.
	Prior distuv.Quantiler
}

// Ranged reports whether the parameter declares a range.
func (p Parameter) Ranged() bool { return p.Min != 0 || p.Max != 0 }

// Usable returns the parameter's default, or, when the default is refused
// (not finite, or outside the range), the middle of its range or 0: the
// value numbers are evaluated with while a definition is checked, so that
// one bad default is reported once and not again by every number that
// depends on it.
func (p Parameter) Usable() float64 {
	finite := sample.Finite
	switch {
	case !finite(p.Default) && p.Ranged() && finite(p.Min) && finite(p.Max):
		return p.Min + float64((p.Max-p.Min)/2)
	case !finite(p.Default):
		return 0
	case p.Ranged() && finite(p.Min) && finite(p.Max) && p.Min < p.Max && (p.Default < p.Min || p.Default > p.Max):
		return p.Min + float64((p.Max-p.Min)/2)
	}
	return p.Default
}
