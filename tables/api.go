package tables

import (
	"math"
	"regexp"
	"runtime/debug"
	"sort"
	"strconv"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/editdist"
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
	doc.DocKind, doc.Year, doc.Issuer = docMeta(doc, years)
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
			if l.y1 <= r.y0+2 && l.y0 >= top-2 {
				above = append(above, l)
			} else if l.y0 >= r.y1-2 && l.y1 <= bottom+2 {
				below = append(below, l)
			}
		}
		pt := newPageTable(pv, r, grids[i])
		m := collectMeta(above, below, r.y0)
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

// joinParts groups page parts into logical tables: a part continues the table before it
// when it is marked 续表, or repeats its title, or has no title of its own, starts its page
// while the previous part ended the page before, and has compatible columns.
func joinParts(parts []*pageTable, set *Settings) []*tableParts {
	var out []*tableParts
	for _, pt := range parts {
		if n := len(out); n > 0 && continues(out[n-1], pt, set) {
			h := out[n-1].headerPart()
			if len(pt.paths) > 0 && len(h.paths) > 0 && !samePaths(pt.paths, h.paths) && !((pt.ocr || h.ocr) && similarPaths(pt.paths, h.paths)) {
				// What looked like a header is the top of the continued body.
				pt.readAsBody()
			}
			out[n-1].parts = append(out[n-1].parts, pt)
			continue
		}
		out = append(out, &tableParts{parts: []*pageTable{pt}})
	}
	return out
}

func continues(tp *tableParts, pt *pageTable, set *Settings) bool {
	last := tp.last()
	if pt.page != last.page+1 || !pt.firstOnPage || !last.lastOnPage {
		return false
	}
	if pt.meta.continued {
		return true
	}
	f := tp.first()
	if pt.meta.title != "" || pt.meta.number != "" {
		sameNumber := pt.meta.number == "" || f.meta.number == "" || pt.meta.number == f.meta.number
		same := sameNumber && (pt.meta.title != "" && compact(pt.meta.title) == compact(f.meta.title) ||
			pt.meta.number != "" && pt.meta.number == f.meta.number && pt.meta.title == "")
		if !same {
			return false
		}
	}
	h := tp.headerPart()
	if len(pt.paths) > 0 && len(h.paths) > 0 && (samePaths(pt.paths, h.paths) || (pt.ocr || h.ocr) && similarPaths(pt.paths, h.paths)) {
		return true
	}
	if len(pt.cols) == len(h.cols) {
		return true
	}
	// Different column counts: continuation when most column edges line up.
	return edgesMatch(h, pt, set.EdgeTolPt) >= set.EdgeMatchShare
}

func samePaths(a, b [][]string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if strings.Join(a[i], "/") != strings.Join(b[i], "/") {
			return false
		}
	}
	return true
}

// similarPaths reports whether two OCR readings of a header are the same header: as many
// columns, and at least 80 % of them read alike (edit similarity ≥ 0.6 — `国有资本经营` /
// `国有资本经营预算`, `科目编码/类` / `科目编码/E`, a level lost under a seal). A repeated
// header that is not recognised is read as body and its lines become rows of header text.
func similarPaths(a, b [][]string) bool {
	if len(a) != len(b) || len(a) == 0 {
		return false
	}
	alike := 0
	for i := range a {
		if pathSimilarity(a[i], b[i]) >= 0.6 {
			alike++
		}
	}
	return alike*5 >= len(a)*4
}

func pathSimilarity(a, b []string) float64 {
	x, y := []rune(strings.Join(a, "/")), []rune(strings.Join(b, "/"))
	if len(x) == 0 && len(y) == 0 {
		return 1
	}
	return 1 - float64(editdist.Levenshtein(x, y))/float64(max(len(x), len(y)))
}

func edgesMatch(a, b *pageTable, tol float64) float64 {
	hits := 0
	for _, x := range b.g.xs {
		for _, y := range a.g.xs {
			if x-y < tol && y-x < tol {
				hits++
				break
			}
		}
	}
	return float64(hits) / float64(len(b.g.xs))
}

// docMeta reads budget vs final accounts, year and issuer from the tables and the prose
// (the year also from year lines printed under table titles, when nothing else says it).
func docMeta(doc *Document, titleYears []int) (kind string, year int, issuer string) {
	var titles []string
	for _, t := range doc.Tables {
		titles = append(titles, t.Title)
	}
	var early []string
	for _, l := range doc.Prose {
		if l.Page <= 3 {
			early = append(early, compact(l.Text))
		}
	}
	all := strings.Join(append(early, titles...), "|")
	fin, bud := strings.Count(all, "决算"), strings.Count(all, "预算")
	switch {
	case fin > 0 && fin*3 >= bud:
		kind = "final"
	case bud > 0:
		kind = "budget"
	}
	for _, s := range append(early, titles...) {
		if m := yearRe.FindStringSubmatch(s); m != nil {
			year, _ = strconv.Atoi(m[1])
			break
		}
	}
	if year == 0 && len(titleYears) > 0 {
		year = titleYears[0]
	}
	counts := map[string]int{}
	for _, t := range doc.Tables {
		if t.Issuer != "" {
			counts[t.Issuer]++
		}
	}
	if len(counts) == 0 {
		for _, s := range early {
			if m := issuerRe.FindStringSubmatch(s); m != nil && m[1] != "" {
				counts[compact(m[1])]++
				break
			}
		}
	}
	if len(counts) == 0 {
		if s := coverIssuer(doc.Prose); s != "" {
			counts[s]++
		}
	}
	type kv struct {
		k string
		n int
	}
	var kvs []kv
	for k, n := range counts {
		kvs = append(kvs, kv{k, n})
	}
	sort.Slice(kvs, func(i, j int) bool { return kvs[i].n > kvs[j].n || kvs[i].n == kvs[j].n && kvs[i].k < kvs[j].k })
	if len(kvs) > 0 {
		issuer = kvs[0].k
	}
	return kind, year, issuer
}

// coverDocRe reads the cover's document line, its lines joined: the issuer stands before the
// year (`国家信访局2024年度部门决算`) or between the year and the document word
// (`2026年度苏州市生态环境局单位预算公开`, `2026` / `福州市医疗保障局` / `部门预算`).
var coverDocRe = regexp.MustCompile(`^(.*?)20[0-9]{2}\s*(?:年度?)?(.*?)(?:部门|单位)?(?:综合)?(?:预算|决算)`)

// partHeadingRe matches a heading of a document part or a contents entry (`第二部分 2026年度
// 部门预算报表`, `一、收支总表`): such a line names a part, never the issuer.
var partHeadingRe = regexp.MustCompile(`^(?:第[一二三四五六七八九十0-9]+部分|[一二三四五六七八九十]+[、.．]|目录)`)

// coverIssuer reads the issuer from the cover page: the document line (the first line that
// says 预算 or 决算 and is not a part heading), with the lines of the same title block above
// it (same height, no wider gap than a line) joined when the cover prints it over several
// lines (`上海市普陀区规划和自然` / `资源局` / `2024 年度部门决算`).
func coverIssuer(prose []ProseLine) string {
	var first []ProseLine
	for _, l := range prose {
		if l.Page == prose[0].Page {
			first = append(first, l)
		}
	}
	for i, l := range first {
		c := compact(l.Text)
		if !strings.Contains(c, "预算") && !strings.Contains(c, "决算") || partHeadingRe.MatchString(c) {
			continue
		}
		text, below := c, l.Box
		for j := i - 1; j >= 0 && j >= i-3; j-- {
			p := first[j]
			if !coverLine(compact(p.Text)) || !sameBlock(p.Box, below) {
				break
			}
			text, below = compact(p.Text)+text, p.Box
		}
		m := coverDocRe.FindStringSubmatch(text)
		if m == nil {
			continue
		}
		name := m[1]
		if name == "" {
			name = m[2]
		}
		name = strings.TrimPrefix(name, "年度")
		if name != "" && !partHeadingRe.MatchString(name) {
			return name
		}
	}
	return ""
}

// sameBlock reports whether line a, printed above line b, belongs to the same title block:
// heights within a quarter of each other and a gap of at most a line's height.
func sameBlock(a, b extract.Box) bool {
	ha, hb := a.Y1-a.Y0, b.Y1-b.Y0
	if ha <= 0 || hb <= 0 || math.Abs(ha-hb) > 0.25*max(ha, hb) {
		return false
	}
	gap := b.Y0 - a.Y1
	return gap > -0.5*hb && gap <= 1.2*max(ha, hb)
}

// coverLine reports a line that can be part of the cover's document line: short, no
// punctuation, not a part heading.
func coverLine(s string) bool {
	return s != "" && len([]rune(s)) <= 30 && !strings.ContainsAny(s, "：:，。、") && !partHeadingRe.MatchString(s)
}
