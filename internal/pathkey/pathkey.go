// Package pathkey is the 64-bit key of a run's path (the states it
// entered, in order): computed from a run's steps when its path is
// recorded, and from a path's states when shards are merged, so that both
// agree.
package pathkey

// Seed starts a key's running mix.
const Seed = 0x243f6a8885a308d3

// Mix folds one state into a key's running mix: a multiply and a shift a
// state.
func Mix(h uint64, state int32) uint64 {
	h = (h ^ uint64(uint32(state))) * 0x100000001b3
	return h ^ h>>29
}

// Finish mixes the path's length in and spreads the bits.
func Finish(h uint64, n int) uint64 {
	x := h ^ uint64(n)*0x9e3779b97f4a7c15
	x = (x ^ x>>30) * 0xbf58476d1ce4e5b9
	x = (x ^ x>>27) * 0x94d049bb133111eb
	return x ^ x>>31
}

// Of returns the key of a path with these states: what a trace's
// PathKey gives for it.
func Of[S ~int32](states []S) uint64 {
	h := uint64(Seed)
	for _, s := range states {
		h = Mix(h, int32(s))
	}
	return Finish(h, len(states))
}
