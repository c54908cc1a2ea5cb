package keyfile

import (
	"reflect"
	"testing"

	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/tables"
)

func TestKeyTableOfColumns(t *testing.T) {
	amt := func(s string) normalize.Value {
		return normalize.Value{Raw: s, Present: true, Amount: money.MustParse(s)}
	}
	for _, tc := range []struct {
		name   string
		cols   []tables.Column
		rows   []*normalize.Row
		header []string
		recs   [][]string
		rowOf  []int // nil: one key row per table row
	}{
		{
			name: "two sides share equal paths",
			cols: []tables.Column{
				{Path: []string{"项目"}, Role: tables.RoleName, Side: "收入"},
				{Path: []string{"预算数"}, Role: tables.RoleAmount, Side: "收入"},
				{Path: []string{"项目"}, Role: tables.RoleName, Side: "支出"},
				{Path: []string{"预算数"}, Role: tables.RoleAmount, Side: "支出"},
			},
			rows: []*normalize.Row{
				{Side: "收入", Name: "一、 本年收入", Values: []normalize.Value{{}, amt("2.50"), {}, {}}},
				{Side: "支出", Code: "201", Name: "一般公共服务支出", Values: []normalize.Value{{}, {}, {}, amt("3741")}},
			},
			header: []string{"side", "code", "name", "预算数"},
			recs:   [][]string{{"收入", "", "一、本年收入", "2.50"}, {"支出", "201", "一般公共服务支出", "3741"}},
		},
		{
			name: "duplicate paths on one side are kept apart",
			cols: []tables.Column{
				{Path: []string{"科目名称"}, Role: tables.RoleName},
				{Path: []string{""}, Role: tables.RoleAmount},
				{Path: []string{""}, Role: tables.RoleAmount},
			},
			rows: []*normalize.Row{
				{Code: "2010301", Name: "行政运行", Values: []normalize.Value{{}, amt("1"), amt("0")}},
			},
			header: []string{"code", "name", "", "#2"},
			recs:   [][]string{{"2010301", "行政运行", "1", "0"}},
		},
		{
			// 决算 总表 placeholder lines print only their 行次: no row in the key format;
			// a line with a printed 0, or with something unreadable, stays.
			name: "lines that print nothing are left out",
			cols: []tables.Column{
				{Path: []string{"项目"}, Role: tables.RoleName},
				{Path: []string{"行次"}, Role: tables.RoleText},
				{Path: []string{"金额"}, Role: tables.RoleAmount},
			},
			rows: []*normalize.Row{
				{Name: "一、财政拨款收入", Values: []normalize.Value{{}, {}, amt("12.00")}},
				{Values: []normalize.Value{{}, {Raw: "9"}, {}}},
				{Values: []normalize.Value{{}, {Raw: "10"}, amt("0")}},
				{Values: []normalize.Value{{}, {}, {Raw: "1 2.0 0", Unresolved: true}}},
				{Name: "本年收入合计", Values: []normalize.Value{{}, {}, amt("12.00")}},
			},
			header: []string{"code", "name", "金额"},
			recs:   [][]string{{"", "一、财政拨款收入", "12.00"}, {"", "", "0"}, {"", "", ""}, {"", "本年收入合计", "12.00"}},
			rowOf:  []int{0, 2, 3, 4},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			kt := TableOf(&normalize.Table{Columns: tc.cols, Rows: tc.rows})
			if !reflect.DeepEqual(kt.Header, tc.header) {
				t.Errorf("header = %q, want %q", kt.Header, tc.header)
			}
			if !reflect.DeepEqual(kt.Rows, tc.recs) {
				t.Errorf("rows = %q, want %q", kt.Rows, tc.recs)
			}
			want := tc.rowOf
			if want == nil {
				for i := range tc.rows {
					want = append(want, i)
				}
			}
			if !reflect.DeepEqual(kt.RowOf, want) {
				t.Errorf("RowOf = %v, want %v", kt.RowOf, want)
			}
		})
	}
}
