package scenariofile

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/goccy/go-yaml/ast"

	"github.com/parleysim/parley/problem"
	"github.com/parleysim/parley/scenario"
)

// A case made from a template (a file with template: PATH) is the
// template's scenario with day-0 values set: the case's name,
// description, start date and horizon, new values (and reasons, ranges or
// priors) for parameters the template declares, and claims on its states.
// Anything structural written in the case (states, transitions, events,
// routes, actors, variables, issues, positions, start) is refused: the
// point of a reference class is that the structure was not drawn with
// hindsight of the one case. A template is a whole scenario file of its
// own and does not name a template itself.

// caseOrigin places the problems of a case built from a template: each
// path of the merged scenario is in the case file or in the template.
type caseOrigin struct {
	file, template       string
	fileAST, templateAST *ast.File
	param                map[int]int // merged parameter index → the case's
	templateClaims       int         // the merged claims before the case's
	horizon              bool        // the case wrote its horizon
}

// structural are a case's fields that belong to its template.
var structural = []string{"start", "variables", "issues", "actors", "positions", "states", "transitions", "events", "routes"}

// expand reads f's template and returns the merged file. Problems of the
// case (a structural field, a parameter the template lacks) are placed in
// the case; a template that does not read returns its own problems.
func (l Limits) expand(name string, f *File, af *ast.File) (*File, *caseOrigin, error) {
	bd := &builder{name: name, ast: af}
	for _, key := range structural {
		if bd.written(key) {
			bd.add(key, "a case made from a template sets day-0 values only (name, description, start_date, horizon, parameters, claims); structure goes in the template %s", f.Template)
		}
	}
	path := f.Template
	if !filepath.IsAbs(path) {
		path = filepath.Join(filepath.Dir(name), path)
	}
	// A template is a file beside the case: a named pipe or a device
	// would block or never end.
	if fi, err := os.Stat(path); err == nil && !fi.IsDir() && !fi.Mode().IsRegular() {
		bd.add("template", "the template %s is not a regular file", path)
		return nil, nil, &problem.Error{Kind: ErrFile, Problems: bd.problems}
	}
	// The template's own problems follow one at the case's template line,
	// so that the case that named it is named too.
	fromTemplate := func(err error) error {
		var pe *problem.Error
		if !errors.As(err, &pe) {
			bd.add("template", "the template cannot be read: %v", err)
			return &problem.Error{Kind: ErrFile, Problems: bd.problems}
		}
		bd.add("template", "the template %s has problems (below)", path)
		return &problem.Error{Kind: ErrFile, Problems: append(bd.problems, pe.Problems...)}
	}
	data, err := l.settle().read(path)
	if err != nil {
		return nil, nil, fromTemplate(err)
	}
	t, taf, err := l.decode(path, data)
	if err != nil {
		return nil, nil, fromTemplate(err)
	}
	if t.Template != "" {
		bd.add("template", "%s names a template of its own; a template is a whole scenario file", path)
	}
	from := &caseOrigin{file: name, template: path, fileAST: af, templateAST: taf, param: map[int]int{}, templateClaims: len(t.Claims)}
	m := *t
	m.Template = ""
	if f.Name != "" {
		m.Name = f.Name
	}
	if f.Description != "" {
		m.Description = f.Description
	}
	if f.StartDate != "" {
		m.StartDate = f.StartDate
	}
	if bd.written("horizon") {
		m.Horizon, from.horizon = f.Horizon, true
	}
	m.Parameters = slices.Clone(t.Parameters)
	for i, p := range f.Parameters {
		at := fmt.Sprintf("parameters[%d]", i)
		j := slices.IndexFunc(t.Parameters, func(q Parameter) bool { return q.Name == p.Name })
		if j < 0 {
			names := make([]string, len(t.Parameters))
			for k, q := range t.Parameters {
				names[k] = q.Name
			}
			declares := "it declares " + strings.Join(names, ", ")
			if len(names) == 0 {
				declares = "it declares none"
			}
			bd.add(at+".name", "the template %s declares no parameter %q (%s); a case sets the template's parameters only", f.Template, p.Name, declares)
			continue
		}
		if first, ok := from.param[j]; ok {
			bd.add(at+".name", "%q is set twice (first at parameters[%d])", p.Name, first)
			continue
		}
		if !bd.written(at + ".default") {
			bd.add(at, "give the value this case sets for %q (default:)", p.Name)
			continue
		}
		// A range or a prior is the reference class's, not the case's: a
		// case that moved them could move a base rate however its value
		// reads.
		for _, k := range []string{"range", "prior"} {
			if bd.written(at + "." + k) {
				bd.add(at+"."+k, "a case sets a parameter's value and its reason only; its %s is the template's", k)
			}
		}
		q := m.Parameters[j]
		q.Default = p.Default
		if p.Description != "" {
			q.Description = p.Description
		}
		m.Parameters[j] = q
		from.param[j] = i
	}
	m.Claims = append(slices.Clone(t.Claims), f.Claims...)
	if len(bd.problems) > 0 {
		sortProblems(bd.problems)
		return nil, nil, &problem.Error{Kind: ErrFile, Problems: bd.problems}
	}
	return &m, from, nil
}

// buildCase builds a case made from a template, its problems and warnings
// placed in the case or the template.
func (l Limits) buildCase(name string, f *File, af *ast.File) (*scenario.Scenario, []problem.Problem, error) {
	m, from, err := l.expand(name, f, af)
	if err != nil {
		return nil, nil, err
	}
	sc, warnings, err := m.build(name, nil)
	from.placeAll(warnings)
	var pe *problem.Error
	if errors.As(err, &pe) {
		from.placeAll(pe.Problems)
	}
	return sc, warnings, err
}

var topIndex = regexp.MustCompile(`^(\w+)\[(\d+)\](.*)$`)

// placeAll moves each problem of the merged scenario to its file, path
// and position; a nil origin (no template) leaves them as they are.
func (o *caseOrigin) placeAll(ps []problem.Problem) {
	if o == nil {
		return
	}
	for i := range ps {
		o.place(&ps[i])
	}
	sortProblems(ps)
}

func (o *caseOrigin) place(p *problem.Problem) {
	path := p.Origin.Path
	inCase := true
	if m := topIndex.FindStringSubmatch(path); m != nil {
		k, _ := strconv.Atoi(m[2])
		switch m[1] {
		case "parameters":
			if ci, ok := o.param[k]; ok {
				path = fmt.Sprintf("parameters[%d]%s", ci, m[3])
			} else {
				inCase = false
			}
		case "claims":
			if k >= o.templateClaims {
				path = fmt.Sprintf("claims[%d]%s", k-o.templateClaims, m[3])
			} else {
				inCase = false
			}
		default:
			inCase = false
		}
	} else {
		switch top, _, _ := strings.Cut(path, "."); top {
		case "", "name", "description", "start_date", "claims", "template":
		case "horizon":
			inCase = o.horizon
		default:
			inCase = false
		}
	}
	bd := &builder{name: o.file, ast: o.fileAST}
	if !inCase {
		bd = &builder{name: o.template, ast: o.templateAST}
	}
	p.Origin.File, p.Origin.Path = bd.name, path
	p.Origin.Line, p.Origin.Column = bd.position(path)
}
