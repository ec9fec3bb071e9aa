// Package readme lets tests check the README and the guide in docs/
// against what the code does, so that they stay true: the output a block
// shows is what the command prints, and every fenced block can be read
// with its language and the note before it.
//
// A block whose output a test checks is marked:
//
//	<!-- NAME output -->
//	```
//	...
//	```
//	<!-- end -->
package readme

import (
	"fmt"
	"os"
	"strings"
)

// Block returns the fenced block that follows the marker
// "<!-- name output -->" in the Markdown file at path, without its fences.
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

// A Fence is a fenced code block of a Markdown file.
type Fence struct {
	// Lang is the block's language, the word after the opening fence
	// (sh, go, yaml), or "" for output.
	Lang string
	// Text is the block without its fences; it ends with a newline
	// unless it is empty.
	Text string
	// Line is the line of the opening fence, from 1.
	Line int
	// Note is the HTML comment on the line before the opening fence,
	// without "<!--" and "-->" ("NAME output", "file NAME"), or "".
	Note string
}

// Fences returns the fenced code blocks of the Markdown file at path, in
// order. Fences open and close with ``` at the start of a line; an
// unclosed block is an error.
func Fences(path string) ([]Fence, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var (
		fences []Fence
		open   *Fence
		text   strings.Builder
		prev   string
	)
	for i, line := range strings.Split(string(data), "\n") {
		if open != nil {
			if strings.TrimRight(line, " ") == "```" {
				open.Text = text.String()
				fences = append(fences, *open)
				open, prev = nil, line
				continue
			}
			text.WriteString(line)
			text.WriteByte('\n')
			continue
		}
		if lang, ok := strings.CutPrefix(line, "```"); ok {
			f := Fence{Lang: strings.TrimSpace(lang), Line: i + 1}
			if note, ok := strings.CutPrefix(strings.TrimSpace(prev), "<!--"); ok {
				if note, ok := strings.CutSuffix(note, "-->"); ok {
					f.Note = strings.TrimSpace(note)
				}
			}
			open = &f
			text.Reset()
		}
		prev = line
	}
	if open != nil {
		return nil, fmt.Errorf("%s:%d: the block opened here is not closed", path, open.Line)
	}
	return fences, nil
}
