package actors

import (
	"math"

	"github.com/parleysim/parley/internal/fmath"
)

// Table is one issue on the agenda of one meeting: who sits at it and where
// each stands in this run. The caller owns it and reuses it; a Bargainer must
// not keep it.
type Table struct {
	Issue   int   // the issue's index in the model
	Parties []int // actor indices; for alternating offers the first proposes
	Pos     *Positions
	// Zoned says that Lo and Hi hold the table's zone of possible
	// agreement, as Zone computes it: the one who lays the table computes
	// it once, and the bargainer and the rules read it. Whoever changes
	// the issue, the parties or their ranges clears it.
	Zoned  bool
	Lo, Hi float64
}

// Zone returns the zone of possible agreement: the intersection of the
// parties' acceptable ranges. It is empty when lo > hi.
func (t *Table) Zone() (lo, hi float64) {
	if t.Zoned {
		return t.Lo, t.Hi
	}
	return t.zone()
}

func (t *Table) zone() (lo, hi float64) {
	p := t.Pos
	if p == nil || p.m == nil || uint(t.Issue) >= uint(len(p.m.issues)) {
		return math.Inf(1), math.Inf(-1) // no issue to agree on
	}
	// Checked once here rather than per party by Range: Zone runs for
	// every issue of every meeting held, in the one-run loop.
	is := &p.m.issues[t.Issue]
	lo, hi = is.Min, is.Max
	plo, phi := p.lo, p.hi[:len(p.lo)]
	for _, a := range t.Parties {
		k := a*p.ni + t.Issue
		if uint(k) >= uint(len(plo)) {
			return math.NaN(), math.NaN() // a party that is not an actor
		}
		lo, hi = max(lo, plo[k]), min(hi, phi[k])
	}
	return lo, hi
}

// Bargainer predicts the outcome of bargaining over one issue. ok is false
// when the parties reach no agreement: that is an outcome, not an error.
// Bargain must not allocate: it runs in the one-run loop.
type Bargainer interface {
	Bargain(t *Table) (x float64, ok bool)
}

// PartyLimits is implemented by bargainers that need a number of parties:
// a scenario checks it when it is built.
type PartyLimits interface {
	// Parties returns the least and the most parties; most 0 means no limit.
	Parties() (least, most int)
}

var (
	_ Bargainer   = WeightedMean{}
	_ Bargainer   = WeightedMedian{}
	_ Bargainer   = NashSolution{}
	_ Bargainer   = Rubinstein{}
	_ PartyLimits = Rubinstein{}
	_ PartyLimits = NashSolution{}
)

func clamp(x, lo, hi float64) float64 { return min(hi, max(lo, x)) }

// WeightedMean predicts the mean of the parties' ideal points weighted by
// capability × salience, clamped to the zone of agreement. An empty zone
// means no agreement; with no weight at all the zone's middle is taken.
type WeightedMean struct{}

// Bargain implements Bargainer.
func (WeightedMean) Bargain(t *Table) (float64, bool) {
	lo, hi := t.Zone()
	if lo > hi {
		return math.NaN(), false
	}
	var sw, swx float64
	for _, a := range t.Parties {
		w := float64(t.Pos.Capability(a) * t.Pos.Salience(a, t.Issue))
		sw += w
		swx += float64(w * t.Pos.Ideal(a, t.Issue))
	}
	if sw == 0 {
		return (lo + hi) / 2, true
	}
	return clamp(swx/sw, lo, hi), true
}

// WeightedMedian predicts the position of the weighted median voter, with
// capability × salience as weights: the smallest ideal point at which the
// cumulative weight reaches half the total (the forecast of the spatial
// model of politics, Bueno de Mesquita 1994), clamped to the zone of
// agreement. An empty zone means no agreement.
type WeightedMedian struct{}

// Bargain implements Bargainer.
func (WeightedMedian) Bargain(t *Table) (float64, bool) {
	lo, hi := t.Zone()
	if lo > hi {
		return math.NaN(), false
	}
	total := 0.0
	for _, a := range t.Parties {
		total += float64(t.Pos.Capability(a) * t.Pos.Salience(a, t.Issue))
	}
	if total == 0 {
		return (lo + hi) / 2, true
	}
	// Few parties sit at a table: a quadratic scan needs no scratch space.
	best := math.Inf(1)
	for _, a := range t.Parties {
		x := t.Pos.Ideal(a, t.Issue)
		if x >= best {
			continue
		}
		below := 0.0
		for _, b := range t.Parties {
			if t.Pos.Ideal(b, t.Issue) <= x {
				below += float64(t.Pos.Capability(b) * t.Pos.Salience(b, t.Issue))
			}
		}
		if below >= total/2 {
			best = x
		}
	}
	return clamp(best, lo, hi), true
}

// NashSolution predicts the Nash bargaining solution: the outcome in the
// zone of agreement that maximises the product of the parties' utility
// gains over their disagreement points (their reservation values). No
// outcome that gives every party a gain means no agreement.
//
// For two parties it uses the closed forms: with disagreement at zero, the
// maximiser of ρ1·ln(u1) + ρ2·ln(u2) between the ideal points; with linear
// utilities, the point that splits the surplus. Otherwise it searches the
// product, which is unimodal when utilities are concave (risk exponents up
// to 1), on a grid then by golden section, allocation-free (gonum optimize
// allocates per call and this runs once per meeting per run).
type NashSolution struct{}

// Parties implements PartyLimits: the solution needs at least two parties.
func (NashSolution) Parties() (least, most int) { return 2, 0 }

// Bargain implements Bargainer.
func (NashSolution) Bargain(t *Table) (float64, bool) {
	zlo, zhi := t.Zone()
	if zlo > zhi || len(t.Parties) < 2 {
		return math.NaN(), false
	}
	p, i := t.Pos, t.Issue
	if len(t.Parties) == 2 {
		if x, ok := nashClosedForm(t, zlo, zhi); ok {
			return x, nashGains(t, x) > math.Inf(-1)
		}
	}
	// Search between the ideal points, where every optimum lies, within the zone.
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, a := range t.Parties {
		x := p.Ideal(a, i)
		lo, hi = min(lo, x), max(hi, x)
	}
	lo, hi = clamp(lo, zlo, zhi), clamp(hi, zlo, zhi)
	const grid = 24
	best, bestF := lo, nashGains(t, lo)
	for k := 1; k <= grid; k++ {
		x := lo + (hi-lo)*float64(k)/grid
		if f := nashGains(t, x); f > bestF {
			best, bestF = x, f
		}
	}
	if math.IsInf(bestF, -1) {
		return math.NaN(), false
	}
	step := (hi - lo) / grid
	a, b := max(lo, best-step), min(hi, best+step)
	const invPhi = 0.6180339887498949
	c, d := b-float64(invPhi*(b-a)), a+float64(invPhi*(b-a))
	fc, fd := nashGains(t, c), nashGains(t, d)
	for range 40 {
		if fc >= fd {
			b, d, fd = d, c, fc
			c = b - float64(invPhi*(b-a))
			fc = nashGains(t, c)
		} else {
			a, c, fc = c, d, fd
			d = a + float64(invPhi*(b-a))
			fd = nashGains(t, d)
		}
	}
	x := (a + b) / 2
	if nashGains(t, x) < bestF {
		x = best
	}
	return x, true
}

// nashGains returns the log of the Nash product at x, or -Inf when some
// party gains nothing.
func nashGains(t *Table, x float64) float64 {
	f := 0.0
	for _, a := range t.Parties {
		g := t.Pos.Utility(a, t.Issue, x) - t.Pos.Reservation(a)
		if !(g > 0) {
			return math.Inf(-1)
		}
		f += fmath.Log(g)
	}
	return f
}

// nashClosedForm solves the two-party cases with a closed form.
func nashClosedForm(t *Table, zlo, zhi float64) (float64, bool) {
	p, i := t.Pos, t.Issue
	a, b := t.Parties[0], t.Parties[1]
	if p.Ideal(a, i) > p.Ideal(b, i) {
		a, b = b, a
	}
	ia, ib := p.Ideal(a, i), p.Ideal(b, i)
	is := &p.m.issues[i]
	s := is.Max - is.Min
	ra, rb := p.Risk(a), p.Risk(b)
	da, db := p.Reservation(a), p.Reservation(b)
	var x float64
	switch {
	case da == 0 && db == 0:
		// max ra·ln(1-(x-ia)/s) + rb·ln(1-(ib-x)/s) on [ia, ib].
		x = (float64(rb*(s+ia)) + float64(ra*(ib-s))) / (ra + rb)
	case ra == 1 && rb == 1:
		// max ln(1-(x-ia)/s-da) + ln(1-(ib-x)/s-db): split the surplus.
		x = (float64(s*(db-da)) + ia + ib) / 2
	default:
		return 0, false
	}
	return clamp(clamp(x, ia, ib), zlo, zhi), true
}

// Rubinstein predicts the subgame-perfect outcome of alternating offers
// between two parties (Rubinstein 1982): the first party proposes and gets
// the share RubinsteinShare(δ1, δ2) of the distance between the responder's
// and its own preferred points in the zone of agreement. An empty zone means
// no agreement.
type Rubinstein struct{}

// Parties implements PartyLimits: exactly two parties alternate.
func (Rubinstein) Parties() (least, most int) { return 2, 2 }

// Bargain implements Bargainer.
func (Rubinstein) Bargain(t *Table) (float64, bool) {
	lo, hi := t.Zone()
	if lo > hi || len(t.Parties) != 2 {
		return math.NaN(), false
	}
	p, i := t.Pos, t.Issue
	proposer, responder := t.Parties[0], t.Parties[1]
	want := clamp(p.Ideal(proposer, i), lo, hi)
	give := clamp(p.Ideal(responder, i), lo, hi)
	share := RubinsteinShare(p.Discount(proposer), p.Discount(responder))
	return give + float64(share*(want-give)), true
}

// RubinsteinShare returns the first proposer's share of the pie in
// Rubinstein's alternating-offers game with discount factors d1 (proposer)
// and d2 (responder) in (0, 1): (1 - d2) / (1 - d1·d2).
func RubinsteinShare(d1, d2 float64) float64 { return (1 - d2) / (1 - float64(d1*d2)) }
