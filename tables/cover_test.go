package tables

import (
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// coverLines lays out lines top to bottom on page 1, each h points high, gap points apart.
func coverLines(h, gap float64, texts ...string) []ProseLine {
	var out []ProseLine
	y := 300.0
	for _, t := range texts {
		out = append(out, ProseLine{Page: 1, Text: t, Box: extract.Box{X0: 100, Y0: y, X1: 400, Y1: y + h}})
		y += h + gap
	}
	return out
}

// TestCoverIssuer: the cover layouts seen in the wild (the issuer before the year, after it,
// over several lines) give the issuer; a part heading or a contents line never does.
func TestCoverIssuer(t *testing.T) {
	cases := []struct {
		name  string
		prose []ProseLine
		want  string
	}{
		{"name before year, one line", coverLines(20, 10, "国家信访局2024年度部门决算"), "国家信访局"},
		{"name over two lines above the year", coverLines(20, 10, "上海市普陀区规划和自然", "资源局", "2024 年度部门决算"), "上海市普陀区规划和自然资源局"},
		{"year first, one line", coverLines(26, 10, "2026 年度苏州市生态环境局单位预算公开"), "苏州市生态环境局"},
		{"year, name, document word on three lines", coverLines(50, 29, "2026 年度", "福州市医疗保障局", "部门预算"), "福州市医疗保障局"},
		{"name wrapped between year and document word", coverLines(50, 29, "2026", "福州经济技术开发区生态", "环境局", "单位预算"), "福州经济技术开发区生态环境局"},
		{"document word on the next line, then contents with part headings",
			append(coverLines(26, 20, "北京市人力资源和社会保障局 2026 年度", "部门预算信息公开"),
				ProseLine{Page: 1, Text: "第一部分 2026 年度部门预算情况说明", Box: extract.Box{Y0: 400, Y1: 416}},
				ProseLine{Page: 1, Text: "第二部分 2026 年度部门预算报表", Box: extract.Box{Y0: 500, Y1: 516}}),
			"北京市人力资源和社会保障局"},
		{"only part headings", coverLines(16, 15, "目录", "第一部分 2026 年度部门预算情况说明", "第二部分 2026 年度部门预算报表"), ""},
		{"a line far above is another block", coverLines(20, 200, "某某报告", "2024年度部门决算"), ""},
		{"not a budget document", coverLines(20, 10, "ICS 03.080", "全国人民调解工作规范", "2020"), ""},
	}
	def := DefaultSettings()
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := coverIssuer(c.prose, &def); got != c.want {
				t.Errorf("coverIssuer = %q, want %q", got, c.want)
			}
		})
	}
}
