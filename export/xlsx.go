package export

import (
	"fmt"
	"github.com/budgetpdf/budgetpdf/export/findtext"
	"io"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"

	"github.com/budgetpdf/budgetpdf/money"
	"github.com/budgetpdf/budgetpdf/normalize"
	"github.com/budgetpdf/budgetpdf/rules"
	"github.com/budgetpdf/budgetpdf/tables"
)

// Workbook decisions:
//
//   - Amounts are written as the exact decimal text into the cell's numeric value (never
//     through float64), with a `#,##0.00`-style format showing the decimals that cell
//     prints: a column mixing `25180591.33` and `0.330` or `13.9493` and `0` shows each as
//     printed rather than padding every cell to the longest. Excel holds 15 significant digits; a longer amount is
//     written as text with a comment rather than silently rounded.
//   - Codes (类/款/项 digits and whole codes) are text cells with the `@` format, so `03`
//     keeps its zero. A table printing 类 | 款 | 项 gets the row's code split into those
//     columns on every row (the printed table often leaves 类 blank on child rows; a filter
//     on 类 then still finds the row). Each code column shows its own codes: in a
//     cross-classified table the other classifications' columns show Row.OtherCodes (not
//     the subject code), 单位编码 columns the printed unit numbers (classifyCodeColumns).
//   - Two-sided tables (收入 | 支出) are laid out side by side as printed: the k-th row of
//     each side shares a sheet row.
//   - Each table sheet has the title, a line with issuer and `单位：…`, the printed header
//     with merged cells, then the rows; header rows and the code/name columns are frozen.
//     Rows are grouped 类 ⊃ 款 ⊃ 项 (summary rows above their details).
//   - Every repaired, low-confidence or unresolved cell is filled (yellow, orange, red) and
//     carries a comment saying what was done; a cell a finding is about gets a red font and
//     the finding in its comment. The 校验 sheet lists every finding with a hyperlink to each
//     cell it refers to; 元数据 has the document's facts and links to every table sheet.

// Sheet names fixed by the output layout.
const (
	SheetFindings = "校验"
	SheetMeta     = "元数据"
)

// Excel limits.
const (
	maxSheetName  = 31
	maxExcelDigit = 15
)

// Fill colours for annotated cells.
const (
	fillRepaired   = "FFF2CC" // light yellow
	fillLowConf    = "FCE4D6" // light orange
	fillUnresolved = "F4CCCC" // light red
	fillHeader     = "D9E1F2"
)

// XLSXStatus says why a cell is highlighted.
type xlsxStatus int

const (
	statusPlain xlsxStatus = iota
	statusRepaired
	statusLowConf
	statusUnresolved
)

// WriteXLSX writes doc's workbook to w.
func WriteXLSX(w io.Writer, doc *normalize.Document, meta Meta) error {
	x := newXLSXWriter(doc, meta)
	defer x.f.Close()
	if err := x.build(); err != nil {
		return err
	}
	return x.f.Write(w)
}

// cellKey locates a model cell: table seq, row seq, column index (-1 for the whole row).
type cellKey struct{ table, row, col int }

type xlsxWriter struct {
	f      *excelize.File
	doc    *normalize.Document
	meta   Meta
	styles map[styleKey]int
	// sheets maps table seq → sheet name; cells maps model cells → sheet cell references.
	sheets map[int]string
	cells  map[cellKey]string
	used   map[string]bool // sheet names, lowercased
	// notes collects comment lines per sheet cell; one comment per cell in the end.
	notes map[string]map[string][]string
	// flagged are sheet cells a finding is about (red font).
	flagged map[string]map[string]bool
	err     error // first style error
}

func newXLSXWriter(doc *normalize.Document, meta Meta) *xlsxWriter {
	return &xlsxWriter{
		f: excelize.NewFile(), doc: doc, meta: meta,
		styles: map[styleKey]int{}, sheets: map[int]string{}, cells: map[cellKey]string{},
		used:  map[string]bool{strings.ToLower(SheetFindings): true, strings.ToLower(SheetMeta): true},
		notes: map[string]map[string][]string{}, flagged: map[string]map[string]bool{},
	}
}

func (x *xlsxWriter) build() error {
	const initial = "Sheet1"
	for _, t := range x.doc.Tables {
		name := x.sheetName(t)
		if _, err := x.f.NewSheet(name); err != nil {
			return fmt.Errorf("table %d: sheet %q: %w", t.Seq, name, err)
		}
		x.sheets[t.Seq] = name
	}
	for _, n := range []string{SheetFindings, SheetMeta} {
		if _, err := x.f.NewSheet(n); err != nil {
			return err
		}
	}
	if err := x.f.DeleteSheet(initial); err != nil {
		return err
	}
	for _, t := range x.doc.Tables {
		if err := x.writeTable(t); err != nil {
			return fmt.Errorf("table %d (%s): %w", t.Seq, t.Title, err)
		}
	}
	if err := x.writeFindings(); err != nil {
		return fmt.Errorf("sheet %s: %w", SheetFindings, err)
	}
	if err := x.writeMeta(); err != nil {
		return fmt.Errorf("sheet %s: %w", SheetMeta, err)
	}
	if err := x.addComments(); err != nil {
		return err
	}
	if x.err != nil {
		return x.err
	}
	x.f.SetActiveSheet(0)
	return x.f.SetDocProps(&excelize.DocProperties{
		Title:       x.doc.Issuer + " " + strconv.Itoa(x.doc.Year),
		Creator:     "budgetpdf " + x.meta.ToolVersion,
		Description: "converted from " + x.meta.SourceFile,
	})
}

// sheetName makes a unique, valid sheet name (≤ 31 characters) from the table's sequence
// number and title: `3 一般公共预算支出表`.
func (x *xlsxWriter) sheetName(t *normalize.Table) string {
	title := strings.Map(func(r rune) rune {
		switch r {
		case ':', '\\', '/', '?', '*', '[', ']', '：':
			return ' '
		case '\n', '\r', '\t':
			return -1
		}
		return r
	}, t.Title)
	title = strings.Join(strings.Fields(title), "")
	title = strings.Trim(title, "'")
	if title == "" {
		title = string(t.Kind)
	}
	base := truncateRunes(fmt.Sprintf("%d %s", t.Seq, title), maxSheetName)
	name := base
	for n := 2; x.used[strings.ToLower(name)]; n++ {
		suffix := fmt.Sprintf("(%d)", n)
		name = truncateRunes(base, maxSheetName-utf8.RuneCountInString(suffix)) + suffix
	}
	x.used[strings.ToLower(name)] = true
	return name
}

func truncateRunes(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimRight(string(r[:n]), " ")
}

// sheetColumn is one table column as laid out on the sheet.
type sheetColumn struct {
	col      tables.Column
	path     []string // header path as drawn (side prepended in two-sided tables when absent)
	decimals int      // amount columns: the most decimals any value prints
	// code says what a code column shows; part is the piece of the subject code it shows
	// (the column's role, or 类/款/项 for three 科目编码 columns printed side by side).
	code codeUse
	part tables.Role
}

// codeUse is what a code column shows on each row.
type codeUse int

const (
	codeSubject codeUse = iota // the row's subject code (Row.Code), or its 类/款/项 digits
	codeOther                  // a cross-classified table's other classification (Row.OtherCodes)
	codePrinted                // the printed text: 单位编码 numbers units, not subjects
)

func (x *xlsxWriter) writeTable(t *normalize.Table) error {
	sheet := x.sheets[t.Seq]
	cols := sheetColumns(t)
	ncol := max(len(cols), 2)
	last := colName(ncol)

	// Title and the issuer/unit line, as printed above the table.
	if err := x.f.SetCellStr(sheet, "A1", t.Title); err != nil {
		return err
	}
	if err := x.f.MergeCell(sheet, "A1", last+"1"); err != nil {
		return err
	}
	if err := x.f.SetCellStyle(sheet, "A1", last+"1", x.style(styleKey{kind: kindTitle})); err != nil {
		return err
	}
	issuer := x.doc.Issuer
	if issuer != "" {
		if err := x.f.SetCellStr(sheet, "A2", "编制单位："+issuer); err != nil {
			return err
		}
	}
	unit := t.Unit
	if unit == "" {
		unit = "（未注明）"
	}
	if err := x.f.SetCellStr(sheet, last+"2", "单位："+unit); err != nil {
		return err
	}
	if err := x.f.SetCellStyle(sheet, last+"2", last+"2", x.style(styleKey{kind: kindUnit})); err != nil {
		return err
	}
	const headerTop = 3
	depth, err := x.writeHeader(sheet, cols, headerTop)
	if err != nil {
		return err
	}
	first := headerTop + depth // first data row
	next, err := x.writeRows(sheet, t, cols, first)
	if err != nil {
		return err
	}
	if err := x.writeUnitColumn(sheet, t, len(cols)+1, headerTop, depth, first); err != nil {
		return err
	}
	if t.Empty && len(t.Rows) == 0 {
		cell := cellName(1, next)
		if err := x.f.SetCellStr(sheet, cell, "（本表为空表）"); err != nil {
			return err
		}
		next++
	}
	for _, n := range t.Notes {
		if err := x.f.SetCellStr(sheet, cellName(1, next), n); err != nil {
			return err
		}
		next++
	}
	if len(t.Pages) > 0 {
		src := fmt.Sprintf("来源：%s 第 %s 页", x.meta.SourceFile, joinInts(t.Pages, "、"))
		if err := x.f.SetCellStr(sheet, cellName(1, next), src); err != nil {
			return err
		}
		if err := x.f.SetCellStyle(sheet, cellName(1, next), cellName(1, next), x.style(styleKey{kind: kindSmall})); err != nil {
			return err
		}
	}

	// Widths from the content (CJK characters count double), within sensible bounds; header
	// rows tall enough for their wrapped labels.
	widths := columnWidths(t, cols)
	for i, w := range widths {
		if err := x.f.SetColWidth(sheet, colName(i+1), colName(i+1), w); err != nil {
			return err
		}
	}
	for i, lines := range headerLines(cols, widths, depth) {
		if lines > 1 {
			if err := x.f.SetRowHeight(sheet, headerTop+i, float64(14*lines+4)); err != nil {
				return err
			}
		}
	}
	// Printed pages repeat the title, unit line and header.
	if err := x.f.SetDefinedName(&excelize.DefinedName{
		Name: "_xlnm.Print_Titles", Scope: sheet,
		RefersTo: fmt.Sprintf("%s!$1:$%d", quoteSheet(sheet), first-1),
	}); err != nil {
		return err
	}
	freezeCols := 0
	if !twoSided(t) {
		for i, c := range cols {
			if isLabelRole(c.col.Role) {
				freezeCols = i + 1
			} else {
				break
			}
		}
	}
	if err := x.f.SetPanes(sheet, &excelize.Panes{
		Freeze: true, XSplit: freezeCols, YSplit: first - 1,
		TopLeftCell: cellName(freezeCols+1, first), ActivePane: activePane(freezeCols),
	}); err != nil {
		return err
	}
	return x.pageSetup(sheet, len(cols) > 4)
}

// pageSetup groups summary rows above their details and prints the sheet one page wide
// (landscape for wide tables), as the disclosures are printed.
func (x *xlsxWriter) pageSetup(sheet string, landscape bool) error {
	below, fit := false, true
	if err := x.f.SetSheetProps(sheet, &excelize.SheetPropsOptions{OutlineSummaryBelow: &below, FitToPage: &fit}); err != nil {
		return err
	}
	orient := "portrait"
	if landscape {
		orient = "landscape"
	}
	size, wide, tall := 9, 1, 0 // A4, one page wide, as many pages tall as needed
	return x.f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orient, FitToWidth: &wide, FitToHeight: &tall})
}

// columnWidths sizes each column to its widest header leaf or cell, in Excel character
// units: code digit columns stay narrow, names get up to 40, amounts their formatted width.
func columnWidths(t *normalize.Table, cols []sheetColumn) []float64 {
	out := make([]float64, len(cols))
	for i, c := range cols {
		w := displayWidth(c.path[len(c.path)-1])
		if len(c.path) > 1 || w > 12 {
			w = min(w, 12) // long leaf labels wrap in the header
		}
		for _, r := range t.Rows {
			var text string
			switch c.col.Role {
			case tables.RoleName:
				text = r.Name
			case tables.RoleLei, tables.RoleKuan, tables.RoleXiang, tables.RoleCode:
				text = codeText(c, i, r)
			case tables.RoleAmount:
				if i < len(r.Values) && r.Values[i].Present {
					a := r.Values[i].Amount
					digits := len(strings.TrimPrefix(a.String(), "-"))
					text = strings.Repeat("0", digits+digits/3)
				}
			default:
				if i < len(r.Values) {
					text = r.Values[i].Raw
				}
			}
			w = max(w, displayWidth(text))
		}
		lo, hi := 8.0, 40.0
		switch c.col.Role {
		case tables.RoleLei, tables.RoleKuan, tables.RoleXiang, tables.RoleLine:
			lo = 4
		case tables.RoleName:
			lo = 16
		case tables.RoleAmount:
			lo = 10
		}
		out[i] = min(max(float64(w)+2, lo), hi)
	}
	return out
}

// headerLines is how many text lines each header row needs so that every label fits its
// merged width (a label merged down over several rows shares their lines).
func headerLines(cols []sheetColumn, widths []float64, depth int) []int {
	lines := make([]int, depth)
	for i := range lines {
		lines[i] = 1
	}
	for lvl := range depth {
		for j := 0; j < len(cols); {
			p := cols[j].path
			if lvl >= len(p) {
				j++
				continue
			}
			leaf := lvl == len(p)-1
			k := j + 1
			if !leaf {
				for k < len(cols) && len(cols[k].path) > lvl+1 && slices.Equal(cols[k].path[:lvl+1], p[:lvl+1]) {
					k++
				}
			}
			span := 0.0
			for _, w := range widths[j:k] {
				span += w
			}
			rows := 1
			if leaf {
				rows = depth - lvl
			}
			need := int(float64(displayWidth(p[lvl]))/max(span-1, 1)) + 1
			if per := (need + rows - 1) / rows; per > lines[lvl] {
				lines[lvl] = per
			}
			j = k
		}
	}
	return lines
}

// displayWidth counts East Asian wide characters as two columns.
func displayWidth(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x1100 && (r <= 0x115f || r >= 0x2e80) {
			n += 2
		} else {
			n++
		}
	}
	return n
}

func activePane(freezeCols int) string {
	if freezeCols > 0 {
		return "bottomRight"
	}
	return "bottomLeft"
}

func isLabelRole(r tables.Role) bool {
	switch r {
	case tables.RoleLei, tables.RoleKuan, tables.RoleXiang, tables.RoleCode, tables.RoleName, tables.RoleLine:
		return true
	}
	return false
}

func twoSided(t *normalize.Table) bool {
	for _, c := range t.Columns {
		if c.Side != "" {
			return true
		}
	}
	return false
}

// sheetColumns prepares the columns: header paths as drawn and amount decimals.
func sheetColumns(t *normalize.Table) []sheetColumn {
	cols := make([]sheetColumn, len(t.Columns))
	// In a two-sided table the side banner (收入 / 支出) heads each half; add it where the
	// printed path does not already start with it.
	sided := twoSided(t)
	for i, c := range t.Columns {
		p := slices.Clone(c.Path)
		if len(p) == 0 {
			p = []string{""}
		}
		if sided && c.Side != "" && p[0] != c.Side {
			p = append([]string{c.Side}, p...)
		}
		cols[i] = sheetColumn{col: c, path: p, part: c.Role}
	}
	classifyCodeColumns(t, cols)
	for _, r := range t.Rows {
		for i, v := range r.Values {
			if i < len(cols) && v.Present && v.Amount.Scale > cols[i].decimals {
				cols[i].decimals = v.Amount.Scale
			}
		}
	}
	return cols
}

// classifyCodeColumns decides what each 科目编码 column shows. A cross-classified table
// (Beijing 支出总表, Xi'an 表8) prints one column per classification: the subject's column
// shows Row.Code, the others the code of their own classification (Row.OtherCodes names the
// column each was read from). A 单位编码 column shows what is printed (the tables and
// normalize stages read units' numbers there, not subjects). Three subject code columns of
// one side without 类/款/项 columns are 类 | 款 | 项 under one spanning header, as
// normalize reads them (Putuo 决算 tables).
func classifyCodeColumns(t *normalize.Table, cols []sheetColumn) {
	other := map[int]bool{}
	for _, r := range t.Rows {
		for _, ref := range r.OtherCodes {
			other[ref.Column] = true
		}
	}
	subject := map[string][]int{} // side → subject code columns
	split := map[string]bool{}    // side → prints 类/款/项 columns
	for i := range cols {
		c := cols[i].col
		switch c.Role {
		case tables.RoleLei, tables.RoleKuan, tables.RoleXiang:
			split[c.Side] = true
		case tables.RoleCode:
			switch {
			case other[i]:
				cols[i].code = codeOther
			case strings.Contains(strings.Join(c.Path, ""), "单位"):
				cols[i].code = codePrinted
			default:
				subject[c.Side] = append(subject[c.Side], i)
			}
		}
	}
	for side, idx := range subject {
		if len(idx) == 3 && !split[side] {
			for k, role := range []tables.Role{tables.RoleLei, tables.RoleKuan, tables.RoleXiang} {
				cols[idx[k]].part = role
			}
		}
	}
}

// codeText is what code column i shows on row r.
func codeText(c sheetColumn, i int, r *normalize.Row) string {
	switch c.code {
	case codeOther:
		for _, ref := range r.OtherCodes {
			if ref.Column == i && ref.Code != "" {
				return ref.Code
			}
		}
		return printedText(r, i)
	case codePrinted:
		return printedText(r, i)
	}
	return splitCode(r)[c.part]
}

func printedText(r *normalize.Row, i int) string {
	if i < 0 || i >= len(r.Values) {
		return ""
	}
	return strings.TrimSpace(r.Values[i].Raw)
}

// writeHeader draws the multi-level header from row top down, merging a level's cell across
// the columns that share it and a leaf down to the last header row. It returns the depth.
func (x *xlsxWriter) writeHeader(sheet string, cols []sheetColumn, top int) (int, error) {
	depth := 1
	for _, c := range cols {
		depth = max(depth, len(c.path))
	}
	hs := x.style(styleKey{kind: kindHeader})
	if len(cols) == 0 {
		return depth, nil
	}
	if err := x.f.SetCellStyle(sheet, cellName(1, top), cellName(len(cols), top+depth-1), hs); err != nil {
		return 0, err
	}
	for lvl := range depth {
		row := top + lvl
		for j := 0; j < len(cols); {
			p := cols[j].path
			if lvl >= len(p) {
				j++ // covered by the leaf merged down from above
				continue
			}
			leaf := lvl == len(p)-1
			k := j + 1
			if !leaf {
				// Extend across the following columns that share this level's prefix.
				for k < len(cols) && len(cols[k].path) > lvl+1 && slices.Equal(cols[k].path[:lvl+1], p[:lvl+1]) {
					k++
				}
			}
			if err := x.f.SetCellStr(sheet, cellName(j+1, row), p[lvl]); err != nil {
				return 0, err
			}
			bottom := row
			if leaf {
				bottom = top + depth - 1
			}
			if k-1 > j || bottom > row {
				if err := x.f.MergeCell(sheet, cellName(j+1, row), cellName(k, bottom)); err != nil {
					return 0, err
				}
			}
			j = k
		}
	}
	return depth, nil
}

// sheetRows returns the sheet row of each of t's rows, written from sheet row first: one row
// after another, except that two-sided tables pair their sides' rows (a row without side
// takes a row of its own below both), and the next free row.
func sheetRows(t *normalize.Table, first int) (rows []int, next int) {
	sided := twoSided(t)
	// cursor is the next sheet row per side.
	cursor := map[string]int{}
	next = first
	rows = make([]int, len(t.Rows))
	for i, r := range t.Rows {
		row := next
		if sided {
			if r.Side == "" {
				for s := range cursor {
					cursor[s] = next + 1
				}
			} else {
				if _, ok := cursor[r.Side]; !ok {
					cursor[r.Side] = first
				}
				row = cursor[r.Side]
				cursor[r.Side]++
			}
		}
		rows[i] = row
		next = max(next, row+1)
	}
	return rows, next
}

// writeRows writes the data rows from sheet row first and returns the next free row.
func (x *xlsxWriter) writeRows(sheet string, t *normalize.Table, cols []sheetColumn, first int) (int, error) {
	sided := twoSided(t)
	at, next := sheetRows(t, first)
	for i, r := range t.Rows {
		row := at[i]
		if err := x.writeRow(sheet, t, cols, r, row, sided); err != nil {
			return 0, fmt.Errorf("row %d: %w", r.Seq, err)
		}
		if !sided {
			if lvl := outlineLevel(r); lvl > 0 {
				if err := x.f.SetRowOutlineLevel(sheet, row, lvl); err != nil {
					return 0, err
				}
			}
		}
	}
	return next, nil
}

// outlineLevel groups each row under its parent (normalize's Row.Level: 款 under 类, 项
// under 款, an outline's items under their heading, a unit's rows under the unit), so that
// Excel folds the table to its top-level rows; Excel has 7 levels.
// A model built without normalize's hierarchy (Level 0 on an item) is grouped by its codes.
func outlineLevel(r *normalize.Row) uint8 {
	lvl := r.Level
	if lvl == 0 && r.Kind == normalize.RowItem {
		lvl = r.CodeLevel
	}
	if lvl <= 1 {
		return 0
	}
	return uint8(min(lvl-1, 7))
}

func (x *xlsxWriter) writeRow(sheet string, t *normalize.Table, cols []sheetColumn, r *normalize.Row, row int, sided bool) error {
	bold := r.Kind == normalize.RowTotal || r.Kind == normalize.RowSubtotal
	nameCell := ""
	for i, c := range cols {
		if sided && r.Side != "" && c.col.Side != "" && c.col.Side != r.Side {
			continue
		}
		cell := cellName(i+1, row)
		var v normalize.Value
		if i < len(r.Values) {
			v = r.Values[i]
		}
		switch c.col.Role {
		case tables.RoleLei, tables.RoleKuan, tables.RoleXiang, tables.RoleCode:
			text := codeText(c, i, r)
			if text != "" {
				if err := x.f.SetCellStr(sheet, cell, text); err != nil {
					return err
				}
			}
			if err := x.setStyle(sheet, cell, styleKey{kind: kindCode, bold: bold}); err != nil {
				return err
			}
		case tables.RoleName:
			if err := x.f.SetCellStr(sheet, cell, r.Name); err != nil {
				return err
			}
			indent := 0
			if r.Kind == normalize.RowItem && r.CodeLevel > 1 {
				indent = r.CodeLevel - 1
			}
			if err := x.setStyle(sheet, cell, styleKey{kind: kindName, bold: bold, indent: indent}); err != nil {
				return err
			}
			if nameCell == "" {
				nameCell = cell
			}
		case tables.RoleAmount:
			if err := x.writeAmount(sheet, cell, t, c, r, v, bold); err != nil {
				return err
			}
			x.cells[cellKey{t.Seq, r.Seq, i}] = cell
		default:
			if v.Raw != "" {
				if err := x.f.SetCellStr(sheet, cell, v.Raw); err != nil {
					return err
				}
			}
			if err := x.setStyle(sheet, cell, styleKey{kind: kindText, bold: bold}); err != nil {
				return err
			}
		}
		if _, ok := x.cells[cellKey{t.Seq, r.Seq, i}]; !ok {
			x.cells[cellKey{t.Seq, r.Seq, i}] = cell
		}
	}
	if nameCell == "" {
		// No name column (rare): the row reference points at its first cell.
		nameCell = cellName(1, row)
	}
	x.cells[cellKey{t.Seq, r.Seq, -1}] = nameCell
	for _, rp := range r.Repairs {
		x.note(sheet, nameCell, "已修复 "+repairText(rp))
	}
	if r.CodeRaw != "" && r.CodeRaw != r.Code && len(r.Repairs) == 0 && strings.ReplaceAll(r.CodeRaw, " ", "") != r.Code {
		x.note(sheet, nameCell, fmt.Sprintf("印刷编码“%s”，整理为 %s", r.CodeRaw, r.Code))
	}
	if r.MappedCode != "" && r.MappedCode != r.Code {
		x.note(sheet, nameCell, fmt.Sprintf("名称对应科目 %s（置信度 %.2f）", r.MappedCode, r.MappingConfidence))
	}
	return nil
}

// splitCode spreads the row's code over the code columns: 类 (3 digits), 款 (2), 项 (2) or
// the whole code. A code that does not have that shape goes whole into the 类 column, as
// printed, so nothing is lost.
func splitCode(r *normalize.Row) map[tables.Role]string {
	out := map[tables.Role]string{tables.RoleCode: r.Code}
	c := r.Code
	if !isDigits(c) || (len(c) != 3 && len(c) != 5 && len(c) != 7) {
		out[tables.RoleLei] = c
		if c == "" {
			out[tables.RoleLei] = r.CodeRaw
		}
		return out
	}
	out[tables.RoleLei] = c[:3]
	if len(c) >= 5 {
		out[tables.RoleKuan] = c[3:5]
	}
	if len(c) == 7 {
		out[tables.RoleXiang] = c[5:7]
	}
	return out
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

func (x *xlsxWriter) writeAmount(sheet, cell string, t *normalize.Table, c sheetColumn, r *normalize.Row, v normalize.Value, bold bool) error {
	status := statusPlain
	switch {
	case v.Unresolved:
		status = statusUnresolved
	case v.LowConfidence:
		status = statusLowConf
	case len(v.Repairs) > 0:
		status = statusRepaired
	}
	key := styleKey{kind: kindAmount, decimals: c.decimals, status: status, bold: bold}
	if v.Present {
		key.decimals = v.Amount.Scale
		s := v.Amount.String()
		if significantDigits(v.Amount) > maxExcelDigit {
			if err := x.f.SetCellStr(sheet, cell, s); err != nil {
				return err
			}
			x.note(sheet, cell, fmt.Sprintf("金额 %s 超过 Excel 的 15 位有效数字，按文本保存以免舍入", s))
		} else if err := x.f.SetCellDefault(sheet, cell, s); err != nil {
			return err
		}
	}
	if err := x.setStyle(sheet, cell, key); err != nil {
		return err
	}
	for _, rp := range v.Repairs {
		x.note(sheet, cell, "已修复 "+repairText(rp))
	}
	if v.LowConfidence {
		x.note(sheet, cell, fmt.Sprintf("低置信度：OCR 识别置信度 %.2f，未被勾稽关系确认；原文“%s”", v.Confidence, v.Raw))
	}
	if v.Unresolved {
		x.note(sheet, cell, fmt.Sprintf("未能确定：两种读法同样合理，暂取按位置的读法 %s；原文“%s”", v.Amount, v.Raw))
	}
	return nil
}

func significantDigits(d money.Decimal) int {
	s := strings.TrimLeft(strings.TrimPrefix(d.Abs().String(), "-"), "0.")
	return len(strings.ReplaceAll(s, ".", ""))
}

func repairText(rp normalize.Repair) string {
	s := fmt.Sprintf("（%s）：“%s” → “%s”", rp.Kind, rp.Before, rp.After)
	if rp.Evidence != "" {
		s += "；依据：" + rp.Evidence
	}
	return s
}

func (x *xlsxWriter) note(sheet, cell, text string) {
	m := x.notes[sheet]
	if m == nil {
		m = map[string][]string{}
		x.notes[sheet] = m
	}
	if !slices.Contains(m[cell], text) {
		m[cell] = append(m[cell], text)
	}
}

// findingHeader is the 校验 sheet's header; 应为, 印刷值 and 差额 are numbers.
var findingHeader = []string{"序号", "级别", "规则", "说明", "应为", "印刷值", "差额", "可由修复解释", "问题所在", "表", "行", "科目编码", "科目名称", "栏目", "页码", "位置", "已复核"}

// writeFindings fills 校验: one row per (finding, referenced cell), each cell hyperlinked,
// errors first (then warnings, rounding, info; 序号 stays the finding's number in
// findings.csv), the text in the chosen language, an autofilter on the header.
func (x *xlsxWriter) writeFindings() error {
	const sheet = SheetFindings
	header := findingHeader
	linkCol := slices.Index(header, "位置") + 1
	if err := x.writeHeaderRow(sheet, header); err != nil {
		return err
	}
	row := 2
	titles := findtext.TitlesOf(x.doc)
	order := make([]int, len(x.doc.Findings))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return findtext.Rank(x.doc.Findings[a].Severity) - findtext.Rank(x.doc.Findings[b].Severity)
	})
	for _, fi := range order {
		fd := x.doc.Findings[fi]
		n := fi + 1
		refs := fd.Refs
		if len(refs) == 0 {
			refs = []normalize.Ref{{Column: -1}}
		}
		diff := ""
		if d, ok := findtext.Difference(fd); ok {
			diff = d.String()
		}
		for i, ref := range refs {
			vals := []string{strconv.Itoa(n), findtext.Severity(fd.Severity, x.meta.Lang), string(fd.Rule), findtext.Message(fd, titles, x.meta.Lang), fd.Expected, fd.Printed, diff, yesNo(fd.ExplainedByRepair), aboutText(fd)}
			if i > 0 {
				vals = []string{strconv.Itoa(n), "", "", "（同上，相关单元格）", "", "", "", "", ""}
			}
			vals = append(vals, tableText(ref.Table, titles), itoaNonZero(ref.Row), ref.Code, ref.Name, ref.Path, itoaNonZero(ref.Page), "")
			if i == 0 {
				vals = append(vals, reviewText(fd.Review))
			}
			for j, v := range vals {
				if v == "" {
					continue
				}
				if err := x.findingCell(sheet, cellName(j+1, row), header[j], v); err != nil {
					return err
				}
			}
			if i == 0 {
				if err := x.setStyle(sheet, cellName(2, row), styleKey{kind: kindSeverity, severity: fd.Severity}); err != nil {
					return err
				}
			}
			if target, label := x.refTarget(ref); target != "" {
				cell := cellName(linkCol, row)
				if err := x.link(sheet, cell, target, label); err != nil {
					return err
				}
				if i == 0 && (fd.Severity == normalize.SeverityError || fd.Severity == normalize.SeverityWarning) {
					x.flagFinding(target, fd, titles)
				}
			}
			row++
		}
	}
	n := len(x.doc.Findings)
	for _, p := range x.doc.Problems {
		n++
		msg := p.Message
		if x.meta.Lang != findtext.EN {
			msg = findtext.Message(normalize.Finding{Rule: rules.PageFailed, Refs: []normalize.Ref{{Page: p.Page}}}, nil, x.meta.Lang) + "：" + p.Message
		}
		vals := []string{strconv.Itoa(n), findtext.Severity(normalize.SeverityError, x.meta.Lang), ProblemRule, msg, "", "", "", yesNo(false), "未能读取此页", "", "", "", "", "", itoaNonZero(p.Page)}
		for j, v := range vals {
			if v != "" {
				if err := x.findingCell(sheet, cellName(j+1, row), header[j], v); err != nil {
					return err
				}
			}
		}
		if err := x.setStyle(sheet, cellName(2, row), styleKey{kind: kindSeverity, severity: normalize.SeverityError}); err != nil {
			return err
		}
		row++
	}
	if n == 0 {
		if err := x.f.SetCellStr(sheet, "A2", "未发现问题：所有勾稽关系均成立。"); err != nil {
			return err
		}
	}
	for i, w := range []float64{6, 8, 18, 60, 14, 14, 10, 8, 14, 24, 6, 10, 28, 20, 6, 16, 24} {
		if err := x.f.SetColWidth(sheet, colName(i+1), colName(i+1), w); err != nil {
			return err
		}
	}
	if err := x.f.SetCellStyle(sheet, "D2", cellName(4, max(row-1, 2)), x.style(styleKey{kind: kindWrap})); err != nil {
		return err
	}
	if err := x.f.AutoFilter(sheet, "A1:"+cellName(len(header), max(row-1, 1)), nil); err != nil {
		return err
	}
	if err := x.f.SetPanes(sheet, &excelize.Panes{Freeze: true, YSplit: 1, TopLeftCell: "A2", ActivePane: "bottomLeft"}); err != nil {
		return err
	}
	return x.pageSetup(sheet, true)
}

// findingCell writes one 校验 cell: 应为, 印刷值 and 差额 as exact numbers when they are
// numbers (Excel can sort and sum them), everything else as text.
func (x *xlsxWriter) findingCell(sheet, cell, column, v string) error {
	switch column {
	case "应为", "印刷值", "差额":
		if d, err := money.Parse(v); err == nil && significantDigits(d) <= maxExcelDigit {
			return x.f.SetCellDefault(sheet, cell, d.String())
		}
	}
	return x.f.SetCellStr(sheet, cell, v)
}

// refTarget is the in-workbook hyperlink target for a ref and its label (`3!E12`).
func (x *xlsxWriter) refTarget(ref normalize.Ref) (target, label string) {
	sheet, ok := x.sheets[ref.Table]
	if !ok {
		return "", ""
	}
	cell := "A1"
	if ref.Row > 0 {
		c, ok := x.cells[cellKey{ref.Table, ref.Row, ref.Column}]
		if !ok {
			c, ok = x.cells[cellKey{ref.Table, ref.Row, -1}]
		}
		if ok {
			cell = c
		}
	}
	return quoteSheet(sheet) + "!" + cell, fmt.Sprintf("表%d!%s", ref.Table, cell)
}

func quoteSheet(name string) string { return "'" + strings.ReplaceAll(name, "'", "''") + "'" }

// flagFinding marks the cell a finding is about: red font and the finding in its comment.
func (x *xlsxWriter) flagFinding(target string, fd normalize.Finding, titles findtext.Titles) {
	sheet, cell, _ := strings.Cut(target, "!")
	sheet = strings.ReplaceAll(strings.Trim(sheet, "'"), "''", "'")
	m := x.flagged[sheet]
	if m == nil {
		m = map[string]bool{}
		x.flagged[sheet] = m
	}
	m[cell] = true
	rule := string(fd.Rule)
	if n := findtext.RuleName(rule, x.meta.Lang); n != rule {
		rule = n + " " + rule
	}
	x.note(sheet, cell, fmt.Sprintf("%s（%s）：%s", findtext.Severity(fd.Severity, x.meta.Lang), rule, findtext.Message(fd, titles, x.meta.Lang)))
}

func (x *xlsxWriter) link(sheet, cell, target, label string) error {
	if err := x.f.SetCellStr(sheet, cell, label); err != nil {
		return err
	}
	if err := x.f.SetCellHyperLink(sheet, cell, target, "Location"); err != nil {
		return err
	}
	return x.setStyle(sheet, cell, styleKey{kind: kindLink})
}

func tableText(seq int, titles findtext.Titles) string {
	if seq == 0 {
		return ""
	}
	return fmt.Sprintf("%d %s", seq, titles(seq))
}

// aboutText says in the 校验 sheet whether a finding is about the document or about this
// tool's reading of it (findings.csv's about column).
func aboutText(fd normalize.Finding) string {
	if fd.AboutReading() {
		return "识别存疑（非原文）"
	}
	return "原文"
}

func yesNo(b bool) string {
	if b {
		return "是"
	}
	return "否"
}

func (x *xlsxWriter) writeHeaderRow(sheet string, header []string) error {
	for j, h := range header {
		if err := x.f.SetCellStr(sheet, cellName(j+1, 1), h); err != nil {
			return err
		}
	}
	return x.f.SetCellStyle(sheet, "A1", cellName(len(header), 1), x.style(styleKey{kind: kindHeader}))
}

// writeMeta fills 元数据: the document's facts, then an index of the table sheets.
func (x *xlsxWriter) writeMeta() error {
	const sheet = SheetMeta
	d := x.doc
	units := map[string]bool{}
	var unitList []string
	for _, t := range d.Tables {
		if t.Unit != "" && !units[t.Unit] {
			units[t.Unit] = true
			unitList = append(unitList, t.Unit)
		}
	}
	counts := map[normalize.Severity]int{}
	for _, f := range d.Findings {
		counts[f.Severity]++
	}
	var failed []int
	for _, p := range d.Problems {
		if p.Page > 0 {
			failed = append(failed, p.Page)
		}
	}
	facts := [][2]string{
		{"源文件", x.meta.SourceFile},
		{"文件 SHA-256", d.SHA256},
		{"页数", strconv.Itoa(d.Pages)},
		{"编制单位", d.Issuer},
		{"年度", itoaNonZero(d.Year)},
		{"类型", docKindText(d.DocKind)},
		{"金额单位", strings.Join(unitList, "、")},
		{"表格数", strconv.Itoa(len(d.Tables))},
		{"校验结果", fmt.Sprintf("错误 %d，警告 %d，尾差 %d，提示 %d", counts[normalize.SeverityError], counts[normalize.SeverityWarning], counts[normalize.SeverityRounding], counts[normalize.SeverityInfo])},
		{"未能读取的页", joinInts(failed, "、")},
		{"文档编号（输出目录）", x.meta.DocID},
		{"工具版本", "budgetpdf " + x.meta.ToolVersion},
		{"转换时间", x.meta.ConvertedAt},
	}
	for i, kv := range facts {
		if err := x.f.SetCellStr(sheet, cellName(1, i+1), kv[0]); err != nil {
			return err
		}
		if err := x.f.SetCellStr(sheet, cellName(2, i+1), kv[1]); err != nil {
			return err
		}
	}
	if err := x.f.SetCellStyle(sheet, "A1", cellName(1, len(facts)), x.style(styleKey{kind: kindHeader})); err != nil {
		return err
	}
	top := len(facts) + 2
	header := []string{"序号", "表号", "标题", "类型", "页码", "单位", "行数", "空表", "工作表"}
	for j, h := range header {
		if err := x.f.SetCellStr(sheet, cellName(j+1, top), h); err != nil {
			return err
		}
	}
	if err := x.f.SetCellStyle(sheet, cellName(1, top), cellName(len(header), top), x.style(styleKey{kind: kindHeader})); err != nil {
		return err
	}
	for i, t := range d.Tables {
		row := top + 1 + i
		vals := []string{strconv.Itoa(t.Seq), t.Number, t.Title, string(t.Kind), joinInts(t.Pages, "、"), t.Unit, strconv.Itoa(len(t.Rows)), yesNo(t.Empty)}
		for j, v := range vals {
			if v == "" {
				continue
			}
			if err := x.f.SetCellStr(sheet, cellName(j+1, row), v); err != nil {
				return err
			}
		}
		name := x.sheets[t.Seq]
		if err := x.link(sheet, cellName(len(header), row), quoteSheet(name)+"!A1", name); err != nil {
			return err
		}
	}
	for i, w := range []float64{20, 10, 44, 16, 12, 8, 8, 6, 30} {
		if err := x.f.SetColWidth(sheet, colName(i+1), colName(i+1), w); err != nil {
			return err
		}
	}
	return x.pageSetup(sheet, true)
}

func docKindText(k string) string {
	switch k {
	case "budget":
		return "预算 (budget)"
	case "final":
		return "决算 (final)"
	case "":
		return "（未识别）"
	}
	return k
}

// addComments turns the collected notes into one comment per cell and applies the red font
// to cells findings are about.
func (x *xlsxWriter) addComments() error {
	sheets := make([]string, 0, len(x.notes))
	for s := range x.notes {
		sheets = append(sheets, s)
	}
	slices.Sort(sheets)
	for _, sheet := range sheets {
		cells := x.notes[sheet]
		refs := make([]string, 0, len(cells))
		for c := range cells {
			refs = append(refs, c)
		}
		slices.Sort(refs)
		for _, c := range refs {
			text := strings.Join(cells[c], "\n")
			if err := x.f.AddComment(sheet, excelize.Comment{
				Cell: c, Author: "budgetpdf",
				Paragraph: []excelize.RichTextRun{{Text: "budgetpdf:\n", Font: &excelize.Font{Bold: true}}, {Text: text}},
				Width:     320, Height: uint(60 + 30*len(cells[c])),
			}); err != nil {
				return fmt.Errorf("sheet %s cell %s: comment: %w", sheet, c, err)
			}
		}
	}
	// In sorted order: a flagged style gets its id when first used, so map order would
	// number the workbook's styles differently from run to run.
	flaggedSheets := make([]string, 0, len(x.flagged))
	for s := range x.flagged {
		flaggedSheets = append(flaggedSheets, s)
	}
	slices.Sort(flaggedSheets)
	for _, sheet := range flaggedSheets {
		cells := make([]string, 0, len(x.flagged[sheet]))
		for c := range x.flagged[sheet] {
			cells = append(cells, c)
		}
		slices.Sort(cells)
		for _, c := range cells {
			id, err := x.f.GetCellStyle(sheet, c)
			if err != nil {
				return err
			}
			k, ok := x.keyOf(id)
			if !ok {
				continue
			}
			k.flagged = true
			if err := x.setStyle(sheet, c, k); err != nil {
				return err
			}
		}
	}
	return nil
}

// keyOf finds the styleKey behind a style id (styles are few: a linear scan is fine).
func (x *xlsxWriter) keyOf(id int) (styleKey, bool) {
	for k, v := range x.styles {
		if v == id {
			return k, true
		}
	}
	return styleKey{}, false
}

func (x *xlsxWriter) setStyle(sheet, cell string, k styleKey) error {
	return x.f.SetCellStyle(sheet, cell, cell, x.style(k))
}

type styleKind int

const (
	kindText styleKind = iota
	kindTitle
	kindUnit
	kindSmall
	kindHeader
	kindCode
	kindName
	kindAmount
	kindLink
	kindSeverity
	kindWrap
)

type styleKey struct {
	kind     styleKind
	decimals int
	status   xlsxStatus
	bold     bool
	indent   int
	flagged  bool
	severity normalize.Severity
}

// style returns the style id for k, creating it on first use.
func (x *xlsxWriter) style(k styleKey) int {
	if id, ok := x.styles[k]; ok {
		return id
	}
	thin := []excelize.Border{
		{Type: "left", Color: "A6A6A6", Style: 1}, {Type: "right", Color: "A6A6A6", Style: 1},
		{Type: "top", Color: "A6A6A6", Style: 1}, {Type: "bottom", Color: "A6A6A6", Style: 1},
	}
	font := &excelize.Font{Bold: k.bold}
	if k.flagged {
		font.Color = "C00000"
	}
	st := &excelize.Style{Font: font}
	switch k.kind {
	case kindTitle:
		st.Font = &excelize.Font{Bold: true, Size: 14}
		st.Alignment = &excelize.Alignment{Horizontal: "center", Vertical: "center"}
	case kindUnit:
		st.Alignment = &excelize.Alignment{Horizontal: "right"}
	case kindSmall:
		st.Font = &excelize.Font{Size: 9, Color: "808080"}
	case kindHeader:
		st.Font = &excelize.Font{Bold: true}
		st.Border = thin
		st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillHeader}}
		st.Alignment = &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}
	case kindCode:
		st.Border = thin
		st.NumFmt = 49 // "@": text, so leading zeros stay
		st.Alignment = &excelize.Alignment{Horizontal: "center"}
	case kindName:
		st.Border = thin
		st.Alignment = &excelize.Alignment{Indent: k.indent, Vertical: "center"}
	case kindAmount:
		st.Border = thin
		f := "#,##0"
		if k.decimals > 0 {
			f += "." + strings.Repeat("0", k.decimals)
		}
		st.CustomNumFmt = &f
		switch k.status {
		case statusRepaired:
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillRepaired}}
		case statusLowConf:
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillLowConf}}
		case statusUnresolved:
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{fillUnresolved}}
		}
	case kindLink:
		st.Font = &excelize.Font{Color: "0563C1", Underline: "single"}
	case kindSeverity:
		color := map[normalize.Severity]string{
			normalize.SeverityError: fillUnresolved, normalize.SeverityWarning: fillLowConf,
			normalize.SeverityRounding: fillRepaired,
		}[k.severity]
		if color != "" {
			st.Fill = excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
		}
	case kindWrap:
		st.Alignment = &excelize.Alignment{WrapText: true, Vertical: "top"}
	default:
		st.Border = thin
	}
	id, err := x.f.NewStyle(st)
	if err != nil && x.err == nil {
		// Only reachable with an invalid style definition above; build reports it.
		x.err = fmt.Errorf("style %+v: %w", k, err)
	}
	x.styles[k] = id
	return id
}

func colName(n int) string {
	s, _ := excelize.ColumnNumberToName(n)
	return s
}

func cellName(col, row int) string {
	s, _ := excelize.CoordinatesToCellName(col, row)
	return s
}

func joinInts(ns []int, sep string) string {
	parts := make([]string, len(ns))
	for i, n := range ns {
		parts[i] = strconv.Itoa(n)
	}
	return strings.Join(parts, sep)
}
