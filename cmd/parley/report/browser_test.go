package report_test

import (
	"bytes"
	"context"
	"image/png"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/parleysim/parley/cmd/parley/report"
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
