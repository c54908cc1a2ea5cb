package findtext_test

import (
	"strings"
	"testing"
	"unicode"

	"github.com/budgetpdf/budgetpdf/export/findtext"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/pipeline"
)

func titles(seq int) string {
	return map[int]string{2: "支出总表", 3: "一般公共预算支出表"}[seq]
}

func TestMessage(t *testing.T) {
	cell := normalize.Ref{Table: 3, Row: 61, Column: 4, Code: "2101101", Name: "行政单位医疗", Path: "合计", Page: 12}
	other := normalize.Ref{Table: 2, Row: 40, Column: 5, Code: "2101101", Name: "行政单位医疗", Path: "一般公共预算", Page: 8}
	cases := []struct {
		name string
		f    normalize.Finding
		lang findtext.Lang
		want []string // substrings, in order
	}{
		{"row identity with the difference", normalize.Finding{Rule: "row_identity", Severity: normalize.SeverityError, Printed: "55", Expected: "56", Refs: []normalize.Ref{cell}},
			findtext.ZH, []string{"表3《一般公共预算支出表》「2101101 行政单位医疗」合计（第12页）", "不等于本行各分项之和", "印刷 55", "分项合计 56", "差额 -1"}},
		{"cross table names the other table", normalize.Finding{Rule: "cross_table", Severity: normalize.SeverityError, Printed: "56", Expected: "55", Refs: []normalize.Ref{cell, other}},
			findtext.ZH, []string{"表3", "与 表2《支出总表》「2101101 行政单位医疗」一般公共预算 不一致", "差额 1"}},
		{"rounding says so", normalize.Finding{Rule: "hierarchy_sum", Severity: normalize.SeverityRounding, Printed: "440.90", Expected: "440.88", Refs: []normalize.Ref{cell}},
			findtext.ZH, []string{"下级合计 440.88", "差额 0.02", "尾差范围内"}},
		{"explained by a repair", normalize.Finding{Rule: "hierarchy_sum", Severity: normalize.SeverityError, Printed: "12045", Expected: "11923", ExplainedByRepair: true, Refs: []normalize.Ref{cell}},
			findtext.ZH, []string{"差额 122", "可能由本工具对数字的修复造成"}},
		{"malformed code", normalize.Finding{Rule: "malformed_code", Severity: normalize.SeverityError, Printed: "2085 05 02", Expected: "2080502", Refs: []normalize.Ref{{Table: 2, Row: 9, Column: -1}}},
			findtext.ZH, []string{"表2《支出总表》「第9行」", "科目编码印刷为「2085 05 02」", "应为 2080502"}},
		{"reviewed", normalize.Finding{Rule: "row_identity", Severity: normalize.SeverityError, Printed: "55", Expected: "56", Refs: []normalize.Ref{cell}, Review: &normalize.Review{By: "王", At: "2026-12-01T09:00:00Z", Why: "原件如此"}},
			findtext.ZH, []string{"差额 -1", "【已复核：王，2026-12-01T09:00:00Z，原件如此】"}},
		{"summary of checks", normalize.Finding{Rule: "identities_checked", Severity: normalize.SeverityInfo, Message: "identities that hold exactly / checked: cross_table 34/34, hierarchy_sum 61/61"},
			findtext.ZH, []string{"勾稽关系（完全相符/已检查）：表间勾稽 34/34，上下级汇总 61/61"}},
		{"a rule without a template", normalize.Finding{Rule: "new_rule", Severity: normalize.SeverityWarning, Printed: "3", Expected: "4", Refs: []normalize.Ref{cell}},
			findtext.ZH, []string{"new_rule：表3", "印刷 3，应为 4，差额 -1"}},
		{"English is normalize's message", normalize.Finding{Rule: "row_identity", Message: "table 3 row: printed 55, the identity gives 56", Printed: "55", Expected: "56", Refs: []normalize.Ref{cell}},
			findtext.EN, []string{"table 3 row: printed 55, the identity gives 56"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			got := findtext.Message(c.f, titles, c.lang)
			rest := got
			for _, w := range c.want {
				i := strings.Index(rest, w)
				if i < 0 {
					t.Fatalf("message %q lacks %q (in order)", got, w)
				}
				rest = rest[i+len(w):]
			}
		})
	}
}

// TestSampleFindingsInChinese: every finding of the bundled sample reads as a Chinese
// sentence that carries both values of the finding.
func TestSampleFindingsInChinese(t *testing.T) {
	res, err := pipeline.Run("../../fixtures/sample/changji-hitech-zone-2026-budget.pdf", pipeline.Options{})
	if err != nil {
		t.Fatal(err)
	}
	ti := findtext.TitlesOf(res.Doc)
	if len(res.Doc.Findings) < 20 {
		t.Fatalf("%d findings: the sample should have its 19 errors and more", len(res.Doc.Findings))
	}
	for _, f := range res.Doc.Findings {
		m := findtext.Message(f, ti, findtext.ZH)
		han := 0
		for _, r := range m {
			if unicode.Is(unicode.Han, r) {
				han++
			}
		}
		if han < 4 || strings.Contains(m, "the identity gives") {
			t.Errorf("%s: %q is not a Chinese sentence", f.Rule, m)
		}
		if f.Rule != "identities_checked" && (!strings.Contains(m, f.Printed) || !strings.Contains(m, f.Expected)) {
			t.Errorf("%s: %q lacks printed %q or expected %q", f.Rule, m, f.Printed, f.Expected)
		}
	}
}
