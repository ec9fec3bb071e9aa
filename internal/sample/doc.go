// Package sample draws from gonum distuv distributions with a caller's
// random stream, without touching the distribution's own Src: scenario uses
// it for delays, actors for priors.
//
// Common distributions are drawn by dedicated samplers; any other by
// inversion of its quantile function. A Sampler is a small value with no
// interface call on the fast paths, and Draw allocates nothing.
package sample
