package scenariofile

import (
	"fmt"
	"io"

	"github.com/goccy/go-yaml"

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
	for _, v := range sp.Vars {
		f.Variables = append(f.Variables, Variable{v.Name, Num(v.Initial)})
	}
	if m := sp.Actors; m != nil {
		if err := f.fromModel(m); err != nil {
			return nil, fmt.Errorf("scenariofile: %q cannot be written: %w", sc.Name(), err)
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
			ft.Branch = append(ft.Branch, Target{To: tg.To, P: NumPtr(tg.P)})
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
			fe.At = &At{Day: Num(*e.Day), P: Num(*e.P)}
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
		if c.Agreed != "" {
			at := c.AtLeast
			fc.AtLeast = &at
		}
		f.Claims = append(f.Claims, fc)
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
	value := func(v actors.Value) (*Value, error) {
		s, err := v.Spec()
		if s == nil || err != nil {
			return nil, err
		}
		return &Value{Number: numPtr(s.Number), Dist: s.Dist, Params: numMap(s.Params), Choice: s.Choice, Weights: numList(s.Weights)}, nil
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
			if fa.Accept, err = actors.RuleSpec(a.Accept); err != nil {
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

func numPtr(x *float64) *Number {
	if x == nil {
		return nil
	}
	return NumPtr(*x)
}

func numMap(m map[string]float64) map[string]Number {
	if m == nil {
		return nil
	}
	out := make(map[string]Number, len(m))
	for k, x := range m {
		out[k] = Num(x)
	}
	return out
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
