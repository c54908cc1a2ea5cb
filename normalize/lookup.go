package normalize

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/tables"
)

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
// (单位名称 | 项目名称, 科目名称 | 项目名称) describe one row.
func sideBySide(t *Table, side string) bool {
	seenAmount := false
	for _, c := range t.Columns {
		if side != "" && c.Side != "" && c.Side != side {
			continue
		}
		switch c.Role {
		case tables.RoleAmount:
			seenAmount = true
		case tables.RoleName, tables.RoleCodeName, tables.RoleLei, tables.RoleKuan, tables.RoleXiang, tables.RoleCode:
			if seenAmount {
				return true
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
