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
// the 14- and 21-day claims. Every number the report does not give is a
// parameter in Parameters, to be argued with and overridden:
//
//	go run ./examples/washington-summit -set us_guarantees=0.3 -set direct_proposal=0.2
//	go run ./examples/washington-summit -draw=false # us_guarantees at 0.6 instead of drawn
//	go run ./examples/washington-summit -params     # lists them
//
// One assumption, the strength of guarantees the US wants, is uncertain in
// the report, and the example draws it in every run from its prior (the
// deep-uncertainty mode, as parley run -draw). The what-if binds it to 0,
// and a bound parameter is never drawn.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"os"
	"strconv"
	"strings"
	"text/tabwriter"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// Parameters are the model's assumptions, each with the range an analyst
// could defend and a description that says whether the number is a fact
// from the report or an assumption. Rates are per day (a rate r alone
// means a mean wait of 1/r days); issue scales run from 0 to 1 except
// prisoners (0 to 2000). Facts the report gives exactly (who sits where,
// Ukraine's ideal guarantees, the 1,000 prisoners, the day-1 meeting, the
// claims' deadlines) stay literals in Scenario.
var Parameters = []param.Parameter{
	// The meetings and how fast they come.
	{Name: "officials_first", Default: 0.08, Min: 0.01, Max: 0.3, Description: "assumption: rate at which officials are asked to prepare the leaders' meeting (the Russian framing)"},
	{Name: "direct_proposal", Default: 0.10, Min: 0.01, Max: 0.3, Description: "assumption: rate at which the leaders' bilateral is proposed directly (the US proposal)"},
	{Name: "direct_trilateral", Default: 0.01, Min: 0, Max: 0.1, Description: "assumption: rate at which the US convenes the three leaders at once, once guarantees are agreed"},
	{Name: "officials_succeed", Default: 0.06, Min: 0.01, Max: 0.3, Description: "assumption: rate at which officials' talks arrange the leaders' meeting"},
	{Name: "logistics_shape", Default: 4, Min: 1, Max: 10, Description: "assumption: shape of the gamma delay from an arranged meeting to the meeting (place and time are open in the report)"},
	{Name: "logistics_mean_days", Default: 8, Min: 2, Max: 30, Description: "assumption: mean days from an arranged meeting to the meeting"},
	{Name: "retry_shape", Default: 2, Min: 1, Max: 10, Description: "assumption: shape of the gamma delay before a declined meeting is proposed again"},
	{Name: "retry_mean_days", Default: 10, Min: 2, Max: 30, Description: "assumption: mean days before a declined meeting is proposed again"},
	{Name: "trilateral_after_bilateral", Default: 0.10, Min: 0.01, Max: 0.3, Description: "assumption: rate at which a trilateral is proposed after the bilateral"},
	{Name: "framework", Default: 0.05, Min: 0.005, Max: 0.2, Description: "assumption: rate at which a trilateral agrees a framework, once guarantees are agreed"},
	{Name: "framework_guarantees", Default: 0.6, Min: 0.3, Max: 0.9, Description: "assumption: the strength of guarantees a framework needs agreed first"},
	// Stalling.
	{Name: "stall_after_call", Default: 0.02, Min: 0, Max: 0.1, Description: "assumption: rate at which the process stalls after the call"},
	{Name: "stall_officials", Default: 0.02, Min: 0, Max: 0.1, Description: "assumption: rate at which officials' talks stall"},
	{Name: "arranged_collapse", Default: 0.03, Min: 0, Max: 0.1, Description: "assumption: rate at which an arranged meeting collapses"},
	{Name: "stall_after_bilateral", Default: 0.03, Min: 0, Max: 0.1, Description: "assumption: rate at which the process stalls after the bilateral"},
	{Name: "stall_after_trilateral", Default: 0.02, Min: 0, Max: 0.1, Description: "assumption: rate at which the process stalls after the trilateral"},
	// Guarantees.
	{Name: "guarantees_day1", Default: 0.9, Min: 0, Max: 1, Description: "fact: a US–Europe guarantees meeting expected on day 1; assumption: the probability it takes place"},
	{Name: "guarantees_later", Default: 0.1, Min: 0, Max: 0.5, Description: "assumption: rate at which guarantees are negotiated after day 1, while none are agreed"},
	{Name: "guarantees_widen", Default: 0.3, Min: 0, Max: 1, Description: "assumption: agreed guarantees g widen Ukraine's acceptable range on territory by this times g (the report: guarantees first, territory with Putin)"},
	{Name: "us_guarantees", Default: 0.6, Min: 0, Max: 1, Prior: distuv.Beta{Alpha: 6, Beta: 4}, Description: "fact: the US agreed to take part in the guarantees; assumption: the strength it wants (0: it takes no part, the what-if)"},
	{Name: "europe_guarantees", Default: 0.8, Min: 0.5, Max: 1, Description: "fact: Germany, France and NATO draft joint guarantees; assumption: the strength they want"},
	{Name: "ru_guarantees", Default: 0.1, Min: 0, Max: 0.5, Description: "assumption: the strength of guarantees Russia wants (not stated)"},
	// Prisoners.
	{Name: "prisoner_release", Default: 0.04, Min: 0.005, Max: 0.2, Description: "assumption: rate at which a willing Russia releases prisoners while talks are pending"},
	{Name: "russia_release_willing", Default: 0.5, Min: 0, Max: 1, Description: "fact: the US said Russia might release up to 1,000 prisoners, absent from the Russian readout; assumption: the probability Russia is willing"},
	// Priors on what the report leaves unknown, drawn in every run.
	{Name: "ru_reservation_alpha", Default: 2, Min: 0.5, Max: 20, Description: "assumption: Beta prior of Russia's reservation value, its willingness to meet at all (alpha)"},
	{Name: "ru_reservation_beta", Default: 4, Min: 0.5, Max: 20, Description: "assumption: Beta prior of Russia's reservation value (beta)"},
	{Name: "ua_territory_max_alpha", Default: 2, Min: 0.5, Max: 20, Description: "assumption: Beta prior of the most Ukraine could concede on territory (alpha)"},
	{Name: "ua_territory_max_beta", Default: 6, Min: 0.5, Max: 20, Description: "assumption: Beta prior of the most Ukraine could concede on territory (beta)"},
	{Name: "ru_territory_min_alpha", Default: 6, Min: 0.5, Max: 20, Description: "assumption: Beta prior of the least Russia could accept on territory (alpha)"},
	{Name: "ru_territory_min_beta", Default: 3, Min: 0.5, Max: 20, Description: "assumption: Beta prior of the least Russia could accept on territory (beta)"},
	// Weights at the table (the report gives none).
	{Name: "capability_us", Default: 1.0, Min: 0.1, Max: 2, Description: "assumption: the US's weight at the table"},
	{Name: "capability_ru", Default: 0.8, Min: 0.1, Max: 2, Description: "assumption: Russia's weight at the table"},
	{Name: "capability_ua", Default: 0.4, Min: 0.1, Max: 2, Description: "assumption: Ukraine's weight at the table"},
	{Name: "capability_de", Default: 0.3, Min: 0.05, Max: 2, Description: "assumption: Germany's weight at the table"},
	{Name: "capability_fr", Default: 0.3, Min: 0.05, Max: 2, Description: "assumption: France's weight at the table"},
	{Name: "capability_nato", Default: 0.5, Min: 0.05, Max: 2, Description: "assumption: NATO's weight at the table"},
	// How much each issue matters to each party (ordered by what the report stresses).
	{Name: "salience_ua_guarantees", Default: 1, Min: 0, Max: 1, Description: "assumption: how much guarantees matter to Ukraine"},
	{Name: "salience_us_guarantees", Default: 0.6, Min: 0, Max: 1, Description: "assumption: how much guarantees matter to the US"},
	{Name: "salience_de_guarantees", Default: 0.8, Min: 0, Max: 1, Description: "assumption: how much guarantees matter to Germany"},
	{Name: "salience_fr_guarantees", Default: 0.8, Min: 0, Max: 1, Description: "assumption: how much guarantees matter to France"},
	{Name: "salience_nato_guarantees", Default: 0.7, Min: 0, Max: 1, Description: "assumption: how much guarantees matter to NATO"},
	{Name: "salience_ru_guarantees", Default: 0.6, Min: 0, Max: 1, Description: "assumption: how much guarantees matter to Russia"},
	{Name: "salience_ua_territory", Default: 1, Min: 0, Max: 1, Description: "assumption: how much territory matters to Ukraine"},
	{Name: "salience_ru_territory", Default: 1, Min: 0, Max: 1, Description: "assumption: how much territory matters to Russia"},
	{Name: "salience_ru_prisoners", Default: 0.3, Min: 0, Max: 1, Description: "assumption: how much prisoners matter to Russia"},
	{Name: "salience_ua_prisoners", Default: 0.7, Min: 0, Max: 1, Description: "assumption: how much prisoners matter to Ukraine"},
	{Name: "salience_us_prisoners", Default: 0.4, Min: 0, Max: 1, Description: "assumption: how much prisoners matter to the US"},
	{Name: "salience_ua_preconditions", Default: 0.8, Min: 0, Max: 1, Description: "assumption: how much preconditions matter to Ukraine"},
	{Name: "salience_ru_preconditions", Default: 0.7, Min: 0, Max: 1, Description: "assumption: how much preconditions matter to Russia"},
}

// horizonDays is how far the model looks ahead: the question asks about
// two weeks, three weeks and a month.
const horizonDays = 90

// Scenario builds the summit-path model with every parameter at its
// default; bind other values with Scenario.With.
func Scenario() (*scenario.Scenario, error) {
	b := scenario.New("washington-summit").
		Describe("summit paths after the White House meeting of 18 August 2025 (day 0)").
		Start("call").StartDate(time.Date(2025, time.August, 18, 0, 0, 0, 0, time.UTC)).Horizon(horizonDays)
	defaults := map[string]float64{}
	handle := map[string]scenario.Param{}
	for _, p := range Parameters {
		handle[p.Name] = b.Param(p)
		defaults[p.Name] = p.Default
	}
	m, err := model()
	if err != nil {
		return nil, err
	}
	ua, _ := m.ActorIndex("UA")
	ru, _ := m.ActorIndex("RU")
	territory, _ := m.IssueIndex("territory")
	prisoners, _ := m.IssueIndex("prisoners")
	b.Actors(m)

	b.State("call").Describe("day 0: White House meeting, then the US–Russia phone call")
	b.State("officials").Describe("officials prepare a leaders' meeting (Russian framing)")
	b.State("arranged").Describe("Putin–Zelensky meeting arranged: place and time set")
	b.State("bilateral").Describe("Putin–Zelensky meeting held")
	b.State("trilateral").Describe("US–Russia–Ukraine meeting held")
	b.State("framework").Absorbing().Describe("a framework for a settlement agreed")
	b.State("stalled").Absorbing().Describe("the process stalls")

	b.Var("prepared", param.Const(0)) // 1 once officials are preparing the leaders' meeting
	b.Var("trust", param.Const(0))    // raised by the prisoner gesture
	guarantees := b.Agreed("guarantees")
	needed := handle["framework_guarantees"]
	guaranteed := scenario.GuardFunc(func(w *scenario.World) bool { return w.Get(guarantees) >= w.Param(needed) })
	p := param.P
	gamma := func(shape, mean string) scenario.After {
		rate := param.Formula(shape+" / "+mean, func(a []float64) float64 { return a[0] / a[1] }, shape, mean)
		return scenario.After{Dist: param.Dist{Family: distuv.Gamma{}, Params: []param.Num{p(shape), rate}}}
	}
	retry := scenario.AfterDecline{Retry: gamma("retry_shape", "retry_mean_days")}
	leaders := []string{"RU", "UA"}
	three := []string{"US", "RU", "UA"}
	guarantors := []string{"US", "DE", "FR", "NATO", "UA"}

	b.Transition("call", "arranged").Delay(scenario.Exp(p("direct_proposal"))).Participants(leaders...).
		Describe("the leaders' bilateral is arranged directly, as the US proposes")
	b.Transition("call", "officials").Delay(scenario.Exp(p("officials_first"))).Do(scenario.Assign("prepared", "1")).
		Describe("officials are asked to prepare the meeting first")
	b.Transition("call", "trilateral").Delay(scenario.Exp(p("direct_trilateral"))).When(guaranteed).Participants(three...).
		Agenda(actors.WeightedMean{}, "guarantees").Describe("the US convenes the three leaders directly")
	b.Transition("call", "stalled").Delay(scenario.Exp(p("stall_after_call")))
	b.Transition("officials", "arranged").Delay(scenario.Exp(p("officials_succeed"))).Participants(leaders...).
		Agenda(actors.WeightedMedian{}, "preconditions").
		Describe("the officials' talks settle the conditions of the leaders' meeting")
	b.Transition("officials", "stalled").Delay(scenario.Exp(p("stall_officials")))
	b.Transition("arranged", "bilateral").Delay(gamma("logistics_shape", "logistics_mean_days")).
		Participants(leaders...).Agenda(actors.NashSolution{}, "territory", "prisoners").OnDecline(retry)
	b.Transition("arranged", "stalled").Delay(scenario.Exp(p("arranged_collapse")))
	b.Transition("bilateral", "trilateral").Delay(scenario.Exp(p("trilateral_after_bilateral"))).Participants(three...).
		Agenda(actors.WeightedMean{}, "guarantees").OnDecline(retry)
	b.Transition("bilateral", "stalled").Delay(scenario.Exp(p("stall_after_bilateral")))
	b.Transition("trilateral", "framework").Delay(scenario.Exp(p("framework"))).When(guaranteed)
	b.Transition("trilateral", "stalled").Delay(scenario.Exp(p("stall_after_trilateral")))

	// Agreed guarantees widen what Ukraine can accept on territory.
	widen := handle["guarantees_widen"]
	widenRange := scenario.EffectFunc(func(w *scenario.World) {
		if g := w.Get(guarantees); g > 0 {
			lo, hi := w.Positions().Range(ua, territory)
			w.Positions().SetRange(ua, territory, lo, hi+w.Param(widen)*g)
		}
	})
	b.Event("guarantees-meeting").Occurs(scenario.On(param.Const(1), p("guarantees_day1"))).Participants(guarantors...).
		Agenda(actors.WeightedMean{}, "guarantees").Do(widenRange).
		Describe("US–Europe meeting on security-guarantee details, day 1")
	b.Event("guarantees-later").Occurs(scenario.Exp(p("guarantees_later"))).Participants(guarantors...).
		Agenda(actors.WeightedMean{}, "guarantees").Do(widenRange).
		When(scenario.GuardFunc(func(w *scenario.World) bool { return w.Day() >= 1 && math.IsNaN(w.Get(guarantees)) })).
		Describe("guarantee details negotiated after day 1")
	b.Event("prisoner-release").Occurs(scenario.Exp(p("prisoner_release"))).Once().In("call", "officials", "arranged").
		When(scenario.GuardFunc(func(w *scenario.World) bool { return w.Positions().Ideal(ru, prisoners) >= 1000 })).
		Do(scenario.Assign("trust", "trust + 1")).Describe("Russia releases up to 1,000 prisoners")

	b.Route("us-proposal", "call", "arranged", "bilateral", "trilateral").
		Describe("US: leaders' bilateral without preconditions, then a trilateral")
	b.Route("russian-framing", "call", "officials", "arranged", "bilateral", "trilateral").
		Describe("Russia: officials prepare, the leaders meet, then the US is invited")
	b.Route("direct-trilateral", "call", "trilateral").
		Describe("the three leaders meet without a bilateral first")
	b.Route("stalling", "stalled").InOrder().Describe("the process stalls")

	// Claims are what was said, with the deadlines said: facts, not parameters.
	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz-14").
		Describe("Merz: a Putin–Zelensky summit within two weeks"))
	b.Claim(scenario.Entered("arranged", 0, 1).Named("macron-hours").
		Describe("Macron: the meeting's details settled within hours"))
	b.Claim(scenario.Entered("trilateral", 0, 21).Named("macron-21").
		Describe("Macron: a trilateral within three weeks"))
	b.Claim(scenario.AgreedWithin("guarantees", 0.6, math.Inf(1), 0, 7).Named("guarantees-framework").
		Describe("Rutte: a guarantees framework (>= 0.6) in the coming days (by day 7)"))
	b.Claim(scenario.Occurred("prisoner-release", 0, horizonDays).Named("trump-prisoners").
		Describe("Trump: Russia releases up to 1,000 prisoners (by the horizon)"))
	return b.Build()
}

// model returns the parties and their positions. Every number that is an
// assumption is a parameter: the model holds it as a param.Num, and the
// scenario binds it.
func model() (*actors.Model, error) {
	fixed := actors.Fixed[float64]
	assumption := func(name string) actors.Value { return actors.Fixed(param.P(name)) }
	beta := func(alpha, beta string) actors.Value {
		return actors.Prior(param.Dist{Family: distuv.Beta{}, Params: []param.Num{param.P(alpha), param.P(beta)}})
	}
	// position gives an actor's ideal on an issue with its salience parameter.
	position := func(actor, issue string, ideal actors.Value) actors.Position {
		name := "salience_" + strings.ToLower(actor) + "_" + issue
		return actors.Position{Actor: actor, Issue: issue, Ideal: ideal, Salience: assumption(name)}
	}
	capability := func(actor string) actors.Value {
		return assumption("capability_" + strings.ToLower(actor))
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
			Reservation: beta("ru_reservation_alpha", "ru_reservation_beta"),
			// Leaders meet once officials have prepared it (the Russian
			// framing) or trust has been built; only with something to agree;
			// and only if the predicted outcome is worth its while.
			Accept: actors.All{
				actors.Any{scenario.When{Guard: scenario.Condition{Text: "prepared >= 1"}}, scenario.When{Guard: scenario.Condition{Text: "trust >= 1"}}},
				actors.ZoneOfAgreement{},
				actors.ReservationValue{}}},
		{ID: "UA", Name: "Ukraine", Capability: capability("UA"), Accept: actors.Always{}}, // no preconditions (fact)
		{ID: "DE", Name: "Germany", Capability: capability("DE")},
		{ID: "FR", Name: "France", Capability: capability("FR")},
		{ID: "NATO", Name: "NATO", Capability: capability("NATO")},
	}
	uaTerritory := position("UA", "territory", fixed(0)) // willing to discuss territory (fact)
	uaTerritory.Hi = beta("ua_territory_max_alpha", "ua_territory_max_beta")
	ruTerritory := position("RU", "territory", fixed(1))
	ruTerritory.Lo = beta("ru_territory_min_alpha", "ru_territory_min_beta")
	willing := []param.Num{
		param.Formula("1 - russia_release_willing", func(a []float64) float64 { return 1 - a[0] }, "russia_release_willing"),
		param.P("russia_release_willing"),
	}
	positions := []actors.Position{
		position("UA", "guarantees", fixed(1)), // with US participation (fact)
		position("US", "guarantees", assumption("us_guarantees")),
		position("DE", "guarantees", assumption("europe_guarantees")),
		position("FR", "guarantees", assumption("europe_guarantees")),
		position("NATO", "guarantees", assumption("europe_guarantees")),
		position("RU", "guarantees", assumption("ru_guarantees")),

		uaTerritory,
		ruTerritory,

		position("RU", "prisoners", actors.Choice([]float64{0, 1000}, willing)),
		position("UA", "prisoners", fixed(2000)),
		position("US", "prisoners", fixed(1000)), // the 1,000 gesture (fact)

		position("UA", "preconditions", fixed(0)), // no preconditions (fact)
		position("RU", "preconditions", fixed(1)), // prepared first (framing)
	}
	return actors.NewModel(issues, parties, positions)
}

// The flags' defaults; the README shows the output they give.
const (
	defaultRuns     = 200_000
	defaultSeed     = 1
	defaultBase     = 256
	defaultRunsEach = 300
)

// sensitivityOutputs are the claims and routes the sensitivity analysis
// reports on.
var sensitivityOutputs = []string{"claim:merz-14", "claim:macron-21", "claim:guarantees-framework",
	"route:us-proposal", "route:russian-framing"}

// sensitivity runs a Sobol analysis over every parameter and writes, for
// each output, the assumptions with the largest total effect.
func sensitivity(ctx context.Context, w io.Writer, o options) error {
	sc, err := Scenario()
	if err != nil {
		return err
	}
	if sc, err = sc.With(o.set); err != nil {
		return err
	}
	space, err := explore.ParameterSpace(sc, o.set, false)
	if err != nil {
		return err
	}
	d, err := explore.Saltelli(space, o.base, o.seed, true)
	if err != nil {
		return err
	}
	table, err := explore.Run(ctx, sc, d, &explore.Config{Runs: o.runsEach, Seed: o.seed, Workers: o.workers, Outputs: sensitivityOutputs})
	if err != nil {
		return err
	}
	fmt.Fprintf(w, "Which assumptions matter: Sobol indices over %d parameters, each varied over its range\n", space.Dim())
	fmt.Fprintf(w, "%d experiments (%d base samples) of %d runs each, seed %d; the five largest total effects per output\n",
		d.Len(), o.base, o.runsEach, o.seed)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	for _, key := range sensitivityOutputs {
		y, noise, err := table.Column(key)
		if err != nil {
			return err
		}
		res, err := explore.Sobol(d, y, &explore.SobolOptions{Noise: noise, Seed: o.seed})
		if err != nil {
			return err
		}
		if res.Flat {
			fmt.Fprintf(tw, "\n%s barely varies over the ranges: no indices\n", key)
			continue
		}
		fmt.Fprintf(tw, "\n%s (variance %.3g, %.0f%% of it noise)\tST\t95%% interval\tS1\n", key, res.Variance, 100*res.NoiseShare)
		for _, ix := range res.Sorted()[:5] {
			fmt.Fprintf(tw, "  %s\t%.2f\t[%.2f, %.2f]\t%.2f\n", ix.Name, ix.ST, ix.STLo, ix.STHi, ix.S1)
		}
	}
	return tw.Flush()
}

type options struct {
	runs    int
	seed    uint64
	workers int
	json    bool
	whatIf  bool
	// sensitivity: a Sobol analysis over every parameter, with this many
	// base samples and runs per experiment.
	sensitivity    bool
	base, runsEach int
	draw           bool
	set            map[string]float64
	given          string // an observations file: condition the runs on it
}

// run runs the scenario with the given parameter values bound.
func run(ctx context.Context, values map[string]float64, o options) (*outcomes.Result, error) {
	sc, err := Scenario()
	if err != nil {
		return nil, err
	}
	if sc, err = sc.With(values); err != nil {
		return nil, err
	}
	cfg := &outcomes.Config{Runs: o.runs, Seed: o.seed, Workers: o.workers, DrawParameters: o.draw}
	if o.given != "" {
		if cfg.Given, err = scenariofile.LoadObservations(o.given, sc); err != nil {
			return nil, err
		}
	}
	return outcomes.Run(ctx, sc, cfg)
}

// summarize runs the scenario and writes the tables (or JSON); with whatIf, the
// what-if (the US takes no part in the guarantees) beside the baseline.
func summarize(ctx context.Context, w io.Writer, o options) (*outcomes.Result, error) {
	res, err := run(ctx, o.set, o)
	if err != nil {
		return nil, err
	}
	if o.whatIf {
		alt := maps.Clone(o.set)
		if alt == nil {
			alt = map[string]float64{}
		}
		alt["us_guarantees"] = 0
		altRes, err := run(ctx, alt, o)
		if err != nil {
			return nil, err
		}
		return res, compare(w, res, altRes)
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
	fmt.Fprintf(w, "%d runs each, seed %d (the same streams for both), %g%% intervals\n\n", base.MonteCarlo.Runs, base.MonteCarlo.Seed, 100*base.Confidence)
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
	for _, d := range base.MonteCarlo.Declines {
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

// setFlag collects -set name=value flags.
type setFlag map[string]float64

func (f setFlag) String() string { return fmt.Sprint(map[string]float64(f)) }

func (f setFlag) Set(arg string) error {
	name, text, ok := strings.Cut(arg, "=")
	x, err := strconv.ParseFloat(text, 64)
	if !ok || err != nil {
		return fmt.Errorf("want name=number, got %q", arg)
	}
	f[name] = x
	return nil
}

func main() {
	o := options{set: map[string]float64{}}
	var list bool
	flag.IntVar(&o.runs, "runs", defaultRuns, "number of runs")
	flag.Uint64Var(&o.seed, "seed", defaultSeed, "random seed")
	flag.IntVar(&o.workers, "workers", 0, "worker goroutines (0: GOMAXPROCS)")
	flag.BoolVar(&o.json, "json", false, "write the Result as JSON")
	flag.BoolVar(&o.whatIf, "what-if", false, "compare with a variant in which the US takes no part in the guarantees (us_guarantees=0)")
	flag.BoolVar(&o.sensitivity, "sensitivity", false, "which assumptions move the claims and the routes most (Sobol indices over every parameter)")
	flag.IntVar(&o.base, "base", defaultBase, "base samples of the Sobol design (with -sensitivity): base × (parameters + 2) experiments")
	flag.IntVar(&o.runsEach, "runs-each", defaultRunsEach, "runs of each experiment (with -sensitivity)")
	flag.BoolVar(&o.draw, "draw", true, "each run draws the parameters that have priors and are not set (us_guarantees); -draw=false fixes them at their defaults")
	flag.Var(setFlag(o.set), "set", "bind a parameter, name=value (repeatable)")
	flag.BoolVar(&list, "params", false, "list the parameters and exit")
	flag.StringVar(&o.given, "given", "", "condition on what has been observed, an observations file (see given-day7.yaml); -runs then counts the consistent runs")
	flag.Parse()
	if list {
		tw := tabwriter.NewWriter(os.Stdout, 0, 0, 2, ' ', 0)
		for _, p := range Parameters {
			fmt.Fprintf(tw, "%s\t%g\t[%g, %g]\t%s\n", p.Name, p.Default, p.Min, p.Max, p.Description)
		}
		tw.Flush()
		return
	}
	start := time.Now()
	if o.sensitivity {
		if err := sensitivity(context.Background(), os.Stdout, o); err != nil {
			fmt.Fprintln(os.Stderr, "washington-summit:", err)
			os.Exit(1)
		}
		fmt.Fprintf(os.Stderr, "%d experiments of %d runs in %v\n", o.base*(len(Parameters)+2), o.runsEach, time.Since(start).Round(time.Millisecond))
		return
	}
	if _, err := summarize(context.Background(), os.Stdout, o); err != nil {
		fmt.Fprintln(os.Stderr, "washington-summit:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "%d runs in %v\n", o.runs, time.Since(start).Round(time.Millisecond))
}
