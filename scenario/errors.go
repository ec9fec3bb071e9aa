package scenario

import (
	"errors"
	"fmt"
	"strings"
)

// ErrDefinition is the sentinel that every *DefinitionError matches with
// errors.Is, so callers can tell a bad definition from other failures.
var ErrDefinition = errors.New("scenario: invalid definition")

// ErrNotBuilt is the error of a method that needs a built scenario, called
// on a Scenario that no Builder built (the zero value): build one with
// Builder.Build or scenariofile.Load.
var ErrNotBuilt = errors.New("scenario: not built (make a Scenario with Builder.Build or scenariofile.Load)")

// Part is the kind of part of a definition a problem is about.
type Part string

// The parts of a definition.
const (
	PartScenario   Part = "scenario"
	PartParameter  Part = "parameter"
	PartState      Part = "state"
	PartVariable   Part = "variable"
	PartTransition Part = "transition"
	PartEvent      Part = "event"
	PartRoute      Part = "route"
	PartClaim      Part = "claim"
	PartActor      Part = "actor"
	// PartObservation: an observation given to Scenario.Observe, by its
	// index in the list.
	PartObservation Part = "observation"
)

// Problem is one thing wrong with a definition, or a warning about it. Part
// and Index say which part is at fault by kind and by its position in
// declaration order among the parts of that kind (the order of the Builder
// calls, which is a file's order; -1 for the scenario itself, or for an
// actor the model does not have); Name names it for people. Field is a
// stable key of the setting at fault ("rate", "targets[2]", "onDecline",
// "effects[0]"); empty when the part as a whole is. Msg says what is wrong
// and Hint, when set, what to do. Tools place a problem by Part, Index and
// Field, never by its message, which may be reworded.
type Problem struct {
	Part  Part
	Index int
	Name  string
	Field string
	Msg   string
	Hint  string
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(string(p.Part))
	if p.Name != "" {
		fmt.Fprintf(&b, " %q", p.Name)
	}
	if p.Field != "" {
		b.WriteString(": ")
		b.WriteString(p.Field)
	}
	b.WriteString(": ")
	b.WriteString(p.Msg)
	if p.Hint != "" {
		b.WriteString(" (")
		b.WriteString(p.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// DefinitionError lists every problem Build found, in the order the parts were
// declared. It is never returned empty.
type DefinitionError struct {
	Scenario string
	Problems []Problem
}

func (e *DefinitionError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "scenario %q: %d problem", e.Scenario, len(e.Problems))
	if len(e.Problems) != 1 {
		b.WriteString("s")
	}
	for i, p := range e.Problems {
		if i == printedProblems {
			fmt.Fprintf(&b, "\n\t... and %d more", len(e.Problems)-i)
			break
		}
		b.WriteString("\n\t")
		b.WriteString(p.String())
	}
	return b.String()
}

// printedProblems is how many problems a DefinitionError's message lists;
// Problems holds them all.
const printedProblems = 100

// Is reports that a DefinitionError is an ErrDefinition.
func (e *DefinitionError) Is(target error) bool { return target == ErrDefinition }
