// Package deadline holds what tests of hostile input share: a bound on the
// time one input may take, for fuzz targets, which the fuzzing engine does
// not report as a hang.
package deadline

import (
	"testing"
	"time"
)

// Within fails t unless f returns within d. f goes on in the background
// after a failure; the test binary ends soon after.
func Within(t testing.TB, d time.Duration, f func()) {
	t.Helper()
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(d):
		t.Fatalf("no answer within %v", d)
	}
}
