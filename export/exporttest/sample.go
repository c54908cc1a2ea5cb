// Package exporttest builds realistic normalized documents by hand for the writers' tests
// (export and its read-back checks), so every test reads the same documents.
package exporttest

import (
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/tables"
)

// The hand-built documents below follow real disclosures (DOMAIN.md, the Changji seed and
// the Putuo budgets): a two-sided 收支总表 in 万元, a 功能分类 table in 元 with a two-level
// header, 类/款/项 columns and codes whose 款/项 digits start with 0, a 万元 table printing
// four decimals, a split-number repair, a low-confidence OCR value, an unresolved value, a
// code repair and findings. They are built through small helpers so every test reads them
// the same way.

// Val is a present amount printed as raw, in unit; page/box give provenance.
func Val(t testing.TB, raw, unit string, page int, x0, y0 float64) normalize.Value {
	t.Helper()
	a, err := money.Parse(strings.NewReplacer(",", "", " ", "").Replace(raw))
	if err != nil {
		t.Fatalf("amount %q: %v", raw, err)
	}
	yuan := a
	if unit == "万元" {
		if yuan, err = a.Shift(4); err != nil {
			t.Fatal(err)
		}
	}
	return normalize.Value{
		Raw: raw, Present: true, Amount: a, Yuan: &yuan, Type: normalize.TypeMoney, Unit: unit, Page: page,
		Box: extract.Box{X0: x0, Y0: y0, X1: x0 + 60, Y1: y0 + 10}, Source: extract.SourceText, Confidence: 1,
	}
}

// Blank is a cell without an amount.
var Blank = normalize.Value{}

// Col is a table column.
func Col(role tables.Role, side string, path ...string) tables.Column {
	return tables.Column{Path: path, Role: role, Side: side}
}

// Sample is a realistic three-table budget with repairs, OCR values and findings.
func Sample(t testing.TB) *normalize.Document {
	t.Helper()
	// 表1 收支总表, two-sided, 万元.
	sum := &normalize.Table{
		Seq: 1, Kind: tables.KindSummary, Title: "2025年部门财务收支预算总表", Number: "表1", Unit: "万元",
		Pages: []int{3}, HeaderRows: 2,
		Columns: []tables.Column{
			Col(tables.RoleName, "收入", "收入", "项目"),
			Col(tables.RoleAmount, "收入", "收入", "预算数"),
			Col(tables.RoleName, "支出", "支出", "项目"),
			Col(tables.RoleAmount, "支出", "支出", "预算数"),
		},
	}
	in := func(seq int, kind normalize.RowKind, name, raw string, y float64) *normalize.Row {
		return &normalize.Row{Seq: seq, Side: "收入", Kind: kind, Name: name, Page: 3,
			Values: []normalize.Value{Blank, Val(t, raw, "万元", 3, 200, y), Blank, Blank}}
	}
	out := func(seq int, kind normalize.RowKind, code, name, raw string, y float64) *normalize.Row {
		lvl := 0
		if code != "" {
			lvl = 1
		}
		return &normalize.Row{Seq: seq, Side: "支出", Kind: kind, Code: code, CodeLevel: lvl, CodeScheme: "functional", Name: name, Page: 3,
			Values: []normalize.Value{Blank, Blank, Blank, Val(t, raw, "万元", 3, 500, y)}}
	}
	sum.Rows = []*normalize.Row{
		in(1, normalize.RowItem, "一、一般公共预算拨款收入", "58822", 120),
		in(2, normalize.RowItem, "二、政府性基金预算拨款收入", "0", 135),
		in(3, normalize.RowTotal, "收入总计", "58822", 150),
		out(4, normalize.RowItem, "201", "一般公共服务支出", "1250", 120),
		out(5, normalize.RowItem, "208", "社会保障和就业支出", "57572", 135),
		out(6, normalize.RowTotal, "", "支出总计", "58822", 150),
	}

	// 表2 一般公共预算支出表, 元, 科目编码 类|款|项 + 基本支出 split.
	gpb := &normalize.Table{
		Seq: 2, Kind: tables.KindGPBExpenditure, Title: "2025年一般公共预算支出功能分类预算表", Number: "表2", Unit: "元",
		Pages: []int{4, 5}, HeaderRows: 2,
		Columns: []tables.Column{
			Col(tables.RoleLei, "", "科目编码", "类"),
			Col(tables.RoleKuan, "", "科目编码", "款"),
			Col(tables.RoleXiang, "", "科目编码", "项"),
			Col(tables.RoleName, "", "科目名称"),
			Col(tables.RoleAmount, "", "合计"),
			Col(tables.RoleAmount, "", "基本支出", "人员经费"),
			Col(tables.RoleAmount, "", "基本支出", "公用经费"),
			Col(tables.RoleAmount, "", "项目支出"),
		},
	}
	row := func(seq int, kind normalize.RowKind, code, name string, page int, y float64, amounts ...string) *normalize.Row {
		r := &normalize.Row{Seq: seq, Kind: kind, Code: code, CodeScheme: "functional", Name: name, Page: page,
			Box: extract.Box{X0: 40, Y0: y, X1: 800, Y1: y + 12}}
		switch len(code) {
		case 3:
			r.CodeLevel = 1
		case 5:
			r.CodeLevel = 2
		case 7:
			r.CodeLevel = 3
		default:
			r.CodeLevel = 0
		}
		r.CodeRaw = code
		r.Values = []normalize.Value{Blank, Blank, Blank, Blank}
		for i, a := range amounts {
			if a == "" {
				r.Values = append(r.Values, Blank)
				continue
			}
			r.Values = append(r.Values, Val(t, a, "元", page, 300+float64(i)*100, y))
		}
		return r
	}
	gpb.Rows = []*normalize.Row{
		row(1, normalize.RowTotal, "", "合计", 4, 100, "12,502,950.35", "9,016,775.35", "1,286,175.00", "2,200,000.00"),
		row(2, normalize.RowItem, "201", "一般公共服务支出", 4, 115, "12,029,500.35", "9,016,775.35", "812,725.00", "2,200,000.00"),
		row(3, normalize.RowItem, "20103", "政府办公厅（室）及相关机构事务", 4, 130, "12,029,500.35", "9,016,775.35", "812,725.00", "2,200,000.00"),
		row(4, normalize.RowItem, "2010301", "行政运行", 4, 145, "9,829,500.35", "9,016,775.35", "812,725.00", ""),
		row(5, normalize.RowItem, "2010350", "事业运行", 4, 160, "2,200,000.00", "", "", "2,200,000.00"),
		row(6, normalize.RowItem, "208", "社会保障和就业支出", 5, 100, "473,450.00", "", "473,450.00", ""),
		row(7, normalize.RowItem, "20805", "行政事业单位养老支出", 5, 115, "473,450.00", "", "473,450.00", ""),
		row(8, normalize.RowItem, "2080505", "机关事业单位基本养老保险缴费支出", 5, 130, "473,450.00", "", "473,450.00", ""),
	}
	// Row 8's code was printed `2085 05 05` and fixed from the hierarchy.
	gpb.Rows[7].CodeRaw = "2085 05 05"
	gpb.Rows[7].Repairs = []normalize.Repair{{Kind: "code_fix", Before: "20850505", After: "2080505", Evidence: "parent 款 20805; catalog name matches"}}
	// Row 4's 人员经费 was printed wrapped over two lines.
	v := &gpb.Rows[3].Values[5]
	v.Raw = "9,016,775.3 5"
	v.Repairs = []normalize.Repair{{Kind: "join_split_number", Before: "9,016,775.3 | 5", After: "9016775.35", Evidence: "same cell box, next baseline; 类 = Σ 款 holds"}}
	// Row 5's 合计 came from OCR with low confidence.
	lc := &gpb.Rows[4].Values[4]
	lc.Source, lc.Confidence, lc.LowConfidence = extract.SourceOCR, 0.61, true
	gpb.Rows[4].MappedCode, gpb.Rows[4].MappingConfidence = "2010350", 0.97

	// 表3 “三公”经费, 万元 with four decimals, one unresolved value.
	tp := &normalize.Table{
		Seq: 3, Kind: tables.KindThreePublic, Title: "2025年“三公”经费支出预算表", Number: "表3", Unit: "万元",
		Pages: []int{6}, HeaderRows: 3,
		Columns: []tables.Column{
			Col(tables.RoleAmount, "", "合计"),
			Col(tables.RoleAmount, "", "因公出国（境）费用"),
			Col(tables.RoleAmount, "", "公务用车购置及运行费", "小计"),
			Col(tables.RoleAmount, "", "公务用车购置及运行费", "公务用车购置费"),
			Col(tables.RoleAmount, "", "公务用车购置及运行费", "公务用车运行费"),
			Col(tables.RoleAmount, "", "公务接待费"),
		},
	}
	tpRow := &normalize.Row{Seq: 1, Kind: normalize.RowItem, Page: 6}
	for i, a := range []string{"13.9493", "0", "6.9493", "0", "6.9493", "7.0000"} {
		tpRow.Values = append(tpRow.Values, Val(t, a, "万元", 6, 50+float64(i)*90, 200))
	}
	ur := &tpRow.Values[2]
	ur.Unresolved, ur.Raw = true, "6.949 3"
	tp.Rows = []*normalize.Row{tpRow}

	// 表4 政府性基金: printed empty.
	gf := &normalize.Table{
		Seq: 4, Kind: tables.KindGovFund, Title: "2025年政府性基金预算支出表", Number: "表4", Unit: "万元", Pages: []int{7}, Empty: true,
		Columns: []tables.Column{Col(tables.RoleCode, "", "科目编码"), Col(tables.RoleName, "", "科目名称"), Col(tables.RoleAmount, "", "合计")},
		Notes:   []string{"注：本部门2025年无政府性基金预算收入，也没有使用政府性基金预算安排的支出，故本表为空表。"},
	}

	doc := &normalize.Document{
		File: "testdata/changji-2025.pdf", SHA256: strings.Repeat("ab", 32), Pages: 12, DocKind: "budget",
		Issuer: "昌吉高新区管委会", Year: 2025, Tables: []*normalize.Table{sum, gpb, tp, gf},
		Findings: []normalize.Finding{
			{Rule: "hierarchy_sum", Severity: normalize.SeverityError, Message: "类 201 合计 ≠ Σ 款", Expected: "12029500.35", Printed: "12029500.36",
				Refs: []normalize.Ref{{Table: 2, Row: 2, Column: 4, Code: "201", Name: "一般公共服务支出", Path: "合计", Page: 4, Box: extract.Box{X0: 300, Y0: 115, X1: 360, Y1: 125}},
					{Table: 2, Row: 3, Column: 4, Code: "20103", Path: "合计", Page: 4}}},
			{Rule: "unresolved_split", Severity: normalize.SeverityWarning, Message: "“6.949 3” read as 6.9493 or 6.949+3",
				Refs: []normalize.Ref{{Table: 3, Row: 1, Column: 2, Path: "公务用车购置及运行费/小计", Page: 6}}},
			{Rule: "cross_table", Severity: normalize.SeverityRounding, Message: "表1 支出总计 vs 表2 合计", Expected: "58822", Printed: "1250.295035",
				Refs: []normalize.Ref{{Table: 1, Row: 6, Column: 3, Page: 3}, {Table: 2, Row: 1, Column: -1, Page: 4}}},
		},
		Problems: []tables.Problem{{Page: 9, Message: "testdata/changji-2025.pdf: page 9: page is image and OCR is off"}},
	}
	return doc
}

// SampleDocID and SampleSource name Sample in outputs.
const (
	SampleDocID  = "changji-2025"
	SampleSource = "testdata/changji-2025.pdf"
)
