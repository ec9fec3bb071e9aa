// Package scenariofile reads scenarios from YAML (or JSON) files, so that a
// scenario can be written, shared and run without Go.
//
// A file lists, in order, the variables, issues, actors and positions (with
// priors such as {dist: beta, alpha: 2, beta: 5} or {choice: [0, 1000],
// weights: [1, 1]}), states, transitions (rate, fixed or delay; to or
// branch; when, do, participants, agenda, on_decline), events, routes and
// claims; examples/scenarios/washington-summit.yaml shows every part, and
// gives the same Result as the Go example for the same seed and runs.
//
// # Expressions
//
// Guards (when), effects (do: "name = expression") and branch weights are
// expressions, parsed with github.com/expr-lang/expr and compiled once per
// scenario into closures over the world's dense variables: the run loop
// neither parses nor looks names up, and allocates nothing. The language:
//
//	numbers, true, false, variables by name, agreed.<issue>, day
//	+ - * / %  < <= > >= == !=  && || !  (and, or, not)  cond ? a : b
//	abs(x) min(x, y) max(x, y) isNaN(x)
//	ideal("RU", "territory") salience(...) lo(...) hi(...) capability("RU")
//
// A comparison of one variable with a constant (and &&, ||, ! of such)
// becomes a structured guard that exact analysis can read; an assignment of
// a constant becomes SetVar. A guard is evaluated when the run enters a state
// and when the world changes, so a guard on day alone does not open by itself
// when the day comes: use a scheduled event. An effect can also move an
// actor's range: {shift_range: {actor: UA, issue: territory, hi: "0.1"}}.
//
// # Errors
//
// Load and Parse report every problem at once in an *Error (matching
// ErrFile), each with file, line, column and field:
//
//	talks.yaml:20:22: transitions[1].to: unknown state "stall"
//
// Unknown fields are errors; so are malformed values and expressions.
//
// # Invariants
//
// Loading is deterministic: the file's order is the scenario's order, which
// fixes the order priors are drawn in, so the same file and seed give the
// same Result.
package scenariofile
