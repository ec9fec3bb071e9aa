module github.com/parleysim/parley

go 1.26.0

require gonum.org/v1/gonum v0.17.0

require (
	github.com/expr-lang/expr v1.17.8
	github.com/goccy/go-yaml v1.19.2
	pgregory.net/rapid v1.3.0
)

require golang.org/x/tools v0.30.0 // indirect

require (
	github.com/stretchr/testify v1.12.1
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
