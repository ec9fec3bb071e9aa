// Command washington-summit models the summit paths open after the White
// House meeting of 18 August 2025 (day 0): the parties, their positions on
// security guarantees, territory, prisoners and meeting preconditions, who
// accepts which meeting, what meetings agree, and how the sequences of
// meetings stay open, get completed or close.
//
//	go run ./examples/washington-summit -runs 200000 -seed 1
//	go run ./examples/washington-summit -what-if
//
// The facts come from the seed report (see the fact sheet in the shared
// reference): who proposed which sequence, Ukraine's "no preconditions",
// Russia's "meet first, then invite the US", the day-1 US–Europe guarantees
// meeting, the US claim that Russia might release up to 1,000 prisoners, and
// the 14- and 21-day claims. Every number the report does not give is a named
// assumption in Assumptions, to be argued with and overridden.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"strings"
	"text/tabwriter"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// Assumptions are the model's numbers. Rates are per day (a rate r alone
// means a mean wait of 1/r days); issue scales run from 0 to 1 except
// prisoners (0 to 2000).
type Assumptions struct {
	// USGuarantees: the US takes part in the security guarantees, as it
	// agreed on day 0 (fact). The what-if sets it false: the US still sits
	// at the guarantees meetings, but its ideal strength is 0.
	USGuarantees bool

	// Russia asks officials to prepare the leaders' meeting (the Russian
	// framing: meet first, then invite the US) at this rate.
	OfficialsFirst float64
	// The leaders' bilateral is proposed directly, as the US proposes; Russia
	// accepts only once trust is built (see PrisonerRelease).
	DirectProposal float64
	// The US convenes a trilateral at once, only with guarantees agreed.
	DirectTrilateral float64
	// The process stalls from the call, during officials' talks, once a
	// meeting is arranged, after the bilateral, after the trilateral.
	StallAfterCall, StallOfficials, ArrangedCollapse, StallAfterBilateral, StallAfterTrilateral float64

	// Officials' talks produce an arranged leaders' meeting.
	OfficialsSucceed float64
	// Days from an arranged meeting to the meeting (place and time are open
	// in the report): Gamma with this shape and mean.
	LogisticsShape, LogisticsMeanDays float64
	// A declined bilateral or trilateral is proposed again after a Gamma
	// delay with this shape and mean.
	RetryShape, RetryMeanDays float64
	// After a bilateral, a trilateral is proposed; after a trilateral, a
	// framework is agreed (only with guarantees of at least
	// FrameworkGuarantees agreed).
	TrilateralAfterBilateral, Framework, FrameworkGuarantees float64

	// The day-1 US–Europe guarantees meeting takes place with this
	// probability (reported as expected "as early as Tuesday"); if it does not
	// agree, guarantees are negotiated again at GuaranteesLater.
	GuaranteesDay1, GuaranteesLater float64
	// Agreed guarantees g widen Ukraine's acceptable range on territory by
	// GuaranteesWiden·g (the report: guarantees first, territory with Putin).
	GuaranteesWiden float64
	// Russia releases prisoners as a gesture at this rate while talks are
	// pending, if in this run it is willing to (see RussiaReleaseWilling).
	PrisonerRelease float64
	// The probability that Russia is willing to release 1,000 prisoners at
	// all: a US claim, absent from the Russian readout.
	RussiaReleaseWilling float64

	// Priors on what the report leaves unknown, as Beta(α, β) parameters.
	// Russia's reservation value: its willingness to meet at all ("whether
	// Putin will agree to direct talks is the first question").
	RussiaReservation [2]float64
	// The high end of Ukraine's acceptable range on territory, and the low
	// end of Russia's: how much each could concede.
	UkraineTerritoryMax, RussiaTerritoryMin [2]float64
	// The US's ideal strength of guarantees: it agreed to take part, its
	// level is unknown.
	USGuaranteesIdeal [2]float64

	// Capability is each actor's weight at the table (assumption: the report
	// gives none), by actor ID.
	Capability map[string]float64
	// Salience is how much each issue matters to each actor, by
	// "actor/issue" (assumption, ordered by what the report stresses).
	Salience map[string]float64

	HorizonDays float64
}

// DefaultAssumptions returns the assumptions the example runs with.
func DefaultAssumptions() Assumptions {
	return Assumptions{
		USGuarantees:             true,
		OfficialsFirst:           0.08,
		DirectProposal:           0.10,
		DirectTrilateral:         0.01,
		StallAfterCall:           0.02,
		StallOfficials:           0.02,
		ArrangedCollapse:         0.03,
		StallAfterBilateral:      0.03,
		StallAfterTrilateral:     0.02,
		OfficialsSucceed:         0.06,
		LogisticsShape:           4,
		LogisticsMeanDays:        8,
		RetryShape:               2,
		RetryMeanDays:            10,
		TrilateralAfterBilateral: 0.10,
		Framework:                0.05,
		FrameworkGuarantees:      0.6,
		GuaranteesDay1:           0.9,
		GuaranteesLater:          0.1,
		GuaranteesWiden:          0.3,
		PrisonerRelease:          0.04,
		RussiaReleaseWilling:     0.5,
		RussiaReservation:        [2]float64{2, 4},
		UkraineTerritoryMax:      [2]float64{2, 6},
		RussiaTerritoryMin:       [2]float64{6, 3},
		USGuaranteesIdeal:        [2]float64{6, 4},
		Capability:               map[string]float64{"US": 1.0, "RU": 0.8, "UA": 0.4, "DE": 0.3, "FR": 0.3, "NATO": 0.5},
		Salience: map[string]float64{
			"UA/guarantees": 1, "US/guarantees": 0.6, "DE/guarantees": 0.8, "FR/guarantees": 0.8,
			"NATO/guarantees": 0.7, "RU/guarantees": 0.6,
			"UA/territory": 1, "RU/territory": 1,
			"RU/prisoners": 0.3, "UA/prisoners": 0.7, "US/prisoners": 0.4,
			"UA/preconditions": 0.8, "RU/preconditions": 0.7,
		},
		HorizonDays: 90,
	}
}

// Model returns the parties and their positions.
func Model(a Assumptions) (*actors.Model, error) {
	beta := func(p [2]float64) actors.Value { return actors.Prior(distuv.Beta{Alpha: p[0], Beta: p[1]}) }
	fixed := actors.Fixed
	var missing []string
	capability := func(actor string) actors.Value {
		c, ok := a.Capability[actor]
		if !ok {
			missing = append(missing, "Capability["+actor+"]")
		}
		return fixed(c)
	}
	// position gives an actor's ideal on an issue with its assumed salience.
	position := func(actor, issue string, ideal actors.Value) actors.Position {
		sal, ok := a.Salience[actor+"/"+issue]
		if !ok {
			missing = append(missing, "Salience["+actor+"/"+issue+"]")
		}
		return actors.Position{Actor: actor, Issue: issue, Ideal: ideal, Salience: fixed(sal)}
	}
	issues := []actors.Issue{
		{ID: "guarantees", Name: "security guarantees for Ukraine", Min: 0, Max: 1, Units: "0 none, 1 binding with US participation"},
		{ID: "territory", Name: "territorial questions", Min: 0, Max: 1, Units: "0 no concession by Ukraine, 1 Russia's maximal claims"},
		{ID: "prisoners", Name: "prisoners released by Russia", Min: 0, Max: 2000, Units: "prisoners"},
		{ID: "preconditions", Name: "preparation demanded before the leaders meet", Min: 0, Max: 1, Units: "0 none, 1 full preparation by officials"},
	}
	parties := []actors.Actor{
		{ID: "US", Name: "United States", Capability: capability("US")},
		{ID: "RU", Name: "Russia", Capability: capability("RU"),
			Reservation: beta(a.RussiaReservation),
			// Leaders meet once officials have prepared it (the Russian
			// framing) or trust has been built; only with something to agree;
			// and only if the predicted outcome is worth its while.
			Accept: actors.All(
				actors.Any(actors.VarAtLeast("prepared", 1), actors.VarAtLeast("trust", 1)),
				actors.ZoneOfAgreement(),
				actors.ReservationValue())},
		{ID: "UA", Name: "Ukraine", Capability: capability("UA"), Accept: actors.Always()}, // no preconditions (fact)
		{ID: "DE", Name: "Germany", Capability: capability("DE")},
		{ID: "FR", Name: "France", Capability: capability("FR")},
		{ID: "NATO", Name: "NATO", Capability: capability("NATO")},
	}
	usGuarantees := position("US", "guarantees", beta(a.USGuaranteesIdeal))
	if !a.USGuarantees {
		usGuarantees = position("US", "guarantees", fixed(0))
	}
	release := a.RussiaReleaseWilling
	territory := func(actor string, ideal float64) actors.Position { return position(actor, "territory", fixed(ideal)) }
	uaTerritory, ruTerritory := territory("UA", 0), territory("RU", 1)
	uaTerritory.Hi = beta(a.UkraineTerritoryMax)
	ruTerritory.Lo = beta(a.RussiaTerritoryMin)
	positions := []actors.Position{
		position("UA", "guarantees", fixed(1)), // with US participation (fact)
		usGuarantees,
		position("DE", "guarantees", fixed(0.8)), // drafting joint guarantees (fact)
		position("FR", "guarantees", fixed(0.8)),
		position("NATO", "guarantees", fixed(0.8)),
		position("RU", "guarantees", fixed(0.1)), // not stated: assumption

		uaTerritory, // willing to discuss territory (fact); how far: assumption
		ruTerritory,

		position("RU", "prisoners", actors.Choice([]float64{0, 1000}, []float64{1 - release, release})),
		position("UA", "prisoners", fixed(2000)),
		position("US", "prisoners", fixed(1000)), // the 1,000 gesture (fact)

		position("UA", "preconditions", fixed(0)), // no preconditions (fact)
		position("RU", "preconditions", fixed(1)), // prepared first (framing)
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("washington-summit: assumptions missing: %s", strings.Join(missing, ", "))
	}
	return actors.NewModel(issues, parties, positions)
}

// Scenario builds the summit-path model on the actors.
func Scenario(a Assumptions) (*scenario.Scenario, error) {
	m, err := Model(a)
	if err != nil {
		return nil, err
	}
	ua, _ := m.ActorIndex("UA")
	ru, _ := m.ActorIndex("RU")
	territory, _ := m.IssueIndex("territory")
	prisoners, _ := m.IssueIndex("prisoners")

	b := scenario.New("washington-summit").
		Describe("summit paths after the White House meeting of 18 August 2025 (day 0)").
		Start("call").Horizon(a.HorizonDays).Actors(m)
	b.State("call").Describe("day 0: White House meeting, then the US–Russia phone call")
	b.State("officials").Describe("officials prepare a leaders' meeting (Russian framing)")
	b.State("arranged").Describe("Putin–Zelensky meeting arranged: place and time set")
	b.State("bilateral").Describe("Putin–Zelensky meeting held")
	b.State("trilateral").Describe("US–Russia–Ukraine meeting held")
	b.State("framework").Absorbing().Describe("a framework for a settlement agreed")
	b.State("stalled").Absorbing().Describe("the process stalls")

	b.Var("prepared", 0) // 1 once officials are preparing the leaders' meeting
	b.Var("trust", 0)    // raised by the prisoner gesture
	guarantees := b.Agreed("guarantees")
	guaranteed := scenario.VarIs(scenario.AgreedVar("guarantees"), scenario.Ge, a.FrameworkGuarantees)
	retry := scenario.Retry(distuv.Gamma{Alpha: a.RetryShape, Beta: a.RetryShape / a.RetryMeanDays})
	leaders := []string{"RU", "UA"}
	three := []string{"US", "RU", "UA"}
	// Without US participation the US still convenes the guarantees
	// meetings, but offers nothing (its ideal point is 0).
	guarantors := []string{"US", "DE", "FR", "NATO", "UA"}

	b.Transition("call", "arranged").Rate(a.DirectProposal).Participants(leaders...).
		Describe("the leaders' bilateral is arranged directly, as the US proposes")
	b.Transition("call", "officials").Rate(a.OfficialsFirst).Do(scenario.SetVar("prepared", 1)).
		Describe("officials are asked to prepare the meeting first")
	b.Transition("call", "trilateral").Rate(a.DirectTrilateral).When(guaranteed).Participants(three...).
		Agenda(actors.WeightedMean{}, "guarantees").Describe("the US convenes the three leaders directly")
	b.Transition("call", "stalled").Rate(a.StallAfterCall)
	b.Transition("officials", "arranged").Rate(a.OfficialsSucceed).Participants(leaders...).
		Agenda(actors.WeightedMedian{}, "preconditions").
		Describe("the officials' talks settle the conditions of the leaders' meeting")
	b.Transition("officials", "stalled").Rate(a.StallOfficials)
	b.Transition("arranged", "bilateral").
		After(distuv.Gamma{Alpha: a.LogisticsShape, Beta: a.LogisticsShape / a.LogisticsMeanDays}).
		Participants(leaders...).Agenda(actors.NashSolution{}, "territory", "prisoners").OnDecline(retry)
	b.Transition("arranged", "stalled").Rate(a.ArrangedCollapse)
	b.Transition("bilateral", "trilateral").Rate(a.TrilateralAfterBilateral).Participants(three...).
		Agenda(actors.WeightedMean{}, "guarantees").OnDecline(retry)
	b.Transition("bilateral", "stalled").Rate(a.StallAfterBilateral)
	b.Transition("trilateral", "framework").Rate(a.Framework).When(guaranteed)
	b.Transition("trilateral", "stalled").Rate(a.StallAfterTrilateral)

	// Agreed guarantees widen what Ukraine can accept on territory.
	widen := scenario.EffectFunc(func(w *scenario.World) {
		if g := w.Get(guarantees); g > 0 {
			lo, hi := w.Positions().Range(ua, territory)
			w.Positions().SetRange(ua, territory, lo, hi+a.GuaranteesWiden*g)
		}
	})
	b.Event("guarantees-meeting").At(1, a.GuaranteesDay1).Participants(guarantors...).
		Agenda(actors.WeightedMean{}, "guarantees").Do(widen).
		Describe("US–Europe meeting on security-guarantee details, day 1")
	b.Event("guarantees-later").Rate(a.GuaranteesLater).Participants(guarantors...).
		Agenda(actors.WeightedMean{}, "guarantees").Do(widen).
		When(scenario.GuardFunc(func(w *scenario.World) bool { return w.Day() >= 1 && math.IsNaN(w.Get(guarantees)) })).
		Describe("guarantee details negotiated after day 1")
	b.Event("prisoner-release").Rate(a.PrisonerRelease).Once().In("call", "officials", "arranged").
		When(scenario.GuardFunc(func(w *scenario.World) bool { return w.Positions().Ideal(ru, prisoners) >= 1000 })).
		Do(scenario.AddVar("trust", 1)).Describe("Russia releases up to 1,000 prisoners")

	b.Route("us-proposal", "call", "arranged", "bilateral", "trilateral").
		Describe("US: leaders' bilateral without preconditions, then a trilateral")
	b.Route("russian-framing", "call", "officials", "arranged", "bilateral", "trilateral").
		Describe("Russia: officials prepare, the leaders meet, then the US is invited")
	b.Route("direct-trilateral", "call", "trilateral").
		Describe("the three leaders meet without a bilateral first")
	b.Route("stalling", "stalled").InOrder().Describe("the process stalls")

	b.Claim(scenario.ReachedBy("merz-14", "bilateral", 14).
		Describe("Merz: a Putin–Zelensky summit within two weeks"))
	b.Claim(scenario.ReachedBy("macron-hours", "arranged", 1).
		Describe("Macron: the meeting's details settled within hours"))
	b.Claim(scenario.ReachedBy("macron-21", "trilateral", 21).
		Describe("Macron: a trilateral within three weeks"))
	b.Claim(scenario.AgreedBy("guarantees-framework", "guarantees", a.FrameworkGuarantees, 7).
		Describe(fmt.Sprintf("Rutte: a guarantees framework (>= %g) in the coming days (by day 7)", a.FrameworkGuarantees)))
	b.Claim(scenario.OccurredBy("trump-prisoners", "prisoner-release", a.HorizonDays).
		Describe("Trump: Russia releases up to 1,000 prisoners (by the horizon)"))
	return b.Build()
}

// The flags' defaults; the README shows the output they give.
const (
	defaultRuns = 200_000
	defaultSeed = 1
)

type options struct {
	runs    int
	seed    uint64
	workers int
	json    bool
	whatIf  bool
}

func run(ctx context.Context, a Assumptions, o options) (*outcomes.Result, error) {
	sc, err := Scenario(a)
	if err != nil {
		return nil, err
	}
	return outcomes.Run(ctx, sc, &outcomes.Config{Runs: o.runs, Seed: o.seed, Workers: o.workers})
}

// report runs the scenario and writes the tables (or JSON); with whatIf, the
// what-if beside the baseline.
func report(ctx context.Context, w io.Writer, o options) (*outcomes.Result, error) {
	res, err := run(ctx, DefaultAssumptions(), o)
	if err != nil {
		return nil, err
	}
	if o.whatIf {
		a := DefaultAssumptions()
		a.USGuarantees = false
		alt, err := run(ctx, a, o)
		if err != nil {
			return nil, err
		}
		return res, compare(w, res, alt)
	}
	if o.json {
		return res, res.WriteJSON(w)
	}
	return res, res.WriteText(w, &outcomes.TextOptions{Days: []float64{1, 7, 14, 21, 30, 60, 90}, Paths: 10})
}

// compare writes the baseline and the what-if side by side, with the
// difference and its interval.
func compare(w io.Writer, base, alt *outcomes.Result) error {
	fmt.Fprintf(w, "What if the US takes no part in the security guarantees?\n")
	fmt.Fprintf(w, "%d runs each, seed %d (the same streams for both), %g%% intervals\n\n", base.Runs, base.Seed, 100*base.Confidence)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "quantity\tbaseline\twhat-if\twhat-if − baseline\tinterval")
	row := func(name string, a, b outcomes.Estimate) {
		if a.N == 0 || b.N == 0 {
			// A share of runs in which the meeting was never proposed.
			fmt.Fprintf(tw, "%s\t%s\t%s\t-\t(never proposed in one of them)\n", name, share(a), share(b))
			return
		}
		d := outcomes.Diff(b, a)
		fmt.Fprintf(tw, "%s\t%.4f\t%.4f\t%+.4f\t[%+.4f, %+.4f]\n", name, a.P, b.P, d.D, d.Lo, d.Hi)
	}
	for _, f := range base.Final {
		if g, ok := alt.FinalState(f.Name); ok {
			row("P(final: "+f.Name+")", f.Estimate, g)
		}
	}
	for _, c := range base.Claims {
		g, _ := alt.Claim(c.Name)
		row("P("+c.Name+")", c.Estimate, g)
	}
	for _, r := range base.Routes {
		g, _ := alt.Route(r.Name)
		row("P(route "+r.Name+" completed)", r.Completed, g.Completed)
	}
	for _, d := range base.Declines {
		if d.Actor != "RU" {
			continue
		}
		g, _ := alt.Decline(d.Meeting, d.Actor)
		row("P(RU declines "+d.Meeting+")", d.Share, g)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	a, _ := base.Agreement("guarantees-meeting", "guarantees")
	b, _ := alt.Agreement("guarantees-meeting", "guarantees")
	if a != nil && b != nil && a.Mean != nil && b.Mean != nil {
		fmt.Fprintf(w, "\nguarantees agreed on day 1: mean %.3f in the baseline, %.3f in the what-if\n", *a.Mean, *b.Mean)
	}
	return nil
}

func share(e outcomes.Estimate) string {
	if e.N == 0 {
		return "-"
	}
	return fmt.Sprintf("%.4f", e.P)
}

func main() {
	var o options
	flag.IntVar(&o.runs, "runs", defaultRuns, "number of runs")
	flag.Uint64Var(&o.seed, "seed", defaultSeed, "random seed")
	flag.IntVar(&o.workers, "workers", 0, "worker goroutines (0: GOMAXPROCS)")
	flag.BoolVar(&o.json, "json", false, "write the Result as JSON")
	flag.BoolVar(&o.whatIf, "what-if", false, "compare with a variant in which the US takes no part in the guarantees")
	flag.Parse()
	start := time.Now()
	if _, err := report(context.Background(), os.Stdout, o); err != nil {
		fmt.Fprintln(os.Stderr, "washington-summit:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "%d runs in %v\n", o.runs, time.Since(start).Round(time.Millisecond))
}
