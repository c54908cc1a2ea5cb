package normalize

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/tables"
)

// groupTotal is a total column that names the group it totals (`“三公”经费合计`): it adds only
// the columns of that group, whatever else the table prints beside them.
type groupTotal struct {
	group   *regexp.Regexp // the total's label (NameKey) naming the group
	members *regexp.Regexp // the labels of the group's columns
	why     string
}

// groupTotals: the known groups. The Suzhou/Wuxi 一般公共预算“三公”经费、会议费、培训费支出表
// prints `“三公”经费合计 | 因公出国（境）费 | 公务用车… | 公务接待费 | 会议费 | 培训费`: 会议费
// and 培训费 are no 三公 expense, so its 合计 is 出国 + 公务用车 + 接待 (it holds so on every such
// table of the wild corpus; wild-triage.md). Xi'an's table of the same name prints a plain
// 合计 over a 三公 小计, 会议费 and 培训费: all of them are its parts (a plain 合计 is no group).
var groupTotals = []groupTotal{{
	group:   regexp.MustCompile(`^三公经费.*合计$`),
	members: regexp.MustCompile(`因公出国|公务用车|公务接待|三公`),
	why:     "会议费 and 培训费 are no 三公 expense",
}}

// groupParts keeps, of a total column's parts, those of the group its label names; all of
// them when it names no known group.
func groupParts(totalPath []string, kids []*colNode) []*colNode {
	if len(totalPath) == 0 {
		return kids
	}
	label := catalog.NameKey(totalPath[len(totalPath)-1])
	for _, g := range groupTotals {
		if !g.group.MatchString(label) {
			continue
		}
		var out []*colNode
		for _, k := range kids {
			if g.members.MatchString(k.name) {
				out = append(out, k)
			}
		}
		return out
	}
	return kids
}

// pickTable returns the first non-empty table of a kind whose title holds every word of
// prefer, else the first of the kind (-1 when none): a document can print two tables of one
// kind (Suzhou: 财政拨款支出表 and 一般公共预算支出表), and an identity about 一般公共预算 wants
// the second.
func (n *normalizer) pickTable(kind tables.Kind, prefer ...string) int {
	first := -1
	for i, t := range n.doc.Tables {
		if t.Kind != kind || t.Empty || len(t.Rows) == 0 {
			continue
		}
		if first < 0 {
			first = i
		}
		if containsAll(t.Title, prefer) {
			return i
		}
	}
	return first
}

// basicTable is the basic-expenditure table the cross-table identities use: one titled
// 一般公共预算…基本支出, else …基本支出…, else the first of its kind.
func (n *normalizer) basicTable() int {
	if i := n.pickTable(tables.KindGPBBasic, "一般公共预算", "基本"); i >= 0 && strings.Contains(n.doc.Tables[i].Title, "基本") {
		return i
	}
	return n.pickTable(tables.KindGPBBasic, "基本")
}

// allSpendingEconomic lists the economic-classification tables of all 一般公共预算 spending
// (titled …经济分类… without 基本, and without a 基本支出 column of their own, which would make
// them the basic table's source: Shenzhen's 支出总计 | 基本支出 | 项目支出), other than basic.
func (n *normalizer) allSpendingEconomic(basic int) []int {
	var out []int
	for i, t := range n.doc.Tables {
		if i == basic || t.Kind != tables.KindGPBBasic || t.Empty || len(t.Rows) == 0 {
			continue
		}
		if strings.Contains(t.Title, "经济") && !strings.Contains(t.Title, "基本") && n.colNamed(i, "", "基本支出") < 0 {
			out = append(out, i)
		}
	}
	return out
}

func containsAll(s string, words []string) bool {
	for _, w := range words {
		if !strings.Contains(s, w) {
			return false
		}
	}
	return true
}

// flatRows: a side whose coded rows are all of one level and none the parent of another (a
// list of 项 printed once per unit, Beijing's 一般公共预算支出表: 2082899 on two rows) totals to
// the sum of all of them, repeated codes included; nil when the side is not such a list.
func flatRows(t *Table, side string) []int {
	var out []int
	level := -1
	codes := map[string]bool{}
	for i, r := range t.Rows {
		if r.Side != side || r.Code == "" {
			continue
		}
		if level >= 0 && r.CodeLevel != level || r.CodeLevel == 0 {
			return nil
		}
		level = r.CodeLevel
		codes[r.Code] = true
		out = append(out, i)
	}
	for c := range codes {
		if codes[parentCode(c)] {
			return nil
		}
	}
	return out
}

// groupShape is a row identity's structure below the first header level, "" when the total
// sits at the top level (no group to compare with): `合计 = 小计|会议费|培训费`, the same under
// 2020年 and 2021年.
func groupShape(t *Table, target int, kids []*colNode) string {
	p := t.Columns[target].Path
	if len(p) < 2 {
		return ""
	}
	names := []string{strings.Join(p[1:], "/")}
	for _, k := range kids {
		names = append(names, k.name)
	}
	return fmt.Sprintf("table %d %s", t.Seq, strings.Join(names, "|"))
}
