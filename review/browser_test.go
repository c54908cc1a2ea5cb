package review_test

import (
	"context"
	"fmt"
	"math"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"

	"github.com/budgetpdf/budgetpdf/export"
	"github.com/budgetpdf/budgetpdf/keyfile"
	"github.com/budgetpdf/budgetpdf/review"
)

// chromium finds Debian's chromium (scripts/deps.sh installs it): the browser test is
// part of make test, so a machine without it fails here, saying what to install.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("no chromium on PATH: the browser test needs it (Debian: apt-get install chromium; scripts/deps.sh installs it)")
	return ""
}

// browser starts a headless chromium with a fresh profile and no network of its own.
func browser(t *testing.T) context.Context {
	t.Helper()
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium(t)),
		chromedp.Flag("headless", true),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.NoFirstRun,
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(1500, 950),
	)
	actx, cancelA := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelC := chromedp.NewContext(actx)
	ctx, cancelT := context.WithTimeout(ctx, 3*time.Minute)
	t.Cleanup(func() { cancelT(); cancelC(); cancelA() })
	return ctx
}

// TestBrowserReviewCorrectReexport: in a real browser, open the sample, click the finding
// about table 3 row 61 (行政单位医疗 合计 printed 55, its parts give 56), see the cell
// highlighted in the table and boxed on the page image where the PDF prints it, correct it
// to 56, re-export, and find 56 in the workbook and the table CSV.
func TestBrowserReviewCorrectReexport(t *testing.T) {
	out, id := convertSample(t)
	srv := review.New(out, "tester")
	srv.Apply = func(ctx context.Context) error { return reexport(ctx, out) }
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	ctx := browser(t)

	const ref = "3.61.4"
	cell := chromedp.CSS(`td[data-ref="` + ref + `"]`)
	finding := chromedp.CSS(`li.finding[data-rule="row_identity"][data-first="` + ref + `"]`)
	// A dialog is the page saying something failed: record it, close it, fail the test.
	dialogs := chromedp.Events(ctx, page.JavascriptDialogOpening)
	go func() {
		for ev, err := range dialogs {
			if err != nil {
				return
			}
			t.Errorf("the page opened a dialog: %s", ev.Message)
			chromedp.Call(ctx, page.HandleJavaScriptDialog, page.HandleJavaScriptDialogParams{Accept: true})
		}
	}()
	err := chromedp.Do(ctx,
		chromedp.Navigate(ts.URL+"/doc/"+id),
		chromedp.WaitVisible(finding),
		chromedp.ScrollIntoView(finding),
		chromedp.Click(finding),
		chromedp.WaitVisible(cell+".hl"),
	)
	if err != nil {
		t.Fatal(err)
	}
	// The page image of the cell (page 13) loaded, with the highlight box drawn over it.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`(() => { const i = document.getElementById('page'); return i.complete && i.naturalWidth > 0 && i.src.endsWith('/page/13.png') && document.querySelector('.hlbox') !== null; })()`,
		chromedp.WithPollingTimeout(30*time.Second))); err != nil {
		t.Fatalf("page 13 with the highlight box: %v", err)
	}
	classes, err := chromedp.Run(ctx, chromedp.AttributeValue(cell, "class"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(classes.Value, "hl") || !strings.Contains(classes.Value, "finding") {
		t.Errorf("the cell's classes %q: want it highlighted (hl) and marked as a finding's cell", classes.Value)
	}
	// Where the box is drawn on the image, and where the cell's PDF box falls on it.
	box, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const b = document.querySelector('.hlbox').getBoundingClientRect(), i = document.getElementById('page').getBoundingClientRect(); return [b.left - i.left, b.top - i.top, b.right - i.left, b.bottom - i.top]; })()`))
	if err != nil {
		t.Fatal(err)
	}
	want, err := chromedp.Run(ctx, chromedp.Evaluate[[]float64](`(() => { const i = document.getElementById('page'), s = i.clientWidth / i.naturalWidth * `+fmt.Sprint(srv.DPI)+` / 72; return document.querySelector('td[data-ref="`+ref+`"]').dataset.box.split(',').map(Number).map(v => v * s); })()`))
	if err != nil {
		t.Fatal(err)
	}
	if len(box) != 4 || len(want) != 4 || want[2]-want[0] < 5 {
		t.Fatalf("highlight box %v, cell box %v", box, want)
	}
	for i, out := range []float64{-3, -3, 3, 3} {
		// The box is drawn 3 px outside the cell on each side.
		if d := math.Abs(box[i] - (want[i] + out)); d > 2 {
			t.Errorf("highlight box %v on the image, want the cell's box %v", box, want)
			break
		}
	}
	shot(t, ctx, "review-finding.png")

	// Correct it: the form was filled by the click; type the value and why, save, re-export.
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`(() => { document.getElementById('fixnew').value = ''; return true; })()`)); err != nil {
		t.Fatal(err)
	}
	err = chromedp.Do(ctx,
		chromedp.SendKeys(chromedp.ID("fixnew"), "56"),
		chromedp.SendKeys(chromedp.ID("fixwhy"), "基本支出 56，无项目支出"),
		chromedp.Click(chromedp.ID("fixsave")),
	)
	if err != nil {
		t.Fatal(err)
	}
	// Saved: the page counts the corrections waiting for a re-export.
	if _, err := chromedp.Run(ctx, chromedp.Poll[bool](`!document.getElementById('pending').hidden`, chromedp.WithPollingTimeout(20*time.Second))); err != nil {
		t.Fatalf("the correction was not saved: %v", err)
	}
	pending, err := chromedp.Run(ctx, chromedp.Text(chromedp.ID("pendingn")))
	if err != nil {
		t.Fatal(err)
	}
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID("apply"))); err != nil {
		t.Fatalf("click 重新导出: %v", err)
	}
	wctx, cancel := context.WithTimeout(ctx, 60*time.Second)
	defer cancel()
	if err := chromedp.Do(wctx, chromedp.WaitVisible(cell+".corrected")); err != nil {
		u, _ := chromedp.Run(ctx, chromedp.Evaluate[string](`location.href + ' ' + document.title + ' ' + document.body.innerText.slice(0, 200)`))
		t.Fatalf("after re-export: %v (page %s)", err, u)
	}
	text, err := chromedp.Run(ctx, chromedp.Text(cell))
	if err != nil {
		t.Fatal(err)
	}
	if pending != "1" || text != "56" {
		t.Errorf("pending corrections %q, cell after re-export %q; want 1 and 56", pending, text)
	}
	shot(t, ctx, "review-corrected.png")

	// The new value is in the workbook and the CSV the re-export wrote.
	dir := filepath.Join(out, id)
	kt, err := keyfile.ReadCSV(filepath.Join(dir, export.TablesDir, "03_expenditure.csv"))
	if err != nil {
		t.Fatal(err)
	}
	code, total := slices.Index(kt.Header, "code"), slices.Index(kt.Header, "合计")
	got := ""
	for _, r := range kt.Rows {
		if r[code] == "2101101" {
			got = r[total]
		}
	}
	if got != "56" {
		t.Errorf("03_expenditure.csv: 2101101 合计 %q, want 56", got)
	}
	x, err := excelize.OpenFile(filepath.Join(dir, id+".xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	defer x.Close()
	rows, err := x.GetRows(x.GetSheetList()[2])
	if err != nil {
		t.Fatal(err)
	}
	got = ""
	for _, r := range rows {
		if slices.Contains(r, "行政单位医疗") && len(r) > 4 {
			got = r[4]
			break
		}
	}
	if got != "56" {
		t.Errorf("workbook table 3: 行政单位医疗 合计 %q, want 56", got)
	}
}

// shot saves a screenshot of the page when BUDGETPDF_SCREENSHOTS names a folder (the
// README's pictures are taken this way: make screenshots).
func shot(t *testing.T, ctx context.Context, name string) {
	dir := os.Getenv("BUDGETPDF_SCREENSHOTS")
	if dir == "" {
		return
	}
	b, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
	if err != nil {
		t.Errorf("screenshot: %v", err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
		t.Error(err)
	}
}
