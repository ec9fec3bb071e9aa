package report_test

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"regexp"
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/cmd/parley/report"
	"github.com/parleysim/parley/scenariofile"
)

// darkShare is the share of an image's pixels darker than mid-grey.
func darkShare(img image.Image) float64 {
	b := img.Bounds()
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			if (299*r+587*g+114*bl)/1000 < 0x8000 {
				dark++
			}
		}
	}
	return float64(dark) / float64(b.Dx()*b.Dy())
}

// The PNG graph draws what the SVG draws: lines for edges, outlines for
// states, labels. Graphviz's own raster renderer filled every spline, so
// that 39% of the washington graph's pixels were dark; lines and text
// darken a few percent. The picture has the SVG's proportions, at twice
// its resolution.
func TestGraphPNGDrawsEdgesAsLines(t *testing.T) {
	sc, err := scenariofile.Load("../../../examples/scenarios/washington-summit.yaml")
	require.NoError(t, err)
	dot := report.GraphDOT(sc, nil)
	var pngBuf, svgBuf bytes.Buffer
	require.NoError(t, report.RenderGraph(context.Background(), &pngBuf, dot, report.PNG))
	require.NoError(t, report.RenderGraph(context.Background(), &svgBuf, dot, report.SVG))
	img, err := png.Decode(&pngBuf)
	require.NoError(t, err)
	share := darkShare(img)
	assert.Less(t, share, 0.06, "edges are lines, not filled shapes")
	assert.Greater(t, share, 0.003, "something is drawn")

	m := regexp.MustCompile(`<svg width="(\d+)pt" height="(\d+)pt"`).FindStringSubmatch(svgBuf.String())
	require.NotNil(t, m)
	w, _ := strconv.Atoi(m[1])
	h, _ := strconv.Atoi(m[2])
	assert.InDelta(t, float64(2*w), float64(img.Bounds().Dx()), 20, "width: twice the SVG's points")
	assert.InDelta(t, float64(2*h), float64(img.Bounds().Dy()), 20, "height: twice the SVG's points")
}

func TestGraphPNGRefusesALayoutItCannotRead(t *testing.T) {
	var buf bytes.Buffer
	err := report.RenderGraph(context.Background(), &buf, []byte("digraph { a -> "), report.PNG)
	assert.ErrorContains(t, err, "reading the graph")
	buf.Reset()
	require.NoError(t, report.RenderGraph(context.Background(), &buf, []byte(`digraph { a [style=dashed, color="#ff000080"]; a -> b [style="setlinewidth(3)"] }`), report.PNG))
	_, err = png.Decode(&buf)
	assert.NoError(t, err)
}
