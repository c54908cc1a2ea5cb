package exporttest

import (
	"strconv"
	"testing"

	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/tables"
)

// CrossClassified is a document whose tables carry codes beside the row's subject code,
// copied from real pages:
//
//   - 表1, Xi'an SASAC 2022 p. 29 (表6, 按经济分类): 部门经济科目编码 (the subject) and
//     政府经济科目编码 in separate code columns, each followed by its name column; 30103 奖金
//     is printed twice, under 50101 and under 50905; 301 prints no government code.
//   - 表2, Beijing veterans 2026 支出总表: three code-name columns (功能 / 政府经济 / 部门经济).
//   - 表3, Xi'an 收入总表 p. 25: a 单位编码 column numbering units, not subjects.
//   - 表4, a Putuo 决算 table printing 类 | 款 | 项 as three 科目编码 columns.
func CrossClassified(t testing.TB) *normalize.Document {
	t.Helper()
	const xian = "西安市人民政府国有资产监督管理委员会"
	econ := &normalize.Table{
		Seq: 1, Kind: tables.KindGPBBasic, Title: "2022年部门综合预算一般公共预算支出明细表（按经济分类科目分）", Number: "表6", Unit: "元",
		Pages: []int{29}, HeaderRows: 1,
		Columns: []tables.Column{
			Col(tables.RoleLine, "", "序号"),
			Col(tables.RoleCode, "", "部门经济科目编码"),
			Col(tables.RoleName, "", "部门经济科目名称"),
			Col(tables.RoleCode, "", "政府经济科目编码"),
			Col(tables.RoleText, "", "政府经济科目名称"),
			Col(tables.RoleAmount, "", "合计"),
			Col(tables.RoleAmount, "", "人员经费支出"),
		},
	}
	econRow := func(seq int, kind normalize.RowKind, code, name, gov, govName string, amounts ...string) *normalize.Row {
		r := &normalize.Row{Seq: seq, Kind: kind, Code: code, CodeRaw: code, CodeScheme: "economic", Name: name, Page: 29}
		switch len(code) {
		case 3:
			r.CodeLevel = 1
		case 5:
			r.CodeLevel = 2
		}
		r.Values = []normalize.Value{{Raw: itoa(seq)}, {Raw: code}, {Raw: name}, {Raw: gov}, {Raw: govName}}
		for i, a := range amounts {
			r.Values = append(r.Values, Val(t, a, "元", 29, 450+float64(i)*60, 100+float64(seq)*14))
		}
		if gov != "" {
			r.OtherCodes = []normalize.CodeRef{{Code: gov, Name: govName, Scheme: "economic_gov", Level: 2, Raw: gov, Column: 3}}
		}
		return r
	}
	econ.Rows = []*normalize.Row{
		econRow(1, normalize.RowTotal, "", "合计", "", "", "25180591.33", "13593324.02"),
		econRow(2, normalize.RowItem, "301", "工资福利支出", "", "", "12328074.22", "12328074.22"),
		econRow(3, normalize.RowItem, "30101", "基本工资", "50101", "工资奖金津补贴", "3431345.40", "3431345.40"),
		econRow(4, normalize.RowItem, "30103", "奖金", "50101", "工资奖金津补贴", "1920000.00", "1920000.00"),
		econRow(5, normalize.RowItem, "30103", "奖金", "50905", "离退休费", "989034.300", "989034.300"),
	}

	bj := &normalize.Table{
		Seq: 2, Kind: tables.KindExpenditure, Title: "支出总表", Unit: "万元", Pages: []int{3}, HeaderRows: 1,
		Columns: []tables.Column{
			Col(tables.RoleCodeName, "", "支出功能分类科目"),
			Col(tables.RoleCodeName, "", "政府支出经济分类科目"),
			Col(tables.RoleCodeName, "", "部门支出经济分类科目"),
			Col(tables.RoleAmount, "", "合计"),
		},
	}
	bjRow := func(seq int, code, name, gov, govName, dep, depName, amount string) *normalize.Row {
		return &normalize.Row{
			Seq: seq, Kind: normalize.RowItem, Code: code, CodeRaw: code, CodeLevel: 3, CodeScheme: "functional", Name: name, Page: 3,
			OtherCodes: []normalize.CodeRef{
				{Code: gov, Name: govName, Scheme: "economic_gov", Level: 2, Raw: gov + "-" + govName, Column: 1},
				{Code: dep, Name: depName, Scheme: "economic", Level: 2, Raw: dep + "-" + depName, Column: 2},
			},
			Values: []normalize.Value{{Raw: code + "-" + name}, {Raw: gov + "-" + govName}, {Raw: dep + "-" + depName}, Val(t, amount, "万元", 3, 400, 100+float64(seq)*14)},
		}
	}
	bj.Rows = []*normalize.Row{
		bjRow(1, "2050803", "培训支出", "50203", "培训费", "30216", "培训费", "243.445664"),
		bjRow(2, "2050803", "培训支出", "50502", "商品和服务支出", "30216", "培训费", "44.064090"),
	}

	units := &normalize.Table{
		Seq: 3, Kind: tables.KindIncome, Title: "2022年部门综合预算收入总表", Unit: "元", Pages: []int{25}, HeaderRows: 1,
		Columns: []tables.Column{
			Col(tables.RoleLine, "", "序号"),
			Col(tables.RoleCode, "", "单位编码"),
			Col(tables.RoleName, "", "单位名称"),
			Col(tables.RoleAmount, "", "合计"),
		},
	}
	unitRow := func(seq int, kind normalize.RowKind, unit, name string) *normalize.Row {
		return &normalize.Row{Seq: seq, Kind: kind, Name: name, Page: 25,
			Values: []normalize.Value{{Raw: itoa(seq)}, {Raw: unit}, {Raw: name}, Val(t, "25180591.33", "元", 25, 300, 100+float64(seq)*14)}}
	}
	units.Rows = []*normalize.Row{
		unitRow(1, normalize.RowTotal, "", "合计"),
		unitRow(2, normalize.RowItem, "271", xian),
		unitRow(3, normalize.RowItem, "271001", xian),
	}

	putuo := &normalize.Table{
		Seq: 4, Kind: tables.KindGPBExpenditure, Title: "一般公共预算财政拨款支出决算表", Unit: "万元", Pages: []int{8}, HeaderRows: 2,
		Columns: []tables.Column{
			Col(tables.RoleCode, "", "科目编码"),
			Col(tables.RoleCode, "", "科目编码"),
			Col(tables.RoleCode, "", "科目编码"),
			Col(tables.RoleName, "", "科目名称"),
			Col(tables.RoleAmount, "", "合计"),
		},
	}
	putuo.Rows = []*normalize.Row{
		{Seq: 1, Kind: normalize.RowItem, Code: "201", CodeLevel: 1, Name: "一般公共服务支出", Page: 8,
			Values: []normalize.Value{{Raw: "201"}, {}, {}, {Raw: "一般公共服务支出"}, Val(t, "1250.00", "万元", 8, 400, 100)}},
		{Seq: 2, Kind: normalize.RowItem, Code: "2010301", CodeLevel: 3, CodeRaw: "03 01", Name: "行政运行", Page: 8,
			Values: []normalize.Value{{}, {Raw: "03"}, {Raw: "01"}, {Raw: "行政运行"}, Val(t, "1250.00", "万元", 8, 400, 114)}},
	}

	return &normalize.Document{
		File: "testdata/cross.pdf", SHA256: "cd", Pages: 42, DocKind: "budget", Issuer: xian, Year: 2022,
		Tables: []*normalize.Table{econ, bj, units, putuo},
	}
}

func itoa(n int) string { return strconv.Itoa(n) }
