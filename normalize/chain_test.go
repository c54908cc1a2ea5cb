package normalize_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
)

// TestEqualChains: Xi'an's 专项业务经费支出表 prints no indentation and no codes but the
// 单位编码: 合计 | department `201` | unit `201001` | 专用项目 | 其他履职尽责专项业务费 |
// projects, each line equal to the sum of the lines it holds and so often equal to the one
// line below it. The unit line holds the uncoded lines below it (outline.go), groupBySums
// nests the chain of equal lines, and a chain of four equal lines is read as two pairs when
// the line above needs it (regroupSingles). Read from the pages: wild_53 p.34, wild_50 p.39.
// Before, the department line was summed with its unit's chain (合计 = 2 × 235,421,600.00 on
// wild_53) and 通用项目 6,850,000.00 held 6,650,000.00 (wild_50). Every leaf of the table
// then adds up to its 合计, and the table raises no error finding.
func TestEqualChains(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	type link struct{ name, amount, parent, parentAmount string }
	cases := []struct {
		file  string
		links []link
	}{
		{"wild_53.pdf", []link{
			{"中共西安市委宣传部", "234621600.00", "中共西安市委宣传部", "235421600.00"},
			{"中共西安市委理论讲师团", "800000.00", "中共西安市委宣传部", "235421600.00"},
			{"专用项目", "234621600.00", "中共西安市委宣传部", "234621600.00"},
			{"其他履职尽责专项业务费", "234621600.00", "专用项目", "234621600.00"},
			{"城市宣传经费", "17000000.00", "其他履职尽责专项业务费", "234621600.00"},
			{"专用项目", "800000.00", "中共西安市委理论讲师团", "800000.00"},
			{"讲师团综合工作经费", "600000.00", "其他履职尽责专项业务费", "800000.00"},
		}},
		{"wild_50.pdf", []link{
			{"通用项目", "6850000.00", "西安市公安局公交轨道公安局", "14107200.00"},
			{"购买服务（审计、绩效、ppp项目评价）", "200000.00", "通用项目", "6850000.00"},
			{"会计、审计、财务及资产管理服务", "200000.00", "购买服务（审计、绩效、ppp项目评价）", "200000.00"},
			{"维修改造", "200000.00", "通用项目", "6850000.00"},
			{"集中办公用房维修改造", "200000.00", "维修改造", "200000.00"},
			{"专项购置", "900000.00", "通用项目", "6850000.00"},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.file, func(t *testing.T) {
			doc := runPDF(t, filepath.Join(corpus.Wild(t), tc.file))
			tb := tableTitled(t, doc, "专项业务经费支出表")
			col := amountColumn(t, tb, "项目金额")
			bySeq := map[int]*normalize.Row{}
			for _, r := range tb.Rows {
				bySeq[r.Seq] = r
			}
			is := func(r *normalize.Row, name, amount string) bool {
				return r != nil && r.Name == name && r.Values[col].Present && r.Values[col].Amount.Cmp(money.MustParse(amount)) == 0
			}
			for _, l := range tc.links {
				found := 0
				for _, r := range tb.Rows {
					if !is(r, l.name, l.amount) {
						continue
					}
					found++
					if p := bySeq[r.ParentSeq]; !is(p, l.parent, l.parentAmount) {
						t.Errorf("%s %s (row %d): parent row %d, want %s %s", l.name, l.amount, r.Seq, r.ParentSeq, l.parent, l.parentAmount)
					}
				}
				if found != 1 {
					t.Errorf("%s %s: %d rows, want 1", l.name, l.amount, found)
				}
			}
			var total, leaves money.Decimal
			for _, r := range tb.Rows {
				v := r.Values[col]
				switch {
				case !v.Present || v.RepeatOf > 0:
				case r.Kind == normalize.RowTotal:
					total = v.Amount
				case r.IsLeaf:
					leaves = mustAdd(t, leaves, v.Amount)
				}
			}
			if total.IsZero() || leaves.Cmp(total) != 0 {
				t.Errorf("Σ leaves %s, 合计 %s", leaves, total)
			}
			for _, f := range doc.Findings {
				if string(f.Severity) == "error" && len(f.Refs) > 0 && f.Refs[0].Table == tb.Seq {
					t.Errorf("error finding on table %d: %s", tb.Seq, f.Message)
				}
			}
		})
	}
}

// TestProjectAmountIsMoney: a 项目金额 / 项目总额 column is money (tables.roleOf took
// 项目 + two characters for a name): wild_49's 专项业务经费支出表 (p.34: 项目金额 in 元,
// 2,154,843,264.00 in all) and Beijing's 项目支出绩效目标表 (项目总额 in 万元).
func TestProjectAmountIsMoney(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	cases := []struct {
		path, title, column, unit string
	}{
		{filepath.Join(corpus.Wild(t), "wild_49.pdf"), "专项业务经费支出表", "项目金额", "元"},
		{filepath.Join(corpus.Real(t), "beijing-veterans-2026-budget-tables.pdf"), "项目支出绩效目标表", "项目总额", "万元"},
	}
	for _, tc := range cases {
		t.Run(filepath.Base(tc.path), func(t *testing.T) {
			doc := runPDF(t, tc.path)
			tb := tableTitled(t, doc, tc.title)
			col := amountColumn(t, tb, tc.column)
			n := 0
			for _, r := range tb.Rows {
				v := r.Values[col]
				if !v.Present {
					continue
				}
				n++
				if v.Type != normalize.TypeMoney || v.Unit != tc.unit || v.Yuan == nil {
					t.Errorf("row %d %s %q: type %q unit %q yuan %v, want money in %s", r.Seq, tc.column, v.Raw, v.Type, v.Unit, v.Yuan, tc.unit)
				}
			}
			if n < 10 {
				t.Errorf("%d amounts in %s, want the column's", n, tc.column)
			}
		})
	}
}

// amountColumn is the index of tb's column whose path contains name.
func amountColumn(t *testing.T, tb *normalize.Table, name string) int {
	t.Helper()
	for i, c := range tb.Columns {
		if strings.Contains(strings.Join(c.Path, "/"), name) {
			return i
		}
	}
	t.Fatalf("table %d: no column %s", tb.Seq, name)
	return -1
}

func mustAdd(t *testing.T, a, b money.Decimal) money.Decimal {
	t.Helper()
	s, err := a.Add(b)
	if err != nil {
		t.Fatal(err)
	}
	return s
}
