package normalize

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/budgetpdf/budgetpdf/normalize/catalog"
	"github.com/budgetpdf/budgetpdf/normalize/mapping"
	"github.com/budgetpdf/budgetpdf/tables"
	"github.com/budgetpdf/budgetpdf/vocab"
)

// subjectKinds are the tables whose rows are subjects of a classification.
var subjectKinds = map[tables.Kind]string{
	tables.KindIncome: SchemeFunctional, tables.KindExpenditure: SchemeFunctional,
	tables.KindGPBExpenditure: SchemeFunctional, tables.KindGovFund: SchemeFunctional,
	tables.KindStateCapital: SchemeFunctional, tables.KindGPBProject: SchemeFunctional,
	tables.KindGPBBasic: SchemeEconomic,
	// Two-sided: only the 支出 side carries subjects.
	tables.KindSummary: SchemeFunctional, tables.KindFiscalSummary: SchemeFunctional,
}

// tableScheme is the classification a table's codes belong to ("" for tables of items).
func tableScheme(t *tables.Table) string {
	for _, c := range t.Columns {
		p := strings.Join(c.Path, "")
		if strings.Contains(p, "经济分类") {
			return SchemeEconomic
		}
		if strings.Contains(p, "功能分类") {
			return SchemeFunctional
		}
	}
	if strings.Contains(t.Title, "经济分类") {
		return SchemeEconomic // 基本支出表 and 支出表（按经济分类科目分）
	}
	return subjectKinds[t.Kind]
}

// sideColumns returns the indexes of the columns of a row's side with the given roles.
func sideColumns(t *tables.Table, side string, roles ...tables.Role) []int {
	var out []int
	for i, c := range t.Columns {
		if side != "" && c.Side != "" && c.Side != side {
			continue
		}
		for _, r := range roles {
			if c.Role == r {
				out = append(out, i)
				break
			}
		}
	}
	return out
}

func cellText(r tables.Row, i int) string {
	if i < 0 || i >= len(r.Cells) {
		return ""
	}
	return strings.TrimSpace(r.Cells[i].Text)
}

// rowIdentity fills the row's code and name from its 类/款/项, code and name cells.
func (n *normalizer) rowIdentity(t *tables.Table, r tables.Row, row *Row, ctx *assembleCtx, scheme string) {
	nameCols := sideColumns(t, r.Side, tables.RoleName)
	name := ""
	nameCol := -1
	if len(nameCols) > 0 {
		nameCol = nameCols[0]
	} else if cn := sideColumns(t, r.Side, tables.RoleCodeName); len(cn) > 0 {
		// A code-name column (`201 一般公共服务支出`, `2080505-…`) carries the name and the
		// code, split below.
		nameCol = cn[0]
	} else if texts := sideColumns(t, r.Side, tables.RoleText); len(texts) > 0 {
		nameCol = texts[0]
	}
	srcs := codeSources(t, r.Side)
	cross := crossClassified(srcs)
	subject := 0
	if cross {
		subject = subjectSource(srcs, scheme)
		if len(nameCols) == 0 && srcs[subject].role == tables.RoleCodeName {
			nameCol = srcs[subject].col
		}
		row.OtherCodes = otherCodes(t, r, srcs, subject)
	}
	if nameCol >= 0 {
		name = cellText(r, nameCol)
	}
	var code string
	var issue *codeIssue
	lei, kuan, xiang := sideColumns(t, r.Side, tables.RoleLei), sideColumns(t, r.Side, tables.RoleKuan), sideColumns(t, r.Side, tables.RoleXiang)
	var codeCols []int
	for _, c := range sideColumns(t, r.Side, tables.RoleCode) {
		// 单位编码 / 单位代码 number the units of a department, not subjects.
		if !strings.Contains(strings.Join(t.Columns[c].Path, ""), "单位") {
			codeCols = append(codeCols, c)
		} else if txt := cellText(r, c); name == "" && txt != "" && !codeCellOK(txt) {
			// Words, not a unit number, in the unit-code column are the row's printed
			// label: a 合计 cell merged over 单位编码 | 单位名称 (Changsha 绩效目标表).
			name = txt
		}
	}
	if cross && srcs[subject].role == tables.RoleCode {
		codeCols = []int{srcs[subject].col}
	}
	if len(lei)+len(kuan)+len(xiang) == 0 && len(codeCols) == 3 {
		// Three 科目编码 columns side by side are 类 | 款 | 项 under one spanning header
		// (putuo 决算 tables: the 类/款/项 labels sit in the first body row).
		lei, kuan, xiang = codeCols[:1], codeCols[1:2], codeCols[2:]
	}
	var st ocrCodeState
	ocr := t.Grid == "ocr" && rowFromOCR(r)
	prevLei, prevKuan := ctx.lei, ctx.kuan
	switch {
	case len(lei)+len(kuan)+len(xiang) > 0:
		st.codeCols = true
		var p codeParts
		var raw []string
		ok := true
		for lvl, part := range []struct {
			cols []int
			dst  *string
		}{{lei, &p.lei}, {kuan, &p.kuan}, {xiang, &p.xiang}} {
			if len(part.cols) == 0 {
				continue
			}
			txt := cellText(r, part.cols[0])
			if ocr {
				txt = ocrCodeCell(txt)
			}
			if txt != "" && st.level == 0 {
				st.level = lvl + 1
			}
			if txt != "" && !codeCellOK(txt) {
				ok = false // a merged 合计 label or a name spilling over
				if !st.garbled {
					st.garbled, st.level = true, lvl+1
				}
			}
			*part.dst = digitsOf(txt)
			if txt != "" {
				raw = append(raw, txt)
			}
		}
		p.raw = strings.Join(raw, " ")
		st.raw = p.raw
		st.lei, st.kuan, st.xiang = p.lei, p.kuan, p.xiang
		st.confident = cellsConfidence(r, append(append(append([]int(nil), lei...), kuan...), xiang...)) >= n.opts.OCRConfidence
		if ok {
			code, issue = ctx.assemble(p)
			row.CodeRaw = p.raw
		}
	case len(codeCols) > 0:
		st.codeCols = true
		txt := cellText(r, codeCols[0])
		st.raw = txt
		st.confident = cellsConfidence(r, codeCols[:1]) >= n.opts.OCRConfidence
		if c, nm, ok := splitCodeName(txt); ok {
			code, row.CodeRaw = c, c
			if name == "" {
				name = nm
			}
			ctx.remember(c)
		} else if codeCellOK(txt) {
			code, issue = ctx.singleCode(txt)
			row.CodeRaw = txt
		} else if name == "" {
			name = txt
		} else {
			st.garbled = true
		}
	}
	if code == "" && issue == nil {
		if c, nm, ok := splitCodeName(name); ok {
			code, name, row.CodeRaw = c, nm, c
			st.confident = cellsConfidence(r, []int{nameCol}) >= n.opts.OCRConfidence
		}
	}
	if ocr && code != "" && !st.confident {
		// A code that continues the codes above is read right whatever OCR's confidence.
		switch len(code) {
		case 3:
			st.confident = prevLei != "" && code > prevLei
		case 5:
			st.confident = code[:3] == prevLei
		case 7:
			st.confident = code[:5] == prevLei+prevKuan
		}
	}
	if name == "" && code == "" {
		name = textColumnTotal(t, r)
	}
	if code == "" && isFormPart(t) {
		name = formLabel(t, r, name)
	}
	row.Name = catalog.PrintedName(name)
	row.NameKey = catalog.NameKey(name)
	if issue != nil {
		code = n.resolveCodeIssue(t, row, issue, ctx, scheme, ocr)
		if code == "" && ocr {
			st.garbled = true // a code OCR misread (`2` for 229): the name may tell it
		}
	}
	if ocr {
		code = n.reviewOCRRow(t, r, nameCol, row, ctx, scheme, st, code)
	}
	row.Code = code
	row.CodeLevel, row.CodeScheme = codeLevel(code)
}

// textColumnTotal returns a grand-total label (`合计`, `总计`) printed in another label
// column of the side, else "": a row whose name column is empty and whose 合计 stands in
// another column is the table's total line. By-unit tables print it under 预算单位名称
// rather than under the item column (Xi'an 上年结转 tables: it is the total, not a unit); an
// empty table (no amount printed) may print it under any of its text columns (Wuxi's empty
// 政府采购支出表: under 采购品目大类, left of 专项名称). Other text columns of tables with
// amounts are left alone: Wuxi's filled 政府采购支出表 group their rows by 采购品目大类, which
// the hierarchy does not model, so a 合计 there would be checked against the wrong rows.
// Exact grand-total words only, so no attribute text becomes a label.
func textColumnTotal(t *tables.Table, r tables.Row) string {
	empty := t.Empty
	for _, c := range sideColumns(t, r.Side, tables.RoleText) {
		if !empty && !tables.IsUnitColumn(t.Columns[c].Path) {
			continue
		}
		if txt := cellText(r, c); vocab.IsGrandTotal(catalog.NameKey(txt)) {
			return txt
		}
	}
	return ""
}

// isFormPart reports the key-value part of a performance form: a table without header
// (the tables stage cuts a form above its indicator header, docs/tables.md), whose rows are
// `key | value` pairs, sometimes under a block label (`专项资金情况（万元） | 资金总额： | 866.40`).
func isFormPart(t *tables.Table) bool {
	if t.Kind != tables.KindPerformance || t.HeaderRows != 0 {
		return false
	}
	for _, c := range t.Columns {
		if len(c.Path) > 0 {
			return false
		}
	}
	return true
}

// formLabel names a row of a form's key-value part by the label nearest left of its amount
// column (`资金总额：` beside 866.40, not the block label 专项资金情况（万元） merged over the
// fund rows; `其他资金` with its amount left blank too) when the row prints an amount or
// starts with such a merged block label; otherwise by its first label, the rest being its
// value (`项目实施期目标 | <the target's text>`). The colon that ends a key is no part of
// its name.
func formLabel(t *tables.Table, r tables.Row, name string) string {
	label := func(i int) bool {
		role := t.Columns[i].Role
		return role == tables.RoleName || role == tables.RoleText
	}
	firstLabel, amountCol, present := -1, -1, false
	for i := range t.Columns {
		switch {
		case label(i) && firstLabel < 0 && cellText(r, i) != "":
			firstLabel = i
		case t.Columns[i].Role == tables.RoleAmount:
			if amountCol < 0 {
				amountCol = i
			}
			present = present || cellText(r, i) != ""
		}
	}
	if firstLabel < 0 {
		return name
	}
	pick := cellText(r, firstLabel)
	if amountCol > firstLabel && (present || r.Cells[firstLabel].Merged) {
		for i := amountCol - 1; i > firstLabel; i-- {
			if label(i) && cellText(r, i) != "" {
				pick = cellText(r, i)
				break
			}
		}
	}
	return strings.TrimRight(pick, "：: ")
}

// resolveCodeIssue repairs a malformed code only when a candidate fits the hierarchy of the
// rows above (candidates are built from it), the catalog knows the candidate and the
// printed name is one of its names; otherwise it reports the code and leaves it blank.
//
// In a row read by OCR a malformed code is most likely a misreading (`22 02 01`: a digit of
// 221 lost): the findings are info, about the reading, not a claim about the source.
func (n *normalizer) resolveCodeIssue(t *tables.Table, row *Row, is *codeIssue, ctx *assembleCtx, scheme string, ocr bool) string {
	ref := Ref{Table: t.Seq, Row: row.Seq, Column: -1, Code: is.printed, Name: row.Name, Page: row.Page, Box: row.Box}
	for _, cand := range is.candidates {
		e, ok := n.cat.Lookup(cand)
		if !ok {
			continue
		}
		nameOK := e.HasName(row.Name)
		if !nameOK {
			lvl, sch := codeLevel(cand)
			best := n.mapper.Best(row.Name, mapping.Query{Parent: parentCode(cand), Level: lvl, Scheme: sch})
			nameOK = best.Code == cand && best.Score >= 0.9
		}
		if !nameOK {
			continue
		}
		row.Repairs = append(row.Repairs, Repair{Kind: "code_fix", Before: is.printed, After: cand,
			Evidence: fmt.Sprintf("%s; the rows above are under %s; catalog %s is %s, the printed name is %s", is.reason, orDash(parentCode(cand)), cand, e.Name, row.Name)})
		sev, what := SeverityWarning, "malformed code"
		switch {
		case is.padOnly:
			sev, what = SeverityInfo, "code printed without a leading zero"
		case ocr:
			sev, what = SeverityInfo, "code read by OCR as"
		}
		n.doc.Findings = append(n.doc.Findings, Finding{Rule: "malformed_code", Severity: sev,
			Message:  fmt.Sprintf("table %d row %d: %s %q read as %s (%s): hierarchy, name and catalog agree", t.Seq, row.Seq, what, is.printed, cand, e.Name),
			Expected: cand, Printed: is.printed, Refs: []Ref{ref}})
		ctx.remember(cand)
		return cand
	}
	msg := fmt.Sprintf("table %d row %d: malformed code %q (%s) not repaired", t.Seq, row.Seq, is.printed, is.reason)
	if len(is.candidates) > 0 {
		msg += fmt.Sprintf(": candidates %s do not match the name %q in the catalog", strings.Join(is.candidates, ", "), row.Name)
	}
	sev := SeverityWarning
	if ocr {
		sev, msg = SeverityInfo, msg+" (read by OCR: a misreading is likelier than a misprint)"
	}
	n.doc.Findings = append(n.doc.Findings, Finding{Rule: "malformed_code", Severity: sev, Message: msg, Printed: is.printed, Refs: []Ref{ref}})
	return ""
}

func orDash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

var (
	columnNumber = regexp.MustCompile(`^(栏次|\*+|行次)$`)
)

// rowKind classifies a typed row (outline groups are settled afterwards by outline).
func rowKind(row *Row, t *tables.Table) RowKind {
	key := row.NameKey
	switch {
	case row.Code == "" && vocab.IsGrandTotal(key):
		return RowTotal
	case row.Code == "" && vocab.EndsInSubtotal(key) && len([]rune(key)) <= 12:
		return RowSubtotal
	case columnNumber.MatchString(key) || isColumnNumbers(row):
		return RowNote
	}
	if row.Code == "" && !anyPresent(row) && (strings.HasPrefix(row.Name, "注") || strings.HasPrefix(row.Name, "备注") || len([]rune(row.Name)) > 40) {
		return RowNote
	}
	return RowItem
}

// isColumnNumbers spots the printed column-number row (`1 2 3 4`) of 决算 tables.
func isColumnNumbers(row *Row) bool {
	if row.Code != "" || row.NameKey != "" && !columnNumber.MatchString(row.NameKey) {
		return false
	}
	k := 0
	for _, v := range row.Values {
		if !v.Present {
			continue
		}
		k++
		if v.Amount.Scale != 0 || v.Amount.Coef != int64(k) {
			return false
		}
	}
	return k >= 2
}

func anyPresent(row *Row) bool {
	for _, v := range row.Values {
		if v.Present {
			return true
		}
	}
	return false
}

// mapRows maps names to codes in subject tables: an opinion on every row with a code (and a
// code/name check), and the code of rows printed without one.
func (n *normalizer) mapRows(nt *Table, scheme string) {
	src := n.srcTable(nt.Seq)
	if scheme == "" || src == nil {
		return
	}
	for _, side := range sortedSides(nt) {
		if (nt.Kind == tables.KindSummary || nt.Kind == tables.KindFiscalSummary) && !strings.Contains(side, "支出") {
			continue
		}
		// The outline gives each name-only row its level and parent: a top-level entry of
		// a subject side is a 类, its children 款, theirs 项 (totals are not subjects).
		o := outlineOf(nt, src, side)
		for _, i := range o.rows {
			row := nt.Rows[i]
			if row.Kind != RowItem || row.NameKey == "" || o.role[i] != oItem || o.forward[i] {
				continue
			}
			if row.Code != "" {
				n.checkCodeName(nt, row)
				continue
			}
			q := mapping.Query{Scheme: scheme, Level: 1}
			for p, ok := o.parent[i]; ok; p, ok = o.parent[p] {
				if o.forward[p] {
					continue
				}
				q.Level++
				if q.Parent == "" {
					q.Parent = "?"
					if pr := nt.Rows[p]; pr.MappingConfidence >= n.opts.MappingThreshold {
						q.Parent = pr.MappedCode
					}
				}
			}
			if q.Parent == "?" {
				q.Parent, q.Level = "", 0 // the parent's code is unknown: so is the level
			}
			if q.Level > 3 {
				continue
			}
			best := n.mapper.Best(row.Name, q)
			if best.Code == "" || best.Score < 0.5 {
				continue
			}
			row.MappedCode, row.MappingConfidence = best.Code, best.Confidence
			if best.Confidence < n.opts.MappingThreshold {
				why := ""
				if best.Doubt != "" {
					why = " (" + best.Doubt + ")"
				}
				n.doc.Findings = append(n.doc.Findings, Finding{Rule: "low_confidence_mapping", Severity: SeverityInfo,
					Message: fmt.Sprintf("table %d row %d: %q maps to %s %s with confidence %.2f only%s; not applied", nt.Seq, row.Seq, row.Name, best.Code, best.Name, best.Confidence, why),
					Refs:    []Ref{{Table: nt.Seq, Row: row.Seq, Column: -1, Name: row.Name, Page: row.Page, Box: row.Box}}})
			}
		}
	}
}

// checkCodeName compares a printed code with its printed name. The parent-restricted mapping
// is an opinion (row.MappedCode); the finding needs stronger evidence: the printed name is,
// after NameKey, exactly a name of one other code of the same scheme and level (a sibling or
// cousin: a name copied from a neighbouring row), no name attested for the printed code, and
// neither a part nor an extension of one (see sharesOwnName).
// The mapper's score is not asked, because a similar name under the same parent (23304
// 专项债务发行费用支出 / 专项债务付息支出) makes the parent-restricted mapping pick the row's
// own code, which hides exactly the copy-paste error this check is for.
func (n *normalizer) checkCodeName(nt *Table, row *Row) {
	q := mapping.Query{Parent: parentCode(row.Code), Level: row.CodeLevel, Scheme: row.CodeScheme}
	best := n.mapper.Best(row.Name, q)
	row.MappedCode, row.MappingConfidence = best.Code, best.Confidence
	e, known := n.cat.Lookup(row.Code)
	if !known || e.HasName(row.Name) {
		return
	}
	other, ok := exactOtherOwner(n.cat, e, row.Name)
	if !ok || sharesOwnName(e, row.Name) {
		return
	}
	n.doc.Findings = append(n.doc.Findings, Finding{Rule: "code_name_mismatch", Severity: SeverityWarning,
		Message: fmt.Sprintf("table %d row %d: code %s is %s in the catalog, but the printed name %q is the name of %s %s (the source prints another code's name, or the wrong code)",
			nt.Seq, row.Seq, row.Code, e.Name, row.Name, other.Code, other.Name),
		Expected: other.Code, Printed: row.Code,
		Refs: []Ref{{Table: nt.Seq, Row: row.Seq, Column: -1, Code: row.Code, Name: row.Name, Page: row.Page, Box: row.Box}}})
}

// exactOtherOwner returns the one other code of e's scheme and level that bears name (after
// NameKey) in the catalog. A name that several such codes bear (其他支出, 行政运行 are the
// names of many 项) says nothing about which code was meant, and a name of a code of another
// level (a 款's 其他…支出 printed on its 99 项) is not a sibling's: both stay silent.
func exactOtherOwner(cat *catalog.Catalog, e *catalog.Entry, name string) (*catalog.Entry, bool) {
	var owner *catalog.Entry
	for _, code := range cat.ByKey(catalog.NameKey(name)) {
		o, ok := cat.Lookup(code)
		if !ok || o.Code == e.Code || o.Scheme != e.Scheme || o.Level != e.Level {
			continue
		}
		if owner != nil {
			return nil, false
		}
		owner = o
	}
	return owner, owner != nil
}

// sharesOwnName reports whether name and one of e's own names contain one another (after
// NameKey): then the name is a short or long form of the code's own name, or the name of an
// older edition, not a neighbour's. Jiangsu 2017 prints 30307 医疗费, right under the
// classification of its year (30307 is 医疗费补助 since 2018, when 医疗费 became 30114).
func sharesOwnName(e *catalog.Entry, name string) bool {
	k := catalog.NameKey(name)
	for _, v := range e.Variants {
		if own := catalog.NameKey(v.Name); own != "" && (strings.Contains(own, k) || strings.Contains(k, own)) {
			return true
		}
	}
	return false
}

func (n *normalizer) srcTable(seq int) *tables.Table {
	for _, t := range n.src.Tables {
		if t.Seq == seq {
			return t
		}
	}
	return nil
}
