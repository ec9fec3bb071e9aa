package main

import (
	"bufio"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/rogpeppe/go-internal/testscript"
	"github.com/stretchr/testify/require"
)

// scriptMemory bounds the address space of every parley a script starts:
// an input that makes parley reach for more fails the script with the
// runtime's "out of memory" rather than exhausting the machine.
const scriptMemory = 3 << 30

// scriptCPU bounds the CPU seconds of every parley a script starts, so a
// loop that never ends fails the script rather than the whole test binary.
const scriptCPU = 120

// TestScripts runs the command's hostile corpus: every
// testdata/script/*.txtar is a script (the go command's own form of
// end-to-end test) that sets up files, runs parley and checks its exit
// status, its output and what is left on disk. Besides testscript's own
// commands a script has
//
//	parley ARGS...   run the command; "! parley" expects a failure
//	status N         the last parley's exit status was N
//	unchanged FILE   FILE has the bytes it had when the script began
//	lines FILE N LINE  append N lines to FILE, {i} in LINE counting from 0
//	                   and {i+1} from 1
//
// $TESTDATA is cmd/parley/testdata and $EXAMPLES the examples directory,
// both absolute, for inputs the script copies rather than spells out.
func TestScripts(t *testing.T) {
	testdata, err := filepath.Abs("testdata")
	require.NoError(t, err)
	examples, err := filepath.Abs(filepath.Join("..", "..", "examples"))
	require.NoError(t, err)
	type scriptState struct {
		status    int
		snapshots map[string][]byte
	}
	state := func(ts *testscript.TestScript) *scriptState { return ts.Value("state").(*scriptState) }
	testscript.Run(t, testscript.Params{
		Dir:                "testdata/script",
		RequireUniqueNames: true,
		Setup: func(env *testscript.Env) error {
			env.Setenv("TESTDATA", testdata)
			env.Setenv("EXAMPLES", examples)
			env.Values["state"] = &scriptState{snapshots: map[string][]byte{}}
			// What every file is at the start, for unchanged.
			return filepath.WalkDir(env.WorkDir, func(path string, d os.DirEntry, err error) error {
				if err != nil || d.IsDir() {
					return err
				}
				data, err := os.ReadFile(path)
				env.Values["state"].(*scriptState).snapshots[path] = data
				return err
			})
		},
		Cmds: map[string]func(ts *testscript.TestScript, neg bool, args []string){
			"parley": func(ts *testscript.TestScript, neg bool, args []string) {
				limits := []string{"--as=" + strconv.Itoa(scriptMemory), "--cpu=" + strconv.Itoa(scriptCPU), "--", binary}
				err := ts.Exec("prlimit", append(limits, args...)...)
				code := 0
				var exit *exec.ExitError
				switch {
				case errors.As(err, &exit):
					code = exit.ExitCode()
				case err != nil:
					ts.Fatalf("parley: %v", err)
				}
				state(ts).status = code
				switch {
				case neg && code == 0:
					ts.Fatalf("parley succeeded, want a failure")
				case !neg && code != 0:
					ts.Fatalf("parley exited %d, want 0", code)
				case code > 2 && code != 130:
					ts.Fatalf("parley exited %d: a crash, not an answer", code)
				}
			},
			"status": func(ts *testscript.TestScript, neg bool, args []string) {
				if len(args) != 1 {
					ts.Fatalf("usage: status N")
				}
				want, err := strconv.Atoi(args[0])
				ts.Check(err)
				if got := state(ts).status; (got == want) == neg {
					ts.Fatalf("parley exited %d, want %s%d", got, map[bool]string{true: "not ", false: ""}[neg], want)
				}
			},
			"lines": func(ts *testscript.TestScript, neg bool, args []string) {
				if neg || len(args) != 3 {
					ts.Fatalf("usage: lines FILE N LINE")
				}
				n, err := strconv.Atoi(args[1])
				ts.Check(err)
				f, err := os.OpenFile(ts.MkAbs(args[0]), os.O_WRONLY|os.O_APPEND|os.O_CREATE, 0o644)
				ts.Check(err)
				w := bufio.NewWriter(f)
				for i := range n {
					w.WriteString(strings.NewReplacer("{i}", strconv.Itoa(i), "{i+1}", strconv.Itoa(i+1)).Replace(args[2]) + "\n")
				}
				ts.Check(w.Flush())
				ts.Check(f.Close())
			},
			"unchanged": func(ts *testscript.TestScript, neg bool, args []string) {
				for _, name := range args {
					path := ts.MkAbs(name)
					before, ok := state(ts).snapshots[path]
					if !ok {
						ts.Fatalf("unchanged %s: the script did not start with it", name)
					}
					after, err := os.ReadFile(path)
					ts.Check(err)
					if (string(before) == string(after)) == neg {
						ts.Fatalf("%s changed", name)
					}
				}
			},
		},
	})
}
