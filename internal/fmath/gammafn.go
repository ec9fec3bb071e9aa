// Gamma follows Go's math package (src/math/gamma.go, Copyright 2010 The
// Go Authors, BSD-style licence in LICENSE-GO; from the Cephes library),
// for positive arguments, in the same order, with every product that meets
// a sum rounded first and Exp and Pow from this package.

package fmath

import "math"

// Gamma returns Γ(x) for x > 0, bit for bit what math.Gamma returns on
// amd64; NaN for x ≤ 0 or NaN, which parley never asks of it.
func Gamma(x float64) float64 {
	const euler = 0.57721566490153286060651209008240243104215933593992
	switch {
	case !(x > 0):
		return math.NaN()
	case math.IsInf(x, 1):
		return math.Inf(1)
	}
	if x > 33 {
		y1, y2 := stirling(x)
		return y1 * y2
	}
	z := 1.0
	for x >= 3 {
		x = x - 1
		z = z * x
	}
	for x < 2 {
		if x < 1e-09 {
			return z / ((1 + float64(euler*x)) * x)
		}
		z = z / x
		x = x + 1
	}
	if x == 2 {
		return z
	}
	x = x - 2
	p := float64((float64((float64((float64((float64((float64(x*gamP[0])+gamP[1])*x)+gamP[2])*x)+gamP[3])*x)+gamP[4])*x)+gamP[5])*x) + gamP[6]
	q := float64((float64((float64((float64((float64((float64((float64(x*gamQ[0])+gamQ[1])*x)+gamQ[2])*x)+gamQ[3])*x)+gamQ[4])*x)+gamQ[5])*x)+gamQ[6])*x) + gamQ[7]
	return z * p / q
}

var gamP = [...]float64{
	1.60119522476751861407e-04,
	1.19135147006586384913e-03,
	1.04213797561761569935e-02,
	4.76367800457137231464e-02,
	2.07448227648435975150e-01,
	4.94214826801497100753e-01,
	9.99999999999999996796e-01,
}
var gamQ = [...]float64{
	-2.31581873324120129819e-05,
	5.39605580493303397842e-04,
	-4.45641913851797240494e-03,
	1.18139785222060435552e-02,
	3.58236398605498653373e-02,
	-2.34591795718243348568e-01,
	7.14304917030273074085e-02,
	1.00000000000000000320e+00,
}
var gamS = [...]float64{
	7.87311395793093628397e-04,
	-2.29549961613378126380e-04,
	-2.68132617805781232825e-03,
	3.47222221605458667310e-03,
	8.33333333333482257126e-02,
}

// Gamma function computed by Stirling's formula.
// The pair of results must be multiplied together to get the actual answer.
// The multiplication is left to the caller so that, if careful, the caller can avoid
// infinity for 172 <= x <= 180.
// The polynomial is valid for 33 <= x <= 172; larger values are only used
// in reciprocal and produce denormalized floats. The lower precision there
// masks any imprecision in the polynomial.
func stirling(x float64) (float64, float64) {
	if x > 200 {
		return math.Inf(1), 1
	}
	const (
		sqrtTwoPi   = 2.506628274631000502417
		maxStirling = 143.01608
	)
	w := 1 / x
	w = 1 + float64(w*(float64((float64((float64((float64(gamS[0]*w)+gamS[1])*w)+gamS[2])*w)+gamS[3])*w)+gamS[4]))
	y1 := Exp(x)
	y2 := 1.0
	if x > maxStirling { // avoid Pow() overflow
		v := Pow(x, float64(0.5*x)-0.25)
		y1, y2 = v, v/y1
	} else {
		y1 = Pow(x, x-0.5) / y1
	}
	return y1, sqrtTwoPi * w * y2
}
