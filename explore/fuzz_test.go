package explore_test

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parleysim/parley/explore"
)

// within fails the fuzz input if f takes more than two seconds.
func within(t *testing.T, f func()) {
	done := make(chan struct{})
	go func() { defer close(done); f() }()
	select {
	case <-done:
	case <-time.After(2 * time.Second):
		t.Fatal("no answer within two seconds")
	}
}

// tableSeeds are tables as explore writes them (testdata/tables: CSV, JSON
// Lines, a shard) and a few malformed ones.
func tableSeeds(f *testing.F) {
	paths, _ := filepath.Glob("testdata/tables/*")
	for _, p := range paths {
		data, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add([]byte("experiment,case,a,a,y,se:y\n0,,1,2,3,0\n"))
	f.Add([]byte(`{"design":"lhs","inputs":["a"],"outputs":["y"],"rows":2}` + "\n" + `{"experiment":1,"inputs":{"a":0.5},"outputs":{"y":1},"se":{"y":0}}` + "\n"))
}

// FuzzReadTable feeds arbitrary bytes to the table reader: refused or
// read, never a panic or a hang; a table read has one name a column,
// finite inputs and rows as long as its columns in every row done.
func FuzzReadTable(f *testing.F) {
	tableSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte) {
		within(t, func() {
			tb, err := explore.ReadTable(bytes.NewReader(data))
			if err != nil {
				return
			}
			names := map[string]bool{}
			for _, n := range append(append([]string(nil), tb.Inputs...), tb.Outputs...) {
				if names[n] {
					t.Fatalf("column %q twice", n)
				}
				names[n] = true
			}
			for e := range tb.X {
				if !tb.Done[e] {
					continue
				}
				if len(tb.X[e]) != len(tb.Inputs) || len(tb.Y[e]) != len(tb.Outputs) || len(tb.SE[e]) != len(tb.Outputs) {
					t.Fatalf("row %d: %d inputs, %d outputs for %d and %d columns", e, len(tb.X[e]), len(tb.Y[e]), len(tb.Inputs), len(tb.Outputs))
				}
				for _, x := range tb.X[e] {
					if tb.Done[e] && (math.IsNaN(x) || math.IsInf(x, 0)) {
						t.Fatalf("row %d: input %v", e, x)
					}
				}
			}
		})
	})
}

// FuzzReadCases feeds arbitrary bytes to the cases reader over a space of
// two inputs: refused or read, never a panic or a hang; the cases read
// are named once each and lie in their ranges.
func FuzzReadCases(f *testing.F) {
	s, err := explore.Box([]string{"a", "b"}, []float64{0, -1}, []float64{1, 1})
	if err != nil {
		f.Fatal(err)
	}
	for _, seed := range []string{
		"case,a,b\nlow,0,-1\nhigh,1,1\n",
		"\xef\xbb\xbfcase,b\nx,0.5\n",
		"case,a\n",
		"case,a,a\nx,0,0\n",
		"case , a\n y , 0.5 \n",
		"case,a\n\"q\"\"uoted\",1\n",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		within(t, func() {
			d, err := explore.ReadCases(bytes.NewReader(data), s)
			if err != nil {
				return
			}
			seen := map[string]bool{}
			for r, x := range d.X {
				if seen[d.Names[r]] {
					t.Fatalf("case %q twice", d.Names[r])
				}
				seen[d.Names[r]] = true
				for i, v := range x {
					if !(v >= d.Space.Lo[i] && v <= d.Space.Hi[i]) {
						t.Fatalf("case %q: %s = %v outside [%v, %v]", d.Names[r], d.Space.Names[i], v, d.Space.Lo[i], d.Space.Hi[i])
					}
				}
			}
			if len(d.X) == 0 || strings.TrimSpace(string(data)) == "" {
				t.Fatal("no cases and no error")
			}
		})
	})
}
