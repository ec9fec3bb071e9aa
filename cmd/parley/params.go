package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"github.com/parleysim/parley/problem"
	"io"
	"math"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/parleysim/parley/scenario"
	"github.com/parleysim/parley/scenariofile"
)

// setFlag collects repeated -set name=value flags.
type setFlag struct {
	values map[string]float64
	order  []string
	// priors is the -priors file, and as the -prior-of pairs: the
	// parameters declared anew before the values are bound.
	priors string
	as     priorOf
}

// priorOf is the repeatable -prior-of NAME=LEARNED.
type priorOf map[string]string

func (p *priorOf) String() string { return "" }

func (p *priorOf) Set(arg string) error {
	name, learned, ok := strings.Cut(arg, "=")
	name, learned = strings.TrimSpace(name), strings.TrimSpace(learned)
	if !ok || name == "" || learned == "" {
		return fmt.Errorf("%q: want NAME=LEARNED, the parameter and the prior it takes", arg)
	}
	if *p == nil {
		*p = priorOf{}
	}
	if _, dup := (*p)[name]; dup {
		return fmt.Errorf("%q: %s is given a prior twice", arg, name)
	}
	(*p)[name] = learned
	return nil
}

func (s *setFlag) String() string { return strings.Join(s.order, " ") }

func (s *setFlag) Set(arg string) error {
	name, text, ok := strings.Cut(arg, "=")
	name = strings.TrimSpace(name)
	if !ok || name == "" {
		return fmt.Errorf("%q: want name=value", arg)
	}
	x, err := strconv.ParseFloat(strings.TrimSpace(text), 64)
	if err != nil || math.IsNaN(x) || math.IsInf(x, 0) {
		return fmt.Errorf("%q: the value of %s must be a finite number", arg, name)
	}
	if s.values == nil {
		s.values = map[string]float64{}
	}
	if _, dup := s.values[name]; dup {
		return fmt.Errorf("%q: %s is set twice", arg, name)
	}
	s.values[name] = x
	s.order = append(s.order, arg)
	return nil
}

// define adds the flag to fs under the given name; -set comes with
// -priors-file and -prior-of, which declare parameters anew before the
// values are bound (compare's -a and -b bind values only).
func (s *setFlag) define(fs *flag.FlagSet, name, usage string) {
	fs.Var(s, name, usage)
	if name != "set" {
		return
	}
	fs.StringVar(&s.priors, "priors-file", "", "declare parameters anew from a priors file (parley calibrate -write-priors): default, range, prior and description, by name")
	fs.Var(&s.as, "prior-of", "with -priors-file: NAME=LEARNED gives parameter NAME the prior learned for LEARNED (repeatable)")
}

// bind applies the -set values to a scenario read from path. A value the
// scenario refuses is a usage error naming the parameter and what it broke.
func (s *setFlag) bind(sc *scenario.Scenario, path string, more ...map[string]float64) (*scenario.Scenario, error) {
	if s.priors == "" && len(s.as) > 0 {
		return nil, fmt.Errorf("-prior-of goes with -priors-file, the file of priors: %w", errUsage)
	}
	if s.priors != "" {
		ps, err := scenariofile.LoadPriors(s.priors)
		if err != nil {
			return nil, err
		}
		if sc, err = scenariofile.ApplyPriors(sc, ps, s.as); err != nil {
			return nil, fmt.Errorf("%s with -priors-file %s: %w: %w", path, s.priors, err, errUsage)
		}
	}
	all := map[string]float64{}
	for k, x := range s.values {
		all[k] = x
	}
	for _, m := range more {
		for k, x := range m {
			all[k] = x
		}
	}
	if len(all) == 0 {
		return sc, nil
	}
	out, err := sc.With(all)
	var pe *problem.Error
	if errors.As(err, &pe) {
		// Placed at the number the values break and at each parameter's
		// declaration; a value refused outright is the flag's fault.
		if placed := scenariofile.Place(path, err); placed != err {
			return nil, fmt.Errorf("%w: %w", placed, errUsage)
		}
		said := make([]string, len(pe.Problems))
		for i, p := range pe.Problems {
			said[i] = p.String()
		}
		return nil, fmt.Errorf("%s: -set: %s: %w", path, strings.Join(said, "; "), errUsage)
	}
	return out, err
}

// loadSet loads a scenario file and binds the -set values.
func loadSet(ctx context.Context, path string, set *setFlag, more ...map[string]float64) (*scenario.Scenario, error) {
	sc, err := load(ctx, path)
	if err != nil {
		return nil, err
	}
	return set.bind(sc, path, more...)
}

// paramRow is one parameter as params lists it.
type paramRow struct {
	Name        string      `json:"name"`
	Value       float64     `json:"value"`
	Default     float64     `json:"default"`
	Range       *[2]float64 `json:"range,omitempty"`
	Prior       string      `json:"prior,omitempty"`
	Description string      `json:"description,omitempty"`
}

func cmdParams(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var set setFlag
	var format, out string
	files, err := flags("params", args, stdout, stderr, func(fs *flag.FlagSet) {
		set.define(fs, "set", "bind a parameter, name=value (repeatable)")
		fs.StringVar(&format, "format", "table", "table or json")
		fs.StringVar(&out, "o", "", "write to this file instead of standard output")
	}, 1)
	if err != nil {
		return err
	}
	if format != "table" && format != "json" {
		return fmt.Errorf("-format %q: want table or json: %w", format, errUsage)
	}
	disk := &ioFiles{}
	disk.in(files...)
	disk.in(set.priors)
	disk.out("-o", out)
	if err := disk.check(); err != nil {
		return err
	}
	sc, err := loadSet(ctx, files[0], &set)
	if err != nil {
		return err
	}
	rows := []paramRow{}
	values := sc.Values()
	for _, p := range sc.Parameters() {
		r := paramRow{Name: p.Name, Value: values[p.Name], Default: p.Default, Description: p.Description}
		if p.Ranged() {
			r.Range = &[2]float64{p.Min, p.Max}
		}
		if p.Prior != nil {
			r.Prior = scenariofile.DescribeDistribution(p.Prior)
		}
		rows = append(rows, r)
	}
	return disk.write(out, stdout, func(w io.Writer) error {
		if format == "json" {
			enc := json.NewEncoder(w)
			enc.SetIndent("", "  ")
			return enc.Encode(struct {
				Scenario   string     `json:"scenario"`
				Parameters []paramRow `json:"parameters"`
			}{sc.Name(), rows})
		}
		if len(rows) == 0 {
			_, err := fmt.Fprintf(w, "%s declares no parameters\n", sc.Name())
			return err
		}
		tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
		fmt.Fprintln(tw, "Parameter\tValue\tRange\tPrior\tDescription")
		for _, r := range rows {
			rng := "—"
			if r.Range != nil {
				rng = fmt.Sprintf("[%s, %s]", g(r.Range[0]), g(r.Range[1]))
			}
			prior := r.Prior
			if prior == "" {
				prior = "—"
			}
			value := g(r.Value)
			if r.Value != r.Default {
				value += " (default " + g(r.Default) + ")"
			}
			fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.Name, value, rng, prior, r.Description)
		}
		return tw.Flush()
	})
}

func g(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
