//go:build ocrdebug

package ocr

import (
	"fmt"
	"image"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/budgetpdf/budgetpdf/extract"
)

// TestDebugBinarise dumps the grey raster, its Sauvola ink and its lenient ink (faint.go)
// of one page, whole and cropped (OCR_DEBUG_CROP=x0,y0,x1,y1 in raster px), and logs the
// ruling of each and the time of the lenient pass (OCR_DEBUG_PDF, OCR_DEBUG_PAGE,
// OCR_DEBUG_DIR, OCR_DEBUG_CONTRAST: default Settings.FaintRuleContrast): for pages whose
// table is lost.
func TestDebugBinarise(t *testing.T) {
	pdf := os.Getenv("OCR_DEBUG_PDF")
	if pdf == "" {
		t.Skip("OCR_DEBUG_PDF not set (a debugging aid)")
	}
	n, _ := strconv.Atoi(os.Getenv("OCR_DEBUG_PAGE"))
	dir := os.Getenv("OCR_DEBUG_DIR")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	e := newEngine(t)
	page := extractedPage(t, pdf, n, "")
	rs, _, err := e.pageRasters(pdf, page)
	if err != nil {
		t.Fatal(err)
	}
	for i, r := range rs {
		a := prepare(r.g, r.toPage, r.dpi, true, &defaultSettings)
		writePNG(t, filepath.Join(dir, strconv.Itoa(i)+"-gray.png"), a.g)
		ink := &gray{w: a.g.w, h: a.g.h, pix: make([]uint8, a.g.w*a.g.h)}
		tile := max(16, int(r.dpi/8))
		b := a.g.binarize(tile)
		for j, v := range b.ink {
			if !v {
				ink.pix[j] = 255
			}
		}
		writePNG(t, filepath.Join(dir, strconv.Itoa(i)+"-ink.png"), ink)
		crop := image.Rect(150, 150, 1250, 600)
		if c := os.Getenv("OCR_DEBUG_CROP"); c != "" {
			var x0, y0, x1, y1 int
			if _, err := fmt.Sscanf(c, "%d,%d,%d,%d", &x0, &y0, &x1, &y1); err != nil {
				t.Fatal(err)
			}
			crop = image.Rect(x0, y0, x1, y1)
		}
		writePNG(t, filepath.Join(dir, strconv.Itoa(i)+"-gray-crop.png"), a.g.crop(crop))
		writePNG(t, filepath.Join(dir, strconv.Itoa(i)+"-ink-crop.png"), ink.crop(crop))
		writePNG(t, filepath.Join(dir, strconv.Itoa(i)+"-clean.png"), a.clean)
		con := defaultSettings.FaintRuleContrast
		if c := os.Getenv("OCR_DEBUG_CONTRAST"); c != "" {
			con, _ = strconv.Atoi(c)
		}
		fb := a.g.faintInk(tile, con)
		fink := &gray{w: a.g.w, h: a.g.h, pix: make([]uint8, a.g.w*a.g.h)}
		for j, v := range fb.ink {
			if !v {
				fink.pix[j] = 255
			}
		}
		writePNG(t, filepath.Join(dir, strconv.Itoa(i)+"-faint-crop.png"), fink.crop(crop))
		frl := detectRuling(fb, r.dpi)
		start := time.Now()
		sb := a.g.binarize(tile)
		sb.despeckle(speckArea(r.dpi))
		srl := detectRuling(sb, r.dpi)
		mid := time.Now()
		faintRuling(a.g, srl, tile, r.dpi, defaultSettings)
		t.Logf("Sauvola ink and ruling %v, lenient pass %v", mid.Sub(start), time.Since(mid))
		tol := max(4, int(r.dpi/40))
		t.Logf("Sauvola ruling: %d h, %d v, %d cells; lenient ruling: %d h, %d v, %d cells", len(srl.h), len(srl.v), gridCells(buildGrids(srl, tol)), len(frl.h), len(frl.v), gridCells(buildGrids(frl, tol)))
		t.Logf("raster %d: %dx%d dpi %.0f skew %.2f°: used %d h, %d v rules, %d grids (lenient: %v)", i, a.g.w, a.g.h, r.dpi, a.skew*57.2958, len(a.rl.h), len(a.rl.v), len(a.grids), a.faint)
		hist := make([]int, 26)
		for _, v := range a.g.pix {
			hist[v/10]++
		}
		t.Logf("grey histogram /10: %v", hist)
	}
}

// TestDebugProfile prints the grey levels down one column and along one row of the
// deskewed raster (OCR_DEBUG_X, OCR_DEBUG_Y).
func TestDebugProfile(t *testing.T) {
	pdf := os.Getenv("OCR_DEBUG_PDF")
	if pdf == "" {
		t.Skip("OCR_DEBUG_PDF not set (a debugging aid)")
	}
	n, _ := strconv.Atoi(os.Getenv("OCR_DEBUG_PAGE"))
	x0, _ := strconv.Atoi(os.Getenv("OCR_DEBUG_X"))
	y0, _ := strconv.Atoi(os.Getenv("OCR_DEBUG_Y"))
	e := newEngine(t)
	page := extractedPage(t, pdf, n, "")
	rs, _, err := e.pageRasters(pdf, page)
	if err != nil {
		t.Fatal(err)
	}
	a := prepare(rs[0].g, rs[0].toPage, rs[0].dpi, true, &defaultSettings)
	var col, row []uint8
	for y := y0; y < min(a.g.h, y0+300); y++ {
		col = append(col, a.g.pix[y*a.g.w+x0])
	}
	for x := x0; x < min(a.g.w, x0+300); x++ {
		row = append(row, a.g.pix[y0*a.g.w+x])
	}
	t.Logf("column x=%d from y=%d: %v", x0, y0, col)
	t.Logf("row y=%d from x=%d: %v", y0, x0, row)
}

// TestDebugFaintPages lists, for every page of the PDFs in OCR_DEBUG_PDFS (space
// separated), whether its ruling comes from the lenient ink (faint.go): a page that does
// not is recognised exactly as without the rule.
func TestDebugFaintPages(t *testing.T) {
	pdfs := strings.Fields(os.Getenv("OCR_DEBUG_PDFS"))
	if len(pdfs) == 0 {
		t.Skip("OCR_DEBUG_PDFS not set (a debugging aid)")
	}
	e := newEngine(t)
	for _, pdf := range pdfs {
		doc, err := extract.Open(pdf)
		if err != nil {
			t.Fatal(err)
		}
		pages := doc.NumPages()
		doc.Close()
		var faint []int
		for n := 1; n <= pages; n++ {
			page := extractedPage(t, pdf, n, "")
			rs, _, err := e.pageRasters(pdf, page)
			if err != nil {
				continue
			}
			for _, r := range rs {
				if prepare(r.g, r.toPage, r.dpi, true, &defaultSettings).faint {
					faint = append(faint, n)
				}
			}
		}
		t.Logf("%s: %d pages, lenient ruling on pages %v", filepath.Base(pdf), pages, faint)
	}
}
