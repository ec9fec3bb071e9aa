package actors

import (
	"fmt"
	"math"

	"github.com/parleysim/parley/internal/sample"
)

// Field names one number of an actor (Capability, Risk, Discount,
// Reservation) or of a position (Ideal, Salience, Lo, Hi).
type Field uint8

// The numbers of actors and positions.
const (
	Capability Field = iota
	Risk
	Discount
	Reservation
	Ideal
	Salience
	Lo
	Hi
)

var fieldNames = [...]string{Capability: "capability", Risk: "risk", Discount: "discount",
	Reservation: "reservation", Ideal: "ideal", Salience: "salience", Lo: "lo", Hi: "hi"}

func (f Field) String() string {
	if int(f) < len(fieldNames) {
		return fieldNames[f]
	}
	return fmt.Sprintf("Field(%d)", int(f))
}

// OfPosition reports whether f is a number of a position (on one issue)
// rather than of an actor.
func (f Field) OfPosition() bool { return f >= Ideal && f <= Hi }

// Cell is where one number sits in a model: a field of an actor, or of an
// actor's position on an issue (Issue is -1 for an actor's own fields).
type Cell struct {
	Field Field
	Actor int
	Issue int
}

// Cell finds the cell of an actor's field, or of its position on an issue.
// A position's cell exists only where the position was given.
func (m *Model) Cell(actor, issue string, f Field) (Cell, error) {
	if int(f) >= len(fieldNames) {
		return Cell{}, fmt.Errorf("unknown field %v", f)
	}
	a, ok := m.actorIndex[actor]
	if !ok {
		return Cell{}, fmt.Errorf("unknown actor %q", actor)
	}
	if !f.OfPosition() {
		if issue != "" {
			return Cell{}, fmt.Errorf("%v is an actor's number, not a position's: give no issue", f)
		}
		return Cell{Field: f, Actor: a, Issue: -1}, nil
	}
	i, ok := m.issueIndex[issue]
	if !ok {
		return Cell{}, fmt.Errorf("unknown issue %q", issue)
	}
	for _, p := range m.positions {
		if p.Actor == actor && p.Issue == issue {
			return Cell{Field: f, Actor: a, Issue: i}, nil
		}
	}
	return Cell{}, fmt.Errorf("actor %q has no position on issue %q", actor, issue)
}

// Clone returns a copy of the model whose numbers its owner may change with
// SetFixed and SetPrior. The model itself is never changed by them: a model
// that is shared stays immutable.
func (m *Model) Clone() *Model {
	c := *m
	c.capability = append([]value(nil), m.capability...)
	c.risk = append([]value(nil), m.risk...)
	c.discount = append([]value(nil), m.discount...)
	c.reservation = append([]value(nil), m.reservation...)
	c.ideal = append([]value(nil), m.ideal...)
	c.salience = append([]value(nil), m.salience...)
	c.lo = append([]value(nil), m.lo...)
	c.hi = append([]value(nil), m.hi...)
	// Choices are rewritten in place by SetChoice: the copy owns its own.
	for _, t := range [][]value{c.capability, c.risk, c.discount, c.reservation, c.ideal, c.salience, c.lo, c.hi} {
		for k := range t {
			if t[k].values != nil {
				t[k].values = append([]float64(nil), t[k].values...)
				t[k].cum = append([]float64(nil), t[k].cum...)
			}
		}
	}
	c.fixed = m.NewPositions()
	c.fixed.m = &c
	c.draws = make([]drawRef, 0, cap(m.draws)) // its own list, with room for every value
	c.indexDraws()
	return &c
}

// slot returns the compiled value at c and its table in the fixed positions.
func (m *Model) slot(c Cell) (*value, *float64) {
	k := c.Actor
	if c.Field.OfPosition() {
		k = c.Actor*len(m.issues) + c.Issue
	}
	return &m.tables(c.Field)[k], &m.fixed.field(c.Field)[k]
}

// bounds returns the values the field of c may take: [lo, hi], or (lo, hi]
// when open.
func (m *Model) bounds(c Cell) (lo, hi float64, open bool) {
	switch c.Field {
	case Capability, Risk:
		return 0, math.Inf(1), true
	case Discount:
		return 0, 1, true
	case Reservation, Salience:
		return 0, 1, false
	}
	is := &m.issues[c.Issue]
	return is.Min, is.Max, false
}

// RangeError is a number outside the values its field may take. Its
// message does not repeat the field, which the caller names.
type RangeError struct {
	Field  Field
	Value  float64
	Lo, Hi float64
	Open   bool // the range excludes Lo
}

func (e *RangeError) Error() string {
	if e.Field == Discount && e.Value == 1 {
		return "must be below 1: with no cost of delay alternating offers never settle"
	}
	if e.Field == Salience && e.Value > 1 && !math.IsInf(e.Value, 1) {
		return fmt.Sprintf("must be in [0, 1], the share of attention of an issue that matters most (1), got %v: on a scale of 0 to N, give it divided by N", e.Value)
	}
	return fmt.Sprintf("must be in %s, got %v", e.span(), e.Value)
}

// SetFixed sets the number at c to x in a model from Clone. It allocates
// nothing unless x is refused, so it may run once per run.
func (m *Model) SetFixed(c Cell, x float64) error {
	lo, hi, open := m.bounds(c)
	if math.IsNaN(x) || x < lo || x > hi || open && x == lo || c.Field == Discount && x == 1 {
		return &RangeError{Field: c.Field, Value: x, Lo: lo, Hi: hi, Open: open}
	}
	v, f := m.slot(c)
	wasPrior := v.prior
	*v = value{s: sample.FixedValue(x)}
	*f = x
	if wasPrior {
		m.indexDraws()
	}
	if c.Field == Lo || c.Field == Hi {
		k := c.Actor*len(m.issues) + c.Issue
		if l, h := &m.lo[k], &m.hi[k]; !l.prior && !h.prior && l.s.A > h.s.A {
			return fmt.Errorf("acceptable range inverted: low end %v above high end %v", l.s.A, h.s.A)
		}
	}
	return nil
}

// SetPrior makes the number at c a prior drawn from d in each run, in a
// model from Clone. d's support must lie within the field's values.
func (m *Model) SetPrior(c Cell, d Distribution) error {
	s, err := sample.Compile(d)
	if err != nil {
		return err
	}
	return m.setPrior(c, s)
}

// setPrior checks that s draws within the field's values and makes it
// the number at c.
func (m *Model) setPrior(c Cell, s sample.Sampler) error {
	lo, hi, open := m.bounds(c)
	if sLo, sHi := s.Support(); sLo < lo || sHi > hi || open && sLo <= lo {
		return fmt.Errorf("%v: prior %s can draw outside %s", c.Field, s.String(), (&RangeError{Lo: lo, Hi: hi, Open: open}).span())
	}
	v, _ := m.slot(c)
	wasPrior := v.prior
	*v = value{s: s, prior: true}
	if !wasPrior {
		m.indexDraws()
	}
	return nil
}

// SetPriorParams is SetPrior for a distribution of family's type (one of
// gonum's Exponential, Uniform, Gamma, Beta, LogNormal, Weibull or Normal;
// its field values are ignored) with parameters p1 and p2 in the order of
// its fields. Given the same family value each time it allocates nothing
// unless it fails, so it may run once per run.
func (m *Model) SetPriorParams(c Cell, family Distribution, p1, p2 float64) error {
	k, _, ok := sample.Family(family)
	if !ok {
		return fmt.Errorf("%T has no parameters by field", family)
	}
	s, err := sample.Of(k, p1, p2)
	if err != nil {
		return err
	}
	return m.setPrior(c, s)
}

func (e *RangeError) span() string {
	l, r := "[", "]"
	if e.Open {
		l = "("
	}
	hi := fmt.Sprint(e.Hi)
	if math.IsInf(e.Hi, 1) {
		hi, r = "∞", ")"
	}
	return fmt.Sprintf("%s%v, %s%s", l, e.Lo, hi, r)
}

// SetChoice makes the number at c a choice among values with the given
// weights, in a model from Clone. It allocates nothing when the cell was
// already a choice among as many values, so it may run once per run.
func (m *Model) SetChoice(c Cell, values, weights []float64) error {
	if len(values) == 0 || len(values) != len(weights) {
		return fmt.Errorf("a choice needs as many weights as values (at least one), got %d values and %d weights", len(values), len(weights))
	}
	lo, hi, open := m.bounds(c)
	total := 0.0
	for k, x := range values {
		if math.IsNaN(x) || x < lo || x > hi || open && x == lo {
			return fmt.Errorf("choice %d must be in %s, got %v", k, (&RangeError{Lo: lo, Hi: hi, Open: open}).span(), x)
		}
		w := weights[k]
		if !sample.Finite(w) || w < 0 {
			return fmt.Errorf("weight %d must be finite and >= 0, got %v", k, w)
		}
		total += w
	}
	if !(total > 0) {
		return fmt.Errorf("choice weights sum to %v", total)
	}
	v, _ := m.slot(c)
	wasPrior := v.prior
	if len(v.values) != len(values) {
		*v = value{prior: true, values: make([]float64, len(values)), cum: make([]float64, len(values))}
	}
	v.prior = true
	if !wasPrior {
		m.indexDraws()
	}
	copy(v.values, values)
	sum := 0.0
	for k, w := range weights {
		sum += w
		v.cum[k] = sum
	}
	return nil
}

// Uncertain reports whether any number of actor a, or of its positions, is
// a prior or a choice drawn anew in each run.
func (m *Model) Uncertain(a int) bool {
	if uint(a) >= uint(len(m.actors)) {
		return false
	}
	for _, t := range [][]value{m.capability, m.risk, m.discount, m.reservation} {
		if t[a].prior {
			return true
		}
	}
	n := len(m.issues)
	for _, t := range [][]value{m.ideal, m.salience, m.lo, m.hi} {
		for i := range n {
			if t[a*n+i].prior {
				return true
			}
		}
	}
	return false
}
