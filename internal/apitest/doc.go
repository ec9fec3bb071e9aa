// Package apitest holds tests of the library's exported surface as a
// whole: that no exported method panics on the zero value of its type, and
// how many identifiers each package exports (a ratchet that may only fall).
package apitest
