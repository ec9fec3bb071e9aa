package outcomes

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
)

// ErrResult is matched by errors of a Result that no run and no exact
// analysis could have given: one read from a file that is damaged or
// written by hand.
var ErrResult = errors.New("not a result parley gives")

// ReadResult reads a Result as Result.WriteJSON writes it, or within the
// envelope that parley run -format json writes ({"tool": "parley", ...,
// "result": {...}}), and checks it (Result.Check): a file edited or
// damaged is refused, naming the field, rather than scored or drawn.
func ReadResult(r io.Reader) (*Result, error) {
	data, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	var env struct {
		Result json.RawMessage `json:"result"`
	}
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrResult, err)
	}
	if len(env.Result) > 0 && !bytes.Equal(env.Result, []byte("null")) {
		data = env.Result
	}
	var res Result
	if err := json.Unmarshal(data, &res); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrResult, err)
	}
	if res.Scenario == "" {
		return nil, fmt.Errorf("%w: no scenario named: not a parley result", ErrResult)
	}
	// A probability left out reads as 0: a claim or a final state without
	// its p is refused rather than taken for impossible.
	var present struct {
		Final  []map[string]json.RawMessage `json:"final"`
		Claims []map[string]json.RawMessage `json:"claims"`
	}
	if err := json.Unmarshal(data, &present); err != nil {
		return nil, fmt.Errorf("%w: %v", ErrResult, err)
	}
	for _, list := range []struct {
		name  string
		items []map[string]json.RawMessage
	}{{"final", present.Final}, {"claims", present.Claims}} {
		for i, it := range list.items {
			for _, key := range []string{"name", "p", "lo", "hi"} {
				if _, ok := it[key]; !ok {
					return nil, fmt.Errorf("%w: %s[%d] has no %s", ErrResult, list.name, i, key)
				}
			}
		}
	}
	if err := res.Check(); err != nil {
		return nil, err
	}
	return &res, nil
}

// Check reports the first way in which r is not a Result that a run or an
// exact analysis gives, naming the field: no runs, a probability (of a
// final state, claim, route, state, event, transition fired, path,
// decline or absorption) outside [0, 1] or outside its interval, hits
// above their runs, a name listed twice, final states that do not sum to
// 1, report days out of order, a negative expected time.
// A Result made by Run, Merge or Exact passes.
func (r *Result) Check() error {
	bad := func(format string, args ...any) error {
		return fmt.Errorf("%w: %s", ErrResult, fmt.Sprintf(format, args...))
	}
	var runs int64 // of a Result of runs; 0 for an exact one
	switch {
	case (r.MonteCarlo == nil) == (r.Exact == nil):
		return bad("a result is of runs (MonteCarlo) or exact (Exact), not %s", map[bool]string{true: "both", false: "neither"}[r.Exact != nil])
	case r.MonteCarlo != nil && r.MonteCarlo.Runs < 1:
		return bad("runs is %d: a result of runs has at least one", r.MonteCarlo.Runs)
	case r.MonteCarlo != nil:
		runs = r.MonteCarlo.Runs
	}
	switch {
	case !finite(r.Horizon) || r.Horizon <= 0:
		return bad("horizon is %v", r.Horizon)
	case !(r.Confidence > 0 && r.Confidence <= 1):
		return bad("confidence is %v", r.Confidence)
	}
	for i, d := range r.Days {
		if !finite(d) || d < 0 || d > r.Horizon || i > 0 && d <= r.Days[i-1] {
			return bad("days[%d] is %v: report days run up from 0 to the horizon", i, d)
		}
	}
	estimate := func(field string, e Estimate) error {
		switch {
		case !(e.Lo >= 0 && e.Lo <= e.P && e.P <= e.Hi && e.Hi <= 1):
			return bad("%s: p %v with interval [%v, %v]: want 0 <= lo <= p <= hi <= 1", field, e.P, e.Lo, e.Hi)
		case r.Exact != nil && (e.Hits != 0 || e.N != 0):
			return bad("%s: hits and n in an exact result", field)
		case r.Exact != nil:
			return nil
		case e.N < 0 || e.N > runs || e.Hits < 0 || e.Hits > e.N:
			return bad("%s: %d hits of %d runs, in a result of %d runs", field, e.Hits, e.N, runs)
		case e.N > 0 && e.P != float64(e.Hits)/float64(e.N):
			return bad("%s: p %v is not %d hits of %d runs", field, e.P, e.Hits, e.N)
		}
		return nil
	}
	names := func(list string, n int, name func(int) string) error {
		seen := make(map[string]int, n)
		for i := range n {
			if j, ok := seen[name(i)]; ok {
				return bad("%s[%d] and %s[%d] are both %q", list, j, list, i, name(i))
			}
			seen[name(i)] = i
		}
		return nil
	}
	sum, hits := 0.0, int64(0)
	for i, f := range r.Final {
		if err := estimate(fmt.Sprintf("final[%d] (%s)", i, f.Name), f.Estimate); err != nil {
			return err
		}
		sum += f.P
		hits += f.Hits
	}
	switch {
	case len(r.Final) > 0 && r.Exact != nil && math.Abs(sum-1) > 1e-9:
		return bad("final probabilities sum to %v, not 1", sum)
	case len(r.Final) > 0 && r.Exact == nil && hits != runs:
		return bad("final states hold %d runs of %d", hits, runs)
	}
	for i, c := range r.Claims {
		if err := estimate(fmt.Sprintf("claims[%d] (%s)", i, c.Name), c.Estimate); err != nil {
			return err
		}
		if !finite(c.Day) || c.Day < 0 {
			return bad("claims[%d] (%s): day %v", i, c.Name, c.Day)
		}
	}
	for i, rt := range r.Routes {
		field := fmt.Sprintf("routes[%d] (%s)", i, rt.Name)
		if err := estimate(field+".completed", rt.Completed); err != nil {
			return err
		}
		for _, series := range []struct {
			name string
			es   []Estimate
		}{{"completed_by", rt.CompletedBy}, {"open_at", rt.OpenAt}, {"closed_at", rt.ClosedAt}} {
			if len(series.es) != len(r.Days) {
				return bad("%s.%s has %d days, the result %d", field, series.name, len(series.es), len(r.Days))
			}
			for d, e := range series.es {
				if err := estimate(fmt.Sprintf("%s.%s[%d]", field, series.name, d), e); err != nil {
					return err
				}
			}
		}
	}
	for i, s := range r.States {
		field := fmt.Sprintf("states[%d] (%s)", i, s.Name)
		if err := estimate(field+".reached", s.Reached); err != nil {
			return err
		}
		if len(s.ReachedBy) != 0 && len(s.ReachedBy) != len(r.Days) {
			return bad("%s.reached_by has %d days, the result %d", field, len(s.ReachedBy), len(r.Days))
		}
		for d, e := range s.ReachedBy {
			if err := estimate(fmt.Sprintf("%s.reached_by[%d]", field, d), e); err != nil {
				return err
			}
		}
	}
	for i, e := range r.Events {
		if err := estimate(fmt.Sprintf("events[%d] (%s).occurred", i, e.Name), e.Occurred); err != nil {
			return err
		}
	}
	if mc := r.MonteCarlo; mc != nil {
		for i, t := range mc.Transitions {
			if err := estimate(fmt.Sprintf("transitions[%d] (%s).fired", i, t.Name), t.Fired); err != nil {
				return err
			}
		}
		for i, p := range mc.Paths {
			if err := estimate(fmt.Sprintf("paths[%d]", i), p.Estimate); err != nil {
				return err
			}
		}
		if len(mc.Paths) > 0 {
			if err := estimate("other_paths", mc.OtherPaths); err != nil {
				return err
			}
		}
		for i, d := range mc.Declines {
			if err := estimate(fmt.Sprintf("declines[%d] (%s, %s).share", i, d.Meeting, d.Actor), d.Share); err != nil {
				return err
			}
		}
	}
	if ex := r.Exact; ex != nil {
		for i, a := range ex.Absorption {
			if err := estimate(fmt.Sprintf("absorption[%d] (%s)", i, a.Name), a.Estimate); err != nil {
				return err
			}
		}
		if m := ex.MeanTimeToAbsorption; m != nil && !(*m >= 0 && !math.IsInf(*m, 1)) {
			return bad("mean_time_to_absorption is %v", *m)
		}
	}
	for _, check := range []error{
		names("final", len(r.Final), func(i int) string { return r.Final[i].Name }),
		names("claims", len(r.Claims), func(i int) string { return r.Claims[i].Name }),
		names("routes", len(r.Routes), func(i int) string { return r.Routes[i].Name }),
		names("states", len(r.States), func(i int) string { return r.States[i].Name }),
		names("events", len(r.Events), func(i int) string { return r.Events[i].Name }),
	} {
		if check != nil {
			return check
		}
	}
	return nil
}

func finite(x float64) bool { return !math.IsNaN(x) && !math.IsInf(x, 0) }
