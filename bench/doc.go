// Package bench holds the baselines that parley's engine is measured
// against on the reference chain: a hand-written loop over fixed arrays, and
// the same model written with github.com/qmuntal/stateless and gonum's distuv,
// as a Go user might without parley. It is a module of its own so that its
// dependencies stay out of parley's go.mod.
//
//	cd bench && GOWORK=off go test -bench . -benchmem
package bench
