//go:build race

package scenario_test

// raceEnabled: the race detector makes sync.Pool drop items at random, so
// that code which allocates nothing through a pool allocates now and then.
const raceEnabled = true
