// Package actors models the parties to a negotiation: the issues they
// negotiate over, where each stands on each issue, whether each accepts a
// proposed meeting, and what a meeting is likely to agree. It knows nothing
// of scenarios; package scenario seats actors at its transitions.
//
// # Issues, actors and positions
//
// An Issue has a numeric scale (guarantees 0–1, prisoners 0–2000). An Actor
// has a capability (its weight at the table), a risk exponent for its
// utility, a discount factor for alternating offers, a reservation value
// (its utility of no agreement) and an acceptance Rule. A Position gives an
// actor's ideal point, salience and acceptable range on one issue. Every one
// of these numbers is a Value: Fixed, or a Prior (any gonum distuv
// distribution) or Choice (weighted discrete values) drawn once per run from
// the run's own stream. NewModel validates them all at once, each problem
// naming actor and issue, and compiles them into dense tables.
//
// An actor's utility of outcome x on issue i is (1 - |x - ideal| / span)^risk,
// where span is the scale.
//
// # Acceptance
//
// A Rule decides whether an actor accepts a meeting it is invited to:
// Always (no preconditions), ZoneOfAgreement (the parties' acceptable
// ranges overlap on every agenda issue), ReservationValue (the expected
// utility of the predicted outcome is at least the reservation value), All
// and Any to combine them, RuleFunc for anything else. actors knows nothing
// of scenarios: a precondition on the world of the run, such as "prepared
// by officials first", is scenario.When, which reads the world the scenario
// passes in Meeting.World.
//
// # Bargaining
//
// A Bargainer predicts the outcome of one issue at one meeting:
// WeightedMean (capability × salience weights), WeightedMedian (the spatial
// model's forecast), NashSolution (the maximal product of utility gains over
// the reservation values) and Rubinstein (alternating offers with discount
// factors). Each keeps the outcome in the zone of possible agreement, the
// intersection of the parties' acceptable ranges; an empty zone means no
// agreement, which is an outcome, not an error.
//
// # Invariants
//
// A Model is immutable and safe to share. Positions belong to one run at a
// time: Sample refills them from a random stream, drawing the priors in a
// fixed order, so the same stream gives the same positions; it allocates
// nothing. Rules and bargainers read a caller-owned Meeting or Table, must
// not keep it, and allocate nothing.
package actors
