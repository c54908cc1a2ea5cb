package normalize_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/internal/corpus"
	"github.com/budgetpdf/budgetpdf/normalize"
)

// TestEqualLinesNoGroup: two equal lines in a row are not a group line over its one item
// when, counted apart, they complete the group of the unit line above them
// (regroupSingles). wild_20 表12 (项目支出及其他支出预算表, by unit): 广州市储备粮管理中心
// 1,623.00 = 267 + 266 + 920 + 50 + 50 + 54 + 16, read from the page; 救灾仓库设备购置及安装
// 50.00 was the parent of 办公用房管理经费 50.00 and the unit line a leaf, so the table's
// leaves summed to 140,418.79 against its 合计 138,845.78.
func TestEqualLinesNoGroup(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	doc := runPDF(t, filepath.Join(corpus.Wild(t), "wild_20.pdf"))
	cases := []struct{ name, parent string }{
		{"市储备粮油管理工作经费", "广州市储备粮管理中心"},
		{"救灾仓库设备购置及安装", "广州市储备粮管理中心"},
		{"办公用房管理经费", "广州市储备粮管理中心"},
		{"广州市储备粮管理信息系统2026-2027年运维项目", "广州市储备粮管理中心"},
	}
	var tab *normalize.Table
	for _, tb := range doc.Tables {
		for _, r := range tb.Rows {
			if r.Name == "广州市储备粮管理中心" {
				tab = tb
			}
		}
	}
	if tab == nil {
		t.Fatal("no table with the row 广州市储备粮管理中心")
	}
	bySeq := map[int]*normalize.Row{}
	for _, r := range tab.Rows {
		bySeq[r.Seq] = r
	}
	for _, c := range cases {
		found := false
		for _, r := range tab.Rows {
			if r.Name != c.name {
				continue
			}
			found = true
			p := bySeq[r.ParentSeq]
			if p == nil || p.Name != c.parent {
				t.Errorf("%s (row %d): parent row %d, want %s", c.name, r.Seq, r.ParentSeq, c.parent)
			}
			if !r.IsLeaf {
				t.Errorf("%s (row %d) is no leaf", c.name, r.Seq)
			}
		}
		if !found {
			t.Errorf("no row %s", c.name)
		}
	}
}

// TestProjectUnderSubject: a project line (序号 | 项目名称, no code, no name) under a coded
// subject is that subject's part when the sums say so (projectUnder). wild_01 表10, p.17:
// 201 / 20113 / 2011302 一般行政管理事务 270,000, then `1 | 钻石宝玉石产业发展专项 | 270,000`,
// 合计 270,000: the leaves summed to 540,000 with the project at the top.
func TestProjectUnderSubject(t *testing.T) {
	if testing.Short() {
		t.Skip("corpus run skipped in -short mode")
	}
	doc := runPDF(t, filepath.Join(corpus.Wild(t), "wild_01.pdf"))
	cases := []struct {
		label, parentCode string
		level             int
		leaf              bool
	}{
		{"钻石宝玉石产业发展专项", "2011302", 4, true},
		{"一般行政管理事务", "20113", 3, false},
	}
	for _, c := range cases {
		found := false
		for _, tb := range doc.Tables {
			bySeq := map[int]*normalize.Row{}
			for _, r := range tb.Rows {
				bySeq[r.Seq] = r
			}
			for _, r := range tb.Rows {
				if r.LabelPath != c.label || !strings.Contains(tb.Title, "项目支出预算表") {
					continue
				}
				found = true
				if p := bySeq[r.ParentSeq]; p == nil || p.Code != c.parentCode || r.Level != c.level || r.IsLeaf != c.leaf {
					t.Errorf("%s: parent row %d, level %d, leaf %v; want parent %s, level %d, leaf %v", c.label, r.ParentSeq, r.Level, r.IsLeaf, c.parentCode, c.level, c.leaf)
				}
			}
		}
		if !found {
			t.Errorf("no row %s in a 项目支出预算表", c.label)
		}
	}
}
