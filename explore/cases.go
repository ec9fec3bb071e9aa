package explore

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// ReadCases reads a design of named cases from CSV: a header "case" then
// names of the space's inputs, and a row per case with its name and
// values; inputs not given are left out of the design (a scenario keeps
// the values it has bound). A UTF-8 byte-order mark, as spreadsheets
// write it, is skipped. A header without cases, a column not in the space
// or given twice, a case named twice, a value that is not a number or lies
// outside its range are refused, naming the line and column.
func ReadCases(r io.Reader, s Space) (*Design, error) {
	br := bufio.NewReader(r)
	if bom, err := br.Peek(3); err == nil && bytes.Equal(bom, []byte{0xEF, 0xBB, 0xBF}) {
		br.Discard(3)
	}
	cr := csv.NewReader(br)
	cr.ReuseRecord = true
	head, err := cr.Read()
	if errors.Is(err, io.EOF) {
		return nil, errors.New("explore: no header: want case, then parameter names")
	}
	if err != nil {
		return nil, fmt.Errorf("explore: line 1: %w", err)
	}
	head = append([]string(nil), head...)
	if len(head) < 2 || strings.TrimSpace(head[0]) != "case" {
		return nil, fmt.Errorf("explore: line 1: the header must be case, then parameter names; it starts %q", strings.Join(head[:min(2, len(head))], ","))
	}
	index := map[string]int{}
	for i, n := range s.Names {
		index[n] = i
	}
	cols := make([]int, len(head)-1)
	given := map[string]bool{}
	var sub Space
	for c, name := range head[1:] {
		name = strings.TrimSpace(name)
		i, ok := index[name]
		switch {
		case !ok:
			return nil, fmt.Errorf("explore: line 1: column %q is not a parameter that can vary", name)
		case given[name]:
			return nil, fmt.Errorf("explore: line 1: column %q is given twice", name)
		}
		given[name] = true
		cols[c] = i
		sub.Names, sub.Lo, sub.Hi = append(sub.Names, name), append(sub.Lo, s.Lo[i]), append(sub.Hi, s.Hi[i])
		if s.Priors != nil {
			sub.Priors = append(sub.Priors, s.Priors[i])
		}
	}
	var names []string
	var values [][]float64
	seen := map[string]int{}
	for line := 2; ; line++ {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("explore: line %d: %w", line, err)
		}
		if len(values) >= MaxPoints || DesignBytes(len(values)+1, len(cols)) > MaxDesignBytes {
			return nil, fmt.Errorf("%w: line %d: more cases than a design may hold", ErrSize, line)
		}
		name := rec[0]
		if first, ok := seen[name]; ok {
			return nil, fmt.Errorf("explore: line %d: case %q is also on line %d", line, name, first)
		}
		seen[name] = line
		row := make([]float64, len(cols))
		for c := range cols {
			text := strings.TrimSpace(rec[c+1])
			if row[c], err = strconv.ParseFloat(text, 64); err != nil {
				return nil, fmt.Errorf("explore: line %d, column %q: %q is not a number", line, head[c+1], text)
			}
		}
		names, values = append(names, name), append(values, row)
	}
	if len(values) == 0 {
		return nil, errors.New("explore: no cases: the file has a header and no rows")
	}
	return Cases(sub, names, values)
}
