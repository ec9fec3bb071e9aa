package outcomes

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
)

// Envelope is what every shard file of parley says of itself, whatever it
// holds (a run's tallies, a calibration's draws, an exploration's
// experiments): its format and version, which part of how many it is, the
// identity of the whole computation it is a part of, and whether its task
// was stopped before the end. The identity is a hash of the content every
// part must share (the model, its parameters, the settings; Identity), so
// that parts of different computations are told apart whatever their file
// names, and one check (CheckEnvelopes) guards every merge.
type Envelope struct {
	Format  string `json:"format"`
	Version int    `json:"version"`
	// Index and Count say which of Count parts this is.
	Index int `json:"index"`
	Count int `json:"count"`
	// Identity is the hash of what every part of the computation shares.
	Identity string `json:"identity"`
	// Partial marks a part whose task was stopped before its end.
	Partial bool `json:"partial,omitempty"`
}

// Identity is a hash of what every part of one computation shares: the
// values given, each written as JSON, in order. The JSON is streamed into
// the hash, so that a large design costs no memory to identify.
func Identity(shared ...any) string {
	h := sha256.New()
	enc := json.NewEncoder(h) // each value ends with a newline, which JSON escapes inside it
	for _, v := range shared {
		if err := enc.Encode(v); err != nil {
			// Only the values parley passes are hashed, and they all
			// marshal; say so rather than hash nothing.
			fmt.Fprintf(h, "unmarshalable %v\n", err)
		}
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Check checks that an envelope is of the format and version a reader
// reads, and that its index is one of its count.
func (e Envelope) Check(format string, version int) error {
	switch {
	case e.Format != format:
		return fmt.Errorf("not a %s file: format %q", format, e.Format)
	case e.Version != version:
		return fmt.Errorf("%s version %d: this parley reads version %d (run the shards again)", format, e.Version, version)
	case e.Count < 1 || e.Count > MaxShards || e.Index < 0 || e.Index >= e.Count:
		return fmt.Errorf("%s says it is shard %d of %d: want 0 <= index < count <= %d", format, e.Index, e.Count, MaxShards)
	}
	return nil
}

// Head returns the envelope: every shard type that embeds one has it, so
// that CheckEnvelopes takes the shards themselves.
func (e Envelope) Head() Envelope { return e }

// CheckEnvelopes checks the envelopes of shards to be merged, given in any
// order: each of the format and version this parley reads, of one
// computation (the identity want, or the first part's when want is
// empty), of one count, none stopped before its end, and every index from
// 0 to count-1 present exactly once. It returns the parts' positions in
// index order. Errors match ErrShards and name the parts by names (file
// names; nil numbers them).
func CheckEnvelopes[S interface{ Head() Envelope }](shards []S, names []string, format string, version int, want string) ([]int, error) {
	envs := make([]Envelope, len(shards))
	for i, s := range shards {
		envs[i] = s.Head()
	}
	name := func(i int) string {
		if i < len(names) {
			return names[i]
		}
		return "shard " + strconv.Itoa(i)
	}
	if len(envs) == 0 {
		return nil, fmt.Errorf("%w: no shards", ErrShards)
	}
	first := envs[0]
	if want == "" {
		want = first.Identity
	}
	for i, e := range envs {
		if err := e.Check(format, version); err != nil {
			return nil, fmt.Errorf("%w: %s: %v", ErrShards, name(i), err)
		}
		switch {
		case e.Identity != want:
			return nil, fmt.Errorf("%w: %s is a shard of another computation: its identity %.12s is not %.12s (other files, parameters, observations or settings)", ErrShards, name(i), e.Identity, want)
		case e.Count != first.Count:
			return nil, fmt.Errorf("%w: %s is one of %d shards, %s one of %d", ErrShards, name(i), e.Count, name(0), first.Count)
		case e.Partial:
			return nil, fmt.Errorf("%w: %s was stopped before its end: run it again", ErrShards, name(i))
		}
	}
	order := make([]int, len(envs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return envs[a].Index - envs[b].Index })
	for k, i := range order {
		if k > 0 && envs[order[k-1]].Index == envs[i].Index {
			return nil, fmt.Errorf("%w: %s and %s are both shard %d of %d", ErrShards, name(order[k-1]), name(i), envs[i].Index, envs[i].Count)
		}
	}
	if len(envs) != first.Count {
		var missing []string
		have := map[int]bool{}
		for _, e := range envs {
			have[e.Index] = true
		}
		for i := range first.Count {
			if !have[i] {
				missing = append(missing, strconv.Itoa(i))
				if len(missing) == 10 {
					missing = append(missing, "...")
					break
				}
			}
		}
		return nil, fmt.Errorf("%w: %s is one of %d shards, of which %d are given; missing shard %v", ErrShards, name(0), first.Count, len(envs), missing)
	}
	return order, nil
}
