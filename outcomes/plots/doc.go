// Package plots draws a Result with gonum/plot: route curves with their
// interval bands (all routes, or one route's completed, open and closed
// shares), P(reached by day) per state, the most likely paths with the
// share of all others, claims and declines as dots with whiskers, and the
// values agreed at meetings as boxes. Save writes PNG, SVG or PDF by the
// file's extension.
//
// # Invariants
//
// A plot depends on the Result alone: the same Result draws the same plot.
// Exact Results are drawn without bands or whiskers, having no intervals.
// Probability plots keep their legend in room above 1, so that it never
// covers a curve.
package plots
