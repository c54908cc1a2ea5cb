package normalize_test

import (
	"path/filepath"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
)

// TestUnitCodeColumnLabels: Changsha 绩效目标表 print `合计` in the 单位编码 column (a cell
// merged over 单位编码 | 单位名称), then the unit's line (`126001 | 长沙市信访局`), then its
// projects, each printing the unit's number again. The 合计 row is the table's total with
// its printed label; the projects are under the unit's line, not beside it.
func TestUnitCodeColumnLabels(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	cases := []struct {
		file     string
		table    int
		total    string // the 合计 row's amount
		unit     string // the unit's line
		projects int    // rows under it that repeat no other row
		leafSum  string // what those projects add up to (the printed total, or not)
	}{
		// wild_41: one project of 270.00: the sides add up.
		{"wild_41.pdf", 9, "270.00", "长沙职业教育基地综合协调办公室", 1, "270.00"},
		// wild_38: four projects adding up to 286.91 against a printed 417.41 (pages 22–29
		// print no other project): a fault of the document that the structure now shows.
		{"wild_38.pdf", 9, "417.41", "长沙市信访局", 4, "286.91"},
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			doc := runPDF(t, filepath.Join(corpus.Wild(t), c.file))
			var tb *normalize.Table
			for _, x := range doc.Tables {
				if x.Seq == c.table {
					tb = x
				}
			}
			if tb == nil || len(tb.Rows) < 3 {
				t.Fatalf("table %d missing or too short", c.table)
			}
			first := tb.Rows[0]
			if first.Name != "合计" || first.Kind != normalize.RowTotal {
				t.Errorf("first row %q kind %s, want 合计 total", first.Name, first.Kind)
			}
			col := -1
			for ci, v := range first.Values {
				if v.Present {
					col = ci
					break
				}
			}
			if col < 0 || first.Values[col].Amount.String() != c.total {
				t.Fatalf("total row amount (col %d), want %s", col, c.total)
			}
			unit := tb.Rows[1]
			if unit.Name != c.unit || unit.IsLeaf {
				t.Errorf("row 2 %q leaf %v, want the unit's line %q with rows under it", unit.Name, unit.IsLeaf, c.unit)
			}
			n := 0
			var sum money.Decimal
			for _, r := range tb.Rows[2:] {
				if r.Kind == normalize.RowItem && r.ParentSeq != unit.Seq {
					t.Errorf("row %d %q parent %d, want %d", r.Seq, r.Name, r.ParentSeq, unit.Seq)
				}
				if r.RepeatOf == 0 && r.IsLeaf && r.Values[col].Present {
					n++
					s, err := sum.Add(r.Values[col].Amount)
					if err != nil {
						t.Fatalf("row %d: %v", r.Seq, err)
					}
					sum = s
				}
			}
			if n != c.projects || sum.String() != c.leafSum {
				t.Errorf("%d projects adding up to %s, want %d adding up to %s", n, sum.String(), c.projects, c.leafSum)
			}
		})
	}
}
