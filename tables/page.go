package tables

import (
	"math"
	"sort"
	"strings"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/unionfind"
)

// pageView is one page prepared for table finding: words in the working frame and the ruling
// segments merged and split by direction.
type pageView struct {
	num           int
	width, height float64
	words         []*word
	hs, vs        []seg
	// turned is true when the page's text runs top to bottom (a table printed rotated on an
	// upright page) and the geometry works in the page turned back.
	turned bool
	set    *Settings
}

func newPageView(p *extract.Page, set *Settings) *pageView {
	v := &pageView{num: p.Number, width: p.Width, height: p.Height, set: set}
	visible := 0
	vertical := 0
	for _, w := range p.Words {
		if !w.Invisible && strings.TrimSpace(w.Text) != "" {
			visible++
			if w.Vertical {
				vertical++
			}
		}
	}
	// A page whose text runs top to bottom is a table printed turned by 90°: work in the
	// frame where it reads left to right (x' = y, y' = W − x), keep the source boxes.
	v.turned = visible > set.TurnedMinWords && float64(vertical)/float64(visible) >= set.TurnedShare
	for _, w := range p.Words {
		t := strings.TrimSpace(w.Text)
		if t == "" || !finite(w.X0, w.Y0, w.X1, w.Y1) || w.X1 < w.X0 || w.Y1 < w.Y0 {
			continue
		}
		if sealRemnant(w, p.Obscured) {
			continue
		}
		// Invisible text is a scanner's OCR layer: use it only when nothing else is there.
		if w.Invisible && visible > 0 {
			continue
		}
		x0, y0, x1, y1 := w.X0, w.Y0, w.X1, w.Y1
		if v.turned {
			x0, y0, x1, y1 = w.Y0, p.Width-w.X1, w.Y1, p.Width-w.X0
		}
		size := w.Size
		if size <= 0 || v.turned {
			size = y1 - y0
		}
		v.words = append(v.words, &word{x0: x0, y0: y0, x1: x1, y1: y1, text: t, size: size, src: w, sealed: underSeal(w, p.Obscured)})
	}
	var hs, vs []seg
	for _, r := range p.Rules {
		if !finite(r.X0, r.Y0, r.X1, r.Y1) {
			continue
		}
		x0, y0, x1, y1 := math.Min(r.X0, r.X1), math.Min(r.Y0, r.Y1), math.Max(r.X0, r.X1), math.Max(r.Y0, r.Y1)
		if v.turned {
			x0, y0, x1, y1 = y0, p.Width-x1, y1, p.Width-x0
		}
		if x1-x0 >= y1-y0 {
			if x1-x0 >= set.RuleMinLenPt {
				hs = append(hs, seg{pos: (y0 + y1) / 2, lo: x0, hi: x1})
			}
		} else if y1-y0 >= set.RuleMinLenPt {
			vs = append(vs, seg{pos: (x0 + x1) / 2, lo: y0, hi: y1})
		}
	}
	v.hs = mergeSegs(hs, set.RuleSameLinePt/2, set.RuleJoinGapPt)
	v.vs = mergeSegs(vs, set.RuleSameLinePt/2, set.RuleJoinGapPt)
	if v.turned {
		v.width, v.height = p.Height, p.Width
	}
	return v
}

// region is a candidate table body on a page.
type region struct {
	x0, y0, x1, y1 float64
	hs, vs         []seg
	grid           string // lattice, mixed, stream
	words          []*word
	// extents are, for tables without column rules, each column's horizontal extent of
	// body text (filled by columnBounds).
	extents [][2]float64
	// formTop marks the key-value part of a performance form (no header); formPart the
	// indicator part under it (see splitForm).
	formTop, formPart bool
	set               *Settings
}

// slice returns the part of a region between y0 and y1: its rules clipped, its words by
// their centre.
func (r *region) slice(y0, y1 float64) *region {
	s := &region{x0: r.x0, x1: r.x1, y0: y0, y1: y1, grid: r.grid, set: r.set}
	for _, h := range r.hs {
		if tol := r.set.RuleSameLinePt; h.pos >= y0-tol && h.pos <= y1+tol {
			s.hs = append(s.hs, h)
		}
	}
	for _, v := range r.vs {
		if lo, hi := math.Max(v.lo, y0), math.Min(v.hi, y1); hi-lo > 1 {
			s.vs = append(s.vs, seg{pos: v.pos, lo: lo, hi: hi})
		}
	}
	for _, w := range r.words {
		if cy := w.cy(); cy >= y0 && cy < y1 {
			s.words = append(s.words, w)
		}
	}
	return s
}

func (r *region) contains(x, y, tol float64) bool {
	return x >= r.x0-tol && x <= r.x1+tol && y >= r.y0-tol && y <= r.y1+tol
}

// findRegions finds the table bodies of a page: connected groups of ruling lines first
// (lattice, or mixed when only the frame or only horizontal rules are drawn), then runs of
// aligned lines with amounts among the remaining words (stream).
func (v *pageView) findRegions() []*region {
	regs := v.ruledRegions()
	// Assign words to regions.
	var rest []*word
	for _, w := range v.words {
		placed := false
		for _, r := range regs {
			if r.contains(w.cx(), w.cy(), 1) {
				r.words = append(r.words, w)
				placed = true
				break
			}
		}
		if !placed {
			rest = append(rest, w)
		}
	}
	var kept []*region
	for _, r := range regs {
		if len(r.words) > 0 {
			kept = append(kept, r)
		}
	}
	kept = append(kept, v.streamRegions(rest, kept)...)
	sort.SliceStable(kept, func(i, j int) bool { return kept[i].y0 < kept[j].y0 })
	return kept
}

// ruledRegions groups rules into connected components (a horizontal and a vertical rule are
// connected when they cross or touch) and returns each component's rectangle.
func (v *pageView) ruledRegions() []*region {
	nh := len(v.hs)
	sets := unionfind.New(nh + len(v.vs))
	find := sets.Find
	tol := v.set.RuleTouchPt
	for i, h := range v.hs {
		for j, vv := range v.vs {
			if vv.pos >= h.lo-tol && vv.pos <= h.hi+tol && h.pos >= vv.lo-tol && h.pos <= vv.hi+tol {
				sets.Union(i, nh+j)
			}
		}
	}
	groups := map[int]*region{}
	var order []int
	get := func(root int) *region {
		r, ok := groups[root]
		if !ok {
			r = &region{x0: math.Inf(1), y0: math.Inf(1), x1: math.Inf(-1), y1: math.Inf(-1), set: v.set}
			groups[root] = r
			order = append(order, root)
		}
		return r
	}
	for i, h := range v.hs {
		r := get(find(i))
		r.hs = append(r.hs, h)
		r.x0, r.x1 = math.Min(r.x0, h.lo), math.Max(r.x1, h.hi)
		r.y0, r.y1 = math.Min(r.y0, h.pos), math.Max(r.y1, h.pos)
	}
	for j, vv := range v.vs {
		r := get(find(nh + j))
		r.vs = append(r.vs, vv)
		r.x0, r.x1 = math.Min(r.x0, vv.pos), math.Max(r.x1, vv.pos)
		r.y0, r.y1 = math.Min(r.y0, vv.lo), math.Max(r.y1, vv.hi)
	}
	var lattice, hOnly []*region
	for _, k := range order {
		r := groups[k]
		switch {
		case len(r.hs) >= v.set.LatticeMinRules && len(r.vs) >= v.set.LatticeMinRules && r.x1-r.x0 >= v.set.LatticeMinWidthPt && r.y1-r.y0 >= v.set.LatticeMinHeightPt:
			lattice = append(lattice, r)
		case len(r.vs) == 0:
			hOnly = append(hOnly, r)
		}
	}
	lattice = mergeTouching(lattice, v.set)
	for _, r := range lattice {
		r.grid = "lattice"
		if len(interior(r.vs, r.x0, r.x1, v.set.RuleSameLinePt)) == 0 {
			r.grid = "mixed" // frame only: columns come from alignment
		}
	}
	// Horizontal rules of similar extent, stacked, not inside a lattice: a table ruled only
	// across (three-line tables, 决算 templates without verticals).
	var hsFree []seg
	for _, r := range hOnly {
		for _, h := range r.hs {
			inside := false
			for _, l := range lattice {
				if tol := v.set.RuleSameLinePt; l.contains(h.lo, h.pos, tol) && l.contains(h.hi, h.pos, tol) {
					inside = true
					break
				}
			}
			if !inside && h.hi-h.lo >= v.set.FrameRuleMinLenPt {
				hsFree = append(hsFree, h)
			}
		}
	}
	sort.Slice(hsFree, func(i, j int) bool { return hsFree[i].pos < hsFree[j].pos })
	var cur *region
	flush := func() {
		if cur != nil && len(cur.hs) >= v.set.FrameMinRules {
			cur.grid = "mixed"
			lattice = append(lattice, cur)
		}
		cur = nil
	}
	for _, h := range hsFree {
		if cur != nil && math.Abs(h.lo-cur.x0) < v.set.FrameEdgeTolPt && math.Abs(h.hi-cur.x1) < v.set.FrameEdgeTolPt && h.pos-cur.y1 < v.set.FrameMaxGapPt {
			cur.hs = append(cur.hs, h)
			cur.y1 = h.pos
			continue
		}
		flush()
		cur = &region{x0: h.lo, x1: h.hi, y0: h.pos, y1: h.pos, hs: []seg{h}, set: v.set}
	}
	flush()
	return lattice
}

// interior returns the positions of vertical segments inside (x0, x1) by more than tol.
func interior(vs []seg, x0, x1, tol float64) []float64 {
	var out []float64
	for _, s := range vs {
		if s.pos > x0+tol && s.pos < x1-tol {
			out = append(out, s.pos)
		}
	}
	return out
}

// mergeTouching joins regions whose rectangles overlap or nearly touch vertically with
// overlapping x extents (a header grid drawn apart from its body grid).
func mergeTouching(rs []*region, set *Settings) []*region {
	for changed := true; changed; {
		changed = false
		for i := 0; i < len(rs) && !changed; i++ {
			for j := i + 1; j < len(rs); j++ {
				a, b := rs[i], rs[j]
				xov := math.Min(a.x1, b.x1) - math.Max(a.x0, b.x0)
				yGap := math.Max(a.y0, b.y0) - math.Min(a.y1, b.y1)
				if xov > set.MergeOverlap*math.Min(a.x1-a.x0, b.x1-b.x0) && yGap < set.MergeGapPt {
					a.hs = append(a.hs, b.hs...)
					a.vs = append(a.vs, b.vs...)
					a.x0, a.y0 = math.Min(a.x0, b.x0), math.Min(a.y0, b.y0)
					a.x1, a.y1 = math.Max(a.x1, b.x1), math.Max(a.y1, b.y1)
					rs = append(rs[:j], rs[j+1:]...)
					changed = true
					break
				}
			}
		}
	}
	return rs
}

// streamRegions finds tables printed without rules among words outside ruled regions: runs
// of lines split into several chunks by wide gaps, at least two of them carrying amounts.
func (v *pageView) streamRegions(ws []*word, ruled []*region) []*region {
	lines := groupLines(ws)
	type info struct {
		tab, num bool
	}
	infos := make([]info, len(lines))
	for i, l := range lines {
		ch := chunks(l, v.set)
		t := l.text()
		if len(ch) >= 2 && !isMetaLine(t) {
			infos[i].tab = true
			for _, c := range ch {
				if isAmountLike(joinLine(c)) {
					infos[i].num = true
				}
			}
		}
	}
	// A short line between tabular lines (or right after them) is a wrapped fragment of a
	// cell (`5` under `1204`, `支出` under a long name): it stays in the run.
	short := func(k int) bool {
		if k >= len(lines) || infos[k].tab {
			return false
		}
		t := compact(lines[k].text())
		return len([]rune(t)) <= v.set.StreamShortRunes && !isMetaLine(t) && !strings.HasPrefix(t, "注")
	}
	var out []*region
	for i := 0; i < len(lines); {
		if !infos[i].tab {
			i++
			continue
		}
		j := i
		nums := 0
		for j < len(lines) {
			if j > i && lines[j].y0-lines[j-1].y1 > v.set.StreamBreakLines*math.Max(lines[j-1].y1-lines[j-1].y0, v.set.StreamMinLineHeightPt) {
				break
			}
			if !infos[j].tab {
				// Keep up to two short lines when the run goes on (or they hang under it).
				k := j
				for k < len(lines) && k < j+2 && short(k) && lines[k].y0-lines[k-1].y1 < v.set.StreamShortGapLines*(lines[k-1].y1-lines[k-1].y0) {
					k++
				}
				if k == j || k < len(lines) && !infos[k].tab && k < j+2 {
					break
				}
				j = k
				continue
			}
			if infos[j].num {
				nums++
			}
			j++
		}
		if j-i >= v.set.StreamMinRows && nums >= v.set.StreamMinNumberRows {
			r := &region{x0: math.Inf(1), y0: lines[i].y0, x1: math.Inf(-1), y1: lines[j-1].y1, grid: "stream", set: v.set}
			for _, l := range lines[i:j] {
				r.x0, r.x1 = math.Min(r.x0, l.x0), math.Max(r.x1, l.x1)
				r.words = append(r.words, l.words...)
			}
			// Horizontal rules inside the run still separate rows.
			for _, h := range v.hs {
				if tol := v.set.RuleSameLinePt; h.pos > r.y0-tol && h.pos < r.y1+tol && h.hi > r.x0 && h.lo < r.x1 {
					r.hs = append(r.hs, h)
				}
			}
			out = append(out, r)
		}
		if j == i {
			j++
		}
		i = j
	}
	return out
}

// chunks splits a line where the gap between words is wider than twice the font size.
func chunks(l *line, set *Settings) [][]*word {
	var out [][]*word
	var cur []*word
	for i, w := range l.words {
		if i > 0 {
			prev := l.words[i-1]
			size := math.Max(math.Max(prev.size, w.size), set.ChunkMinSizePt)
			if w.x0-prev.x1 > set.ChunkGapSizes*size {
				out = append(out, cur)
				cur = nil
			}
		}
		cur = append(cur, w)
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// isMetaLine reports whether a line is a table's issuer/unit line rather than a table row.
func isMetaLine(s string) bool {
	c := compact(s)
	return strings.Contains(c, "单位：") || strings.Contains(c, "单位:") || strings.HasPrefix(c, "编制部门") ||
		strings.HasPrefix(c, "编制单位") || strings.HasPrefix(c, "部门名称") || strings.HasPrefix(c, "单位名称")
}

func finite(vs ...float64) bool {
	for _, v := range vs {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}
