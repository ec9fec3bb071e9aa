package scenariofile

import (
	"fmt"
	"io"

	"github.com/goccy/go-yaml"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
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

// FromScenario describes a built scenario as a File.
func FromScenario(sc *scenario.Scenario) (*File, error) {
	sp, err := sc.Spec()
	if err != nil {
		return nil, fmt.Errorf("scenariofile: %q cannot be written: %w", sc.Name(), err)
	}
	f := &File{Name: sp.Name, Description: sp.Description, Start: sp.Start, Horizon: sp.Horizon}
	var nerr error
	num := func(n scenario.Num) Number {
		x, err := fromNum(n)
		if err != nil && nerr == nil {
			nerr = err
		}
		return x
	}
	numPtr := func(n *scenario.Num) *Number {
		if n == nil {
			return nil
		}
		x := num(*n)
		return &x
	}
	numMap := func(m map[string]scenario.Num) map[string]Number {
		out := make(map[string]Number, len(m))
		for k, n := range m {
			out[k] = num(n)
		}
		return out
	}
	for _, p := range sp.Params {
		fp := Parameter{Name: p.Name, Description: p.Description, Default: p.Default}
		if p.Ranged() {
			fp.Range = []float64{p.Min, p.Max}
		}
		if p.Prior != nil {
			name, params, ok := describeDist(p.Prior)
			if !ok {
				return nil, fmt.Errorf("scenariofile: %q cannot be written: parameter %q: prior %T has no name in scenario files", sc.Name(), p.Name, p.Prior)
			}
			fp.Prior = &Value{Dist: name, Params: params}
		}
		f.Parameters = append(f.Parameters, fp)
	}
	for _, v := range sp.Vars {
		f.Variables = append(f.Variables, Variable{v.Name, num(v.Initial)})
	}
	if m := sp.Actors; m != nil {
		if err := f.fromModel(m); err != nil {
			return nil, fmt.Errorf("scenariofile: %q cannot be written: %w", sc.Name(), err)
		}
		for _, an := range sp.ActorNums {
			v := &Value{}
			switch {
			case an.Choice != nil:
				v.Choice = an.Choice
				for _, w := range an.Weights {
					v.Weights = append(v.Weights, num(w))
				}
			case an.Dist != "":
				v.Dist, v.Params = an.Dist, numMap(an.Params)
			default:
				v.Number = numPtr(an.Value)
			}
			f.setActorValue(an.Actor, an.Issue, an.Field, v)
		}
	}
	for _, s := range sp.States {
		f.States = append(f.States, State{s.Name, s.Description, s.Absorbing})
	}
	for _, t := range sp.Transitions {
		ft := Transition{Name: t.Name, Description: t.Description, From: t.From, To: t.To, When: t.When,
			Rate: numPtr(t.Delay.Rate), Fixed: numPtr(t.Delay.Fixed), Participants: t.Meeting.Participants}
		if t.Delay.Dist != "" {
			ft.Delay = &Value{Dist: t.Delay.Dist, Params: numMap(t.Delay.Params)}
		}
		for _, tg := range t.Branch {
			if tg.Weight != "" {
				ft.Branch = append(ft.Branch, Target{To: tg.To, Weight: tg.Weight})
				continue
			}
			p := num(tg.P)
			ft.Branch = append(ft.Branch, Target{To: tg.To, P: &p})
		}
		ft.Do = effects(t.Do)
		ft.Agenda, err = agenda(t.Meeting)
		if err != nil {
			return nil, err
		}
		if d := t.OnDecline; d != nil {
			fd := &Decline{RetryAfter: numPtr(d.RetryAfter), To: d.To}
			if d.Retry != nil {
				fd.Retry = &Value{Dist: d.Retry.Dist, Params: numMap(d.Retry.Params)}
			}
			ft.OnDecline = fd
		}
		f.Transitions = append(f.Transitions, ft)
	}
	for _, e := range sp.Events {
		fe := Event{Name: e.Name, Description: e.Description, Rate: numPtr(e.Rate), In: e.In, When: e.When,
			Goto: e.Goto, Once: e.Once, Participants: e.Meeting.Participants, Do: effects(e.Do)}
		if e.Day != nil {
			fe.At = &At{Day: num(*e.Day), P: num(*e.P)}
		}
		if fe.Agenda, err = agenda(e.Meeting); err != nil {
			return nil, err
		}
		f.Events = append(f.Events, fe)
	}
	for _, r := range sp.Routes {
		f.Routes = append(f.Routes, Route{r.Name, r.Description, r.States, r.InOrder})
	}
	for _, c := range sp.Claims {
		fc := Claim{Name: c.Name, Description: c.Description, Reached: c.Reached, Completed: c.Completed,
			Occurred: c.Occurred, Agreed: c.Agreed, By: c.By}
		fc.AtLeast, fc.AtMost = c.AtLeast, c.AtMost
		f.Claims = append(f.Claims, fc)
	}
	if nerr != nil {
		return nil, fmt.Errorf("scenariofile: %q cannot be written: %w", sc.Name(), nerr)
	}
	return f, nil
}

func effects(es []scenario.EffectSpec) []any {
	var out []any
	for _, e := range es {
		if s := e.ShiftRange; s != nil {
			var lo, hi any = s.Lo, s.Hi
			if s.LoExpr != "" || s.HiExpr != "" {
				lo, hi = s.LoExpr, s.HiExpr
			}
			out = append(out, map[string]any{"shift_range": map[string]any{"actor": s.Actor, "issue": s.Issue, "lo": lo, "hi": hi}})
			continue
		}
		out = append(out, e.Assign)
	}
	return out
}

func agenda(m scenario.MeetingSpec) (*Agenda, error) {
	if m.Bargainer == nil {
		return nil, nil
	}
	var name string
	switch m.Bargainer.(type) {
	case actors.WeightedMean:
		name = "mean"
	case actors.WeightedMedian:
		name = "median"
	case actors.NashSolution:
		name = "nash"
	case actors.Rubinstein:
		name = "rubinstein"
	default:
		return nil, fmt.Errorf("bargainer %T has no name in scenario files", m.Bargainer)
	}
	return &Agenda{Bargainer: name, Issues: m.Agenda}, nil
}

func (f *File) fromModel(m *actors.Model) error {
	for _, is := range m.Issues() {
		f.Issues = append(f.Issues, Issue{is.ID, is.Name, is.Min, is.Max, is.Units})
	}
	value := fileValue
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

// fromNum writes a scenario.Num as a file Number: a literal, or the text of
// its formula; a formula that is a Go function without text cannot be
// written.
func fromNum(n scenario.Num) (Number, error) {
	switch {
	case n.IsConst():
		return Num(n.Value), nil
	case n.Text != "":
		return Number{Expr: n.Text}, nil
	}
	return Number{}, fmt.Errorf("a number depends on parameters %v through a Go function without text", n.Params)
}

// setActorValue replaces the value of an actor's or a position's field.
func (f *File) setActorValue(actor, issue string, field actors.Field, v *Value) {
	if issue == "" {
		for i := range f.Actors {
			if a := &f.Actors[i]; a.ID == actor {
				*[]**Value{&a.Capability, &a.Risk, &a.Discount, &a.Reservation}[field] = v
			}
		}
		return
	}
	for i := range f.Positions {
		if p := &f.Positions[i]; p.Actor == actor && p.Issue == issue {
			*[]**Value{&p.Ideal, &p.Salience, &p.Lo, &p.Hi}[field-actors.Ideal] = v
		}
	}
}

func numList(xs []float64) []Number {
	if xs == nil {
		return nil
	}
	out := make([]Number, len(xs))
	for i, x := range xs {
		out[i] = Num(x)
	}
	return out
}

// fileValue writes an actors.Value as a file Value; nil for an unset one.
func fileValue(v actors.Value) (*Value, error) {
	if x, ok := v.Number(); ok {
		return &Value{Number: NumPtr(x)}, nil
	}
	if values, weights, ok := v.Choices(); ok {
		return &Value{Choice: values, Weights: numList(weights)}, nil
	}
	if d, ok := v.Distribution(); ok {
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
func describeDist(d scenario.Distribution) (string, map[string]Number, bool) {
	var name string
	var xs []float64
	switch v := d.(type) {
	case distuv.Exponential:
		name, xs = "exponential", []float64{v.Rate}
	case *distuv.Exponential:
		if v == nil {
			return "", nil, false
		}
		return describeDist(*v)
	case distuv.Uniform:
		name, xs = "uniform", []float64{v.Min, v.Max}
	case distuv.Gamma:
		name, xs = "gamma", []float64{v.Alpha, v.Beta}
	case *distuv.Gamma:
		if v == nil {
			return "", nil, false
		}
		return describeDist(*v)
	case distuv.Beta:
		name, xs = "beta", []float64{v.Alpha, v.Beta}
	case *distuv.Beta:
		if v == nil {
			return "", nil, false
		}
		return describeDist(*v)
	case distuv.LogNormal:
		name, xs = "lognormal", []float64{v.Mu, v.Sigma}
	case distuv.Weibull:
		name, xs = "weibull", []float64{v.K, v.Lambda}
	case distuv.Normal:
		name, xs = "normal", []float64{v.Mu, v.Sigma}
	default:
		return "", nil, false
	}
	params := map[string]Number{}
	for i, x := range xs {
		params[distParams(name)[i]] = Num(x)
	}
	return name, params, true
}

// fileRule writes an acceptance rule as a file does: a name, or a one-key
// mapping such as {var_at_least: {var: prepared, value: 1}} or {all: [...]}.
func fileRule(r actors.Rule) (any, error) {
	switch x := r.(type) {
	case actors.Always:
		return "always", nil
	case actors.ZoneOfAgreement:
		return "zone_of_agreement", nil
	case actors.ReservationValue:
		return "reservation_value", nil
	case actors.VarAtLeast:
		return map[string]any{"var_at_least": map[string]any{"var": x.Var, "value": x.Min}}, nil
	case actors.VarAtMost:
		return map[string]any{"var_at_most": map[string]any{"var": x.Var, "value": x.Max}}, nil
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
