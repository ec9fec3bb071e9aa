// Package report writes one self-contained HTML page of a Result, to read
// and to share with people who will not run a command: the question and
// how it was answered (horizon, runs, seed, parameters, version, the
// file's hash, the command line), the claims with their intervals, each
// route's status over time, reach by day, the state graph with each
// transition's share of runs, the most likely paths, declines by actor and
// meeting, the values agreed, and optionally the sensitivity analysis and
// scenario discovery.
//
// Every chart is inline SVG with a table beside it or behind a details
// element, and a text alternative; the page fetches nothing when viewed
// (no fonts, styles or scripts from anywhere) and prints readably. The
// state graph is laid out in-process by Graphviz compiled to WebAssembly
// (github.com/goccy/go-graphviz): no Graphviz install is needed.
// RenderGraph makes the same drawings for the parley graph command.
//
// # Interactive pages
//
// With Page.Interactive the page also embeds the scenario file and parley's
// engine compiled to WebAssembly (internal/engine), started in a Web
// Worker: readers change the parameters and see the claims, routes and
// paths move, with what parley run would print for the same values, runs
// and seed. The engine is embedded from engine/, which go generate fills
// and a release commits on its tag only (engine/README.md); without it
// an interactive page is refused with ErrNoEngine. A page checks its
// engine before it shows a number: the engine must reproduce the hash of
// the Result this package computed for the starting controls.
//
// # A casebook's record
//
// WriteBacktest writes a scored casebook (outcomes.ScoreCasebook) as a page
// of its own: the models' scores beside the baseline's, the Murphy
// decomposition, the reliability diagram and every claim.
//
// # Invariants
//
// A page depends only on its Page: it carries no timestamp, so the same
// Result and options give the same bytes. Write never modifies the Result.
package report
