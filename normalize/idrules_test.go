package normalize_test

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/tables"
)

// TestIdentityLayouts: identities follow the layout, on real documents (wild-triage.md):
//   - the Suzhou/Wuxi 三公 table's `“三公”经费合计` adds 出国 + 公务用车 + 接待, not 会议费 and
//     培训费 printed beside them (it was a false error on 7 documents);
//   - the Fujian template's 一般公共预算支出经济分类情况表 classifies all 一般公共预算 spending:
//     it totals to the GPB table's 合计, and the 基本支出 table is the one titled so (7 false
//     errors);
//   - Xi'an's 三公 table breaks 合计 = 三公小计 + 会议费 + 培训费 in its 2021年 group on every row
//     while the 2020年 group holds: the document's breaks, reported (8 were taken for a
//     misreading and dropped).
func TestIdentityLayouts(t *testing.T) {
	type check struct {
		desc            string // a part of the identity's description
		printed, wants  []string
		table           int    // with bump: the table whose total row's first cell in column is raised by 1
		column          string // (header path)
		row             string // the row raised instead of the total: the first whose first cells hold it
		bumped, bumpExp string // the error the raised cell then gives (printed, expected)
	}
	cases := []struct {
		doc    string
		checks []check
	}{
		{"wild_28.pdf", []check{{desc: "“三公”经费合计 = 因公出国（境）费 + 公务用车购置及运行维护费/小计 + 公务接待费:",
			table: 9, column: "“三公”经费合计", bumped: "21.00", bumpExp: "20.00"}}},
		{"wild_43.pdf", []check{{desc: "(an economic table of all 一般公共预算 spending",
			table: 9, column: "预算数", bumped: "351905.90", bumpExp: "351904.90"}}},
		// A department row above its units, which sum to it (found by sums, normalize/
		// hierarchy.go): the 合计 is checked against the department row alone, the department
		// row against its units. Suzhou's 收入总表 by unit (unit codes 123 / 123001…), Xi'an's
		// 三公 table by unit (codes wrapped 2620 / 01, the names' first lines printing
		// nothing, the units continued on the next page). Both were false errors (2 × 合计).
		{"wild_27.pdf", []check{
			{desc: `"合计" 合计 = Σ the 1 top-level entries`, table: 2, column: "合计", bumped: "249978.11", bumpExp: "249977.11"},
			// (raised in a column other than the one the group line is recognised in)
			{desc: `"苏州市交通运输局" 本年收入/其他收入 = Σ its 8 items`, table: 2, column: "本年收入/其他收入", row: "123苏州市交通运输局", bumped: "7618.01", bumpExp: "7617.01"},
		}},
		{"wild_54.pdf", []check{
			// The wrapped unit codes and names are one row each since the tables stage keeps a
			// ruled band's wrapped lines together (tables/bandsplit.go): 6 units; the 合计
			// holds the department row alone.
			{desc: `"合计" 2021年/合计 = Σ the 1 top-level entries`, table: 18, column: "2021年/合计", bumped: "421673.5", bumpExp: "421672.5"},
			{desc: `"西安市工业和信息化局" 2021年/合计 = Σ its 6 items`, table: 18, column: "2021年/合计", row: "2262西安市工业和信息化局", bumped: "421673.5", bumpExp: "421672.5"},
		}},
		// Changsha's 项目支出绩效目标表 (表9): 合计 and the unit's line print the unit's 项目支出,
		// but the projects listed under the unit add up to less (performance.group, a fault of
		// the documents: docs/wild-triage.md). Each project's 资金总额 is printed once per
		// indicator row and again after each page break; counted once, wild_39 has 14
		// projects (18 when four of them continued on the next page were counted twice).
		{"wild_38.pdf", []check{
			{desc: `"长沙市信访局" 资金总额 = Σ its 4 lines`, printed: []string{"417.41"}, wants: []string{"286.91"}},
			{desc: `"合计" 资金总额 = Σ the 1 top-level lines`, table: 9, column: "资金总额", bumped: "418.41", bumpExp: "417.41"},
		}},
		{"wild_39.pdf", []check{{desc: `"长沙市公安局" 资金总额 = Σ its 14 lines`, printed: []string{"40233.95"}, wants: []string{"39052.86"}}}},
		// The summary's funding-source income line = the income table's column of that
		// source (Xi'an 部门综合预算: (1)一般公共预算拨款 = 收入总表 合计 一般公共预算拨款/小计;
		// issue 14, cross.summary_income_by_source): holds, and raising the 小计 breaks it.
		{"wild_50.pdf", []check{{desc: "table 6 合计 一般公共预算 = table 5 (1)一般公共预算拨款",
			table: 6, column: "一般公共预算拨款/小计", bumped: "3246385030.74", bumpExp: "3246385029.74"}}},
		{"wild_53.pdf", []check{{desc: "2021年/合计 = 2021年/一般公共预算拨款安排的“三公”经费预算/小计 + 2021年/会议费 + 2021年/培训费",
			printed: []string{"1171100.00", "1171100.00", "1066000.00", "105100.00"}, wants: []string{"1481100.00", "1481100.00", "1256000.00", "225100.00"}}}},
	}
	for _, c := range cases {
		t.Run(c.doc, func(t *testing.T) {
			res := runPipeline(t, filepath.Join(wildDir, c.doc))
			for _, ch := range c.checks {
				printed, wants := errorsAbout(res.Doc, ch.desc)
				if strings.Join(printed, " ") != strings.Join(ch.printed, " ") || strings.Join(wants, " ") != strings.Join(ch.wants, " ") {
					t.Errorf("%q: errors printed %v expected %v, want %v %v", ch.desc, printed, wants, ch.printed, ch.wants)
				}
				if ch.table == 0 {
					continue
				}
				// The identity is checked: raising its total by 1 breaks it (an error, or info
				// explained by the error another identity of the same cell gives).
				if !bumpTotal(res.Tables, ch.table, ch.column, ch.row) {
					t.Fatalf("table %d has no total cell in %s", ch.table, ch.column)
				}
				printed, wants = findingsAbout(normalize.Normalize(res.Tables, normalize.Options{}), ch.desc)
				if len(printed) != 1 || printed[0] != ch.bumped || wants[0] != ch.bumpExp {
					t.Errorf("%q after raising the total: errors printed %v expected %v, want [%s] [%s]", ch.desc, printed, wants, ch.bumped, ch.bumpExp)
				}
			}
			for _, f := range res.Doc.Findings {
				if f.Rule == rules.IdentityNotApplicable && strings.Contains(f.Message, "misreading") && strings.Contains(f.Message, "2021年") {
					t.Errorf("dropped: %s", f.Message)
				}
			}
		})
	}
}

func errorsAbout(doc *normalize.Document, desc string) (printed, wants []string) {
	for _, f := range doc.Findings {
		if f.Severity == normalize.SeverityError && strings.Contains(f.Message, desc) {
			printed, wants = append(printed, f.Printed), append(wants, f.Expected)
		}
	}
	return printed, wants
}

func findingsAbout(doc *normalize.Document, desc string) (printed, wants []string) {
	for _, f := range doc.Findings {
		if (f.Severity == normalize.SeverityError || f.Severity == normalize.SeverityInfo) && strings.Contains(f.Message, desc) {
			printed, wants = append(printed, f.Printed), append(wants, f.Expected)
		}
	}
	return printed, wants
}

// bumpTotal raises by one unit the first printed cell of a column in the total line of a
// table (or in the first row whose first three cells, joined, start with row), as if the
// document printed it so.
func bumpTotal(doc *tables.Document, seq int, column, row string) bool {
	for _, t := range doc.Tables {
		if t.Seq != seq {
			continue
		}
		for ci, c := range t.Columns {
			if strings.Join(c.Path, "/") != column {
				continue
			}
			for ri := range t.Rows {
				cell := &t.Rows[ri].Cells[ci]
				a, err := normalize.ParseAmount(cell.Text)
				label := t.Rows[ri].Cells[0].Text + t.Rows[ri].Cells[1].Text
				if row != "" && len(t.Rows[ri].Cells) > 2 {
					label += t.Rows[ri].Cells[2].Text
				}
				if err != nil || !a.Present || len(cell.Fragments) != 1 || row == "" && !strings.HasPrefix(label, "合计") && ri != 0 || row != "" && !strings.HasPrefix(label, row) {
					continue
				}
				v, _ := a.Value.Add(money.Decimal{Coef: 1, Scale: 0})
				cell.Text, cell.Fragments[0].Text = v.String(), v.String()
				return true
			}
		}
	}
	return false
}
