//go:build js && wasm

// Command engine is parley's engine for the browser: built with
// GOOS=js GOARCH=wasm, it runs in a Web Worker of an interactive report
// (parley report -interactive) and answers as parley run does, for the
// same file, parameters, seed and runs.
//
// It sets one global object, parleyEngine, with two functions:
//
//	load(fileText) -> {error} or {name, horizon, parameters: [...]}
//	run({set: {name: value}, seed, runs, draw}) -> {error} or {result: JSON text, runMs}
//
// The report's worker script calls them; nothing else should.
package main

import (
	"bytes"
	"context"
	"encoding/json"
	"syscall/js"
	"time"

	"github.com/parleysim/parley/cmd/parley/internal/live"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// engine holds the scenario loaded, unbound.
var engine struct {
	sc *scenario.Scenario
}

func main() {
	js.Global().Set("parleyEngine", js.ValueOf(map[string]any{
		"load": js.FuncOf(load),
		"run":  js.FuncOf(run),
	}))
	select {} // serve calls until the worker ends
}

func fail(err error) any { return map[string]any{"error": err.Error()} }

// load parses the scenario file's text, as parley run reads the file.
func load(_ js.Value, args []js.Value) any {
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return map[string]any{"error": "load takes the file's text"}
	}
	sc, err := scenariofile.Parse("scenario", []byte(args[0].String()))
	if err != nil {
		return fail(err)
	}
	engine.sc = sc
	return map[string]any{"name": sc.Name(), "horizon": sc.Horizon()}
}

// request is what run is asked: the parameters set, as -set gives them,
// and the run flags.
type request struct {
	Set  map[string]float64 `json:"set"`
	Seed uint64             `json:"seed"`
	Runs int                `json:"runs"`
	Draw bool               `json:"draw"`
}

// run runs the loaded scenario and returns its Result as JSON text.
func run(_ js.Value, args []js.Value) any {
	if engine.sc == nil {
		return map[string]any{"error": "no scenario loaded"}
	}
	if len(args) != 1 || args[0].Type() != js.TypeString {
		return map[string]any{"error": "run takes a JSON request"}
	}
	var req request
	if err := json.Unmarshal([]byte(args[0].String()), &req); err != nil {
		return fail(err)
	}
	if req.Runs < 1 || req.Runs > outcomes.MaxRunsLimit {
		return map[string]any{"error": "runs out of range"}
	}
	sc := engine.sc
	if len(req.Set) > 0 {
		var err error
		if sc, err = sc.With(map[string]float64(req.Set)); err != nil {
			return fail(err)
		}
	}
	start := time.Now()
	// What the page draws; the runs record nothing else.
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: req.Runs, Seed: req.Seed, Workers: 1, DrawParameters: req.Draw,
		Outputs: live.Outputs})
	if err != nil {
		return fail(err)
	}
	ms := float64(time.Since(start).Microseconds()) / 1000
	var buf bytes.Buffer
	if err := res.WriteJSON(&buf); err != nil {
		return fail(err)
	}
	return map[string]any{"result": buf.String(), "runMs": ms}
}
