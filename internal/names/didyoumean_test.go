package names

import (
	"strconv"
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestDidYouMean(t *testing.T) {
	for _, tc := range []struct {
		name, reason string
		candidates   []string
		want         string
	}{
		{"trst", "one letter dropped", []string{"trust", "prepared"}, ` (did you mean "trust"?)`},
		{"Bilateral", "case only", []string{"bilateral", "trilateral"}, ` (did you mean "bilateral"?)`},
		{"q", "one-letter names are too short to guess", []string{"a", "b"}, ""},
		{"colour", "nothing close", []string{"from", "to", "rate"}, ""},
		{"stal", "ties go to the first in sorted order", []string{"stay", "stab"}, ` (did you mean "stab"?)`},
		{"rate", "the name itself is no suggestion", []string{"rate"}, ""},
	} {
		assert.Equal(t, tc.want, DidYouMean(tc.name, tc.candidates), "%s: %s", tc.name, tc.reason)
	}
}

// A file of thousands of misspelt names took the square of its size to
// check: every suggestion compared with every known name. A Suggester
// prepares the known names once and suggests for SuggestionBudget names.
func TestSuggesterBudget(t *testing.T) {
	known := make([]string, 5000)
	for i := range known {
		known[i] = "state" + strconv.Itoa(i)
	}
	listed := 0
	s := NewSuggester(func() []string { listed++; return known })
	for i := range SuggestionBudget {
		assert.Equal(t, ` (did you mean "state`+strconv.Itoa(i)+`"?)`, s.DidYouMean("statf"+strconv.Itoa(i)), "within the budget")
	}
	assert.Equal(t, "", s.DidYouMean("statf1"), "past the budget: no suggestion")
	assert.Equal(t, 1, listed, "the known names are listed once")
	assert.Equal(t, "", NewSuggester(func() []string { return nil }).DidYouMean("x"), "nothing known")
}

func BenchmarkSuggest20000(b *testing.B) {
	known := make([]string, 20000)
	for i := range known {
		known[i] = "s" + strconv.Itoa(i)
	}
	for b.Loop() {
		s := NewSuggester(func() []string { return known })
		for i := range 20000 {
			s.DidYouMean("x" + strconv.Itoa(i))
		}
	}
}
