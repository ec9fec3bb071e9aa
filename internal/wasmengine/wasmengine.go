// Package wasmengine builds parley's engine for the browser
// (cmd/parley-wasm, GOOS=js GOARCH=wasm) and says whether the copy the
// report package embeds is current: the stamp is a hash of every source
// file compiled into it, with go.mod and go.sum, so that it does not
// depend on the toolchain that built it.
package wasmengine

import (
	"bufio"
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Main is the engine's main package.
const Main = "./cmd/parley-wasm"

// env is the environment of the engine's build: JavaScript and
// WebAssembly, with the saturating float-to-int conversions and sign
// extensions every current browser has (the engine converts floats to
// bins in its hot loop).
func env() []string {
	return append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOWASM=satconv,signext", "CGO_ENABLED=0")
}

// Stamp returns the hash of the module's source files that the engine is
// compiled from, with go.mod and go.sum; root is the module's directory.
func Stamp(root string) (string, error) {
	cmd := exec.Command("go", "list", "-deps", "-f", `{{if .Module}}{{if .Module.Main}}{{.Dir}}{{range .GoFiles}} {{.}}{{end}}{{end}}{{end}}`, Main)
	cmd.Dir, cmd.Env = root, env()
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("wasmengine: go list: %w", err)
	}
	var files []string
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		if len(f) == 0 {
			continue
		}
		for _, name := range f[1:] {
			files = append(files, filepath.Join(f[0], name))
		}
	}
	files = append(files, filepath.Join(root, "go.mod"), filepath.Join(root, "go.sum"))
	sort.Strings(files)
	h := sha256.New()
	for _, f := range files {
		rel, err := filepath.Rel(root, f)
		if err != nil {
			return "", err
		}
		data, err := os.ReadFile(f)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", filepath.ToSlash(rel), len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// Build compiles the engine to out, stripped and with paths trimmed.
func Build(root, out string) error {
	cmd := exec.Command("go", "build", "-trimpath", "-ldflags=-s -w", "-o", out, Main)
	cmd.Dir, cmd.Env = root, env()
	if msg, err := cmd.CombinedOutput(); err != nil {
		return fmt.Errorf("wasmengine: go build: %v\n%s", err, msg)
	}
	return nil
}

// Root returns the module's directory, the nearest parent of dir with a
// go.mod naming the parley module.
func Root(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && bytes.Contains(data, []byte("module github.com/parleysim/parley\n")) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("wasmengine: no parley module above %s", dir)
		}
	}
}
