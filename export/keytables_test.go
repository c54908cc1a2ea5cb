package export

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
	} {
		t.Run(tc.name, func(t *testing.T) {
			kt := KeyTableOf(&normalize.Table{Columns: tc.cols, Rows: tc.rows})
			if !reflect.DeepEqual(kt.Header, tc.header) {
				t.Errorf("header = %q, want %q", kt.Header, tc.header)
			}
			if !reflect.DeepEqual(kt.Rows, tc.recs) {
				t.Errorf("rows = %q, want %q", kt.Rows, tc.recs)
			}
		})
	}
}
