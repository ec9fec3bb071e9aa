package scenariofile

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"github.com/goccy/go-yaml/ast"
)

// Limits bound what a scenario file may cost to read, so that a hostile or
// mistaken file is refused with a message instead of exhausting memory or
// time. The zero value of a field means its default, given in its comment.
type Limits struct {
	// FileSize is the most bytes a file may have; 0 means 64 MiB (a
	// scenario of 100,000 states is about 6 MB). A larger file is refused
	// before it is read whole.
	FileSize int64
	// Depth is the deepest nesting of lists and mappings; 0 means 64.
	// It is checked on the text before the YAML is parsed: the parser's
	// memory grows with the square of the depth.
	Depth int
	// Nodes is the most YAML nodes that aliases may add to a file once
	// expanded; 0 means 1,000,000. (Ten levels of ten aliases add 10^10.)
	// Nodes written out are bounded by FileSize.
	Nodes int64
}

// DefaultLimits are the limits of Load and Parse.
var DefaultLimits = Limits{FileSize: 64 << 20, Depth: 64, Nodes: 1_000_000}

func (l Limits) settle() Limits {
	if l.FileSize <= 0 {
		l.FileSize = DefaultLimits.FileSize
	}
	if l.Depth <= 0 {
		l.Depth = DefaultLimits.Depth
	}
	if l.Nodes <= 0 {
		l.Nodes = DefaultLimits.Nodes
	}
	return l
}

// read reads a file of at most FileSize bytes, without reading more than
// one byte past the limit (a device such as /dev/zero never ends).
func (l Limits) read(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	if fi, err := f.Stat(); err == nil && fi.IsDir() {
		return nil, fmt.Errorf("%s is a directory, not a scenario file", path)
	}
	data, err := io.ReadAll(io.LimitReader(f, l.FileSize+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if int64(len(data)) > l.FileSize {
		return nil, &Error{Problems: []Problem{{File: path, Msg: fmt.Sprintf("the file is larger than %d bytes, the limit (raise Limits.FileSize)", l.FileSize)}}}
	}
	return data, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// text checks the bytes of a file before any parsing: size, encoding,
// emptiness and nesting depth. It returns the text without a UTF-8
// byte-order mark.
func (l Limits) text(name string, data []byte) ([]byte, *Problem) {
	problem := func(line, col int, format string, args ...any) *Problem {
		return &Problem{File: name, Line: line, Column: col, Msg: fmt.Sprintf(format, args...)}
	}
	if int64(len(data)) > l.FileSize {
		return nil, problem(0, 0, "the file is larger than %d bytes, the limit (raise Limits.FileSize)", l.FileSize)
	}
	switch {
	case bytes.HasPrefix(data, []byte{0xFF, 0xFE}), bytes.HasPrefix(data, []byte{0xFE, 0xFF}),
		len(data) >= 2 && (data[0] == 0 || data[1] == 0):
		return nil, problem(0, 0, "the file is UTF-16; save it as UTF-8")
	}
	data = bytes.TrimPrefix(data, utf8BOM)
	if len(bytes.TrimSpace(data)) == 0 {
		return nil, problem(0, 0, "the file is empty")
	}
	if !utf8.Valid(data) {
		line, col := lineCol(data, invalidAt(data))
		return nil, problem(line, col, "the file is not valid UTF-8 text")
	}
	if i := bytes.IndexByte(data, 0); i >= 0 {
		line, col := lineCol(data, i)
		return nil, problem(line, col, "the file holds a NUL byte; it is not a text file")
	}
	if at, ok := tooDeep(data, l.Depth); !ok {
		line, col := lineCol(data, at)
		return nil, problem(line, col, "lists and mappings are nested deeper than %d levels, the limit (raise Limits.Depth)", l.Depth)
	}
	return data, nil
}

func invalidAt(data []byte) int {
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		if r == utf8.RuneError && size <= 1 {
			return i
		}
		i += size
	}
	return len(data)
}

// lineCol turns a byte offset into a 1-based line and column (in runes).
func lineCol(data []byte, at int) (int, int) {
	at = min(at, len(data))
	line := 1 + bytes.Count(data[:at], []byte("\n"))
	start := bytes.LastIndexByte(data[:at], '\n') + 1
	return line, 1 + utf8.RuneCount(data[start:at])
}

// tooDeep scans YAML text for nesting beyond limit, cheaply and without a
// parser: flow brackets outside quotes and comments, and block levels by
// indentation (each "- " opening a line counts as one more). It may
// overcount odd text in block scalars, never undercount real nesting; on
// failure it returns the offset where the limit was passed.
func tooDeep(data []byte, limit int) (int, bool) {
	var indents []int // the block levels open, by indentation
	flow := 0
	for pos := 0; pos < len(data); {
		end := bytes.IndexByte(data[pos:], '\n')
		if end < 0 {
			end = len(data)
		} else {
			end += pos
		}
		line := data[pos:end]
		i := 0
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		if flow == 0 && i < len(line) && line[i] != '#' && line[i] != '\r' {
			for len(indents) > 0 && indents[len(indents)-1] >= i {
				indents = indents[:len(indents)-1]
			}
			indents = append(indents, i)
			for i+1 < len(line) && line[i] == '-' && (line[i+1] == ' ' || line[i+1] == '\t') {
				i += 2
				for i < len(line) && line[i] == ' ' {
					i++
				}
				indents = append(indents, i)
			}
			if len(indents) > limit {
				return pos + i, false
			}
		}
		var quote byte
		for ; i < len(line); i++ {
			c := line[i]
			switch {
			case quote == '"' && c == '\\':
				i++
			case quote != 0:
				if c == quote {
					quote = 0
				}
			case c == '"' || c == '\'':
				if i == 0 || bytes.IndexByte([]byte(" \t[{,:"), line[i-1]) >= 0 {
					quote = c
				}
			case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
				i = len(line)
			case c == '[' || c == '{':
				flow++
				if len(indents)+flow > limit {
					return pos + i, false
				}
			case c == ']' || c == '}':
				flow = max(0, flow-1)
			}
		}
		pos = end + 1
	}
	return 0, true
}

// expanded counts the nodes that aliases add to a document once expanded,
// stopping past limit; on failure it returns the alias at which the count
// went over.
func expanded(doc ast.Node, limit int64) (ast.Node, bool) {
	anchors := map[string]int64{} // expanded size of each anchored node
	var seen int64                // nodes added by aliases
	var at ast.Node
	// size returns the expanded size of n's subtree, capped past limit.
	var size func(n ast.Node) int64
	size = func(n ast.Node) int64 {
		if n == nil || at != nil {
			return 0
		}
		total := int64(1)
		add := func(k int64) { total = min(total+k, limit+1) }
		switch n := n.(type) {
		case *ast.DocumentNode:
			add(size(n.Body))
		case *ast.MappingNode:
			for _, v := range n.Values {
				add(size(v))
			}
		case *ast.MappingValueNode:
			add(size(n.Key))
			add(size(n.Value))
		case *ast.MappingKeyNode:
			add(size(n.Value))
		case *ast.SequenceNode:
			for _, v := range n.Values {
				add(size(v))
			}
		case *ast.TagNode:
			add(size(n.Value))
		case *ast.AnchorNode:
			k := size(n.Value)
			anchors[n.Name.String()] = k
			add(k)
		case *ast.AliasNode:
			k := anchors[n.Value.String()]
			seen = min(seen+k, limit+1)
			add(k)
		}
		if seen > limit && at == nil {
			at = n
		}
		return total
	}
	size(doc)
	return at, at == nil
}
