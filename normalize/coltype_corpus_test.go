package normalize_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/rules"
)

var wildDir = corpus.Dir("corpus/wild")

// TestCorpusValueTypes: typed values and units on real layouts. In every document, no value
// but money carries a value in 元, every money value has its unit unless the page prints none
// (then it is reported unit_unknown), and the cells below have the type and unit the page
// gives them.
func TestCorpusValueTypes(t *testing.T) {
	type cell struct {
		table       int
		row, column string // row name (prefix), column path
		typ         normalize.ValueType
		unit, yuan  string
	}
	cases := []struct {
		path  string
		cells []cell
	}{
		// `编制单位：… 单位：元`: the first 单位 is the issuer's.
		{filepath.Join(wildDir, "wild_01.pdf"), []cell{{1, "一、财政拨款收入", "预算数", normalize.TypeMoney, "元", "7233086"}}},
		// `单位：苏州市生态环境局 … 单位：万元`.
		{filepath.Join(wildDir, "wild_28.pdf"), []cell{{1, "一、一般公共预算拨款收入", "预算数", normalize.TypeMoney, "万元", "411838400"}}},
		// A 绩效 self-evaluation form: the unit in the row label (项目资金（万元）), the meaning
		// of each number in the label line printed inside the table (年初预算数 | 分值 | 执行率 | 得分).
		{filepath.Join(corpusDir, "national-petitions-2024-final-accounts.pdf"), []cell{
			{10, "年度资金总额", "", normalize.TypeMoney, "万元", "1806100"},
			{11, "绩效指标", "分值", normalize.TypeScore, "分", ""},
		}},
		// Indicator values with the unit of their 计量单位 column; weights in percent.
		{filepath.Join(wildDir, "wild_16.pdf"), []cell{
			{11, "建成15分钟商业服务圈", "指标值", normalize.TypeIndicator, "个", ""},
			{11, "建成15分钟商业服务圈", "指标权重(%)", normalize.TypePercent, "%", ""},
		}},
		// A form whose money line prints its unit in the row (资金金额（万元）), and scores. The
		// rows are named by their field (实施期资金总额) and indicator (TestFormLabels).
		{filepath.Join(wildDir, "wild_50.pdf"), []cell{
			{18, "实施期资金总额", "", normalize.TypeMoney, "万元", "33619600"},
			{19, "涉案危废品仓储租赁费用标准(元/平方米/月)", "分值权重（90分）", normalize.TypeScore, "分", ""},
		}},
		// `预算金额（万元）` printed inside the table over 总额 | 财政拨款.
		{filepath.Join(corpusDir, "xian-sasac-2022-budget.pdf"), []cell{{20, "其他资源勘探信息等", "", normalize.TypeMoney, "万元", "11881700"}}},
		// A price list (`单价：元/克`): money per gram, its unit saying so.
		{filepath.Join(wildDir, "wild_44.pdf"), []cell{{1, "熊胆粉", "2026年医保最高付费标准", normalize.TypeMoney, "元/克", "127.9036"}}},
		// 绩效 rows whose indicator text prints rates (`≤5万元/分钟`): the money columns keep the
		// table's unit.
		{filepath.Join(wildDir, "wild_24.pdf"), []cell{{1, "数字广州宣传经费", "总计", normalize.TypeMoney, "万元", "300000"}}},
	}
	for _, c := range cases {
		t.Run(filepath.Base(c.path), func(t *testing.T) {
			doc := runPDF(t, c.path)
			unknown := map[int]bool{}
			for _, f := range doc.Findings {
				if f.Rule == rules.UnitUnknown {
					unknown[f.Refs[0].Table] = true
				}
				if _, ok := rules.Lookup(f.Rule); !ok {
					t.Errorf("finding rule %q is not in the registry (package rules)", f.Rule)
				}
			}
			for _, tb := range doc.Tables {
				for _, r := range tb.Rows {
					for i, v := range r.Values {
						for _, rp := range v.Repairs {
							if _, ok := rules.LookupRepair(rp.Kind); !ok {
								t.Errorf("repair kind %q is not in the registry (package rules)", rp.Kind)
							}
						}
						if !v.Present {
							continue
						}
						if v.Type != normalize.TypeMoney && v.Yuan != nil {
							t.Errorf("table %d %q %s: %s %q carries a value in 元", tb.Seq, r.Name, strings.Join(tb.Columns[i].Path, "/"), v.Type, v.Raw)
						}
						if v.Type == normalize.TypeMoney && v.Unit == "" && !unknown[tb.Seq] {
							t.Errorf("table %d %q %s: money %q without unit and not reported", tb.Seq, r.Name, strings.Join(tb.Columns[i].Path, "/"), v.Raw)
						}
					}
				}
			}
			for _, want := range c.cells {
				v, ok := findValue(doc, want.table, want.row, want.column)
				if !ok {
					t.Errorf("table %d: no value in row %q column %q", want.table, want.row, want.column)
					continue
				}
				yuan := ""
				if v.Yuan != nil {
					yuan = v.Yuan.String()
				}
				if v.Type != want.typ || v.Unit != want.unit || yuan != want.yuan {
					t.Errorf("table %d row %q column %q (%q): type %q unit %q yuan %q, want %q %q %q", want.table, want.row, want.column, v.Raw, v.Type, v.Unit, yuan, want.typ, want.unit, want.yuan)
				}
			}
		})
	}
}

// findValue returns the first present value of a table in a row whose name starts with row
// and a column whose path is column.
func findValue(doc *normalize.Document, table int, row, column string) (normalize.Value, bool) {
	for _, tb := range doc.Tables {
		if tb.Seq != table {
			continue
		}
		for _, r := range tb.Rows {
			if !strings.HasPrefix(r.Name, row) {
				continue
			}
			for i, v := range r.Values {
				if v.Present && strings.Join(tb.Columns[i].Path, "/") == column {
					return v, true
				}
			}
		}
	}
	return normalize.Value{}, false
}
