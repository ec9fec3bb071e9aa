package report_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"strings"

	"github.com/parleysim/parley/cmd/parley/report"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// GraphDOT writes the state graph in Graphviz's language, each state with
// the share of runs that reached it and each transition with the share
// that took it.
func ExampleGraphDOT() {
	b := scenario.New("talks").States("call").Start("call").Horizon(30)
	b.State("met").Absorbing()
	b.State("stalled").Absorbing()
	b.Transition("call", "met").Delay(scenario.Exp(0.1))
	b.Transition("call", "stalled").Delay(scenario.Exp(0.05))
	sc, _ := b.Build()
	res, _ := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 10_000, Seed: 1})
	os.Stdout.Write(report.GraphDOT(sc, res))
	// Output:
	// digraph "talks" {
	// 	rankdir=LR;
	// 	node [shape=circle];
	// 	0 [label="call\nreached 1.0000", style=bold];
	// 	1 [label="met\nreached 0.6577", shape=doublecircle];
	// 	2 [label="stalled\nreached 0.3289", shape=doublecircle];
	// 	0 -> 1 [label="call->met\nrate 0.1/day\nmean 10 d, 90% 0.513–30\ntaken in 0.6577 of runs"];
	// 	0 -> 2 [label="call->stalled\nrate 0.05/day\nmean 20 d, 90% 1.03–59.9\ntaken in 0.3289 of runs"];
	// }
}

// RenderGraph lays the graph out with Graphviz compiled to WebAssembly, in
// the process: no Graphviz install is needed.
func ExampleRenderGraph() {
	b := scenario.New("talks").States("call").Start("call").Horizon(30)
	b.State("met").Absorbing()
	b.Transition("call", "met").Delay(scenario.Exp(0.1))
	sc, _ := b.Build()
	var svg bytes.Buffer
	if err := report.RenderGraph(context.Background(), &svg, report.GraphDOT(sc, nil), report.SVG); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(strings.Contains(svg.String(), "<svg"), strings.Contains(svg.String(), ">met<"))
	// Output: true true
}

// WriteBacktest writes a casebook's record as one page: each case's scores
// beside the baseline's.
func ExampleWriteBacktest() {
	claim := func(name string, p float64) *outcomes.Result {
		return &outcomes.Result{Scenario: name, Claims: []outcomes.ClaimResult{{Name: "deal", Estimate: outcomes.Estimate{P: p, Lo: p, Hi: p}}}}
	}
	bt, err := outcomes.ScoreCasebook([]outcomes.CaseRecord{
		{Name: "dayton", Result: claim("dayton", 0.4), Happened: []scenario.Statement{scenario.ClaimNamed("deal").Known(scenario.TruthHeld, "", "")}},
		{Name: "istanbul", Result: claim("istanbul", 0.2), Happened: []scenario.Statement{scenario.ClaimNamed("deal").Known(scenario.TruthNotHeld, "", "")}},
	}, 10)
	if err != nil {
		fmt.Println(err)
		return
	}
	var page bytes.Buffer
	if err := report.WriteBacktest(context.Background(), &page, &report.BacktestPage{Backtest: bt, Casebook: "casebook", Runs: 1000, Seed: 1}); err != nil {
		fmt.Println(err)
		return
	}
	html := page.String()
	fmt.Println(strings.HasPrefix(html, "<!DOCTYPE html>"), strings.Contains(html, `data-case="dayton"`), strings.Contains(html, "Track record of casebook"))
	// Output: true true true
}
