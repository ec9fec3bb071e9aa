package scenariofile

import (
	"errors"

	"github.com/parleysim/parley/problem"

	"github.com/parleysim/parley/scenario"
)

// NowFile says where a negotiation stands today, for runs that go on from
// it (parley run FILE -from NOW.yaml):
//
//	now:
//	  day: 10
//	  path: [{state: call, day: 0}, {state: officials, day: 2}]
//	  occurred: [{event: prisoner-release, day: 6}]
//	  vars: {agreed.guarantees: 0.7}
//
// path lists the states entered so far, in order; the last is the state
// now. Fixed actor values are parameters: set them with -set.
type NowFile struct {
	Now struct {
		Day      *float64           `yaml:"day"`
		Path     []VisitItem        `yaml:"path"`
		Occurred []EventItem        `yaml:"occurred,omitempty"`
		Vars     map[string]float64 `yaml:"vars,omitempty"`
	} `yaml:"now"`
}

// VisitItem is a state entered on a day.
type VisitItem struct {
	State string  `yaml:"state"`
	Day   float64 `yaml:"day"`
}

// EventItem is an event that occurred on a day.
type EventItem struct {
	Event string  `yaml:"event"`
	Day   float64 `yaml:"day"`
}

// LoadNow reads a now file within the default limits and returns the
// scenario as it stands then (scenario.Scenario.From).
func LoadNow(path string, sc *scenario.Scenario) (*scenario.Scenario, error) {
	return DefaultLimits.LoadNow(path, sc)
}

// LoadNow reads a now file and returns the scenario as it stands then;
// every problem is reported at once, each with its line and column.
func (l Limits) LoadNow(path string, sc *scenario.Scenario) (*scenario.Scenario, error) {
	var f NowFile
	bd, err := l.decodeList(path, "now: {day: ..., path: [...]}", &f)
	if err != nil {
		return nil, err
	}
	if f.Now.Day == nil {
		bd.add("now", "day: the day today, in days from the start, is needed")
		return nil, &problem.Error{Kind: ErrFile, Problems: bd.problems}
	}
	n := scenario.Now{Day: *f.Now.Day, Vars: f.Now.Vars}
	for _, v := range f.Now.Path {
		n.Path = append(n.Path, scenario.Visit{State: v.State, Day: v.Day})
	}
	for _, e := range f.Now.Occurred {
		n.Occurred = append(n.Occurred, scenario.EventOn{Event: e.Event, Day: e.Day})
	}
	out, err := sc.From(n)
	var de *problem.Error
	if !errors.As(err, &de) {
		return out, err
	}
	for _, p := range de.Problems {
		bd.addPart(p, p.Field, "%s", p.Msg) // the fields are the file's keys: now.path[1], now.vars
	}
	sortProblems(bd.problems)
	return nil, &problem.Error{Kind: ErrFile, Problems: bd.problems}
}
