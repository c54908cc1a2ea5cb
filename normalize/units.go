package normalize

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/tables"
)

// By-unit layout. Many disclosures (Shenzhen's 表3/表7/表8/表10/表11) print a 预算单位 column
// left of 科目编码 | 科目名称: the unit's own row carries the unit's name in that column, no
// code and no subject name, and the unit's totals; its subjects follow until the next unit
// row. Decisions:
//   - the unit row is named after the unit (the row's label is what the row prints to tell
//     it apart: the key format's `name`), so CSV, xlsx and cells.csv show which row it is;
//   - a sole unit row (no department 合计 printed) is the table's total (RowTotal: the
//     cross-table totals use it); with several units each unit row is a subtotal and the
//     department's 合计 row, when printed, sums the unit rows;
//   - each unit row sums its own 类 rows (table_total for a sole unit, hierarchy_sum for one
//     of several), and the 类/款/项 hierarchy is built within each unit's rows (codes repeat
//     from one unit to the next).

// unitColumn returns the side's unit-name column when it is not the row label (a text
// column headed 预算单位 / 单位名称), -1 otherwise.
func unitColumn(t *tables.Table, side string) int {
	for _, c := range sideColumns(t, side, tables.RoleText) {
		if tables.IsUnitColumn(t.Columns[c].Path) {
			return c
		}
	}
	return -1
}

// markUnitRows names the unit rows of a typed table after their unit and makes them totals
// (a sole unit with no other total line) or subtotals; it records them for the identities.
func (n *normalizer) markUnitRows(ti int, src *tables.Table) {
	t := n.doc.Tables[ti]
	for _, side := range tableSides(t) {
		uc := unitColumn(src, side)
		if uc < 0 {
			continue
		}
		var units []int
		otherTotal := false
		for i, r := range t.Rows {
			if r.Side != side {
				continue
			}
			if r.Kind == RowTotal {
				otherTotal = true
			}
			u := cellText(src.Rows[i], uc)
			if u == "" || r.Code != "" || r.Name != "" || !anyPresent(r) {
				continue
			}
			r.Name, r.NameKey = catalog.PrintedName(u), catalog.NameKey(u)
			units = append(units, i)
		}
		for _, i := range units {
			if len(units) == 1 && !otherTotal {
				t.Rows[i].Kind = RowTotal
			} else {
				t.Rows[i].Kind = RowSubtotal
			}
		}
		if len(units) > 0 {
			if n.unitRows[ti] == nil {
				n.unitRows[ti] = map[int]bool{}
			}
			for _, i := range units {
				n.unitRows[ti][i] = true
			}
		}
	}
}

// unitSegment is one unit's rows of a side: its unit row (-1 for the rows before the first
// unit row, or for the whole side of a table without unit rows) and the rows under it.
type unitSegment struct {
	unit int
	rows []int
}

// unitSegments splits a side's rows at its unit rows.
func (n *normalizer) unitSegments(ti int, side string) []unitSegment {
	t := n.doc.Tables[ti]
	segs := []unitSegment{{unit: -1}}
	for i, r := range t.Rows {
		if r.Side != side {
			continue
		}
		if n.unitRows[ti][i] {
			segs = append(segs, unitSegment{unit: i})
			continue
		}
		segs[len(segs)-1].rows = append(segs[len(segs)-1].rows, i)
	}
	if len(segs) > 1 && len(segs[0].rows) == 0 {
		segs = segs[1:]
	}
	return segs
}

// hasUnitRows reports whether a side of a table has unit rows.
func (n *normalizer) hasUnitRows(ti int, side string) bool {
	for i := range n.unitRows[ti] {
		if n.doc.Tables[ti].Rows[i].Side == side {
			return true
		}
	}
	return false
}

// unitHierarchyIdentities are hierarchyIdentities for a side with unit rows: the 类/款/项
// hierarchy within each unit's rows (a code repeated inside one unit is no parent, as in
// hierarchyIdentities), each unit row = Σ its 类 rows (table_total for a sole unit that is
// the table's total, hierarchy_sum for one of several), and the department's total line,
// when printed, = Σ the unit rows.
func (n *normalizer) unitHierarchyIdentities(ti int, side string) []*identity {
	t := n.doc.Tables[ti]
	cols := amountColumns(t, side)
	var ids []*identity
	sumRows := func(rule rules.Kind, family string, left int, right []int, what string) {
		for _, c := range cols {
			n.aggregate[cellKey{ti, left, c}] = true
			id := &identity{rule: rule, family: family, left: []cellKey{{ti, left, c}}}
			for _, k := range right {
				id.right = append(id.right, cellKey{ti, k, c})
			}
			id.desc = fmt.Sprintf("table %d %q %s = Σ %s", t.Seq, rowLabel(t.Rows[left]), strings.Join(t.Columns[c].Path, "/"), what)
			ids = append(ids, id)
		}
	}
	var units []int
	for _, seg := range n.unitSegments(ti, side) {
		byCode := map[string]int{}
		dup := map[string]bool{}
		for _, i := range seg.rows {
			if c := t.Rows[i].Code; c != "" {
				if _, ok := byCode[c]; ok {
					dup[c] = true
				}
				byCode[c] = i
			}
		}
		children := map[int][]int{}
		var parents, tops []int
		for _, i := range seg.rows {
			r := t.Rows[i]
			if r.Code == "" || dup[r.Code] && len(r.OtherCodes) == 0 {
				continue
			}
			if p, ok := byCode[parentCode(r.Code)]; ok && !dup[parentCode(r.Code)] {
				if len(children[p]) == 0 {
					parents = append(parents, p)
				}
				children[p] = append(children[p], i)
			} else if r.CodeLevel == 1 {
				tops = append(tops, i)
			}
		}
		for _, p := range parents {
			sumRows("hierarchy_sum", fmt.Sprintf("hierarchy_sum table %d", t.Seq), p, children[p], fmt.Sprintf("its %d sub-items", len(children[p])))
		}
		if seg.unit < 0 {
			continue
		}
		units = append(units, seg.unit)
		if len(tops) == 0 {
			continue
		}
		rule, fam := rules.HierarchySum, fmt.Sprintf("unit_total table %d", t.Seq)
		if t.Rows[seg.unit].Kind == RowTotal {
			rule, fam = rules.TableTotal, fmt.Sprintf("table_total table %d", t.Seq)
		}
		sumRows(rule, fam, seg.unit, tops, fmt.Sprintf("the unit's %d top-level rows", len(tops)))
	}
	var totals []int
	for i, r := range t.Rows {
		if r.Side == side && r.Kind == RowTotal && !n.unitRows[ti][i] {
			totals = append(totals, i)
		}
	}
	if len(totals) == 1 && len(units) >= 1 {
		sumRows("table_total", fmt.Sprintf("table_total table %d", t.Seq), totals[0], units, fmt.Sprintf("the %d unit rows", len(units)))
	}
	return ids
}
