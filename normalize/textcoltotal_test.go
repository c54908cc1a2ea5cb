package normalize

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/tables"
)

// TestTextColumnTotal: a 合计 printed in a label column other than the name column is the
// row's label in a by-unit table's unit column and in an empty table (Wuxi's empty 政府采购
// 支出表 prints it under 采购品目大类, left of 专项名称); not in another text column of a table
// with amounts (Wuxi's filled 政府采购支出表 group rows under 采购品目大类 the hierarchy does
// not model).
func TestTextColumnTotal(t *testing.T) {
	procurement := []tables.Column{
		{Path: []string{"采购品目大类"}, Role: tables.RoleText},
		{Path: []string{"专项名称"}, Role: tables.RoleName},
		{Path: []string{"采购品目名称"}, Role: tables.RoleText},
		{Path: []string{"总计"}, Role: tables.RoleAmount},
	}
	byUnit := []tables.Column{
		{Path: []string{"预算单位代码"}, Role: tables.RoleCode},
		{Path: []string{"预算单位名称"}, Role: tables.RoleText},
		{Path: []string{"预算项目名称"}, Role: tables.RoleName},
		{Path: []string{"金额"}, Role: tables.RoleAmount},
	}
	row := func(cells ...string) tables.Row {
		r := tables.Row{}
		for _, c := range cells {
			r.Cells = append(r.Cells, tables.Cell{Text: c})
		}
		return r
	}
	cases := []struct {
		name  string
		table tables.Table
		row   tables.Row
		want  string
	}{
		{"empty procurement", tables.Table{Columns: procurement, Empty: true}, row("合计", "", "", ""), "合计"},
		{"filled procurement", tables.Table{Columns: procurement}, row("合计", "", "", "3668.17"), ""},
		{"by-unit total", tables.Table{Columns: byUnit}, row("", "合计", "", "131027041.73"), "合计"},
		{"by-unit unit line", tables.Table{Columns: byUnit}, row("153001", "西安市公安局", "", "5058641.00"), ""},
		{"empty, attribute text", tables.Table{Columns: procurement, Empty: true}, row("货物", "", "", ""), ""},
	}
	for _, c := range cases {
		if got := textColumnTotal(&c.table, c.row); got != c.want {
			t.Errorf("%s: %q, want %q", c.name, got, c.want)
		}
	}
}
