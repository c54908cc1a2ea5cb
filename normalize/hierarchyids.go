package normalize

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/rules"
)

// hierarchyIdentities: in every amount column, a 类 equals the sum of its 款, a 款 the sum
// of its 项 (rows of the same table), and the 合计 row the sum of the 类 rows. Sides without
// codes get theirs from their outline (outlineIdentities).
func (n *normalizer) hierarchyIdentities(ti int) []*identity {
	t := n.doc.Tables[ti]
	var ids []*identity
	for _, side := range sortedSides(t) {
		if sideBySide(t, side) {
			continue
		}
		if n.hasUnitRows(ti, side) {
			ids = append(ids, n.unitHierarchyIdentities(ti, side)...) // by-unit tables: units.go
			continue
		}
		cols := amountColumns(t, side)
		// parent[i] is the row index of row i's parent, -1 at the top; level 1 = top.
		parent := make([]int, len(t.Rows))
		level := make([]int, len(t.Rows))
		hasCodes := false
		for i, r := range t.Rows {
			parent[i], level[i] = -1, 0
			hasCodes = hasCodes || r.Side == side && r.Code != ""
		}
		if !hasCodes {
			continue // sides without codes: outlineIdentities
		}
		codeParent := codeParents(t, sideRows(t, side))
		dup := map[string]bool{}
		seen := map[string]bool{}
		for _, r := range t.Rows {
			if r.Side == side && r.Code != "" {
				dup[r.Code] = dup[r.Code] || seen[r.Code]
				seen[r.Code] = true
			}
		}
		for i, r := range t.Rows {
			if r.Side != side || r.Code == "" || dup[r.Code] && len(r.OtherCodes) == 0 {
				continue
			}
			level[i] = r.CodeLevel
			if p, ok := codeParent[i]; ok {
				parent[i] = p
			}
		}
		children := map[int][]int{}
		var tops []int
		for i := range t.Rows {
			if parent[i] >= 0 {
				children[parent[i]] = append(children[parent[i]], i)
			} else if level[i] == 1 {
				tops = append(tops, i)
			}
		}
		for p := 0; p < len(t.Rows); p++ {
			ch := children[p]
			if len(ch) == 0 {
				continue
			}
			for _, c := range cols {
				n.aggregate[cellKey{ti, p, c}] = true
				id := &identity{rule: rules.HierarchySum, ruleID: "hierarchy.code", family: fmt.Sprintf("hierarchy_sum table %d", t.Seq), left: []cellKey{{ti, p, c}}}
				for _, k := range ch {
					id.right = append(id.right, cellKey{ti, k, c})
				}
				id.desc = fmt.Sprintf("table %d %q %s = Σ its %d sub-items", t.Seq, rowLabel(t.Rows[p]), strings.Join(t.Columns[c].Path, "/"), len(ch))
				ids = append(ids, id)
			}
		}
		var totals []int
		for i, r := range t.Rows {
			if r.Side == side && r.Kind == RowTotal {
				totals = append(totals, i)
			}
		}
		if len(totals) == 0 {
			// A side's own total line (`人员经费合计` closing the 人员经费 half of a 决算
			// basic-expenditure table) when it is the only total-like line of the side.
			for i, r := range t.Rows {
				if r.Side == side && r.Code == "" && isTotalLike(r.NameKey) && listMarker(r.Name) == "" {
					totals = append(totals, i)
				}
			}
		}
		flat := false
		if len(tops) == 0 && len(children) == 0 {
			// A flat list of leaf combinations (cross-classified 支出总表 with no 类 rows):
			// the total is the sum of every coded row. No structure is guessed here, so a
			// failure is the document's (its family is not dropped as a misreading).
			flat = true
			for i, r := range t.Rows {
				if r.Side == side && r.Code != "" && level[i] > 0 && len(r.OtherCodes) > 0 {
					tops = append(tops, i)
				}
			}
			if len(tops) == 0 {
				tops = flatRows(t, side)
			}
		}
		if len(totals) == 1 && len(tops) >= 1 {
			for _, c := range cols {
				n.aggregate[cellKey{ti, totals[0], c}] = true
				id := &identity{rule: rules.TableTotal, ruleID: "total.top_rows", family: fmt.Sprintf("table_total table %d", t.Seq), left: []cellKey{{ti, totals[0], c}}}
				if flat {
					id.family, id.ruleID = "", "total.flat_list"
				}
				for _, k := range tops {
					id.right = append(id.right, cellKey{ti, k, c})
				}
				id.desc = fmt.Sprintf("table %d %s %s = Σ the %d top-level rows", t.Seq, t.Rows[totals[0]].Name, strings.Join(t.Columns[c].Path, "/"), len(tops))
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// outline marks group lines (`一、本年收入` followed by `1.` items) as subtotals.
func (n *normalizer) outline(ti int) {
	t := n.doc.Tables[ti]
	for i, r := range t.Rows {
		if r.Code != "" || r.Kind != RowItem || listMarker(r.Name) != "cn" {
			continue
		}
		for j := i + 1; j < len(t.Rows); j++ {
			o := t.Rows[j]
			if o.Side != r.Side {
				continue
			}
			if m := listMarker(o.Name); m != "" && m != "cn" && m != "partof" {
				r.Kind = RowSubtotal
			}
			break
		}
	}
}

// flatCrossClassified reports a table of cross-classified rows with no parent rows.
func (n *normalizer) flatCrossClassified(ti int) bool {
	cross := false
	for _, r := range n.doc.Tables[ti].Rows {
		if r.Code == "" {
			continue
		}
		if r.CodeLevel != 3 {
			return false
		}
		if len(r.OtherCodes) > 0 {
			cross = true
		}
	}
	return cross
}
