package tables

import (
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// The national petitions office's 基本支出决算表 prints 公用经费 in two groups side by side;
// on a 200 dpi scan the second group's header read `科目代亿` and one code `510` (310).
func TestSubjectCodes(t *testing.T) {
	share := DefaultSettings().ColumnRoleShare
	for _, c := range []struct {
		name string
		body []string
		want bool
	}{
		{"second group of economic codes", []string{"307", "30701", "30702", "310", "31001", "31002", "31099", "399", "39907"}, true},
		{"one code misread", []string{"307", "30701", "30702", "510", "31001", "31002", "31003", "31005", "399", "39907", "39999"}, true},
		{"functional codes 类 款 项", []string{"201", "20103", "2010301", "2010350", "208", "20805"}, true},
		{"integer amounts (万元)", []string{"9846", "180", "2228", "497", "980"}, false},
		{"ascending amounts, none under another", []string{"120", "135", "240", "310"}, false},
		{"amounts that nest by chance, not ascending", []string{"512", "51234", "120", "100", "95"}, false},
		{"a single code", []string{"301"}, false},
		{"codes of other lengths", []string{"1001", "100101", "1002", "100201"}, false},
	} {
		if got := subjectCodes(c.body, share); got != c.want {
			t.Errorf("%s: subjectCodes(%v) = %v, want %v", c.name, c.body, got, c.want)
		}
	}
}

func TestSnapSide(t *testing.T) {
	edits := DefaultSettings().OCRLabelEdits
	for _, c := range []struct{ in, want string }{
		{"x出", "支出"},     // the national petitions 财政拨款收支总表 at 200 dpi
		{"收人", "收入"},     // 入 read 人
		{"公用经费", "公用经费"}, // already a side
		{"公用经", "公用经费"},  // a character lost under a seal
		{"x", "x"},       // too short to say
		{"项目", "项目"},     // no side near
		{"合计", "合计"},
	} {
		if got := snapSide(c.in, edits); got != c.want {
			t.Errorf("snapSide(%q) = %q, want %q", c.in, got, c.want)
		}
	}
	if got := snapSide("x出", 0); got != "x出" {
		t.Errorf("snapSide with no edits allowed = %q, want it unchanged", got)
	}
}

func TestSameShapeOCRLabels(t *testing.T) {
	roles := []Role{RoleCode, RoleName, RoleAmount, RoleCode, RoleName, RoleAmount}
	paths := [][]string{{"科目代码"}, {"科目名称"}, {"决算数"}, {"科目代亿"}, {"科目名称"}, {"决算数"}}
	a, b := [2]int{0, 2}, [2]int{3, 5}
	if sameShape(a, b, roles, paths, 0) {
		t.Error("text-layer tables: a label one character off is another column")
	}
	if !sameShape(a, b, roles, paths, DefaultSettings().OCRLabelEdits) {
		t.Error("OCR tables: `科目代亿` beside `科目代码` is the same column")
	}
	short := [][]string{{"科目代码"}, {"科目名称"}, {"数"}, {"科目代码"}, {"科目名称"}, {"额"}}
	if sameShape(a, b, roles, short, DefaultSettings().OCRLabelEdits) {
		t.Error("one-character labels that differ are different columns")
	}
}

// The lines above Shenzhen's 支出总表 on its first page, as OCR read them at 200 dpi with a
// seal over the title: debris between the title and the 部门名称 line stopped the walk up to
// the title, and the table was split from its continuation pages.
func TestMetaSkipsOCRDebris(t *testing.T) {
	lines := []string{"a 4", "3", "P e e", "支出总表", "和", "部门名称：深圳市公安局交通管理局（本级）单位：万元"}
	def := DefaultSettings()
	for _, src := range []string{extract.SourceOCR, extract.SourceText} {
		var above []*line
		y := 10.0
		for _, s := range lines {
			w := &word{x0: 100, y0: y, x1: 300, y1: y + 10, text: s, size: 10, src: extract.Word{Source: src}}
			above = append(above, &line{words: []*word{w}, x0: 100, y0: y, x1: 300, y1: y + 10})
			y += 15
		}
		m := collectMeta(above, nil, y, &def)
		want := "3支出总表"
		if src == extract.SourceText {
			want = "" // a printed `和` is text: the walk stops there as before
		}
		if m.title != want || m.issuer != "深圳市公安局交通管理局（本级）" {
			t.Errorf("%s: title %q issuer %q, want title %q", src, m.title, m.issuer, want)
		}
	}
}

func TestSimilarTitle(t *testing.T) {
	for _, c := range []struct {
		a, b string
		want bool
	}{
		{"3支出总表", "34i支出总表", true}, // Shenzhen p.22: seal ink beside the repeated title
		{"Pee支出总表", "3支出总表", true},
		{"7一般公共预算支出表（按功能分类）", "8一般公共预算支出表（按经济分类）", false},
		{"收入总表", "支出总表", false},
		{"3", "3", false}, // no title words: nothing to compare
	} {
		if got := similarTitle(c.a, c.b); got != c.want {
			t.Errorf("similarTitle(%q, %q) = %v, want %v", c.a, c.b, got, c.want)
		}
	}
}

func TestPairSides(t *testing.T) {
	for _, c := range []struct{ in, want []string }{
		{[]string{"a:a收»", "支出"}, []string{"收入", "支出"}}, // Shenzhen 收支总表 at 200 dpi, a seal on 收入
		{[]string{"人员经费", "公a经"}, []string{"人员经费", "公用经费"}},
		{[]string{"本年", "支出"}, []string{"本年", "支出"}},       // no character of 收入: a banner of its own
		{[]string{"a:a收»", "合计"}, []string{"a:a收»", "合计"}}, // the other half names no side
		{[]string{"收入", "支出", "x出"}, []string{"收入", "支出", "x出"}},
	} {
		got := append([]string(nil), c.in...)
		pairSides(got)
		if strings.Join(got, "|") != strings.Join(c.want, "|") {
			t.Errorf("pairSides(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// Xi'an's 财政拨款收支总表 at 200 dpi: a seal over the header's 项目 cell, read `86`.
func TestSealedNumberInHeaderRow(t *testing.T) {
	cell := func(text string, sealed bool) *gcell {
		return &gcell{text: text, words: []*word{{text: text, sealed: sealed, src: extract.Word{Source: extract.SourceOCR}}}}
	}
	for _, c := range []struct {
		name  string
		cells []*gcell
		data  bool
	}{
		{"header row, seal digits on 项目", []*gcell{cell("86", true), cell("预算数", false), cell("支出功能分科目（按大类）", false), cell("预算数", false)}, false},
		{"the same digits not under a seal", []*gcell{cell("86", false), cell("预算数", false), cell("支出功能分科目（按大类）", false), cell("预算数", false)}, true},
		{"a body row with an amount under a seal", []*gcell{cell("一、财政拨款", false), cell("86", true)}, true},
		{"a body row, sealed amount beside another amount", []*gcell{cell("工资福利支出", false), cell("86", true), cell("2,156.30", false)}, true},
	} {
		if got := isDataRow(c.cells); got != c.data {
			t.Errorf("%s: isDataRow = %v, want %v", c.name, got, c.data)
		}
	}
}

func TestTrimLeadingMarks(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{"”政府预算支出经济分类科目（按大类）", "政府预算支出经济分类科目（按大类）"}, // Xi'an 收支总表 at 200 dpi
		{"|~项目", "项目"},
		{"（按大类）", "（按大类）"}, // an opening bracket is print
		{"支出功能分科目", "支出功能分科目"},
	} {
		if got := trimLeadingMarks(c.in); got != c.want {
			t.Errorf("trimLeadingMarks(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestMisreadNumber(t *testing.T) {
	for _, c := range []struct {
		in   string
		want bool
	}{
		{"131.49.60", true},   // Wuxi 收入总表 at 200 dpi, a seal over 131,349.60
		{"131,349.60", false}, // a number: no misreading
		{"12", false},         // a column number
		{"2080501", false},    // a code
		{"无锡市教育局", false},     // text
		{"4寺-", false},
	} {
		if got := misreadNumber(c.in); got != c.want {
			t.Errorf("misreadNumber(%q) = %v, want %v", c.in, got, c.want)
		}
	}
}
