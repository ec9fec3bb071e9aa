package outcomes

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parleysim/parley/internal/pathkey"
	"github.com/parleysim/parley/scenario"
)

// checkSettings refuses settings that this version's RunShard does not
// write: each must be what Config.settle makes of it (defaults filled in,
// every bound kept), so that a forged quantile_bins of 2^40 or a zero
// horizon is refused, naming the field, before anything is sized by it.
func checkSettings(sc *scenario.Scenario, st ShardSettings) (settings, error) {
	cfg := &Config{Runs: st.Runs, Seed: st.Seed, Horizon: st.Horizon, MaxSteps: st.MaxSteps, DrawParameters: st.DrawParameters,
		TopPaths: st.TopPaths, PathCapacity: st.PathCapacity, QuantileBins: st.QuantileBins, Quantiles: st.Quantiles,
		Confidence: st.Confidence, ReportDays: st.ReportDays, Outputs: st.Outputs}
	s, err := cfg.settle(sc)
	if err != nil {
		return s, fmt.Errorf("settings: %v", err)
	}
	written := ShardSettings{Runs: s.Runs, Seed: s.Seed, Horizon: s.horizon, MaxSteps: s.MaxSteps, DrawParameters: s.DrawParameters,
		TopPaths: s.TopPaths, PathCapacity: s.PathCapacity, QuantileBins: s.QuantileBins, Quantiles: s.Quantiles,
		Confidence: s.Confidence, ReportDays: s.ReportDays, Outputs: s.Outputs}
	if field, got, want := settingsDiff(st, written); field != "" {
		return s, fmt.Errorf("settings.%s is %s, which a run does not write (it writes %s)", field, got, want)
	}
	if st.Quantiles == nil {
		return s, fmt.Errorf("settings.quantiles is missing, which a run always writes")
	}
	return s, nil
}

// settingsDiff names the first setting in which a and b differ, with its
// two values; "" when they are the same.
func settingsDiff(a, b ShardSettings) (field, inA, inB string) {
	for _, f := range []struct {
		name   string
		av, bv string
	}{
		{"runs", strconv.Itoa(a.Runs), strconv.Itoa(b.Runs)},
		{"seed", strconv.FormatUint(a.Seed, 10), strconv.FormatUint(b.Seed, 10)},
		{"horizon", shortFloat(a.Horizon), shortFloat(b.Horizon)},
		{"max_steps", strconv.Itoa(a.MaxSteps), strconv.Itoa(b.MaxSteps)},
		{"draw_parameters", strconv.FormatBool(a.DrawParameters), strconv.FormatBool(b.DrawParameters)},
		{"top_paths", strconv.Itoa(a.TopPaths), strconv.Itoa(b.TopPaths)},
		{"path_capacity", strconv.Itoa(a.PathCapacity), strconv.Itoa(b.PathCapacity)},
		{"quantile_bins", strconv.Itoa(a.QuantileBins), strconv.Itoa(b.QuantileBins)},
		{"quantiles", fmt.Sprint(a.Quantiles), fmt.Sprint(b.Quantiles)},
		{"confidence", shortFloat(a.Confidence), shortFloat(b.Confidence)},
		{"report_days", strconv.Itoa(a.ReportDays), strconv.Itoa(b.ReportDays)},
		{"outputs", outputsText(a.Outputs), outputsText(b.Outputs)},
	} {
		if f.av != f.bv {
			return f.name, f.av, f.bv
		}
	}
	return "", "", ""
}

// outputsText writes outputs as a set, so that shards of the same outputs
// given in another order merge: sorted, or "everything" for nil.
func outputsText(outputs []string) string {
	if outputs == nil {
		return "everything"
	}
	return strings.Join(slices.Sorted(slices.Values(outputs)), ",")
}

func shortFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// check refuses a decoded shard tally that no run of its blocks gives:
// runs not those of its blocks, ends that do not add up to its runs,
// counts above what they count, values outside their histogram bins,
// sums outside their range, paths that do not add up to the runs.
func (t *tally) check(sc *scenario.Scenario, runs int64) error {
	if t.runs != runs {
		return fmt.Errorf("tally.runs is %d, but its blocks hold %d runs", t.runs, runs)
	}
	ended, absorbed := int64(0), int64(0)
	for s := range sc.NumStates() {
		st := scenario.State(s)
		switch {
		case sc.Absorbing(st) && (t.openIn[s] != 0 || t.stuckIn[s] != 0 || t.stepLimit[s] != 0):
			return fmt.Errorf("tally: runs open or stopped in %s, which is absorbing", sc.StateName(st))
		case !sc.Absorbing(st) && t.absorbed[s] != 0:
			return fmt.Errorf("tally.absorbed[%d]: runs absorbed in %s, which is not absorbing", s, sc.StateName(st))
		case t.entries[s].total() > runs:
			return fmt.Errorf("tally.entries[%d]: %d first entries into %s in %d runs", s, t.entries[s].total(), sc.StateName(st), runs)
		case !t.want.states[s] && t.entries[s].total() != 0:
			return fmt.Errorf("tally.entries[%d]: entries into %s, which the outputs do not record", s, sc.StateName(st))
		case t.want.states[s] && t.entries[s].total() < t.absorbed[s]+t.openIn[s]+t.stuckIn[s]+t.stepLimit[s]:
			return fmt.Errorf("tally.entries[%d]: %d runs ended in %s but %d entered it", s, t.absorbed[s]+t.openIn[s]+t.stuckIn[s]+t.stepLimit[s], sc.StateName(st), t.entries[s].total())
		}
		ended += t.absorbed[s] + t.openIn[s] + t.stuckIn[s] + t.stepLimit[s]
		absorbed += t.absorbed[s]
	}
	for _, f := range t.faults {
		ended += f
	}
	if ended != runs {
		return fmt.Errorf("tally: the runs' ends (absorbed, open, at the step limit, in a fault) add up to %d, not its %d runs", ended, runs)
	}
	// The absorption days are shares of the horizon: their mean lies in
	// [0, 1], and so does the mean of their squares.
	for _, sum := range []struct {
		name string
		s    *exactSum
	}{{"absorb_days", &t.absorbDays}, {"absorb_days2", &t.absorbDays2}} {
		if absorbed == 0 || !t.want.endDay {
			if sum.s.big().Sign() != 0 {
				return fmt.Errorf("tally.%s is not zero with no run absorbed", sum.name)
			}
			continue
		}
		if m := sum.s.mean(absorbed); !(m >= 0 && m <= t.g.horizon) {
			return fmt.Errorf("tally.%s: a mean of %v over %d absorbed runs is outside the horizon", sum.name, m, absorbed)
		}
	}
	for r := range t.completed {
		if c, x := t.completed[r].total(), t.closed[r].total(); c+x > runs {
			return fmt.Errorf("tally: route %d completed in %d and closed in %d of %d runs", r, c, x, runs)
		}
	}
	for _, ss := range []struct {
		name string
		s    []series
	}{{"entries", t.entries}, {"completed", t.completed}, {"closed", t.closed}} {
		for i := range ss.s {
			if err := t.g.checkBins(&ss.s[i].bins); err != nil {
				return fmt.Errorf("tally.%s[%d]: %v", ss.name, i, err)
			}
		}
	}
	for e := range t.occurred {
		if t.occurs[e] < t.occurred[e] {
			return fmt.Errorf("tally.occurs[%d]: %d occurrences in the %d runs in which it occurred", e, t.occurs[e], t.occurred[e])
		}
	}
	for k := range t.declined {
		m := k / max(t.numActors, 1)
		if t.declined[k] > t.proposed[m] || t.declines[k] < t.declined[k] {
			return fmt.Errorf("tally.declined[%d]: %d runs with a decline (%d declines) of a meeting proposed in %d", k, t.declined[k], t.declines[k], t.proposed[m])
		}
	}
	for i := range t.agreements {
		v := &t.agreements[i]
		if v.none < 0 {
			return fmt.Errorf("tally.agreements[%d].none is %d", i, v.none)
		}
		if err := v.checkBins(); err != nil {
			return fmt.Errorf("tally.agreements[%d]: %v", i, err)
		}
		n := v.reached()
		if n == 0 {
			if v.sum.big().Sign() != 0 || v.sum2.big().Sign() != 0 {
				return fmt.Errorf("tally.agreements[%d]: sums without values", i)
			}
			continue
		}
		if m := v.mean(); !(m >= v.min && m <= v.min+v.span) {
			return fmt.Errorf("tally.agreements[%d]: a mean of %v outside the issue's scale", i, m)
		}
		if m2 := v.sum2.mean(n); !(m2 >= 0 && m2 <= 1) {
			return fmt.Errorf("tally.agreements[%d].sum2: a mean square share of %v", i, m2)
		}
	}
	return nil
}

// checkBins refuses a histogram of days whose values lie outside their bin.
func (g *grid) checkBins(b *bins) error {
	for i := range b.b {
		c := &b.b[i]
		if c.n == 0 {
			continue
		}
		if !(c.lo > 0 && c.hi <= g.horizon) || g.bin(c.lo) != i || g.bin(c.hi) != i {
			return fmt.Errorf("bin %d holds days %v to %v, outside it", i, c.lo, c.hi)
		}
	}
	return nil
}

// checkBins refuses a histogram of values whose values lie outside their bin.
func (v *valueSeries) checkBins() error {
	index := func(x float64) int { return min(max(int((x-v.min)/v.span*valueBins), 0), valueBins-1) }
	for i := range v.b {
		c := &v.b[i]
		if c.n > 0 && (index(c.lo) != i || index(c.hi) != i || math.IsNaN(c.lo) || math.IsNaN(c.hi)) {
			return fmt.Errorf("bin %d holds values %v to %v, outside it", i, c.lo, c.hi)
		}
	}
	return nil
}

// check refuses a shard's path table that a run of its runs does not
// give: counts that do not add up to its runs, a path twice, a path that
// does not begin where runs begin, a table said complete that is full.
func (d *pathsData) check(sc *scenario.Scenario, runs int64) error {
	if d.Other < 0 {
		return fmt.Errorf("paths.other is %d", d.Other)
	}
	sum := d.Other
	seen := make(map[uint64][]int, len(d.Paths))
	for i, path := range d.Paths {
		sum += d.Counts[i]
		if len(path) > 0 && today(sc) == 0 && path[0] != int32(sc.Start()) {
			return fmt.Errorf("paths.paths[%d] begins in state %d, not where runs begin", i, path[0])
		}
		states := make([]scenario.State, len(path))
		for k, s := range path {
			states[k] = scenario.State(s)
		}
		h := pathkey.Of(states)
		for _, j := range seen[h] {
			if slices.Equal(d.Paths[j], path) {
				return fmt.Errorf("paths.paths[%d] is paths.paths[%d] again", i, j)
			}
		}
		seen[h] = append(seen[h], i)
	}
	if sum != runs {
		return fmt.Errorf("paths: counts and other add up to %d, not its %d runs", sum, runs)
	}
	if d.Complete != (len(d.Paths) < shardPathCapacity) {
		return fmt.Errorf("paths.complete is %v with %d paths", d.Complete, len(d.Paths))
	}
	return nil
}
