package pipeline

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/ocr"
)

// undecodableAmounts are printed on page 1 of the synthetic PDF through a Type3 font whose
// glyphs have private names and no ToUnicode: a reader of the text layer gets nothing
// sensible (extract's verdict is undecodable), yet the page shows the figures — each
// glyph procedure draws the digit with Helvetica.
var undecodableAmounts = []string{"12,345.67", "890.12", "4,056,789.30"}

// undecodablePDF writes a two-page PDF: page 1 prints undecodableAmounts in the Type3 font,
// page 2 a line in plain Helvetica (a page that needs no OCR). The builder is a copy of the
// minimal one in extract's tests (writePDF), extended to several pages.
func undecodablePDF(t *testing.T) string {
	t.Helper()
	const chars = ",.0123456789"
	var objs []string // numbered from 1
	add := func(body string) int {
		objs = append(objs, body)
		return len(objs)
	}
	stream := func(data string) string {
		return fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(data), data)
	}
	add("<< /Type /Catalog /Pages 2 0 R >>")
	add("") // pages, filled below
	helv := add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
	var procs, diffs, widths strings.Builder
	for i, c := range chars {
		// Helvetica widths: comma and period 278, digits 556 (glyph space 1/1000 em).
		wd := 556
		if c == ',' || c == '.' {
			wd = 278
		}
		n := add(stream(fmt.Sprintf("%d 0 d0 BT /H 1000 Tf 0 0 Td (%c) Tj ET", wd, c)))
		fmt.Fprintf(&procs, "/g%d %d 0 R ", i, n)
		fmt.Fprintf(&diffs, "%d /g%d ", c, i)
	}
	// Codes 44 ',' .. 57 '9': widths for every code in FirstChar..LastChar.
	for c := 44; c <= 57; c++ {
		switch {
		case c == ',' || c == '.':
			widths.WriteString("278 ")
		case c >= '0':
			widths.WriteString("556 ")
		default:
			widths.WriteString("0 ")
		}
	}
	t3 := add(fmt.Sprintf("<< /Type /Font /Subtype /Type3 /FontBBox [0 -200 1000 800] /FontMatrix [0.001 0 0 0.001 0 0]"+
		" /CharProcs << %s>> /Encoding << /Type /Encoding /Differences [%s] >> /FirstChar 44 /LastChar 57 /Widths [%s]"+
		" /Resources << /Font << /H %d 0 R >> >> >>", procs.String(), diffs.String(), widths.String(), helv))
	var c1 strings.Builder
	for i, a := range undecodableAmounts {
		fmt.Fprintf(&c1, "BT /T 16 Tf 1 0 0 1 120 %d Tm (%s) Tj ET\n", 700-40*i, a)
	}
	content1 := add(stream(c1.String()))
	content2 := add(stream("BT /H 14 Tf 1 0 0 1 72 700 Tm (Page two is plain text) Tj ET"))
	page1 := add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /T %d 0 R >> >> /Contents %d 0 R >>", t3, content1))
	page2 := add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Resources << /Font << /H %d 0 R >> >> /Contents %d 0 R >>", helv, content2))
	objs[1] = fmt.Sprintf("<< /Type /Pages /Kids [%d 0 R %d 0 R] /Count 2 >>", page1, page2)

	var b strings.Builder
	b.WriteString("%PDF-1.7\n")
	offs := make([]int, len(objs))
	for i, o := range objs {
		offs[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	path := filepath.Join(t.TempDir(), "undecodable.pdf")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

// TestUndecodablePageThroughOCR: a page extract marks undecodable goes through OCR by
// itself in Run (its words then come from the OCR, with the printed figures); without OCR,
// or without pdftoppm to render it, it is a failed page naming file and page, and the
// document's other page still comes out.
func TestUndecodablePageThroughOCR(t *testing.T) {
	if _, err := exec.LookPath("pdftoppm"); err != nil {
		t.Skip("pdftoppm not installed: undecodable pages cannot be rendered")
	}
	path := undecodablePDF(t)
	f, err := extract.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	p1, err := f.Page(1)
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	if p1.Verdict != extract.VerdictUndecodable {
		t.Fatalf("synthetic page 1: verdict %s (%q), want undecodable", p1.Verdict, p1.Notes)
	}
	eng, err := ocr.New(ocr.Options{})
	if err != nil {
		t.Skipf("OCR engine unavailable: %v", err)
	}
	defer eng.Close()

	cases := []struct {
		name    string
		opts    Options
		noPath  bool   // PATH without pdftoppm
		problem string // what the page-1 problem must say; "" when page 1 must be read
	}{
		{name: "OCR on", opts: Options{OCR: eng}},
		{name: "--no-ocr", opts: Options{}, problem: "page is undecodable and OCR is off"},
		{name: "pdftoppm missing", opts: Options{OCR: eng}, noPath: true, problem: "pdftoppm is not installed"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if c.noPath {
				t.Setenv("PATH", t.TempDir())
			}
			res, err := Run(path, c.opts)
			if err != nil {
				t.Fatal(err)
			}
			if len(res.Pages) != 2 || res.Pages[1] == nil || !slices.ContainsFunc(res.Pages[1].Words, func(w extract.Word) bool { return w.Text == "plain" }) {
				t.Fatalf("page 2 (plain text) did not come out")
			}
			page := res.Pages[0]
			var onPage1 []string
			for _, p := range res.Tables.Problems {
				if p.Page == 1 {
					onPage1 = append(onPage1, p.Message)
				}
			}
			if c.problem != "" {
				want := fmt.Sprintf("%s: page 1: ", path)
				if len(onPage1) != 1 || !strings.HasPrefix(onPage1[0], want) || !strings.Contains(onPage1[0], c.problem) {
					t.Fatalf("problems on page 1: %q; want one starting %q and saying %q", onPage1, want, c.problem)
				}
				if slices.ContainsFunc(page.Words, func(w extract.Word) bool { return w.Source == extract.SourceOCR }) {
					t.Error("page 1 has OCR words although it was not recognised")
				}
				return
			}
			if len(onPage1) > 0 {
				t.Fatalf("page 1 failed: %q", onPage1)
			}
			var texts []string
			for _, w := range page.Words {
				if w.Source != extract.SourceOCR || w.Confidence <= 0 || w.Confidence > 1 {
					t.Errorf("word %+v: want source ocr with a confidence", w)
				}
				texts = append(texts, w.Text)
			}
			t.Logf("page 1 read by OCR: %q", texts)
			for _, a := range undecodableAmounts {
				if !slices.Contains(texts, a) {
					t.Errorf("amount %s not read from the rendered page (words %q)", a, texts)
				}
			}
		})
	}
}
