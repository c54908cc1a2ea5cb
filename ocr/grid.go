package ocr

import (
	"cmp"
	"image"
	"math"
	"slices"

	"github.com/budgetpdf/budgetpdf/internal/interval"
	"github.com/budgetpdf/budgetpdf/internal/unionfind"
)

// gridCell is one cell of a ruled table, in raster pixels between its border lines'
// centres, with its position in the grid of elementary cells (merged cells span several).
type gridCell struct {
	r                          image.Rectangle
	row, col, rowSpan, colSpan int
}

// tableGrid is one ruled table: the x of its vertical lines, the y of its horizontal ones
// and its cells.
type tableGrid struct {
	xs, ys []int
	cells  []gridCell
	bounds image.Rectangle
}

// buildGrids groups the ruling lines into tables (lines that touch belong together) and
// turns each table's lines into cells. A border missing between two elementary cells merges
// them, so spanned header cells come out as one cell.
func buildGrids(rl ruling, tol int) []tableGrid {
	nh := len(rl.h)
	sets := unionfind.New(nh + len(rl.v))
	find := sets.Find
	for i, h := range rl.h {
		for j, v := range rl.v {
			vx, hy := v.center(), h.center()
			if vx >= float64(h.x0-tol) && vx <= float64(h.x1+tol) && hy >= float64(v.x0-tol) && hy <= float64(v.x1+tol) {
				sets.Union(i, nh+j)
			}
		}
	}
	groups := map[int]*ruling{}
	var order []int
	for i, h := range rl.h {
		r := find(i)
		if groups[r] == nil {
			groups[r] = &ruling{}
			order = append(order, r)
		}
		groups[r].h = append(groups[r].h, h)
	}
	for j, v := range rl.v {
		r := find(nh + j)
		if groups[r] == nil {
			groups[r] = &ruling{}
			order = append(order, r)
		}
		groups[r].v = append(groups[r].v, v)
	}
	var out []tableGrid
	for _, k := range order {
		g := groups[k]
		if len(g.h) < 2 || len(g.v) < 2 {
			continue
		}
		if tg, ok := gridFrom(*g, tol); ok {
			out = append(out, tg)
		}
	}
	return out
}

// clusterCenters groups line centres closer than tol and returns each group's
// length-weighted mean.
func clusterCenters(segs []segment, tol int) []int {
	type c struct{ pos, w float64 }
	var cs []c
	for _, s := range segs {
		cs = append(cs, c{s.center(), float64(s.x1 - s.x0)})
	}
	slices.SortFunc(cs, func(a, b c) int { return cmp.Compare(a.pos, b.pos) })
	var out []int
	for i := 0; i < len(cs); {
		j := i
		var sw, sp float64
		for j < len(cs) && cs[j].pos-cs[i].pos <= float64(tol) {
			sw += cs[j].w
			sp += cs[j].pos * cs[j].w
			j++
		}
		out = append(out, int(math.Round(sp/sw)))
		i = j
	}
	return out
}

// coverage returns the fraction of [a,b] covered by the segments lying at pos (±tol).
func coverage(segs []segment, pos, a, b, tol int) float64 {
	var spans []interval.Span[int]
	for _, s := range segs {
		if math.Abs(s.center()-float64(pos)) <= float64(tol) {
			spans = append(spans, interval.Span[int]{Lo: s.x0 - tol, Hi: s.x1 + tol})
		}
	}
	return interval.Share(spans, a, b)
}

func gridFrom(g ruling, tol int) (tableGrid, bool) {
	ys := clusterCenters(g.h, tol)
	xs := clusterCenters(g.v, tol)
	if len(xs) < 2 || len(ys) < 2 {
		return tableGrid{}, false
	}
	nx, ny := len(xs)-1, len(ys)-1
	id := func(i, j int) int { return j*nx + i }
	sets := unionfind.New(nx * ny)
	find := sets.Find
	const border = 0.5
	for j := 0; j < ny; j++ {
		for i := 0; i < nx; i++ {
			if i+1 < nx && coverage(g.v, xs[i+1], ys[j], ys[j+1], tol) < border {
				sets.Union(id(i, j), id(i+1, j))
			}
			if j+1 < ny && coverage(g.h, ys[j+1], xs[i], xs[i+1], tol) < border {
				sets.Union(id(i, j), id(i, j+1))
			}
		}
	}
	type span struct{ i0, i1, j0, j1 int }
	spans := map[int]*span{}
	var order []int
	for j := 0; j < ny; j++ {
		for i := 0; i < nx; i++ {
			r := find(id(i, j))
			s := spans[r]
			if s == nil {
				spans[r] = &span{i, i, j, j}
				order = append(order, r)
				continue
			}
			s.i0, s.i1 = min(s.i0, i), max(s.i1, i)
			s.j0, s.j1 = min(s.j0, j), max(s.j1, j)
		}
	}
	tg := tableGrid{xs: xs, ys: ys, bounds: image.Rect(xs[0], ys[0], xs[nx], ys[ny])}
	const closed = 0.6
	for _, k := range order {
		s := spans[k]
		x0, x1, y0, y1 := xs[s.i0], xs[s.i1+1], ys[s.j0], ys[s.j1+1]
		// Only a region closed on all four sides is a cell; open areas (beside a short
		// line, outside the table's outline) are left to free-text OCR.
		if coverage(g.h, y0, x0, x1, tol) < closed || coverage(g.h, y1, x0, x1, tol) < closed ||
			coverage(g.v, x0, y0, y1, tol) < closed || coverage(g.v, x1, y0, y1, tol) < closed {
			continue
		}
		tg.cells = append(tg.cells, gridCell{
			r:   image.Rect(x0, y0, x1, y1),
			row: s.j0, col: s.i0, rowSpan: s.j1 - s.j0 + 1, colSpan: s.i1 - s.i0 + 1,
		})
	}
	if len(tg.cells) == 0 {
		return tableGrid{}, false
	}
	return tg, true
}
