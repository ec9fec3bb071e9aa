package scenariofile

import (
	"errors"
	"fmt"
	"github.com/parleysim/parley/internal/chain"
	"math"
	"time"

	"github.com/parleysim/parley/problem"

	"github.com/parleysim/parley/scenario"
)

// ObservationsFile is a file of what is known of a negotiation's course so
// far, on which runs are conditioned (parley run FILE -given OBS.yaml):
//
//	observations:
//	  - {entered: arranged, by: 7, happened: false, source: "no date set by 25 August"}
//	  - {event: prisoner-exchange, by: 7, date: 2025-08-24}
//	  - {in_state: talks, day: 10}
//	  - {entered: bilateral, from: 10, to: 20}
//	  - {variable: pressure, day: 7, min: 1, max: 2}
//	  - {agreed: guarantees, min: 0.5, by: 14}
//	  - {route: us-proposal, day: 14, status: open}
//
// Each item names one thing observed (entered, in_state, event, variable,
// agreed or route, or one of the scenario's claims by name, claim, which
// may combine statements) and its days: by (from day 0), or from and to, for
// entered, event and agreed; day for in_state, variable and route. A day
// may be given as a date (2025-08-25) when the scenario has a start_date,
// or when the file gives one (start_date: 2025-08-18, as outcomes files
// do), which must then be the scenario's, if it has one.
// happened: false observes that it did not happen; it defaults to true.
// date and source say where it is known from; known, the date it became
// known, makes the file a journal for the forecast track:
//
//   - {entered: summit, by: 2018-05-24, happened: false, known: 2018-05-24, source: "the summit is called off"}
type ObservationsFile struct {
	StartDate    string            `yaml:"start_date,omitempty" json:"start_date,omitempty"`
	Observations []ObservationItem `yaml:"observations" json:"observations"`
}

// ObservationItem is one observation of an ObservationsFile.
type ObservationItem struct {
	Entered  string   `yaml:"entered,omitempty" json:"entered,omitempty"`
	InState  string   `yaml:"in_state,omitempty" json:"in_state,omitempty"`
	Event    string   `yaml:"event,omitempty" json:"event,omitempty"`
	Variable string   `yaml:"variable,omitempty" json:"variable,omitempty"`
	Agreed   string   `yaml:"agreed,omitempty" json:"agreed,omitempty"`
	Route    string   `yaml:"route,omitempty" json:"route,omitempty"`
	Claim    string   `yaml:"claim,omitempty" json:"claim,omitempty"`
	By       *Day     `yaml:"by,omitempty" json:"by,omitempty"`
	From     *Day     `yaml:"from,omitempty" json:"from,omitempty"`
	To       *Day     `yaml:"to,omitempty" json:"to,omitempty"`
	Day      *Day     `yaml:"day,omitempty" json:"day,omitempty"`
	Value    *float64 `yaml:"value,omitempty" json:"value,omitempty"`
	Min      *float64 `yaml:"min,omitempty" json:"min,omitempty"`
	Max      *float64 `yaml:"max,omitempty" json:"max,omitempty"`
	Status   string   `yaml:"status,omitempty" json:"status,omitempty"`
	Happened *bool    `yaml:"happened,omitempty" json:"happened,omitempty"`
	Date     string   `yaml:"date,omitempty" json:"date,omitempty"`
	Source   string   `yaml:"source,omitempty" json:"source,omitempty"`
	// Known is the date it became known: a journal's entries say it, and
	// the forecast track (parley track) reads each from that date on.
	Known string `yaml:"known,omitempty" json:"known,omitempty"`
}

// LoadObservations reads an observations file within the default limits
// and checks it against the scenario.
func LoadObservations(path string, sc *scenario.Scenario) ([]scenario.Statement, error) {
	return DefaultLimits.LoadObservations(path, sc)
}

// LoadObservations reads an observations file and checks it against the
// scenario (names, days, bounds); every problem is reported at once, each
// with its line and column.
func (l Limits) LoadObservations(path string, sc *scenario.Scenario) ([]scenario.Statement, error) {
	var f ObservationsFile
	bd, err := l.decodeList(path, "observations: [...]", &f)
	if err != nil {
		return nil, err
	}
	return f.observations(bd, sc)
}

// ParseObservations reads the contents of an observations file within the
// default limits and checks it against the scenario; name is used in
// messages.
func ParseObservations(name string, data []byte, sc *scenario.Scenario) ([]scenario.Statement, error) {
	var f ObservationsFile
	bd, err := DefaultLimits.decodeListData(name, data, "observations: [...]", &f)
	if err != nil {
		return nil, err
	}
	return f.observations(bd, sc)
}

// LoadJournal reads a journal within the default limits: an observations
// file whose every item says when it became known (known: DATE), for the
// forecast track (explore.ForecastTrack). Each statement's Date is that
// date.
func LoadJournal(path string, sc *scenario.Scenario) ([]scenario.Statement, error) {
	return DefaultLimits.LoadJournal(path, sc)
}

// LoadJournal reads a journal, as LoadObservations reads an observations
// file, and checks that every item says when it became known, counted
// from the scenario's start date.
func (l Limits) LoadJournal(path string, sc *scenario.Scenario) ([]scenario.Statement, error) {
	var f ObservationsFile
	bd, err := l.decodeList(path, "observations: [...]", &f)
	if err != nil {
		return nil, err
	}
	start, dated := sc.StartDate()
	for i, it := range f.Observations {
		where := fmt.Sprintf("observations[%d]", i)
		switch {
		case it.Known == "":
			bd.add(where, "a journal entry says when it became known: give known: DATE")
		case !dated:
			bd.add(where+".known", "the scenario %q has no start_date to count the dates it became known from", sc.Name())
		}
	}
	obs, err := f.observations(bd, sc)
	if err != nil {
		return nil, err
	}
	// Against hindsight: nothing is known before it could be. A window in
	// which something did not happen must have ended, and one in which it
	// did must have begun, by the end of the date it became known; a state
	// or a value on a day, by then too.
	for i, o := range obs {
		d, err := time.Parse(time.DateOnly, o.Date)
		if err != nil {
			continue
		}
		end := scenario.DayOf(start, d) + 1 // the end of the date it became known
		var day float64
		switch o.Kind {
		case scenario.StatementEntered, scenario.StatementOccurred, scenario.StatementAgreed:
			day = o.From
			if o.Not {
				day = o.To
			}
		case scenario.StatementInState, scenario.StatementVariable, scenario.StatementRoute:
			day = o.To
		default:
			continue // a claim observed by name has its own days
		}
		if day > end {
			bd.add(fmt.Sprintf("observations[%d].known", i), "known on %s, before day %g (%s) that it speaks of: a journal records what could be known then", o.Date, day, sc.Text(o))
		}
	}
	if len(bd.problems) > 0 {
		sortProblems(bd.problems)
		return nil, &problem.Error{Kind: ErrFile, Problems: bd.problems}
	}
	return obs, nil
}

// observations checks an observations file read into f against sc.
func (f *ObservationsFile) observations(bd *builder, sc *scenario.Scenario) ([]scenario.Statement, error) {
	// The items read well are checked against the scenario together, so
	// that every problem is reported at once; at maps them back to the file.
	var (
		out  []scenario.Statement
		at   []int
		keys []map[string]string // per item: the file's key for each field a problem of Observe names
	)
	start, _ := sc.StartDate()
	if f.StartDate != "" {
		own, err := time.Parse(time.DateOnly, f.StartDate)
		switch {
		case err != nil:
			bd.add("start_date", "%q is not a date written as 2025-08-18", f.StartDate)
		case start.IsZero():
			start = own
		case !own.Equal(start):
			bd.add("start_date", "%s, but the scenario's day 0 is %s: the file's dates would count from another day", f.StartDate, start.Format(time.DateOnly))
		}
	}
	for i, it := range f.Observations {
		o, key, ok := observationOf(bd, fmt.Sprintf("observations[%d]", i), it, start)
		if ok {
			out, at, keys = append(out, o), append(at, i), append(keys, key)
		}
	}
	if len(f.Observations) == 0 {
		bd.add("observations", "no observations listed")
	}
	ev, err := sc.Observe(out)
	if err != nil {
		var de *problem.Error
		if !errors.As(err, &de) {
			return nil, err
		}
		for _, p := range de.Problems {
			key := keys[p.Index][p.Field]
			if key == "" {
				key = p.Field
			}
			bd.addPart(p, fmt.Sprintf("observations[%d].%s", at[p.Index], key), "%s", p.Msg)
		}
	} else {
		// What runs of this scenario cannot show, at its place: a day past
		// the horizon, or what no run can be consistent with.
		for i := range ev.Len() {
			if o := ev.Stated(i); o.To > sc.Horizon() {
				bd.add(fmt.Sprintf("observations[%d]", at[i]), "%s looks at day %v, past the scenario's horizon of day %v", sc.Text(ev.Observation(i)), o.To, sc.Horizon())
			}
		}
		if i, why, ok := chain.Impossible(sc, ev); ok && len(bd.problems) == 0 {
			bd.add(fmt.Sprintf("observations[%d]", at[i]), "%s has probability zero in %q: %s", sc.Text(ev.Observation(i)), sc.Name(), why)
		}
	}
	if len(bd.problems) > 0 {
		sortProblems(bd.problems)
		return nil, &problem.Error{Kind: ErrFile, Problems: bd.problems}
	}
	return out, nil
}

// observationOf reads one item; key maps the fields scenario.Observe
// reports problems in to the item's keys.
func observationOf(bd *builder, where string, it ObservationItem, start time.Time) (scenario.Statement, map[string]string, bool) {
	var o scenario.Statement
	if it.Claim != "" {
		// What one of the scenario's claims states (a combination among
		// them: all, any, before, within), observed by its name.
		ok := true
		if it.Entered != "" || it.InState != "" || it.Event != "" || it.Variable != "" || it.Agreed != "" || it.Route != "" {
			bd.add(where, "give exactly one of entered, in_state, event, variable, agreed, route or claim")
			ok = false
		}
		if it.By != nil || it.From != nil || it.To != nil || it.Day != nil || it.Value != nil || it.Min != nil || it.Max != nil || it.Status != "" {
			bd.add(where, "a claim observed by name has its own days and values: give only claim, happened, date and source")
			ok = false
		}
		o = scenario.ClaimNamed(it.Claim)
		bd.known(&o, where, it)
		return o, map[string]string{}, ok
	}
	kinds := 0
	for _, k := range []struct {
		name  string
		value string
		kind  scenario.StatementKind
	}{
		{"entered", it.Entered, scenario.StatementEntered}, {"in_state", it.InState, scenario.StatementInState},
		{"event", it.Event, scenario.StatementOccurred}, {"variable", it.Variable, scenario.StatementVariable},
		{"agreed", it.Agreed, scenario.StatementAgreed}, {"route", it.Route, scenario.StatementRoute},
	} {
		if k.value != "" {
			kinds++
			o.Kind, o.Target = k.kind, k.value
		}
	}
	if kinds != 1 {
		bd.add(where, "give exactly one of entered, in_state, event, variable, agreed, route or claim")
		return o, nil, false
	}
	ok := true
	bad := func(field, format string, args ...any) {
		bd.add(where+"."+field, format, args...)
		ok = false
	}
	day := func(field string, d *Day) float64 {
		x, msg := d.day(start, field != "from")
		if msg != "" {
			bad(field, "%s", msg)
		}
		return x
	}
	key := map[string]string{}
	switch o.Kind {
	case scenario.StatementEntered, scenario.StatementOccurred, scenario.StatementAgreed:
		switch {
		case it.Day != nil:
			bad("day", "a window is given with by, or from and to")
		case it.By != nil && (it.From != nil || it.To != nil):
			bad("by", "give by, or from and to, not both")
		case it.By != nil:
			o.To = day("by", it.By)
			key["day"] = "by"
		case it.To != nil:
			o.To = day("to", it.To)
			if it.From != nil {
				o.From = day("from", it.From)
				// Dates as whole dates: to: D ends after from: D begins,
				// so a reversed pair of dates is caught on the dates.
				if f, t := it.From.Date, it.To.Date; f != "" && t != "" && t < f {
					bad("from", "%s is after the window's end, %s", f, t)
				}
			}
			key["day"], key["from"] = "to", "from"
		default:
			bad("by", "the day by which it happened (by), or a window (from, to), is needed")
		}
	default:
		if it.By != nil || it.From != nil || it.To != nil {
			bad("day", "this observation is at one day: give day, not by, from or to")
		} else if it.Day == nil {
			bad("day", "the day of the observation is needed")
		} else {
			o.To = day("day", it.Day)
		}
	}
	switch o.Kind {
	case scenario.StatementVariable, scenario.StatementAgreed:
		o.Min, o.Max = math.Inf(-1), math.Inf(1)
		switch {
		case it.Value != nil && (it.Min != nil || it.Max != nil):
			bad("value", "give value, or min and max, not both")
		case it.Value != nil:
			o.Min, o.Max = *it.Value, *it.Value
			key["min"], key["max"] = "value", "value"
		case it.Min == nil && it.Max == nil:
			if o.Kind == scenario.StatementVariable {
				bad("value", "the value observed (value, or min and max) is needed")
			} else {
				key["min"] = "agreed" // any agreement at all
			}
		default:
			if it.Min != nil {
				o.Min = *it.Min
			}
			if it.Max != nil {
				o.Max = *it.Max
			}
		}
	default:
		if it.Value != nil || it.Min != nil || it.Max != nil {
			bad("value", "value, min and max are for variable and agreed observations")
		}
	}
	if o.Kind == scenario.StatementRoute {
		switch it.Status {
		case "open":
			o.Status = scenario.RouteOpen
		case "completed":
			o.Status = scenario.RouteCompleted
		case "closed":
			o.Status = scenario.RouteClosed
		default:
			bad("status", "must be open, completed or closed, got %q", it.Status)
		}
	} else if it.Status != "" {
		bad("status", "status is for route observations")
	}
	name := map[scenario.StatementKind]string{scenario.StatementEntered: "entered", scenario.StatementInState: "in_state",
		scenario.StatementOccurred: "event", scenario.StatementVariable: "variable", scenario.StatementAgreed: "agreed", scenario.StatementRoute: "route"}[o.Kind]
	for _, f := range []string{"state", "event", "variable", "issue", "route"} {
		key[f] = name
	}
	bd.known(&o, where, it)
	return o, key, ok
}

// known records on o what the item says is known of it: whether it
// happened, and when and where it is known from.
func (bd *builder) known(o *scenario.Statement, where string, it ObservationItem) {
	if it.Happened != nil {
		o.Not = !*it.Happened
	}
	bd.checkDate(where+".date", it.Date)
	bd.checkDate(where+".known", it.Known)
	o.Date = it.Known
	o.Source = it.Source
	if it.Date != "" && it.Source != "" {
		o.Source = it.Date + ": " + it.Source
	} else if it.Date != "" {
		o.Source = it.Date
	}
}
