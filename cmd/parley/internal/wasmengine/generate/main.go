// Command generate builds the engine the interactive report embeds into
// report/engine (engine.wasm.gz, the Go runtime's wasm_exec.js of the same
// toolchain, and engine.stamp, what it was built from). Run it with
// go generate ./cmd/parley/report; git ignores what it writes, which a
// release commits on its tag only.
package main

import (
	"fmt"
	"os"
	"path/filepath"

	"github.com/parleysim/parley/cmd/parley/internal/wasmengine"
)

func main() {
	wd, err := os.Getwd()
	if err == nil {
		var root, stamp string
		if root, err = wasmengine.Root(wd); err == nil {
			dir := filepath.Join(root, "report", "engine")
			if stamp, err = wasmengine.Generate(root, dir); err == nil {
				fi, _ := os.Stat(filepath.Join(dir, "engine.wasm.gz"))
				fmt.Printf("engine: %d bytes gzipped in %s\n%s", fi.Size(), dir, stamp)
				return
			}
		}
	}
	fmt.Fprintln(os.Stderr, "generate:", err)
	os.Exit(1)
}
