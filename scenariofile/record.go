package scenariofile

import (
	"fmt"
	"regexp"
	"strings"
	"time"

	"github.com/parleysim/parley/problem"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"

	"github.com/parleysim/parley/scenario"
)

// OutcomesFile is a file of what happened, against which forecasts are
// scored:
//
//	outcomes:
//	  - {claim: merz-14, happened: false, date: 2025-09-01, source: "no meeting by then"}
//	  - {route: us-proposal, completed_by: 30, happened: false}
//
// With start_date (the scenario's day 0, 2025-08-18), completed_by may be
// a date.
type OutcomesFile struct {
	StartDate string `yaml:"start_date,omitempty" json:"start_date,omitempty"`
	// Case and Claims make the file a casebook's record of its case (see
	// LoadRecord); LoadOutcomes checks them when they are given.
	Case     *CaseFacts    `yaml:"case,omitempty" json:"case,omitempty"`
	Claims   []ClaimSource `yaml:"claims,omitempty" json:"claims,omitempty"`
	Outcomes []OutcomeItem `yaml:"outcomes" json:"outcomes"`
}

// CaseFacts says what a casebook's case is: its kind of negotiation
// (leaders-summit, ceasefire, peace-agreement, exchange, arms-control,
// trade, normalisation, or a kind of the casebook's own), what was public
// at the end of its day 0, and why its model has the structure it has (the
// template it uses and why it fits, or why it is bespoke).
type CaseFacts struct {
	Kind  string `yaml:"kind" json:"kind"`
	Known string `yaml:"known" json:"known"`
	Model string `yaml:"model" json:"model"`
}

// ClaimSource is where a case's claim comes from: who said it in public,
// on what date (by the end of day 0), and where that is recorded.
type ClaimSource struct {
	Claim  string `yaml:"claim" json:"claim"`
	SaidBy string `yaml:"said_by" json:"said_by"`
	SaidOn string `yaml:"said_on" json:"said_on"`
	Source string `yaml:"source" json:"source"`
}

// Record is a casebook case's record, as LoadRecord reads it.
type Record struct {
	// StartDate is the case's day 0.
	StartDate time.Time
	CaseFacts
	// Sources are the claims' sources, in the file's order.
	Sources []ClaimSource
	// Outcomes are what happened, as LoadOutcomes reads them.
	Outcomes []scenario.Statement
}

// LoadRecord reads a casebook's record of a case within the default
// limits.
func LoadRecord(path string) (*Record, error) { return DefaultLimits.LoadRecord(path) }

// LoadRecord reads a casebook's record of a case: an outcomes file with
// its start_date and, for a casebook that keeps the discipline of
// examples/casebook, its case (kind, known, model) and the source of every
// claim it scores, each said by the end of day 0:
//
//	start_date: 1995-11-01
//	case: {kind: peace-agreement, known: "...", model: "template deadline-talks: ..."}
//	claims:
//	  - {claim: deal-in-three-weeks, said_by: "...", said_on: 1995-10-31, source: "..."}
//	outcomes:
//	  - {claim: deal-in-three-weeks, happened: true, date: 1995-11-21, source: "..."}
//
// Case and claims may be left out (a record of outcomes alone, whose Kind
// is empty); when given, they are checked whole. Every problem is
// reported at once, each at its line.
func (l Limits) LoadRecord(path string) (*Record, error) {
	var f OutcomesFile
	bd, err := l.decodeList(path, "outcomes: [...]", &f)
	if err != nil {
		return nil, err
	}
	if f.StartDate == "" {
		bd.add("", "a record needs start_date, its case's day 0")
	}
	out, err := f.happenings(bd)
	if err != nil {
		return nil, err
	}
	r := &Record{Sources: f.Claims, Outcomes: out}
	if f.Case != nil {
		r.CaseFacts = *f.Case
	}
	r.StartDate, _ = time.Parse(time.DateOnly, f.StartDate)
	return r, nil
}

// caseName is the shape of a kind of negotiation.
var caseName = regexp.MustCompile(`^[a-z][a-z0-9]*(-[a-z0-9]+)*$`)

// checkCase checks a record's case and claims' sources: every field
// given, every claim said by the end of day 0, and the claims sourced
// exactly those the outcomes score.
func (f *OutcomesFile) checkCase(bd *builder, start time.Time) {
	if c := f.Case; c != nil {
		if !caseName.MatchString(c.Kind) {
			bd.add("case.kind", "%q is not a kind of negotiation written like leaders-summit (letters a to z and digits, words joined by -)", c.Kind)
		}
		if strings.TrimSpace(c.Known) == "" {
			bd.add("case.known", "say what was public at the end of day 0")
		}
		if strings.TrimSpace(c.Model) == "" {
			bd.add("case.model", "say which template the case uses and why it fits, or why it is bespoke")
		}
	}
	sourced := map[string]int{}
	for i, s := range f.Claims {
		at := fmt.Sprintf("claims[%d]", i)
		if s.Claim == "" {
			bd.add(at+".claim", "name the claim")
		} else if j, ok := sourced[s.Claim]; ok {
			bd.add(at+".claim", "%q is sourced twice, here and at claims[%d]", s.Claim, j)
		} else {
			sourced[s.Claim] = i
		}
		if strings.TrimSpace(s.SaidBy) == "" {
			bd.add(at+".said_by", "say who said the claim in public")
		}
		if strings.TrimSpace(s.Source) == "" {
			bd.add(at+".source", "say where the claim is recorded (publisher and title, or the document)")
		}
		switch on, err := time.Parse(time.DateOnly, s.SaidOn); {
		case s.SaidOn == "":
			bd.add(at+".said_on", "give the date the claim was said, written as 2025-08-18")
		case err != nil:
			bd.add(at+".said_on", "%q is not a date written as 2025-08-18", s.SaidOn)
		case !start.IsZero() && on.After(start):
			bd.add(at+".said_on", "%s is after day 0 (%s): a claim scored from day 0 was said by its end", s.SaidOn, start.Format(time.DateOnly))
		}
	}
	for i, it := range f.Outcomes {
		at := fmt.Sprintf("outcomes[%d]", i)
		if d, err := time.Parse(time.DateOnly, it.Date); err == nil && !start.IsZero() && d.Before(start) {
			bd.add(at+".date", "%s is before day 0 (%s): what happened after day 0 is scored", it.Date, start.Format(time.DateOnly))
		}
		if f.Case != nil && it.Date == "" {
			bd.add(at, "a record dates every outcome (date:)")
		}
		if f.Case != nil && strings.TrimSpace(it.Source) == "" {
			bd.add(at, "a record sources every outcome (source:)")
		}
	}
	if f.Case == nil && len(f.Claims) == 0 {
		return // outcomes alone
	}
	matched := map[string]bool{}
	for i, it := range f.Outcomes {
		if it.Claim == "" || matched[it.Claim] {
			continue // an outcome listed twice is reported as such
		}
		if _, ok := sourced[it.Claim]; !ok {
			bd.add(fmt.Sprintf("outcomes[%d].claim", i), "claim %q has no source under claims:", it.Claim)
		}
		matched[it.Claim] = true
		delete(sourced, it.Claim)
	}
	for name, i := range sourced {
		bd.add(fmt.Sprintf("claims[%d].claim", i), "claim %q is sourced but has no outcome", name)
	}
}

// OutcomeItem is one thing that happened or did not: a claim, or a route
// completed by a day.
type OutcomeItem struct {
	Claim       string `yaml:"claim,omitempty" json:"claim,omitempty"`
	Route       string `yaml:"route,omitempty" json:"route,omitempty"`
	CompletedBy *Day   `yaml:"completed_by,omitempty" json:"completed_by,omitempty"`
	Happened    *bool  `yaml:"happened" json:"happened"`
	Date        string `yaml:"date,omitempty" json:"date,omitempty"`
	Source      string `yaml:"source,omitempty" json:"source,omitempty"`
}

// LoadOutcomes reads an outcomes file within the default limits.
func LoadOutcomes(path string) ([]scenario.Statement, error) { return DefaultLimits.LoadOutcomes(path) }

// LoadOutcomes reads an outcomes file; every problem is reported at once,
// each with its line and column.
func (l Limits) LoadOutcomes(path string) ([]scenario.Statement, error) {
	var f OutcomesFile
	bd, err := l.decodeList(path, "outcomes: [...]", &f)
	if err != nil {
		return nil, err
	}
	return f.happenings(bd)
}

// ParseOutcomes reads the contents of an outcomes file within the
// default limits; name is used in messages.
func ParseOutcomes(name string, data []byte) ([]scenario.Statement, error) {
	var f OutcomesFile
	bd, err := DefaultLimits.decodeListData(name, data, "outcomes: [...]", &f)
	if err != nil {
		return nil, err
	}
	return f.happenings(bd)
}

// happenings checks an outcomes file read into f.
func (f *OutcomesFile) happenings(bd *builder) ([]scenario.Statement, error) {
	var err error
	var start time.Time
	if f.StartDate != "" {
		if start, err = time.Parse(time.DateOnly, f.StartDate); err != nil {
			bd.add("start_date", "%q is not a date written as 2025-08-18", f.StartDate)
		}
	}
	f.checkCase(bd, start)
	var out []scenario.Statement
	seen := map[string]int{} // what each names, without its truth
	for i, it := range f.Outcomes {
		where := fmt.Sprintf("outcomes[%d]", i)
		switch {
		case it.Claim != "" && it.Route != "":
			bd.add(where, "give a claim or a route, not both")
		case it.Claim == "" && it.Route == "":
			bd.add(where, "give a claim or a route")
		case it.Route != "" && it.CompletedBy == nil:
			bd.add(where, "a route needs completed_by, the day by which it was or was not completed")
		case it.Claim != "" && it.CompletedBy != nil:
			bd.add(where+".completed_by", "a claim has its own day; completed_by is for routes")
		}
		if it.Happened == nil {
			bd.add(where, "happened: true or false is needed")
			continue
		}
		bd.checkDate(where+".date", it.Date)
		h := scenario.ClaimNamed(it.Claim)
		k := it.Claim
		if it.Route != "" {
			var day float64
			if it.CompletedBy != nil {
				var msg string
				if day, msg = it.CompletedBy.day(start, endOfDate); msg != "" {
					bd.add(where+".completed_by", "%s", msg)
				}
			}
			h = scenario.RouteAt(it.Route, day, scenario.RouteCompleted)
			k = fmt.Sprintf("route %s by day %g", it.Route, day)
		}
		truth := scenario.TruthNotHeld
		if *it.Happened {
			truth = scenario.TruthHeld
		}
		h = h.Known(truth, it.Date, it.Source)
		if j, ok := seen[k]; ok {
			bd.add(where, "%s is listed twice, here and as outcomes[%d]: one thing happens once", k, j)
		}
		seen[k] = i
		out = append(out, h)
	}
	if len(f.Outcomes) == 0 {
		bd.add("outcomes", "no outcomes listed")
	}
	if len(bd.problems) > 0 {
		sortProblems(bd.problems)
		return nil, &problem.Error{Kind: ErrFile, Problems: bd.problems}
	}
	return out, nil
}

// decodeList reads a small YAML file of one document into v, within the
// limits, returning a builder that places problems in it. Such a file
// lists statements (observations, outcomes, the states of a path): it may
// list Statements items in all, and is held to 64 tokens an item before
// it is parsed.
func (l Limits) decodeList(path, shape string, v any) (*builder, error) {
	data, err := l.settle().read(path)
	if err != nil {
		return nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{{Origin: problem.Origin{File: path}, Msg: err.Error()}}, Cause: err}
	}
	return l.decodeListData(path, data, shape, v)
}

// decodeListData is decodeList of a file's contents; path names it in
// messages.
func (l Limits) decodeListData(path string, data []byte, shape string, v any) (bd *builder, err error) {
	l = l.settle()
	// go-yaml panics on some malformed inputs (found by FuzzOutcomes, as by
	// FuzzParse): bad data gives an error, never a panic.
	defer func() {
		if r := recover(); r != nil {
			bd, err = nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{{Origin: problem.Origin{File: path}, Msg: fmt.Sprintf("the YAML cannot be read (parser failure: %v)", r)}}}
		}
	}()
	text, p := l.textWithin(path, data, min(l.Tokens, 64*int64(l.Statements)), "Limits.Statements")
	if p != nil {
		return nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{*p}}
	}
	af, perr := parser.ParseBytes(text, 0)
	if perr != nil {
		return nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{decodeProblem(path, perr)}}
	}
	if len(af.Docs) != 1 || af.Docs[0].Body == nil {
		return nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{{Origin: problem.Origin{File: path}, Msg: "this file holds one document: " + shape}}}
	}
	if at, ok := expanded(af.Docs[0], l.Nodes); !ok {
		pos := at.GetToken().Position
		return nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{{Origin: problem.Origin{File: path, Line: pos.Line, Column: pos.Column},
			Msg: fmt.Sprintf("aliases expand to more than %d nodes, the limit", l.Nodes)}}}
	}
	if at := pastItems(af.Docs[0].Body, l.Statements); at != nil {
		pos := at.GetToken().Position
		return nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{{Origin: problem.Origin{File: path, Line: pos.Line, Column: pos.Column},
			Msg: fmt.Sprintf("more than %d items listed, the limit (raise Limits.Statements)", l.Statements)}}}
	}
	if err := yaml.NodeToValue(af.Docs[0].Body, v, yaml.DisallowUnknownField()); err != nil {
		p := decodeProblem(path, err)
		// The field at fault by the file's words (start_date, case.known,
		// claims[0].said_by), found by its place, not by the Go field's.
		bd := &builder{name: path, ast: af}
		if at := bd.pathAt(p.Origin.Line, p.Origin.Column); at != "" {
			p.Origin.Path, p.Field = at, ""
		}
		return nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{p}}
	}
	return &builder{name: path, ast: af}, nil
}

// pathAt returns the deepest path of the file whose value is at line and
// column, or "".
func (bd *builder) pathAt(line, col int) string {
	if line == 0 {
		return ""
	}
	bd.place("")
	best := ""
	for p, pos := range bd.places {
		if pos.Line == line && pos.Column == col && len(p) > len(best) {
			best = p
		}
	}
	return best
}

// pastItems returns the item of n's lists at which more than limit items
// have been listed in all, or nil.
func pastItems(n ast.Node, limit int) ast.Node {
	seen := 0
	var walk func(n ast.Node) ast.Node
	walk = func(n ast.Node) ast.Node {
		switch n := n.(type) {
		case *ast.MappingNode:
			for _, v := range n.Values {
				if at := walk(v.Value); at != nil {
					return at
				}
			}
		case *ast.MappingValueNode:
			return walk(n.Value)
		case *ast.SequenceNode:
			for _, v := range n.Values {
				if seen++; seen > limit {
					return v
				}
				if at := walk(v); at != nil {
					return at
				}
			}
		}
		return nil
	}
	return walk(n)
}

// checkDate reports a date that is given and is not one: when a fact
// became known, or was recorded.
func (bd *builder) checkDate(path, date string) {
	if date == "" {
		return
	}
	if _, err := time.Parse(time.DateOnly, date); err != nil {
		bd.add(path, "%q is not a date written as 2025-09-01", date)
	}
}
