package scenariofile_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"

	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// talksFile is a scenario file with a start date, so that observations
// and outcomes may give dates for days.
const talksFile = `name: talks
start: call
start_date: 2025-08-18
horizon: 30
states: [{name: call}, {name: arranged}, {name: met, absorbing: true}]
transitions:
  - {from: call, to: arranged, rate: 0.2}
  - {from: arranged, to: met, rate: 0.1}
claims:
  - {name: met-in-two-weeks, reached: met, by: 2025-08-31}
`

// Load reads a scenario file. A date is the whole date: by 31 August is
// by the end of it, day 14.
func ExampleLoad() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "talks.yaml")
	os.WriteFile(path, []byte(talksFile), 0o644)
	sc, err := scenariofile.Load(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	c := sc.Claims()[0]
	fmt.Printf("%s: %d states, horizon %g days; claim %s by day %g\n", sc.Name(), sc.NumStates(), sc.Horizon(), c.Name, c.To)
	// Output: talks: 3 states, horizon 30 days; claim met-in-two-weeks by day 14
}

// ParseObservations reads what is known of the course so far, against the
// scenario it is about: names are checked and dates become days.
func ExampleParseObservations() {
	sc, _ := scenariofile.Parse("talks.yaml", []byte(talksFile))
	obs, err := scenariofile.ParseObservations("given.yaml", []byte(`observations:
  - {entered: arranged, by: 2025-08-24, happened: false, source: "no date set in the first week"}
  - {in_state: call, day: 10}
`), sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, o := range obs {
		fmt.Printf("%v (%s)\n", o, o.Source)
	}
	_, err = scenariofile.ParseObservations("given.yaml", []byte("observations:\n  - {entered: arrangd, by: 7}\n"), sc)
	fmt.Println(err)
	// Output:
	// arranged not entered by day 7 (no date set in the first week)
	// in call at day 10 ()
	// given.yaml:2:15: observations[0].entered: unknown state "arrangd" (did you mean "arranged"?)
}

// ParseOutcomes reads what happened to the claims, for scoring.
func ExampleParseOutcomes() {
	happened, err := scenariofile.ParseOutcomes("outcomes.yaml", []byte(`outcomes:
  - {claim: met-in-two-weeks, happened: false, date: 2025-09-01, source: "no meeting by then"}
  - {route: us-proposal, completed_by: 30, happened: false}
`))
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, h := range happened {
		fmt.Println(h, h.Date)
	}
	// Output:
	// claim met-in-two-weeks (did not hold) 2025-09-01
	// route us-proposal completed at day 30 (did not hold)
}

// LoadNow turns a now file, where the negotiation stands, into the
// scenario whose runs go on from there.
func ExampleLoadNow() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "now.yaml")
	os.WriteFile(path, []byte("now:\n  day: 10\n  path: [{state: call, day: 0}, {state: arranged, day: 6}]\n"), 0o644)
	sc, _ := scenariofile.Parse("talks.yaml", []byte(talksFile))
	now, err := scenariofile.LoadNow(path, sc)
	if err != nil {
		fmt.Println(err)
		return
	}
	// Every run's trace begins with the course so far.
	tr := now.NewRunner(scenario.RunOptions{}).Run(rand.New(rand.NewPCG(1, 2)))
	for _, s := range tr.Steps[:2] {
		fmt.Printf("day %g: %s\n", s.Day, now.StateName(s.State))
	}
	fmt.Printf("runs go on from %s\n", now.StateName(tr.Steps[1].State))
	// Output:
	// day 0: call
	// day 6: arranged
	// runs go on from arranged
}

// Limits bound what a file may cost to read; a file past a limit is
// refused with a message naming it, before it is parsed.
func ExampleLimits() {
	_, err := scenariofile.Limits{Depth: 4}.Parse("deep.yaml", []byte("name: deep\nstates: [[[[[call]]]]]\n"))
	fmt.Println(err)
	// Output: deep.yaml:2:12: lists and mappings are nested deeper than 4 levels, the limit (raise Limits.Depth)
}
