package normalize_test

import (
	"fmt"
	"path/filepath"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
)

// TestFormLabels: the rows of a performance form are named by what tells them apart. In the
// key-value part a fund row is named by its field beside the amount, not by the block label
// spanning the fund rows (`资金总额`, not 专项资金情况（万元）; the key's colon dropped), a
// row without amount by its key (`项目实施期目标`); in the indicator part under a block label
// printed once (`绩效目标指标`, `年度绩效指标`) each indicator row is named by its finest
// level (三级指标, 指标内容). Rows read on the pages (wild_56 p.26, xian-sasac p.37).
func TestFormLabels(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	cases := []struct {
		path  string
		seq   int
		names []string // the first rows' names, in order
	}{
		{filepath.Join(corpus.Wild(t), "wild_56.pdf"), 12, []string{"资金总额", "财政拨款", "其他资金", "项目实施期目标"}},
		{filepath.Join(corpus.Wild(t), "wild_56.pdf"), 13, []string{"预算执行率", "备勤宿舍改造完成及时率", "完成违章车辆停车场建设面积"}},
		{filepath.Join(corpusDir, "xian-sasac-2022-budget.pdf"), 16, []string{"项目名称", "主管部门", "实施期资金总额", "其中：财政拨款"}},
		{filepath.Join(corpusDir, "xian-sasac-2022-budget.pdf"), 17, []string{"建成公租房户数", "公租房质量", "建设完成时间"}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s/%d", filepath.Base(c.path), c.seq), func(t *testing.T) {
			doc := runPDF(t, c.path)
			for _, tb := range doc.Tables {
				if tb.Seq != c.seq {
					continue
				}
				if len(tb.Rows) < len(c.names) {
					t.Fatalf("table %d %s: %d rows, want at least %d", tb.Seq, tb.Title, len(tb.Rows), len(c.names))
				}
				for i, want := range c.names {
					if got := tb.Rows[i].Name; got != want {
						t.Errorf("table %d %s row %d: name %q, want %q", tb.Seq, tb.Title, i, got, want)
					}
				}
				return
			}
			t.Fatalf("no table %d", c.seq)
		})
	}
}
