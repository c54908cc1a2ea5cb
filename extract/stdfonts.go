package extract

import "strings"

// Widths of the printable ASCII range (32..126) of the standard 14 fonts, from their AFM
// files, for simple fonts that omit /Widths (allowed for the standard 14 before PDF 1.5).
// Bold and italic faces use the regular face's widths: close enough for word boxes.
var helveticaASCII = [95]int16{
	278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278,
	556, 556, 556, 556, 556, 556, 556, 556, 556, 556, 278, 278, 584, 584, 584, 556,
	1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
	667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556,
	333, 556, 556, 500, 556, 556, 278, 556, 556, 222, 222, 500, 222, 833, 556, 556,
	556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584,
}

var timesASCII = [95]int16{
	250, 333, 408, 500, 500, 833, 778, 180, 333, 333, 500, 564, 250, 333, 250, 278,
	500, 500, 500, 500, 500, 500, 500, 500, 500, 500, 278, 278, 564, 564, 564, 444,
	921, 722, 667, 667, 722, 611, 556, 722, 722, 333, 389, 722, 611, 889, 722, 722,
	556, 722, 667, 556, 611, 722, 722, 944, 722, 722, 611, 333, 278, 333, 469, 500,
	333, 444, 500, 444, 500, 444, 333, 500, 500, 278, 278, 500, 278, 778, 500, 500,
	500, 500, 333, 389, 278, 500, 500, 722, 500, 500, 444, 480, 200, 480, 541,
}

// standardWidths returns widths for codes 0..255 (text space per unit size) for a font
// without /Widths, or nil when the name is not a standard font.
func standardWidths(name string) []float64 {
	l := strings.ToLower(name)
	var table *[95]int16
	fixed := 0.0
	switch {
	case strings.Contains(l, "courier"):
		fixed = 0.6
	case strings.Contains(l, "helvetica") || strings.Contains(l, "arial"):
		table = &helveticaASCII
	case strings.Contains(l, "times"):
		table = &timesASCII
	default:
		return nil
	}
	w := make([]float64, 256)
	for i := range w {
		switch {
		case fixed > 0:
			w[i] = fixed
		case i >= 32 && i < 127:
			w[i] = float64(table[i-32]) / 1000
		default:
			w[i] = 0.5
		}
	}
	return w
}

// standardAscent returns the AFM ascender and descender of a standard 14 font.
func standardAscent(name string) (ascent, descent float64, ok bool) {
	l := strings.ToLower(name)
	switch {
	case strings.Contains(l, "courier"):
		return 0.629, -0.157, true
	case strings.Contains(l, "helvetica") || strings.Contains(l, "arial"):
		return 0.718, -0.207, true
	case strings.Contains(l, "times"):
		return 0.683, -0.217, true
	case strings.Contains(l, "symbol"):
		return 1.010, -0.293, true
	case strings.Contains(l, "dingbats"):
		return 0.820, -0.143, true
	}
	return 0, 0, false
}
