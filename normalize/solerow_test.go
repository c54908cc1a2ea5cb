package normalize_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
)

// TestSoleRowLabel: a table printed as one row of amounts under its header, with no code,
// name or label column, has the title as the row's label (soleRowLabel); the row stays an
// unnamed leaf item. The tables and their single rows were read on the pages.
func TestSoleRowLabel(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	cases := []struct {
		file   string
		title  string // a part of the table's title
		amount string // the row's first amount, as printed
	}{
		{"wild_01.pdf", "单位“三公”经费和机关运行经费预算表", "18.10"},       // p.18
		{"wild_11.pdf", "收入总表", "44169.357532"},              // p.3, 万元 with six decimals
		{"wild_27.pdf", "一般公共预算“三公”经费、会议费、培训费支出表", "345.63"}, // p.22
	}
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			doc := runPDF(t, filepath.Join(corpus.Wild(t), c.file))
			found := false
			for _, tb := range doc.Tables {
				if !strings.Contains(tb.Title, c.title) {
					continue
				}
				found = true
				withAmounts := 0
				for _, r := range tb.Rows {
					first := ""
					for _, v := range r.Values {
						if v.Present {
							first = v.Amount.String()
							break
						}
					}
					if first == "" {
						continue
					}
					withAmounts++
					if first != c.amount {
						t.Errorf("row %d: first amount %s, want %s", r.Seq, first, c.amount)
					}
					if r.LabelPath != tb.Title || r.Name != "" || !r.IsLeaf || r.Kind != "item" {
						t.Errorf("row %d: label %q name %q leaf %v kind %s, want the title %q, no name, an item leaf", r.Seq, r.LabelPath, r.Name, r.IsLeaf, r.Kind, tb.Title)
					}
				}
				if withAmounts != 1 {
					t.Errorf("table %d %s: %d rows with amounts, want 1", tb.Seq, tb.Title, withAmounts)
				}
			}
			if !found {
				t.Errorf("no table titled …%s…", c.title)
			}
		})
	}
}
