package outcomes_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// TestPropertyOutputsRecordedAloneEqualTheFull checks Config.Outputs: for
// drawn scenarios (meetings, events, routes, claims) and drawn sets of
// outputs, a Result recorded for those outputs gives each of them exactly
// the full Result's value, bit for bit, for any number of workers and
// merged from shards; and refuses a key it was not asked to record.
func TestPropertyOutputsRecordedAloneEqualTheFull(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := constructsChain(t)
		seed := rapid.Uint64Range(1, 1<<20).Draw(t, "seed")
		const runs = 3000
		full, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: runs, Seed: seed, Workers: 1})
		require.NoError(t, err)
		keys := keysOf(full)
		asked := rapid.SliceOfNDistinct(rapid.SampledFrom(append(keys, "paths", "end_day", "claim", "state")), 1, 6, rapid.ID[string]).Draw(t, "outputs")
		workers := rapid.IntRange(1, 3).Draw(t, "workers")
		cfg := &outcomes.Config{Runs: runs, Seed: seed, Workers: workers, Outputs: asked}
		part, err := outcomes.Run(context.Background(), sc, cfg)
		require.NoError(t, err)
		assert.Equal(t, asked, part.Outputs)
		var shards []*outcomes.Shard
		for i := range 3 {
			sh, err := outcomes.RunShard(context.Background(), sc, cfg, i, 3)
			require.NoError(t, err)
			shards = append(shards, sh)
		}
		merged, err := outcomes.Merge(sc, shards, nil)
		require.NoError(t, err)

		for _, key := range keys {
			want, err := full.Estimate(key)
			require.NoError(t, err, key)
			for _, r := range []*outcomes.Result{part, merged} {
				got, err := r.Estimate(key)
				if records(asked, key) {
					require.NoError(t, err, key)
					assert.Equal(t, want, got, "%s recorded among %v", key, asked)
				} else {
					assert.ErrorContains(t, err, "not recorded", "%s not among %v", key, asked)
				}
			}
		}
		for _, r := range []*outcomes.Result{part, merged} {
			for _, a := range asked {
				switch a {
				case "paths":
					assert.Equal(t, full.MonteCarlo.Paths, r.MonteCarlo.Paths)
					assert.Equal(t, full.MonteCarlo.OtherPaths, r.MonteCarlo.OtherPaths)
				case "end_day":
					assert.Equal(t, full.MonteCarlo.TimeToAbsorption, r.MonteCarlo.TimeToAbsorption)
				}
			}
		}
	})
}

// TestOutputsRefuseWhatNamesNothing checks that an output naming nothing
// in the scenario is refused before any run, every one named.
func TestOutputsRefuseWhatNamesNothing(t *testing.T) {
	sc := referenceChain(t)
	_, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 10, Outputs: []string{"claim:nope", "colour:red", "state:bilaterl"}})
	require.ErrorIs(t, err, outcomes.ErrConfig)
	for _, want := range []string{`"claim:nope": no claim "nope"`, `"colour:red": "colour" is no kind of output`, `"state:bilaterl": no state "bilaterl" (did you mean "bilateral"?)`} {
		assert.Contains(t, err.Error(), want)
	}
	for _, none := range [][]string{{}, {"", " "}} {
		_, err = outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 10, Outputs: none})
		assert.ErrorContains(t, err, "names no output", "%q", none)
	}
	// Every key is read as Estimate reads it, everything beside it or
	// not: a Result never refuses a key it was made for.
	for key, want := range map[string]string{
		"state:bilateral@1000":       `day 1000 is outside the horizon, days 0 to 90`,
		"state:bilateral@abc":        `day "abc" is not a number`,
		"state:bilateral@NaN":        `day NaN is outside the horizon`,
		"state:bilateral@13.3":       `day 13.3 is not a report day of "reference-chain" (every day from 0 to 90)`,
		"route:us-proposal@7:bogus":  `status "bogus": want completed, open or closed`,
		"final:nope":                 `no final state "nope"`,
		"open_in:bilaterl":           `no state "bilaterl" (did you mean "bilateral"?)`,
		"fired:call->arranjed":       `no transition "call->arranjed" (did you mean "call->arranged"?)`,
		"paths:foo":                  `paths takes no name`,
		"everything,claim:nope":      `no claim "nope"`,
		"claim:":                     `no name after "claim:"`,
		"decline:call->arranged/RU":  `no meeting/actor "call->arranged/RU"`,
		"state:bilateral@14,state:x": `no state "x"`,
	} {
		_, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 10, Outputs: strings.Split(key, ",")})
		assert.ErrorContains(t, err, want, key)
	}
	// A day between report days that is an edge of the histograms' bins
	// is answered, so it is taken.
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 2000, Seed: 1, ReportDays: 10, Outputs: []string{"state:bilateral@14"}})
	require.NoError(t, err)
	_, err = res.Estimate("state:bilateral@14")
	require.NoError(t, err)
	_, err = res.Estimate("claim:bilateral-by-14")
	assert.ErrorIs(t, err, outcomes.ErrNotRecorded)
	// A thousand bad keys are refused at once, and the error stays short.
	var many []string
	for i := range 1000 {
		many = append(many, fmt.Sprintf("state:q%d", i))
	}
	_, err = outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 10, Outputs: many})
	require.ErrorIs(t, err, outcomes.ErrConfig)
	assert.Contains(t, err.Error(), "and 980 more")
}

// TestPropertyExactOutputsComputedAloneEqualTheFull is the same property
// for exact analysis (ExactConfig.Outputs): for drawn chains, with and
// without observations, each output computed alone is the value of the
// Result of everything bit for bit, and a key not asked for is refused;
// the default (nil), which tables only the states it needs, gives every
// key the same value too: bit for bit where it tabled it, to rounding
// (1e-12; another route through the chain) where it computed it when asked.
func TestPropertyExactOutputsComputedAloneEqualTheFull(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		sc := constructsChain(t)
		var given []scenario.Statement
		if rapid.Bool().Draw(t, "given") {
			given = []scenario.Statement{scenario.Entered("s1", 0, rapid.Float64Range(1, 5).Draw(t, "seenBy"))}
		}
		full, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Given: given, Outputs: []string{"everything"}})
		if errors.Is(err, outcomes.ErrNotExact) || errors.Is(err, outcomes.ErrEvidence) {
			t.Skip("observations on a chain over states and values, or impossible")
		}
		require.NoError(t, err)
		assert.Nil(t, full.Outputs)
		keys := keysOf(full)
		byNeed, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Given: given})
		require.NoError(t, err)
		assert.LessOrEqual(t, len(byNeed.States), len(full.States))
		for _, key := range keys {
			want, _ := full.Estimate(key)
			got, err := byNeed.Estimate(key)
			require.NoError(t, err, key)
			name, _, _ := strings.Cut(strings.TrimPrefix(key, "state:"), "@")
			if _, tabled := byNeed.State(name); strings.HasPrefix(key, "state:") && !tabled {
				assert.InDelta(t, want.P, got.P, 1e-12, "%s by default, computed when asked", key)
				continue
			}
			assert.Equal(t, want, got, "%s by default", key)
		}
		asked := rapid.SliceOfNDistinct(rapid.SampledFrom(append(keys, "claim", "state", "route")), 1, 5, rapid.ID[string]).Draw(t, "outputs")
		part, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Given: given, Outputs: asked})
		require.NoError(t, err)
		assert.Equal(t, asked, part.Outputs)
		for _, key := range keys {
			want, err := full.Estimate(key)
			require.NoError(t, err, key)
			got, err := part.Estimate(key)
			if records(asked, key) {
				require.NoError(t, err, key)
				assert.Equal(t, want, got, "%s computed among %v", key, asked)
			} else {
				assert.ErrorContains(t, err, "not recorded", "%s not among %v", key, asked)
			}
		}
	})
}

// TestExactOutputsRefuseWhatExactDoesNotGive checks that exact analysis
// refuses outputs only runs record, and names that name nothing.
func TestExactOutputsRefuseWhatExactDoesNotGive(t *testing.T) {
	sc := referenceChain(t)
	for _, keys := range [][]string{{"paths"}, {"final", "fired"}, {"end_day"}, {"decline"}} {
		_, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: keys})
		require.ErrorIs(t, err, outcomes.ErrConfig, "%v", keys)
		assert.ErrorContains(t, err, "exact analysis gives no paths", "%v", keys)
	}
	_, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"everything", "paths", "claim"}})
	assert.ErrorContains(t, err, `"paths": exact analysis gives no paths`, "runs-only kinds are refused beside everything too")
	_, err = outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"state:bilaterl"}})
	assert.ErrorContains(t, err, `no state "bilaterl" (did you mean "bilateral"?)`)
	_, err = outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{AllStates: true, Outputs: []string{"final"}})
	assert.ErrorContains(t, err, "give Outputs alone")
	res, err := outcomes.Exact(context.Background(), sc, &outcomes.ExactConfig{Outputs: []string{"claim:bilateral-by-14"}})
	require.NoError(t, err)
	assert.Empty(t, res.States, "no state asked for: none tabled")
	assert.Len(t, res.Claims, 1)
	assert.Nil(t, res.Exact.MeanTimeToAbsorption, "absorption comes with everything")
	// By default, a state not tabled is computed when asked, and a day
	// the chain does not answer is said to be one.
	byNeed, err := outcomes.Exact(context.Background(), sc, nil)
	require.NoError(t, err)
	_, tabled := byNeed.State("expert")
	assert.False(t, tabled)
	e, err := byNeed.Estimate("state:expert@14")
	require.NoError(t, err)
	assert.Greater(t, e.P, 0.0)
	_, err = byNeed.Estimate("state:expert@1000")
	assert.ErrorIs(t, err, outcomes.ErrOffGrid)
	_, err = byNeed.Estimate("state:nope")
	assert.ErrorContains(t, err, `no state "nope"`)
}

// keysOf lists every key a Result answers: its final states, claims,
// states and routes (by the horizon and at a middle report day), events,
// transitions fired and declines.
func keysOf(r *outcomes.Result) []string {
	var keys []string
	for _, o := range r.Final {
		keys = append(keys, "final:"+o.Name)
	}
	for _, c := range r.Claims {
		keys = append(keys, "claim:"+c.Name)
	}
	mid := r.Days[len(r.Days)/2]
	for _, s := range r.States {
		keys = append(keys, "state:"+s.Name, fmt.Sprintf("state:%s@%g", s.Name, mid))
	}
	for _, rt := range r.Routes {
		keys = append(keys, "route:"+rt.Name, fmt.Sprintf("route:%s@%g:open", rt.Name, mid))
	}
	for _, e := range r.Events {
		keys = append(keys, "event:"+e.Name)
	}
	if mc := r.MonteCarlo; mc != nil {
		for _, tr := range mc.Transitions {
			keys = append(keys, "fired:"+tr.Name)
		}
		for _, d := range mc.Declines {
			keys = append(keys, "decline:"+d.Meeting+"/"+d.Actor)
		}
	}
	return keys
}

// records reports whether a Result made for the outputs asked holds key:
// final states always, transitions and declines all of them once one is
// asked, any other by its kind alone or by its name.
func records(asked []string, key string) bool {
	kind, rest, _ := strings.Cut(key, ":")
	name, _, _ := strings.Cut(rest, "@")
	for _, a := range asked {
		ak, ar, named := strings.Cut(a, ":")
		an, _, _ := strings.Cut(ar, "@")
		if ak == kind && (!named || an == name || kind == "decline" || kind == "fired") {
			return true
		}
	}
	return kind == "final"
}
