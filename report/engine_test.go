package report

import (
	"bytes"
	"compress/gzip"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/internal/wasmengine"
)

// TestEngineIsCurrent checks that the engine the interactive report embeds
// was built from the sources as they are: its stamp, a hash of every file
// compiled into it with go.mod and go.sum, must match. When it fails, run
// go generate ./report and commit what it writes.
func TestEngineIsCurrent(t *testing.T) {
	wd, err := os.Getwd()
	require.NoError(t, err)
	root, err := wasmengine.Root(wd)
	require.NoError(t, err)
	want, err := wasmengine.Stamp(root)
	require.NoError(t, err)
	got, err := os.ReadFile("engine.stamp")
	require.NoError(t, err)
	assert.Equal(t, want, strings.TrimSpace(string(got)), "the embedded engine is stale: run go generate ./report and commit report/engine.wasm.gz, engine.stamp and wasm_exec.js")

	zr, err := gzip.NewReader(bytes.NewReader(engineWasm))
	require.NoError(t, err)
	head := make([]byte, 4)
	_, err = io.ReadFull(zr, head)
	require.NoError(t, err)
	assert.Equal(t, []byte("\x00asm"), head, "a WebAssembly module")
	assert.Contains(t, wasmExec, "globalThis.Go = class", "the Go runtime's support script")
}
