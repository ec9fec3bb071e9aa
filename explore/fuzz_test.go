package explore_test

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/internal/deadline"
	"github.com/parleysim/parley/scenariofile"
)

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
		deadline.Within(t, 2*time.Second, func() {
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
		deadline.Within(t, 2*time.Second, func() {
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

// FuzzMergeCalibration feeds arbitrary bytes as the first of two shards
// of a rejection calibration of the reference chain (the second valid):
// refused, naming a shard, or merged into a posterior whose weights are a
// probability vector over draws of the prior; never a panic or a hang.
func FuzzMergeCalibration(f *testing.F) {
	sc, err := scenariofile.Load("../cmd/parley/testdata/chain-params.yaml")
	if err != nil {
		f.Fatal(err)
	}
	obs, err := scenariofile.LoadObservations("../cmd/parley/testdata/chain-params-given.yaml", sc)
	if err != nil {
		f.Fatal(err)
	}
	hs := []explore.History{{Name: "given", Scenario: sc, Observations: obs}}
	space, err := explore.ParameterSpace(sc, nil, true)
	if err != nil {
		f.Fatal(err)
	}
	cfg := &explore.ABCConfig{Method: explore.Rejection, Particles: 6, Runs: 4, Seed: 1, Workers: 1}
	var texts [2][]byte
	for i := range texts {
		sh, err := explore.CalibrateShard(context.Background(), hs, space, cfg, i, 2)
		if err != nil {
			f.Fatal(err)
		}
		if texts[i], err = json.Marshal(sh); err != nil {
			f.Fatal(err)
		}
	}
	other, err := explore.ReadCalibrationShard(bytes.NewReader(texts[1]))
	if err != nil {
		f.Fatal(err)
	}
	f.Add(texts[0])
	f.Fuzz(func(t *testing.T, data []byte) {
		deadline.Within(t, 2*time.Second, func() {
			sh, err := explore.ReadCalibrationShard(bytes.NewReader(data))
			if err != nil {
				return
			}
			post, err := explore.MergeCalibration(hs, space, cfg, []*explore.CalibrationShard{sh, other}, []string{"fuzz.json", "other.json"})
			if err != nil {
				if !strings.Contains(err.Error(), ".json") {
					t.Fatalf("an error that names no shard: %v", err)
				}
				return
			}
			sum := 0.0
			for _, w := range post.Weights {
				if !(w >= 0 && w <= 1) {
					t.Fatalf("a weight of %v", w)
				}
				sum += w
			}
			if len(post.Weights) > 0 && math.Abs(sum-1) > 1e-9 {
				t.Fatalf("weights sum to %v", sum)
			}
		})
	})
}
