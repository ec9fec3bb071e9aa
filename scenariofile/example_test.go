package scenariofile_test

import (
	"fmt"

	"github.com/parleysim/parley/scenariofile"
)

func ExampleParse() {
	src := `
name: coin
start: call
horizon: 10
states: [{name: call}, {name: yes, absorbing: true}]
transitions:
  - {from: call, to: yse, rate: 0.5}
  - {from: call, to: yes, rate: -1}
`
	_, err := scenariofile.Parse("coin.yaml", []byte(src))
	fmt.Println(err)
	// Output:
	// coin.yaml:7:22: transitions[0].to: unknown state "yse"
	// coin.yaml:8:33: transitions[1].rate: rate must be finite and >= 0, got -1
}
