package report_test

import (
	"bytes"
	"context"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/report"
	"github.com/parleysim/parley/scenariofile"
)

func washington(t *testing.T, runs int) (*report.Page, *outcomes.Result) {
	t.Helper()
	sc, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	require.NoError(t, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: runs, Seed: 1, DrawParameters: true})
	require.NoError(t, err)
	return &report.Page{Result: res, Scenario: sc, Source: report.Source{File: "washington-summit.yaml", Command: "parley report washington-summit.yaml"}}, res
}

func TestPageShowsEveryPart(t *testing.T) {
	p, res := washington(t, 4000)
	var buf bytes.Buffer
	require.NoError(t, report.Write(context.Background(), &buf, p))
	html := buf.String()
	os.WriteFile("/tmp/rt/report.html", buf.Bytes(), 0o644)
	for _, c := range res.Claims {
		assert.Contains(t, html, `data-claim="`+c.Name+`"`)
	}
	for _, r := range res.Routes {
		assert.Contains(t, html, `data-route="`+r.Name+`"`)
	}
	assert.Contains(t, html, "2025-09-01", "dates beside days")
	assert.NotContains(t, html, "<?xml")
	for _, banned := range []string{"http://", "https://", "src=", "@import", "url("} {
		for _, line := range strings.Split(html, "\n") {
			if strings.Contains(line, banned) && !strings.Contains(line, "xmlns") {
				t.Errorf("the page refers outside itself (%s): %.120s", banned, line)
			}
		}
	}
}

// TestRenderGraphRefusesBadDOT checks that a graph Graphviz cannot read is
// an error, not a panic, and that names needing escapes draw.
func TestRenderGraphRefusesBadDOT(t *testing.T) {
	var buf bytes.Buffer
	err := report.RenderGraph(context.Background(), &buf, []byte("digraph { a -> "), report.SVG)
	assert.ErrorContains(t, err, "reading the graph")
	err = report.RenderGraph(context.Background(), &buf, []byte("digraph { a }"), report.Format("gif"))
	assert.ErrorContains(t, err, `format "gif"`)
	buf.Reset()
	require.NoError(t, report.RenderGraph(context.Background(), &buf, []byte(`digraph { "a \"quoted\" <b>&" -> "é\\n" }`), report.SVG))
	assert.Contains(t, buf.String(), "&lt;b&gt;&amp;")
}
