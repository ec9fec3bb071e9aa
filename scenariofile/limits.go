package scenariofile

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"github.com/parleysim/parley/problem"

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
	// Nodes written out are bounded by Tokens.
	Nodes int64
	// Tokens is the most tokens (names, numbers, keys and punctuation) a
	// file may hold; 0 means 4,000,000. It is counted on the text before
	// the YAML is parsed, which needs 400 to 900 bytes a token: a file at
	// the size limit would otherwise take tens of gigabytes. A chain of
	// 100,000 states with 200,000 transitions has 2,700,000 tokens and
	// takes 2.5 GB to read.
	Tokens int64
	// Statements is the most items an observations, outcomes or now file
	// may list; 0 means 10,000. Such a file is also held to 64 tokens a
	// statement before it is parsed.
	Statements int
}

// DefaultLimits are the limits of Load and Parse.
var DefaultLimits = Limits{FileSize: 64 << 20, Depth: 64, Nodes: 1_000_000, Tokens: 4_000_000, Statements: 10_000}

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
	if l.Tokens <= 0 {
		l.Tokens = DefaultLimits.Tokens
	}
	if l.Statements <= 0 {
		l.Statements = DefaultLimits.Statements
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
		return nil, &problem.Error{Kind: ErrFile, Problems: []problem.Problem{{Origin: problem.Origin{File: path}, Msg: fmt.Sprintf("the file is larger than %d bytes, the limit (raise Limits.FileSize)", l.FileSize)}}}
	}
	return data, nil
}

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// text checks the bytes of a file before any parsing: size, encoding,
// emptiness and nesting depth. It returns the text without a UTF-8
// byte-order mark.
func (l Limits) text(name string, data []byte) ([]byte, *problem.Problem) {
	return l.textWithin(name, data, l.Tokens, "Limits.Tokens")
}

// textWithin is text with a budget of tokens, and the limit that raises it.
func (l Limits) textWithin(name string, data []byte, tokens int64, raise string) ([]byte, *problem.Problem) {
	problem := func(line, col int, format string, args ...any) *problem.Problem {
		return &problem.Problem{Origin: problem.Origin{File: name, Line: line, Column: col}, Msg: fmt.Sprintf(format, args...)}
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
	switch at, deep := scanText(data, l.Depth, tokens); {
	case at < 0:
	case deep:
		line, col := lineCol(data, at)
		return nil, problem(line, col, "lists and mappings are nested deeper than %d levels, the limit (raise Limits.Depth)", l.Depth)
	default:
		line, col := lineCol(data, at)
		return nil, problem(line, col, "the file holds more than %d tokens (names, numbers, keys and punctuation), the limit (raise %s)", tokens, raise)
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

// scanText scans YAML text, cheaply and without a parser, for nesting
// beyond depth and for more than tokens tokens. Nesting counts flow
// brackets outside quotes and comments, and block levels by indentation
// (each "- " opening a line counts as one more); tokens are the words,
// quoted strings and flow punctuation outside comments. Both may overcount
// odd text in block scalars, never undercount. It returns -1 when the text
// is within both limits, else the offset where a limit was passed and
// whether it was the depth.
func scanText(data []byte, depth int, tokens int64) (at int, deep bool) {
	var indents []int // the block levels open, by indentation
	flow := 0
	var count int64
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
				count++ // the item's dash
				i += 2
				for i < len(line) && line[i] == ' ' {
					i++
				}
				indents = append(indents, i)
			}
			if len(indents) > depth {
				return pos + i, true
			}
		}
		var quote byte
		inWord := false
		for ; i < len(line); i++ {
			c := line[i]
			if count > tokens {
				return pos + i, false
			}
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
					count++
					inWord = true
				}
			case c == '#' && (i == 0 || line[i-1] == ' ' || line[i-1] == '\t'):
				i = len(line)
			case c == '[' || c == '{':
				count++
				inWord = false
				flow++
				if len(indents)+flow > depth {
					return pos + i, true
				}
			case c == ']' || c == '}' || c == ',':
				count++
				inWord = false
				if c != ',' {
					flow = max(0, flow-1)
				}
			case c == ' ' || c == '\t' || c == '\r':
				inWord = false
			case !inWord:
				count++
				inWord = true
			}
		}
		if count > tokens {
			return end, false
		}
		pos = end + 1
	}
	return -1, false
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
