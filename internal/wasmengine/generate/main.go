// Command generate rebuilds the engine the interactive report embeds:
// report/engine.wasm.gz, the Go runtime's report/wasm_exec.js of the same
// toolchain, and report/engine.stamp, the hash of the sources it was built
// from. Run it with go generate ./report after changing the engine's
// packages; a test fails while the stamp is stale.
package main

import (
	"compress/gzip"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/parleysim/parley/internal/wasmengine"
)

func main() {
	if err := generate(); err != nil {
		fmt.Fprintln(os.Stderr, "generate:", err)
		os.Exit(1)
	}
}

func generate() error {
	wd, err := os.Getwd()
	if err != nil {
		return err
	}
	root, err := wasmengine.Root(wd)
	if err != nil {
		return err
	}
	tmp, err := os.MkdirTemp("", "parley-wasm")
	if err != nil {
		return err
	}
	defer os.RemoveAll(tmp)
	wasm := filepath.Join(tmp, "engine.wasm")
	if err := wasmengine.Build(root, wasm); err != nil {
		return err
	}
	data, err := os.ReadFile(wasm)
	if err != nil {
		return err
	}
	dir := filepath.Join(root, "report")
	f, err := os.Create(filepath.Join(dir, "engine.wasm.gz"))
	if err != nil {
		return err
	}
	zw, err := gzip.NewWriterLevel(f, gzip.BestCompression) // no name, no time: the same bytes for the same build
	if err != nil {
		return err
	}
	if _, err := zw.Write(data); err != nil {
		return err
	}
	if err := zw.Close(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return fmt.Errorf("go env GOROOT: %w", err)
	}
	support, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(dir, "wasm_exec.js"), support, 0o644); err != nil {
		return err
	}
	stamp, err := wasmengine.Stamp(root)
	if err != nil {
		return err
	}
	fmt.Printf("engine: %d bytes, %d gzipped; stamp %.12s\n", len(data), fileSize(filepath.Join(dir, "engine.wasm.gz")), stamp)
	return os.WriteFile(filepath.Join(dir, "engine.stamp"), []byte(stamp+"\n"), 0o644)
}

func fileSize(path string) int64 {
	fi, err := os.Stat(path)
	if err != nil {
		return 0
	}
	return fi.Size()
}
