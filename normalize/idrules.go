package normalize

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/sumcheck"
	"github.com/budgetpdf/budgetpdf/tables"
)

// The rule table of the identities (勾稽关系). Each identity normalize checks instantiates one
// entry: what it relates, and when it applies and when it does not. Every finding about an
// identity names its entry (Finding.Identity, and `[entry]` at the end of its message), so a
// reader can look up why it was checked; docs/normalize.md lists the table. The conditions
// common to all of them are the evaluator's (package sumcheck): only figures of one kind add
// up (no percent, score, indicator, rate; money in 元), a blank total is unknown (a blank
// parent of a scanned table counts 0, for the reading review), a part whose row prints
// nothing is no part, rounding is the printed precision × the terms.

// identityRule is one entry of the rule table.
type identityRule struct {
	id      string
	kind    rules.Kind
	relates string // what it relates
	when    string // when it applies, and when it does not
}

var identityRules = []identityRule{
	{"row.total_column", rules.RowIdentity, "in every row, a 合计/小计/总计 column = Σ the columns it totals (a group through its 小计, or its leaves where the row leaves the 小计 blank)",
		"其中 columns are no parts; a total naming its group adds only that group (`“三公”经费合计`: not 会议费/培训费); a part column included in another (every failing row holds without it) is taken out (info); not checked where code/name/amount columns repeat side by side; a family failing on most rows is a misreading and dropped (info) unless the same shape holds in a parallel column group"},
	{"hierarchy.code", rules.HierarchySum, "in every amount column, a 类 = Σ its 款, a 款 = Σ its 项 (by printed codes)",
		"codes printed on several rows are no parent (cross-classified rows, told apart by their other codes, are parts); by-unit tables use unit.*; a failing family is a misreading and dropped (info) when it fails on most parents"},
	{"total.top_rows", rules.TableTotal, "the total row (合计, or a side's own 人员经费合计) = Σ the side's 类 rows", "one total row per side; a misread structure is dropped as for hierarchy.code"},
	{"total.flat_list", rules.TableTotal, "the total row = Σ every coded row of a list without parent rows (cross-classified leaf combinations; 项 rows printed once per unit: Beijing 一般公共预算支出表)",
		"the coded rows all of one level, none the parent of another; never dropped as a misreading (nothing is inferred)"},
	{"unit.hierarchy", rules.HierarchySum, "by-unit tables (预算单位 | 科目编码 | 科目名称): 类/款/项 within each unit's rows", "codes repeat from unit to unit; each unit is its own hierarchy"},
	{"unit.total", rules.HierarchySum, "a unit row = Σ its 类 rows (table_total when the sole unit is the table's total)", ""},
	{"unit.department_total", rules.TableTotal, "the department's 合计 = Σ the unit rows", "only where a 合计 is printed above several units"},
	{"outline.heading", rules.HierarchySum, "names-only sides: a heading line (一、…, （一）…, an indented parent, a unit by its number prefix, a group line found by its sums: a department line above its units) = Σ its items", "其中 blocks are no parts; a heading that totals the entries after it is a table_total; a line printing nothing and holding no entries (a wrapped name's first line) is no item"},
	{"outline.closing_total", rules.TableTotal, "a closing total (本年收入合计) = Σ the top-level entries above it", ""},
	{"outline.total", rules.TableTotal, "a side's last …总计 = Σ its top-level entries", "a group line's items are not top-level: the 合计 adds the department line, not its units too"},
	{"performance.total", rules.TableTotal, "a 绩效目标表's 合计 row = Σ its top-level lines (its projects, or the unit lines over them) in every money column (资金总额)",
		"绩效 tables printing one 合计 row (no codes, no by-unit segments); a project's amount printed again beside each indicator or after a page break is one amount (repeat_of_row); indicator, score and count columns are no money"},
	{"performance.group", rules.HierarchySum, "a unit line of a 绩效目标表 (`106001 | 长沙市公安局`, the projects printing its 单位编码 under it) = Σ its projects; a group line found by its sums = Σ its lines", "as performance.total"},
	{"cross.summary_balance", rules.CrossTable, "收支总表 支出总计 = 收入总计", ""},
	{"cross.income_total", rules.CrossTable, "收入表 合计 = 收支总表 收入总计 (本年收入合计 when the income table carries no carry-over column: 决算)", ""},
	{"cross.summary_income_by_source", rules.CrossTable, "收入表 合计 in a funding source's column (its 小计 when grouped; carry-overs not) = the 收支总表's one 收入 line of that source (`(1)一般公共预算拨款`)", ""},
	{"cross.expenditure_total", rules.CrossTable, "支出表 合计 = 收支总表 支出总计 (本年支出合计 when printed)", ""},
	{"cross.summary_by_class", rules.CrossTable, "支出表 类 rows = the 收支总表's 支出 lines of the same 类 (code printed, or mapped with confidence)", ""},
	{"cross.summary_class_rows", rules.CrossTable, "a 类 line of the summary = Σ the rows of that 类 in a cross-classified detail table printing leaf combinations only", ""},
	{"cross.income_expenditure_by_subject", rules.CrossTable, "each subject's 合计 in the 支出表 = its 总计 in the 收入表", "subjects printed once in each"},
	{"cross.fiscal_balance", rules.CrossTable, "财政拨款收支总表 支出总计 = 收入总计", ""},
	{"cross.fiscal_source_total", rules.CrossTable, "the GPB / 政府性基金 / 国有资本经营 table's 合计 = the 财政拨款收支总表's column of that source (本年支出合计 row when printed)", ""},
	{"cross.fiscal_by_class", rules.CrossTable, "those tables' 类 rows = the fiscal summary's 类 lines in that source's column", ""},
	{"cross.income_source_by_subject", rules.CrossTable, "a subject's 合计 in the GPB / fund / capital table = its 收入表 columns of that source (transfers included, carry-overs not)", ""},
	{"cross.gpb_basic_total", rules.CrossTable, "一般公共预算支出表 合计 基本支出 = the basic-expenditure table's total (its 人员经费合计 + 公用经费合计 in 决算; its 基本支出 column when it prints one)",
		"the basic table is the one titled 一般公共预算…基本支出 (a 财政拨款基本支出表 beside it is not); an economic table of all spending is cross.gpb_economic_all"},
	{"cross.gpb_economic_all", rules.CrossTable, "an economic-classification table of all 一般公共预算 spending (titled …经济分类… without 基本: Fujian, Xi'an) = the GPB table's 合计", ""},
	{"cross.project_by_subject", rules.CrossTable, "项目支出表 each subject = 一般公共预算支出表 项目支出 of that subject", ""},
}

// ruleOf returns a rule table entry by id.
func ruleOf(id string) (identityRule, bool) {
	for _, r := range identityRules {
		if r.id == id {
			return r, true
		}
	}
	return identityRule{}, false
}

// groupParts keeps, of a total column's parts, those of the group its label names
// (sumcheck.GroupMembers: `“三公”经费合计` adds no 会议费/培训费); all of them when it names none.
func groupParts(totalPath []string, kids []*colNode) []*colNode {
	if len(totalPath) == 0 {
		return kids
	}
	names := make([]string, len(kids))
	for i, k := range kids {
		names[i] = k.name
	}
	keep := sumcheck.GroupMembers(catalog.NameKey(totalPath[len(totalPath)-1]), names)
	if keep == nil {
		return kids
	}
	var out []*colNode
	for i, k := range kids {
		if keep[i] {
			out = append(out, k)
		}
	}
	return out
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
