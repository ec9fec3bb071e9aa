package main

import (
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// showProgress is set by -progress: plain lines on standard error even
// when it is not a terminal (a batch job's log).
var showProgress bool

// progressFlag defines -progress on a command that can take long.
func progressFlag(fs interface {
	BoolVar(p *bool, name string, value bool, usage string)
}) {
	fs.BoolVar(&showProgress, "progress", false, "report progress as plain lines on standard error, also when it is not a terminal")
}

// progress reports how far a long command has got: a bar on a terminal
// once the work has taken more than a moment; with -progress elsewhere, a
// line at every tenth; otherwise nothing, so that logs and pipes stay clean.
type progress struct {
	w     io.Writer
	unit  string
	tty   bool
	start time.Time
	bar   *progressbar.ProgressBar
	tenth int // the last tenth reported as a plain line
}

// newProgress reports on w (standard error) the progress of work counted
// in unit ("runs", "experiments", "parts").
func newProgress(w io.Writer, unit string) *progress {
	p := &progress{w: w, unit: unit, start: time.Now(), tenth: -1}
	if f, ok := w.(*os.File); ok {
		p.tty = isTerminal(f)
	}
	return p
}

// isTerminal reports whether f is a terminal.
func isTerminal(f *os.File) bool { return term.IsTerminal(int(f.Fd())) }

// update is the callback the engine calls with the work done and its total.
func (p *progress) update(done, total int) {
	if total <= 0 || done < 0 {
		return
	}
	switch {
	case p.tty:
		if p.bar == nil {
			if time.Since(p.start) < 500*time.Millisecond {
				return // a short command draws no bar
			}
			p.bar = progressbar.NewOptions64(int64(total),
				progressbar.OptionSetWriter(p.w),
				progressbar.OptionSetDescription(p.unit),
				progressbar.OptionShowCount(),
				progressbar.OptionSetElapsedTime(true),
				progressbar.OptionSetPredictTime(true),
				progressbar.OptionThrottle(100*time.Millisecond),
				progressbar.OptionClearOnFinish(),
				progressbar.OptionSetWidth(30),
			)
		}
		_ = p.bar.Set64(int64(done)) // a terminal write error is not the command's
	case showProgress:
		if t := 10 * done / total; t > p.tenth {
			p.tenth = t
			fmt.Fprintf(p.w, "parley: %d%% (%d of %d %s) after %s\n", 10*t, done, total, p.unit, time.Since(p.start).Round(100*time.Millisecond))
		}
	}
}

// done clears the bar, if one was drawn.
func (p *progress) done() {
	if p.bar != nil {
		_ = p.bar.Clear()
	}
}
