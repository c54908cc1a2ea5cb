package normalize

import (
	"strings"

	"github.com/budgetpdf/budgetpdf/tables"
)

// Cross-classified tables print several classifications of one expenditure on each row:
// Beijing's 支出总表 gives every row a functional code (2082801-行政运行), a government
// economic code (50101-工资奖金津补贴) and a department economic code (30101-基本工资); its
// 基本支出表 the two economic codes; Xi'an's 表6/表8 the department and the government
// economic code. A row's subject (Row.Code) is the code of the classification the table is
// about — the functional code in expenditure tables, the department economic code
// (部门预算支出经济分类, the scheme of every other document's basic-expenditure table) in
// basic-expenditure tables — and the others are kept in Row.OtherCodes. Rows then repeat a
// subject code (2082801 on 27 rows): they are parts of it, told apart by their other codes,
// so they all count in their parent's sum, and a table printing no parent rows (only leaf
// combinations) is checked as a whole: its 合计 = Σ its rows, and the 类 lines of the summary
// table = Σ the rows of each 类.

// codeSource is a column that carries codes (a code column or a code-name column), with
// the classification its header names.
type codeSource struct {
	col     int
	role    tables.Role
	scheme  string // SchemeFunctional, SchemeEconomic, SchemeEconGov, "" when the header says nothing
	nameCol int    // the column printing its names (code columns), -1 when none
}

// schemeOfHeader reads the classification from a column header: 功能分类 → functional,
// 政府(支出/预算)经济 → government economic, 部门(支出/预算)经济 or 经济分类 → economic.
func schemeOfHeader(path []string) string {
	p := strings.Join(path, "")
	switch {
	case strings.Contains(p, "功能"):
		return SchemeFunctional
	case strings.Contains(p, "政府") && strings.Contains(p, "经济"):
		return SchemeEconGov
	case strings.Contains(p, "经济"):
		return SchemeEconomic
	}
	return ""
}

// codeSources lists the side's code-bearing columns other than 类/款/项 (单位编码 numbers
// units, not subjects).
func codeSources(t *tables.Table, side string) []codeSource {
	var out []codeSource
	for _, c := range sideColumns(t, side, tables.RoleCode, tables.RoleCodeName) {
		if strings.Contains(strings.Join(t.Columns[c].Path, ""), "单位") {
			continue
		}
		s := codeSource{col: c, role: t.Columns[c].Role, scheme: schemeOfHeader(t.Columns[c].Path), nameCol: -1}
		if s.role == tables.RoleCode && c+1 < len(t.Columns) {
			next := t.Columns[c+1]
			if (next.Role == tables.RoleName || next.Role == tables.RoleText) && strings.Contains(strings.Join(next.Path, ""), "名称") {
				s.nameCol = c + 1
			}
		}
		out = append(out, s)
	}
	return out
}

// subjectSource picks, among several code columns, the one of the table's classification;
// else the department economic one, else the functional one, else the first.
func subjectSource(srcs []codeSource, scheme string) int {
	for _, want := range []string{scheme, SchemeEconomic, SchemeFunctional} {
		if want == "" {
			continue
		}
		for i, s := range srcs {
			if s.scheme == want {
				return i
			}
		}
	}
	return 0
}

// crossClassified reports whether a side prints codes of more than one classification (three
// 科目编码 columns whose headers name none are 类|款|项).
func crossClassified(srcs []codeSource) bool {
	schemes := map[string]bool{}
	for _, s := range srcs {
		if s.scheme != "" {
			schemes[s.scheme] = true
		}
	}
	return len(schemes) >= 2
}

// otherCodes reads the codes of the non-subject code columns of a row.
func otherCodes(t *tables.Table, r tables.Row, srcs []codeSource, subject int) []CodeRef {
	var out []CodeRef
	for i, s := range srcs {
		if i == subject {
			continue
		}
		txt := cellText(r, s.col)
		if txt == "" {
			continue
		}
		ref := CodeRef{Raw: txt, Column: s.col}
		if c, nm, ok := splitCodeName(txt); ok {
			ref.Code, ref.Name = c, nm
		} else if codeCellOK(txt) {
			ref.Code = digitsOf(txt)
			if s.nameCol >= 0 {
				ref.Name = cellText(r, s.nameCol)
			}
		} else {
			continue
		}
		ref.Level, ref.Scheme = codeLevel(ref.Code)
		if ref.Scheme == "" {
			ref.Scheme = s.scheme
		}
		out = append(out, ref)
	}
	return out
}
