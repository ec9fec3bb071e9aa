// Package names checks the names users give to parts of a model.
package names

import (
	"fmt"
	"slices"
	"strings"
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
// distance), or the names differ only in case.
func DidYouMean(name string, candidates []string) string {
	best, bestD := "", -1
	// Sorted, so that of equally close names the same one is suggested
	// whatever order the candidates come in.
	candidates = slices.Clone(candidates)
	slices.Sort(candidates)
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := distance(strings.ToLower(name), strings.ToLower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD < 0 {
		return ""
	}
	limit := max(utf8.RuneCountInString(name), utf8.RuneCountInString(best)) / 3
	if bestD > limit {
		return ""
	}
	return fmt.Sprintf(" (did you mean %q?)", best)
}

// distance is the Levenshtein distance between a and b, counted in runes.
func distance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}
