package report

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"

	"github.com/parleysim/parley/cmd/parley/plots"
	"github.com/parleysim/parley/outcomes"
)

// BacktestPage is what a casebook's page shows: its scores against the
// record beside the baseline's, overall and case by case.
type BacktestPage struct {
	Backtest *outcomes.Backtest
	// Casebook names the casebook (its directory); Runs and Seed say how
	// each case was run.
	Casebook string
	Runs     int
	Seed     uint64
	Title    string // "" means "Track record of CASEBOOK"
	Source   Source
	// Skill is the skill against the baseline with its bootstrap interval;
	// Groups the skill of groups of cases (by kind, by template), each
	// table with its title.
	Skill  outcomes.Skill
	Groups []GroupTable
	// Learned, when set, is the backtest of the forecasts made with the
	// shared parameters learned from the other cases (backtest
	// -calibrated), and LearnedSkill its skill.
	Learned      *outcomes.Backtest
	LearnedSkill outcomes.Skill
}

// GroupTable is the skill of each group of a casebook's cases.
type GroupTable struct {
	Title  string
	Groups []outcomes.Group
}

// WriteBacktest writes a casebook's scores as one self-contained HTML page.
func WriteBacktest(_ context.Context, w io.Writer, p *BacktestPage) error {
	if p == nil || p.Backtest == nil || p.Backtest.Model == nil || p.Backtest.Baseline == nil {
		return errors.New("report: a backtest page needs a scored casebook")
	}
	v := struct {
		*BacktestPage
		B           *outcomes.Backtest
		Reliability chart
	}{BacktestPage: p, B: p.Backtest}
	if v.Title == "" {
		v.Title = "Track record of " + p.Casebook
	}
	rp, err := plots.Reliability(p.Backtest.Model)
	if v.Reliability, err = draw1(rp, err); err != nil {
		return err
	}
	v.Reliability.Alt = fmt.Sprintf("Points: for %d bins of forecast probability, the share of the %d claims that came true against their mean forecast, beside the diagonal of perfect calibration. The table gives the bins.",
		len(p.Backtest.Model.Bins), p.Backtest.Model.N)
	var buf bytes.Buffer
	if err := pages.ExecuteTemplate(&buf, "backtest.html", v); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	_, err = w.Write(buf.Bytes())
	return err
}

// f3 writes a skill with three decimals, or -Inf.
func f3(x float64) string {
	if math.IsInf(x, -1) {
		return "-Inf"
	}
	return strconv.FormatFloat(x, 'f', 3, 64)
}

// f4 writes a score with four decimals, or +Inf.
func f4(x float64) string {
	if math.IsInf(x, 1) {
		return "+Inf"
	}
	return strconv.FormatFloat(x, 'f', 4, 64)
}
