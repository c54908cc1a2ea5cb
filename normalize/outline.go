package normalize

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/tables"
	"github.com/budgetpdf/budgetpdf/vocab"
)

// Outline structure of table sides that print no codes: 收支总表 sides, Hangzhou's name-only
// tables, item lists. The structure comes from, in this order:
//   - list markers: `一、` > `（一）` > `1.` > `（1）`; a marker seen before closes the
//     list items opened since (its sibling), a new kind of marker opens a nested list;
//   - totals: `本年收入合计`/`当年收入小计` close what is above them (their items are the
//     top-level entries since the previous closer), the side's last `…总计`/`合计` sums the
//     top-level entries; `一、本年支出合计` (a marker on a total) sums the entries under it;
//   - `其中：` lines (and the unmarked lines that continue them) are parts shown inside the
//     line above: never addends;
//   - indentation, when the side indents names (Hangzhou): an unmarked line indented more
//     than the open line above is its child. Without indentation an unmarked line under a
//     header that has only unmarked children (`一、财政拨款（补助）` / `一般公共预算` …) is
//     one of them, and a list restarted under an unmarked line (`年初结转和结余` / `一、…`)
//     belongs to that line.

// markPart matches a 其中 part's marker.
var markPart = regexp.MustCompile(`^其中[:：]?`)

// listMarker returns the kind of list marker a name starts with ("" for none):
//
//	cn     `^[一二三四五六七八九十]+[、.．]`
//	pcn    `^[(（][一二三四五六七八九十]+[)）]`
//	pnum   `^[(（]\d{1,2}[)）]`
//	num    `^\d{1,2}[、.．](?:[^\d]|$)`
//	partof `^其中`
//
// It is read by hand, not with those regexps: it runs per row in several passes.
func listMarker(name string) string {
	r, n := utf8.DecodeRuneInString(name)
	rest := name[n:]
	switch {
	case isCNNumeral(r):
		if p, _ := utf8.DecodeRuneInString(rest[cnNumerals(rest):]); isOrdinalPunct(p) {
			return "cn"
		}
	case r == '(' || r == '（':
		if k := cnNumerals(rest); k > 0 {
			if p, _ := utf8.DecodeRuneInString(rest[k:]); p == ')' || p == '）' {
				return "pcn"
			}
		}
		if k := asciiDigits(rest); k == 1 || k == 2 {
			if p, _ := utf8.DecodeRuneInString(rest[k:]); p == ')' || p == '）' {
				return "pnum"
			}
		}
	case r >= '0' && r <= '9':
		if k := asciiDigits(rest); k <= 1 {
			p, m := utf8.DecodeRuneInString(rest[k:])
			if isOrdinalPunct(p) {
				if q, _ := utf8.DecodeRuneInString(rest[k+m:]); rest[k+m:] == "" || q < '0' || q > '9' {
					return "num"
				}
			}
		}
	case strings.HasPrefix(name, "其中"):
		return "partof"
	}
	return ""
}

func isCNNumeral(r rune) bool { return strings.ContainsRune("一二三四五六七八九十", r) }

func isOrdinalPunct(r rune) bool { return r == '、' || r == '.' || r == '．' }

// cnNumerals is the byte length of s's leading 一…十 numerals.
func cnNumerals(s string) int {
	k := 0
	for k < len(s) {
		r, n := utf8.DecodeRuneInString(s[k:])
		if !isCNNumeral(r) {
			break
		}
		k += n
	}
	return k
}

// asciiDigits is the number of s's leading ASCII digits (regexp's \d).
func asciiDigits(s string) int {
	k := 0
	for k < len(s) && s[k] >= '0' && s[k] <= '9' {
		k++
	}
	return k
}

// isTotalLike reports a total line's name (`合计`, `收入总计`, `本年支出合计`, `当年收入小计`),
// markers removed; long names ending in 合计 are items (`…经费合计` lists are rare but exist).
func isTotalLike(key string) bool { return vocab.IsOutlineTotal(key) }

// outlineRole is what a line is in its side's outline.
type outlineRole int

const (
	oSkip   outlineRole = iota // note, blank or column-number line
	oItem                      // an entry (possibly with children)
	oPart                      // a 其中 part: not an addend
	oCloser                    // 本年收入合计: Σ the top-level entries above it since the last closer
	oTotal                     // the side's grand total: Σ the top-level entries
)

// sideOutline is the parsed outline of one side.
type sideOutline struct {
	rows     []int // the side's rows, in order
	role     map[int]outlineRole
	children map[int][]int // entry → its child entries
	parent   map[int]int   // entry → its parent entry (absent at the top)
	top      []int         // top-level entries, closers replacing the entries they close
	closes   map[int][]int // closer → the entries it sums
	forward  map[int]bool  // `一、本年支出合计`: a total whose members are its children
	total    int           // the grand total row, -1 when none
}

// open is an outline entry that can still receive children.
type open struct {
	row  int
	mark string
	x    float64
}

// outlineOf parses the outline of one side of a table.
func outlineOf(t *Table, src *tables.Table, side string) *sideOutline {
	o := &sideOutline{role: map[int]outlineRole{}, children: map[int][]int{}, parent: map[int]int{}, closes: map[int][]int{}, forward: map[int]bool{}, total: -1}
	xs := nameXs(t, src, side)
	indented := hasIndentation(t, side, xs) && !centredNames(t, src, side)
	units := unitCodes(src, side)
	for i, r := range t.Rows {
		if r.Side != side {
			continue
		}
		o.rows = append(o.rows, i)
		switch {
		case r.Kind == RowNote || r.Name == "":
			o.role[i] = oSkip
		case listMarker(r.Name) == "partof":
			o.role[i] = oPart
		case isTotalLike(r.NameKey) && listMarker(r.Name) == "":
			o.role[i] = oCloser
		default:
			o.role[i] = oItem
		}
	}
	// The grand total: the last unmarked total line, when it ends the side or opens it.
	var totals []int
	for _, i := range o.rows {
		if o.role[i] == oCloser {
			totals = append(totals, i)
		}
	}
	if len(totals) > 0 {
		switch last, first := totals[len(totals)-1], firstWith(o, oItem, oCloser, oPart); {
		case last == lastWith(o, oItem, oCloser, oPart):
			o.total = last
		case totals[0] == first:
			o.total = first
		}
		if o.total >= 0 {
			o.role[o.total] = oTotal
		}
	}
	var stack []open
	segment := 0 // index into o.top where the current closer's items start
	partX := math.NaN()
	inPart := false
	partMark := "" // the list a 其中 line opens (`其中：（1）…` / `（2）…`)
	tol := 3.0
	attach := func(i int) {
		if len(stack) > 0 {
			p := stack[len(stack)-1].row
			o.children[p] = append(o.children[p], i)
			o.parent[i] = p
		} else {
			o.top = append(o.top, i)
		}
	}
	for _, i := range o.rows {
		r := t.Rows[i]
		x := xs[i]
		switch o.role[i] {
		case oSkip:
			continue
		case oTotal:
			stack, inPart = nil, false
			continue
		case oCloser:
			o.closes[i] = append([]int(nil), o.top[segment:]...)
			o.top = append(o.top[:segment], i)
			segment = len(o.top)
			stack, inPart = nil, false
			continue
		case oPart:
			inPart, partX = true, x
			partMark = listMarker(markPart.ReplaceAllString(r.Name, ""))
			continue
		}
		mark := listMarker(r.Name)
		if inPart {
			// Inside a 其中 block, a list the block opened (`其中：（一）…` / `（二）…` /
			// `1.…`) stays in it; a marker already open above the block ends it.
			if mark != "" && (mark == partMark || !openMark(stack, mark)) {
				o.role[i] = oPart
				continue
			}
			if mark == "" && (!indented || math.IsNaN(x) || math.IsNaN(partX) || x >= partX-tol) {
				o.role[i] = oPart
				continue
			}
			inPart = false
		}
		if u := units[i]; u != "" {
			// Unit codes nest by prefix (271 the department, 271001 its unit).
			for len(stack) > 0 && !(units[stack[len(stack)-1].row] != "" && len(units[stack[len(stack)-1].row]) < len(u) && strings.HasPrefix(u, units[stack[len(stack)-1].row])) {
				stack = stack[:len(stack)-1]
			}
		} else if mark != "" {
			// A marker of a kind already open closes that item and everything under it.
			for k := len(stack) - 1; k >= 0; k-- {
				if stack[k].mark == mark {
					stack = stack[:k]
					break
				}
			}
		} else {
			switch {
			case indented && !math.IsNaN(x):
				// Unmarked lines nest by indentation; a forward total (`一、本年支出合计`)
				// keeps the lines below it whatever their indentation.
				for len(stack) > 0 && !o.forward[stack[len(stack)-1].row] && !(stack[len(stack)-1].x < x-tol) {
					stack = stack[:len(stack)-1]
				}
			default:
				// No indentation: an unmarked line is a sibling of the unmarked line above
				// and a child of the marked header above that, or of the unit line above
				// (a unit's lines print no unit code: Xi'an's 专项业务经费表 lists `201001` and
				// then its 专用项目 / 其他履职尽责专项业务费 / projects; groupBySums nests
				// that chain of equal lines).
				for len(stack) > 0 && stack[len(stack)-1].mark == "" && units[stack[len(stack)-1].row] == "" {
					stack = stack[:len(stack)-1]
				}
				if len(stack) > 0 && units[stack[len(stack)-1].row] == "" && hasMarkedChild(t, o, stack[len(stack)-1].row) {
					stack = nil
				}
			}
		}
		attach(i)
		if mark != "" && isTotalLike(r.NameKey) {
			o.forward[i] = true
		}
		stack = append(stack, open{row: i, mark: mark, x: x})
	}
	return o
}

func openMark(stack []open, mark string) bool {
	for _, e := range stack {
		if e.mark == mark {
			return true
		}
	}
	return false
}

func hasMarkedChild(t *Table, o *sideOutline, p int) bool {
	for _, c := range o.children[p] {
		if listMarker(t.Rows[c].Name) != "" {
			return true
		}
	}
	return false
}

func firstWith(o *sideOutline, roles ...outlineRole) int {
	for _, i := range o.rows {
		for _, r := range roles {
			if o.role[i] == r {
				return i
			}
		}
	}
	return -1
}

func lastWith(o *sideOutline, roles ...outlineRole) int {
	for k := len(o.rows) - 1; k >= 0; k-- {
		for _, r := range roles {
			if o.role[o.rows[k]] == r {
				return o.rows[k]
			}
		}
	}
	return -1
}

// unitCodes returns, per row index, the digits of the side's 单位编码 cell ("" when none).
func unitCodes(src *tables.Table, side string) map[int]string {
	out := map[int]string{}
	if src == nil {
		return out
	}
	for _, c := range sideColumns(src, side, tables.RoleCode) {
		if !strings.Contains(strings.Join(src.Columns[c].Path, ""), "单位") {
			continue
		}
		for i, r := range src.Rows {
			if r.Side == side && c < len(r.Cells) {
				if d := digitsOf(r.Cells[c].Text); d != "" && codeCellOK(r.Cells[c].Text) {
					out[i] = d
				}
			}
		}
		break
	}
	return out
}

// nameXs returns, per row of the side, the left edge of its name (NaN when unknown).
func nameXs(t *Table, src *tables.Table, side string) []float64 {
	xs := make([]float64, len(t.Rows))
	for i := range xs {
		xs[i] = math.NaN()
	}
	if src == nil {
		return xs
	}
	cols := sideColumns(src, side, tables.RoleName, tables.RoleCodeName)
	if len(cols) == 0 {
		return xs
	}
	c := cols[0]
	for i, r := range src.Rows {
		if i >= len(xs) || r.Side != side || c >= len(r.Cells) || len(r.Cells[c].Fragments) == 0 {
			continue
		}
		xs[i] = r.Cells[c].Fragments[0].Box.X0
	}
	return xs
}

// centredNames reports a side whose names are centred in their column (the middles of the
// names' lines agree within 5pt while their left edges spread at least twice as wide): short
// names then start further right, which is no indentation (Changsha's scanned district list).
func centredNames(t *Table, src *tables.Table, side string) bool {
	if src == nil {
		return false
	}
	cols := sideColumns(src, side, tables.RoleName, tables.RoleCodeName)
	if len(cols) == 0 {
		return false
	}
	c := cols[0]
	minMid, maxMid, minX, maxX := math.Inf(1), math.Inf(-1), math.Inf(1), math.Inf(-1)
	n := 0
	for i, r := range src.Rows {
		if i >= len(t.Rows) || r.Side != side || c >= len(r.Cells) || isTotalLike(t.Rows[i].NameKey) {
			continue
		}
		for _, f := range r.Cells[c].Fragments { // every line of a wrapped name is centred too
			mid := (f.Box.X0 + f.Box.X1) / 2
			minMid, maxMid = math.Min(minMid, mid), math.Max(maxMid, mid)
			minX, maxX = math.Min(minX, f.Box.X0), math.Max(maxX, f.Box.X0)
			n++
		}
	}
	spread := maxMid - minMid
	return n >= 3 && spread <= 5 && maxX-minX > 4 && maxX-minX >= 2*spread
}

// hasIndentation reports whether a side indents its unmarked item names: two to five
// distinct left edges within a few characters of each other (centred names spread wider).
func hasIndentation(t *Table, side string, xs []float64) bool {
	var distinct []float64
	for i, r := range t.Rows {
		if r.Side != side || math.IsNaN(xs[i]) || listMarker(r.Name) != "" || isTotalLike(r.NameKey) || r.Kind == RowNote {
			continue
		}
		found := false
		for _, d := range distinct {
			if math.Abs(d-xs[i]) < 2.5 {
				found = true
			}
		}
		if !found {
			distinct = append(distinct, xs[i])
		}
	}
	if len(distinct) < 2 || len(distinct) > 5 {
		return false
	}
	sort.Float64s(distinct)
	return distinct[len(distinct)-1]-distinct[0] <= 60
}

// outlineIdentities: in sides without codes, a header equals the sum of its entries, a
// closer the sum of the top-level entries it closes, the grand total the sum of the top-level
// entries (closers standing for what they close).
func (n *normalizer) outlineIdentities(ti int) []*identity {
	t := n.doc.Tables[ti]
	if t.Kind == tables.KindPerformance {
		return nil // indicator tables: their numbers are targets, not addends
	}
	src := n.srcTable(t.Seq)
	var ids []*identity
	for _, side := range tableSides(t) {
		if sideBySide(t, side) || sideHasCodes(t, side) || mergedNames(src, side) {
			continue
		}
		o := outlineOf(t, src, side)
		if parent, _, grouped := outlineTree(t, o); grouped {
			regroup(o, parent)
		}
		cols := amountColumns(t, side)
		mk := func(rule rules.Kind, rid string, left int, right []int, what string) {
			if len(right) == 0 {
				return
			}
			for _, c := range cols {
				// A misread outline breaks many entries of a column; one row breaking in
				// several columns is a genuine error (see dropInapplicable).
				fam := fmt.Sprintf("outline table %d %s %s", t.Seq, side, strings.Join(t.Columns[c].Path, "/"))
				n.aggregate[cellKey{ti, left, c}] = true
				id := &identity{rule: rule, ruleID: rid, family: fam, left: []cellKey{{ti, left, c}}, leftPrinted: true,
					desc: fmt.Sprintf("table %d %q %s = Σ %s", t.Seq, t.Rows[left].Name, strings.Join(t.Columns[c].Path, "/"), what)}
				for _, k := range right {
					id.right = append(id.right, cellKey{ti, k, c})
				}
				ids = append(ids, id)
			}
		}
		for _, i := range o.rows {
			if ch := o.children[i]; len(ch) > 0 {
				rule := rules.HierarchySum
				if o.forward[i] {
					rule = rules.TableTotal
				}
				mk(rule, "outline.heading", i, ch, fmt.Sprintf("its %d items", len(ch)))
			}
			if cl := o.closes[i]; len(cl) > 0 {
				mk(rules.TableTotal, "outline.closing_total", i, cl, fmt.Sprintf("the %d entries above it", len(cl)))
			}
		}
		if o.total >= 0 {
			mk(rules.TableTotal, "outline.total", o.total, o.top, fmt.Sprintf("the %d top-level entries", len(o.top)))
		}
	}
	return ids
}

// tableSides lists a table's sides in row order ("" for one-sided tables).
func tableSides(t *Table) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range t.Rows {
		if !seen[r.Side] {
			seen[r.Side] = true
			out = append(out, r.Side)
		}
	}
	return out
}

// sortedSides are the table's sides in name order (the order identities are built in).
func sortedSides(t *Table) []string {
	return slices.Sorted(slices.Values(tableSides(t)))
}

func sideHasCodes(t *Table, side string) bool {
	for _, r := range t.Rows {
		if r.Side == side && r.Code != "" {
			return true
		}
	}
	return false
}

// mergedNames reports a side whose name cells span several rows (a group label beside its
// items, Jiangsu's 收入预算总表): the outline is in two columns and is not parsed.
func mergedNames(src *tables.Table, side string) bool {
	if src == nil {
		return false
	}
	cols := sideColumns(src, side, tables.RoleName, tables.RoleCodeName)
	if len(cols) == 0 {
		return false
	}
	for _, r := range src.Rows {
		if r.Side == side && cols[0] < len(r.Cells) && r.Cells[cols[0]].Merged {
			return true
		}
	}
	return false
}

// outlineTree is the row tree of a names-only side: the outline's parents, each closer the
// parent of the entries it closes, and the group lines groupBySums finds (a department line
// above its units, which sum to it). An entry whose line prints nothing and holds no entries
// (the first line of a name wrapped over two lines: `西安市工业和信` / `息化局 78000`) is no
// part of the line above it (as in sumcheck), so that line can still be found as a group
// line. It returns the tree and the 其中 parts (never addends).
func outlineTree(t *Table, o *sideOutline) (parent map[int]int, part map[int]bool, grouped bool) {
	parent, part = map[int]int{}, map[int]bool{}
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
	trial := make(map[int]int, len(parent))
	for c, p := range parent {
		if o.role[p] == oItem && len(o.children[c]) == 0 && !anyPresent(t.Rows[c]) {
			continue
		}
		trial[c] = p
	}
	pre := make(map[int]int, len(trial))
	for c, p := range trial {
		pre[c] = p
	}
	if key := keyColumn(t, o.rows); key >= 0 {
		flattenContradicted(t, trial, part, key)
	}
	groupBySums(t, o.rows, trial, part)
	for c, p := range trial {
		if q, ok := pre[c]; !ok || q != p {
			return trial, part, true
		}
	}
	return parent, part, false // no group line found: the outline as parsed
}

// regroup rewrites o's entries, top-level list and closers after the tree parent (from
// outlineTree), so that the identities check a group line against its entries and the total
// against the top-level lines only.
func regroup(o *sideOutline, parent map[int]int) {
	o.children, o.parent, o.closes, o.top = map[int][]int{}, map[int]int{}, map[int][]int{}, nil
	for _, i := range o.rows {
		role := o.role[i]
		if role != oItem && role != oCloser {
			continue
		}
		p, ok := parent[i]
		switch {
		case !ok:
			o.top = append(o.top, i)
		case o.role[p] == oCloser:
			o.closes[p] = append(o.closes[p], i)
		default:
			o.children[p] = append(o.children[p], i)
			o.parent[i] = p
		}
	}
}
