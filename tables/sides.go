package tables

import (
	"strings"
	"unicode"

	"github.com/budgetpdf/budgetpdf/internal/editdist"
	"github.com/budgetpdf/budgetpdf/vocab"
)

// Two-sided tables print several column groups side by side, each with its own item and
// amount columns: 收入 | 支出 (收支总表), 人员经费 | 公用经费 (决算 基本支出表), sometimes a
// half continued in a further group (the 公用经费 items run over two groups), sometimes one
// half broken down twice (支出 by 功能分类 and by 支出用途). The model has one Side per column
// and one per row; a side's rows fill only its columns.
//
// Decisions:
//   - a group's side is the banner printed over it (`收入`, `本年支出` → 支出), else the
//     total line inside it (`人员经费合计` → 人员经费), else 收入/支出 by position;
//   - a group with the same side and the same columns (roles and leaf headers) as an earlier
//     group continues that side: its columns are folded onto the earlier group's, so that a
//     side has one code, one name and one set of amount columns;
//   - a group with the same side but other columns is a second breakdown of that side: it
//     keeps its columns and gets a qualified side (`支出/支出用途`), and so does the side's
//     first breakdown (`支出/<its header>`): every breakdown is named the same way, and a
//     reader never takes one breakdown's rows for the whole side (issue 14, wild_51);
//   - a row whose cell spans into the next group (a total line printed across a side's two
//     groups, amount at the far right) is one row of the first group; the cells it reaches
//     are moved onto that group's columns of the same role;
//   - line-number columns before the first group's items (`序号`) belong to no side: every
//     row keeps its number.

// sidePlan is how a two-sided table's columns fall into sides.
type sidePlan struct {
	groups [][2]int
	labels []string
	// target[g] is the group whose columns group g's cells go to (g itself unless g
	// continues an earlier group).
	target []int
	// shared are the line-number columns common to all sides.
	shared []int
	roles  []Role
}

// sideGroups splits the columns of a two-sided table into its halves: a new half starts at
// a non-amount column that follows an amount column, when each half has a name column and
// an amount column. One group (or none) means an ordinary table.
func sideGroups(roles []Role) [][2]int {
	var groups [][2]int
	start := 0
	for i := 1; i < len(roles); i++ {
		if roles[i] != RoleAmount && roles[i-1] == RoleAmount {
			groups = append(groups, [2]int{start, i - 1})
			start = i
		}
	}
	groups = append(groups, [2]int{start, len(roles) - 1})
	if len(groups) < 2 {
		return nil
	}
	for _, g := range groups {
		name, amount := false, false
		for i := g[0]; i <= g[1]; i++ {
			switch roles[i] {
			case RoleName, RoleCodeName:
				name = true
			case RoleAmount:
				amount = true
			}
		}
		if !name || !amount {
			return nil
		}
	}
	return groups
}

// planSides names the groups, strips side banners from the column paths and decides which
// groups continue an earlier one.
func planSides(h *pageTable, groups [][2]int, roles []Role, paths [][]string, rows []physRow) *sidePlan {
	p := &sidePlan{groups: groups, labels: make([]string, len(groups)), target: make([]int, len(groups)), roles: roles}
	for i := groups[0][0]; i <= groups[0][1] && roles[i] == RoleLine; i++ {
		p.shared = append(p.shared, i)
	}
	for gi, g := range groups {
		p.target[gi] = gi
		lo := g[0]
		if gi == 0 {
			lo += len(p.shared)
		}
		banner := stripBanner(h, lo, g[1], paths)
		label := normSide(banner)
		if !knownSide(label) && h.ocr {
			label = snapSide(label, h.reg.set.OCRLabelEdits)
		}
		if !knownSide(label) {
			if l := totalLabel(rows, g); l != "" {
				label = l
			}
		}
		if label == "" {
			label = vocab.Income
			if gi > 0 {
				label = vocab.Expenditure
			}
		}
		p.labels[gi] = label
	}
	if h.ocr {
		pairSides(p.labels)
	}
	// Groups sharing a side: a continuation (same columns) is folded onto the first group
	// of the side; another breakdown of the side gets a qualified label.
	broken := map[int]bool{}
	for gi := 1; gi < len(groups); gi++ {
		for gj := 0; gj < gi; gj++ {
			if p.target[gj] != gj || p.labels[gj] != p.labels[gi] {
				continue
			}
			edits := 0
			if h.ocr {
				edits = h.reg.set.OCRLabelEdits
			}
			if sameShape(groups[gj], groups[gi], roles, paths, edits) {
				p.target[gi] = gj
			} else {
				p.labels[gi] += "/" + qualifier(h, groups[gi], roles, paths)
				broken[gj] = true
			}
			break
		}
	}
	// One naming rule for every breakdown: the first one of a side broken down several
	// times is qualified by its own header too (支出/支出功能分科目 beside
	// 支出/部门预算支出经济科目), so no breakdown passes for the whole side.
	for gj := range broken {
		p.labels[gj] += "/" + qualifier(h, groups[gj], roles, paths)
	}
	return p
}

// stripBanner finds the topmost header cell over columns lo..hi that covers all of them
// and is not their own label (a leaf), removes it from their paths and returns its text.
func stripBanner(h *pageTable, lo, hi int, paths [][]string) string {
	if lo > hi || lo >= len(h.headerLevels) || hi >= len(h.cols) {
		return ""
	}
	for _, cl := range h.headerLevels[lo] {
		if cl.c0 > h.cols[lo] || cl.c1 < h.cols[hi] {
			continue
		}
		// Every column is under it; a column whose own label OCR lost keeps it as its only
		// level, the others lose it.
		strip, deep := true, 0
		for i := lo; i <= hi; i++ {
			if i >= len(h.headerLevels) || indexCell(h.headerLevels[i], cl) < 0 {
				strip = false
				break
			}
			if len(paths[i]) >= 2 {
				deep++
			}
		}
		if !strip || float64(deep) <= h.reg.set.BannerDeepShare*float64(hi-lo+1) {
			return ""
		}
		for i := lo; i <= hi; i++ {
			if len(paths[i]) < 2 {
				continue
			}
			k := indexCell(h.headerLevels[i], cl)
			paths[i] = append(append([]string(nil), paths[i][:k]...), paths[i][k+1:]...)
			h.headerLevels[i] = append(append([]*gcell(nil), h.headerLevels[i][:k]...), h.headerLevels[i][k+1:]...)
		}
		return compact(cl.text)
	}
	return ""
}

func indexCell(cells []*gcell, c *gcell) int {
	for k, x := range cells {
		if x == c {
			return k
		}
	}
	return -1
}

// normSide reduces a half's banner to the label the answer keys use.
func normSide(s string) string {
	switch {
	case strings.Contains(s, "人员经费"):
		return "人员经费"
	case strings.Contains(s, "公用经费"):
		return "公用经费"
	case strings.Contains(s, vocab.Income) && !strings.Contains(s, vocab.Expenditure):
		return vocab.Income
	case strings.Contains(s, vocab.Expenditure) && !strings.Contains(s, vocab.Income):
		return vocab.Expenditure
	}
	return s
}

// snapSide reads an OCR banner one character off a side's label (`x出`) as that side
// when it is near exactly one of them; the labels are far apart (收入 and 支出 differ in
// both characters), so a near miss is not ambiguous.
func snapSide(s string, edits int) string {
	r := []rune(s)
	if edits <= 0 || len(r) <= edits {
		return s
	}
	near := ""
	for _, l := range []string{vocab.Income, vocab.Expenditure, "人员经费", "公用经费"} {
		if editdist.Levenshtein(r, []rune(l)) <= edits {
			if near != "" {
				return s
			}
			near = l
		}
	}
	if near == "" {
		return s
	}
	return near
}

// sidePairs are the halves printed side by side: each names the other.
var sidePairs = map[string]string{vocab.Income: vocab.Expenditure, vocab.Expenditure: vocab.Income, "人员经费": "公用经费", "公用经费": "人员经费"}

// pairSides names the unread half of an OCR table with two halves, one read (`支出`), the
// other's banner garbled by a seal (`a:a收»`), after the read one's pair when the banner
// keeps a character of it.
func pairSides(labels []string) {
	if len(labels) != 2 {
		return
	}
	for i := range 2 {
		other, ok := sidePairs[labels[1-i]]
		if !ok || knownSide(labels[i]) || !strings.ContainsAny(labels[i], other) {
			continue
		}
		labels[i] = other
	}
}

func knownSide(s string) bool {
	switch s {
	case vocab.Income, vocab.Expenditure, "人员经费", "公用经费":
		return true
	}
	return false
}

// totalLabel names a half from its total line (`人员经费合计`, `公用经费合计`).
func totalLabel(rows []physRow, g [2]int) string {
	for _, r := range rows {
		for i := g[0]; i <= g[1]; i++ {
			c := compact(r.cells[i].Text)
			if strings.HasPrefix(c, "人员经费") {
				return "人员经费"
			} else if strings.HasPrefix(c, "公用经费") {
				return "公用经费"
			}
		}
	}
	return ""
}

// sameShape reports whether two groups print the same columns: roles and leaf headers,
// the headers up to edits single-rune edits each (OCR misreads a label's character).
func sameShape(a, b [2]int, roles []Role, paths [][]string, edits int) bool {
	if a[1]-a[0] != b[1]-b[0] {
		return false
	}
	for k := 0; k <= a[1]-a[0]; k++ {
		i, j := a[0]+k, b[0]+k
		if roles[i] != roles[j] || !sameLabel(leaf(paths[i]), leaf(paths[j]), edits) {
			return false
		}
	}
	return true
}

// sameLabel reports whether two header labels are one, up to edits edits; a label must
// keep more characters than the edits change, so `数` and `额` never pass for one.
func sameLabel(a, b string, edits int) bool {
	if a == b {
		return true
	}
	ra, rb := []rune(a), []rune(b)
	return edits > 0 && min(len(ra), len(rb)) > 2*edits && editdist.Levenshtein(ra, rb) <= edits
}

func leaf(path []string) string {
	if len(path) == 0 {
		return ""
	}
	return path[len(path)-1]
}

// qualifier tells a second breakdown of a side from the first: the banner over the group
// (`支出用途`), else its item column's header (`部门预算支出经济分类科目（按大类）`).
func qualifier(h *pageTable, g [2]int, roles []Role, paths [][]string) string {
	if g[0] < len(h.headerLevels) && len(paths[g[0]]) > 1 {
		cl := h.headerLevels[g[0]][0]
		if cl.c1 >= h.cols[g[1]] {
			if h.ocr {
				return trimLeadingMarks(compact(cl.text))
			}
			return compact(cl.text)
		}
	}
	for i := g[0]; i <= g[1]; i++ {
		if roles[i] == RoleName || roles[i] == RoleCodeName {
			if s := strings.Join(paths[i], "/"); s != "" {
				if h.ocr {
					return trimLeadingMarks(s)
				}
				return s
			}
		}
	}
	return "2"
}

// trimLeadingMarks drops what OCR reads before a label from a rule or a speck: closing
// quotes and brackets, stops, math and modifier signs (`”政府预算支出经济分类科目`); no
// label starts with one (an opening bracket may, and stays).
func trimLeadingMarks(s string) string {
	return strings.TrimLeftFunc(s, func(r rune) bool {
		return unicode.In(r, unicode.Pf, unicode.Pe, unicode.Po, unicode.Sm, unicode.Sk)
	})
}

// base is a group's side without its qualifier (`支出` for `支出/支出用途`).
func (p *sidePlan) base(g int) string {
	b, _, _ := strings.Cut(p.labels[g], "/")
	return b
}

// groupOf returns the group holding column i, or -1.
func (p *sidePlan) groupOf(i int) int {
	for gi, g := range p.groups {
		if i >= g[0] && i <= g[1] {
			return gi
		}
	}
	return -1
}

// split emits the rows side by side tables print, group by group (all of the left half
// first), each row carrying one side's cells, on the full column set (fold removes the
// folded groups' columns afterwards).
func (p *sidePlan) split(rows []physRow, roles []Role) []Row {
	n := len(roles)
	consumed := make([]map[int]bool, len(rows))
	// deferred[ri] is the first group of a row spanning a side's groups, emitted with the
	// side's last group it reaches (a total line under the continued items).
	deferred := make([]int, len(rows))
	for i := range deferred {
		deferred[i] = -1
	}
	var out []Row
	for gi := range p.groups {
		for ri, r := range rows {
			first, last := gi, gi
			if consumed[ri][gi] {
				if deferred[ri] < 0 || p.reach(r, deferred[ri]) != gi {
					continue
				}
				first = deferred[ri]
			} else {
				last = p.reach(r, gi)
				for gj := gi + 1; gj <= last; gj++ {
					if consumed[ri] == nil {
						consumed[ri] = map[int]bool{}
					}
					consumed[ri][gj] = true
				}
				if last > gi && p.target[last] == p.target[gi] {
					deferred[ri] = gi
					continue
				}
			}
			if row, ok := p.rowOf(r, first, last, n); ok {
				out = append(out, row)
			}
		}
	}
	return out
}

// reach returns the furthest group of the same side a cell of group gi reaches in row r (a
// total line printed across two groups), gi itself when none does.
func (p *sidePlan) reach(r physRow, gi int) int {
	last := gi
	g := p.groups[gi]
	for i := g[0]; i <= g[1]; i++ {
		if r.spans[i] > 0 {
			if gj := p.groupOf(min(i+r.spans[i], len(r.cells)-1)); gj > last && p.base(gj) == p.base(gi) {
				last = gj
			}
		}
	}
	return last
}

// rowOf builds the row of group first's side from the cells of groups first..last of r,
// moved onto the side's columns; ok is false when the row has nothing but shared cells.
func (p *sidePlan) rowOf(r physRow, first, last, n int) (Row, bool) {
	tgt := p.groups[p.target[first]]
	row := Row{Side: p.labels[p.target[first]], Page: r.page, Cells: make([]Cell, n)}
	any := false
	for gj := first; gj <= last; gj++ {
		from := p.groups[gj]
		for i := from[0]; i <= from[1]; i++ {
			c := r.cells[i]
			if c.Text == "" || containsInt(p.shared, i) {
				continue
			}
			j := i
			if gj != p.target[first] {
				if j = sameRoleColumn(p.roles, from, tgt, i); j < 0 {
					j = i // no such column on the side: keep it where it was printed
				}
			}
			if row.Cells[j].Text != "" {
				row.Cells[j].Text = joinWords([]string{row.Cells[j].Text, c.Text})
				row.Cells[j].Fragments = append(row.Cells[j].Fragments, c.Fragments...)
			} else {
				row.Cells[j] = c
			}
			any = true
		}
	}
	for _, i := range p.shared {
		row.Cells[i] = r.cells[i]
	}
	return row, any
}

// sameRoleColumn maps column i of group from to the column of group to with the same role
// at the same rank (the 2nd amount column to the 2nd amount column), or -1.
func sameRoleColumn(roles []Role, from, to [2]int, i int) int {
	rank := 0
	for k := from[0]; k < i; k++ {
		if roles[k] == roles[i] {
			rank++
		}
	}
	for k := to[0]; k <= to[1]; k++ {
		if roles[k] == roles[i] {
			if rank == 0 {
				return k
			}
			rank--
		}
	}
	return -1
}

// fold removes the columns of groups folded onto an earlier group (their cells were moved
// by split).
func (p *sidePlan) fold(cols []Column, rows []Row) ([]Column, []Row) {
	drop := map[int]bool{}
	for gi, g := range p.groups {
		if p.target[gi] != gi {
			for i := g[0]; i <= g[1]; i++ {
				drop[i] = true
			}
		}
	}
	if len(drop) == 0 {
		return cols, rows
	}
	var keep []int
	for i := range cols {
		if !drop[i] {
			keep = append(keep, i)
		}
	}
	outCols := make([]Column, 0, len(keep))
	for _, i := range keep {
		outCols = append(outCols, cols[i])
	}
	for ri := range rows {
		cells := make([]Cell, 0, len(keep))
		for _, i := range keep {
			cells = append(cells, rows[ri].Cells[i])
		}
		rows[ri].Cells = cells
	}
	return outCols, rows
}
