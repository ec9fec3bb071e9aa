package main

import (
	"bytes"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// copyInput copies a testdata file into a temporary directory.
func copyInput(t *testing.T, name string) string {
	t.Helper()
	data, err := os.ReadFile(filepath.Join("testdata", name))
	require.NoError(t, err)
	path := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(path, data, 0o644))
	return path
}

// -o naming an input overwrote the scenario and exited 0.
func TestOutputNamingAnInputIsRefused(t *testing.T) {
	for _, args := range [][]string{
		{"run", "-runs", "100", "-o", "IN", "IN"},
		{"exact", "-o", "IN", "IN"},
		{"graph", "-o", "IN", "IN"},
		{"compare", "-runs", "100", "-o", "IN", "OTHER", "IN"},
		{"plot", "-runs", "100", "-o", "IN", "IN"},
	} {
		in := copyInput(t, "chain.yaml")
		if args[0] == "plot" { // plot wants an image name; a scenario file may still have one
			require.NoError(t, os.Rename(in, in+".svg"))
			in += ".svg"
		}
		other := copyInput(t, "chain-faster.yaml")
		before, err := os.ReadFile(in)
		require.NoError(t, err)
		for i, a := range args {
			args[i] = strings.NewReplacer("IN", in, "OTHER", other).Replace(a)
		}
		_, stderr, status := parley(t, args...)
		assert.Equal(t, 2, status, "%v: %s", args, stderr)
		assert.Contains(t, stderr, "is the input file", "%v", args)
		after, _ := os.ReadFile(in)
		assert.Equal(t, before, after, "%v: the input is untouched", args)
	}
}

// Outputs go through a temporary file: a failed command leaves an existing
// output as it was, and no temporary files behind.
func TestOutputIsWrittenWhole(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "result.txt")
	require.NoError(t, os.WriteFile(out, []byte("earlier result\n"), 0o644))
	_, _, status := parley(t, "exact", "-o", out, "talks.yaml") // not Markovian: fails
	assert.Equal(t, 1, status)
	data, _ := os.ReadFile(out)
	assert.Equal(t, "earlier result\n", string(data))
	_, stderr, status := parley(t, "run", "-runs", "100", "-o", out, "chain.yaml")
	require.Equal(t, 0, status, stderr)
	data, _ = os.ReadFile(out)
	assert.Contains(t, string(data), "reference-chain: 100 runs")
	entries, _ := os.ReadDir(dir)
	assert.Len(t, entries, 1, "no temporary file is left")
}

func TestRunCountsAreChecked(t *testing.T) {
	for _, runs := range []string{"0", "-5", "9223372036854775807"} {
		_, stderr, status := parley(t, "run", "-runs", runs, "chain.yaml")
		assert.Equal(t, 2, status, runs)
		assert.Contains(t, stderr, "-runs "+runs+": want a whole number from 1 to", runs)
	}
	for _, args := range [][]string{
		{"run", "-report-days", "1", "chain.yaml"},
		{"run", "-memory", "lots", "chain.yaml"},
		{"exact", "-memory", "-1GiB", "chain.yaml"},
		{"run", "-precision", "NaN", "chain.yaml"},
	} {
		_, _, status := parley(t, args...)
		assert.Equal(t, 2, status, "%v", args)
	}
}

// Runs that end in faults exited 0.
func TestFaultsExit1AfterTheResult(t *testing.T) {
	stdout, stderr, status := parley(t, "run", "-runs", "2000", "faults.yaml")
	assert.Equal(t, 1, status)
	assert.Contains(t, stdout, "fault ", "the result is still written")
	assert.Contains(t, stderr, "runs ended in faults")
	assert.Contains(t, stderr, "transition a->?: 1299 of 2000 runs (65.0%)")
}

// bigChain writes a birth-death chain of n states: slow to analyse exactly
// with every state, and slow to run many times.
func bigChain(t *testing.T, n int) string {
	var b strings.Builder
	b.WriteString("name: big\nstart: s0\nhorizon: 3650\nstates:\n")
	for i := range n {
		b.WriteString("  - {name: s" + itoa(i) + "}\n")
	}
	b.WriteString("transitions:\n")
	for i := range n - 1 {
		b.WriteString("  - {from: s" + itoa(i) + ", to: s" + itoa(i+1) + ", rate: 0.6}\n")
		b.WriteString("  - {from: s" + itoa(i+1) + ", to: s" + itoa(i) + ", rate: 0.4}\n")
	}
	path := filepath.Join(t.TempDir(), "big.yaml")
	require.NoError(t, os.WriteFile(path, []byte(b.String()), 0o644))
	return path
}

func itoa(i int) string { return strconv.Itoa(i) }

// Ctrl-C was ignored outside Monte Carlo runs (exact went on for 26 s).
func TestInterruptExits130(t *testing.T) {
	if testing.Short() {
		t.Skip("starts long commands")
	}
	big := bigChain(t, 300)
	huge := bigChain(t, 100_000) // seconds to parse
	for _, args := range [][]string{
		{"validate", huge},
		{"graph", huge},
		{"exact", big},
		{"run", "-runs", "100000000", "-format", "csv", big},
	} {
		cmd := exec.Command(binary, args...)
		var stdout, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &stdout, &stderr
		require.NoError(t, cmd.Start())
		time.Sleep(700 * time.Millisecond)
		require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Fatalf("%v: still running 20 s after the interrupt", args)
		}
		assert.Equal(t, 130, cmd.ProcessState.ExitCode(), "%v: %s", args, stderr.String())
		assert.Contains(t, stderr.String(), "interrupted", "%v", args)
		if args[0] == "run" {
			assert.Contains(t, stdout.String(), "\npartial,", "the partial result says so in CSV")
		}
	}
}

// A device is written to, not replaced: -o /dev/null must leave /dev/null a
// device; a directory is refused.
func TestOutputToADeviceOrADirectory(t *testing.T) {
	_, stderr, status := parley(t, "run", "-runs", "100", "-o", os.DevNull, "chain.yaml")
	require.Equal(t, 0, status, stderr)
	fi, err := os.Stat(os.DevNull)
	require.NoError(t, err)
	assert.NotZero(t, fi.Mode()&os.ModeCharDevice, "%s is still a device", os.DevNull)
	_, stderr, status = parley(t, "run", "-runs", "100", "-o", t.TempDir(), "chain.yaml")
	assert.Equal(t, 1, status)
	assert.Contains(t, stderr, "is a directory")
}

// Outputs are readable by others, as a plain create leaves them; a file
// replaced keeps its permissions.
func TestOutputPermissions(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "result.json")
	_, stderr, code := parley(t, "run", "-runs", "1000", "-format", "json", "-o", out, "chain.yaml")
	require.Equal(t, 0, code, stderr)
	fi, err := os.Stat(out)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o644), fi.Mode().Perm())
	require.NoError(t, os.Chmod(out, 0o600))
	_, stderr, code = parley(t, "run", "-runs", "1000", "-format", "json", "-o", out, "chain.yaml")
	require.Equal(t, 0, code, stderr)
	fi, err = os.Stat(out)
	require.NoError(t, err)
	assert.Equal(t, os.FileMode(0o600), fi.Mode().Perm())
}
