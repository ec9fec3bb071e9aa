package sample

import (
	"encoding/binary"
	"hash/fnv"
	"math"
	"math/rand/v2"
	"runtime"
	"testing"
)

// On amd64, Norm and Exp are the standard library's draws to the bit, and
// take as many numbers from the stream.
func TestZigguratIsTheStandardLibrarys(t *testing.T) {
	if runtime.GOARCH != "amd64" {
		t.Skip("math/rand/v2 is the reference on amd64 only")
	}
	mine, theirs := rand.New(rand.NewPCG(1, 2)), rand.New(rand.NewPCG(1, 2))
	for i := range 2_000_000 {
		a, b := Norm(mine), theirs.NormFloat64()
		c, d := Exp(mine), theirs.ExpFloat64()
		if math.Float64bits(a) != math.Float64bits(b) || math.Float64bits(c) != math.Float64bits(d) {
			t.Fatalf("draw %d: Norm %v, NormFloat64 %v; Exp %v, ExpFloat64 %v", i, a, b, c, d)
		}
	}
	if mine.Uint64() != theirs.Uint64() {
		t.Fatal("the streams drifted apart")
	}
}

// A digest of two million draws, recorded on amd64, is the same on any
// machine (CI runs this test for arm64 under qemu).
func TestZigguratIsTheSameEverywhere(t *testing.T) {
	const want uint64 = 0x97a4f27a6804817b
	r := rand.New(rand.NewPCG(3, 4))
	h := fnv.New64a()
	var buf [8]byte
	for range 1_000_000 {
		for _, v := range []float64{Norm(r), Exp(r)} {
			binary.LittleEndian.PutUint64(buf[:], math.Float64bits(v))
			h.Write(buf[:])
		}
	}
	if got := h.Sum64(); got != want {
		t.Fatalf("digest %#x, want %#x (recorded on amd64)", got, want)
	}
}
