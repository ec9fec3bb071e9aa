package scenariofile

import (
	"fmt"

	"github.com/expr-lang/expr/ast"
	"github.com/expr-lang/expr/parser"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/scenario"
)

// A file's guards, effects, branch weights and range shifts are carried
// into the definition as the text written (scenario.Condition,
// scenario.Assignment, scenario.Target.Weight,
// scenario.RangeShift): Build compiles them, once per scenario, and
// reports their problems at their fields, which the file layer places.
// Parameter expressions (rate: "0.1 * pressure") are numbers of the
// definition and are read here (params.go).

// exprEnv is what the file declares for expressions to read: its
// variables and agreed values, and its actors model.
type exprEnv struct {
	vars   map[string]scenario.Var
	agreed func(issue string) (scenario.Var, bool)
	model  *actors.Model
	// modelFailed: the file's actors model has problems, reported already.
	modelFailed bool
}

// actorFunctions are the expression functions that read the actors model.
var actorFunctions = map[string]bool{"ideal": true, "salience": true, "lo": true, "hi": true, "capability": true}

// followsOn reports whether an expression's problem would follow from the
// actors model's, reported already: it calls a function of the model when
// the model has problems. Such an expression is left out, judged by its
// syntax tree, never by a message.
func (env *exprEnv) followsOn(src string) bool {
	if !env.modelFailed {
		return false
	}
	tree, err := parser.Parse(src)
	if err != nil {
		return false // its own problem, reported by Build
	}
	found := false
	ast.Find(tree.Node, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.CallNode:
			if id, ok := x.Callee.(*ast.IdentifierNode); ok && actorFunctions[id.Value] {
				found = true
			}
		case *ast.BuiltinNode:
			found = found || actorFunctions[x.Name]
		}
		return found
	})
	return found
}

func (env *exprEnv) actorIDs() []string {
	var out []string
	for _, a := range env.model.Actors() {
		out = append(out, a.ID)
	}
	return out
}

func (env *exprEnv) issueIDs() []string {
	var out []string
	for _, i := range env.model.Issues() {
		out = append(out, i.ID)
	}
	return out
}

// exprError is an error at a column of an expression.
type exprError struct {
	col int // 1-based
	msg string
}

func (e *exprError) Error() string { return fmt.Sprintf("column %d: %s", e.col, e.msg) }

func errAt(n ast.Node, format string, args ...any) error {
	return &exprError{col: n.Location().From + 1, msg: fmt.Sprintf(format, args...)}
}
