// Package live holds what the interactive page's engine and the report
// that writes the page must agree on.
package live

// Outputs are what the page's engine records of its runs
// (outcomes.Config.Outputs): what the page draws, final states, claims,
// routes and paths. The report checks the engine against a native run of
// the same outputs.
var Outputs = []string{"final", "claim", "route", "paths"}
