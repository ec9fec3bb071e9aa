package param_test

import (
	"fmt"

	"github.com/parleysim/parley/param"
)

// A number of a definition is a constant, a parameter or a formula of
// parameters; the scenario that holds it evaluates it when parameters are
// bound.
func ExampleNum() {
	rate := param.Const(0.1)
	strength := param.P("us_guarantees")
	perDay := param.Formula("1/mean_days", func(args []float64) float64 { return 1 / args[0] }, "mean_days")
	for _, n := range []param.Num{rate, strength, perDay} {
		fmt.Printf("%s: constant %v, reads %v\n", n, n.IsConst(), n.Params)
	}
	fmt.Println(perDay.Eval([]float64{14}) == 1.0/14)
	// Output:
	// 0.1: constant true, reads []
	// us_guarantees: constant false, reads [us_guarantees]
	// 1/mean_days: constant false, reads [mean_days]
	// true
}
