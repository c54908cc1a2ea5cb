package ocr

import (
	"math"

	"github.com/budgetpdf/budgetpdf/extract"
)

// sealRegions returns the page boxes of the seal ink removed from the raster (the seal mask
// toGray made, carried through deskew and turns): the places where the print under the seal
// may have been lost with it. A number the seal swallowed leaves a blank cell, and a blank
// cell looks like a cell printed blank; normalize flags blank amount cells under these
// regions (rules.OCRObscured) so that such a loss is never silent.
//
// The mask is cut into tiles of about 1 mm; a tile with seal ink in it is marked, marked
// tiles one tile apart are joined (a seal's ring, star and lettering are one blob), and
// blobs smaller than a seal's stroke cluster (under 2 mm either way: stray red JPEG specks)
// are dropped.
func (a *analysis) sealRegions() []extract.Box {
	m := a.g.seal
	if m == nil || m.w == 0 || m.h == 0 {
		return nil
	}
	tile := max(4, int(math.Round(a.dpi/25.4)))
	tw, th := (m.w+tile-1)/tile, (m.h+tile-1)/tile
	marked := make([]bool, tw*th)
	any := false
	for y := 0; y < m.h; y++ {
		row := m.pix[y*m.w : (y+1)*m.w]
		for x, v := range row {
			if v < 128 {
				marked[(y/tile)*tw+x/tile] = true
				any = true
			}
		}
	}
	if !any {
		return nil
	}
	minTiles := 2 // 2 mm
	seen := make([]bool, tw*th)
	var out []extract.Box
	var stack []int
	for start, on := range marked {
		if !on || seen[start] {
			continue
		}
		x0, y0, x1, y1 := start%tw, start/tw, start%tw, start/tw
		seen[start] = true
		stack = append(stack[:0], start)
		for len(stack) > 0 {
			i := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			cx, cy := i%tw, i/tw
			x0, y0, x1, y1 = min(x0, cx), min(y0, cy), max(x1, cx), max(y1, cy)
			for dy := -2; dy <= 2; dy++ {
				for dx := -2; dx <= 2; dx++ {
					nx, ny := cx+dx, cy+dy
					if nx < 0 || ny < 0 || nx >= tw || ny >= th {
						continue
					}
					j := ny*tw + nx
					if marked[j] && !seen[j] {
						seen[j] = true
						stack = append(stack, j)
					}
				}
			}
		}
		if x1-x0+1 < minTiles && y1-y0+1 < minTiles {
			continue
		}
		px0, py0 := float64(x0*tile), float64(y0*tile)
		px1, py1 := math.Min(float64((x1+1)*tile), float64(m.w)), math.Min(float64((y1+1)*tile), float64(m.h))
		out = append(out, a.toPage.Bounds(px0, py0, px1, py1))
	}
	return out
}
