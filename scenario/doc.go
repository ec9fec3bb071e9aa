// Package scenario defines negotiation scenarios as timed state machines and
// runs them, one run at a time.
//
// A scenario is a set of states (a phone call, talks by officials, a bilateral
// arranged, a bilateral held, a trilateral held, stalled), timed transitions
// between them, world variables (trust, flags as 0/1, counters), exogenous
// events, routes (named sequences of states, the "summit paths") and claims
// (named statements such as "a bilateral by day 14" whose probability is
// wanted).
// Time is in days from day 0.
//
// # Defining a scenario
//
// A Builder takes the definition by name and Build checks all of it at once:
//
//	b := scenario.New("summit").States("call", "arranged", "bilateral").Start("call").Horizon(60)
//	b.State("stalled").Absorbing()
//	b.Transition("call", "arranged").Delay(scenario.Exp(0.1))          // exponential, mean 10 days
//	b.Transition("arranged", "bilateral").Delay(scenario.After{Dist: distuv.Gamma{Alpha: 4, Beta: 0.5}})
//	b.Transition("call", "stalled").Delay(scenario.Exp(0.03))
//	b.Transition("arranged", "stalled").Delay(scenario.Days(30))       // gives up after 30 days
//	b.Route("us-proposal", "call", "arranged", "bilateral")
//	b.Claim(scenario.Entered("bilateral", 0, 14).Named("merz"))
//	sc, err := b.Build()
//
// Guards, assignments, range shifts and branch weights may be expressions
// of the world, held as their text and compiled by Build (Condition,
// Assign, RangeShift, Target.Weight): a definition stays plain data, which
// files read and write, in one expression language for Go and files;
// GuardFunc and EffectFunc are for code.
//
// A scenario's description is one value, a Definition: plain data (states,
// transitions, events, routes, claims, variables, parameters, an actors
// model), each part a value type whose numbers are param.Nums and whose
// guards and effects are descriptions, not code to run. The Builder is
// sugar that appends to a Definition; package scenariofile reads and
// writes one; Definition.Build compiles one into a Scenario, the dense
// tables that running, exact analysis and reporting use, and
// Scenario.Definition gives it back, so that a program can change a part
// and build again.
//
// Every problem in a definition is reported in one *problem.Error (of kind
// ErrDefinition), each
// naming the state, transition, event, route or claim at fault and its field,
// and placing it by part, index in declaration order and field key, so that
// tools can point at it without reading its words. States no run can enter
// are warnings (Scenario.Warnings), not errors. Bad data never panics.
//
// # Parameters
//
// A scenario's numbers are assumptions, and each can be a named parameter
// with a default, a range and a prior. Declare it with Builder.Param and let
// it stand for a number with param.P, or with param.Formula for a function
// of several (package param holds the one kind of number, param.Num, which
// actors and scenario share):
//
//	b.Param(param.Parameter{Name: "us_pressure", Default: 0.7, Min: 0.3, Max: 1,
//		Prior: distuv.Beta{Alpha: 7, Beta: 3}, Description: "assumption: how hard the US pushes"})
//	b.Transition("call", "arranged").Delay(scenario.Exp(param.P("us_pressure")))
//
// Every number of a definition may be such a number: the constructors
// are generic over param.Number, so Exp(0.1) and Exp(param.P("rate")),
// Days, On and To take either; an After may hold a param.Dist, a
// distribution family whose parameters are Nums; guards, assignments and
// range shifts name parameters in their expressions ("trust >=
// trust_needed"), bound with the parameters, never per run; the actors
// model's values hold them themselves (actors.Fixed(param.P("cap")), actors.Prior
// of a param.Dist, actors.Choice with param.Num weights), and Build binds
// them with the rest; Go guards and effects read a parameter with
// World.Param. Scenario.With binds new values: it shares the compiled
// tables and rewrites only the cells that depend on parameters, checking
// each value against its range and each number it sets against its domain
// (the error has a problem at the number, naming the values, and one at
// each parameter). With RunOptions.DrawParameters each run draws
// the parameters that have priors and were not bound, from a stream of its
// own, so that variants keep the same random numbers.
//
// A claim's day, its bounds on an agreed value, and the horizon are not
// parameters, by design: they are the question asked (by when? agreed at
// least what?), not an assumption about the world. Were
// they parameters, a sensitivity analysis would credit the outcome's
// variance to the question, and a calibration would learn the deadline
// that fits. A different deadline is a different claim; a different
// horizon is the definition's (a file's horizon:) or RunOptions.Horizon.
//
// # One run
//
// A run starts in the start state at day 0. On entering a state, every enabled
// outgoing transition samples its delay and the earliest fires; its effects
// change the world, and a branching transition then picks its target. A guard
// (a predicate on the world) enables a transition or event. Events are rate
// events (a Poisson process while active) or scheduled (on day d with
// probability p); they apply effects and may move the run. When an event
// changes the world, guards are evaluated again: clocks already sampled for
// transitions that stay enabled are kept, newly enabled transitions sample
// from that moment, disabled ones are dropped. For exponential delays, keeping
// and redrawing are the same law, and the run loop draws all exponential
// competitors of a state as one clock of their total rate and a choice in
// proportion to the rates. A run ends in an absorbing state, at the horizon
// ("open"), stuck (EndStuck: at the horizon where nothing could move it any
// more: no clock running, no event that could occur, every meeting out of
// its state declined in the world as it is), at the step bound
// (EndStepLimit), or when branch weights, or a rate, delay or day read
// from the world, are unusable (EndFault), never silently. Scenario.Warnings names the states where runs can be stuck.
//
// # Routes
//
// A route is completed when its states are entered one directly after the
// other (or, with InOrder, in this order with anything between). It is open
// at day d when it is not completed and the run can still complete it from
// its state at d through the transition graph, every guard being taken as
// able to open later; otherwise it is closed, and stays closed.
// Scenario.Routes gives the routes declared and Scenario.RouteTimes the
// days a run completed or closed one.
//
// # Statements about runs
//
// A Statement says something of a run's course: a state entered within a
// window of days, the state on a day, an event, a variable's value, an
// agreement, a route's status, a Go function of the trace; or its
// negation. The same statement is a claim when named (its probability is
// estimated), an observation (Scenario.Observe resolves a list of them
// into Evidence that judges a run's Trace, and conditioning keeps the runs
// consistent with it), and a record of what happened when its Truth, Date
// and Source are known (forecasts are scored against it). A record or an
// observation may refer to a declared claim by name (ClaimNamed): it
// observes what the claim states. Scenario.Claims gives the claims
// declared, and Scenario.ClaimHolds judges one on a run.
//
// What a Scenario exposes is what running, exact analysis and reporting
// need of it: its definition, names and indices, parameters, and the
// judges of claims and routes. Its compiled forms (guards, effects, rules,
// routes' automata, the Markov chain) are internal; package outcomes reads
// the few it needs through an internal link.
//
// # What is known so far
//
// From returns the scenario as it stands on a later day (Now): runs go on
// from the state then, with the path so far, the events and the variables.
// Now is not a list of statements: it is where the negotiation is, not
// what is true of it.
//
// # Invariants
//
// A Scenario is immutable after Build and may be shared by goroutines; With
// returns a new one and leaves it alone. A
// Runner belongs to one goroutine; its Run allocates nothing once its buffers
// have grown to the longest run seen, and reads only dense tables indexed by
// State, transition and event number. Given the same random stream, a run is
// the same, bit for bit. Guards, effects and branch weights see the World
// only during their call and must not keep it.
package scenario
