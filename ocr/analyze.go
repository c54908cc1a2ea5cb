package ocr

import (
	"image"
	"math"
	"slices"

	"github.com/budgetpdf/budgetpdf/extract"
)

// analysis is a raster prepared for recognition: deskewed, upright, with its ruling lines
// found and removed and its tables' cell grids built.
type analysis struct {
	// secondFailed counts the text lines the second recogniser failed on (their Tesseract
	// reading is kept); secondErr is the first such error, for the page note.
	secondFailed int
	secondErr    error
	g            *gray          // seal-free, deskewed grayscale (ruling lines still in)
	clean        *gray          // g with ruling lines and specks whitened: what Tesseract sees
	b            *bitmap        // ink of clean
	toPage       extract.Matrix // raster pixel → page point
	dpi          float64
	rl           ruling
	grids        []tableGrid
	skew         float64 // radians removed
	faint        bool    // ruling found on the lenient ink of a light-grey ruled page (faint.go)
	em           float64 // text line height, once known (emHeight)
	// taught counts, per digit, the examples learnDigits will learn from the number lines
	// read so far (capped at bankPerDigit, as it caps them): readNumberFirst reads a line
	// by the digits model alone only when each of its digits has enough.
	taught [10]int
}

// speckArea is the largest blob removed as dust: about a 0.15 mm square, far below a
// decimal point at any resolution we read.
func speckArea(dpi float64) int { return max(2, int(math.Round(dpi*dpi/22000))) }

// prepare binarises, deskews and finds the ruling of a raster.
func prepare(g *gray, toPage extract.Matrix, dpi float64, deskew bool, set *Settings) *analysis {
	tile := max(16, int(dpi/8))
	b := g.binarize(tile)
	b.despeckle(speckArea(dpi))
	var skew float64
	if deskew {
		skew = estimateSkew(b, 3)
		if math.Abs(skew) > 0.03*math.Pi/180 {
			// Rotating about the raster's centre keeps the page where it was; boxes are then
			// given in this straightened frame (rows of a table share their y), not in the
			// tilted one of the scan: the tables stage needs rows level.
			g, _ = g.rotateSmall(-skew)
			b = g.binarize(tile)
			b.despeckle(speckArea(dpi))
		} else {
			skew = 0
		}
	}
	a := &analysis{g: g, toPage: toPage, dpi: dpi, skew: skew}
	a.rl = detectRuling(b, dpi)
	// Ruled in light grey: the lines Sauvola's ink lost (faint.go).
	a.rl, a.faint = faintRuling(g, a.rl, tile, dpi, *set)
	a.grids = buildGrids(a.rl, max(4, int(dpi/40)))
	a.clean = &gray{w: g.w, h: g.h, pix: slices.Clone(g.pix)}
	a.rl.erase(b, a.clean)
	// Lines erased leave their ragged edges behind as small blobs: despeckle again.
	b.despeckle(speckArea(dpi))
	// Faint strokes Sauvola missed (the thin bar of a 7 at 200 dpi) stay in the grey
	// raster Tesseract reads: only whole dark background areas far from any ink are
	// lightened, where JPEG noise would otherwise speckle Tesseract's own thresholding.
	a.b = b
	// Dust and seal remnants beside text would be read as punctuation ("宣传管理." "支出_")
	// or widen a line into the next cell: small blobs with no ink near them go.
	em := a.emHeight()
	removeIsolatedSpecks(b, a.clean, int(0.2*em), int(0.45*em))
	a.em = 0
	lightenBackground(a.clean, b, max(2, int(dpi/75)))
	return a
}

// removeIsolatedSpecks clears, in b and (whitened) in g, the ink blobs no larger than side
// pixels either way that have no other ink within reach pixels of them.
func removeIsolatedSpecks(b *bitmap, g *gray, side, reach int) {
	if side < 1 {
		return
	}
	full := image.Rect(0, 0, b.w, b.h)
	for _, c := range components(b, full) {
		if c.Dx() > side || c.Dy() > side {
			continue
		}
		near := c.Inset(-reach).Intersect(full)
		alone := true
		for y := near.Min.Y; y < near.Max.Y && alone; y++ {
			for x := near.Min.X; x < near.Max.X; x++ {
				if b.ink[y*b.w+x] && !(image.Point{x, y}).In(c) {
					alone = false
					break
				}
			}
		}
		if !alone {
			continue
		}
		for y := c.Min.Y; y < c.Max.Y; y++ {
			for x := c.Min.X; x < c.Max.X; x++ {
				b.ink[y*b.w+x] = false
				g.pix[y*g.w+x] = 255
			}
		}
	}
}

// lightenBackground pushes towards white the pixels farther than reach from any ink.
func lightenBackground(g *gray, b *bitmap, reach int) {
	near := make([]bool, len(b.ink))
	for y := 0; y < b.h; y++ {
		for x := 0; x < b.w; x++ {
			if !b.ink[y*b.w+x] {
				continue
			}
			for yy := max(0, y-reach); yy <= min(b.h-1, y+reach); yy++ {
				row := near[yy*b.w : (yy+1)*b.w]
				for xx := max(0, x-reach); xx <= min(b.w-1, x+reach); xx++ {
					row[xx] = true
				}
			}
		}
	}
	for i, v := range near {
		if !v && g.pix[i] < 255 {
			g.pix[i] = 255 - (255-g.pix[i])/4
		}
	}
}

// band is one text line inside a cell or region: its tight ink box.
type band = image.Rectangle

// textBands splits the ink inside r into text lines by its row profile. Gaps inside a
// glyph (三, 二) are smaller than line gaps relative to the line height, and fragments
// much lower than em are merged into their neighbour.
func textBands(b *bitmap, r image.Rectangle, em float64) []band {
	r = r.Intersect(image.Rect(0, 0, b.w, b.h))
	if r.Empty() {
		return nil
	}
	var raw []band
	inBand := false
	start := 0
	for y := r.Min.Y; y <= r.Max.Y; y++ {
		has := false
		if y < r.Max.Y {
			row := b.ink[y*b.w+r.Min.X : y*b.w+r.Max.X]
			has = slices.Contains(row, true)
		}
		switch {
		case has && !inBand:
			inBand, start = true, y
		case !has && inBand:
			inBand = false
			raw = append(raw, image.Rect(r.Min.X, start, r.Max.X, y))
		}
	}
	if len(raw) == 0 {
		return nil
	}
	// A band's core is its ink without the small fragments merged into it (specks, the
	// tail of a comma): the gap to the next piece is measured from the core, and its
	// height is the measure of "small gap". Measured from the whole band, a speck under a
	// line narrowed the gap to the next line and the merged band's height widened the
	// tolerance, so a prose page's lower half snowballed into one band (changji scan200
	// p36: 25 lines read as one 363 pt word). The core is capped at 1.5 em for the same
	// reason: a band taller than a line is no measure of the gaps inside a glyph.
	type piece struct{ r, core band }
	isSmall := func(h int) bool { return em > 0 && float64(h) < 0.5*em }
	merged := []piece{{raw[0], raw[0]}}
	if isSmall(raw[0].Dy()) {
		merged[0].core = band{}
	}
	for _, c := range raw[1:] {
		p := &merged[len(merged)-1]
		ref := p.core
		if ref.Empty() {
			ref = p.r
		}
		gap := c.Min.Y - ref.Max.Y
		hMax := float64(max(ref.Dy(), c.Dy()))
		if em > 0 {
			hMax = math.Min(hMax, 1.5*em)
		}
		small := isSmall(p.r.Dy()) || isSmall(c.Dy())
		joined := c.Max.Y - p.r.Min.Y
		if float64(gap) <= math.Max(1, 0.15*hMax) ||
			(small && float64(joined) <= 1.35*em) {
			p.r.Max.Y = c.Max.Y
			if !isSmall(c.Dy()) {
				if p.core.Empty() {
					p.core = c
				} else {
					p.core.Max.Y = c.Max.Y
				}
			}
			continue
		}
		np := piece{c, c}
		if isSmall(c.Dy()) {
			np.core = band{}
		}
		merged = append(merged, np)
	}
	// Tighten each band horizontally (and vertically, after merging).
	out := make([]band, 0, len(merged))
	for _, pc := range merged {
		m := pc.r
		x0, x1, y0, y1 := m.Max.X, m.Min.X, m.Max.Y, m.Min.Y
		n := 0
		for y := m.Min.Y; y < m.Max.Y; y++ {
			row := b.ink[y*b.w : (y+1)*b.w]
			for x := m.Min.X; x < m.Max.X; x++ {
				if row[x] {
					n++
					x0, x1 = min(x0, x), max(x1, x+1)
					y0, y1 = min(y0, y), max(y1, y+1)
				}
			}
		}
		if n == 0 {
			continue
		}
		out = append(out, image.Rect(x0, y0, x1, y1))
	}
	return out
}

// inkCount counts ink pixels in r.
func inkCount(b *bitmap, r image.Rectangle) int {
	r = r.Intersect(image.Rect(0, 0, b.w, b.h))
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range b.ink[y*b.w+r.Min.X : y*b.w+r.Max.X] {
			if v {
				n++
			}
		}
	}
	return n
}

// interior is a cell's rectangle without its border lines (and a pixel or two of margin,
// where scanned lines wobble).
func (a *analysis) interior(c gridCell) image.Rectangle {
	m := max(3, int(math.Round(a.dpi/60)))
	r := c.r.Inset(m)
	if r.Dx() <= 0 || r.Dy() <= 0 {
		return image.Rectangle{}
	}
	return r
}

// emHeight estimates the text line height on the raster: the median height of single text
// lines found in the cells (or over the whole raster when there is no grid).
func (a *analysis) emHeight() float64 {
	if a.em == 0 {
		a.em = a.measureEm()
	}
	return a.em
}

func (a *analysis) measureEm() float64 {
	var hs []int
	add := func(r image.Rectangle) {
		for _, bd := range textBands(a.b, r, 0) {
			if bd.Dy() >= 4 {
				hs = append(hs, bd.Dy())
			}
		}
	}
	for _, tg := range a.grids {
		for _, c := range tg.cells {
			add(a.interior(c))
		}
	}
	if len(hs) < 5 {
		add(image.Rect(0, 0, a.b.w, a.b.h))
	}
	if len(hs) == 0 {
		return a.dpi * 10.5 / 72
	}
	slices.Sort(hs)
	return float64(hs[len(hs)*2/3])
}
