package main

import (
	"bytes"
	"fmt"
	"go/parser"
	"go/token"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/internal/readme"
	"github.com/parleysim/parley/scenariofile"
)

// The README and the guide in docs/ are checked here: every parley command
// line of their sh blocks runs (or, with -short or when a file it reads is
// not in the repository, at least parses its flags), every block of output
// shown with the command that printed it is what the command prints, the
// first scenario in Go prints what the same scenario as a file prints, and
// every YAML and Go block is read as what it claims to be. Blocks showing
// an example's output are checked by the example's own tests, named in
// docsOutputsCheckedElsewhere.

// docsRoot is the repository's root, from the package's directory.
const docsRoot = "../.."

// docsPlaceholders stand for real files in commands of the guide.
var docsPlaceholders = map[string]string{
	"FILE":     "examples/scenarios/washington-summit.yaml",
	"OBS.yaml": "examples/washington-summit/given-day7.yaml",
}

// docsOutputsCheckedElsewhere are the marked output blocks that other
// tests compare with what the examples print: the page each is on, and the
// test.
var docsOutputsCheckedElsewhere = map[string][2]string{
	"washington-summit":             {"README.md", "examples/washington-summit TestREADMEShowsWhatTheExamplePrints"},
	"washington-summit sensitivity": {"docs/parameters.md", "examples/washington-summit TestREADMEShowsTheSensitivity"},
	"washington-summit given":       {"docs/evidence.md", "examples/washington-summit TestREADMEShowsTheConditionedRun"},
	"reference-chain":               {"docs/modelling.md", "examples/reference-chain TestREADMEShowsWhatTheExamplePrints"},
	"casebook backtest":             {"docs/casebook.md", "cmd/parley TestREADMEShowsTheBacktest"},
	"casebook calibrated":           {"docs/casebook.md", "cmd/parley TestDocsShowTheLearnedBacktest"},
	"washington own priors":         {"docs/casebook.md", "cmd/parley TestDocsShowTheCasebookPriors"},
	"washington casebook priors":    {"docs/casebook.md", "cmd/parley TestDocsShowTheCasebookPriors"},
}

// docsCaps bound the run counts of the guide's commands when the tests run
// them: the commands are checked to work, not their numbers.
var docsCaps = map[string]int{"runs": 500, "n": 16, "runs-each": 50}

// Flags of the commands by what their values are: none (booleans), files
// read, files written.
var (
	docsBoolFlags = []string{"draw", "all", "priors", "exact", "random", "progress", "sensitivity", "interactive", "tables", "merge", "h", "help"}
	docsInFlags   = []string{"given", "from", "score", "cases", "scenario", "result", "priors-file"}
	docsOutFlags  = []string{"o", "plot", "report", "write-priors"}
)

// docsPages returns the Markdown files of the README and the guide,
// relative to the root.
func docsPages(t *testing.T) []string {
	t.Helper()
	pages, err := filepath.Glob(filepath.Join(docsRoot, "docs", "*.md"))
	require.NoError(t, err)
	require.NotEmpty(t, pages, "the guide in docs/")
	out := []string{"README.md"}
	for _, p := range pages {
		rel, err := filepath.Rel(docsRoot, p)
		require.NoError(t, err)
		out = append(out, filepath.ToSlash(rel))
	}
	return out
}

// docFences returns a page's fenced blocks.
func docFences(t *testing.T, page string) []readme.Fence {
	t.Helper()
	fences, err := readme.Fences(filepath.Join(docsRoot, page))
	require.NoError(t, err)
	return fences
}

// A docCommand is one parley command line of the guide.
type docCommand struct {
	where  string   // page:line
	text   string   // the line as written
	args   []string // the arguments after parley, placeholders replaced
	stdin  string   // the file piped in with cat, or ""
	status int      // the exit status the line's comment says, "(exit N)", or 0
}

// docWords splits a shell line into words, with single and double quotes,
// and returns the comment after an unquoted #.
func docWords(line string) (words []string, comment string, err error) {
	var (
		word    strings.Builder
		inWord  bool
		quote   rune
		runes   = []rune(line)
		flushed = func() {
			if inWord {
				words = append(words, word.String())
				word.Reset()
				inWord = false
			}
		}
	)
	for i := 0; i < len(runes); i++ {
		r := runes[i]
		switch {
		case quote != 0:
			if r == quote {
				quote = 0
				continue
			}
			word.WriteRune(r)
		case r == '\'' || r == '"':
			quote, inWord = r, true
		case r == ' ' || r == '\t':
			flushed()
		case r == '#' && !inWord:
			return words, strings.TrimSpace(string(runes[i+1:])), nil
		case r == '\\' || r == '$' || r == '`' || r == ';' || r == '&' || r == '>' || r == '<':
			return nil, "", fmt.Errorf("%q: %q is more shell than the guide's command lines use", line, r)
		default:
			word.WriteRune(r)
			inWord = true
		}
	}
	if quote != 0 {
		return nil, "", fmt.Errorf("%q: unclosed quote", line)
	}
	flushed()
	return words, "", nil
}

var docsExitStatus = regexp.MustCompile(`\(exit (\d+)\)`)

// docParse reads a line of an sh block: ok is false when it is not a
// parley command (go run ./examples/..., go test, ...).
func docParse(where, line string) (docCommand, bool, error) {
	line = strings.TrimSpace(line)
	fields := strings.Fields(line)
	if len(fields) == 0 || (fields[0] != "parley" && fields[0] != "cat" && !strings.HasPrefix(line, "go run ./cmd/parley ")) {
		return docCommand{}, false, nil
	}
	words, comment, err := docWords(line)
	if err != nil || len(words) == 0 {
		return docCommand{}, false, err
	}
	c := docCommand{where: where, text: strings.TrimSpace(line)}
	if len(words) > 3 && words[0] == "cat" && words[2] == "|" {
		c.stdin, words = words[1], words[3:]
	}
	switch {
	case words[0] == "parley":
		words = words[1:]
	case len(words) >= 3 && words[0] == "go" && words[1] == "run" && words[2] == "./cmd/parley":
		words = words[3:]
	default:
		if c.stdin != "" || slices.Contains(words, "parley") {
			return c, false, fmt.Errorf("%s: %q: a parley command in a form the test does not read", where, line)
		}
		return c, false, nil
	}
	if len(words) == 0 {
		return c, false, fmt.Errorf("%s: %q: parley without a command", where, line)
	}
	for _, w := range words {
		if p, ok := docsPlaceholders[w]; ok {
			w = p
		}
		c.args = append(c.args, w)
	}
	if p, ok := docsPlaceholders[c.stdin]; ok {
		c.stdin = p
	}
	if m := docsExitStatus.FindStringSubmatch(comment); m != nil {
		c.status, _ = strconv.Atoi(m[1])
	}
	return c, true, nil
}

// docRun is how a command is run: its arguments with files read from the
// repository or the page's directory and files written into the page's
// directory, never into the repository.
type docRun struct {
	args    []string
	stdin   string   // a path, or ""
	outputs []string // the files it writes (absolute)
	missing []string // files it reads that are neither in the repository nor written before
}

// prepare resolves a command's files against the repository's root (the
// directory it runs in) and dir, the page's directory. With caps, run
// counts are cut to docsCaps.
func (c docCommand) prepare(root, dir string, caps bool) (*docRun, error) {
	r := &docRun{}
	exists := func(p string) bool { _, err := os.Stat(p); return err == nil }
	input := func(p string) []string {
		switch {
		case p == "-":
			return []string{p}
		case strings.Contains(p, "*"):
			for _, base := range []string{dir, root} {
				if m, _ := filepath.Glob(filepath.Join(base, p)); len(m) > 0 {
					return m
				}
			}
		case exists(filepath.Join(root, p)):
			return []string{p}
		case exists(filepath.Join(dir, p)):
			return []string{filepath.Join(dir, p)}
		}
		r.missing = append(r.missing, p)
		return []string{p}
	}
	// First the files read, so that an output naming one can be told.
	type arg struct {
		text string
		kind byte // 'f' a flag, 'v' a plain value, 'i' a file read, 'o' a file written
	}
	var parsed []arg
	for i := 0; i < len(c.args); i++ {
		a := c.args[i]
		if i == 0 || a == "-" || !strings.HasPrefix(a, "-") {
			kind := byte('i')
			if i == 0 {
				kind = 'v' // the command
			}
			parsed = append(parsed, arg{a, kind})
			continue
		}
		name, _, hasValue := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if hasValue || slices.Contains(docsBoolFlags, name) {
			if hasValue && slices.Contains(slices.Concat(docsInFlags, docsOutFlags), name) {
				return nil, fmt.Errorf("%s: write %s as two words", c.where, a)
			}
			parsed = append(parsed, arg{a, 'f'})
			continue
		}
		if i+1 == len(c.args) {
			return nil, fmt.Errorf("%s: %s has no value", c.where, a)
		}
		i++
		value := c.args[i]
		kind := byte('v')
		switch {
		case slices.Contains(docsInFlags, name):
			kind = 'i'
		case slices.Contains(docsOutFlags, name):
			kind = 'o'
		case caps && docsCaps[name] > 0:
			if n, err := strconv.Atoi(value); err == nil && n > docsCaps[name] {
				value = strconv.Itoa(docsCaps[name])
			}
		}
		parsed = append(parsed, arg{a, 'f'}, arg{value, kind})
	}
	read := map[string]bool{}
	for _, a := range parsed {
		if a.kind == 'i' {
			read[a.text] = true
		}
	}
	for i, a := range parsed {
		if a.kind != 'o' || !read[a.text] || !exists(filepath.Join(root, a.text)) {
			continue
		}
		// An output naming an input: both become a copy in dir, so that
		// what the command does with it never touches the repository.
		data, err := os.ReadFile(filepath.Join(root, a.text))
		if err != nil {
			return nil, err
		}
		copied := filepath.Join(dir, a.text)
		if err := os.MkdirAll(filepath.Dir(copied), 0o755); err != nil {
			return nil, err
		}
		if err := os.WriteFile(copied, data, 0o644); err != nil {
			return nil, err
		}
		for j := range parsed {
			if parsed[j].text == a.text {
				parsed[j] = arg{copied, parsed[j].kind}
			}
		}
		parsed[i].kind = 'c' // written, and refused
	}
	for _, a := range parsed {
		switch a.kind {
		case 'i':
			if filepath.IsAbs(a.text) {
				r.args = append(r.args, a.text)
				continue
			}
			r.args = append(r.args, input(a.text)...)
		case 'o':
			out := filepath.Join(dir, a.text)
			if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
				return nil, err
			}
			r.args = append(r.args, out)
			if !strings.Contains(out, "{") {
				r.outputs = append(r.outputs, out)
			}
		default:
			r.args = append(r.args, a.text)
		}
	}
	if c.stdin != "" {
		r.stdin = input(c.stdin)[0]
	}
	return r, nil
}

// exec runs the built parley from the repository's root and returns its
// standard output and error together, and its exit status.
func (r *docRun) exec(t *testing.T, root string) (string, int) {
	t.Helper()
	cmd := exec.Command(binary, r.args...)
	cmd.Dir = root
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if r.stdin != "" {
		path := r.stdin
		if !filepath.IsAbs(path) {
			path = filepath.Join(root, path)
		}
		f, err := os.Open(path)
		require.NoError(t, err)
		defer f.Close()
		cmd.Stdin = f
	}
	err := cmd.Run()
	if ee, ok := err.(*exec.ExitError); ok {
		return out.String(), ee.ExitCode()
	}
	require.NoError(t, err)
	return out.String(), 0
}

// TestDocsCommands runs every parley command line of the sh blocks of the
// README and the guide, page by page in order, in a directory of the
// page's own: the files it writes go there, and later lines of the page
// read them. A line runs when every file it reads is in the repository or
// was written before, with run counts cut (docsCaps), and must end with
// the status its comment gives ("(exit N)", else 0) and write its outputs;
// the other lines, and every line with -short, must at least parse their
// flags. Blocks of output that begin with "$ parley ..." lines are run as
// written and must print exactly what they show.
func TestDocsCommands(t *testing.T) {
	root, err := filepath.Abs(docsRoot)
	require.NoError(t, err)
	var ran, parsed, sessions int
	for _, page := range docsPages(t) {
		dir := t.TempDir()
		for _, f := range docFences(t, page) {
			where := fmt.Sprintf("%s:%d", page, f.Line)
			switch {
			case strings.HasPrefix(f.Note, "file "):
				name := strings.TrimPrefix(f.Note, "file ")
				require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(f.Text), 0o644), where)
			case strings.HasSuffix(f.Note, " output") && strings.HasPrefix(f.Text, "$ "):
				docSession(t, where, f.Text, root, dir)
				sessions++
			case f.Lang == "sh":
				for i, line := range strings.Split(strings.TrimSuffix(f.Text, "\n"), "\n") {
					lineWhere := fmt.Sprintf("%s:%d", page, f.Line+1+i)
					c, ok, err := docParse(lineWhere, line)
					require.NoError(t, err)
					if !ok {
						continue
					}
					r, err := c.prepare(root, dir, true)
					require.NoError(t, err)
					auto := slices.ContainsFunc(c.args, func(a string) bool { return strings.HasPrefix(a, "auto") })
					if testing.Short() || len(r.missing) > 0 || auto {
						if !testing.Short() {
							why := "-shard auto needs a batch engine's environment"
							if !auto {
								why = "no " + strings.Join(r.missing, ", ")
							}
							t.Logf("%s: %s: flags parsed only (%s)", lineWhere, c.text, why)
						}
						docParseOnly(t, c, r, root)
						parsed++
						continue
					}
					out, status := r.exec(t, root)
					require.Equal(t, c.status, status, "%s: %s\n%s", lineWhere, c.text, out)
					for _, o := range r.outputs {
						if c.status == 0 {
							info, err := os.Stat(o)
							if assert.NoError(t, err, "%s: %s writes %s", lineWhere, c.text, o) {
								assert.NotZero(t, info.Size(), "%s: %s", lineWhere, o)
							}
						}
					}
					ran++
				}
			}
		}
	}
	t.Logf("%d command lines run, %d with their flags parsed only, %d blocks of output compared", ran, parsed, sessions)
	assert.NotZero(t, sessions)
	if !testing.Short() {
		assert.Greater(t, ran, parsed, "most of the guide's commands run")
	}
}

// docParseOnly checks that a command's flags parse: -h after them all
// makes the command print its flags and exit 0 once the others are read.
func docParseOnly(t *testing.T, c docCommand, r *docRun, root string) {
	t.Helper()
	h := &docRun{args: append(slices.Clone(r.args), "-h")}
	out, status := h.exec(t, root)
	require.Equal(t, 0, status, "%s: %s: its flags do not parse\n%s", c.where, c.text, out)
	if c.args[0] != "version" {
		assert.True(t, strings.HasPrefix(out, "Usage of parley "+c.args[0]), "%s: %s\n%s", c.where, c.text, out)
	}
}

// docSession runs the "$ parley ..." lines of a block of output, in order,
// and compares what they print with the block, the page's directory left
// out of what they print.
func docSession(t *testing.T, where, text, root, dir string) {
	t.Helper()
	var got strings.Builder
	for _, line := range strings.SplitAfter(text, "\n") {
		cmdline, ok := strings.CutPrefix(line, "$ ")
		if !ok {
			continue
		}
		got.WriteString(line)
		c, ok, err := docParse(where, cmdline)
		require.NoError(t, err)
		require.True(t, ok, "%s: %q is not a parley command", where, cmdline)
		r, err := c.prepare(root, dir, false)
		require.NoError(t, err)
		require.Empty(t, r.missing, "%s: %s reads files that are not there", where, cmdline)
		out, _ := r.exec(t, root)
		got.WriteString(strings.ReplaceAll(out, dir+string(filepath.Separator), ""))
	}
	assert.Equal(t, text, got.String(), "%s: the block is not what its commands print", where)
}

// TestDocsBlocks reads every fenced block of the README and the guide as
// what it is: YAML as a scenario, a parameters section, observations, a
// now file or outcomes, or an excerpt of a file, line by line in order;
// Go as Go; output as marked and checked. A block nothing checks fails.
func TestDocsBlocks(t *testing.T) {
	washington := filepath.Join(docsRoot, "examples/scenarios/washington-summit.yaml")
	sc, err := scenariofile.Load(washington)
	require.NoError(t, err)
	dir := t.TempDir()
	seen := map[string]string{}
	for _, page := range docsPages(t) {
		for _, f := range docFences(t, page) {
			where := fmt.Sprintf("%s:%d", page, f.Line)
			path := filepath.Join(dir, "block.yaml")
			require.NoError(t, os.WriteFile(path, []byte(f.Text), 0o644))
			switch first, _, _ := strings.Cut(f.Text, "\n"); {
			case strings.HasSuffix(f.Note, " output"):
				name := strings.TrimSuffix(f.Note, " output")
				seen[name] = page
				if !strings.HasPrefix(f.Text, "$ ") {
					elsewhere, ok := docsOutputsCheckedElsewhere[name]
					assert.True(t, ok, "%s: block %q: no test checks it (give its command as a $ line, or name its test in docsOutputsCheckedElsewhere)", where, name)
					assert.Equal(t, elsewhere[0], page, "%s: block %q moved: tell %s", where, name, elsewhere[1])
				}
			case f.Lang == "sh":
				// TestDocsCommands.
			case strings.HasPrefix(f.Note, "excerpt of "):
				docExcerpt(t, where, f.Text, filepath.Join(docsRoot, strings.TrimPrefix(f.Note, "excerpt of ")))
			case f.Lang == "yaml" && first == "observations:":
				_, err := scenariofile.LoadObservations(path, sc)
				assert.NoError(t, err, where)
			case f.Lang == "yaml" && first == "now:":
				_, err := scenariofile.LoadNow(path, sc)
				assert.NoError(t, err, where)
			case f.Lang == "yaml" && first == "outcomes:":
				_, err := scenariofile.LoadOutcomes(path)
				assert.NoError(t, err, where)
			case f.Lang == "yaml" && strings.HasPrefix(first, "start_date:"):
				_, err := scenariofile.LoadRecord(path)
				assert.NoError(t, err, where)
			case f.Lang == "yaml" && first == "parameters:":
				_, err := scenariofile.Parse(where, []byte("name: p\nstart: a\nhorizon: 1\nstates: [{name: a}]\n"+f.Text))
				assert.NoError(t, err, where)
			case f.Lang == "yaml" && strings.HasPrefix(first, "name:"):
				_, err := scenariofile.Parse(where, []byte(f.Text))
				assert.NoError(t, err, where)
			case f.Lang == "go":
				docGo(t, where, f.Text)
			default:
				t.Errorf("%s: a %q block that no test checks", where, f.Lang)
			}
		}
	}
	for name, elsewhere := range docsOutputsCheckedElsewhere {
		assert.Equal(t, elsewhere[0], seen[name], "block %q, checked by %s", name, elsewhere[1])
	}
}

// docExcerpt checks that an excerpt's lines are lines of the file, in
// order; "# ..." lines mark what is left out.
func docExcerpt(t *testing.T, where, text, path string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err, where)
	lines := strings.Split(string(data), "\n")
	at := 0
	for _, line := range strings.Split(strings.TrimSuffix(text, "\n"), "\n") {
		if strings.TrimSpace(line) == "# ..." || strings.TrimSpace(line) == "" {
			continue
		}
		i := slices.Index(lines[at:], line)
		if !assert.GreaterOrEqual(t, i, 0, "%s: %q is not a line of %s after line %d", where, line, path, at) {
			return
		}
		at += i + 1
	}
}

// docGo parses a Go block: a whole file, declarations, or statements.
func docGo(t *testing.T, where, text string) {
	t.Helper()
	fset := token.NewFileSet()
	if strings.HasPrefix(text, "package ") {
		_, err := parser.ParseFile(fset, where, text, 0)
		assert.NoError(t, err, where)
		return
	}
	if _, err := parser.ParseFile(fset, where, "package p\n"+text, 0); err == nil {
		return
	}
	_, err := parser.ParseFile(fset, where, "package p\nfunc _() {\n"+text+"\n}\n", 0)
	assert.NoError(t, err, where)
}

// TestDocsFirstScenario runs the README's first scenario, the Go program
// and the file, and checks that the command prints, byte for byte, what
// the program prints before its last line.
func TestDocsFirstScenario(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a Go program; skipped with -short")
	}
	root, err := filepath.Abs(docsRoot)
	require.NoError(t, err)
	dir := t.TempDir()
	var program, file string
	var command *docCommand
	for _, f := range docFences(t, "README.md") {
		switch {
		case f.Lang == "go" && strings.HasPrefix(f.Text, "package main") && program == "":
			program = f.Text
		case f.Note == "file summit.yaml":
			file = f.Text
		case f.Lang == "sh" && command == nil:
			for _, line := range strings.Split(f.Text, "\n") {
				c, ok, err := docParse("README.md", line)
				require.NoError(t, err)
				if ok && len(c.args) > 1 && c.args[0] == "run" && c.args[1] == "summit.yaml" {
					command = &c
					break
				}
			}
		}
	}
	require.NotEmpty(t, program, "the README's Go program")
	require.NotEmpty(t, file, "the README's summit.yaml")
	require.NotNil(t, command, "the README's parley run summit.yaml")
	main := filepath.Join(dir, "main.go")
	require.NoError(t, os.WriteFile(main, []byte(program), 0o644))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "summit.yaml"), []byte(file), 0o644))

	// go run from the package's directory: the workspace gives the library.
	goRun := exec.Command("go", "run", main)
	var stdout, stderr bytes.Buffer
	goRun.Stdout, goRun.Stderr = &stdout, &stderr
	require.NoError(t, goRun.Run(), stderr.String())
	printed := stdout.String()
	tables, last, ok := strings.Cut(strings.TrimSuffix(printed, "\n"), "\nP(bilateral by day 14)")
	require.True(t, ok, "the program's last line:\n%s", printed)
	assert.Regexp(t, `^ = 0\.\d{3} \[0\.\d{3}, 0\.\d{3}\]$`, last)

	r, err := command.prepare(root, dir, false)
	require.NoError(t, err)
	require.Empty(t, r.missing)
	out, status := r.exec(t, root)
	require.Equal(t, 0, status, out)
	assert.Equal(t, tables+"\n", out, "parley run summit.yaml prints what the Go program prints")
}

// TestDocsLinks checks every relative link of the README and the guide:
// the file it names exists and, with a #fragment, has that heading.
func TestDocsLinks(t *testing.T) {
	link := regexp.MustCompile(`\]\(([^)\s]+)\)`)
	for _, page := range docsPages(t) {
		data, err := os.ReadFile(filepath.Join(docsRoot, page))
		require.NoError(t, err)
		for _, m := range link.FindAllStringSubmatch(string(data), -1) {
			target := m[1]
			if strings.Contains(target, "://") {
				continue
			}
			file, fragment, _ := strings.Cut(target, "#")
			path := filepath.Join(docsRoot, filepath.Dir(page), file)
			if file == "" {
				path = filepath.Join(docsRoot, page)
			}
			info, err := os.Stat(path)
			if !assert.NoError(t, err, "%s: link %s", page, target) || fragment == "" {
				continue
			}
			require.False(t, info.IsDir(), "%s: link %s: a #fragment of a directory", page, target)
			text, err := os.ReadFile(path)
			require.NoError(t, err)
			assert.Contains(t, docsAnchors(string(text)), fragment, "%s: link %s: no such heading", page, target)
		}
	}
}

// docsAnchors returns the fragments GitHub gives a Markdown file's
// headings: lower case, punctuation dropped, spaces as hyphens.
func docsAnchors(markdown string) []string {
	var anchors []string
	inFence := false
	for _, line := range strings.Split(markdown, "\n") {
		if strings.HasPrefix(line, "```") {
			inFence = !inFence
		}
		heading, ok := strings.CutPrefix(line, "#")
		if inFence || !ok {
			continue
		}
		heading = strings.TrimSpace(strings.TrimLeft(heading, "#"))
		var b strings.Builder
		for _, r := range strings.ToLower(heading) {
			switch {
			case r == ' ':
				b.WriteRune('-')
			case r == '-' || r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r):
				b.WriteRune(r)
			}
		}
		anchors = append(anchors, b.String())
	}
	return anchors
}
