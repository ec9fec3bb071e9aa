package scenario

// Claim is a compiled claim: a statement about a run that holds or not,
// estimated over runs.
type Claim struct {
	name        string
	description string
	kind        StatementKind
	not         bool
	state       State
	route       *Route
	event       int32
	issue       int32
	day         float64
	min, max    float64
	holds       func(t *Trace) bool
}

// Name returns the claim's name.
func (c *Claim) Name() string { return c.name }

// Description returns the claim's description; without one given, a
// statement of what is claimed, such as "bilateral reached by day 14".
func (c *Claim) Description() string { return c.description }

// Holds reports whether the claim holds in the run t.
func (c *Claim) Holds(t *Trace) bool { return c.holdsAsStated(t) != c.not }

// holdsAsStated is Holds before negation.
func (c *Claim) holdsAsStated(t *Trace) bool {
	switch c.kind {
	case StatementEntered:
		return t.FirstEntry(c.state) <= c.day
	case StatementRoute:
		completed, _ := c.route.Times(t)
		return completed <= c.day
	case StatementOccurred:
		return t.FirstOccurrence(Event(c.event)) <= c.day
	case StatementAgreed:
		for i := range t.Agreements {
			a := &t.Agreements[i]
			if a.Issue == c.issue && a.Reached && a.Value >= c.min && a.Value <= c.max && a.Day <= c.day {
				return true
			}
		}
		return false
	case StatementFunc:
		return c.holds != nil && c.holds(t)
	}
	return false // a Claim that no Build made
}
