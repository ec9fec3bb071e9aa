package outcomes_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/internal/deadline"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// shardAndMerge runs cfg in count shards, through their JSON, and merges
// them in reverse order.
func shardAndMerge(t *testing.T, sc *scenario.Scenario, cfg outcomes.Config, count int) *outcomes.Result {
	t.Helper()
	var shards []*outcomes.Shard
	for i := count - 1; i >= 0; i-- {
		sh, err := outcomes.RunShard(context.Background(), sc, &cfg, i, count)
		require.NoError(t, err)
		var buf bytes.Buffer
		require.NoError(t, sh.WriteJSON(&buf))
		back, err := outcomes.ReadShard(&buf)
		require.NoError(t, err)
		shards = append(shards, back)
	}
	res, err := outcomes.Merge(sc, shards, nil)
	require.NoError(t, err)
	return res
}

func TestMergeIsTheUnshardedRun(t *testing.T) {
	for _, sc := range []*scenario.Scenario{referenceChain(t), summit(t)} {
		cfg := outcomes.Config{Runs: 20_000, Seed: 7, Workers: 2}
		want := run(t, sc, cfg)
		for _, count := range []int{1, 3, 7, 40} { // 40 shards of 20 blocks: some empty
			got := shardAndMerge(t, sc, cfg, count)
			assert.Equal(t, want, got, "%s in %d shards", sc.Name(), count)
		}
	}
}

func TestMergeRefuses(t *testing.T) {
	sc := referenceChain(t)
	ctx := context.Background()
	cfg := &outcomes.Config{Runs: 5000, Seed: 1}
	shard := func(c *outcomes.Config, i, n int) *outcomes.Shard {
		s, err := outcomes.RunShard(ctx, sc, c, i, n)
		require.NoError(t, err)
		return s
	}
	a, b, c := shard(cfg, 0, 3), shard(cfg, 1, 3), shard(cfg, 2, 3)
	names := []string{"s0.json", "s1.json", "s2.json"}

	_, err := outcomes.Merge(sc, []*outcomes.Shard{a, c}, names)
	require.ErrorIs(t, err, outcomes.ErrShards)
	assert.ErrorContains(t, err, "of which 2 are given; missing shard [1]")

	_, err = outcomes.Merge(sc, []*outcomes.Shard{a, b, b}, names)
	assert.ErrorContains(t, err, "s1.json and s2.json are both shard 1 of 3")

	other := shard(&outcomes.Config{Runs: 5000, Seed: 2}, 1, 3)
	_, err = outcomes.Merge(sc, []*outcomes.Shard{a, other, c}, names)
	assert.ErrorContains(t, err, "s0.json and s1.json come from runs with other settings")

	variant, err := sc.With(nil)
	require.NoError(t, err)
	_, err = outcomes.Merge(variant, []*outcomes.Shard{a, b, c}, names)
	require.NoError(t, err, "the same model bound to the same values merges")

	fourth := shard(cfg, 1, 4)
	_, err = outcomes.Merge(sc, []*outcomes.Shard{a, fourth, c}, names)
	assert.ErrorContains(t, err, "s1.json is one of 4 shards, s0.json one of 3")

	_, err = outcomes.RunShard(ctx, sc, &outcomes.Config{Precision: 0.01}, 0, 2)
	require.ErrorIs(t, err, outcomes.ErrConfig)
	_, err = outcomes.RunShard(ctx, sc, cfg, 3, 3)
	require.ErrorIs(t, err, outcomes.ErrConfig)

	tampered := *b
	tampered.Blocks = [2]int{0, 5}
	_, err = outcomes.Merge(sc, []*outcomes.Shard{a, &tampered, c}, names)
	assert.ErrorContains(t, err, "s1.json says it is shard 1 of 3 but ran blocks [0, 5)")
}

// Damaged or hostile shard files are refused with an error, never a panic.
func TestMergeRefusesDamagedShards(t *testing.T) {
	sc := referenceChain(t)
	good, err := outcomes.RunShard(context.Background(), sc, &outcomes.Config{Runs: 3000, Seed: 1}, 0, 1)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, good.WriteJSON(&buf))
	text := buf.String()
	for name, damage := range map[string]func(s *outcomes.Shard){
		"count 0":        func(s *outcomes.Shard) { s.Count = 0 },
		"index past":     func(s *outcomes.Shard) { s.Index = 5 },
		"runs negative":  func(s *outcomes.Shard) { s.Settings.Runs = -4 },
		"fewer states":   func(s *outcomes.Shard) { s.Tally.Absorbed = s.Tally.Absorbed[:1] },
		"count too high": func(s *outcomes.Shard) { s.Tally.ClaimsOK[0] = s.Tally.Runs + 1 },
		"path of nowhere": func(s *outcomes.Shard) {
			s.Paths.Paths[0] = []int32{99}
		},
	} {
		sh, err := outcomes.ReadShard(strings.NewReader(text))
		require.NoError(t, err)
		damage(sh)
		_, err = outcomes.Merge(sc, []*outcomes.Shard{sh}, []string{"bad.json"})
		require.ErrorIs(t, err, outcomes.ErrShards, name)
		assert.ErrorContains(t, err, "bad.json", name)
	}
	for _, junk := range []string{"", "{}", `{"format":"parley-shard","version":99}`, `[1,2]`, `{"format":"parley-shard","version":1,"tally":{"entries":[{"i":[0],"n":[1],"lo":[1],"hi":[0]}]}}`} {
		sh, err := outcomes.ReadShard(strings.NewReader(junk))
		if err == nil {
			_, err = outcomes.Merge(sc, []*outcomes.Shard{sh}, nil)
		}
		assert.Error(t, err, "%q", junk)
	}
}

// FuzzMergeShard feeds arbitrary bytes as the one shard of a run of the
// reference chain: refused (reading or merging), or merged into a Result a
// run gives; never a panic, a hang or a number no run gives.
func FuzzMergeShard(f *testing.F) {
	sc := referenceChain(f)
	for _, cfg := range []*outcomes.Config{{Runs: 300, Seed: 1, QuantileBins: 16}, {Runs: 2500, Seed: 2, Quantiles: []float64{0.5}, QuantileBins: 64}} {
		sh, err := outcomes.RunShard(context.Background(), sc, cfg, 0, 1)
		if err != nil {
			f.Fatal(err)
		}
		var buf bytes.Buffer
		if err := sh.WriteJSON(&buf); err != nil {
			f.Fatal(err)
		}
		f.Add(buf.Bytes())
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		var err error
		deadline.Within(t, 5*time.Second, func() { err = mergeOne(sc, data) })
		if err != nil {
			t.Fatal(err)
		}
	})
}

// mergeOne reads data as the one shard of a run of sc and merges it: an
// error is what FuzzMergeShard reports, a refusal is not one.
func mergeOne(sc *scenario.Scenario, data []byte) error {
	sh, err := outcomes.ReadShard(bytes.NewReader(data))
	if err != nil {
		return nil
	}
	if sh.Settings.ReportDays > 5000 {
		return nil // a run may ask for a million report days; merging it is slow, not wrong
	}
	res, err := outcomes.Merge(sc, []*outcomes.Shard{sh}, []string{"fuzz.json"})
	if err != nil {
		if !strings.Contains(err.Error(), "fuzz.json") && !errors.Is(err, outcomes.ErrConfig) {
			return fmt.Errorf("an error that names no shard: %v", err)
		}
		return nil
	}
	if err := res.Check(); err != nil {
		return fmt.Errorf("merged into a Result no run gives: %v", err)
	}
	if err := res.WriteJSON(io.Discard); err != nil {
		return fmt.Errorf("the Result does not write: %v", err)
	}
	return nil
}

// negativeTalks: a meeting that always agrees -9.5, on a scale from -10 to
// -9: agreed values whose exact sums are negative.
func negativeTalks(t testing.TB) *scenario.Scenario {
	m, err := actors.NewModel(
		[]actors.Issue{{ID: "depth", Min: -10, Max: -9}},
		[]actors.Actor{{ID: "A"}, {ID: "B"}},
		[]actors.Position{
			{Actor: "A", Issue: "depth", Ideal: actors.Fixed(-10)},
			{Actor: "B", Issue: "depth", Ideal: actors.Fixed(-9)},
		})
	require.NoError(t, err)
	b := scenario.New("negative").States("call").Start("call").Horizon(30).Actors(m)
	b.State("met").Absorbing()
	b.Transition("call", "met").Delay(scenario.Exp(0.5)).Participants("A", "B").Agenda(actors.WeightedMean{}, "depth")
	return build(t, b)
}

// fromNow is the reference chain from day 10, in state since day 4.
func fromNow(t testing.TB, state string) *scenario.Scenario {
	sc, err := referenceChain(t).From(scenario.Now{Day: 10, Path: []scenario.Visit{{State: "call", Day: 0}, {State: state, Day: 4}}})
	require.NoError(t, err)
	return sc
}

// shaky: a rate whose prior draws negative values, which fault the run.
func shaky(t testing.TB) *scenario.Scenario {
	b := scenario.New("shaky").States("call").Start("call").Horizon(30)
	b.Param(param.Parameter{Name: "rate", Default: 0.1, Prior: distuv.Normal{Mu: 0.1, Sigma: 0.1}})
	b.State("met").Absorbing()
	b.Transition("call", "met").Delay(scenario.Exp(param.P("rate")))
	return build(t, b)
}

// The checks hold of every shard a run writes: shards of meetings (agreed
// values on a negative scale, whose exact sums are negative), of a scenario
// from now, and of runs that fault drawing parameters merge to the
// unsharded run.
func TestEveryRunsShardsMerge(t *testing.T) {
	for _, tc := range []struct {
		sc   *scenario.Scenario
		draw bool
	}{{talks(t), false}, {negativeTalks(t), false}, {fromNow(t, "arranged"), false}, {fromNow(t, "stalled"), false}, {shaky(t), true}} {
		cfg := outcomes.Config{Runs: 5000, Seed: 3, Workers: 2, DrawParameters: tc.draw}
		want := run(t, tc.sc, cfg)
		assert.Equal(t, want, shardAndMerge(t, tc.sc, cfg, 3), tc.sc.Name())
		if tc.draw {
			require.NotEmpty(t, want.MonteCarlo.Faults, "some runs draw a negative rate")
		}
	}
}

// A claim and its negation, under one name and description, are other
// models: their shards do not merge.
func TestFingerprintHoldsWhatAClaimStates(t *testing.T) {
	build := func(c scenario.Statement) *scenario.Scenario {
		b := scenario.New("x").States("a").Start("a").Horizon(30)
		b.State("b").Absorbing()
		b.Transition("a", "b").Delay(scenario.Exp(0.1))
		b.Claim(c.Describe("a deal soon"))
		sc, err := b.Build()
		require.NoError(t, err)
		return sc
	}
	claim := scenario.Entered("b", 0, 7).Named("soon")
	fp := outcomes.Fingerprint(build(claim))
	assert.NotEqual(t, fp, outcomes.Fingerprint(build(claim.Negate())))
	later := claim
	later.To = 8
	assert.NotEqual(t, fp, outcomes.Fingerprint(build(later)))
	assert.Equal(t, fp, outcomes.Fingerprint(build(claim)))
}
