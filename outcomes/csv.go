package outcomes

import (
	"encoding/csv"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
)

// WriteCSV writes the Result in long form, one estimate a row, for
// notebooks: columns kind, name, day (empty when not per day), p, lo, hi,
// hits, n, value, date (the calendar date of day, when the Result has a
// start date). Kinds: final, open_in, claim, route_completed, route_open,
// route_closed, state_reached, transition_fired, event, path, decline,
// no_agreement; and quantiles, whose p is the level and value the
// quantile: route_completion_day and state_entry_day (value: the day),
// agreed_quantile (value: the value agreed); agreed_mean gives the mean
// agreed in value, with its interval in lo and hi. Metadata rows come first: "parameter" (p: the value used)
// for each parameter, "parameter_drawn" for each drawn per run. A Result that is not the whole answer says so first: a
// "partial" row (the run was stopped; n is the runs finished) and a
// "precision_not_met" row (name: the widest estimate; p: its half-width;
// lo = hi: the target). A Result conditioned on observations has a
// "given" row (p: the likelihood, the share of runs consistent with them;
// hits: the runs accepted; n: the runs made) and a "given_observation" row
// per observation (name: the observation; the share of runs consistent
// with it alone).
func (r *Result) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"kind", "name", "day", "p", "lo", "hi", "hits", "n", "value", "date"})
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	if r.mcPart().Partial {
		cw.Write([]string{"partial", "the run was stopped before all runs were done", "", "", "", "", "", strconv.FormatInt(r.mcPart().Runs, 10), "", ""})
	}
	if pr := r.mcPart().Precision; pr != nil && !pr.Met {
		cw.Write([]string{"precision_not_met", pr.Widest, "", f(pr.HalfWidth), f(pr.Target), f(pr.Target), "", strconv.FormatInt(r.mcPart().Runs, 10), "", ""})
	}
	for _, name := range slices.Sorted(maps.Keys(r.Parameters)) {
		cw.Write([]string{"parameter", name, "", f(r.Parameters[name]), "", "", "", "", "", ""})
	}
	for _, name := range r.mcPart().DrawnParameters {
		cw.Write([]string{"parameter_drawn", name, "", "", "", "", "", "", "", ""})
	}
	row := func(kind, name string, day float64, e Estimate) {
		d, date := "", ""
		if !(day < 0) {
			d, date = strconv.FormatFloat(day, 'g', -1, 64), r.Date(day)
		}
		cw.Write([]string{kind, name, d, f(e.P), f(e.Lo), f(e.Hi), strconv.FormatInt(e.Hits, 10), strconv.FormatInt(e.N, 10), "", date})
	}
	// quantile writes a quantile: its level in p, the quantile in value
	// (and, for a day, in day and date too).
	quantile := func(kind, name string, q, value float64, isDay bool) {
		d, date := "", ""
		if isDay {
			d, date = f(value), r.Date(value)
		}
		cw.Write([]string{kind, name, d, f(q), "", "", "", "", f(value), date})
	}
	if g := r.Given; g != nil {
		row("given", "likelihood of the observations", -1, g.Likelihood)
		for i, o := range g.Observations {
			row("given_observation", o, -1, g.Held[i])
		}
	}
	for _, o := range r.Final {
		row("final", o.Name, -1, o.Estimate)
	}
	for _, o := range r.OpenIn {
		row("open_in", o.Name, -1, o.Estimate)
	}
	for _, o := range r.StuckIn {
		row("stuck_in", o.Name, -1, o.Estimate)
	}
	for _, c := range r.Claims {
		row("claim", c.Name, c.Day, c.Estimate)
	}
	for _, rt := range r.Routes {
		for i, d := range r.Days {
			row("route_completed", rt.Name, d, rt.CompletedBy[i])
			row("route_open", rt.Name, d, rt.OpenAt[i])
			row("route_closed", rt.Name, d, rt.ClosedAt[i])
		}
		for _, q := range rt.CompletionDay {
			quantile("route_completion_day", rt.Name, q.Q, q.Day, true)
		}
	}
	for _, s := range r.States {
		for i, d := range r.Days {
			row("state_reached", s.Name, d, s.ReachedBy[i])
		}
		for _, q := range s.EntryDay {
			quantile("state_entry_day", s.Name, q.Q, q.Day, true)
		}
	}
	for _, t := range r.mcPart().Transitions {
		row("transition_fired", t.Name, -1, t.Fired)
	}
	for _, e := range r.Events {
		row("event", e.Name, -1, e.Occurred)
	}
	for _, p := range r.mcPart().Paths {
		row("path", strings.Join(p.States, " > "), -1, p.Estimate)
	}
	for _, d := range r.mcPart().Declines {
		row("decline", d.Meeting+"/"+d.Actor, -1, d.Share)
	}
	for _, a := range r.mcPart().Agreements {
		name := a.Meeting + "/" + a.Issue
		row("no_agreement", name, -1, a.NoAgreement)
		if a.Mean != nil {
			lo, hi := "", ""
			if len(a.MeanInterval) == 2 {
				lo, hi = f(a.MeanInterval[0]), f(a.MeanInterval[1])
			}
			cw.Write([]string{"agreed_mean", name, "", "", lo, hi, "", strconv.FormatInt(a.Held, 10), f(*a.Mean), ""})
		}
		for _, q := range a.Quantiles {
			quantile("agreed_quantile", name, q.Q, q.Value, false)
		}
	}
	cw.Flush()
	return cw.Error()
}
