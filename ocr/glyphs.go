package ocr

import (
	"cmp"
	"image"
	"math"
	"slices"
	"strings"
)

// Number lines are checked glyph by glyph against the page's own digits.
//
// Tesseract's networks make systematic confusions on the serif figures of these documents
// (5→9, 5→3, 6→0, a leading 0 or 1 dropped), and they make them together: when the text
// and the digits model agree on a wrong number, no vote between them can see it. The ink
// can. A number line is cut into its glyphs (connected components: digits, a sign, decimal
// point and commas told apart by size and position); numbers that every reader agrees on
// and whose glyphs match their characters one to one teach the page's digit shapes; every
// number is then read a second time by comparing each of its digit glyphs with those
// shapes. That reading is a vote of a different kind (it shares no failure mode with the
// networks), and a glyph count that does not match the digits read exposes dropped and
// invented digits outright.

// glyphKind is what a glyph of a number line is.
type glyphKind uint8

const (
	glyphDigit glyphKind = iota
	glyphDot
	glyphComma
	glyphMinus
)

// glyphChars writes a glyph kind as a character of its pattern: 'd' per digit.
var glyphChars = [...]byte{glyphDigit: 'd', glyphDot: '.', glyphComma: ',', glyphMinus: '-'}

// glyph is one printed character of a number line, in raster pixels.
type glyph struct {
	r    image.Rectangle
	kind glyphKind
}

// segmentNumber cuts a number line into glyphs. It fails (false) when the ink does not
// split into characters cleanly: touching digits, strokes of unknown shape.
//
// faint, when not nil, is the same line's ink at a lighter threshold: pieces of one glyph
// that only its hairlines join (the two arcs of a faint 0) are one component there, while
// separate figures stay apart.
func segmentNumber(b, faint *bitmap, bd band) ([]glyph, bool) {
	comps := components(b, bd.Inset(-1).Intersect(image.Rect(0, 0, b.w, b.h)))
	if len(comps) == 0 || len(comps) > 40 {
		return nil, false
	}
	if faint != nil {
		comps = joinByFaint(comps, faint, bd)
	}
	slices.SortFunc(comps, func(p, q image.Rectangle) int { return p.Min.X - q.Min.X })
	// Pieces of one broken glyph overlap horizontally; separate glyphs do not (figures of
	// these fonts are never kerned into each other).
	merged := comps[:1]
	for _, c := range comps[1:] {
		p := &merged[len(merged)-1]
		ov := min(p.Max.X, c.Max.X) - max(p.Min.X, c.Min.X)
		if float64(ov) >= 0.5*float64(min(p.Dx(), c.Dx())) {
			*p = p.Union(c)
			continue
		}
		merged = append(merged, c)
	}
	h := 0
	for _, c := range merged {
		h = max(h, c.Dy())
	}
	if h < 6 {
		return nil, false
	}
	H := float64(h)
	var bottoms []int
	for _, c := range merged {
		if float64(c.Dy()) >= 0.6*H {
			bottoms = append(bottoms, c.Max.Y)
		}
	}
	slices.Sort(bottoms)
	base := float64(bottoms[len(bottoms)/2])
	top := base - H
	// The usual width of a digit, from the digits standing alone.
	var widths []int
	for _, c := range merged {
		if float64(c.Dy()) >= 0.6*H && float64(c.Dx()) <= 0.9*H {
			widths = append(widths, c.Dx())
		}
	}
	digitW := 0.55 * H
	if len(widths) > 0 {
		slices.Sort(widths)
		digitW = float64(widths[len(widths)/2])
	}
	out := make([]glyph, 0, len(merged))
	for _, c := range merged {
		dx, dy := float64(c.Dx()), float64(c.Dy())
		switch {
		case dy >= 0.6*H:
			if dx > 0.9*H {
				// Digits touching (a blurred scan joins "22" at the base): cut where the
				// ink is thinnest, if the width is that of a whole number of digits.
				parts, ok := splitTouching(b, c, digitW)
				if !ok {
					return nil, false
				}
				for _, p := range parts {
					out = append(out, glyph{p, glyphDigit})
				}
				continue
			}
			out = append(out, glyph{c, glyphDigit})
		case dy < 0.3*H && dx >= math.Max(3, 0.2*H) && dx >= 1.5*dy && dx <= 1.2*H &&
			float64(c.Min.Y+c.Max.Y)/2 > top+0.25*H && float64(c.Min.Y+c.Max.Y)/2 < top+0.8*H:
			out = append(out, glyph{c, glyphMinus})
		case dy < 0.5*H && dx <= 0.4*H && float64(c.Max.Y) >= base-0.15*H:
			if float64(c.Max.Y) > base+0.1*H || dy > 1.8*dx {
				out = append(out, glyph{c, glyphComma})
			} else {
				out = append(out, glyph{c, glyphDot})
			}
		case dx <= 0.3*H && dy <= 0.3*H:
			// a speck off the baseline (dust, a seal's remnant): not part of the number
		default:
			return nil, false
		}
	}
	// A minus is a sign only right before the first digit; a dash farther away (a speck
	// trail, a stroke of a seal) is not part of the number.
	for i := 0; i+1 < len(out); i++ {
		if out[i].kind == glyphMinus && (out[i+1].kind != glyphDigit || float64(out[i+1].r.Min.X-out[i].r.Max.X) > 0.8*H) {
			out = slices.Delete(out, i, i+1)
			i--
		}
	}
	return out, len(out) > 0
}

// joinByFaint merges the components that lie in one component of the faint ink no wider
// than a figure (a blur joining two figures makes a wider one, which joins nothing).
func joinByFaint(comps []image.Rectangle, faint *bitmap, bd band) []image.Rectangle {
	h := 0
	for _, c := range comps {
		h = max(h, c.Dy())
	}
	out := slices.Clone(comps)
	for _, f := range components(faint, bd.Inset(-1).Intersect(image.Rect(0, 0, faint.w, faint.h))) {
		if float64(f.Dx()) > 0.8*float64(h) || f.Dy() < h/2 {
			continue
		}
		var in []int
		for i, c := range out {
			if c.In(f.Inset(-1)) {
				in = append(in, i)
			}
		}
		if len(in) < 2 {
			continue
		}
		u := out[in[0]]
		for _, i := range in[1:] {
			u = u.Union(out[i])
		}
		for k := len(in) - 1; k >= 1; k-- {
			out = slices.Delete(out, in[k], in[k]+1)
		}
		out[in[0]] = u
	}
	return out
}

// splitTouching cuts a blob of k touching digits (k from its width and the usual digit
// width w) at the columns of least ink near the expected boundaries.
func splitTouching(b *bitmap, c image.Rectangle, w float64) ([]image.Rectangle, bool) {
	k := int(math.Round(float64(c.Dx()) / w))
	if k < 2 || k > 6 || math.Abs(float64(c.Dx())-float64(k)*w) > 0.35*w {
		return nil, false
	}
	col := make([]int, c.Dx())
	for y := c.Min.Y; y < c.Max.Y; y++ {
		for x := c.Min.X; x < c.Max.X; x++ {
			if b.ink[y*b.w+x] {
				col[x-c.Min.X]++
			}
		}
	}
	var cuts []int
	step := float64(c.Dx()) / float64(k)
	for i := 1; i < k; i++ {
		centre := int(float64(i) * step)
		lo, hi := max(1, centre-int(0.25*w)), min(c.Dx()-1, centre+int(0.25*w))
		best := centre
		for x := lo; x <= hi; x++ {
			if col[x] < col[best] {
				best = x
			}
		}
		cuts = append(cuts, best)
	}
	var parts []image.Rectangle
	start := 0
	for _, cut := range append(cuts, c.Dx()) {
		r := image.Rect(c.Min.X+start, c.Min.Y, c.Min.X+cut, c.Max.Y)
		r = tighten(b, r)
		if r.Dx() < 2 {
			return nil, false
		}
		parts = append(parts, r)
		start = cut
	}
	return parts, true
}

// components returns the bounding boxes of the 8-connected ink components inside r.
func components(b *bitmap, r image.Rectangle) []image.Rectangle {
	if r.Empty() {
		return nil
	}
	w := r.Dx()
	seen := make([]bool, w*r.Dy())
	var out []image.Rectangle
	var stack []image.Point
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			i := (y-r.Min.Y)*w + x - r.Min.X
			if seen[i] || !b.ink[y*b.w+x] {
				continue
			}
			seen[i] = true
			box := image.Rect(x, y, x+1, y+1)
			stack = append(stack[:0], image.Pt(x, y))
			for len(stack) > 0 {
				p := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				box = box.Union(image.Rect(p.X, p.Y, p.X+1, p.Y+1))
				for dy := -1; dy <= 1; dy++ {
					for dx := -1; dx <= 1; dx++ {
						q := image.Pt(p.X+dx, p.Y+dy)
						if !q.In(r) {
							continue
						}
						j := (q.Y-r.Min.Y)*w + q.X - r.Min.X
						if !seen[j] && b.ink[q.Y*b.w+q.X] {
							seen[j] = true
							stack = append(stack, q)
						}
					}
				}
			}
			out = append(out, box)
		}
	}
	return out
}

// glyphPattern is the printed structure of a glyph sequence: 'd' per digit, '.', ',' and
// '-'.
func glyphPattern(gs []glyph) string {
	var sb strings.Builder
	for _, g := range gs {
		sb.WriteByte(glyphChars[g.kind])
	}
	return sb.String()
}

// Glyph features: the digit's ink scaled to a fixed height (its width scaled alike, so a
// narrow 1 stays narrow), centred in a fixed canvas.
const (
	featW = 24
	featH = 20
)

type feature [featW * featH]float32

// glyphFeature samples a digit glyph's ink.
func glyphFeature(b *bitmap, r image.Rectangle) feature {
	var f feature
	s := float64(featH) / float64(r.Dy())
	wScaled := float64(r.Dx()) * s
	off := (featW - wScaled) / 2
	var cnt feature
	for y := r.Min.Y; y < r.Max.Y; y++ {
		v := min(featH-1, int((float64(y-r.Min.Y)+0.5)*s))
		for x := r.Min.X; x < r.Max.X; x++ {
			u := int((float64(x-r.Min.X)+0.5)*s + off)
			if u < 0 || u >= featW {
				continue
			}
			i := v*featW + u
			cnt[i]++
			if b.ink[y*b.w+x] {
				f[i]++
			}
		}
	}
	// Cells no source pixel fell into (enlarging) take their left or upper neighbour's value.
	for i := range f {
		switch {
		case cnt[i] > 0:
			f[i] /= cnt[i]
		case i%featW > 0 && cnt[i-1] > 0:
			f[i] = f[i-1] / max(cnt[i-1], 1)
		case i >= featW:
			f[i] = f[i-featW]
		}
	}
	return f
}

func featDist(a, b *feature) float64 {
	var s float32
	for i := range a {
		d := a[i] - b[i]
		s += d * d
	}
	return float64(s)
}

// featDistWithin is featDist, given up (ok false) once the sum, added row by row, is
// beyond bound: the sum of squares only grows, in float32 rounding too, so the whole
// distance would be beyond it as well (classify's nearest example per digit, issue 11).
func featDistWithin(a, b *feature, bound float64) (float64, bool) {
	var s float32
	for r := 0; r < len(a); r += featW {
		for i := r; i < r+featW; i++ {
			d := a[i] - b[i]
			s += d * d
		}
		if float64(s) > bound {
			return 0, false
		}
	}
	return float64(s), true
}

// digitBank holds the page's digit shapes, learnt from numbers every reader agreed on.
type digitBank struct {
	ex []example
	// typical is the median distance of an example to its nearest same-digit example;
	// maxDist the farthest a glyph may be from its nearest example to be classified.
	typical, maxDist float64
}

// example is one learnt digit glyph; src tells which line it came from, so that a line is
// never read by its own glyphs.
type example struct {
	f     feature
	digit int
	src   int
}

const bankPerDigit = 48

func (db *digitBank) learn(f feature, d, src int) {
	n := 0
	for _, e := range db.ex {
		if e.digit == d {
			n++
		}
	}
	if n < bankPerDigit {
		db.ex = append(db.ex, example{f, d, src})
	}
}

// usable reports whether the bank knows enough shapes to read with: most digits, each
// from a few examples (a page with a handful of numbers reads by the networks alone).
func (db *digitBank) usable() bool {
	var seen [10]bool
	n := 0
	for _, e := range db.ex {
		if !seen[e.digit] {
			seen[e.digit] = true
			n++
		}
	}
	return n >= 5 && len(db.ex) >= 20 && db.maxDist > 0
}

// edit drops every example that most of its three nearest examples from other lines call
// another digit (Wilson editing): a misreading the networks share — the same total printed
// twice and read wrong twice — must not teach a shape. It then measures the typical
// same-digit distance.
func (db *digitBank) edit() {
	n := len(db.ex)
	// Every pair's distance once (featDist is symmetric bit for bit): the two passes below
	// read each pair up to four times, and a page keeps up to 480 examples (issue 11).
	dist := make([]float64, n*n)
	for i := range db.ex {
		for j := i + 1; j < n; j++ {
			d := featDist(&db.ex[i].f, &db.ex[j].f)
			dist[i*n+j], dist[j*n+i] = d, d
		}
	}
	keep := make([]bool, n)
	var near []float64
	for i, e := range db.ex {
		nbs := db.nearest3(i, dist[i*n:(i+1)*n])
		same := 0
		for _, x := range nbs {
			if x.digit == e.digit {
				same++
			}
		}
		keep[i] = len(nbs) > 0 && 2*same > len(nbs)
		if keep[i] && nbs[0].digit == e.digit {
			near = append(near, nbs[0].d)
		}
	}
	// How far apart different digits are: each kept example's nearest other digit.
	var apart []float64
	for i, e := range db.ex {
		if !keep[i] {
			continue
		}
		m := math.Inf(1)
		for j, o := range db.ex {
			if keep[j] && o.digit != e.digit {
				m = math.Min(m, dist[i*n+j])
			}
		}
		if !math.IsInf(m, 1) {
			apart = append(apart, m)
		}
	}
	db.finishEdit(keep, near, apart)
}

// finishEdit keeps the examples marked keep and sets typical and maxDist from the
// nearest same-digit distances (near) and nearest other-digit distances (apart).
func (db *digitBank) finishEdit(keep []bool, near, apart []float64) {
	kept := db.ex[:0]
	for i, e := range db.ex {
		if keep[i] {
			kept = append(kept, e)
		}
	}
	db.ex = kept
	if len(near) == 0 {
		db.maxDist = 0
		return
	}
	slices.Sort(near)
	db.typical = near[len(near)/2]
	// A glyph farther than this from every example is not a digit the page has taught: well
	// beyond how much one digit's prints vary, and well short of how far digits are apart
	// (a clean 300 dpi page prints every 9 alike, so the spread alone would be too tight).
	db.maxDist = 6 * db.typical
	if len(apart) > 0 {
		slices.Sort(apart)
		db.maxDist = math.Max(db.maxDist, 0.35*apart[len(apart)/2])
	}
	db.maxDist = math.Max(db.maxDist, 4)
}

// neighbour is an example's distance to another example of the bank and that one's digit.
type neighbour struct {
	d     float64
	digit int
}

// nearest3 returns example i's three nearest examples from other lines, nearest first
// (row holds i's distances to every example). It keeps the four nearest in one pass; when
// two of those are equally far, the order among them is the full sort's (slices.SortFunc,
// not stable), so that case sorts every neighbour as before: the same neighbours always.
func (db *digitBank) nearest3(i int, row []float64) []neighbour {
	var top [4]neighbour
	k := 0
	for j, o := range db.ex {
		if j == i || o.src == db.ex[i].src {
			continue
		}
		x := neighbour{row[j], o.digit}
		if k == len(top) && x.d >= top[k-1].d {
			if x.d == top[k-1].d {
				return db.nearestSorted(i, row)
			}
			continue
		}
		p := min(k, len(top)-1)
		for p > 0 && top[p-1].d > x.d {
			if p < len(top) {
				top[p] = top[p-1]
			}
			p--
		}
		if p > 0 && top[p-1].d == x.d {
			return db.nearestSorted(i, row)
		}
		top[p] = x
		k = min(k+1, len(top))
	}
	return top[:min(3, k)]
}

// nearestSorted is nearest3 by sorting every neighbour (ties in the pdqsort's order).
func (db *digitBank) nearestSorted(i int, row []float64) []neighbour {
	var nbs []neighbour
	for j, o := range db.ex {
		if j != i && o.src != db.ex[i].src {
			nbs = append(nbs, neighbour{row[j], o.digit})
		}
	}
	slices.SortFunc(nbs, func(a, b neighbour) int { return cmp.Compare(a.d, b.d) })
	return nbs[:min(3, len(nbs))]
}

// classify returns the digit whose examples (from lines other than src) are nearest, the
// distance to it and to the nearest other digit (+Inf when no other digit is known).
func (db *digitBank) classify(f *feature, src int) (int, float64, float64) {
	var dm [10]float64
	for d := range dm {
		dm[d] = math.Inf(1)
	}
	for i := range db.ex {
		e := &db.ex[i]
		if e.src == src {
			continue
		}
		if d, ok := featDistWithin(f, &e.f, dm[e.digit]); ok {
			dm[e.digit] = math.Min(dm[e.digit], d)
		}
	}
	best, d1, d2 := -1, math.Inf(1), math.Inf(1)
	for d, v := range dm {
		switch {
		case v < d1:
			best, d2, d1 = d, d1, v
		case v < d2:
			d2 = v
		}
	}
	if math.IsInf(d1, 1) {
		return -1, d1, d2
	}
	return best, d1, d2
}
