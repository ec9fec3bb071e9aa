package report

import (
	"bytes"
	"context"
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"html/template"
	"maps"
	"slices"
	"strconv"

	"github.com/parleysim/parley/cmd/parley/internal/live"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// Interactive makes a page interactive: it embeds the scenario file and
// parley's engine, compiled to WebAssembly, so that a reader can change
// the parameters and watch the results move, in the browser, with nothing
// fetched. Page.Scenario must be the scenario the file gives.
type Interactive struct {
	// FileName is the file's name as the command line gives it, for the
	// "copy as command" line; Text is the file's content.
	FileName string
	Text     []byte
	// Runs, Seed and Draw start the controls, as parley run's flags.
	Runs int
	Seed uint64
	Draw bool
	// Set holds the parameters set (-set) at the start.
	Set map[string]float64
}

// The page's scripts; the engine itself is in engine.go.
var (
	//go:embed worker.js
	workerJS string
	//go:embed live.js
	liveJS string
)

// liveView is what the interactive section reads.
type liveView struct {
	Params []liveParam
	Runs   int
	Seed   string
	Draw   bool
	// Claims and Conf are the claims for the starting controls, written
	// into the page.
	Claims []liveClaim
	Conf   string
	// Data, Engine, WasmExec, Worker and Script go into the page's script.
	Data     template.JS
	Engine   string
	WasmExec string
	Worker   string
	Script   template.JS
}

type liveParam struct {
	Name        string  `json:"name"`
	Value       float64 `json:"value"`
	Default     float64 `json:"default"`
	Min         float64 `json:"min"`
	Max         float64 `json:"max"`
	Ranged      bool    `json:"ranged"`
	Description string  `json:"-"`
}

func buildLive(sc *scenario.Scenario, in *Interactive, res *outcomes.Result) (*liveView, error) {
	if sc == nil {
		return nil, fmt.Errorf("report: an interactive page needs the scenario")
	}
	if in.Runs < 1 {
		return nil, fmt.Errorf("report: an interactive page needs at least one run, got %d", in.Runs)
	}
	declared := map[string]bool{}
	// Params is never nil: the page's script ranges over it.
	v := &liveView{Params: []liveParam{}, Runs: in.Runs, Seed: strconv.FormatUint(in.Seed, 10), Draw: in.Draw}
	for _, p := range sc.Parameters() {
		declared[p.Name] = true
		lp := liveParam{Name: p.Name, Value: p.Default, Default: p.Default, Min: p.Min, Max: p.Max, Ranged: p.Ranged(), Description: p.Description}
		if x, ok := in.Set[p.Name]; ok {
			lp.Value = x
		}
		v.Params = append(v.Params, lp)
	}
	for _, n := range slices.Sorted(maps.Keys(in.Set)) {
		if !declared[n] {
			return nil, fmt.Errorf("report: %q is set but the scenario declares no such parameter", n)
		}
	}
	check, err := engineCheck(sc, in)
	if err != nil {
		return nil, err
	}
	initial, first, err := initialResult(sc, in, res)
	if err != nil {
		return nil, err
	}
	// The claims are written into the page itself, so that they show at
	// its first paint, before the engine's script is even read.
	v.Conf = strconv.FormatFloat(100*first.Confidence, 'g', 4, 64) + "% interval"
	for _, c := range first.Claims {
		v.Claims = append(v.Claims, liveClaim{Name: c.Name, Description: c.Description,
			P: strconv.FormatFloat(c.P, 'f', 4, 64), CI: "[" + strconv.FormatFloat(c.Lo, 'f', 4, 64) + ", " + strconv.FormatFloat(c.Hi, 'f', 4, 64) + "]"})
	}
	data, err := json.Marshal(struct {
		Check    liveCheck       `json:"check"`
		File     string          `json:"file"`
		FileName string          `json:"fileName"`
		Params   []liveParam     `json:"params"`
		Runs     int             `json:"runs"`
		Seed     string          `json:"seed"`
		Draw     bool            `json:"draw"`
		Initial  json.RawMessage `json:"initial"`
	}{check, string(in.Text), in.FileName, v.Params, in.Runs, v.Seed, in.Draw, initial})
	if err != nil {
		return nil, err
	}
	// json.Marshal escapes <, > and &, so the data cannot close the script.
	v.Data = template.JS(data)
	eng, err := loadEngine()
	if err != nil {
		return nil, err
	}
	v.Engine = base64.StdEncoding.EncodeToString(eng.wasm)
	v.WasmExec, v.Worker = eng.exec, workerJS
	v.Script = template.JS(liveJS)
	return v, nil
}

// initialResult is the Result the page shows at once, before its engine
// has loaded: the one for its starting controls (runs, seed, the values
// set, draw), as the engine will compute it. The page's own Result is it
// when it was made with those settings; otherwise it is run here.
func initialResult(sc *scenario.Scenario, in *Interactive, res *outcomes.Result) (json.RawMessage, *outcomes.Result, error) {
	same := res != nil && res.MonteCarlo != nil && res.Given == nil && res.From == 0 && !res.MonteCarlo.Partial &&
		res.MonteCarlo.Runs == int64(in.Runs) && res.MonteCarlo.Seed == in.Seed && (len(res.MonteCarlo.DrawnParameters) > 0) == in.Draw
	if same {
		for _, p := range sc.Parameters() {
			want := p.Default
			if x, ok := in.Set[p.Name]; ok {
				want = x
			}
			if got, ok := res.Parameters[p.Name]; !ok || got != want {
				same = false
			}
		}
	}
	if !same {
		bound := sc
		if len(in.Set) > 0 {
			var err error
			if bound, err = sc.With(map[string]float64(in.Set)); err != nil {
				return nil, nil, err
			}
		}
		var err error
		if res, err = outcomes.Run(context.Background(), bound, &outcomes.Config{Runs: in.Runs, Seed: in.Seed, DrawParameters: in.Draw}); err != nil {
			return nil, nil, err
		}
	}
	var buf bytes.Buffer
	if err := res.WriteJSON(&buf); err != nil {
		return nil, nil, err
	}
	return json.RawMessage(bytes.TrimSpace(buf.Bytes())), res, nil
}

// liveClaim is a claim as the interactive section first shows it.
type liveClaim struct {
	Name, Description, P, CI string
}

// checkRuns is the size of the run by which a page checks its engine: the
// worker's first round.
const checkRuns = 2048

// liveCheck is what the page's engine must give before the page shows a
// number: the FNV-1a hash of the Result JSON that this command computes
// for the page's starting controls, at Runs runs.
type liveCheck struct {
	Runs int    `json:"runs"`
	Hash string `json:"hash"`
}

// engineCheck runs the scenario natively as the page's engine will at
// the start, so that an engine that would print anything else than
// parley run (one built from other sources) shows an error instead.
func engineCheck(sc *scenario.Scenario, in *Interactive) (liveCheck, error) {
	c := liveCheck{Runs: min(in.Runs, checkRuns)}
	bound := sc
	if len(in.Set) > 0 {
		var err error
		if bound, err = sc.With(map[string]float64(in.Set)); err != nil {
			return c, err
		}
	}
	res, err := outcomes.Run(context.Background(), bound, &outcomes.Config{Runs: c.Runs, Seed: in.Seed, DrawParameters: in.Draw, Outputs: live.Outputs})
	if err != nil {
		return c, err
	}
	h := fnv.New32a()
	if err := res.WriteJSON(h); err != nil {
		return c, err
	}
	c.Hash = fmt.Sprintf("%08x", h.Sum32())
	return c, nil
}
