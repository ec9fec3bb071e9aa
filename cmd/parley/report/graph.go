package report

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"sync"

	"github.com/goccy/go-graphviz"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// Format is a drawing format RenderGraph writes.
type Format string

// The formats RenderGraph writes.
const (
	SVG Format = "svg"
	PNG Format = "png"
)

// graphvizMu serialises Graphviz: its WebAssembly instance is shared by
// the package and not safe for concurrent use.
var graphvizMu sync.Mutex

// RenderGraph lays out a graph written in DOT and draws it as SVG or PNG,
// in-process. A DOT text Graphviz cannot read is an error, never a panic.
func RenderGraph(ctx context.Context, w io.Writer, dot []byte, format Format) (err error) {
	if format != SVG && format != PNG {
		return fmt.Errorf("report: graph format %q: want svg or png", format)
	}
	graphvizMu.Lock()
	defer graphvizMu.Unlock()
	defer func() {
		// A fault inside the WebAssembly module surfaces as a panic.
		if r := recover(); r != nil {
			err = fmt.Errorf("report: graphviz failed: %v", r)
		}
	}()
	gv, err := graphviz.New(ctx)
	if err != nil {
		return fmt.Errorf("report: starting graphviz: %w", err)
	}
	defer gv.Close()
	g, err := graphviz.ParseBytes(dot)
	if err != nil {
		return fmt.Errorf("report: reading the graph: %w", err)
	}
	defer g.Close()
	var buf bytes.Buffer
	if format == PNG {
		// Graphviz lays the graph out; the PNG is drawn here from its
		// drawing operations (see drawPNG).
		if err := gv.Render(ctx, g, graphviz.Format("json"), &buf); err != nil {
			return fmt.Errorf("report: laying out the graph: %w", err)
		}
		return drawPNG(w, buf.Bytes())
	}
	if err := gv.Render(ctx, g, graphviz.Format(format), &buf); err != nil {
		return fmt.Errorf("report: drawing the graph: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// GraphDOT writes the scenario's state graph in DOT, annotated with a
// Result when res is not nil: each state with the share of runs that
// reached it, each transition with the share of runs in which it fired
// (taken at least once).
func GraphDOT(sc *scenario.Scenario, res *outcomes.Result) []byte {
	var stateNote func(scenario.State) string
	var transitionNote func(int) string
	if res != nil {
		stateNote = func(s scenario.State) string {
			if st, ok := res.State(sc.StateName(s)); ok {
				return fmt.Sprintf("reached %s", share(st.Reached.P))
			}
			return ""
		}
		fired := map[string]outcomes.Estimate{}
		var transitions []outcomes.TransitionResult
		if res.MonteCarlo != nil {
			transitions = res.MonteCarlo.Transitions
		}
		for _, t := range transitions {
			fired[t.Name] = t.Fired
		}
		transitionNote = func(i int) string {
			if e, ok := fired[sc.TransitionName(scenario.Transition(i))]; ok {
				return "taken in " + share(e.P) + " of runs"
			}
			return ""
		}
	}
	var buf bytes.Buffer
	_ = sc.WriteDOT(&buf, stateNote, transitionNote) // a bytes.Buffer does not fail
	return buf.Bytes()
}

// share writes a probability with four decimals.
func share(p float64) string { return fmt.Sprintf("%.4f", p) }
