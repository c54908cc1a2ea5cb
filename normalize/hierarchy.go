package normalize

import (
	"strings"
	"unicode/utf8"

	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Row structure for the outputs (issue 14): every row's Level, ParentSeq, IsLeaf, LabelPath
// and, for amounts printed once in a merged cell, RepeatOf. Summing the leaf item rows of a
// side (repeats left out) gives its total. The tree is the one the identities check, not a
// second guess:
//   - coded sides: a code's parent is its prefix code (codeParents, which
//     hierarchyIdentities calls too, and the rule unitHierarchyIdentities applies within
//     each unit: a code printed on several rows is no parent);
//   - by-unit sides (units.go): each unit row is the parent of its segment's top rows;
//   - sides without codes: their outline (outline.go): headers, closers (本年收入合计 is the
//     parent of the entries it closes) and 其中 parts, which are never leaves (they are
//     shown inside the line above);
//   - merged-name sides (a group name merged beside its items, Jiangsu): a group's 小计
//     line holds the rows after it that print the same group name (mergedGroups);
//   - 绩效 tables and side-by-side tables get no outline (the identities do not parse one
//     either): every item row is a leaf at level 1.
// Totals are level 0 with no parent; a top-level row is level 1 with ParentSeq 0. Row kinds
// stay what the identities saw, but for a 小计 printed beside a merged group name, which
// becomes a subtotal (the identities do not parse merged-name sides).

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
		// A group's 小计 printed in a label column beside the group's merged name
		// (`一般公共预算资金 | 小计`, Jiangsu) is a subtotal: its name cell is the group's.
		if parts := strings.Split(r.LabelPath, "/"); r.Kind == RowItem && r.Code == "" && len(parts) >= 2 &&
			isTotalLike(catalog.NameKey(parts[len(parts)-1])) {
			r.Kind = RowSubtotal
		}
	}
	n.markRepeats(ti, src)
	for _, side := range tableSides(t) {
		rows := sideRows(t, side)
		parent := map[int]int{}
		part := map[int]bool{}
		outlined := false
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
		case mergedNames(src, side):
			parent = mergedGroups(t, rows)
		case t.Kind != tables.KindPerformance && !sideBySide(t, side):
			outlined = true
			// The tree the outline identities check (groups found by sums included).
			parent, part, _ = outlineTree(t, outlineOf(t, src, side))
		}
		if !outlined {
			unitCodeParents(t, src, rows, parent)
			groupBySums(t, rows, parent, part)
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
				// 1 + the ancestors that are not totals (a sole unit row is the table's
				// total: its rows are top-level). The bound guards against a cycle.
				r.Level = 1
				steps := 0
				for p, ok := parent[i]; ok && steps <= len(rows); p, ok = parent[p] {
					steps++
					if t.Rows[p].Kind != RowTotal {
						r.Level++
					}
				}
			}
			r.IsLeaf = r.Kind == RowItem && !hasChild[i] && !part[i] && listMarker(r.Name) != "partof"
		}
		soleRowLabel(t, rows)
	}
}

// mergedGroups: on a side whose group names are merged cells beside the items
// (`一般公共预算资金 | 小计`, `… | 公共财政拨款(补助)资金`), the rows after a group's 小计
// that print the same group name are its items.
func mergedGroups(t *Table, rows []int) map[int]int {
	parent := map[int]int{}
	group, prefix := -1, ""
	for _, i := range rows {
		r := t.Rows[i]
		switch {
		case r.Kind == RowSubtotal && strings.Contains(r.LabelPath, "/"):
			group, prefix = i, r.LabelPath[:strings.LastIndex(r.LabelPath, "/")+1]
		case group >= 0 && strings.HasPrefix(r.LabelPath, prefix):
			parent[i] = group
		default:
			group = -1
		}
	}
	return parent
}

// isNumberText reports a figure: `^[-+]?[0-9][0-9,.]*$` (by hand: labelPath runs per cell).
func isNumberText(s string) bool {
	if s != "" && (s[0] == '-' || s[0] == '+') {
		s = s[1:]
	}
	if s == "" || s[0] < '0' || s[0] > '9' {
		return false
	}
	for k := 1; k < len(s); k++ {
		if c := s[k]; (c < '0' || c > '9') && c != ',' && c != '.' {
			return false
		}
	}
	return true
}

// labelPath is the row's label from all its label columns: the name, code-name and text
// columns left of the side's last amount column (a 绩效 form's indicator columns label its
// target values), in printed order, joined with "/"; figures and sentences (a 绩效目标
// paragraph, any text with 。 or ；) are left out. It is the row's name when those are
// blank (a unit row named after its unit, a name assembled from codes).
func labelPath(src *tables.Table, i int, r *Row) string {
	var parts []string
	if src != nil && i < len(src.Rows) {
		last := -1
		for ci, c := range src.Columns {
			if c.Role == tables.RoleAmount && (r.Side == "" || c.Side == "" || c.Side == r.Side) {
				last = ci
			}
		}
		for ci, c := range src.Columns[:max(last, 0)] {
			if r.Side != "" && c.Side != "" && c.Side != r.Side {
				continue
			}
			if c.Role != tables.RoleName && c.Role != tables.RoleCodeName && c.Role != tables.RoleText {
				continue
			}
			s := catalog.PrintedName(cellText(src.Rows[i], ci))
			if isNumberText(s) || utf8.RuneCountInString(s) > maxLabelRunes || strings.ContainsAny(s, "。；") {
				continue // a figure in a text column (项目总额 of a 绩效 form), a sentence
			}
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

// maxLabelRunes is the longest text a label path takes from a text column (rowKind's bound
// for a note line).
const maxLabelRunes = 40

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
				if strings.TrimSpace(b.Text) == "" || a.Text != b.Text || !r.Values[ci].Present {
					continue
				}
				same := a.Merged && b.Merged && sameFragments(a, b)
				if src.Rows[p].Page != src.Rows[i].Page {
					// Across a page break the cell is printed again: a repeat when the merged
					// label beside it is the same one, or when the row is the same row
					// continued (a project whose indicators run on: its last line on one page
					// and its merged cell on the next, or the reverse).
					same = a.Merged && b.Merged && sameMergedLabel(src, p, i) ||
						(a.Merged || b.Merged) && sameRowIdentity(src, t, p, i)
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
	if len(a.Fragments) == 0 || len(a.Fragments) != len(b.Fragments) {
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

// sameRowIdentity reports rows p and i as one row printed on two pages: the same name
// (non-blank) and the same text in every code column (单位编码 | 项目名称: `106001 |
// 大院运行和维修经费` at the foot of one page and the head of the next). Text columns (a
// 绩效目标 paragraph, an indicator) are not compared: a cell cut by the page break may print
// only part of its text on each page.
func sameRowIdentity(src *tables.Table, t *Table, p, i int) bool {
	a, b := t.Rows[p], t.Rows[i]
	if a.Name == "" || a.NameKey != b.NameKey || a.Code != b.Code || a.Side != b.Side {
		return false
	}
	for ci, col := range src.Columns {
		if col.Role == tables.RoleCode || col.Role == tables.RoleCodeName {
			if cellText(src.Rows[p], ci) != cellText(src.Rows[i], ci) {
				return false
			}
		}
	}
	return true
}

// groupBySums finds the group lines the printed structure does not mark: a department line
// above its units (Guangzhou's 项目支出 table, 收入总表 by unit), a unit line above its
// purchases (政府采购表), a 小计 line in a merged-label group (Jiangsu's 收入预算总表). Such a
// line is a leaf of the tree built so far whose amount, in the side's main column, is the
// sum of the sibling lines right below it; it becomes their parent. It runs only on a side
// whose leaves do not add up to its printed total, and the grouping is kept only when no
// money column that added up stops doing so and the main column comes closer to its total:
// the identities' tree stays as it is wherever it works.
func groupBySums(t *Table, rows []int, parent map[int]int, part map[int]bool) {
	cols := map[int]bool{}
	for _, i := range rows {
		for c, v := range t.Rows[i].Values {
			if v.Present && v.Type == TypeMoney {
				cols[c] = true
			}
		}
	}
	totals := grandTotals(t, rows, cols)
	before := exactColumns(t, rows, parent, part, cols)
	if before == nil || len(before) == len(totals) {
		return
	}
	// A group line is recognised in the column of the largest total (the table's amount:
	// 总计, 预算金额), not in every column: a 数量 column read as money does not add up in
	// the document either. The acceptance test below checks every column.
	key := -1
	for c, v := range totals {
		if key < 0 || v.Abs().Cmp(totals[key].Abs()) > 0 || v.Abs().Cmp(totals[key].Abs()) == 0 && c < key {
			key = c
		}
	}
	trial := make(map[int]int, len(parent))
	// up mirrors trial as a slice (-1: no parent) and inside stamps a group's rows with the
	// group line's position: the scan below is quadratic in a flat side's rows, so it does
	// no map work.
	up := make([]int, len(t.Rows))
	for j := range up {
		up[j] = -1
	}
	for c, p := range parent {
		trial[c] = p
		up[c] = p
	}
	inside := make([]int, len(t.Rows))
	// nonNeg[k]: rows[k:] print no negative key amount, so that a running sum over them
	// only grows and the scan can stop once it passes the line's amount beyond rounding.
	nonNeg := make([]bool, len(rows)+1)
	nonNeg[len(rows)] = true
	for k := len(rows) - 1; k >= 0; k-- {
		v := &t.Rows[rows[k]].Values[key]
		nonNeg[k] = nonNeg[k+1] && (!v.Present || v.Amount.Sign() >= 0)
	}
	var group []int
	made := map[int]int{} // the group lines this pass makes: how many lines each holds
	anySingle := false    // one of them holds a single line: only then a second scan can help
	leaf, markParent := leafTest(t, trial, part)
	// Bottom up, so that a unit line holds its purchases before the funding line above it
	// (全额 ⊃ unit ⊃ items) is compared with the unit lines.
	for k := len(rows) - 1; k >= 0; k-- {
		i := rows[k]
		a := &t.Rows[i].Values[key]
		if !a.Present || a.Amount.IsZero() || !leaf(i) {
			continue
		}
		// The largest difference sameAmount can accept on this scan (rows[k+1:] terms).
		var limit money.Decimal
		if a.Unit != "元" {
			limit = money.Decimal{Coef: int64(len(rows)), Scale: a.Amount.Scale}
		}
		pi := up[i]
		stamp := k + 1 // inside[m] == stamp: m is in the group or under one of its rows
		group = group[:0]
		best, bestGap := -1, money.Decimal{} // the closest match: its length in group
		var sum money.Decimal
	scan:
		for _, m := range rows[k+1:] {
			pm := up[m]
			switch {
			case pm >= 0 && inside[pm] == stamp:
				inside[m] = stamp // under a line of the group: counted in that line
				continue
			case pm != pi && !projectUnder(t, i, m, pm):
				break scan
			case part[m]:
				continue // a 其中 line is no addend
			case t.Rows[m].Kind != RowItem:
				break scan
			}
			if v := &t.Rows[m].Values[key]; v.Present {
				s, err := sum.Add(v.Amount)
				if err != nil {
					break scan
				}
				sum = s
			}
			group = append(group, m)
			inside[m] = stamp
			if !sameAmount(t.Rows[i], sum, key, len(group)) {
				if d, err := sum.Sub(a.Amount); nonNeg[k+1] && err == nil && d.Cmp(limit) > 0 {
					break // past the amount for good: no later match
				}
				continue
			}
			// An exact match ends the scan; a match within rounding is kept while a closer
			// one may follow (a last small item).
			gap := amountGap(t.Rows[i], sum, key)
			if best < 0 || gap.Cmp(bestGap) < 0 {
				best, bestGap = len(group), gap
			}
			if gap.IsZero() {
				break
			}
		}
		if best <= 0 && anySingle {
			// A line equal to the one line right below it is taken as its group by the
			// scan of that line; two equal items in a row (wild_20 表12: 救灾仓库设备购置及安装
			// 50.00 over 办公用房管理经费 50.00) are no group when, counted apart, they
			// complete the group of the unit line above them (广州市储备粮管理中心 1,623.00);
			// failing that, a chain of such lines may be pairs (regroupSingles).
			group, best = regroupSingles(t, rows, k, key, up, inside, made, part, false)
			if best <= 0 {
				group, best = regroupSingles(t, rows, k, key, up, inside, made, part, true)
			}
		}
		if best > 0 {
			for _, g := range group[:best] {
				if p := up[g]; p >= 0 && p != up[i] {
					made[p]-- // a single-child group dissolved by regroupSingles
				}
				trial[g] = i
				up[g] = i
			}
			markParent(i)
			made[i] = best
			anySingle = anySingle || best == 1
		}
	}
	// Kept when no column that added up stops doing so and the key column comes closer to
	// its total (exact, or nearer when the document has an error of its own elsewhere).
	all := map[int]bool{}
	for c := range totals {
		all[c] = true
	}
	after := exactColumns(t, rows, trial, part, all)
	for c := range before {
		if !after[c] {
			return
		}
	}
	if keyGap(t, rows, trial, part, key, totals[key]).Cmp(keyGap(t, rows, parent, part, key, totals[key])) < 0 {
		for c, p := range trial {
			parent[c] = p
		}
	}
}

// amountGap is |r's amount − sum| in column c (blank counting as 0).
func amountGap(r *Row, sum money.Decimal, c int) money.Decimal {
	var a money.Decimal
	if v := r.Values[c]; v.Present {
		a = v.Amount
	}
	d, err := a.Sub(sum)
	if err != nil {
		return a.Abs()
	}
	return d.Abs()
}

// keyGap is |total − Σ leaves| in column c.
func keyGap(t *Table, rows []int, parent map[int]int, part map[int]bool, c int, total money.Decimal) money.Decimal {
	leaf, _ := leafTest(t, parent, part)
	var sum money.Decimal
	for _, i := range rows {
		if v := t.Rows[i].Values[c]; leaf(i) && v.Present && v.RepeatOf == 0 {
			if s, err := sum.Add(v.Amount); err == nil {
				sum = s
			}
		}
	}
	d, err := total.Sub(sum)
	if err != nil {
		return total.Abs()
	}
	return d.Abs()
}

// leafTest reports a row as a leaf of the tree parent describes.
// The test sees the rows parent has at its creation and those markParent adds later.
func leafTest(t *Table, parent map[int]int, part map[int]bool) (leaf func(int) bool, markParent func(int)) {
	hasChild := map[int]bool{}
	for _, p := range parent {
		hasChild[p] = true
	}
	leaf = func(i int) bool {
		r := t.Rows[i]
		return r.Kind == RowItem && !part[i] && !hasChild[i] && listMarker(r.Name) != "partof"
	}
	return leaf, func(i int) { hasChild[i] = true }
}

// sameAmount reports whether r prints sum in column c (blank counting as 0): exactly, or,
// for amounts not in 元 summed from 2 terms or more, within the printed precision × terms
// (normalize's 尾差 rule: a 万元 line rounded on its own).
func sameAmount(r *Row, sum money.Decimal, c, terms int) bool {
	var a money.Decimal
	v := r.Values[c]
	if v.Present {
		a = v.Amount
	}
	d, err := a.Sub(sum)
	if err != nil {
		return false
	}
	if d.IsZero() {
		return true
	}
	return v.Present && v.Unit != "元" && terms >= 2 && d.Abs().Cmp(money.Decimal{Coef: int64(terms), Scale: a.Scale}) <= 0
}

// sideTotals returns, per money column, the side's grand total: the total row printing the
// largest amount (a 收支总表 side prints 本年收入合计 and 收入总计; the leaves add up to the
// latter).
func grandTotals(t *Table, rows []int, cols map[int]bool) map[int]money.Decimal {
	out := map[int]money.Decimal{}
	for _, i := range rows {
		r := t.Rows[i]
		if r.Kind != RowTotal {
			continue
		}
		for c := range cols {
			if v := r.Values[c]; v.Present {
				if old, ok := out[c]; !ok || v.Amount.Abs().Cmp(old.Abs()) > 0 {
					out[c] = v.Amount
				}
			}
		}
	}
	return out
}

// exactColumns returns the money columns whose leaves (repeats left out) add up to the
// printed grand total; nil when the side prints no total.
func exactColumns(t *Table, rows []int, parent map[int]int, part map[int]bool, cols map[int]bool) map[int]bool {
	totals := grandTotals(t, rows, cols)
	if len(totals) == 0 {
		return nil
	}
	leaf, _ := leafTest(t, parent, part)
	sums := map[int]money.Decimal{}
	for _, i := range rows {
		if !leaf(i) {
			continue
		}
		for c := range totals {
			if v := t.Rows[i].Values[c]; v.Present && v.RepeatOf == 0 {
				if s, err := sums[c].Add(v.Amount); err == nil {
					sums[c] = s
				}
			}
		}
	}
	out := map[int]bool{}
	for c, tot := range totals {
		if sums[c].Cmp(tot) == 0 {
			out[c] = true
		}
	}
	return out
}

// unitCodeParents: in a table with a 单位编码 column that lists a unit's line and then its
// projects (Changsha 绩效目标表: `106001 | 长沙市公安局 | 40,233.95`, then every project
// row printing 106001 again), the rows after the unit's line that print its unit number are
// under it. A line is the unit's when the next row with another name prints the same number.
func unitCodeParents(t *Table, src *tables.Table, rows []int, parent map[int]int) {
	if src == nil || t.Kind != tables.KindPerformance {
		return
	}
	col := -1
	for i, c := range src.Columns {
		if c.Role == tables.RoleCode && strings.Contains(strings.Join(c.Path, ""), "单位") {
			col = i
			break
		}
	}
	if col < 0 {
		return
	}
	unit, unitCode := -1, ""
	for _, i := range rows {
		if i >= len(src.Rows) {
			return
		}
		code := cellText(src.Rows[i], col)
		r := t.Rows[i]
		switch {
		case code == "" || !codeCellOK(code) || r.Kind != RowItem:
			unit, unitCode = -1, ""
		case unit >= 0 && code == unitCode && r.NameKey != t.Rows[unit].NameKey:
			if _, ok := parent[i]; !ok {
				parent[i] = unit
			}
		case unit >= 0 && code == unitCode:
			// the unit's line continued (a repeat of it)
		default:
			unit, unitCode = i, code
		}
	}
}
