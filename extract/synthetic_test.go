package extract

import (
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// writePDF writes a one-page PDF: page holds extra page-dictionary entries, content the
// content stream, objs further objects numbered from 4 ("4 0 R" …).
func writePDF(t *testing.T, page, content string, objs ...string) string {
	t.Helper()
	var b strings.Builder
	var offs []int
	add := func(body string) {
		offs = append(offs, b.Len())
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", len(offs), body)
	}
	b.WriteString("%PDF-1.7\n")
	add("<< /Type /Catalog /Pages 2 0 R >>")
	add("<< /Type /Pages /Kids [3 0 R] /Count 1 >>")
	add(fmt.Sprintf("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 600 800] /Contents %d 0 R %s >>", 4+len(objs), page))
	for _, o := range objs {
		add(o)
	}
	add(fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(content)+1, content))
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(offs)+1)
	for _, o := range offs {
		fmt.Fprintf(&b, "%010d 00000 n \n", o)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(offs)+1, xref)
	path := filepath.Join(t.TempDir(), "t.pdf")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

const (
	helvetica = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>"
	// A Type0 font with Identity-H, no ToUnicode and nothing embedded: codes are glyph ids
	// of an unknown font, so they cannot be read.
	opaqueCID = "<< /Type /Font /Subtype /Type0 /BaseFont /Unknown /Encoding /Identity-H /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Unknown /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>] >>"
	// The same with a ToUnicode mapping 0001..0003 to 预算表.
	mappedCID = "<< /Type /Font /Subtype /Type0 /BaseFont /Mapped /Encoding /Identity-H /ToUnicode 5 0 R /DescendantFonts [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /Mapped /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>] >>"
)

func stream(dict, data string) string {
	return fmt.Sprintf("<< %s /Length %d >>\nstream\n%s\nendstream", dict, len(data), data)
}

const cmap123 = "begincmap 1 begincodespacerange <0000> <FFFF> endcodespacerange 1 beginbfrange <0001> <0003> [<9884> <7B97> <8868>] endbfrange endcmap"

func extractOne(t *testing.T, path string) *Page {
	t.Helper()
	f, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	p, err := f.Page(1)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestSyntheticPages(t *testing.T) {
	type want struct {
		verdict Verdict
		words   []Word // Text and box (±0.01) compared; Invisible too
		rules   int
		images  int
		check   func(t *testing.T, p *Page)
	}
	cases := []struct {
		name, page, content string
		objs                []string
		want                want
	}{
		{
			name:    "kerning, char and word spacing, scaling",
			page:    "/Resources << /Font << /F1 4 0 R >> >>",
			content: "BT /F1 10 Tf 1 0 0 1 100 700 Tm [(A) -1000 (B)] TJ 2 Tc 5 Tw 0 -20 Td (A B) Tj 0 Tc 0 Tw 50 Tz 0 -20 Td (AB) Tj ET",
			objs:    []string{helvetica},
			// Helvetica A = 667, B = 667 units; ascent .718, descent -.207 (built-in metrics).
			// Line 1: A at 100, kern 1000/1000×10 = 10 pt gap → B at 116.67: two words.
			// Line 2: A (6.67 + Tc 2) then space (2.78 + Tc 2 + Tw 5) then B: B at 118.45.
			// Line 3: horizontal scaling 50 % halves advances: AB = 6.67 wide.
			want: want{verdict: VerdictText, words: []Word{
				{Text: "A", X0: 100, Y0: 92.82, X1: 106.67, Y1: 102.07},
				{Text: "B", X0: 116.67, Y0: 92.82, X1: 123.34, Y1: 102.07},
				{Text: "A", X0: 100, Y0: 112.82, X1: 106.67, Y1: 122.07},
				{Text: "B", X0: 118.45, Y0: 112.82, X1: 125.12, Y1: 122.07},
				{Text: "AB", X0: 100, Y0: 132.82, X1: 106.67, Y1: 142.07},
			}},
		},
		{
			name: "Q restores the font",
			page: "/Resources << /Font << /F1 4 0 R /F2 6 0 R >> >>",
			// F2 maps 0001..0003 to 预算表; after Q, F1 (Helvetica) is current again.
			content: "BT /F1 10 Tf ET q BT /F2 10 Tf 1 0 0 1 100 700 Tm <000100020003> Tj ET Q BT 1 0 0 1 100 600 Tm (Total) Tj ET",
			objs:    []string{helvetica, stream("", cmap123), mappedCID},
			want: want{verdict: VerdictText, check: func(t *testing.T, p *Page) {
				if len(p.Words) != 2 || p.Words[0].Text != "预算表" || p.Words[1].Text != "Total" || p.Words[1].Font != "Helvetica" {
					t.Errorf("words %+v, want 预算表 then Total in Helvetica", p.Words)
				}
			}},
		},
		{
			name:    "CID font without ToUnicode is undecodable",
			page:    "/Resources << /Font << /F1 4 0 R >> >>",
			content: "BT /F1 12 Tf 1 0 0 1 72 700 Tm <0010002000300040> Tj ET",
			objs:    []string{opaqueCID},
			want: want{verdict: VerdictUndecodable, check: func(t *testing.T, p *Page) {
				if len(p.Words) != 1 || p.Words[0].Text != "\uFFFD\uFFFD\uFFFD\uFFFD" {
					t.Errorf("words %+v, want one word of four U+FFFD", p.Words)
				}
			}},
		},
		{
			name: "Form XObject with its matrix, resources and rules",
			page: "/Resources << /XObject << /Fm 4 0 R >> >>",
			// The form draws a 100 pt rule and text at its origin; placed at (200, 300).
			content: "q 1 0 0 1 200 300 cm /Fm Do Q",
			objs: []string{
				stream("/Type /XObject /Subtype /Form /BBox [0 0 300 100] /Matrix [1 0 0 1 10 0] /Resources << /Font << /F1 5 0 R >> >>", "0 0 m 100 0 l S BT /F1 10 Tf 0 10 Td (Hi) Tj ET"),
				helvetica,
			},
			want: want{verdict: VerdictText, rules: 1, words: []Word{{Text: "Hi", X0: 210, Y0: 482.82, X1: 219.44, Y1: 492.07}},
				check: func(t *testing.T, p *Page) {
					r := p.Rules[0]
					if r.X0 != 210 || r.X1 != 310 || r.Y0 != 500 {
						t.Errorf("rule %+v, want y=500 from x=210 to 310", r)
					}
				}},
		},
		{
			name:    "page rotated 90: upright frame",
			page:    "/Rotate 90 /Resources << /Font << /F1 4 0 R >> >>",
			content: "BT /F1 10 Tf 0 1 -1 0 500 100 Tm (Up) Tj ET 100 50 m 100 550 l S",
			objs:    []string{helvetica},
			// Displayed page is 800 wide, 600 tall; PDF (x, y) shows at (y, x). Text drawn
			// rotated by 90° inside a page rotated by 90° reads upright: at x=100, baseline 500.
			want: want{verdict: VerdictText, rules: 1, check: func(t *testing.T, p *Page) {
				if p.Width != 800 || p.Height != 600 || p.Rotate != 90 {
					t.Errorf("page %v × %v rotate %d", p.Width, p.Height, p.Rotate)
				}
				if len(p.Words) != 1 || p.Words[0].Text != "Up" || p.Words[0].Vertical || math.Abs(p.Words[0].X0-100) > 0.01 || math.Abs(p.Words[0].Baseline-500) > 0.01 {
					t.Errorf("words %+v, want upright 'Up' at x=100, baseline 500", p.Words)
				}
				if r := p.Rules[0]; !r.Horizontal() || r.Y0 != 100 || r.X0 != 50 || r.X1 != 550 {
					t.Errorf("rule %+v, want horizontal at y=100 from 50 to 550", r)
				}
			}},
		},
		{
			name:    "invisible text is kept and flagged",
			page:    "/Resources << /Font << /F1 4 0 R >> >>",
			content: "BT /F1 10 Tf 3 Tr 1 0 0 1 100 700 Tm (Hidden) Tj 0 Tr 0 -20 Td (Shown) Tj ET",
			objs:    []string{helvetica},
			want: want{verdict: VerdictText, check: func(t *testing.T, p *Page) {
				if len(p.Words) != 2 || !p.Words[0].Invisible || p.Words[1].Invisible {
					t.Errorf("words %+v, want Hidden invisible, Shown visible", p.Words)
				}
			}},
		},
		{
			name:    "text off the page and white rules are dropped",
			page:    "/Resources << /Font << /F1 4 0 R >> >>",
			content: "BT /F1 10 Tf 1 0 0 1 700 700 Tm (Gone) Tj 1 0 0 1 100 700 Tm (Here) Tj ET 1 G 0 100 m 600 100 l S 0 G 0 200 m 600 200 l S",
			objs:    []string{helvetica},
			want:    want{verdict: VerdictText, rules: 1, words: []Word{{Text: "Here", X0: 100, Y0: 92.82, X1: 121.67, Y1: 102.07}}},
		},
		{
			// Guangzhou's template draws cell borders as filled quadrilaterals with mitred
			// ends: thin polygons with a full-length axis-parallel edge are rules; a thick
			// one (shading) and a thin chevron are not.
			name: "thin filled polygons are rules",
			page: "",
			content: "0 0 0 rg 500 700 m 100 700 l 100 700.75 l 499.25 700.75 l h f " +
				"500 700 m 500 400 l 499.25 400.75 l 499.25 699.25 l h f " +
				"100 300 m 500 300 l 500 320 l 100 320 l h f " +
				"100 200 m 200 202 l 300 200 l 300 201 l 200 203 l 100 201 l h f",
			want: want{verdict: VerdictEmpty, rules: 2, check: func(t *testing.T, p *Page) {
				h, v := p.Rules[0], p.Rules[1]
				if !h.Horizontal() {
					h, v = v, h
				}
				if math.Abs(h.X0-100) > 0.01 || math.Abs(h.X1-500) > 0.01 || math.Abs(h.Y0-99.625) > 0.01 || math.Abs(h.Width-0.75) > 0.01 {
					t.Errorf("horizontal rule %+v, want y=99.625 from x=100 to 500, width 0.75", h)
				}
				if math.Abs(v.X0-499.625) > 0.01 || math.Abs(v.Y0-100) > 0.01 || math.Abs(v.Y1-400) > 0.01 {
					t.Errorf("vertical rule %+v, want x=499.625 from y=100 to 400", v)
				}
			}},
		},
		{
			name:    "scanned page",
			page:    "/Resources << /XObject << /Im 4 0 R >> >>",
			content: "q 600 0 0 800 0 0 cm /Im Do Q",
			objs:    []string{stream("/Type /XObject /Subtype /Image /Width 1250 /Height 1667 /ColorSpace /DeviceGray /BitsPerComponent 8 /Filter /DCTDecode", "xxxx")},
			want: want{verdict: VerdictImage, images: 1, check: func(t *testing.T, p *Page) {
				im := p.Images[0]
				if im.ObjNum != 4 || im.Name != "Im" || im.Filter != "DCTDecode" || im.PixelWidth != 1250 || im.X1 != 600 || im.Y1 != 800 {
					t.Errorf("image %+v", im)
				}
				// The unit square's (0,0) is the image's bottom-left: upright (0, 800).
				if m := im.Matrix; m != [6]float64{600, 0, 0, -800, 0, 800} {
					t.Errorf("matrix %v, want [600 0 0 -800 0 800]", m)
				}
			}},
		},
		{
			name:    "blank page",
			page:    "",
			content: "",
			want:    want{verdict: VerdictEmpty},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			p := extractOne(t, writePDF(t, c.page, c.content, c.objs...))
			if p.Verdict != c.want.verdict {
				t.Errorf("verdict %s (%v), want %s", p.Verdict, p.Notes, c.want.verdict)
			}
			if c.want.words != nil {
				if len(p.Words) != len(c.want.words) {
					t.Fatalf("words %+v, want %d", p.Words, len(c.want.words))
				}
				for i, w := range c.want.words {
					g := p.Words[i]
					if g.Text != w.Text || math.Abs(g.X0-w.X0) > 0.011 || math.Abs(g.Y0-w.Y0) > 0.011 || math.Abs(g.X1-w.X1) > 0.011 || math.Abs(g.Y1-w.Y1) > 0.011 {
						t.Errorf("word %d: %q %.2f %.2f %.2f %.2f, want %q %.2f %.2f %.2f %.2f", i, g.Text, g.X0, g.Y0, g.X1, g.Y1, w.Text, w.X0, w.Y0, w.X1, w.Y1)
					}
				}
			}
			if len(p.Rules) != c.want.rules {
				t.Errorf("rules %+v, want %d", p.Rules, c.want.rules)
			}
			if len(p.Images) != c.want.images {
				t.Errorf("images %+v, want %d", p.Images, c.want.images)
			}
			if c.want.check != nil {
				c.want.check(t, p)
			}
		})
	}
}
