package normalize_test

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/tables"
)

const shenzhen = "shenzhen-traffic-police-2026-budget.pdf"

// TestUnitRows: in Shenzhen's by-unit tables (预算单位 | 科目编码 | 科目名称) the unit row is
// named after the unit and is the table's total (a sole unit, no 合计 printed); the 三公
// table's rows are named by their 年度 cell, not by the unit printed once beside them.
func TestUnitRows(t *testing.T) {
	doc := runCorpus(t, shenzhen)
	const unit = "深圳市公安局交通管理局（本级）"
	cases := []struct {
		page  int
		names []string // the first rows' names
		kinds []normalize.RowKind
	}{
		{20, []string{unit, "公共安全支出"}, []normalize.RowKind{normalize.RowTotal, normalize.RowItem}},                               // 表3 支出总表
		{31, []string{unit, "公共安全支出"}, []normalize.RowKind{normalize.RowTotal, normalize.RowItem}},                               // 表7 功能分类
		{34, []string{unit, "工资福利支出"}, []normalize.RowKind{normalize.RowTotal, normalize.RowItem}},                               // 表8 经济分类
		{39, []string{unit}, []normalize.RowKind{normalize.RowTotal}},                                                            // 表10 政府性基金 (zeros)
		{40, []string{unit}, []normalize.RowKind{normalize.RowTotal}},                                                            // 表11 国有资本经营
		{38, []string{"2025年", "2026年", "增减变化金额"}, []normalize.RowKind{normalize.RowItem, normalize.RowItem, normalize.RowItem}}, // 表9 三公
		{19, []string{unit}, []normalize.RowKind{normalize.RowItem}},                                                             // 表2 收入总表: the unit is the label column
	}
	for _, c := range cases {
		tb := normTableOnPage(doc, c.page)
		if tb == nil {
			t.Errorf("page %d: no table", c.page)
			continue
		}
		if len(tb.Rows) < len(c.names) {
			t.Errorf("table %d (p%d): %d rows, want at least %d", tb.Seq, c.page, len(tb.Rows), len(c.names))
			continue
		}
		for i, want := range c.names {
			r := tb.Rows[i]
			if r.Name != want || r.Kind != c.kinds[i] {
				t.Errorf("table %d (p%d) row %d: name %q kind %s, want %q %s", tb.Seq, c.page, i+1, r.Name, r.Kind, want, c.kinds[i])
			}
		}
	}
}

// TestUnitRowRounding: the unit row = Σ its 类 rows, per column. Shenzhen announces 尾差 in its
// 注 (本套报表金额单位转换时可能存在尾数误差); the sums below were checked by hand on the pages
// (表3 p20: 195,910.48 + 1,678.86 + 18,998.04 + 4,420.04 + 5,156.11 + 27,967.18 + 272.96 =
// 254,403.67 against 支出总计 254,403.68). They are `rounding`, on the unit row, and the
// document has no error or warning about them.
func TestUnitRowRounding(t *testing.T) {
	doc := runCorpus(t, shenzhen)
	cases := []struct {
		page              int
		column            string
		printed, expected string // 万元, as printed
	}{
		{20, "支出总计", "254403.68", "254403.67"},
		{20, "基本支出", "153640.65", "153640.64"},
		{20, "2026年政府采购项目/小计", "45144.36", "45144.35"},
		{31, "支出总计", "216575.53", "216575.52"},
		{31, "基本支出", "153640.65", "153640.64"},
		{34, "基本支出", "153640.65", "153640.64"},
		{34, "项目支出", "62934.88", "62934.89"},
	}
	for _, c := range cases {
		tb := normTableOnPage(doc, c.page)
		if tb == nil {
			t.Fatalf("page %d: no table", c.page)
		}
		f := findingAt(doc, "table_total", tb.Seq, 1, c.column)
		if f == nil {
			t.Errorf("table %d (p%d) %s: no table_total finding on the unit row", tb.Seq, c.page, c.column)
			continue
		}
		if f.Severity != normalize.SeverityRounding || f.Printed != c.printed || f.Expected != c.expected {
			t.Errorf("table %d %s: %s printed %s expected %s, want rounding %s / %s (%s)", tb.Seq, c.column, f.Severity, f.Printed, f.Expected, c.printed, c.expected, f.Message)
		}
	}
	for _, f := range doc.Findings {
		if (f.Severity == normalize.SeverityError || f.Severity == normalize.SeverityWarning) && !f.AboutReading() {
			t.Errorf("unexpected %s %s: %s", f.Severity, f.Rule, f.Message)
		}
	}
}

// TestSeveralUnits: a by-unit table listing two units, each with its 科目 rows (the codes
// repeat), under a department 合计. Built from Shenzhen's 表3 by printing its unit twice: the
// hierarchy is checked within each unit (repeated codes are not duplicates), each unit row
// sums its own 类 rows (hierarchy_sum, rounding like the original), and the 合计 sums the
// unit rows — exactly when printed right, an error when one of its figures is wrong.
func TestSeveralUnits(t *testing.T) {
	cases := []struct {
		name      string
		bump      string // added to the 合计's 支出总计
		wantError bool
	}{
		{"consistent", "0", false},
		{"total off by 1.00", "1.00", true},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			src := tablesOf(t, corpusDir+"/"+shenzhen)
			tb := srcTableOnPage(src, 20)
			if tb == nil {
				t.Fatal("no table on page 20")
			}
			twoUnits(t, tb, c.bump)
			doc := normalize.Normalize(src, normalize.Options{})
			nt := normTableOnPage(doc, 20)
			half := (len(nt.Rows) - 1) / 2
			unitA, unitB := 1, 1+half
			if nt.Rows[0].Kind != normalize.RowTotal || nt.Rows[unitA].Kind != normalize.RowSubtotal || nt.Rows[unitB].Kind != normalize.RowSubtotal {
				t.Fatalf("kinds %s %s %s, want total subtotal subtotal", nt.Rows[0].Kind, nt.Rows[unitA].Kind, nt.Rows[unitB].Kind)
			}
			if nt.Rows[unitB].Name != "第二单位" {
				t.Errorf("second unit row named %q", nt.Rows[unitB].Name)
			}
			for _, u := range []int{unitA, unitB} {
				f := findingAt(doc, "hierarchy_sum", nt.Seq, u+1, "支出总计")
				if f == nil || f.Severity != normalize.SeverityRounding || f.Expected != "254403.67" {
					t.Errorf("unit row %d: want hierarchy_sum rounding 254403.67, got %+v", u+1, f)
				}
			}
			// 20402 公安 = Σ its 4 项 in the second unit as in the first.
			for _, u := range []int{unitA, unitB} {
				if f := findingAt(doc, "hierarchy_sum", nt.Seq, u+3, "支出总计"); f == nil || f.Severity != normalize.SeverityRounding {
					t.Errorf("row %d (%s): want the 公安 hierarchy rounding, got %+v", u+3, nt.Rows[u+2].Name, f)
				}
			}
			f := findingAt(doc, "table_total", nt.Seq, 1, "支出总计")
			if c.wantError {
				if f == nil || f.Severity != normalize.SeverityError || f.Expected != "508807.36" {
					t.Errorf("合计: want a table_total error expecting 508807.36, got %+v", f)
				}
			} else if f != nil {
				t.Errorf("合计 = Σ unit rows holds exactly, got %s: %s", f.Severity, f.Message)
			}
			for _, f := range doc.Findings {
				// cross_table: the doubled table no longer matches the 收支总表 (by design here).
				if f.Severity == normalize.SeverityError && f.Rule != "cross_table" && f.Refs[0].Table == nt.Seq && !(c.wantError && f.Refs[0].Row == 1) {
					t.Errorf("unexpected error: %s", f.Message)
				}
			}
		})
	}
}

// twoUnits rewrites a one-unit by-unit table into two units (the second a copy named 第二单位)
// under a 合计 row whose amounts are the two unit rows' sum (plus bump in the first column).
func twoUnits(t *testing.T, tb *tables.Table, bump string) {
	t.Helper()
	unitCol, nameCol := -1, -1
	for i, c := range tb.Columns {
		switch {
		case c.Role == tables.RoleText && tables.IsUnitColumn(c.Path):
			unitCol = i
		case c.Role == tables.RoleName:
			nameCol = i
		}
	}
	if unitCol < 0 || nameCol < 0 {
		t.Fatalf("table %d: no unit or name column", tb.Seq)
	}
	second := make([]tables.Row, len(tb.Rows))
	for i, r := range tb.Rows {
		second[i] = tables.Row{Side: r.Side, Page: r.Page, Cells: append([]tables.Cell(nil), r.Cells...)}
	}
	second[0].Cells[unitCol] = tables.Cell{Text: "第二单位"}
	total := tables.Row{Page: tb.Rows[0].Page, Cells: make([]tables.Cell, len(tb.Columns))}
	total.Cells[nameCol] = tables.Cell{Text: "合计"}
	first := true
	for i, c := range tb.Columns {
		if c.Role != tables.RoleAmount {
			continue
		}
		v, err := normalize.ParseAmount(tb.Rows[0].Cells[i].Text)
		if err != nil {
			t.Fatalf("unit row cell %q: %v", tb.Rows[0].Cells[i].Text, err)
		}
		sum, _ := v.Value.Add(v.Value)
		if first {
			b, _ := money.Parse(bump)
			sum, _ = sum.Add(b)
			first = false
		}
		total.Cells[i] = tables.Cell{Text: sum.String(), Fragments: []tables.Fragment{{Text: sum.String(), Page: total.Page}}}
	}
	tb.Rows = append(append([]tables.Row{total}, tb.Rows...), second...)
}

func srcTableOnPage(doc *tables.Document, page int) *tables.Table {
	for _, tb := range doc.Tables {
		if len(tb.Pages) > 0 && tb.Pages[0] == page {
			return tb
		}
	}
	return nil
}

func normTableOnPage(doc *normalize.Document, page int) *normalize.Table {
	for _, tb := range doc.Tables {
		if len(tb.Pages) > 0 && tb.Pages[0] == page {
			return tb
		}
	}
	return nil
}

// findingAt returns the finding of a rule whose first ref is the given table, row (1-based
// Row.Seq) and column path.
func findingAt(doc *normalize.Document, rule string, table, row int, path string) *normalize.Finding {
	for i, f := range doc.Findings {
		if string(f.Rule) != rule || len(f.Refs) == 0 {
			continue
		}
		r := f.Refs[0]
		if r.Table == table && r.Row == row && r.Path == path {
			return &doc.Findings[i]
		}
	}
	return nil
}
