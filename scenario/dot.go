package scenario

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// WriteDOT writes the state machine in Graphviz DOT: states as nodes (the
// start in bold, absorbing states as double circles), transitions as edges
// labelled with name, delay and guard (one edge per branch target, labelled
// with its probability, and the participants of its meeting), declines that
// move the run and events that move the run as dashed edges. stateNote
// and transitionNote add a note to each state's and each transition's
// label, such as observed probabilities; a nil function or an empty note
// adds nothing.
func (sc *Scenario) WriteDOT(w io.Writer, stateNote func(State) string, transitionNote func(int) string) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "digraph %s {\n", strconv.Quote(sc.name))
	bw.WriteString("\trankdir=LR;\n\tnode [shape=circle];\n")
	for s, st := range sc.states {
		label := st.name
		if stateNote != nil {
			if n := stateNote(State(s)); n != "" {
				label += "\n" + n
			}
		}
		attrs := []string{"label=" + strconv.Quote(label)}
		if st.absorbing {
			attrs = append(attrs, "shape=doublecircle")
		}
		if State(s) == sc.start {
			attrs = append(attrs, "style=bold")
		}
		if st.description != "" {
			attrs = append(attrs, "tooltip="+strconv.Quote(st.description))
		}
		fmt.Fprintf(bw, "\t%d [%s];\n", s, strings.Join(attrs, ", "))
	}
	for i := range sc.trans {
		t := &sc.trans[i]
		label := t.name + "\n" + t.delay.String()
		if d := t.delay.summary(); d.Lo != d.Hi && !math.IsNaN(d.Mean) { // NaN: read from the world
			label += fmt.Sprintf("\nmean %.3g d, 90%% %.3g–%.3g", d.Mean, d.Lo, d.Hi)
		}
		if t.guard != nil {
			label += "\nif " + t.guardText
		}
		if transitionNote != nil {
			if n := transitionNote(i); n != "" {
				label += "\n" + n
			}
		}
		if m := t.meeting; m != nil {
			ids := make([]string, len(m.parties))
			for k, a := range m.parties {
				ids[k] = sc.model.Actor(a).ID
			}
			label += "\nwith " + strings.Join(ids, ", ")
		}
		for k, target := range t.targets {
			l := label
			switch {
			case t.weights != nil:
				l += "\nweighted"
			case len(t.targets) > 1:
				p := t.cumulative[k]
				if k > 0 {
					p -= t.cumulative[k-1]
				}
				l += "\np=" + strconv.FormatFloat(p, 'g', 4, 64)
			}
			fmt.Fprintf(bw, "\t%d -> %d [label=%s];\n", t.from, target, strconv.Quote(l))
		}
	}
	for i := range sc.trans {
		if t := &sc.trans[i]; t.declineTo >= 0 {
			fmt.Fprintf(bw, "\t%d -> %d [style=dashed, label=%s];\n", t.from, t.declineTo, strconv.Quote(t.name+" declined"))
		}
	}
	for i := range sc.events {
		e := &sc.events[i]
		if e.goTo < 0 {
			continue
		}
		for s, on := range e.active {
			if on {
				fmt.Fprintf(bw, "\t%d -> %d [style=dashed, label=%s];\n", s, e.goTo, strconv.Quote("event "+e.name))
			}
		}
	}
	bw.WriteString("}\n")
	return bw.Flush()
}
