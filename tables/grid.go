package tables

import (
	"math"
	"sort"
	"strings"

	"github.com/budgetpdf/budgetpdf/internal/unionfind"
)

// gcell is one (possibly merged) cell of a page grid: atomic rows r0..r1 and columns c0..c1
// inclusive, with the words inside it.
type gcell struct {
	r0, r1, c0, c1 int
	words          []*word
	lines          []*line
	text           string
}

// grid is the cell structure of one table region on one page. xs and ys are the column and
// row boundaries; a cell of the atomic grid is merged with its neighbour where no separator
// (rule, or column gap for stream tables) runs between them.
type grid struct {
	xs, ys []float64
	// vsep[r][k]: a separator runs at xs[k] through atomic row r (k = 0..ncols).
	vsep [][]bool
	// hsep[k][c]: a separator runs at ys[k] through atomic column c (k = 0..nrows).
	hsep  [][]bool
	owner [][]*gcell
	cells []*gcell
	// virtualRow[k] is true when ys[k] was not ruled but put between text lines.
	virtualRow []bool
	mode       string
	words      []*word
	// form marks the key-value part of a performance form: it has no header.
	form bool
	set  *Settings
}

// rowInfo summarises one atomic row for joinContinuations.
type rowInfo struct {
	empty, hasNum, hasText, lead bool
	numCols, textCols            map[int]bool
	fragsOnly                    bool
	y0, y1                       float64
	// firstCy, lastCy are the centres of the row's top and bottom text lines.
	firstCy, lastCy float64
}

func mergeInfo(a, b rowInfo) rowInfo {
	out := a
	out.numCols, out.textCols = map[int]bool{}, map[int]bool{}
	for _, m := range []map[int]bool{a.numCols, b.numCols} {
		for k := range m {
			out.numCols[k] = true
		}
	}
	for _, m := range []map[int]bool{a.textCols, b.textCols} {
		for k := range m {
			out.textCols[k] = true
		}
	}
	out.y0, out.y1 = math.Min(a.y0, b.y0), math.Max(a.y1, b.y1)
	out.lastCy = b.lastCy
	out.hasNum = a.hasNum || b.hasNum
	out.hasText = a.hasText || b.hasText
	return out
}

func (g *grid) nrows() int { return len(g.ys) - 1 }
func (g *grid) ncols() int { return len(g.xs) - 1 }

// buildGrid turns a region into a grid.
func buildGrid(r *region) *grid {
	g := &grid{mode: r.grid, set: r.set}
	g.xs = columnBounds(r)
	if len(g.xs) < 2 {
		return nil
	}
	realYs := []float64{r.y0, r.y1}
	for _, h := range r.hs {
		// Only rules reaching across a good part of the region separate rows.
		if math.Min(h.hi, r.x1)-math.Max(h.lo, r.x0) > r.set.RowRuleMinPt {
			realYs = append(realYs, h.pos)
		}
	}
	realYs = cluster(realYs, r.set.RuleSameLinePt)
	// Drop empty slivers at the edges (region rectangles reach a little past the text).
	g.ys, g.virtualRow = splitBands(realYs, r.words, g.xs, r.grid == "stream", r.set.FragmentMaxDigits)
	if len(g.ys) < 2 {
		return nil
	}
	nr, nc := g.nrows(), g.ncols()
	g.vsep = make([][]bool, nr)
	for i := range nr {
		g.vsep[i] = make([]bool, nc+1)
		g.vsep[i][0], g.vsep[i][nc] = true, true
		for k := 1; k < nc; k++ {
			if r.grid == "lattice" {
				g.vsep[i][k] = coverage(r.vs, g.xs[k], g.ys[i], g.ys[i+1], r.set.RuleSameLinePt) >= r.set.ColumnRuleCoverage
			} else {
				g.vsep[i][k] = true
			}
		}
	}
	g.hsep = make([][]bool, nr+1)
	for k := 0; k <= nr; k++ {
		g.hsep[k] = make([]bool, nc)
		for c := range nc {
			switch {
			case k == 0 || k == nr || g.virtualRow[k]:
				g.hsep[k][c] = true
			default:
				g.hsep[k][c] = coverage(r.hs, g.ys[k], g.xs[c], g.xs[c+1], r.set.RuleSameLinePt) >= r.set.RowRuleCoverage
			}
		}
	}
	// Text that crosses an unruled column boundary spans it (stream headers, titles inside
	// a frame); text crossing a ruled boundary overflowed its cell (Excel) and stays left.
	for _, w := range r.words {
		row := locate(g.ys, w.cy())
		if row < 0 {
			continue
		}
		for k := 1; k < nc; k++ {
			if r.grid != "lattice" && r.spansColumns(w, g.xs, k) {
				g.vsep[row][k] = false
			}
		}
	}
	if r.grid == "lattice" {
		r.words = g.splitAcrossRules(r.words)
	}
	g.words = r.words
	g.mergeCells()
	g.assign(g.words)
	if r.grid != "lattice" || anyVirtual(g.virtualRow) {
		g.joinContinuations()
	}
	return g
}

func anyVirtual(v []bool) bool {
	for _, b := range v {
		if b {
			return true
		}
	}
	return false
}

// locate returns the interval of bounds containing v, or -1.
func locate(bounds []float64, v float64) int {
	if v < bounds[0]-1 || v > bounds[len(bounds)-1]+1 {
		return -1
	}
	i := sort.SearchFloat64s(bounds, v) - 1
	return max(0, min(i, len(bounds)-2))
}

// columnBounds returns the column boundaries: the vertical rules of a lattice, or for frame
// only / unruled tables the gaps in the horizontal projection of the rows that carry amounts.
func columnBounds(r *region) []float64 {
	if r.grid == "lattice" {
		xs := []float64{r.x0, r.x1}
		for _, v := range r.vs {
			// A vertical rule counts when it is long enough to separate something.
			if v.hi-v.lo >= r.set.ColumnRuleMinPt {
				xs = append(xs, v.pos)
			}
		}
		xs = cluster(xs, r.set.RuleSameLinePt)
		return dropNarrow(xs, r.set.ColumnMinWidthPt)
	}
	lines := groupLines(r.words)
	type iv struct{ a, b float64 }
	var ivs []iv
	var sizes []float64
	for _, l := range lines {
		num := false
		for _, w := range l.words {
			if isAmountLike(w.text) {
				num = true
			}
		}
		if !num || len(chunks(l, r.set)) < 2 {
			continue
		}
		for _, w := range l.words {
			ivs = append(ivs, iv{w.x0, w.x1})
			sizes = append(sizes, w.size)
		}
	}
	x0, x1 := r.x0, r.x1
	for _, w := range r.words {
		x0, x1 = math.Min(x0, w.x0), math.Max(x1, w.x1)
	}
	xs := []float64{x0 - 1, x1 + 1}
	if len(ivs) == 0 {
		return xs
	}
	minGap := math.Max(median(sizes)*r.set.GapColumnSizes, r.set.GapColumnMinPt)
	sort.Slice(ivs, func(i, j int) bool { return ivs[i].a < ivs[j].a })
	ca, cb := ivs[0].a, ivs[0].b
	for _, v := range ivs[1:] {
		if v.a-cb >= minGap {
			xs = append(xs, (v.a+cb)/2)
			r.extents = append(r.extents, [2]float64{ca, cb})
			ca = v.a
		}
		cb = math.Max(cb, v.b)
	}
	r.extents = append(r.extents, [2]float64{ca, cb})
	sort.Float64s(xs)
	return headerOnlyColumns(r, lines, xs, minGap)
}

// headerOnlyColumns adds the columns that have a header label but no value in any body row
// (an empty 基本支出 column of a 政府性基金 table printed without rules). On each header line
// a label clear of every body column is given to the nearest body column; a body column
// with no label over it takes the nearest as its own, and any further label given to it is
// a column of its own. It returns the new boundaries (those around the added columns replace
// the one between the two body columns) and updates r.extents to match.
func headerOnlyColumns(r *region, lines []*line, xs []float64, minGap float64) []float64 {
	ext := r.extents
	if len(ext) < 2 {
		return xs
	}
	firstBody := math.Inf(1)
	for _, l := range lines {
		for _, w := range l.words {
			if isAmountLike(w.text) && len(chunks(l, r.set)) >= 2 {
				firstBody = math.Min(firstBody, l.y0)
			}
		}
	}
	type span struct{ a, b float64 }
	// reach[k] widens body column k to the labels it owns (for the boundaries next to an
	// added column); added holds the added columns, by the gap (k, k+1) they stand in.
	reach := make([]span, len(ext))
	for k, e := range ext {
		reach[k] = span{e[0], e[1]}
	}
	added := map[int][]span{}
	for _, l := range lines {
		if l.y1 > firstBody+1 {
			continue
		}
		owned := make([]bool, len(ext))
		var free []span
		for _, ch := range chunks(l, r.set) {
			c := span{ch[0].x0, ch[len(ch)-1].x1}
			over := false
			for k, e := range ext {
				if c.a < e[1]+minGap && c.b > e[0]-minGap {
					owned[k], over = true, true
				}
			}
			if !over {
				free = append(free, c)
			}
		}
		// Nearest labels first, so that a body column owns the label closest to it.
		dist := func(c span, k int) float64 { return math.Max(0, math.Max(ext[k][0]-c.b, c.a-ext[k][1])) }
		nearest := func(c span) int {
			best := 0
			for k := range ext {
				if dist(c, k) < dist(c, best) {
					best = k
				}
			}
			return best
		}
		sort.Slice(free, func(i, j int) bool { return dist(free[i], nearest(free[i])) < dist(free[j], nearest(free[j])) })
		for _, c := range free {
			k := nearest(c)
			if !owned[k] {
				owned[k] = true
				reach[k] = span{math.Min(reach[k].a, c.a), math.Max(reach[k].b, c.b)}
				continue
			}
			gap := k // the gap (gap, gap+1) the label stands in
			if c.b <= ext[k][0] {
				gap = k - 1
			}
			if gap < 0 || gap+1 >= len(ext) {
				continue
			}
			added[gap] = append(added[gap], c)
		}
	}
	if len(added) == 0 {
		return xs
	}
	out := []float64{xs[0]}
	var extents [][2]float64
	for k := range ext {
		extents = append(extents, ext[k])
		if k+1 == len(ext) {
			break
		}
		cs := added[k]
		if len(cs) == 0 {
			out = append(out, (ext[k][1]+ext[k+1][0])/2)
			continue
		}
		sort.Slice(cs, func(i, j int) bool { return cs[i].a < cs[j].a })
		left := reach[k].b
		for _, c := range cs {
			out = append(out, (left+c.a)/2)
			extents = append(extents, [2]float64{c.a, c.b})
			left = c.b
		}
		out = append(out, (left+reach[k+1].a)/2)
	}
	r.extents = extents
	return append(out, xs[len(xs)-1])
}

// spansColumns reports whether a word of an unruled table spans the boundary between
// columns k-1 and k: it must reach into the body text of both (a header label wider than
// its right-aligned numbers only reaches into the gap).
func (r *region) spansColumns(w *word, xs []float64, k int) bool {
	if w.x0 >= xs[k]-r.set.CrossColumnPt || w.x1 <= xs[k]+r.set.CrossColumnPt {
		return false
	}
	if len(r.extents) != len(xs)-1 {
		return true
	}
	left, right := r.extents[k-1], r.extents[k]
	return w.x0 < left[1]-1 && w.x1 > right[0]+1
}

func dropNarrow(xs []float64, min float64) []float64 {
	out := []float64{xs[0]}
	for _, x := range xs[1:] {
		if x-out[len(out)-1] < min {
			continue
		}
		out = append(out, x)
	}
	if len(out) >= 2 && xs[len(xs)-1] != out[len(out)-1] {
		out[len(out)-1] = xs[len(xs)-1]
	}
	return out
}

// splitBands returns the row boundaries: the ruled ones, plus boundaries between text lines
// inside a band that holds several table rows (no rule between body rows, or no rules at
// all). A band is split when at least two of its lines carry an amount and fill two columns
// or more; a cell whose text or number merely wraps does not qualify (its extra lines hold
// one column each), and continuations are joined back afterwards (joinContinuations).
func splitBands(realYs []float64, ws []*word, xs []float64, unruled bool, fragDigits int) ([]float64, []bool) {
	ys := []float64{realYs[0]}
	virtual := []bool{false}
	for i := 0; i+1 < len(realYs); i++ {
		top, bot := realYs[i], realYs[i+1]
		var in []*word
		for _, w := range ws {
			if w.cy() >= top && w.cy() < bot {
				in = append(in, w)
			}
		}
		lines := groupLines(in)
		// Inside a ruled band a line counts only with a whole amount or a leading code
		// (a wrapped `事务支出` + `5` is not a row); a table without rules has one band and
		// every line with an amount counts.
		//
		// In a ruled band, two such lines must also share two columns: the lines of one
		// row whose cells are centred vertically (a number wrapped over two lines beside
		// single-line cells) fill different columns, rows stacked in one band the same ones.
		full := 0
		var fullLines []bandLine
		for _, l := range lines {
			bl := bandLine{cols: map[int]bool{}, amountCols: map[int]bool{}, leadCol: -1}
			num := false
			for _, w := range l.words {
				c := locate(xs, w.cx())
				bl.cols[c] = true
				if isAmountLike(w.text) && (unruled || !isFragment(w.text, fragDigits)) {
					num = true
					bl.amountCols[c] = true
				}
			}
			lead := codeRe.MatchString(l.words[0].text) || enumRe.MatchString(l.words[0].text)
			if lead {
				bl.leadCol = locate(xs, l.words[0].cx())
			}
			if (num || lead && !unruled) && len(bl.cols) >= 2 {
				full++
				fullLines = append(fullLines, bl)
			}
		}
		if !unruled && full >= 2 && !anyStacked(fullLines) {
			full = 0
		}
		if full >= 2 && len(lines) >= 2 {
			for j := 0; j+1 < len(lines); j++ {
				a, b := lines[j], lines[j+1]
				y := (a.y1 + b.y0) / 2
				if b.y0 < a.y1 {
					y = (a.cy() + b.cy()) / 2
				}
				if y > top+0.5 && y < bot-0.5 {
					ys = append(ys, y)
					virtual = append(virtual, true)
				}
			}
		}
		ys = append(ys, bot)
		virtual = append(virtual, false)
	}
	return ys, virtual
}

// mergeCells joins atomic cells not separated by a rule into merged cells (union-find), each
// taken as the bounding rectangle of its parts.
func (g *grid) mergeCells() {
	nr, nc := g.nrows(), g.ncols()
	sets := unionfind.New(nr * nc)
	find := sets.Find
	union := sets.Union
	for r := range nr {
		for c := range nc {
			if c+1 < nc && !g.vsep[r][c+1] {
				union(r*nc+c, r*nc+c+1)
			}
			if r+1 < nr && !g.hsep[r+1][c] {
				union(r*nc+c, (r+1)*nc+c)
			}
		}
	}
	byRoot := map[int]*gcell{}
	g.owner = make([][]*gcell, nr)
	for r := range nr {
		g.owner[r] = make([]*gcell, nc)
	}
	for r := range nr {
		for c := range nc {
			root := find(r*nc + c)
			cell, ok := byRoot[root]
			if !ok {
				cell = &gcell{r0: r, r1: r, c0: c, c1: c}
				byRoot[root] = cell
				g.cells = append(g.cells, cell)
			}
			cell.r0, cell.r1 = min(cell.r0, r), max(cell.r1, r)
			cell.c0, cell.c1 = min(cell.c0, c), max(cell.c1, c)
		}
	}
	// Non-rectangular unions (broken rules) are taken as their bounding rectangle.
	for _, cell := range g.cells {
		for r := cell.r0; r <= cell.r1; r++ {
			for c := cell.c0; c <= cell.c1; c++ {
				g.owner[r][c] = cell
			}
		}
	}
	seen := map[*gcell]bool{}
	var cells []*gcell
	for r := range nr {
		for c := range nc {
			if cl := g.owner[r][c]; !seen[cl] {
				seen[cl] = true
				cells = append(cells, cl)
			}
		}
	}
	g.cells = cells
}

// assign puts each word into the cell holding it: text by its left edge (text overflowing a
// narrow cell in Excel output stays with the cell it starts in), numbers by their right edge
// (right-aligned), anything else by its centre.
func (g *grid) assign(ws []*word) {
	for _, w := range ws {
		r := locate(g.ys, w.cy())
		if r < 0 {
			continue
		}
		var x float64
		switch {
		case isAmountLike(w.text):
			x = w.x1 - math.Min(g.set.AnchorInsetPt, (w.x1-w.x0)/4)
		case g.mode == "lattice" && hasHan(w.text):
			x = w.x0 + math.Min(g.set.AnchorInsetPt, (w.x1-w.x0)/4)
		default:
			x = w.cx()
		}
		c := locate(g.xs, x)
		if c < 0 {
			continue
		}
		cell := g.owner[r][c]
		cell.words = append(cell.words, w)
	}
	for _, cell := range g.cells {
		cell.finish()
	}
}

// finish orders the cell's words into lines and computes its text.
func (cl *gcell) finish() {
	cl.lines = groupLines(cl.words)
	cl.text = cellText(cl.lines)
}

// cellText joins a cell's lines: numeric fragments of a wrapped number with one space
// (`1204 5`, normalize repairs and records it), text lines without a space (wrapped names).
func cellText(lines []*line) string {
	if len(lines) == 0 {
		return ""
	}
	parts := make([]string, len(lines))
	allNum := true
	for i, l := range lines {
		parts[i] = l.text()
		if !isNumericText(parts[i]) {
			allNum = false
		}
	}
	if allNum {
		return strings.Join(parts, " ")
	}
	return strings.Join(parts, "")
}

// joinContinuations merges, inside bands split between text lines, a line that continues the
// row above: a line of numeric fragments under that row's numbers (a number wrapped in its
// cell), or a text-only line closer to the row than the row pitch (a wrapped name). A wrapped
// fragment never becomes a row of its own.
func (g *grid) joinContinuations() {
	nr, nc := g.nrows(), g.ncols()
	if nr < 2 {
		return
	}
	infos := make([]rowInfo, nr)
	var pitches []float64
	var lastFull = -1.0
	for r := range nr {
		inf := rowInfo{empty: true, numCols: map[int]bool{}, textCols: map[int]bool{}, fragsOnly: true,
			y0: math.Inf(1), y1: math.Inf(-1), firstCy: math.Inf(1), lastCy: math.Inf(-1)}
		first := true
		for c := range nc {
			cell := g.owner[r][c]
			if cell.r0 != cell.r1 || cell.c0 != c {
				continue
			}
			for _, l := range cell.lines {
				for _, w := range l.words {
					inf.empty = false
					inf.y0, inf.y1 = math.Min(inf.y0, w.y0), math.Max(inf.y1, w.y1)
					inf.firstCy, inf.lastCy = math.Min(inf.firstCy, w.cy()), math.Max(inf.lastCy, w.cy())
					if isAmountLike(w.text) {
						inf.hasNum = true
						inf.numCols[c] = true
						if !isFragment(w.text, g.set.FragmentMaxDigits) {
							inf.fragsOnly = false
						}
					} else {
						inf.hasText = true
						inf.textCols[c] = true
					}
					if first {
						first = false
						t := w.text
						if codeRe.MatchString(t) || isCodeName(t) || enumRe.MatchString(t) || isTotalName(t) {
							inf.lead = true
						}
					}
				}
			}
		}
		infos[r] = inf
		if !inf.empty && inf.hasNum && len(inf.numCols)+len(inf.textCols) >= 2 {
			if lastFull >= 0 {
				pitches = append(pitches, (inf.y0+inf.y1)/2-lastFull)
			}
			lastFull = (inf.y0 + inf.y1) / 2
		}
	}
	pitch := median(pitches)
	joinAt := func(k int) { // remove the separator above atomic row k
		for c := range nc {
			g.hsep[k][c] = false
		}
	}
	changed := false
	prev := -1 // last non-empty row
	for r := range nr {
		inf := infos[r]
		if inf.empty {
			continue
		}
		if prev >= 0 && g.virtualRow[r] && !inf.lead {
			p := infos[prev]
			cont := false
			if inf.hasNum && inf.fragsOnly {
				// Number fragments under the row's numbers, with perhaps the tail of its
				// name beside them.
				cont = true
				for c := range inf.numCols {
					if !p.numCols[c] {
						cont = false
					}
				}
				for c := range inf.textCols {
					if !p.textCols[c] {
						cont = false
					}
				}
			}
			if !inf.hasNum && inf.hasText {
				gap := inf.firstCy - p.lastCy
				lh := inf.y1 - inf.y0
				if pitch > 0 && gap < g.set.ContinuationPitches*pitch || pitch == 0 && gap < g.set.ContinuationLineHeights*lh {
					cont = true
				}
			}
			if cont && allVirtualBetween(g, prev, r) {
				for k := prev + 1; k <= r; k++ {
					joinAt(k)
				}
				infos[r] = mergeInfo(p, inf)
				changed = true
			}
		}
		prev = r
	}
	if changed {
		g.mergeCells()
		g.assign(g.words)
	}
}

func allVirtualBetween(g *grid, a, b int) bool {
	for k := a + 1; k <= b; k++ {
		if !g.virtualRow[k] {
			return false
		}
	}
	return true
}

// splitAcrossRules cuts a word that runs across a ruled column boundary: some producers
// place two cells' numbers so close that they come out as one word
// (`244,895.02192,446.79` over the rule between 总计 and 一般公共预算). The cut is placed
// by glyph count in proportion to where the rule crosses the word, moved to the nearest
// position where both pieces read as numbers when the word is numeric.
func (g *grid) splitAcrossRules(ws []*word) []*word {
	out := make([]*word, 0, len(ws))
	for _, w := range ws {
		out = append(out, g.splitWord(w)...)
	}
	return out
}

func (g *grid) splitWord(w *word) []*word {
	row := locate(g.ys, w.cy())
	if row < 0 {
		return []*word{w}
	}
	for k := 1; k < g.ncols(); k++ {
		x := g.xs[k]
		if !g.vsep[row][k] || w.x0 > x-g.set.CrossColumnPt || w.x1 < x+g.set.CrossColumnPt {
			continue
		}
		runes := []rune(w.text)
		if len(runes) < 2 {
			break
		}
		frac := (x - w.x0) / (w.x1 - w.x0)
		cut := int(frac*float64(len(runes)) + 0.5)
		cut = max(1, min(cut, len(runes)-1))
		if numberish(w.text) {
			best := -1
			for d := 0; d <= g.set.CutSearchGlyphs && best < 0; d++ {
				for _, c := range []int{cut - d, cut + d} {
					if c >= 1 && c < len(runes) && isNumeric(string(runes[:c])) && isNumeric(string(runes[c:])) && validNumberPiece(string(runes[:c])) {
						best = c
						break
					}
				}
			}
			if best < 0 {
				break
			}
			cut = best
		}
		left, right := *w, *w
		left.text, right.text = string(runes[:cut]), string(runes[cut:])
		left.x1, right.x0 = x-0.5, x+0.5
		left.src.X1, right.src.X0 = x-0.5, x+0.5
		if g.mode == "lattice" && left.src.X1 < left.src.X0 {
			left.src.X1 = left.src.X0
		}
		left.src.Text, right.src.Text = left.text, right.text
		return append([]*word{&left}, g.splitWord(&right)...)
	}
	return []*word{w}
}

// validNumberPiece reports whether s is a complete printed amount (thousands groups of three,
// at most one decimal point): the left piece of a cut must be one.
func validNumberPiece(s string) bool {
	s = strings.TrimLeft(s, "-+")
	intPart, _, _ := strings.Cut(s, ".")
	groups := strings.Split(intPart, ",")
	for i, gr := range groups {
		if gr == "" || i > 0 && len(gr) != 3 || i == 0 && len(groups) > 1 && len(gr) > 3 {
			return false
		}
	}
	return strings.Count(s, ".") <= 1
}

// numberish reports whether s is made only of digits, separators, points and signs.
func numberish(s string) bool {
	return hasDigit(s) && strings.Trim(s, "0123456789,.-+") == ""
}

// isFragment reports whether a numeric word can be the wrapped tail of a number: at most
// maxDigits characters (one more with a leading point), no thousands separator (`5`, `88`,
// `.43`, `2`).
func isFragment(s string, maxDigits int) bool {
	s = strings.TrimSpace(s)
	n := len([]rune(s))
	return isNumeric(s) && !strings.ContainsAny(s, ",，") && (n <= maxDigits || strings.HasPrefix(s, ".") && n <= maxDigits+1)
}
