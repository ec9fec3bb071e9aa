package scenario

import (
	"errors"
	"fmt"

	"github.com/parleysim/parley/problem"
)

// ErrDefinition is the Kind of the *problem.Error that Build, With,
// Observe and From return for a definition, a parameter value, an
// observation or a course so far that cannot be used: errors.Is tells a bad
// definition from other failures, and errors.As with a *problem.Error gets
// every problem.
var ErrDefinition = errors.New("scenario: invalid definition")

// ErrNotBuilt is the error of a method that needs a built scenario, called
// on a Scenario that no Builder built (the zero value): build one with
// Builder.Build or scenariofile.Load.
var ErrNotBuilt = errors.New("scenario: not built (make a Scenario with Builder.Build or scenariofile.Load)")

// definitionError is every problem Build (or Observe, or From) found.
func definitionError(name string, ps []problem.Problem) error {
	return &problem.Error{Kind: ErrDefinition, Subject: fmt.Sprintf("scenario %q", name), Problems: ps}
}
