package normalize

import (
	"strings"

	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Row structure for the outputs (issue 14): every row's Level, ParentSeq, IsLeaf, LabelPath
// and, for amounts printed once in a merged cell, RepeatOf. Summing the leaf item rows of a
// side (repeats left out) gives its total. The tree is the one the identities check, not a
// second guess:
//   - coded sides: a code's parent is its prefix code (codeParents, shared with
//     hierarchyIdentities and unitHierarchyIdentities: a code printed on several rows is no
//     parent);
//   - by-unit sides (units.go): each unit row is the parent of its segment's top rows;
//   - sides without codes: their outline (outline.go): headers, closers (本年收入合计 is the
//     parent of the entries it closes) and 其中 parts, which are never leaves (they are
//     shown inside the line above);
//   - 绩效 tables, side-by-side tables and merged-name sides get no outline (the identities
//     do not parse one either): every item row is a leaf at level 1.
// Totals are level 0 with no parent; a top-level row is level 1 with ParentSeq 0.

// codeParents maps each coded row of rows to the row of its parent code, among rows.
func codeParents(t *Table, rows []int) map[int]int {
	byCode := map[string]int{}
	dup := map[string]bool{}
	for _, i := range rows {
		if c := t.Rows[i].Code; c != "" {
			if _, ok := byCode[c]; ok {
				dup[c] = true
			}
			byCode[c] = i
		}
	}
	parent := map[int]int{}
	for _, i := range rows {
		r := t.Rows[i]
		// A code on several rows is no parent (which one?); its rows are still parts of
		// their parent when other codes tell them apart (cross-classified rows), not when
		// they repeat one another.
		if r.Code == "" || dup[r.Code] && len(r.OtherCodes) == 0 {
			continue
		}
		if p, ok := byCode[parentCode(r.Code)]; ok && !dup[parentCode(r.Code)] {
			parent[i] = p
		}
	}
	return parent
}

// sideRows lists the indexes of a side's rows.
func sideRows(t *Table, side string) []int {
	var out []int
	for i, r := range t.Rows {
		if r.Side == side {
			out = append(out, i)
		}
	}
	return out
}

// hierarchy fills the structure fields of table ti's rows. It runs after check, so that the
// outline's subtotals and the unit rows are marked.
func (n *normalizer) hierarchy(ti int) {
	t := n.doc.Tables[ti]
	src := n.srcTable(t.Seq)
	for i, r := range t.Rows {
		r.LabelPath = labelPath(src, i, r)
	}
	n.markRepeats(ti, src)
	for _, side := range tableSides(t) {
		rows := sideRows(t, side)
		parent := map[int]int{}
		part := map[int]bool{}
		switch {
		case n.hasUnitRows(ti, side):
			for _, seg := range n.unitSegments(ti, side) {
				for c, p := range codeParents(t, seg.rows) {
					parent[c] = p
				}
				if seg.unit < 0 {
					continue
				}
				for _, i := range seg.rows {
					if _, ok := parent[i]; !ok && t.Rows[i].Kind != RowTotal && t.Rows[i].Kind != RowNote {
						parent[i] = seg.unit
					}
				}
			}
		case sideHasCodes(t, side):
			parent = codeParents(t, rows)
		case t.Kind != tables.KindPerformance && !sideBySide(t, side) && !mergedNames(src, side):
			o := outlineOf(t, src, side)
			for c, p := range o.parent {
				parent[c] = p
			}
			for cl, items := range o.closes {
				for _, c := range items {
					parent[c] = cl
				}
			}
			for i, role := range o.role {
				if role == oPart {
					part[i] = true
				}
			}
		}
		hasChild := map[int]bool{}
		for _, p := range parent {
			hasChild[p] = true
		}
		for _, i := range rows {
			r := t.Rows[i]
			r.ParentSeq, r.Level = 0, 0
			if p, ok := parent[i]; ok {
				r.ParentSeq = t.Rows[p].Seq
			}
			if r.Kind != RowTotal && r.Kind != RowNote {
				r.Level = 1
				// Walk up to the top; the bound guards against a cycle in a misread tree.
				for p, ok := parent[i]; ok && r.Level <= len(rows); p, ok = parent[p] {
					r.Level++
				}
			}
			r.IsLeaf = r.Kind == RowItem && !hasChild[i] && !part[i] && listMarker(r.Name) != "partof"
		}
	}
}

// labelPath is the row's label from all its label columns (name, code-name and text columns
// left of the side's first amount column), in printed order, joined with "/"; the row's
// name when those are blank (a unit row named after its unit, a name assembled from codes).
func labelPath(src *tables.Table, i int, r *Row) string {
	var parts []string
	if src != nil && i < len(src.Rows) {
		for ci, c := range src.Columns {
			if r.Side != "" && c.Side != "" && c.Side != r.Side {
				continue
			}
			if c.Role == tables.RoleAmount {
				break
			}
			if c.Role != tables.RoleName && c.Role != tables.RoleCodeName && c.Role != tables.RoleText {
				continue
			}
			s := catalog.PrintedName(cellText(src.Rows[i], ci))
			if s != "" && (len(parts) == 0 || parts[len(parts)-1] != s) {
				parts = append(parts, s)
			}
		}
	}
	if len(parts) == 0 {
		return r.Name
	}
	return strings.Join(parts, "/")
}

// markRepeats marks the amounts a merged cell prints once but the table stage repeats on
// every row it spans (a project's amount beside each of its indicators), and the amount a
// merged cell prints again at the top of the next page: such a value's RepeatOf is the Seq
// of the row that holds it first, and its row's RepeatOf the first of those.
func (n *normalizer) markRepeats(ti int, src *tables.Table) {
	t := n.doc.Tables[ti]
	if src == nil || len(src.Rows) != len(t.Rows) {
		return
	}
	for ci, col := range src.Columns {
		if col.Role != tables.RoleAmount {
			continue
		}
		for _, side := range tableSides(t) {
			rows := sideRows(t, side)
			for k := 1; k < len(rows); k++ {
				p, i := rows[k-1], rows[k]
				r := t.Rows[i]
				if ci >= len(src.Rows[i].Cells) || ci >= len(src.Rows[p].Cells) || ci >= len(r.Values) {
					continue
				}
				a, b := src.Rows[p].Cells[ci], src.Rows[i].Cells[ci]
				if !a.Merged || !b.Merged || strings.TrimSpace(b.Text) == "" || a.Text != b.Text || !r.Values[ci].Present {
					continue
				}
				same := sameFragments(a, b)
				if src.Rows[p].Page != src.Rows[i].Page {
					// Across a page break the cell is printed again: a repeat when the merged
					// label beside it is the same one.
					same = sameMergedLabel(src, p, i)
				}
				if !same {
					continue
				}
				first := t.Rows[p].Seq
				if f := t.Rows[p].Values[ci].RepeatOf; f > 0 {
					first = f
				}
				r.Values[ci].RepeatOf = first
				if r.RepeatOf == 0 {
					r.RepeatOf = first
				}
			}
		}
	}
}

// sameFragments reports two cells read from the same printed text (a merged cell repeated).
func sameFragments(a, b tables.Cell) bool {
	if len(a.Fragments) != len(b.Fragments) {
		return false
	}
	for k := range a.Fragments {
		if a.Fragments[k].Box != b.Fragments[k].Box || a.Fragments[k].Page != b.Fragments[k].Page {
			return false
		}
	}
	return true
}

// sameMergedLabel reports rows p and i sharing a merged label cell with the same text.
func sameMergedLabel(src *tables.Table, p, i int) bool {
	for ci, col := range src.Columns {
		if col.Role != tables.RoleName && col.Role != tables.RoleCodeName && col.Role != tables.RoleText {
			continue
		}
		if ci >= len(src.Rows[p].Cells) || ci >= len(src.Rows[i].Cells) {
			continue
		}
		a, b := src.Rows[p].Cells[ci], src.Rows[i].Cells[ci]
		if a.Merged && b.Merged && strings.TrimSpace(a.Text) != "" && a.Text == b.Text {
			return true
		}
	}
	return false
}
