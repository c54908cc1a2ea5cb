package extract

import "math"

// Matrix is a PDF affine matrix [a b c d e f]: (x, y) → (a·x + c·y + e, b·x + d·y + f).
// It is exported for the OCR stage, which maps image pixels to the page with Image.Matrix.
type Matrix [6]float64

var identity = Matrix{1, 0, 0, 1, 0, 0}

// Mul returns m followed by n (PDF's m × n).
func (m Matrix) Mul(n Matrix) Matrix {
	return Matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

// Apply maps one point.
func (m Matrix) Apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// Invert returns the inverse map; ok is false for a degenerate one.
func (m Matrix) Invert() (inv Matrix, ok bool) {
	det := m[0]*m[3] - m[1]*m[2]
	if math.Abs(det) < 1e-12 {
		return Matrix{}, false
	}
	a, b, c, d := m[3]/det, -m[1]/det, -m[2]/det, m[0]/det
	return Matrix{a, b, c, d, -(a*m[4] + c*m[5]), -(b*m[4] + d*m[5])}, true
}

// Bounds maps the rectangle x0 y0 x1 y1 and returns the axis-aligned box around its image.
func (m Matrix) Bounds(x0, y0, x1, y1 float64) Box {
	xs := [4]float64{}
	ys := [4]float64{}
	xs[0], ys[0] = m.Apply(x0, y0)
	xs[1], ys[1] = m.Apply(x1, y0)
	xs[2], ys[2] = m.Apply(x1, y1)
	xs[3], ys[3] = m.Apply(x0, y1)
	b := Box{X0: xs[0], Y0: ys[0], X1: xs[0], Y1: ys[0]}
	for i := 1; i < 4; i++ {
		b.X0, b.X1 = math.Min(b.X0, xs[i]), math.Max(b.X1, xs[i])
		b.Y0, b.Y1 = math.Min(b.Y0, ys[i]), math.Max(b.Y1, ys[i])
	}
	return b
}

// applyDelta transforms a vector (no translation).
func (m Matrix) applyDelta(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y, m[1]*x + m[3]*y
}

// scale is the geometric mean of the axis scales: how a line width or length grows.
func (m Matrix) scale() float64 {
	return math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2]))
}

func (m Matrix) valid() bool {
	for _, v := range m {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return false
		}
	}
	return true
}

// pageMatrix maps PDF default user space to the upright reading frame of a page whose
// visible box is box (x0 y0 x1 y1, PDF coordinates) shown rotated by rotate degrees clockwise:
// origin at the top-left of the displayed page, y growing downwards.
func pageMatrix(box [4]float64, rotate int) Matrix {
	x0, y0, x1, y1 := box[0], box[1], box[2], box[3]
	switch rotate {
	case 90:
		// Displayed top edge is the box's left edge; x grows with PDF y.
		return Matrix{0, 1, 1, 0, -y0, -x0}
	case 180:
		return Matrix{-1, 0, 0, 1, x1, -y0}
	case 270:
		return Matrix{0, -1, -1, 0, y1, x1}
	default:
		return Matrix{1, 0, 0, -1, -x0, y1}
	}
}
