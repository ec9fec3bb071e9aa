package scenario_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/parleysim/parley/scenario"
)

// TestDayOfAndDateOf checks the calendar both ways, across a leap day,
// before day 0, and across the whole range of years a file can write.
func TestDayOfAndDateOf(t *testing.T) {
	start := time.Date(2025, time.August, 18, 0, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		date string
		day  float64
	}{
		{"2025-09-01", 14},
		{"2025-08-17", -1},
		{"2028-03-01", 926}, // across 29 February 2028
		{"9999-12-31", 2912578},
		{"0001-01-01", -739480},
	} {
		d, err := time.Parse(time.DateOnly, tc.date)
		assert.NoError(t, err)
		assert.Equal(t, tc.day, scenario.DayOf(start, d), tc.date)
		assert.Equal(t, tc.date, scenario.DateOf(start, tc.day).Format(time.DateOnly), tc.date)
	}
	// A time of day and a zone do not move the count.
	late := time.Date(2025, time.September, 1, 23, 59, 0, 0, time.FixedZone("UTC+14", 14*3600))
	assert.Equal(t, 14.0, scenario.DayOf(start, late))
	assert.Equal(t, "2025-09-01", scenario.DateOf(start, 14.99).Format(time.DateOnly))
}
