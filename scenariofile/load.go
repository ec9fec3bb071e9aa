package scenariofile

import (
	"errors"
	"fmt"
	"maps"
	"math"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/parleysim/parley/problem"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
	"github.com/goccy/go-yaml/parser"
	"github.com/goccy/go-yaml/token"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/parleysim/parley/actors"
	"github.com/parleysim/parley/internal/names"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/scenario"
)

// ErrFile is the Kind of the *problem.Error the readers of files return.
var ErrFile = errors.New("scenariofile: invalid scenario file")

// Every problem a file has is a problem.Problem whose Origin places it:
// the file, line, column and path of the field ("transitions[3].to").
// One the scenario or the actors model raised keeps their account of it
// too (its Part, Index, Name and Field key), so that tools can group
// problems by part; one of the file alone (YAML, an unknown field, a
// number that does not parse) has an empty Part. Load, Parse and the
// other readers return every problem at once in a *problem.Error whose
// Kind is ErrFile, in file order, with no subject: each problem names its
// file.

// Load reads, checks and builds the scenario file at path, within
// DefaultLimits.
func Load(path string) (*scenario.Scenario, error) { return DefaultLimits.Load(path) }

// Parse checks and builds a scenario from the contents of a file, within
// DefaultLimits; name is used in messages. Unknown fields are errors.
// Every problem found is reported at once, each with file, line, column
// and field.
func Parse(name string, data []byte) (*scenario.Scenario, error) {
	return DefaultLimits.Parse(name, data)
}

// Decode reads a file into a File without building it, within DefaultLimits.
func Decode(name string, data []byte) (*File, error) {
	f, _, err := DefaultLimits.decode(name, data)
	return f, err
}

// Place puts an error about a scenario loaded from the file at path where
// its causes are in the file: a *problem.Error of kind
// scenario.ErrNotMarkov (why exact analysis does not apply), or of kind
// scenario.ErrDefinition for parameter values that make a number invalid
// (as -set binds them: one problem at the number, one at each parameter's
// declaration), becomes a *problem.Error of kind ErrFile with every problem
// given its place in the file; its Cause is err, so it still matches the
// scenario's kind. Values refused outright (an unknown parameter, one
// outside its range: nothing in the file is at fault), other errors, and
// files that no longer read, are returned as they are.
func Place(path string, err error) error {
	var pe *problem.Error
	if !errors.As(err, &pe) || pe.Kind != scenario.ErrNotMarkov && !atANumber(pe) {
		return err
	}
	data, rerr := DefaultLimits.read(path)
	if rerr != nil {
		return err
	}
	f, af, derr := DefaultLimits.decode(path, data)
	if derr != nil {
		return err
	}
	var from *caseOrigin
	if f.Template != "" {
		if f, from, derr = DefaultLimits.expand(path, f, af); derr != nil {
			return err
		}
		af = nil // placed by from
	}
	bd := &builder{name: path, ast: af}
	for _, p := range pe.Problems {
		if pe.Kind == scenario.ErrNotMarkov {
			bd.addPart(p, f.locate(p, nil), "exact analysis does not apply: %s", p.Msg)
		} else {
			bd.addPart(p, f.locate(p, nil), "%s", p.Msg)
		}
	}
	from.placeAll(bd.problems)
	return &problem.Error{Kind: ErrFile, Problems: bd.problems, Cause: err}
}

// atANumber reports whether e is a binding error some number of the
// definition is at fault for, beyond the parameters' values.
func atANumber(e *problem.Error) bool {
	if e.Kind != scenario.ErrDefinition {
		return false
	}
	for _, p := range e.Problems {
		if p.Part != problem.Parameter {
			return true
		}
	}
	return false
}

// Load is the package's Load within these limits.
func (l Limits) Load(path string) (*scenario.Scenario, error) {
	data, err := l.settle().read(path)
	if err != nil {
		return nil, err
	}
	return l.Parse(path, data)
}

// Parse is the package's Parse within these limits.
func (l Limits) Parse(name string, data []byte) (*scenario.Scenario, error) {
	sc, _, err := l.parse(name, data)
	return sc, err
}

// Check is Load that also returns the warnings of a valid file
// (scenario.Scenario.Warnings), placed in the file.
func (l Limits) Check(path string) (*scenario.Scenario, []problem.Problem, error) {
	data, err := l.settle().read(path)
	if err != nil {
		return nil, nil, err
	}
	return l.parse(path, data)
}

// CheckData is Check of a file's bytes already read (from standard input,
// say); name places its problems.
func (l Limits) CheckData(name string, data []byte) (*scenario.Scenario, []problem.Problem, error) {
	return l.parse(name, data)
}

// CheckData is Check of a file's bytes already read, within DefaultLimits.
func CheckData(name string, data []byte) (*scenario.Scenario, []problem.Problem, error) {
	return DefaultLimits.CheckData(name, data)
}

// Check is Load that also returns the warnings of a valid file, within
// DefaultLimits.
func Check(path string) (*scenario.Scenario, []problem.Problem, error) {
	return DefaultLimits.Check(path)
}

func (l Limits) parse(name string, data []byte) (*scenario.Scenario, []problem.Problem, error) {
	f, af, err := l.decode(name, data)
	if err != nil {
		return nil, nil, err
	}
	if f.Template != "" {
		return l.buildCase(name, f, af)
	}
	return f.build(name, af)
}

// decode checks the text, parses it once, and decodes the syntax tree into
// a File; the tree is kept to place problems.
func (l Limits) decode(name string, data []byte) (f *File, af *ast.File, err error) {
	l = l.settle()
	text, p := l.text(name, data)
	if p != nil {
		return nil, nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{*p}}
	}
	// go-yaml v1.19.2 panics on some malformed inputs (found by FuzzParse,
	// for example a tagged flow mapping where a list is due); bad data must
	// give an error, never a panic.
	defer func() {
		if r := recover(); r != nil {
			f, af, err = nil, nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{{Origin: problem.Origin{File: name}, Msg: fmt.Sprintf("the YAML cannot be read (parser failure: %v)", r)}}}
		}
	}()
	af, perr := parser.ParseBytes(text, 0)
	if perr != nil {
		return nil, nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{decodeProblem(name, perr)}}
	}
	var docs []*ast.DocumentNode
	for _, d := range af.Docs {
		if d != nil && d.Body != nil {
			docs = append(docs, d)
		}
	}
	switch {
	case len(docs) == 0:
		return nil, nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{{Origin: problem.Origin{File: name}, Msg: "the file holds no scenario, only comments"}}}
	case len(docs) > 1:
		pos := docs[1].Body.GetToken().Position
		if docs[1].Start != nil {
			pos = docs[1].Start.Position
		}
		return nil, nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{{Origin: problem.Origin{File: name, Line: pos.Line, Column: pos.Column}, Msg: "a second YAML document: a scenario file holds one"}}}
	}
	if at, ok := expanded(docs[0], l.Nodes); !ok {
		pos := at.GetToken().Position
		return nil, nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{{Origin: problem.Origin{File: name, Line: pos.Line, Column: pos.Column},
			Msg: fmt.Sprintf("aliases expand to more than %d nodes, the limit (raise Limits.Nodes)", l.Nodes)}}}
	}
	f = &File{}
	if err := yaml.NodeToValue(docs[0].Body, f, yaml.DisallowUnknownField()); err != nil {
		return nil, nil, allProblems(name, docs[0].Body, af, decodeProblem(name, err))
	}
	return f, af, nil
}

// tokenError is what go-yaml's errors say of their position.
type tokenError interface {
	GetToken() *token.Token
	GetMessage() string
}

// yamlWords say go-yaml's node types as the file would.
var yamlWords = map[string]string{"string": "text", "sequence": "a list", "mapping": "a mapping", "integer": "a number", "float": "a number", "bool": "true or false", "null": "nothing"}

// typeWords say the Go types a file's values decode into as the file would.
var typeWords = map[reflect.Kind]string{reflect.Float64: "a number", reflect.String: "text", reflect.Bool: "true or false",
	reflect.Int: "a whole number", reflect.Int64: "a whole number", reflect.Uint64: "a whole number"}

// goWords says a Go type as the file would.
func goWords(t reflect.Type) string {
	if t == nil {
		return "nothing"
	}
	if w, ok := typeWords[t.Kind()]; ok {
		return w
	}
	if t.Kind() == reflect.Slice {
		return "a list"
	}
	return "a mapping"
}

// decodeProblem says a go-yaml error in the file's terms, from its type
// and fields (never its words): the place of its token, the field at fault
// in Origin.Path (and Field) when go-yaml names one, and what was needed.
func decodeProblem(name string, err error) problem.Problem {
	p := problem.Problem{Origin: problem.Origin{File: name}}
	var te tokenError
	if !errors.As(err, &te) || te.GetToken() == nil {
		p.Msg = err.Error()
		// go-yaml prefixes positions as [line:col]; keep them when it does.
		if m := bracketPos.FindStringSubmatch(p.Msg); m != nil {
			p.Origin.Line, _ = strconv.Atoi(m[1])
			p.Origin.Column, _ = strconv.Atoi(m[2])
			p.Msg = strings.TrimSpace(m[3])
		}
		return p
	}
	tk := te.GetToken()
	p.Origin.Line, p.Origin.Column = tk.Position.Line, tk.Position.Column
	var (
		typeErr *yaml.TypeError
		nodeErr *yaml.UnexpectedNodeTypeError
		over    *yaml.OverflowError
	)
	switch {
	case errors.As(err, &typeErr):
		p.Msg = fmt.Sprintf("%s is needed here, not %s", goWords(typeErr.DstType), goWords(typeErr.SrcType))
		if f := typeErr.StructFieldName; f != nil {
			_, field, _ := strings.Cut(*f, ".")
			p.Field = strings.ToLower(field)
		}
	case errors.As(err, &nodeErr):
		need, got := yamlWords[nodeErr.Expected.YAMLName()], yamlWords[nodeErr.Actual.YAMLName()]
		p.Msg = te.GetMessage()
		if need != "" && got != "" {
			p.Msg = fmt.Sprintf("%s is needed here, not %s", need, got)
		}
	case errors.As(err, &over):
		p.Msg = fmt.Sprintf("%s is needed here, not %s", goWords(over.DstType), over.SrcNum)
	default:
		p.Msg = te.GetMessage()
	}
	// A number too large for a float64 is read as text: say which it is.
	if x, perr := strconv.ParseFloat(tk.Value, 64); errors.Is(perr, strconv.ErrRange) && yamlNumber.MatchString(tk.Value) {
		p.Msg = fmt.Sprintf("%s is beyond the largest number a file can give (about 1.8e308)", tk.Value)
		if x == 0 {
			p.Msg = fmt.Sprintf("%s is below the smallest number a file can give (about 5e-324); write 0", tk.Value)
		}
	}
	p.Origin.Path = p.Field
	return p
}

var bracketPos = regexp.MustCompile(`(?s)^\[(\d+):(\d+)\]\s*(.*?)(\n|$)`)

// builder carries one build: the problems found and how to place them.
type builder struct {
	pe *paramEnv
	b  *scenario.Builder
	// claimAt maps the builder's claims to the file's: claims with problems
	// of their own are left out of the builder.
	claimAt []int
	// modelFailed is set when the file has actors whose model has problems,
	// already reported: what needs the model is then not reported again.
	modelFailed bool
	// start is the file's start_date, zero without one: dates in claims
	// count from it.
	start    time.Time
	name     string
	env      *exprEnv // the file's variables, once declared
	ast      *ast.File
	places   map[string]token.Position // built on the first problem
	problems []problem.Problem
}

// addPart is add for a problem the scenario raised, keeping its account.
func (bd *builder) addPart(sp problem.Problem, path, format string, args ...any) {
	n := len(bd.problems)
	bd.add(path, format, args...)
	if len(bd.problems) > n {
		p := &bd.problems[n]
		p.Part, p.Index, p.Name, p.Field = sp.Part, sp.Index, sp.Name, sp.Field
		if sp.Hint != "" {
			p.Hint = fileHints[hintKey{sp.Part, sp.Field}]
		}
	}
}

func (bd *builder) add(path, format string, args ...any) {
	for _, a := range args {
		if err, ok := a.(error); ok && errors.Is(err, errFollowOn) {
			return // the cause is reported already
		}
	}
	p := problem.Problem{Origin: problem.Origin{File: bd.name, Path: path}, Msg: fmt.Sprintf(format, args...)}
	p.Origin.Line, p.Origin.Column = bd.position(path)
	bd.problems = append(bd.problems, p)
}

// position finds the line and column of a path such as transitions[3].to,
// falling back to the nearest enclosing node that exists. The places of
// all paths are indexed in one walk of the tree, so that a file with many
// problems is placed in linear time.
func (bd *builder) position(path string) (int, int) {
	if pos, ok := bd.place(path); ok {
		return pos.Line, pos.Column
	}
	return 0, 0
}

// place returns the position of the nearest node on the path that exists.
func (bd *builder) place(path string) (token.Position, bool) {
	if bd.ast == nil {
		return token.Position{}, false
	}
	if bd.places == nil {
		bd.places = map[string]token.Position{}
		for _, d := range bd.ast.Docs {
			if d != nil {
				indexPlaces(d.Body, "", bd.places)
			}
		}
	}
	for p := path; p != ""; p = parent(p) {
		if pos, ok := bd.places[p]; ok {
			return pos, true
		}
	}
	return token.Position{}, false
}

// written reports whether the file has a value at exactly this path.
func (bd *builder) written(path string) bool {
	bd.place(path)
	_, ok := bd.places[path]
	return ok
}

// indexPlaces records the position of every value under n by its path.
func indexPlaces(n ast.Node, path string, out map[string]token.Position) {
	if n == nil {
		return
	}
	if tk := n.GetToken(); tk != nil && path != "" {
		if _, ok := out[path]; !ok {
			out[path] = *tk.Position
		}
	}
	switch n := n.(type) {
	case *ast.MappingNode:
		for _, v := range n.Values {
			indexPlaces(v, path, out)
		}
	case *ast.MappingValueNode:
		key := strings.Trim(n.Key.String(), `"'`)
		p := key
		if path != "" {
			p = path + "." + key
		}
		// A key whose value is empty is placed at the key.
		if _, ok := out[p]; !ok && n.Key.GetToken() != nil {
			if n.Value == nil || n.Value.Type() == ast.NullType {
				out[p] = *n.Key.GetToken().Position
			}
		}
		indexPlaces(n.Value, p, out)
	case *ast.SequenceNode:
		for i, v := range n.Values {
			indexPlaces(v, fmt.Sprintf("%s[%d]", path, i), out)
		}
	case *ast.TagNode:
		indexPlaces(n.Value, path, out)
	case *ast.AnchorNode:
		indexPlaces(n.Value, path, out)
	}
}

func parent(p string) string {
	i := strings.LastIndexAny(p, ".[")
	if i <= 0 {
		return ""
	}
	return p[:i]
}

// reserved are the names an expression reads as something other than a
// variable.
var reserved = map[string]string{
	"day": "the day of the run", "true": "a constant", "false": "a constant", "nil": "a constant",
	"agreed": "the prefix of agreed values (agreed.<issue>)",
	"and":    "an operator", "or": "an operator", "not": "an operator", "in": "an operator",
	"matches": "an operator", "contains": "an operator", "startsWith": "an operator", "endsWith": "an operator",
	"let": "a keyword", "if": "a keyword", "else": "a keyword",
	"abs": "a function", "min": "a function", "max": "a function", "isNaN": "a function",
	"ideal": "a function", "salience": "a function", "lo": "a function", "hi": "a function", "capability": "a function",
}

var identifier = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

func (f *File) build(name string, af *ast.File) (sc *scenario.Scenario, warnings []problem.Problem, err error) {
	bd := &builder{name: name, ast: af}
	if f.Template == "" && bd.written("template") {
		bd.add("template", "give the path of the template this case is made from, or leave template out")
	}
	b := scenario.New(f.Name).Describe(f.Description).Start(f.Start)
	bd.b = b
	if f.StartDate != "" {
		start, err := time.Parse(time.DateOnly, f.StartDate)
		if err != nil {
			bd.add("start_date", "%q is not a date written as 2025-08-18", f.StartDate)
		} else {
			bd.start = start
			b.StartDate(start)
		}
	}
	params := f.parameters(bd)

	model := f.model(bd)
	// Without a model (none given, or one with problems already reported),
	// meetings are left out rather than reported again.
	meetings := model != nil || len(f.Actors) == 0
	bd.modelFailed = !meetings
	switch {
	case f.Horizon == 0 && bd.written("horizon"):
		// A definition's zero horizon is one not set; a file's written 0 is
		// one not positive.
		bd.add("horizon", "must be a positive, finite number of days, got 0")
		b.Horizon(1) // reported; keep the scenario from reporting it again
	case f.Horizon != 0:
		b.Horizon(f.Horizon)
	}
	if model != nil {
		b.Actors(model)
	}
	env := &exprEnv{vars: map[string]scenario.Var{}, model: model, modelFailed: bd.modelFailed}
	for i, v := range f.Variables {
		switch {
		case !identifier.MatchString(v.Name):
			bd.add(fmt.Sprintf("variables[%d].name", i), "%q is not a name expressions can use (letters, digits, _)", v.Name)
		case reserved[v.Name] != "":
			bd.add(fmt.Sprintf("variables[%d].name", i), "%q is %s in expressions, so a variable of that name could never be read; choose another name", v.Name, reserved[v.Name])
		}
		if _, clash := params[v.Name]; clash {
			bd.add(fmt.Sprintf("variables[%d].name", i), "%q is also a parameter: expressions could not tell them apart", v.Name)
		}
		initial, _ := bd.num(fmt.Sprintf("variables[%d].initial", i), v.Initial)
		env.vars[v.Name] = b.Var(v.Name, initial)
	}
	bd.env = env
	env.agreed = func(issue string) (scenario.Var, bool) {
		if model == nil {
			return 0, false
		}
		if _, ok := model.IssueIndex(issue); !ok {
			return 0, false
		}
		v := b.Agreed(issue)
		env.vars["agreed."+issue] = v
		return v, true
	}
	// Declare agreed.<issue> up front so guards on it can bind.
	if model != nil {
		for i := range model.NumIssues() {
			env.agreed(model.Issue(i).ID)
		}
	}

	for _, s := range f.States {
		sd := b.State(s.Name).Describe(s.Description)
		if s.Absorbing {
			sd.Absorbing()
		}
	}
	for i, t := range f.Transitions {
		if !meetings {
			t.Participants, t.Agenda, t.OnDecline = nil, nil, nil
		}
		f.transition(bd, b, env, i, t)
	}
	for i, e := range f.Events {
		if !meetings {
			e.Participants, e.Agenda = nil, nil
		}
		f.event(bd, b, env, i, e)
	}
	for _, r := range f.Routes {
		rd := b.Route(r.Name, r.States...).Describe(r.Description)
		if r.InOrder {
			rd.InOrder()
		}
	}
	for i, c := range f.Claims {
		f.claim(bd, b, i, c)
	}

	sc, err = b.Build()
	var de *problem.Error
	if errors.As(err, &de) {
		for _, p := range de.Problems {
			bd.addPart(p, f.locate(p, bd.claimAt), "%s", p.Msg)
		}
	} else if err != nil {
		bd.add("", "%v", err)
	}
	if len(bd.problems) > 0 {
		sortProblems(bd.problems)
		return nil, nil, &problem.Error{Kind: ErrFile, Problems: bd.problems}
	}
	for _, w := range sc.Warnings() {
		bd.addPart(w, f.locate(w, bd.claimAt), "%s", w.Msg)
	}
	sortProblems(bd.problems)
	warnings = bd.problems
	return sc, warnings, nil
}

func sortProblems(ps []problem.Problem) {
	// Stable by position: problems without one keep their order at the end.
	for i := 1; i < len(ps); i++ {
		for j := i; j > 0 && before(ps[j], ps[j-1]); j-- {
			ps[j], ps[j-1] = ps[j-1], ps[j]
		}
	}
}

func before(a, b problem.Problem) bool {
	if a.Origin.Line == 0 || b.Origin.Line == 0 {
		return a.Origin.Line != 0 && b.Origin.Line == 0
	}
	return a.Origin.Line < b.Origin.Line || a.Origin.Line == b.Origin.Line && a.Origin.Column < b.Origin.Column
}

// model builds the actors model, or nil when the file has no actors.
func (f *File) model(bd *builder) *actors.Model {
	if len(f.Actors) == 0 && len(f.Issues) == 0 && len(f.Positions) == 0 {
		return nil
	}
	issues := make([]actors.Issue, len(f.Issues))
	for i, is := range f.Issues {
		issues[i] = actors.Issue{ID: is.ID, Name: is.Name, Min: is.Min, Max: is.Max, Units: is.Units}
	}
	as := make([]actors.Actor, len(f.Actors))
	for i, a := range f.Actors {
		p := fmt.Sprintf("actors[%d]", i)
		cell := func(field actors.Field, v *Value) actors.Value {
			return bd.value(p+"."+field.String(), v, a.ID, "", field)
		}
		as[i] = actors.Actor{ID: a.ID, Name: a.Name,
			Capability:  cell(actors.Capability, a.Capability),
			Risk:        cell(actors.Risk, a.Risk),
			Discount:    cell(actors.Discount, a.Discount),
			Reservation: cell(actors.Reservation, a.Reservation),
		}
		if a.Accept != nil {
			as[i].Accept = bd.rule(p+".accept", a.Accept)
		}
	}
	ps := make([]actors.Position, len(f.Positions))
	for i, pos := range f.Positions {
		p := fmt.Sprintf("positions[%d]", i)
		cell := func(field actors.Field, v *Value) actors.Value {
			return bd.value(p+"."+field.String(), v, pos.Actor, pos.Issue, field)
		}
		ps[i] = actors.Position{Actor: pos.Actor, Issue: pos.Issue,
			Ideal: cell(actors.Ideal, pos.Ideal), Salience: cell(actors.Salience, pos.Salience),
			Lo: cell(actors.Lo, pos.Lo), Hi: cell(actors.Hi, pos.Hi)}
	}
	m, err := actors.NewModel(issues, as, ps)
	var me *problem.Error
	if errors.As(err, &me) {
		for _, p := range me.Problems {
			bd.addPart(p, f.locateActor(p), "%s", p.Msg)
		}
		return nil
	}
	return m
}

// value turns a file Value into an actors.Value. A number, a prior's
// parameter or a choice's weight that depends on parameters is held as its
// param.Num: the scenario binds it.
func (bd *builder) value(path string, v *Value, actor, issue string, field actors.Field) actors.Value {
	if v == nil {
		return actors.Value{}
	}
	if v.err != "" {
		bd.add(path, "%s", v.err)
		return actors.Value{}
	}
	switch {
	case v.Number != nil:
		n, ok := bd.num(path, *v.Number)
		if !ok {
			return actors.Value{}
		}
		return actors.Fixed(n)
	case v.Choice != nil:
		ws := make([]param.Num, len(v.Weights))
		for i, w := range v.Weights {
			n, ok := bd.num(fmt.Sprintf("%s.weights[%d]", path, i), w)
			if !ok {
				return actors.Value{}
			}
			ws[i] = n
		}
		return actors.Choice(v.Choice, ws)
	}
	d, of, ok := bd.distribution(path, v)
	if !ok {
		return actors.Value{}
	}
	if of != nil {
		return actors.Prior(*of)
	}
	return actors.Prior(d)
}

// families are the distuv types of the distributions files name.
var families = map[string]distuv.Quantiler{
	"exponential": distuv.Exponential{}, "uniform": distuv.Uniform{}, "gamma": distuv.Gamma{},
	"beta": distuv.Beta{}, "lognormal": distuv.LogNormal{}, "weibull": distuv.Weibull{}, "normal": distuv.Normal{},
}

// distribution returns the distuv distribution a Value names, at the
// parameters' defaults, and, when any of its parameters depends on
// parameters, as a param.Dist.
func (bd *builder) distribution(path string, v *Value) (distuv.Quantiler, *param.Dist, bool) {
	of := &param.Dist{Family: families[v.Dist]}
	var given []param.Num
	world := false
	for _, name := range distForms[v.Dist][v.form] {
		n, ok := bd.worldNum(path+"."+name, v.Params[name])
		if !ok {
			return nil, nil, false
		}
		world = world || (n.Eval == nil && n.Text != "")
		given = append(given, n)
	}
	if world {
		// An expression over the world is compiled by the scenario, which
		// cannot derive one form from another: the form must be gonum's.
		for i, n := range canonical(v.Dist, v.form, given) {
			if i >= len(given) || n.Text != given[i].Text {
				bd.add(path, "a delay whose parameters read the world gives them as %s's own: %s", v.Dist, strings.Join(distForms[v.Dist][0], ", "))
				return nil, nil, false
			}
		}
	}
	xs := make([]float64, 2)
	constant := true
	for i, n := range canonical(v.Dist, v.form, given) {
		constant = constant && n.IsConst()
		of.Params = append(of.Params, n)
		xs[i] = bd.pe.at(n)
	}
	if constant {
		of = nil
	}
	var d distuv.Quantiler
	switch v.Dist {
	case "exponential":
		d = distuv.Exponential{Rate: xs[0]}
	case "uniform":
		d = distuv.Uniform{Min: xs[0], Max: xs[1]}
	case "gamma":
		d = distuv.Gamma{Alpha: xs[0], Beta: xs[1]}
	case "beta":
		d = distuv.Beta{Alpha: xs[0], Beta: xs[1]}
	case "lognormal":
		d = distuv.LogNormal{Mu: xs[0], Sigma: xs[1]}
	case "weibull":
		d = distuv.Weibull{K: xs[0], Lambda: xs[1]}
	default:
		d = distuv.Normal{Mu: xs[0], Sigma: xs[1]}
	}
	return d, of, true
}

// dateDay is the day a date begins, for a move or an event on that date;
// a date needs the scenario's start_date.
func (bd *builder) dateDay(path, date string) (param.Num, bool) {
	d, msg := Day{Date: date}.day(bd.start, startOfDate)
	if msg != "" {
		bd.add(path, "%s", msg)
		return param.Const(0), false
	}
	return param.Const(d), true
}

// worldNum compiles a file Number of a transition's timing, which may
// read the world: text that is no formula of parameters is passed on as
// an expression for the scenario to compile (and report at its place).
func (bd *builder) worldNum(path string, n Number) (param.Num, bool) {
	if n.Expr != "" && n.err == "" && n.date == "" {
		if bd.readsWorld(n.Expr) {
			return param.Expr(n.Expr), true
		}
		if out, err := bd.pe.compileNum(n); err == nil || bd.env == nil || len(bd.env.vars) == 0 {
			if err != nil {
				bd.add(path, "%v", err)
			}
			return out, err == nil
		}
		// The scenario compiles it, and says what is wrong with the
		// names of variables and parameters both to suggest from.
		return param.Expr(n.Expr), true
	}
	return bd.num(path, n)
}

// num compiles a file Number, reporting a malformed one at path.
func (bd *builder) num(path string, n Number) (param.Num, bool) {
	if n.Expr != "" && n.err == "" && bd.readsWorld(n.Expr) {
		bd.add(path, "%q reads the world (a variable, an agreed value, the day or an actor's number): only a transition's rate, the parameters of its delay and its at may; give a number, a parameter or a formula of parameters here", n.Expr)
		return param.Const(0), false
	}
	out, err := bd.pe.compileNum(n)
	if err != nil {
		bd.add(path, "%v", err)
		return param.Const(0), false
	}
	return out, true
}

// participant reads a meeting's participant and its rule for this
// meeting, own when it has one; ok is false for a malformed entry,
// reported.
func (bd *builder) participant(path string, pt Participant) (rule actors.Rule, own, ok bool) {
	if pt.err != "" {
		bd.add(path, "%s", pt.err)
		return nil, false, false
	}
	if pt.Accept == nil {
		return nil, false, true
	}
	return bd.rule(path+".accept", pt.Accept), true, true
}

// rule reads an acceptance rule.
func (bd *builder) rule(path string, x any) actors.Rule {
	switch r := x.(type) {
	case string:
		switch r {
		case "always":
			return actors.Always{}
		case "zone_of_agreement":
			return actors.ZoneOfAgreement{}
		case "reservation_value":
			return actors.ReservationValue{}
		}
		bd.add(path, "unknown rule %q (always, zone_of_agreement, reservation_value, when, var_at_least, var_at_most, all, any)", r)
		return actors.Always{}
	case map[string]any:
		if len(r) != 1 {
			bd.add(path, "a rule is one of always, zone_of_agreement, reservation_value, {when: <condition>}, {var_at_least: ...}, {var_at_most: ...}, {all: [...]}, {any: [...]}")
			return actors.Always{}
		}
		for k, v := range r {
			switch k {
			case "all", "any":
				list, ok := v.([]any)
				if !ok || len(list) == 0 {
					bd.add(path+"."+k, "a list of rules is needed, with at least one (%s of none would decide nothing)", k)
					return actors.Always{}
				}
				rules := make([]actors.Rule, len(list))
				for i, e := range list {
					rules[i] = bd.rule(fmt.Sprintf("%s.%s[%d]", path, k, i), e)
				}
				if k == "all" {
					return actors.All(rules)
				}
				return actors.Any(rules)
			case "var_at_least", "var_at_most":
				m, ok := v.(map[string]any)
				name, okName := m["var"].(string)
				var bound string
				c, okBound := number(m["value"])
				if okBound {
					bound = strconv.FormatFloat(c, 'g', -1, 64)
				} else if text, isText := m["value"].(string); isText && ok && strings.TrimSpace(text) != "" {
					// A parameter, or a formula of parameters.
					if _, okBound = bd.num(path+"."+k+".value", Number{Expr: text}); !okBound {
						return actors.Always{}
					}
					bound = "(" + text + ")"
				}
				if !ok || !okName || !okBound || len(m) != 2 {
					bd.add(path+"."+k, "needs {var: <name>, value: <number or parameter>}")
					return actors.Always{}
				}
				if k == "var_at_least" {
					return scenario.When{Guard: scenario.Condition{Text: name + " >= " + bound}}
				}
				return scenario.When{Guard: scenario.Condition{Text: name + " <= " + bound}}
			case "when":
				text, ok := v.(string)
				if !ok || strings.TrimSpace(text) == "" {
					bd.add(path+"."+k, "a condition on the world is needed, such as \"prepared >= 1\"")
					return actors.Always{}
				}
				return scenario.When{Guard: scenario.Condition{Text: text}}
			}
			bd.add(path, "unknown rule %q", k)
		}
	default:
		bd.add(path, "a rule is a name or a mapping")
	}
	return actors.Always{}
}

func (f *File) transition(bd *builder, b *scenario.Builder, env *exprEnv, i int, t Transition) {
	p := fmt.Sprintf("transitions[%d]", i)
	var td *scenario.TransitionBuilder
	if len(t.Branch) > 0 {
		if t.To != "" {
			bd.add(p+".to", "give to or branch, not both")
		}
		targets := make([]scenario.Target, len(t.Branch))
		for k, tg := range t.Branch {
			tp := fmt.Sprintf("%s.branch[%d]", p, k)
			switch {
			case tg.P != nil && tg.Weight == "":
				n, _ := bd.num(tp+".p", *tg.P)
				targets[k] = scenario.To(tg.To, n)
			case tg.P == nil && tg.Weight != "":
				weight := tg.Weight
				if env.followsOn(weight) {
					weight = "0" // its problem follows from the model's, reported already
				}
				targets[k] = scenario.Target{State: tg.To, Weight: weight}
			default:
				bd.add(tp, "give p or weight")
				targets[k] = scenario.To(tg.To, 0)
			}
		}
		td = b.Branching(t.From, targets...)
	} else {
		td = b.Transition(t.From, t.To)
	}
	if t.Name != "" {
		td.Named(t.Name)
	}
	td.Describe(t.Description)
	given := 0
	for _, set := range []bool{t.Rate != nil, t.Fixed != nil, t.Delay != nil, t.At != nil} {
		if set {
			given++
		}
	}
	switch given {
	case 0:
		bd.add(p, "no delay given: give rate, fixed, delay or at")
		td.Delay(scenario.Days(0)) // reported; keep the scenario from reporting it again
	case 1:
	default:
		bd.add(p, "a delay given %d times: give one of rate, fixed, delay and at", given)
	}
	if t.Rate != nil {
		n, _ := bd.worldNum(p+".rate", *t.Rate)
		td.Delay(scenario.Exp(n))
	}
	if t.At != nil {
		// A day is read from the world by nature: its text is the
		// scenario's to compile.
		n, ok := param.Num{}, true
		switch {
		case t.At.date != "":
			n, ok = bd.dateDay(p+".at", t.At.date)
		case t.At.Expr != "" && t.At.err == "":
			n = param.Expr(t.At.Expr)
		default:
			n, ok = bd.num(p+".at", *t.At)
		}
		if ok {
			td.Delay(scenario.At{Day: n})
		} else {
			td.Delay(scenario.Days(0)) // reported already; keep the builder from reporting no delay
		}
	}
	if t.Fixed != nil {
		n, _ := bd.num(p+".fixed", *t.Fixed)
		td.Delay(scenario.Days(n))
	}
	if t.Delay != nil {
		if d, of, ok := bd.dist(p+".delay", t.Delay); ok && of != nil {
			td.Delay(scenario.After{Dist: *of})
		} else if ok {
			td.Delay(scenario.After{Dist: d})
		} else {
			td.Delay(scenario.Days(0)) // reported already; keep the builder from reporting no delay
		}
	}
	if t.When != "" && !env.followsOn(t.When) {
		td.When(scenario.Condition{Text: t.When})
	}
	td.Do(bd.effects(p+".do", env, t.Do)...)
	for k, pt := range t.Participants {
		if r, own, ok := bd.participant(fmt.Sprintf("%s.participants[%d]", p, k), pt); ok {
			td.Participants(pt.Actor)
			if own {
				td.Accept(pt.Actor, r)
			}
		}
	}
	if t.Agenda != nil {
		td.Agenda(bd.bargainer(p+".agenda.bargainer", t.Agenda.Bargainer), t.Agenda.Issues...)
	}
	if d := t.OnDecline; d != nil {
		switch count(d.Retry != nil, d.RetryAfter != nil, d.To != "") {
		case 1:
		default:
			bd.add(p+".on_decline", "give one of retry, retry_after and to")
		}
		switch {
		case d.Retry != nil:
			if dist, of, ok := bd.dist(p+".on_decline.retry", d.Retry); ok && of != nil {
				td.OnDecline(scenario.AfterDecline{Retry: scenario.After{Dist: *of}})
			} else if ok {
				td.OnDecline(scenario.AfterDecline{Retry: scenario.After{Dist: dist}})
			}
		case d.RetryAfter != nil:
			n, _ := bd.num(p+".on_decline.retry_after", *d.RetryAfter)
			td.OnDecline(scenario.AfterDecline{Retry: scenario.Days(n)})
		case d.To != "":
			td.OnDecline(scenario.AfterDecline{To: d.To})
		}
	}
}

// dist returns the distribution of a delay Value, reporting a value that is
// malformed or not a distribution.
func (bd *builder) dist(path string, v *Value) (distuv.Quantiler, *param.Dist, bool) {
	switch {
	case v.err != "":
		bd.add(path, "%s", v.err)
	case v.Dist == "":
		bd.add(path, "a delay is a distribution, {dist: ...}; give days with fixed or a rate with rate")
	default:
		return bd.distribution(path, v)
	}
	return nil, nil, false
}

func count(bs ...bool) int {
	n := 0
	for _, b := range bs {
		if b {
			n++
		}
	}
	return n
}

func (bd *builder) bargainer(path, name string) actors.Bargainer {
	switch name {
	case "mean":
		return actors.WeightedMean{}
	case "median":
		return actors.WeightedMedian{}
	case "nash":
		return actors.NashSolution{}
	case "rubinstein":
		return actors.Rubinstein{}
	}
	bd.add(path, "unknown bargainer %q (mean, median, nash, rubinstein)", name)
	return actors.WeightedMean{}
}

// effects reads a list of effects: "name = expression" assignments, or
// {shift_range: {actor, issue, lo, hi}} with lo and hi expressions.
func (bd *builder) effects(path string, env *exprEnv, list []any) []scenario.Effect {
	var out []scenario.Effect
	for k, x := range list {
		ep := fmt.Sprintf("%s[%d]", path, k)
		switch e := x.(type) {
		case string:
			name, rhs, ok := assignment(e)
			if !ok {
				bd.add(ep, "an effect is \"name = expression\" or {shift_range: ...}")
				continue
			}
			if env.followsOn(rhs) {
				continue // its problem follows from the model's, reported already
			}
			out = append(out, scenario.Assignment{Var: name, Text: strings.TrimSpace(rhs)})
		case map[string]any:
			sr, ok := e["shift_range"].(map[string]any)
			if !ok || len(e) != 1 {
				bd.add(ep, "an effect is \"name = expression\" or {shift_range: {actor, issue, lo, hi}}")
				continue
			}
			out = append(out, bd.shiftRange(ep+".shift_range", env, sr)...)
		default:
			bd.add(ep, "an effect is \"name = expression\" or {shift_range: ...}")
		}
	}
	return out
}

func (bd *builder) shiftRange(path string, env *exprEnv, m map[string]any) []scenario.Effect {
	actor, _ := m["actor"].(string)
	issue, _ := m["issue"].(string)
	if env.model == nil {
		if !bd.modelFailed {
			bd.add(path, "shift_range needs actors")
		}
		return nil
	}
	_, okA := env.model.ActorIndex(actor)
	_, okI := env.model.IssueIndex(issue)
	if !okA {
		bd.add(path+".actor", "unknown actor %q%s", actor, names.DidYouMean(actor, env.actorIDs()))
	}
	if !okI {
		bd.add(path+".issue", "unknown issue %q%s", issue, names.DidYouMean(issue, env.issueIDs()))
	}
	if !okA || !okI {
		return nil
	}
	for _, key := range []string{"lo", "hi"} {
		switch x := m[key].(type) {
		case nil, string:
		default:
			if _, ok := number(x); !ok {
				bd.add(path+"."+key, "a number or an expression is needed")
				return nil
			}
		}
	}
	for _, k := range slices.Sorted(maps.Keys(m)) { // the same messages in the same order every time
		if k != "actor" && k != "issue" && k != "lo" && k != "hi" {
			bd.add(path+"."+k, "unknown field (actor, issue, lo, hi)")
		}
	}
	if lo, okLo := constShift(m["lo"]); okLo {
		if hi, okHi := constShift(m["hi"]); okHi && (math.IsInf(lo, 0) || math.IsInf(hi, 0) || math.IsNaN(lo) || math.IsNaN(hi)) {
			bd.add(path, "shifts must be finite, got (%v, %v)", lo, hi)
			return nil
		}
	}
	lo, hi := exprText(m["lo"]), exprText(m["hi"])
	if env.followsOn(lo) || env.followsOn(hi) {
		return nil // its problem follows from the model's, reported already
	}
	return []scenario.Effect{scenario.RangeShift{Actor: actor, Issue: issue, Lo: lo, Hi: hi}}
}

// exprText is the text of a shift as written: an expression, a number, or 0.
func exprText(x any) string {
	switch v := x.(type) {
	case nil:
		return "0"
	case string:
		return v
	}
	if c, ok := number(x); ok {
		return strconv.FormatFloat(c, 'g', -1, 64)
	}
	return ""
}

// constShift reads a shift given as a number (or absent: 0).
func constShift(x any) (float64, bool) {
	if x == nil {
		return 0, true
	}
	return number(x)
}

// assignment splits "name = expression" at its single '='.
func assignment(s string) (name, rhs string, ok bool) {
	for i := 0; i < len(s); i++ {
		if s[i] != '=' {
			continue
		}
		if i+1 < len(s) && s[i+1] == '=' || i > 0 && strings.ContainsRune("!<>=", rune(s[i-1])) {
			continue
		}
		name = strings.TrimSpace(s[:i])
		return name, s[i+1:], name != ""
	}
	return "", "", false
}

func (f *File) event(bd *builder, b *scenario.Builder, env *exprEnv, i int, e Event) {
	p := fmt.Sprintf("events[%d]", i)
	ed := b.Event(e.Name).Describe(e.Description)
	switch {
	case e.Rate == nil && e.At == nil:
		bd.add(p, "no timing given: give rate or at")
		ed.Occurs(scenario.Exp(0)) // reported; keep the scenario from reporting it again
	case e.Rate != nil && e.At != nil:
		bd.add(p, "timing given 2 times: give one of rate and at")
	}
	if e.Rate != nil {
		n, _ := bd.num(p+".rate", *e.Rate)
		ed.Occurs(scenario.Exp(n))
	}
	if e.At != nil {
		day, prob := param.Const(0), param.Const(0)
		if e.At.Day == nil {
			bd.add(p+".at", "no day given: at is {day: DAY, p: PROBABILITY}")
		} else {
			if e.At.Day.date != "" {
				day, _ = bd.dateDay(p+".at.day", e.At.Day.date)
			} else {
				day, _ = bd.num(p+".at.day", *e.At.Day)
			}
		}
		if e.At.P == nil {
			bd.add(p+".at", "no probability given: at is {day: DAY, p: PROBABILITY} (p: 1 for an event that surely occurs)")
		} else {
			prob, _ = bd.num(p+".at.p", *e.At.P)
		}
		ed.Occurs(scenario.On(day, prob))
	}
	if len(e.In) > 0 {
		ed.In(e.In...)
	}
	if e.When != "" && !env.followsOn(e.When) {
		ed.When(scenario.Condition{Text: e.When})
	}
	ed.Do(bd.effects(p+".do", env, e.Do)...)
	if e.Goto != "" {
		ed.Goto(e.Goto)
	}
	if e.Once {
		ed.Once()
	}
	for k, pt := range e.Participants {
		if r, own, ok := bd.participant(fmt.Sprintf("%s.participants[%d]", p, k), pt); ok {
			ed.Participants(pt.Actor)
			if own {
				ed.Accept(pt.Actor, r)
			}
		}
	}
	if e.Agenda != nil {
		ed.Agenda(bd.bargainer(p+".agenda.bargainer", e.Agenda.Bargainer), e.Agenda.Issues...)
	}
}

func (f *File) claim(bd *builder, b *scenario.Builder, i int, c Claim) {
	if c.Agreed != "" && bd.modelFailed {
		return // needs the model, whose problems are reported
	}
	p := fmt.Sprintf("claims[%d]", i)
	cd, ok := bd.claimBody(p, c, false, 0)
	if !ok {
		return
	}
	cd = cd.Named(c.Name)
	if c.Description != "" {
		cd = cd.Describe(c.Description)
	}
	b.Claim(cd)
	bd.claimAt = append(bd.claimAt, i)
}

// claimBody reads what a claim, or a part of one, states. open lets its
// by be left out (a part of an order: any day); depth is how deep it is
// nested.
func (bd *builder) claimBody(p string, c Claim, open bool, depth int) (scenario.Statement, bool) {
	var cd scenario.Statement
	if depth > 0 && (c.Name != "" || c.Description != "") {
		bd.add(p, "a part of a claim has no name or description of its own")
		return cd, false
	}
	if depth >= 16 {
		bd.add(p, "claims nest more than 16 deep")
		return cd, false
	}
	if c.Agreed != "" && bd.modelFailed {
		return cd, false
	}
	kinds := count(c.Reached != "", c.Completed != "", c.Occurred != "", c.Agreed != "", c.InState != "", c.Variable != "",
		c.All != nil, c.Any != nil, c.Before != nil)
	if kinds != 1 {
		bd.add(p, "give one of reached, completed, occurred, agreed, in_state, variable, all, any and before")
		return cd, false
	}
	happening := c.Reached != "" || c.Completed != "" || c.Occurred != "" || c.Agreed != ""
	if (c.After != nil) != (c.Within != nil) {
		bd.add(p, "after and within go together: {reached: second, after: {reached: first}, within: 30}")
		return cd, false
	}
	if c.After != nil && !happening {
		bd.add(p+".after", "after is given on something that happens (reached, completed, occurred, agreed)")
		return cd, false
	}
	day := func(field string, d *Day, needed bool) (float64, bool) {
		if d == nil {
			if needed {
				bd.add(p, "%s is needed: the day by which it is claimed", field)
				return 0, false
			}
			return math.Inf(1), true
		}
		x, msg := d.day(bd.start, endOfDate)
		if msg != "" {
			bd.add(p+"."+field, "%s", msg)
			return 0, false
		}
		return x, true
	}
	bounds := func() (lo, hi float64) {
		lo, hi = math.Inf(-1), math.Inf(1)
		if c.AtLeast != nil {
			lo = *c.AtLeast
		}
		if c.AtMost != nil {
			hi = *c.AtMost
		}
		return lo, hi
	}
	if (c.AtLeast != nil || c.AtMost != nil) && c.Agreed == "" && c.Variable == "" {
		bd.add(p, "at_least and at_most are for agreed and variable claims")
		return cd, false
	}
	if c.Day != nil && c.InState == "" && c.Variable == "" {
		bd.add(p+".day", "day is for in_state and variable claims; the others are judged by (by)")
		return cd, false
	}
	if c.By != nil && !happening {
		bd.add(p+".by", "by is for reached, completed, occurred and agreed claims")
		return cd, false
	}
	switch {
	case happening:
		by, ok := day("by", c.By, !open && c.After == nil)
		if !ok {
			return cd, false
		}
		switch {
		case c.Reached != "":
			cd = scenario.Entered(c.Reached, 0, by)
		case c.Completed != "":
			cd = scenario.RouteAt(c.Completed, by, scenario.RouteCompleted)
		case c.Occurred != "":
			cd = scenario.Occurred(c.Occurred, 0, by)
		default:
			if c.AtLeast == nil && c.AtMost == nil {
				bd.add(p, "an agreed claim needs at_least, at_most or both")
				return cd, false
			}
			lo, hi := bounds()
			cd = scenario.AgreedWithin(c.Agreed, lo, hi, 0, by)
		}
		if c.After != nil {
			anchor, ok := bd.claimBody(p+".after", *c.After, true, depth+1)
			if !ok {
				return cd, false
			}
			if c.Not {
				// not belongs to the whole: "not within 30 days after".
				cd = scenario.Within(anchor, cd, *c.Within).Negate()
				return cd, true
			}
			cd = scenario.Within(anchor, cd, *c.Within)
		}
	case c.InState != "", c.Variable != "":
		d, ok := day("day", c.Day, true)
		if !ok {
			return cd, false
		}
		if c.InState != "" {
			cd = scenario.InState(c.InState, d)
		} else {
			if c.AtLeast == nil && c.AtMost == nil {
				bd.add(p, "a variable claim needs at_least, at_most or both")
				return cd, false
			}
			lo, hi := bounds()
			cd = scenario.VariableAt(c.Variable, d, lo, hi)
		}
	default:
		list, key, order := c.All, "all", false
		switch {
		case c.Any != nil:
			list, key = c.Any, "any"
		case c.Before != nil:
			list, key, order = c.Before, "before", true
		}
		if order && len(list) != 2 {
			bd.add(p+"."+key, "before relates two things that happen: [first, second]")
			return cd, false
		}
		parts := make([]scenario.Statement, 0, len(list))
		good := true
		for k, part := range list {
			st, ok := bd.claimBody(fmt.Sprintf("%s.%s[%d]", p, key, k), part, order, depth+1)
			good = good && ok
			parts = append(parts, st)
		}
		if !good {
			return cd, false
		}
		switch key {
		case "all":
			cd = scenario.AllOf(parts...)
		case "any":
			cd = scenario.AnyOf(parts...)
		default:
			cd = scenario.Before(parts[0], parts[1])
		}
	}
	if c.Not {
		cd = cd.Negate()
	}
	return cd, true
}

// claimPath is the path, within a file's claim c, of the field a
// claim's problem names: the parts of a combination (parts[1].state)
// become the file's (all[1].reached; a within's anchor is its after).
func claimPath(c Claim, field string) string {
	path := ""
	for strings.HasPrefix(field, "parts[") {
		end := strings.Index(field, "].")
		k, err := strconv.Atoi(field[len("parts["):max(end, len("parts["))])
		if end < 0 || err != nil {
			break
		}
		field = field[end+2:]
		var list []Claim
		key := ""
		switch {
		case c.All != nil:
			list, key = c.All, "all"
		case c.Any != nil:
			list, key = c.Any, "any"
		case c.Before != nil:
			list, key = c.Before, "before"
		case c.After != nil && k == 0:
			path += ".after"
			c = *c.After
			continue
		case c.After != nil:
			c.After, c.Within = nil, nil // the body itself, after its anchor
			continue
		}
		if k < 0 || k >= len(list) {
			return path
		}
		path += fmt.Sprintf(".%s[%d]", key, k)
		c = list[k]
	}
	key := map[string]string{"min": "at_least", "max": "at_most", "route": "completed", "event": "occurred", "issue": "agreed", "variable": "variable"}[field]
	switch field {
	case "state":
		key = "reached"
		if c.InState != "" {
			key = "in_state"
		}
	case "day":
		switch {
		case c.After != nil:
			key = "within"
		case c.InState != "" || c.Variable != "":
			key = "day"
		case c.All == nil && c.Any == nil && c.Before == nil:
			key = "by"
		}
	case "parts":
		switch {
		case c.All != nil:
			key = "all"
		case c.Any != nil:
			key = "any"
		case c.Before != nil:
			key = "before"
		}
	}
	if key == "" {
		return path
	}
	return path + "." + key
}

// hintKey is a part and field a problem is about.
type hintKey struct {
	part  problem.Part
	field string
}

// fileHints are the file's words for what to do about a problem the
// scenario raised with a hint in Go words, by its part and field: never by
// its message. A problem with a Go hint not listed here is given none.
var fileHints = map[hintKey]string{
	{problem.Transition, ""}:             "give one of them a name",
	{problem.Claim, "issue"}:             "add actors",
	{problem.Transition, "participants"}: "add actors",
	{problem.Event, "participants"}:      "add actors",
}

// locate maps a problem.Problem to the path of the file field behind it,
// by the problem's part, its index in declaration order and its field key:
// never by its message, which may be reworded. claimAt maps the builder's
// claims to the file's (nil: the same), for claims left out of the builder.
func (f *File) locate(p problem.Problem, claimAt []int) string {
	item := func(list string, n int) (string, bool) {
		if p.Index < 0 || p.Index >= n {
			return list, false
		}
		return fmt.Sprintf("%s[%d]", list, p.Index), true
	}
	key, sub, _ := strings.Cut(p.Field, "[")
	if sub != "" {
		sub = "[" + sub
	}
	with := func(base string, ok bool, path string) string {
		if !ok || path == "" {
			return base
		}
		return base + "." + path
	}
	switch p.Part {
	case problem.Scenario:
		switch p.Field {
		case "start", "horizon", "name", "states", "transitions":
			return p.Field
		}
		return ""
	case problem.Parameter:
		base, ok := item("parameters", len(f.Parameters))
		if p.Field == "value" {
			return base // a value bound from outside the file
		}
		return with(base, ok, p.Field)
	case problem.State:
		base, ok := item("states", len(f.States))
		return with(base, ok, p.Field)
	case problem.Variable:
		base, ok := item("variables", len(f.Variables))
		return with(base, ok, p.Field)
	case problem.Route:
		base, ok := item("routes", len(f.Routes))
		return with(base, ok, p.Field)
	case problem.Actor:
		base, ok := item("actors", len(f.Actors))
		switch key {
		case "accept", "capability", "risk", "discount", "reservation":
			return with(base, ok, key)
		case "ideal", "salience", "lo", "hi":
			// A position's number: key["issue"] of the actor at Index.
			issue, err := strconv.Unquote(strings.TrimSuffix(strings.TrimPrefix(sub, "["), "]"))
			if !ok || err != nil {
				return base
			}
			for k, pos := range f.Positions {
				if pos.Actor == f.Actors[p.Index].ID && pos.Issue == issue {
					return fmt.Sprintf("positions[%d].%s", k, key)
				}
			}
		}
		return base
	case problem.Claim:
		if claimAt != nil && p.Index >= 0 && p.Index < len(claimAt) {
			p.Index = claimAt[p.Index]
		}
		base, ok := item("claims", len(f.Claims))
		if !ok {
			return base
		}
		return base + claimPath(f.Claims[p.Index], p.Field)
	case problem.Transition:
		base, ok := item("transitions", len(f.Transitions))
		if !ok {
			return base
		}
		t := f.Transitions[p.Index]
		switch {
		case key == "rate" || key == "fixed" || key == "at" || strings.HasPrefix(key, "delay"):
			// The builder's delay is whichever of rate, fixed and delay the
			// file gave.
			switch {
			case t.Delay != nil:
				if k, err := strconv.Atoi(strings.TrimPrefix(p.Field, "delay.")); err == nil && t.Delay.form == 0 && k >= 0 && k < len(distParams(t.Delay.Dist)) {
					return base + ".delay." + distParams(t.Delay.Dist)[k]
				}
				return base + ".delay"
			case t.Fixed != nil:
				return base + ".fixed"
			case t.Rate != nil:
				return base + ".rate"
			case t.At != nil:
				return base + ".at"
			}
			return base
		}
		return with(base, true, fileKey(key, sub, false))
	case problem.Event:
		base, ok := item("events", len(f.Events))
		return with(base, ok, fileKey(key, sub, true))
	}
	return ""
}

// fileKey turns a field key of scenario's into the file's.
func fileKey(key, sub string, event bool) string {
	switch key {
	case "guard":
		return "when"
	case "onDecline":
		return "on_decline"
	case "effects":
		// A range shift's own field is under shift_range in a file.
		if i := strings.Index(sub, "]."); i >= 0 {
			return "do" + sub[:i+1] + ".shift_range" + sub[i+1:]
		}
		return "do" + sub
	case "targets":
		return "branch" + sub
	case "agenda":
		if sub != "" {
			return "agenda.issues" + sub
		}
		return "agenda"
	case "states":
		if event {
			return "in" + sub
		}
	case "timing":
		return ""
	case "probability":
		return "at.p"
	case "day":
		return "at.day"
	}
	return key + sub
}

// locateActor maps a problem of the actors model to the file by its part,
// index and field key; the model's lists are the file's.
func (f *File) locateActor(p problem.Problem) string {
	list, n := "", 0
	switch p.Part {
	case problem.Issue:
		list, n = "issues", len(f.Issues)
	case problem.Actor:
		list, n = "actors", len(f.Actors)
	case problem.Position:
		list, n = "positions", len(f.Positions)
	}
	if p.Index < 0 || p.Index >= n {
		return list
	}
	base := fmt.Sprintf("%s[%d]", list, p.Index)
	if p.Field == "" {
		return base
	}
	return base + "." + p.Field
}

// errFollowOn marks a problem that follows from one reported already (an
// expression naming actors of a model with problems): it is not reported.
var errFollowOn = errors.New("follows from a problem reported already")
