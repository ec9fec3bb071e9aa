// Package param holds the one kind of number of a parley definition: a
// number that is a constant, a named parameter, or a formula of
// parameters (Num), and a distribution whose parameters are such numbers
// (Dist). It is a leaf: actors and scenario both use it, so that an actor's
// capability, a position's ideal point and a transition's rate may all
// depend on the same assumptions.
//
// A Num is a description: Const(0.3), P("us_guarantees") or
// Formula("1/mean", ...). The scenario that holds it evaluates it when
// parameters are bound (scenario.Scenario.With), never per run.
package param
