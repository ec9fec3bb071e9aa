// Package explore runs experiments over a scenario's parameters and
// analyses them: which assumptions drive an outcome (global sensitivity,
// with Sobol indices and Morris elementary effects), which combinations
// of assumptions lead to the outcomes that matter (scenario discovery, with
// PRIM), and what the record says the assumptions are (calibration by
// approximate Bayesian computation).
//
// # Steps
//
// The analysis is three separate steps over plain data, as in SALib and
// the EMA workbench:
//
//  1. A Design places points in a Space of inputs: Factorial, LatinHypercube,
//     Saltelli (for Sobol indices), Morris (trajectories), or Cases (a
//     table of named cases). ParameterSpace makes the space of a scenario's
//     parameters from their ranges (or priors); Box makes one for any
//     function.
//  2. Run evaluates a scenario at every point of a design: each experiment
//     binds the point's values (Scenario.With, which rewrites only the
//     dependent cells) and runs the scenario, and its Result gives the
//     outputs, each an outcomes.Result.Estimate key such as claim:merz-14,
//     with its standard error. Evaluate does the same for a plain Go
//     function of the input vector. Either gives a Table, written and read
//     back as CSV or JSON Lines.
//  3. Sobol, Morris and PRIM read a design's outputs.
//
// # Learning assumptions from the record
//
// Calibrate learns parameters from observed histories by approximate
// Bayesian computation: a draw's likelihood is the share of its runs
// consistent with each history's observations, multiplied over histories.
// Rejection weighs a Latin hypercube over the priors; SMC narrows an
// exponential kernel on the observations a run misses, round by round, to
// zero, resampling and moving the particles by a random walk in the unit
// cube of the priors (where the prior is uniform, so no density is
// needed). Predict carries the posterior into what is still open: each
// draw's runs consistent with the history, averaged by the draws' weights.
// A history's observations may be an outcomes file's statements as they
// are (scenario.Scenario.Observe reads a claim's record as what the claim
// states); SharedSpace pools the
// parameters several scenarios share completely, PartialSpace partially
// (each history its own value, from a population whose median and spread
// are learnt).
//
// # The forecast track
//
// ForecastTrack makes a forecast again on every date a journal says
// something became known (and every TrackConfig.Every days), given what
// was known by then: exactly where outcomes.Exact applies, otherwise by
// runs consistent with it. With the outcomes it scores the track, each
// forecast counting for the days it stood until the claim resolved, as
// forecasting platforms score a forecaster's record.
//
// # Invariants
//
// Experiments share random numbers: run i of every experiment draws the
// same stream (the seed's), so differences between experiments are the
// parameters', not noise of the streams. Experiments are spread over the
// workers whole, and their results land by index, so a Table is the same,
// bit for bit, for any number of workers. Designs are drawn from a PCG
// stream seeded by the seed given, never from a global source. Calibration
// runs have streams of their own per (seed, round, draw, history, run), so
// a posterior too is the same for any number of workers.
//
// # Noise
//
// With a simulator every output is an estimate. Sobol reports the share of
// an output's variance over the design that is Monte Carlo noise (the mean
// squared standard error over the variance), and marks an output that
// barely varies as flat instead of printing noise as indices. With common
// random numbers the noise of different experiments is correlated, so
// subtracting it would over-correct: the indices are corrected for noise
// only when SobolOptions.IndependentNoise says the experiments' noise is
// independent (each run on its own seed).
package explore
