package scenariofile

import (
	"fmt"
	"io"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/goccy/go-yaml"

	"github.com/parleysim/parley/internal/names"
	"github.com/parleysim/parley/param"
	"github.com/parleysim/parley/problem"
	"github.com/parleysim/parley/scenario"
)

// A priors file declares parameters anew, as a scenario file's
// parameters: list does, to replace a scenario's declarations of the
// same names (or of the names given, ApplyPriors): their default, range,
// prior and description. parley calibrate -write-priors writes one from
// what a calibration learnt (explore.Posterior.Priors):
//
//	parameters:
//	  - {name: hold_share, default: 0.8, range: [0, 1], prior: {dist: beta, alpha: 7.5, beta: 2}, description: "learned: ..."}

// PriorsFile is a priors file as written.
type PriorsFile struct {
	Parameters []Parameter `yaml:"parameters" json:"parameters"`
}

// LoadPriors reads a priors file within the default limits.
func LoadPriors(path string) ([]param.Parameter, error) { return DefaultLimits.LoadPriors(path) }

// LoadPriors reads a priors file: each parameter is checked as a scenario
// file's is (a range with min < max, a default within it, a prior whose
// support lies within it), every problem placed at its line.
func (l Limits) LoadPriors(path string) ([]param.Parameter, error) {
	var pf PriorsFile
	bd, err := l.decodeList(path, "parameters: [...]", &pf)
	if err != nil {
		return nil, err
	}
	if len(pf.Parameters) == 0 {
		bd.add("parameters", "no parameters listed")
	}
	for i := range pf.Parameters {
		if at := fmt.Sprintf("parameters[%d]", i); !bd.written(at + ".default") {
			bd.add(at, "give the value the parameter takes (default:), and its range or prior")
		}
	}
	if len(bd.problems) > 0 {
		return nil, &problem.Error{Kind: ErrFile, Problems: bd.problems}
	}
	// Checked as the parameters of a scenario of one state, so that a
	// priors file accepts exactly what a scenario file does.
	f := &File{Name: "priors", Start: "s", Horizon: 1, States: []State{{Name: "s"}}, Parameters: pf.Parameters}
	sc, _, err := f.build(path, bd.ast)
	if err != nil {
		return nil, err
	}
	return sc.Parameters(), nil
}

// WritePriors writes parameters as a priors file, after comment (each of
// its lines written as a YAML comment).
func WritePriors(w io.Writer, comment string, ps []param.Parameter) error {
	var pf PriorsFile
	for _, p := range ps {
		fp := Parameter{Name: p.Name, Description: p.Description, Default: p.Default}
		if p.Ranged() {
			fp.Range = []float64{p.Min, p.Max}
		}
		if p.Prior != nil {
			name, params, ok := describeDist(p.Prior)
			if !ok {
				return fmt.Errorf("scenariofile: parameter %q: prior %T has no name in files", p.Name, p.Prior)
			}
			fp.Prior = &Value{Dist: name, Params: params}
		}
		pf.Parameters = append(pf.Parameters, fp)
	}
	data, err := yaml.MarshalWithOptions(pf, yaml.Indent(2), yaml.IndentSequence(true))
	if err != nil {
		return err
	}
	var b strings.Builder
	for line := range strings.SplitSeq(strings.TrimRight(comment, "\n"), "\n") {
		if comment != "" {
			b.WriteString(strings.TrimRight("# "+line, " ") + "\n")
		}
	}
	b.Write(data)
	_, err = io.WriteString(w, b.String())
	return err
}

// ApplyPriors returns the scenario with the parameters of priors declared
// anew (their default, range, prior and description), each in place of
// the scenario's parameter of the same name, or of the parameter as maps
// to it (scenario parameter → prior's name: a prior learnt for one name,
// taken by a parameter of another; a prior as gives is taken by the
// parameters it names alone). A prior that no parameter takes, or a
// name as gives that is not a parameter or not a prior, is an error; so is
// a scenario the new declarations make invalid (a value bound outside the
// new range, say). Values bound with With are not kept: apply priors
// first.
func ApplyPriors(sc *scenario.Scenario, priors []param.Parameter, as map[string]string) (*scenario.Scenario, error) {
	d := sc.Definition()
	declared := make([]string, len(d.Parameters))
	for i, p := range d.Parameters {
		declared[i] = p.Name
	}
	byName := map[string]int{}
	var given []string
	for i, p := range priors {
		byName[p.Name] = i
		given = append(given, p.Name)
	}
	taken := map[string]bool{}
	var problems []string
	keys := make([]string, 0, len(as))
	for k := range as {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if !slices.Contains(declared, k) {
			problems = append(problems, fmt.Sprintf("%q is not a parameter of %s%s", k, d.Name, names.DidYouMean(k, declared)))
		}
		if _, ok := byName[as[k]]; !ok {
			problems = append(problems, fmt.Sprintf("no prior %q is given%s", as[k], names.DidYouMean(as[k], given)))
		}
	}
	mapped := slices.Collect(maps.Values(as))
	for i, p := range d.Parameters {
		from := p.Name
		if a, ok := as[p.Name]; ok {
			from = a
		} else if slices.Contains(mapped, p.Name) {
			continue // a prior as gives to others is theirs alone
		}
		j, ok := byName[from]
		if !ok {
			continue
		}
		q := priors[j]
		q.Name = p.Name
		d.Parameters[i] = q
		taken[from] = true
	}
	for _, p := range priors {
		if !taken[p.Name] {
			problems = append(problems, fmt.Sprintf("the prior of %q is taken by no parameter of %s%s (name the one that takes it, as NAME=%s)", p.Name, d.Name, names.DidYouMean(p.Name, declared), p.Name))
		}
	}
	if len(problems) > 0 {
		return nil, fmt.Errorf("scenariofile: applying priors: %s", strings.Join(problems, "; "))
	}
	return d.Build()
}
