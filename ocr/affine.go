package ocr

import (
	"math"

	"github.com/budgetpdf/budgetpdf/extract"
)

// affine is a 2-D affine map in PDF's notation [a b c d e f]:
// (x, y) → (a·x + c·y + e, b·x + d·y + f).
type affine [6]float64

var identity = affine{1, 0, 0, 1, 0, 0}

// apply maps one point.
func (m affine) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// then returns the map "m first, then n".
func (m affine) then(n affine) affine {
	return affine{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// invert returns the inverse map; ok is false for a degenerate one.
func (m affine) invert() (affine, bool) {
	det := m[0]*m[3] - m[1]*m[2]
	if math.Abs(det) < 1e-12 {
		return affine{}, false
	}
	a, b, c, d := m[3]/det, -m[1]/det, -m[2]/det, m[0]/det
	return affine{a, b, c, d, -(a*m[4] + c*m[5]), -(b*m[4] + d*m[5])}, true
}

// box maps a rectangle and returns the axis-aligned box around the image of its corners.
func (m affine) box(x0, y0, x1, y1 float64) extract.Box {
	xs := [4]float64{}
	ys := [4]float64{}
	xs[0], ys[0] = m.apply(x0, y0)
	xs[1], ys[1] = m.apply(x1, y0)
	xs[2], ys[2] = m.apply(x0, y1)
	xs[3], ys[3] = m.apply(x1, y1)
	b := extract.Box{X0: xs[0], Y0: ys[0], X1: xs[0], Y1: ys[0]}
	for i := 1; i < 4; i++ {
		b.X0, b.X1 = math.Min(b.X0, xs[i]), math.Max(b.X1, xs[i])
		b.Y0, b.Y1 = math.Min(b.Y0, ys[i]), math.Max(b.Y1, ys[i])
	}
	return b
}

// translate and scale build simple maps.
func translate(dx, dy float64) affine { return affine{1, 0, 0, 1, dx, dy} }
func scale(sx, sy float64) affine     { return affine{sx, 0, 0, sy, 0, 0} }

// rotation by deg degrees counter-clockwise in a y-down raster (visually clockwise for
// positive deg is not assumed: callers pass the exact map they need).
func rotation(rad float64) affine {
	c, s := math.Cos(rad), math.Sin(rad)
	return affine{c, s, -s, c, 0, 0}
}
