// Package plots draws a Result with gonum/plot: route curves with their
// interval bands, P(reached by day) per state, and the most likely paths.
// Save writes PNG, SVG or PDF by the file's extension.
//
// # Invariants
//
// A plot depends on the Result alone: the same Result draws the same plot.
// Exact Results are drawn without bands, having no intervals.
package plots
