package outcomes

import (
	"math"
	"math/big"
)

// exactSum is the exact sum of float64 values: a fixed-point integer in
// units of 2^-1074 (the smallest float64), held in signed limbs of 32 bits
// that absorb carries lazily. Unlike a float sum it is the same in any
// order, so tallies merged from any number of workers agree bit for bit,
// and unlike a truncated fixed point it loses nothing. Adding allocates
// nothing.
type exactSum struct {
	limbs [sumLimbs]int64
	adds  int32 // adds since the last carry pass
}

// sumLimbs covers bit offsets 0 to 2097 of a finite float64 (53 bits at
// exponents down to -1074), plus 64 bits of room for the sum to grow.
const sumLimbs = 68

// carryEvery bounds the adds between carry passes: each add puts less than
// 2^32 into a limb, so a limb stays below 2^62 in magnitude.
const carryEvery = 1 << 29

// add adds x, which must be finite. It reads the mantissa and exponent
// straight from x's bits: x = m·2^(off-1074) with m the 53-bit mantissa
// (52 bits and the hidden one; subnormals have no hidden bit and off 0).
func (s *exactSum) add(x float64) {
	b := math.Float64bits(x)
	exp := int(b >> 52 & 0x7ff)
	m := b & (1<<52 - 1)
	switch {
	case exp == 0 && m == 0:
		return
	case exp == 0:
		exp = 1 // subnormal: x = m·2^-1074
	default:
		m |= 1 << 52
	}
	off := exp - 1
	i, sh := off>>5, uint(off&31)
	lo, hi := m<<sh, m>>(64-sh) // m << sh, up to 85 bits (hi is 0 when sh is 0)
	parts := [3]int64{int64(lo & 0xffffffff), int64(lo >> 32), int64(hi)}
	if b>>63 != 0 {
		parts[0], parts[1], parts[2] = -parts[0], -parts[1], -parts[2]
	}
	s.limbs[i] += parts[0]
	s.limbs[i+1] += parts[1]
	s.limbs[i+2] += parts[2]
	if s.adds++; s.adds >= carryEvery {
		s.carry()
	}
}

// carry brings every limb but the top one into [0, 2^32).
func (s *exactSum) carry() {
	for i := range sumLimbs - 1 {
		c := s.limbs[i] >> 32 // floor division by 2^32
		s.limbs[i] -= c << 32
		s.limbs[i+1] += c
	}
	s.adds = 0
}

func (s *exactSum) merge(o *exactSum) {
	s.carry()
	o.carry()
	for i := range s.limbs {
		s.limbs[i] += o.limbs[i]
	}
	s.carry()
}

// big returns the sum as a big.Float, exactly.
func (s *exactSum) big() *big.Float {
	c := *s
	c.carry()
	n := new(big.Int)
	limb := new(big.Int)
	for i := sumLimbs - 1; i >= 0; i-- {
		n.Lsh(n, 32)
		n.Add(n, limb.SetInt64(c.limbs[i]))
	}
	f := new(big.Float).SetPrec(uint(max(n.BitLen(), 64)) + 64).SetInt(n)
	return f.SetMantExp(f, -1074)
}

// mean returns the sum divided by n, rounded once to float64.
func (s *exactSum) mean(n int64) float64 {
	sum := s.big()
	q := new(big.Float).SetPrec(sum.Prec()).Quo(sum, new(big.Float).SetInt64(n))
	x, _ := q.Float64()
	return x
}
