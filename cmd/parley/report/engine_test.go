package report

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/cmd/parley/internal/wasmengine"
)

// TestMain gives the tests an engine: the one embedded (generated or a
// release's), or one built from the sources as they are into a temporary
// directory, so that the tests need no generated file in the tree.
func TestMain(m *testing.M) {
	os.Exit(func() int {
		if _, err := loadEngine(); errors.Is(err, ErrNoEngine) {
			tmp, err := os.MkdirTemp("", "parley-engine")
			if err != nil {
				fmt.Fprintln(os.Stderr, err)
				return 1
			}
			defer os.RemoveAll(tmp)
			wd, _ := os.Getwd()
			root, err := wasmengine.Root(wd)
			if err == nil {
				_, err = wasmengine.Generate(root, filepath.Join(tmp, "engine"))
			}
			if err != nil {
				fmt.Fprintln(os.Stderr, "building the browser engine for the tests:", err)
				return 1
			}
			engineGot, engineErr = readEngine(os.DirFS(tmp), "")
		}
		return m.Run()
	}())
}

// TestEngineIsCurrent checks that an engine embedded in the command (one
// go generate wrote, or a release's) was built from the sources as they
// are. When it fails, run go generate ./cmd/parley/report again.
func TestEngineIsCurrent(t *testing.T) {
	stamp, err := embeddedStamp()
	if err != nil {
		t.Skip("no engine generated in report/engine: the tests build their own")
	}
	wd, err := os.Getwd()
	require.NoError(t, err)
	root, err := wasmengine.Root(wd)
	require.NoError(t, err)
	want, err := wasmengine.Stamp(root)
	require.NoError(t, err)
	assert.Equal(t, firstLine(want), firstLine(stamp), "the engine in report/engine is stale: run go generate ./cmd/parley/report")
}

func embeddedStamp() (string, error) {
	data, err := engineDir.ReadFile("engine/engine.stamp")
	return string(data), err
}

func firstLine(s string) string {
	line, _, _ := strings.Cut(s, "\n")
	return line
}

// TestEngineIsWebAssembly checks the engine the pages get, whichever it is.
func TestEngineIsWebAssembly(t *testing.T) {
	eng, err := loadEngine()
	require.NoError(t, err)
	zr, err := gzip.NewReader(bytes.NewReader(eng.wasm))
	require.NoError(t, err)
	head := make([]byte, 4)
	_, err = io.ReadFull(zr, head)
	require.NoError(t, err)
	assert.Equal(t, []byte("\x00asm"), head, "a WebAssembly module")
	assert.Contains(t, eng.exec, "globalThis.Go = class", "the Go runtime's support script")
	assert.True(t, strings.HasPrefix(eng.stamp, "sources "), "a stamp: %q", eng.stamp)
}

// TestEngineRefusesWhatItCannotTrust: no engine is ErrNoEngine, with the
// way to build one; an engine built from another library release than
// the one linked is refused, naming both.
func TestEngineRefusesWhatItCannotTrust(t *testing.T) {
	_, err := readEngine(fstest.MapFS{"engine/README.md": {Data: []byte("x")}}, "")
	require.ErrorIs(t, err, ErrNoEngine)
	assert.Contains(t, err.Error(), "go generate ./cmd/parley/report")

	release := fstest.MapFS{
		"engine/engine.wasm.gz": {Data: []byte("wasm")},
		"engine/wasm_exec.js":   {Data: []byte("js")},
		"engine/engine.stamp":   {Data: []byte("sources abc\nlibrary v0.21.0 h1:AAA=\n")},
	}
	_, err = readEngine(release, "v0.21.0 h1:AAA=")
	assert.NoError(t, err, "the library it was built from")
	_, err = readEngine(release, "")
	assert.NoError(t, err, "a library built from a source tree records no version to compare")
	_, err = readEngine(release, "v0.22.0 h1:BBB=")
	if assert.Error(t, err) {
		assert.Contains(t, err.Error(), "v0.21.0 h1:AAA=")
		assert.Contains(t, err.Error(), "v0.22.0 h1:BBB=")
	}
	delete(release, "engine/engine.stamp")
	_, err = readEngine(release, "")
	assert.ErrorContains(t, err, "no stamp")
}
