package tables_test

import (
	"path/filepath"
	"slices"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/tables"
)

// loadSomePages reads only the listed pages of a document (the others stay nil, as for an
// unreadable page), so a test on two pages of a 61-page document stays fast.
func loadSomePages(tb testing.TB, path string, want ...int) []*extract.Page {
	tb.Helper()
	f, err := extract.Open(path)
	if err != nil {
		tb.Fatalf("open %s: %v", path, err)
	}
	defer f.Close()
	pages := make([]*extract.Page, f.NumPages())
	for _, n := range want {
		p, err := f.Page(n)
		if err != nil {
			tb.Fatalf("%s page %d: %v", path, n, err)
		}
		pages[n-1] = p
	}
	return pages
}

// TestWrappedNameInRuledBand: a ruled row whose names wrap in two name columns, with the
// code or line number printed on the name's second line, is one row (anyStacked): the
// wrapped name is whole beside its amount and its first line is no row of its own.
func TestWrappedNameInRuledBand(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	cases := []struct {
		file   string
		pages  []int
		name   string // the whole name, joined over its two lines
		amount string // the first amount cell of its row
		first  string // the name's first line, which must not be a row
	}{
		// 表6 by economic class: code on the second line, both names wrapped.
		{"wild_53.pdf", []int{26, 27}, "其他商品和服务支出", "204,884,150.00", "其他商品和服务"},
		{"wild_53.pdf", []int{26, 27}, "其他对个人和家庭的补助", "4,200.00", "其他对个人和家"},
		// 表4 four-group 财政拨款收支总表: the 序号 on the second line of the band.
		{"wild_54.pdf", []int{25, 26}, "(2)商品和服务支出", "4706442.50", "(2)商品和服务"},
		{"wild_54.pdf", []int{25, 26}, "(3)对个人和家庭补助", "0.00", "(3)对个人和家"},
		{"wild_54.pdf", []int{25, 26}, "3、机关资本性支出（一）", "196000.00", "3、机关资本性支出"},
		{"wild_54.pdf", []int{25, 26}, "8、对企业资本性支出", "0.00", "8、对企业资本性支"},
	}
	docs := map[string]*tables.Document{}
	for _, c := range cases {
		t.Run(c.file+"/"+c.name, func(t *testing.T) {
			doc := docs[c.file]
			if doc == nil {
				path := filepath.Join(corpus.Wild(t), c.file)
				doc = tables.Build(path, loadSomePages(t, path, c.pages...))
				docs[c.file] = doc
			}
			found, split := false, false
			for _, tb := range doc.Tables {
				for _, r := range tb.Rows {
					texts := make([]string, len(r.Cells))
					for i, cl := range r.Cells {
						texts[i] = cl.Text
					}
					i := slices.Index(texts, c.name)
					if i >= 0 && slices.Contains(texts[i+1:], c.amount) {
						found = true
					}
					if slices.Contains(texts, c.first) {
						split = true
					}
				}
			}
			if !found {
				t.Errorf("no row %q with amount %s", c.name, c.amount)
			}
			if split {
				t.Errorf("the name's first line %q is a row of its own", c.first)
			}
		})
	}
}
