package normalize

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/rules"
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
	for _, side := range sortedSides(t) {
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
