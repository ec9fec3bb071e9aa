module github.com/parleysim/parley/bench

go 1.26

require (
	github.com/qmuntal/stateless v1.7.2
	gonum.org/v1/gonum v0.17.0
)
