package tables

import (
	"cmp"
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/budgetpdf/budgetpdf/extract"
	"github.com/budgetpdf/budgetpdf/internal/interval"
)

// word is one extract.Word in the working frame. Box is where the geometry runs (the upright
// page, or the page turned back when the table is printed rotated); src is the word as extract
// gave it, whose box every Fragment keeps.
type word struct {
	x0, y0, x1, y1 float64
	text           string
	size           float64
	src            extract.Word
	// sealed marks an OCR word read where seal ink was removed (underSeal).
	sealed bool
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
	// One builder and the last rune kept aside: a line of a million words costs a million
	// steps, not a million copies of the line so far.
	var b strings.Builder
	var lastR rune
	for i, w := range ws {
		if i == 0 {
			b.WriteString(w.text)
			lastR = lastRune(w.text)
			continue
		}
		prev := ws[i-1]
		gap := w.x0 - prev.x1
		size := math.Max(prev.size, w.size)
		if size <= 0 {
			size = prev.h()
		}
		firstR := firstRune(w.text)
		sep := ""
		switch {
		case isCJK(lastR) && isCJK(firstR):
		case !isCJK(lastR) && !isCJK(firstR):
			sep = " "
		case gap > size/3:
			sep = " "
		}
		b.WriteString(sep)
		b.WriteString(w.text)
		switch {
		case w.text != "":
			lastR = lastRune(w.text)
		case sep != "":
			lastR = ' '
		}
	}
	return b.String()
}

func lastRune(s string) rune {
	if s == "" {
		return 0
	}
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
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
	sortStableBy(sorted, (*word).cy)
	var lines []*line
	// Only the last few lines can still overlap a word further down; each keeps an index of
	// its words by x so that the stacked-word test does not walk the whole line (a line of
	// N words built one word at a time would cost N² steps).
	const recent = 4
	var index [recent]*xIndex
	for _, w := range sorted {
		var best *line
		bestK := -1
		bestOv := 0.0
		for k := len(lines) - 1; k >= 0 && k >= len(lines)-recent; k-- {
			l := lines[k]
			ov := math.Min(l.y1, w.y1) - math.Max(l.y0, w.y0)
			minH := math.Min(l.y1-l.y0, w.h())
			if minH <= 0 {
				minH = 1
			}
			if ov >= 0.5*minH && ov > bestOv && !index[k%recent].overlaps(w) {
				best, bestK, bestOv = l, k, ov
			}
		}
		if best == nil {
			best = &line{}
			lines = append(lines, best)
			bestK = len(lines) - 1
			index[bestK%recent] = &xIndex{}
		}
		best.add(w)
		index[bestK%recent].add(w)
	}
	for _, l := range lines {
		sortStableBy(l.words, func(w *word) float64 { return w.x0 })
	}
	sortStableBy(lines, (*line).cy)
	return lines
}

// sortStableBy sorts s by a float key, keeping the order of equal keys, in O(n log n): the
// key is computed once per element and ties are broken by the original position (the
// standard library's stable sort is O(n log² n), which a page of a million words feels).
func sortStableBy[T any](s []T, key func(T) float64) {
	if len(s) < 2 {
		return
	}
	type keyed struct {
		k float64
		i int
		v T
	}
	ks := make([]keyed, len(s))
	for i, v := range s {
		ks[i] = keyed{key(v), i, v}
	}
	slices.SortFunc(ks, func(a, b keyed) int {
		if c := cmp.Compare(a.k, b.k); c != 0 {
			return c
		}
		return a.i - b.i
	})
	for i := range ks {
		s[i] = ks[i].v
	}
}

// xIndex finds, among the words of a line, one that a new word overlaps horizontally by more
// than half of the narrower one and by more than 1 pt: two such words are stacked (wrapped
// lines), not neighbours on one line. Words at most 1 pt wide can never overlap that much
// and are not indexed; the others are filed in 4-pt buckets (very wide ones in a short list
// checked every time), so a query looks at the words near it only.
type xIndex struct {
	buckets map[int][]*word
	wide    []*word
}

const (
	xBucket     = 4.0
	xMaxBuckets = 64 // a word spanning more buckets goes to the wide list
)

func stackedX(o, w *word) bool {
	ov := math.Min(o.x1, w.x1) - math.Max(o.x0, w.x0)
	return ov > 0.5*math.Min(o.x1-o.x0, w.x1-w.x0) && ov > 1
}

func xBuckets(w *word) (lo, hi int, ok bool) {
	if !(w.x1-w.x0 > 1) {
		return 0, 0, false
	}
	lo, hi = int(math.Floor(w.x0/xBucket)), int(math.Floor(w.x1/xBucket))
	return lo, hi, true
}

func (x *xIndex) add(w *word) {
	lo, hi, ok := xBuckets(w)
	if !ok {
		return
	}
	if hi-lo >= xMaxBuckets {
		x.wide = append(x.wide, w)
		return
	}
	if x.buckets == nil {
		x.buckets = map[int][]*word{}
	}
	for b := lo; b <= hi; b++ {
		x.buckets[b] = append(x.buckets[b], w)
	}
}

func (x *xIndex) overlaps(w *word) bool {
	lo, hi, ok := xBuckets(w)
	if !ok {
		return false
	}
	for _, o := range x.wide {
		if stackedX(o, w) {
			return true
		}
	}
	if hi-lo >= xMaxBuckets {
		// A very wide word: look at every indexed word once.
		for _, ws := range x.buckets {
			for _, o := range ws {
				if stackedX(o, w) {
					return true
				}
			}
		}
		return false
	}
	for b := lo; b <= hi; b++ {
		for _, o := range x.buckets[b] {
			if stackedX(o, w) {
				return true
			}
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

// coverage is the fraction of [lo,hi] covered by the segments at pos (within tol); the
// measure is interval.Share, which ocr's pixel grid uses too.
func coverage(segs []seg, pos, lo, hi, tol float64) float64 {
	var spans []interval.Span[float64]
	for _, s := range segs {
		if math.Abs(s.pos-pos) <= tol {
			spans = append(spans, interval.Span[float64]{Lo: s.lo, Hi: s.hi})
		}
	}
	return interval.Share(spans, lo, hi)
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
