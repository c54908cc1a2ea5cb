package keyfile

import (
	"fmt"
	"strings"

	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/tables"
)

// NamedTable is a table in answer-key form with the name convert gives its CSV.
type NamedTable struct {
	// File is `NN_<kind>.csv` (NN = table sequence, two digits).
	File  string
	Table *normalize.Table
	Key   Table
}

// Tables renders every table of a document in the answer-key format. The same function
// feeds `convert`'s tables/*.csv and the scorer, so what we output is what we score.
func Tables(doc *normalize.Document) []NamedTable {
	out := make([]NamedTable, 0, len(doc.Tables))
	for _, t := range doc.Tables {
		out = append(out, NamedTable{
			File:  fmt.Sprintf("%02d_%s.csv", t.Seq, t.Kind),
			Table: t,
			Key:   TableOf(t),
		})
	}
	return out
}

// TableOf renders one table: side (two-sided tables only), code, name, then one column
// per amount column by header path. Columns with the same path on both sides of a two-sided
// table share one CSV column.
func TableOf(t *normalize.Table) Table {
	header, colOf := Columns(t)
	twoSided := header[0] == "side"
	kt := Table{Header: header, Rows: make([][]string, 0, len(t.Rows))}
	for ri, r := range t.Rows {
		if blankRow(t, r) {
			continue
		}
		kt.RowOf = append(kt.RowOf, ri)
		rec := make([]string, len(header))
		k := 0
		if twoSided {
			rec[0] = r.Side
			k = 1
		}
		rec[k] = r.Code
		rec[k+1] = Name(r.Name)
		for i, j := range colOf {
			if i < len(r.Values) && r.Values[i].Present {
				rec[j] = r.Values[i].Amount.String()
			}
		}
		kt.Rows = append(kt.Rows, rec)
	}
	return kt
}

// blankRow reports a row that prints nothing but, at most, its line number (行次): no code,
// no name, no amount, nothing unreadable. 决算 总表 templates print such placeholder lines
// (行次 9–26 of 收入支出决算总表); the key format has no use for them. They stay in
// document.json with the rest of the table.
func blankRow(t *normalize.Table, r *normalize.Row) bool {
	if r.Code != "" || Name(r.Name) != "" {
		return false
	}
	for i, v := range r.Values {
		if i < len(t.Columns) && t.Columns[i].Role != tables.RoleAmount {
			continue // the 行次 itself, or another text column
		}
		if v.Present || v.Unresolved || strings.TrimSpace(v.Raw) != "" {
			return false
		}
	}
	return true
}

// Columns returns the answer-key header of a table and, for each amount column of
// t.Columns, the index of the CSV column it is written to. Two sides share a CSV column when
// their paths are equal; two columns of one side with the same path (a header the tables
// stage could not tell apart) get `#2`, `#3`… so no value is lost.
func Columns(t *normalize.Table) (header []string, colOf map[int]int) {
	for _, c := range t.Columns {
		if c.Side != "" {
			header = append(header, "side")
			break
		}
	}
	header = append(header, "code", "name")
	colOf = map[int]int{}
	byPath := map[string]int{}
	usedBy := map[string]map[string]bool{} // CSV column name → sides that use it
	for i, c := range t.Columns {
		if c.Role != tables.RoleAmount {
			continue
		}
		base := ColumnPath(c)
		name := base
		for n := 2; usedBy[name][c.Side]; n++ {
			name = fmt.Sprintf("%s#%d", base, n)
		}
		j, ok := byPath[name]
		if !ok {
			j = len(header)
			header = append(header, name)
			byPath[name] = j
			usedBy[name] = map[string]bool{}
		}
		usedBy[name][c.Side] = true
		colOf[i] = j
	}
	return header, colOf
}

// ColumnPath joins a column's header levels with "/".
func ColumnPath(c tables.Column) string { return strings.Join(c.Path, "/") }

// Name is a name as the key stores it: wraps and spaces removed.
func Name(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '\t', '\n', '\r', '\u3000', '\u00a0':
			return -1
		}
		return r
	}, s)
}
