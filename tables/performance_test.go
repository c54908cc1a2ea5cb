package tables_test

import (
	"fmt"
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/tables"
)

// TestFormFundsAreAmounts: the funds block of a performance form, read without a header, is
// in amount columns even where the column also holds the form's labels and prose
// (formAmountColumns): 国家信访局's 绩效自评表 (全年预算数 and 全年执行数 share their columns
// with 实施单位 | 国家信访局 and 实际完成情况; they were name and text columns), Xi'an's
// 部门整体支出绩效目标表 (总额 under 预算金额（万元）, 其他资金 blank on some tasks) and
// 专项资金总体绩效目标表 (年度资金总额 beside 实施期限 | 1年).
func TestFormFundsAreAmounts(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	cases := []struct {
		dir, file string
		page      int
		amounts   []string // every cell of the form part printing one of these is an amount cell
	}{
		{corpusDir, "national-petitions-2024-final-accounts.pdf", 30, []string{"180.03", "140.61", "39.42", "180.61"}},
		{corpusDir, "national-petitions-2024-final-accounts.pdf", 32, []string{"536.2", "413.57", "351.13", "62.44"}},
		{"wild", "wild_50.pdf", 75, []string{"229194.92", "115252.78", "108546.29", "6706.49", "344447.70"}},
		{"wild", "wild_49.pdf", 69, []string{"818.75"}},
	}
	for _, c := range cases {
		t.Run(fmt.Sprintf("%s@%d", c.file, c.page), func(t *testing.T) {
			dir := c.dir
			if dir == "wild" {
				dir = corpus.Wild(t)
			}
			path := filepath.Join(dir, c.file)
			doc := tables.Build(path, loadSomePages(t, path, c.page))
			want := map[string]int{}
			for _, a := range c.amounts {
				want[a] = 0
			}
			for _, tb := range doc.Tables {
				if tb.Kind != tables.KindPerformance || tb.HeaderRows != 0 {
					continue
				}
				for _, r := range tb.Rows {
					for ci, cl := range r.Cells {
						if _, ok := want[cl.Text]; !ok {
							continue
						}
						want[cl.Text]++
						if role := tb.Columns[ci].Role; role != tables.RoleAmount {
							t.Errorf("table %d row %q: %s in a %s column", tb.Seq, r.Cells[0].Text, cl.Text, role)
						}
					}
				}
			}
			for a, n := range want {
				if n == 0 {
					t.Errorf("no form cell prints %s", a)
				}
			}
		})
	}
}

// TestStackedHeaderNotForm: a header of three levels over an indicator row (Changsha's
// 部门整体支出绩效目标表: 单位编码 | 单位名称 beside 年度预算申请 / 按收入性质分 | 按支出性质分 /
// 资金总额 … 项目支出, and 部门整体支出年度绩效目标 / 一级指标 …) is the table's header, not a
// form above it (stackedHeader): before, its upper levels were cut off as a form part of
// their own (and read again as body rows on the next page), and the unit's 项目支出 417.41
// sat in a name column.
func TestStackedHeaderNotForm(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	path := filepath.Join(corpus.Wild(t), "wild_38.pdf")
	doc := tables.Build(path, loadSomePages(t, path, 30, 31))
	want := map[string]string{
		"单位编码": "", "年度预算申请/资金总额": "1,935.36", "年度预算申请/按收入性质分/一般公共预算": "1,935.36",
		"年度预算申请/按支出性质分/基本支出": "1,517.95", "年度预算申请/按支出性质分/项目支出": "417.41",
	}
	for _, tb := range doc.Tables {
		if tb.HeaderRows != 3 {
			t.Errorf("table %d %q: %d header rows, want 3 (no form part)", tb.Seq, tb.Title, tb.HeaderRows)
			continue
		}
		for ci, c := range tb.Columns {
			path := strings.Join(c.Path, "/")
			amount, ok := want[path]
			if !ok {
				continue
			}
			delete(want, path)
			if amount == "" {
				continue
			}
			printed := false
			for _, r := range tb.Rows {
				printed = printed || r.Cells[ci].Text == amount
			}
			if c.Role != tables.RoleAmount || !printed {
				t.Errorf("column %s: %s, printing %s: %v; want an amount column printing it", path, c.Role, amount, printed)
			}
		}
		for _, r := range tb.Rows {
			for _, cl := range r.Cells {
				if cl.Text == "年度预算申请" || cl.Text == "按收入性质分" || cl.Text == "单位名称" {
					t.Errorf("page %d: header line %q read as a row", r.Page, cl.Text)
				}
			}
		}
	}
	if len(want) > 0 || len(doc.Tables) != 1 {
		t.Errorf("%d tables; columns not found: %v", len(doc.Tables), want)
	}
}
