package explore

import (
	"context"

	"encoding/json"
	"errors"
	"fmt"
	"github.com/parleysim/parley/outcomes"
	"io"
	"math"
	"slices"
	"strings"
)

// CalibrationShard is the part of a rejection calibration that one task of
// a batch engine computes: the draws From to To (of Particles) with how
// many of their runs missed how many observations. Shards of one
// calibration merge (MergeCalibration) into the Posterior that Calibrate
// gives, bit for bit, because each draw's runs have streams of their own.
type CalibrationShard struct {
	// Envelope says which shard of how many this is (format
	// "parley-calibration-shard"), and the identity of the calibration: a
	// hash of its Settings.
	outcomes.Envelope
	// Settings say what the calibration is, for people; its identity is
	// their hash.
	Settings CalibrationSettings `json:"settings"`
	From     int                 `json:"from"`
	To       int                 `json:"to"`
	Draws    []ShardDraw         `json:"draws"`
}

// CalibrationSettings are what makes two shards parts of one calibration.
type CalibrationSettings struct {
	Particles int       `json:"particles"`
	Runs      int       `json:"runs"`
	Tolerance int       `json:"tolerance"`
	Seed      uint64    `json:"seed"`
	Inputs    []string  `json:"inputs"`
	Lo        []float64 `json:"lo"`
	Hi        []float64 `json:"hi"`
	// Histories names each history with its observations, and Scenarios
	// gives each history's scenario fingerprint (outcomes.Fingerprint).
	Histories []string `json:"histories"`
	Scenarios []string `json:"scenarios"`
	Pooled    []string `json:"pooled,omitempty"`
	// DrawOthers is ABCConfig.DrawOthers.
	DrawOthers bool `json:"draw_others,omitempty"`
}

// ShardDraw is one evaluated draw.
type ShardDraw struct {
	U       []float64   `json:"u"`
	Misses  [][]int32   `json:"misses,omitempty"`
	Fault   string      `json:"fault,omitempty"`
	CaseSum [][]float64 `json:"case_sum,omitempty"`
	CaseN   []int       `json:"case_n,omitempty"`
}

// The format and version of calibration shards. Version 2 has the
// envelope's identity.
const (
	calibrationFormat  = "parley-calibration-shard"
	calibrationVersion = 2
)

func settingsOf(histories []History, space Space, c *ABCConfig) CalibrationSettings {
	s := CalibrationSettings{Particles: c.Particles, Runs: c.Runs, Tolerance: c.Tolerance, Seed: c.Seed,
		Inputs: slices.Clone(space.Names), Lo: slices.Clone(space.Lo), Hi: slices.Clone(space.Hi), DrawOthers: c.DrawOthers}
	for _, h := range histories {
		var obs []string
		for _, o := range h.Observations {
			obs = append(obs, o.String())
		}
		s.Histories = append(s.Histories, h.Scenario.Name()+": "+strings.Join(obs, "; "))
		s.Scenarios = append(s.Scenarios, outcomes.Fingerprint(h.Scenario))
	}
	for _, p := range c.Populations {
		s.Pooled = append(s.Pooled, p.Name)
	}
	return s
}

// CalibrateShard evaluates shard index of count of a rejection
// calibration: the draws [index·N/count, (index+1)·N/count).
func CalibrateShard(ctx context.Context, histories []History, space Space, cfg *ABCConfig, index, count int) (*CalibrationShard, error) {
	c, cal, err := prepare(histories, space, cfg)
	if err != nil {
		return nil, err
	}
	if c.Method != Rejection {
		return nil, fmt.Errorf("explore: only rejection calibrations are split into shards: SMC's rounds need every particle")
	}
	if count < 1 || index < 0 || index >= count {
		return nil, fmt.Errorf("explore: shard %d of %d", index, count)
	}
	ds, err := cal.prior()
	if err != nil {
		return nil, err
	}
	from, to := index*len(ds)/count, (index+1)*len(ds)/count
	part := ds[from:to]
	if err := cal.evaluateFrom(ctx, part, 0, from); err != nil {
		return nil, err
	}
	settings := settingsOf(histories, space, c)
	sh := &CalibrationShard{
		Envelope: outcomes.Envelope{Format: calibrationFormat, Version: calibrationVersion, Index: index, Count: count, Identity: outcomes.Identity(settings)},
		Settings: settings, From: from, To: to}
	for _, d := range part {
		sd := ShardDraw{U: d.u, Misses: d.misses, CaseSum: d.caseSum, CaseN: d.caseN}
		if d.fault != nil {
			sd.Fault = d.fault.Error()
		}
		sh.Draws = append(sh.Draws, sd)
	}
	return sh, nil
}

// MergeCalibration joins the shards of a rejection calibration into its
// Posterior, the same as Calibrate's. Shards of another calibration,
// repeated or missing ones are refused, naming them by names (the shards'
// files, in the order given).
func MergeCalibration(histories []History, space Space, cfg *ABCConfig, shards []*CalibrationShard, names []string) (*Posterior, error) {
	c, cal, err := prepare(histories, space, cfg)
	if err != nil {
		return nil, err
	}
	name := func(i int) string {
		if i < len(names) {
			return names[i]
		}
		return fmt.Sprintf("shard %d", i)
	}
	byIndex, err := outcomes.CheckEnvelopes(shards, names, calibrationFormat, calibrationVersion, outcomes.Identity(settingsOf(histories, space, c)))
	if err != nil {
		return nil, err
	}
	count := shards[0].Count
	for i, sh := range shards {
		from, to := sh.Index*c.Particles/count, (sh.Index+1)*c.Particles/count
		if sh.From != from || sh.To != to || len(sh.Draws) != to-from {
			return nil, fmt.Errorf("%w: %s does not hold draws %d to %d", outcomes.ErrShards, name(i), from, to)
		}
	}
	// Every draw is the prior's draw of its number: a shard cannot bring
	// points of its own.
	prior, err := cal.prior()
	if err != nil {
		return nil, err
	}
	var ds []*draw
	for _, i := range byIndex {
		for k, sd := range shards[i].Draws {
			if n := shards[i].From + k; !slices.Equal(sd.U, prior[n].u) {
				return nil, fmt.Errorf("%w: %s: draws[%d] is not draw %d of the prior", outcomes.ErrShards, name(i), k, n)
			}
			d := &draw{u: sd.U, misses: sd.Misses, caseSum: sd.CaseSum, caseN: sd.CaseN}
			if sd.Fault != "" {
				d.fault = errors.New(sd.Fault)
			}
			if err := cal.checkDraw(d); err != nil {
				return nil, fmt.Errorf("%w: %s: %v", outcomes.ErrShards, name(i), err)
			}
			d.x = make([]float64, len(d.u))
			for k, u := range d.u {
				d.x[k] = cal.space.Value(k, u)
			}
			ds = append(ds, d)
		}
	}
	cal.runs = int64(len(ds)) * int64(c.Runs) * int64(len(histories))
	return cal.weigh(ds)
}

// checkDraw refuses a draw read from a shard whose counts cannot be a
// draw's of this calibration.
func (cal *calibration) checkDraw(d *draw) error {
	if len(d.u) != cal.space.Dim() {
		return fmt.Errorf("a draw of %d inputs, want %d", len(d.u), cal.space.Dim())
	}
	for _, u := range d.u {
		if !(u >= 0 && u <= 1) {
			return fmt.Errorf("a draw outside the unit cube")
		}
	}
	if d.fault != nil {
		return nil
	}
	if len(d.misses) != len(cal.histories) {
		return fmt.Errorf("counts for %d histories, want %d", len(d.misses), len(cal.histories))
	}
	for h, m := range d.misses {
		total := 0
		for _, n := range m {
			if n < 0 {
				return fmt.Errorf("a negative count")
			}
			total += int(n)
		}
		if len(m) != cal.evidence[h].Len()+1 || total != cal.cfg.Runs {
			return fmt.Errorf("counts of history %d do not add up to %d runs", h, cal.cfg.Runs)
		}
	}
	// Partial pooling: per history, the runs consistent with it (those of
	// no miss) and the sum of their members' values.
	pops := len(cal.cfg.Populations)
	if pops == 0 {
		if d.caseSum != nil || d.caseN != nil {
			return fmt.Errorf("case sums in a calibration without populations")
		}
		return nil
	}
	if len(d.caseSum) != len(cal.histories) || len(d.caseN) != len(cal.histories) {
		return fmt.Errorf("case sums for %d and %d histories, want %d", len(d.caseSum), len(d.caseN), len(cal.histories))
	}
	for h := range d.caseN {
		if d.caseN[h] != int(d.misses[h][0]) || len(d.caseSum[h]) != pops {
			return fmt.Errorf("history %d: %d consistent runs counted, %d of its runs missed nothing", h, d.caseN[h], d.misses[h][0])
		}
		for _, x := range d.caseSum[h] {
			if math.IsNaN(x) || math.IsInf(x, 0) || d.caseN[h] == 0 && x != 0 {
				return fmt.Errorf("history %d: a case sum of %v over %d runs", h, x, d.caseN[h])
			}
		}
	}
	return nil
}

// ReadCalibrationShard reads a shard written by CalibrateShard as JSON,
// refusing fields it does not know.
func ReadCalibrationShard(r io.Reader) (*CalibrationShard, error) {
	var sh CalibrationShard
	dec := json.NewDecoder(r)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&sh); err != nil {
		return nil, fmt.Errorf("not a calibration shard: %w", err)
	}
	if err := sh.Envelope.Check(calibrationFormat, calibrationVersion); err != nil {
		return nil, err
	}
	return &sh, nil
}
