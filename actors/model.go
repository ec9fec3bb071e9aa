package actors

import (
	"errors"
	"fmt"
	"github.com/parleysim/parley/problem"
	"math"
	"math/rand/v2"
	"strings"

	"github.com/parleysim/parley/internal/fmath"
	"github.com/parleysim/parley/internal/names"
	"github.com/parleysim/parley/internal/sample"
)

// Issue is a question negotiated over, on a numeric scale: the strength of
// security guarantees from 0 to 1, prisoners released from 0 to 2000.
type Issue struct {
	ID    string
	Name  string
	Min   float64 // the low end of the scale
	Max   float64 // the high end; must exceed Min
	Units string
}

// Actor is a party to the negotiation.
type Actor struct {
	ID   string
	Name string
	// Capability is the actor's weight at the table, > 0; unset means 1.
	Capability Value
	// Risk is the exponent of the actor's utility, > 0: 1 (unset) is linear
	// in the distance from the ideal point, below 1 risk-acceptant, above 1
	// risk-averse.
	Risk Value
	// Discount is the actor's per-round discount factor in (0, 1), its
	// patience in alternating offers; unset means 0.9.
	Discount Value
	// Reservation is the actor's utility of no agreement, in [0, 1]: the
	// disagreement point of Nash bargaining and the bar of ReservationValue.
	// Unset means 0.
	Reservation Value
	// Accept decides whether the actor takes part in a proposed meeting; nil
	// accepts every meeting ("no preconditions").
	Accept Rule
}

// Position is where an actor stands on one issue. An actor without a
// Position on an issue has no stake in it: salience 0, ideal point at the
// middle of the scale, and the whole scale acceptable.
type Position struct {
	Actor string
	Issue string
	// Ideal is the outcome the actor wants most; required, on the issue's scale.
	Ideal Value
	// Salience is how much the issue matters to the actor, in [0, 1]: the
	// share of attention, 1 for an issue that matters most; unset means 1.
	// Saliences on another scale (0 to 100, say) are refused with a message
	// saying to divide by the scale's top, rather than read as shares.
	Salience Value
	// Lo and Hi bound the outcomes the actor can accept; unset means the
	// ends of the scale. A prior that draws Lo above Hi in a run leaves the
	// actor nothing acceptable in that run.
	Lo, Hi Value
}

// ErrModel is the Kind of the *problem.Error that NewModel returns: one
// problem for everything wrong, each with its Part (problem.Issue,
// problem.Actor or problem.Position), its Index in the list given to
// NewModel, its Name (an issue's or actor's ID, or "RU on territory" for a
// position) and a stable Field key ("id", "capability", "ideal", "lo",
// ...), empty for the entry as a whole.
var ErrModel = errors.New("actors: invalid model")

// Model is a validated set of issues, actors and positions, compiled into
// dense tables: actor a's value on issue i sits at index a*NumIssues()+i.
// It is immutable and safe to share; each run samples its own Positions.
type Model struct {
	issues     []Issue
	actors     []Actor
	positions  []Position // as given, for Positions
	issueIndex map[string]int
	actorIndex map[string]int

	capability, risk, discount, reservation []value // per actor
	ideal, salience, lo, hi                 []value // per actor*issues+issue
	fixed                                   *Positions
	// draws lists the values drawn in each run, in Sample's order, so that
	// a run visits its priors alone (indexDraws keeps it current).
	draws []drawRef
	// params are the values that depend on parameters, in declaration
	// order: the scenario holding the model binds them.
	params []ParamCell
}

// ParamCell is a number of the model that depends on parameters: the
// field of an actor (Issue empty) or of a position, and its Value. Until
// the scenario that holds the model binds it (with Cell and SetFixed,
// SetPrior or SetChoice), the field holds its documented default.
type ParamCell struct {
	Actor, Issue string
	Field        Field
	Value        Value
}

// ParamCells returns the numbers of the model that depend on parameters.
func (m *Model) ParamCells() []ParamCell { return append([]ParamCell(nil), m.params...) }

// drawRef is one value drawn in each run: its field and index.
type drawRef struct {
	f Field
	k int32
}

// tables returns the compiled values of field f.
func (m *Model) tables(f Field) []value {
	switch f {
	case Capability:
		return m.capability
	case Risk:
		return m.risk
	case Discount:
		return m.discount
	case Reservation:
		return m.reservation
	case Ideal:
		return m.ideal
	case Salience:
		return m.salience
	case Lo:
		return m.lo
	}
	return m.hi
}

// field returns the positions' numbers of field f.
func (p *Positions) field(f Field) []float64 {
	switch f {
	case Capability:
		return p.capability
	case Risk:
		return p.risk
	case Discount:
		return p.discount
	case Reservation:
		return p.reservation
	case Ideal:
		return p.ideal
	case Salience:
		return p.salience
	case Lo:
		return p.lo
	}
	return p.hi
}

// drawFields is Sample's order: actors' numbers, then positions.
var drawFields = [...]Field{Capability, Risk, Discount, Reservation, Ideal, Salience, Lo, Hi}

// indexDraws lists the values drawn in each run. Its list has room for
// every value, so keeping it current allocates nothing.
func (m *Model) indexDraws() {
	if m.draws == nil {
		n := 0
		for _, f := range drawFields {
			n += len(m.tables(f))
		}
		m.draws = make([]drawRef, 0, n)
	}
	m.draws = m.draws[:0]
	for _, f := range drawFields {
		t := m.tables(f)
		for k := range t {
			if t[k].prior {
				m.draws = append(m.draws, drawRef{f, int32(k)})
			}
		}
	}
}

// value is a compiled Value.
type value struct {
	s      sample.Sampler
	prior  bool
	values []float64 // discrete choices, with cumulative weights
	cum    []float64
}

func (v *value) draw(r *rand.Rand) float64 {
	if v.values != nil {
		u := r.Float64() * v.cum[len(v.cum)-1]
		for i, c := range v.cum {
			if u < c {
				return v.values[i]
			}
		}
		return v.values[len(v.values)-1]
	}
	return v.s.Draw(r)
}

// NewModel validates the issues, actors and positions and compiles them.
// Every problem found is reported at once, in a *problem.Error whose
// Kind is ErrModel.
func NewModel(issues []Issue, actors []Actor, positions []Position) (*Model, error) {
	var ps []problem.Problem
	// where and index are the entry being checked.
	where, index := problem.Part(""), -1
	bad := func(actor, issue, field, format string, args ...any) {
		name := actor
		switch where {
		case problem.Issue:
			name = issue
		case problem.Position:
			name = actor + " on " + issue
		}
		ps = append(ps, problem.Problem{Part: where, Index: index, Name: name, Field: fieldKeys[field], Msg: fmt.Sprintf(format, args...)})
	}
	m := &Model{
		issues:     append([]Issue(nil), issues...),
		actors:     append([]Actor(nil), actors...),
		positions:  append([]Position(nil), positions...),
		issueIndex: map[string]int{},
		actorIndex: map[string]int{},
	}
	for i, is := range issues {
		where, index = problem.Issue, i
		switch _, dup := m.issueIndex[is.ID]; {
		case is.ID == "":
			bad("", fmt.Sprintf("#%d", i), "ID", "empty")
		case dup:
			bad("", is.ID, "", "declared more than once")
		}
		if r, hidden := names.Hidden(is.ID); hidden {
			bad("", is.ID, "ID", "holds a control or bidirectional-override character (U+%04X)", r)
		}
		m.issueIndex[is.ID] = i
		if !sample.Finite(is.Min) || !sample.Finite(is.Max) || is.Max <= is.Min {
			bad("", is.ID, "scale", "needs finite min < max, got min %v, max %v", is.Min, is.Max)
		}
	}
	// compile checks and compiles a value; one that depends on parameters
	// waits, at the field's default, for the scenario to bind it.
	compile := func(v Value, def, lo, hi float64, closed bool, actor, issue, field string, f Field) value {
		if v.DependsOnParams() {
			m.params = append(m.params, ParamCell{Actor: actor, Issue: issue, Field: f, Value: v})
			return value{s: sample.FixedValue(def)}
		}
		return compileValue(v, def, lo, hi, closed, actor, issue, field, bad)
	}
	for a, ac := range actors {
		where, index = problem.Actor, a
		switch _, dup := m.actorIndex[ac.ID]; {
		case ac.ID == "":
			bad(fmt.Sprintf("#%d", a), "", "ID", "empty")
		case dup:
			bad(ac.ID, "", "", "declared more than once")
		}
		if r, hidden := names.Hidden(ac.ID); hidden {
			bad(ac.ID, "", "ID", "holds a control or bidirectional-override character (U+%04X)", r)
		}
		m.actorIndex[ac.ID] = a
		m.capability = append(m.capability, compile(ac.Capability, 1, 0, math.Inf(1), false, ac.ID, "", "capability", Capability))
		m.risk = append(m.risk, compile(ac.Risk, 1, 0, math.Inf(1), false, ac.ID, "", "risk", Risk))
		m.discount = append(m.discount, compile(ac.Discount, 0.9, 0, 1, false, ac.ID, "", "discount", Discount))
		m.reservation = append(m.reservation, compile(ac.Reservation, 0, 0, 1, true, ac.ID, "", "reservation", Reservation))
		if d := m.discount[a]; !d.prior && d.s.A == 1 {
			bad(ac.ID, "", "discount", "must be below 1: with no cost of delay alternating offers never settle")
		}
	}
	if len(ps) > 0 {
		return nil, &problem.Error{Kind: ErrModel, Subject: "actors", Problems: ps}
	}

	n := len(actors) * len(issues)
	m.ideal = make([]value, n)
	m.salience = make([]value, n)
	m.lo = make([]value, n)
	m.hi = make([]value, n)
	for a := range actors {
		for i, is := range issues {
			k := a*len(issues) + i
			m.ideal[k] = value{s: sample.FixedValue((is.Min + is.Max) / 2)}
			m.salience[k] = value{s: sample.FixedValue(0)}
			m.lo[k] = value{s: sample.FixedValue(is.Min)}
			m.hi[k] = value{s: sample.FixedValue(is.Max)}
		}
	}
	seen := map[[2]int]bool{}
	for pi, p := range positions {
		where, index = problem.Position, pi
		a, okA := m.actorIndex[p.Actor]
		i, okI := m.issueIndex[p.Issue]
		if !okA {
			bad(p.Actor, p.Issue, "actor", "a position of unknown actor %q%s", p.Actor, names.DidYouMean(p.Actor, keys(m.actorIndex)))
		}
		if !okI {
			bad(p.Actor, p.Issue, "issue", "a position on unknown issue %q%s", p.Issue, names.DidYouMean(p.Issue, keys(m.issueIndex)))
		}
		if !okA || !okI {
			continue
		}
		if seen[[2]int{a, i}] {
			bad(p.Actor, p.Issue, "", "position given more than once")
			continue
		}
		seen[[2]int{a, i}] = true
		is, k := issues[i], a*len(issues)+i
		if p.Ideal.kind == unset {
			bad(p.Actor, p.Issue, "ideal", "required")
		}
		m.ideal[k] = compile(p.Ideal, 0, is.Min, is.Max, true, p.Actor, p.Issue, "ideal", Ideal)
		m.salience[k] = compile(p.Salience, 1, 0, 1, true, p.Actor, p.Issue, "salience", Salience)
		m.lo[k] = compile(p.Lo, is.Min, is.Min, is.Max, true, p.Actor, p.Issue, "acceptable range low end", Lo)
		m.hi[k] = compile(p.Hi, is.Max, is.Min, is.Max, true, p.Actor, p.Issue, "acceptable range high end", Hi)
		if !m.lo[k].prior && !m.hi[k].prior && m.lo[k].s.A > m.hi[k].s.A {
			bad(p.Actor, p.Issue, "acceptable range", "inverted: low end %v above high end %v", m.lo[k].s.A, m.hi[k].s.A)
		}
	}
	if len(ps) > 0 {
		return nil, &problem.Error{Kind: ErrModel, Subject: "actors", Problems: ps}
	}
	m.fixed = m.NewPositions()
	m.indexDraws()
	return m, nil
}

// compileValue checks v against [lo, hi] (closed when closed is set, else
// open at lo) and compiles it; an unset value takes def.
func compileValue(v Value, def, lo, hi float64, closed bool, actor, issue, field string, bad func(actor, issue, field, format string, args ...any)) value {
	inRange := func(x float64) bool {
		if closed {
			return lo <= x && x <= hi
		}
		return lo < x && x <= hi
	}
	where := fmt.Sprintf("[%v, %v]", lo, hi)
	if !closed {
		where = fmt.Sprintf("(%v, %v]", lo, hi)
	}
	if math.IsInf(hi, 1) {
		where = strings.Replace(where, "+Inf]", "∞)", 1)
	}
	switch v.kind {
	case unset:
		return value{s: sample.FixedValue(def)}
	case fixedValue:
		switch {
		case field == "salience" && v.x > 1 && !math.IsInf(v.x, 1):
			bad(actor, issue, field, "must be in [0, 1], the share of attention of an issue that matters most (1), got %v: on a scale of 0 to N, give it divided by N", v.x)
		case math.IsNaN(v.x) || !inRange(v.x):
			bad(actor, issue, field, "must be in %s, got %v", where, v.x)
		}
		return value{s: sample.FixedValue(v.x)}
	case choiceValue:
		if len(v.values) == 0 || len(v.values) != len(v.weights) {
			bad(actor, issue, field, "a choice needs as many weights as values (at least one), got %d values and %d weights", len(v.values), len(v.weights))
			return value{}
		}
		out := value{prior: true}
		total := 0.0
		for k, x := range v.values {
			w := v.weights[k].Value // constant: DependsOnParams was false
			if math.IsNaN(x) || !inRange(x) {
				bad(actor, issue, field, "choice %d must be in %s, got %v", k, where, x)
			}
			if !sample.Finite(w) || w < 0 {
				bad(actor, issue, field, "weight %d must be finite and >= 0, got %v", k, w)
			}
			total += w
			out.values = append(out.values, x)
			out.cum = append(out.cum, total)
		}
		if !(total > 0) {
			bad(actor, issue, field, "choice weights sum to %v", total)
		}
		return out
	default:
		s, err := sample.Compile(v.dist)
		if err != nil {
			bad(actor, issue, field, "%v", err)
			return value{}
		}
		if sLo, sHi := s.Support(); !inRange(sLo) || !inRange(sHi) || (!closed && sLo <= lo) {
			bad(actor, issue, field, "prior %s can draw outside %s", s.String(), where)
		}
		return value{s: s, prior: true}
	}
}

// NumIssues returns the number of issues.
func (m *Model) NumIssues() int { return len(m.issues) }

// NumActors returns the number of actors.
func (m *Model) NumActors() int { return len(m.actors) }

// Issue returns issue i; the zero Issue for an i out of range.
func (m *Model) Issue(i int) Issue {
	if uint(i) >= uint(len(m.issues)) {
		return Issue{}
	}
	return m.issues[i]
}

// Actor returns actor a; the zero Actor for an a out of range.
func (m *Model) Actor(a int) Actor {
	if uint(a) >= uint(len(m.actors)) {
		return Actor{}
	}
	return m.actors[a]
}

// IssueIndex returns the index of the issue with the given ID.
func (m *Model) IssueIndex(id string) (int, bool) {
	i, ok := m.issueIndex[id]
	return i, ok
}

// ActorIndex returns the index of the actor with the given ID.
func (m *Model) ActorIndex(id string) (int, bool) {
	a, ok := m.actorIndex[id]
	return a, ok
}

// Positions are one run's values of every actor's numbers, priors drawn.
// Effects may change them during the run (for example widen a range once
// guarantees are agreed). A Positions belongs to one run at a time.
type Positions struct {
	m *Model
	// ni is the number of issues, kept here so that an accessor's check
	// is two comparisons with no pointer to follow (zero Positions: 0).
	ni                                      int
	capability, risk, discount, reservation []float64
	ideal, salience, lo, hi                 []float64
}

// NewPositions returns Positions for the model with the fixed values filled
// in and every prior's value zero until Sample draws it.
func (m *Model) NewPositions() *Positions {
	na, n := len(m.actors), len(m.actors)*len(m.issues)
	p := &Positions{
		m: m, ni: len(m.issues),
		capability: make([]float64, na), risk: make([]float64, na),
		discount: make([]float64, na), reservation: make([]float64, na),
		ideal: make([]float64, n), salience: make([]float64, n),
		lo: make([]float64, n), hi: make([]float64, n),
	}
	if m.fixed != nil {
		p.copyFrom(m.fixed)
		return p
	}
	fill := func(dst []float64, src []value) {
		for k := range src {
			if !src[k].prior {
				dst[k] = src[k].s.A
			}
		}
	}
	fill(p.capability, m.capability)
	fill(p.risk, m.risk)
	fill(p.discount, m.discount)
	fill(p.reservation, m.reservation)
	fill(p.ideal, m.ideal)
	fill(p.salience, m.salience)
	fill(p.lo, m.lo)
	fill(p.hi, m.hi)
	return p
}

func (p *Positions) copyFrom(q *Positions) {
	copy(p.capability, q.capability)
	copy(p.risk, q.risk)
	copy(p.discount, q.discount)
	copy(p.reservation, q.reservation)
	copy(p.ideal, q.ideal)
	copy(p.salience, q.salience)
	copy(p.lo, q.lo)
	copy(p.hi, q.hi)
}

// Sample sets p to a fresh run's values: fixed values as given, priors drawn
// from r in a fixed order (actors' numbers, then positions, by index). It
// allocates nothing.
func (m *Model) Sample(r *rand.Rand, p *Positions) {
	if m.fixed == nil || p == nil || p.m != m {
		return // a zero Model, or positions of another model
	}
	p.copyFrom(m.fixed)
	for _, d := range m.draws {
		p.field(d.f)[d.k] = m.tables(d.f)[d.k].draw(r)
	}
}

// Model returns the model the positions belong to.
func (p *Positions) Model() *Model { return p.m }

// Capability returns actor a's capability. Every getter of Positions
// returns NaN for an actor or issue out of range (or on zero Positions, which
// no model made), and every setter does nothing.
func (p *Positions) Capability(a int) float64 { return at(p.capability, a) }

// Risk returns actor a's risk exponent.
func (p *Positions) Risk(a int) float64 { return at(p.risk, a) }

// Discount returns actor a's discount factor.
func (p *Positions) Discount(a int) float64 { return at(p.discount, a) }

// Reservation returns actor a's utility of no agreement.
func (p *Positions) Reservation(a int) float64 { return at(p.reservation, a) }

// Ideal returns actor a's ideal point on issue i.
func (p *Positions) Ideal(a, i int) float64 {
	k, ok := p.cell(a, i)
	if !ok {
		return math.NaN()
	}
	return p.ideal[k]
}

// Salience returns how much issue i matters to actor a.
func (p *Positions) Salience(a, i int) float64 {
	k, ok := p.cell(a, i)
	if !ok {
		return math.NaN()
	}
	return p.salience[k]
}

// Range returns the outcomes of issue i that actor a can accept; lo > hi
// means none.
func (p *Positions) Range(a, i int) (lo, hi float64) {
	k, ok := p.cell(a, i)
	if !ok {
		return math.NaN(), math.NaN()
	}
	return p.lo[k], p.hi[k]
}

// SetRange sets actor a's acceptable range on issue i, clamped to the scale.
func (p *Positions) SetRange(a, i int, lo, hi float64) {
	k, ok := p.cell(a, i)
	if !ok {
		return
	}
	is := &p.m.issues[i]
	p.lo[k] = max(is.Min, lo)
	p.hi[k] = min(is.Max, hi)
}

// SetIdeal sets actor a's ideal point on issue i, clamped to the scale.
func (p *Positions) SetIdeal(a, i int, x float64) {
	k, ok := p.cell(a, i)
	if !ok {
		return
	}
	is := &p.m.issues[i]
	p.ideal[k] = min(is.Max, max(is.Min, x))
}

// cell is the index of actor a's values on issue i; ok is false for an
// actor or an issue out of range, or on Positions no model made.
func (p *Positions) cell(a, i int) (k int, ok bool) {
	k = a*p.ni + i
	if uint(i) >= uint(p.ni) || uint(k) >= uint(len(p.ideal)) {
		return 0, false
	}
	return k, true
}

// at is xs[a], or NaN for an a out of range.
func at(xs []float64, a int) float64 {
	if uint(a) >= uint(len(xs)) {
		return math.NaN()
	}
	return xs[a]
}

// Utility returns actor a's utility of outcome x on issue i:
// (1 - |x - ideal| / (Max - Min))^risk, in [0, 1].
func (p *Positions) Utility(a, i int, x float64) float64 {
	if _, ok := p.cell(a, i); !ok {
		return math.NaN()
	}
	is := &p.m.issues[i]
	d := math.Abs(x-p.Ideal(a, i)) / (is.Max - is.Min)
	u := max(0, 1-d)
	if r := p.risk[a]; r != 1 {
		u = fmath.Pow(u, r)
	}
	return u
}

func keys(m map[string]int) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	return out
}

// fieldKeys are the stable keys of the fields problems name.
var fieldKeys = map[string]string{
	"ID": "id", "capability": "capability", "risk": "risk", "discount": "discount",
	"reservation": "reservation", "ideal": "ideal", "salience": "salience",
	"acceptable range low end": "lo", "acceptable range high end": "hi", "acceptable range": "lo",
	"actor": "actor", "issue": "issue", "scale": "",
}
