package plots_test

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/cmd/parley/plots"
	"github.com/parleysim/parley/explore"
)

func TestTrackDrawsEachClaimAsASteppedLine(t *testing.T) {
	tr := &explore.Track{Scenario: "s", StartDate: "2018-03-08", Horizon: 100, Dates: []explore.TrackDate{{Day: 0}, {Day: 40}},
		Claims: []explore.Series{
			{Name: "summit-2018", Track: []explore.TrackPoint{{Day: 0, P: 0.4, Lo: 0.35, Hi: 0.45}, {Day: 40, P: 0.7, Lo: 0.65, Hi: 0.75}}},
			{Name: "deal", Track: []explore.TrackPoint{{Day: 0, P: 0.1, Lo: 0.05, Hi: 0.15}, {Day: 40, P: 0.2, Lo: 0.15, Hi: 0.25}}},
		}}
	p, err := plots.Track(tr)
	require.NoError(t, err)
	out := svg(t, p)
	assert.Contains(t, out, "summit-2018")
	assert.Contains(t, out, "day 0 is 2018-03-08")
	assert.GreaterOrEqual(t, strings.Count(out, "<path"), 6, "two steps, two bands, the dots")

	_, err = plots.Track(&explore.Track{Scenario: "empty"})
	assert.ErrorContains(t, err, "has no claims")
}
