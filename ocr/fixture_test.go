package ocr

import (
	"cmp"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// The scanned fixtures (fixtures/pdf/<doc>-scan300.pdf, -scan200.pdf) are renderings of the
// born-digital fixture PDFs beside them, tilted about the page centre, noised, sealed and
// JPEG-compressed. Deskewing turns the scan back about the same centre, so the born-digital
// page's text layer (pdftotext -bbox) is the answer key for every word of its scan, at the
// same place. This scores the OCR stage alone, word by word, before tables and normalize.

const fixturesDir = "../fixtures"

// fixtureScan is one scanned fixture and the pages read by default (a bounded set: table
// pages of different layouts; OCR_FIXTURE_PAGES=all reads every table page of the key).
type fixtureScan struct {
	doc, variant string
	pages        []int
	// min are the targets for this resolution.
	minAmounts float64
}

var fixtureScans = []fixtureScan{
	{"hexi-county-agriculture-2026-budget", "scan300", []int{3, 5}, 0.995},
	{"changji-hitech-zone-2026-budget", "scan200", []int{5, 18}, 0.98},
	{"shanghai-culture-2025-budget", "scan200", []int{4}, 0.98},
	{"ningan-statistics-2024-final-accounts", "scan200", []int{6}, 0.98},
}

// tablePages lists the pages of a fixture's key tables.
func tablePages(t testing.TB, doc string) []int {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(fixturesDir, "keys", doc, "manifest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var m struct {
		Tables []struct {
			Pages []int `json:"pages"`
		} `json:"tables"`
	}
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatal(err)
	}
	var ps []int
	for _, tb := range m.Tables {
		ps = append(ps, tb.Pages...)
	}
	slices.Sort(ps)
	return slices.Compact(ps)
}

// TestFixtureScans reads scanned fixture pages through Recognize and scores every amount,
// code and name against the born-digital twin's text layer, with the targets:
// amounts exact ≥ 99.5% at 300 dpi and ≥ 98% at 200 dpi, codes ≥ 99.5%, and no wrong amount
// with a confidence at or above LowConfidence (names: see below).
func TestFixtureScans(t *testing.T) {
	needTool(t, "pdftotext")
	e := newEngine(t)
	all := os.Getenv("OCR_FIXTURE_PAGES") == "all"
	total := newScore()
	for _, fs := range fixtureScans {
		t.Run(fs.doc+"-"+fs.variant, func(t *testing.T) {
			born := filepath.Join(fixturesDir, "pdf", fs.doc+".pdf")
			scan := filepath.Join(fixturesDir, "pdf", fs.doc+"-"+fs.variant+".pdf")
			if _, err := os.Stat(scan); err != nil {
				t.Skipf("scanned fixture missing: %v", err)
			}
			pages := fs.pages
			if all {
				pages = tablePages(t, fs.doc)
			}
			if s := os.Getenv("OCR_FIXTURE_ONLY"); s != "" {
				pages = nil
				for _, f := range strings.Split(s, ",") {
					if doc, p, ok := strings.Cut(f, ":"); ok && doc == fs.doc {
						n, _ := strconv.Atoi(p)
						pages = append(pages, n)
					}
				}
			}
			sc := newScore()
			for _, n := range pages {
				key := textLayer(t, born, n)
				if dir := os.Getenv("OCR_DUMP_DIR"); dir != "" {
					dumpLines(t, dir, fmt.Sprintf("%s-%s-p%02d", fs.doc, fs.variant, n), key)
				}
				page := extractedPage(t, scan, n, extract.VerdictImage)
				err := e.Recognize(scan, page)
				debugLine = nil
				if err != nil {
					t.Fatalf("page %d: %v", n, err)
				}
				ps := scoreWords(key, page.Words, extract.Box{X1: 1e4, Y1: 1e4})
				t.Logf("p%d: %s", n, ps)
				for _, er := range ps.errors {
					t.Logf("   p%d %s", n, er)
				}
				sc.add(ps)
			}
			t.Logf("%s %s: %s", fs.doc, fs.variant, sc)
			total.add(sc)
			if sc.n["amount"] == 0 || sc.n["name"] == 0 {
				t.Fatalf("nothing scored: the key has no amounts or names on pages %v", pages)
			}
			// Names: the 97% is the pipeline's (normalize confirms names against the
			// catalog, `budgetpdf eval`); what the OCR stage reads alone must stay ≥ 90%.
			if sc.rate("amount") < fs.minAmounts || sc.rate("code") < 0.995 || sc.rate("name") < 0.90 || sc.silentWrong > 0 {
				t.Errorf("below target (amounts ≥ %.1f%%, codes ≥ 99.5%%, names ≥ 90%%, 0 silent): %s", 100*fs.minAmounts, sc)
			}
		})
	}
	t.Logf("total: %s", total)
}

// dumpLines (OCR_DUMP_DIR) saves every line crop of the next page recognised, unscaled with
// its margin, and a TSV line per crop: file, the key's text at the line, the decision, the
// text read, line height and em, for experimenting with recognisers offline.
func dumpLines(t *testing.T, dir, prefix string, key []keyWord) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	f, err := os.OpenFile(filepath.Join(dir, "lines.tsv"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	seq := 0
	debugLine = func(a *analysis, bd band, kind, text string, r1, r2 reading) {
		seq++
		b := a.toPage.Bounds(float64(bd.Min.X), float64(bd.Min.Y), float64(bd.Max.X), float64(bd.Max.Y))
		var ks []keyWord
		for _, k := range key {
			cx, cy := (k.box.X0+k.box.X1)/2, (k.box.Y0+k.box.Y1)/2
			if cx >= b.X0-2 && cx <= b.X1+2 && cy >= b.Y0-2 && cy <= b.Y1+2 {
				ks = append(ks, k)
			}
		}
		slices.SortFunc(ks, func(x, y keyWord) int { return cmp.Compare(x.box.X0, y.box.X0) })
		var want strings.Builder
		for _, k := range ks {
			want.WriteString(k.text)
		}
		name := fmt.Sprintf("%s-%04d.png", prefix, seq)
		writePNG(t, filepath.Join(dir, name), a.lineCrop(bd, image.Rect(0, 0, a.clean.w, a.clean.h), 1))
		fmt.Fprintf(f, "%s\t%s\t%s\t%s\t%d\t%.1f\t%.0f\n", name, want.String(), kind, text, bd.Dy(), a.emHeight(), a.dpi)
	}
}

// writePNG saves a grey image (line crops for offline experiments).
func writePNG(t testing.TB, path string, g *gray) {
	img := image.NewGray(image.Rect(0, 0, g.w, g.h))
	copy(img.Pix, g.pix)
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	if err := png.Encode(f, img); err != nil {
		t.Fatal(err)
	}
}
