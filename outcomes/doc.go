// Package outcomes runs a scenario many times and says what the runs show:
// how likely each final state and each path of meetings is, how each route
// stands (completed, open or closed) on every day of the horizon, how likely
// each claim is, and when states are first entered, every probability with a
// confidence interval.
//
// # Running
//
//	res, err := outcomes.Run(ctx, sc, &outcomes.Config{Runs: 100_000, Seed: 1})
//	res.WriteText(os.Stdout, nil)
//
// # Reading a Result
//
// Each probability is an Estimate: the share P of N runs, the number of runs
// Hits behind it, and the Wilson score interval [Lo, Hi] at Result.Confidence
// (95% by default). Per-day series are indexed like Result.Days. Quantiles of
// entry and completion days are read from a fixed fine grid of the horizon
// (about 4096 bins), interpolated between the days seen in a bin, so a fixed
// delay is reported exactly.
//
// # Invariants
//
// Run is deterministic: run i draws from a PCG stream seeded by hashing
// Config.Seed with i, so the same seed gives the same Result, bit for bit, for
// any number of workers. Workers tally into their own integer counters (sums
// in any order are equal) and paths are merged block by block in block order.
// Memory does not grow with the number of runs: histograms live on the fixed
// grid and the path table holds at most Config.PathCapacity paths, the rest
// counted as "other". One run and its tallying allocate nothing. A Result is
// a plain value, safe to read from many goroutines and to encode as JSON
// (WriteJSON) or CSV (WriteCSV).
package outcomes
