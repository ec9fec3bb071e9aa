package outcomes

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/parleysim/parley/internal/pathkey"
	"github.com/parleysim/parley/scenario"
)

// A Shard is the tallies of a range of whole blocks of one run, in integer
// form: what one task of a batch array computes, to be merged with the
// others by Merge into the Result of the unsharded run, bit for bit.
//
// Shards are versioned JSON: every engine's task can write text, a person
// can read what a task did, and the tallies are integers (and the exact
// sums' limbs), which JSON carries without loss, and floats round-trip
// exactly. Histograms are written in columns of their non-empty bins: a
// shard of 12,500 runs of the washington example takes about 0.9 MB, most
// of it the entry-day histograms, which a run keeps at 4,096 bins a series.
type Shard struct {
	// Envelope says which shard of how many this is (format
	// "parley-shard"), and the identity of the run: a hash of the
	// scenario's Fingerprint and the Settings.
	Envelope
	// Blocks is the range [from, to) of block numbers the shard ran.
	Blocks [2]int `json:"blocks"`
	// Identity: what every shard of one run shares.
	Scenario    string             `json:"scenario"`
	Fingerprint string             `json:"fingerprint"` // of the compiled scenario and its bound parameters
	Parameters  map[string]float64 `json:"parameters,omitempty"`
	Settings    ShardSettings      `json:"settings"`
	// File, Source and SourceSHA256 carry, when a tool sets them, the
	// scenario file's name, bytes and hash, and Set the parameter values it
	// bound, so that shards can be merged without the file at hand.
	File         string             `json:"file,omitempty"`
	Source       []byte             `json:"source,omitempty"`
	SourceSHA256 string             `json:"source_sha256,omitempty"`
	Set          map[string]float64 `json:"set,omitempty"`

	Tally tallyData `json:"tally"`
	Paths pathsData `json:"paths"`
}

// ShardSettings are the settings of the run every shard must share.
type ShardSettings struct {
	Runs           int       `json:"runs"`
	Seed           uint64    `json:"seed"`
	Horizon        float64   `json:"horizon"`
	MaxSteps       int       `json:"max_steps"`
	DrawParameters bool      `json:"draw_parameters,omitempty"`
	TopPaths       int       `json:"top_paths"`
	PathCapacity   int       `json:"path_capacity"`
	QuantileBins   int       `json:"quantile_bins"`
	Quantiles      []float64 `json:"quantiles"`
	Confidence     float64   `json:"confidence"`
	ReportDays     int       `json:"report_days"`
	// Outputs are Config.Outputs; absent for everything.
	Outputs []string `json:"outputs,omitempty"`
}

// ShardFormat and ShardVersion identify shard files. Version 2 has the
// Envelope's identity.
const (
	ShardFormat  = "parley-shard"
	ShardVersion = 3
)

// MaxShards is the most shards one run may be split into.
const MaxShards = 1 << 20

// shardPathCapacity bounds the distinct paths a shard keeps. A shard keeps
// every path it sees, in the order first seen, so that merging reproduces
// the unsharded path table exactly; past this many it stops, says so, and
// the merged Result lists no paths rather than incomplete counts.
const shardPathCapacity = 1 << 20

// ShardBlocks returns the range [from, to) of block numbers that shard
// index of count runs, of the blocks of runs runs: the blocks split as
// evenly as whole blocks allow.
func ShardBlocks(runs, index, count int) (from, to int) {
	blocks := (runs + BlockSize - 1) / BlockSize
	return index * blocks / count, (index + 1) * blocks / count
}

// RunShard runs shard index of count of the Run that cfg describes: the
// runs of its range of whole blocks, tallied for Merge. Precision and
// Given are refused: how many runs they make depends on all the runs
// before, which one shard does not know.
func RunShard(ctx context.Context, sc *scenario.Scenario, cfg *Config, index, count int) (*Shard, error) {
	if sc == nil {
		return nil, fmt.Errorf("%w: nil scenario", ErrConfig)
	}
	if count < 1 || index < 0 || index >= count {
		return nil, fmt.Errorf("%w: shard %d of %d: want 0 <= index < count", ErrConfig, index, count)
	}
	s, err := cfg.settle(sc)
	if err != nil {
		return nil, err
	}
	if s.Precision > 0 || len(s.Given) > 0 {
		return nil, fmt.Errorf("%w: a run split into shards cannot use Precision or Given: how many runs they make depends on every run before", ErrConfig)
	}
	from, to := ShardBlocks(s.Runs, index, count)
	e := &engine{sc: sc, s: s, g: newGridBins(s.horizon, s.ReportDays, sc.NumStates()+2*len(sc.Routes()), s.QuantileBins)}
	workers := min(s.Workers, max(1, to-from))
	if err := checkMemory(sc, &s.want, e.g, workers, s.MemoryLimit); err != nil {
		return nil, err
	}
	e.tallies = make([]*tally, workers)
	for w := range e.tallies {
		e.tallies[w] = e.newTally()
	}
	e.m = &merger{paths: newPathTally(shardPathCapacity), pending: map[int]*blockPaths{}, progress: s.Progress, next: from}
	first, last := from*BlockSize, min(to*BlockSize, s.Runs)
	e.m.total = last - first
	if first < last {
		e.runRange(ctx, first, last)
	}
	total := e.newTally()
	for _, t := range e.tallies {
		total.merge(t)
	}
	settings := ShardSettings{Runs: s.Runs, Seed: s.Seed, Horizon: s.horizon, MaxSteps: s.MaxSteps, DrawParameters: s.DrawParameters,
		TopPaths: s.TopPaths, PathCapacity: s.PathCapacity, QuantileBins: s.QuantileBins, Quantiles: s.Quantiles,
		Confidence: s.Confidence, ReportDays: s.ReportDays, Outputs: s.Outputs}
	fp := Fingerprint(sc)
	sh := &Shard{
		Envelope: Envelope{Format: ShardFormat, Version: ShardVersion, Index: index, Count: count, Identity: Identity(fp, settings)},
		Blocks:   [2]int{from, to},
		Scenario: sc.Name(), Fingerprint: fp, Settings: settings,
		Tally: encodeTally(total),
		Paths: encodePaths(e.m.paths),
	}
	sh.Parameters, _ = parameters(sc, false)
	if err := ctx.Err(); err != nil && int(total.runs) < last-first {
		sh.Partial = true
		return sh, fmt.Errorf("outcomes: shard %d of %d of %q stopped after %d of %d runs: %w", index, count, sc.Name(), total.runs, last-first, err)
	}
	return sh, nil
}

// Fingerprint is a hash of what a scenario's runs depend on: its states,
// transitions, events, routes, claims and the values of its parameters.
// Two scenarios with one fingerprint are the same model for Merge.
func Fingerprint(sc *scenario.Scenario) string {
	h := sha256.New()
	w := func(parts ...string) {
		for _, p := range parts {
			h.Write([]byte(strconv.Itoa(len(p))))
			h.Write([]byte{':'})
			h.Write([]byte(p))
		}
	}
	g := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	w(sc.Name(), g(sc.Horizon()), g(today(sc)))
	for s := range sc.NumStates() {
		w("state", sc.StateName(scenario.State(s)), strconv.FormatBool(sc.Absorbing(scenario.State(s))))
	}
	for t := range sc.NumTransitions() {
		d := sc.TransitionDelay(scenario.Transition(t))
		w("transition", sc.TransitionName(scenario.Transition(t)), d.Text)
	}
	for e := range sc.NumEvents() {
		w("event", sc.EventName(scenario.Event(e)))
	}
	for _, r := range routesOf(sc) {
		w("route", r.Name())
	}
	for _, c := range sc.Definition().Claims {
		w("claim", c.Name, c.Description, c.Kind.String(), c.Target, g(c.From), g(c.To), g(c.Min), g(c.Max), c.Status.String(), strconv.FormatBool(c.Not))
	}
	values := sc.Values()
	for _, p := range sc.Parameters() {
		w("parameter", p.Name, g(values[p.Name]))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// WriteJSON writes the shard.
func (s *Shard) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	return enc.Encode(s)
}

// ReadShard reads a shard written by WriteJSON.
func ReadShard(r io.Reader) (*Shard, error) {
	var s Shard
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&s); err != nil {
		return nil, fmt.Errorf("not a parley shard: %w", err)
	}
	if err := s.Envelope.Check(ShardFormat, ShardVersion); err != nil {
		return nil, err
	}
	return &s, nil
}

// ErrShards is matched by errors.Is when shards cannot be merged: of other
// runs, overlapping, missing or malformed. The message names the shards.
var ErrShards = errors.New("outcomes: shards do not merge")

// Merge merges the shards of one run of sc, in any order, into the Result
// of the unsharded run: the same, bit for bit, for every quantity, the path
// table included. Names are the shards' labels in messages (file names);
// nil numbers them. Shards of another scenario, other parameters or
// settings, and a set with ranges that overlap or leave a gap, are refused
// with ErrShards naming them.
func Merge(sc *scenario.Scenario, shards []*Shard, names []string) (*Result, error) {
	if sc == nil {
		return nil, fmt.Errorf("%w: nil scenario", ErrConfig)
	}
	if len(shards) == 0 {
		return nil, fmt.Errorf("%w: no shards", ErrShards)
	}
	name := func(i int) string {
		if i < len(names) {
			return names[i]
		}
		return "shard " + strconv.Itoa(i)
	}
	fp := Fingerprint(sc)
	first := shards[0]
	for i, s := range shards {
		// What a hostile or damaged file could say wrong, before any use.
		if s.Settings.Runs < 1 || s.Settings.Runs > MaxRunsLimit {
			return nil, fmt.Errorf("%w: %s says it is a shard of %d runs: not a shard of a run", ErrShards, name(i), s.Settings.Runs)
		}
		if _, err := checkSettings(sc, s.Settings); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrShards, name(i), err)
		}
		switch {
		case s.Fingerprint != fp:
			return nil, fmt.Errorf("%w: %s is of another scenario or other parameters (%q, fingerprint %.12s) than %q (%.12s)", ErrShards, name(i), s.Scenario, s.Fingerprint, sc.Name(), fp)
		case !sameSettings(s.Settings, first.Settings):
			field, a, b := settingsDiff(first.Settings, s.Settings)
			return nil, fmt.Errorf("%w: %s and %s come from runs with other settings: %s %s and %s", ErrShards, name(0), name(i), field, a, b)
		}
	}
	order, err := CheckEnvelopes(shards, names, ShardFormat, ShardVersion, Identity(fp, first.Settings))
	if err != nil {
		return nil, err
	}
	for i, s := range shards {
		if from, to := ShardBlocks(s.Settings.Runs, s.Index, s.Count); s.Blocks != [2]int{from, to} {
			return nil, fmt.Errorf("%w: %s says it is shard %d of %d but ran blocks [%d, %d), not [%d, %d)", ErrShards, name(i), s.Index, s.Count, s.Blocks[0], s.Blocks[1], from, to)
		}
	}

	st := first.Settings
	cfg := &Config{Runs: st.Runs, Seed: st.Seed, Horizon: st.Horizon, MaxSteps: st.MaxSteps, DrawParameters: st.DrawParameters,
		TopPaths: st.TopPaths, PathCapacity: st.PathCapacity, QuantileBins: st.QuantileBins, Quantiles: st.Quantiles,
		Confidence: st.Confidence, ReportDays: st.ReportDays, Outputs: st.Outputs}
	s, err := cfg.settle(sc)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %v", ErrShards, name(0), err)
	}
	g := newGridBins(s.horizon, s.ReportDays, sc.NumStates()+2*len(sc.Routes()), s.QuantileBins)
	if err := checkMemory(sc, &s.want, g, 2, DefaultMemoryLimit); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrShards, err)
	}
	total := newTally(sc, g, &s.want)
	paths := newPathTally(s.PathCapacity)
	complete := true
	t := newTally(sc, g, &s.want)
	for _, i := range order {
		t.reset(sc)
		sh := shards[i]
		if err := sh.Tally.decode(t); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrShards, name(i), err)
		}
		from, to := sh.Blocks[0]*BlockSize, min(sh.Blocks[1]*BlockSize, s.Runs)
		runs := int64(max(0, to-from))
		if err := t.check(sc, runs); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrShards, name(i), err)
		}
		if err := sh.Paths.check(sc, runs); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrShards, name(i), err)
		}
		total.merge(t)
		if err := sh.Paths.mergeInto(paths, sc.NumStates()); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrShards, name(i), err)
		}
		complete = complete && sh.Paths.Complete
	}
	res := newResult(sc, s, g, total, paths)
	if !complete {
		// A shard saw more distinct paths than it keeps: counts of paths
		// could be incomplete, so none are listed.
		res.MonteCarlo.Paths = []PathShare{}
		res.MonteCarlo.OtherPaths = wilsonZ(total.runs, total.runs, zScore(s.Confidence))
		res.MonteCarlo.DistinctPaths = 0
	}
	// What each shard is checked for makes a Result a run gives; this is
	// the last guard, so that no number a run cannot give is printed. The
	// identity is a checksum, not a signature: a shard forged whole, its
	// identity recomputed, passes where its numbers are ones a run could
	// give (zeros for a route no run moved on, say).
	if err := res.Check(); err != nil {
		return nil, fmt.Errorf("%w: the shards together: %v", ErrShards, err)
	}
	return res, nil
}

func sameSettings(a, b ShardSettings) bool {
	field, _, _ := settingsDiff(a, b)
	return field == ""
}

// tallyData is a tally in integer form, for a shard file.
type tallyData struct {
	Runs        int64        `json:"runs"`
	Absorbed    []int64      `json:"absorbed"`
	AbsorbDays  sumData      `json:"absorb_days"`
	AbsorbDays2 sumData      `json:"absorb_days2"`
	OpenIn      []int64      `json:"open_in"`
	StuckIn     []int64      `json:"stuck_in"`
	StuckDecl   []int64      `json:"stuck_declined"`
	StepLimit   []int64      `json:"step_limit"`
	Faults      []int64      `json:"faults"`
	Fired       []int64      `json:"fired"`
	Entries     []seriesData `json:"entries"`
	Completed   []seriesData `json:"completed"`
	Closed      []seriesData `json:"closed"`
	ClaimsOK    []int64      `json:"claims_ok"`
	Occurred    []int64      `json:"occurred"`
	Occurs      []int64      `json:"occurs"`
	Proposed    []int64      `json:"proposed,omitempty"`
	Declined    []int64      `json:"declined,omitempty"`
	Declines    []int64      `json:"declines,omitempty"`
	Agreements  []valuesData `json:"agreements,omitempty"`
}

// sumData is an exact sum's non-zero limbs, as [index, limb] pairs.
type sumData [][2]int64

// binsData is a histogram's non-empty bins, in columns: index, count, and
// the least and greatest value in the bin.
type binsData struct {
	I  []int     `json:"i,omitempty"`
	N  []int64   `json:"n,omitempty"`
	Lo []float64 `json:"lo,omitempty"`
	Hi []float64 `json:"hi,omitempty"`
}

type seriesData struct {
	AtZero int64 `json:"at_zero,omitempty"`
	binsData
}

type valuesData struct {
	binsData
	None int64   `json:"none,omitempty"`
	Sum  sumData `json:"sum,omitempty"`
	Sum2 sumData `json:"sum2,omitempty"`
}

func encodeSum(s exactSum) sumData {
	s.carry()
	var d sumData
	for i, x := range s.limbs {
		if x != 0 {
			d = append(d, [2]int64{int64(i), x})
		}
	}
	return d
}

func (d sumData) decode(s *exactSum) error {
	// As encodeSum writes them, carried: every limb but the top in
	// [0, 2^32), the top one (negative for a negative sum) below 2^62.
	for _, p := range d {
		top := p[0] == sumLimbs-1
		if p[0] < 0 || p[0] >= sumLimbs || !top && (p[1] < 0 || p[1] >= 1<<32) || top && (p[1] <= -1<<62 || p[1] >= 1<<62) {
			return fmt.Errorf("an exact sum's limb [%d, %d] is out of range", p[0], p[1])
		}
		s.limbs[p[0]] += p[1]
	}
	s.carry()
	return nil
}

func encodeBins(b *bins) binsData {
	var d binsData
	for i, c := range b.b {
		if c.n > 0 {
			d.I, d.N = append(d.I, i), append(d.N, c.n)
			d.Lo, d.Hi = append(d.Lo, c.lo), append(d.Hi, c.hi)
		}
	}
	return d
}

func decodeBins(d binsData, b *bins) error {
	if len(d.N) != len(d.I) || len(d.Lo) != len(d.I) || len(d.Hi) != len(d.I) {
		return fmt.Errorf("histogram columns of %d, %d, %d and %d bins", len(d.I), len(d.N), len(d.Lo), len(d.Hi))
	}
	for k, i := range d.I {
		n, lo, hi := d.N[k], d.Lo[k], d.Hi[k]
		if i < 0 || i >= len(b.b) || n <= 0 || !(lo <= hi) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
			return fmt.Errorf("histogram bin %d (count %d, values %v to %v) does not fit this run's grid of %d bins", i, n, lo, hi, len(b.b))
		}
		c := &b.b[i]
		c.n += n
		c.lo = math.Min(c.lo, lo)
		c.hi = math.Max(c.hi, hi)
	}
	return nil
}

func encodeSeries(ss []series) []seriesData {
	d := make([]seriesData, len(ss))
	for i := range ss {
		d[i] = seriesData{ss[i].atZero, encodeBins(&ss[i].bins)}
	}
	return d
}

func decodeSeries(d []seriesData, ss []series) error {
	if len(d) != len(ss) {
		return fmt.Errorf("%d series, want %d", len(d), len(ss))
	}
	for i := range d {
		ss[i].atZero += d[i].AtZero
		if err := decodeBins(d[i].binsData, &ss[i].bins); err != nil {
			return err
		}
	}
	return nil
}

func encodeTally(t *tally) tallyData {
	d := tallyData{
		Runs: t.runs, Absorbed: t.absorbed, AbsorbDays: encodeSum(t.absorbDays), AbsorbDays2: encodeSum(t.absorbDays2),
		OpenIn: t.openIn, StuckIn: t.stuckIn, StuckDecl: t.stuckDeclined, StepLimit: t.stepLimit, Faults: t.faults, Fired: t.fired,
		Entries: encodeSeries(t.entries), Completed: encodeSeries(t.completed), Closed: encodeSeries(t.closed),
		ClaimsOK: t.claimsOK, Occurred: t.occurred, Occurs: t.occurs,
		Proposed: t.proposed, Declined: t.declined, Declines: t.declines,
	}
	for i := range t.agreements {
		v := &t.agreements[i]
		d.Agreements = append(d.Agreements, valuesData{encodeBins(&v.bins), v.none, encodeSum(v.sum), encodeSum(v.sum2)})
	}
	return d
}

// decode adds the data into t, a new tally of the same scenario and grid.
func (d *tallyData) decode(t *tally) error {
	ints := []struct {
		name     string
		src, dst []int64
	}{
		{"absorbed", d.Absorbed, t.absorbed}, {"open_in", d.OpenIn, t.openIn}, {"stuck_in", d.StuckIn, t.stuckIn},
		{"stuck_declined", d.StuckDecl, t.stuckDeclined}, {"step_limit", d.StepLimit, t.stepLimit},
		{"faults", d.Faults, t.faults}, {"fired", d.Fired, t.fired}, {"claims_ok", d.ClaimsOK, t.claimsOK},
		{"occurred", d.Occurred, t.occurred}, {"occurs", d.Occurs, t.occurs},
		{"proposed", d.Proposed, t.proposed}, {"declined", d.Declined, t.declined}, {"declines", d.Declines, t.declines},
	}
	if d.Runs < 0 {
		return fmt.Errorf("runs %d < 0", d.Runs)
	}
	t.runs = d.Runs
	for _, x := range ints {
		if len(x.src) != len(x.dst) {
			return fmt.Errorf("tally %s has %d counts, want %d", x.name, len(x.src), len(x.dst))
		}
		for i, c := range x.src {
			if c < 0 || c > d.Runs && x.name != "occurs" && x.name != "declines" {
				return fmt.Errorf("tally %s[%d] = %d is not a count of %d runs", x.name, i, c, d.Runs)
			}
		}
		addInts(x.dst, x.src)
	}
	if err := d.AbsorbDays.decode(&t.absorbDays); err != nil {
		return err
	}
	if err := d.AbsorbDays2.decode(&t.absorbDays2); err != nil {
		return err
	}
	for _, s := range []struct {
		src []seriesData
		dst []series
	}{{d.Entries, t.entries}, {d.Completed, t.completed}, {d.Closed, t.closed}} {
		if err := decodeSeries(s.src, s.dst); err != nil {
			return err
		}
	}
	if len(d.Agreements) != len(t.agreements) {
		return fmt.Errorf("%d agreement tallies, want %d", len(d.Agreements), len(t.agreements))
	}
	for i, a := range d.Agreements {
		v := &t.agreements[i]
		v.none += a.None
		if err := decodeBins(a.binsData, &v.bins); err != nil {
			return err
		}
		if err := a.Sum.decode(&v.sum); err != nil {
			return err
		}
		if err := a.Sum2.decode(&v.sum2); err != nil {
			return err
		}
	}
	return nil
}

// pathsData is a shard's path table: every distinct path it saw, in the
// order first seen, with its runs; Other the runs of paths too long to
// keep; Complete false when it saw more distinct paths than it keeps.
type pathsData struct {
	Paths    [][]int32 `json:"paths"`
	Counts   []int64   `json:"counts"`
	Other    int64     `json:"other"`
	Complete bool      `json:"complete"`
}

func encodePaths(p *pathTally) pathsData {
	d := pathsData{Counts: p.counts, Other: p.other, Complete: len(p.paths) < p.capacity, Paths: make([][]int32, len(p.paths))}
	for i, path := range p.paths {
		d.Paths[i] = make([]int32, len(path))
		for k, s := range path {
			d.Paths[i][k] = int32(s)
		}
	}
	return d
}

// mergeInto merges the shard's paths into the run's table in the order
// they were first seen, as the blocks' paths are merged in a run.
func (d *pathsData) mergeInto(p *pathTally, numStates int) error {
	if len(d.Paths) != len(d.Counts) {
		return fmt.Errorf("%d paths with %d counts", len(d.Paths), len(d.Counts))
	}
	b := newBlockPaths()
	b.other = d.Other
	for i, path := range d.Paths {
		if len(path) == 0 || len(path) > maxPathLen || d.Counts[i] <= 0 {
			return fmt.Errorf("path %d: %d states, %d runs", i, len(path), d.Counts[i])
		}
		start := len(b.arena)
		for _, s := range path {
			if s < 0 || int(s) >= numStates {
				return fmt.Errorf("path %d: state %d of %d", i, s, numStates)
			}
			b.arena = append(b.arena, scenario.State(s))
		}
		b.hashes = append(b.hashes, pathkey.Of(b.arena[start:]))
		b.counts = append(b.counts, d.Counts[i])
		b.starts = append(b.starts, int32(len(b.arena)))
	}
	p.merge(b)
	return nil
}
