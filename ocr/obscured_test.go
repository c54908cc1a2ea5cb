package ocr

import (
	"math"
	"testing"

	"github.com/budgetpdf/budgetpdf/extract"
)

// TestSealRegions: a ring of removed seal ink is one region around the whole ring, in page
// points; a lone red speck is none; a raster without seal ink has none.
func TestSealRegions(t *testing.T) {
	const dpi = 200.0
	ring := func(g *gray, cx, cy, r float64) {
		for y := 0; y < g.h; y++ {
			for x := 0; x < g.w; x++ {
				d := math.Hypot(float64(x)-cx, float64(y)-cy)
				// A broken ring (gaps of a few pixels, like uneven seal ink) must stay one blob.
				if d > r-4 && d < r && (x/3)%4 != 0 {
					g.pix[y*g.w+x] = 0
				}
			}
		}
	}
	mask := func(draw func(g *gray)) *gray {
		m := newGray(800, 600)
		for i := range m.pix {
			m.pix[i] = 255
		}
		draw(m)
		return m
	}
	toPage := extract.Matrix{72 / dpi, 0, 0, 72 / dpi, 0, 0}
	cases := []struct {
		name string
		seal *gray
		want []extract.Box // in points, each side within 2 mm
	}{
		{"no seal ink", nil, nil},
		{"one ring", mask(func(g *gray) { ring(g, 300, 250, 140) }),
			[]extract.Box{{X0: 160 * 72 / dpi, Y0: 110 * 72 / dpi, X1: 440 * 72 / dpi, Y1: 390 * 72 / dpi}}},
		{"a speck", mask(func(g *gray) { g.pix[100*g.w+100] = 0 }), nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			g := newGray(800, 600)
			g.seal = tc.seal
			a := &analysis{g: g, toPage: toPage, dpi: dpi}
			got := a.sealRegions()
			if len(got) != len(tc.want) {
				t.Fatalf("regions %v, want %v", got, tc.want)
			}
			for i, b := range got {
				w := tc.want[i]
				const tol = 2 * 72 / 25.4
				if math.Abs(b.X0-w.X0) > tol || math.Abs(b.Y0-w.Y0) > tol || math.Abs(b.X1-w.X1) > tol || math.Abs(b.Y1-w.Y1) > tol {
					t.Errorf("region %v, want %v", b, w)
				}
			}
		})
	}
}
