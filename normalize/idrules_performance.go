package normalize

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/tables"
)

// performanceIdentities: a 绩效目标表 that prints a 合计 row (Changsha's 项目支出绩效目标表:
// `合计 | 417.41`, the unit's line `126001 | 长沙市信访局 | 417.41`, then each project
// beside its indicators) is a list of amounts like any other: its 合计 is the sum of its
// top-level lines, a unit line over its projects the sum of those projects. The tree is the
// one the outputs show (hierarchy.go: unitCodeParents, groupBySums), and a project's amount
// printed again on each indicator row or after a page break counts once (markRepeats), so
// what is checked is what a user summing the exported leaf rows finds. Only money columns
// are added (the evaluator leaves indicator, score and count values out).
func (n *normalizer) performanceIdentities(ti int) []*identity {
	t := n.doc.Tables[ti]
	src := n.srcTable(t.Seq)
	if t.Kind != tables.KindPerformance || src == nil {
		return nil
	}
	n.markRepeats(ti, src) // idempotent: hierarchy marks the same repeats for the outputs
	var ids []*identity
	for _, side := range tableSides(t) {
		// (A 绩效 table is never two halves side by side: its 绩效目标 and indicator columns
		// after the amounts are remarks, which sideBySide does not know.)
		if sideHasCodes(t, side) || n.hasUnitRows(ti, side) {
			continue
		}
		rows := sideRows(t, side)
		var totals []int
		for _, i := range rows {
			if t.Rows[i].Kind == RowTotal {
				totals = append(totals, i)
			}
		}
		if len(totals) != 1 {
			continue // no 合计 (most 绩效 tables), or several: which one totals what is unknown
		}
		parent, part := map[int]int{}, map[int]bool{}
		unitCodeParents(t, src, rows, parent)
		groupBySums(t, rows, parent, part)
		children := map[int][]int{}
		var parents, tops []int
		for _, i := range rows {
			r := t.Rows[i]
			if r.Kind != RowItem || part[i] {
				continue
			}
			p, ok := parent[i]
			switch {
			case !ok:
				tops = append(tops, i)
			case len(children[p]) == 0:
				parents = append(parents, p)
				fallthrough
			default:
				children[p] = append(children[p], i)
			}
		}
		mk := func(rule rules.Kind, rid string, left int, right []int, what string) {
			for _, c := range amountColumns(t, side) {
				if t.Rows[left].Values[c].Type != TypeMoney {
					continue
				}
				id := &identity{rule: rule, ruleID: rid, leftPrinted: true,
					family: fmt.Sprintf("performance table %d %s %s", t.Seq, side, strings.Join(t.Columns[c].Path, "/")),
					left:   []cellKey{{ti, left, c}},
					desc:   fmt.Sprintf("table %d %q %s = Σ %s", t.Seq, rowLabel(t.Rows[left]), strings.Join(t.Columns[c].Path, "/"), what)}
				for _, k := range right {
					if t.Rows[k].Values[c].RepeatOf == 0 { // a repeat is the same amount again
						id.right = append(id.right, cellKey{ti, k, c})
					}
				}
				if len(id.right) == 0 {
					continue
				}
				n.aggregate[id.left[0]] = true
				ids = append(ids, id)
			}
		}
		for _, p := range parents {
			mk(rules.HierarchySum, "performance.group", p, children[p], fmt.Sprintf("its %d lines", countFirsts(t, children[p])))
		}
		mk(rules.TableTotal, "performance.total", totals[0], tops, fmt.Sprintf("the %d top-level lines", countFirsts(t, tops)))
	}
	return ids
}

// countFirsts counts the rows that are not repeats of another (the projects, not their
// indicator rows), for the identity's description.
func countFirsts(t *Table, rows []int) int {
	k := 0
	for _, i := range rows {
		if t.Rows[i].RepeatOf == 0 {
			k++
		}
	}
	return k
}
