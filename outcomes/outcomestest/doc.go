// Package outcomestest asserts how a scenario behaves, in users' unit tests,
// without flakiness and without blindness to sampling error.
//
// Each assertion is about a probability the scenario's Result estimates. It
// runs the scenario once, with a fixed seed, and fails only when the
// confidence interval (99.9% by default) excludes what was asserted: "P is in
// [lo, hi]" fails when the interval lies wholly outside [lo, hi]; "P is above
// p" when the interval lies wholly at or below p. The failure message gives
// the estimate, the interval, the runs and the seed, so the failure can be
// reproduced and examined with outcomes.Replay.
//
// # Choosing the number of runs
//
// With a fixed seed a test passes or fails the same way every time. Over
// seeds, an assertion that is true fails with probability at most
// (1 - Confidence)/2: the interval must then lie wholly on one side of the
// true value. The other risk is a blind test, one that passes although the
// statement is false, because the interval is too wide to exclude anything.
// The interval's half-width is at most z·sqrt(0.25/Runs); RunsFor(margin,
// confidence) returns the runs that bring it to margin/2, so that a
// statement wrong by more than margin is caught. For example
// RunsFor(0.01, 0.999) is 108,276.
//
// # Invariants
//
// Every assertion of a Scenario reads the one Result of its Run, made with a
// fixed seed: the same test gives the same verdict on every machine and for
// any number of workers.
package outcomestest
