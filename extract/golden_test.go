package extract

import (
	"strings"
	"testing"
	"unicode"
)

// Golden cases: places where this package and pdftotext disagree and the page image shows
// this package is right (each was checked against a pdftoppm rendering). They pin the
// behaviour down so that it cannot silently regress to pdftotext's.
func TestGoldenAgainstPdftotext(t *testing.T) {
	type word struct {
		text           string
		x0, y0, x1, y1 float64 // expected box, ±1 pt
	}
	cases := []struct {
		name   string
		file   string
		page   int
		words  []word   // must be words, with these boxes
		absent []string // must not occur in any word of the page
		has    []string // must occur inside some word
	}{
		{
			// FangZheng draws each amount as runs whose advances overlap (244,895 then .02
			// starting inside it); pdftotext splits it in two.
			name:  "overlapping runs are one amount",
			file:  "chongqing-econinfo-2026-budget.pdf",
			page:  2,
			words: []word{{"244,895.02", 321.9, 261.0, 391.8, 279.4}},
		},
		{
			// Two amounts 4 pt apart in adjacent cells, digits with 1-em advances reaching
			// over the border: split at the rule (x=340.15), each box inside its cell.
			// pdftotext reads "244,895" and ".02192,446".
			name:   "amounts in adjacent cells split at the rule",
			file:   "chongqing-econinfo-2026-budget.pdf",
			page:   8,
			words:  []word{{"244,895.02", 290.4, 206.3, 336.9, 221.9}, {"192,446.79", 341.4, 206.3, 388.0, 221.9}},
			absent: []string{".02192,446"},
		},
		{
			// WPS repeats the whole text frame on each page and clips it: the paragraph after
			// "供应" is not visible on page 3 (it is on page 4); pdftotext prints it twice.
			name:   "text outside the clipping path is dropped",
			file:   "putuo-commerce-2025-budget.pdf",
			page:   3,
			has:    []string{"负责建立健全生活必需品市场供应"},
			absent: []string{"应急机制"},
		},
		{
			name: "clipped text is kept on the page that shows it",
			file: "putuo-commerce-2025-budget.pdf",
			page: 4,
			has:  []string{"应急机制，协调重要商品储备和市场调控"},
		},
		{
			// A row drawn across the page break: its centred label and amounts are clipped
			// on page 17 (they show on page 16); pdftotext reads them on both pages.
			name:   "row continued over the page break",
			file:   "beijing-veterans-2026-budget-tables.pdf",
			page:   17,
			absent: []string{"39.580000", "3504-物业服务"},
		},
		{
			name:  "row continued over the page break: visible part",
			file:  "beijing-veterans-2026-budget-tables.pdf",
			page:  16,
			words: []word{{"39.580000", 128.5, 742.4, 153.0, 747.7}},
		},
		{
			// The decimal part drawn 0.34 em after the integer part (a gap inside the
			// number); pdftotext reads "25180591" and ".33".
			name:  "decimal part drawn apart",
			file:  "xian-sasac-2022-budget.pdf",
			page:  24,
			words: []word{{"25180591.33", 218.6, 138.4, 268.4, 148.0}},
		},
		{
			// ONLYOFFICE writes Ascent/Descent in font units (220/-36 for FangSong): pdftotext
			// boxes are 3 pt tall for 12 pt text; corrected metrics give the line's height.
			name:  "implausible font metrics corrected",
			file:  "putuo-finance-2024-final-accounts.pdf",
			page:  2,
			words: []word{{"一、主要职能", 96.0, 166.0, 168.0, 179.2}},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			f, err := Open(corpusFile(t, c.file))
			if err != nil {
				t.Fatal(err)
			}
			defer f.Close()
			p, err := f.Page(c.page)
			if err != nil {
				t.Fatal(err)
			}
			for _, want := range c.words {
				found := false
				for _, w := range p.Words {
					if w.Text == want.text && near(w.X0, want.x0) && near(w.Y0, want.y0) && near(w.X1, want.x1) && near(w.Y1, want.y1) {
						found = true
					}
				}
				if !found {
					t.Errorf("page %d: no word %q at %.1f %.1f %.1f %.1f; words with that text: %v", c.page, want.text, want.x0, want.y0, want.x1, want.y1, wordsWith(p, want.text))
				}
			}
			for _, s := range c.absent {
				if ws := wordsWith(p, s); len(ws) > 0 {
					t.Errorf("page %d: %q should not be read, found in %v", c.page, s, ws)
				}
			}
			for _, s := range c.has {
				if len(wordsWith(p, s)) == 0 {
					t.Errorf("page %d: %q not read", c.page, s)
				}
			}
		})
	}
}

func near(a, b float64) bool { return a-b <= 1 && b-a <= 1 }

func wordsWith(p *Page, s string) []Word {
	var out []Word
	for _, w := range p.Words {
		if strings.Contains(w.Text, s) {
			out = append(out, w)
		}
	}
	return out
}

// TestPlanningDecodable: putuo-planning-2024-final-accounts.pdf mixes CID fonts with
// ToUnicode and Word's WinAnsi TrueType subsets without ToUnicode. The WinAnsi fonts draw
// only digits, '.', '%', ':' and spaces, through their Unicode cmap, so every page decodes.
// Page 7 is the table ledongthuc/pdf's own text API loses 368 of 398 CJK characters on.
func TestPlanningDecodable(t *testing.T) {
	f, err := Open(corpusFile(t, "putuo-planning-2024-final-accounts.pdf"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	for n := 1; n <= f.NumPages(); n++ {
		p, err := f.Page(n)
		if err != nil {
			t.Fatal(err)
		}
		if p.Verdict != VerdictText {
			t.Errorf("page %d: verdict %s (%v)", n, p.Verdict, p.Notes)
		}
		for _, w := range p.Words {
			if strings.ContainsRune(w.Text, unicode.ReplacementChar) {
				t.Errorf("page %d: undecoded glyph in %q", n, w.Text)
			}
		}
		if n == 7 {
			han := 0
			for _, w := range p.Words {
				for _, r := range w.Text {
					if unicode.Is(unicode.Han, r) {
						han++
					}
				}
			}
			if han < 398 {
				t.Errorf("page 7: %d CJK characters, want at least 398", han)
			}
			if len(wordsWith(p, "9746.50")) == 0 {
				t.Errorf("page 7: amount 9746.50 (a WinAnsi-font run) not read")
			}
		}
	}
}
