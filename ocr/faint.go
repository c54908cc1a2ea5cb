package ocr

// Light-grey ruling (issue 11, greyfill). Excel/WPS exports often print a table's rules in
// light grey (and fill its header cells grey). Scanned, such a rule is some 50 grey levels
// darker than the paper: Sauvola's threshold (about 0.78 of the local mean on a page of
// text) cuts through it, so only dashes of the rule become ink, no run is long enough to be
// a ruling line, the page has no grid and its table is read as one block of text. The
// ruling of such a page is looked for again on a lenient binarisation (ink: clearly darker
// than the local mean), and used when it holds many more cells than the ruling Sauvola's
// ink gave. Text is still read from Sauvola's ink: only the lines and the grid change.

// faintInk marks as ink every pixel at least contrast grey levels darker than the paper
// around it: the median of its 3×3 tiles of tile px. The median, not the mean: it stays the
// level of the paper or of a grey header fill however much dark text the tiles hold, and a
// rule on the fill is as much darker than the fill as one on paper is than the paper.
func (g *gray) faintInk(tile int, contrast int) *bitmap {
	tile = max(tile, 8)
	tw, th := (g.w+tile-1)/tile, (g.h+tile-1)/tile
	hist := make([][256]int32, tw*th)
	for y := 0; y < g.h; y++ {
		row := g.pix[y*g.w : (y+1)*g.w]
		h := hist[(y/tile)*tw:]
		for x, v := range row {
			h[x/tile][v]++
		}
	}
	thr := make([]int, tw*th)
	for ty := 0; ty < th; ty++ {
		for tx := 0; tx < tw; tx++ {
			var n int32
			var merged [256]int32
			for yy := max(0, ty-1); yy <= min(th-1, ty+1); yy++ {
				for xx := max(0, tx-1); xx <= min(tw-1, tx+1); xx++ {
					for v, c := range hist[yy*tw+xx] {
						merged[v] += c
						n += c
					}
				}
			}
			med, seen := 0, int32(0)
			for seen*2 < n {
				seen += merged[med]
				med++
			}
			thr[ty*tw+tx] = med - 1 - contrast
		}
	}
	b := newBitmap(g.w, g.h)
	for y := 0; y < g.h; y++ {
		row, ink, t := g.pix[y*g.w:(y+1)*g.w], b.ink[y*b.w:(y+1)*b.w], thr[(y/tile)*tw:]
		for x, v := range row {
			ink[x] = int(v) < t[x/tile]
		}
	}
	return b
}

// gridCells counts the cells of a ruling's tables.
func gridCells(grids []tableGrid) int {
	n := 0
	for _, gr := range grids {
		n += len(gr.cells)
	}
	return n
}

// faintRuling returns the ruling found on the lenient binarisation of g when it makes
// tables of at least set.FaintRuleMinCells cells and more than set.FaintRuleCellGain times
// the cells of the ruling rl found on Sauvola's ink; otherwise ok is false and rl stands.
// On a page ruled in black both find the same lines, so its ruling never changes.
func faintRuling(g *gray, rl ruling, tile int, dpi float64, set Settings) (ruling, bool) {
	if set.FaintRuleContrast <= 0 {
		return rl, false
	}
	fb := g.faintInk(tile, set.FaintRuleContrast)
	fb.despeckle(speckArea(dpi))
	fr := detectRuling(fb, dpi)
	tol := max(4, int(dpi/40))
	have, found := gridCells(buildGrids(rl, tol)), gridCells(buildGrids(fr, tol))
	if found < set.FaintRuleMinCells || float64(found) <= set.FaintRuleCellGain*float64(have) {
		return rl, false
	}
	return fr, true
}
