package scenariofile

import (
	"errors"
	"fmt"
	"maps"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/parleysim/parley/problem"

	"github.com/parleysim/parley/internal/names"

	"github.com/goccy/go-yaml"
	"github.com/goccy/go-yaml/ast"
)

// allProblems is the error of a file whose decoding failed at first: the
// decoder stops at the first value of the wrong type, but every problem is
// to be reported at once. The document is decoded again field by field, and
// lists element by element; each part that does not decode is a problem,
// the rest is built and its problems are added, except those that a part
// left out explains (an unknown state when a state did not decode).
func allProblems(name string, body ast.Node, af *ast.File, first problem.Problem) error {
	f, problems, failed, names, orig := decodeParts(name, body)
	if f == nil {
		return &problem.Error{Kind: ErrFile, Problems: []problem.Problem{first}}
	}
	// A field named by the decoder may sit deeper than path.field (an
	// agenda's issues, say): keep the path only where the file has it.
	bd := &builder{name: name, ast: af}
	for i, p := range problems {
		if pos, ok := bd.place(p.Origin.Path); !ok || p.Origin.Path != "" && !bd.written(p.Origin.Path) || pos.Line != p.Origin.Line {
			if m := unknownField.FindStringSubmatch(p.Msg); m != nil {
				if at, ok := bd.holder(p.Origin.Path, m[1], p.Origin.Line); ok {
					problems[i].Origin.Path = at // an unknown field of a nested part: the part
					continue
				}
			}
			problems[i].Origin.Path = parent(p.Origin.Path)
			if !strings.Contains(p.Origin.Path, "[") && !strings.Contains(p.Origin.Path, ".") {
				problems[i].Origin.Path = p.Origin.Path
			}
		}
	}
	if !containsProblem(problems, first) {
		problems = append(problems, first)
	}
	var err error
	if f.Template == "" {
		// A case of a template is not built without its template: what
		// the template declares would be reported missing.
		_, _, err = f.build(name, af)
	}
	if e, ok := err.(*problem.Error); ok {
		for _, p := range e.Problems {
			// The built File lacks the parts left out: its list indices
			// are moved back to the file's, and the place found again.
			if m := listIndex.FindStringSubmatch(p.Origin.Path); m != nil {
				if k, err := strconv.Atoi(m[2]); err == nil && k < len(orig[m[1]]) {
					p.Origin.Path = fmt.Sprintf("%s[%d]%s", m[1], orig[m[1]][k], m[3])
					p.Origin.Line, p.Origin.Column = bd.position(p.Origin.Path)
				}
			}
			if !explained(p, failed, names) && !containsProblem(problems, p) {
				problems = append(problems, p)
			}
		}
	}
	sortProblems(problems)
	return &problem.Error{Kind: ErrFile, Problems: problems}
}

// listIndex splits "transitions[3].to" into list, index and the rest.
var listIndex = regexp.MustCompile(`^(\w+)\[(\d+)\](.*)$`)

// containsProblem reports whether ps has a problem at p's place (or, for
// problems without one, with its message): one place, one problem.
func containsProblem(ps []problem.Problem, p problem.Problem) bool {
	for _, q := range ps {
		if q.Origin.Line == p.Origin.Line && q.Origin.Column == p.Origin.Column && (p.Origin.Line > 0 || q.Msg == p.Msg) {
			return true
		}
	}
	return false
}

// explainedBy lists, for each top-level field, the messages of problems
// that follow from a part of it not decoding.
var explainedBy = map[string][]string{
	"states":      {"none declared", "declared absorbing", "unreachable"},
	"transitions": {"unknown transition", "unreachable"},
	"events":      {"unknown event"},
	"routes":      {"unknown route"},
	"variables":   {"unknown variable"},
	"actors":      {"unknown actor", "position of an unknown actor"},
	"issues":      {"unknown issue", "position on an unknown issue"},
	"start":       {"no start state"},
	"horizon":     {"not set", "no horizon"},
	"name":        {"empty"},
}

// unknownName matches a problem about a name that is not defined.
var unknownName = regexp.MustCompile(`unknown (state|route|event|actor|issue|variable) "(.*)"`)

// lists maps the words of unknownName to the file's lists.
var lists = map[string]string{"state": "states", "route": "routes", "event": "events", "actor": "actors", "issue": "issues", "variable": "variables"}

// explained reports whether a build problem may follow from a part that
// did not decode: a name that is unknown only if one of the parts left out
// had it (or had no readable name), and the other messages of explainedBy.
func explained(p problem.Problem, failed, names map[string]bool) bool {
	if m := unknownName.FindStringSubmatch(p.Msg); m != nil {
		list := lists[m[1]]
		return names[list+"/"+m[2]] || names[list+"/?"] || failed[list] && list == "variables"
	}
	for field := range failed {
		for _, m := range explainedBy[field] {
			if strings.Contains(p.Msg, m) {
				return true
			}
		}
	}
	return false
}

// decodeParts decodes a document's fields one by one, and list fields
// element by element, into a File; a part that does not decode is left out
// and reported. failed names the top-level fields with a part left out. An
// alias into another part cannot be resolved part by part; such problems
// are not reported (the first decoding found the real one). f is nil when
// the document is not a mapping.
func decodeParts(name string, body ast.Node) (f *File, problems []problem.Problem, failed, partNames map[string]bool, orig map[string][]int) {
	m, ok := body.(*ast.MappingNode)
	if !ok {
		return nil, nil, nil, nil, nil
	}
	orig = map[string][]int{}
	f = &File{}
	failed = map[string]bool{}
	partNames = map[string]bool{}
	v := reflect.ValueOf(f).Elem()
	fields := map[string]int{}
	for i := range v.NumField() {
		tag, _, _ := strings.Cut(v.Type().Field(i).Tag.Get("yaml"), ",")
		fields[tag] = i
	}
	report := func(path string, err error) {
		if p := decodeProblem(name, err); !strings.Contains(p.Msg, "could not find alias") {
			p.Origin.Path = path
			if p.Field != "" {
				p.Origin.Path = path + "." + p.Field
			}
			if unknown := (*yaml.UnknownFieldError)(nil); errors.As(err, &unknown) && unknown.Token != nil {
				p.Msg += names.DidYouMean(unknown.Token.Value, fieldsAt(reflect.TypeOf(File{}), p.Origin.Path))
			}
			problems = append(problems, p)
		}
	}
	fail := func(key, path string, err error) {
		failed[key] = true
		report(path, err)
	}
	// lenient decodes a part that failed again, ignoring fields no struct
	// has: when only those were wrong, the part is kept, so that its other
	// problems (an unknown state, a bad rate) are reported beside them.
	lenient := func(n ast.Node, v any, err error) bool {
		var unknown *yaml.UnknownFieldError
		return errors.As(err, &unknown) && yaml.NodeToValue(n, v) == nil
	}
	for _, mv := range m.Values {
		key := strings.Trim(mv.Key.String(), `"'`)
		i, known := fields[key]
		if !known {
			pos := mv.Key.GetToken().Position
			problems = append(problems, problem.Problem{Origin: problem.Origin{File: name, Line: pos.Line, Column: pos.Column},
				Msg: fmt.Sprintf("unknown field %q", key) + names.DidYouMean(key, slices.Sorted(maps.Keys(fields)))})
			continue
		}
		field := v.Field(i)
		seq, isSeq := mv.Value.(*ast.SequenceNode)
		if field.Kind() != reflect.Slice || !isSeq {
			if err := yaml.NodeToValue(mv.Value, field.Addr().Interface(), yaml.DisallowUnknownField()); err != nil {
				if lenient(mv.Value, field.Addr().Interface(), err) {
					report(key, err)
					continue
				}
				fail(key, key, err)
			}
			continue
		}
		for k, item := range seq.Values {
			elem := reflect.New(field.Type().Elem())
			if err := yaml.NodeToValue(item, elem.Interface(), yaml.DisallowUnknownField()); err != nil {
				path := fmt.Sprintf("%s[%d]", key, k)
				if fresh := reflect.New(field.Type().Elem()); lenient(item, fresh.Interface(), err) {
					report(path, err)
					field.Set(reflect.Append(field, fresh.Elem()))
					orig[key] = append(orig[key], k)
					continue
				}
				fail(key, path, err)
				if n, ok := partName(item); ok {
					partNames[key+"/"+n] = true
				} else {
					partNames[key+"/?"] = true // a part without a readable name
				}
				continue
			}
			field.Set(reflect.Append(field, elem.Elem()))
			orig[key] = append(orig[key], k)
		}
	}
	return f, problems, failed, partNames, orig
}

// partName reads the name (or id) of a list element written as a mapping.
func partName(n ast.Node) (string, bool) {
	m, ok := n.(*ast.MappingNode)
	if !ok {
		return "", false
	}
	for _, mv := range m.Values {
		if k := mv.Key.String(); k == "name" || k == "id" {
			if sc, ok := mv.Value.(ast.ScalarNode); ok {
				return fmt.Sprint(sc.GetValue()), true
			}
		}
	}
	return "", false
}

// fieldsAt returns the keys a file may give at path (such as
// "transitions[2]" or "transitions[0].agenda"), from the yaml tags of the
// struct found there; nil where the path leads to no struct.
func fieldsAt(t reflect.Type, path string) []string {
	for _, seg := range strings.Split(path, ".") {
		name, _, _ := strings.Cut(seg, "[")
		for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
			t = t.Elem()
		}
		if t.Kind() != reflect.Struct {
			return nil
		}
		found := false
		for i := range t.NumField() {
			if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag == name {
				t, found = t.Field(i).Type, true
				break
			}
		}
		if !found {
			return nil
		}
	}
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct {
		return nil
	}
	var out []string
	for i := range t.NumField() {
		if tag, _, _ := strings.Cut(t.Field(i).Tag.Get("yaml"), ","); tag != "" && tag != "-" {
			out = append(out, tag)
		}
	}
	return out
}

// unknownField reads the key of an unknown-field message.
var unknownField = regexp.MustCompile(`^unknown field "([^"]+)"`)

// holder returns the path, within the part at path, of the mapping that
// holds key on line: the nested part (a claim inside a claim's all, say)
// an unknown field belongs to.
func (bd *builder) holder(path, key string, line int) (string, bool) {
	bd.place(path)
	best := ""
	for p, pos := range bd.places {
		if pos.Line == line && strings.HasSuffix(p, "."+key) && (path == "" || strings.HasPrefix(p, path+".") || strings.HasPrefix(p, path+"[")) {
			if h := parent(p); len(h) > len(best) {
				best = h
			}
		}
	}
	return best, best != ""
}
