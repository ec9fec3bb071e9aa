// Package fmath holds the floating-point functions whose results parley
// prints, written so that every machine computes the same bits.
//
// Go may fuse a product and a sum into one fused multiply-add, rounded
// once, wherever the hardware has it (arm64, and amd64 at GOAMD64=v3): the
// spec allows it unless an explicit conversion rounds the product first.
// So every product here that meets a sum is converted, float64(a*b) + c,
// and parley's own packages keep the same rule (CI builds them for arm64
// and fails on any fused site). Go's math.Exp and math.Log are assembly on
// amd64 and arm64, by different algorithms (and math.Exp takes another path
// again on amd64 machines without FMA), and the rest of Go's math package
// and gonum's special functions are Go code that arm64 fuses.
//
// So the functions behind parley's outputs are here: Exp, Log, Pow, Log1p,
// Lgamma, Gamma and Erfc, and the normal, Beta and Gamma quantiles. Each
// follows the algorithm it replaces in the same order, so that on amd64 it
// is bit for bit the function it replaces (Go's math package on machines
// with FMA, gonum's mathext and distuv), and tests check that over millions
// of inputs; a digest of their values, recorded on amd64, is checked on
// every machine the tests run on (CI runs them for arm64 under qemu). One
// deliberate difference: Log reads subnormal numbers right, where math.Log
// on amd64 reads them as if their exponent were the smallest normal one.
//
// The ports keep the licences of their sources: Go's in LICENSE-GO, gonum's
// and the Cephes library's BSD licences as their files say.
package fmath
