package outcomes

import (
	"cmp"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"slices"
	"time"

	"github.com/parleysim/parley/scenario"
)

// Result is what many runs of a scenario show (Run), or what exact
// analysis computes (Exact). Every probability is an Estimate with its
// interval at Confidence. Per-day series are indexed like Days, the report
// grid over the horizon.
//
// The fields of Result mean the same in both methods. What only runs tally
// is in MonteCarlo, and what only exact analysis computes is in Exact:
// exactly one of the two is set, so that no field is left zero because the
// other method made the Result.
type Result struct {
	Scenario string
	Horizon  float64
	// From is the day runs began on: 0, or the day of a scenario started
	// from now (scenario.Scenario.From).
	From float64
	// StartDate is the calendar date of day 0 (2025-08-18), when the
	// scenario has one: outputs then show dates beside days (Date).
	StartDate  string
	Confidence float64
	// Outputs are the outputs the runs recorded (Config.Outputs); nil for
	// everything. Claims, Routes, States, Events and the MonteCarlo part
	// then hold only those, and Estimate refuses a key for another.
	Outputs []string
	Days    []float64
	// Parameters are the values of the scenario's parameters used, by
	// name (MonteCarlo.DrawnParameters names those each run drew instead).
	Parameters map[string]float64
	// defaults are the parameters' declared defaults, so that text output
	// can say which were set; nil in a Result read back from JSON.
	defaults map[string]float64
	// lookup answers days between the report days, where it can exactly.
	lookup dayLookup

	// Final gives the share of runs ending in each absorbing state, then
	// "open" (at the horizon), then "stuck", "step limit" and "fault" if
	// any run ended so. A stuck run reached the horizon where nothing could
	// move it any more (scenario.EndStuck): it is not open.
	Final []Outcome
	// OpenIn breaks the open runs down by the state they were in at the
	// horizon, and StuckIn the stuck runs by the state they were stuck in.
	OpenIn  []Outcome
	StuckIn []Outcome
	Claims  []ClaimResult
	Routes  []RouteResult
	States  []StateResult
	Events  []EventResult

	// Given reports the observations the Result is conditioned on, and how
	// many runs were consistent with them (Config.Given); nil otherwise.
	// Every other field is then about the consistent runs only.
	Given *Conditioning

	// MonteCarlo is what runs tally beyond the common fields; nil in a
	// Result of Exact.
	MonteCarlo *MonteCarloPart
	// Exact is what exact analysis computes beyond the common fields; nil
	// in a Result of runs. Every Estimate of an exact Result is exact (Lo =
	// Hi = P, N = 0).
	Exact *ExactPart
}

// MonteCarloPart is what many runs tally beyond what exact analysis also
// gives.
type MonteCarloPart struct {
	Runs    int64
	Seed    uint64
	Partial bool
	// DrawnParameters names the parameters each run drew from their priors
	// (Config.DrawParameters) instead of using Result.Parameters.
	DrawnParameters []string
	// Paths are the most likely sequences of states entered, most likely first.
	Paths []PathShare
	// OtherPaths is the share of runs on any path not listed in Paths.
	OtherPaths Estimate
	// DistinctPaths is how many distinct paths were tallied (at most
	// Config.PathCapacity).
	DistinctPaths int
	// Transitions gives, per transition, the share of runs in which it fired.
	Transitions []TransitionResult
	// Faults counts, per transition, the runs ended by unusable branch
	// weights, or by a rate, delay or day read from the world that was
	// unusable.
	Faults []Fault
	// Declines says, for every meeting and participant, how often the
	// participant declined it.
	Declines []DeclineResult
	// StuckDeclines says who held the stuck runs up: for every meeting out
	// of a state runs were stuck in, and every participant who declined it
	// in some of them, the share of the runs stuck there in which it did
	// (Declines is 0: only runs are counted).
	StuckDeclines []DeclineResult
	// Agreements describes what each meeting agreed on each agenda issue.
	Agreements []AgreementResult
	// Precision reports how a precision-targeted run ended; nil otherwise.
	Precision *PrecisionReport
	// TimeToAbsorption is the mean day on which runs ended in an absorbing
	// state, among those that did by the horizon, with its interval at
	// Confidence (normal approximation); nil when none did. Unlike
	// ExactPart.MeanTimeToAbsorption it leaves out runs still open.
	TimeToAbsorption *MeanEstimate
}

// ExactPart is what exact analysis computes beyond what runs also give.
type ExactPart struct {
	// Absorption gives the probability of ending, ever, in each absorbing
	// state from the start, and MeanTimeToAbsorption the expected days
	// until then; both absent when some state never reaches an absorbing
	// one.
	Absorption           []Outcome
	MeanTimeToAbsorption *float64
	// Follows names the variables whose values the chain follows beside
	// the states (guards, rates or acceptance rules read them and effects
	// change them), and Pairs counts the (state, values) pairs it runs
	// over; both empty for a chain over states.
	Follows []string
	Pairs   int
}

// resultJSON is a Result as JSON writes it: one flat object, the fields of
// runs and of exact analysis beside the common ones, in the order files
// written before the parts existed have.
type resultJSON struct {
	Scenario             string             `json:"scenario"`
	Runs                 int64              `json:"runs"`
	Seed                 uint64             `json:"seed"`
	Partial              bool               `json:"partial"`
	Horizon              float64            `json:"horizon"`
	From                 float64            `json:"from,omitempty"`
	StartDate            string             `json:"start_date,omitempty"`
	Confidence           float64            `json:"confidence"`
	Outputs              []string           `json:"outputs,omitempty"`
	Days                 []float64          `json:"days"`
	Parameters           map[string]float64 `json:"parameters,omitempty"`
	DrawnParameters      []string           `json:"parameters_drawn,omitempty"`
	Final                []Outcome          `json:"final"`
	OpenIn               []Outcome          `json:"open_in"`
	StuckIn              []Outcome          `json:"stuck_in,omitempty"`
	Paths                []PathShare        `json:"paths"`
	OtherPaths           Estimate           `json:"other_paths"`
	DistinctPaths        int                `json:"distinct_paths"`
	Claims               []ClaimResult      `json:"claims"`
	Transitions          []TransitionResult `json:"transitions,omitempty"`
	Routes               []RouteResult      `json:"routes"`
	States               []StateResult      `json:"states"`
	Events               []EventResult      `json:"events"`
	Faults               []Fault            `json:"faults,omitempty"`
	Declines             []DeclineResult    `json:"declines,omitempty"`
	StuckDeclines        []DeclineResult    `json:"stuck_declines,omitempty"`
	Agreements           []AgreementResult  `json:"agreements,omitempty"`
	Given                *Conditioning      `json:"given,omitempty"`
	Precision            *PrecisionReport   `json:"precision,omitempty"`
	Exact                bool               `json:"exact,omitempty"`
	Absorption           []Outcome          `json:"absorption,omitempty"`
	MeanTimeToAbsorption *float64           `json:"mean_time_to_absorption,omitempty"`
	Follows              []string           `json:"follows,omitempty"`
	Pairs                int                `json:"pairs,omitempty"`
	TimeToAbsorption     *MeanEstimate      `json:"time_to_absorption,omitempty"`
}

// MarshalJSON writes the Result as one flat object: an exact Result has
// "exact": true and no runs (0), seed (0) or paths ([]).
func (r Result) MarshalJSON() ([]byte, error) {
	w := resultJSON{Scenario: r.Scenario, Horizon: r.Horizon, From: r.From, StartDate: r.StartDate,
		Confidence: r.Confidence, Outputs: r.Outputs, Days: r.Days, Parameters: r.Parameters, Final: r.Final, OpenIn: r.OpenIn, StuckIn: r.StuckIn,
		Claims: r.Claims, Routes: r.Routes, States: r.States, Events: r.Events, Given: r.Given}
	if mc := r.MonteCarlo; mc != nil {
		w.StuckDeclines = mc.StuckDeclines
		w.Runs, w.Seed, w.Partial, w.DrawnParameters = mc.Runs, mc.Seed, mc.Partial, mc.DrawnParameters
		w.Paths, w.OtherPaths, w.DistinctPaths = mc.Paths, mc.OtherPaths, mc.DistinctPaths
		w.Transitions, w.Faults, w.Declines, w.Agreements = mc.Transitions, mc.Faults, mc.Declines, mc.Agreements
		w.Precision, w.TimeToAbsorption = mc.Precision, mc.TimeToAbsorption
	}
	if ex := r.Exact; ex != nil {
		w.Exact, w.Paths = true, []PathShare{}
		w.Absorption, w.MeanTimeToAbsorption = ex.Absorption, ex.MeanTimeToAbsorption
		w.Follows, w.Pairs = ex.Follows, ex.Pairs
	}
	return json.Marshal(w)
}

// UnmarshalJSON reads a Result as MarshalJSON writes it: with "exact":
// true into the Exact part, otherwise into the MonteCarlo part.
func (r *Result) UnmarshalJSON(data []byte) error {
	var w resultJSON
	if err := json.Unmarshal(data, &w); err != nil {
		return err
	}
	*r = Result{Scenario: w.Scenario, Horizon: w.Horizon, From: w.From, StartDate: w.StartDate,
		Confidence: w.Confidence, Outputs: w.Outputs, Days: w.Days, Parameters: w.Parameters, Final: w.Final, OpenIn: w.OpenIn, StuckIn: w.StuckIn,
		Claims: w.Claims, Routes: w.Routes, States: w.States, Events: w.Events, Given: w.Given}
	if w.Exact {
		r.Exact = &ExactPart{Absorption: w.Absorption, MeanTimeToAbsorption: w.MeanTimeToAbsorption, Follows: w.Follows, Pairs: w.Pairs}
		if w.Runs != 0 || w.Seed != 0 || w.Partial || len(w.Paths) > 0 || w.DistinctPaths != 0 || len(w.Transitions) > 0 ||
			len(w.Faults) > 0 || len(w.Declines) > 0 || len(w.StuckDeclines) > 0 || len(w.Agreements) > 0 || w.Precision != nil || w.TimeToAbsorption != nil ||
			len(w.DrawnParameters) > 0 || w.OtherPaths != (Estimate{}) {
			return fmt.Errorf("an exact result with fields of runs (runs %d)", w.Runs)
		}
		return nil
	}
	if len(w.Absorption) > 0 || w.MeanTimeToAbsorption != nil || len(w.Follows) > 0 || w.Pairs != 0 {
		return errors.New("a result of runs with fields of exact analysis (absorption, follows)")
	}
	r.MonteCarlo = &MonteCarloPart{Runs: w.Runs, Seed: w.Seed, Partial: w.Partial, DrawnParameters: w.DrawnParameters,
		Paths: w.Paths, OtherPaths: w.OtherPaths, DistinctPaths: w.DistinctPaths, Transitions: w.Transitions,
		Faults: w.Faults, Declines: w.Declines, Agreements: w.Agreements, Precision: w.Precision,
		TimeToAbsorption: w.TimeToAbsorption}
	return nil
}

// MeanEstimate is a mean over N runs with its interval.
type MeanEstimate struct {
	Mean float64 `json:"mean"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
	N    int64   `json:"n"`
}

// DeclineResult is how often one actor declined one meeting.
type DeclineResult struct {
	Meeting string `json:"meeting"` // the transition's or event's name
	Actor   string `json:"actor"`
	// Share is the share, among the runs in which the meeting was proposed
	// (Share.N), of those in which the actor declined it at least once.
	Share Estimate `json:"share"`
	// Declines counts every decline, a run possibly declining more than once.
	Declines int64 `json:"declines"`
	// State is, for a decline that held runs up (StuckDeclines), the state
	// they were stuck in: the meeting's own.
	State string `json:"state,omitempty"`
}

// AgreementResult is the distribution of what one meeting agreed on one issue.
type AgreementResult struct {
	Meeting string `json:"meeting"`
	Issue   string `json:"issue"`
	// Held counts the meetings held with the issue on the agenda, over all
	// runs (a run may hold a meeting more than once).
	Held int64 `json:"held"`
	// NoAgreement is the share of those meetings that agreed nothing on the issue.
	NoAgreement Estimate `json:"no_agreement"`
	// Mean and Quantiles describe the values agreed; absent without
	// agreement. SD is their standard deviation and MeanInterval the
	// interval of the mean at Confidence (normal approximation), with at
	// least two agreements.
	Mean         *float64        `json:"mean,omitempty"`
	SD           *float64        `json:"sd,omitempty"`
	MeanInterval []float64       `json:"mean_interval,omitempty"`
	Quantiles    []ValueQuantile `json:"quantiles"`
}

// ValueQuantile is the value below which a share Q of the agreements fell.
type ValueQuantile struct {
	Q     float64 `json:"q"`
	Value float64 `json:"value"`
}

// Outcome is the share of runs that ended a given way.
type Outcome struct {
	Name string `json:"name"`
	Estimate
}

// PathShare is the share of runs that followed one path.
type PathShare struct {
	States []string `json:"states"`
	Estimate
}

// ClaimResult is the probability that a claim holds.
type ClaimResult struct {
	Name        string  `json:"name"`
	Description string  `json:"description"`
	Day         float64 `json:"day"` // the claim's deadline, in days from day 0; the horizon for a claim on the whole run
	Estimate
}

// TransitionResult is how often a transition fired.
type TransitionResult struct {
	Name  string   `json:"name"`
	Fired Estimate `json:"fired"`
}

// Quantile is the day by which a share Q of the runs concerned had got there.
type Quantile struct {
	Q   float64 `json:"q"`
	Day float64 `json:"day"`
}

// RouteResult follows one route day by day.
type RouteResult struct {
	Name        string   `json:"name"`
	Description string   `json:"description,omitempty"`
	States      []string `json:"states"`
	// Completed is the probability that the route is completed by the horizon.
	Completed Estimate `json:"completed"`
	// CompletedBy, OpenAt and ClosedAt give the route's status at each of
	// Result.Days; at every day the three shares sum to 1.
	CompletedBy []Estimate `json:"completed_by"`
	OpenAt      []Estimate `json:"open_at"`
	ClosedAt    []Estimate `json:"closed_at"`
	// CompletionDay gives quantiles of the completion day among the runs that
	// completed the route; empty if none did.
	CompletionDay []Quantile `json:"completion_day"`
}

// StateResult says how likely and how soon a state is entered.
type StateResult struct {
	Name string `json:"name"`
	// Reached is the probability that the state is entered by the horizon.
	Reached Estimate `json:"reached"`
	// ReachedBy is the probability that it is entered by each of Result.Days.
	ReachedBy []Estimate `json:"reached_by"`
	// EntryDay gives quantiles of the first entry day among the runs that
	// entered the state; empty if none did.
	EntryDay []Quantile `json:"entry_day"`
}

// EventResult says how often an event occurred.
type EventResult struct {
	Name     string   `json:"name"`
	Occurred Estimate `json:"occurred"`
	// Mean is the mean number of occurrences per run.
	Mean float64 `json:"mean"`
}

// Fault counts runs ended by a transition's unusable branch weights (or
// rate, delay or day read from the world), or,
// as "(drawn parameters)", by parameter values drawn per run that made a
// number of the definition invalid.
type Fault struct {
	Transition string `json:"transition"`
	Runs       int64  `json:"runs"`
}

func newResult(sc *scenario.Scenario, s settings, g grid, t *tally, paths *pathTally) *Result {
	n := t.runs
	z := zScore(s.Confidence)
	est := func(hits int64) Estimate { return wilsonZ(hits, n, z) }
	r := &Result{
		Scenario:   sc.Name(),
		MonteCarlo: &MonteCarloPart{Runs: n, Seed: s.Seed},
		Horizon:    s.horizon,
		From:       today(sc),
		StartDate:  startDate(sc),
		Confidence: s.Confidence,
		Outputs:    s.want.keys,
	}
	w := &s.want
	r.Parameters, r.MonteCarlo.DrawnParameters = parameters(sc, s.DrawParameters)
	r.defaults = parameterDefaults(sc)
	r.Days = g.days()
	look := &tallyLookup{g: g, runs: n, z: z, entries: map[string]*series{}, complete: map[string]*series{}, closed: map[string]*series{}}
	r.lookup = look
	for st := range sc.NumStates() {
		if w.states[st] {
			look.entries[sc.StateName(scenario.State(st))] = &t.entries[st]
		}
	}
	for i, rt := range routesOf(sc) {
		if w.routes[i] {
			look.complete[rt.Name()], look.closed[rt.Name()] = &t.completed[i], &t.closed[i]
		}
	}
	byDay := make([]int64, len(r.Days))
	byDay2 := make([]int64, len(r.Days))

	var open, stuck, limited, faults int64
	for st := range sc.NumStates() {
		if sc.Absorbing(scenario.State(st)) {
			r.Final = append(r.Final, Outcome{sc.StateName(scenario.State(st)), est(t.absorbed[st])})
		} else if t.openIn[st] > 0 {
			r.OpenIn = append(r.OpenIn, Outcome{sc.StateName(scenario.State(st)), est(t.openIn[st])})
		}
		if t.stuckIn[st] > 0 {
			r.StuckIn = append(r.StuckIn, Outcome{sc.StateName(scenario.State(st)), est(t.stuckIn[st])})
		}
		open += t.openIn[st]
		stuck += t.stuckIn[st]
		limited += t.stepLimit[st]
	}
	r.Final = append(r.Final, Outcome{"open", est(open)})
	if stuck > 0 {
		r.Final = append(r.Final, Outcome{"stuck", est(stuck)})
	}
	if limited > 0 {
		r.Final = append(r.Final, Outcome{"step limit", est(limited)})
	}
	for i, f := range t.faults {
		if f > 0 {
			faults += f
			name := "(drawn parameters)"
			if i < sc.NumTransitions() {
				name = sc.TransitionName(scenario.Transition(i))
			}
			r.MonteCarlo.Faults = append(r.MonteCarlo.Faults, Fault{name, f})
		}
	}
	if faults > 0 {
		r.Final = append(r.Final, Outcome{"fault", est(faults)})
	}
	var absorbed int64
	for st := range sc.NumStates() {
		absorbed += t.absorbed[st]
	}
	if absorbed > 0 && w.endDay {
		mean := t.absorbDays.mean(absorbed)
		me := &MeanEstimate{Mean: mean, Lo: mean, Hi: mean, N: absorbed}
		if absorbed > 1 {
			f := mean / s.horizon
			variance := (t.absorbDays2.mean(absorbed) - float64(f*f)) * float64(absorbed) / float64(absorbed-1)
			half := float64(z * s.horizon * math.Sqrt(max(variance, 0)/float64(absorbed)))
			me.Lo, me.Hi = mean-half, mean+half
		}
		r.MonteCarlo.TimeToAbsorption = me
	}

	// Paths: most likely first; equal counts in the order first seen, which
	// is deterministic.
	order := make([]int, len(paths.paths))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(paths.counts[b], paths.counts[a]) })
	if w.paths {
		listed := int64(0)
		for _, i := range order[:min(len(order), s.TopPaths)] {
			names := make([]string, len(paths.paths[i]))
			for k, st := range paths.paths[i] {
				names[k] = sc.StateName(st)
			}
			r.MonteCarlo.Paths = append(r.MonteCarlo.Paths, PathShare{names, est(paths.counts[i])})
			listed += paths.counts[i]
		}
		r.MonteCarlo.OtherPaths = est(n - listed)
		r.MonteCarlo.DistinctPaths = len(paths.paths)
	}

	for i, c := range claimsOf(sc) {
		if w.claims[i] {
			r.Claims = append(r.Claims, ClaimResult{c.Name(), c.Description(), claimDay(c, s.horizon), est(t.claimsOK[i])})
		}
	}
	for i := range sc.NumTransitions() {
		if w.transitions {
			r.MonteCarlo.Transitions = append(r.MonteCarlo.Transitions, TransitionResult{sc.TransitionName(scenario.Transition(i)), est(t.fired[i])})
		}
	}
	for i, rt := range routesOf(sc) {
		if !w.routes[i] {
			continue
		}
		rr := RouteResult{Name: rt.Name(), Description: rt.Description()}
		for _, st := range rt.States() {
			rr.States = append(rr.States, sc.StateName(st))
		}
		t.completed[i].cumulative(g, r.Days, byDay)
		t.closed[i].cumulative(g, r.Days, byDay2)
		rr.CompletedBy = make([]Estimate, len(r.Days))
		rr.ClosedAt = make([]Estimate, len(r.Days))
		rr.OpenAt = make([]Estimate, len(r.Days))
		for k, c := range byDay {
			x := byDay2[k]
			rr.CompletedBy[k], rr.ClosedAt[k], rr.OpenAt[k] = est(c), est(x), est(n-c-x)
		}
		rr.Completed = rr.CompletedBy[len(rr.CompletedBy)-1]
		rr.CompletionDay = quantiles(&t.completed[i], g, s.Quantiles)
		r.Routes = append(r.Routes, rr)
	}
	for st := range sc.NumStates() {
		if !w.states[st] {
			continue
		}
		sr := StateResult{Name: sc.StateName(scenario.State(st))}
		t.entries[st].cumulative(g, r.Days, byDay)
		sr.ReachedBy = make([]Estimate, len(r.Days))
		for k, c := range byDay {
			sr.ReachedBy[k] = est(c)
		}
		sr.Reached = sr.ReachedBy[len(sr.ReachedBy)-1]
		sr.EntryDay = quantiles(&t.entries[st], g, s.Quantiles)
		r.States = append(r.States, sr)
	}
	for e := range sc.NumEvents() {
		if !w.events[e] {
			continue
		}
		mean := 0.0
		if n > 0 {
			mean = float64(t.occurs[e]) / float64(n)
		}
		r.Events = append(r.Events, EventResult{sc.EventName(scenario.Event(e)), est(t.occurred[e]), mean})
	}
	if m := sc.Actors(); m != nil && w.meetings {
		for mi, info := range sc.Meetings() {
			for _, a := range info.Parties {
				k := mi*t.numActors + a
				r.MonteCarlo.Declines = append(r.MonteCarlo.Declines, DeclineResult{
					Meeting:  info.Name,
					Actor:    m.Actor(a).ID,
					Share:    Wilson(t.declined[k], t.proposed[mi], s.Confidence),
					Declines: t.declines[k],
				})
				if n := t.stuckDeclined[k]; n > 0 {
					r.MonteCarlo.StuckDeclines = append(r.MonteCarlo.StuckDeclines, DeclineResult{
						Meeting: info.Name,
						Actor:   m.Actor(a).ID,
						Share:   Wilson(n, t.stuckIn[t.meetFrom[mi]], s.Confidence),
						State:   sc.StateName(t.meetFrom[mi]),
					})
				}
			}
			for _, i := range info.Agenda {
				v := &t.agreements[t.agreeSlot[mi*t.numIssues+i]]
				reached := v.reached()
				ar := AgreementResult{Meeting: info.Name, Issue: m.Issue(i).ID, Held: reached + v.none,
					NoAgreement: Wilson(v.none, reached+v.none, s.Confidence), Quantiles: []ValueQuantile{}}
				if reached > 0 {
					mean := v.mean()
					ar.Mean = &mean
					if sd := v.sd(); !math.IsNaN(sd) {
						ar.SD = &sd
						half := zScore(s.Confidence) * sd / math.Sqrt(float64(reached))
						ar.MeanInterval = []float64{mean - half, mean + half}
					}
					for _, q := range s.Quantiles {
						ar.Quantiles = append(ar.Quantiles, ValueQuantile{q, v.quantile(q)})
					}
				}
				r.MonteCarlo.Agreements = append(r.MonteCarlo.Agreements, ar)
			}
		}
	}
	return r
}

// Decline returns how often the actor declined the meeting.
func (r *Result) Decline(meeting, actor string) (Estimate, bool) {
	for _, d := range r.mcPart().Declines {
		if d.Meeting == meeting && d.Actor == actor {
			return d.Share, true
		}
	}
	return Estimate{}, false
}

// Agreement returns what the meeting agreed on the issue.
func (r *Result) Agreement(meeting, issue string) (*AgreementResult, bool) {
	as := r.mcPart().Agreements
	for i := range as {
		if a := &as[i]; a.Meeting == meeting && a.Issue == issue {
			return a, true
		}
	}
	return nil, false
}

func quantiles(s *series, g grid, qs []float64) []Quantile {
	out := []Quantile{}
	for _, q := range qs {
		if d := s.quantile(g, q); !math.IsNaN(d) {
			out = append(out, Quantile{q, d})
		}
	}
	return out
}

// OpenInState returns the share of runs open at the horizon in the named
// state.
func (r *Result) OpenInState(name string) (Estimate, bool) {
	for _, o := range r.OpenIn {
		if o.Name == name {
			return o.Estimate, true
		}
	}
	return Estimate{}, false
}

// AbsorptionIn returns the exact probability of ending, ever, in the named
// absorbing state (a Result of Exact only).
func (r *Result) AbsorptionIn(name string) (float64, bool) {
	for _, o := range r.exactPart().Absorption {
		if o.Name == name {
			return o.P, true
		}
	}
	return 0, false
}

// FinalState returns the share of runs that ended as named ("open", "step
// limit", "fault" or an absorbing state's name).
func (r *Result) FinalState(name string) (Estimate, bool) {
	for _, o := range r.Final {
		if o.Name == name {
			return o.Estimate, true
		}
	}
	return Estimate{}, false
}

// Claim returns the result of the named claim.
func (r *Result) Claim(name string) (Estimate, bool) {
	for _, c := range r.Claims {
		if c.Name == name {
			return c.Estimate, true
		}
	}
	return Estimate{}, false
}

// Route returns the result of the named route.
func (r *Result) Route(name string) (*RouteResult, bool) {
	for i := range r.Routes {
		if r.Routes[i].Name == name {
			return &r.Routes[i], true
		}
	}
	return nil, false
}

// State returns the result of the named state.
func (r *Result) State(name string) (*StateResult, bool) {
	for i := range r.States {
		if r.States[i].Name == name {
			return &r.States[i], true
		}
	}
	return nil, false
}

// Event returns the result of the named event.
func (r *Result) Event(name string) (*EventResult, bool) {
	for i := range r.Events {
		if r.Events[i].Name == name {
			return &r.Events[i], true
		}
	}
	return nil, false
}

// WriteJSON writes the Result as indented JSON.
func (r *Result) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

// parameterDefaults returns the declared defaults by name.
func parameterDefaults(sc *scenario.Scenario) map[string]float64 {
	ps := sc.Parameters()
	if len(ps) == 0 {
		return nil
	}
	out := make(map[string]float64, len(ps))
	for _, p := range ps {
		out[p.Name] = p.Default
	}
	return out
}

// parameters returns the scenario's bound values and, when runs draw
// them, the names of those with priors.
func parameters(sc *scenario.Scenario, drawn bool) (map[string]float64, []string) {
	ps := sc.Parameters()
	if len(ps) == 0 {
		return nil, nil
	}
	var names []string
	if drawn {
		for _, p := range sc.Drawn() {
			names = append(names, ps[p].Name)
		}
	}
	return sc.Values(), names
}

// startDate writes the scenario's start date, "" without one.
func startDate(sc *scenario.Scenario) string {
	if d, ok := sc.StartDate(); ok {
		return d.Format(time.DateOnly)
	}
	return ""
}

// Date returns the last whole date by day, as a file's by: DATE means
// it: the date day ends (day 14 from 2025-08-18 is the end of
// 2025-08-31), or the one it falls on (day 14.5 falls on 2025-09-01); ""
// when the Result has no start date. A window's first day is dated as
// the date it begins, scenario.DateOf.
func (r *Result) Date(day float64) string {
	if r.StartDate == "" {
		return ""
	}
	start, err := time.Parse(time.DateOnly, r.StartDate)
	if err != nil {
		return ""
	}
	return scenario.DateOf(start, math.Ceil(day)-1).Format(time.DateOnly)
}

// dateFrom is the date the day begins, for the first day of a window:
// day 7 from 2025-08-18 begins 2025-08-25.
func (r *Result) dateFrom(day float64) string {
	if r.StartDate == "" {
		return ""
	}
	start, err := time.Parse(time.DateOnly, r.StartDate)
	if err != nil {
		return ""
	}
	return scenario.DateOf(start, day).Format(time.DateOnly)
}

// claimDay is the day a claim is judged at: its deadline, or the horizon
// for a Go function of the whole run.
func claimDay(c *claimOf, horizon float64) float64 { return statementDay(c.st, horizon) }

// statementDay is the day by which a statement is decided: its day; for
// a combination, the last day a part reads (a Within's lag counted after
// its anchor's deadline, never after the horizon).
func statementDay(st scenario.Statement, horizon float64) float64 {
	switch st.Kind {
	case scenario.StatementFunc:
		return horizon
	case scenario.StatementAll, scenario.StatementAny, scenario.StatementBefore, scenario.StatementWithin:
		day := 0.0
		for _, p := range st.Parts {
			day = max(day, statementDay(p, horizon))
		}
		if st.Kind == scenario.StatementWithin && len(st.Parts) == 2 {
			day = max(day, statementDay(st.Parts[0], horizon)+st.To)
		}
		return min(day, horizon)
	}
	return st.To
}

// mcPart is the Monte Carlo part, or an empty one for an exact Result:
// for output that lists what there is.
func (r *Result) mcPart() *MonteCarloPart {
	if r.MonteCarlo != nil {
		return r.MonteCarlo
	}
	return &MonteCarloPart{}
}

// exactPart is the exact part, or an empty one for a Result of runs.
func (r *Result) exactPart() *ExactPart {
	if r.Exact != nil {
		return r.Exact
	}
	return &ExactPart{}
}
