// Command washington-summit models the summit paths open after the White
// House meeting of 18 August 2025 (day 0) as a timing model: which meetings
// can follow which, how fast, and what can stop them. It prints how each
// route stands day by day, the probability of the leaders' public claims, and
// the most likely sequences of meetings.
//
//	go run ./examples/washington-summit -runs 200000 -seed 1
//
// The facts (who proposed which sequence, the day-1 guarantees meeting, the
// possible release of 1,000 prisoners, the 14- and 21-day claims) come from
// the seed report; every rate and probability is a named assumption in
// Assumptions, to be changed by whoever disagrees.
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"time"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// Assumptions are the model's numbers. None is stated in the report; each is a
// judgement, documented here so that it can be argued with and overridden.
// Rates are per day: a rate r alone means a mean wait of 1/r days.
type Assumptions struct {
	// Russia agrees to a leaders' bilateral directly, as the US proposes.
	// The report: Russia's aide only confirmed the idea "was discussed".
	DirectAgreement float64
	// Russia insists that officials prepare the meeting first (the Russian
	// framing: meet first, then invite the US).
	OfficialsFirst float64
	// The US convenes a trilateral at once, skipping the bilateral; only once
	// security guarantees are settled.
	DirectTrilateral float64
	// The process stalls from the call.
	StallAfterCall float64

	// Officials' talks produce an arranged leaders' meeting, at the base rate
	// and additionally once the prisoner gesture has been made.
	OfficialsSucceed, GestureBoost float64
	// Officials' talks break down.
	OfficialsStall float64

	// Days from an arranged meeting to the meeting itself (place and time
	// still open in the report): Gamma with this shape and mean.
	LogisticsShape, LogisticsMeanDays float64
	// An arranged meeting collapses before it is held.
	ArrangedCollapse float64

	// After a bilateral, the trilateral follows, or the process stalls.
	TrilateralAfterBilateral, StallAfterBilateral float64
	// After a trilateral, a framework is agreed (only with guarantees settled),
	// or the process stalls.
	Framework, StallAfterTrilateral float64

	// The US–Europe meeting on guarantees expected on day 1 settles their
	// details with this probability; if not, they are settled later at
	// GuaranteesLater (Rutte: "in the coming days").
	GuaranteesDay1, GuaranteesLater float64
	// Russia releases up to 1,000 prisoners as a goodwill gesture (a US claim,
	// absent from the Russian readout), at this rate while talks are pending.
	PrisonerRelease float64

	// HorizonDays is how far the model looks.
	HorizonDays float64
}

// DefaultAssumptions returns the assumptions the example runs with.
func DefaultAssumptions() Assumptions {
	return Assumptions{
		DirectAgreement:          0.06,
		OfficialsFirst:           0.08,
		DirectTrilateral:         0.01,
		StallAfterCall:           0.02,
		OfficialsSucceed:         0.04,
		GestureBoost:             0.04,
		OfficialsStall:           0.02,
		LogisticsShape:           4,
		LogisticsMeanDays:        8,
		ArrangedCollapse:         0.03,
		TrilateralAfterBilateral: 0.08,
		StallAfterBilateral:      0.03,
		Framework:                0.04,
		StallAfterTrilateral:     0.02,
		GuaranteesDay1:           0.5,
		GuaranteesLater:          0.1,
		PrisonerRelease:          0.02,
		HorizonDays:              90,
	}
}

// Event numbers follow declaration order in Scenario.
const (
	eventGuaranteesMeeting = iota
	eventGuaranteesLater
	eventPrisonerRelease
)

// Scenario builds the summit-path model.
func Scenario(a Assumptions) (*scenario.Scenario, error) {
	b := scenario.New("washington-summit").
		Describe("summit paths after the White House meeting of 18 August 2025 (day 0)").
		Start("call").
		Horizon(a.HorizonDays)
	b.State("call").Describe("day 0: White House meeting, then the US–Russia phone call")
	b.State("officials").Describe("officials prepare a leaders' meeting first (Russian framing)")
	b.State("arranged").Describe("Putin–Zelensky meeting arranged: place and time set")
	b.State("bilateral").Describe("Putin–Zelensky meeting held")
	b.State("trilateral").Describe("US–Russia–Ukraine meeting held")
	b.State("framework").Absorbing().Describe("a framework for a settlement agreed")
	b.State("stalled").Absorbing().Describe("the process stalls")

	b.Var("guarantees", 0) // 1 once the security-guarantee details are settled
	b.Var("gesture", 0)    // 1 once the prisoner release has happened
	guaranteed := scenario.VarIs("guarantees", scenario.Eq, 1)

	b.Transition("call", "arranged").Rate(a.DirectAgreement).Participants("US", "RU", "UA").
		Describe("Russia accepts the US proposal of a leaders' bilateral")
	b.Transition("call", "officials").Rate(a.OfficialsFirst).Participants("RU", "UA").
		Describe("Russia wants officials to prepare the meeting")
	b.Transition("call", "trilateral").Rate(a.DirectTrilateral).When(guaranteed).Participants("US", "RU", "UA").
		Describe("the US convenes the three leaders directly")
	b.Transition("call", "stalled").Rate(a.StallAfterCall)
	b.Transition("officials", "arranged").Rate(a.OfficialsSucceed).Participants("RU", "UA")
	b.Transition("officials", "arranged").Named("officials->arranged after gesture").
		Rate(a.GestureBoost).When(scenario.VarIs("gesture", scenario.Eq, 1)).Participants("RU", "UA").
		Describe("the prisoner release eases the officials' talks")
	b.Transition("officials", "stalled").Rate(a.OfficialsStall)
	b.Transition("arranged", "bilateral").
		After(distuv.Gamma{Alpha: a.LogisticsShape, Beta: a.LogisticsShape / a.LogisticsMeanDays}).
		Participants("RU", "UA")
	b.Transition("arranged", "stalled").Rate(a.ArrangedCollapse)
	b.Transition("bilateral", "trilateral").Rate(a.TrilateralAfterBilateral).Participants("US", "RU", "UA")
	b.Transition("bilateral", "stalled").Rate(a.StallAfterBilateral)
	b.Transition("trilateral", "framework").Rate(a.Framework).When(guaranteed).Participants("US", "RU", "UA")
	b.Transition("trilateral", "stalled").Rate(a.StallAfterTrilateral)

	b.Event("guarantees-meeting").At(1, a.GuaranteesDay1).Do(scenario.SetVar("guarantees", 1)).
		Describe("US–Europe meeting on security-guarantee details, day 1")
	b.Event("guarantees-later").Rate(a.GuaranteesLater).When(scenario.VarIs("guarantees", scenario.Eq, 0)).
		Do(scenario.SetVar("guarantees", 1)).Describe("guarantee details settled after day 1")
	b.Event("prisoner-release").Rate(a.PrisonerRelease).Once().In("call", "officials", "arranged").
		Do(scenario.SetVar("gesture", 1)).Describe("Russia releases up to 1,000 prisoners")

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
	b.Claim(scenario.ClaimFunc("rutte-guarantees", func(t *scenario.Trace) bool {
		return min(t.FirstOccurrence(eventGuaranteesMeeting), t.FirstOccurrence(eventGuaranteesLater)) <= 7
	}).Describe("Rutte: guarantee details finalised in the coming days (by day 7)"))
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
}

// report builds the scenario, runs it and writes the tables (or JSON).
func report(ctx context.Context, w io.Writer, o options) (*outcomes.Result, error) {
	sc, err := Scenario(DefaultAssumptions())
	if err != nil {
		return nil, err
	}
	res, err := outcomes.Run(ctx, sc, &outcomes.Config{Runs: o.runs, Seed: o.seed, Workers: o.workers})
	if err != nil {
		return nil, err
	}
	if o.json {
		return res, res.WriteJSON(w)
	}
	return res, res.WriteText(w, &outcomes.TextOptions{Days: []float64{1, 7, 14, 21, 30, 60, 90}, Paths: 10})
}

func main() {
	var o options
	flag.IntVar(&o.runs, "runs", defaultRuns, "number of runs")
	flag.Uint64Var(&o.seed, "seed", defaultSeed, "random seed")
	flag.IntVar(&o.workers, "workers", 0, "worker goroutines (0: GOMAXPROCS)")
	flag.BoolVar(&o.json, "json", false, "write the Result as JSON")
	flag.Parse()
	start := time.Now()
	if _, err := report(context.Background(), os.Stdout, o); err != nil {
		fmt.Fprintln(os.Stderr, "washington-summit:", err)
		os.Exit(1)
	}
	fmt.Fprintf(os.Stderr, "%d runs in %v\n", o.runs, time.Since(start).Round(time.Millisecond))
}
