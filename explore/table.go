package explore

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// Table is a set of experiments: the inputs' values of each (X), its
// outputs (Y) and their standard errors (SE), one row per point of the
// design, in its order; Done marks the rows that ran (all, unless the run
// was stopped, then Partial is set, or the table is a shard's). A row not
// done has no values.
type Table struct {
	// Envelope says which shard of how many the table is (0 of 1 when the
	// design ran whole), whether it was stopped (Partial), and the
	// identity of the exploration: a hash of the scenario's fingerprint,
	// the design's points and how they ran.
	outcomes.Envelope
	Kind    Kind     // the design's kind
	Inputs  []string // the inputs, in the order of X's columns
	Outputs []string // the outputs' keys, in the order of Y's and SE's columns
	Names   []string // the cases' names, for a design of cases
	X       [][]float64
	Y, SE   [][]float64
	Done    []bool
	// How the experiments ran.
	Runs       int
	Seed       uint64
	Exact      bool
	ReportDays int
	MaxSteps   int
}

// The format and version of tables' envelopes.
const (
	tableFormat  = "parley-table"
	tableVersion = 1
)

func newTable(sc *scenario.Scenario, d *Design, c Config) *Table {
	n := d.Len()
	t := &Table{Kind: d.Kind, Inputs: append([]string(nil), d.Space.Names...), Outputs: append([]string(nil), c.Outputs...),
		Names: append([]string(nil), d.Names...), X: d.X, Y: make([][]float64, n), SE: make([][]float64, n),
		Done: make([]bool, n), Runs: c.Runs, Seed: c.Seed, Exact: c.Exact, ReportDays: c.ReportDays, MaxSteps: c.MaxSteps}
	t.Envelope = outcomes.Envelope{Format: tableFormat, Version: tableVersion, Index: c.Shard, Count: max(1, c.Shards),
		Identity: TableIdentity(sc, d, &c)}
	return t
}

// TableIdentity is the identity of the exploration Run makes of sc over
// d with cfg: a hash of the scenario's fingerprint (outcomes.Fingerprint),
// the design's points and how they run. Every shard's table carries it;
// compare it with a merged table's to know the tables are of this
// scenario.
func TableIdentity(sc *scenario.Scenario, d *Design, cfg *Config) string {
	c := settle(sc, cfg)
	cfg = &c
	return outcomes.Identity(outcomes.Fingerprint(sc), d.Kind, d.Space.Names, cfg.Outputs, d.Names, d.X, cfg.Runs, cfg.Seed, cfg.Exact, cfg.ReportDays, cfg.MaxSteps)
}

// shardRows is the experiments [from, to) of shard index of count, of n.
func shardRows(n, index, count int) (from, to int) {
	return index * n / count, (index + 1) * n / count
}

// Column returns the values of an output, and of their squared standard
// errors (the outputs' noise variances), over the experiments, in order.
func (t *Table) Column(key string) (y, noise []float64, err error) {
	o := -1
	for i, k := range t.Outputs {
		if k == key {
			o = i
		}
	}
	if o < 0 {
		return nil, nil, fmt.Errorf("explore: no output %q in the table (%s)", key, strings.Join(t.Outputs, ", "))
	}
	for e := range t.X {
		if !t.Done[e] {
			return nil, nil, fmt.Errorf("explore: experiment %d did not run", e)
		}
		y = append(y, t.Y[e][o])
		noise = append(noise, t.SE[e][o]*t.SE[e][o])
	}
	return y, noise, nil
}

// WriteCSV writes the table: comment lines with how it ran, a header
// (experiment, case, the inputs, then each output and its "se:" column),
// and one row per experiment that ran.
func (t *Table) WriteCSV(w io.Writer) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "# parley explore: design %s, runs %d, seed %d, exact %v, partial %v\n", t.Kind, t.Runs, t.Seed, t.Exact, t.Partial)
	if t.Format != "" {
		fmt.Fprintf(bw, "# %s %d: shard %d of %d, identity %s\n", t.Format, t.Version, t.Index, t.Count, t.Identity)
	}
	cw := csv.NewWriter(bw)
	head := append([]string{"experiment", "case"}, t.Inputs...)
	for _, o := range t.Outputs {
		head = append(head, o, "se:"+o)
	}
	cw.Write(head)
	f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	for e, x := range t.X {
		if !t.Done[e] {
			continue
		}
		row := []string{strconv.Itoa(e), t.caseName(e)}
		for _, v := range x {
			row = append(row, f(v))
		}
		for o := range t.Outputs {
			row = append(row, f(t.Y[e][o]), f(t.SE[e][o]))
		}
		cw.Write(row)
	}
	cw.Flush()
	if err := cw.Error(); err != nil {
		return err
	}
	return bw.Flush()
}

func (t *Table) caseName(e int) string {
	if e < len(t.Names) {
		return t.Names[e]
	}
	return ""
}

// jsonHead is the first line of a table in JSON Lines.
type jsonHead struct {
	outcomes.Envelope
	Design  Kind     `json:"design"`
	Inputs  []string `json:"inputs"`
	Outputs []string `json:"outputs"`
	Runs    int      `json:"runs"`
	Seed    uint64   `json:"seed"`
	Exact   bool     `json:"exact,omitempty"`
	Rows    int      `json:"rows"`
}

// jsonRow is one experiment in JSON Lines.
type jsonRow struct {
	Experiment int                 `json:"experiment"`
	Case       string              `json:"case,omitempty"`
	Inputs     map[string]float64  `json:"inputs"`
	Outputs    map[string]*float64 `json:"outputs"`
	SE         map[string]*float64 `json:"se"`
}

// WriteJSONL writes the table as JSON Lines: a first line saying how it
// ran, then one object per experiment that ran (a NaN output is null).
func (t *Table) WriteJSONL(w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	if err := enc.Encode(jsonHead{t.Envelope, t.Kind, t.Inputs, t.Outputs, t.Runs, t.Seed, t.Exact, len(t.X)}); err != nil {
		return err
	}
	num := func(x float64) *float64 {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return &x
	}
	for e, x := range t.X {
		if !t.Done[e] {
			continue
		}
		r := jsonRow{Experiment: e, Case: t.caseName(e), Inputs: map[string]float64{}, Outputs: map[string]*float64{}, SE: map[string]*float64{}}
		for i, name := range t.Inputs {
			r.Inputs[name] = x[i]
		}
		for o, key := range t.Outputs {
			r.Outputs[key], r.SE[key] = num(t.Y[e][o]), num(t.SE[e][o])
		}
		if err := enc.Encode(r); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// ReadTable reads a table written by WriteCSV or WriteJSONL (told apart by
// their first byte).
func ReadTable(r io.Reader) (*Table, error) {
	br := bufio.NewReader(r)
	first, err := br.Peek(1)
	if err != nil {
		return nil, fmt.Errorf("explore: reading a table: %w", err)
	}
	var t *Table
	if first[0] == '{' {
		t, err = readJSONL(br)
	} else {
		t, err = readCSV(br)
	}
	if err != nil {
		return nil, err
	}
	return t, t.check()
}

// check refuses what no explore run writes: a column name given twice, an
// input that is not a finite number, a negative standard error.
func (t *Table) check() error {
	switch t.Kind {
	case "", KindFactorial, KindLHS, KindSaltelli, KindMorris, KindCases:
	default:
		return fmt.Errorf("explore: a design of kind %q, which parley does not make", t.Kind)
	}
	for _, n := range t.Names {
		if !utf8.ValidString(n) {
			return fmt.Errorf("explore: a case name %q that is not UTF-8 text", n)
		}
	}
	seen := map[string]string{}
	for _, cols := range []struct {
		what  string
		names []string
	}{{"input", t.Inputs}, {"output", t.Outputs}} {
		for _, name := range cols.names {
			if name == "" || !utf8.ValidString(name) {
				return fmt.Errorf("explore: an %s named %q", cols.what, name)
			}
			if was, ok := seen[name]; ok {
				return fmt.Errorf("explore: two columns are named %q (an %s and an %s): which is meant?", name, was, cols.what)
			}
			seen[name] = cols.what
		}
	}
	for e := range t.X {
		if !t.Done[e] {
			continue
		}
		for i, x := range t.X[e] {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				return fmt.Errorf("explore: experiment %d: input %q is %v: inputs are finite numbers", e, t.Inputs[i], x)
			}
		}
		for o, se := range t.SE[e] {
			if se < 0 || math.IsInf(se, 0) || math.IsInf(t.Y[e][o], 0) {
				return fmt.Errorf("explore: experiment %d: %s is %v with a standard error of %v", e, t.Outputs[o], t.Y[e][o], se)
			}
		}
	}
	return nil
}

func readCSV(r *bufio.Reader) (*Table, error) {
	t := &Table{}
	for {
		line, err := r.Peek(1)
		if err != nil || line[0] != '#' {
			break
		}
		text, _ := r.ReadString('\n')
		var design, exact, partial string
		if _, err := fmt.Sscanf(strings.TrimSpace(text), "# parley explore: design %s runs %d, seed %d, exact %s partial %s",
			&design, &t.Runs, &t.Seed, &exact, &partial); err == nil {
			t.Kind = Kind(strings.TrimSuffix(design, ","))
			t.Exact = strings.TrimSuffix(exact, ",") == "true"
			t.Partial = partial == "true"
		}
		var env outcomes.Envelope
		if _, err := fmt.Sscanf(strings.TrimSpace(text), "# %s %d: shard %d of %d, identity %s",
			&env.Format, &env.Version, &env.Index, &env.Count, &env.Identity); err == nil {
			env.Partial = t.Partial
			t.Envelope = env
		}
	}
	cr := csv.NewReader(r)
	head, err := cr.Read()
	if err != nil {
		return nil, fmt.Errorf("explore: reading the header: %w", err)
	}
	if len(head) < 2 || head[0] != "experiment" || head[1] != "case" {
		return nil, fmt.Errorf("explore: not an experiment table: the header starts %q", strings.Join(head[:min(2, len(head))], ","))
	}
	cols := head[2:]
	for i, c := range cols {
		if strings.HasPrefix(c, "se:") {
			break
		}
		if i+1 < len(cols) && cols[i+1] == "se:"+c {
			break
		}
		t.Inputs = append(t.Inputs, c)
	}
	rest := cols[len(t.Inputs):]
	if len(rest)%2 != 0 {
		return nil, fmt.Errorf("explore: outputs without their se columns in the header")
	}
	for i := 0; i < len(rest); i += 2 {
		if rest[i+1] != "se:"+rest[i] {
			return nil, fmt.Errorf("explore: column %q is not followed by %q", rest[i], "se:"+rest[i])
		}
		t.Outputs = append(t.Outputs, rest[i])
	}
	last := -1
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("explore: row %d: %w", line, err)
		}
		e, err := strconv.Atoi(rec[0])
		if err != nil || e <= last {
			return nil, fmt.Errorf("explore: row %d: experiment %q comes twice, out of order, or is not a number", line, rec[0])
		}
		last = e
		nums := make([]float64, len(rec)-2)
		for i, s := range rec[2:] {
			if nums[i], err = strconv.ParseFloat(s, 64); err != nil {
				return nil, fmt.Errorf("explore: row %d, column %q: %q is not a number", line, head[i+2], s)
			}
		}
		k := len(t.Inputs)
		y, se := make([]float64, len(t.Outputs)), make([]float64, len(t.Outputs))
		for o := range t.Outputs {
			y[o], se[o] = nums[k+2*o], nums[k+2*o+1]
		}
		t.X, t.Y, t.SE, t.Done = append(t.X, nums[:k]), append(t.Y, y), append(t.SE, se), append(t.Done, true)
		t.Names = append(t.Names, rec[1])
	}
	return t, nil
}

func readJSONL(r *bufio.Reader) (*Table, error) {
	dec := json.NewDecoder(r)
	var h jsonHead
	if err := dec.Decode(&h); err != nil {
		return nil, fmt.Errorf("explore: reading the first line: %w", err)
	}
	t := &Table{Envelope: h.Envelope, Kind: h.Design, Inputs: h.Inputs, Outputs: h.Outputs, Runs: h.Runs, Seed: h.Seed, Exact: h.Exact}
	if h.Rows < 0 || h.Rows > maxTableRows {
		return nil, fmt.Errorf("explore: the first line says %d rows: want 0 to %d", h.Rows, maxTableRows)
	}
	// Rows go where their experiment numbers say: a table of some of the
	// experiments (a shard, or a stopped run) keeps the others not done,
	// without values.
	t.X, t.Y, t.SE = make([][]float64, h.Rows), make([][]float64, h.Rows), make([][]float64, h.Rows)
	t.Done, t.Names = make([]bool, h.Rows), make([]string, h.Rows)
	val := func(p *float64) float64 {
		if p == nil {
			return math.NaN()
		}
		return *p
	}
	for line := 2; dec.More(); line++ {
		var row jsonRow
		if err := dec.Decode(&row); err != nil {
			return nil, fmt.Errorf("explore: line %d: %w", line, err)
		}
		x := make([]float64, len(t.Inputs))
		for i, name := range t.Inputs {
			v, ok := row.Inputs[name]
			if !ok {
				return nil, fmt.Errorf("explore: line %d lacks input %q", line, name)
			}
			x[i] = v
		}
		y, se := make([]float64, len(t.Outputs)), make([]float64, len(t.Outputs))
		for o, key := range t.Outputs {
			y[o], se[o] = val(row.Outputs[key]), val(row.SE[key])
		}
		e := row.Experiment
		if e < 0 || e >= len(t.X) || t.Done[e] {
			return nil, fmt.Errorf("explore: line %d: experiment %d is not one of the %d rows, or comes twice", line, e, len(t.X))
		}
		t.X[e], t.Y[e], t.SE[e], t.Done[e], t.Names[e] = x, y, se, true, row.Case
	}
	if !slices.ContainsFunc(t.Names, func(n string) bool { return n != "" }) {
		t.Names = nil
	}
	return t, nil
}

// maxTableRows bounds the rows a table file may say it has: the points a
// design may have.
const maxTableRows = MaxPoints

// MergeTables merges tables of one design, each with some of its
// experiments done (the shards of parley explore -shard), into one with
// every experiment done: the table the unsharded run gives. Tables of
// other designs or runs, an experiment done in two tables or in none are
// refused, naming the tables (names[i], or "table i").
func MergeTables(tables []*Table, names []string) (*Table, error) {
	name := func(i int) string {
		if i < len(names) {
			return names[i]
		}
		return fmt.Sprintf("table %d", i)
	}
	if _, err := outcomes.CheckEnvelopes(tables, names, tableFormat, tableVersion, ""); err != nil {
		return nil, err
	}
	a := tables[0]
	out := *a
	out.Envelope = outcomes.Envelope{Format: tableFormat, Version: tableVersion, Index: 0, Count: 1, Identity: a.Identity}
	out.X, out.Y, out.SE, out.Done = make([][]float64, len(a.X)), make([][]float64, len(a.X)), make([][]float64, len(a.X)), make([]bool, len(a.X))
	out.Names = nil
	for i, t := range tables {
		// One identity says one exploration; the shapes are checked too,
		// since a file edited by hand keeps its identity.
		if t.Kind != a.Kind || !slices.Equal(t.Inputs, a.Inputs) || !slices.Equal(t.Outputs, a.Outputs) || t.Runs != a.Runs ||
			t.Seed != a.Seed || t.Exact != a.Exact || len(t.X) != len(a.X) {
			return nil, fmt.Errorf("%w: %s and %s are not parts of one exploration (design, inputs, outputs, runs, seed or size differ)", outcomes.ErrShards, name(0), name(i))
		}
		from, to := shardRows(len(a.X), t.Index, t.Count)
		for e, done := range t.Done {
			if done != (e >= from && e < to) {
				return nil, fmt.Errorf("%w: %s, shard %d of %d, does not hold exactly experiments %d to %d (experiment %d)", outcomes.ErrShards, name(i), t.Index, t.Count, from, to-1, e)
			}
			if !done {
				continue
			}
			out.X[e], out.Y[e], out.SE[e], out.Done[e] = t.X[e], t.Y[e], t.SE[e], true
			if e < len(t.Names) && t.Names[e] != "" {
				if out.Names == nil {
					out.Names = make([]string, len(a.X))
				}
				out.Names[e] = t.Names[e]
			}
		}
	}
	return &out, nil
}
