package tables

import (
	"strings"
	"testing"
)

func split(paths ...string) [][]string {
	var out [][]string
	for _, p := range paths {
		out = append(out, strings.Split(p, "/"))
	}
	return out
}

// TestSimilarPaths: OCR readings of one repeated header are recognised as the same header;
// another table's header is not.
func TestSimilarPaths(t *testing.T) {
	first := split("科目编码/类", "科目编码/款", "科目编码/项", "科目名称", "总计", "财政拨款（补助）/国有资本经营预算")
	cases := []struct {
		name  string
		other [][]string
		want  bool
	}{
		{"the same", first, true},
		{"a word short and a level lost", split("科目编码", "科目编码/款", "科目编码/项", "科目名称", "总计", "财政拨款（补助）/国有资本经营"), true},
		{"characters misread", split("科目编码/E", "科目编码/款7,", "科目编码/项", "科目名称", "总计", "Mi款（补助）/国有资本经营预算"), true},
		{"another column count", split("科目编码/类", "科目编码/款", "科目名称", "总计", "财政拨款（补助）/国有资本经营预算"), false},
		{"another table", split("项目", "合计", "资金来源/一般公共预算", "资金来源/政府性基金", "资金来源/国有资本经营预算", "备注"), false},
	}
	def := DefaultSettings()
	for _, c := range cases {
		if got := similarPaths(first, c.other, &def); got != c.want {
			t.Errorf("%s: similarPaths = %v, want %v", c.name, got, c.want)
		}
	}
}

// TestVoteHeaderPaths: each column takes the reading most pages agree on; two pages are no
// majority.
func TestVoteHeaderPaths(t *testing.T) {
	part := func(paths ...string) *pageTable {
		p := &pageTable{paths: split(paths...), ocr: true}
		p.cols = make([]int, len(p.paths))
		return p
	}
	cases := []struct {
		name  string
		parts []*pageTable
		want  string
	}{
		{"majority over the first page", []*pageTable{
			part("科目编码", "国有资本经营"), part("科目编码/类", "国有资本经营预算"), part("科目编码/类", "国有资本经营预算"), part("科目编码/类", "国有资本经营")},
			"科目编码/类|国有资本经营"}, // 国有资本经营 2, 国有资本经营预算 2: a tie keeps the first page's
		{"three against one", []*pageTable{
			part("科目编码", "国有资本经营"), part("科目编码/类", "国有资本经营预算"), part("科目编码/类", "国有资本经营预算"), part("科目编码/类", "国有资本经营预算")},
			"科目编码/类|国有资本经营预算"},
		{"a tie keeps the first page", []*pageTable{
			part("科目编码/交", "国有资本经营"), part("科目编码/类", "国有资本经营预算"), part("科目编码/E", "国有资本经营")},
			"科目编码/交|国有资本经营"},
		{"two pages: no vote", []*pageTable{part("科目编码", "国有资本经营"), part("科目编码/类", "国有资本经营预算")},
			"科目编码|国有资本经营"},
	}
	for _, c := range cases {
		tp := &tableParts{parts: c.parts}
		h := tp.headerPart()
		paths := make([][]string, len(h.paths))
		for i := range paths {
			paths[i] = append([]string(nil), h.paths[i]...)
		}
		voteHeaderPaths(tp, h, paths)
		var got []string
		for _, p := range paths {
			got = append(got, strings.Join(p, "/"))
		}
		if strings.Join(got, "|") != c.want {
			t.Errorf("%s: %s, want %s", c.name, strings.Join(got, "|"), c.want)
		}
	}
}
