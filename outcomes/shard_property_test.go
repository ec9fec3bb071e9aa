package outcomes_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/parleysim/parley/outcomes"
)

// leaf is one scalar of a shard's JSON: where it is and its value.
type leaf struct {
	path []any // keys (string) and indices (int) from the root
	v    any
}

// leaves lists the scalars of a decoded JSON value, in a fixed order.
func leaves(v any, path []any, out *[]leaf) {
	switch x := v.(type) {
	case map[string]any:
		keys := make([]string, 0, len(x))
		for k := range x {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			leaves(x[k], append(slices.Clone(path), k), out)
		}
	case []any:
		for i, e := range x {
			leaves(e, append(slices.Clone(path), i), out)
		}
	default:
		*out = append(*out, leaf{path, v})
	}
}

// set replaces the value at path in the decoded JSON v.
func set(v any, path []any, x any) {
	for i, p := range path {
		last := i == len(path)-1
		switch k := p.(type) {
		case string:
			m := v.(map[string]any)
			if last {
				m[k] = x
				return
			}
			v = m[k]
		case int:
			a := v.([]any)
			if last {
				a[k] = x
				return
			}
			v = a[k]
		}
	}
}

func pathText(path []any) string {
	var b strings.Builder
	for _, p := range path {
		switch k := p.(type) {
		case string:
			if b.Len() > 0 {
				b.WriteByte('.')
			}
			b.WriteString(k)
		case int:
			fmt.Fprintf(&b, "[%d]", k)
		}
	}
	return b.String()
}

// Any change to one field of a valid shard is refused by Merge, with an
// error that names the shard, or gives a Result that a real run could
// give (Result.Check), never a panic and never a number no run gives.
func TestPropertyForgedShardField(t *testing.T) {
	if testing.Short() {
		t.Skip("a hundred forged shards; skipped with -short")
	}
	ctx := context.Background()
	rapid.Check(t, func(t *rapid.T) {
		sc := randomChain(t)
		runs := rapid.IntRange(1, 5000).Draw(t, "runs")
		count := rapid.IntRange(1, 4).Draw(t, "count")
		cfg := &outcomes.Config{Runs: runs, Seed: rapid.Uint64().Draw(t, "seed"), Workers: 1}
		var texts [][]byte
		for i := range count {
			sh, err := outcomes.RunShard(ctx, sc, cfg, i, count)
			require.NoError(t, err)
			var buf bytes.Buffer
			require.NoError(t, sh.WriteJSON(&buf))
			texts = append(texts, buf.Bytes())
		}
		victim := rapid.IntRange(0, count-1).Draw(t, "victim")
		dec := json.NewDecoder(bytes.NewReader(texts[victim]))
		dec.UseNumber()
		var doc any
		require.NoError(t, dec.Decode(&doc))
		var ls []leaf
		leaves(doc, nil, &ls)
		l := ls[rapid.IntRange(0, len(ls)-1).Draw(t, "leaf")]
		var forged any
		switch x := l.v.(type) {
		case json.Number:
			f, _ := x.Float64()
			ops := []float64{f + 1, f - 1, -f, 0, f * 1000, 1e300, -1, math.Floor(f / 2), 1 << 40}
			op := rapid.IntRange(0, len(ops)-1).Draw(t, "op")
			forged = json.Number(strconv.FormatFloat(ops[op], 'g', -1, 64))
		case bool:
			forged = !x
		case string:
			forged = x + "x"
		case nil:
			forged = json.Number("1")
		}
		set(doc, l.path, forged)
		text, err := json.Marshal(doc)
		require.NoError(t, err)

		names := make([]string, count)
		var shards []*outcomes.Shard
		for i := range count {
			names[i] = "shard-" + strconv.Itoa(i) + ".json"
			data := texts[i]
			if i == victim {
				data = text
			}
			sh, err := outcomes.ReadShard(bytes.NewReader(data))
			if err != nil {
				require.NotEqual(t, -1, i, "unreachable")
				return // refused on reading: the field breaks the format
			}
			shards = append(shards, sh)
		}
		res, err := outcomes.Merge(sc, shards, names)
		if err != nil {
			require.True(t, errors.Is(err, outcomes.ErrShards) || errors.Is(err, outcomes.ErrConfig), "%s: %v", pathText(l.path), err)
			require.Contains(t, err.Error(), ".json", "%s: the error names a shard: %v", pathText(l.path), err)
			return
		}
		require.NoError(t, res.Check(), "%s changed to %v merged into a Result no run gives", pathText(l.path), forged)
		var out bytes.Buffer
		require.NoError(t, res.WriteJSON(&out), "%s: the Result writes as JSON", pathText(l.path))
	})
}
