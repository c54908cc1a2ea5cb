package tables

import (
	"regexp"
	"runtime/debug"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/problem"
)

// Build finds and rebuilds the tables of one document from its pages (text-layer and OCR
// words alike). Pages must be in order; nil entries are pages that failed earlier. A page
// that fails here becomes a Problem naming file and page; the other pages go on.
func Build(file string, pages []*extract.Page) *Document {
	return BuildWith(file, pages, DefaultSettings())
}

// BuildWith is Build with other thresholds than the defaults (Settings).
func BuildWith(file string, pages []*extract.Page, set Settings) *Document {
	doc := &Document{File: file, Pages: len(pages)}
	var parts []*pageTable
	for _, p := range pages {
		if p == nil {
			continue
		}
		pts, prose, err := readPage(p, &set)
		if err != nil {
			doc.Problems = append(doc.Problems, problem.New(file, p.Number, problem.Tables, err))
			continue
		}
		parts = append(parts, pts...)
		doc.Prose = append(doc.Prose, prose...)
	}
	for i, tp := range joinParts(parts, &set) {
		t, err := buildSafe(tp, i+1)
		if err != nil {
			doc.Problems = append(doc.Problems, problem.New(file, tp.first().page, problem.Tables, err))
			continue
		}
		t.Seq = len(doc.Tables) + 1
		doc.Tables = append(doc.Tables, t)
	}
	var years []int // year lines printed with table titles (`（2026年度）`)
	for _, pt := range parts {
		if pt.meta.year > 0 {
			years = append(years, pt.meta.year)
		}
	}
	doc.DocKind, doc.Year, doc.Issuer = docMeta(doc, years, &set)
	if doc.Tables == nil {
		doc.Tables = []*Table{}
	}
	return doc
}

func buildSafe(tp *tableParts, seq int) (t *Table, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = &problem.Panic{Value: r, Stack: debug.Stack()}
		}
	}()
	return tp.build(seq), nil
}

// readPage finds the table parts and the prose lines of one page, under recover.
func readPage(p *extract.Page, set *Settings) (pts []*pageTable, prose []ProseLine, err error) {
	defer func() {
		if r := recover(); r != nil {
			pts, prose = nil, nil
			err = &problem.Panic{Value: r, Stack: debug.Stack()}
		}
	}()
	pv := newPageView(p, set)
	regs := pv.findRegions()
	inRegion := map[*word]bool{}
	var kept []*region
	var grids []*grid
	for _, r := range regs {
		g := buildGrid(r)
		if g == nil || !tableLike(g) {
			continue
		}
		for _, w := range r.words {
			inRegion[w] = true
		}
		// A performance form (key-value rows, then an indicator table) is two parts.
		if top, bottom, gt, gb := splitForm(r, g); top != nil {
			kept = append(kept, top, bottom)
			grids = append(grids, gt, gb)
			continue
		}
		kept = append(kept, r)
		grids = append(grids, g)
	}
	var outside []*word
	for _, w := range pv.words {
		if !inRegion[w] {
			outside = append(outside, w)
		}
	}
	lines := groupLines(outside)
	used := map[*line]bool{}
	for i, r := range kept {
		top := 0.0
		if i > 0 {
			top = kept[i-1].y1
		}
		bottom := pv.height + 1
		if i+1 < len(kept) {
			bottom = kept[i+1].y0
		}
		var above, below []*line
		for _, l := range lines {
			if used[l] {
				continue
			}
			if tol := set.MetaEdgeTolPt; l.y1 <= r.y0+tol && l.y0 >= top-tol {
				above = append(above, l)
			} else if l.y0 >= r.y1-tol && l.y1 <= bottom+tol {
				below = append(below, l)
			}
		}
		pt := newPageTable(pv, r, grids[i])
		m := collectMeta(above, below, r.y0, set)
		if r.formPart && i > 0 && kept[i-1].formTop {
			// The indicator part of a performance form is the same printed table.
			prev := pts[len(pts)-1].meta
			m.title, m.number, m.issuer, m.unit, m.year = prev.title, prev.number, prev.issuer, prev.unit, prev.year
		}
		// Meta printed inside the frame (read by newPageTable) completes what is outside.
		inside := pt.meta
		pt.meta = m
		if pt.meta.unit == "" {
			pt.meta.unit = inside.unit
		}
		if pt.meta.issuer == "" {
			pt.meta.issuer = inside.issuer
		}
		if pt.meta.title == "" {
			pt.meta.title = inside.title
		}
		if pt.meta.number == "" {
			pt.meta.number = inside.number
		}
		for _, l := range m.used {
			used[l] = true
		}
		pt.firstOnPage = i == 0
		pt.lastOnPage = i == len(kept)-1
		pts = append(pts, pt)
	}
	for _, l := range lines {
		if used[l] {
			continue
		}
		t := l.text()
		if pageNumberRe.MatchString(compact(t)) {
			continue
		}
		prose = append(prose, ProseLine{Page: p.Number, Text: t, Box: pv.srcBox(l.x0, l.y0, l.x1, l.y1)})
	}
	return pts, prose, nil
}

var pageNumberRe = regexp.MustCompile(`^[-—－–·\s]*[0-9]{1,4}[-—－–·\s]*$|^第[0-9]+页`)

// tableLike reports whether a grid is a table rather than a framed paragraph: two columns
// with text at least, and two rows.
func tableLike(g *grid) bool {
	cols := map[int]bool{}
	rows := map[int]bool{}
	for _, cl := range g.cells {
		if strings.TrimSpace(cl.text) != "" {
			cols[cl.c0] = true
			rows[cl.r0] = true
		}
	}
	// A header over blank ruled rows is an empty table; a single ruled row can be the last
	// row of a table continued from the page before.
	return len(cols) >= 2 && (len(rows) >= 2 || g.nrows() >= 2 || g.mode != "stream")
}
