package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"

	"github.com/parleysim/parley/scenariofile"
)

// ioFiles names what one command reads and what it writes. Before the
// command does any work, check refuses an output that names an input (a
// file given, or one found in a directory given) and two outputs that name
// one file: either would lose what the user had or what the command made.
// Every output is then written through write, which checks again and
// writes atomically.
type ioFiles struct {
	inputs  []string
	outputs []ioOutput
}

// ioOutput is an output file and the flag that names it.
type ioOutput struct{ flag, path string }

// in adds inputs. "" (none given) and "-" (standard input) are skipped; a
// directory adds itself and every file in it, as a casebook or a
// directory of shards is read.
func (f *ioFiles) in(paths ...string) {
	for _, p := range paths {
		if p == "" || p == stdinName {
			continue
		}
		f.inputs = append(f.inputs, p)
		fi, err := os.Stat(p)
		switch {
		case err == nil && fi.IsDir():
			entries, _ := os.ReadDir(p)
			for _, e := range entries {
				if !e.IsDir() {
					f.inputs = append(f.inputs, filepath.Join(p, e.Name()))
					f.template(filepath.Join(p, e.Name()))
				}
			}
		case err == nil:
			f.template(p)
		}
	}
}

// template adds the template a case file is made from (template: PATH)
// to the inputs: a case's template is read as surely as the case.
func (f *ioFiles) template(path string) {
	if ext := filepath.Ext(path); ext != ".yaml" && ext != ".yml" && ext != ".json" {
		return
	}
	// A case is small; a large input (a result, a design) is not read here.
	if fi, err := os.Stat(path); err != nil || !fi.Mode().IsRegular() || fi.Size() > 4<<20 {
		return
	}
	data, err := os.ReadFile(path)
	if err != nil || !bytes.Contains(data, []byte("template")) {
		return
	}
	if sf, err := scenariofile.Decode(path, data); err == nil && sf.Template != "" {
		t := sf.Template
		if !filepath.IsAbs(t) {
			t = filepath.Join(filepath.Dir(path), t)
		}
		f.inputs = append(f.inputs, t)
	}
}

// out adds the output that flag names. "" (none) and "-" (standard
// output) are skipped.
func (f *ioFiles) out(flag, path string) {
	if path != "" && path != "-" {
		f.outputs = append(f.outputs, ioOutput{flag, path})
	}
}

// check refuses an output that is an input and two outputs that are one
// file, naming both.
func (f *ioFiles) check() error {
	for i, o := range f.outputs {
		if err := f.notAnInput(o.flag, o.path); err != nil {
			return err
		}
		for _, p := range f.outputs[:i] {
			if sameFile(p.path, o.path) {
				return fmt.Errorf("%s %s and %s %s are the same file: each output needs its own: %w", p.flag, p.path, o.flag, o.path, errUsage)
			}
		}
	}
	return nil
}

// notAnInput refuses an output path that names one of the inputs.
func (f *ioFiles) notAnInput(flag, path string) error {
	if path == "" || path == "-" {
		return nil
	}
	for _, in := range f.inputs {
		if sameFile(in, path) {
			return fmt.Errorf("%s %s is the input file %s: refusing to overwrite it: %w", flag, path, in, errUsage)
		}
	}
	return nil
}

// sameFile reports whether two paths name one file: the same file on
// disk (through links, or spelled differently), or, for a file not made
// yet, the same absolute path.
func sameFile(a, b string) bool {
	fa, errA := os.Stat(a)
	fb, errB := os.Stat(b)
	if errA == nil && errB == nil {
		return os.SameFile(fa, fb)
	}
	absA, errA := filepath.Abs(a)
	absB, errB := filepath.Abs(b)
	return errA == nil && errB == nil && absA == absB
}

// write writes what fn produces to path, or to stdout for "" and "-". A
// file is written in full to a temporary file beside it, then renamed into
// place, so an interrupted or failed write never leaves a truncated file
// and never touches an existing one. A path that is one of the inputs is
// refused before anything is written.
func (f *ioFiles) write(path string, stdout io.Writer, fn func(io.Writer) error) error {
	if path == "" || path == "-" {
		return fn(stdout)
	}
	flag := "-o"
	for _, o := range f.outputs {
		if o.path == path {
			flag = o.flag
		}
	}
	if err := f.notAnInput(flag, path); err != nil {
		return err
	}
	fi, err := os.Stat(path)
	switch {
	case err == nil && fi.IsDir():
		return fmt.Errorf("%s is a directory", path)
	case err == nil && !fi.Mode().IsRegular():
		// A device or a pipe (/dev/stdout, a FIFO): write to it, not over it.
		w, err := os.OpenFile(path, os.O_WRONLY, 0)
		if err != nil {
			return err
		}
		if err := fn(w); err != nil {
			w.Close()
			return err
		}
		return w.Close()
	}
	// A new file is readable by all, as a plain create would leave it with
	// the usual umask; a file replaced keeps its permissions.
	mode := os.FileMode(0o644)
	if err == nil {
		mode = fi.Mode().Perm()
	}
	dir, base := filepath.Split(path)
	if dir == "" {
		dir = "."
	}
	tmp, err := os.CreateTemp(dir, "."+base+".*.tmp")
	if err != nil {
		return err
	}
	defer os.Remove(tmp.Name()) // a no-op once renamed
	if err := fn(tmp); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Chmod(mode); err != nil {
		tmp.Close()
		return err
	}
	if err := tmp.Close(); err != nil {
		return err
	}
	return os.Rename(tmp.Name(), path)
}

// shardPath is an output path of shard index: {shard} in it becomes the
// index, so that the tasks of one array job, which share their command
// line, write files of their own. Its directory is made, as a batch
// engine's tasks write beside each other and a pod's image may have no
// shell to make it.
func shardPath(path string, index int) (string, error) {
	if path == "" || path == "-" {
		return path, nil
	}
	path = strings.ReplaceAll(path, "{shard}", strconv.Itoa(index))
	return path, os.MkdirAll(filepath.Dir(path), 0o755)
}

// checkPlotPath refuses a plot path that is not an image.
func checkPlotPath(path string) error {
	if path == "" {
		return nil
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".png", ".svg", ".pdf":
		return nil
	}
	return fmt.Errorf("-plot %q: want a .png, .svg or .pdf file: %w", path, errUsage)
}

// savePlot writes a plot to path, atomically, at 8 by 5 inches.
func savePlot(p *plot.Plot, path string, disk *ioFiles) error {
	wt, err := p.WriterTo(8*vg.Inch, 5*vg.Inch, strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), "."))
	if err != nil {
		return err
	}
	return disk.write(path, io.Discard, func(w io.Writer) error { _, err := wt.WriteTo(w); return err })
}

// bounded reads r up to limit bytes and fails past them, rather than end
// early as io.LimitReader does: a file cut at the limit could read as a
// shorter file (a CSV row cut inside a number is still a number).
func bounded(r io.Reader, limit int64) io.Reader { return &boundedReader{r: r, left: limit} }

type boundedReader struct {
	r    io.Reader
	left int64
}

func (b *boundedReader) Read(p []byte) (int, error) {
	if b.left <= 0 {
		// One byte more tells a file of exactly limit bytes from a longer one.
		var one [1]byte
		if n, _ := b.r.Read(one[:]); n > 0 {
			return 0, errTooLarge
		}
		return 0, io.EOF
	}
	if int64(len(p)) > b.left {
		p = p[:b.left]
	}
	n, err := b.r.Read(p)
	b.left -= int64(n)
	return n, err
}

// errTooLarge is the error of a file past the size the command reads.
var errTooLarge = errors.New("the file is larger than the command reads")
