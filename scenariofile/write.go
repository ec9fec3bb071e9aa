package scenariofile

import (
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/goccy/go-yaml"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// Write writes a built scenario as a YAML file that loads back into the same
// scenario: the same Result for the same seed. A scenario whose guards,
// effects, branch weights, claims or acceptance rules are Go functions
// cannot be written; the error names the part.
func Write(w io.Writer, sc *scenario.Scenario) error {
	f, err := FromScenario(sc)
	if err != nil {
		return err
	}
	data, err := yaml.MarshalWithOptions(f, yaml.Indent(2), yaml.IndentSequence(true))
	if err != nil {
		return err
	}
	_, err = w.Write(data)
	return err
}

// FromScenario describes a built scenario as a File, from its Definition:
// the scenario's own values (delays, guards, effects, formulas over
// parameters) translated into the file's words.
func FromScenario(sc *scenario.Scenario) (*File, error) {
	d := sc.Definition()
	w := &writer{}
	f := &File{Name: d.Name, Description: d.Description, Start: d.Start, Horizon: d.Horizon}
	if !d.StartDate.IsZero() {
		f.StartDate = d.StartDate.Format(time.DateOnly)
	}
	for _, p := range d.Parameters {
		fp := Parameter{Name: p.Name, Description: p.Description, Default: p.Default}
		if p.Ranged() {
			fp.Range = []float64{p.Min, p.Max}
		}
		if p.Prior != nil {
			name, params, ok := describeDist(p.Prior)
			if !ok {
				w.fail("parameter %q: prior %T has no name in scenario files", p.Name, p.Prior)
			}
			fp.Prior = &Value{Dist: name, Params: params}
		}
		f.Parameters = append(f.Parameters, fp)
	}
	for _, v := range d.Variables {
		if strings.HasPrefix(v.Name, "agreed.") {
			continue // declared by every agenda of the issue
		}
		f.Variables = append(f.Variables, Variable{v.Name, w.num(v.Initial)})
	}
	if d.Actors != nil {
		if err := f.fromModel(d.Actors, w.value); err != nil {
			w.fail("%v", err)
		}
	}
	for _, s := range d.States {
		f.States = append(f.States, State{s.Name, s.Description, s.Absorbing})
	}
	for _, t := range d.Transitions {
		name := t.Name
		switch {
		case name == "" && t.To == "":
			name = t.From + "->?"
		case name == "":
			name = t.From + "->" + t.To
		}
		where := "transition " + strconv.Quote(name)
		ft := Transition{Name: t.Name, Description: t.Description, From: t.From, To: t.To,
			When: w.guard(where, t.Guard), Do: w.effects(where, t.Effects), Participants: w.participants(where, t.Participants, t.Accept)}
		w.delay(&ft, t.Delay)
		for _, tg := range t.Targets {
			if tg.Weight != "" {
				ft.Branch = append(ft.Branch, Target{To: tg.State, Weight: tg.Weight})
				continue
			}
			p := w.num(tg.P)
			ft.Branch = append(ft.Branch, Target{To: tg.State, P: &p})
		}
		ft.Agenda = w.agenda(where, t.Bargainer, t.Agenda)
		switch od := t.OnDecline; {
		case od.Retry != nil:
			var r Transition
			w.delay(&r, od.Retry)
			dec := &Decline{}
			switch {
			case r.Delay != nil:
				dec.Retry = r.Delay
			case r.Fixed != nil:
				dec.RetryAfter = r.Fixed
			case r.Rate != nil:
				dec.Retry = &Value{Dist: "exponential", Params: map[string]Number{"rate": *r.Rate}}
			}
			ft.OnDecline = dec
		case od.To != "":
			ft.OnDecline = &Decline{To: od.To}
		}
		f.Transitions = append(f.Transitions, ft)
	}
	for _, e := range d.Events {
		where := "event " + strconv.Quote(e.Name)
		fe := Event{Name: e.Name, Description: e.Description, In: e.States, When: w.guard(where, e.Guard),
			Goto: e.Goto, Once: e.Once, Participants: w.participants(where, e.Participants, e.Accept), Do: w.effects(where, e.Effects)}
		switch t := e.Timing.(type) {
		case scenario.Rate:
			n := w.num(t.PerDay)
			fe.Rate = &n
		case scenario.Scheduled:
			day, p := w.num(t.Day), w.num(t.P)
			fe.At = &At{Day: &day, P: &p}
		default:
			w.fail("%s: no timing", where)
		}
		fe.Agenda = w.agenda(where, e.Bargainer, e.Agenda)
		f.Events = append(f.Events, fe)
	}
	for _, r := range d.Routes {
		f.Routes = append(f.Routes, Route{r.Name, r.Description, r.States, r.InOrder})
	}
	for _, c := range d.Claims {
		fc := w.claimBody(c.Name, c)
		fc.Name, fc.Description = c.Name, c.Description
		f.Claims = append(f.Claims, fc)
	}
	if w.err != nil {
		return nil, fmt.Errorf("scenariofile: %q cannot be written: %w", d.Name, w.err)
	}
	return f, nil
}

// writer translates a Definition's values into the file's, keeping the
// first thing that cannot be written.
type writer struct{ err error }

func (w *writer) fail(format string, args ...any) {
	if w.err == nil {
		w.err = fmt.Errorf(format, args...)
	}
}

// num writes a number: a literal, or the text of its formula.
func (w *writer) num(n param.Num) Number {
	x, err := fromNum(n)
	if err != nil {
		w.fail("%v", err)
	}
	return x
}

// shift writes a range shift's expression: a number as a number, 0 for
// none.
func shift(text string) any {
	text = strings.TrimSpace(text)
	if text == "" {
		return 0.0
	}
	if x, err := strconv.ParseFloat(text, 64); err == nil {
		return x
	}
	return text
}

// delay sets the rate, fixed or delay of a file transition.
func (w *writer) delay(t *Transition, d scenario.Delay) {
	switch x := d.(type) {
	case scenario.Rate:
		n := w.num(x.PerDay)
		t.Rate = &n
	case scenario.Fixed:
		n := w.num(x.Days)
		t.Fixed = &n
	case scenario.At:
		n := w.num(x.Day)
		t.At = &n
	case scenario.After:
		if pd, ok := x.Dist.(param.Dist); ok {
			dist, params := w.distOf(pd)
			t.Delay = &Value{Dist: dist, Params: params}
			return
		}
		name, params, ok := describeDist(x.Dist)
		if !ok {
			w.fail("delay %T has no name in scenario files", x.Dist)
		}
		t.Delay = &Value{Dist: name, Params: params}
	default:
		w.fail("a delay of %T cannot be written", d)
	}
}

// distOf writes a distribution whose parameters are Nums.
func (w *writer) distOf(d param.Dist) (string, map[string]Number) {
	name, _, ok := describeDist(d.Family)
	if !ok || len(d.Params) != len(distParams(name)) {
		w.fail("distribution %T has no name in scenario files", d.Family)
		return name, nil
	}
	params := map[string]Number{}
	for i, key := range distParams(name) {
		params[key] = w.num(d.Params[i])
	}
	return name, params
}

// guard writes a guard as an expression; "" for none.
func (w *writer) guard(where string, g scenario.Guard) string {
	switch x := g.(type) {
	case nil:
		return ""
	case scenario.Condition:
		return x.Text
	}
	w.fail("%s: its guard is a Go function and cannot be written", where)
	return ""
}

// effects writes effects as assignments or shift_range mappings.
func (w *writer) effects(where string, es []scenario.Effect) []any {
	var out []any
	for _, e := range es {
		switch x := e.(type) {
		case scenario.Assignment:
			out = append(out, x.Var+" = "+x.Text)
		case scenario.RangeShift:
			out = append(out, map[string]any{"shift_range": map[string]any{"actor": x.Actor, "issue": x.Issue, "lo": shift(x.Lo), "hi": shift(x.Hi)}})
		default:
			w.fail("%s: an effect is a Go function and cannot be written", where)
		}
	}
	return out
}

// agenda writes a meeting's agenda; nil without one.
func (w *writer) agenda(where string, b actors.Bargainer, issues []string) *Agenda {
	if b == nil {
		return nil
	}
	var name string
	switch b.(type) {
	case actors.WeightedMean:
		name = "mean"
	case actors.WeightedMedian:
		name = "median"
	case actors.NashSolution:
		name = "nash"
	case actors.Rubinstein:
		name = "rubinstein"
	default:
		w.fail("%s: bargainer %T has no name in scenario files", where, b)
	}
	return &Agenda{Bargainer: name, Issues: issues}
}

func (f *File) fromModel(m *actors.Model, value func(actors.Value) (*Value, error)) error {
	for _, is := range m.Issues() {
		f.Issues = append(f.Issues, Issue{is.ID, is.Name, is.Min, is.Max, is.Units})
	}
	for _, a := range m.Actors() {
		fa := Actor{ID: a.ID, Name: a.Name}
		var err error
		for _, p := range []struct {
			dst **Value
			v   actors.Value
		}{{&fa.Capability, a.Capability}, {&fa.Risk, a.Risk}, {&fa.Discount, a.Discount}, {&fa.Reservation, a.Reservation}} {
			if *p.dst, err = value(p.v); err != nil {
				return fmt.Errorf("actor %q: %w", a.ID, err)
			}
		}
		if a.Accept != nil {
			if fa.Accept, err = fileRule(a.Accept); err != nil {
				return fmt.Errorf("actor %q: %w", a.ID, err)
			}
		}
		f.Actors = append(f.Actors, fa)
	}
	for _, p := range m.Positions() {
		fp := Position{Actor: p.Actor, Issue: p.Issue}
		var err error
		for _, x := range []struct {
			dst **Value
			v   actors.Value
		}{{&fp.Ideal, p.Ideal}, {&fp.Salience, p.Salience}, {&fp.Lo, p.Lo}, {&fp.Hi, p.Hi}} {
			if *x.dst, err = value(x.v); err != nil {
				return fmt.Errorf("actor %q, issue %q: %w", p.Actor, p.Issue, err)
			}
		}
		f.Positions = append(f.Positions, fp)
	}
	return nil
}

// fromNum writes a param.Num as a file Number: a literal, or the text of
// its formula; a formula that is a Go function without text cannot be
// written.
func fromNum(n param.Num) (Number, error) {
	switch {
	case n.IsConst():
		return Num(n.Value), nil
	case n.Text != "":
		return Number{Expr: n.Text}, nil
	}
	return Number{}, fmt.Errorf("a number depends on parameters %v through a Go function without text", n.Params)
}

// participants writes a meeting's participants, each with its rule for
// this meeting when it has one.
func (w *writer) participants(where string, ids []string, accept map[string]actors.Rule) []Participant {
	var out []Participant
	for _, id := range ids {
		p := Participant{Actor: id}
		if r, ok := accept[id]; ok {
			x, err := fileRule(r)
			if err != nil {
				w.fail("%s: participant %q: %v", where, id, err)
			}
			p.Accept = x
		}
		out = append(out, p)
	}
	return out
}

// value writes an actors.Value as a file Value, numbers that depend on
// parameters as their expressions; nil for an unset one.
func (w *writer) value(v actors.Value) (*Value, error) {
	if n, ok := v.Num(); ok {
		x := w.num(n)
		return &Value{Number: &x}, nil
	}
	if values, weights, ok := v.Choices(); ok {
		out := &Value{Choice: values}
		for _, x := range weights {
			out.Weights = append(out.Weights, w.num(x))
		}
		return out, nil
	}
	if d, ok := v.Distribution(); ok {
		if pd, ok := d.(param.Dist); ok {
			name, params := w.distOf(pd)
			return &Value{Dist: name, Params: params}, nil
		}
		name, params, ok := describeDist(d)
		if !ok {
			return nil, fmt.Errorf("prior %T has no name in scenario files", d)
		}
		return &Value{Dist: name, Params: params}, nil
	}
	return nil, nil
}

// describeDist names a distribution and its parameters as files write them
// (gonum's parameterisation); ok is false for a distribution files cannot
// name.
func describeDist(d distuv.Quantiler) (string, map[string]Number, bool) {
	name, xs, ok := distValues(d)
	if !ok {
		return "", nil, false
	}
	params := map[string]Number{}
	for i, x := range xs {
		params[distParams(name)[i]] = Num(x)
	}
	return name, params, true
}

// distValues names a distribution as files do and gives its parameters in
// the order of distParams; ok is false for one files cannot name.
func distValues(d distuv.Quantiler) (name string, xs []float64, ok bool) {
	switch v := d.(type) {
	case distuv.Exponential:
		return "exponential", []float64{v.Rate}, true
	case *distuv.Exponential:
		if v != nil {
			return distValues(*v)
		}
	case distuv.Uniform:
		return "uniform", []float64{v.Min, v.Max}, true
	case distuv.Gamma:
		return "gamma", []float64{v.Alpha, v.Beta}, true
	case *distuv.Gamma:
		if v != nil {
			return distValues(*v)
		}
	case distuv.Beta:
		return "beta", []float64{v.Alpha, v.Beta}, true
	case *distuv.Beta:
		if v != nil {
			return distValues(*v)
		}
	case distuv.LogNormal:
		return "lognormal", []float64{v.Mu, v.Sigma}, true
	case distuv.Weibull:
		return "weibull", []float64{v.K, v.Lambda}, true
	case distuv.Normal:
		return "normal", []float64{v.Mu, v.Sigma}, true
	}
	return "", nil, false
}

// fileRule writes an acceptance rule as a file does: a name, or a one-key
// mapping such as {when: "prepared >= 1"} or {all: [...]}.
func fileRule(r actors.Rule) (any, error) {
	switch x := r.(type) {
	case actors.Always:
		return "always", nil
	case actors.ZoneOfAgreement:
		return "zone_of_agreement", nil
	case actors.ReservationValue:
		return "reservation_value", nil
	case scenario.When:
		if c, ok := x.Guard.(scenario.Condition); ok {
			return map[string]any{"when": c.Text}, nil
		}
		return nil, fmt.Errorf("rule %v cannot be written: its guard is a Go function", x)
	case actors.All, actors.Any:
		key, rs := "all", []actors.Rule(nil)
		if a, ok := x.(actors.All); ok {
			rs = a
		} else {
			key, rs = "any", x.(actors.Any)
		}
		list := make([]any, len(rs))
		for i, r := range rs {
			s, err := fileRule(r)
			if err != nil {
				return nil, err
			}
			list[i] = s
		}
		return map[string]any{key: list}, nil
	}
	return nil, fmt.Errorf("rule %T is a Go function and cannot be written", r)
}

// claimBody writes what a claim, or a part of one, states.
func (w *writer) claimBody(name string, c scenario.Statement) Claim {
	fc := Claim{Not: c.Not}
	by := func() *Day {
		if math.IsInf(c.To, 1) {
			return nil // a part of an order: any day
		}
		d := DayNum(c.To)
		return &d
	}
	bounds := func() {
		if lo := c.Min; !math.IsInf(lo, -1) {
			fc.AtLeast = &lo
		}
		if hi := c.Max; !math.IsInf(hi, 1) {
			fc.AtMost = &hi
		}
	}
	switch c.Kind {
	case scenario.StatementEntered, scenario.StatementOccurred, scenario.StatementAgreed:
		if c.From != 0 {
			w.fail("claim %q: a file's claim is judged by its day, from day 0, not from day %v", name, c.From)
		}
	}
	switch c.Kind {
	case scenario.StatementEntered:
		fc.Reached, fc.By = c.Target, by()
	case scenario.StatementRoute:
		fc.Completed, fc.By = c.Target, by()
	case scenario.StatementOccurred:
		fc.Occurred, fc.By = c.Target, by()
	case scenario.StatementAgreed:
		fc.Agreed, fc.By = c.Target, by()
		bounds()
	case scenario.StatementInState:
		d := DayNum(c.To)
		fc.InState, fc.Day = c.Target, &d
	case scenario.StatementVariable:
		d := DayNum(c.To)
		fc.Variable, fc.Day = c.Target, &d
		bounds()
	case scenario.StatementAll, scenario.StatementAny, scenario.StatementBefore:
		parts := make([]Claim, len(c.Parts))
		for i, p := range c.Parts {
			parts[i] = w.claimBody(name, p)
		}
		switch c.Kind {
		case scenario.StatementAll:
			fc.All = parts
		case scenario.StatementAny:
			fc.Any = parts
		default:
			fc.Before = parts
		}
	case scenario.StatementWithin:
		if len(c.Parts) != 2 || c.From != 0 || c.Parts[1].Not {
			w.fail("claim %q: a file writes within as days from 0 after a happening", name)
			return fc
		}
		anchor := w.claimBody(name, c.Parts[0])
		fc = w.claimBody(name, c.Parts[1])
		within := c.To
		fc.After, fc.Within, fc.Not = &anchor, &within, c.Not
	default:
		w.fail("claim %q is a Go function and cannot be written", name)
	}
	return fc
}
