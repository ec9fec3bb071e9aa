// Exp and Log follow Go's assembly for amd64 (src/math/exp_amd64.s and
// log_amd64.s, Copyright 2010 The Go Authors, BSD-style licence in
// LICENSE-GO), operation for operation; Exp takes the path that amd64
// machines with FMA take, with math.FMA, which rounds once on every machine.

package fmath

import "math"

// Exp returns e**x, bit for bit what math.Exp returns on amd64 machines
// with FMA (nearly all made since 2013). math.Exp is assembly on amd64 and
// on arm64, by different algorithms, and on amd64 without FMA another path
// again; this one gives the same bits on every machine.
func Exp(x float64) float64 {
	const (
		log2e    = 1.4426950408889634073599246810018920
		ln2U     = 0.69314718055966295651160180568695068359375
		ln2L     = 0.28235290563031577122588448175013436025525412068e-12
		overflow = 7.09782712893384e+02
		posInf   = 0x7FF0000000000000
		negInf   = 0xFFF0000000000000
	)
	bits := math.Float64bits(x)
	if bits&^(1<<63) >= posInf {
		if bits == negInf {
			return 0
		}
		return x // NaN or +Inf
	}
	if x > overflow {
		return math.Inf(1)
	}
	k := cvtsd2sl(x * log2e)
	fk := float64(k)
	x = math.FMA(-fk, ln2U, x)
	x = math.FMA(-fk, ln2L, x)
	x *= 0.0625
	// Taylor series of e**x - 1, over x/16, then squared four times.
	t := 2.4801587301587301587e-5
	t = math.FMA(t, x, 1.9841269841269841270e-4)
	t = math.FMA(t, x, 1.3888888888888888889e-3)
	t = math.FMA(t, x, 8.3333333333333333333e-3)
	t = math.FMA(t, x, 4.1666666666666666667e-2)
	t = math.FMA(t, x, 1.6666666666666666667e-1)
	t = math.FMA(t, x, 0.5)
	t = math.FMA(t, x, 1.0)
	x *= t
	for range 3 {
		t = x + 2
		x *= t
	}
	t = x + 2
	x = math.FMA(x, t, 1.0)
	// x * 2**k, through a subnormal scale when 2**k is below the normal range.
	e := k + 0x3FF
	switch {
	case e >= 0x7FF:
		return math.Inf(1)
	case e > 0:
		return x * math.Float64frombits(uint64(e)<<52)
	case e < -52:
		return 0
	}
	x *= math.Float64frombits(uint64(e+0x3FE) << 52)
	return x * math.Float64frombits(1<<52)
}

// cvtsd2sl converts as the SSE2 instruction does: to the nearest int32,
// ties to even, and math.MinInt32 for anything out of range.
func cvtsd2sl(x float64) int32 {
	r := math.RoundToEven(x)
	if !(r >= math.MinInt32 && r <= math.MaxInt32) {
		return math.MinInt32
	}
	return int32(r)
}

// Log returns the natural logarithm of x, bit for bit what math.Log
// returns on amd64 (assembly there; Go code that arm64 fuses) for every
// x but the subnormal ones, which the assembly reads as if their exponent
// were the smallest normal one (math.Log(5e-324) is -709.09 there, not
// -744.44): those are scaled into the normal range first.
func Log(x float64) float64 {
	const (
		hSqrt2 = 7.07106781186547524401e-01
		ln2Hi  = 6.93147180369123816490e-01
		ln2Lo  = 1.90821492927058770002e-10
		l1     = 6.666666666666735130e-01
		l2     = 3.999999999940941908e-01
		l3     = 2.857142874366239149e-01
		l4     = 2.222219843214978396e-01
		l5     = 1.818357216161805012e-01
		l6     = 1.531383769920937332e-01
		l7     = 1.479819860511658591e-01
	)
	bits := math.Float64bits(x)
	switch {
	case bits&^(1<<63) == 0:
		return math.Inf(-1)
	case int64(bits) < 0:
		return math.Float64frombits(0x7FF8000000000001)
	case bits >= 0x7FF0000000000000:
		return x // +Inf or NaN
	}
	var sub float64
	if bits < 1<<52 { // subnormal
		bits = math.Float64bits(x * (1 << 52))
		sub = 52
	}
	f1 := math.Float64frombits(bits&0x000FFFFFFFFFFFFF | 0x3FE0000000000000)
	k := float64(int32(bits>>52&0x7FF)-0x3FE) - sub
	if !(hSqrt2 < f1) {
		k--
		f1 *= 2
	}
	f := f1 - 1
	s := f / (2 + f)
	s2 := float64(s * s)
	s4 := float64(s2 * s2)
	t1 := float64(s2 * (l1 + float64(s4*(l3+float64(s4*(l5+float64(s4*l7)))))))
	t2 := float64(s4 * (l2 + float64(s4*(l4+float64(s4*l6)))))
	r := t1 + t2
	hfsq := float64(float64(0.5*f) * f)
	return float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+r)) + float64(k*ln2Lo))) - f)
}
