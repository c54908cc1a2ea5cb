package normalize

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// TestFlagUnverified: an OCR amount no identity checks is flagged ocr_unverified only when its
// reading carries a doubt of its own; one an identity confirms, or a clean reading, is not.
func TestFlagUnverified(t *testing.T) {
	lone := func(cell string) [][]string {
		// One 项 row: no parent, no total, 合计 blank (a blank 合计 asserts nothing).
		return [][]string{{"201", "03", "01", "行政运行", "", "", cell}}
	}
	cases := []struct {
		name string
		rows [][]string
		alts bool    // the OCR weighed another reading of the 项目支出 cell
		band float64 // Options.UnverifiedConfidence (0: the default, an empty band)
		want bool
	}{
		{"unchecked, confidence in the band", lone("20@0.93"), false, 0.96, true},
		{"unchecked, confidence 0.93, default band", lone("20@0.93"), false, 0, false},
		{"unchecked, read with confidence", lone("20@0.99"), false, 0.96, false},
		{"unchecked, the OCR weighed another reading", lone("20@0.99"), true, 0, true},
		{"checked by the 款 and the total: confirmed", func() [][]string {
			r := baseRows()
			r[3][6] = "20@0.93"
			return r
		}(), false, 0.96, false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			td := ocrDoc(c.rows)
			ix := AlternativeIndex{}
			if c.alts {
				for _, r := range td.Tables[0].Rows {
					if f := r.Cells[6].Fragments; len(f) > 0 {
						ix[AltKey{f[0].Page, f[0].Box}] = []extract.Alternative{{Text: "26", From: "digits_model"}}
					}
				}
			}
			doc := Normalize(td, Options{Alternatives: ix, UnverifiedConfidence: c.band})
			got := false
			for _, f := range doc.Findings {
				if f.Rule == "ocr_unverified" {
					got = true
					if f.Refs[0].Path != "项目支出" {
						t.Errorf("flag on %q, want 项目支出", f.Refs[0].Path)
					}
				}
			}
			if got != c.want {
				t.Errorf("ocr_unverified %v, want %v (findings %+v)", got, c.want, doc.Findings)
			}
		})
	}
}

// TestScanDoubtsNameCells: on a scan, a row without any label and a column whose label reads
// as no label (a rule line, an amount) name each of their amount cells, blank ones too: their
// numbers may stand in the wrong place. A text-layer row without a label names its first
// amount only, as before.
func TestScanDoubtsNameCells(t *testing.T) {
	cellsOf := func(doc *Document, rule string) map[[2]int]bool {
		out := map[[2]int]bool{}
		for _, f := range doc.Findings {
			if string(f.Rule) == rule {
				for _, r := range f.Refs {
					if r.Row > 0 {
						out[[2]int{r.Row, r.Column}] = true
					}
				}
			}
		}
		return out
	}
	unlabelled := append(baseRows()[:4], []string{"", "", "", "", "7", "", "7"}, baseRows()[4])
	doc := Normalize(ocrDoc(unlabelled), Options{})
	got := cellsOf(doc, "unlabelled_row")
	want := map[[2]int]bool{{5, 4}: true, {5, 5}: true, {5, 6}: true}
	if len(got) != len(want) || !got[[2]int{5, 4}] || !got[[2]int{5, 5}] || !got[[2]int{5, 6}] {
		t.Errorf("scan: unlabelled_row names %v, want %v", got, want)
	}

	text := ocrDoc(unlabelled)
	text.Tables[0].Grid = ""
	for ri := range text.Tables[0].Rows {
		for ci := range text.Tables[0].Rows[ri].Cells {
			for fi := range text.Tables[0].Rows[ri].Cells[ci].Fragments {
				text.Tables[0].Rows[ri].Cells[ci].Fragments[fi].Source = "text"
			}
		}
	}
	if got := cellsOf(Normalize(text, Options{}), "unlabelled_row"); len(got) != 1 || !got[[2]int{5, 4}] {
		t.Errorf("text layer: unlabelled_row names %v, want only row 5 column 4", got)
	}

	garbled := ocrDoc(baseRows())
	garbled.Tables[0].Columns[6].Path = []string{"一一一一一一一17,921.44"}
	doc = Normalize(garbled, Options{})
	got = cellsOf(doc, "ocr_header_doubt")
	if len(got) != len(baseRows()) {
		t.Errorf("garbled header: ocr_header_doubt names %v, want every row of column 6", got)
	}
	for c := range got {
		if c[1] != 6 {
			t.Errorf("garbled header: ocr_header_doubt names column %d", c[1])
		}
	}
}
