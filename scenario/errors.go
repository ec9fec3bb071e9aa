package scenario

import (
	"errors"
	"fmt"
	"strings"
)

// ErrDefinition is the sentinel that every *DefinitionError matches with
// errors.Is, so callers can tell a bad definition from other failures.
var ErrDefinition = errors.New("scenario: invalid definition")

// Problem is one thing wrong with a definition. Kind and Name say which part of
// the definition is at fault ("state" "bilateral", "transition" "call->arranged"),
// Field which of its settings, if one is to blame.
type Problem struct {
	Kind  string // "scenario", "state", "variable", "transition", "event", "route" or "claim"
	Name  string // the name of the culprit; empty for the scenario itself
	Field string // the setting at fault, for example "rate" or "to"; may be empty
	Msg   string // what is wrong
}

func (p Problem) String() string {
	var b strings.Builder
	b.WriteString(p.Kind)
	if p.Name != "" {
		fmt.Fprintf(&b, " %q", p.Name)
	}
	if p.Field != "" {
		b.WriteString(": ")
		b.WriteString(p.Field)
	}
	b.WriteString(": ")
	b.WriteString(p.Msg)
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
	for _, p := range e.Problems {
		b.WriteString("\n\t")
		b.WriteString(p.String())
	}
	return b.String()
}

// Is reports that a DefinitionError is an ErrDefinition.
func (e *DefinitionError) Is(target error) bool { return target == ErrDefinition }
