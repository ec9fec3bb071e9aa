package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
)

// TestProgressLines checks that -progress writes a plain line at every
// tenth when standard error is not a terminal, and that nothing is written
// without it.
func TestProgressLines(t *testing.T) {
	defer func(old bool) { showProgress = old }(showProgress)
	for _, on := range []bool{false, true} {
		showProgress = on
		var buf bytes.Buffer
		p := newProgress(&buf, "runs")
		for done := 0; done <= 1000; done += 50 {
			p.update(done, 1000)
		}
		p.done()
		if !on {
			assert.Empty(t, buf.String(), "no -progress, no terminal: nothing")
			continue
		}
		lines := strings.Split(strings.TrimSpace(buf.String()), "\n")
		assert.Len(t, lines, 11, "0%% to 100%% by tenths")
		assert.True(t, strings.HasPrefix(lines[10], "parley: 100% (1000 of 1000 runs)"), lines[10])
	}
}
