package normalize_test

import (
	"path/filepath"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
)

// TestUnlabelledRowReported: an amount printed on a line with no label in any column is
// exported and named by an unlabelled_row finding (info, about the source). Read on the
// page: xian-sasac p.24, 表1 收支总表, the 收入 side prints `0.00` alone on line 39, between
// 非财政拨款资金结余 and 收入总计; every other row of the document has a label.
func TestUnlabelledRowReported(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	doc := runPDF(t, filepath.Join(corpus.Real(t), "xian-sasac-2022-budget.pdf"))
	type place struct {
		page int
		raw  string
	}
	var got []place
	for _, f := range doc.Findings {
		if f.Rule != "unlabelled_row" {
			continue
		}
		if f.Severity != "info" || len(f.Refs) != 1 {
			t.Errorf("finding %+v: want one info ref", f)
			continue
		}
		got = append(got, place{f.Refs[0].Page, f.Printed})
		tb := doc.Tables[0]
		for _, x := range doc.Tables {
			if x.Seq == f.Refs[0].Table {
				tb = x
			}
		}
		r := tb.Rows[f.Refs[0].Row-1]
		if r.Code != "" || r.Name != "" || r.LabelPath != "" {
			t.Errorf("table %d row %d is labelled (code %q name %q label %q)", tb.Seq, r.Seq, r.Code, r.Name, r.LabelPath)
		}
	}
	if len(got) != 1 || got[0] != (place{24, "0.00"}) {
		t.Errorf("unlabelled_row findings at %v, want one at p.24 printing 0.00", got)
	}
}
