package scenariofile

import (
	"encoding/json"
	"fmt"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
)

// File is a scenario file as written: YAML (or JSON, which is YAML too).
// Field names are the YAML keys; every list keeps its order, which is the
// order of the scenario's states, transitions, events and priors.
type File struct {
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	// Template, when set, makes this file a case of a reference class:
	// the scenario file at that path (relative to this file's folder)
	// gives the structure, and this file gives day-0 values only: its
	// name, description, start_date, horizon, the values of the
	// template's parameters, and claims. See template.go.
	Template string `yaml:"template,omitempty" json:"template,omitempty"`
	Start    string `yaml:"start" json:"start"`
	// StartDate is the calendar date of day 0, written 2025-08-18: outputs
	// then show dates, and claims and observations may give dates.
	StartDate   string       `yaml:"start_date,omitempty" json:"start_date,omitempty"`
	Horizon     float64      `yaml:"horizon" json:"horizon"`
	Parameters  []Parameter  `yaml:"parameters,omitempty" json:"parameters,omitempty"`
	Variables   []Variable   `yaml:"variables,omitempty" json:"variables,omitempty"`
	Issues      []Issue      `yaml:"issues,omitempty" json:"issues,omitempty"`
	Actors      []Actor      `yaml:"actors,omitempty" json:"actors,omitempty"`
	Positions   []Position   `yaml:"positions,omitempty" json:"positions,omitempty"`
	States      []State      `yaml:"states" json:"states"`
	Transitions []Transition `yaml:"transitions" json:"transitions"`
	Events      []Event      `yaml:"events,omitempty" json:"events,omitempty"`
	Routes      []Route      `yaml:"routes,omitempty" json:"routes,omitempty"`
	Claims      []Claim      `yaml:"claims,omitempty" json:"claims,omitempty"`
}

// Variable is a world variable and its value at day 0.
type Variable struct {
	Name    string `yaml:"name" json:"name"`
	Initial Number `yaml:"initial" json:"initial"`
}

// Issue is an issue of the actors model.
type Issue struct {
	ID    string  `yaml:"id" json:"id"`
	Name  string  `yaml:"name,omitempty" json:"name,omitempty"`
	Min   float64 `yaml:"min" json:"min"`
	Max   float64 `yaml:"max" json:"max"`
	Units string  `yaml:"units,omitempty" json:"units,omitempty"`
}

// Actor is a party. Numbers are Values: a number, or a prior such as
// {dist: beta, alpha: 2, beta: 5}, or {choice: [0, 1000], weights: [1, 1]}.
type Actor struct {
	ID          string `yaml:"id" json:"id"`
	Name        string `yaml:"name,omitempty" json:"name,omitempty"`
	Capability  *Value `yaml:"capability,omitempty" json:"capability,omitempty"`
	Risk        *Value `yaml:"risk,omitempty" json:"risk,omitempty"`
	Discount    *Value `yaml:"discount,omitempty" json:"discount,omitempty"`
	Reservation *Value `yaml:"reservation,omitempty" json:"reservation,omitempty"`
	// Accept is a rule: always, zone_of_agreement, reservation_value,
	// {when: "prepared >= 1"} (a condition on the world, as a guard's),
	// {var_at_least: {var: prepared, value: 1}} and {var_at_most: ...}
	// (the same, read as when: "prepared >= 1"), {all: [rules]},
	// {any: [rules]}.
	Accept any `yaml:"accept,omitempty" json:"accept,omitempty"`
}

// Position is where an actor stands on an issue.
type Position struct {
	Actor    string `yaml:"actor" json:"actor"`
	Issue    string `yaml:"issue" json:"issue"`
	Ideal    *Value `yaml:"ideal" json:"ideal"`
	Salience *Value `yaml:"salience,omitempty" json:"salience,omitempty"`
	Lo       *Value `yaml:"lo,omitempty" json:"lo,omitempty"`
	Hi       *Value `yaml:"hi,omitempty" json:"hi,omitempty"`
}

// State is a state.
type State struct {
	Name        string `yaml:"name" json:"name"`
	Description string `yaml:"description,omitempty" json:"description,omitempty"`
	Absorbing   bool   `yaml:"absorbing,omitempty" json:"absorbing,omitempty"`
}

// Transition is a timed transition: give one of Rate, Fixed and Delay, and
// either To or Branch.
type Transition struct {
	Name         string        `yaml:"name,omitempty" json:"name,omitempty"`
	Description  string        `yaml:"description,omitempty" json:"description,omitempty"`
	From         string        `yaml:"from" json:"from"`
	To           string        `yaml:"to,omitempty" json:"to,omitempty"`
	Branch       []Target      `yaml:"branch,omitempty" json:"branch,omitempty"`
	Rate         *Number       `yaml:"rate,omitempty" json:"rate,omitempty"`
	Fixed        *Number       `yaml:"fixed,omitempty" json:"fixed,omitempty"`
	Delay        *Value        `yaml:"delay,omitempty" json:"delay,omitempty"`
	At           *Number       `yaml:"at,omitempty" json:"at,omitempty"`
	When         string        `yaml:"when,omitempty" json:"when,omitempty"`
	Do           []any         `yaml:"do,omitempty" json:"do,omitempty"`
	Participants []Participant `yaml:"participants,omitempty" json:"participants,omitempty"`
	Agenda       *Agenda       `yaml:"agenda,omitempty" json:"agenda,omitempty"`
	OnDecline    *Decline      `yaml:"on_decline,omitempty" json:"on_decline,omitempty"`
}

// Participant sits at a meeting: an actor ID, or {actor: ID, accept:
// RULE} with a rule for this meeting alone, in place of the actor's own
// (Actor.Accept).
type Participant struct {
	Actor  string
	Accept any // a rule, as Actor.Accept; nil for the actor's own
	err    string
}

// UnmarshalYAML reads an actor ID or an {actor, accept} mapping; a
// malformed one is kept with its error, reported at its place when the
// file is built.
func (p *Participant) UnmarshalYAML(unmarshal func(any) error) error {
	var x any
	bad := Participant{err: "a participant is an actor ID, or {actor: ID, accept: RULE} for a rule at this meeting alone"}
	if err := unmarshal(&x); err != nil {
		*p = bad
		return nil
	}
	switch v := x.(type) {
	case string:
		*p = Participant{Actor: v}
	case map[string]any:
		id, ok := v["actor"].(string)
		if !ok || id == "" {
			*p = bad
			return nil
		}
		*p = Participant{Actor: id, Accept: v["accept"]}
		if rule, given := v["accept"]; given && rule == nil {
			p.err = "accept needs a rule (leave accept out for the actor's own)"
		}
		for k := range v {
			if k != "actor" && k != "accept" {
				p.err = fmt.Sprintf("unknown field %q of a participant (actor, accept)", k)
			}
		}
	default:
		*p = bad
	}
	return nil
}

// MarshalYAML writes the actor ID, or the mapping when the participant
// has a rule of its own.
func (p Participant) MarshalYAML() (any, error) {
	if p.Accept == nil {
		return p.Actor, nil
	}
	return participantMap{p.Actor, p.Accept}, nil
}

// MarshalJSON writes the actor ID, or the object when the participant has
// a rule of its own.
func (p Participant) MarshalJSON() ([]byte, error) {
	if p.Accept == nil {
		return json.Marshal(p.Actor)
	}
	return json.Marshal(participantMap{p.Actor, p.Accept})
}

// participantMap is a participant with a rule of its own, as written.
type participantMap struct {
	Actor  string `yaml:"actor" json:"actor"`
	Accept any    `yaml:"accept" json:"accept"`
}

// Target is a branch target: P a fixed probability, or Weight an expression.
type Target struct {
	To     string  `yaml:"to" json:"to"`
	P      *Number `yaml:"p,omitempty" json:"p,omitempty"`
	Weight string  `yaml:"weight,omitempty" json:"weight,omitempty"`
}

// Agenda is what a meeting bargains over: bargainer is one of mean,
// median, nash, rubinstein.
type Agenda struct {
	Bargainer string   `yaml:"bargainer" json:"bargainer"`
	Issues    []string `yaml:"issues" json:"issues"`
}

// Decline is what follows a declined meeting: one of Retry (a delay Value),
// RetryAfter (days) and To (a state).
type Decline struct {
	Retry      *Value  `yaml:"retry,omitempty" json:"retry,omitempty"`
	RetryAfter *Number `yaml:"retry_after,omitempty" json:"retry_after,omitempty"`
	To         string  `yaml:"to,omitempty" json:"to,omitempty"`
}

// Event is an exogenous event: give Rate or At.
type Event struct {
	Name         string        `yaml:"name" json:"name"`
	Description  string        `yaml:"description,omitempty" json:"description,omitempty"`
	Rate         *Number       `yaml:"rate,omitempty" json:"rate,omitempty"`
	At           *At           `yaml:"at,omitempty" json:"at,omitempty"`
	In           []string      `yaml:"in,omitempty" json:"in,omitempty"`
	When         string        `yaml:"when,omitempty" json:"when,omitempty"`
	Do           []any         `yaml:"do,omitempty" json:"do,omitempty"`
	Goto         string        `yaml:"goto,omitempty" json:"goto,omitempty"`
	Once         bool          `yaml:"once,omitempty" json:"once,omitempty"`
	Participants []Participant `yaml:"participants,omitempty" json:"participants,omitempty"`
	Agenda       *Agenda       `yaml:"agenda,omitempty" json:"agenda,omitempty"`
}

// At schedules an event on a day with a probability; both are needed.
type At struct {
	Day *Number `yaml:"day" json:"day"`
	P   *Number `yaml:"p" json:"p"`
}

// Route is a named sequence of states.
type Route struct {
	Name        string   `yaml:"name" json:"name"`
	Description string   `yaml:"description,omitempty" json:"description,omitempty"`
	States      []string `yaml:"states" json:"states"`
	InOrder     bool     `yaml:"in_order,omitempty" json:"in_order,omitempty"`
}

// Claim is a named statement whose probability is wanted: a state
// reached, a route completed, an event occurred or a value agreed by a
// day (by); the state a run is in, or a variable's value, on a day (day);
// or a combination of such bodies: all, any, before (the first happens
// and the second has not by then), or a body with after and within (it
// happens within so many days after the after body first happens). not
// claims the opposite. Inside before, after and a body with after, by may
// be left out: any day.
type Claim struct {
	Name        string   `yaml:"name,omitempty" json:"name,omitempty"`
	Description string   `yaml:"description,omitempty" json:"description,omitempty"`
	Reached     string   `yaml:"reached,omitempty" json:"reached,omitempty"`
	Completed   string   `yaml:"completed,omitempty" json:"completed,omitempty"`
	Occurred    string   `yaml:"occurred,omitempty" json:"occurred,omitempty"`
	Agreed      string   `yaml:"agreed,omitempty" json:"agreed,omitempty"`
	InState     string   `yaml:"in_state,omitempty" json:"in_state,omitempty"`
	Variable    string   `yaml:"variable,omitempty" json:"variable,omitempty"`
	All         []Claim  `yaml:"all,omitempty" json:"all,omitempty"`
	Any         []Claim  `yaml:"any,omitempty" json:"any,omitempty"`
	Before      []Claim  `yaml:"before,omitempty" json:"before,omitempty"`
	After       *Claim   `yaml:"after,omitempty" json:"after,omitempty"`
	Within      *float64 `yaml:"within,omitempty" json:"within,omitempty"`
	AtLeast     *float64 `yaml:"at_least,omitempty" json:"at_least,omitempty"`
	AtMost      *float64 `yaml:"at_most,omitempty" json:"at_most,omitempty"`
	By          *Day     `yaml:"by,omitempty" json:"by,omitempty"`
	Day         *Day     `yaml:"day,omitempty" json:"day,omitempty"`
	// Not claims the opposite: not reached (completed, occurred, agreed) by
	// the day.
	Not bool `yaml:"not,omitempty" json:"not,omitempty"`
}

// Value is a number in a file: a plain number, a distribution by name and
// parameters ({dist: gamma, alpha: 4, beta: 0.5}), or weighted choices
// ({choice: [0, 1000], weights: [1, 3]}).
type Value struct {
	Number  *Number
	Dist    string
	Params  map[string]Number
	Choice  []float64
	Weights []Number
	// err is what was wrong with the value as written; it is reported with
	// the value's position when the file is built.
	err string
	// form is the parameterisation of Dist the Params give: an index into
	// distForms[Dist].
	form int
}

// distForms lists the parameterisations files accept for each
// distribution. The first is gonum's (in the order of its distuv fields)
// and the one Write uses; the others are converted to it.
var distForms = map[string][][]string{
	"exponential": {{"rate"}, {"mean"}},
	"uniform":     {{"min", "max"}},
	"gamma":       {{"alpha", "beta"}, {"shape", "rate"}, {"shape", "scale"}, {"mean", "sd"}},
	"beta":        {{"alpha", "beta"}, {"mean", "sd"}},
	"lognormal":   {{"mu", "sigma"}, {"mean", "sd"}, {"median", "sigma"}},
	"weibull":     {{"k", "lambda"}, {"shape", "scale"}},
	"normal":      {{"mu", "sigma"}, {"mean", "sd"}},
}

// distParams lists each distribution's parameters in gonum's form.
func distParams(dist string) []string {
	if forms := distForms[dist]; len(forms) > 0 {
		return forms[0]
	}
	return nil
}

// formsText says a distribution's parameterisations, for messages:
// "(alpha, beta), (shape, rate), (shape, scale) or (mean, sd)".
func formsText(dist string) string {
	var parts []string
	for _, f := range distForms[dist] {
		parts = append(parts, "("+strings.Join(f, ", ")+")")
	}
	if len(parts) == 1 {
		return parts[0]
	}
	return strings.Join(parts[:len(parts)-1], ", ") + " or " + parts[len(parts)-1]
}

func distNames() string {
	var names []string
	for n := range distForms {
		names = append(names, n)
	}
	sort.Strings(names)
	return strings.Join(names, ", ")
}

// UnmarshalYAML reads a number or a mapping. A malformed value is kept with
// its error, so that the error can be reported at the value's position.
func (v *Value) UnmarshalYAML(unmarshal func(any) error) error {
	if err := v.read(unmarshal); err != nil {
		*v = Value{err: err.Error()}
	}
	return nil
}

func (v *Value) read(unmarshal func(any) error) error {
	var x float64
	if err := unmarshal(&x); err == nil {
		v.Number = &Number{Value: x}
		return nil
	}
	var text string
	if err := unmarshal(&text); err == nil {
		var n Number
		if err := n.UnmarshalYAML(func(out any) error { *(out.(*any)) = text; return nil }); err != nil || n.err != "" {
			return fmt.Errorf("%s", n.err)
		}
		v.Number = &n
		return nil
	}
	var m map[string]any
	if err := unmarshal(&m); err != nil {
		return fmt.Errorf("a value is a number, {dist: ...} or {choice: ..., weights: ...}")
	}
	if c, ok := m["choice"]; ok {
		for _, k := range slices.Sorted(maps.Keys(m)) { // the same message for the same file
			if k != "choice" && k != "weights" {
				return fmt.Errorf("unknown field %q in a choice (choice, weights)", k)
			}
		}
		var err error
		if v.Choice, err = numbers(c, "choice"); err != nil {
			return err
		}
		ws, ok := m["weights"].([]any)
		if !ok {
			return fmt.Errorf("weights must be a list of numbers or expressions over parameters")
		}
		v.Weights = make([]Number, len(ws))
		for i, w := range ws {
			v.Weights[i].UnmarshalYAML(func(out any) error { *(out.(*any)) = w; return nil })
			if v.Weights[i].err != "" {
				return fmt.Errorf("weights[%d] must be a number or an expression over parameters", i)
			}
		}
		return nil
	}
	d, ok := m["dist"].(string)
	if !ok {
		return fmt.Errorf("a distribution needs dist: one of %s", distNames())
	}
	if _, known := distForms[d]; !known {
		return fmt.Errorf("unknown distribution %q (one of %s)", d, distNames())
	}
	v.Dist, v.Params = d, map[string]Number{}
	var given []string
	for k, val := range m {
		if k == "dist" {
			continue
		}
		var n Number
		n.UnmarshalYAML(func(out any) error { *(out.(*any)) = val; return nil })
		if n.err != "" {
			return fmt.Errorf("parameter %q of %s must be a number or an expression over parameters", k, d)
		}
		v.Params[k] = n
		given = append(given, k)
	}
	sort.Strings(given)
	for form, names := range distForms[d] {
		if len(names) == len(given) && allIn(given, names) {
			v.form = form
			return nil
		}
	}
	for _, k := range given {
		known := false
		for _, names := range distForms[d] {
			known = known || contains(names, k)
		}
		if !known {
			return fmt.Errorf("unknown parameter %q of %s: give %s", k, d, formsText(d))
		}
	}
	return fmt.Errorf("%s needs %s", d, formsText(d))
}

func allIn(xs, set []string) bool {
	for _, x := range xs {
		if !contains(set, x) {
			return false
		}
	}
	return true
}

// MarshalYAML writes the Value back in the form it was read in.
func (v Value) MarshalYAML() (any, error) {
	switch {
	case v.Number != nil:
		return v.Number.MarshalYAML()
	case v.Choice != nil:
		return map[string]any{"choice": v.Choice, "weights": v.Weights}, nil
	}
	m := map[string]any{"dist": v.Dist}
	for k, x := range v.Params {
		m[k], _ = x.MarshalYAML()
	}
	return m, nil
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

// yamlNumber is a number as YAML 1.2 and JSON write it, with or without a
// decimal point: go-yaml reads 1e-1 and 1e6 as text where no type is
// given.
var yamlNumber = regexp.MustCompile(`^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`)

func number(x any) (float64, bool) {
	switch n := x.(type) {
	case string:
		if !yamlNumber.MatchString(n) {
			return 0, false
		}
		f, err := strconv.ParseFloat(n, 64)
		return f, err == nil
	case uint:
		return float64(n), true
	case float64:
		return n, true
	case int:
		return float64(n), true
	case int64:
		return float64(n), true
	case uint64:
		return float64(n), true
	}
	return 0, false
}

func numbers(x any, what string) ([]float64, error) {
	xs, ok := x.([]any)
	if !ok {
		return nil, fmt.Errorf("%s must be a list of numbers", what)
	}
	out := make([]float64, len(xs))
	for i, e := range xs {
		f, ok := number(e)
		if !ok {
			return nil, fmt.Errorf("%s[%d] must be a number", what, i)
		}
		out[i] = f
	}
	return out, nil
}
