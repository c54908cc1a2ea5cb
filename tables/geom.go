package tables

import (
	"math"
	"sort"

	"github.com/budgetpdf/budgetpdf/extract"
)

// word is one extract.Word in the working frame. Box is where the geometry runs (the upright
// page, or the page turned back when the table is printed rotated); src is the word as extract
// gave it, whose box every Fragment keeps.
type word struct {
	x0, y0, x1, y1 float64
	text           string
	size           float64
	src            extract.Word
}

func (w *word) cx() float64 { return (w.x0 + w.x1) / 2 }
func (w *word) cy() float64 { return (w.y0 + w.y1) / 2 }
func (w *word) h() float64  { return w.y1 - w.y0 }

// seg is a ruling segment: for a horizontal one pos is y and [lo,hi] the x range; for a
// vertical one pos is x and [lo,hi] the y range.
type seg struct{ pos, lo, hi float64 }

// line is a run of words sharing a baseline, left to right.
type line struct {
	words          []*word
	x0, y0, x1, y1 float64
}

func (l *line) add(w *word) {
	if len(l.words) == 0 {
		l.x0, l.y0, l.x1, l.y1 = w.x0, w.y0, w.x1, w.y1
	} else {
		l.x0, l.y0 = math.Min(l.x0, w.x0), math.Min(l.y0, w.y0)
		l.x1, l.y1 = math.Max(l.x1, w.x1), math.Max(l.y1, w.y1)
	}
	l.words = append(l.words, w)
}

func (l *line) cy() float64 { return (l.y0 + l.y1) / 2 }

// text joins the line's words, spacing them as printed (see joinLine).
func (l *line) text() string { return joinLine(l.words) }

// joinLine joins words already sorted left to right. CJK next to CJK is joined without a
// space; elsewhere a visible gap (a third of the font size) becomes one space, so `201` and
// `一般公共服务支出` stay apart and `25180591` `.33` keeps its printed gap for normalize.
func joinLine(ws []*word) string {
	if len(ws) == 1 {
		return ws[0].text
	}
	parts := make([]string, 0, len(ws))
	out := ""
	for i, w := range ws {
		if i == 0 {
			out = w.text
			continue
		}
		prev := ws[i-1]
		gap := w.x0 - prev.x1
		size := math.Max(prev.size, w.size)
		if size <= 0 {
			size = prev.h()
		}
		lastR := lastRune(out)
		firstR := firstRune(w.text)
		sep := ""
		switch {
		case isCJK(lastR) && isCJK(firstR):
		case !isCJK(lastR) && !isCJK(firstR):
			sep = " "
		case gap > size/3:
			sep = " "
		}
		out += sep + w.text
	}
	_ = parts
	return out
}

func lastRune(s string) rune {
	r := []rune(s)
	if len(r) == 0 {
		return 0
	}
	return r[len(r)-1]
}

func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// groupLines groups words into lines: a word joins a line when their vertical extents overlap
// by at least half the smaller height. Lines come out top to bottom, words left to right.
func groupLines(ws []*word) []*line {
	if len(ws) == 0 {
		return nil
	}
	sorted := append([]*word(nil), ws...)
	sort.SliceStable(sorted, func(i, j int) bool { return sorted[i].cy() < sorted[j].cy() })
	var lines []*line
	for _, w := range sorted {
		var best *line
		bestOv := 0.0
		// Only the last few lines can still overlap a word further down.
		for k := len(lines) - 1; k >= 0 && k >= len(lines)-4; k-- {
			l := lines[k]
			ov := math.Min(l.y1, w.y1) - math.Max(l.y0, w.y0)
			minH := math.Min(l.y1-l.y0, w.h())
			if minH <= 0 {
				minH = 1
			}
			if ov >= 0.5*minH && ov > bestOv && !overlapsX(l, w) {
				best, bestOv = l, ov
			}
		}
		if best == nil {
			best = &line{}
			lines = append(lines, best)
		}
		best.add(w)
	}
	for _, l := range lines {
		sort.SliceStable(l.words, func(i, j int) bool { return l.words[i].x0 < l.words[j].x0 })
	}
	sort.SliceStable(lines, func(i, j int) bool { return lines[i].cy() < lines[j].cy() })
	return lines
}

// overlapsX reports whether w overlaps a word of l horizontally by more than half of the
// narrower one: two such words are stacked (wrapped lines), not neighbours on one line.
func overlapsX(l *line, w *word) bool {
	for _, o := range l.words {
		ov := math.Min(o.x1, w.x1) - math.Max(o.x0, w.x0)
		if ov > 0.5*math.Min(o.x1-o.x0, w.x1-w.x0) && ov > 1 {
			return true
		}
	}
	return false
}

// cluster merges sorted-or-not positions closer than tol into their mean.
func cluster(vals []float64, tol float64) []float64 {
	if len(vals) == 0 {
		return nil
	}
	v := append([]float64(nil), vals...)
	sort.Float64s(v)
	var out []float64
	sum, n := v[0], 1.0
	last := v[0]
	for _, x := range v[1:] {
		if x-last <= tol {
			sum += x
			n++
		} else {
			out = append(out, sum/n)
			sum, n = x, 1
		}
		last = x
	}
	return append(out, sum/n)
}

// mergeSegs joins collinear segments (same pos within tol) that touch or overlap (gap ≤ gapTol):
// producers often draw a rule as one short segment per cell.
func mergeSegs(in []seg, tol, gapTol float64) []seg {
	if len(in) == 0 {
		return nil
	}
	s := append([]seg(nil), in...)
	sort.Slice(s, func(i, j int) bool {
		if math.Abs(s[i].pos-s[j].pos) > tol {
			return s[i].pos < s[j].pos
		}
		return s[i].lo < s[j].lo
	})
	// Group by pos first, then merge ranges within a group.
	var out []seg
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && math.Abs(s[j].pos-s[i].pos) <= tol {
			j++
		}
		group := append([]seg(nil), s[i:j]...)
		sort.Slice(group, func(a, b int) bool { return group[a].lo < group[b].lo })
		cur := group[0]
		n := 1.0
		for _, g := range group[1:] {
			if g.lo <= cur.hi+gapTol {
				cur.hi = math.Max(cur.hi, g.hi)
				cur.pos = (cur.pos*n + g.pos) / (n + 1)
				n++
			} else {
				out = append(out, cur)
				cur, n = g, 1
			}
		}
		out = append(out, cur)
		i = j
	}
	return out
}

// coverage is the fraction of [lo,hi] covered by the segments at pos (within tol).
func coverage(segs []seg, pos, lo, hi, tol float64) float64 {
	if hi <= lo {
		return 0
	}
	type iv struct{ a, b float64 }
	var ivs []iv
	for _, s := range segs {
		if math.Abs(s.pos-pos) > tol {
			continue
		}
		a, b := math.Max(s.lo, lo), math.Min(s.hi, hi)
		if b > a {
			ivs = append(ivs, iv{a, b})
		}
	}
	if len(ivs) == 0 {
		return 0
	}
	sort.Slice(ivs, func(i, j int) bool { return ivs[i].a < ivs[j].a })
	total := 0.0
	ca, cb := ivs[0].a, ivs[0].b
	for _, v := range ivs[1:] {
		if v.a > cb {
			total += cb - ca
			ca, cb = v.a, v.b
		} else if v.b > cb {
			cb = v.b
		}
	}
	total += cb - ca
	return total / (hi - lo)
}

func median(v []float64) float64 {
	if len(v) == 0 {
		return 0
	}
	s := append([]float64(nil), v...)
	sort.Float64s(s)
	return s[len(s)/2]
}

func boxOf(ws []*word) extract.Box {
	b := extract.Box{X0: math.Inf(1), Y0: math.Inf(1), X1: math.Inf(-1), Y1: math.Inf(-1)}
	for _, w := range ws {
		sb := w.src
		b.X0, b.Y0 = math.Min(b.X0, sb.X0), math.Min(b.Y0, sb.Y0)
		b.X1, b.Y1 = math.Max(b.X1, sb.X1), math.Max(b.Y1, sb.Y1)
	}
	return b
}
