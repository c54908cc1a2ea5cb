package ocr

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// scanCase is a born-digital corpus page whose scan is read and scored.
type scanCase struct {
	file string
	page int
}

// scanCases are table pages of different layouts: 元 with separators and 类/款/项 code
// columns (govoffice), a two-sided summary (govoffice p8), 万元 final accounts (finance),
// wrapped numbers in narrow cells (hangzhou).
var scanCases = []scanCase{
	{"putuo-govoffice-2025-budget.pdf", 9},
	{"putuo-govoffice-2025-budget.pdf", 8},
}

// recognizeScan makes a scan of one page in the given style, wraps it in a PDF and runs it
// through Engine.Recognize as the pipeline would.
func recognizeScan(t testing.TB, e *Engine, c scanCase, st scanStyle) (*extract.Page, []keyWord) {
	t.Helper()
	pdf := corpusFile(t, c.file)
	src := renderRGB(t, pdf, c.page, st.dpi)
	jpg := degrade(src, st)
	dir := os.Getenv("OCR_SCAN_DIR") // keep the scans, for TestDebugPage
	if dir == "" {
		dir = t.TempDir()
	}
	path := filepath.Join(dir, fmt.Sprintf("%s-p%d-%d.pdf", strings.TrimSuffix(c.file, ".pdf"), c.page, st.dpi))
	if err := os.WriteFile(path, imagePDF(jpg, src.Rect.Dx(), src.Rect.Dy(), float64(st.dpi), 0), 0o644); err != nil {
		t.Fatal(err)
	}
	page := extractedPage(t, path, 1, extract.VerdictImage)
	if err := e.Recognize(path, page); err != nil {
		t.Fatalf("%s p%d: %v", c.file, c.page, err)
	}
	return page, textLayer(t, pdf, c.page)
}

func TestScanAccuracy(t *testing.T) {
	needTool(t, "pdftoppm")
	needTool(t, "pdftotext")
	e, err := New(Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer e.Close()
	for _, st := range []struct {
		name  string
		style scanStyle
		min   float64
	}{
		// 32 amounts per style: one doubtful (flagged) amount is 3%. The targets
		// are measured on the scanned fixtures (TestFixtureScans, `budgetpdf eval`); this
		// guards real pages scanned another way, under a seal on purpose.
		{"scan300", scan300, 0.95}, {"scan200", scan200, 0.95},
	} {
		total := newScore()
		for _, c := range scanCases {
			page, key := recognizeScan(t, e, c, st.style)
			sc := scoreWords(key, page.Words, extract.Box{X0: 0, Y0: 0, X1: page.Width, Y1: page.Height})
			t.Logf("%s %s p%d: %s", st.name, c.file, c.page, sc)
			if os.Getenv("OCR_WORDS") != "" {
				for _, n := range page.Notes {
					t.Log(n)
				}
				for _, w := range page.Words {
					if w.X0 < 100 {
						t.Logf("%.1f %.1f %.1f %.1f %q %.2f", w.X0, w.Y0, w.X1, w.Y1, w.Text, w.Confidence)
					}
				}
			}
			for _, er := range sc.errors {
				t.Logf("   %s", er)
			}
			total.add(sc)
		}
		t.Logf("%s total: %s", st.name, total)
		if total.n["amount"] == 0 || total.rate("amount") < st.min || total.silentWrong > 0 {
			t.Errorf("%s: amounts below %.1f%% or wrong amounts not flagged: %s", st.name, 100*st.min, total)
		}
	}
}
