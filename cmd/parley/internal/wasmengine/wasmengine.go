// Package wasmengine builds parley's engine for the browser
// (internal/engine, GOOS=js GOARCH=wasm) and stamps it with what it was
// built from, so that a stale copy is caught: the stamp hashes every
// source file of parley's two modules compiled into the engine, with
// their go.mod and go.sum, and names the library's version and checksum
// when the library comes from the module cache (a release).
package wasmengine

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
)

// Main is the engine's main package, relative to the tool module's root.
const Main = "./internal/engine"

// Library is the library module's path: packages under it are hashed.
const Library = "github.com/parleysim/parley"

// toolModule is the line that names the tool's module in its go.mod.
const toolModule = "module github.com/parleysim/parley/cmd/parley\n"

// env is the environment of the engine's build: JavaScript and
// WebAssembly, with the saturating float-to-int conversions and sign
// extensions every current browser has (the engine converts floats to
// bins in its hot loop).
func env() []string {
	return append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOWASM=satconv,signext", "CGO_ENABLED=0")
}

// Stamp says what the engine built in root (the tool module's directory)
// is made of: a line "sources HASH" and, when the library comes from the
// module cache rather than this tree, a line "library VERSION SUM".
func Stamp(root string) (string, error) {
	cmd := exec.Command("go", "list", "-deps", "-f",
		`{{if .Module}}{{.ImportPath}}|{{.Dir}}|{{.Module.Path}}|{{.Module.Version}}|{{.Module.Sum}}|{{.Module.GoMod}}|{{join .GoFiles " "}}{{end}}`, Main)
	cmd.Dir, cmd.Env = root, env()
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("wasmengine: go list: %w", err)
	}
	type file struct{ name, path string }
	var files []file
	mods := map[string]string{} // go.mod files of parley's modules
	library := ""
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Split(sc.Text(), "|")
		if len(f) != 7 {
			continue
		}
		importPath, dir, mod, version, sum, gomod, names := f[0], f[1], f[2], f[3], f[4], f[5], f[6]
		if mod != Library && !strings.HasPrefix(mod, Library+"/") {
			continue
		}
		if mod == Library && version != "" {
			library = "library " + version + " " + sum + "\n"
		}
		mods[mod] = gomod
		for _, n := range strings.Fields(names) {
			files = append(files, file{importPath + "/" + n, filepath.Join(dir, n)})
		}
	}
	for mod, gomod := range mods {
		files = append(files, file{mod + "/go.mod", gomod})
		if sum := filepath.Join(filepath.Dir(gomod), "go.sum"); fileExists(sum) {
			files = append(files, file{mod + "/go.sum", sum})
		}
	}
	sort.Slice(files, func(i, j int) bool { return files[i].name < files[j].name })
	h := sha256.New()
	for _, f := range files {
		data, err := os.ReadFile(f.path)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s %d\n", f.name, len(data))
		h.Write(data)
	}
	return "sources " + hex.EncodeToString(h.Sum(nil)) + "\n" + library, nil
}

func fileExists(path string) bool {
	_, err := os.Stat(path)
	return err == nil
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

// Root returns the tool module's directory, the nearest parent of dir
// with a go.mod naming it.
func Root(dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		if data, err := os.ReadFile(filepath.Join(d, "go.mod")); err == nil && bytes.Contains(data, []byte(toolModule)) {
			return d, nil
		}
		if filepath.Dir(d) == d {
			return "", fmt.Errorf("wasmengine: no parley tool module above %s", dir)
		}
	}
}

// Generate builds the engine into dir (engine.wasm.gz, wasm_exec.js of
// the same toolchain, engine.stamp) and returns the stamp.
func Generate(root, dir string) (string, error) {
	tmp, err := os.MkdirTemp("", "parley-wasm")
	if err != nil {
		return "", err
	}
	defer os.RemoveAll(tmp)
	wasm := filepath.Join(tmp, "engine.wasm")
	if err := Build(root, wasm); err != nil {
		return "", err
	}
	data, err := os.ReadFile(wasm)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", err
	}
	var gz bytes.Buffer
	zw, err := gzip.NewWriterLevel(&gz, gzip.BestCompression) // no name, no time: the same bytes for the same build
	if err != nil {
		return "", err
	}
	zw.Write(data)
	if err := zw.Close(); err != nil {
		return "", err
	}
	goroot, err := exec.Command("go", "env", "GOROOT").Output()
	if err != nil {
		return "", fmt.Errorf("go env GOROOT: %w", err)
	}
	support, err := os.ReadFile(filepath.Join(strings.TrimSpace(string(goroot)), "lib", "wasm", "wasm_exec.js"))
	if err != nil {
		return "", err
	}
	stamp, err := Stamp(root)
	if err != nil {
		return "", err
	}
	for name, content := range map[string][]byte{"engine.wasm.gz": gz.Bytes(), "wasm_exec.js": support, "engine.stamp": []byte(stamp)} {
		if err := os.WriteFile(filepath.Join(dir, name), content, 0o644); err != nil {
			return "", err
		}
	}
	return stamp, nil
}
