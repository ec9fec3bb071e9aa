// Package names checks the names users give to parts of a model.
package names

import (
	"fmt"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// Hidden returns the first character of name that a reader would not see
// for what it is: a control character (NUL, escape, a line break) or a
// bidirectional override or mark, which reorders the text around it.
func Hidden(name string) (rune, bool) {
	for _, r := range name {
		if unicode.IsControl(r) || r >= 0x202A && r <= 0x202E || r >= 0x2066 && r <= 0x2069 ||
			r == 0x200E || r == 0x200F || r == 0x061C {
			return r, true
		}
	}
	return 0, false
}

// DidYouMean returns ` (did you mean "x"?)` naming the candidate closest to
// name, when one is close enough to be a likely misspelling, and "" when
// none is: at most a third of the longer name's letters differ (edit
// distance), or the names differ only in case. Of equally close names the
// first in sorted order is suggested. To suggest for many names from one
// set, use a Suggester.
func DidYouMean(name string, candidates []string) string {
	return NewSuggester(func() []string { return candidates }).DidYouMean(name)
}

// SuggestionBudget is how many unknown names one Suggester suggests for.
// Each suggestion compares the name with every known one: past the
// budget, a file of thousands of misspelt names would take the square of
// its size to check, and no reader goes through more suggestions.
const SuggestionBudget = 100

// Suggester suggests, for names that are not known, the closest of a set
// of known names, as DidYouMean does. It lists and prepares the set once,
// on its first suggestion, and suggests for at most SuggestionBudget
// names; after those, DidYouMean returns "". It is safe for concurrent use.
type Suggester struct {
	mu     sync.Mutex
	known  func() []string
	sorted [][]rune // the known names, lower case, in sorted order of the originals
	names  []string // the known names, sorted
	used   int
}

// NewSuggester returns a Suggester of the names known returns; known is
// called at most once, when the first suggestion is asked for.
func NewSuggester(known func() []string) *Suggester {
	return &Suggester{known: known}
}

// DidYouMean is DidYouMean(name, the known names), within the budget.
func (s *Suggester) DidYouMean(name string) string {
	if s == nil {
		return ""
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.used >= SuggestionBudget {
		return ""
	}
	s.used++
	if s.known != nil {
		s.names = slices.Clone(s.known())
		s.known = nil
		slices.Sort(s.names)
		s.sorted = make([][]rune, len(s.names))
		for i, c := range s.names {
			s.sorted[i] = []rune(strings.ToLower(c))
		}
	}
	target := []rune(strings.ToLower(name))
	n := utf8.RuneCountInString(name)
	best, bestD := -1, 0
	var rows [2][]int
	for i, c := range s.sorted {
		if s.names[i] == name {
			continue
		}
		// Only a name within its limit can be suggested, and only one
		// closer than the best so far replaces it (or one as close that
		// shares a longer beginning with the name: "rat" is "rate" more
		// likely than "at"): compare within that.
		limit := max(n, utf8.RuneCountInString(s.names[i])) / 3
		if best >= 0 {
			limit = min(limit, bestD)
		}
		if limit < 0 || abs(len(target)-len(c)) > limit {
			continue
		}
		if d, ok := distanceWithin(target, c, limit, &rows); ok && (best < 0 || d < bestD || commonPrefix(target, c) > commonPrefix(target, s.sorted[best])) {
			best, bestD = i, d
		}
	}
	if best < 0 {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", s.names[best])
}

func commonPrefix(a, b []rune) int {
	n := 0
	for n < len(a) && n < len(b) && a[n] == b[n] {
		n++
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// distanceWithin is the Levenshtein distance between a and b when it is
// at most limit; ok is false, early, when it is more. rows is scratch.
func distanceWithin(a, b []rune, limit int, rows *[2][]int) (int, bool) {
	for i := range rows {
		if cap(rows[i]) < len(b)+1 {
			rows[i] = make([]int, len(b)+1)
		}
		rows[i] = rows[i][:len(b)+1]
	}
	prev, cur := rows[0], rows[1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		rowMin := i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			rowMin = min(rowMin, cur[j])
		}
		if rowMin > limit {
			return 0, false
		}
		prev, cur = cur, prev
	}
	return prev[len(b)], prev[len(b)] <= limit
}
