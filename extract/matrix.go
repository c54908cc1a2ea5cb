package extract

import "math"

// matrix is a PDF affine matrix [a b c d e f]: (x, y) → (a·x + c·y + e, b·x + d·y + f).
type matrix [6]float64

var identity = matrix{1, 0, 0, 1, 0, 0}

// mul returns m followed by n (PDF's m × n).
func (m matrix) mul(n matrix) matrix {
	return matrix{
		m[0]*n[0] + m[1]*n[2],
		m[0]*n[1] + m[1]*n[3],
		m[2]*n[0] + m[3]*n[2],
		m[2]*n[1] + m[3]*n[3],
		m[4]*n[0] + m[5]*n[2] + n[4],
		m[4]*n[1] + m[5]*n[3] + n[5],
	}
}

func (m matrix) apply(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y + m[4], m[1]*x + m[3]*y + m[5]
}

// applyDelta transforms a vector (no translation).
func (m matrix) applyDelta(x, y float64) (float64, float64) {
	return m[0]*x + m[2]*y, m[1]*x + m[3]*y
}

// scale is the geometric mean of the axis scales: how a line width or length grows.
func (m matrix) scale() float64 {
	return math.Sqrt(math.Abs(m[0]*m[3] - m[1]*m[2]))
}

func (m matrix) valid() bool {
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
func pageMatrix(box [4]float64, rotate int) matrix {
	x0, y0, x1, y1 := box[0], box[1], box[2], box[3]
	switch rotate {
	case 90:
		// Displayed top edge is the box's left edge; x grows with PDF y.
		return matrix{0, 1, 1, 0, -y0, -x0}
	case 180:
		return matrix{-1, 0, 0, 1, x1, -y0}
	case 270:
		return matrix{0, -1, -1, 0, y1, x1}
	default:
		return matrix{1, 0, 0, -1, -x0, y1}
	}
}
