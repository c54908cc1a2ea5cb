package normalize

import (
	"cmp"
	"fmt"
	"iter"
	"maps"
	"slices"
	"strings"

	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/tables"
	"github.com/budgetpdf/budgetpdf/vocab"
)

// colNode is a node of a table's column tree (built from the header paths).
type colNode struct {
	name     string
	col      int // the column whose path ends here, -1 for a pure group
	children []*colNode
}

// isTotalCol reports a total column header (vocab.IsTotalColumn) after catalog.NameKey.
func isTotalCol(name string) bool { return vocab.IsTotalColumn(catalog.NameKey(name)) }

// columnTree builds the tree of a side's amount columns; 其中 columns (parts shown inside
// another column) are left out: they are not addends.
func columnTree(t *Table, side string) *colNode {
	root := &colNode{col: -1}
	for _, ci := range amountColumns(t, side) {
		path := t.Columns[ci].Path
		if len(path) == 0 {
			continue
		}
		if strings.Contains(path[len(path)-1], "其中") {
			continue
		}
		node := root
		for _, p := range path {
			var next *colNode
			for _, c := range node.children {
				if c.name == p {
					next = c
				}
			}
			if next == nil {
				next = &colNode{name: p, col: -1}
				node.children = append(node.children, next)
			}
			node = next
		}
		if node.col == -1 {
			node.col = ci
		}
	}
	unlabelledParts(root)
	return root
}

// unlabelledParts: a group with its own column and a 小计/合计 child. Its own column cannot
// be the group's total (the 小计 is): it is a part whose label was lost (OCR could not read
// `购置费` under a seal), so it becomes a child of the group like its siblings.
func unlabelledParts(node *colNode) {
	for _, ch := range node.children {
		unlabelledParts(ch)
	}
	if node.col < 0 || len(node.children) == 0 {
		return
	}
	for _, ch := range node.children {
		if len(ch.children) == 0 && isTotalCol(ch.name) {
			node.children = append(node.children, &colNode{name: "?", col: node.col})
			node.col = -1
			return
		}
	}
}

// total returns the column that holds a node's total: its own column, or a 小计/合计 child.
func (c *colNode) total() int {
	if c.col >= 0 {
		return c.col
	}
	for _, ch := range c.children {
		if len(ch.children) == 0 && isTotalCol(ch.name) {
			return ch.col
		}
	}
	return -1
}

// repIn is the list of columns that add up to the node's value in one row: its total column
// when the row prints it, else its children's (a group whose 小计 the row leaves blank counts
// through its leaves, as the answer keys do).
func (c *colNode) repIn(r *Row) []int {
	t := c.total()
	if t >= 0 && (len(c.children) == 0 || t < len(r.Values) && r.Values[t].Present) {
		return []int{t}
	}
	var out []int
	for _, ch := range c.children {
		if ch.col == t && t >= 0 {
			continue // the blank 小计 itself
		}
		out = append(out, ch.repIn(r)...)
	}
	if len(out) == 0 && t >= 0 {
		return []int{t}
	}
	return out
}

// columnIdentities: in every row, a 合计/小计 column equals the sum of its sibling columns
// (合计 = 基本支出 + 项目支出; 总计 = Σ sources; 小计 = Σ the group's columns).
func (n *normalizer) columnIdentities(ti int) []*identity {
	t := n.doc.Tables[ti]
	var ids []*identity
	sides := map[string]bool{}
	for _, r := range t.Rows {
		sides[r.Side] = true
	}
	for _, side := range sortedKeys(sides) {
		if sideBySide(t, side) {
			n.notCheckable(t, side)
			continue
		}
		root := columnTree(t, side)
		type rule struct {
			target int
			kids   []*colNode
		}
		var totals []rule
		var walk func(node *colNode)
		walk = func(node *colNode) {
			if len(node.children) >= 2 || (len(node.children) >= 1 && node.col >= 0) {
				target := -1
				var kids []*colNode
				if node.col >= 0 && node != root {
					target = node.col
					kids = node.children
				} else {
					for _, ch := range node.children {
						if target < 0 && len(ch.children) == 0 && isTotalCol(ch.name) {
							target = ch.col
							continue
						}
						kids = append(kids, ch)
					}
				}
				if target >= 0 {
					kids = groupParts(t.Columns[target].Path, kids)
				}
				if target >= 0 && len(kids) >= 1 && !(len(kids) == 1 && kids[0].total() == target) {
					totals = append(totals, rule{target, kids})
				}
			}
			for _, ch := range node.children {
				walk(ch)
			}
		}
		walk(root)
		for _, ru := range totals {
			fam := fmt.Sprintf("row_identity table %d %s", t.Seq, strings.Join(t.Columns[ru.target].Path, "/"))
			shape := groupShape(t, ru.target, ru.kids)
			for ri, r := range t.Rows {
				if r.Side != side || r.Kind == RowNote {
					continue
				}
				id := &identity{rule: rules.RowIdentity, ruleID: "row.total_column", family: fam, left: []cellKey{{ti, ri, ru.target}}, leftPrinted: true, shape: shape}
				var names []string
				for _, k := range ru.kids {
					for _, p := range k.repIn(r) {
						if p == ru.target {
							continue
						}
						id.right = append(id.right, cellKey{ti, ri, p})
						names = append(names, strings.Join(t.Columns[p].Path, "/"))
					}
				}
				if len(id.right) == 0 {
					continue
				}
				id.desc = fmt.Sprintf("table %d row %q: %s = %s", t.Seq, rowLabel(r), strings.Join(t.Columns[ru.target].Path, "/"), strings.Join(names, " + "))
				ids = append(ids, id)
			}
		}
	}
	return ids
}

// hierarchyIdentities: in every amount column, a 类 equals the sum of its 款, a 款 the sum
// of its 项 (rows of the same table), and the 合计 row the sum of the 类 rows. Sides without
// codes get theirs from their outline (outlineIdentities).
func (n *normalizer) hierarchyIdentities(ti int) []*identity {
	t := n.doc.Tables[ti]
	var ids []*identity
	sides := map[string]bool{}
	for _, r := range t.Rows {
		sides[r.Side] = true
	}
	for _, side := range sortedKeys(sides) {
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

// crossTableIdentities: the same quantity printed by two tables (DOMAIN.md): totals of the
// summary, income and expenditure tables; each subject's total in the income and the
// expenditure table; the 一般公共预算 figures of the fiscal summary, the GPB expenditure and
// the basic-expenditure tables; project expenditure by subject.
func (n *normalizer) crossTableIdentities() []*identity {
	var ids []*identity
	find := func(k tables.Kind) int {
		for i, t := range n.doc.Tables {
			if t.Kind == k && !t.Empty && len(t.Rows) > 0 {
				return i
			}
		}
		return -1
	}
	sum, inc, exp := find(tables.KindSummary), find(tables.KindIncome), find(tables.KindExpenditure)
	fis, gpb, basic, proj := find(tables.KindFiscalSummary), n.pickTable(tables.KindGPBExpenditure, "一般公共预算"), n.basicTable(), find(tables.KindGPBProject)
	fund, capital := find(tables.KindGovFund), find(tables.KindStateCapital)
	add := func(rid, desc string, a cellKey, b cellKey, fam string) {
		if a.col < 0 || b.col < 0 || a.row < 0 || b.row < 0 {
			return
		}
		ids = append(ids, &identity{rule: rules.CrossTable, ruleID: rid, family: fam, left: []cellKey{a}, right: []cellKey{b}, desc: desc})
	}
	// Totals. Final accounts print 本年收入合计 / 本年支出合计 above the carry-overs; the
	// income and expenditure tables total this year's flows only.
	if sum >= 0 {
		inSide, outSide := n.sides(sum)
		it, ot := n.totalCell(sum, inSide, "合计", "预算数", "决算数", "金额"), n.totalCell(sum, outSide, "合计", "预算数", "决算数", "金额")
		add("cross.summary_balance", fmt.Sprintf("table %d 支出总计 = 收入总计", n.doc.Tables[sum].Seq), ot, it, "")
		// Budget income tables carry the carry-over (上年结转) as a column and total to
		// 收入总计; final-account income tables total this year's income only.
		if r := n.rowNamed(sum, inSide, "本年收入合计"); r >= 0 && (inc < 0 || n.colContaining(inc, "", "结转", "结余") < 0) {
			it.row = r
		}
		if r := n.rowNamed(sum, outSide, "本年支出合计"); r >= 0 {
			ot.row = r
		}
		if inc >= 0 {
			add("cross.income_total", fmt.Sprintf("table %d 合计 = table %d 收入总计", n.doc.Tables[inc].Seq, n.doc.Tables[sum].Seq), n.totalCell(inc, "", "总计", "合计"), it, "")
		}
		if exp >= 0 {
			add("cross.expenditure_total", fmt.Sprintf("table %d 合计 = table %d 支出总计", n.doc.Tables[exp].Seq, n.doc.Tables[sum].Seq), n.totalCell(exp, "", "合计", "总计"), ot, "")
			n.byClass(&ids, "cross.summary_by_class", exp, "合计", sum, outSide, "合计", "预算数", "金额")
		}
	}
	if inc >= 0 && exp >= 0 {
		a, b := n.doc.Tables[inc], n.doc.Tables[exp]
		ci, ce := n.colNamed(inc, "", "总计", "合计"), n.colNamed(exp, "", "合计", "总计")
		fam := fmt.Sprintf("cross_table table %d/%d by subject", b.Seq, a.Seq)
		incRows := n.codeRows(inc, "") // once, not once per code
		for code, re := range inKeyOrder(n.codeRows(exp, "")) {
			if ri, ok := incRows[code]; ok {
				add("cross.income_expenditure_by_subject", fmt.Sprintf("table %d %q 合计 = table %d 总计", b.Seq, code+" "+b.Rows[re].Name, a.Seq), cellKey{exp, re, ce}, cellKey{inc, ri, ci}, fam)
			}
		}
	}
	if fis >= 0 {
		inSide, outSide := n.sides(fis)
		add("cross.fiscal_balance", fmt.Sprintf("table %d 支出总计 = 收入总计", n.doc.Tables[fis].Seq), n.totalCell(fis, outSide, "合计", "预算数", "决算数", "金额"), n.totalCell(fis, inSide, "合计", "预算数", "决算数", "金额"), "")
		for _, pair := range []struct {
			ti   int
			name string
		}{{gpb, vocab.FundingSources[0]}, {fund, vocab.FundingSources[1]}, {capital, vocab.FundingSources[2]}} {
			if pair.ti < 0 {
				continue
			}
			fc := n.colContaining(fis, outSide, pair.name)
			if fc < 0 {
				continue
			}
			tr := n.totalRow(fis, outSide)
			if r := n.rowNamed(fis, outSide, "本年支出合计"); r >= 0 {
				tr = r
			}
			if tr >= 0 {
				add("cross.fiscal_source_total", fmt.Sprintf("table %d 合计 = table %d 支出总计 %s", n.doc.Tables[pair.ti].Seq, n.doc.Tables[fis].Seq, pair.name), n.totalCell(pair.ti, "", "合计", "总计"), cellKey{fis, tr, fc}, "")
			}
			n.byClass(&ids, "cross.fiscal_by_class", pair.ti, "合计", fis, outSide, pair.name)
		}
	}
	if inc >= 0 {
		// The income table splits each subject by source; the GPB, fund and capital
		// expenditure tables print the same subject's share of one source.
		for _, pair := range []struct {
			ti   int
			name string
		}{{gpb, vocab.FundingSources[0]}, {fund, vocab.FundingSources[1]}, {capital, vocab.FundingSources[2]}} {
			if pair.ti < 0 {
				continue
			}
			var srcCols []int
			t := n.doc.Tables[inc]
			for _, c := range amountColumns(t, "") {
				p := catalog.NameKey(strings.Join(t.Columns[c].Path, "/"))
				if strings.Contains(p, pair.name) && !strings.Contains(p, "结转") && !strings.Contains(p, "结余") {
					srcCols = append(srcCols, c)
				}
			}
			dc := n.colNamed(pair.ti, "", "合计", "总计")
			if len(srcCols) == 0 || dc < 0 {
				continue
			}
			d := n.doc.Tables[pair.ti]
			fam := fmt.Sprintf("cross_table table %d/%d %s by subject", d.Seq, t.Seq, pair.name)
			incRows := n.codeRows(inc, "")
			for code, dr := range inKeyOrder(n.codeRows(pair.ti, "")) {
				ir, ok := incRows[code]
				if !ok {
					continue
				}
				id := &identity{rule: rules.CrossTable, ruleID: "cross.income_source_by_subject", family: fam, left: []cellKey{{pair.ti, dr, dc}},
					desc: fmt.Sprintf("table %d %q 合计 = table %d %s", d.Seq, code+" "+d.Rows[dr].Name, t.Seq, pair.name)}
				for _, c := range srcCols {
					id.right = append(id.right, cellKey{inc, ir, c})
				}
				ids = append(ids, id)
			}
		}
	}
	if gpb >= 0 && basic >= 0 {
		gc := n.colNamed(gpb, "", "基本支出")
		if tr := n.totalRow(gpb, ""); tr >= 0 && gc >= 0 {
			if parts := n.sideTotals(basic); len(parts) > 1 {
				// 决算 basic tables total each half (人员经费合计, 公用经费合计).
				ids = append(ids, &identity{rule: rules.CrossTable, ruleID: "cross.gpb_basic_total", left: []cellKey{{gpb, tr, gc}}, right: parts,
					desc: fmt.Sprintf("table %d 合计 基本支出 = table %d 人员经费合计 + 公用经费合计", n.doc.Tables[gpb].Seq, n.doc.Tables[basic].Seq)})
			} else if bc, br := n.colNamed(basic, "", "基本支出"), n.totalRow(basic, ""); bc >= 0 && br >= 0 {
				// An economic table of all 一般公共预算 spending (支出总计 | 基本支出 | 项目支出,
				// Shenzhen 表8): its 基本支出 column is the basic part, not its total.
				add("cross.gpb_basic_total", fmt.Sprintf("table %d 合计 基本支出 = table %d 合计 基本支出", n.doc.Tables[basic].Seq, n.doc.Tables[gpb].Seq), cellKey{basic, br, bc}, cellKey{gpb, tr, gc}, "")
			} else {
				add("cross.gpb_basic_total", fmt.Sprintf("table %d 合计 = table %d 合计 基本支出", n.doc.Tables[basic].Seq, n.doc.Tables[gpb].Seq), n.totalCell(basic, "", "合计", "总计"), cellKey{gpb, tr, gc}, "")
			}
		}
	}
	if gpb >= 0 {
		// An economic table of all 一般公共预算 spending (Fujian's 一般公共预算支出经济分类情况表,
		// Xi'an's 支出明细表（按经济分类科目）) totals to the GPB table's 合计, not to its 基本支出.
		for _, ti := range n.allSpendingEconomic(basic) {
			t := n.doc.Tables[ti]
			add("cross.gpb_economic_all", fmt.Sprintf("table %d 合计 = table %d 合计 (an economic table of all 一般公共预算 spending: %s)", t.Seq, n.doc.Tables[gpb].Seq, t.Title),
				n.totalCell(ti, "", "合计", "总计", "预算数", "金额"), n.totalCell(gpb, "", "合计", "总计", "小计"), "")
		}
	}
	if gpb >= 0 && proj >= 0 {
		gc := n.colNamed(gpb, "", "项目支出")
		pc := n.colNamed(proj, "", "合计", "项目支出合计", "总计")
		if gc >= 0 && pc >= 0 {
			fam := fmt.Sprintf("cross_table table %d/%d by subject", n.doc.Tables[proj].Seq, n.doc.Tables[gpb].Seq)
			gr := n.codeRows(gpb, "")
			for code, pr := range inKeyOrder(n.codeRows(proj, "")) {
				if r, ok := gr[code]; ok {
					add("cross.project_by_subject", fmt.Sprintf("table %d %q = table %d 项目支出", n.doc.Tables[proj].Seq, code, n.doc.Tables[gpb].Seq), cellKey{proj, pr, pc}, cellKey{gpb, r, gc}, fam)
				}
			}
		}
	}
	return ids
}

// sideTotals returns, for a table whose sides each end in their own total line (人员经费合计 |
// 公用经费合计), those lines' amount cells; nil otherwise.
func (n *normalizer) sideTotals(ti int) []cellKey {
	t := n.doc.Tables[ti]
	sides := tableSides(t)
	if len(sides) < 2 {
		return nil
	}
	var out []cellKey
	for _, side := range sides {
		row := -1
		for i, r := range t.Rows {
			if r.Side == side && r.Code == "" && isTotalLike(r.NameKey) {
				row = i
			}
		}
		cols := amountColumns(t, side)
		if row < 0 || len(cols) != 1 {
			return nil
		}
		out = append(out, cellKey{ti, row, cols[0]})
	}
	return out
}

// byClass adds, for each 类 row of a detail table, detail 类 total = the summary's 类 line.
func (n *normalizer) byClass(ids *[]*identity, rid string, detail int, detailCol string, summary int, side string, sumCols ...string) {
	dc := n.colNamed(detail, "", detailCol, "总计")
	sc := n.colContaining(summary, side, sumCols...)
	if dc < 0 || sc < 0 {
		return
	}
	classes := map[string]int{}
	for i, r := range n.doc.Tables[summary].Rows {
		if r.Side != side || r.Kind == RowTotal {
			continue
		}
		code := r.Code
		if code == "" && r.MappingConfidence >= n.opts.MappingThreshold {
			code = r.MappedCode
		}
		if len(code) == 3 {
			classes[code] = i
		}
	}
	fam := fmt.Sprintf("cross_table table %d/%d by class", n.doc.Tables[detail].Seq, n.doc.Tables[summary].Seq)
	printed := false
	for code, ri := range inKeyOrder(n.codeRows(detail, "")) {
		if len(code) != 3 {
			continue
		}
		printed = true
		if si, ok := classes[code]; ok {
			*ids = append(*ids, &identity{rule: rules.CrossTable, ruleID: rid, family: fam, left: []cellKey{{detail, ri, dc}}, right: []cellKey{{summary, si, sc}},
				desc: fmt.Sprintf("table %d %s %s = table %d %s", n.doc.Tables[detail].Seq, code, n.doc.Tables[detail].Rows[ri].Name, n.doc.Tables[summary].Seq, strings.Join(n.doc.Tables[summary].Columns[sc].Path, "/"))})
		}
	}
	if printed || !n.flatCrossClassified(detail) {
		return
	}
	// A cross-classified detail table prints only leaf combinations: a class is the sum of
	// its rows.
	rows := map[string][]cellKey{}
	for i, r := range n.doc.Tables[detail].Rows {
		if len(r.Code) == 7 && r.CodeScheme == SchemeFunctional {
			rows[r.Code[:3]] = append(rows[r.Code[:3]], cellKey{detail, i, dc})
		}
	}
	for code, si := range inKeyOrder(classes) {
		if len(rows[code]) == 0 {
			continue
		}
		*ids = append(*ids, &identity{rule: rules.CrossTable, ruleID: "cross.summary_class_rows", family: fam, left: []cellKey{{summary, si, sc}}, right: rows[code],
			desc: fmt.Sprintf("table %d %s %s = Σ the %d rows of table %d under %s", n.doc.Tables[summary].Seq, code, n.doc.Tables[summary].Rows[si].Name, len(rows[code]), n.doc.Tables[detail].Seq, code)})
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

// sortedKeys returns a map's keys in order: identities (and so findings and their numbers)
// must come out the same on every run, and Go's map order is random.
func sortedKeys[K cmp.Ordered, V any](m map[K]V) []K { return slices.Sorted(maps.Keys(m)) }

// inKeyOrder ranges over a map in key order (for code, row := range inKeyOrder(rows)).
func inKeyOrder[K cmp.Ordered, V any](m map[K]V) iter.Seq2[K, V] {
	return func(yield func(K, V) bool) {
		for _, k := range sortedKeys(m) {
			if !yield(k, m[k]) {
				return
			}
		}
	}
}

// codeRows maps each code printed once in a table side to its row.
func (n *normalizer) codeRows(ti int, side string) map[string]int {
	out := map[string]int{}
	dup := map[string]bool{}
	for i, r := range n.doc.Tables[ti].Rows {
		if r.Code == "" || side != "" && r.Side != side {
			continue
		}
		if _, ok := out[r.Code]; ok {
			dup[r.Code] = true
		}
		out[r.Code] = i
	}
	for c := range dup {
		delete(out, c)
	}
	return out
}

// sides returns the income and expenditure side names of a two-sided table.
func (n *normalizer) sides(ti int) (in, out string) {
	for _, r := range n.doc.Tables[ti].Rows {
		switch {
		case strings.Contains(r.Side, "收入") && in == "":
			in = r.Side
		case strings.Contains(r.Side, "支出") && out == "":
			out = r.Side
		}
	}
	return in, out
}

// rowNamed finds the single row of a side whose name key is name.
func (n *normalizer) rowNamed(ti int, side, name string) int {
	found := -1
	for i, r := range n.doc.Tables[ti].Rows {
		if (side == "" || r.Side == side) && r.NameKey == name {
			if found >= 0 {
				return -1
			}
			found = i
		}
	}
	return found
}

// sideBySide reports a table side that repeats its code/name/amount columns (决算 基本支出
// tables print 人员经费 and 公用经费 next to each other under one header: 科目编码 | 科目名称 |
// 金额 | 科目编码 | 科目名称 | 金额): a row then carries two subjects, and no row-wise identity
// can be built until the tables stage splits them into sides. A subject column after an
// amount column is what makes a second group; several name columns before the amounts
// (单位名称 | 项目名称, 科目名称 | 项目名称) describe one row. Name columns alone after the
// last amount, with no code beside them, are remarks (wild_40's 超支或结余资金原因及处理,
// wild_20's 绩效目标, read as name columns), not a second subject: see trailingNames.
func sideBySide(t *Table, side string) bool {
	seenAmount := false
	for k, c := range t.Columns {
		if side != "" && c.Side != "" && c.Side != side {
			continue
		}
		switch c.Role {
		case tables.RoleAmount:
			seenAmount = true
		case tables.RoleName, tables.RoleCodeName, tables.RoleLei, tables.RoleKuan, tables.RoleXiang, tables.RoleCode:
			if seenAmount {
				return !trailingNames(t, side, k)
			}
		}
	}
	return false
}

func (n *normalizer) totalRow(ti int, side string) int {
	found := -1
	for i, r := range n.doc.Tables[ti].Rows {
		if r.Kind == RowTotal && (side == "" || r.Side == side) {
			if found >= 0 {
				return -1 // several totals: which one is meant is not clear
			}
			found = i
		}
	}
	return found
}

// totalCell is the total row's cell in the first column named like names (or the side's
// first amount column).
func (n *normalizer) totalCell(ti int, side string, names ...string) cellKey {
	r := n.totalRow(ti, side)
	c := n.colNamed(ti, side, names...)
	if c < 0 {
		if cols := amountColumns(n.doc.Tables[ti], side); len(cols) > 0 {
			c = cols[0]
		}
	}
	return cellKey{ti, r, c}
}

// colNamed finds the amount column whose last header level is one of names.
func (n *normalizer) colNamed(ti int, side string, names ...string) int {
	t := n.doc.Tables[ti]
	for _, name := range names {
		for _, c := range amountColumns(t, side) {
			p := t.Columns[c].Path
			if len(p) > 0 && catalog.NameKey(p[len(p)-1]) == name {
				return c
			}
			if len(p) > 0 && catalog.NameKey(p[0]) == name && len(p) == 1 {
				return c
			}
		}
	}
	// A group header (基本支出 over 人员经费/公用经费) is represented by its 小计 column.
	for _, name := range names {
		for _, c := range amountColumns(t, side) {
			p := t.Columns[c].Path
			if len(p) == 2 && catalog.NameKey(p[0]) == name && isTotalCol(p[1]) {
				return c
			}
		}
	}
	return -1
}

// colContaining finds the first amount column whose header contains one of names.
func (n *normalizer) colContaining(ti int, side string, names ...string) int {
	t := n.doc.Tables[ti]
	for _, name := range names {
		for _, c := range amountColumns(t, side) {
			if strings.Contains(catalog.NameKey(strings.Join(t.Columns[c].Path, "")), name) {
				return c
			}
		}
	}
	return -1
}

// notCheckable reports, once per table side, that its rows carry two subjects.
func (n *normalizer) notCheckable(t *Table, side string) {
	n.doc.Findings = append(n.doc.Findings, Finding{Rule: "identity_not_applicable", Severity: SeverityInfo,
		Message: fmt.Sprintf("table %d %s: code/name/amount columns repeated side by side in one row; row, hierarchy and total identities not checked", t.Seq, side),
		Refs:    []Ref{{Table: t.Seq, Column: -1}}})
}
