package problem

import (
	"fmt"
	"strings"
)

// Part is the kind of part a problem is about.
type Part string

// The parts problems are about. A scenario's parts are counted in
// declaration order among their kind; an actors model's issues, actors and
// positions in the order of their lists.
const (
	Scenario    Part = "scenario"
	Parameter   Part = "parameter"
	State       Part = "state"
	Variable    Part = "variable"
	Transition  Part = "transition"
	Event       Part = "event"
	Route       Part = "route"
	Claim       Part = "claim"
	Actor       Part = "actor"
	Issue       Part = "issue"
	Position    Part = "position"
	Observation Part = "observation"
)

// Origin is where a front end declared what a problem is about: a file,
// its 1-based line and column (0 when unknown) and the path of the field
// in the file ("transitions[3].to"). A problem raised by a Go program has
// none.
type Origin struct {
	File   string
	Line   int
	Column int
	Path   string
}

// Problem is one thing wrong, or a warning. Part and Index say which part
// is at fault, by kind and by position in declaration order among the
// parts of that kind (-1 for the scenario itself, or a part that does not
// exist, such as an unknown parameter); Name names it for people. Field is
// a stable key of the setting at fault ("rate", "targets[2]", "onDecline",
// "lo"), empty when the part as a whole is. Msg says what is wrong and
// Hint, when set, what to do. Origin, when a front end set it, is the
// place in its file. Tools place a problem by Part, Index, Field and
// Origin, never by its words, which may be reworded.
type Problem struct {
	Part   Part
	Index  int
	Name   string
	Field  string
	Msg    string
	Hint   string
	Origin Origin
}

// String is "file:line:col: path: msg (hint)" for a problem with an
// origin, and `part "name": field: msg (hint)` for one without.
func (p Problem) String() string {
	var b strings.Builder
	key := p.Field
	if o := p.Origin; o.File != "" {
		b.WriteString(o.File)
		if o.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", o.Line, o.Column)
		}
		b.WriteString(": ")
		key = o.Path
	} else if p.Part != "" {
		b.WriteString(string(p.Part))
		if p.Name != "" {
			fmt.Fprintf(&b, " %q", p.Name)
		}
		b.WriteString(": ")
	}
	if key != "" {
		b.WriteString(key)
		b.WriteString(": ")
	}
	b.WriteString(p.Msg)
	if p.Hint != "" {
		b.WriteString(" (")
		b.WriteString(p.Hint)
		b.WriteString(")")
	}
	return b.String()
}

// Printed is how many problems an Error's message lists: a file with
// thousands of mistakes, a misspelt name repeated, gets a screenful and the
// count; Problems holds them all.
const Printed = 100

// Error is every problem one check found, in declaration order (or file
// order, for a file). It is never returned empty.
type Error struct {
	// Kind is the sentinel errors.Is matches: what kind of check failed.
	Kind error
	// Subject names what was checked (`scenario "washington"`); empty for
	// problems that carry their origin, which name it themselves.
	Subject  string
	Problems []Problem
	// Cause, when set, is the error the problems account for (a file's
	// placed problems keep the scenario's error): errors.Is and errors.As
	// see through to it.
	Cause error
}

// Error is the subject and the problem on one line when there is one;
// the subject, the count and the problems one a line, indented, when there
// are more; with no subject, the problems one a line. It lists the first Printed
// and then how many more there are.
func (e *Error) Error() string {
	var b strings.Builder
	n := min(len(e.Problems), Printed)
	sep := "\n"
	if e.Subject != "" && len(e.Problems) == 1 {
		return e.Subject + ": " + e.Problems[0].String()
	}
	if e.Subject != "" {
		fmt.Fprintf(&b, "%s: %d problem", e.Subject, len(e.Problems))
		if len(e.Problems) != 1 {
			b.WriteString("s")
		}
		sep = "\n\t"
	}
	for i, p := range e.Problems[:n] {
		if i > 0 || e.Subject != "" {
			b.WriteString(sep)
		}
		b.WriteString(p.String())
	}
	if more := len(e.Problems) - n; more > 0 {
		fmt.Fprintf(&b, "%s... and %d more problems, %d in all", sep, more, len(e.Problems))
	}
	return b.String()
}

// Is reports whether target is the error's Kind.
func (e *Error) Is(target error) bool { return target != nil && target == e.Kind }

// Unwrap returns the Cause, if any.
func (e *Error) Unwrap() error { return e.Cause }
