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
		alts bool // the OCR weighed another reading of the 项目支出 cell
		want bool
	}{
		{"unchecked, confidence under the threshold", lone("20@0.93"), false, true},
		{"unchecked, read with confidence", lone("20@0.99"), false, false},
		{"unchecked, the OCR weighed another reading", lone("20@0.99"), true, true},
		{"checked by the 款 and the total: confirmed", func() [][]string {
			r := baseRows()
			r[3][6] = "20@0.93"
			return r
		}(), false, false},
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
			doc := Normalize(td, Options{Alternatives: ix})
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
