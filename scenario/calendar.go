package scenario

import (
	"math"
	"time"
)

// StartDate returns the calendar date of day 0, and false when the
// scenario has none (Builder.StartDate).
func (sc *Scenario) StartDate() (time.Time, bool) {
	return sc.startDate, !sc.startDate.IsZero()
}

// DayOf returns the day number of a date counted from start, day 0: the
// whole days between them, negative before start.
func DayOf(start, date time.Time) float64 {
	a := time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC)
	b := time.Date(date.Year(), date.Month(), date.Day(), 0, 0, 0, 0, time.UTC)
	// Whole UTC days from Unix seconds: no daylight-saving hour can shift
	// the count, and unlike Time.Sub nothing saturates at 292 years.
	return float64((b.Unix() - a.Unix()) / 86400)
}

// DateOf returns the date on which day falls, counted from start, day 0:
// day 14.6 falls on the 14th date after start. Days more than about
// 8,000 years from start are clamped there.
func DateOf(start time.Time, day float64) time.Time {
	d := math.Floor(day)
	const most = 3_000_000 // about 8,000 years of days
	d = max(-most, min(most, d))
	return time.Date(start.Year(), start.Month(), start.Day(), 0, 0, 0, 0, time.UTC).AddDate(0, 0, int(d))
}
