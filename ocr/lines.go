package ocr

import (
	"math"
	"slices"
)

// estimateSkew finds the small rotation (radians, positive = content turned clockwise on
// screen) that makes ink rows most sharply horizontal: the angle whose projection profile
// has the largest sum of squares. Ruling lines dominate the profile on table pages, which is
// what the issue asks for (deskew from the table's rules); text rows carry it elsewhere.
func estimateSkew(b *bitmap, maxDeg float64) float64 {
	const step = 2 // sample every 2nd pixel in both directions
	type pt struct{ x, y float64 }
	var pts []pt
	for y := 0; y < b.h; y += step {
		row := b.ink[y*b.w : (y+1)*b.w]
		for x := 0; x < b.w; x += step {
			if row[x] {
				pts = append(pts, pt{float64(x), float64(y)})
			}
		}
	}
	if len(pts) < 200 {
		return 0
	}
	diag := math.Hypot(float64(b.w), float64(b.h))
	nb := int(2*diag/step) + 4
	hist := make([]int32, nb)
	score := func(deg float64) float64 {
		clear(hist)
		s, c := math.Sin(deg*math.Pi/180), math.Cos(deg*math.Pi/180)
		for _, p := range pts {
			r := (p.y*c - p.x*s) / step
			i := int(r + diag/step + 2)
			if i >= 0 && i < nb {
				hist[i]++
			}
		}
		var sum float64
		for _, v := range hist {
			sum += float64(v) * float64(v)
		}
		return sum
	}
	best, bestScore := 0.0, score(0)
	search := func(lo, hi, st float64) {
		for d := lo; d <= hi+1e-9; d += st {
			if sc := score(d); sc > bestScore {
				best, bestScore = d, sc
			}
		}
	}
	search(-maxDeg, maxDeg, 0.2)
	c := best
	search(c-0.2, c+0.2, 0.025)
	return best * math.Pi / 180
}

// segment is a ruling line found in the raster: rows [y0,y1) × columns [x0,x1) for a
// horizontal one; for a vertical one the roles of x and y are swapped by the caller.
type segment struct {
	x0, x1 int // extent along the line
	y0, y1 int // extent across (a slightly slanted line spans more than its thickness)
	area   int // ink pixels in its runs
}

func (s segment) center() float64 { return float64(s.y0+s.y1) / 2 }

// thick is the line's stroke width: its ink per unit of length.
func (s segment) thick() int {
	if s.x1 <= s.x0 {
		return s.y1 - s.y0
	}
	return max(1, int(math.Round(float64(s.area)/float64(s.x1-s.x0))))
}

// findLines finds horizontal ruling segments: runs of ink at least minLen long (small gaps
// bridged, scanned lines are broken), stacked over consecutive rows into segments no
// thicker than maxThick. Collinear pieces separated by at most join pixels are merged.
func findLines(b *bitmap, minLen, maxThick, gap, join int) []segment {
	type run struct{ x0, x1 int }
	type open struct {
		seg  segment
		last int
	}
	var done []segment
	var active []open
	var runs []run
	for y := 0; y < b.h; y++ {
		runs = runs[:0]
		row := b.ink[y*b.w : (y+1)*b.w]
		x := 0
		for x < b.w {
			if !row[x] {
				x++
				continue
			}
			start, end := x, x+1
			for end < b.w {
				if row[end] {
					end++
					continue
				}
				// bridge a short gap
				g := end
				for g < b.w && !row[g] && g-end <= gap {
					g++
				}
				if g < b.w && row[g] && g-end <= gap {
					end = g
					continue
				}
				break
			}
			if end-start >= minLen {
				runs = append(runs, run{start, end})
			}
			x = end
		}
		// Attach runs to segments open on the previous row (or the one before).
		var next []open
		for _, r := range runs {
			attached := false
			for i := range active {
				a := &active[i]
				if a.last < y-2 || r.x1 <= a.seg.x0 || r.x0 >= a.seg.x1 {
					continue
				}
				a.seg.x0, a.seg.x1 = min(a.seg.x0, r.x0), max(a.seg.x1, r.x1)
				a.seg.y1 = y + 1
				a.seg.area += r.x1 - r.x0
				a.last = y
				attached = true
				break
			}
			if !attached {
				active = append(active, open{seg: segment{x0: r.x0, x1: r.x1, y0: y, y1: y + 1, area: r.x1 - r.x0}, last: y})
			}
		}
		for _, a := range active {
			if a.last >= y-2 {
				next = append(next, a)
			} else {
				done = append(done, a.seg)
			}
		}
		active = next
	}
	for _, a := range active {
		done = append(done, a.seg)
	}
	var out []segment
	for _, s := range done {
		// A slanted line may span a few more rows than it is thick, a filled block spans
		// many: limit both.
		if s.thick() <= maxThick && s.y1-s.y0 <= 3*maxThick {
			out = append(out, s)
		}
	}
	return joinCollinear(out, join, maxThick)
}

// joinCollinear merges segments on the same line whose ends are at most join apart.
func joinCollinear(segs []segment, join, maxThick int) []segment {
	slices.SortFunc(segs, func(a, b segment) int {
		if c := a.y0 - b.y0; c != 0 {
			return c
		}
		return a.x0 - b.x0
	})
	tol := float64(maxThick) + 2
	for changed := true; changed; {
		changed = false
		for i := 0; i < len(segs); i++ {
			for j := i + 1; j < len(segs); j++ {
				a, c := segs[i], segs[j]
				if math.Abs(a.center()-c.center()) > tol {
					continue
				}
				if c.x0 > a.x1+join || a.x0 > c.x1+join {
					continue
				}
				segs[i] = segment{x0: min(a.x0, c.x0), x1: max(a.x1, c.x1), y0: min(a.y0, c.y0), y1: max(a.y1, c.y1), area: a.area + c.area}
				segs = slices.Delete(segs, j, j+1)
				changed = true
				j--
			}
		}
	}
	return segs
}

// transpose swaps x and y (so vertical lines can be found as horizontal ones).
func (b *bitmap) transpose() *bitmap {
	t := newBitmap(b.h, b.w)
	for y := 0; y < b.h; y++ {
		row := b.ink[y*b.w : (y+1)*b.w]
		for x, v := range row {
			if v {
				t.ink[x*t.w+y] = true
			}
		}
	}
	return t
}

// ruling holds the lines found on a raster: horizontal segments as found, vertical ones
// with x0/x1 the extent along y and y0/y1 the extent across x.
type ruling struct {
	h, v []segment
}

// detectRuling finds horizontal and vertical ruling lines at a given resolution.
func detectRuling(b *bitmap, dpi float64) ruling {
	minLen := int(dpi * 0.22)                   // 16 pt: shorter than any cell side, longer than a glyph stroke
	maxThick := max(3, int(math.Round(dpi/40))) // ~1.8 pt
	gap := max(2, int(dpi/100))
	join := int(dpi * 0.06)
	rl := ruling{
		h: findLines(b, minLen, maxThick, gap, join),
		v: findLines(b.transpose(), minLen, maxThick, gap, join),
	}
	return rl.withoutStrays(int(dpi), 3)
}

// withoutStrays drops short segments that are not part of a ruling: the flat strokes of a
// few glyphs in a row (the bases of "2224" bridged into one run) are as long as a narrow
// cell's border but, unlike a border, do not run from one line across to the next. A
// segment stays when it is long, when both its ends lie on lines of the other direction
// (within slack px), or when it lies on the same line as a segment that stays (a border
// broken by the scan).
func (r ruling) withoutStrays(long, slack int) ruling {
	// endsAt reports whether segment s (in its own frame) ends on one of the other
	// direction's segments (given in theirs: x0/x1 along, y0/y1 across) at position x.
	endsAt := func(s segment, x int, others []segment) bool {
		for _, o := range others {
			if math.Abs(o.center()-float64(x)) <= float64(slack+(o.y1-o.y0)/2) &&
				s.center() >= float64(o.x0-slack) && s.center() <= float64(o.x1+slack) {
				return true
			}
		}
		return false
	}
	filter := func(segs, others []segment) []segment {
		keep := make([]bool, len(segs))
		for i, s := range segs {
			// A short border runs from one line across to the next; a run of strokes
			// beside a cell's border touches it at one end at most.
			keep[i] = s.x1-s.x0 >= long || endsAt(s, s.x0, others) && endsAt(s, s.x1-1, others)
		}
		for changed := true; changed; {
			changed = false
			for i, s := range segs {
				if keep[i] {
					continue
				}
				for j, o := range segs {
					if keep[j] && math.Abs(o.center()-s.center()) <= float64(slack) {
						keep[i], changed = true, true
						break
					}
				}
			}
		}
		var out []segment
		for i, s := range segs {
			if keep[i] {
				out = append(out, s)
			}
		}
		return out
	}
	return ruling{h: filter(r.h, r.v), v: filter(r.v, r.h)}
}

// erase clears the ruling lines (with a pixel of margin) from the bitmap and, when g is not
// nil, whitens the same pixels in the gray raster.
func (r ruling) erase(b *bitmap, g *gray) {
	clearPix := func(x, y int) {
		if x < 0 || y < 0 || x >= b.w || y >= b.h {
			return
		}
		b.ink[y*b.w+x] = false
		if g != nil {
			g.pix[y*g.w+x] = 255
		}
	}
	for _, s := range r.h {
		for y := s.y0 - 1; y <= s.y1; y++ {
			for x := s.x0; x < s.x1; x++ {
				clearPix(x, y)
			}
		}
	}
	for _, s := range r.v {
		for x := s.y0 - 1; x <= s.y1; x++ {
			for y := s.x0; y < s.x1; y++ {
				clearPix(x, y)
			}
		}
	}
}
