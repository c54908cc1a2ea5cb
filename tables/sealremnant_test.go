package tables

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// TestSealRemnantKeepsSides: a two-sided summary whose right half's amount column is blank
// (nothing spent there) and carries a seal. OCR reads a stroke of the seal's ring as `~°7`
// (Ningan's 财政拨款收支总表 at 200 dpi): as the column's only body text it made the column
// a text column, and the table lost its halves. Under the seal region the OCR stage
// recorded, the remnant is ignored and the table keeps 收入 | 支出; without the region (no
// seal ink removed there) the word is print like any other.
func TestSealRemnantKeepsSides(t *testing.T) {
	page := func(obscured []extract.Box) *extract.Page {
		p := summaryPage(8, "2025年部门财政拨款收支预算总表", true, [][4]string{
			{"一、一般公共预算拨款", "91,016,775.35", "一、一般公共服务支出", ""},
			{"二、政府性基金预算拨款", "", "二、教育支出", ""},
			{"收入总计", "91,016,775.35", "支出总计", ""},
		})
		p.Words = append(p.Words, extract.Word{Text: "~°7", X0: 600, Y0: 165, X1: 630, Y1: 173, Size: 8})
		for i := range p.Words {
			p.Words[i].Source, p.Words[i].Confidence = extract.SourceOCR, 0.95
		}
		p.Obscured = obscured
		return p
	}
	sides := func(tb *Table) map[string]bool {
		s := map[string]bool{}
		for _, c := range tb.Columns {
			s[c.Side] = true
		}
		return s
	}
	for _, tc := range []struct {
		name     string
		obscured []extract.Box
		twoSided bool
	}{
		{"under removed seal ink", []extract.Box{{X0: 560, Y0: 120, X1: 660, Y1: 200}}, true},
		{"seal elsewhere", []extract.Box{{X0: 60, Y0: 300, X1: 160, Y1: 400}}, false},
		{"no seal", nil, false},
	} {
		doc := Build("scan.pdf", []*extract.Page{page(tc.obscured)})
		if len(doc.Tables) != 1 {
			t.Fatalf("%s: %d tables", tc.name, len(doc.Tables))
		}
		s := sides(doc.Tables[0])
		if got := s["收入"] && s["支出"]; got != tc.twoSided {
			t.Errorf("%s: sides %v, want two-sided %v", tc.name, s, tc.twoSided)
		}
	}
}

// TestSealRemnant: which OCR words under removed seal ink are seal strokes.
func TestSealRemnant(t *testing.T) {
	seal := []extract.Box{{X0: 100, Y0: 100, X1: 200, Y1: 200}}
	for _, tc := range []struct {
		text   string
		source string
		at     float64 // x0 and y0 of the word
		want   bool
	}{
		{"~°7", extract.SourceOCR, 150, true},
		{"°", extract.SourceOCR, 150, true},
		{"7", extract.SourceOCR, 150, false},    // a lone digit may be print
		{"-", extract.SourceOCR, 150, false},    // a dash is printed "nothing"
		{"12.5", extract.SourceOCR, 150, false}, // a number
		{"~°17", extract.SourceOCR, 150, false}, // two digits: maybe a number with a stroke
		{"拨款", extract.SourceOCR, 150, false},   // Chinese text
		{"ve", extract.SourceOCR, 150, false},   // Latin for an unread character: the header doubt needs it
		{"~°7", extract.SourceOCR, 300, false},  // outside the seal
		{"~°7", extract.SourceText, 150, false}, // text layer: never a remnant
	} {
		w := extract.Word{Text: tc.text, Source: tc.source, X0: tc.at, Y0: tc.at, X1: tc.at + 20, Y1: tc.at + 8}
		if got := sealRemnant(w, seal); got != tc.want {
			t.Errorf("sealRemnant(%q, %s, at %.0f) = %v, want %v", tc.text, tc.source, tc.at, got, tc.want)
		}
	}
}
