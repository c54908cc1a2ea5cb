package tables_test

import (
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/tables"
)

// TestUnitColumnRoles: in by-unit layouts the 预算单位 / 单位名称 column is the row label only
// where it tells the rows apart. Beside 科目编码 | 科目名称 it is a text column (the unit row's
// label is taken from it by normalize); printed once for rows that another column names
// (Shenzhen 表9 三公: 2025年 / 2026年 / 增减变化金额; the 绩效 list's projects) it is context;
// a single row keeps it as the label; before an item column (Hangzhou's 单位名称 | 项目名称)
// it is context, whatever the number of units.
func TestUnitColumnRoles(t *testing.T) {
	cases := []struct {
		file      string
		page      int    // a page of the table
		unitCol   string // the unit column's header path
		unitRole  tables.Role
		nameCol   string // the column that must be the row label
		nameTexts []string
	}{
		{"shenzhen-traffic-police-2026-budget.pdf", 38, "预算单位", tables.RoleText, "年度", []string{"2025年", "2026年", "增减变化金额"}},
		{"shenzhen-traffic-police-2026-budget.pdf", 10, "二级预算单位名称", tables.RoleText, "一级项目名称", []string{"交通管理装(设)备业务", "预算准备金", "交通管理业务"}},
		{"shenzhen-traffic-police-2026-budget.pdf", 20, "预算单位", tables.RoleText, "科目名称", []string{"", "公共安全支出", "公安"}},
		{"shenzhen-traffic-police-2026-budget.pdf", 34, "预算单位", tables.RoleText, "科目名称", []string{"", "工资福利支出", "基本工资"}},
		{"shenzhen-traffic-police-2026-budget.pdf", 19, "预算单位", tables.RoleName, "预算单位", []string{"深圳市公安局交通管理局（本级）"}},
		// 单位名称 | 项目名称: the unit is context, the project names the row (issue 14).
		{"hangzhou-police-2026-budget.pdf", 32, "单位名称", tables.RoleText, "项目名称", []string{"合计", "执法办案", "公安事务综合业务管理"}},
	}
	for _, c := range cases {
		t.Run(c.file+"/"+c.unitCol+"/"+c.nameCol, func(t *testing.T) {
			doc := corpusDoc(t, c.file)
			tb := tableOnPage(doc, c.page)
			if tb == nil {
				t.Fatalf("no table on page %d", c.page)
			}
			unit, name := columnPathed(tb, c.unitCol), columnPathed(tb, c.nameCol)
			if unit < 0 || name < 0 {
				t.Fatalf("table %d %q: columns %q / %q not found in %v", tb.Seq, tb.Title, c.unitCol, c.nameCol, paths(tb))
			}
			if got := tb.Columns[unit].Role; got != c.unitRole {
				t.Errorf("table %d %q: column %q role %s, want %s", tb.Seq, tb.Title, c.unitCol, got, c.unitRole)
			}
			if got := tb.Columns[name].Role; got != tables.RoleName {
				t.Errorf("table %d %q: column %q role %s, want name", tb.Seq, tb.Title, c.nameCol, got)
			}
			names := 0
			for _, col := range tb.Columns {
				if col.Role == tables.RoleName && col.Side == "" && col.X0 < tb.Columns[name].X0 {
					names++
				}
			}
			if names > 0 {
				t.Errorf("table %d: %d name columns left of %q: the label must be the first", tb.Seq, names, c.nameCol)
			}
			if len(tb.Rows) < len(c.nameTexts) {
				t.Fatalf("table %d: %d rows, want at least %d", tb.Seq, len(tb.Rows), len(c.nameTexts))
			}
			for i, want := range c.nameTexts {
				if got := strings.TrimSpace(tb.Rows[i].Cells[name].Text); got != want {
					t.Errorf("table %d row %d label %q, want %q", tb.Seq, i+1, got, want)
				}
			}
		})
	}
}

func tableOnPage(doc *tables.Document, page int) *tables.Table {
	for _, tb := range doc.Tables {
		for _, p := range tb.Pages {
			if p == page {
				return tb
			}
		}
	}
	return nil
}

func columnPathed(tb *tables.Table, path string) int {
	for i, c := range tb.Columns {
		if strings.Join(c.Path, "/") == path {
			return i
		}
	}
	return -1
}

func paths(tb *tables.Table) []string {
	var out []string
	for _, c := range tb.Columns {
		out = append(out, strings.Join(c.Path, "/"))
	}
	return out
}

// TestIsUnitColumn: unit names, not unit codes or units of measure.
func TestIsUnitColumn(t *testing.T) {
	cases := []struct {
		path []string
		want bool
	}{
		{[]string{"预算单位"}, true},
		{[]string{"单位名称"}, true},
		{[]string{"二级预算单位名称"}, true},
		{[]string{"预算单位名称"}, true},
		{[]string{"单位"}, true},
		{[]string{"单位编码"}, false},
		{[]string{"预算单位代码"}, false},
		{[]string{"计量单位"}, false},
		{[]string{"度量单位"}, false},
		{[]string{"科目名称"}, false},
		{[]string{"单位（项目）名称"}, false},
	}
	for _, c := range cases {
		if got := tables.IsUnitColumn(c.path); got != c.want {
			t.Errorf("IsUnitColumn(%v) = %v, want %v", c.path, got, c.want)
		}
	}
}
