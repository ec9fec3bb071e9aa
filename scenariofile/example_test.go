package scenariofile_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
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

func ExampleWrite() {
	b := scenario.New("coin").States("call").Start("call").Horizon(10)
	b.State("yes").Absorbing()
	b.State("no").Absorbing()
	b.Var("trust", param.Const(0))
	b.Branching("call", scenario.To("yes", 0.5), scenario.To("no", 0.5)).Delay(scenario.Exp(0.5)).
		When(scenario.Condition{Text: "trust >= 0"}).Do(scenario.Assign("trust", "trust + 1"))
	b.Claim(scenario.Entered("yes", 0, 5).Named("yes-by-5"))
	sc, _ := b.Build()
	if err := scenariofile.Write(os.Stdout, sc); err != nil {
		fmt.Println(err)
	}
	// Output:
	// name: coin
	// start: call
	// horizon: 10.0
	// variables:
	//   - name: trust
	//     initial: 0.0
	// states:
	//   - name: call
	//   - name: "yes"
	//     absorbing: true
	//   - name: "no"
	//     absorbing: true
	// transitions:
	//   - from: call
	//     branch:
	//       - to: "yes"
	//         p: 0.5
	//       - to: "no"
	//         p: 0.5
	//     rate: 0.5
	//     when: trust >= 0
	//     do:
	//       - trust = trust + 1
	// claims:
	//   - name: yes-by-5
	//     reached: "yes"
	//     by: 5.0
}

// Check gives the warnings of a valid file; Place puts the reason exact
// analysis does not apply at its place in the file.
func ExampleCheck() {
	dir, _ := os.MkdirTemp("", "example")
	defer os.RemoveAll(dir)
	path := filepath.Join(dir, "talks.yaml")
	os.WriteFile(path, []byte(`name: talks
start: call
horizon: 30
states: [{name: call}, {name: met, absorbing: true}]
transitions:
  - {from: call, to: met, delay: {dist: gamma, alpha: 2, beta: 0.5}}
claims:
  - {name: met-by-60, reached: met, by: 60}
`), 0o644)
	sc, warnings, err := scenariofile.Check(path)
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, w := range warnings {
		fmt.Println(strings.TrimPrefix(w.String(), dir+"/"))
	}
	_, err = outcomes.Exact(context.Background(), sc, nil)
	fmt.Println(strings.TrimPrefix(scenariofile.Place(path, err).Error(), dir+"/"))
	// Output:
	// talks.yaml:8:41: claims[0].by: dated day 60, after the horizon (day 30): it is judged at the horizon
	// talks.yaml:6:34: transitions[0].delay: exact analysis does not apply: its delay (gamma(shape 2, rate 0.5)) is not exponential, and not every transition is a fixed step of the same length
}
