package report

import (
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"runtime/debug"
	"strings"
	"sync"
)

// The browser engine, as go generate ./cmd/parley/report or a release
// leaves it in engine/: absent from a build of the main branch that did
// not generate it.
//
//go:embed engine
var engineDir embed.FS

// ErrNoEngine is returned for an interactive page by a parley built
// without its browser engine.
var ErrNoEngine = errors.New("report: this parley was built without its browser engine, which -interactive embeds in the page: " +
	"in parley's source tree run go generate ./cmd/parley/report and build again, " +
	"or install a release (go install github.com/parleysim/parley/cmd/parley@latest)")

// engine is the engine's WebAssembly (gzipped), the Go runtime's support
// script of the toolchain that built it, and its stamp.
type engine struct {
	wasm  []byte
	exec  string
	stamp string
}

var (
	engineOnce sync.Once
	engineGot  *engine
	engineErr  error
)

// loadEngine reads the embedded engine once and refuses one built from
// another version of the library than the one this command links.
func loadEngine() (*engine, error) {
	engineOnce.Do(func() {
		engineGot, engineErr = readEngine(engineDir, libraryBuild())
	})
	return engineGot, engineErr
}

// readEngine reads the engine from fsys (its engine/ directory) and
// checks its stamp against linked, the library module's "VERSION SUM" as
// this binary's build information gives it ("" when the library is
// built from a source tree, which records neither).
func readEngine(fsys fs.FS, linked string) (*engine, error) {
	wasm, err := fs.ReadFile(fsys, "engine/engine.wasm.gz")
	if errors.Is(err, fs.ErrNotExist) {
		return nil, ErrNoEngine
	}
	if err != nil {
		return nil, err
	}
	exec, err := fs.ReadFile(fsys, "engine/wasm_exec.js")
	if err != nil {
		return nil, fmt.Errorf("report: the browser engine has no support script: %w", err)
	}
	stamp, err := fs.ReadFile(fsys, "engine/engine.stamp")
	if err != nil {
		return nil, fmt.Errorf("report: the browser engine has no stamp: %w", err)
	}
	built := ""
	for _, line := range strings.Split(string(stamp), "\n") {
		if rest, ok := strings.CutPrefix(line, "library "); ok {
			built = rest
		}
	}
	if built != "" && linked != "" && built != linked {
		return nil, fmt.Errorf("report: the browser engine was built from parley's library %s but this parley links %s: "+
			"its page would not show what parley run prints; install the command and the library at one version", built, linked)
	}
	return &engine{wasm: wasm, exec: string(exec), stamp: string(stamp)}, nil
}

// libraryBuild returns the library module's "VERSION SUM" from the
// binary's build information, or "" if the library was not built from
// the module cache.
func libraryBuild() string {
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return ""
	}
	for _, m := range bi.Deps {
		if m.Path != "github.com/parleysim/parley" {
			continue
		}
		if m.Replace != nil || m.Sum == "" {
			return ""
		}
		return m.Version + " " + m.Sum
	}
	return ""
}
