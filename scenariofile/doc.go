// Package scenariofile reads scenarios from YAML (or JSON) files, so that a
// scenario can be written, shared and run without Go.
//
// A file lists, in order, the variables, issues, actors and positions (with
// priors such as {dist: beta, alpha: 2, beta: 5} or {choice: [0, 1000],
// weights: [1, 1]}), states, transitions (rate, fixed or delay; to or
// branch; when, do, participants, agenda, on_decline), events, routes and
// claims; a participant is an actor ID, or {actor: ID, accept: RULE} with
// a rule for that meeting alone, in place of the actor's own; examples/scenarios/washington-summit.yaml shows every part, and
// gives the same Result as the Go example for the same seed and runs.
//
// # Parameters
//
// A parameters: section names the file's assumptions:
//
//	parameters:
//	  - {name: us_pressure, default: 0.7, range: [0, 1], prior: {dist: beta, alpha: 7, beta: 3},
//	     description: "assumption: how hard the US pushes"}
//
// Every number of the file except the horizon, issue scales and the claims'
// days and thresholds may then be an expression over parameters, written as
// text: rate: "0.1 * us_pressure". Such an expression is compiled once into
// a function of the parameters' values and evaluated whenever they are
// bound (scenario.Scenario.With, parley -set), never per run. Its language
// is numbers, parameter names, + - * / ** and unary -, parentheses, and
// abs, min, max, exp, log, sqrt, pow. Guards, effects and weights read
// parameters by name as well. A default outside its range is reported
// once; the numbers that depend on it are checked at the range's middle.
//
// # Dates
//
// start_date: 2025-08-18 gives the calendar date of day 0. Outputs then
// show dates beside days, and a claim's by and day, an observation's by,
// from, to and day, and an outcome's completed_by may be dates. A date is
// the whole date: by, to, day and completed_by mean its end, from its
// beginning. With that start, by: 2025-08-31 is by day 14, the end of 31
// August; from: 2025-08-20, to: 2025-08-20 is any time on 20 August. Day
// numbers stay instants. A date without a start_date is an error at its
// place.
//
// # Distributions
//
// Delays, priors and parameters' priors name a distribution and its
// parameters in any of these forms (the first is gonum's; Write writes it):
//
//	exponential  rate | mean
//	uniform      min, max
//	gamma        alpha, beta (beta a rate) | shape, rate | shape, scale | mean, sd
//	beta         alpha, beta | mean, sd
//	lognormal    mu, sigma (of the logarithm) | mean, sd (of the delay) | median, sigma
//	weibull      k, lambda | shape, scale
//	normal       mu, sigma | mean, sd
//
// parley validate prints each transition's delay with its mean and the range
// of 90% of its draws, so that a scale read as a rate shows.
//
// # Expressions
//
// Guards (when), effects (do: "name = expression"), branch weights and
// range shifts are expressions, carried into the definition as their text
// (scenario.Condition, scenario.Assignment, scenario.Target.Weight,
// scenario.RangeShift) and compiled by its Build, once per scenario,
// into closures over the world's dense variables: the run loop
// neither parses nor looks names up, and allocates nothing. The language:
//
//	numbers, true, false, variables and parameters by name, agreed.<issue>, day
//	+ - * / %  < <= > >= == !=  && || !  (and, or, not)  cond ? a : b
//	abs(x) min(x, y) max(x, y) isNaN(x)
//	ideal("RU", "territory") salience(...) lo(...) hi(...) capability("RU")
//
// A comparison of one variable with a number, a parameter or a formula of
// parameters (and &&, ||, ! of such) compiles to a test exact analysis can
// read; so does an assignment of such a number, or of the variable plus
// one. The same expressions are what Go programs write. A guard is evaluated when the run enters a state
// and when the world changes, so a guard on day alone does not open by itself
// when the day comes: use a scheduled event. An effect can also move an
// actor's range: {shift_range: {actor: UA, issue: territory, hi: "0.1"}}.
//
// # Errors
//
// Load and Parse report every problem at once in a *problem.Error of kind
// ErrFile, each with its Origin (file, line, column and field) and, for a
// problem the scenario or the actors model raised, their account of it
// (part, index, name, field key):
//
//	talks.yaml:20:22: transitions[1].to: unknown state "stall"
//
// Unknown fields are errors; so are malformed values and expressions. A
// value of the wrong type does not hide the rest: the file is then read
// part by part, and every part's problem is reported. Variable names that
// expressions reserve (day, true, agreed, the functions) and names with
// control or bidirectional-override characters are refused. Check also
// returns the warnings of a valid file (events and claims beyond the
// horizon, routes no run can complete, cycles of zero-delay transitions),
// and Place puts the reason exact analysis does not apply at its place.
//
// # Limits
//
// Reading a file is bounded before the YAML parser sees it (Limits,
// DefaultLimits): its size (64 MiB, checked without reading more), the
// nesting of lists and mappings (64 levels, checked on the text), its
// tokens (4,000,000, counted on the text: the parser takes hundreds of
// bytes a token), and the nodes that aliases add once expanded (1,000,000,
// checked on the syntax tree). Observations, outcomes and now files list at
// most 10,000 items (Limits.Statements). The error's message lists the
// first problem.Printed problems and counts the rest. A UTF-8 byte-order
// mark is accepted; UTF-16, NUL bytes, invalid UTF-8 and a second YAML
// document are refused with their own messages.
//
// # Invariants
//
// Loading is deterministic: the file's order is the scenario's order, which
// fixes the order priors are drawn in, so the same file and seed give the
// same Result.
package scenariofile
