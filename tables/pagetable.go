package tables

import (
	"math"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
)

// pageTable is the part of a table found on one page, before tables continued over pages
// are joined.
type pageTable struct {
	page int
	reg  *region
	g    *grid
	meta tableMeta
	// cols are the grid's atomic columns kept (those with any text), left to right.
	cols []int
	// paths are the full header paths of cols (banners included); nil levels when the page
	// repeats no header.
	paths      [][]string
	headerRows int
	// headerCells[k][i] is the header cell at level k over cols[i] (for banner and side
	// detection), nil when none.
	headerLevels [][]*gcell
	rows         []physRow
	// emptyMark is the text of an `本表为空表` / `无` line printed inside the frame.
	emptyMark string
	// srcBox is the region in the page frame; ocr marks a grid read from OCR words.
	srcBox extract.Box
	ocr    bool
	// meta0 and body0 are the grid rows where the header and the body start.
	meta0, body0 int
	// firstOnPage / lastOnPage: nothing tabular precedes / follows this part on its page
	// (the conditions for a table continued from / onto another page).
	firstOnPage, lastOnPage bool
}

// physRow is one printed row across the whole width (both sides of a two-sided table).
type physRow struct {
	page  int
	cells []Cell // parallel to pageTable.cols
	// pageTop marks the first row of a continuation page (it may finish a cell cut by the
	// page break).
	pageTop bool
	// spans[i] > 0 marks a cell that spans spans[i] columns to the right of i too (its text
	// sits in cell i until roles tell where it belongs).
	spans []int
}

// tableMeta is what is printed around a table: title, number, issuer, unit, notes.
type tableMeta struct {
	title, number, issuer, unit string
	notes                       []string
	continued                   bool // 续表
	year                        int  // a year line printed with the title (`（2026年度）`)
	used                        []*line
}

// newPageTable reads the header and rows of one grid.
func newPageTable(pv *pageView, r *region, g *grid) *pageTable {
	pt := &pageTable{page: pv.num, reg: r, g: g, srcBox: pv.srcBox(r.x0, r.y0, r.x1, r.y1)}
	ocrWords := 0
	for _, w := range r.words {
		if w.src.Source == extract.SourceOCR {
			ocrWords++
		}
	}
	pt.ocr = ocrWords*2 > len(r.words)
	meta, body, seq := g.headerSplit()
	// Title and meta lines printed inside the frame.
	for row := 0; row < meta; row++ {
		for _, cl := range nonEmpty(g.rowCells(row)) {
			for _, l := range cl.lines {
				pt.meta.absorb(l.text())
			}
		}
	}
	nc := g.ncols()
	used := make([]bool, nc)
	for row := meta; row < g.nrows(); row++ {
		for c := range nc {
			if strings.TrimSpace(g.owner[row][c].text) != "" {
				used[g.owner[row][c].c0] = true
			}
		}
	}
	// Every printed column counts, used or not (an amount column of an empty table, or of a
	// continuation page where it happens to be blank: the pages must line up). Only slivers
	// between double rules are left out.
	for c := range nc {
		if used[c] || g.xs[c+1]-g.xs[c] >= pv.set.EmptyColumnMinPt {
			pt.cols = append(pt.cols, c)
		}
	}
	// Empty rows between the header and the first data row (an empty table's blank lines)
	// are not header rows.
	for row := meta; row < body; row++ {
		for c := range nc {
			if strings.TrimSpace(g.owner[row][c].text) != "" {
				pt.headerRows = row - meta + 1
				break
			}
		}
	}
	// 决算 templates print 类 | 款 | 项 on the 合计 row, under 科目编码: those cells are the
	// last header level of the code columns, the rest of the row is data.
	var codeLabels map[int]string
	if body > meta && body < g.nrows() {
		codeLabels = codeLabelCells(g.rowCells(body))
	}
	if body > meta {
		// Header cells that span columns count for every column under them.
		for c := range nc {
			for row := meta; row < body; row++ {
				if seq[row] {
					continue
				}
				cl := g.owner[row][c]
				if cl.text != "" && !containsInt(pt.cols, c) {
					pt.cols = insertSorted(pt.cols, c)
				}
			}
		}
		for _, c := range pt.cols {
			var path []string
			var cells []*gcell
			var last *gcell
			for row := meta; row < body; row++ {
				if seq[row] {
					continue
				}
				cl := g.owner[row][c]
				if cl == last || strings.TrimSpace(cl.text) == "" {
					continue
				}
				last = cl
				path = append(path, compact(cl.text))
				cells = append(cells, cl)
			}
			if lab, ok := codeLabels[c]; ok {
				path = append(path, lab)
				cells = append(cells, g.owner[body][c])
			}
			pt.paths = append(pt.paths, path)
			pt.headerLevels = append(pt.headerLevels, cells)
		}
		pt.collapseDuplicateColumns(body)
	}
	// `部门名称 | 北京市退役军人事务局` printed as the first row of the frame (部门整体支出
	// 绩效目标表): the issuer.
	for row := 0; row < min(g.nrows(), meta+pv.set.IssuerRows); row++ {
		cells := nonEmpty(g.rowCells(row))
		if len(cells) == 2 && cells[1].c0 == cells[0].c1+1 && issuerLabel(compact(cells[0].text)) {
			if v := compact(cells[1].text); hasHan(v) && len([]rune(v)) <= pv.set.IssuerMaxRunes && !isHeaderVocab(cells[1:], pv.set.HeaderVocabShare) {
				pt.meta.issuer = v
			}
		}
	}
	for c := range codeLabels {
		cl := g.owner[body][c]
		cl.text, cl.lines, cl.words = "", nil, nil
	}
	pt.meta0, pt.body0 = meta, body
	pt.readRows(body)
	return pt
}

// issuerLabel reports whether a cell is the label of an issuer printed in the next cell.
func issuerLabel(s string) bool {
	switch s {
	case "部门名称", "单位名称", "部门（单位）名称", "部门(单位)名称", "主管部门", "编制部门", "编制单位":
		return true
	}
	return false
}

// codeLabelCells returns, by column, the cells of a row that print only 类, 款 or 项 (at
// least two of them): the code sub-column labels of a 决算 header, printed on its 合计 row.
func codeLabelCells(cells []*gcell) map[int]string {
	out := map[int]string{}
	for _, cl := range cells {
		switch t := compact(cl.text); t {
		case "类", "款", "项":
			if cl.c0 == cl.c1 {
				out[cl.c0] = t
			}
		}
	}
	if len(out) < 2 {
		return nil
	}
	return out
}

// readAsBody re-reads the rows a continuation page's header detection took for a header
// (the tail of a cell split by the page break, item lines without amounts) as body rows.
func (pt *pageTable) readAsBody() {
	pt.rows = nil
	pt.paths, pt.headerLevels, pt.headerRows = nil, nil, 0
	pt.readRows(pt.meta0)
}

// collapseDuplicateColumns drops atomic columns that exist only because a rule in the
// header splits a body cell that never uses the split: same header path as the left
// neighbour and never any text of their own in the body.
// OCR grids get such rules from seal strokes and scanner noise.
func (pt *pageTable) collapseDuplicateColumns(body int) {
	g := pt.g
	for i := len(pt.cols) - 1; i >= 1; i-- {
		if strings.Join(pt.paths[i], "/") != strings.Join(pt.paths[i-1], "/") || len(pt.paths[i]) == 0 {
			continue
		}
		c, used := pt.cols[i], false
		for r := body; r < g.nrows() && !used; r++ {
			cl := g.owner[r][c]
			used = cl.c0 == c && strings.TrimSpace(cl.text) != ""
		}
		if used {
			continue
		}
		pt.cols = append(pt.cols[:i], pt.cols[i+1:]...)
		pt.paths = append(pt.paths[:i], pt.paths[i+1:]...)
		pt.headerLevels = append(pt.headerLevels[:i], pt.headerLevels[i+1:]...)
	}
}

func containsInt(s []int, v int) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func insertSorted(s []int, v int) []int {
	i := 0
	for i < len(s) && s[i] < v {
		i++
	}
	s = append(s, 0)
	copy(s[i+1:], s[i:])
	s[i] = v
	return s
}

// readRows turns the body's atomic rows into printed rows: atomic rows joined by merged
// continuation cells form one row; a cell spanning several rows (a merged cell in the body)
// repeats its text on each, marked Merged.
func (pt *pageTable) readRows(body int) {
	g := pt.g
	nr := g.nrows()
	colIdx := map[int]int{}
	for i, c := range pt.cols {
		colIdx[c] = i
	}
	for ra := body; ra < nr; {
		rb := ra
		for rb+1 < nr && rowJoined(g, rb+1) {
			rb++
		}
		row := physRow{page: pt.page, cells: make([]Cell, len(pt.cols)), spans: make([]int, len(pt.cols))}
		seen := map[*gcell]bool{}
		any := false
		for r := ra; r <= rb; r++ {
			for _, c := range pt.cols {
				cl := g.owner[r][c]
				if seen[cl] || strings.TrimSpace(cl.text) == "" {
					continue
				}
				seen[cl] = true
				i := colIdx[max(cl.c0, pt.cols[0])]
				if _, ok := colIdx[cl.c0]; !ok {
					i = colIdx[c]
				}
				cell := makeCell(cl, pt.page)
				if cl.r0 < ra || cl.r1 > rb {
					cell.Merged = true
				}
				row.cells[i] = cell
				span := 0
				for _, c2 := range pt.cols {
					if c2 > cl.c0 && c2 <= cl.c1 {
						span++
					}
				}
				row.spans[i] = span
				any = true
			}
		}
		if any {
			pt.rows = append(pt.rows, row)
		}
		ra = rb + 1
	}
	// A lone `本表为空表` / `无` / `本表无数据` line in the body marks an empty table.
	if len(pt.rows) == 1 {
		var texts []string
		for _, c := range pt.rows[0].cells {
			if c.Text != "" {
				texts = append(texts, c.Text)
			}
		}
		if len(texts) == 1 && isEmptyMark(texts[0]) {
			pt.emptyMark = texts[0]
			pt.rows = nil
		}
	}
}

// rowJoined reports whether atomic row r continues row r-1 in every column (no separator
// at all between them).
func rowJoined(g *grid, r int) bool {
	for c := 0; c < g.ncols(); c++ {
		if g.hsep[r][c] {
			return false
		}
	}
	return true
}

// isEmptyMark reports whether s says the table is empty.
func isEmptyMark(s string) bool {
	c := compact(s)
	return c == "无" || strings.Contains(c, "空表") || strings.Contains(c, "无数据") || strings.HasPrefix(c, "本表无") ||
		strings.HasPrefix(c, "本部门无") || strings.HasPrefix(c, "本单位无") || strings.HasPrefix(c, "无此") || c == "（无）" || c == "(无)"
}

// makeCell turns a grid cell into a model Cell with one fragment per text line.
func makeCell(cl *gcell, page int) Cell {
	c := Cell{Text: cl.text}
	for _, l := range cl.lines {
		conf := 1.0
		src := extract.SourceText
		for _, w := range l.words {
			if w.src.Source == extract.SourceOCR {
				src = extract.SourceOCR
			}
			if w.src.Confidence > 0 {
				conf = math.Min(conf, w.src.Confidence)
			}
		}
		c.Fragments = append(c.Fragments, Fragment{Text: l.text(), Page: page, Box: boxOf(l.words), Source: src, Confidence: conf})
	}
	return c
}
