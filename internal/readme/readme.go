// Package readme lets the examples' tests check that the output shown in the
// README is what the examples print, so the README stays true.
package readme

import (
	"fmt"
	"os"
	"strings"
)

// Block returns the fenced block that follows the marker
// "<!-- name output -->" in the README at path, without its fences.
func Block(path, name string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", err
	}
	marker := "<!-- " + name + " output -->"
	_, rest, ok := strings.Cut(string(data), marker)
	if !ok {
		return "", fmt.Errorf("%s: no %q marker", path, marker)
	}
	block, _, ok := strings.Cut(rest, "<!-- end -->")
	if !ok {
		return "", fmt.Errorf("%s: block %q has no end marker", path, name)
	}
	block = strings.TrimSpace(block)
	block, ok = strings.CutPrefix(block, "```")
	if !ok {
		return "", fmt.Errorf("%s: block %q is not fenced", path, name)
	}
	block = strings.TrimSuffix(block, "```")
	return strings.TrimPrefix(block, "\n"), nil
}
