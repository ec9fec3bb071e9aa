package scenariofile

import (
	"fmt"
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
	StartDate string        `yaml:"start_date,omitempty" json:"start_date,omitempty"`
	Outcomes  []OutcomeItem `yaml:"outcomes" json:"outcomes"`
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
		return nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{decodeProblem(path, err)}}
	}
	return &builder{name: path, ast: af}, nil
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
