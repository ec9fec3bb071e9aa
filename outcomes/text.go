package outcomes

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"
)

// TextOptions selects what WriteText shows. A nil *TextOptions shows the
// defaults given in the field comments.
type TextOptions struct {
	// Days are the days at which route statuses are shown; nil means 7, 14,
	// 21, 30, 60 and 90 where they fall within the horizon, then the horizon.
	Days []float64
	// Paths is how many paths to list; 0 means all of Result.MonteCarlo.Paths.
	Paths int
	// States lists P(reached by horizon) and entry-day quantiles per state.
	States bool
}

// WriteText writes the Result as plain-text tables: final states, claims,
// routes (completed / open / closed at chosen days), the most likely paths,
// when asked the states, then events, declines by actor and agreed values. Every probability is printed with its interval.
func (r *Result) WriteText(w io.Writer, opts *TextOptions) error {
	var o TextOptions
	if opts != nil {
		o = *opts
	}
	if o.Days == nil {
		o.Days = r.SummaryDays([]float64{7, 14, 21, 30, 60, 90})
	} else {
		for _, d := range o.Days {
			if !r.Answers(d) {
				return r.offGrid(d)
			}
		}
	}
	if o.Paths <= 0 || o.Paths > len(r.mcPart().Paths) {
		o.Paths = len(r.mcPart().Paths)
	}
	conf := strconv.FormatFloat(100*r.Confidence, 'g', 4, 64) + "% interval"

	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	partial := ""
	if r.mcPart().Partial {
		partial = " (partial: the run was stopped)"
	}
	// head and cell print a probability column, with its interval column
	// unless the Result is exact.
	head := func(label string) string { return label + "\t" + conf }
	cell := func(e Estimate) string { return prob(e.P) + "\t" + interval(e) }
	from := ""
	if r.From > 0 {
		from = ", from day " + days(r.From)
	}
	if r.StartDate != "" {
		from += fmt.Sprintf(" (%s to %s)", r.dateFrom(r.From), r.Date(r.Horizon))
	}
	if r.Exact != nil {
		over := ""
		if ex := r.Exact; len(ex.Follows) > 0 {
			over = fmt.Sprintf(", over states and the values of %s (%d pairs)", strings.Join(ex.Follows, ", "), ex.Pairs)
		}
		fmt.Fprintf(tw, "%s: exact, horizon %s days%s%s\n", r.Scenario, days(r.Horizon), from, over)
		head = func(label string) string { return label }
		cell = func(e Estimate) string { return prob(e.P) }
	} else {
		fmt.Fprintf(tw, "%s: %d runs, seed %d, horizon %s days%s%s\n", r.Scenario, r.mcPart().Runs, r.mcPart().Seed, days(r.Horizon), from, partial)
		if pr := r.mcPart().Precision; pr != nil && !pr.Met {
			fmt.Fprintf(tw, "precision NOT met: %s has half-width %.4f > %.4f (the run cap was reached)\n", pr.Widest, pr.HalfWidth, pr.Target)
		}
	}

	if line := r.parametersLine(); line != "" {
		fmt.Fprintln(tw, line)
	}
	if g := r.Given; g != nil {
		fmt.Fprintf(tw, "given %d observation", len(g.Observations))
		if len(g.Observations) != 1 {
			fmt.Fprint(tw, "s")
		}
		if r.Exact != nil {
			fmt.Fprintf(tw, ", conditioned on exactly\nObservation\t%s\n", head("P alone"))
		} else {
			fmt.Fprintf(tw, ": %d of %d runs consistent (%d effective runs behind every estimate below)\n", g.Accepted, g.Made, g.Accepted)
			fmt.Fprintf(tw, "Observation\t%s\n", head("runs consistent"))
		}
		for i, o := range g.Observations {
			fmt.Fprintf(tw, "%s\t%s\n", o, cell(g.Held[i]))
		}
		fmt.Fprintf(tw, "all together: the likelihood\t%s\n", cell(g.Likelihood))
	}

	fmt.Fprintf(tw, "\nFinal state\t%s\n", head("P"))
	// Each breakdown under its own row: open runs by state, stuck runs by
	// state and, under each state, who declined the meetings out of it.
	for _, f := range r.Final {
		fmt.Fprintf(tw, "%s\t%s\n", f.Name, cell(f.Estimate))
		switch f.Name {
		case "open":
			for _, o := range r.OpenIn {
				fmt.Fprintf(tw, "  open in %s\t%s\n", o.Name, cell(o.Estimate))
			}
		case "stuck":
			for _, st := range r.StuckIn {
				fmt.Fprintf(tw, "  stuck in %s: nothing could move it\t%s\n", st.Name, cell(st.Estimate))
				for _, d := range r.mcPart().StuckDeclines {
					if d.State == st.Name {
						fmt.Fprintf(tw, "    %s declined %s, in this share of the runs stuck there\t%s\n", d.Actor, d.Meeting, cell(d.Share))
					}
				}
			}
		}
	}
	if a := r.mcPart().TimeToAbsorption; a != nil {
		fmt.Fprintf(tw, "mean day of the end, in the %d runs that ended by the horizon: %.1f [%.1f, %.1f]\n", a.N, a.Mean, a.Lo, a.Hi)
	} else if r.exactPart().MeanTimeToAbsorption != nil {
		fmt.Fprintf(tw, "expected day of the end, ever: %.1f\n", *r.exactPart().MeanTimeToAbsorption)
	}

	if len(r.Claims) > 0 {
		fmt.Fprintf(tw, "\nClaim\t%s\n", head("P"))
		for _, c := range r.Claims {
			fmt.Fprintf(tw, "%s: %s\t%s\n", c.Name, c.Description, cell(c.Estimate))
		}
	}

	for _, rt := range r.Routes {
		fmt.Fprintf(tw, "\nRoute %s: %s\n", rt.Name, strings.Join(rt.States, " → "))
		date := func(d float64) string { return "" }
		if r.StartDate != "" {
			date = func(d float64) string { return r.Date(d) + "\t" }
			fmt.Fprint(tw, "date\t")
		}
		fmt.Fprintf(tw, "day\t%s\t%s\t%s\n", head("completed"), head("open"), head("closed"))
		for _, d := range o.Days {
			c, op, x, err := rt.At(r, d)
			if err != nil {
				return err
			}
			fmt.Fprintf(tw, "%s%s\t%s\t%s\t%s\n", date(d), days(d), cell(c), cell(op), cell(x))
		}
		if len(rt.CompletionDay) > 0 {
			fmt.Fprintf(tw, "completion day: %s\n", quantileText(rt.CompletionDay))
		}
	}

	if r.Exact != nil {
		if len(r.exactPart().Absorption) > 0 {
			fmt.Fprintf(tw, "\nEventually absorbed in\tP\n")
		}
		for _, a := range r.exactPart().Absorption {
			fmt.Fprintf(tw, "%s\t%s\n", a.Name, prob(a.P))
		}
		if r.exactPart().MeanTimeToAbsorption != nil {
			fmt.Fprintf(tw, "mean days to absorption\t%.4g\n", *r.exactPart().MeanTimeToAbsorption)
		}
	}
	if o.Paths > 0 && r.Exact == nil {
		fmt.Fprintf(tw, "\nPath\t%s\n", head("P"))
		for _, p := range r.mcPart().Paths[:o.Paths] {
			fmt.Fprintf(tw, "%s\t%s\n", strings.Join(p.States, " → "), cell(p.Estimate))
		}
		fmt.Fprintf(tw, "(other paths)\t%s\n", cell(r.mcPart().OtherPaths))
	}

	// A Result made for some outputs shows the states and transitions it
	// was asked for, which a Result of everything lists only on request.
	asked := func(kind string) bool {
		return slices.ContainsFunc(r.Outputs, func(k string) bool { return strings.Split(k, ":")[0] == kind })
	}
	if o.States || asked("state") {
		fmt.Fprintf(tw, "\nState\t%s\tentry day\n", head("P(reached)"))
		for _, s := range r.States {
			fmt.Fprintf(tw, "%s\t%s\t%s\n", s.Name, cell(s.Reached), quantileText(s.EntryDay))
		}
	}
	if asked("fired") {
		fmt.Fprintf(tw, "\nTransition\t%s\n", head("P(fired)"))
		for _, t := range r.mcPart().Transitions {
			fmt.Fprintf(tw, "%s\t%s\n", t.Name, cell(t.Fired))
		}
	}
	if len(r.Events) > 0 {
		fmt.Fprintf(tw, "\nEvent\t%s\tmean count\n", head("P(occurred)"))
		for _, e := range r.Events {
			fmt.Fprintf(tw, "%s\t%s\t%.3f\n", e.Name, cell(e.Occurred), e.Mean)
		}
	}
	if len(r.mcPart().Declines) > 0 {
		fmt.Fprintf(tw, "\nDeclines (share of runs proposing the meeting)\tactor\tP(declined)\t%s\truns proposed\n", conf)
		quiet := 0
		for _, d := range r.mcPart().Declines {
			if d.Declines == 0 {
				quiet++
				continue
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%d\n", d.Meeting, d.Actor, prob(d.Share.P), interval(d.Share), d.Share.N)
		}
		if quiet > 0 {
			fmt.Fprintf(tw, "(%d other meeting participants never declined)\n", quiet)
		}
	}
	if len(r.mcPart().Agreements) > 0 {
		fmt.Fprintf(tw, "\nAgreements\tissue\theld\tP(no agreement)\t%s\tmean\tquantiles\n", conf)
		for _, a := range r.mcPart().Agreements {
			mean := "-"
			if a.Mean != nil {
				mean = strconv.FormatFloat(*a.Mean, 'g', 4, 64)
			}
			fmt.Fprintf(tw, "%s\t%s\t%d\t%s\t%s\t%s\t%s\n", a.Meeting, a.Issue, a.Held,
				prob(a.NoAgreement.P), interval(a.NoAgreement), mean, valueQuantileText(a.Quantiles))
		}
	}
	for _, f := range r.mcPart().Faults {
		fmt.Fprintf(tw, "\nfault: transition %s: unusable branch weights, or a rate, delay or day read from the world, in %d runs\n", f.Transition, f.Runs)
	}
	return tw.Flush()
}

func prob(p float64) string { return strconv.FormatFloat(p, 'f', 4, 64) }

func interval(e Estimate) string { return "[" + prob(e.Lo) + ", " + prob(e.Hi) + "]" }

func days(d float64) string { return strconv.FormatFloat(d, 'g', 6, 64) }

func quantileText(qs []Quantile) string {
	parts := make([]string, len(qs))
	for i, q := range qs {
		parts[i] = fmt.Sprintf("q%s %s", strconv.FormatFloat(100*q.Q, 'g', 4, 64), strconv.FormatFloat(q.Day, 'f', 1, 64))
	}
	return strings.Join(parts, "  ")
}

func valueQuantileText(qs []ValueQuantile) string {
	parts := make([]string, len(qs))
	for i, q := range qs {
		parts[i] = fmt.Sprintf("q%s %s", strconv.FormatFloat(100*q.Q, 'g', 4, 64), strconv.FormatFloat(q.Value, 'g', 4, 64))
	}
	return strings.Join(parts, "  ")
}

// parametersLine says which parameter values the runs used: all of them
// when there are a few, else how many kept their defaults and the others.
func (r *Result) parametersLine() string {
	if len(r.Parameters) == 0 {
		return ""
	}
	drawn := map[string]bool{}
	for _, n := range r.mcPart().DrawnParameters {
		drawn[n] = true
	}
	names := slices.Sorted(maps.Keys(r.Parameters))
	all := len(names) <= 8 || r.defaults == nil
	var set []string
	atDefault := 0
	for _, n := range names {
		x, def := r.Parameters[n], r.defaults[n]
		switch {
		case drawn[n]:
		case all || x != def:
			set = append(set, n+" = "+strconv.FormatFloat(x, 'g', -1, 64))
		default:
			atDefault++
		}
	}
	var parts []string
	if atDefault > 0 {
		parts = append(parts, fmt.Sprintf("%d at their defaults", atDefault))
	}
	if len(set) > 0 {
		label := "set: "
		if all {
			label = ""
		}
		parts = append(parts, label+strings.Join(set, ", "))
	}
	if len(r.mcPart().DrawnParameters) > 0 {
		parts = append(parts, "drawn per run: "+strings.Join(r.mcPart().DrawnParameters, ", "))
	}
	return "parameters: " + strings.Join(parts, "; ")
}

// SummaryDays returns the days a summary table shows for the days wanted:
// each of them before the horizon, or, where the Result cannot answer it
// exactly (see Answers), the first report day after it; then the horizon.
// Every day shown is a day the Result answers.
func (r *Result) SummaryDays(want []float64) []float64 {
	var out []float64
	add := func(d float64) {
		if len(out) == 0 || d > out[len(out)-1] {
			out = append(out, d)
		}
	}
	for _, d := range want {
		if d >= r.Horizon {
			continue
		}
		if !r.Answers(d) {
			i, _ := slices.BinarySearch(r.Days, d)
			if i >= len(r.Days) {
				continue
			}
			d = r.Days[i]
		}
		if d < r.Horizon {
			add(d)
		}
	}
	add(r.Horizon)
	return out
}
