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
// A Result's own fields mean the same whichever method made it: final
// states, claims, routes, states, events, conditioning. What only runs
// tally (runs, seed, paths, transitions fired, declines, agreements,
// faults, precision, the mean day of the end among runs that ended) is in
// Result.MonteCarlo, nil for exact analysis; what only exact analysis
// computes (absorption ever, the expected time to it) is in Result.Exact,
// nil for runs. JSON writes one flat object either way.
//
// Each probability is an Estimate: the share P of N runs, the number of runs
// Hits behind it, and the Wilson score interval [Lo, Hi] at Result.Confidence
// (95% by default). Per-day series are indexed like Result.Days: every day
// up to a horizon of Config.ReportDays-1 days (1,000 by default), then every
// 2nd, 4th, 8th... day, and the horizon. Quantiles of entry and completion
// days are read from a finer grid (about 4096 bins over the horizon, fewer
// per state in models of many states), interpolated between the days seen
// in a bin, so a fixed delay is reported exactly.
//
// Lookups by day (StateResult.By, RouteResult.At, Estimate's keys with a
// day) answer the day asked: a report day; any day of an exact Result; a
// day between report days that a Monte Carlo Result's tallies resolve
// exactly (the edge of a bin, Result.Answers). Any other day is an error
// matching ErrOffGrid, never the value of a day before it. ReadResult reads
// a Result from JSON and checks it (Result.Check): one that no run gives
// is refused with ErrResult, naming the field.
//
// # Exact analysis
//
// Exact computes the same quantities for a Markovian scenario without
// sampling (Lo = Hi = P). Large continuous-time chains are moved as vectors
// (the generator in compressed rows, stepped by uniformization; absorption
// by sparse elimination), small, discrete and stiff ones by dense matrix
// exponentials. Its exponential stays accurate on stiff chains,
// its quantiles are exact on a discrete chain's steps and within 1e-7 days
// in continuous time, and it checks its own answer: probabilities that do
// not sum to 1 within 1e-9 give ErrInexact, never a number. Reach by day
// of states off every cycle comes from one shared pass of the jump chain;
// states on cycles take a pass each, estimated first and refused past a
// budget with ErrTooLong.
//
// # Evidence and scoring
//
// Config.Given conditions a Run on observations (scenario.Statement):
// runs inconsistent with any are rejected, Runs counts the consistent runs
// wanted, and Result.Given reports the runs made, the share consistent
// with each observation and with all (their likelihood). Observations too
// rare to estimate give ErrEvidence, naming the rarest. ExactConfig.Given
// conditions exactly on states entered within windows and states on a day,
// by a forward and a backward pass over the chain with a flag per window.
// LikelihoodRatio compares two variants' likelihoods. ScoreForecasts scores
// Results against what happened (statements with their Truth, as an
// outcomes file gives them): Brier and log scores and
// Murphy's decomposition.
//
// # Shards
//
// RunShard runs one of several shards of a Run, a range of whole blocks of
// run numbers, and returns its tallies in integer form (a Shard, written as
// versioned JSON); Merge merges the shards, in any order, into the Result
// the unsharded Run gives, bit for bit, and refuses shards of other runs,
// overlapping or missing ones, and any shard no run writes: settings that
// RunShard does not write, tallies whose counts do not add up, values
// outside their bins (ErrShards, naming the shard and the field). Batch
// engines run the shards (the parley command's -shard and merge).
//
// Every shard file of parley (runs here, calibrations and exploration
// tables in explore) carries an Envelope: format, version, index, count,
// the identity of the computation (Identity, a hash of what every shard
// shares) and whether it was stopped. CheckEnvelopes is the one check of
// a set of shards before any merge.
//
// # Limits
//
// Run and Exact estimate the memory they need before allocating and refuse
// past Config.MemoryLimit (ExactConfig.MemoryLimit), 4 GiB by default, with
// ErrMemory and a message saying what to change. Both stop when their
// context is cancelled: Run returns the runs finished, marked Partial.
//
// # Invariants
//
// Run is deterministic: run i draws from a PCG stream seeded by hashing
// Config.Seed with i, so the same seed gives the same Result, bit for bit, for
// any number of workers. Workers tally into their own integer counters (sums
// in any order are equal) and paths are merged block by block in block order.
// Memory does not grow with the number of runs, nor with the horizon beyond
// the report grid: histograms live on the grid and the path table holds at most Config.PathCapacity paths, the rest
// counted as "other". One run and its tallying allocate nothing. A Result is
// a plain value, safe to read from many goroutines and to encode as JSON
// (WriteJSON) or CSV (WriteCSV).
package outcomes
