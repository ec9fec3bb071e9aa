package scenariofile

import (
	"encoding/json"
	"fmt"
	"math"
	"time"

	"github.com/parleysim/parley/scenario"
)

// Day is a day in a file: a day number (14), an instant, or a date
// (2025-08-31), the whole date, counted from the scenario's start_date:
// with a start date of 2025-08-18, by 2025-08-31 is by its end, day 14,
// and from 2025-08-31 from its beginning, day 13.
type Day struct {
	Value float64
	Date  string // the date as written; empty for a day number
	err   string
}

// DayNum returns a Day given as a number.
func DayNum(x float64) Day { return Day{Value: x} }

// UnmarshalYAML reads a number or a date; a malformed one is kept with its
// error, reported at its position when the file is read.
func (d *Day) UnmarshalYAML(unmarshal func(any) error) error {
	var x any
	if err := unmarshal(&x); err != nil {
		*d = Day{err: "a day number or a date (2025-09-01) is needed here"}
		return nil
	}
	switch v := x.(type) {
	case time.Time:
		*d = Day{Date: v.Format(time.DateOnly)}
		return nil
	case string:
		if f, ok := number(v); ok {
			*d = Day{Value: f}
			return nil
		}
		if _, err := time.Parse(time.DateOnly, v); err != nil {
			*d = Day{err: fmt.Sprintf("%q is neither a day number nor a date written as 2025-09-01", v)}
			return nil
		}
		*d = Day{Date: v}
		return nil
	}
	if f, ok := number(x); ok {
		*d = Day{Value: f}
		return nil
	}
	*d = Day{err: "a day number or a date (2025-09-01) is needed here"}
	return nil
}

// MarshalYAML writes the date, or the day number.
func (d Day) MarshalYAML() (any, error) {
	if d.Date != "" {
		return d.Date, nil
	}
	return d.Value, nil
}

// MarshalJSON writes the date, or the day number.
func (d Day) MarshalJSON() ([]byte, error) {
	if d.Date != "" {
		return json.Marshal(d.Date)
	}
	return json.Marshal(d.Value)
}

// A date means the whole date: where a day ends a window or is an
// instant (by, to, day, completed_by), it stands for the end of the date,
// the day after's day number; where it starts one (from), for its
// beginning. A day number is an instant either way.
const (
	startOfDate = false
	endOfDate   = true
)

// day resolves d against the start date (zero without one), a date as
// its end or its start; the message says what is wrong, "" when nothing
// is.
func (d Day) day(start time.Time, end bool) (float64, string) {
	switch {
	case d.err != "":
		return math.NaN(), d.err
	case d.Date == "":
		return d.Value, ""
	case start.IsZero():
		return math.NaN(), fmt.Sprintf("the date %s needs the scenario's start_date, the date of day 0", d.Date)
	}
	date, err := time.Parse(time.DateOnly, d.Date)
	if err != nil {
		return math.NaN(), fmt.Sprintf("%q is not a date written as 2025-09-01", d.Date)
	}
	x := scenario.DayOf(start, date)
	if end {
		x++
	}
	return x, ""
}
