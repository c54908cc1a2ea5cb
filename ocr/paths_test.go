package ocr

// Tests for the paths the corpus and the fixtures do not reach on their own: a table image
// turned 180° or 270° on its page, a scanned table printed without ruling lines, and pages
// that need pdftoppm on a machine without it. Each test builds its input from a real page
// image (a scanned fixture, or a rendered corpus page) cropped around the page centre, so
// it stays small enough to read in a few seconds.

import (
	"bytes"
	"fmt"
	"image"
	"image/draw"
	"image/jpeg"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/tables"
)

// placedImagePDF writes a one-page PDF of pageW×pageH points showing a JPEG (grey or RGB)
// at box (page frame, y down), as a scanner that keeps a partial scan where it lay.
func placedImagePDF(jpg []byte, grey bool, pxW, pxH int, pageW, pageH float64, box extract.Box) []byte {
	cs := "/DeviceRGB"
	if grey {
		cs = "/DeviceGray"
	}
	content := fmt.Sprintf("q %.4f 0 0 %.4f %.4f %.4f cm /Im0 Do Q", box.X1-box.X0, box.Y1-box.Y0, box.X0, pageH-box.Y1)
	var b bytes.Buffer
	var offs []int
	obj := func(format string, args ...any) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj ", len(offs))
		fmt.Fprintf(&b, format, args...)
		b.WriteString(" endobj\n")
	}
	b.WriteString("%PDF-1.4\n")
	obj("<< /Type /Catalog /Pages 2 0 R >>")
	obj("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	obj("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.4f %.4f] /Resources << /XObject << /Im0 5 0 R >> >> /Contents 4 0 R >>", pageW, pageH)
	obj("<< /Length %d >> stream\n%s\nendstream", len(content), content)
	obj("<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace %s /BitsPerComponent 8 /Filter /DCTDecode /Length %d >> stream\n%s\nendstream", pxW, pxH, cs, len(jpg), jpg)
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer << /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	return b.Bytes()
}

// turnImage turns an image clockwise by k quarter turns (Go image code, independent of the
// package's own rotation).
func turnImage(src image.Image, k int) *image.RGBA {
	b := src.Bounds()
	w, h := b.Dx(), b.Dy()
	k = ((k % 4) + 4) % 4
	dw, dh := w, h
	if k%2 == 1 {
		dw, dh = h, w
	}
	dst := image.NewRGBA(image.Rect(0, 0, dw, dh))
	for v := 0; v < h; v++ {
		for u := 0; u < w; u++ {
			var x, y int
			switch k {
			case 0:
				x, y = u, v
			case 1:
				x, y = h-1-v, u
			case 2:
				x, y = w-1-u, h-1-v
			case 3:
				x, y = v, w-1-u
			}
			dst.Set(x, y, src.At(b.Min.X+u, b.Min.Y+v))
		}
	}
	return dst
}

// turnBox maps a box of a W×H upright page to the page turned clockwise by k quarter turns.
func turnBox(bx extract.Box, k int, w, h float64) extract.Box {
	pt := func(x, y float64) (float64, float64) {
		switch ((k % 4) + 4) % 4 {
		case 1:
			return h - y, x
		case 2:
			return w - x, h - y
		case 3:
			return y, w - x
		}
		return x, y
	}
	x0, y0 := pt(bx.X0, bx.Y0)
	x1, y1 := pt(bx.X1, bx.Y1)
	return extract.Box{X0: math.Min(x0, x1), Y0: math.Min(y0, y1), X1: math.Max(x0, x1), Y1: math.Max(y0, y1)}
}

// keyInside keeps the key words lying inside box with a margin (a word cut by the crop
// edge cannot be read, and a tilted scan moves words near the edge by a few points).
func keyInside(key []keyWord, box extract.Box, margin float64) []keyWord {
	var out []keyWord
	for _, k := range key {
		if k.box.X0 >= box.X0+margin && k.box.X1 <= box.X1-margin && k.box.Y0 >= box.Y0+margin && k.box.Y1 <= box.Y1-margin {
			out = append(out, k)
		}
	}
	return out
}

// encodeJPEG compresses an image the way a scanner stores it.
func encodeJPEG(t testing.TB, img image.Image, quality int) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := jpeg.Encode(&buf, img, &jpeg.Options{Quality: quality}); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

// fixtureScanImage returns the pixels of a scanned fixture page (the scanner's JPEG, as
// placed full-page) with the page's size in points.
func fixtureScanImage(t testing.TB, pdf string, n int) (image.Image, float64, float64) {
	t.Helper()
	page := extractedPage(t, pdf, n, extract.VerdictImage)
	if len(page.Images) != 1 {
		t.Fatalf("%s p%d: %d images, want the one scan", pdf, n, len(page.Images))
	}
	ctx, err := openPDF(pdf)
	if err != nil {
		t.Fatal(err)
	}
	img, err := imagePixels(ctx, page.Images[0])
	if err != nil {
		t.Fatal(err)
	}
	return img, page.Width, page.Height
}

// centreCrop cuts the part of a full-page image that covers fx×fy of the page around its
// centre, and returns it with its box on the page. Centred, because a tilted scan is
// deskewed about the raster's centre: the crop's centre must be the page's for the words
// to come back where the born-digital twin prints them.
func centreCrop(img image.Image, pageW, pageH, fx, fy float64) (*image.RGBA, extract.Box) {
	b := img.Bounds()
	cw, ch := int(float64(b.Dx())*fx)/2*2, int(float64(b.Dy())*fy)/2*2
	r := image.Rect((b.Dx()-cw)/2, (b.Dy()-ch)/2, (b.Dx()+cw)/2, (b.Dy()+ch)/2).Add(b.Min)
	out := image.NewRGBA(image.Rect(0, 0, cw, ch))
	draw.Draw(out, out.Rect, img, r.Min, draw.Src)
	sx, sy := pageW/float64(b.Dx()), pageH/float64(b.Dy())
	return out, extract.Box{X0: float64(r.Min.X-b.Min.X) * sx, Y0: float64(r.Min.Y-b.Min.Y) * sy, X1: float64(r.Max.X-b.Min.X) * sx, Y1: float64(r.Max.Y-b.Min.Y) * sy}
}

// TestRotatedContentTurnedBack turns a real scanned table (the centre of a 300 dpi fixture
// page: tilt, noise and JPEG of the fixture's scanner) by 180° and 270° on its page, and
// checks that the OCR stage finds the turn, turns the page frame back so the boxes land
// where the born-digital twin prints its words, and reads the amounts and codes. (The 90°
// case is the real Changsha scan: TestChangshaRotatedTable.)
func TestRotatedContentTurnedBack(t *testing.T) {
	needTool(t, "pdftotext")
	const doc, pageNo = "hexi-county-agriculture-2026-budget", 5
	scan := filepath.Join(fixturesDir, "pdf", doc+"-scan300.pdf")
	twin := filepath.Join(fixturesDir, "pdf", doc+".pdf")
	img, w, h := fixtureScanImage(t, scan, pageNo)
	crop, box := centreCrop(img, w, h, 0.8, 0.45)
	key := keyInside(textLayer(t, twin, pageNo), box, 12)
	e := newEngine(t)
	cases := []struct {
		name       string
		turn       int // content turned clockwise by this many quarter turns
		wantRotate int // the page frame's /Rotate after OCR turned it back
	}{
		{"upright", 0, 0},
		{"180", 2, 180},
		{"270", 3, 90},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pw, ph := w, h
			if c.turn%2 == 1 {
				pw, ph = h, w
			}
			turned := turnImage(crop, c.turn)
			gray := image.NewGray(turned.Rect)
			draw.Draw(gray, gray.Rect, turned, image.Point{}, draw.Src)
			path := filepath.Join(t.TempDir(), "turned.pdf")
			pdf := placedImagePDF(encodeJPEG(t, gray, 90), true, gray.Rect.Dx(), gray.Rect.Dy(), pw, ph, turnBox(box, c.turn, w, h))
			if err := os.WriteFile(path, pdf, 0o644); err != nil {
				t.Fatal(err)
			}
			page := extractedPage(t, path, 1, extract.VerdictImage)
			if err := e.Recognize(path, page); err != nil {
				t.Fatal(err)
			}
			if page.Rotate != c.wantRotate || math.Abs(page.Width-w) > 0.5 || math.Abs(page.Height-h) > 0.5 {
				t.Fatalf("page frame after OCR: %gx%g rotate %d; want the upright %gx%g, rotate %d (notes %q)", page.Width, page.Height, page.Rotate, w, h, c.wantRotate, page.Notes)
			}
			sc := scoreWords(key, page.Words, extract.Box{X1: page.Width, Y1: page.Height})
			t.Log(sc)
			for _, er := range sc.errors {
				t.Log("  ", er)
			}
			if sc.n["amount"] < 40 || sc.rate("amount") < 0.98 || sc.rate("code") < 0.98 || sc.silentWrong > 0 {
				t.Errorf("turned %d°: %s", 90*c.turn, sc)
			}
		})
	}
}

// eraseRules paints the page's vector ruling lines white on its rendering (px per point
// s), leaving a table whose columns only alignment shows.
func eraseRules(img *image.RGBA, rules []extract.Rule, s float64) {
	for _, r := range rules {
		pad := r.Width/2*s + 2
		x0, y0 := int(math.Floor(r.X0*s-pad)), int(math.Floor(r.Y0*s-pad))
		x1, y1 := int(math.Ceil(r.X1*s+pad)), int(math.Ceil(r.Y1*s+pad))
		draw.Draw(img, image.Rect(x0, y0, x1, y1).Intersect(img.Rect), image.White, image.Point{}, draw.Src)
	}
}

// TestBorderlessScannedTable renders a born-digital table page without its ruling lines
// (a table printed by alignment only), scans it, and checks the no-grid path: the OCR
// stage finds no ruled table, reads the ink as word boxes line by line, and the tables
// stage aligns those words into a table whose amount cells hold the printed amounts beside
// the printed names.
func TestBorderlessScannedTable(t *testing.T) {
	needTool(t, "pdftoppm")
	needTool(t, "pdftotext")
	const dpi = 300
	src := corpusFile(t, "putuo-govoffice-2025-budget.pdf")
	const pageNo = 9
	born := extractedPage(t, src, pageNo, extract.VerdictText)
	if len(born.Rules) < 20 {
		t.Fatalf("%s p%d: %d rules; the test needs the ruled table to erase them", src, pageNo, len(born.Rules))
	}
	s := float64(dpi) / 72
	rgb := renderRGB(t, src, pageNo, dpi)
	eraseRules(rgb, born.Rules, s)
	// The table and its title, without the page margins.
	var area extract.Box
	for i, r := range born.Rules {
		b := extract.Box{X0: r.X0, Y0: r.Y0, X1: r.X1, Y1: r.Y1}
		if i == 0 {
			area = b
		}
		area = extract.Box{X0: math.Min(area.X0, b.X0), Y0: math.Min(area.Y0, b.Y0), X1: math.Max(area.X1, b.X1), Y1: math.Max(area.Y1, b.Y1)}
	}
	area = extract.Box{X0: area.X0 - 6, Y0: area.Y0 - 40, X1: area.X1 + 6, Y1: area.Y1 + 6}
	px := image.Rect(int(area.X0*s), int(area.Y0*s), int(area.X1*s), int(area.Y1*s)).Intersect(rgb.Rect)
	crop := image.NewRGBA(image.Rect(0, 0, px.Dx(), px.Dy()))
	draw.Draw(crop, crop.Rect, rgb, px.Min, draw.Src)
	box := extract.Box{X0: float64(px.Min.X) / s, Y0: float64(px.Min.Y) / s, X1: float64(px.Max.X) / s, Y1: float64(px.Max.Y) / s}
	jpg := degrade(crop, scanStyle{dpi: dpi, noise: 5, quality: 80, seed: 3})
	path := filepath.Join(t.TempDir(), "borderless.pdf")
	if err := os.WriteFile(path, placedImagePDF(jpg, false, px.Dx(), px.Dy(), born.Width, born.Height, box), 0o644); err != nil {
		t.Fatal(err)
	}

	e := newEngine(t)
	page := extractedPage(t, path, 1, extract.VerdictImage)
	if err := e.Recognize(path, page); err != nil {
		t.Fatal(err)
	}
	if len(page.Rules) > 2 || !notesContain(page.Notes, "0 ruled table(s)") {
		t.Fatalf("the borderless scan was read as ruled: %d rules, notes %q", len(page.Rules), page.Notes)
	}
	key := keyInside(textLayer(t, src, pageNo), box, 0)
	sc := scoreWords(key, page.Words, extract.Box{X1: page.Width, Y1: page.Height})
	t.Log("OCR words: ", sc)
	for _, er := range sc.errors {
		t.Log("  ", er)
	}
	if sc.n["amount"] < 20 || sc.rate("amount") < 0.95 || sc.silentWrong > 0 {
		t.Errorf("borderless scan, words: %s", sc)
	}

	// The tables stage aligns the words: every printed amount must land in an amount
	// column's cell, on the row of the name printed on its line.
	page.Number = 1
	tdoc := tables.Build(path, []*extract.Page{page})
	var tb *tables.Table
	for _, x := range tdoc.Tables {
		if tb == nil || len(x.Rows) > len(tb.Rows) {
			tb = x
		}
	}
	if tb == nil {
		t.Fatalf("tables stage found no table on the borderless scan (problems %v)", tdoc.Problems)
	}
	// (Grid says "ocr" for every table read from OCR words; the page has no rules, so the
	// columns come from the alignment of the words.)
	t.Logf("table %q: grid %s, %d columns, %d rows", tb.Title, tb.Grid, len(tb.Columns), len(tb.Rows))
	amounts, placed, named := 0, 0, 0
	for _, k := range joinSpacedWords(key) {
		if wordKind(k.text) != "amount" {
			continue
		}
		amounts++
		row, col := cellAt(tb, k.box)
		if row < 0 {
			t.Logf("amount %q: in no cell", k.text)
			continue
		}
		cell := strings.ReplaceAll(tb.Rows[row].Cells[col].Text, " ", "")
		if tb.Columns[col].Role != tables.RoleAmount || cell != k.text {
			t.Logf("amount %q: cell %q in column %q (%s)", k.text, cell, tb.Columns[col].Path, tb.Columns[col].Role)
			continue
		}
		placed++
		// Alignment, not the reading of the name: the name printed on the amount's line
		// must be in the same row.
		if name, ok := keyNameOnLine(key, k); ok {
			if nr, _ := cellAt(tb, name.box); nr == row {
				named++
			} else {
				t.Logf("amount %q: in row %d, its name %q in row %d", k.text, row, name.text, nr)
			}
		}
	}
	t.Logf("amounts in amount cells: %d/%d, on their name's row: %d", placed, amounts, named)
	if amounts < 20 || float64(placed) < 0.95*float64(amounts) || named < placed*95/100 {
		t.Errorf("tables stage on the borderless scan: %d/%d amounts in amount cells, %d on their name's row", placed, amounts, named)
	}
}

func notesContain(notes []string, s string) bool {
	for _, n := range notes {
		if strings.Contains(n, s) {
			return true
		}
	}
	return false
}

// cellAt finds the table cell holding a fragment centred inside the key box.
func cellAt(tb *tables.Table, k extract.Box) (int, int) {
	for ri, r := range tb.Rows {
		for ci, c := range r.Cells {
			for _, f := range c.Fragments {
				cx, cy := (f.Box.X0+f.Box.X1)/2, (f.Box.Y0+f.Box.Y1)/2
				if cx >= k.X0-4 && cx <= k.X1+4 && cy >= k.Y0-3 && cy <= k.Y1+3 {
					return ri, ci
				}
			}
		}
	}
	return -1, -1
}

// keyNameOnLine is the Chinese name printed left of an amount on its line.
func keyNameOnLine(key []keyWord, amount keyWord) (keyWord, bool) {
	cy := (amount.box.Y0 + amount.box.Y1) / 2
	for _, k := range joinSpacedWords(key) {
		if wordKind(k.text) == "name" && k.box.X1 < amount.box.X0 && k.box.Y0 < cy && k.box.Y1 > cy {
			return k, true
		}
	}
	return keyWord{}, false
}

// TestRenderingWithoutPdftoppm: on a machine without pdftoppm, every page that must be
// rendered (undecodable text, a JPEG 2000 or an inline image) fails alone with an error
// that says so, and a scanned page whose JPEG is read directly still comes out.
func TestRenderingWithoutPdftoppm(t *testing.T) {
	needTool(t, "pdftotext")
	planning := corpusFile(t, "putuo-planning-2024-final-accounts.pdf")
	const doc, pageNo = "hexi-county-agriculture-2026-budget", 5
	img, w, h := fixtureScanImage(t, filepath.Join(fixturesDir, "pdf", doc+"-scan300.pdf"), pageNo)
	crop, box := centreCrop(img, w, h, 0.8, 0.2)
	key := keyInside(textLayer(t, filepath.Join(fixturesDir, "pdf", doc+".pdf"), pageNo), box, 12)
	gray := image.NewGray(crop.Rect)
	draw.Draw(gray, gray.Rect, crop, image.Point{}, draw.Src)
	scan := filepath.Join(t.TempDir(), "scan.pdf")
	if err := os.WriteFile(scan, placedImagePDF(encodeJPEG(t, gray, 90), true, gray.Rect.Dx(), gray.Rect.Dy(), w, h, box), 0o644); err != nil {
		t.Fatal(err)
	}
	e := newEngine(t)
	t.Setenv("PATH", t.TempDir()) // nothing on it: pdftoppm is not installed
	if _, err := exec.LookPath("pdftoppm"); err == nil {
		t.Fatal("pdftoppm still found")
	}
	cases := []struct {
		name string
		pdf  string
		page int
		edit func(*extract.Page)
		// wantErr is what the error must say; "" when the page must be read.
		wantErr string
	}{
		{"undecodable text layer", planning, 8, func(p *extract.Page) { p.Verdict = extract.VerdictUndecodable }, "pdftoppm is not installed"},
		{"JPEG 2000 image", scan, 1, func(p *extract.Page) { p.Images[0].Filter = "JPXDecode" }, "pdftoppm is not installed"},
		{"inline image", scan, 1, func(p *extract.Page) { p.Images[0].ObjNum, p.Images[0].Name = 0, "(inline)" }, "pdftoppm is not installed"},
		{"JPEG scan, read directly", scan, 1, nil, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			page := extractedPage(t, c.pdf, c.page, "")
			if c.edit != nil {
				c.edit(page)
			}
			err := e.Recognize(c.pdf, page)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("Recognize: error %v, want one saying %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("Recognize: %v", err)
			}
			sc := scoreWords(key, page.Words, extract.Box{X1: page.Width, Y1: page.Height})
			t.Log(sc)
			if sc.n["amount"] < 15 || sc.rate("amount") < 0.95 || sc.silentWrong > 0 {
				t.Errorf("scan read without pdftoppm: %s", sc)
			}
		})
	}
}
