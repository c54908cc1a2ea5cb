package export

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/export/exporttest"
	"github.com/budgetpdf/budgetpdf/normalize"
)

func sampleDoc(t testing.TB) *normalize.Document { return exporttest.Sample(t) }

func sampleMeta() Meta {
	return Meta{DocID: exporttest.SampleDocID, SourceFile: exporttest.SampleSource, ToolVersion: "test", ConvertedAt: "2026-01-02T03:04:05Z"}
}

// TestSidePath: a printed column's header is its side then its path, the side's banner
// written once (the header paths of jiangsu-cppcc-2017 表1 and Xi'an 部门综合预算 收支总表).
func TestSidePath(t *testing.T) {
	cases := []struct{ side, path, want string }{
		{"", "科目编码/类", "科目编码/类"},
		{"收入", "项目", "收入/项目"},
		{"收入", "收入/预算数", "收入/预算数"},
		{"支出/功能分类", "功能分类/金额", "支出/功能分类/金额"},
		{"支出/支出用途", "支出用途/项目名称", "支出/支出用途/项目名称"},
		{"支出/支出功能分科目（按大类）", "支出功能分科目（按大类）", "支出/支出功能分科目（按大类）"},
		{"支出/支出功能分科目（按大类）", "支出/预算数", "支出/支出功能分科目（按大类）/预算数"},
		{"支出/部门预算支出经济科目（按大类）", "支出/部门预算支出经济科目（按大类）/部门预算支出经济科目（按大类）", "支出/部门预算支出经济科目（按大类）"},
		{"支出/部门预算支出经济科目（按大类）", "预算数", "支出/部门预算支出经济科目（按大类）/预算数"},
	}
	for _, c := range cases {
		if got := sidePath(c.side, c.path); got != c.want {
			t.Errorf("sidePath(%q, %q) = %q, want %q", c.side, c.path, got, c.want)
		}
	}
}
