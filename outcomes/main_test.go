package outcomes_test

import (
	"flag"
	"os"
	"testing"
)

// TestMain fixes rapid's seed unless one is given with -rapid.seed: the
// property tests make statistical checks, and those must not depend on the
// day they run.
func TestMain(m *testing.M) {
	flag.Parse()
	if f := flag.Lookup("rapid.seed"); f != nil && f.Value.String() == "0" {
		if err := f.Value.Set("20250818"); err != nil {
			panic(err)
		}
	}
	os.Exit(m.Run())
}
