package ocr

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"

	"github.com/budgetpdf/budgetpdf/extract"
)

// gray is an 8-bit grayscale raster (0 black, 255 white), row-major.
type gray struct {
	w, h int
	pix  []uint8
	// seal marks where red seal ink was removed (0 seal, 255 none), nil when there was
	// none; it follows the raster through rotations so that text read under a seal can
	// be marked doubtful.
	seal *gray
}

func newGray(w, h int) *gray { return &gray{w: w, h: h, pix: make([]uint8, w*h)} }

// toGray converts an image to grayscale and drops red ink (seals) by colour. A pixel of
// saturated red is replaced by its red channel, in which red ink is as light as paper
// while black ink (also black ink under the seal) stays dark. Around the seal JPEG blurs
// colour into grey fringes; there only clearly dark pixels (black ink) are kept.
func toGray(img image.Image) *gray {
	b := img.Bounds()
	g := newGray(b.Dx(), b.Dy())
	var red []bool // pixels of seal ink
	put := func(i int, r, gg, bb uint8) {
		lum := (299*int(r) + 587*int(gg) + 114*int(bb)) / 1000
		redness := int(r) - max(int(gg), int(bb))
		if redness > 40 && int(r) > 120 {
			if red == nil {
				red = make([]bool, g.w*g.h)
			}
			red[i] = true
			if r >= 160 {
				lum = 255 // plain seal ink: paper
			} else {
				lum = max(lum, int(r)) // dark red: black ink under the seal shows through
			}
		}
		g.pix[i] = uint8(lum)
	}
	defer func() {
		if red != nil {
			cleanSealFringe(g, red)
			g.seal = newGray(g.w, g.h)
			for i, v := range red {
				if !v {
					g.seal.pix[i] = 255
				}
			}
		}
	}()
	switch src := img.(type) {

	case *image.Gray:
		for y := 0; y < g.h; y++ {
			copy(g.pix[y*g.w:(y+1)*g.w], src.Pix[y*src.Stride:y*src.Stride+g.w])
		}
	case *image.YCbCr:
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				yi := src.YOffset(x+b.Min.X, y+b.Min.Y)
				ci := src.COffset(x+b.Min.X, y+b.Min.Y)
				r, gg, bb := color.YCbCrToRGB(src.Y[yi], src.Cb[ci], src.Cr[ci])
				put(y*g.w+x, r, gg, bb)
			}
		}
	case *image.RGBA:
		for y := 0; y < g.h; y++ {
			row := src.Pix[y*src.Stride:]
			for x := 0; x < g.w; x++ {
				put(y*g.w+x, row[4*x], row[4*x+1], row[4*x+2])
			}
		}
	case *image.NRGBA:
		for y := 0; y < g.h; y++ {
			row := src.Pix[y*src.Stride:]
			for x := 0; x < g.w; x++ {
				// Transparent parts show the white page.
				a := int(row[4*x+3])
				c := func(v uint8) uint8 { return uint8((int(v)*a + 255*(255-a)) / 255) }
				put(y*g.w+x, c(row[4*x]), c(row[4*x+1]), c(row[4*x+2]))
			}
		}
	default:
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				r, gg, bb, a := img.At(x+b.Min.X, y+b.Min.Y).RGBA()
				// Composite over white.
				r, gg, bb = r+0xffff-a, gg+0xffff-a, bb+0xffff-a
				put(y*g.w+x, uint8(min(r, 0xffff)>>8), uint8(min(gg, 0xffff)>>8), uint8(min(bb, 0xffff)>>8))
			}
		}
	}
	return g
}

// cleanSealFringe whitens the grey fringe JPEG leaves around seal ink: within a few
// pixels of red ink, anything not dark enough to be black ink becomes paper.
func cleanSealFringe(g *gray, red []bool) {
	const reach = 5
	near := make([]bool, len(red))
	// Dilate the red mask (separably: rows, then columns).
	tmp := make([]bool, len(red))
	for y := 0; y < g.h; y++ {
		last := -1 << 30
		for x := 0; x < g.w; x++ {
			if red[y*g.w+x] {
				last = x
			}
			if x-last <= reach {
				tmp[y*g.w+x] = true
			}
		}
		last = 1 << 30
		for x := g.w - 1; x >= 0; x-- {
			if red[y*g.w+x] {
				last = x
			}
			if last-x <= reach {
				tmp[y*g.w+x] = true
			}
		}
	}
	for x := 0; x < g.w; x++ {
		last := -1 << 30
		for y := 0; y < g.h; y++ {
			if tmp[y*g.w+x] {
				last = y
			}
			if y-last <= reach {
				near[y*g.w+x] = true
			}
		}
		last = 1 << 30
		for y := g.h - 1; y >= 0; y-- {
			if tmp[y*g.w+x] {
				last = y
			}
			if last-y <= reach {
				near[y*g.w+x] = true
			}
		}
	}
	for i, v := range near {
		if v && !red[i] && g.pix[i] > 110 {
			g.pix[i] = 255
		}
	}
}

// rotate90 returns the raster turned clockwise by k quarter turns, and the map from the
// new raster's coordinates back to the old one's.
func (g *gray) rotate90(k int) (*gray, extract.Matrix) {
	r, m := g.rotate90Pix(k)
	if g.seal != nil && r != g {
		r.seal, _ = g.seal.rotate90Pix(k)
	}
	return r, m
}

func (g *gray) rotate90Pix(k int) (*gray, extract.Matrix) {
	k = ((k % 4) + 4) % 4
	w, h := float64(g.w), float64(g.h)
	switch k {
	case 1: // (x,y) → (H - y, x)
		r := newGray(g.h, g.w)
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				r.pix[x*r.w+(g.h-1-y)] = g.pix[y*g.w+x]
			}
		}
		// inverse: (x', y') → (y', H - x')
		return r, extract.Matrix{0, -1, 1, 0, 0, h}
	case 2:
		r := newGray(g.w, g.h)
		n := len(g.pix)
		for i, v := range g.pix {
			r.pix[n-1-i] = v
		}
		return r, extract.Matrix{-1, 0, 0, -1, w, h}
	case 3: // (x,y) → (y, W - x)
		r := newGray(g.h, g.w)
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				r.pix[(g.w-1-x)*r.w+y] = g.pix[y*g.w+x]
			}
		}
		// inverse: (x', y') → (W - y', x')
		return r, extract.Matrix{0, 1, -1, 0, w, 0}
	}
	return g, identity
}

// rotateSmall rotates the raster by angle radians about its centre (positive turns the
// content clockwise on screen), keeping the size and filling with white. It returns the
// map from new coordinates to old ones.
func (g *gray) rotateSmall(angle float64) (*gray, extract.Matrix) {
	r, m := g.rotateSmallPix(angle)
	if g.seal != nil && r != g {
		r.seal, _ = g.seal.rotateSmallPix(angle)
	}
	return r, m
}

func (g *gray) rotateSmallPix(angle float64) (*gray, extract.Matrix) {
	if math.Abs(angle) < 1e-5 {
		return g, identity
	}
	cx, cy := float64(g.w)/2, float64(g.h)/2
	// new → old: rotate by -angle about the centre.
	inv := translate(-cx, -cy).Mul(rotation(-angle)).Mul(translate(cx, cy))
	r := newGray(g.w, g.h)
	// inv.Apply(x+0.5, y+0.5) is (a·x' + c·y') + e: the products of a column and of a row
	// are computed once each, the sums in the same order (issue 11: the same pixels).
	ax, bx := make([]float64, g.w), make([]float64, g.w)
	for x := range g.w {
		fx := float64(x) + 0.5
		ax[x], bx[x] = inv[0]*fx, inv[1]*fx
	}
	for y := 0; y < g.h; y++ {
		fy := float64(y) + 0.5
		cy, dy := inv[2]*fy, inv[3]*fy
		row := r.pix[y*r.w : (y+1)*r.w]
		for x := range row {
			sx, sy := ax[x]+cy+inv[4], bx[x]+dy+inv[5]
			row[x] = g.sample(sx-0.5, sy-0.5)
		}
	}
	return r, inv
}

// sample reads the raster at a fractional position (bilinear), white outside.
func (g *gray) sample(x, y float64) uint8 {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	if x0 >= 0 && y0 >= 0 && x0+1 < g.w && y0+1 < g.h {
		// Inside (nearly every pixel): the same arithmetic without the bounds checks of
		// get (issue 11: deskewing a 300 dpi page samples 8.7 million pixels).
		i := y0*g.w + x0
		p00, p10 := float64(g.pix[i]), float64(g.pix[i+1])
		p01, p11 := float64(g.pix[i+g.w]), float64(g.pix[i+g.w+1])
		v := p00*(1-fx)*(1-fy) + p10*fx*(1-fy) + p01*(1-fx)*fy + p11*fx*fy
		return uint8(math.Round(v))
	}
	get := func(xx, yy int) float64 {
		if xx < 0 || yy < 0 || xx >= g.w || yy >= g.h {
			return 255
		}
		return float64(g.pix[yy*g.w+xx])
	}
	v := get(x0, y0)*(1-fx)*(1-fy) + get(x0+1, y0)*fx*(1-fy) + get(x0, y0+1)*(1-fx)*fy + get(x0+1, y0+1)*fx*fy
	return uint8(math.Round(v))
}

// crop copies a rectangle (clipped to the raster).
func (g *gray) crop(r image.Rectangle) *gray {
	r = r.Intersect(image.Rect(0, 0, g.w, g.h))
	c := newGray(r.Dx(), r.Dy())
	for y := 0; y < c.h; y++ {
		copy(c.pix[y*c.w:(y+1)*c.w], g.pix[(y+r.Min.Y)*g.w+r.Min.X:(y+r.Min.Y)*g.w+r.Max.X])
	}
	return c
}

// sealShare is the fraction of r covered by removed seal ink.
func (g *gray) sealShare(r image.Rectangle) float64 {
	if g.seal == nil {
		return 0
	}
	r = r.Intersect(image.Rect(0, 0, g.w, g.h))
	if r.Empty() {
		return 0
	}
	n := 0
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for _, v := range g.seal.pix[y*g.w+r.Min.X : y*g.w+r.Max.X] {
			if v < 128 {
				n++
			}
		}
	}
	return float64(n) / float64(r.Dx()*r.Dy())
}

// resize scales the raster by f with bilinear sampling (area-averaging when shrinking a
// lot is not needed here: OCR crops are only enlarged or mildly reduced).
func (g *gray) resize(f float64) *gray {
	w, h := max(1, int(math.Round(float64(g.w)*f))), max(1, int(math.Round(float64(g.h)*f)))
	r := newGray(w, h)
	for y := 0; y < h; y++ {
		sy := (float64(y)+0.5)/f - 0.5
		for x := 0; x < w; x++ {
			sx := (float64(x)+0.5)/f - 0.5
			r.pix[y*w+x] = g.sample(sx, sy)
		}
	}
	return r
}

// pad adds a white margin of m pixels on every side.
func (g *gray) pad(m int) *gray {
	r := newGray(g.w+2*m, g.h+2*m)
	for i := range r.pix {
		r.pix[i] = 255
	}
	for y := 0; y < g.h; y++ {
		copy(r.pix[(y+m)*r.w+m:], g.pix[y*g.w:(y+1)*g.w])
	}
	return r
}

// pgm encodes the raster as binary PGM, which Leptonica reads without decompression cost.
func (g *gray) pgm() []byte {
	head := fmt.Sprintf("P5\n%d %d\n255\n", g.w, g.h)
	out := make([]byte, 0, len(head)+len(g.pix))
	out = append(out, head...)
	return append(out, g.pix...)
}

// bitmap is a binary raster: true is ink.
type bitmap struct {
	w, h int
	ink  []bool
}

func newBitmap(w, h int) *bitmap { return &bitmap{w: w, h: h, ink: make([]bool, w*h)} }

func (b *bitmap) clone() *bitmap { return &bitmap{w: b.w, h: b.h, ink: slices.Clone(b.ink)} }

// binarize thresholds the raster with Sauvola's rule on tile statistics: local mean m and
// deviation s over a window of about tile×3 pixels give T = m·(1 + k·(s/128 − 1)). Local
// thresholds keep faint digits on a bright background and ignore uneven scan lighting;
// computing them per tile (interpolated) keeps memory small on 300 dpi pages.
func (g *gray) binarize(tile int) *bitmap {
	const k = 0.25
	tile = max(tile, 8)
	tw, th := (g.w+tile-1)/tile, (g.h+tile-1)/tile
	sum := make([]float64, tw*th)
	sq := make([]float64, tw*th)
	cnt := make([]float64, tw*th)
	// Per column: its tile, and the tiles and weights of the threshold interpolation
	// below (computed once instead of once per pixel; the arithmetic is the same).
	colTile := make([]int, g.w)
	tx0s, tx1s := make([]int, g.w), make([]int, g.w)
	axs, bxs := make([]float64, g.w), make([]float64, g.w)
	for x := range g.w {
		colTile[x] = x / tile
		fx := (float64(x)+0.5)/float64(tile) - 0.5
		tx0 := int(math.Floor(fx))
		axs[x] = fx - float64(tx0)
		bxs[x] = 1 - axs[x]
		tx0s[x], tx1s[x] = clampInt(tx0, 0, tw-1), clampInt(tx0+1, 0, tw-1)
	}
	for y := 0; y < g.h; y++ {
		ty := y / tile
		row := g.pix[y*g.w : (y+1)*g.w]
		for x, v := range row {
			i := ty*tw + colTile[x]
			f := float64(v)
			sum[i] += f
			sq[i] += f * f
			cnt[i]++
		}
	}
	thr := make([]float64, tw*th)
	for ty := 0; ty < th; ty++ {
		for tx := 0; tx < tw; tx++ {
			var s, q, c float64
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					yy, xx := ty+dy, tx+dx
					if yy < 0 || xx < 0 || yy >= th || xx >= tw {
						continue
					}
					i := yy*tw + xx
					s += sum[i]
					q += sq[i]
					c += cnt[i]
				}
			}
			m := s / c
			sd := math.Sqrt(math.Max(0, q/c-m*m))
			t := m * (1 + k*(sd/128-1))
			// A flat, bright tile holds no ink: never let noise cross the threshold there.
			t = math.Min(t, m-18)
			thr[ty*tw+tx] = t
		}
	}
	b := newBitmap(g.w, g.h)
	for y := 0; y < g.h; y++ {
		// Bilinear interpolation of the tile thresholds between tile centres.
		fy := (float64(y)+0.5)/float64(tile) - 0.5
		ty0 := int(math.Floor(fy))
		ay := fy - float64(ty0)
		ty0c, ty1c := clampInt(ty0, 0, th-1), clampInt(ty0+1, 0, th-1)
		by := 1 - ay
		t0, t1 := thr[ty0c*tw:(ty0c+1)*tw], thr[ty1c*tw:(ty1c+1)*tw]
		row, ink := g.pix[y*g.w:(y+1)*g.w], b.ink[y*g.w:(y+1)*g.w]
		for x, v := range row {
			tx0c, tx1c, ax, bx := tx0s[x], tx1s[x], axs[x], bxs[x]
			t := t0[tx0c]*bx*by + t0[tx1c]*ax*by +
				t1[tx0c]*bx*ay + t1[tx1c]*ax*ay
			ink[x] = float64(v) < t
		}
	}
	return b
}

func clampInt(v, lo, hi int) int { return max(lo, min(hi, v)) }

// despeckle removes ink components smaller than minArea pixels (scanner dust, JPEG noise
// left after binarising). It works in place and returns the number of pixels removed.
func (b *bitmap) despeckle(minArea int) int {
	if minArea <= 1 {
		return 0
	}
	seen := make([]bool, len(b.ink))
	var stack, comp []int
	removed := 0
	for start, v := range b.ink {
		if !v || seen[start] {
			continue
		}
		comp = comp[:0]
		stack = append(stack[:0], start)
		seen[start] = true
		size := 0
		for len(stack) > 0 {
			p := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			size++
			if size < minArea {
				comp = append(comp, p)
			}
			x, y := p%b.w, p/b.w
			for dy := -1; dy <= 1; dy++ {
				for dx := -1; dx <= 1; dx++ {
					xx, yy := x+dx, y+dy
					if xx < 0 || yy < 0 || xx >= b.w || yy >= b.h {
						continue
					}
					q := yy*b.w + xx
					if b.ink[q] && !seen[q] {
						seen[q] = true
						stack = append(stack, q)
					}
				}
			}
		}
		if size < minArea {
			for _, p := range comp {
				b.ink[p] = false
			}
			removed += len(comp)
		}
	}
	return removed
}

// Maps of raster coordinates (extract.Matrix notation: (x, y) → (a·x + c·y + e, b·x + d·y + f)).
var identity = extract.Matrix{1, 0, 0, 1, 0, 0}

func translate(dx, dy float64) extract.Matrix { return extract.Matrix{1, 0, 0, 1, dx, dy} }
func scale(sx, sy float64) extract.Matrix     { return extract.Matrix{sx, 0, 0, sy, 0, 0} }

// rotation turns by rad radians in the raster's frame.
func rotation(rad float64) extract.Matrix {
	c, s := math.Cos(rad), math.Sin(rad)
	return extract.Matrix{c, s, -s, c, 0, 0}
}
