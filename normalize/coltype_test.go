package normalize

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/tables"
)

// TestLabelTyping: header labels as real documents print them.
func TestLabelTyping(t *testing.T) {
	cases := []struct {
		label string
		typ   ValueType
		unit  string
		money bool
	}{
		{"合计", "", "", true},
		{"基本支出/人员经费", "", "", true},
		{"增减变化情况/合计", "", "", true}, // a change in money is money
		{"项目/功能分类科目编码/合计", "", "", true},
		{"金额（万元）", TypeMoney, "万元", true},
		{"预算金额(元)", TypeMoney, "元", true},
		{"单位：万元", TypeMoney, "万元", true},
		{"万元", TypeMoney, "万元", true},
		{"元/平方米/月", TypeMoney, "元/平方米/月", true},
		{"元旦慰问", "", "", false},
		{"增减(%)", TypePercent, "%", false},
		{"指标权重(%)", TypePercent, "%", false},
		{"执行率", TypePercent, "%", false},
		{"得分率", TypePercent, "%", false},
		{"分值权重（90分）", TypeScore, "分", false},
		{"分值", TypeScore, "分", false},
		{"得分", TypeScore, "分", false},
		{"公务用车保有量（辆）", TypeCount, "辆", false},
		{"车辆数", TypeCount, "辆", false},
		{"数量", TypeCount, "", false},
		{"本年绩效指标值", TypeIndicator, "", false},
		{"目标值", TypeIndicator, "", false},
		{"实施采购时间", TypeDate, "", false},
		{"序号", TypeCode, "", false},
		{"绩效指标/备注", TypeText, "", false},
	}
	for _, c := range cases {
		got := labelTyping(c.label)
		if got.typ != c.typ || got.unit != c.unit || got.money != c.money {
			t.Errorf("%q: got %+v, want type %q unit %q money %v", c.label, got, c.typ, c.unit, c.money)
		}
	}
}

// TestRowLabelTyping: only a unit a row label prints types its numbers, never the words of
// the name (`培训合格率` names what a 分值 scores).
func TestRowLabelTyping(t *testing.T) {
	cases := []struct {
		label string
		typ   ValueType
		unit  string
	}{
		{"项目资金（万元） 年度资金总额：", TypeMoney, "万元"},
		{"专项资金情况（万元） 财政拨款：", TypeMoney, "万元"},
		{"公务用车保有量(辆)", TypeCount, "辆"},
		{"培训合格率", "", ""},
		{"数字广州宣传经费 ≤5万元/分钟；年度指标值:≤5万元/分钟。", "", ""},
		{"警务通通讯租赁费 元/台得满分,每超出15元扣2分≤", "", ""},
		{"2010301 行政运行", "", ""},
	}
	for _, c := range cases {
		if got := rowLabelTyping(c.label); got.typ != c.typ || got.unit != c.unit {
			t.Errorf("%q: got %+v, want %q %q", c.label, got, c.typ, c.unit)
		}
	}
}

// TestValueTypes: typed cells through Normalize (header, in-table label line, row label,
// unit column, cell suffix); only money in a known unit has a value in 元.
func TestValueTypes(t *testing.T) {
	// A 绩效 self-evaluation form: the money line's unit is in the row label, the meaning of
	// each number in a label line printed inside the table (national 决算 template).
	doc := textDoc([][]string{
		{"项目名称", "", "", "培训专项", "", "", ""},
		{"项目资金（万元）", "", "", "年初预算数", "分值", "执行率", "得分"},
		{"项目资金（万元）", "年度资金总额：", "", "180.61", "10.0", "100.00%", "10"},
	})
	tb := doc.Tables[0]
	tb.Kind, tb.Unit, tb.Title = tables.KindPerformance, "", "培训专项项目绩效自评表"
	for i := range tb.Columns {
		tb.Columns[i].Path = nil
		tb.Columns[i].Role = tables.RoleAmount
	}
	tb.Columns[0].Role, tb.Columns[1].Role, tb.Columns[2].Role = tables.RoleName, tables.RoleText, tables.RoleText
	nd := Normalize(doc, Options{})
	row := nd.Tables[0].Rows[2]
	want := []struct {
		typ  ValueType
		unit string
		yuan string
	}{{TypeMoney, "万元", "1806100"}, {TypeScore, "分", ""}, {TypePercent, "%", ""}, {TypeScore, "分", ""}}
	for i, w := range want {
		v := row.Values[3+i]
		yuan := ""
		if v.Yuan != nil {
			yuan = v.Yuan.String()
		}
		if v.Type != w.typ || v.Unit != w.unit || yuan != w.yuan {
			t.Errorf("column %d %q: type %q unit %q yuan %q, want %q %q %q", 3+i, v.Raw, v.Type, v.Unit, yuan, w.typ, w.unit, w.yuan)
		}
	}
	for _, f := range nd.Findings {
		if f.Rule == "unit_unknown" || f.Rule == "unparsed_amount" && f.Severity != SeverityInfo {
			t.Errorf("%s: %s", f.Rule, f.Message)
		}
	}
}

// TestUnitUnknown: money whose unit nothing prints has no value in 元 and is reported once
// per column; it is never given the unit of the document's other tables.
func TestUnitUnknown(t *testing.T) {
	doc := textDoc([][]string{
		{"201", "", "", "一般公共服务支出", "100.00", "60.00", "40.00"},
	})
	other := *doc.Tables[0]
	other.Seq = 2
	other.Unit = ""
	doc.Tables = append(doc.Tables, &other)
	nd := Normalize(doc, Options{})
	if v := nd.Tables[0].Rows[0].Values[4]; v.Unit != "万元" || v.Yuan == nil || v.Yuan.String() != "1000000" {
		t.Errorf("table 1: unit %q yuan %v", v.Unit, v.Yuan)
	}
	v := nd.Tables[1].Rows[0].Values[4]
	if v.Type != TypeMoney || v.Unit != "" || v.Yuan != nil {
		t.Errorf("table 2: type %q unit %q yuan %v; want money without unit or 元", v.Type, v.Unit, v.Yuan)
	}
	if fs := findingsOf(nd, "unit_unknown"); len(fs) != 3 || fs[0].Refs[0].Table != 2 || !fs[0].AboutReading() {
		t.Errorf("unit_unknown findings: %+v", fs)
	}
}
