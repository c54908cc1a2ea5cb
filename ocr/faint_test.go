package ocr

import (
	"math/rand"
	"testing"
)

// greyTable draws a 200 dpi page (paper 245 with scan noise) holding a table of cols×rows
// cells of 250×60 px whose 2 px rules have the grey level rule, with a header row filled
// with fill whose rules are 1 px (as a grey rule inside a grey header fill scans), and a
// few dark glyph-like blobs in every cell. rule 0 draws no rules at all.
func greyTable(rule, fill uint8, cols, rows int) *gray {
	const x0, y0, cw, ch = 100, 120, 250, 60
	g := newGray(x0*2+cols*cw, y0*2+rows*ch)
	rng := rand.New(rand.NewSource(11))
	for i := range g.pix {
		g.pix[i] = uint8(245 + rng.Intn(9) - 4)
	}
	rect := func(xa, ya, xb, yb int, v uint8) {
		for y := ya; y < yb; y++ {
			for x := xa; x < xb; x++ {
				g.pix[y*g.w+x] = v
			}
		}
	}
	rect(x0, y0, x0+cols*cw, y0+ch, fill)
	for r := range rows {
		for c := range cols {
			for k := range 4 { // glyphs
				gx, gy := x0+c*cw+12+k*30, y0+r*ch+16
				rect(gx, gy, gx+22, gy+4, 40)
				rect(gx+9, gy, gx+13, gy+28, 40)
			}
		}
	}
	if rule == 0 {
		return g
	}
	for r := 0; r <= rows; r++ {
		w := 2
		if r <= 1 {
			w = 1 // the header's rules
		}
		y := y0 + r*ch
		rect(x0, y, x0+cols*cw+2, y+w, rule)
	}
	for c := 0; c <= cols; c++ {
		x := x0 + c*cw
		rect(x, y0, x+1, y0+ch, rule)
		rect(x, y0+ch, x+2, y0+rows*ch+2, rule)
	}
	return g
}

// TestFaintRuling: a table ruled in light grey with a grey header fill (an Excel/WPS
// export scanned) gets its whole grid back; a table ruled in black and a page without
// rules keep exactly the ruling Sauvola's ink gives.
func TestFaintRuling(t *testing.T) {
	const dpi, cols, rows = 200.0, 5, 8
	tile := max(16, int(dpi/8))
	tests := []struct {
		name       string
		rule, fill uint8
		cells      int  // cells of the page's grid after prepare
		faint      bool // the lenient ruling replaces Sauvola's
	}{
		{"light grey rules, grey header", 195, 231, cols * rows, true},
		{"light grey rules, white header", 200, 245, cols * rows, true},
		{"black rules, grey header", 40, 231, cols * rows, false},
		{"no rules", 0, 245, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			g := greyTable(tt.rule, tt.fill, cols, rows)
			b := g.binarize(tile)
			b.despeckle(speckArea(dpi))
			sauvola := detectRuling(b, dpi)
			_, faint := faintRuling(g, sauvola, tile, dpi, defaultSettings)
			if faint != tt.faint {
				t.Errorf("lenient ruling used: %v, want %v (Sauvola's ruling: %d cells)", faint, tt.faint, gridCells(buildGrids(sauvola, max(4, int(dpi/40)))))
			}
			a := prepare(g, identity, dpi, false, &defaultSettings)
			if got := gridCells(a.grids); got != tt.cells {
				t.Errorf("grid cells %d, want %d", got, tt.cells)
			}
			off := defaultSettings
			off.FaintRuleContrast = 0
			if tt.faint {
				if got := gridCells(prepare(g, identity, dpi, false, &off).grids); got*2 > tt.cells {
					t.Errorf("without the rule: %d cells, want the grid lost (fewer than %d): the synthetic page does not show the problem", got, tt.cells/2)
				}
			}
		})
	}
}
