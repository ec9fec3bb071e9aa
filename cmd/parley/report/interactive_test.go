package report_test

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/cmd/parley/internal/live"
	"github.com/parleysim/parley/cmd/parley/report"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenariofile"
)

const washingtonFile = "../../../examples/scenarios/washington-summit.yaml"

// interactivePage writes the interactive report of the file at path,
// named by its base name, starting at runs and seed.
func interactivePage(t *testing.T, path string, runs int, seed uint64) []byte {
	t.Helper()
	text, err := os.ReadFile(path)
	require.NoError(t, err)
	sc, err := scenariofile.Parse(filepath.Base(path), text)
	require.NoError(t, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 2000, Seed: 1})
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, report.Write(context.Background(), &buf, &report.Page{Result: res, Scenario: sc,
		Interactive: &report.Interactive{FileName: filepath.Base(path), Text: text, Runs: runs, Seed: seed}}))
	return buf.Bytes()
}

// liveState waits until the page's runs for the current values are done,
// and returns what it shows of a claim.
func waitDone(t testing.TB, ctx context.Context, after int) {
	t.Helper()
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		state, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(document.body.dataset.live || "") + " " + (window.parleyLast ? window.parleyLast.id : 0)`))
		require.NoError(t, err)
		var s string
		var id int
		fmt.Sscanf(state, "%s %d", &s, &id)
		if s == "error" || s == "stale" {
			msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("status").textContent`))
			t.Fatalf("the page reports an error: %s", msg)
		}
		if s == "done" && id > after {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
	msg, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("status").textContent + " | " + document.body.dataset.live`))
	t.Fatalf("the runs did not finish in 90 s: %s", msg)
}

// setControl sets the page's control id to value as a reader would, with
// the input event the page listens to.
func setControl(t testing.TB, tab context.Context, id, value string) {
	t.Helper()
	_, err := chromedp.Run(tab, chromedp.Evaluate[bool](`(() => {
		const c = document.getElementById(`+strconv.Quote(id)+`);
		c.value = `+strconv.Quote(value)+`;
		c.dispatchEvent(new Event("input", {bubbles: true}));
		return true;
	})()`))
	require.NoError(t, err)
}

// TestInteractivePageMatchesTheCommand opens the interactive washington
// report in headless Chromium, moves a slider, waits for the runs, and
// checks a claim's estimate and interval against parley run's for the
// same values, seed and runs; the page fetches nothing and logs no error.
// Its speed and responsiveness are measured by BenchmarkInteractivePage,
// not asserted here, where a loaded machine or the race detector would
// fail them.
func TestInteractivePageMatchesTheCommand(t *testing.T) {
	ctx := browser(t)
	const runs = 20000
	page := interactivePage(t, washingtonFile, runs, 1)
	t.Logf("interactive page: %.1f MB", float64(len(page))/(1<<20))
	file := filepath.Join(t.TempDir(), "live.html")
	require.NoError(t, os.WriteFile(file, page, 0o644))
	url := "file://" + file
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	heard := listen(t, tab, url)
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate(url), chromedp.WaitReady("footer")))
	waitDone(t, tab, 0)

	// Move a slider, as a reader would drag it.
	const param, value = "logistics_mean_days", "5"
	setControl(t, tab, "p-"+param, value)
	first, err := chromedp.Run(tab, chromedp.Evaluate[int](`window.parleyLast.id`))
	require.NoError(t, err)
	waitDone(t, tab, first)
	shown, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`(() => {
		const row = document.querySelector('[data-live-claim="merz-14"]');
		return [row.querySelector(".p").textContent, row.querySelector(".ci").textContent, document.getElementById("command").textContent];
	})()`))
	require.NoError(t, err)

	// The command the page gives, run: its claim line is what the page shows.
	assert.Equal(t, "parley run washington-summit.yaml -runs 20000 -seed 1 -set logistics_mean_days=5", shown[2])
	cmd := exec.Command("go", "run", "..", "run", washingtonFile, "-runs", "20000", "-seed", "1", "-set", "logistics_mean_days=5")
	out, err := cmd.Output()
	require.NoError(t, err)
	var line string
	for _, l := range strings.Split(string(out), "\n") {
		if strings.HasPrefix(l, "merz-14:") {
			line = l
		}
	}
	require.NotEmpty(t, line, "parley run prints the claim")
	fields := strings.Fields(line)
	require.GreaterOrEqual(t, len(fields), 3)
	assert.Equal(t, fields[len(fields)-3], shown[0], "P as parley run prints it")
	assert.Equal(t, fields[len(fields)-2]+" "+fields[len(fields)-1], shown[1], "the interval as parley run prints it")
	problems, requests := heard()
	assert.Empty(t, problems, "console errors")
	assert.Empty(t, requests, "the page must fetch nothing")
}

func hasScheme(u string, schemes ...string) bool {
	for _, s := range schemes {
		if len(u) >= len(s) && u[:len(s)] == s {
			return true
		}
	}
	return false
}

// TestInteractivePageRunsEveryConstruct opens the interactive report of
// a scenario using every newer construct of the language (acceptance per
// meeting, a scheduled move, rates and a delay that read the world,
// combined claims and claims about a day) and checks that the browser's
// engine gives each claim's estimate and interval as parley run does.
func TestInteractivePageRunsEveryConstruct(t *testing.T) {
	ctx := browser(t)
	const path = "../../../scenariofile/testdata/constructs.yaml"
	page := interactivePage(t, path, 5000, 3)
	file := filepath.Join(t.TempDir(), "live.html")
	require.NoError(t, os.WriteFile(file, page, 0o644))
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	heard := listen(t, tab, "file://"+file)
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate("file://"+file), chromedp.WaitReady("footer")))
	waitDone(t, tab, 0)
	out, err := exec.Command("go", "run", "..", "run", path, "-runs", "5000", "-seed", "3").Output()
	require.NoError(t, err)
	claims := 0
	for _, l := range strings.Split(string(out), "\n") {
		name, _, ok := strings.Cut(l, ":")
		if !ok || !strings.Contains(l, "[") || strings.Contains(name, " ") {
			continue
		}
		shown, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`(() => {
			const row = document.querySelector('[data-live-claim="`+name+`"]');
			return row ? [row.querySelector(".p").textContent, row.querySelector(".ci").textContent] : [];
		})()`))
		require.NoError(t, err)
		if len(shown) == 0 {
			continue // not a claim's line
		}
		claims++
		fields := strings.Fields(l)
		assert.Equal(t, fields[len(fields)-3], shown[0], "%s: P as parley run prints it", name)
		assert.Equal(t, fields[len(fields)-2]+" "+fields[len(fields)-1], shown[1], "%s: the interval as parley run prints it", name)
	}
	assert.Equal(t, 7, claims, "every claim of the file is shown live")
	problems, requests := heard()
	assert.Empty(t, problems, "console errors")
	assert.Empty(t, requests, "the page must fetch nothing")
}

// TestInteractivePageWithoutParameters checks that a scenario with no
// parameters still gives a working page: the runs and the seed change,
// and no script fails.
func TestInteractivePageWithoutParameters(t *testing.T) {
	ctx := browser(t)
	page := interactivePage(t, "../testdata/chain.yaml", 5000, 7)
	assert.Contains(t, string(page), "declares no parameters")
	s := open(t, ctx, page)
	assert.Empty(t, s.problems)
	file := filepath.Join(t.TempDir(), "live.html")
	require.NoError(t, os.WriteFile(file, page, 0o644))
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate("file://"+file), chromedp.WaitReady("footer")))
	waitDone(t, tab, 0)
	cmd, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("command").textContent`))
	require.NoError(t, err)
	assert.Equal(t, "parley run chain.yaml -runs 5000 -seed 7", cmd)
}

// TestInteractivePageRefusesAStaleEngine: a page whose engine computes
// anything else than the command that wrote it (here, a check forged in
// the page) says so and shows no number.
func TestInteractivePageRefusesAStaleEngine(t *testing.T) {
	ctx := browser(t)
	page := interactivePage(t, "../testdata/chain.yaml", 5000, 7)
	forged := regexp.MustCompile(`"hash":"[0-9a-f]{8}"`).ReplaceAll(page, []byte(`"hash":"00000000"`))
	require.NotEqual(t, page, forged, "the page carries its engine check")
	file := filepath.Join(t.TempDir(), "stale.html")
	require.NoError(t, os.WriteFile(file, forged, 0o644))
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate("file://"+file), chromedp.WaitReady("footer")))
	deadline := time.Now().Add(60 * time.Second)
	state := ""
	for time.Now().Before(deadline) && state != "stale" {
		var err error
		state, err = chromedp.Run(tab, chromedp.Evaluate[string](`document.body.dataset.live || ""`))
		require.NoError(t, err)
		time.Sleep(50 * time.Millisecond)
	}
	require.Equal(t, "stale", state, "the page flags its engine")
	rows, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("[data-live-claim]").length`))
	require.NoError(t, err)
	assert.NotZero(t, rows, "the numbers written with the page stay")
	id, err := chromedp.Run(tab, chromedp.Evaluate[int](`window.parleyLast.id`))
	require.NoError(t, err)
	assert.Zero(t, id, "no number from a stale engine")
}

// BenchmarkInteractivePage measures the page's engine in headless
// Chromium against native runs on one core (of-native: the ratio of runs
// per second, each timed while the other is idle) and how long the page
// takes to answer an event while the worker runs (lag-ms). It asserts nothing: timings belong here, not in
// tests that run on loaded machines and under the race detector.
func BenchmarkInteractivePage(b *testing.B) {
	ctx := browser(b)
	const runs = 20000
	text, err := os.ReadFile(washingtonFile)
	require.NoError(b, err)
	sc, err := scenariofile.Parse("washington-summit.yaml", text)
	require.NoError(b, err)
	res, err := outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: 2000, Seed: 1})
	require.NoError(b, err)
	var buf bytes.Buffer
	require.NoError(b, report.Write(context.Background(), &buf, &report.Page{Result: res, Scenario: sc,
		Interactive: &report.Interactive{FileName: "washington-summit.yaml", Text: text, Runs: runs, Seed: 1}}))
	file := filepath.Join(b.TempDir(), "live.html")
	require.NoError(b, os.WriteFile(file, buf.Bytes(), 0o644))
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	require.NoError(b, chromedp.Do(tab, chromedp.Navigate("file://"+file), chromedp.WaitReady("footer")))
	waitDone(b, tab, 0)
	var ofNative, lag, page, native float64
	for b.Loop() {
		// Throughput, with the page idle: its last run of the page's runs
		// against native runs of what the engine records, on one core.
		last, err := chromedp.Run(tab, chromedp.Evaluate[[]float64](`[window.parleyLast.runMs, window.parleyLast.runs, window.parleyLast.id]`))
		require.NoError(b, err)
		require.Equal(b, float64(runs), last[1], "the page's last run is of the page's runs")
		start := time.Now()
		_, err = outcomes.Run(context.Background(), sc, &outcomes.Config{Runs: runs, Seed: 1, Workers: 1, Outputs: live.Outputs})
		require.NoError(b, err)
		native = float64(runs) / time.Since(start).Seconds()
		page = float64(runs) / (last[0] / 1000)
		ofNative = page / native

		// Responsiveness: during a long run the page answers at once.
		setControl(b, tab, "runs", "400000")
		deadline := time.Now().Add(30 * time.Second)
		for time.Now().Before(deadline) {
			running, err := chromedp.Run(tab, chromedp.Evaluate[bool](`document.body.dataset.live === "running" && window.parleyLast && !window.parleyLast.final && window.parleyLast.total >= 400000`))
			require.NoError(b, err)
			if running {
				break
			}
			time.Sleep(20 * time.Millisecond)
		}
		lag, err = chromedp.Run(tab, chromedp.Evaluate[float64](`new Promise((resolve) => {
			const t0 = performance.now();
			document.getElementById("reset").focus();
			setTimeout(() => resolve(performance.now() - t0), 0);
		})`, chromedp.EvalAwaitPromise))
		require.NoError(b, err)

		// Back to the page's runs, finished before the next throughput
		// is read: native runs are never timed beside the page's worker.
		setControl(b, tab, "runs", strconv.Itoa(runs))
		waitDone(b, tab, int(last[2])+1)
	}
	b.ReportMetric(ofNative, "of-native")
	b.ReportMetric(page, "page-runs/s")
	b.ReportMetric(native, "native-runs/s")
	b.ReportMetric(lag, "lag-ms")
}

// TestInteractivePageShowsNumbersAtOnce opens the interactive washington
// report and reads the claims before the engine has loaded: the page
// shows the numbers computed when it was written, for its starting
// controls, at once; the engine then loads in the background, says so,
// and confirms them. It logs the page's size and its time to first
// numbers (the README states them).
func TestInteractivePageShowsNumbersAtOnce(t *testing.T) {
	ctx := browser(t)
	const runs = 20000
	page := interactivePage(t, washingtonFile, runs, 1)
	file := filepath.Join(t.TempDir(), "live.html")
	require.NoError(t, os.WriteFile(file, page, 0o644))
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate("file://"+file), chromedp.WaitReady("footer")))
	early, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[
		String(window.parleyEngineReady === undefined),
		document.body.dataset.live || "",
		String(document.querySelectorAll("[data-live-claim]").length),
		document.querySelector('[data-live-claim="merz-14"] .p').textContent,
		String(window.parleyFirstNumbers),
	]`))
	require.NoError(t, err)
	assert.Equal(t, "true", early[0], "read before the engine was ready")
	assert.Equal(t, "initial", early[1])
	assert.NotEqual(t, "0", early[2], "the claims' numbers are shown at once")
	waitDone(t, tab, 0)
	late, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[
		document.querySelector('[data-live-claim="merz-14"] .p').textContent,
		String(window.parleyEngineReady),
		document.getElementById("status").textContent,
	]`))
	require.NoError(t, err)
	assert.Equal(t, early[3], late[0], "the engine confirms the page's numbers")
	assert.Contains(t, late[2], "The engine is ready")
	first, _ := strconv.ParseFloat(early[4], 64)
	ready, _ := strconv.ParseFloat(late[1], 64)
	assert.Less(t, first, ready, "numbers before the engine")
	// The claims are in the page's HTML: they are painted at the first
	// contentful paint, before the engine's script has been read.
	fcp, err := chromedp.Run(tab, chromedp.Evaluate[float64](`performance.getEntriesByName("first-contentful-paint")[0].startTime`))
	require.NoError(t, err)
	inHTML := bytes.Index(page, []byte(`data-live-claim="merz-14"`))
	assert.Greater(t, inHTML, 0)
	assert.Less(t, inHTML, bytes.Index(page, []byte("PARLEY_ENGINE")), "the claims come before the engine in the page")
	t.Logf("interactive washington page: %.1f MB; first contentful paint at %.0f ms (the claims are in the HTML, ahead of the engine), the script's first render at %.0f ms, engine ready at %.0f ms", float64(len(page))/(1<<20), fcp, first, ready)
}
