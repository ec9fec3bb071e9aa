package report

import (
	_ "embed"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"html/template"
	"maps"
	"slices"
	"strconv"

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

// The engine and its support, embedded; go generate ./report rebuilds the
// engine and its stamp (engine.stamp), which a test keeps current.
var (
	//go:embed engine.wasm.gz
	engineWasm []byte
	//go:embed wasm_exec.js
	wasmExec string
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

func buildLive(sc *scenario.Scenario, in *Interactive) (*liveView, error) {
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
	data, err := json.Marshal(struct {
		File     string      `json:"file"`
		FileName string      `json:"fileName"`
		Params   []liveParam `json:"params"`
		Runs     int         `json:"runs"`
		Seed     string      `json:"seed"`
		Draw     bool        `json:"draw"`
	}{string(in.Text), in.FileName, v.Params, in.Runs, v.Seed, in.Draw})
	if err != nil {
		return nil, err
	}
	// json.Marshal escapes <, > and &, so the data cannot close the script.
	v.Data = template.JS(data)
	v.Engine = base64.StdEncoding.EncodeToString(engineWasm)
	v.WasmExec, v.Worker = wasmExec, workerJS
	v.Script = template.JS(liveJS)
	return v, nil
}
