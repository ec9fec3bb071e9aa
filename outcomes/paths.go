package outcomes

import (
	"slices"

	"github.com/parleysim/parley/scenario"
)

// blockPaths tallies the distinct paths of one block of runs in the order
// they are first seen: an open-addressing table over 64-bit path hashes, with
// the paths themselves kept in one arena so that a collision is detected.
// Its buffers are reused from block to block.
type blockPaths struct {
	index int // block number
	runs  int

	slots  []int32 // entry+1, or 0 for empty; length a power of two
	hashes []uint64
	counts []int64
	starts []int32 // entry i's states are arena[starts[i]:starts[i+1]]
	arena  []scenario.State
	other  int64 // runs whose path was too long to keep
}

func newBlockPaths() *blockPaths {
	return &blockPaths{
		slots:  make([]int32, 2*BlockSize),
		hashes: make([]uint64, 0, BlockSize),
		counts: make([]int64, 0, BlockSize),
		starts: make([]int32, 1, BlockSize+1),
		arena:  make([]scenario.State, 0, 8*BlockSize),
	}
}

func (b *blockPaths) reset(index int) {
	b.index = index
	b.runs = 0
	clear(b.slots)
	b.hashes = b.hashes[:0]
	b.counts = b.counts[:0]
	b.starts = b.starts[:1]
	b.arena = b.arena[:0]
	b.other = 0
}

func (b *blockPaths) entry(i int) []scenario.State {
	return b.arena[b.starts[i]:b.starts[i+1]]
}

func samePath(p []scenario.State, steps []scenario.Step) bool {
	if len(p) != len(steps) {
		return false
	}
	for i := range p {
		if p[i] != steps[i].State {
			return false
		}
	}
	return true
}

// add counts the path of one run, whose key is h (Trace.PathKey).
// unrecorded counts a run whose path is not recorded (Config.Outputs
// without paths): among the other paths, so that every run is counted.
func (b *blockPaths) unrecorded() {
	b.runs++
	b.other++
}

func (b *blockPaths) add(steps []scenario.Step, h uint64) {
	b.runs++
	if len(steps) > maxPathLen {
		b.other++
		return
	}
	mask := len(b.slots) - 1
	for i := int(h) & mask; ; i = (i + 1) & mask {
		e := b.slots[i] - 1
		if e < 0 {
			b.slots[i] = int32(len(b.hashes)) + 1
			b.hashes = append(b.hashes, h)
			b.counts = append(b.counts, 1)
			for k := range steps {
				b.arena = append(b.arena, steps[k].State)
			}
			b.starts = append(b.starts, int32(len(b.arena)))
			return
		}
		if b.hashes[e] == h && samePath(b.entry(int(e)), steps) {
			b.counts[e]++
			return
		}
	}
}

// pathTally is the merged path tally of all blocks, bounded by capacity.
type pathTally struct {
	capacity int
	index    map[uint64]int
	paths    [][]scenario.State
	counts   []int64
	other    int64
}

func newPathTally(capacity int) *pathTally {
	return &pathTally{capacity: capacity, index: make(map[uint64]int)}
}

// merge adds a block's paths in their first-seen order. Blocks must be merged
// in the order of their numbers for the bounded table to be deterministic.
func (p *pathTally) merge(b *blockPaths) {
	p.other += b.other
	for e, h := range b.hashes {
		path := b.entry(e)
		i, ok := p.index[h]
		switch {
		case ok && slices.Equal(p.paths[i], path):
			p.counts[i] += b.counts[e]
		case ok || len(p.paths) >= p.capacity:
			p.other += b.counts[e]
		default:
			p.index[h] = len(p.paths)
			p.paths = append(p.paths, slices.Clone(path))
			p.counts = append(p.counts, b.counts[e])
		}
	}
}
