package normalize_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/normalize"
)

// TestRemarkColumnChecked: a table whose last column is words after the amounts (a remark
// read as a name column) is checked like any other (trailingNames), and an outdented line
// that the sums contradict as a heading is an item (flattenContradicted). Figures read on
// the pages:
//   - wild_40 (p.7-9, 万元): 预算到位 合计 13,237.00, its four groups 6,000 + 3,750 + 2,877 +
//     400 = 13,027.00 (the 预算批复 合计 13,237 holds): the document's break, an error;
//   - wild_20 表12 (pp.26-31): CC(市本级） 46,905.68 printed outdented among its unit's
//     projects; 广州市发展和改革委员会 136,554.40 = Σ its 24 projects, CC included: no error.
func TestRemarkColumnChecked(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	cases := []struct {
		file    string
		errors  []string // printed/expected of the error findings, in order
		leaf    string   // a row that must be a leaf item (no group over the rows below it)
		leafSum string   // its parent's name
	}{
		{"wild_40.pdf", []string{"13237.00/13027.00"}, "", ""},
		{"wild_20.pdf", nil, "CC(市本级）", "广州市发展和改革委员会"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			doc := runPDF(t, filepath.Join(corpus.Wild(t), c.file))
			var got []string
			for _, f := range doc.Findings {
				if f.Severity == normalize.SeverityError {
					got = append(got, f.Printed+"/"+f.Expected)
				}
			}
			if strings.Join(got, " ") != strings.Join(c.errors, " ") {
				t.Errorf("errors %v, want %v", got, c.errors)
			}
			if c.leaf == "" {
				return
			}
			found := false
			for _, tb := range doc.Tables {
				bySeq := map[int]*normalize.Row{}
				for _, r := range tb.Rows {
					bySeq[r.Seq] = r
				}
				for _, r := range tb.Rows {
					if r.Name != c.leaf {
						continue
					}
					found = true
					if p := bySeq[r.ParentSeq]; !r.IsLeaf || p == nil || p.Name != c.leafSum {
						t.Errorf("%s: leaf %v, parent row %d; want a leaf under %s", c.leaf, r.IsLeaf, r.ParentSeq, c.leafSum)
					}
				}
			}
			if !found {
				t.Errorf("no row %s", c.leaf)
			}
		})
	}
}
