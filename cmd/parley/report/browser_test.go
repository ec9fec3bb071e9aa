package report_test

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/cmd/parley/report"
	"github.com/parleysim/parley/explore"
	"github.com/parleysim/parley/outcomes"
	"github.com/parleysim/parley/scenario"
)

// browser returns a headless Chromium context, or skips the test saying
// how to install Chromium.
func browser(t testing.TB) context.Context {
	t.Helper()
	var path string
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		const why = "no Chromium found: install it (Debian: apt-get install chromium) to open the report in a real browser"
		if os.Getenv("PARLEY_BROWSER") == "required" {
			t.Fatal(why + "; PARLEY_BROWSER=required")
		}
		t.Skip(why)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(path),
		chromedp.NoSandbox, // CI runs as root, where Chromium's sandbox will not start
		chromedp.DisableGPU,
		chromedp.WindowSize(1280, 1024),
	)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel2 := chromedp.NewContext(actx)
	t.Cleanup(cancel2)
	ctx, cancel3 := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancel3)
	return ctx
}

// seen is what a reader's browser showed of a page.
type seen struct {
	claims, routes     []string
	sizes              [][2]float64
	problems, requests []string
	shot               []byte
}

// open writes page to a file, opens it by its file URL, and reports what
// the browser did and showed.
func open(t *testing.T, ctx context.Context, page []byte) *seen {
	t.Helper()
	file := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(file, page, 0o644))
	url := "file://" + file

	ctx, cancel := chromedp.NewContext(ctx) // a tab of its own
	defer cancel()
	var s seen
	heard := listen(t, ctx, url)
	require.NoError(t, chromedp.Do(ctx, chromedp.Navigate(url), chromedp.WaitReady("body")))
	var err error
	s.claims, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("[data-claim]")).map(e => e.dataset.claim)`))
	require.NoError(t, err)
	s.routes, err = chromedp.Run(ctx, chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll("[data-route]")).map(e => e.dataset.route)`))
	require.NoError(t, err)
	s.sizes, err = chromedp.Run(ctx, chromedp.Evaluate[[][2]float64](`Array.from(document.querySelectorAll("svg")).map(s => { const r = s.getBoundingClientRect(); return [r.width, r.height]; })`))
	require.NoError(t, err)
	s.shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(100)) // 100: PNG
	require.NoError(t, err)
	// Let late events (a failed load, a timer's error) arrive.
	time.Sleep(200 * time.Millisecond)
	s.problems, s.requests = heard()
	return &s
}

// listen records, from now on, a tab's console errors and warnings,
// exceptions, browser log errors, and requests for anything but the page
// at url or local data (blob: and data: URLs); heard returns them so far.
func listen(t *testing.T, tab context.Context, url string) (heard func() (problems, requests []string)) {
	t.Helper()
	var mu sync.Mutex
	var problems, requests []string
	require.NoError(t, chromedp.Listen(tab, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				problems = append(problems, "console "+string(e.Type))
			}
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *log.EventEntryAdded:
			if e.Entry.Level == log.EntryLevelError || e.Entry.Level == log.EntryLevelWarning {
				problems = append(problems, "log: "+e.Entry.Text)
			}
		case *network.EventRequestWillBeSent:
			if u := e.Request.URL; u != url && !hasScheme(u, "blob:", "data:") {
				requests = append(requests, u)
			}
		}
	}))
	return func() ([]string, []string) {
		mu.Lock()
		defer mu.Unlock()
		return slices.Clone(problems), slices.Clone(requests)
	}
}

// TestReportInABrowser opens the washington report from a file URL in
// headless Chromium and checks what a reader would see: no console error,
// no network request, every claim and route in the page, every drawing
// with a size, and a screenshot that is not blank.
func TestReportInABrowser(t *testing.T) {
	ctx := browser(t)
	p, res := washington(t, 4000)
	var buf bytes.Buffer
	require.NoError(t, report.Write(context.Background(), &buf, p))
	s := open(t, ctx, buf.Bytes())

	assert.Empty(t, s.problems, "console errors")
	assert.Empty(t, s.requests, "the page must fetch nothing")
	for _, c := range res.Claims {
		assert.Contains(t, s.claims, c.Name)
	}
	for _, r := range res.Routes {
		assert.Contains(t, s.routes, r.Name)
	}
	// Claims, four routes, reach, the graph, paths, declines and the
	// agreed values of four issues.
	require.GreaterOrEqual(t, len(s.sizes), 12)
	for i, sz := range s.sizes {
		assert.True(t, sz[0] > 50 && sz[1] > 50, "drawing %d is %v", i, sz)
	}
	assertNotBlank(t, s.shot)

	// The checks have teeth: a page that fetches and fails is caught.
	bad := bytes.Replace(buf.Bytes(), []byte("</footer>"),
		[]byte(`<img src="http://127.0.0.1:9/x.png" alt=""></footer><script>console.error("broken")</script>`), 1)
	b := open(t, ctx, bad)
	assert.Contains(t, b.requests, "http://127.0.0.1:9/x.png")
	assert.Contains(t, b.problems, "console error")
}

// assertNotBlank checks that a screenshot has ink: more than a handful of
// colours, and dark pixels (text) on a light page.
func assertNotBlank(t *testing.T, shot []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(shot))
	require.NoError(t, err)
	b := img.Bounds()
	colours := map[uint32]bool{}
	dark := 0
	for y := b.Min.Y; y < b.Max.Y; y += 3 {
		for x := b.Min.X; x < b.Max.X; x += 3 {
			r, g, bl, _ := img.At(x, y).RGBA()
			colours[(r>>8)<<16|(g>>8)<<8|bl>>8] = true
			if r+g+bl < 3*0x4000 {
				dark++
			}
		}
	}
	assert.Greater(t, len(colours), 20, "colours in the screenshot")
	assert.Greater(t, dark, 1000, "dark pixels in the screenshot")
	t.Logf("screenshot %dx%d: %d colours, %d dark samples", b.Dx(), b.Dy(), len(colours), dark)
}

// TestBacktestPageInABrowser opens a casebook's page in headless Chromium:
// no console error, no request, every case in the page, the reliability
// diagram drawn.
func TestBacktestPageInABrowser(t *testing.T) {
	ctx := browser(t)
	cases := []outcomes.CaseRecord{
		{Name: "first", Result: &outcomes.Result{Scenario: "first", Claims: []outcomes.ClaimResult{{Name: "x", Estimate: outcomes.Estimate{P: 0.7}}}},
			Happened: []scenario.Statement{scenario.ClaimNamed("x").Known(scenario.TruthHeld, "", "")}},
		{Name: "second", Result: &outcomes.Result{Scenario: "second", Claims: []outcomes.ClaimResult{{Name: "y", Estimate: outcomes.Estimate{P: 0.2}}}},
			Happened: []scenario.Statement{scenario.ClaimNamed("y").Known(scenario.TruthNotHeld, "", "")}},
	}
	bt, err := outcomes.ScoreCasebook(cases, 10)
	require.NoError(t, err)
	var buf bytes.Buffer
	require.NoError(t, report.WriteBacktest(context.Background(), &buf, &report.BacktestPage{Backtest: bt, Casebook: "cases", Runs: 100, Seed: 1}))
	s := open(t, ctx, buf.Bytes())
	assert.Empty(t, s.problems, "console errors")
	assert.Empty(t, s.requests, "the page must fetch nothing")
	require.Len(t, s.sizes, 1, "the reliability diagram")
	assert.True(t, s.sizes[0][0] > 50 && s.sizes[0][1] > 50)
	assert.Contains(t, buf.String(), `data-case="first"`)
	assert.Contains(t, buf.String(), `data-case="second"`)
	assertNotBlank(t, s.shot)
}

// glancePage is the washington report with a forecast track and the
// indices of a small Sobol analysis: every section the bottom line reads.
func glancePage(t *testing.T) (*report.Page, *outcomes.Result) {
	t.Helper()
	p, res := washington(t, 4000)
	s, err := explore.Box([]string{"logistics_mean_days", "us_pressure"}, []float64{0, 0}, []float64{1, 1})
	require.NoError(t, err)
	d, err := explore.Saltelli(s, 64, 1, true)
	require.NoError(t, err)
	sob, err := explore.Sobol(d, explore.Evaluate(d, func(x []float64) float64 { return x[0] + 0.3*x[1]*x[1] }), nil)
	require.NoError(t, err)
	p.Sensitivity = []report.Sensitivity{{Output: "claim:" + res.Claims[0].Name, Sobol: sob, Design: "a test design"}}
	tr := &explore.Track{Scenario: res.Scenario, StartDate: res.StartDate, Horizon: res.Horizon, Exact: false,
		Dates: []explore.TrackDate{{Date: "2025-08-18", Day: 0}, {Date: "2025-08-25", Day: 7, News: []string{"no meeting arranged yet"}}}}
	for _, c := range res.Claims {
		tr.Claims = append(tr.Claims, explore.Series{Name: c.Name, Deadline: c.Day, Track: []explore.TrackPoint{
			{Day: 0, P: c.P, Lo: c.Lo, Hi: c.Hi}, {Day: 7, P: c.P / 2, Lo: c.P/2 - 0.01, Hi: c.P/2 + 0.01}}})
	}
	p.Track = tr
	return p, res
}

// TestReportReadsAtAGlanceAndPrints opens the report at 1280 pixels and
// prints it to A4 through Chromium: the bottom line is the first section
// and names every claim with its deadline; nothing scrolls sideways; chart
// text is at least 11 pixels; and the PDF's first page holds the bottom
// line.
func TestReportReadsAtAGlanceAndPrints(t *testing.T) {
	ctx := browser(t)
	p, res := glancePage(t)
	var buf bytes.Buffer
	require.NoError(t, report.Write(context.Background(), &buf, p))
	file := filepath.Join(t.TempDir(), "report.html")
	require.NoError(t, os.WriteFile(file, buf.Bytes(), 0o644))
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	require.NoError(t, chromedp.Do(tab, chromedp.Navigate("file://"+file), chromedp.WaitReady("body")))
	first, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("body > section").id`))
	require.NoError(t, err)
	assert.Equal(t, "bottom-line", first, "the bottom line opens the page")
	bottom, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.getElementById("bottom-line").innerText`))
	require.NoError(t, err)
	for _, c := range res.Claims {
		assert.Contains(t, bottom, c.Name)
		assert.Contains(t, bottom, res.Date(c.Day)+" (day "+strconv.FormatFloat(c.Day, 'g', 6, 64)+")", "the deadline of %s", c.Name)
	}
	assert.Contains(t, bottom, "Since the previous forecast (2025-08-18)")
	assert.Contains(t, bottom, "logistics_mean_days", "the assumption that matters most")
	widths, err := chromedp.Run(tab, chromedp.Evaluate[[2]float64](`[document.documentElement.scrollWidth, window.innerWidth]`))
	require.NoError(t, err)
	assert.LessOrEqual(t, widths[0], widths[1], "no horizontal scroll at 1280 pixels")
	smallest, err := chromedp.Run(tab, chromedp.Evaluate[float64](`Math.min(...Array.from(document.querySelectorAll(".chart svg text")).filter(t => t.textContent.trim() !== "").map(t => {
		const m = t.getScreenCTM();
		return parseFloat(getComputedStyle(t).fontSize) * Math.hypot(m.a, m.b);
	}))`))
	require.NoError(t, err)
	assert.GreaterOrEqual(t, smallest, 11.0, "chart text in pixels at 100%% zoom")

	// Print to A4 and read the first page.
	css := true
	printed, err := chromedp.Call(tab, page.PrintToPDF, page.PrintToPDFParams{PaperWidth: 8.27, PaperHeight: 11.69, PreferCSSPageSize: &css})
	require.NoError(t, err)
	pdf := []byte(printed.Data)
	text, err := exec.LookPath("pdftotext")
	if err != nil {
		const why = "no pdftotext: install poppler-utils to check the printed page"
		if os.Getenv("PARLEY_BROWSER") == "required" {
			t.Fatal(why)
		}
		t.Skip(why)
	}
	pdfFile := filepath.Join(t.TempDir(), "report.pdf")
	require.NoError(t, os.WriteFile(pdfFile, pdf, 0o644))
	out, err := exec.Command(text, "-f", "1", "-l", "1", "-layout", pdfFile, "-").Output()
	require.NoError(t, err)
	page1 := string(out)
	assert.Contains(t, page1, "The bottom line")
	for _, c := range res.Claims {
		assert.Contains(t, page1, c.Name, "the first printed page names every claim")
	}
	size, err := exec.Command("pdfinfo", pdfFile).Output()
	if err == nil {
		assert.Contains(t, string(size), "(A4)")
	}
	pic := filepath.Join(t.TempDir(), "page")
	require.NoError(t, exec.Command("pdftoppm", "-f", "1", "-l", "1", "-r", "150", "-png", pdfFile, pic).Run())
	shots, _ := filepath.Glob(pic + "*.png")
	require.Len(t, shots, 1)
	shot, err := os.ReadFile(shots[0])
	require.NoError(t, err)
	assertNotBlank(t, shot)
}
