package normalize_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
)

// TestUnitColumnContext: a unit column (单位名称, 预算单位名称) before the item column is the
// rows' context, the item column names them (Hangzhou 项目支出预算表/绩效表: 单位名称 | 项目名称),
// and a 合计 printed in the unit column is the table's total line, not a unit (Xi'an 上年结转
// 资金支出表: 预算单位代码 | 预算单位名称 | 预算项目名称). Rows read on the pages.
func TestUnitColumnContext(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	type want struct {
		row  int // index in the table's rows
		name string
		kind string
	}
	cases := []struct {
		file, title string
		rows        []want
	}{
		{"wild_31.pdf", "项目支出预算表", []want{{0, "合计", "total"}, {1, "法治杭州建设", "item"}, {3, "法治社会建设", "item"}}},      // p.30
		{"wild_31.pdf", "项目支出绩效表", []want{{0, "法治杭州建设", "item"}}},                                                 // p.31
		{"wild_30.pdf", "项目支出预算表", []want{{0, "合计", "total"}, {1, "日常保障运行", "item"}, {2, "综合交通规划及发展研究", "item"}}}, // p.37
		{"wild_50.pdf", "上年结转资金支出表", []want{{0, "合计", "total"}, {2, "公安其他业务经费（内容涉密）", "item"}, {4, "长安区监管场所建设项目（南建）", "item"}}},
	}
	for _, c := range cases {
		t.Run(c.file+"/"+c.title, func(t *testing.T) {
			doc := runPDF(t, filepath.Join(corpus.Wild(t), c.file))
			for _, tb := range doc.Tables {
				if !strings.Contains(tb.Title, c.title) {
					continue
				}
				for _, w := range c.rows {
					if w.row >= len(tb.Rows) {
						t.Fatalf("table %d %s: %d rows, want row %d", tb.Seq, tb.Title, len(tb.Rows), w.row)
					}
					r := tb.Rows[w.row]
					if r.Name != w.name || string(r.Kind) != w.kind {
						t.Errorf("table %d row %d: name %q kind %s, want %q %s", tb.Seq, w.row, r.Name, r.Kind, w.name, w.kind)
					}
				}
				return
			}
			t.Fatalf("no table titled …%s…", c.title)
		})
	}
}
