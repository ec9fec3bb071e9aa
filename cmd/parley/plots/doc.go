// Package plots draws parley's results with gonum/plot. From a Result:
// route curves with their interval bands (all routes, or one route's
// completed, open and closed shares), P(reached by day) per state, the
// most likely paths with the share of all others, claims and declines as
// dots with whiskers, the values agreed at meetings as boxes, and a
// score's reliability diagram. From explore's analyses: Sobol indices with
// their intervals, Morris mu* against sigma, PRIM's coverage-density
// trade-off, experiments two parameters at a time coloured by an output,
// and a posterior's marginal. Save writes PNG, SVG or PDF by the file's
// extension.
//
// The package belongs to the tool's module (github.com/parleysim/parley/cmd/parley),
// not the library's: gonum/plot brings fonts, a LaTeX renderer, PDF and
// image code that an analysis program computing numbers should not have
// to download. A program that wants charts requires the tool's module and
// imports this package.
//
// # Invariants
//
// A plot depends on the Result alone: the same Result draws the same plot.
// Exact Results are drawn without bands or whiskers, having no intervals.
// Probability plots keep their legend in room above 1, so that it never
// covers a curve.
package plots
