// Package fmath holds the floating-point functions whose results parley
// prints, written so that every machine computes the same bits.
//
// Go may fuse a product and a sum into one fused multiply-add, rounded
// once, wherever the hardware has it (arm64, and amd64 at GOAMD64=v3): the
// spec allows it unless an explicit conversion rounds the product first.
// So every product here that meets a sum is converted, float64(a*b) + c,
// and parley's own packages keep the same rule (CI builds them for arm64
// and fails on any fused site). Functions of dependencies that fuse or use
// assembly, and whose results reach an output, are replaced by the ones
// here, computed by the same algorithm in the same order, so that amd64's
// results are unchanged.
package fmath
