package names

import (
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
