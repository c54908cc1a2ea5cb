package ocr

import (
	"image"
	"math"
	"math/rand/v2"
	"slices"
	"testing"
)

// The hot loops of page preparation were rewritten for speed (issue 11) with the same
// arithmetic: these references are the code as it was, and the rewritten loops must give
// bit-identical results on every pixel, so that nothing read changes.

func binarizeRef(g *gray, tile int) *bitmap {
	const k = 0.25
	tile = max(tile, 8)
	tw, th := (g.w+tile-1)/tile, (g.h+tile-1)/tile
	sum := make([]float64, tw*th)
	sq := make([]float64, tw*th)
	cnt := make([]float64, tw*th)
	for y := 0; y < g.h; y++ {
		ty := y / tile
		row := g.pix[y*g.w : (y+1)*g.w]
		for x, v := range row {
			i := ty*tw + x/tile
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
			t = math.Min(t, m-18)
			thr[ty*tw+tx] = t
		}
	}
	b := newBitmap(g.w, g.h)
	for y := 0; y < g.h; y++ {
		fy := (float64(y)+0.5)/float64(tile) - 0.5
		ty0 := int(math.Floor(fy))
		ay := fy - float64(ty0)
		ty0c, ty1c := clampInt(ty0, 0, th-1), clampInt(ty0+1, 0, th-1)
		for x := 0; x < g.w; x++ {
			fx := (float64(x)+0.5)/float64(tile) - 0.5
			tx0 := int(math.Floor(fx))
			ax := fx - float64(tx0)
			tx0c, tx1c := clampInt(tx0, 0, tw-1), clampInt(tx0+1, 0, tw-1)
			t := thr[ty0c*tw+tx0c]*(1-ax)*(1-ay) + thr[ty0c*tw+tx1c]*ax*(1-ay) +
				thr[ty1c*tw+tx0c]*(1-ax)*ay + thr[ty1c*tw+tx1c]*ax*ay
			b.ink[y*g.w+x] = float64(g.pix[y*g.w+x]) < t
		}
	}
	return b
}

func sampleRef(g *gray, x, y float64) uint8 {
	x0, y0 := int(math.Floor(x)), int(math.Floor(y))
	fx, fy := x-float64(x0), y-float64(y0)
	get := func(xx, yy int) float64 {
		if xx < 0 || yy < 0 || xx >= g.w || yy >= g.h {
			return 255
		}
		return float64(g.pix[yy*g.w+xx])
	}
	v := get(x0, y0)*(1-fx)*(1-fy) + get(x0+1, y0)*fx*(1-fy) + get(x0, y0+1)*(1-fx)*fy + get(x0+1, y0+1)*fx*fy
	return uint8(math.Round(v))
}

// testPage is a page-like raster: uneven light background, dark strokes, noise.
func testPage(w, h int, seed uint64) *gray {
	r := rand.New(rand.NewPCG(seed, 1))
	g := newGray(w, h)
	for y := range h {
		for x := range w {
			v := 230 + 20*math.Sin(float64(x)/97) - 10*math.Cos(float64(y)/53) + r.NormFloat64()*8
			if (x/7)%5 == 0 && (y/11)%3 != 0 || y%61 < 2 {
				v = 40 + r.Float64()*60
			}
			g.pix[y*w+x] = uint8(max(0, min(255, v)))
		}
	}
	return g
}

func TestBinarizeSameAsBefore(t *testing.T) {
	for _, c := range []struct{ w, h, tile int }{{641, 389, 37}, {300, 500, 25}, {97, 61, 8}, {1000, 40, 16}} {
		g := testPage(c.w, c.h, uint64(c.w))
		got, want := g.binarize(c.tile), binarizeRef(g, c.tile)
		if !slices.Equal(got.ink, want.ink) {
			t.Errorf("%dx%d tile %d: binarisation differs from the reference", c.w, c.h, c.tile)
		}
		if n := inkCount(got, image.Rect(0, 0, got.w, got.h)); n == 0 || n == c.w*c.h {
			t.Errorf("%dx%d: degenerate test raster (%d ink pixels)", c.w, c.h, n)
		}
	}
}

func TestSampleSameAsBefore(t *testing.T) {
	g := testPage(120, 80, 7)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 200000 {
		x, y := r.Float64()*124-2, r.Float64()*84-2
		if i%7 == 0 {
			x, y = math.Floor(x), math.Floor(y) // exact pixel positions too
		}
		if got, want := g.sample(x, y), sampleRef(g, x, y); got != want {
			t.Fatalf("sample(%v, %v) = %d, reference %d", x, y, got, want)
		}
	}
	for _, a := range []float64{0.004, -0.02, 0.035} {
		got, _ := g.rotateSmall(a)
		inv := translate(-60, -40).Mul(rotation(-a)).Mul(translate(60, 40))
		for y := range g.h {
			for x := range g.w {
				sx, sy := inv.Apply(float64(x)+0.5, float64(y)+0.5)
				if want := sampleRef(g, sx-0.5, sy-0.5); got.pix[y*g.w+x] != want {
					t.Fatalf("rotate %v: pixel %d,%d = %d, reference %d", a, x, y, got.pix[y*g.w+x], want)
				}
			}
		}
	}
}

// BenchmarkRotateSmall deskews a 300 dpi A4 page's raster by a small angle (prepare's
// largest Go loop with the binarisation):
//
//	go test ./ocr -run '^$' -bench 'BenchmarkRotateSmall'
func BenchmarkRotateSmall(b *testing.B) {
	g := testPage(2481, 3508, 1)
	for range b.N {
		g.rotateSmall(0.004)
	}
}
