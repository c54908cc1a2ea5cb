package normalize

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/rules"
)

// TestBlankCellUnderSealFlagged: a blank amount cell of a scan is flagged ocr_obscured when a
// region the OCR stage could not read through covers it, and only then; no value is filled.
func TestBlankCellUnderSealFlagged(t *testing.T) {
	rows := baseRows()
	// Row 4 (一般行政管理事务) prints nothing in 基本支出 (x 450–530), row 3 nothing in 项目支出
	// (x 530–610); row 3 lies at y 140–149, row 4 at y 160–169.
	seal := extract.Box{X0: 440, Y0: 152, X1: 540, Y1: 180} // over row 4's blank 基本支出 only
	cases := []struct {
		name     string
		obscured map[int][]extract.Box
		want     []Ref // table, row, column of the flagged cells
	}{
		{"no regions", nil, nil},
		{"seal on another page", map[int][]extract.Box{2: {seal}}, nil},
		{"seal over one blank cell", map[int][]extract.Box{3: {seal}}, []Ref{{Table: 1, Row: 4, Column: 5}}},
		{"seal over no blank cell", map[int][]extract.Box{3: {{X0: 50, Y0: 95, X1: 130, Y1: 130}}}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			doc := Normalize(ocrDoc(rows), Options{Obscured: tc.obscured})
			var got []Ref
			for _, f := range doc.Findings {
				if f.Rule != rules.OCRObscured {
					continue
				}
				if f.Severity != SeverityWarning || !f.AboutReading() || len(f.Refs) != 1 {
					t.Errorf("finding %+v: want one warning about the reading with one ref", f)
					continue
				}
				got = append(got, Ref{Table: f.Refs[0].Table, Row: f.Refs[0].Row, Column: f.Refs[0].Column})
			}
			if len(got) != len(tc.want) {
				t.Fatalf("flagged %v, want %v", got, tc.want)
			}
			for i := range got {
				if got[i] != tc.want[i] {
					t.Errorf("flagged %v, want %v", got[i], tc.want[i])
				}
			}
			for _, r := range tc.want {
				if v := doc.Tables[0].Rows[r.Row-1].Values[r.Column]; v.Raw != "" {
					t.Errorf("flagged cell has value %q: nothing may be guessed", v.Raw)
				}
			}
		})
	}
}
