package scenario

// claim is a compiled claim: a statement about a run that holds or not,
// estimated over runs, with its state, route, event or issue resolved.
type claim struct {
	name        string
	description string
	kind        StatementKind
	not         bool
	state       State
	route       *route
	event       int32
	issue       int32
	day         float64
	min, max    float64
	test        func(t *Trace) bool
	// judge decides a claim about a day's state or variable, or one that
	// combines statements, as an observation of it would.
	judge   *observation
	numVars int
}

// holds reports whether the claim holds in the run t.
func (c *claim) holds(t *Trace) bool { return c.holdsAsStated(t) != c.not }

// holdsAsStated is holds before negation.
func (c *claim) holdsAsStated(t *Trace) bool {
	switch c.kind {
	case StatementEntered:
		return t.FirstEntry(c.state) <= c.day
	case StatementRoute:
		completed, _ := c.route.times(t)
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
		return c.test != nil && c.test(t)
	}
	if c.judge != nil {
		return c.judge.holds(t, c.numVars)
	}
	return false // a claim that no Build made
}
