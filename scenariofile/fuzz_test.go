package scenariofile_test

import (
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parleysim/parley/scenario"

	"github.com/parleysim/parley/internal/deadline"
	"github.com/parleysim/parley/scenariofile"
)

// FuzzParse feeds arbitrary bytes to the loader: it may refuse them, but it
// must not panic or hang. The seed corpus is every file under testdata and
// the example scenario.
func FuzzParse(f *testing.F) {
	paths, _ := filepath.Glob("testdata/*.yaml")
	more, _ := filepath.Glob("testdata/malformed/*.yaml")
	hostile, _ := filepath.Glob("testdata/hostile/*.[jy]*")
	paths = append(append(append(paths, more...), hostile...), "../examples/scenarios/washington-summit.yaml")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		if len(data) <= 16<<10 { // the deep and long ones have small seeds below
			f.Add(data)
		}
	}
	// Deep nesting and aliases, small enough for the fuzzer to mutate.
	f.Add([]byte("name: d\nx: " + strings.Repeat("[", 70) + strings.Repeat("]", 70) + "\n"))
	f.Add([]byte("name: d\nx: " + strings.Repeat("{a: ", 70) + "1" + strings.Repeat("}", 70) + "\n"))
	f.Add([]byte("a: &a [x, x, x]\nb: &b [*a, *a, *a]\nc: &c [*b, *b, *b]\nd: [*c, *c, *c]\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		deadline.Within(t, 2*time.Second, func() {
			sc, err := scenariofile.Parse("fuzz.yaml", data)
			if err == nil && sc == nil {
				t.Error("no scenario and no error")
			}
		})
	})
}

// FuzzExpression compiles arbitrary guard expressions in a small scenario:
// refused or compiled, never a panic.
func FuzzExpression(f *testing.F) {
	for _, s := range []string{
		"x == 2", "x < y && !(y > 3)", "abs(x - y) >= min(x, 1)", "isNaN(x / 0)",
		"(x > 1 ? x : y) * 2 >= 1", "day >= 1 or not (x != 2)", "agreed.territory > 0.5",
		`ideal("RU", "territory") >= 0.5`, "x ==", "foo(1)", "x.y", "'s' == x", "[1, 2]",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, cond string) {
		src := []byte(`name: g
start: a
horizon: 10
variables: [{name: x, initial: 2}, {name: y, initial: 3}]
issues: [{id: territory, min: 0, max: 1}]
actors: [{id: RU}]
states: [{name: a}, {name: b, absorbing: true}]
transitions:
  - {from: a, to: b, fixed: 1, when: ` + quote(cond) + `}
`)
		deadline.Within(t, 2*time.Second, func() {
			sc, err := scenariofile.Parse("g.yaml", src)
			if err == nil && sc == nil {
				t.Error("no scenario and no error")
			}
		})
	})
}

// quote writes s as a YAML double-quoted string.
func quote(s string) string {
	out := []byte{'"'}
	for _, r := range s {
		switch {
		case r == '"' || r == '\\':
			out = append(out, '\\', byte(r))
		case r < 0x20 || r == 0x7f:
			out = append(out, []byte("\\x")...)
			out = append(out, "0123456789abcdef"[r>>4], "0123456789abcdef"[r&15])
		default:
			out = append(out, string(r)...)
		}
	}
	return string(append(out, '"'))
}

// statementSeeds are the observations and outcomes files of the
// repository, for the fuzzers of those formats.
func statementSeeds(f *testing.F, globs ...string) {
	for _, g := range globs {
		paths, _ := filepath.Glob(g)
		for _, p := range paths {
			data, err := os.ReadFile(p)
			if err != nil {
				f.Fatal(err)
			}
			f.Add(data)
		}
	}
}

// FuzzObservations feeds arbitrary bytes to the observations reader
// against the washington scenario: refused or read, never a panic or a
// hang; what is read is a list the scenario accepts.
func FuzzObservations(f *testing.F) {
	sc, err := scenariofile.Load("../examples/scenarios/washington-summit.yaml")
	if err != nil {
		f.Fatal(err)
	}
	statementSeeds(f, "../cmd/parley/testdata/*given*.yaml", "../examples/*/*given*.yaml", "../examples/scenarios/*.observations.yaml")
	f.Add([]byte("observations:\n  - {entered: bilateral, by: 2025-08-25, happened: false}\n  - {variable: pressure, day: 3, min: 1, max: 2}\n  - {route: us-proposal, day: 14, status: open}\n  - {agreed: guarantees, min: 0.5, from: 1, to: 9}\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		deadline.Within(t, 2*time.Second, func() {
			obs, err := scenariofile.ParseObservations("obs.yaml", data, sc)
			if err != nil {
				return
			}
			if len(obs) == 0 {
				t.Error("no observations and no error")
			}
			if _, err := sc.Observe(obs); err != nil {
				t.Errorf("read, but the scenario refuses them: %v", err)
			}
		})
	})
}

// FuzzOutcomes feeds arbitrary bytes to the outcomes reader: refused or
// read, never a panic or a hang; what is read names each thing once, with
// finite days.
func FuzzOutcomes(f *testing.F) {
	statementSeeds(f, "../cmd/parley/testdata/*outcomes*.yaml", "../examples/casebook/*.outcomes.yaml")
	f.Fuzz(func(t *testing.T, data []byte) {
		deadline.Within(t, 2*time.Second, func() {
			hs, err := scenariofile.ParseOutcomes("out.yaml", data)
			if err != nil {
				return
			}
			if len(hs) == 0 {
				t.Error("no outcomes and no error")
			}
			seen := map[string]bool{}
			for _, h := range hs {
				if h.Target == "" || seen[h.String()] {
					t.Errorf("outcome %q unnamed or listed twice", h)
				}
				seen[h.String()] = true
				if math.IsNaN(h.To) || math.IsInf(h.To, 0) || h.To < 0 {
					t.Errorf("outcome %s by day %v", h, h.To)
				}
				if h.Truth == scenario.TruthUnknown {
					t.Errorf("outcome %s with no truth", h)
				}
			}
		})
	})
}
