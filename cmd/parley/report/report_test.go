package report_test

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/cmd/parley/report"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

func washington(t *testing.T, runs int) (*report.Page, *outcomes.Result) {
	t.Helper()
	sc, err := scenariofile.Load("../../../examples/scenarios/washington-summit.yaml")
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

// TestExactPageSaysItsNumbers checks an exact page: the expected day of the
// end is a number (it once printed a pointer), and nothing of runs shows.
func TestExactPageSaysItsNumbers(t *testing.T) {
	sc, err := scenariofile.Load("../testdata/chain.yaml")
	require.NoError(t, err)
	res, err := outcomes.Exact(context.Background(), sc, nil)
	require.NoError(t, err)
	require.NotNil(t, res.Exact.MeanTimeToAbsorption)
	var buf bytes.Buffer
	require.NoError(t, report.Write(context.Background(), &buf, &report.Page{Result: res, Scenario: sc}))
	html := buf.String()
	assert.Contains(t, html, fmt.Sprintf("Expected day of the end, ever: %.1f.", *res.Exact.MeanTimeToAbsorption))
	assert.NotContains(t, html, "%!")
	assert.NotContains(t, html, "Monte Carlo runs")
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

// TestLargeScenarioStaysReadable checks that a scenario of hundreds of
// states and dozens of routes gives a bounded page, quickly: no graph
// layout of hundreds of nodes, a few curves, thinned day tables.
func TestLargeScenarioStaysReadable(t *testing.T) {
	const n = 400
	b := scenario.New("birth-death").Start("s0").Horizon(1000)
	for i := range n {
		b.State(fmt.Sprintf("s%d", i))
	}
	b.State("done").Absorbing()
	for i := range n - 1 {
		b.Transition(fmt.Sprintf("s%d", i), fmt.Sprintf("s%d", i+1)).Delay(scenario.Exp(1))
		if i > 0 {
			b.Transition(fmt.Sprintf("s%d", i), fmt.Sprintf("s%d", i-1)).Delay(scenario.Exp(0.5))
		}
	}
	b.Transition(fmt.Sprintf("s%d", n-1), "done").Delay(scenario.Exp(1))
	for k := range 30 {
		b.Route(fmt.Sprintf("r%d", k), "s0", fmt.Sprintf("s%d", 10*(k+1)))
	}
	sc, err := b.Build()
	require.NoError(t, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 2000, Seed: 1, ReportDays: 1001})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, report.Write(context.Background(), &buf, &report.Page{Result: res, Scenario: sc}))
	html := buf.String()
	assert.Contains(t, html, "too many to draw legibly")
	assert.Contains(t, html, "A summary of the state graph: the 12 states most often reached of 401", "a large graph is summarised")
	assert.Contains(t, html, "The first 20 of 30 routes are drawn")
	assert.Contains(t, html, "The 12 states most often reached of 401 are drawn")
	assert.Contains(t, html, "every 3 report days of 1001")
	assert.Less(t, buf.Len(), 8<<20, "the page stays a few megabytes")
}

// Example writes the report of a small scenario's runs: one HTML file that
// needs nothing else.
func Example() {
	b := scenario.New("talks").States("call").Start("call").Horizon(30)
	b.State("met").Absorbing()
	b.Transition("call", "met").Delay(scenario.Exp(0.1))
	b.Claim(scenario.Entered("met", 0, 7).Named("met-in-a-week"))
	sc, _ := b.Build()
	res, _ := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 10000, Seed: 1})
	var page bytes.Buffer
	if err := report.Write(context.Background(), &page, &report.Page{Result: res, Scenario: sc, Title: "Will they meet within a week?"}); err != nil {
		fmt.Println(err)
		return
	}
	html := page.String()
	fmt.Println(strings.HasPrefix(html, "<!DOCTYPE html>"), strings.Contains(html, `data-claim="met-in-a-week"`), strings.Contains(html, "https://"))
	// Output: true true false
}

// A graph of more states than fit the page is summarised by the states
// most often reached and the moves among them, the whole graph one click
// away.
func TestLargeGraphIsSummarised(t *testing.T) {
	b := scenario.New("chain").Start("s0").Horizon(200)
	for i := range 30 {
		b.State(fmt.Sprintf("s%d", i))
	}
	b.State("end").Absorbing()
	for i := range 29 {
		b.Transition(fmt.Sprintf("s%d", i), fmt.Sprintf("s%d", i+1)).Delay(scenario.Exp(1))
	}
	b.Transition("s29", "end").Delay(scenario.Exp(1))
	sc, err := b.Build()
	require.NoError(t, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 1000, Seed: 1})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, report.Write(context.Background(), &buf, &report.Page{Result: res, Scenario: sc}))
	html := buf.String()
	i := strings.Index(html, "A summary of the state graph: the 12 states most often reached of 31")
	require.Greater(t, i, 0)
	j := strings.Index(html, "<summary>The whole graph</summary>")
	require.Greater(t, j, i, "the whole graph follows, behind a click")
	summary := html[i:j]
	assert.Equal(t, 12, strings.Count(summary, `class="node"`), "the summary draws the 12 states")
	assert.Equal(t, 31, strings.Count(html[j:], `class="node"`), "the whole graph every state")
}
